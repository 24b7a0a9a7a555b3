"""Each party's entry into force as its agreement's article says (`entry_into_force_rule`).

Depositary charts list each party's consent but seldom the day the treaty entered into
force for it; that day follows from the treaty's article ("on the first day of the sixth
month after the deposit of its instrument"). An agreement's `EntryIntoForceRule` says the
article's words as data, and `derived_entries` derives, for each membership of each party (its
steps up to a withdrawal, and after it), the entry into force that its first consent gives
where no explicit `entered_into_force` of that party does:

- a consent on or before the day the rule `applies_after` (default: the general entry into
  force) enters into force with the general entry into force;
- a later one on the day the period `after` it ends (calendar arithmetic: a month after
  31 January is the last day of February), moved to the first day of that month or of the
  next (`then`);
- none for a succession, none where the party withdrew before that day, and none where the
  day depends on a general entry into force that no event records.

A fuzzy consent gives a fuzzy day: the earliest and the latest of the days its possible
days give (docs/multilateral.md, "Entry into force for each party").
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Final

from treatyreg.dates import FuzzyDate
from treatyreg.lifecycle import Action, Means, event_order
from treatyreg.model import DerivedEntry, EntryIntoForceRule, Event

__all__ = ["add_period", "derived_date", "derived_entries", "rule_day"]

_ONE_DAY: Final = dt.timedelta(days=1)


def add_period(day: dt.date, count: int, unit: str) -> dt.date:
    """`day` plus `count` days or months (`unit`: "day" or "month"); a month added to a day
    its month lacks gives that month's last day; `date.max` past the calendar's end.

    >>> add_period(dt.date(2011, 1, 31), 1, "month"), add_period(dt.date(2012, 1, 31), 1, "month")
    (datetime.date(2011, 2, 28), datetime.date(2012, 2, 29))
    >>> add_period(dt.date(2016, 10, 5), 30, "day")
    datetime.date(2016, 11, 4)
    """
    if unit == "day":
        try:
            return day + dt.timedelta(days=count)
        except OverflowError:
            return dt.date.max
    years, month = divmod(day.month - 1 + count, 12)
    year = day.year + years
    if year > dt.MAXYEAR:
        return dt.date.max
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def rule_day(rule: EntryIntoForceRule, consent: dt.date) -> dt.date:
    """The day the rule gives for a consent on the day `consent` (a valid `period`);
    `date.max` when that is past the calendar's end.

    >>> rule = EntryIntoForceRule("6 months", "Article 17(2)", then="first_of_month")
    >>> rule_day(rule, dt.date(1998, 3, 31))
    datetime.date(1998, 9, 1)
    >>> rome = EntryIntoForceRule("60 days", "Article 126(2)", then="first_of_next_month")
    >>> rome_day = rule_day(rome, dt.date(2002, 11, 1))   # 60 days: 31 December
    >>> rome_day
    datetime.date(2003, 1, 1)
    """
    period = rule.period
    assert period is not None  # derived_entries() derives nothing from a rule without one
    end = add_period(consent, *period)
    if end == dt.date.max:
        return end
    if rule.then == "first_of_month":
        return end.replace(day=1)
    if rule.then == "first_of_next_month":
        return add_period(end.replace(day=1), 1, "month")
    return end


def derived_date(
    rule: EntryIntoForceRule, consent: FuzzyDate, general: FuzzyDate | None
) -> FuzzyDate | None:
    """The day (fuzzy where the consent or the general entry into force is) that `rule`
    gives for a consent of date `consent`, or None when that depends on a general entry
    into force (`general`) that is not known.

    Every day the consent may have been on is taken with every day the general entry into
    force (and so the default `applies_after`) may have been on; the result spans the
    earliest to the latest of the days they give.

    >>> rule = EntryIntoForceRule("6 months", "Article 17(2)", then="first_of_month",
    ...                           applies_after=dt.date(2010, 2, 16))
    >>> general = FuzzyDate.parse("2010-08-01")
    >>> [str(derived_date(rule, FuzzyDate.parse(d), general))
    ...  for d in ("2009-12-03", "2010-03-01", "2010-07")]
    ['2010-08-01', '2010-09-01', '2011-01-01']
    """
    cl = dt.date.min if consent.earliest is None else consent.lower
    cu = consent.upper
    if consent.latest is None:
        return None  # a consent with no latest day: no latest day it enters into force
    if rule.applies_after is not None:
        # with the general entry into force when the consent may be on or before the day,
        # by the rule when it may be after it
        first_after = rule.applies_after
        with_general = cl <= rule.applies_after
        by_rule = cu > rule.applies_after
    elif general is not None:
        # the day is the general entry into force's own, whichever day that was
        first_after = general.lower
        with_general = cl <= general.upper
        by_rule = cu > general.lower
    else:
        return None
    low, high = dt.date.max, dt.date.min
    if with_general:
        if general is None:
            return None
        if rule.applies_after is not None:
            low, high = general.lower, general.upper
        else:  # the consent is on or before the day: the days from the consent's on
            low, high = max(general.lower, cl), general.upper
    if by_rule:
        earliest = max(cl, first_after + _ONE_DAY) if first_after < dt.date.max else cl
        last = rule_day(rule, cu)
        if last == dt.date.max:
            return None  # past the calendar's end: no day treatyreg can give
        # an open start (`../DAY`) stays open: it may have been any day before
        low = dt.date.min if earliest == dt.date.min else min(low, rule_day(rule, earliest))
        high = max(high, last)
    return _span(low, high)


def _span(low: dt.date, high: dt.date) -> FuzzyDate:
    """The date from `low` to `high` (open at the start for `date.min`)."""
    if low == high and low > dt.date.min:
        return FuzzyDate.from_date(low)
    start = ".." if low == dt.date.min else low.isoformat()
    return FuzzyDate.parse(f"{start}/{high.isoformat()}")


def derived_entries(
    events: Iterable[Event], parties: Sequence[str], rule: EntryIntoForceRule | None
) -> dict[str, tuple[DerivedEntry, ...]]:
    """Each party's entries into force that `rule` gives (for each membership without an
    explicit one), in order; nothing without a rule or with a rule whose `after` is not a
    period (reported as TR230).

    >>> import treatyreg
    >>> reg = treatyreg.load("examples/ottawa-convention.yaml")
    >>> a = reg["ottawa-convention"]
    >>> [str(e.date) for e in derived_entries(a.events, a.parties, a.entry_into_force_rule)["FIN"]]
    ['2012-07-01']
    """
    if rule is None or rule.period is None:
        return {}
    ordered = sorted(events, key=event_order)
    general = next(
        (e.date for e in ordered if e.action is Action.ENTERED_INTO_FORCE and e.party is None),
        None,
    )
    own: dict[str, list[Event]] = {}
    for e in ordered:
        if e.party is not None:
            own.setdefault(e.party, []).append(e)
    found: dict[str, tuple[DerivedEntry, ...]] = {}
    listed = set(parties)
    for party, steps in own.items():
        if party not in listed:
            continue
        made = [
            entry
            for membership in _memberships(steps)
            if (entry := _entry(rule, membership, general)) is not None
        ]
        if made:
            found[party] = tuple(made)
    return found


def _memberships(steps: list[Event]) -> Iterable[tuple[list[Event], Event | None]]:
    """A party's steps in order, cut at each withdrawal: each membership's steps and the
    withdrawal that ended it (None for the last)."""
    current: list[Event] = []
    for e in steps:
        if e.action is Action.WITHDRAWN:
            yield current, e
            current = []
        else:
            current.append(e)
    yield current, None


def _entry(
    rule: EntryIntoForceRule,
    membership: tuple[list[Event], Event | None],
    general: FuzzyDate | None,
) -> DerivedEntry | None:
    steps, ended = membership
    consent = next((e for e in steps if e.action is Action.RATIFIED), None)
    if (
        consent is None
        or consent.means is Means.SUCCESSION
        or any(e.action is Action.ENTERED_INTO_FORCE for e in steps)
    ):
        return None
    day = derived_date(rule, consent.date, general)
    if day is None:
        return None
    made = DerivedEntry(
        Action.ENTERED_INTO_FORCE,
        day,
        party=consent.party,
        sources=rule.sources,
        article=rule.article,
        consent=consent,
    )
    if ended is not None and event_order(made) >= event_order(ended):
        return None  # it left before the treaty entered into force for it
    return made
