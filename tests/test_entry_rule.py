"""Entry into force for each party as the treaty's article says, and charts on a day
(DESIGN.md: "Entry into force for each party, as the treaty's article says", "Charts as
the depositary shows them on a day")."""

from __future__ import annotations

import calendar
import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import treatyreg
from treatyreg import strategies
from treatyreg.dates import FuzzyDate
from treatyreg.derive import derived_date, derived_entries
from treatyreg.export import participation_rows
from treatyreg.lifecycle import Action, Means, Status
from treatyreg.model import Agreement, EntryIntoForceRule, Event

ROOT = Path(__file__).parents[1]
EXE = shutil.which("treatyreg", path=str(Path(sys.executable).parent)) or "treatyreg"
OTTAWA = ROOT / "examples" / "ottawa-convention.yaml"
ONE_DAY = dt.timedelta(days=1)


# -- a calendar reference, written from the contract's words --------------------------
def _months_apart(a: dt.date, b: dt.date) -> int:
    return (b.year - a.year) * 12 + b.month - a.month


def reference_period_end(consent: dt.date, after: str) -> dt.date:
    """The day `after` (N days | N months) ends, found by walking the calendar a day at a
    time: N days on; or the day N months on that has the consent's day of the month, or
    that month's last day when it has fewer days."""
    count, unit = after.split()
    n = int(count)
    if unit.startswith("day"):
        day = consent
        for _ in range(n):
            day += ONE_DAY
        return day
    day = consent
    while _months_apart(consent, day) < n:  # to the first day of the month N months on
        day += ONE_DAY
    last = calendar.monthrange(day.year, day.month)[1]
    wanted = min(consent.day, last)
    while day.day != wanted:
        day += ONE_DAY
    return day


def reference_rule_day(rule: EntryIntoForceRule, consent: dt.date) -> dt.date:
    """The rule's day for one consent day, then moved as `then` says, a day at a time."""
    day = reference_period_end(consent, rule.after)
    if rule.then == "first_of_month":
        while day.day != 1:
            day -= ONE_DAY
    elif rule.then == "first_of_next_month":
        month = day.month
        while day.month == month or day.day != 1:
            day += ONE_DAY
    return day


def reference_bounds(
    rule: EntryIntoForceRule, consent: FuzzyDate, general: FuzzyDate | None
) -> tuple[dt.date, dt.date] | None:
    """Every day the consent may be on, with every day the general entry into force may
    be on (the default `applies_after`): on or before the day the rule applies after, the
    general entry into force; after it, the rule's day. The earliest and latest of them;
    None where one needs a general entry into force no event gives."""
    found: list[dt.date] = []
    consent_days = _days(consent.lower, consent.upper)
    general_days = [None] if general is None else _days(general.lower, general.upper)
    for c in consent_days:
        for g in general_days:
            threshold = rule.applies_after if rule.applies_after is not None else g
            if threshold is None:
                return None
            if c <= threshold:
                if g is None:
                    return None
                found.append(g)
            else:
                found.append(reference_rule_day(rule, c))
    return min(found), max(found)


def _days(a: dt.date, b: dt.date) -> list[dt.date]:
    return [a + dt.timedelta(days=i) for i in range((b - a).days + 1)]


_DAY = st.dates(dt.date(1990, 1, 1), dt.date(2040, 12, 31))


@st.composite
def _fuzzy(draw: st.DrawFn) -> FuzzyDate:
    """An exact day, a month, or a short interval: month ends and leap days included."""
    kind = draw(st.sampled_from(["day", "month", "interval", "month_end", "leap"]))
    if kind == "month":
        d = draw(_DAY)
        return FuzzyDate.parse(f"{d.year:04d}-{d.month:02d}")
    if kind == "interval":
        d = draw(_DAY)
        return FuzzyDate.parse(f"{d}/{d + dt.timedelta(days=draw(st.integers(1, 75)))}")
    if kind == "month_end":
        d = draw(_DAY)
        last = calendar.monthrange(d.year, d.month)[1]
        return FuzzyDate.from_date(d.replace(day=last))
    if kind == "leap":
        year = draw(st.sampled_from([1992, 1996, 2000, 2004, 2008, 2012, 2016, 2020, 2024]))
        return FuzzyDate.from_date(dt.date(year, 2, 29))
    return FuzzyDate.from_date(draw(_DAY))


