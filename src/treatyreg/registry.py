"""The Registry: validated records, indexes, and the queries over them."""

from __future__ import annotations

import bisect
import datetime as dt
import difflib
import functools
import operator
import re
import weakref
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Final, Literal

import attrs

from treatyreg._gcpause import gc_paused
from treatyreg.dates import FuzzyDate, parse_bounds, parse_day
from treatyreg.errors import (
    AmbiguousNameError,
    FilterError,
    UnknownAgreementError,
    UnknownIdentifierError,
    UnknownPartyError,
    UnknownSourceError,
    UnknownValueError,
)
from treatyreg.evidence import AsOf, Assessment, Scope
from treatyreg.lifecycle import Status, status_changes
from treatyreg.model import (
    Agreement,
    Party,
    Relation,
    ReportedTotal,
    Source,
    fold_yo,
    name_key,
    party_changes_of,
    registry_day,
    remember_day,
    steps_of,
)
from treatyreg.selection import Selection

if TYPE_CHECKING:
    import pandas as pd

    from treatyreg.diagnostics import Diagnostic

__all__ = [
    "Coverage",
    "Registry",
    "Related",
    "Selection",
    "UnknownPartyError",
    "registry_of",
    "scope",
]

# Registries built in this process, weakly (none is kept alive), so that an agreement shown
# on its own in a notebook finds the registry that holds it (`display.registry_of`): the
# core keeps the list and imports no output module.
_live: list[weakref.ref[Registry]] = []
_prune_at = [64]  # prune dead references when the list reaches this size

_NEVER: Final = dt.date.max
_WORD: Final = re.compile(r"\w+")
_SEPARATORS: Final = re.compile(r"[\s_-]+")


def fold(value: str) -> str:
    """How query words are compared: case-folded, with runs of spaces, `_` and `-` as one
    `_` ("In force", "in-force" and "in_force" are the same word).

    >>> fold("  In Force "), fold("exchange-of notes")
    ('in_force', 'exchange_of_notes')
    """
    return _SEPARATORS.sub("_", value.strip().casefold())


_STATUS_WORDS: Final = {fold(str(s)): s for s in Status}


def status_named(value: Status | str) -> Status:
    """A status from any spelling a query takes ("in force", "In-Force", `Status.IN_FORCE`);
    `UnknownValueError`, with the close ones, for a word that is no status.

    >>> status_named("In force")
    <Status.IN_FORCE: 'in_force'>
    """
    found = value if isinstance(value, Status) else _STATUS_WORDS.get(fold(value))
    if found is None:
        raise _unknown("status", value, [str(s) for s in Status])
    return found


# A status interval longer than this many years is kept in a list every status query reads;
# shorter ones are filed under each year they cover.
_LONG_YEARS: Final = 50


@attrs.frozen
class Related:
    """A relation seen from one agreement: `direction` is "out" (it names `other`) or "in"."""

    direction: Literal["out", "in"]
    relation: Relation
    other: Agreement


@attrs.frozen
class Coverage:
    """How many of the agreements an official reported the registry holds: compared like
    with like, agreements signed by the day for a total of those signed, agreements in
    force on the day for a total of those in force."""

    total: ReportedTotal
    held: int  # agreements between exactly these parties, definitely signed (or in force)

    @property
    def share(self) -> float:
        """held / reported (0 when nothing was reported)."""
        return self.held / self.total.count if self.total.count else 0.0

    @property
    def share_text(self) -> str:
        """The share as the total allows it: "7%" of an exact total, "~7%" of "about N",
        "≤7%" of "over N" (the true total is larger, so the share is at most that)."""
        mark = {"about": "~", "at_least": "≤", "exactly": ""}[self.total.kind]
        return f"{mark}{self.share:.0%}"


def registry_of(
    found: Registry | Selection | Agreement | Sequence[Agreement],
) -> Registry | None:
    """The registry these agreements come from: a registry itself, a selection's, or the
    first live registry built with this very agreement object (the first of a sequence),
    as `model.registry_day` keeps the first one's day; None when there is none.

    >>> import treatyreg
    >>> reg = treatyreg.load_default()
    >>> registry_of(reg["ru-so-2017-units-entry"]) is registry_of(reg.filter(kind="treaty")) is reg
    True
    """
    if isinstance(found, Registry):
        return found
    if isinstance(found, Selection):
        return found.registry
    if not isinstance(found, Agreement):
        if not found:
            return None
        found = found[0]
    for ref in _live:  # oldest first: the registry the agreement came from
        reg = ref()
        if reg is not None and reg.get(found.id) is found:
            return reg
    return None


