"""The lifecycle of an agreement as a table: what each action does to its status.

An agreement's status on a day is a fold over the events that *definitely* happened by
then (their date's `upper` day is on or before the day). The fold is order-insensitive for
the phase a treaty has reached (signed < in ratification < ratified < provisionally applied
< in force), so a year-only signature and an exact ratification in that same year cannot
move a status backwards; it is suspended while suspensions outnumber resumptions; the first ending
(termination, expiry, supersession, a party's withdrawal from a bilateral agreement) is final.

A multilateral agreement (more than two parties) also has a status for each party
(`party_fold`): its own signature, consent to be bound, entry into force for it and
withdrawal, by the rules of docs/lifecycle.md ("Multilateral agreements").
"""

from __future__ import annotations

import bisect
import datetime as dt
import enum
import heapq
from collections.abc import Iterable, Iterator, Sequence
from typing import Final, Protocol

import attrs

__all__ = [
    "ACTIONS",
    "FINAL",
    "Action",
    "ActionRule",
    "Effect",
    "Means",
    "Status",
    "ends",
    "fold_status",
    "has_party_timelines",
    "is_multilateral",
    "party_changes",
    "party_fold",
    "party_statuses",
    "status_changes",
    "status_from",
    "timelines",
]


class Action(enum.StrEnum):
    """What an event records."""

    ADOPTED = "adopted"
    SIGNED = "signed"
    SUBMITTED_FOR_RATIFICATION = "submitted_for_ratification"
    APPROVED = "approved"
    RATIFIED = "ratified"
    PROVISIONALLY_APPLIED = "provisionally_applied"
    PROVISIONAL_APPLICATION_TERMINATED = "provisional_application_terminated"
    ENTERED_INTO_FORCE = "entered_into_force"
    SUSPENDED = "suspended"
    RESUMED = "resumed"
    WITHDRAWN = "withdrawn"
    TERMINATED = "terminated"
    EXPIRED = "expired"
    SUPERSEDED = "superseded"
    SIGNATURE_WITHDRAWN = "signature_withdrawn"
    RESERVATION = "reservation"
    DECLARATION = "declaration"
    OBJECTION = "objection"


class Means(enum.StrEnum):
    """How a party consented to be bound (the `means` of a `ratified` event)."""

    RATIFICATION = "ratification"
    ACCEPTANCE = "acceptance"
    APPROVAL = "approval"
    ACCESSION = "accession"
    SUCCESSION = "succession"
    DEFINITIVE_SIGNATURE = "definitive_signature"


# The means that need no signature before them.
WITHOUT_SIGNATURE: Final = frozenset(
    {Means.ACCESSION, Means.SUCCESSION, Means.DEFINITIVE_SIGNATURE}
)


class Status(enum.StrEnum):
    """What an agreement is on a day; a `StrEnum`, so `status == "in_force"` works.

    >>> Status.IN_FORCE == "in_force"
    True
    """

    ADOPTED = "adopted"
    SIGNED = "signed"
    IN_RATIFICATION = "in_ratification"
    RATIFIED = "ratified"
    PROVISIONALLY_APPLIED = "provisionally_applied"
    IN_FORCE = "in_force"
    SUSPENDED = "suspended"
    TERMINATED = "terminated"
    EXPIRED = "expired"
    SUPERSEDED = "superseded"
    WITHDRAWN = "withdrawn"  # one party's status in a multilateral agreement it left


class Effect(enum.Enum):
    """The kind of change an action makes."""

    PHASE = "phase"  # raises the phase to `status`
    DOMESTIC = "domestic"  # one party's step towards ratification
    SUSPEND = "suspend"
    RESUME = "resume"
    END = "end"  # final: the status becomes `status`
    END_PROVISIONAL = "end_provisional"  # a provisional application ends; nothing else does
    NOTE = "note"  # kept and shown; no status changes (one party's statement or notice)


@attrs.frozen
class ActionRule:
    """One row of the lifecycle table."""

    action: Action
    effect: Effect
    status: Status | None  # the status it leads to (None: depends on the parties)
    needs_party: bool
    rank: int  # the natural order of steps on one day
    keys: frozenset[str] = frozenset()  # the event keys only this action may carry


# The keys of a party's statement of where a step applies (`territories`, `territorial`):
# kept and shown, no status changes.
_TERRITORIAL: Final = frozenset({"territories", "territorial"})

