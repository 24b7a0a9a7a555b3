"""Every party folded once (`treatyreg._participants`, issue 22): the one-pass answers are
the per-party ones, party by party and day by day, for every output that asks.

The references here rescan every event of the agreement for each party and each day, as
`party_status` and `last_evidence` did before: they are slow on purpose.
"""

from __future__ import annotations

import datetime as dt
import pickle
from collections.abc import Mapping

import pytest
from hypothesis import given, note
from hypothesis import strategies as st

import treatyreg
from treatyreg import _participants, strategies
from treatyreg.dates import FuzzyDate
from treatyreg.evidence import AsOf, Scope, last_evidence
from treatyreg.export import participation_rows
from treatyreg.lifecycle import (
    Action,
    Means,
    Status,
    fold_status,
    has_party_timelines,
    party_changes,
    party_statuses,
    status_from,
)
from treatyreg.model import Agreement, Event, steps_of

from .test_multilateral import multilateral, reference

SOURCES = ("s1", "s2", "s3")
POOL = ("XA", "XB", "XC", "XD", "XE", "XF")


# -- the per-party references: every event rescanned for each party and day -----------------


def _ruled(a: Agreement) -> bool:
    """Whether an entry-into-force rule dates each consent (`lifecycle.party_fold`)."""
    rule = a.entry_into_force_rule
    return rule is not None and rule.period is not None and len(a.parties) > 2


def status_by_rescan(a: Agreement, party: str, day: dt.date) -> Status | None:
    """The status as `party` stands, folded from every step certain by `day` (the days
    an entry-into-force rule gives among them): per-party timelines by `reference`'s
    rules when valid, else the old per-party fold."""
    return fold_status(steps_of(a), a.parties, day, for_party=party, ruled=_ruled(a))


def _latest_of(dates: list[FuzzyDate | None], day: dt.date) -> FuzzyDate | None:
    best = None
    for d in dates:  # the first of equal ones
        if (
            d is not None
            and d.upper <= day
            and (best is None or (d.upper, d.lower) > (best.upper, best.lower))
        ):
            best = d
    return best


def evidence_by_rescan(
    a: Agreement, party: str, day: dt.date, published: Mapping[str, FuzzyDate]
) -> FuzzyDate | None:
    """The party's last evidence: its events and the agreement-wide ones, in file order,
    and the sources they and the agreement cite, by id; a source only when later."""
    events = [e for e in a.events if e.party is None or e.party == party]
    cited = sorted({s for e in events for s in e.sources} | set(a.sources))
    found = _latest_of([e.date for e in events], day)
    from_sources = _latest_of([published.get(s) for s in cited], day)
    if from_sources is not None and (
        found is None or (from_sources.upper, from_sources.lower) > (found.upper, found.lower)
    ):
        return from_sources
    return found


# -- drawn agreements: valid ones, and any mix of steps ---------------------------------------

_PER_PARTY_ONLY = {
    Action.ADOPTED,
    Action.SIGNATURE_WITHDRAWN,
    Action.RESERVATION,
    Action.DECLARATION,
    Action.OBJECTION,
}
_OF_ALL = {Action.SIGNED, Action.ENTERED_INTO_FORCE, Action.PROVISIONALLY_APPLIED}