def output_party(found: Iterable[Agreement], party: str | None) -> str | None:
    """The party whose standing an output shows beside each agreement's status: the one
    given (an id, a name or an alias; `UnknownPartyError` for none), else the one a
    selection was chosen by.

    >>> import treatyreg
    >>> reg = treatyreg.load_default()
    >>> output_party(reg.filter(party="Abkhazia"), None), output_party(reg, "South Ossetia")
    ('XAB', 'XSO')
    """
    if party is None:
        return found.party if isinstance(found, Selection) else None
    known = registry_of(found if isinstance(found, Registry | Selection) else list(found))
    if known is None:
        return party  # agreements alone: ids are all there is
    return known.party(party).id


def scope(
    found: Registry | Selection | Agreement | Iterable[Agreement],
    on: str | dt.date | FuzzyDate | None = None,
) -> Scope:
    """What an output of `found` shows (`evidence.Scope`): its agreements, judged on `on`,
    else the selection's day, else its registry's `as_of`, else today.

    >>> import treatyreg
    >>> reg = treatyreg.load_default()
    >>> scope([reg["ru-so-2017-units-entry"]]).on.basis
    'as_of'
    """
    if isinstance(found, (Registry, Selection)):
        return found.scope(on)
    agreements = [found] if isinstance(found, Agreement) else list(found)
    reg = registry_of(agreements)
    # the day of the registry they came from, as each agreement says of itself, whether or
    # not that registry is alive (`model.registry_day`), else the live registry's day
    days = {registry_day(a) for a in agreements}
    own = days.pop() if len(days) == 1 else None
    if reg is None:
        return Scope(tuple(agreements), AsOf.resolve(on, own))
    day = reg.day(on) if own is None else AsOf.resolve(on, own)
    return Scope(tuple(agreements), day, reg._published, reg.name)


def _signature_key(a: Agreement) -> tuple[int, dt.date, dt.date, str]:
    """The stable order: by the latest day the signature can be (so `../2009-12-02`, "on
    or before", sorts in December 2009, not at the beginning of time), then the earliest,
    then the id; agreements not known to be signed last."""
    signed = a.signed
    if signed is None:
        return (1, _NEVER, _NEVER, a.id)  # not (known to be) signed: last
    return (0, signed.upper, signed.lower, a.id)


# A sorted list this many times longer than the candidates is probed by bisection.
_PROBE_RATIO: Final = 16
# Judging one candidate's status by its timeline costs about as much as looking at this
# many intervals of the status index.
_JUDGE_COST: Final = 4


def _values(value: object, single: tuple[type, ...]) -> list[Any]:
    """A keyword's values: one value (of the `single` types) or an iterable of them."""
    if isinstance(value, single):
        return [value]
    if isinstance(value, Iterable) and not isinstance(value, (bytes, bytearray)):
        values = list(value)
        for v in values:
            if not isinstance(v, single):
                raise TypeError(f"expected text or a list of text, not {v!r} in {value!r}")
        return values
    raise TypeError(f"expected text or a list of text, not {value!r}")


def _union(lists: list[list[int]]) -> list[int]:
    """The positions in any of these sorted lists, sorted, each once."""
    if len(lists) == 1:
        return lists[0]
    return sorted(set().union(*lists))


def _unknown(what: str, value: str, known: Sequence[str]) -> UnknownValueError:
    folded = {fold(k): k for k in known}
    close = tuple(folded[k] for k in difflib.get_close_matches(fold(value), list(folded), n=3))
    hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    if not close and known:
        hint = f" (known: {', '.join(known[:12])}{', …' if len(known) > 12 else ''})"
    return UnknownValueError(f"no {what} {value!r}{hint}", close)


def _intersect(found: list[int], other: set[int] | Sequence[int]) -> list[int]:
    """The positions of `found` (sorted) that are also in `other` (a set or a sorted list),
    in order; each candidate is looked up where `other` is much longer."""
    if isinstance(other, set):
        return [i for i in found if i in other]
    if len(found) * _PROBE_RATIO < len(other):
        right = bisect.bisect_left
        n = len(other)
        return [i for i in found if (j := right(other, i)) < n and other[j] == i]
    wanted = set(found)
    return [i for i in other if i in wanted]


@attrs.define
class _StatusIndex:
    change_days: list[tuple[dt.date, ...]] = attrs.Factory(list)
    change_statuses: list[tuple[Status | None, ...]] = attrs.Factory(list)
    # status -> (the days open-ended intervals start, sorted; the agreements, in that order)
    open: dict[Status, tuple[list[dt.date], list[int]]] = attrs.Factory(dict)
    closed_by_year: dict[Status, dict[int, list[tuple[dt.date, dt.date, int]]]] = attrs.Factory(
        dict
    )
    closed_long: dict[Status, list[tuple[dt.date, dt.date, int]]] = attrs.Factory(dict)


