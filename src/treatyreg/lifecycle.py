"""The lifecycle of an agreement as a table: what each action does to its status.

An agreement's status on a day is a fold over the events that *definitely* happened by
then (their date's `upper` day is on or before the day). The fold is order-insensitive for
the phase a treaty has reached (signed < in ratification < ratified < provisionally applied
< in force), so a year-only signature and an exact ratification in that same year cannot
move a status backwards; it is suspended while suspensions outnumber resumptions; the first ending
(termination, expiry, supersession, a party's withdrawal from a bilateral agreement) is final.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Iterator, Sequence
from typing import Final, Protocol

import attrs

__all__ = [
    "ACTIONS",
    "Action",
    "ActionRule",
    "Effect",
    "Status",
    "ends",
    "fold_status",
    "status_changes",
]


class Action(enum.StrEnum):
    """What an event records."""

    SIGNED = "signed"
    SUBMITTED_FOR_RATIFICATION = "submitted_for_ratification"
    APPROVED = "approved"
    RATIFIED = "ratified"
    PROVISIONALLY_APPLIED = "provisionally_applied"
    ENTERED_INTO_FORCE = "entered_into_force"
    SUSPENDED = "suspended"
    RESUMED = "resumed"
    WITHDRAWN = "withdrawn"
    TERMINATED = "terminated"
    EXPIRED = "expired"
    SUPERSEDED = "superseded"


class Status(enum.StrEnum):
    """What an agreement is on a day; a `StrEnum`, so `status == "in_force"` works.

    >>> Status.IN_FORCE == "in_force"
    True
    """

    SIGNED = "signed"
    IN_RATIFICATION = "in_ratification"
    RATIFIED = "ratified"
    PROVISIONALLY_APPLIED = "provisionally_applied"
    IN_FORCE = "in_force"
    SUSPENDED = "suspended"
    TERMINATED = "terminated"
    EXPIRED = "expired"
    SUPERSEDED = "superseded"


class Effect(enum.Enum):
    """The kind of change an action makes."""

    PHASE = "phase"  # raises the phase to `status`
    DOMESTIC = "domestic"  # one party's step towards ratification
    SUSPEND = "suspend"
    RESUME = "resume"
    END = "end"  # final: the status becomes `status`


@attrs.frozen
class ActionRule:
    """One row of the lifecycle table."""

    action: Action
    effect: Effect
    status: Status | None  # the status it leads to (None: depends on the parties)
    needs_party: bool
    rank: int  # the natural order of steps on one day


ACTIONS: Final[dict[Action, ActionRule]] = {
    rule.action: rule
    for rule in (
        ActionRule(Action.SIGNED, Effect.PHASE, Status.SIGNED, False, 0),
        ActionRule(Action.SUBMITTED_FOR_RATIFICATION, Effect.DOMESTIC, None, True, 1),
        ActionRule(Action.APPROVED, Effect.DOMESTIC, None, True, 2),
        ActionRule(Action.RATIFIED, Effect.DOMESTIC, None, True, 3),
        ActionRule(
            Action.PROVISIONALLY_APPLIED, Effect.PHASE, Status.PROVISIONALLY_APPLIED, False, 4
        ),
        ActionRule(Action.ENTERED_INTO_FORCE, Effect.PHASE, Status.IN_FORCE, False, 5),
        ActionRule(Action.SUSPENDED, Effect.SUSPEND, Status.SUSPENDED, False, 6),
        ActionRule(Action.RESUMED, Effect.RESUME, Status.IN_FORCE, False, 7),
        ActionRule(Action.WITHDRAWN, Effect.END, Status.TERMINATED, True, 8),
        ActionRule(Action.TERMINATED, Effect.END, Status.TERMINATED, False, 9),
        ActionRule(Action.EXPIRED, Effect.END, Status.EXPIRED, False, 10),
        ActionRule(Action.SUPERSEDED, Effect.END, Status.SUPERSEDED, False, 11),
    )
}

# The phases in the order a treaty moves through them.
PHASE_ORDER: Final[dict[Status, int]] = {
    Status.SIGNED: 0,
    Status.IN_RATIFICATION: 1,
    Status.RATIFIED: 2,
    Status.PROVISIONALLY_APPLIED: 3,
    Status.IN_FORCE: 4,
}


class Step(Protocol):
    """What the fold needs of an event."""

    @property
    def action(self) -> Action: ...
    @property
    def party(self) -> str | None: ...
    @property
    def upper(self) -> dt.date: ...
    @property
    def lower(self) -> dt.date: ...


def event_order(step: Step) -> tuple[dt.date, dt.date, int]:
    """The order steps are applied in: latest possible day, earliest, then the table's rank."""
    return (step.upper, step.lower, ACTIONS[step.action].rank)