_RULES = st.builds(
    EntryIntoForceRule,
    after=st.one_of(
        st.integers(1, 120).map(lambda n: f"{n} days"),
        st.integers(1, 14).map(lambda n: f"{n} months"),
        st.just("1 month"),
        st.just("1 day"),
    ),
    article=st.just("Article 1"),
    sources=st.just(("text",)),
    then=st.none() | st.sampled_from(["first_of_month", "first_of_next_month"]),
    applies_after=st.none() | _DAY,
)


@given(_RULES, _fuzzy(), st.none() | _fuzzy())
def test_derived_days_follow_the_calendar_reference(
    rule: EntryIntoForceRule, consent: FuzzyDate, general: FuzzyDate | None
) -> None:
    """The derived day's bounds are the earliest and latest days the reference gives
    for every day the consent and the general entry into force may be on."""
    found = derived_date(rule, consent, general)
    expected = reference_bounds(rule, consent, general)
    if expected is None:
        assert found is None
    else:
        assert found is not None
        assert (found.lower, found.upper) == expected


@pytest.mark.parametrize(
    ("after", "then", "consent", "expected"),
    [
        # Paris Art. 21(3): the thirtieth day after the deposit
        ("30 days", None, "2016-10-06", "2016-11-05"),
        # Arms Trade Treaty Art. 22(2): ninety days after
        ("90 days", None, "2014-12-24", "2015-03-24"),
        # Rome Statute Art. 126(2): the first day of the month after the sixtieth day
        ("60 days", "first_of_next_month", "2002-11-01", "2003-01-01"),
        # Ottawa / Cluster Munitions Art. 17(2): the first day of the sixth month after
        ("6 months", "first_of_month", "2015-08-31", "2016-02-01"),
        # Council of Europe: the first day of the month after three months
        ("3 months", "first_of_next_month", "2011-11-30", "2012-03-01"),
        # a month after 31 January: the last day of February, in leap years too
        ("1 month", None, "2011-01-31", "2011-02-28"),
        ("1 month", None, "2012-01-31", "2012-02-29"),
        ("12 months", None, "2012-02-29", "2013-02-28"),
    ],
)
def test_the_contract_forms(after: str, then: str | None, consent: str, expected: str) -> None:
    rule = EntryIntoForceRule(after, "Article", ("text",), then, dt.date(1990, 1, 1))
    found = derived_date(rule, FuzzyDate.parse(consent), None)
    assert found is not None
    assert found.text == expected
    assert reference_rule_day(rule, dt.date.fromisoformat(consent)).isoformat() == expected


# -- party_status with the rule, against every derived day written out ----------------
def _spelled_out(a: Agreement) -> Agreement:
    """The agreement with every day its rule derives written as an explicit event, and
    no rule."""
    made = derived_entries(a.events, a.parties, a.entry_into_force_rule)
    explicit = tuple(
        Event(Action.ENTERED_INTO_FORCE, e.date, party=e.party, sources=e.sources)
        for entries in made.values()
        for e in entries
    )
    return attrs.evolve(a, events=a.events + explicit, entry_into_force_rule=None)


def _days_that_matter(a: Agreement) -> list[dt.date]:
    steps = list(a.events) + [
        e
        for entries in derived_entries(a.events, a.parties, a.entry_into_force_rule).values()
        for e in entries
    ]
    bounds = {d for e in steps for d in (e.lower, e.upper) if dt.date.min < d < dt.date.max}
    return sorted({d + dt.timedelta(days=k) for d in bounds for k in (-1, 0, 1)})


