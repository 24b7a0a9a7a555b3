"""Tests for treatyreg.lifecycle: the table of actions and the fold from events to status."""

from __future__ import annotations

import bisect
import datetime as dt
import itertools

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from treatyreg import Action, Status
from treatyreg.lifecycle import ACTIONS, PHASE_ORDER, Effect, fold_status, status_changes

D = dt.date
BILATERAL = ("RU", "XSO")
TRILATERAL = ("RU", "XSO", "XAB")


@attrs.frozen
class Step:
    action: Action
    party: str | None
    lower: D
    upper: D


def step(action: Action, day: D, party: str | None = None, lower: D | None = None) -> Step:
    return Step(action, party, lower or day, day)


SIGN = step(Action.SIGNED, D(2017, 3, 31))
DAY = D(2030, 1, 1)


def test_table_covers_every_action() -> None:
    """Every action has exactly one row, and the party rule matches DESIGN.md."""
    assert set(ACTIONS) == set(Action)
    needs_party = {a for a, rule in ACTIONS.items() if rule.needs_party}
    assert needs_party == {
        Action.SUBMITTED_FOR_RATIFICATION,
        Action.APPROVED,
        Action.RATIFIED,
        Action.WITHDRAWN,
        Action.SIGNATURE_WITHDRAWN,
        Action.RESERVATION,
        Action.DECLARATION,
        Action.OBJECTION,
        Action.PROVISIONAL_APPLICATION_TERMINATED,
    }


@pytest.mark.parametrize("rule", list(ACTIONS.values()), ids=lambda r: str(r.action))
def test_each_action_after_signature(rule: object) -> None:
    """Every action, alone after a signature, leads to the status its table row names."""
    assert isinstance(rule, type(ACTIONS[Action.SIGNED]))
    steps = [SIGN]
    if rule.action is Action.RESUMED:  # resuming needs something in force, then suspended
        steps.append(step(Action.ENTERED_INTO_FORCE, D(2017, 6, 1)))
        steps.append(step(Action.SUSPENDED, D(2018, 1, 1)))
    steps.append(step(rule.action, D(2019, 1, 1), party="RU" if rule.needs_party else None))
    got = fold_status(steps, BILATERAL, DAY)
    expected = Status.IN_RATIFICATION if rule.effect is Effect.DOMESTIC else rule.status
    if rule.effect in (Effect.NOTE, Effect.END_PROVISIONAL) or rule.action is Action.ADOPTED:
        # a statement changes nothing, nor does ending what was not applied; adoption
        # comes before
        expected = Status.SIGNED
    assert got is expected


