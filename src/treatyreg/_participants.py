"""Every party's participation in a multilateral agreement, from one pass over its events.

Asked party by party, a party's status and its last evidence each rescanned every event
of the agreement: a chart, an export or `parties_on` of a convention of N parties took
time in N times its events (issue 22). `Participants` sorts and groups the events once
(`lifecycle.timelines`) and folds a party's timeline from its own steps and the
agreement-wide ones when that party is first asked about; a status on a day is then a
bisection of that timeline, the last evidence a bisection of the party's own dates. Asking
about every party costs one pass over the events; asking about one costs about what it did.
`of(agreement)` keeps the last few agreements' `Participants`, by identity, so that every
output asking about every party of one agreement pays for one pass.

The cache is this module's, not the agreement's: an agreement's equality, hash and pickle
are its fields alone (`treatyreg._pickling`).
"""

from __future__ import annotations

import bisect
import datetime as dt
import threading
import weakref
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Final

from treatyreg.lifecycle import Status, Timelines, timelines

if TYPE_CHECKING:
    from treatyreg.dates import FuzzyDate
    from treatyreg.model import Agreement, DerivedEntry, Event

__all__ = ["Participants", "of"]

Changes = tuple[tuple[dt.date, ...], tuple[Status | None, ...]]


class _Dated:
    """Dates sorted so that the latest certain by a day is a bisection away: by their
    latest day, their earliest, then *against* their place (`rank`), so that the last
    of the ones certain by a day is the latest, the first given among equals."""

    __slots__ = ("dates", "ranks", "uppers")

    def __init__(self, dated: list[tuple[FuzzyDate, int]]) -> None:
        dated.sort(key=lambda d: (d[0].upper, d[0].lower, -d[1]))
        self.dates = [d for d, _ in dated]
        self.ranks = [r for _, r in dated]
        self.uppers = [d.upper for d, _ in dated]

    def latest(self, day: dt.date) -> tuple[FuzzyDate, int] | None:
        """The latest date certain by `day` and its rank (the first given among equals)."""
        i = bisect.bisect_right(self.uppers, day)
        return (self.dates[i - 1], self.ranks[i - 1]) if i else None


def _later(
    a: tuple[FuzzyDate, int] | None, b: tuple[FuzzyDate, int] | None
) -> tuple[FuzzyDate, int] | None:
    """The later of two dates by their bounds; of equal ones, that of the lower rank."""
    if a is None or b is None:
        return a if b is None else b
    ka, kb = (a[0].upper, a[0].lower), (b[0].upper, b[0].lower)
    if ka != kb:
        return a if ka > kb else b
    return a if a[1] <= b[1] else b


class Participants:
    """Every party's status over time and last evidence in one agreement, from one pass.

    >>> import treatyreg
    >>> reg = treatyreg.load("tests/data/example-convention.yaml")
    >>> found = Participants(reg["example-convention"])
    >>> str(found.status("BI", dt.date(2018, 1, 1))), str(found.status("DE", dt.date(2018, 1, 1)))
    ('withdrawn', 'in_force')
    >>> str(found.last_evidence("BI", dt.date(2018, 1, 1)))
    '2017-10-27'
    """

    __slots__ = (
        "_changes",
        "_dates",
        "_derived",
        "_events",
        "_rule",
        "_sources",
        "_steps",
        "_timelines",
        "parties",
        "ruled",
    )

    def __init__(self, agreement: Agreement) -> None:
        self.parties = agreement.parties
        self._events = agreement.events
        self._sources = agreement.sources
        self._rule = rule = agreement.entry_into_force_rule
        # whether the rule dates each consent (`lifecycle.party_fold`'s `ruled`)
        self.ruled = rule is not None and rule.period is not None and len(self.parties) > 2
        self._derived: dict[str, tuple[DerivedEntry, ...]] | None = None
        self._steps: tuple[Event, ...] | None = None
        self._timelines: Timelines | None = None  # sorted and grouped when first asked
        self._changes: dict[str, Changes] = {}  # each party's, folded when first asked
        # the dates grouped by party when a second party's last evidence is asked for
        # (None: none asked for yet; False: one, by a pass over the events)
        self._dates: _Dates | bool | None = None

    @property
    def derived(self) -> Mapping[str, tuple[DerivedEntry, ...]]:
        """Each party's entries into force that the agreement's `entry_into_force_rule`
        gives (`treatyreg.derive.derived_entries`), derived once."""
        if self._derived is None:
            from treatyreg.derive import derived_entries

            self._derived = derived_entries(self._events, self.parties, self._rule)
        return self._derived

    @property
    def steps(self) -> tuple[Event, ...]:
        """The agreement's events and the entries into force its rule gives: what every
        party's status is folded from."""
        if self._steps is None:
            derived = self.derived
            self._steps = (
                self._events + tuple(e for made in derived.values() for e in made)
                if derived
                else self._events
            )
        return self._steps

    def changes(self, party: str) -> Changes:
        """`party`'s status changes: the days, and its status from each of them on."""
        found = self._changes.get(party)
        if found is None:
            if self._timelines is None:
                self._timelines = timelines(self.steps, self.parties, self.ruled)
            found = self._changes[party] = self._timelines.changes(party)
        return found

    def status(self, party: str, day: dt.date) -> Status | None:
        """`party`'s status on `day` (a listed party: `Agreement.party_status` checks)."""
        days, statuses = self.changes(party)
        return statuses[bisect.bisect_right(days, day) - 1]

    def all_changes(self) -> dict[str, Changes]:
        """Every party's status changes (`lifecycle.party_changes` of its `steps`)."""
        return {p: self.changes(p) for p in self.parties}

    def statuses(self, day: dt.date) -> dict[str, Status | None]:
        """Every party's status on `day`."""
        return {p: self.status(p, day) for p in self.parties}

    def last_evidence(
        self, party: str, day: dt.date, published: Mapping[str, FuzzyDate] | None = None
    ) -> FuzzyDate | None:
        """`evidence.last_evidence(agreement, day, published, party)`: the latest date
        certain by `day` of the party's own events and the agreement-wide ones (the first
        in the file among equal ones), unless a source they or the agreement cite was
        published later (the first by id among equal ones)."""
        dates = self._dates
        if dates is None:  # the first asked: one pass, as cheap as grouping would be
            self._dates = False
            return _scan(self._events, self._sources, party, day, published)
        if dates is False:
            dates = self._dates = _Dates(self._events, self._sources)
        assert isinstance(dates, _Dates)
        found = _later(dates.everyone.latest(day), dates.own(party, day))
        if published:
            best = _first_published(
                (dates.everyone_cites, dates.cited.get(party, ())), day, published
            )
            if best is not None and (
                found is None or (best.upper, best.lower) > (found[0].upper, found[0].lower)
            ):
                return best
        return None if found is None else found[0]


