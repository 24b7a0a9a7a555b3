"""What a change to a registry changes: records, statuses over time, sources and totals.

`diff(old, new)` compares two registries (each a `Registry`, a file or folder, or a git
revision of one such as `main:data/`) and returns `Changes`: per agreement, what was
added, removed, renamed or changed, and what that does to its status: the periods of days
where its status (and, in a multilateral agreement, each party's) differs between the two,
computed from both folds (`lifecycle.status_changes`, `_participants`), never from the
text. Then the sources (facts that no longer cite any source they cited, sources no longer
cited anywhere, changed addresses) and the registry as a whole (its size, its counts by
status on its day, the coverage of reported totals).

Records are compared key by key as `_fileformat.RECORDS` lists them, so a key added to the
format is compared without a change here. The work is linear: agreements are matched by
id, and only those whose records differ are folded twice; an agreement equal on both sides
is folded once, for the counts.

>>> import treatyreg
>>> reg = treatyreg.load_default()
>>> len(diff(reg, reg)), bool(diff(reg, reg))
(0, False)
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Final, Literal

import attrs

from treatyreg._fileformat import LIST_ITEMS, RECORDS, Record, ValueKind
from treatyreg._limits import Limits
from treatyreg._participants import of as participants_of
from treatyreg.dates import FuzzyDate
from treatyreg.diagnostics import Severity, ValidationError
from treatyreg.evidence import AsOf
from treatyreg.lifecycle import Status, is_multilateral, status_changes, status_from
from treatyreg.model import Agreement, steps_of
from treatyreg.registry import Registry

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "AgreementChange",
    "Changes",
    "Count",
    "CoverageChange",
    "FieldChange",
    "ItemChange",
    "Period",
    "RecordChange",
    "StatusOnDay",
    "diff",
]

Timeline = tuple[tuple[dt.date, ...], tuple[Status | None, ...]]
_NONE: Final[Timeline] = ((dt.date.min,), (None,))
_RENAME_CANDIDATES: Final = 64  # removed agreements of the same parties and kind looked at

Side = Registry | str | os.PathLike[str] | Sequence[str | os.PathLike[str]]


def status_text(status: Status | None) -> str:
    """A status in words: "in force", or "not concluded" for None."""
    return "not concluded" if status is None else status.value.replace("_", " ")


def _text(value: object) -> str | None:
    """A value of a record as one line of text (None for an absent one)."""
    if value is None:
        return None
    if isinstance(value, FuzzyDate):
        return value.text
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (str, int, float)):
        return str(value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_text(v)}" for k, v in value.items())
    if isinstance(value, (tuple, list)):
        sep = "; " if any(attrs.has(type(v)) for v in value) else ", "
        return sep.join(t for t in map(_text, value) if t is not None) or None
    if attrs.has(type(value)):
        parts = []
        for f in attrs.fields(type(value)):  # type: ignore[arg-type]
            item = getattr(value, f.name)
            if item is not None and item != () and item != f.default:
                parts.append(f"{f.name}: {_text(item)}")
        return ", ".join(parts)
    return str(value)


@attrs.frozen
class FieldChange:
    """One key whose value differs, each side as text (None: absent); of a list whose
    items changed (sources, identifiers), the items removed and the items added.

    >>> str(FieldChange("title", "Treaty", "Treaty of friendship"))
    'title: Treaty → Treaty of friendship'
    """

    key: str
    old: str | None
    new: str | None

    def __str__(self) -> str:
        return f"{self.key}: {self.old or '(none)'} → {self.new or '(none)'}"


@attrs.frozen
class ItemChange:
    """An event or relation of an agreement added, removed or changed (`fields`).

    `unsourced` is True when it cited sources and, changed, cites none of them now.
    """

    record: str  # its record in the file format: event, relation
    change: Literal["added", "removed", "changed"]
    label: str  # "event ratified (XSO) 2017-07-12"
    fields: tuple[FieldChange, ...] = ()
    unsourced: bool = False
    file: str | None = None  # where NEW has it
    line: int | None = None

    def __str__(self) -> str:
        if self.change != "changed":
            return f"{self.label}: {self.change}"
        return f"{self.label}: " + "; ".join(map(str, self.fields))


@attrs.frozen
class Period:
    """Days on which a status differs: from `first` to `last` (None: from `first` on),
    `old` in the old registry and `new` in the new one; `party` for a party's own status.

    >>> str(Period(dt.date(2011, 4, 19), dt.date(2011, 4, 24), Status.IN_FORCE,
    ...            Status.IN_RATIFICATION))
    '2011-04-19 … 2011-04-24: in force → in ratification'
    """

    first: dt.date
    last: dt.date | None
    old: Status | None
    new: Status | None
    party: str | None = None

    @property
    def days(self) -> str:
        """The days as text: "2011-04-19 … 2011-04-24", "from 2011-04-19 on", one day."""
        first = "always" if self.first == dt.date.min else self.first.isoformat()
        if self.last is None:
            return "always" if first == "always" else f"from {first} on"
        if self.last == self.first:
            return first
        if first == "always":
            return f"until {self.last.isoformat()}"
        return f"{first} … {self.last.isoformat()}"

    def __str__(self) -> str:
        who = f"{self.party}: " if self.party else ""
        return f"{who}{self.days}: {status_text(self.old)} → {status_text(self.new)}"


@attrs.frozen
class StatusOnDay:
    """A status on the registry's day, before (on OLD's day) and after (on NEW's);
    `party` for a party's own standing in a multilateral agreement."""

    party: str | None
    before: Status | None
    after: Status | None

    def __str__(self) -> str:
        who = f"{self.party}: " if self.party else ""
        return f"{who}{status_text(self.before)} → {status_text(self.after)}"


@attrs.frozen
class AgreementChange:
    """What changed in one agreement, and what it does to its status.

    `change` is `added`, `removed`, `renamed` (its id changed, the rest the same or close:
    `old_id` was its id) or `changed`; `periods` are the days its status (with `party`:
    a party's) differs, exactly, from both folds; `status` its status on the registry's
    day before and after, `parties` the parties whose standing on that day changed.
    """

    id: str
    change: Literal["added", "removed", "renamed", "changed"]
    title: str
    status: StatusOnDay
    old_id: str | None = None
    fields: tuple[FieldChange, ...] = ()
    items: tuple[ItemChange, ...] = ()
    periods: tuple[Period, ...] = ()
    parties: tuple[StatusOnDay, ...] = ()
    file: str | None = None  # where NEW has it
    line: int | None = None

    @property
    def status_changed(self) -> bool:
        """Whether its status (or a party's) differs on any day."""
        return bool(self.periods)

    def __str__(self) -> str:
        name = f"{self.old_id} → {self.id}" if self.old_id else self.id
        return f"{name}: {self.change}"


@attrs.frozen
class RecordChange:
    """A party, source or reported total added, removed or changed, or a registry value
    (`as_of`) changed."""

    record: str  # party, source, reported_total, registry
    key: str  # its id, or what names it
    change: Literal["added", "removed", "changed"]
    fields: tuple[FieldChange, ...] = ()
    file: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        what = f"{self.record.replace('_', ' ')} {self.key}: {self.change}"
        return what + ("; " + "; ".join(map(str, self.fields)) if self.fields else "")


@attrs.frozen
class Count:
    """How many agreements hold a status on the registry's day, before and after."""

    status: Status | None
    before: int
    after: int


@attrs.frozen
class CoverageChange:
    """A reported total and how many such agreements the registry holds, before and after
    (None: the total is not in that registry)."""

    total: str  # "RUS-XSO, 2024: over 130"
    before: int | None
    after: int | None
    before_share: str | None = None
    after_share: str | None = None


@attrs.frozen
class Changes:
    """Every change between two registries (`diff`), as typed records.

    Iterating gives the `AgreementChange`s; `records` holds those of parties, sources,
    reported totals and the registry's day. It is true when anything changed in meaning
    (a record or a status): text that only moved, or comments, change nothing.
    """

    old: str  # what the old registry was read from
    new: str
    old_day: AsOf
    new_day: AsOf
    agreements: tuple[AgreementChange, ...]
    records: tuple[RecordChange, ...]
    uncited: tuple[str, ...]  # sources cited before and by nothing now
    size: tuple[int, int]  # agreements before and after
    counts: tuple[Count, ...]  # by status on each registry's day
    coverage: tuple[CoverageChange, ...]

    def __iter__(self) -> Iterator[AgreementChange]:
        return iter(self.agreements)

    def __len__(self) -> int:
        return len(self.agreements) + len(self.records)

    def __bool__(self) -> bool:
        return bool(self.agreements or self.records)

    @property
    def status_changed(self) -> tuple[AgreementChange, ...]:
        """The agreements whose status (or a party's) differs on some day."""
        return tuple(a for a in self.agreements if a.periods)

    @property
    def unsourced(self) -> tuple[tuple[str, ItemChange], ...]:
        """(agreement id, fact) of each fact that cites none of the sources it cited."""
        return tuple((a.id, i) for a in self.agreements for i in a.items if i.unsourced)

    @property
    def urls(self) -> tuple[tuple[str, FieldChange], ...]:
        """(source id, change) of each source whose address changed."""
        return tuple(
            (r.key, f)
            for r in self.records
            if r.record == "source" and r.change == "changed"
            for f in r.fields
            if f.key == "url"
        )

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of `treatyreg diff --format json`
        (schema/treatyreg-diff-1.schema.json)."""
        from treatyreg._diffout import to_dict

        return to_dict(self)

    def to_dataframe(self) -> pd.DataFrame:
        """One row per status period of each changed agreement (and one row for an
        agreement whose status does not change), needs `treatyreg[pandas]`.

        >>> import treatyreg
        >>> reg = treatyreg.load_default()
        >>> list(diff(reg, reg).to_dataframe().columns)[:4]
        ['id', 'change', 'old_id', 'party']
        """
        import pandas as pd

        from treatyreg._diffout import rows

        return pd.DataFrame(rows(self), columns=list(_FRAME_COLUMNS))

    def _repr_html_(self) -> str:
        from treatyreg._diffout import html

        return html(self)


_FRAME_COLUMNS: Final = (
    "id",
    "change",
    "old_id",
    "party",
    "first",
    "last",
    "old_status",
    "new_status",
    "before",
    "after",
    "items",
    "fields",
    "line",
)


# -- reading a side ----------------------------------------------------------------------
class _Located:
    """Where NEW's records are in its files, while the files' conversions are alive."""

    def __init__(self, converted: Sequence[Any]) -> None:
        self.converted = converted  # keeps the records alive, so that their ids hold
        self.files: dict[int, Any] = {}  # id(record) -> the first file that holds it
        for c in converted:
            for key in c.offsets:
                self.files.setdefault(key, c)

    def __call__(self, obj: object) -> tuple[str | None, int | None]:
        c = self.files.get(id(obj))
        if c is None:
            return None, None
        return c.path, c.position(obj)[0]


def _nowhere(obj: object) -> tuple[str | None, int | None]:
    return None, None


def _specs(side: str | os.PathLike[str] | Sequence[str | os.PathLike[str]]) -> list[str]:
    if isinstance(side, (str, os.PathLike)):
        return [os.fspath(side)]
    return [os.fspath(s) for s in side]


def read_side(
    side: Side, *, limits: Limits | None = None, positions: bool = True, cache: bool | None = None
) -> tuple[Registry, Callable[[object], tuple[str | None, int | None]]]:
    """A side of a diff as a registry, and where its records are (file and line) when
    `positions`; `ValidationError` with every problem when it does not load, `GitError`
    when a git revision cannot be read, `RegistryNotFoundError` for a path not there."""
    if isinstance(side, Registry):
        return side, _nowhere
    from treatyreg import _revisions, loading

    limits = limits or Limits()
    specs = _specs(side)
    revisions = [_revisions.is_revision(s) for s in specs]
    name = ", ".join(specs)
    if not any(revisions):
        if not positions:
            return loading.load(specs, limits=limits, cache=cache), _nowhere
        for s in specs:  # as `load` says it
            if not os.path.lexists(s):
                loading.load(s)  # raises RegistryNotFoundError
        converted, problems = loading._read_all(specs, limits)
    elif all(revisions):
        texts: list[tuple[str, bytes]] = []
        unread = []
        for s in specs:
            found, problems = _revisions.texts(s, limits)
            texts += found
            unread += problems
        converted, problems = loading._convert_all(texts, limits, unread)
        problems = unread + problems
    else:
        raise ValueError(f"{name}: a side is either files or git revisions, not both")
    if any(p.severity is Severity.ERROR for p in problems):
        raise ValidationError(problems)
    reg = loading._registry(converted, problems, name=name)
    return reg, (_Located(converted) if positions else _nowhere)


# -- comparing records -------------------------------------------------------------------
def _value(obj: object, key: str) -> object:
    return getattr(obj, key, None)


def _fields(record: str, old: object, new: object, skip: Iterable[str] = ()) -> list[FieldChange]:
    """The keys of `record` (as `RECORDS` lists them) whose values differ."""
    skipped = set(skip)
    found = []
    for f in RECORDS[record].fields:
        if f.key in skipped:
            continue
        a, b = _value(old, f.key), _value(new, f.key)
        if a == b:
            continue
        if f.kind in LIST_ITEMS and isinstance(a, tuple) and isinstance(b, tuple):
            if Counter(a) == Counter(b):  # reordered: the same items
                continue
            gone, came = [x for x in a if x not in b], [x for x in b if x not in a]
            if gone or came:  # of a list: the items removed and those added
                a, b = tuple(gone), tuple(came)
        found.append(FieldChange(f.key, _text(a), _text(b)))
    return found


def _pair_key(record: str) -> Callable[[object], tuple[object, ...]]:
    """What pairs a removed item with an added one as one item changed: its required
    choices and ids, and the party it is of (an event's action and party, a relation's
    type and target)."""
    keys = [
        f.key
        for f in RECORDS[record].fields
        if (f.required and f.kind in (ValueKind.ENUM, ValueKind.ID)) or f.refers == "party"
    ]
    keys = [k for k in keys if not _is_list(RECORDS[record], k)]
    return lambda item: tuple(_value(item, k) for k in keys)


def _is_list(record: Record, key: str) -> bool:
    f = record.field(key)
    return f is not None and (f.kind in LIST_ITEMS or f.kind is ValueKind.RECORD_LIST)


def _label(record: str, item: object) -> str:
    """An item as a reader finds it: "event ratified (XSO) 2017-07-12", "relation amends x"."""
    r = RECORDS[record]
    parts = [record]
    for f in r.fields:
        if (f.kind in (ValueKind.ENUM, ValueKind.ID, ValueKind.DATE) and f.required) or (
            f.refers == "party" and not _is_list(r, f.key)
        ):
            text = _text(_value(item, f.key))
            if text is not None:
                parts.append(f"({text})" if f.refers == "party" else text)
    return " ".join(parts)


def _sources_of(item: object) -> set[str]:
    found = _value(item, "sources")
    return set(found) if isinstance(found, tuple) else set()


def _items(
    record: str,
    old: Sequence[object],
    new: Sequence[object],
    where: Callable[[object], tuple[str | None, int | None]],
    key: Callable[[Any], tuple[object, ...]] | None = None,
    label: Callable[[Any], str] | None = None,
) -> list[ItemChange]:
    """The items of a list of records (events, relations) added, removed and changed:
    equal ones match first; of the rest, those of the same pairing key (`_pair_key`
    unless given), in file order."""
    left = Counter(old)
    added = []
    for item in new:
        if left[item] > 0:
            left[item] -= 1
        else:
            added.append(item)
    removed = []
    for item in old:
        if left[item] > 0:
            left[item] -= 1
            removed.append(item)
    key = key or _pair_key(record)
    name = label or functools.partial(_label, record)
    waiting: dict[tuple[object, ...], list[object]] = {}
    for item in removed:
        waiting.setdefault(key(item), []).append(item)
    found: list[ItemChange] = []
    for item in added:
        file, line = where(item)
        queue = waiting.get(key(item))
        if queue:
            before = queue.pop(0)
            had = _sources_of(before)
            fields = tuple(_fields(record, before, item))
            if not fields:  # only the order of a list of it differs
                continue
            found.append(
                ItemChange(
                    record,
                    "changed",
                    name(item),
                    fields,
                    unsourced=bool(had) and not (had & _sources_of(item)),
                    file=file,
                    line=line,
                )
            )
        else:
            found.append(ItemChange(record, "added", name(item), file=file, line=line))
    for queue in waiting.values():
        found += [ItemChange(record, "removed", name(item)) for item in queue]
    return found


_ITEM_LISTS: Final = tuple(
    f.key for f in RECORDS["agreement"].fields if f.kind is ValueKind.RECORD_LIST and f.record
)


def _agreement_items(
    old: Agreement | None,
    new: Agreement | None,
    where: Callable[[object], tuple[str | None, int | None]],
) -> list[ItemChange]:
    found = []
    for key in _ITEM_LISTS:
        record = RECORDS["agreement"].field(key).record  # type: ignore[union-attr]
        assert record is not None
        a = _value(old, key) if old is not None else ()
        b = _value(new, key) if new is not None else ()
        if a != b:
            found += _items(record, tuple(a or ()), tuple(b or ()), where)  # type: ignore[arg-type]
    return found


# -- comparing statuses ------------------------------------------------------------------
def _periods(old: Timeline, new: Timeline, party: str | None = None) -> list[Period]:
    """The days on which two timelines (`status_changes`) differ, as maximal periods."""
    if old == new:
        return []
    points = sorted(set(old[0]) | set(new[0]))
    found: list[Period] = []
    for k, start in enumerate(points):
        was, now = status_from(old, start), status_from(new, start)
        last = points[k + 1] - dt.timedelta(days=1) if k + 1 < len(points) else None
        if was == now:
            continue
        end = found[-1].last if found else None
        if (
            end is not None
            and (found[-1].old, found[-1].new) == (was, now)
            and end + dt.timedelta(days=1) == start
        ):
            found[-1] = attrs.evolve(found[-1], last=last)
            continue
        found.append(Period(start, last, was, now, party))
    return found


def _timeline(a: Agreement | None) -> Timeline:
    return _NONE if a is None else status_changes(steps_of(a), a.parties)


def _party_timeline(a: Agreement | None, party: str) -> Timeline:
    if a is None or party not in a.parties:
        return _NONE
    return participants_of(a).changes(party)


def _compare(
    change: Literal["added", "removed", "renamed", "changed"],
    old: Agreement | None,
    new: Agreement | None,
    days: tuple[dt.date, dt.date],
    where: Callable[[object], tuple[str | None, int | None]],
) -> AgreementChange:
    """One agreement compared: its records, then both folds."""
    before, after = _timeline(old), _timeline(new)
    periods = _periods(before, after)
    on_day: list[StatusOnDay] = []
    if (old is not None and is_multilateral(old.parties)) or (
        new is not None and is_multilateral(new.parties)
    ):
        everyone = dict.fromkeys((*(old.parties if old else ()), *(new.parties if new else ())))
        for p in everyone:
            was, now = _party_timeline(old, p), _party_timeline(new, p)
            periods += _periods(was, now, p)
            then, later = status_from(was, days[0]), status_from(now, days[1])
            if then != later:
                on_day.append(StatusOnDay(p, then, later))
    shown = new if new is not None else old
    assert shown is not None
    fields: list[FieldChange] = []
    if old is not None and new is not None:
        fields = _fields("agreement", old, new, skip=("id", *_ITEM_LISTS))
    file, line = where(new) if new is not None else (None, None)
    return AgreementChange(
        id=shown.id,
        change=change,
        title=shown.title,
        status=StatusOnDay(None, status_from(before, days[0]), status_from(after, days[1])),
        old_id=old.id if change == "renamed" and old is not None else None,
        fields=tuple(fields),
        items=tuple(_agreement_items(old, new, where)) if old and new else (),
        periods=tuple(periods),
        parties=tuple(on_day),
        file=file,
        line=line,
    )


def _renames(removed: dict[str, Agreement], added: dict[str, Agreement]) -> list[tuple[str, str]]:
    """(old id, new id) of agreements that only changed their id: the same parties and
    kind, and the same events or the same title."""
    by_shape: dict[tuple[object, ...], list[Agreement]] = {}
    for a in removed.values():
        by_shape.setdefault((tuple(sorted(a.parties)), a.kind), []).append(a)
    found = []
    for a in added.values():
        candidates = by_shape.get((tuple(sorted(a.parties)), a.kind), [])
        for i, c in enumerate(candidates[:_RENAME_CANDIDATES]):
            if Counter(c.events) == Counter(a.events) or c.title == a.title:
                found.append((c.id, a.id))
                del candidates[i]
                break
    return found


def _content(a: Agreement) -> tuple[object, ...]:
    """An agreement but for its id, its lists as multisets (their order means nothing)."""
    return tuple(
        frozenset(Counter(v).items()) if isinstance(v, tuple) else v
        for v in (getattr(a, f.name) for f in attrs.fields(Agreement) if f.name != "id")
    )


def _swaps(
    pairs: list[tuple[Agreement | None, Agreement | None]], removed: dict[str, Agreement]
) -> dict[str, Agreement]:
    """Agreements that took another's id, all else the same (two that swapped ids): new
    id -> the old agreement. `pairs` become (None, new) for those and for any whose old
    agreement of its id was taken, and the old agreements no longer paired join
    `removed`."""
    pool: dict[tuple[object, ...], list[Agreement]] = {}
    for o, _n in pairs:
        if o is not None:
            pool.setdefault(_content(o), []).append(o)
    if not pool:
        return {}
    for o in removed.values():
        pool.setdefault(_content(o), []).append(o)
    found: dict[str, Agreement] = {}
    taken: set[str] = set()
    for o, n in pairs:
        if o is not None and n is not None:
            same = pool.get(_content(n), [])
            k = next((k for k, x in enumerate(same) if x.id != n.id), None)
            if k is not None:  # not itself reordered: another's, under another id
                found[n.id] = same.pop(k)
                taken.add(found[n.id].id)
    if not found:
        return {}
    for k, (o, n) in enumerate(pairs):
        if o is not None and n is not None and (n.id in found or o.id in taken):
            pairs[k] = (None, n)
            if o.id not in taken:
                removed[o.id] = o
    for was in taken:
        removed.pop(was, None)
    return found


# -- the registry as a whole -------------------------------------------------------------
def _records(
    old: Registry, new: Registry, where: Callable[[object], tuple[str | None, int | None]]
) -> list[RecordChange]:
    found: list[RecordChange] = []
    if old.as_of != new.as_of:
        found.append(
            RecordChange(
                "registry",
                "as_of",
                "changed",
                (FieldChange("as_of", _text(old.as_of), _text(new.as_of)),),
            )
        )
    for record, before, after in (
        ("party", old.parties, new.parties),
        ("source", old.sources, new.sources),
    ):
        was = {r.id: r for r in before}
        for r in after:
            prior = was.pop(r.id, None)
            if prior == r:
                continue
            file, line = where(r)
            if prior is None:
                found.append(RecordChange(record, r.id, "added", file=file, line=line))
            else:
                fields = tuple(_fields(record, prior, r, skip=("id",)))
                if not fields:  # only the order of a list of it differs
                    continue
                found.append(RecordChange(record, r.id, "changed", fields, file, line))
        found += [RecordChange(record, r.id, "removed") for r in was.values()]
    totals = _items(
        "reported_total",
        old.reported_totals,
        new.reported_totals,
        where,
        key=lambda t: (t.parties, t.as_of),
        label=_total_label,
    )
    found += [
        RecordChange("reported_total", t.label, t.change, t.fields, t.file, t.line) for t in totals
    ]
    return found


def _total_label(total: Any) -> str:
    return f"{'-'.join(total.parties)}, {total.as_of.text}: {total.said}"


def _coverage(old: Registry, new: Registry) -> list[CoverageChange]:
    before = {_total_label(c.total): c for c in old.coverage()}
    found = []
    for c in new.coverage():
        label = _total_label(c.total)
        was = before.pop(label, None)
        found.append(
            CoverageChange(
                label,
                None if was is None else was.held,
                c.held,
                None if was is None else was.share_text,
                c.share_text,
            )
        )
    found += [
        CoverageChange(label, c.held, None, c.share_text, None) for label, c in before.items()
    ]
    return found


def _uncited(old_cited: set[str], new_cited: set[str], new: Registry, same: set[str]) -> list[str]:
    """The sources that changed agreements cited before and nothing cites now (agreements
    equal on both sides and reported totals are looked at only while some are left)."""
    left = old_cited - new_cited
    if left:
        for t in new.reported_totals:
            left -= set(t.sources)
    if left:
        for a in new:
            if a.id in same and not left.isdisjoint(a.cited):
                left -= set(a.cited)
                if not left:
                    break
    return sorted(left)


# -- the diff ----------------------------------------------------------------------------
def diff(
    old: Side,
    new: Side,
    *,
    limits: Limits | None = None,
    cache: bool | None = None,
) -> Changes:
    """What changes from `old` to `new`: each a `Registry`, a registry file or folder (or
    several), or a git revision of one (`"main:data/"`, `"HEAD~1:data/agreements.yaml"`,
    read with git, no checkout touched). A side that does not load raises
    `ValidationError` with its diagnostics.

    >>> import treatyreg
    >>> reg = treatyreg.load_default()
    >>> a = reg["ru-so-2017-units-entry"]
    >>> moved = treatyreg.Registry([*(x for x in reg if x is not a),
    ...     attrs.evolve(a, events=a.events[:-1])], reg.parties, reg.sources, as_of=reg.as_of)
    >>> changes = diff(reg, moved)
    >>> [(c.id, c.change) for c in changes]
    [('ru-so-2017-units-entry', 'changed')]
    >>> str(changes.agreements[0].periods[0])
    'from 2019-12-17 on: in force → ratified'
    """
    old_reg, _ = read_side(old, limits=limits, positions=False, cache=cache)
    new_reg, where = read_side(new, limits=limits)
    return compare(old_reg, new_reg, where, names=(side_name(old), side_name(new)))


def side_name(side: Side) -> str:
    """A side as the user named it: its specs as given, or a registry's name."""
    return side.name if isinstance(side, Registry) else ", ".join(_specs(side))


def compare(
    old: Registry,
    new: Registry,
    where: Callable[[object], tuple[str | None, int | None]] = _nowhere,
    names: tuple[str, str] | None = None,
) -> Changes:
    """`diff` of two registries read (`read_side`), with `where` NEW's records are and
    `names` the sides as the user named them (else the registries' names)."""
    from treatyreg._gcpause import gc_paused

    with gc_paused():
        changes = _diff(old, new, where)
    if names is not None:
        changes = attrs.evolve(changes, old=names[0], new=names[1])
    return changes


def _diff(
    old: Registry, new: Registry, where: Callable[[object], tuple[str | None, int | None]]
) -> Changes:
    old_day, new_day = old.day(), new.day()
    days = (old_day.day, new_day.day)
    before: Counter[Status | None] = Counter()
    after: Counter[Status | None] = Counter()
    same: set[str] = set()
    pairs: list[tuple[Agreement | None, Agreement | None]] = []
    for a in new:
        prior = old.get(a.id)
        if prior is None:
            pairs.append((None, a))
        elif prior is a or prior == a:
            same.add(a.id)
            if days[0] == days[1]:
                status = status_from(status_changes(steps_of(a), a.parties), days[0])
                before[status] += 1
                after[status] += 1
            else:
                line = status_changes(steps_of(a), a.parties)
                before[status_from(line, days[0])] += 1
                after[status_from(line, days[1])] += 1
        else:
            pairs.append((prior, a))
    removed = {a.id: a for a in old if a.id not in new}
    renamed_from = _swaps(pairs, removed)
    added = {n.id: n for o, n in pairs if o is None and n is not None}
    for was, now in _renames(removed, added):
        renamed_from[now] = removed.pop(was)
    found: list[AgreementChange] = []
    old_cited: set[str] = set()
    new_cited: set[str] = set()
    gone: list[tuple[Agreement | None, Agreement | None]] = [(x, None) for x in removed.values()]
    for prior, current in [*pairs, *gone]:
        change: Literal["added", "removed", "renamed", "changed"] = "changed"
        if current is None:
            change = "removed"
        elif prior is None:
            prior = renamed_from.get(current.id)
            change = "added" if prior is None else "renamed"
        c = _compare(change, prior, current, days, where)
        if change == "changed" and not (c.fields or c.items or c.periods or c.parties):
            same.add(c.id)  # only the order of its events or lists differs
            before[c.status.before] += 1
            after[c.status.after] += 1
            continue
        found.append(c)
        if prior is not None:
            old_cited.update(prior.cited)
        if current is not None:
            new_cited.update(current.cited)
    for c in found:
        if c.change != "added":
            before[c.status.before] += 1
        if c.change != "removed":
            after[c.status.after] += 1
    order = {a.id: i for i, a in enumerate(new)}
    found.sort(key=lambda c: (c.change == "removed", order.get(c.id, 0), c.id))
    statuses = [None, *Status]
    return Changes(
        old=old.name,
        new=new.name,
        old_day=old_day,
        new_day=new_day,
        agreements=tuple(found),
        records=tuple(_records(old, new, where)),
        uncited=tuple(_uncited(old_cited, new_cited, new, same)),
        size=(len(old), len(new)),
        counts=tuple(Count(s, before[s], after[s]) for s in statuses if before[s] or after[s]),
        coverage=tuple(_coverage(old, new)),
    )