@st.composite
def any_steps(draw: st.DrawFn, n_parties: tuple[int, int] = (1, 6)) -> Agreement:
    """An agreement with any steps (valid or not: the fold must agree on anything built by
    hand): per-party timelines or not, a party that is not listed, steps on one day,
    every action, dates of every form."""
    parties = tuple(
        draw(st.lists(st.sampled_from(POOL), min_size=n_parties[0], max_size=n_parties[1]))
    )  # repeats allowed: a hand-built agreement may repeat a party
    timelines = draw(st.booleans())
    actions = [a for a in Action if timelines or a not in _PER_PARTY_ONLY]
    days = draw(st.lists(strategies.days(dt.date(1990, 1, 1), dt.date(1995, 1, 1)), min_size=1))
    dated = st.one_of(
        st.sampled_from(days).map(FuzzyDate.from_date),
        st.sampled_from(days).map(lambda d: FuzzyDate.parse(f"{d.year:04d}")),
        st.sampled_from(days).map(lambda d: FuzzyDate.parse(f"{d.year:04d}?")),
        st.sampled_from(days).map(lambda d: FuzzyDate.parse(f"{d.year:04d}-{d.month:02d}")),
        st.sampled_from(days).map(lambda d: FuzzyDate.parse(f"../{d.isoformat()}")),
        strategies.fuzzy_dates(),
    )
    events = []
    for _ in range(draw(st.integers(0, 14))):
        action = draw(st.sampled_from(actions))
        who = draw(st.sampled_from([None, None, *parties, "ZZ"]))
        if not timelines and who is not None and action in _OF_ALL:
            who = None  # a step of one party only a per-party timeline records
        means = notified = None
        if timelines and action is Action.RATIFIED:
            means = draw(st.none() | st.sampled_from(list(Means)))
        if timelines and action is Action.WITHDRAWN and draw(st.booleans()):
            notified = draw(dated)
        events.append(
            Event(
                action,
                draw(dated),
                party=who,
                sources=tuple(draw(st.lists(st.sampled_from(SOURCES), max_size=2, unique=True))),
                means=means,
                notified=notified,
            )
        )
    return Agreement(
        "x",
        "X",
        "convention",
        parties,
        events=tuple(events),
        sources=tuple(draw(st.lists(st.sampled_from(SOURCES), max_size=2, unique=True))),
    )


published_dates = st.dictionaries(
    st.sampled_from(SOURCES),
    st.one_of(
        # equal bounds, other text: which of them is named must not depend on set order
        st.sampled_from(["1992", "1992?", "1992~", "1992-06", "1992-06?"]).map(FuzzyDate.parse),
        strategies.days(dt.date(1989, 1, 1), dt.date(1996, 1, 1)).map(FuzzyDate.from_date),
        strategies.days(dt.date(1989, 1, 1), dt.date(1996, 1, 1)).map(
            lambda d: FuzzyDate.parse(f"{d.year:04d}")
        ),
        strategies.fuzzy_dates(),
    ),
)


def judged_days(a: Agreement, drawn: list[dt.date]) -> list[dt.date]:
    """The drawn days, and each step's latest day with the days either side of it."""
    out = set(drawn)
    for e in a.events:
        for d in (e.upper, e.lower):
            out.add(d)
            if dt.date.min < d < dt.date.max:
                out.update((d - dt.timedelta(days=1), d + dt.timedelta(days=1)))
    return sorted(out)


days_drawn = st.lists(strategies.days(dt.date(1985, 1, 1), dt.date(2100, 1, 1)), max_size=4)


def check_every_party(
    a: Agreement, days: list[dt.date], published: Mapping[str, FuzzyDate]
) -> None:
    """Each answer folded once is the rescanned one, for every party on every day."""
    note(f"timelines: {has_party_timelines(a.events, a.parties)}")
    changes = party_changes(steps_of(a), a.parties, _ruled(a))
    folded = _participants.Participants(a)
    for day in days:
        statuses = party_statuses(steps_of(a), a.parties, day, _ruled(a))
        for party in a.parties:
            expected = status_by_rescan(a, party, day)
            assert a.party_status(party, day) == expected, (party, day)
            assert status_from(changes[party], day) == expected, (party, day)
            assert statuses[party] == expected, (party, day)
            assert folded.status(party, day) == expected, (party, day)
            for dates in ({}, published):
                assert last_evidence(a, day, dates, party) == evidence_by_rescan(
                    a, party, day, dates
                ), (party, day, dates)
        for status in Status:
            assert a.parties_on(day, status) == tuple(
                p for p in a.parties if status_by_rescan(a, p, day) is status
            )
    for party in ("ZZ", "YY"):  # not listed: its last evidence is still asked for
        for day in days[:3]:
            assert last_evidence(a, day, published, party) == evidence_by_rescan(
                a, party, day, published
            )


@given(any_steps(), days_drawn, published_dates)
def test_one_pass_matches_the_rescan_on_any_steps(
    a: Agreement, drawn: list[dt.date], published: dict[str, FuzzyDate]
) -> None:
    check_every_party(a, judged_days(a, drawn), published)