@given(strategies.registries(max_agreements=3), st.data())
def test_party_status_with_the_rule_is_the_spelled_out_one(
    reg: treatyreg.Registry, data: st.DataObject
) -> None:
    for a in reg:
        if len(a.parties) <= 2:
            continue
        if a.entry_into_force_rule is None:
            a = attrs.evolve(
                a, entry_into_force_rule=data.draw(strategies.entry_into_force_rules(a.sources))
            )
            a = attrs.evolve(
                a,
                events=tuple(
                    e
                    for e in a.events
                    if not (e.action is Action.ENTERED_INTO_FORCE and e.party is not None)
                ),
            )
        spelled = _spelled_out(a)
        for day in _days_that_matter(a):
            assert a.parties_on(day, "in force") == spelled.parties_on(day, "in force")
            for p in a.parties:
                assert a.party_status(p, day) == spelled.party_status(p, day), (p, day)


@given(strategies.registries(max_agreements=3))
def test_filter_by_party_status_uses_derived_days(reg: treatyreg.Registry) -> None:
    """The registry's index (`filter(party=, party_status=)`) gives what `party_status`
    does, derived days included."""
    for a in reg:
        if a.entry_into_force_rule is None:
            continue
        for day in _days_that_matter(a)[:20]:
            for p in a.parties:
                found = {x.id for x in reg.filter(party=p, party_status="in_force", on=day)}
                scanned = {
                    x.id
                    for x in reg
                    if p in x.parties and x.party_status(p, day) is Status.IN_FORCE
                }
                assert found == scanned


# -- explicit days win, a withdrawal before the day, succession ------------------------
def _text(*events: str, rule: str = "") -> str:
    return f"""
treatyreg: 1
parties:
  - {{id: XAA, name: A}}
  - {{id: XBB, name: B}}
  - {{id: XCC, name: C}}
sources:
  - {{id: s, title: S}}
agreements:
  - id: c
    title: C
    kind: convention
    parties: [XAA, XBB, XCC]
    sources: [s]
{rule}
    events:
      - {{action: entered_into_force, date: 2010-08-01, sources: [s]}}
""" + "".join(f"      - {{{e}, sources: [s]}}\n" for e in events)


def _convention(*events: str, rule: str = "") -> treatyreg.Registry:
    return treatyreg.loads(_text(*events, rule=rule))


_RULE = """    entry_into_force_rule:
      after: 6 months
      then: first_of_month
      applies_after: 2010-02-16
      article: Article 17(2)
      sources: [s]"""


def test_an_explicit_entry_wins_and_a_contradiction_is_a_warning() -> None:
    events = (
        "action: ratified, party: XAA, means: accession, date: 2012-03-10",
        "action: entered_into_force, party: XAA, date: 2012-05-01",
    )
    reg = _convention(*events, rule=_RULE)
    a = reg["c"]
    assert a.party_status("XAA", "2012-05-01") is Status.IN_FORCE  # the explicit day
    assert a.participation()[0].derived_from is None
    found = treatyreg.validate(_write(reg))
    assert [d.code for d in found] == ["TR231"]
    assert "2012-09-01" in found[0].message


def test_no_entry_after_a_withdrawal_that_comes_first_nor_for_a_succession() -> None:
    reg = _convention(
        "action: ratified, party: XAA, means: accession, date: 2012-03-10",
        "action: withdrawn, party: XAA, date: 2012-06-01",
        "action: ratified, party: XBB, means: succession, date: 2012-03-10",
        rule=_RULE,
    )
    a = reg["c"]
    assert a.party_status("XAA", "2012-10-01") is Status.WITHDRAWN
    assert a.party_status("XBB", "2013-01-01") is Status.RATIFIED
    assert derived_entries(a.events, a.parties, a.entry_into_force_rule) == {}