def fold_status(
    steps: Iterable[Step], parties: Sequence[str], on: dt.date, *, for_party: str | None = None
) -> Status | None:
    """The status on `on`, from the steps that definitely happened by then.

    With `for_party`, the status as that party sees it: its own domestic steps and
    withdrawal count, other parties' do not.

    >>> import attrs, datetime as dt
    >>> @attrs.frozen
    ... class S:
    ...     action: Action; party: str | None; lower: dt.date; upper: dt.date
    >>> steps = [S(Action.SIGNED, None, dt.date(2017, 3, 31), dt.date(2017, 3, 31))]
    >>> fold_status(steps, ["RU", "SO"], dt.date(2017, 4, 1))
    <Status.SIGNED: 'signed'>
    """
    happened = sorted((s for s in steps if s.upper <= on), key=event_order)
    after_each = [status for _, status in _fold(happened, parties, for_party)]
    return after_each[-1] if after_each else None


def status_changes(
    steps: Iterable[Step], parties: Sequence[str]
) -> tuple[tuple[dt.date, ...], tuple[Status | None, ...]]:
    """The days the status changes (first: `date.min`) and the status from each of them on
    (first: None): `fold_status` for every day at once, in one pass over the sorted steps.

    >>> import attrs, datetime as dt
    >>> @attrs.frozen
    ... class S:
    ...     action: Action; party: str | None; lower: dt.date; upper: dt.date
    >>> day = dt.date(2017, 3, 31)
    >>> status_changes([S(Action.SIGNED, None, day, day)], ["RU", "SO"])
    ((datetime.date(1, 1, 1), datetime.date(2017, 3, 31)), (None, <Status.SIGNED: 'signed'>))
    """
    days = [dt.date.min]
    statuses: list[Status | None] = [None]
    for step, status in _fold(sorted(steps, key=event_order), parties, None):
        # steps are in day order: the status after a day's last step is the day's status
        if step.upper == days[-1]:
            statuses[-1] = status
        elif status != statuses[-1]:
            days.append(step.upper)
            statuses.append(status)
    # a day whose later steps undid its change (a suspension and its resumption)
    keep = [0] + [i for i in range(1, len(days)) if statuses[i] != statuses[i - 1]]
    return tuple(days[i] for i in keep), tuple(statuses[i] for i in keep)


def ends(step: Step, parties: Sequence[str], for_party: str | None = None) -> bool:
    """Whether `step` ends the agreement (for `for_party`, when given): termination, expiry
    and supersession always do; a withdrawal ends a bilateral agreement, and a multilateral
    one only for the party that withdrew.

    >>> import attrs, datetime as dt
    >>> @attrs.frozen
    ... class S:
    ...     action: Action
    ...     party: str | None = None
    >>> left, three = S(Action.WITHDRAWN, "RU"), ["RU", "SO", "AB"]
    >>> ends(left, ["RU", "SO"]), ends(left, three), ends(left, three, "RU")
    (True, False, True)
    """
    if ACTIONS[step.action].effect is not Effect.END:
        return False
    if step.action is Action.WITHDRAWN:
        return len(parties) <= 2 or step.party == for_party
    return True


def _fold(
    happened: Iterable[Step], parties: Sequence[str], for_party: str | None
) -> Iterator[tuple[Step, Status | None]]:
    """Each step in order with the status after it; stops after the step that ends it."""
    phase: Status | None = None
    ratified: set[str] = set()
    # Every resumption ends one suspension (validation makes sure one can precede it), so
    # the agreement is suspended while suspensions outnumber resumptions: counting, not
    # ordering, so a resumption dated more exactly than its suspension cannot jump ahead.
    suspensions = 0
    for step in happened:
        rule = ACTIONS[step.action]
        if rule.effect is Effect.END:
            if not ends(step, parties, for_party):
                # a multilateral agreement lives on for the others
                yield step, Status.SUSPENDED if suspensions > 0 else phase
                continue
            assert rule.status is not None
            yield step, rule.status
            return
        if rule.effect is Effect.SUSPEND:
            suspensions += 1
        elif rule.effect is Effect.RESUME:
            suspensions -= 1
        else:
            if rule.effect is Effect.DOMESTIC:
                if for_party is not None and step.party != for_party:
                    yield step, Status.SUSPENDED if suspensions > 0 else phase
                    continue
                if step.action is Action.RATIFIED and step.party is not None:
                    ratified.add(step.party)
                needed = {for_party} if for_party is not None else set(parties)
                reached = Status.RATIFIED if needed <= ratified else Status.IN_RATIFICATION
            else:
                assert rule.status is not None
                reached = rule.status
            if phase is None or PHASE_ORDER[reached] > PHASE_ORDER[phase]:
                phase = reached
        yield step, Status.SUSPENDED if suspensions > 0 else phase
