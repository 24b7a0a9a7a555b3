"""Rules across records: references resolve, ids are unique, lifecycles are possible.

Runs on the records of every file of a registry at once (`Records`: what
`treatyreg._convert` read from a file, or a registry built in Python), so that duplicates
and references across files are found; reports at the place each file's locator gives for
the offending value. Records that could not be built (`_convert.Broken`) take part with what
they hold. The work
is bounded whatever the input: near-linear in the records, and at most
`Limits.max_problems` diagnostics per file.
"""

from __future__ import annotations

import difflib
import functools
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Final, Protocol

import attrs

from treatyreg._fileformat import (
    ID_RE,
    RECORDS,
    ValueKind,
    language_problem,
    unshown_in,
    unshown_problem,
)
from treatyreg._reading import Limits, yaml_problem
from treatyreg.diagnostics import Diagnostic, quote
from treatyreg.lifecycle import (
    ACTIONS,
    WITHOUT_SIGNATURE,
    Action,
    Effect,
    Means,
    ends,
    event_order,
    has_party_timelines,
    is_multilateral,
)
from treatyreg.model import (
    Agreement,
    EntryIntoForceRule,
    Event,
    Party,
    RelationType,
    ReportedTotal,
    Source,
    name_key,
)

if TYPE_CHECKING:
    from treatyreg.registry import Registry

__all__ = ["Records", "check", "check_registry"]


class Broken(Protocol):
    """A record that could not be built: its record name, its values, and its parent's."""

    @property
    def name(self) -> str: ...
    @property
    def values(self) -> dict[str, Any]: ...
    @property
    def parent(self) -> dict[str, Any] | None: ...


class Records(Protocol):
    """The records of one file, as the checks read them, and the file's locator."""

    @property
    def path(self) -> str: ...
    @property
    def parties(self) -> Sequence[Party]: ...
    @property
    def sources(self) -> Sequence[Source]: ...
    @property
    def agreements(self) -> Sequence[Agreement]: ...
    @property
    def reported_totals(self) -> Sequence[ReportedTotal]: ...
    @property
    def broken(self) -> Sequence[Broken]: ...
    @property
    def limits(self) -> Limits: ...
    @property
    def complete(self) -> bool:
        """False when the file could not be read to its end."""

    @property
    def diagnostics(self) -> Sequence[Diagnostic]:
        """The problems its reading found (they count toward its `max_problems`)."""

    def order(self, obj: object) -> int | None:
        """Where the record (or a broken one's values) is in the file; None if not in it."""

    def position(
        self, obj: object, key: str | None = None, item: str | None = None
    ) -> tuple[int, int]:
        """Line and column of a record, of one of its values or of one item of a list."""

    def reported(self, obj: object, key: str) -> bool:
        """Whether the record's `key` has a value that reading reported and left out."""


@attrs.frozen
class _InPython:
    """The records of a registry built in Python: no file, so no line and column (0, 0)."""

    parties: Sequence[Party]
    sources: Sequence[Source]
    agreements: Sequence[Agreement]
    reported_totals: Sequence[ReportedTotal]
    path: str = "<registry>"
    broken: Sequence[Broken] = ()
    limits: Limits = attrs.Factory(Limits)
    complete: bool = True
    diagnostics: Sequence[Diagnostic] = ()

    def order(self, obj: object) -> int | None:
        return None

    def position(
        self, obj: object, key: str | None = None, item: str | None = None
    ) -> tuple[int, int]:
        return 0, 0

    def reported(self, obj: object, key: str) -> bool:
        return False