def test_consents_before_applies_after_enter_with_the_general_one() -> None:
    reg = _convention(
        "action: ratified, party: XAA, means: accession, date: 2010-01-10",
        "action: ratified, party: XBB, means: accession, date: 2010-03-01",
        rule=_RULE,
    )
    a = reg["c"]
    rows = {r.party: r for r in a.participation()}
    assert str(rows["XAA"].entry_into_force.date) == "2010-08-01"  # type: ignore[union-attr]
    assert str(rows["XBB"].entry_into_force.date) == "2010-09-01"  # type: ignore[union-attr]
    assert a.party_status("XBB", "2010-08-31") is Status.RATIFIED
    assert a.party_status("XBB", "2010-09-01") is Status.IN_FORCE


# -- provisional application, its end, pending withdrawals, territories -----------------
def test_provisional_application_of_one_party_and_its_end() -> None:
    """Russia signed the Energy Charter Treaty and applied it provisionally; its notice
    that it would not become a party ended that on 2009-10-18 (a test of the rule, with
    the treaty's dates as the issue gives them)."""
    reg = _convention(
        "action: signed, party: XAA, date: 1994-12-17",
        "action: provisionally_applied, party: XAA, date: 1994-12-17",
        "action: provisional_application_terminated, party: XAA, date: 2009-10-18",
        "action: ratified, party: XBB, means: accession, date: 2011-05-05",
        "action: provisionally_applied, party: XBB, date: 2011-05-05",
    )
    a = reg["c"]
    assert a.party_status("XAA", "2009-10-17") is Status.PROVISIONALLY_APPLIED
    assert a.party_status("XAA", "2009-10-18") is Status.SIGNED
    # an acceding state, unsigned, applies it from its consent until... no rule: never
    assert a.party_status("XBB", "2012-01-01") is Status.PROVISIONALLY_APPLIED
    assert treatyreg.validate(_write(reg)) == []
    row = a.participation()[0]
    assert str(row.provisional_application_terminated.date) == "2009-10-18"  # type: ignore[union-attr]


def test_provisional_application_ends_at_the_entry_into_force_the_rule_gives() -> None:
    reg = _convention(
        "action: ratified, party: XBB, means: accession, date: 2011-05-05",
        "action: provisionally_applied, party: XBB, date: 2011-05-05",
        rule=_RULE,
    )
    a = reg["c"]
    assert a.party_status("XBB", "2011-10-31") is Status.PROVISIONALLY_APPLIED
    assert a.party_status("XBB", "2011-11-01") is Status.IN_FORCE


@pytest.mark.parametrize(
    ("events", "code"),
    [
        (("action: provisionally_applied, party: XAA, date: 2011-05-05",), "TR233"),
        (
            (
                "action: signed, party: XAA, date: 1994-12-17",
                "action: provisional_application_terminated, party: XAA, date: 2009-10-18",
            ),
            "TR233",
        ),
        (
            (  # a second end with no provisional application since the first
                "action: signed, party: XAA, date: 1994-12-17",
                "action: provisionally_applied, party: XAA, date: 1994-12-17",
                "action: provisional_application_terminated, party: XAA, date: 2009-10-18",
                "action: provisional_application_terminated, party: XAA, date: 2010-10-18",
            ),
            "TR233",
        ),
        (
            (
                "action: ratified, party: XAA, means: accession, date: 2011-05-05, "
                "territories: [Faroe Islands]",
            ),
            "TR232",
        ),
        (  # an empty list names no territory: still missing
            (
                "action: ratified, party: XAA, means: accession, date: 2011-05-05, "
                "territories: [], territorial: excludes",
            ),
            "TR232",
        ),
        (
            (
                "action: ratified, party: XAA, means: accession, date: 2011-05-05",
                "action: entered_into_force, party: XAA, date: 2011-06-01, "
                "territories: [Tokelau], territorial: excludes",
            ),
            "TR219",
        ),
    ],
)
def test_impossible_provisional_and_territorial_steps(
    events: tuple[str, ...], code: str, tmp_path: Path
) -> None:
    path = tmp_path / "registry.yaml"
    path.write_text(_text(*events), encoding="utf-8")
    assert code in [d.code for d in treatyreg.validate(path)]