@given(multilateral(), days_drawn, published_dates)
def test_one_pass_matches_the_rules_on_valid_agreements(
    a: Agreement, drawn: list[dt.date], published: dict[str, FuzzyDate]
) -> None:
    """On valid multilateral agreements the one pass also gives `reference`'s status (the
    rules written out, with no grouping or sweep)."""
    days = judged_days(a, drawn)
    check_every_party(a, days, published)
    for day in days:
        for party in a.parties:
            assert a.party_status(party, day) == reference(a, party, day)


@given(any_steps(n_parties=(3, 6)), days_drawn, published_dates)
def test_the_chart_rows_are_each_party_s(
    a: Agreement, drawn: list[dt.date], published: dict[str, FuzzyDate]
) -> None:
    """`participation_rows` (the chart, `show`, the exports) gives each party the status
    and last evidence it has asked alone."""
    for day in judged_days(a, drawn)[:6]:
        scope = Scope((a,), AsOf(day, "given"), published)
        for row in participation_rows(a, scope=scope):
            party = row["party"]
            status = status_by_rescan(a, party, day)
            assert row["status"] == ("" if status is None else str(status))
            last = evidence_by_rescan(a, party, day, published)
            assert row["last_evidence"] == ("" if last is None else last.text)
            judged = scope.assess(a, party)
            assert (judged.status, judged.last_evidence) == (status, last)


# -- the cache: by identity, out of the records ------------------------------------------------


def test_the_fold_is_kept_out_of_the_agreement() -> None:
    """The agreement's equality, hash and pickle are its fields alone, before and after its
    parties were folded; an equal agreement built again gets its own fold."""
    reg = treatyreg.load("tests/data/example-convention.yaml")
    a = reg["example-convention"]
    state, digest = a.__getstate__(), hash(a)
    assert a.party_status("BI", "2018-01-01") == "withdrawn"
    assert a.__getstate__() == state
    assert hash(a) == digest
    again = pickle.loads(pickle.dumps(a))
    assert again == a
    assert hash(again) == digest
    assert _participants.of(a) is _participants.of(a)
    assert _participants.of(again) is not _participants.of(a)
    assert again.parties_on("2018-01-01", "withdrawn") == ("BI",)


def test_the_cache_keeps_a_few_agreements() -> None:
    made = [Agreement(f"a{i}", "A", "convention", ("XA", "XB", "XC"), events=()) for i in range(20)]
    for a in made:
        assert a.party_status("XA", "2000-01-01") is None
    assert len(_participants._kept) <= _participants._KEEP
    assert _participants.of(made[-1]) is _participants.of(made[-1])


def test_an_unlisted_party_is_still_refused() -> None:
    a = Agreement("x", "X", "convention", ("XA", "XB", "XC"))
    with pytest.raises(treatyreg.NotAPartyError):
        a.party_status("ZZ", "2000-01-01")