ACTIONS: Final[dict[Action, ActionRule]] = {
    rule.action: rule
    for rule in (
        ActionRule(Action.ADOPTED, Effect.PHASE, Status.ADOPTED, False, -1),
        ActionRule(Action.SIGNED, Effect.PHASE, Status.SIGNED, False, 0, _TERRITORIAL),
        ActionRule(Action.SUBMITTED_FOR_RATIFICATION, Effect.DOMESTIC, None, True, 1),
        ActionRule(Action.APPROVED, Effect.DOMESTIC, None, True, 2),
        ActionRule(
            Action.RATIFIED, Effect.DOMESTIC, None, True, 3, frozenset({"means"}) | _TERRITORIAL
        ),
        ActionRule(
            Action.PROVISIONALLY_APPLIED, Effect.PHASE, Status.PROVISIONALLY_APPLIED, False, 4
        ),
        ActionRule(
            # after the provisional application it ends, on one day
            Action.PROVISIONAL_APPLICATION_TERMINATED,
            Effect.END_PROVISIONAL,
            None,
            True,
            5,
        ),
        ActionRule(Action.ENTERED_INTO_FORCE, Effect.PHASE, Status.IN_FORCE, False, 6),
        ActionRule(Action.SUSPENDED, Effect.SUSPEND, Status.SUSPENDED, False, 7),
        ActionRule(Action.RESUMED, Effect.RESUME, Status.IN_FORCE, False, 8),
        ActionRule(
            Action.WITHDRAWN,
            Effect.END,
            Status.TERMINATED,
            True,
            9,
            frozenset({"notified"}) | _TERRITORIAL,
        ),
        ActionRule(Action.TERMINATED, Effect.END, Status.TERMINATED, False, 10),
        ActionRule(Action.EXPIRED, Effect.END, Status.EXPIRED, False, 11),
        ActionRule(Action.SUPERSEDED, Effect.END, Status.SUPERSEDED, False, 12),
        ActionRule(Action.SIGNATURE_WITHDRAWN, Effect.NOTE, None, True, 13),
        ActionRule(Action.RESERVATION, Effect.NOTE, None, True, 14),
        ActionRule(Action.DECLARATION, Effect.NOTE, None, True, 15, _TERRITORIAL),
        ActionRule(Action.OBJECTION, Effect.NOTE, None, True, 16),
    )
}

# The statuses nothing follows: an ending (from the table) and a party's withdrawal.
FINAL: Final[frozenset[Status]] = frozenset(
    {r.status for r in ACTIONS.values() if r.effect is Effect.END and r.status is not None}
    | {Status.WITHDRAWN}
)

# The phases in the order a treaty moves through them.
PHASE_ORDER: Final[dict[Status, int]] = {
    Status.ADOPTED: -1,
    Status.SIGNED: 0,
    Status.IN_RATIFICATION: 1,
    Status.RATIFIED: 2,
    Status.PROVISIONALLY_APPLIED: 3,
    Status.IN_FORCE: 4,
}
_PROVISIONAL_ORDER: Final = PHASE_ORDER[Status.PROVISIONALLY_APPLIED]


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
    steps: Iterable[Step],
    parties: Sequence[str],
    on: dt.date,
    *,
    for_party: str | None = None,
    ruled: bool = False,
) -> Status | None:
    """The status on `on`, from the steps that definitely happened by then.

    With `for_party`, the status as that party sees it: its own domestic steps and
    withdrawal count, other parties' do not (for a multilateral agreement, `party_fold`;
    `ruled`: the agreement states an entry-into-force rule, whose days are among the steps).

    >>> import attrs, datetime as dt
    >>> @attrs.frozen
    ... class S:
    ...     action: Action; party: str | None; lower: dt.date; upper: dt.date
    >>> steps = [S(Action.SIGNED, None, dt.date(2017, 3, 31), dt.date(2017, 3, 31))]
    >>> fold_status(steps, ["RU", "SO"], dt.date(2017, 4, 1))
    <Status.SIGNED: 'signed'>
    """
    steps = list(steps)
    per_party = has_party_timelines(steps, parties)
    if for_party is not None and per_party:
        return party_fold(steps, parties, for_party, on, ruled=ruled)
    happened = sorted((s for s in steps if s.upper <= on), key=event_order)
    after_each = [status for _, status in _fold(happened, parties, for_party, per_party)]
    return after_each[-1] if after_each else None