@pytest.mark.parametrize(
    ("steps", "parties", "expected"),
    [
        ([], BILATERAL, None),
        ([SIGN], BILATERAL, Status.SIGNED),
        (
            [SIGN, step(Action.SUBMITTED_FOR_RATIFICATION, D(2017, 4, 1), "RU")],
            BILATERAL,
            Status.IN_RATIFICATION,
        ),
        ([SIGN, step(Action.APPROVED, D(2017, 4, 1), "RU")], BILATERAL, Status.IN_RATIFICATION),
        ([SIGN, step(Action.RATIFIED, D(2017, 4, 1), "RU")], BILATERAL, Status.IN_RATIFICATION),
        (
            [
                SIGN,
                step(Action.RATIFIED, D(2017, 4, 1), "RU"),
                step(Action.RATIFIED, D(2017, 5, 1), "XSO"),
            ],
            BILATERAL,
            Status.RATIFIED,
        ),
        (
            [
                SIGN,
                step(Action.RATIFIED, D(2017, 4, 1), "RU"),
                step(Action.RATIFIED, D(2017, 5, 1), "XSO"),
            ],
            TRILATERAL,
            Status.IN_RATIFICATION,
        ),
        (
            [SIGN, step(Action.PROVISIONALLY_APPLIED, D(2017, 4, 1))],
            BILATERAL,
            Status.PROVISIONALLY_APPLIED,
        ),
        (
            [
                SIGN,
                step(Action.PROVISIONALLY_APPLIED, D(2017, 4, 1)),
                step(Action.ENTERED_INTO_FORCE, D(2018, 1, 1)),
            ],
            BILATERAL,
            Status.IN_FORCE,
        ),
        (
            [
                SIGN,
                step(Action.ENTERED_INTO_FORCE, D(2018, 1, 1)),
                step(Action.SUSPENDED, D(2019, 1, 1)),
            ],
            BILATERAL,
            Status.SUSPENDED,
        ),
        (
            [
                SIGN,
                step(Action.ENTERED_INTO_FORCE, D(2018, 1, 1)),
                step(Action.SUSPENDED, D(2019, 1, 1)),
                step(Action.RESUMED, D(2020, 1, 1)),
            ],
            BILATERAL,
            Status.IN_FORCE,
        ),
        (
            [
                SIGN,
                step(Action.ENTERED_INTO_FORCE, D(2018, 1, 1)),
                step(Action.WITHDRAWN, D(2019, 1, 1), "XSO"),
            ],
            BILATERAL,
            Status.TERMINATED,
        ),
        (
            [
                SIGN,
                step(Action.ENTERED_INTO_FORCE, D(2018, 1, 1)),
                step(Action.WITHDRAWN, D(2019, 1, 1), "XSO"),
            ],
            TRILATERAL,
            Status.IN_FORCE,
        ),
        (
            [
                SIGN,
                step(Action.ENTERED_INTO_FORCE, D(2018, 1, 1)),
                step(Action.TERMINATED, D(2019, 1, 1)),
            ],
            BILATERAL,
            Status.TERMINATED,
        ),
        ([SIGN, step(Action.EXPIRED, D(2019, 1, 1))], BILATERAL, Status.EXPIRED),
        ([SIGN, step(Action.SUPERSEDED, D(2019, 1, 1))], BILATERAL, Status.SUPERSEDED),
        # a year-only signature and an exact ratification inside that year: never backwards
        (
            [
                step(Action.SIGNED, D(2009, 12, 31), lower=D(2009, 1, 1)),
                step(Action.RATIFIED, D(2009, 10, 1), "RU"),
            ],
            BILATERAL,
            Status.IN_RATIFICATION,
        ),
        # in force by a report's day, though the day it began is unknown
        (
            [SIGN, step(Action.ENTERED_INTO_FORCE, D(2019, 12, 17), lower=D.min)],
            BILATERAL,
            Status.IN_FORCE,
        ),
    ],
)
def test_transitions(steps: list[Step], parties: tuple[str, ...], expected: Status | None) -> None:
    """The DESIGN.md rules, one transition at a time."""
    assert fold_status(steps, parties, DAY) is expected


class TestDefinitelyHappened:
    def test_year_only_signature_inside_the_year(self) -> None:
        """A signature known only as `2009` has not definitely happened until 2009-12-31."""
        signed = step(Action.SIGNED, D(2009, 12, 31), lower=D(2009, 1, 1))
        assert fold_status([signed], BILATERAL, D(2009, 6, 1)) is None
        assert fold_status([signed], BILATERAL, D(2009, 12, 30)) is None
        assert fold_status([signed], BILATERAL, D(2009, 12, 31)) is Status.SIGNED

    def test_event_counts_on_its_upper_day(self) -> None:
        """An event counts on the day of its upper bound, not the day before."""
        force = step(Action.ENTERED_INTO_FORCE, D(2019, 12, 17), lower=D.min)
        assert fold_status([SIGN, force], BILATERAL, D(2019, 12, 16)) is Status.SIGNED
        assert fold_status([SIGN, force], BILATERAL, D(2019, 12, 17)) is Status.IN_FORCE


class TestPartyStatus:
    def test_own_steps_only(self) -> None:
        """A party's status counts its own ratification, not the other's."""
        steps = [SIGN, step(Action.RATIFIED, D(2017, 7, 12), "XSO")]
        assert fold_status(steps, BILATERAL, DAY, for_party="XSO") is Status.RATIFIED
        assert fold_status(steps, BILATERAL, DAY, for_party="RU") is Status.SIGNED

    def test_withdrawal_from_multilateral(self) -> None:
        """A party that withdrew from a multilateral agreement written without per-party
        timelines sees it terminated (its old meaning); the others stay in it."""
        steps = [
            SIGN,
            step(Action.ENTERED_INTO_FORCE, D(2018, 1, 1)),
            step(Action.WITHDRAWN, D(2019, 1, 1), "XAB"),
        ]
        assert fold_status(steps, TRILATERAL, DAY, for_party="XAB") is Status.TERMINATED
        assert fold_status(steps, TRILATERAL, DAY, for_party="RU") is Status.IN_FORCE


days = st.dates(min_value=D(2000, 1, 1), max_value=D(2040, 1, 1))