def _texts(a: Agreement) -> tuple[str, ...]:
    """What `filter(text=...)` searches: the titles in every language, aliases and notes."""
    return (a.title, *(t for _, t in a.titles), *a.aliases, a.notes or "")


def _names(a: Agreement) -> tuple[str, ...]:
    """What `Registry.agreement(name)` knows an agreement by besides its id."""
    return (a.title, *(t for _, t in a.titles), *a.aliases)


def _fold_text(text: str) -> str:
    """How `filter(text=...)` compares text: case-folded, `ё` as `е`."""
    return fold_yo(text.casefold())


def _word_index(agreements: Sequence[Agreement]) -> dict[str, list[int]]:
    words: dict[str, list[int]] = {}
    for i, a in enumerate(agreements):
        for word in {w for text in _texts(a) for w in _WORD.findall(_fold_text(text))}:
            words.setdefault(word, []).append(i)
    return words


def _status_index(agreements: Sequence[Agreement]) -> _StatusIndex:
    """Every agreement's status changes, and the intervals each status is held."""
    shared: dict[tuple[Status | None, ...], tuple[Status | None, ...]] = {}
    changes = []
    for a in agreements:
        days, statuses = status_changes(steps_of(a), a.parties)
        changes.append((days, shared.setdefault(statuses, statuses)))
    index = _intervals(enumerate(changes))
    index.change_days = [days for days, _ in changes]
    index.change_statuses = [statuses for _, statuses in changes]
    return index


def _intervals(
    changes: Iterable[tuple[int, tuple[tuple[dt.date, ...], tuple[Status | None, ...]]]],
) -> _StatusIndex:
    """The intervals each status is held, from each position's status changes: open-ended
    ones sorted by their start, closed ones filed under every year they cover (long ones
    apart)."""
    index = _StatusIndex()
    opened: dict[Status, list[tuple[dt.date, int]]] = {}
    for i, (days, statuses) in changes:
        # the last status holds for ever: None, where a change on `date.max` (a date such
        # as `2020-01-01/..`, whose latest day is the last one) ends the one before it
        for start, status, end in zip(days, statuses, [*days[1:], None], strict=True):
            if status is None:
                continue
            if end is None:
                opened.setdefault(status, []).append((start, i))
            elif end.year - start.year > _LONG_YEARS:
                index.closed_long.setdefault(status, []).append((start, end, i))
            else:
                by_year = index.closed_by_year.setdefault(status, {})
                entry = (start, end, i)  # one tuple, filed under every year it covers
                for year in range(start.year, end.year + 1):
                    by_year.setdefault(year, []).append(entry)
    for status, entries in opened.items():
        entries.sort()
        index.open[status] = ([start for start, _ in entries], [i for _, i in entries])
    return index


def _holding(index: _StatusIndex, status: Status, day: dt.date) -> set[int]:
    """The positions whose interval of `status` covers `day`."""
    starts, positions = index.open.get(status, ([], []))
    found = set(positions[: bisect.bisect_right(starts, day)])
    for start, end, i in index.closed_by_year.get(status, {}).get(day.year, []):
        if start <= day < end:
            found.add(i)
    for start, end, i in index.closed_long.get(status, []):
        if start <= day < end:
            found.add(i)
    return found


def _work(index: _StatusIndex, status: Status, day: dt.date) -> int:
    """How many intervals `_holding` would look at."""
    starts, _ = index.open.get(status, ([], []))
    return (
        bisect.bisect_right(starts, day)
        + len(index.closed_by_year.get(status, {}).get(day.year, []))
        + len(index.closed_long.get(status, []))
    )