def is_multilateral(parties: Sequence[str]) -> bool:
    """Whether an agreement with these parties is multilateral (more than two)."""
    return len(parties) > 2


# What only a per-party timeline records.
_PER_PARTY_ACTIONS: Final = frozenset(
    {
        Action.ADOPTED,
        Action.PROVISIONAL_APPLICATION_TERMINATED,
        Action.SIGNATURE_WITHDRAWN,
        Action.RESERVATION,
        Action.DECLARATION,
        Action.OBJECTION,
    }
)
_ONE_PARTY_OF_ALL: Final = frozenset(
    {Action.SIGNED, Action.ENTERED_INTO_FORCE, Action.PROVISIONALLY_APPLIED}
)
# What, with a party, is that party's own and not the agreement's in a multilateral one.
_ONE_PARTYS_OWN: Final = frozenset(
    {
        Action.ENTERED_INTO_FORCE,
        Action.PROVISIONALLY_APPLIED,
        Action.PROVISIONAL_APPLICATION_TERMINATED,
    }
)


def has_party_timelines(steps: Iterable[Step], parties: Sequence[str]) -> bool:
    """Whether the multilateral rules apply: more than two parties, and some step that
    only a per-party timeline records (`adopted`, a statement, a withdrawn signature, a
    signature or an entry into force of one party, a `means` or a `notified`). A file
    written before per-party timelines has none, so it keeps its old rules and meaning.

    >>> import attrs, datetime as dt
    >>> @attrs.frozen
    ... class S:
    ...     action: Action; party: str | None; lower: dt.date; upper: dt.date
    >>> day = dt.date(2017, 3, 31)
    >>> [has_party_timelines([S(Action.SIGNED, who, day, day)], ["RU", "SO", "AB"])
    ...  for who in (None, "RU")]
    [False, True]
    """
    if not is_multilateral(parties):
        return False
    for s in steps:
        if s.action in _PER_PARTY_ACTIONS or (
            s.party is not None and s.action in _ONE_PARTY_OF_ALL
        ):
            return True
        if getattr(s, "means", None) is not None or getattr(s, "notified", None) is not None:
            return True
    return False


def party_fold(
    steps: Iterable[Step], parties: Sequence[str], party: str, on: dt.date, *, ruled: bool = False
) -> Status | None:
    """One party's status in a multilateral agreement on `on`, from the steps that
    definitely happened by then (docs/lifecycle.md, "Multilateral agreements"). With
    `ruled`, the agreement states an entry-into-force rule and the steps hold the days it
    gives (`treatyreg.derive`): a consent enters into force on its own day only, never
    with the general entry into force by default (but a succession, which no rule dates).

    >>> import attrs, datetime as dt
    >>> @attrs.frozen
    ... class S:
    ...     action: Action; party: str | None; lower: dt.date; upper: dt.date
    >>> def s(action, party, y):
    ...     return S(action, party, dt.date(y, 1, 1), dt.date(y, 1, 1))
    >>> steps = [s(Action.SIGNED, "DE", 1998), s(Action.RATIFIED, "DE", 2000),
    ...          s(Action.ENTERED_INTO_FORCE, None, 2002), s(Action.WITHDRAWN, "DE", 2010)]
    >>> [str(party_fold(steps, ["DE", "FR", "IT"], "DE", dt.date(y, 6, 1)))
    ...  for y in (1999, 2001, 2003, 2011)]
    ['signed', 'ratified', 'in_force', 'withdrawn']
    """
    return _Parties(steps, ruled).status(party, on)


# Steps that concern the whole agreement even when they name a party.
_AGREEMENT_WIDE: Final = frozenset(
    {Action.SUSPENDED, Action.RESUMED, Action.TERMINATED, Action.EXPIRED, Action.SUPERSEDED}
)