class _Dates:
    """An agreement's dates grouped once for every party's last evidence: the dates of the
    agreement-wide events (no party) and of each party's own, ranked by their place in the
    file, and the sources each cites."""

    __slots__ = ("_dated", "_own", "cited", "everyone", "everyone_cites")

    def __init__(self, events: tuple[Event, ...], sources: tuple[str, ...]) -> None:
        everyone: list[tuple[FuzzyDate, int]] = []
        self._own: dict[str, list[tuple[FuzzyDate, int]]] = {}
        self._dated: dict[str, _Dated] = {}  # a party's own, sorted when first asked
        cites: dict[str, set[str]] = {}
        everyone_cites: set[str] = set(sources)
        for i, e in enumerate(events):
            if e.party is None:
                everyone.append((e.date, i))
                everyone_cites.update(e.sources)
            else:
                self._own.setdefault(e.party, []).append((e.date, i))
                cites.setdefault(e.party, set()).update(e.sources)
        self.everyone = _Dated(everyone)
        self.everyone_cites = tuple(everyone_cites)
        self.cited = {p: tuple(c - everyone_cites) for p, c in cites.items()}

    def own(self, party: str, day: dt.date) -> tuple[FuzzyDate, int] | None:
        dated = self._dated.get(party)
        if dated is None:
            own = self._own.get(party)
            if own is None:
                return None
            dated = self._dated[party] = _Dated(own)
        return dated.latest(day)


def _first_published(
    groups: Iterable[Iterable[str]], day: dt.date, published: Mapping[str, FuzzyDate]
) -> FuzzyDate | None:
    """The latest publication date certain by `day` of these sources; of equal ones, that
    of the first source by id."""
    best: FuzzyDate | None = None
    best_id = ""
    for ids in groups:
        for sid in ids:
            d = published.get(sid)
            if (
                d is not None
                and d.upper <= day
                and (
                    best is None
                    or (d.upper, d.lower) > (best.upper, best.lower)
                    or ((d.upper, d.lower) == (best.upper, best.lower) and sid < best_id)
                )
            ):
                best, best_id = d, sid
    return best


def _scan(
    events: tuple[Event, ...],
    sources: tuple[str, ...],
    party: str,
    day: dt.date,
    published: Mapping[str, FuzzyDate] | None,
) -> FuzzyDate | None:
    """One party's last evidence by one pass over the events (`Participants.last_evidence`)."""
    found: tuple[FuzzyDate, int] | None = None
    cited: set[str] = set(sources)
    for i, e in enumerate(events):
        if e.party is None or e.party == party:
            cited.update(e.sources)
            d = e.date
            if d.upper <= day and (
                found is None or (d.upper, d.lower) > (found[0].upper, found[0].lower)
            ):
                found = (d, i)
    if published:
        best = _first_published((cited,), day, published)
        if best is not None and (
            found is None or (best.upper, best.lower) > (found[0].upper, found[0].lower)
        ):
            return best
    return None if found is None else found[0]


# The agreements whose participants were made last, by identity: id -> (a weak
# reference that tells a new object at a reused id apart, its Participants).
_KEEP: Final = 8
_kept: dict[int, tuple[weakref.ref[Agreement], Participants]] = {}
_lock = threading.Lock()


def of(agreement: Agreement) -> Participants:
    """The agreement's `Participants`, made once while it is among the last few made.

    >>> import treatyreg
    >>> reg = treatyreg.load("tests/data/example-convention.yaml")
    >>> of(reg["example-convention"]) is of(reg["example-convention"])
    True
    """
    key = id(agreement)
    found = _kept.get(key)
    if found is not None and found[0]() is agreement:
        return found[1]
    made = Participants(agreement)
    with _lock:
        _kept.pop(key, None)
        while len(_kept) >= _KEEP:
            del _kept[next(iter(_kept))]  # the one made first
        _kept[key] = (weakref.ref(agreement), made)
    return made