class Registry:
    """Agreements, parties, sources and reported totals, with indexes for queries.

    Build one with `treatyreg.load(...)`; iteration is in a stable order (the latest day
    the signature can be, then the earliest, then id).

    >>> import treatyreg
    >>> reg = treatyreg.load_default()
    >>> reg.party("Tskhinvali Region").id
    'XSO'
    >>> "ru-so-2017-units-entry" in reg
    True
    """

    def __init__(
        self,
        agreements: Iterable[Agreement] = (),
        parties: Iterable[Party] = (),
        sources: Iterable[Source] = (),
        reported_totals: Iterable[ReportedTotal] = (),
        *,
        as_of: str | dt.date | FuzzyDate | None = None,
        name: str | None = None,
    ) -> None:
        self._agreements: tuple[Agreement, ...] = tuple(sorted(agreements, key=_signature_key))
        self.parties: tuple[Party, ...] = tuple(sorted(parties, key=lambda p: p.id))
        self.sources: tuple[Source, ...] = tuple(sorted(sources, key=lambda s: s.id))
        self.reported_totals: tuple[ReportedTotal, ...] = tuple(reported_totals)
        #: The day the data was last reviewed, when the registry declares one: statuses are
        #: judged on it when no day is asked for (`day`).
        self.as_of: dt.date | None = None if as_of is None else parse_day(as_of)
        #: What the registry is called in captions and summaries (where it was loaded from).
        self.name: str = name or "(built in Python)"
        self._build_indexes()
        if self.as_of is not None:  # the day its agreements are judged on, even alone
            remember_day(self._agreements, self.as_of)
        _live.append(weakref.ref(self))  # lets a card of reg["id"] link its sources
        if len(_live) >= _prune_at[0]:
            _live[:] = [r for r in _live if r() is not None]
            _prune_at[0] = max(64, 2 * len(_live))

    def __getstate__(self) -> dict[str, Any]:
        """What a pickle keeps (the cache of validated registries): the records and the
        indexes every query uses; the lazily built ones are built again on first use."""
        lazy = {"_words", "_statuses", "_party_statuses", "_party_indexes"}
        return {k: v for k, v in self.__dict__.items() if k not in lazy}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        if self.as_of is not None:
            remember_day(self._agreements, self.as_of)
        _live.append(weakref.ref(self))  # found by a card, as one built here is

    # -- indexes -----------------------------------------------------------------------
    def _build_indexes(self) -> None:
        """The indexes most queries use; the status and text indexes are built on first
        use (`_statuses`, `_words`), so a load that is not queried does not pay for them."""
        self._by_id = {a.id: a for a in self._agreements}
        self._sources_by_id = {s.id: s for s in self.sources}
        self._party_names: dict[str, Party] = {}
        self._identified_agreements = False  # filled at the first lookup
        self._identified: dict[str, Agreement | Party] = {}
        for party in self.parties:
            for name in (party.id, *party.names):
                self._party_names.setdefault(name_key(name), party)
            for identifier in party.identifiers:
                self._identified.setdefault(identifier, party)
        self._published = {s.id: s.published for s in self.sources if s.published is not None}
        self._by_party: dict[str, list[int]] = {}
        self._by_topic: dict[str, list[int]] = {}  # by the folded word (`fold`)
        self._by_kind: dict[str, list[int]] = {}
        self._signed_lower: list[dt.date] = []
        self._signed_upper: list[dt.date] = []
        self._signed_count = 0  # the signed agreements come first in the stable order
        self._incoming: dict[str, list[tuple[Relation, int]]] = {}
        folded: dict[str, str] = {}  # topics and kinds are few words used many times

        def folded_word(word: str) -> str:
            found = folded.get(word)
            if found is None:
                found = folded[word] = fold(word)
            return found

        for i, a in enumerate(self._agreements):
            for p in set(a.parties):  # once each: filter() returns an index list as it is
                self._by_party.setdefault(p, []).append(i)
            for t in {folded_word(t) for t in a.topics}:
                self._by_topic.setdefault(t, []).append(i)
            self._by_kind.setdefault(folded_word(a.kind), []).append(i)
            signed = a.signed
            self._signed_lower.append(signed.lower if signed is not None else _NEVER)
            self._signed_upper.append(signed.upper if signed is not None else _NEVER)
            self._signed_count += signed is not None
            for r in a.relations:
                self._incoming.setdefault(r.target, []).append((r, i))

    @functools.cached_property
    def _words(self) -> dict[str, list[int]]:
        """word -> positions of the agreements whose titles, aliases or notes have it."""
        with gc_paused():
            return _word_index(self._agreements)

    @functools.cached_property
    def _statuses(self) -> _StatusIndex:
        """Per agreement the days its status changes and the status from each of them on;
        per status the intervals agreements hold it, open-ended ones sorted by start and
        closed ones filed by year."""
        with gc_paused():
            return _status_index(self._agreements)

    @functools.cached_property
    def _party_statuses(
        self,
    ) -> dict[int, dict[str, tuple[tuple[dt.date, ...], tuple[Status | None, ...]]]]:
        """Per agreement (filled as queries reach it), each party's status changes:
        the days and the status from each of them on (`lifecycle.party_changes`)."""
        return {}

    def _party_changes(
        self, i: int, party: str
    ) -> tuple[tuple[dt.date, ...], tuple[Status | None, ...]]:
        found = self._party_statuses.get(i)
        if found is None:
            a = self._agreements[i]
            found = self._party_statuses[i] = party_changes_of(a)
        return found[party]

    @functools.cached_property
    def _party_indexes(self) -> dict[str, _StatusIndex]:
        """Per party (filled as queries ask for it), the intervals it holds each status
        in its agreements, judged by its own changes (`_party_changes`)."""
        return {}

    def _party_index(self, party: str) -> _StatusIndex:
        found = self._party_indexes.get(party)
        if found is None:
            with gc_paused():
                changes = (
                    (i, self._party_changes(i, party)) for i in self._by_party.get(party, [])
                )
                found = self._party_indexes[party] = _intervals(changes)
        return found

    # -- mapping-like access -----------------------------------------------------------
    def __len__(self) -> int:
        return len(self._agreements)

    def __iter__(self) -> Iterator[Agreement]:
        return iter(self._agreements)

    def __contains__(self, agreement_id: object) -> bool:
        return agreement_id in self._by_id

    def __getitem__(self, agreement_id: str) -> Agreement:
        try:
            return self._by_id[agreement_id]
        except KeyError:
            close = difflib.get_close_matches(agreement_id, list(self._by_id), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise UnknownAgreementError(f"no agreement {agreement_id!r}{hint}") from None

    def get(self, agreement_id: str, default: Agreement | None = None) -> Agreement | None:
        """The agreement with this id, or `default`."""
        return self._by_id.get(agreement_id, default)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Registry):
            return NotImplemented
        return (
            self._agreements,
            self.parties,
            self.sources,
            self.reported_totals,
            self.as_of,
        ) == (
            other._agreements,
            other.parties,
            other.sources,
            other.reported_totals,
            other.as_of,
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        as_of = f", as of {self.as_of.isoformat()}" if self.as_of else ""
        return (
            f"<Registry {self.name}: {len(self)} agreements, {len(self.parties)} parties, "
            f"{len(self.sources)} sources{as_of}>"
        )

    @property
    def agreements(self) -> tuple[Agreement, ...]:
        """Every agreement in the stable order."""
        return self._agreements

    def source(self, source_id: str) -> Source:
        """The source with this id (`UnknownSourceError`, a KeyError, when absent)."""
        try:
            return self._sources_by_id[source_id]
        except KeyError:
            raise UnknownSourceError(f"no source {source_id!r}") from None

    # -- lookups -----------------------------------------------------------------------
    def party(self, name: str) -> Party:
        """The party with this id, name or alias, compared case-insensitively.

        Raises `UnknownPartyError` (a `LookupError`) with a suggestion when none has it.
        """
        found = self._party_names.get(name_key(name))
        if found is None:
            names = [n for p in self.parties for n in (p.id, *p.names)]
            close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise UnknownPartyError(f"no party is called {name!r}{hint}")
        return found

    def agreement(self, name: str) -> Agreement:
        """The agreement with this id, or else the one whose title (in any language, see
        `Agreement.titles`) or alias this is (compared as `name_key` compares names: case,
        spacing and `ё`/`е` do not matter).

        Raises `UnknownAgreementError` (a KeyError) with a suggestion when none has it, and
        `AmbiguousNameError` (a LookupError) naming the candidates when several do.

        >>> import treatyreg
        >>> reg = treatyreg.load_default()
        >>> reg.agreement("units agreement").id
        'ru-so-2017-units-entry'
        >>> reg.agreement("TREATY OF ALLIANCE AND  INTEGRATION").id
        'ru-so-2015-alliance-integration'
        """
        found = self._by_id.get(name)
        if found is not None:
            return found
        key = name_key(name)
        matches = [a for a in self._agreements if key in {name_key(t) for t in _names(a)}]
        if len(matches) == 1:
            return matches[0]
        if matches:
            ids = tuple(a.id for a in matches)
            raise AmbiguousNameError(
                f"{name!r} names {len(ids)} agreements: {', '.join(ids)}; give an id", ids
            )
        titles = {name_key(t): a.id for a in self._agreements for t in _names(a)}
        close = difflib.get_close_matches(name, list(self._by_id), n=1)
        close = close or [
            titles[t] for t in difflib.get_close_matches(key, list(titles), n=1, cutoff=0.7)
        ]
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise UnknownAgreementError(f"no agreement has the id, title or alias {name!r}{hint}")

    def scope(self, on: str | dt.date | FuzzyDate | None = None) -> Scope:
        """Every agreement, judged on `on` (`day`): what outputs of the registry show."""
        return Scope(self._agreements, self.day(on), self._published, self.name)

    def day(self, on: str | dt.date | FuzzyDate | None = None) -> AsOf:
        """The day a status is judged on: `on` when given, else the registry's `as_of`, else
        today; with the reason, which every output prints.

        >>> import treatyreg
        >>> reg = treatyreg.load_default()
        >>> str(reg.day("2020-01-01")), reg.day().basis
        ('2020-01-01 (the day asked for)', 'as_of')
        """
        return AsOf.resolve(on, self.as_of)

    def assess(
        self,
        agreement: str | Agreement,
        on: str | dt.date | FuzzyDate | None = None,
        *,
        party: str | Party | None = None,
    ) -> Assessment:
        """The status of an agreement (an id or the agreement) on `on` (`day`), or of
        one party's participation, with the last evidence it rests on.

        >>> import treatyreg
        >>> reg = treatyreg.load_default()
        >>> str(reg.assess("ru-so-2017-units-entry", "2017-12-01"))
        'in ratification (last evidence 2017-07-12)'
        >>> str(reg.assess("ru-so-2017-units-entry", "2017-12-01", party="XSO"))
        'ratified (last evidence 2017-07-12)'
        """
        a = self[agreement] if isinstance(agreement, str) else agreement
        party_id = None
        if party is not None:
            party_id = party.id if isinstance(party, Party) else self.party(party).id
        return self.scope(on).assess(a, party_id)

    def by_identifier(self, identifier: str) -> Agreement | Party:
        """The agreement or party that carries this external identifier (`scheme:value`,
        e.g. `wikidata:Q1056`, `untc:XXVI-5`, `iso3166:FIN`); `UnknownIdentifierError` (a
        KeyError) when none does.

        >>> import treatyreg
        >>> reg = treatyreg.load("examples/ottawa-convention.yaml")
        >>> reg.by_identifier("untc:XXVI-5").id, reg.by_identifier("iso3166:FIN").name
        ('ottawa-convention', 'Finland')
        """
        if not self._identified_agreements:
            for a in self._agreements:
                for found in a.identifiers:
                    self._identified.setdefault(found, a)
            self._identified_agreements = True
        try:
            return self._identified[identifier]
        except KeyError:
            raise UnknownIdentifierError(f"nothing carries the identifier {identifier!r}") from None

    def related(self, agreement_id: str) -> list[Related]:
        """Relations out of the agreement and into it, with the agreement at the other end."""
        a = self[agreement_id]
        out: list[Related] = [
            Related("out", r, self._by_id[r.target]) for r in a.relations if r.target in self._by_id
        ]
        out += [Related("in", r, self._agreements[i]) for r, i in self._incoming.get(a.id, [])]
        return out

    def coverage(self) -> list[Coverage]:
        """For each reported total, how many such agreements the registry holds."""
        result = []
        for total in self.reported_totals:
            wanted = set(total.parties)
            day = total.as_of.upper
            between = [
                i
                for i in self._by_party.get(total.parties[0], [])
                if set(self._agreements[i].parties) == wanted
            ]
            if total.counts_in_force:
                in_force = self._with_status(Status.IN_FORCE, day)
                held = sum(1 for i in between if i in in_force)
            else:  # signed ones come first in the stable order
                held = sum(
                    1 for i in between if i < self._signed_count and self._signed_upper[i] <= day
                )
            result.append(Coverage(total, held))
        return result

    def _with_status(self, status: Status, day: dt.date) -> set[int]:
        return _holding(self._statuses, status, day)

    def _matching_text(self, text: str) -> set[int]:
        needle = _fold_text(text)
        words = _WORD.findall(needle)
        candidates: set[int] | None = None
        for word in words:
            # scan the vocabulary, not the agreements
            hits = {i for w, ids in self._words.items() if word in w for i in ids}
            candidates = hits if candidates is None else candidates & hits
        if candidates is None:  # no word characters in the text: compare every haystack
            candidates = set(range(len(self)))
        return {
            i
            for i in candidates
            if any(needle in _fold_text(t) for t in _texts(self._agreements[i]))
        }

    def filter(
        self,
        *,
        party: str | Party | Iterable[str | Party] | None = None,
        status: Status | str | Iterable[Status | str] | None = None,
        party_status: Status | str | Iterable[Status | str] | None = None,
        on: str | dt.date | FuzzyDate | None = None,
        kind: str | Iterable[str] | None = None,
        topic: str | Iterable[str] | None = None,
        signed_between: tuple[str | dt.date | FuzzyDate, str | dt.date | FuzzyDate] | None = None,
        text: str | None = None,
    ) -> Selection:
        """The agreements that match every given keyword (AND), in the stable order, as a
        `Selection` (a sequence that also shows itself as a table and has `to_dataframe`).

        `party`, `status`, `kind` and `topic` take one value or a list of them (any of
        them). `party` takes ids, names or aliases; `kind`, `topic` and `status` fold case,
        spaces, `-` and `_` (`kind="Treaty"`, `status="in force"`); a value nothing in the
        registry has raises `UnknownValueError` with the close ones, rather than finding
        nothing. One keyword, one meaning: `status` is always the agreement's own status
        on `on` (`Registry.day`: the day given, else the registry's `as_of`, else today),
        whatever else is given; `party_status` is the standing of the one `party` given on
        that day ("in force for Burundi"), and needs exactly one party (`FilterError`
        otherwise); both may be given. `signed_between=(a, b)` keeps those
        definitely signed between a's first and b's last day; `text` is a case-insensitive
        match on titles (in every language), aliases and notes, with `ё` as `е`.

        >>> import treatyreg
        >>> reg = treatyreg.load_default()
        >>> reg.filter(party="Tskhinvali Region", signed_between=("2017", "2017"),
        ...            topic="defence", text="units agreement").ids
        ('ru-so-2017-units-entry',)
        >>> len(reg.filter(party=["XSO", "Abkhazia"])) == len(reg)
        True
        >>> mine = reg.filter(party="Abkhazia", party_status="in_force", on="2010-01-01")
        >>> mine.party, [a.party_status("XAB", "2010-01-01") for a in mine][:1]
        ('XAB', [<Status.IN_FORCE: 'in_force'>])
        """
        sets: list[set[int] | Sequence[int]] = []
        party_ids: list[str] = []
        if party is not None:
            for p in _values(party, (str, Party)):
                party_ids.append(p.id if isinstance(p, Party) else self.party(p).id)
            sets.append(_union([self._by_party.get(p, []) for p in party_ids]))
            in_parties = len(sets[0])  # (signed_between may shorten sets[0] below)
        if kind is not None:
            sets.append(_union([self._kind(k) for k in _values(kind, (str,))]))
        if topic is not None:
            sets.append(_union([self._topic(t) for t in _values(topic, (str,))]))
        if signed_between is not None:
            lower = parse_bounds(signed_between[0])[0]
            upper = parse_bounds(signed_between[1])[1]
            # agreements are in signature order (by its latest day): those whose signature
            # ends in range are the positions start..stop (a signature that ends before
            # `lower` began before it too); only their signature's start is left to judge
            start = bisect.bisect_left(self._signed_upper, lower)
            stop = min(bisect.bisect_right(self._signed_upper, upper), self._signed_count)
            signed_lower = self._signed_lower
            k = min(range(len(sets)), key=lambda k: len(sets[k]), default=None)
            if k is not None:  # the shortest index list so far (all are sorted): slice it
                found = sets[k]
                assert isinstance(found, list)
                found = found[bisect.bisect_left(found, start) : bisect.bisect_left(found, stop)]
                sets[k] = [i for i in found if signed_lower[i] >= lower]
            else:
                sets.append([i for i in range(start, stop) if signed_lower[i] >= lower])
        day = self.day(on).day  # a bad day is an error even when no status is asked for
        one_party = party_ids[0] if len(set(party_ids)) == 1 else None
        if party_status is not None and one_party is None:
            raise FilterError(
                "party_status is the standing of one party: give exactly one `party` "
                f"(given: {len(set(party_ids))}); `status` is the agreement's own"
            )
        if party_status is not None:
            # the status as a party stands: among its agreements (the parties' index is in
            # `sets`), each judged by that party's own changes, built once per agreement
            wanted = self._statuses_wanted(party_status)
            k = min(range(len(sets)), key=lambda k: len(sets[k]))
            if len(sets[k]) * _JUDGE_COST < in_parties:
                # few candidates: judge each by the party's own changes
                right, changes = bisect.bisect_right, self._party_changes
                mine: list[int] = []
                agreements = self._agreements
                for i in sets[k]:  # (the shortest list may hold agreements of other parties)
                    for p in party_ids:
                        if p not in agreements[i].parties:
                            continue
                        when, then = changes(i, p)
                        if then[right(when, day) - 1] in wanted:
                            mine.append(i)
                            break
                sets[k] = mine if isinstance(sets[k], list) else set(mine)
            else:  # from each party's intervals, as a status alone is found
                held: set[int] = set()
                for p in dict.fromkeys(party_ids):
                    index = self._party_index(p)
                    for w in wanted:
                        held |= _holding(index, w, day)
                sets.append(held)
        if status is not None:
            wanted = self._statuses_wanted(status)
            k = min(range(len(sets)), key=lambda k: len(sets[k]), default=None)
            work = sum(_work(self._statuses, w, day) for w in wanted)
            if k is not None and len(sets[k]) * _JUDGE_COST < work:
                # judge the few candidates the other indexes left, each by its timeline
                days, statuses, right = (
                    self._statuses.change_days,
                    self._statuses.change_statuses,
                    bisect.bisect_right,
                )
                kept = [i for i in sets[k] if statuses[i][right(days[i], day) - 1] in wanted]
                sets[k] = kept if isinstance(sets[k], list) else set(kept)  # lists stay sorted
            else:
                found_set: set[int] = set()
                for w in wanted:
                    found_set |= self._with_status(w, day)
                sets.append(found_set)
        if text is not None:
            sets.append(self._matching_text(text))
        if not sets:
            return Selection(self, self._agreements, on, one_party, party_status is not None)
        sets.sort(key=len)
        result = sets[0] if isinstance(sets[0], list) else sorted(sets[0])
        for other in sets[1:]:
            if not result:
                break
            result = _intersect(result, other)
        return Selection(self, self._pick(result), on, one_party, party_status is not None)

    def _statuses_wanted(self, status: Status | str | Iterable[Status | str]) -> frozenset[Status]:
        return frozenset(status_named(value) for value in _values(status, (str, Status)))

    def _kind(self, kind: str) -> list[int]:
        from treatyreg._fileformat import KINDS

        key = fold(kind)
        found = self._by_kind.get(key)
        if found is not None:
            return found
        if key in {fold(k) for k in KINDS}:
            return []  # a kind of the file format that no agreement here has
        raise _unknown("kind", kind, sorted({*KINDS, *(a.kind for a in self._agreements)}))

    def _topic(self, topic: str) -> list[int]:
        found = self._by_topic.get(fold(topic))
        if found is not None:
            return found
        raise _unknown("topic", topic, sorted({t for a in self._agreements for t in a.topics}))

    def _pick(self, positions: Sequence[int]) -> tuple[Agreement, ...]:
        """The agreements at these positions (itemgetter: no Python loop per agreement)."""
        if len(positions) < 2:
            return tuple(self._agreements[i] for i in positions)
        found: tuple[Agreement, ...] = operator.itemgetter(*positions)(self._agreements)
        return found

    # -- notebooks ---------------------------------------------------------------------
    def to_dataframe(self, on: str | dt.date | FuzzyDate | None = None) -> pd.DataFrame:
        """One row per agreement, status on `on` (needs `treatyreg[pandas]`).

        See `treatyreg.frames.to_dataframe` for the columns and their dtypes.
        """
        from treatyreg.frames import to_dataframe

        return to_dataframe(self, on)

    def participation_dataframe(self, on: str | dt.date | FuzzyDate | None = None) -> pd.DataFrame:
        """One row per agreement and party, its status on `on` (needs `treatyreg[pandas]`).

        See `treatyreg.frames.participation_dataframe` for the columns.
        """
        from treatyreg.frames import participation_dataframe

        return participation_dataframe(self, on)

    def phases_dataframe(self, on: str | dt.date | FuzzyDate | None = None) -> pd.DataFrame:
        """One row per phase of each agreement up to `on` (needs `treatyreg[pandas]`).

        See `treatyreg.frames.phases_dataframe` for the columns.
        """
        from treatyreg.frames import phases_dataframe

        return phases_dataframe(self, on)

    def events_dataframe(self) -> pd.DataFrame:
        """One row per event (needs `treatyreg[pandas]`); see `treatyreg.frames`."""
        from treatyreg.frames import events_dataframe

        return events_dataframe(self)

    def check(self) -> list[Diagnostic]:
        """The registry's cross-record problems (unknown ids, duplicates, impossible
        lifecycles, …), as `validate` finds them in files; for a registry built in Python,
        where no file gives a place, each at line and column 0. [] when it is sound.

        >>> import treatyreg
        >>> treatyreg.load_default().check()
        []
        """
        from treatyreg._checks import check_registry

        return check_registry(self)

    def _repr_html_(self) -> str:
        from treatyreg.display import registry_html

        return registry_html(self)

    def statuses_on(self, day: str | dt.date | FuzzyDate) -> dict[str, Status | None]:
        """Every agreement's status on `day`, from the precomputed timelines.

        >>> import treatyreg
        >>> treatyreg.load_default().statuses_on("2019-12-17")["ru-so-2017-units-entry"]
        <Status.IN_FORCE: 'in_force'>
        """
        d = parse_day(day)
        index = self._statuses
        days, statuses, right = index.change_days, index.change_statuses, bisect.bisect_right
        return {a.id: statuses[i][right(days[i], d) - 1] for i, a in enumerate(self._agreements)}