class _Parties:
    """A multilateral agreement's steps grouped once (each party's, and those of every
    party), so that a party's statuses come from one sweep over its own steps and the
    general ones, in order."""

    def __init__(self, steps: Iterable[Step], ruled: bool = False) -> None:
        self.ruled = ruled  # an entry-into-force rule dates each consent (`party_fold`)
        ordered = sorted(steps, key=event_order)
        self.general = [s for s in ordered if s.party is None or s.action in _AGREEMENT_WIDE]
        self.mine: dict[str, list[Step]] = {}
        for s in ordered:
            if s.party is not None and s.action not in _AGREEMENT_WIDE:
                self.mine.setdefault(s.party, []).append(s)
        # a file that records no party's consent: the general entry into force is every
        # signatory's, as the agreement's status says
        self.no_consents = not any(s.action is Action.RATIFIED for s in ordered)

    def sweep(self, party: str) -> Iterator[tuple[dt.date, Status | None]]:
        """The party's status after each step, with the step's latest day, in order (the
        last of a day is that day's status); nothing after an ending."""
        own = self.mine.get(party, [])
        # whether each membership (before the first withdrawal, after each one) has an
        # entry into force of its own, dated after it or not
        entries = [False]
        for s in own:
            if s.action is Action.WITHDRAWN:
                entries.append(False)
            elif s.action is Action.ENTERED_INTO_FORCE:
                entries[-1] = True
        left = 0  # withdrawals that took effect
        did: set[Action] = set()  # the party's actions since its last withdrawal
        # whether the party ended its provisional application since its last withdrawal
        # (the agreement's, or its own before a later one of its own)
        stopped = False
        consent: Step | None = None
        signed_by_all = provisional = False
        general_entry: Step | None = None
        suspensions = 0
        for step in heapq.merge(self.general, own, key=event_order):
            action = step.action
            if step.party is None or action in _AGREEMENT_WIDE:  # every party's
                effect = ACTIONS[action].effect
                if effect is Effect.END:  # termination, expiry, supersession: for everyone
                    assert ACTIONS[action].status is not None
                    gone = left and consent is None
                    yield step.upper, Status.WITHDRAWN if gone else ACTIONS[action].status
                    return
                if effect is Effect.SUSPEND:
                    suspensions += 1
                elif effect is Effect.RESUME:
                    suspensions -= 1
                elif action is Action.SIGNED:
                    signed_by_all = True
                elif action is Action.PROVISIONALLY_APPLIED:
                    provisional = True
                elif action is Action.ENTERED_INTO_FORCE and general_entry is None:
                    general_entry = step
            elif action is Action.WITHDRAWN:
                left, did, consent, stopped = left + 1, set(), None, False
            elif action is Action.PROVISIONAL_APPLICATION_TERMINATED:
                did.discard(Action.PROVISIONALLY_APPLIED)
                stopped = True
            else:
                did.add(action)
                if action is Action.RATIFIED and consent is None:
                    consent = step
            signed = Action.SIGNED in did or (signed_by_all and not left)
            status: Status | None
            if Action.ENTERED_INTO_FORCE in did or (
                not entries[left]
                and general_entry is not None
                and (
                    (
                        consent is not None
                        and consent.upper <= general_entry.upper
                        and (not self.ruled or getattr(consent, "means", None) is Means.SUCCESSION)
                    )
                    or (self.no_consents and signed)
                )
            ):
                status = Status.IN_FORCE
            elif consent is not None:
                status = Status.RATIFIED
            elif left:
                status = Status.WITHDRAWN
            elif Action.SIGNATURE_WITHDRAWN in did:
                status = None
            elif Action.SUBMITTED_FOR_RATIFICATION in did or Action.APPROVED in did:
                status = Status.IN_RATIFICATION
            elif signed:
                status = Status.SIGNED
            else:
                status = None
            if (status in _BEFORE_FORCE and provisional and not stopped) or (
                # its own provisional application: from its day, signed or not, until
                # its entry into force, its withdrawal or the end of it
                Action.PROVISIONALLY_APPLIED in did
                and status is not Status.IN_FORCE
                and status is not Status.WITHDRAWN
            ):
                status = Status.PROVISIONALLY_APPLIED
            if suspensions > 0 and status is not None and status is not Status.WITHDRAWN:
                status = Status.SUSPENDED
            yield step.upper, status

    def status(self, party: str, on: dt.date) -> Status | None:
        found: Status | None = None
        for day, status in self.sweep(party):
            if day > on:
                break  # in order of their latest day: none after this has happened
            found = status
        return found

    def changes(self, party: str) -> tuple[tuple[dt.date, ...], tuple[Status | None, ...]]:
        return _changes(self.sweep(party))