@st.composite
def step_lists(draw: st.DrawFn) -> list[Step]:
    out = []
    for _ in range(draw(st.integers(0, 8))):
        action = draw(st.sampled_from(list(Action)))
        a, b = sorted([draw(days), draw(days)])
        party = draw(st.sampled_from(BILATERAL)) if ACTIONS[action].needs_party else None
        out.append(Step(action, party, a, b))
    return out


@given(step_lists(), days, st.randoms())
def test_order_in_the_file_does_not_matter(steps: list[Step], day: D, rnd: object) -> None:
    """The fold sorts by date: shuffling the events never changes a status."""
    shuffled = list(steps)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    assert fold_status(steps, BILATERAL, day) is fold_status(shuffled, BILATERAL, day)


@given(step_lists(), days, days)
def test_only_definite_events_count(steps: list[Step], day: D, extra_day: D) -> None:
    """Adding an event that has not definitely happened by `day` never changes the status."""
    later = Step(Action.TERMINATED, None, day, max(day, extra_day) + dt.timedelta(days=1))
    assert fold_status([*steps, later], BILATERAL, day) is fold_status(steps, BILATERAL, day)


@given(step_lists(), days, days)
def test_phase_never_goes_back(steps: list[Step], d1: D, d2: D) -> None:
    """Without suspensions or endings, the phase reached only moves forward in time."""
    phases = [s for s in steps if ACTIONS[s.action].effect in (Effect.PHASE, Effect.DOMESTIC)]
    early, late = sorted([d1, d2])
    a, b = fold_status(phases, BILATERAL, early), fold_status(phases, BILATERAL, late)
    if a is not None:
        assert b is not None
        assert PHASE_ORDER[b] >= PHASE_ORDER[a]


@pytest.mark.parametrize(
    ("suspended", "resumed"),
    [(D(2019, 12, 31), D(2019, 6, 1)), (D(2019, 5, 31), D(2019, 5, 20))],
)
def test_resumption_dated_more_exactly_than_its_suspension(suspended: D, resumed: D) -> None:
    """`suspended: 2019` then `resumed: 2019-06-01`: in force again once both happened,
    though the resumption's latest day is earlier than the suspension's."""
    steps = [
        SIGN,
        step(Action.ENTERED_INTO_FORCE, D(2018, 1, 1)),
        step(Action.SUSPENDED, suspended, lower=suspended.replace(day=1, month=1)),
        step(Action.RESUMED, resumed),
    ]
    assert fold_status(steps, BILATERAL, D(2020, 1, 1)) is Status.IN_FORCE


@given(step_lists(), st.sampled_from([BILATERAL, TRILATERAL]))
def test_status_changes_is_the_fold_on_every_day(
    steps: list[Step], parties: tuple[str, ...]
) -> None:
    """The one-pass timeline gives, for every day (each step's days and the days around
    them), the status that folding the events up to that day gives."""
    changes, statuses = status_changes(steps, parties)
    assert changes[0] == D.min
    assert statuses[0] is None
    assert all(a < b for a, b in itertools.pairwise(changes))
    assert all(a != b for a, b in itertools.pairwise(statuses))
    one = dt.timedelta(days=1)
    probes = {d + k * one for s in steps for d in (s.lower, s.upper) for k in (-1, 0, 1)}
    for day in sorted(probes):
        expected = fold_status(steps, parties, day)
        assert statuses[bisect.bisect_right(changes, day) - 1] is expected


def test_a_provisional_application_and_its_end_on_one_day_end_it() -> None:
    """Applied provisionally and the application ended on the same day, in either order in
    the file: the end comes after the start (the table's rank), so the party is back to
    signed, as the rules say (a Hypothesis example of the lowest-versions CI run)."""
    import treatyreg
    from treatyreg.dates import FuzzyDate
    from treatyreg.model import Agreement, Event

    day = FuzzyDate.parse("2000-01-01")
    steps = [
        Event(Action.SIGNED, day, party="XB", sources=("s",)),
        Event(Action.PROVISIONAL_APPLICATION_TERMINATED, day, party="XB", sources=("s",)),
        Event(Action.PROVISIONALLY_APPLIED, day, party="XB", sources=("s",)),
    ]
    for events in (steps, [steps[0], steps[2], steps[1]]):
        a = Agreement("x", "X", "treaty", ("XA", "XB", "XC"), events=tuple(events), sources=("s",))
        assert a.party_status("XB", "2000-01-02") is treatyreg.Status.SIGNED