@pytest.mark.parametrize(
    ("given", "code"),
    [
        ("territories: [Faroe Islands], territorial: inside", "TR104"),
        ("territories: Faroe Islands, territorial: excludes", "TR102"),
    ],
)
def test_a_bad_territorial_value_is_reported_once(given: str, code: str, tmp_path: Path) -> None:
    """A key given with a bad value draws its own diagnostic, not also TR232 (which says
    the key is missing); a key left out still draws TR232."""
    path = tmp_path / "registry.yaml"
    step = f"action: ratified, party: XAA, means: accession, date: 2011-05-05, {given}"
    text = _text(step)
    # the same step in block style, with Windows line ends: the value is found as well
    head, _, last = text.rstrip("\n").rpartition("\n")
    pairs = last.strip()[3:-1].split(", ")  # `- {k: v, k: v}` -> ["k: v", ...]
    block = "\n".join([head, "      - " + pairs[0], *("        " + p for p in pairs[1:])])
    for written in (text, block.replace("\n", "\r\n") + "\r\n"):
        path.write_bytes(written.encode())
        codes = [d.code for d in treatyreg.validate(path)]
        assert code in codes, written
        assert "TR232" not in codes, written
    path.write_text(_text(step.replace(", territorial: inside", "")), encoding="utf-8")
    if "inside" in given:  # left out, not refused: TR232 says so
        assert "TR232" in [d.code for d in treatyreg.validate(path)]


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        (_RULE.replace("6 months", "6 weeks"), "`after: 6 weeks`, not a period"),
        (_RULE.replace("then: first_of_month", "then: first_of_week"), "first_of_week"),
    ],
)
def test_a_bad_rule_is_reported_at_its_line(rule: str, message: str, tmp_path: Path) -> None:
    path = tmp_path / "registry.yaml"
    path.write_text(_text(rule=rule), encoding="utf-8")
    proc = subprocess.run(
        [EXE, "validate", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr
    assert message in proc.stdout
    assert "Traceback" not in proc.stderr
    line = (
        _text(rule=rule)
        .splitlines()
        .index(
            next(x for x in _text(rule=rule).splitlines() if "weeks" in x or "first_of_week" in x)
        )
    )
    assert f"{path}:{line + 1}:" in proc.stdout


def test_a_rule_needs_a_multilateral_agreement() -> None:
    text = OTTAWA.read_text(encoding="utf-8")
    reg = treatyreg.loads(text)
    a = reg["ottawa-convention"]
    two = attrs.evolve(a, parties=a.parties[:2], events=a.events[:2])
    small = treatyreg.Registry([two], list(reg.parties), list(reg.sources))
    assert "TR230" in [d.code for d in treatyreg.validate(_write(small))]


def test_the_rule_and_territories_round_trip() -> None:
    reg = _convention(
        "action: ratified, party: XAA, means: accession, date: 2011-05-05, "
        "territories: [Faroe Islands, Greenland], territorial: excludes",
        rule=_RULE,
    )
    again = treatyreg.loads(treatyreg.dumps(reg))
    assert list(again) == list(reg)
    row = again["c"].participation()[0]
    assert row.territories == ("excludes Faroe Islands", "excludes Greenland")


# -- the Ottawa example: the chart of 2026-02-03 ---------------------------------------
def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [EXE, *args, "--no-cache"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )


def test_ottawa_chart_shows_polands_pending_withdrawal_and_derived_days() -> None:
    proc = _cli(
        "parties",
        "ottawa-convention",
        "--data",
        str(OTTAWA),
        "--on",
        "2026-02-03",
        "--format",
        "json",
    )
    assert proc.returncode == 0, proc.stderr
    rows = {r["party"]: r for r in json.loads(proc.stdout)}
    poland = rows["POL"]
    assert poland["withdrawal_notified"] == "2025-08-20"
    assert poland["withdrawn"] == "2026-02-20?"
    assert poland["withdrawal_pending"] == "true"
    assert poland["status"] == "in_force"  # until the day it takes effect
    # Finland acceded on 2012-01-09: Article 17(2) gives 2012-07-01, derived
    assert rows["FIN"]["entered_into_force"] == "2012-07-01"
    assert rows["FIN"]["derived_from"] == "Article 17(2)"
    # a succession gets no derived day (Montenegro)
    assert rows["MNE"]["entered_into_force"] == ""
    assert rows["MNE"]["derived_from"] == ""


def test_ottawa_in_force_for_rises_with_the_parties() -> None:
    """The docs' picture's 'in force for' line: no longer flat at 6 from 1999 on."""
    a = treatyreg.load(OTTAWA)["ottawa-convention"]
    counts = [len(a.parties_on(f"{y}-06-01", "in force")) for y in (1999, 2004, 2013, 2025)]
    assert counts == sorted(counts)
    assert counts[0] < counts[-1]
    # Greece ratified on 2003-09-25: in force from 2004-03-01 (Article 17(2))
    assert a.party_status("GRC", "2004-02-29") is Status.RATIFIED
    assert a.party_status("GRC", "2004-03-01") is Status.IN_FORCE
    # Poland: in force on the chart's day, withdrawn once its withdrawal takes effect
    assert a.party_status("POL", "2026-02-03") is Status.IN_FORCE


def test_derived_days_are_marked_in_every_output(tmp_path: Path) -> None:
    reg = treatyreg.load(OTTAWA)
    a = reg["ottawa-convention"]
    # show, as text and JSON
    text = _cli("show", "ottawa-convention", "--data", str(OTTAWA)).stdout
    assert "Article 17(2)" in text
    assert "derived" in text
    shown = json.loads(
        _cli("show", "ottawa-convention", "--data", str(OTTAWA), "--format", "json").stdout
    )
    assert shown["entry_into_force_rule"]["article"] == "Article 17(2)"
    finland = [d for d in shown["derived_entries"] if d["party"] == "FIN"]
    assert finland[0]["date"]["edtf"] == "2012-07-01"
    # CSV of the chart
    csv_text = _cli("parties", "ottawa-convention", "--data", str(OTTAWA), "--format", "csv").stdout
    assert "derived_from" in csv_text.splitlines()[0]
    assert "Article 17(2)" in csv_text
    # the DataFrame and the HTML card
    pytest.importorskip("pandas")
    from treatyreg.frames import participation_dataframe

    df = participation_dataframe(reg, on="2026-02-03")
    assert df.loc[df.party == "FIN", "derived_from"].tolist() == ["Article 17(2)"]
    assert bool(df.loc[df.party == "POL", "withdrawal_pending"].iloc[0]) is True
    html = a._repr_html_()
    assert "derived, Article 17(2)" in html
    # the exports' agreement_parties table
    from treatyreg.publish import tables

    rows = [r for r in tables(reg, "2026-02-03")["agreement_parties"] if r["party"] == "FIN"]
    assert rows[0]["derived_from"] == "Article 17(2)"
    assert rows[0]["entered_into_force"] == "2012-07-01"
    agreements = tables(reg)["agreements"]
    assert "Article 17(2)" in agreements[0]["entry_into_force_rule"]


def test_the_participation_picture_names_the_article() -> None:
    pytest.importorskip("matplotlib")
    from treatyreg.plot import participation

    reg = treatyreg.load(OTTAWA)
    fig = participation(reg["ottawa-convention"], on="2026-02-03", registry=reg)
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert any("derived from Article 17(2)" in label for label in labels)
    assert "withdrawal notified, pending" in labels
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert any(t.startswith("POL: takes effect 2026-02-20?") for t in texts)


def _write(reg: treatyreg.Registry, folder: Path | None = None) -> Path:
    import tempfile

    where = Path(tempfile.mkdtemp()) if folder is None else folder
    path = where / "registry.yaml"
    treatyreg.dump(reg, path)
    return path


def test_means_of_a_derived_consent_is_kept() -> None:
    a = treatyreg.load(OTTAWA)["ottawa-convention"]
    made = derived_entries(a.events, a.parties, a.entry_into_force_rule)
    finland = made["FIN"][0]
    assert finland.consent is not None
    assert finland.consent.means is Means.ACCESSION
    assert finland.article == "Article 17(2)"
    assert finland.sources == ("aca-1997-09-ottawa-text", "icrc-1998-09-30")


def test_a_re_accession_starts_a_new_row() -> None:
    """After a withdrawal and a new accession the chart shows the new membership, as the
    depositary's does: its consent and entry into force, no old withdrawal beside them; on a
    day between the two memberships it shows the old one with its withdrawal."""
    reg = _convention(
        "action: signed, party: XAA, date: 2009-01-10",
        "action: provisionally_applied, party: XAA, date: 2009-01-10",
        "action: ratified, party: XAA, date: 2010-03-01",
        "action: entered_into_force, party: XAA, date: 2010-08-01",
        "action: withdrawn, party: XAA, date: 2014-01-01",
        "action: ratified, party: XAA, means: accession, date: 2016-05-05",
        "action: entered_into_force, party: XAA, date: 2016-11-01",
    )
    a = reg["c"]
    row = a.participation()[0]
    assert str(row.consent.date) == "2016-05-05"  # type: ignore[union-attr]
    assert str(row.entry_into_force.date) == "2016-11-01"  # type: ignore[union-attr]
    assert row.withdrawal is None
    assert row.provisional_application is None
    assert a.party_status("XAA", "2026-01-01") is Status.IN_FORCE
    between = a.participation("2015-01-01")[0]
    assert str(between.consent.date) == "2010-03-01"  # type: ignore[union-attr]
    assert str(between.withdrawal.date) == "2014-01-01"  # type: ignore[union-attr]
    assert a.party_status("XAA", "2015-01-01") is Status.WITHDRAWN


_LEFT = (
    "action: signed, party: XAA, date: 2009-01-10",
    "action: ratified, party: XAA, date: 2010-03-01",
    "action: entered_into_force, party: XAA, date: 2010-08-01",
    "action: withdrawn, party: XAA, date: 2014-01-01",
)


@pytest.mark.parametrize(
    ("steps", "key", "expected", "status"),
    [
        (  # the new membership begins with provisional application, before the consent
            (
                "action: provisionally_applied, party: XAA, date: 2015-01-01",
                "action: ratified, party: XAA, means: accession, date: 2016-05-05",
            ),
            "provisional_application",
            "2015-01-01",
            Status.PROVISIONALLY_APPLIED,
        ),
        (  # the entry into force sorts before a consent known only to the month
            (
                "action: ratified, party: XAA, means: accession, date: 2016-11",
                "action: entered_into_force, party: XAA, date: 2016-11-20",
            ),
            "entry_into_force",
            "2016-11-20",
            Status.IN_FORCE,
        ),
    ],
)
def test_a_new_membership_begins_at_its_first_step_after_the_withdrawal(
    steps: tuple[str, ...], key: str, expected: str, status: Status
) -> None:
    """The row agrees with `party_status` whichever step of the new membership comes
    first, and the export shows it."""
    a = _convention(*_LEFT, *steps)["c"]
    assert a.party_status("XAA", "2017-01-01") is status
    row = a.participation("2017-01-01")[0]
    assert str(getattr(row, key).date) == expected
    assert row.withdrawal is None
    exported = participation_rows(a, None)[0]
    assert exported["status"] == str(status)


def test_the_picture_marks_a_withdrawal_after_the_party_came_back() -> None:
    """Each withdrawal that took effect is marked, an earlier membership's too."""
    pytest.importorskip("matplotlib")
    from treatyreg.plot import participation

    reg = _convention(
        *_LEFT,
        "action: ratified, party: XAA, means: accession, date: 2016-05-05",
        "action: entered_into_force, party: XAA, date: 2016-11-01",
    )
    fig = participation(reg["c"], on="2020-01-01", registry=reg)
    labels = [line.get_label() for line in fig.axes[0].get_lines()]
    assert "withdrawal took effect" in labels