def _changes(
    after_each: Iterable[tuple[dt.date, Status | None]],
) -> tuple[tuple[dt.date, ...], tuple[Status | None, ...]]:
    """The days a status changes (first: `date.min`) and the status from each of them on
    (first: None), from the status after each step with the step's latest day, in order."""
    days: list[dt.date] = [dt.date.min]
    statuses: list[Status | None] = [None]
    for day, status in after_each:
        if day == days[-1]:
            statuses[-1] = status  # the last step of a day gives the day's status
        elif status != statuses[-1]:
            days.append(day)
            statuses.append(status)
    # a day whose later steps undid its change
    keep = [0] + [i for i in range(1, len(days)) if statuses[i] != statuses[i - 1]]
    return tuple(days[i] for i in keep), tuple(statuses[i] for i in keep)


class _EachParty:
    """The steps of an agreement without per-party timelines grouped once, so that a
    party's status changes come from one fold over the steps that can change its status,
    in order. With two parties that is every step (a withdrawal ends it for both); with
    more, the steps of every party and the party's own: another party's domestic step,
    statement or withdrawal leaves its status as it was (`_fold` passes it by), so leaving
    it out changes no day's status."""

    def __init__(self, steps: Iterable[Step], parties: Sequence[str]) -> None:
        self.parties = parties
        self.ordered = sorted(steps, key=event_order)
        # each step with its place in `ordered`, merged back by it: the fold's order
        self.everyone: list[tuple[int, Step]] = []
        self.mine: dict[str, list[tuple[int, Step]]] = {}
        if not is_multilateral(parties):
            return
        for i, s in enumerate(self.ordered):
            if (
                s.party is None
                or s.action in _AGREEMENT_WIDE
                or ACTIONS[s.action].effect is Effect.PHASE
            ):
                self.everyone.append((i, s))
            else:
                self.mine.setdefault(s.party, []).append((i, s))

    def changes(self, party: str) -> tuple[tuple[dt.date, ...], tuple[Status | None, ...]]:
        steps: Sequence[Step] = self.ordered
        if is_multilateral(self.parties):
            steps = [s for _, s in heapq.merge(self.everyone, self.mine.get(party, []), key=_first)]
        return _changes((s.upper, status) for s, status in _fold(steps, self.parties, party, False))


def _first(pair: tuple[int, Step]) -> int:
    return pair[0]


class Timelines(Protocol):
    """An agreement's steps grouped once (`timelines`), giving each party's changes."""

    def changes(self, party: str) -> tuple[tuple[dt.date, ...], tuple[Status | None, ...]]:
        """The days `party`'s status changes (first: `date.min`) and its status from each
        of them on (first: None)."""
        ...


def timelines(steps: Iterable[Step], parties: Sequence[str], ruled: bool = False) -> Timelines:
    """The steps grouped once, for each party's status changes (`party_changes` of one
    party, in time that grows with its own steps and those of every party; `ruled`: as
    `party_fold`'s).

    >>> import attrs, datetime as dt
    >>> @attrs.frozen
    ... class S:
    ...     action: Action; party: str | None; lower: dt.date; upper: dt.date
    >>> day = dt.date(2017, 3, 31)
    >>> timelines([S(Action.SIGNED, "RU", day, day)], ["RU", "SO", "AB"]).changes("SO")
    ((datetime.date(1, 1, 1),), (None,))
    """
    steps = list(steps)
    if has_party_timelines(steps, parties):
        return _Parties(steps, ruled)
    return _EachParty(steps, parties)


_BEFORE_FORCE: Final = frozenset({Status.SIGNED, Status.IN_RATIFICATION, Status.RATIFIED})


def party_changes(
    steps: Sequence[Step], parties: Sequence[str], ruled: bool = False
) -> dict[str, tuple[tuple[dt.date, ...], tuple[Status | None, ...]]]:
    """`status_changes` for every party at once (`fold_status(..., for_party=p)` on every
    day): the days each party's status changes (first: `date.min`) and its status from each
    of them on (first: None). The steps are sorted and grouped once; each party's status
    comes from one fold over its own steps and those of every party, in order: the time
    grows with the steps and the parties, not with their product.

    >>> import attrs, datetime as dt
    >>> @attrs.frozen
    ... class S:
    ...     action: Action; party: str | None; lower: dt.date; upper: dt.date
    >>> day = dt.date(2017, 3, 31)
    >>> party_changes([S(Action.SIGNED, "RU", day, day)], ["RU", "SO", "AB"])["RU"][1]
    (None, <Status.SIGNED: 'signed'>)
    """
    grouped = timelines(steps, parties, ruled)
    return {party: grouped.changes(party) for party in parties}