def test_the_fold_does_not_read_events_per_party(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every party's status and last evidence read the events a fixed number of times, not
    once per party: the events' `upper` is read a number of times that does not grow with
    the parties asked about."""
    parties = tuple(f"P{i:03d}" for i in range(60))
    events = [Event(Action.ADOPTED, FuzzyDate.parse("1990"), sources=("s1",))]
    events += [
        Event(Action.RATIFIED, FuzzyDate.parse(f"{1991 + i % 20}"), party=p, means=Means.ACCESSION)
        for i, p in enumerate(parties)
    ]
    a = Agreement("big", "Big", "convention", parties, events=tuple(events))
    reads = {"n": 0}
    upper = Event.upper

    def counted(self: Event) -> dt.date:
        reads["n"] += 1
        return upper.fget(self)  # type: ignore[attr-defined, no-any-return]

    monkeypatch.setattr(Event, "upper", property(counted))
    day = dt.date(2000, 1, 1)
    scope = Scope((a,), AsOf(day, "given"), {"s1": FuzzyDate.parse("2001")})
    participation_rows(a, scope=scope)
    few = reads["n"]
    assert few < 40 * len(events), few  # per party it was a whole pass: 60 x 61 x 3
    reads["n"] = 0
    for p in parties:
        scope.assess(a, p)
    assert reads["n"] < 10 * len(events), reads  # the steps grouped once, for all of them
    reads["n"] = 0
    for p in parties:
        scope.assess(a, p)
    assert reads["n"] == 0  # folded already: bisections of what was kept


def test_status_changes_of_a_file_without_timelines_is_one_fold_per_party() -> None:
    """Without per-party timelines another party's step does not change a party's status:
    the folds over fewer steps agree with the fold over all of them."""
    d = FuzzyDate.parse
    events = (
        Event(Action.SIGNED, d("1990")),
        Event(Action.RATIFIED, d("1991"), party="XA"),
        Event(Action.WITHDRAWN, d("1992"), party="XB"),
        Event(Action.ENTERED_INTO_FORCE, d("1993")),
        Event(Action.SUSPENDED, d("1994-01-01"), party="XC"),
        Event(Action.TERMINATED, d("1995-01-01")),
    )
    parties = ("XA", "XB", "XC")
    assert not has_party_timelines(events, parties)
    changes = party_changes(events, parties)
    for year in range(1989, 1997):
        day = dt.date(year, 6, 1)
        for p in parties:
            assert status_from(changes[p], day) == fold_status(events, parties, day, for_party=p)


@pytest.mark.parametrize("order", [("s2", "s3", "s1"), ("s3", "s1", "s2")])
def test_of_equal_dates_the_first_source_by_id_is_named(order: tuple[str, ...]) -> None:
    """Sources published on days of equal bounds: the first by id gives the last evidence,
    whatever order they are cited or mapped in (a set's order used to decide)."""
    d = FuzzyDate.parse
    a = Agreement(
        "x",
        "X",
        "convention",
        ("XA", "XB", "XC"),
        events=(Event(Action.RATIFIED, d("1980"), party="XA", sources=order[:2]),),
        sources=order[2:],
    )
    published = {s: d(text) for s, text in zip(order, ("1992?", "1992", "1992~"), strict=True)}
    day = dt.date(2000, 1, 1)
    assert last_evidence(a, day, published, "XA") == published["s1"]  # cites all three
    assert last_evidence(a, day, published) == published["s1"]
    assert last_evidence(a, day, published, "XB") == published[order[2]]  # the agreement's


def counts_by_rescan(
    a: Agreement, day: dt.date
) -> tuple[list[dt.date], list[int], list[int], list[int]]:
    """The participation picture's counts as they were taken: every party asked on every
    day of the picture, its first consent found by a pass over every event."""
    import bisect

    from treatyreg.plot import _shift

    changes = party_changes(steps_of(a), a.parties, _ruled(a))
    rows = a.participation(day)
    days = sorted(
        {d for when, _ in changes.values() for d in when[1:] if d <= day}
        | {
            e.upper
            for r in rows
            for e in (r.signature, r.signature_withdrawn)
            if e is not None and e.upper <= day
        }
    )
    axis = [min(days, default=_shift(day, -365)), *days, day]
    consented = {Status.RATIFIED, Status.PROVISIONALLY_APPLIED, Status.IN_FORCE, Status.SUSPENDED}

    def status_of(party: str, d: dt.date) -> Status | None:
        when, then = changes[party]
        return then[bisect.bisect_right(when, d) - 1]

    def signed_by(r: object, d: dt.date) -> bool:
        s, w = getattr(r, "signature", None), getattr(r, "signature_withdrawn", None)
        return s is not None and s.upper <= d and not (w is not None and w.upper <= d)

    def first_consent(p: str) -> dt.date:
        return min(
            (e.upper for e in a.events if e.action is Action.RATIFIED and e.party == p),
            default=dt.date.max,
        )

    return (
        axis,
        [sum(signed_by(r, d) for r in rows) for d in axis],
        [
            sum(first_consent(p) <= d and status_of(p, d) in consented for p in a.parties)
            for d in axis
        ],
        [sum(status_of(p, d) is Status.IN_FORCE for p in a.parties) for d in axis],
    )


@given(st.one_of(any_steps(n_parties=(3, 6)), multilateral()), days_drawn)
def test_the_participation_picture_counts_as_every_party_asked_each_day(
    a: Agreement, drawn: list[dt.date]
) -> None:
    from treatyreg.plot import _participation_counts

    for day in judged_days(a, drawn)[::3]:
        assert _participation_counts(a, a.participation(day), day) == counts_by_rescan(a, day)