# An unknown id of each kind: its code and how messages name the kind.
_UNKNOWN: Final = {"party": "TR201", "source": "TR202", "agreement": "TR203"}
# Per record: the keys that hold ids of other records, and the keys of nested records.
_REFS: Final = {
    name: [(f.key, f.refers) for f in r.fields if f.refers] for name, r in RECORDS.items()
}
_NESTED: Final = {
    name: [
        (f.key, f.record, f.kind is ValueKind.RECORD)
        for f in r.fields
        if f.kind in (ValueKind.RECORD_LIST, ValueKind.RECORD) and f.record
    ]
    for name, r in RECORDS.items()
}
# What `walk` resolves: an event's party is checked against its agreement's parties instead.
_WALKED_REFS: Final = {
    name: [(key, kind) for key, kind in refs if (name, key) != ("event", "party")]
    for name, refs in _REFS.items()
}
_ACTIONS: Final = {str(a): a for a in Action}
# Characters that do not show, or reorder the text around them: in a name they make two
# names that look the same differ (or one look like another).
_INVISIBLE: Final = re.compile(
    "[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
_PROVISIONAL: Final = (Action.PROVISIONALLY_APPLIED, Action.PROVISIONAL_APPLICATION_TERMINATED)
_CYCLE_SHOWN: Final = 8  # ids shown in a cycle's message
# What may come before the signature of every party: the adoption of the text, statements.
_BEFORE_SIGNATURE: Final = frozenset(
    {
        Action.SIGNED,
        Action.ADOPTED,
        Action.RESERVATION,
        Action.DECLARATION,
        Action.OBJECTION,
    }
)


def _may_precede_signature(event: Event) -> bool:
    """Whether a step may come before the signature of every party: the adoption of the
    text, a statement, a consent by accession, succession or definitive signature."""
    if event.action is Action.RATIFIED:
        return (event.means or Means.RATIFICATION) in WITHOUT_SIGNATURE
    return event.action in _BEFORE_SIGNATURE


class _Fields:
    """A broken record's values read as attributes, like a built record's (a key it lacks
    reads as None), so that one walk checks both."""

    __slots__ = ("values",)

    def __init__(self, values: dict[str, Any]) -> None:
        self.values = values

    def __getattr__(self, key: str) -> Any:
        return self.values.get(key)


class _Suggestions:
    """ "did you mean" for unknown ids, from an index of the known ones by character
    trigrams: a few candidates per unknown id instead of a comparison with every id."""

    _COMMON: Final = 100  # a trigram shared by more ids than this does not tell them apart
    _CANDIDATES: Final = 20
    _BUDGET: Final = 1_000  # distinct unknown ids given a suggestion in one run

    def __init__(self, known: Iterable[str]) -> None:
        # well-formed ids only (at most 128 characters): a malformed one, kept as written
        # and reported already, may be megabytes long
        self.known = sorted(i for i in known if ID_RE.fullmatch(i))
        self.index: dict[str, list[str]] | None = None
        self.memo: dict[str, str | None] = {}

    @staticmethod
    def grams(word: str) -> set[str]:
        padded = f"\0{word}\0"
        return {padded[i : i + 3] for i in range(len(padded) - 2)}

    def __call__(self, word: str) -> str | None:
        if word in self.memo:
            return self.memo[word]
        if len(self.memo) >= self._BUDGET or not ID_RE.fullmatch(word):
            return None
        if len(self.known) <= self._CANDIDATES:
            candidates = self.known
        else:
            if self.index is None:
                self.index = {}
                for ident in self.known:
                    for gram in self.grams(ident):
                        self.index.setdefault(gram, []).append(ident)
            counts: Counter[str] = Counter()
            for gram in self.grams(word):
                posting = self.index.get(gram, [])
                if len(posting) <= self._COMMON:
                    counts.update(posting)
            candidates = [ident for ident, _ in counts.most_common(self._CANDIDATES)]
        close = difflib.get_close_matches(word, candidates, n=1)
        found = self.memo[word] = close[0] if close else None
        return found


class _Checker:
    def __init__(self, files: Sequence[Records], complete: bool, room: int | None) -> None:
        self.files = files
        self.room_left = room
        # Unknown ids are reported only when every file was read: an id may be defined in
        # a file that could not be.
        self.complete = complete and all(f.complete for f in files)
        self.diagnostics: list[Diagnostic] = []
        self.counts = {f.path: len(f.diagnostics) for f in files}
        self.full: set[str] = set()  # files that reached `max_problems`
        self.ids: dict[str, set[str]] = {}
        self.suggest: dict[str, _Suggestions] = {}
        self.last_parties: tuple[Sequence[str] | None, frozenset[str]] = (None, frozenset())

    # -- reporting, bounded ------------------------------------------------------------
    def room(self, file: Records) -> bool:
        """Whether `file` may get another diagnostic (checked before costly work)."""
        return file.path not in self.full

    def diag(
        self,
        file: Records,
        obj: object,
        key: str | None,
        code: str,
        message: str,
        hint: str | None = None,
        item: str | None = None,
    ) -> None:
        if file.path in self.full:
            return
        line, column = file.position(_unwrap(obj), key, item)  # a broken one: its values
        if self.room_left is not None:
            if self.room_left <= 0:  # the registry's problems in all: no more anywhere
                self.full.update(self.counts)
                total = file.limits.max_total_problems
                self.diagnostics.append(
                    yaml_problem("too many in all", file.path, line, column, limit=total)
                )
                return
            self.room_left -= 1
        self.diagnostics.append(Diagnostic.of(file.path, line, column, code, message, hint))
        count = self.counts[file.path] = self.counts[file.path] + 1
        limit = file.limits.max_problems
        if count >= limit:
            self.full.add(file.path)
            self.diagnostics.append(
                yaml_problem("too many problems", file.path, line, column, limit=limit)
            )

    def where(self, file: Records, obj: object) -> str:
        obj = _unwrap(obj)
        if file.order(obj) is None:
            return file.path
        return f"{file.path}:{file.position(obj)[0]}"

    # -- ids and names -----------------------------------------------------------------
    def records(self, file: Records, kind: str, name: str) -> list[Any]:
        """The records of one kind in a file, built and broken, in file order."""
        built: list[Any] = getattr(file, kind)
        broken = [_Fields(b.values) for b in file.broken if b.name == name]
        if not broken:
            return built
        return sorted(built + broken, key=lambda r: file.order(_unwrap(r)) or 0)

    def unique_ids(self) -> None:
        for kind, name in (
            ("parties", "party"),
            ("sources", "source"),
            ("agreements", "agreement"),
        ):
            first: dict[str, tuple[Records, object]] = {}
            for file in self.files:
                for record in self.records(file, kind, name):
                    ident = record.id
                    if type(ident) is not str:
                        continue
                    if ident in first:
                        f0, o0 = first[ident]
                        self.diag(
                            file,
                            record,
                            "id",
                            "TR200",
                            f"duplicate id {quote(ident)} among {kind}",
                            f"first defined at {self.where(f0, o0)}",
                        )
                    else:
                        first[ident] = (file, record)
            self.ids[name] = set(first)
            self.suggest[name] = _Suggestions(first)

    def party_names(self) -> None:
        owner: dict[str, str] = {}
        for file in self.files:
            for party in self.records(file, "parties", "party"):
                if type(party.id) is not str:
                    continue
                for key, name in _names(party):
                    shown = None if key != "aliases" else name
                    bad = _INVISIBLE.search(name)
                    if bad:
                        self.diag(
                            file,
                            party,
                            key,
                            "TR213",
                            f"name {quote(name)} of party {quote(party.id)} holds the invisible "
                            f"character U+{ord(bad[0]):04X}",
                            "remove it: a name must read as it looks",
                            item=shown,
                        )
                    other = owner.setdefault(name_key(name), party.id)
                    if other != party.id:
                        self.diag(
                            file,
                            party,
                            key,
                            "TR212",
                            f"name {quote(name)} of party "
                            f"{quote(party.id)} is also a name of party {quote(other)}",
                            "a name must find one party",
                            item=shown,
                        )

    # -- references --------------------------------------------------------------------
    def refs(self, file: Records, record: Any, key: str, ids: Iterable[str], kind: str) -> None:
        known = self.ids[kind]
        for ident in ids:
            if ident in known or not self.room(file):
                continue
            close = self.suggest[kind](ident)
            hint = f"did you mean {quote(close)}?" if close else f"no {kind} has this id"
            self.diag(
                file,
                record,
                key,
                _UNKNOWN[kind],
                f"unknown {kind} id {quote(ident)}",
                hint,
                item=ident,
            )

    def walk(self, file: Records, name: str, record: Any, parent: Any) -> None:
        """The references of one record and of the records nested in it (a built record,
        or a broken one as `_Fields`)."""
        if self.complete:
            ids = self.ids
            for key, kind in _WALKED_REFS[name]:
                value = getattr(record, key)
                if not value:
                    continue
                if type(value) is not str:
                    if not ids[kind].issuperset(value):
                        self.refs(file, record, key, value, kind)
                elif value == parent.id:  # a relation's target
                    self.diag(file, record, key, "TR210", f"{quote(value)} relates to itself")
                elif value not in ids[kind]:
                    self.refs(file, record, key, (value,), kind)
        if name == "event":
            self.event_party(file, record, parent)
        walk = self.walk
        for key, nested, one in _NESTED[name]:
            items = getattr(record, key)
            if items:
                for item in (items,) if one else items:
                    walk(file, nested, item, record)

    def event_party(self, file: Records, event: Any, agreement: Any) -> None:
        party, parties = event.party, agreement.parties
        if party is None:
            action = _ACTIONS.get(event.action)
            if action is not None and ACTIONS[action].needs_party:
                self.diag(
                    file,
                    event,
                    None,
                    "TR205",
                    f"`{action}` needs the `party` that took the step",
                    f"one of: {_some(parties)}" if parties else None,
                )
        elif parties is not None and party not in self.party_set(parties):
            self.diag(
                file,
                event,
                "party",
                "TR204",
                f"party {quote(party)} is not a party to "
                + (quote(agreement.id) if type(agreement.id) is str else "the agreement"),
                f"parties: {_some(parties)}",
            )

    def party_set(self, parties: Sequence[str]) -> frozenset[str]:
        """An agreement's parties as a set, made once for the events of one agreement
        (they are walked one after another): a look-up per event, not a scan of the list,
        which made a convention of 5,000 parties quadratic."""
        if parties is not self.last_parties[0]:
            self.last_parties = (parties, frozenset(parties))
        return self.last_parties[1]

    def references(self) -> None:
        for file in self.files:
            for total in file.reported_totals:
                self.walk(file, "reported_total", total, None)
            for a in file.agreements:
                self.walk(file, "agreement", a, None)
            for broken in file.broken:
                parent = _Fields(broken.parent or {})
                self.walk(file, broken.name, _Fields(broken.values), parent)

    # -- lifecycles ----------------------------------------------------------------------
    def lifecycle(self, file: Records, a: Agreement | _Fields) -> None:
        """Impossible orders of an agreement's events (a broken agreement's built ones too)."""
        events: tuple[Event, ...] = a.events or ()
        parties: tuple[str, ...] = a.parties or ()
        name = quote(a.id) if type(a.id) is str else "the agreement"
        per_party = has_party_timelines(events, parties)
        # with per-party timelines, a signature without a party is every party's; else
        # (two parties, or a file written before) every `signed` is the agreement's
        signed = [
            e for e in events if e.action is Action.SIGNED and (e.party is None or not per_party)
        ]
        for extra in signed[1:]:
            self.diag(
                file,
                extra,
                "action",
                "TR211",
                f"{name} has more than one `signed` event",
                "keep one; give other sources' dates as `alternatives`",
            )
        if signed:
            signature = signed[0].date
            for event in events:
                if event.upper < signature.lower and not (
                    _may_precede_signature(event) if per_party else event.action is Action.SIGNED
                ):
                    self.diag(
                        file,
                        event,
                        "date",
                        "TR206",
                        f"`{event.action}` on "
                        f"{event.date} is definitely before the signature on {signature}",
                        "check both dates and their sources",
                    )
        for event in events:
            if (
                event.means is None
                and event.notified is None
                and not event.territories
                and event.territorial is None
            ):
                continue  # nearly every event
            self.event_keys(file, event)
        rule = getattr(a, "entry_into_force_rule", None)
        if rule is not None:
            self.entry_rule(file, name, rule, events, parties)
        if per_party:
            self.participation(file, name, events, parties, signed[0] if signed else None)
        suspensions = sorted(e.lower for e in events if e.action is Action.SUSPENDED)
        ended = None
        for event in sorted(events, key=event_order):
            rule = ACTIONS[event.action]
            if ended is not None and event.lower > ended.upper:
                self.diag(
                    file,
                    event,
                    "date",
                    "TR208",
                    f"`{event.action}` on {event.date} "
                    f"comes after the agreement ended (`{ended.action}` on {ended.date})",
                )
            if rule.effect is Effect.RESUME:
                # impossible only when no suspension can come first: each resumption needs
                # one that may begin on or before its latest day
                if suspensions and suspensions[0] <= event.upper:
                    suspensions.pop(0)
                else:
                    self.diag(
                        file,
                        event,
                        "action",
                        "TR207",
                        f"`resumed` on {event.date} without a `suspended` event that can "
                        "come before it",
                    )
            elif ended is None and ends(event, parties):
                ended = event

    def event_keys(self, file: Records, event: Event) -> None:
        """The keys only some actions take (`ActionRule.keys`), on an action that does not
        (TR219), and `territories` with `territorial` (TR232)."""
        for key in ("means", "notified", "territories", "territorial"):
            if getattr(event, key) in (None, ()):
                continue
            if key not in ACTIONS[event.action].keys:
                allowed = ", ".join(f"`{a}`" for a, rule in ACTIONS.items() if key in rule.keys)
                self.diag(
                    file,
                    event,
                    key,
                    "TR219",
                    f"`{key}` is given on `{event.action}`; only {allowed} take it",
                )
            elif key in ("territories", "territorial") and event.party is None:
                self.diag(
                    file,
                    event,
                    key,
                    "TR219",
                    f"`{key}` is given on `{event.action}` without a `party`",
                    "the territories a step names are one party's",
                )
        if bool(event.territories) != (event.territorial is not None):
            missing = "territorial" if event.territories else "territories"
            if file.reported(event, missing):
                return  # given, with a value its reading already reported (TR102, TR104)
            self.diag(
                file,
                event,
                "territories" if event.territories else "territorial",
                "TR232",
                f"`{event.action}` on {event.date} needs `{missing}` too",
                "`territories` lists them; `territorial` says whether the step `excludes` "
                "them or `extends to` them",
            )

    def entry_rule(
        self,
        file: Records,
        name: str,
        rule: EntryIntoForceRule,
        events: Sequence[Event],
        parties: Sequence[str],
    ) -> None:
        """An entry-into-force rule: a period, on a multilateral agreement (TR230), and the
        explicit entries into force for a party that it contradicts (TR231)."""
        if not rule.after:
            return  # TR101 says it is missing
        if rule.period is None:
            self.diag(
                file,
                rule,
                "after",
                "TR230",
                f"the rule of {name} has `after: {rule.after}`, not a period",
                "write `N days` or `N months`, e.g. `6 months`",
            )
            return
        if not is_multilateral(parties):
            self.diag(
                file,
                rule,
                None,
                "TR230",
                f"{name} has an `entry_into_force_rule` but {len(parties)} part"
                f"{'y' if len(parties) == 1 else 'ies'}",
                "the rule dates each party's entry into force in a multilateral agreement",
            )
            return
        from treatyreg.derive import derived_date, derived_entries

        ordered = sorted(events, key=event_order)
        general = next(
            (e.date for e in ordered if e.action is Action.ENTERED_INTO_FORCE and not e.party),
            None,
        )
        consent: dict[str, Event] = {}  # each party's consent in its current membership
        for event in ordered:
            party = event.party
            if party is None:
                continue
            if event.action is Action.WITHDRAWN:
                consent.pop(party, None)
            elif event.action is Action.RATIFIED:
                consent.setdefault(party, event)
            elif event.action is Action.ENTERED_INTO_FORCE and party in consent:
                given = consent[party]
                if given.means is Means.SUCCESSION:
                    continue
                day = derived_date(rule, given.date, general)
                if day is not None and (event.upper < day.lower or event.lower > day.upper):
                    self.diag(
                        file,
                        event,
                        "date",
                        "TR231",
                        f"the entry into force for {quote(party)} on {event.date} is not the "
                        f"{day} that {rule.article} gives for its {given.means or 'ratification'}"
                        f" on {given.date}",
                        "check the date, the consent's date and the rule",
                    )
        if general is None:
            return
        early = [
            e
            for made in derived_entries(events, parties, rule).values()
            for e in made
            if e.upper < general.lower
        ]
        if early:
            first = early[0]
            self.diag(
                file,
                rule,
                "applies_after" if rule.applies_after is not None else "after",
                "TR234",
                f"the rule of {name} puts {len(early)} part{'y' if len(early) == 1 else 'ies'}"
                f" in force before its general entry into force on {general} (first: "
                f"{quote(first.party or '')} on {first.date})",
                "check `applies_after` (the day the treaty's condition was met) and the "
                "general entry into force",
            )

    def participation(
        self,
        file: Records,
        name: str,
        events: Sequence[Event],
        parties: Sequence[str],
        general: Event | None,
    ) -> None:
        """Each party's own steps, in order: one signature, a consent after it (unless by
        accession, succession or definitive signature), an entry into force for it after
        its consent and the general one, a withdrawal after a consent (agreements with
        per-party timelines only)."""
        mine: dict[str, list[Event]] = {}
        general_entry = None
        general_provisional: list[Event] = []
        for event in sorted(events, key=event_order):
            if event.party is not None:
                mine.setdefault(event.party, []).append(event)
            elif event.action is Action.ENTERED_INTO_FORCE and general_entry is None:
                general_entry = event
            elif event.action is Action.PROVISIONALLY_APPLIED:
                general_provisional.append(event)
        listed = set(parties)
        for party, steps in mine.items():
            if party not in listed:
                continue  # TR204 says it is not a party
            who = quote(party)
            consents = [e for e in steps if e.action is Action.RATIFIED]
            entries = [e for e in steps if e.action is Action.ENTERED_INTO_FORCE]
            signatures = [e for e in steps if e.action is Action.SIGNED]
            own_signatures = list(signatures)
            if general is not None:
                signatures.append(general)
            signature = general
            consent: Event | None = None
            left_once = False
            unsigned: Event | None = None  # its signature withdrawn, not signed again since
            # the provisional applications that may come before an end of one
            ended: Event | None = None  # its last end of a provisional application
            provisional = [
                *general_provisional,
                *(e for e in steps if e.action is Action.PROVISIONALLY_APPLIED),
            ]
            for event in steps:
                action = event.action
                if action in _PROVISIONAL:
                    self.provisional(file, event, who, signatures, consents, provisional, ended)
                    if action is Action.PROVISIONAL_APPLICATION_TERMINATED:
                        ended = event
                if action is Action.SIGNED:
                    if signature is not None:
                        self.diag(
                            file,
                            event,
                            "action",
                            "TR216",
                            f"{who} signs {name} a second time (first on {signature.date})",
                            "keep one; give other sources' dates as `alternatives`",
                        )
                    else:
                        signature = event
                    if unsigned is not None and unsigned.upper < event.lower:
                        unsigned = None
                elif action is Action.RATIFIED:
                    means = event.means or Means.RATIFICATION
                    if (
                        unsigned is not None
                        and means not in WITHOUT_SIGNATURE
                        and unsigned.upper < event.lower
                    ):
                        self.diag(
                            file,
                            event,
                            "date",
                            "TR223",
                            f"the {means} of {who} on {event.date} comes after it withdrew "
                            f"its signature on {unsigned.date}",
                            "a state that withdrew its signature joins by accession: give "
                            "`means: accession`",
                        )
                    elif consent is not None:
                        self.diag(
                            file,
                            event,
                            "action",
                            "TR216",
                            f"{who} consents to {name} a second time (first on {consent.date}) "
                            "with no withdrawal between",
                            "keep one; give other sources' dates as `alternatives`",
                        )
                    elif means not in WITHOUT_SIGNATURE and not signatures:
                        self.diag(
                            file,
                            event,
                            "means",
                            "TR214",
                            f"{who}'s {means} on {event.date} has no signature before it",
                            "record its signature, or give `means: accession` (or "
                            "succession, definitive_signature)",
                        )
                    elif (
                        own_signatures
                        and means not in WITHOUT_SIGNATURE
                        and all(event.upper < s.lower for s in own_signatures)
                    ):
                        self.diag(
                            file,
                            event,
                            "date",
                            "TR214",
                            f"{who}'s {means} on {event.date} is definitely before its "
                            f"signature on {own_signatures[0].date}",
                            "an accession, succession or definitive signature needs no "
                            "signature: give it as `means`",
                        )
                    consent = consent or event
                elif action is Action.ENTERED_INTO_FORCE:
                    self.own_entry(file, event, who, consents, general_entry)
                elif action is Action.WITHDRAWN:
                    notified = event.notified
                    if notified is not None and notified.lower > event.upper:
                        self.diag(
                            file,
                            event,
                            "notified",
                            "TR217",
                            f"{who}'s withdrawal was notified on {notified}, after it took "
                            f"effect on {event.date}",
                            "`date` is the day it takes effect; `notified` the day of notice",
                        )
                    # a consent, or an entry into force for it, that can come before
                    joined = [*consents, *entries]
                    if left_once and consent is None:
                        self.diag(
                            file,
                            event,
                            "date",
                            "TR217",
                            f"{who} withdraws from {name} again on {event.date} with no "
                            "consent since it last withdrew",
                        )
                    elif not any(c.lower <= event.upper for c in joined):
                        self.diag(
                            file,
                            event,
                            "date",
                            "TR217",
                            f"{who} withdraws from {name} on {event.date} with no consent "
                            "before it",
                            "record its ratification, accession or succession first",
                        )
                    consent, left_once = None, True  # a party that left may consent again
                elif action is Action.SIGNATURE_WITHDRAWN:
                    unsigned = event
                    if not any(s.lower <= event.upper for s in signatures):
                        self.diag(
                            file,
                            event,
                            "date",
                            "TR218",
                            f"{who} withdraws a signature on {event.date} with no signature "
                            "before it",
                        )
                    elif consent is not None and consent.upper < event.lower:
                        self.diag(
                            file,
                            event,
                            "date",
                            "TR218",
                            f"{who} withdraws its signature on {event.date}, after it "
                            f"consented on {consent.date}",
                            "a party that consented leaves by `withdrawn`",
                        )

    def provisional(
        self,
        file: Records,
        event: Event,
        who: str,
        signatures: list[Event],
        consents: list[Event],
        provisional: list[Event],
        ended: Event | None,
    ) -> None:
        """A party's provisional application: after its signature or consent; the end of
        one: after a provisional application (its own or the agreement's) that may come
        after the end before it (`ended`)."""
        if event.action is Action.PROVISIONALLY_APPLIED:
            if not any(s.lower <= event.upper for s in (*signatures, *consents)):
                self.diag(
                    file,
                    event,
                    "date",
                    "TR233",
                    f"{who} applies it provisionally on {event.date} with no signature or "
                    "consent before it",
                    "record the signature (or the consent) it applies it after",
                )
        elif not any(
            p.lower <= event.upper and (ended is None or p.upper >= ended.lower)
            for p in provisional
        ):
            self.diag(
                file,
                event,
                "date",
                "TR233",
                f"{who} ends its provisional application on {event.date} with none before it",
                "record the provisional application (`provisionally_applied` with `party`)",
            )

    def own_entry(
        self,
        file: Records,
        event: Event,
        who: str,
        consents: list[Event],
        general_entry: Event | None,
    ) -> None:
        """An entry into force for one party: not definitely before its consent (unless by
        succession, which may take effect from an earlier day) nor the general one."""
        if (
            consents
            and all(c.means is not Means.SUCCESSION for c in consents)
            and all(event.upper < c.lower for c in consents)
        ):
            self.diag(
                file,
                event,
                "date",
                "TR215",
                f"entry into force for {who} on {event.date} is definitely before its "
                f"consent on {consents[0].date}",
            )
        elif general_entry is not None and event.upper < general_entry.lower:
            self.diag(
                file,
                event,
                "date",
                "TR215",
                f"entry into force for {who} on {event.date} is definitely before the "
                f"general entry into force on {general_entry.date}",
            )

    def supersedes_cycles(self) -> None:
        """One TR209 per group of agreements that supersede each other in a circle (a
        strongly connected component), naming one cycle through it."""
        edges: dict[str, list[str]] = {}
        owner: dict[str, tuple[Records, Agreement]] = {}
        for file in self.files:
            for a in file.agreements:
                owner.setdefault(a.id, (file, a))
                for r in a.relations:
                    if r.type is RelationType.SUPERSEDES and r.target != a.id:
                        edges.setdefault(a.id, []).append(r.target)
        for component in _components(edges):
            cycle = _cycle_through(min(component), edges, component)
            file, a = owner[cycle[0]]
            names = [i if ID_RE.fullmatch(i) else quote(i, 40) for i in cycle[:_CYCLE_SHOWN]]
            shown = (
                [*names, names[0]]
                if len(cycle) <= _CYCLE_SHOWN
                else [*names, f"… ({len(cycle)} agreements in the cycle)"]
            )
            more = len(component) - len(cycle)
            hint = f"{more} more agreement(s) are in cycles with these" if more else None
            self.diag(
                file, a, "relations", "TR209", "cycle of `supersedes`: " + " -> ".join(shown), hint
            )

    def topic_spellings(self) -> None:
        """TR224: topics that differ only by a plural or a separator (`border` and
        `borders`, `foreign-policy` and `foreign_policy`): a filter on one misses the
        others. Reported where a spelling other than the most used one of its group is."""
        uses: Counter[str] = Counter()
        for file in self.files:
            for a in file.agreements:
                uses.update(a.topics)
        groups: dict[str, list[str]] = {}
        for topic in uses:
            groups.setdefault(topic_key(topic), []).append(topic)
        preferred = {}
        for spellings in groups.values():
            if len(spellings) > 1:
                best = min(spellings, key=lambda t: (-uses[t], t))
                preferred.update({t: best for t in spellings if t != best})
        if not preferred:
            return
        for file in self.files:
            for a in file.agreements:
                for topic in a.topics:
                    kept = preferred.get(topic)
                    if kept is not None:
                        self.diag(
                            file,
                            a,
                            "topics",
                            "TR224",
                            f"topic {quote(topic)} differs from {quote(kept)} only by a "
                            "plural or a separator",
                            f"use {quote(kept)} ({uses[kept]} agreement(s)): a filter on one "
                            "spelling misses the other",
                            item=topic,
                        )

    def unique_identifiers(self) -> None:
        """An external identifier names one record: TR220 where a second one carries it."""
        first: dict[str, tuple[Records, object]] = {}
        for file in self.files:
            records: list[Any] = [*file.parties, *file.agreements]  # in file order
            for record in records:
                if not record.identifiers:
                    continue
                for identifier in record.identifiers:
                    if identifier not in first:
                        first[identifier] = (file, record)
                        continue
                    f0, o0 = first[identifier]
                    self.diag(
                        file,
                        record,
                        "identifiers",
                        "TR220",
                        f"identifier {quote(identifier)} is carried by two records",
                        f"first at {self.where(f0, o0)}",
                        item=identifier,
                    )

    def unique_source_urls(self) -> None:
        """TR227 (warning): a source whose `url` another source already has: one page kept
        under two ids, so that its facts are split between them and a count of sources is
        wrong. Addresses are compared as given, a final `/` aside."""
        first: dict[str, tuple[Records, object]] = {}
        for file in self.files:
            for source in self.records(file, "sources", "source"):
                url = source.url
                if type(url) is not str:
                    continue
                key = url_key(url)
                if key not in first:
                    first[key] = (file, source)
                    continue
                f0, o0 = first[key]
                if source.id == getattr(o0, "id", None):
                    continue  # one source written twice: TR200 says so
                named = f"source {quote(source.id)}" if type(source.id) is str else "a source"
                self.diag(
                    file,
                    source,
                    "url",
                    "TR227",
                    f"{named} has the address of another source",
                    f"first at {self.where(f0, o0)}; keep one and cite it",
                )

    def iso_party_ids(self) -> None:
        """TR221: a party id that is another state's ISO 3166-1 code (alpha-2 or alpha-3):
        `SO` for South Ossetia is Somalia's code, and a join with any country-coded data
        would find Somalia. A party is that state when it says so (an `iso3166:` identifier
        with either of its codes) or one of its names shares a word with an ISO name of
        it (`_same_country`)."""
        countries = _iso_countries()
        for file in self.files:
            for party in self.records(file, "parties", "party"):
                if type(party.id) is not str:
                    continue
                country = countries.get(party.id.upper())
                if country is None:
                    continue
                alpha2, alpha3, names = country
                claimed = {
                    i.split(":", 1)[1].upper()
                    for i in party.identifiers or ()  # a broken record may lack them
                    if type(i) is str and i.startswith("iso3166:")
                }
                if claimed & {alpha2, alpha3}:
                    continue
                own = [name for key, name in _names(party) if key != "id"]
                if claimed or not _same_country(own, names):
                    self.diag(
                        file,
                        party,
                        "id",
                        "TR221",
                        f"party id {quote(party.id)} is the ISO 3166-1 code of {names[0]}"
                        f" ({alpha2}/{alpha3})",
                        "use its own ISO code, or a code ISO leaves to users (XAA to XZZ) "
                        "where it has none; iso3166:<code> in `identifiers` says which state "
                        "a party is",
                    )

    def text_in_python(self) -> None:
        """TR222 for a registry built in Python (a file's text is checked as it is read,
        `_convert`): every text value of every record, by the file format's table."""
        for file in self.files:
            if not isinstance(file, _InPython):
                continue
            for name, records in (
                ("party", file.parties),
                ("source", file.sources),
                ("agreement", file.agreements),
                ("reported_total", file.reported_totals),
            ):
                for record in records:
                    self.text_of(file, name, record)

    def text_of(self, file: Records, name: str, record: Any) -> None:
        for f in RECORDS[name].fields:
            value = getattr(record, f.key, None)
            if not value:
                continue
            if f.kind in (ValueKind.RECORD_LIST, ValueKind.RECORD) and f.record:
                for item in (value,) if f.kind is ValueKind.RECORD else value:
                    self.text_of(file, f.record, item)
                continue
            texts: tuple[str, ...]
            if f.kind is ValueKind.TEXT:
                texts = (value,)
            elif f.kind is ValueKind.TEXT_LIST:
                texts = value
            elif f.kind is ValueKind.TEXT_BY_LANGUAGE:  # (language tag, text) pairs
                texts = tuple(text for _, text in value)
            else:
                continue
            for text in texts:
                char = unshown_in(text, f.key, name == "party")
                if char is not None:
                    self.diag(file, record, f.key, "TR222", *unshown_problem(f.key, char))

    def titles(self) -> None:
        """TR225: a title's language tag that is not a well-formed BCP 47 tag, or one given
        twice (tags ignore case); TR226: `en` in `titles` repeating `title` (the English
        title is `title`'s: a second copy can only drift from it)."""
        for file in self.files:
            for a in self.records(file, "agreements", "agreement"):
                titles = a.titles
                if not titles or not self.room(file):
                    continue
                seen: dict[str, int] = {}
                for i, (tag, text) in enumerate(titles):
                    problem = language_problem(tag)
                    first = seen.setdefault(tag.lower(), i)
                    if problem is None and first != i:
                        problem = f"the language {quote(titles[first][0])} has a title already"
                    if problem is not None:
                        self.diag(
                            file,
                            a,
                            "titles",
                            "TR225",
                            f"language tag {quote(tag)} in `titles`: {problem}",
                            "give each language one BCP 47 tag: ru (Russian), os (Ossetian), "
                            "ab (Abkhaz), sr-Latn ...",
                            item=tag,
                        )
                    elif tag.lower() == "en" and text == a.title:
                        self.diag(
                            file,
                            a,
                            "titles",
                            "TR226",
                            "the `en` title repeats `title`",
                            "remove it: `title` is the English title",
                            item=tag,
                        )

    def lifecycles(self) -> None:
        for file in self.files:
            for a in self.records(file, "agreements", "agreement"):
                if self.room(file):
                    self.lifecycle(file, a)

    def run(self) -> list[Diagnostic]:
        # unique_ids first: the others look ids up in what it found
        checks = (
            self.unique_ids,
            self.unique_identifiers,
            self.unique_source_urls,
            self.topic_spellings,
            self.text_in_python,
            self.titles,
            self.party_names,
            self.iso_party_ids,
            self.references,
            self.lifecycles,
            self.supersedes_cycles,
        )
        for run in checks:
            try:
                run()
            except Exception as error:  # a bug of ours: said, and the other checks still run
                name = run.__name__.replace("_", " ")
                path = self.files[0].path if self.files else "<registry>"
                self.diagnostics.append(
                    Diagnostic.of(
                        path,
                        0,
                        0,
                        "TR299",
                        f"the check of {name} failed on this registry "
                        f"({type(error).__name__}: {quote(str(error))})",
                        "a bug in treatyreg: please report it with the file; the other checks ran",
                    )
                )
        return self.diagnostics


# Words whose -s form is a word of its own, not a plural: `customs` (duties) is not
# `custom`, `arms` (weapons) is not `arm`.
_NOT_PLURALS: Final = frozenset(
    {"customs", "news", "arms", "goods", "means", "affairs", "forces", "works", "damages"}
)


def topic_key(topic: str) -> str:
    """A topic without separators and with each word's plural made singular: `borders`,
    `border` and `border_s` share one key, as do `taxes` and `tax`, `treaties` and
    `treaty`; `customs` stays itself."""
    words = []
    for word in re.split(r"[-_.\s]+", topic.lower()):
        if word in _NOT_PLURALS:
            pass
        elif word.endswith("ies") and len(word) > 4:
            word = word[:-3] + "y"
        elif word.endswith("es") and len(word) > 4 and word[:-2].endswith(_ES_STEMS):
            word = word[:-2]
        elif word.endswith("s") and not word.endswith("ss") and len(word) > 3:
            word = word[:-1]
        words.append(word)
    return "".join(words)


def url_key(url: str) -> str:
    """A source's address as TR227 compares it: as given, a final `/` aside."""
    return url.rstrip("/")


# the stems that take -es: taxes, matches, wishes, glasses (`bases` is `base` + s)
_ES_STEMS: Final = ("x", "z", "ch", "sh", "ss")


def _some(ids: Sequence[str], most: int = 8) -> str:
    """Ids for a hint, each quoted and at most `most` of them: a hint stays short."""
    shown = ", ".join(quote(i, 40) for i in ids[:most])
    return shown + (f", … ({len(ids)} in all)" if len(ids) > most else "")


def _unwrap(record: Any) -> Any:
    return record.values if type(record) is _Fields else record


# Words that say what kind of state it is, not which one.
_GENERIC: Final = frozenset(
    {
        "the",
        "of",
        "and",
        "republic",
        "federal",
        "federation",
        "state",
        "states",
        "kingdom",
        "democratic",
        "people's",
        "peoples",
        "islamic",
        "united",
        "socialist",
        "commonwealth",
        "principality",
        "union",
        "arab",
        "grand",
        "duchy",
        "independent",
        "plurinational",
        "bolivarian",
        "hashemite",
    }
)


def _same_country(names: Iterable[str], iso_names: Iterable[str]) -> bool:
    """Whether one of `names` names the same country as one of `iso_names`: a word (other
    than "republic", "federal" and the like) that begins the same way in both, at least
    five letters ("Russia" and "Russian Federation"; not "South Ossetia" and "Somalia")."""

    def words(texts: Iterable[str]) -> set[str]:
        found = {w for t in texts for w in re.findall(r"[\w']+", name_key(t))}
        return {w[:5] for w in found - _GENERIC if len(w) >= 4}

    if {name_key(n) for n in names} & {name_key(n) for n in iso_names}:
        return True  # the same name ("United States": only generic words)
    return bool(words(names) & words(iso_names))


@functools.cache
def _iso_countries() -> dict[str, tuple[str, str, tuple[str, ...]]]:
    """ISO 3166-1 codes (alpha-2 and alpha-3) -> (alpha-2, alpha-3, names), from the table
    generated from pycountry's data (docs/gen_iso3166.py)."""
    from importlib import resources

    text = resources.files("treatyreg").joinpath("_iso3166.json").read_text(encoding="utf-8")
    found: dict[str, tuple[str, str, tuple[str, ...]]] = {}
    for alpha2, alpha3, names in json.loads(text)["countries"]:
        found[alpha2] = found[alpha3] = (alpha2, alpha3, tuple(names))
    return found


def _names(party: Party | _Fields) -> Iterator[tuple[str, str]]:
    """A party's names with the key each is under."""
    yield "id", party.id
    if type(party.name) is str:
        yield "name", party.name
    for alias in party.aliases or ():
        yield "aliases", alias


def _components(edges: dict[str, list[str]]) -> Iterator[set[str]]:
    """The strongly connected components of more than one node, in sorted order of their
    first node (Tarjan's algorithm, iteratively: no recursion limit)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[set[str]] = []
    for start in sorted(edges):
        if start in index:
            continue
        work: list[tuple[str, int]] = [(start, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            targets = edges.get(node, [])
            if i < len(targets):
                work.append((node, i + 1))
                nxt = targets[i]
                if nxt not in index:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            if work:  # back in the caller: pass the low link up
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(component)
    return iter(sorted(found, key=min))


def _cycle_through(start: str, edges: dict[str, list[str]], inside: set[str]) -> list[str]:
    """A shortest cycle from `start` back to it, within a strongly connected component."""
    came_from: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for nxt in edges.get(node, []):
                if nxt == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(came_from[path[-1]])
                    return path[::-1]
                if nxt in inside and nxt not in came_from:
                    came_from[nxt] = node
                    following.append(nxt)
        frontier = following
    return [start]  # pragma: no cover - a strongly connected component has a cycle


def check_registry(registry: Registry) -> list[Diagnostic]:
    """The cross-record rules applied to a registry built in Python rather than read from
    files: the same diagnostics, with path `<registry>` and line and column 0.

    >>> from treatyreg import Agreement, Event, FuzzyDate, Registry
    >>> a = Agreement("a", "A", "treaty", ("RU",), sources=("s1",))
    >>> [(d.code, d.message) for d in check_registry(Registry([a]))]
    [('TR201', "unknown party id 'RU'"), ('TR202', "unknown source id 's1'")]
    """
    file = _InPython(registry.parties, registry.sources, list(registry), registry.reported_totals)
    return check([file])


def check(
    files: Sequence[Records], *, complete: bool = True, room: int | None = None
) -> list[Diagnostic]:
    """Every cross-record problem of a registry made of `files`; `complete=False` when some
    of its files could not be read at all (then no id is reported as unknown); at most
    `room` problems in all (then one TR008 says so), and `Limits.max_problems` per file."""
    return _Checker(files, complete, room).run()