def party_statuses(
    steps: Iterable[Step], parties: Sequence[str], on: dt.date, ruled: bool = False
) -> dict[str, Status | None]:
    """Every party's status on `on` (`fold_status(..., for_party=p)` for each), the steps
    grouped once.

    >>> import attrs, datetime as dt
    >>> @attrs.frozen
    ... class S:
    ...     action: Action; party: str | None; lower: dt.date; upper: dt.date
    >>> day = dt.date(2017, 3, 31)
    >>> party_statuses([S(Action.SIGNED, "RU", day, day)], ["RU", "SO", "AB"], day)
    {'RU': <Status.SIGNED: 'signed'>, 'SO': None, 'AB': None}
    """
    steps = list(steps)
    if not has_party_timelines(steps, parties):
        each = _EachParty(steps, parties)
        return {p: status_from(each.changes(p), on) for p in parties}
    grouped = _Parties(steps, ruled)
    return {p: grouped.status(p, on) for p in parties}


def status_from(
    changes: tuple[tuple[dt.date, ...], tuple[Status | None, ...]], on: dt.date
) -> Status | None:
    """The status on `on` from the changes of `status_changes` or `party_changes`.

    >>> status_from(((dt.date.min, dt.date(2017, 3, 31)), (None, Status.SIGNED)),
    ...             dt.date(2017, 4, 1))
    <Status.SIGNED: 'signed'>
    """
    days, statuses = changes
    return statuses[bisect.bisect_right(days, on) - 1]


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
    steps = list(steps)
    per_party = has_party_timelines(steps, parties)
    for step, status in _fold(sorted(steps, key=event_order), parties, None, per_party):
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
    happened: Iterable[Step], parties: Sequence[str], for_party: str | None, per_party: bool
) -> Iterator[tuple[Step, Status | None]]:
    """Each step in order with the status after it; stops after the step that ends it."""
    phase: Status | None = None
    # the furthest phase but provisional application, and whether it is applied
    # provisionally: a termination of the provisional application takes it back to `base`
    base: Status | None = None
    provisional = False
    ratified: set[str] = set()
    # Every resumption ends one suspension (validation makes sure one can precede it), so
    # the agreement is suspended while suspensions outnumber resumptions: counting, not
    # ordering, so a resumption dated more exactly than its suspension cannot jump ahead.
    suspensions = 0
    multilateral = per_party  # the multilateral rules (`has_party_timelines`)
    needed: set[str] | None = None  # the parties whose consent makes it `ratified`
    for step in happened:
        rule = ACTIONS[step.action]
        if rule.effect is Effect.NOTE or (
            # a multilateral agreement's own status: only its general entry into force
            # or provisional application counts, not one party's
            multilateral
            and for_party is None
            and step.party is not None
            and step.action in _ONE_PARTYS_OWN
        ):
            yield step, Status.SUSPENDED if suspensions > 0 else phase
            continue
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
        elif rule.effect is Effect.END_PROVISIONAL:
            provisional = False
            phase = base
        else:
            if rule.effect is Effect.DOMESTIC:
                if for_party is not None and step.party != for_party:
                    yield step, Status.SUSPENDED if suspensions > 0 else phase
                    continue
                if step.action is Action.RATIFIED and step.party is not None:
                    ratified.add(step.party)
                if multilateral and for_party is None:  # `ratified` is each party's
                    reached = Status.IN_RATIFICATION
                else:
                    if needed is None:  # once: a set of every party for each step was
                        needed = {for_party} if for_party is not None else set(parties)
                    reached = Status.RATIFIED if needed <= ratified else Status.IN_RATIFICATION
            else:
                assert rule.status is not None
                reached = rule.status
            if reached is Status.PROVISIONALLY_APPLIED:
                provisional = True
            elif base is None or PHASE_ORDER[reached] > PHASE_ORDER[base]:
                base = reached
            phase = base
            if provisional and (phase is None or PHASE_ORDER[phase] < _PROVISIONAL_ORDER):
                phase = Status.PROVISIONALLY_APPLIED
        yield step, Status.SUSPENDED if suspensions > 0 else phase
