"""Edge cases of the entry-into-force rule and of charts on a day that a review of
issue 24 found: each test is one finding, which failed on the reviewed commit."""

from __future__ import annotations

import tempfile
from pathlib import Path

import treatyreg
from treatyreg import publish
from treatyreg.lifecycle import Status

from .test_entry_rule import _RULE, _convention, _text

_RULE_30_DAYS = _RULE.replace("6 months", "30 days").replace("      then: first_of_month\n", "")


def _validate(text: str) -> list[str]:
    path = Path(tempfile.mkdtemp()) / "registry.yaml"
    path.write_text(text, encoding="utf-8")
    return [d.code for d in treatyreg.validate(path)]


def test_a_withdrawal_before_the_derived_day_does_not_bring_back_the_default_rule() -> None:
    """DESIGN "Entry into force for each party": with a rule, consents after `applies_after`
    enter into force on the rule's day; `party_status` uses the derived day exactly as an
    explicit one. XAA and XBB both accede on 2010-03-01 (after `applies_after`
    2010-02-16): the rule gives 2010-09-01 for both. XAA's withdrawal takes effect on
    2010-08-20, before that day, so the treaty never entered into force for it.

    What happens: derive drops XAA's entry (it left first), and the sweep then falls back
    to the no-rule default (consent on or before the general entry into force 2010-08-01 ->
    in force from it): XAA is `in_force` from 2010-08-01 to 2010-08-19 while XBB, with the
    same consent, is `ratified`, and the chart shows XAA with no entry into force."""
    a = _convention(
        "action: ratified, party: XAA, means: accession, date: 2010-03-01",
        "action: withdrawn, party: XAA, date: 2010-08-20",
        "action: ratified, party: XBB, means: accession, date: 2010-03-01",
        rule=_RULE,
    )["c"]
    assert a.party_status("XBB", "2010-08-10") is Status.RATIFIED
    assert a.party_status("XAA", "2010-08-10") is Status.RATIFIED
    assert a.parties_on("2010-08-10") == ()


def test_a_derived_day_past_the_calendar_is_not_in_force_on_its_last_day() -> None:
    """DESIGN "Dates": every date has a lower and an upper day; anything else is a
    diagnostic, never a guess. A consent on 9999-07-02 under Ottawa's rule (6 months, then
    the first of that month) gives 10000-01-01: the treaty is not in force for the party on
    9999-12-31.

    What happens: `add_period` returns `date.max` for a day past the calendar, `rule_day`
    keeps it and `_span` makes it `9999-12-31/..`, so `party_status(..., 9999-12-31)` is
    `in_force` (and the chart prints `9999-12-31/..` as the entry into force)."""
    a = _convention("action: ratified, party: XAA, means: accession, date: 9999-07-02", rule=_RULE)[
        "c"
    ]
    assert a.party_status("XAA", "9999-12-31") is not Status.IN_FORCE


def test_published_provisional_application_terminated_is_a_date() -> None:
    """DESIGN "Charts as the depositary shows them on a day": the end of a party's
    provisional application is kept, shown and exported (as EDTF text like every date of
    the `agreement_parties` table; `provisionally_applied` beside it is).

    What happens: publish.py `_agreement_parties` writes
    `_text(row.provisional_application_terminated)`, which is `str(Event)`: the cell holds
    `Event(action=<Action.PROVISIONAL_APPLICATION_TERMINATED: ...>, ...)` (the SQLite/
    Parquet/CSV outputs of `treatyreg publish` carry that repr)."""
    reg = _convention(
        "action: signed, party: XAA, date: 1994-12-17",
        "action: provisionally_applied, party: XAA, date: 1994-12-17",
        "action: provisional_application_terminated, party: XAA, date: 2009-10-18",
    )
    row = publish.tables(reg, "2012-01-01")["agreement_parties"][0]
    assert row["provisionally_applied"] == "1994-12-17"
    assert row["provisional_application_terminated"] == "2009-10-18"


def test_a_derived_day_before_the_general_entry_into_force_is_reported() -> None:
    """DESIGN "Multilateral agreements": validation rejects a party's entry into force
    definitely before the general entry into force; "Entry into force for each party":
    `party_status` uses the derived day exactly as an explicit one, and a contradiction
    between the data and the rule is a diagnostic. A rule `after: 30 days`,
    `applies_after: 2010-02-16` with the general entry into force on 2010-08-01 gives a
    consent of 2010-03-01 the day 2010-03-31, four months before the treaty itself entered
    into force (the rule or the general date is wrong).

    What happens: no diagnostic at all, and XAA is `in_force` on 2010-04-15 while the
    agreement's own status is `in_ratification`."""
    text = _text(
        "action: ratified, party: XAA, means: accession, date: 2010-03-01", rule=_RULE_30_DAYS
    )
    a = treatyreg.loads(text)["c"]
    assert a.status_on("2010-04-15") is Status.IN_RATIFICATION
    if a.party_status("XAA", "2010-04-15") is Status.IN_FORCE:
        assert _validate(text) != [], "a party in force before the treaty, and no diagnostic"


def test_a_rule_brings_one_set_of_rules_to_every_output() -> None:
    """A file with no per-party marker (a general `signed`, per-party `ratified` only)
    keeps the older rules, where every party follows the agreement. A rule dates each
    party's entry into force, so with one the multilateral rules hold (docs/multilateral.md):
    for every party and for the agreement's own status, `show` and the HTML card alike.
    The review found them split (the own status, `show` and the card on the older rules);
    now each is judged on `steps_of`."""
    from treatyreg.lifecycle import has_party_timelines
    from treatyreg.model import steps_of

    events = (
        "action: signed, date: 2009-01-01",
        "action: ratified, party: XAA, date: 2009-03-01",
        "action: ratified, party: XCC, date: 2011-03-01",
    )
    without = _convention(*events)["c"]
    with_rule = _convention(*events, rule=_RULE_30_DAYS)["c"]
    assert not has_party_timelines(steps_of(without), without.parties)
    assert has_party_timelines(steps_of(with_rule), with_rule.parties)
    # XBB signed (with everyone) and never consented: in force only under the older rules
    assert without.party_status("XBB", "2012-01-01") is Status.IN_FORCE
    assert with_rule.party_status("XBB", "2012-01-01") is Status.SIGNED
    # the agreement's own status: in ratification after a first consent, in force from
    # the general entry into force; and `show` lists each party's steps in the chart
    assert with_rule.status_on("2010-01-01") is Status.IN_RATIFICATION
    assert with_rule.status_on("2010-08-01") is Status.IN_FORCE
    html = with_rule._repr_html_()
    assert "participation" in html  # the card shows the chart of a multilateral agreement


def test_published_status_periods_mark_a_derived_start() -> None:
    """DESIGN "Entry into force for each party": a derived day is not a fact; every output
    marks it as derived and names the article (charts, JSON/CSV, DataFrames, exports, HTML,
    pictures).

    What happens: publish.py `_status_periods` folds `steps_of(a)` (derived days included),
    so Finland's `in_force` period in the published `status_periods` table starts on
    2012-07-01, a day only Article 17(2) gives, with nothing in the row (nor a column of
    the table) saying it is derived or from what."""
    reg = treatyreg.load(Path(__file__).parents[1] / "examples" / "ottawa-convention.yaml")
    rows = [
        r
        for r in publish.tables(reg, "2026-02-03")["status_periods"]
        if r["party"] == "FIN" and r["status"] == "in_force"
    ]
    assert len(rows) == 1
    assert str(rows[0]["start"]) == "2012-07-01"
    assert "Article 17(2)" in [str(v) for v in rows[0].values()]
