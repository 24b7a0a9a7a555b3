"""What a status rests on: the day it is judged on, and the latest dated evidence behind it.

A registry knows what its sources reported, up to the last of them. A status judged on a
later day is the status *last known*: nothing later was found, which is not the same as
"still so". Every status treatyreg shows therefore comes with

- the day it was judged on (`AsOf`): a day asked for, else the registry's own `as_of` day
  (the day its data was last reviewed), else today; and the reason for that day;
- its **last evidence** (`Assessment.last_evidence`): the latest date, certain by that day,
  of the agreement's events (for a party of a multilateral treaty: its own steps and the
  agreement-wide ones) and of the publication of the sources it cites;
- a **stale** flag: the status can still change (it is not an ending) and its last evidence
  is more than `STALE_AFTER_YEARS` years before the day; such a status is shown as
  "last known".

>>> import datetime as dt
>>> from treatyreg import FuzzyDate, Status
>>> on = AsOf(dt.date(2026, 12, 1), "as_of")
>>> str(Assessment(Status.IN_RATIFICATION, on, FuzzyDate.parse("2011-10-06")))
'last known: in ratification (last evidence 2011-10-06)'
>>> str(on)
"2026-12-01 (the registry's as-of day)"
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Final, Literal

import attrs

from treatyreg._participants import of as participants_of
from treatyreg.dates import FuzzyDate, parse_day
from treatyreg.lifecycle import FINAL, Status, is_multilateral
from treatyreg.model import Agreement, Event

__all__ = ["STALE_AFTER_YEARS", "AsOf", "Assessment", "Scope", "last_evidence"]

STALE_AFTER_YEARS: Final = 5
"""A status that can still change is "last known" when its last evidence is older than this."""

Basis = Literal["given", "as_of", "today"]

_BASIS: Final[dict[str, str]] = {
    "given": "the day asked for",
    "as_of": "the registry's as-of day",
    "today": "today",
}


@attrs.frozen
class AsOf:
    """The day a status is judged on, and why that day: `"given"` (asked for), `"as_of"`
    (the registry's declared day) or `"today"` (neither).

    >>> AsOf.resolve(None, dt.date(2026, 12, 1)).basis, AsOf.resolve("2020-01-01", None).day
    ('as_of', datetime.date(2020, 1, 1))
    """

    day: dt.date
    basis: Basis

    @classmethod
    def resolve(cls, on: str | dt.date | FuzzyDate | None, as_of: dt.date | None) -> AsOf:
        """The one rule: a day asked for, else the registry's `as_of`, else today."""
        if on is not None:
            return cls(parse_day(on), "given")
        if as_of is not None:
            return cls(as_of, "as_of")
        return cls(dt.date.today(), "today")

    @property
    def reason(self) -> str:
        """Why this day, in words: "the day asked for", "the registry's as-of day", "today"."""
        return _BASIS[self.basis]

    def __str__(self) -> str:
        return f"{self.day.isoformat()} ({self.reason})"


def _latest(dates: Iterable[FuzzyDate | None], day: dt.date) -> FuzzyDate | None:
    best: FuzzyDate | None = None
    for d in dates:
        if (
            d is not None
            and d.upper <= day
            and (best is None or (d.upper, d.lower) > (best.upper, best.lower))
        ):
            best = d
    return best


def last_evidence(
    agreement: Agreement,
    day: dt.date,
    published: Mapping[str, FuzzyDate] | None = None,
    party: str | None = None,
) -> FuzzyDate | None:
    """The latest date certain by `day` among the agreement's events and the publication
    (`published`: source id -> date) of the sources it cites; with `party`, among that
    party's own events, the agreement-wide ones and the sources they and the agreement
    itself cite. None when nothing is certain by `day`. Of equal dates, the first event's
    in the file, else the source's first by id.

    >>> import treatyreg
    >>> reg = treatyreg.load_default()
    >>> a = reg["ru-so-2017-units-entry"]
    >>> str(last_evidence(a, dt.date(2018, 6, 1)))   # events only: the Russian ratification
    '2018-01-31/2018-02-05'
    >>> published = {s.id: s.published for s in reg.sources if s.published}
    >>> str(last_evidence(a, dt.date(2018, 6, 1), published))   # a report of 7 February
    '2018-02-07'
    """
    if party is not None and is_multilateral(agreement.parties):
        # every party's dates grouped once (`_participants`), not rescanned for each
        return participants_of(agreement).last_evidence(party, day, published)
    events, cited = counted(agreement, party)
    found = _latest((e.date for e in events), day)
    if published:
        ordered = sorted(cited)  # of equal dates, the first source by id
        from_sources = _latest((published.get(s) for s in ordered), day)
        if from_sources is not None and (
            found is None or (from_sources.upper, from_sources.lower) > (found.upper, found.lower)
        ):
            return from_sources
    return found


def counted(agreement: Agreement, party: str | None = None) -> tuple[Sequence[Event], set[str]]:
    """What a status's evidence is drawn from: the agreement's events and the sources it
    cites; with `party`, that party's own events, the agreement-wide ones, and the sources
    they and the agreement itself cite."""
    if party is None:
        return agreement.events, set(agreement.cited)
    events = [e for e in agreement.events if e.party is None or e.party == party]
    return events, {s for e in events for s in e.sources} | set(agreement.sources)


def stale_after(evidence: dt.date) -> dt.date:
    """The last day a status resting on evidence of `evidence` is not yet stale: the day
    `STALE_AFTER_YEARS` years later (statuses that can still change only)."""
    return _years_later(evidence, STALE_AFTER_YEARS)


def _years_later(day: dt.date, years: int) -> dt.date:
    """`day` moved `years` later (29 February to 28 February), at most `date.max`."""
    if day.year + years > dt.date.max.year:
        return dt.date.max
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@attrs.frozen
class Assessment:
    """A status on a day, with the last evidence it rests on.

    >>> import treatyreg
    >>> reg = treatyreg.load_default()
    >>> found = reg.assess("ru-so-2017-units-entry", on="2017-12-01")
    >>> str(found)
    'in ratification (last evidence 2017-07-12)'
    >>> found.stale, found.on.basis
    (False, 'given')
    """

    status: Status | None
    on: AsOf
    last_evidence: FuzzyDate | None

    @property
    def stale(self) -> bool:
        """Whether the status can still change and its last evidence is more than
        `STALE_AFTER_YEARS` years before the day it is judged on."""
        if self.status is None or self.status in FINAL or self.last_evidence is None:
            return False
        return stale_after(self.last_evidence.upper) < self.on.day

    @property
    def label(self) -> str:
        """The status in words: "in force", "last known: in ratification" (stale), or
        "not concluded" (no status: the sources show no signature by then)."""
        if self.status is None:
            return "not concluded"
        words = str(self.status).replace("_", " ")
        return f"last known: {words}" if self.stale else words

    @property
    def evidence(self) -> str:
        """ "last evidence 2011-10-06", or "no evidence by 2026-12-01"."""
        if self.last_evidence is None:
            return f"no evidence by {self.on.day.isoformat()}"
        return f"last evidence {self.last_evidence.text}"

    def __str__(self) -> str:
        return f"{self.label} ({self.evidence})"


@attrs.frozen
class Scope:
    """What an output shows: some agreements, the day their statuses are judged on, the
    sources' publication dates their evidence counts, and the registry's name (None for
    agreements that belong to no live registry). `Registry.scope` makes one.

    >>> import treatyreg
    >>> reg = treatyreg.load_default()
    >>> scope = reg.filter(kind="treaty").scope("2020-01-01")
    >>> scope.name, str(scope.on), str(scope.assess(reg["ru-so-2017-units-entry"]))
    ('bundled', '2020-01-01 (the day asked for)', 'in force (last evidence 2019-12-17)')
    """

    agreements: tuple[Agreement, ...]
    on: AsOf
    published: Mapping[str, FuzzyDate] = attrs.Factory(dict)
    name: str | None = None

    def assess(self, agreement: Agreement, party: str | None = None) -> Assessment:
        """The agreement's status on the day (or one party's), with its last evidence."""
        day = self.on.day
        a = agreement
        status = a.status_on(day) if party is None else a.party_status(party, day)
        return Assessment(status, self.on, last_evidence(agreement, day, self.published, party))

    @property
    def caption(self) -> str:
        """ "as of 2026-12-01 (the registry's as-of day); source: treatyreg registry NAME"."""
        source = f"treatyreg registry {self.name}" if self.name else "treatyreg"
        return f"as of {self.on}; source: {source}"
