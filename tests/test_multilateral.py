"""Multilateral agreements: each party's own timeline, by the rules of DESIGN.md."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import treatyreg
from treatyreg import strategies
from treatyreg.derive import derived_entries
from treatyreg.lifecycle import (
    ACTIONS,
    Action,
    Effect,
    Means,
    Status,
    event_order,
    fold_status,
    has_party_timelines,
)
from treatyreg.model import Agreement, Event, party_changes_of

EXAMPLE = (Path(__file__).parent / "data" / "example-convention.yaml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def reg() -> treatyreg.Registry:
    return treatyreg.loads(EXAMPLE)


@pytest.mark.parametrize(
    ("party", "day", "expected"),
    [
        ("DE", "1998-12-09", None),
        ("DE", "1998-12-10", "signed"),
        ("DE", "2000-12-11", "ratified"),
        ("DE", "2002-07-01", "in_force"),  # consented before the general entry into force
        ("AF", "2003-02-10", "ratified"),  # an accession, no signature needed
        ("AF", "2003-05-01", "in_force"),  # its own entry into force
        ("BI", "2004-09-21", "ratified"),  # consented after the general entry into force
        ("BI", "2004-12-01", "in_force"),
        ("BI", "2016-10-27", "in_force"),  # notified, not yet effective
        ("BI", "2017-10-27", "withdrawn"),
        ("RU", "2020-01-01", "signed"),
        ("US", "2001-01-01", "signed"),
        ("US", "2002-05-06", None),  # signature withdrawn
    ],
)
def test_party_status_follows_the_chart(
    reg: treatyreg.Registry, party: str, day: str, expected: str | None
) -> None:
    assert reg["example-convention"].party_status(party, day) == expected


def test_the_agreement_own_status(reg: treatyreg.Registry) -> None:
    """Adopted, signed, in ratification, in force; one party leaving changes nothing."""
    a = reg["example-convention"]
    days = ["1998-07-16", "1998-07-17", "1998-12-10", "2000-12-11", "2002-07-01", "2018-01-01"]
    assert [a.status_on(d) for d in days] == [
        None,
        "adopted",
        "signed",
        "in_ratification",
        "in_force",
        "in_force",
    ]


def test_parties_on(reg: treatyreg.Registry) -> None:
    a = reg["example-convention"]
    assert a.parties_on("2005-01-01") == ("AF", "BI", "DE")
    assert a.parties_on("2018-01-01") == ("AF", "DE")
    assert a.parties_on("2018-01-01", "withdrawn") == ("BI",)
    assert a.parties_on("2018-01-01", Status.SIGNED) == ("RU",)


def test_filter_judges_the_status_as_the_party_stands(reg: treatyreg.Registry) -> None:
    """ "In force for Burundi": by Burundi's own timeline, not the agreement's status."""
    found = [a.id for a in reg.filter(party="Burundi", party_status="in_force", on="2005-01-01")]
    assert found == ["example-convention"]
    assert reg.filter(party="Burundi", party_status="in_force", on="2018-01-01") == []
    assert len(reg.filter(party="Burundi", party_status="withdrawn", on="2018-01-01")) == 1
    assert reg.filter(party="RU", party_status="in_force", on="2018-01-01") == []
    assert len(reg.filter(status="in_force", on="2018-01-01")) == 1  # the agreement's own
    # `status` is the agreement's own whatever else is given: in force, though not for BI
    assert len(reg.filter(party="Burundi", status="in_force", on="2018-01-01")) == 1
    both = reg.filter(party="BI", status="in_force", party_status="withdrawn", on="2018-01-01")
    assert both.ids == ("example-convention",)
    assert both.party == "BI"
    df = both.to_dataframe()
    assert df[["status", "party_status"]].values.tolist() == [["in_force", "withdrawn"]]
    with pytest.raises(treatyreg.errors.FilterError):
        reg.filter(party=["BI", "DE"], party_status="in_force")


def test_participation_rows(reg: treatyreg.Registry) -> None:
    rows = {r.party: r for r in reg["example-convention"].participation()}
    assert str(rows["AF"].means) == "accession"
    assert rows["AF"].signature is None
    assert str(rows["DE"].means) == "ratification"
    withdrawal = rows["BI"].withdrawal
    assert withdrawal is not None
    assert withdrawal.notified is not None
    assert (str(withdrawal.date), str(withdrawal.notified)) == ("2017-10-27", "2016-10-27")
    assert [str(e.action) for e in rows["DE"].statements] == ["declaration"]
    assert rows["US"].signature_withdrawn is not None


def test_round_trip(reg: treatyreg.Registry) -> None:
    assert treatyreg.loads(treatyreg.dumps(reg)) == reg


def test_an_old_file_keeps_its_meaning() -> None:
    """Three parties, one signature and one entry into force, no consent recorded (as
    files were written before per-party timelines): every party is in force."""
    text = EXAMPLE.split("    events:\n")[0] + (
        "    events:\n"
        "      - {action: signed, date: 2001, sources: [chart]}\n"
        "      - {action: entered_into_force, date: 2002, sources: [chart]}\n"
    )
    a = treatyreg.loads(text)["example-convention"]
    assert a.parties_on("2003-01-01") == a.parties


# -- validation: each new rule with its own code -------------------------------------------


def _codes(*events: str) -> list[str]:
    text = (
        EXAMPLE.split("    events:\n")[0]
        + "    events:\n"
        + "".join(f"      - {{{e}, sources: [chart]}}\n" for e in events)
    )
    try:
        treatyreg.loads(text)
    except treatyreg.ValidationError as error:
        return [d.code for d in error.diagnostics]
    return []


@pytest.mark.parametrize(
    ("events", "code"),
    [
        (
            ["action: signed, party: DE, date: 2001", "action: ratified, party: DE, date: 2000"],
            "TR214",
        ),
        (
            [
                "action: ratified, party: AF, means: accession, date: 2003",
                "action: entered_into_force, party: AF, date: 2002",
            ],
            "TR215",
        ),
        (
            [
                "action: entered_into_force, date: 2004",
                "action: ratified, party: AF, means: accession, date: 2001",
                "action: entered_into_force, party: AF, date: 2002",
            ],
            "TR215",
        ),
        (
            ["action: signed, party: DE, date: 2001", "action: signed, party: DE, date: 2002"],
            "TR216",
        ),
        (
            [
                "action: ratified, party: AF, means: accession, date: 2001",
                "action: ratified, party: AF, means: accession, date: 2002",
            ],
            "TR216",
        ),
        (["action: withdrawn, party: DE, date: 2001, notified: 2000"], "TR217"),
        (
            [
                "action: ratified, party: AF, means: accession, date: 2001",
                "action: withdrawn, party: AF, date: 2003, notified: 2004",
            ],
            "TR217",
        ),
        (["action: ratified, party: RU, date: 2001, means: approval"], "TR214"),
        (
            [
                "action: ratified, party: AF, means: accession, date: 2001",
                "action: withdrawn, party: AF, date: 2003, notified: 2002",
                "action: withdrawn, party: AF, date: 2005, notified: 2004",
            ],
            "TR217",
        ),
        (["action: signature_withdrawn, party: US, date: 2001"], "TR218"),
        (
            [
                "action: signed, party: US, date: 2000",
                "action: ratified, party: US, date: 2001",
                "action: signature_withdrawn, party: US, date: 2002",
            ],
            "TR218",
        ),
        (
            [
                "action: signed, party: US, date: 2000",
                "action: signature_withdrawn, party: US, date: 2002",
                "action: ratified, party: US, date: 2003",
            ],
            "TR223",
        ),
        (["action: signed, party: DE, date: 2000, means: accession"], "TR219"),
        (["action: signed, party: DE, date: 2000, notified: 2000"], "TR219"),
        (["action: reservation, date: 2000"], "TR205"),
    ],
)
def test_each_rule_has_its_code(events: list[str], code: str) -> None:
    assert _codes(*events) == [code]


def test_valid_orders_pass() -> None:
    """A succession may take effect before it is notified; a party may leave and accede
    again; an accession needs no signature."""
    assert (
        _codes(
            "action: ratified, party: AF, means: succession, date: 2003",
            "action: entered_into_force, party: AF, date: 2001",
            "action: ratified, party: DE, means: accession, date: 2001",
            "action: withdrawn, party: DE, date: 2005, notified: 2004",
            "action: ratified, party: DE, means: accession, date: 2010",
            "action: signed, party: US, date: 2000",
            "action: signature_withdrawn, party: US, date: 2002",
            "action: ratified, party: US, means: accession, date: 2004",
        )
        == []
    )


# -- properties: the fold against a reference written from the rules -----------------------


_WIDE = {Action.SUSPENDED, Action.RESUMED, Action.TERMINATED, Action.EXPIRED, Action.SUPERSEDED}


def reference(a: Agreement, party: str, day: dt.date) -> Status | None:
    """`party_status` of an agreement with per-party timelines, written straight from the
    rules of docs/lifecycle.md and judged on one day, with no grouping, sweep or index."""
    # the days an entry-into-force rule gives are steps too (tests/test_entry_rule.py
    # checks them against a calendar); under a rule, a consent enters into force on its
    # own day only, never with the general entry into force by default (but a succession)
    rule = a.entry_into_force_rule
    ruled = rule is not None and rule.period is not None
    derived = [e for made in derived_entries(a.events, a.parties, rule).values() for e in made]
    every = sorted([*a.events, *derived], key=event_order)
    happened = [e for e in every if e.upper <= day]
    general = [e for e in happened if e.party is None or e.action in _WIDE]
    own_all = [e for e in every if e.party == party and e.action not in _WIDE]

    def membership(steps: list[Event]) -> tuple[int, list[Event]]:
        """How many withdrawals, and the steps since the last one."""
        cut = [i for i, e in enumerate(steps) if e.action is Action.WITHDRAWN]
        return len(cut), steps[cut[-1] + 1 :] if cut else steps

    ending = next((e for e in general if ACTIONS[e.action].effect is Effect.END), None)
    if ending is not None:  # the first ending: what happened after it does not count
        happened = [e for e in happened if event_order(e) <= event_order(ending)]
        general = [e for e in general if event_order(e) <= event_order(ending)]
    own = [e for e in happened if e.party == party and e.action not in _WIDE]
    left, since = membership(own)
    did = {e.action for e in since}
    consent = next((e for e in since if e.action is Action.RATIFIED), None)
    if ending is not None:
        return Status.WITHDRAWN if left and consent is None else ACTIONS[ending.action].status
    # an own entry into force anywhere in this membership, dated after the day or not
    periods: list[list[Event]] = [[]]
    for e in own_all:
        if e.action is Action.WITHDRAWN:
            periods.append([])
        else:
            periods[-1].append(e)
    has_own_entry = any(e.action is Action.ENTERED_INTO_FORCE for e in periods[left])
    entry = next(
        (e for e in general if e.action is Action.ENTERED_INTO_FORCE and e.party is None), None
    )
    no_consent_at_all = not any(e.action is Action.RATIFIED for e in a.events)
    signed = Action.SIGNED in did or (
        not left and any(e.action is Action.SIGNED and e.party is None for e in general)
    )
    status: Status | None = None
    if (
        Action.ENTERED_INTO_FORCE in did
        or (
            not has_own_entry
            and entry is not None
            and consent is not None
            and (consent.upper <= entry.upper)
            and (not ruled or consent.means is Means.SUCCESSION)
        )
        or (not has_own_entry and entry is not None and no_consent_at_all and signed)
    ):
        status = Status.IN_FORCE
    elif consent is not None:
        status = Status.RATIFIED
    elif left:
        status = Status.WITHDRAWN
    elif Action.SIGNATURE_WITHDRAWN in did:
        status = None
    elif did & {Action.SUBMITTED_FOR_RATIFICATION, Action.APPROVED}:
        status = Status.IN_RATIFICATION
    elif signed:
        status = Status.SIGNED
    # its own provisional application: from its day (signed or not) until its entry into
    # force, its withdrawal or its end; the agreement's: while it is a signatory or party
    # not yet in force, unless it ended its provisional application
    own = [e for e in since if e.action is Action.PROVISIONALLY_APPLIED]
    ended = [e for e in since if e.action is Action.PROVISIONAL_APPLICATION_TERMINATED]
    applies = bool(own) and (not ended or event_order(own[-1]) > event_order(ended[-1]))
    everyone = any(e.action is Action.PROVISIONALLY_APPLIED and e.party is None for e in general)
    if (
        everyone
        and not ended
        and status in (Status.SIGNED, Status.IN_RATIFICATION, Status.RATIFIED)
    ) or (applies and status not in (Status.IN_FORCE, Status.WITHDRAWN)):
        status = Status.PROVISIONALLY_APPLIED
    suspended = sum(
        1 if e.action is Action.SUSPENDED else -1
        for e in general
        if e.action in (Action.SUSPENDED, Action.RESUMED)
    )
    if suspended > 0 and status not in (None, Status.WITHDRAWN):
        status = Status.SUSPENDED
    return status


@st.composite
def multilateral(draw: st.DrawFn) -> Agreement:
    party_ids = ("XA", "XB", "XC", "XD")
    return draw(
        strategies.agreements(party_ids, ("s",)).filter(
            lambda a: has_party_timelines(a.events, a.parties)
        )
    )


days = strategies.days(dt.date(1895, 1, 1), dt.date(2100, 1, 1))


@given(multilateral(), days)
def test_party_status_matches_the_reference(a: Agreement, day: dt.date) -> None:
    for party in a.parties:
        assert a.party_status(party, day) == reference(a, party, day)


@given(multilateral(), days)
def test_parties_on_and_changes_match_party_status(a: Agreement, day: dt.date) -> None:
    """`parties_on` lists exactly the parties with that status; the precomputed changes
    give each party's status on any day."""
    import bisect

    changes = party_changes_of(a)  # the days an entry-into-force rule gives included
    for status in Status:
        assert a.parties_on(day, status) == tuple(
            p for p in a.parties if a.party_status(p, day) is status
        )
    for party in a.parties:
        when, then = changes[party]
        assert then[bisect.bisect_right(when, day) - 1] == a.party_status(party, day)


@given(multilateral())
def test_generated_multilateral_agreements_are_valid(a: Agreement) -> None:
    reg = treatyreg.Registry(
        [a],
        [treatyreg.Party(p, f"party {p}") for p in ("XA", "XB", "XC", "XD")],
        [treatyreg.Source("s", "S")],
    )
    assert reg.check() == []
    assert treatyreg.loads(treatyreg.dumps(reg)) == reg


def test_a_bilateral_agreement_is_unchanged() -> None:
    """Two parties: each party's status is the fold as that party sees it, as before."""
    events = (
        Event(Action.SIGNED, treatyreg.FuzzyDate.parse("2017"), sources=("s",)),
        Event(Action.RATIFIED, treatyreg.FuzzyDate.parse("2018"), party="XSO", sources=("s",)),
    )
    a = Agreement("x", "X", "agreement", ("RU", "XSO"), events=events)
    day = dt.date(2019, 1, 1)
    assert a.party_status("XSO", day) == fold_status(events, a.parties, day, for_party="XSO")
    assert (a.party_status("XSO", day), a.party_status("RU", day)) == ("ratified", "signed")


# -- the CLI ---------------------------------------------------------------------------------

DATA = str(Path(__file__).parent / "data" / "example-convention.yaml")


def test_cli_parties_chart(capsys: pytest.CaptureFixture[str]) -> None:
    from treatyreg.cli import main

    assert main(["parties", "example-convention", "--data", DATA, "--on", "2018-01-01"]) == 0
    out = capsys.readouterr().out
    assert "5 participants: 3 signatories, 2 parties (2 in force), 1 withdrawn" in out
    bi = next(line for line in out.splitlines() if line.startswith("BI "))
    assert bi.split() == [
        "BI",
        "1999-01-13",
        "2004-09-21",
        "ratification",
        "2004-12-01",
        "2016-10-27",
        "2017-10-27",
        "withdrawn",
        "2017-10-27",  # its last evidence: its withdrawal took effect
    ]


def test_cli_parties_csv_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    import csv
    import io
    import json

    from treatyreg.cli import main

    args = ["parties", "example-convention", "--data", DATA, "--on", "2005-01-01"]
    assert main([*args, "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert main([*args, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == rows
    assert {r["party"]: r["status"] for r in rows} == {
        "AF": "in_force",
        "BI": "in_force",
        "DE": "in_force",
        "RU": "signed",
        "US": "",
    }
    assert rows[0]["name"] == "Afghanistan"


@pytest.mark.slow
def test_cli_show_summarises_the_chart() -> None:
    """`treatyreg show` of a multilateral agreement, as a user runs it: the general steps,
    then the counts of the chart, not one line per party's step."""
    import shutil
    import subprocess
    import sys

    exe = shutil.which("treatyreg", path=str(Path(sys.executable).parent))
    assert exe is not None
    done = subprocess.run(
        [exe, "show", "example-convention", "--data", DATA, "--on", "2018-01-01"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "Participation: 5 participants: 3 signatories" in done.stdout
    assert "accession" not in done.stdout  # AF's step is in the chart, not the timeline
    assert "treatyreg parties example-convention" in done.stdout


# -- DataFrames -------------------------------------------------------------------------------


def test_participation_dataframe_writes_flat(reg: treatyreg.Registry, tmp_path: Path) -> None:
    """One row per agreement and party, flat columns: CSV and SQL take it as it is, and a
    pandas mask on it answers what `filter` answers."""
    import sqlite3

    import pandas as pd

    from treatyreg.frames import PARTICIPATION_COLUMNS

    df = reg.participation_dataframe(on="2018-01-01")
    assert tuple(df.columns) == PARTICIPATION_COLUMNS
    assert len(df) == 5
    df.to_csv(tmp_path / "p.csv", index=False)
    back = pd.read_csv(tmp_path / "p.csv", dtype=str, keep_default_na=False)
    assert back.party.tolist() == list(reg["example-convention"].parties)
    with sqlite3.connect(tmp_path / "p.db") as db:
        df.to_sql("participation", db, index=False)
        [(count,)] = db.execute("select count(*) from participation where status = 'in_force'")
    assert count == 2
    mask = df[(df.party == "BI") & (df.status == "withdrawn")].agreement.tolist()
    found = reg.filter(party="BI", party_status="withdrawn", on="2018-01-01")
    assert mask == [a.id for a in found]


def test_the_html_card_shows_the_chart(reg: treatyreg.Registry) -> None:
    """In Jupyter, a multilateral agreement's card has the participation chart (its
    general steps above it), every value escaped."""
    from treatyreg.display import agreement_html

    html = agreement_html(reg, reg["example-convention"], on="2018-01-01")
    assert "participation (5 participants: 1 no step, 2 in force, 1 signed, 1 withdrawn)" in html
    assert re.search(r"<td style='[^']*'>Burundi \(BI\)</td>", html)
    assert html.count("<tr>") == (1 + 2) + (1 + 5)  # headers; 2 general steps, 5 parties


def test_cli_participation_picture(tmp_path: Path) -> None:
    """`treatyreg parties ID --output chart.png` writes a picture that is not blank."""
    import io

    import matplotlib.image

    from treatyreg.cli import main

    out = tmp_path / "chart.png"
    args = ["parties", "example-convention", "--data", DATA, "--on", "2020-01-01"]
    assert main([*args, "--output", str(out)]) == 0
    pixels = matplotlib.image.imread(io.BytesIO(out.read_bytes()), format="png")
    assert pixels.std() > 0.05  # lines and text on white, not one colour
    assert main([*args, "--output", str(tmp_path / "chart.txt")]) == 2


def test_participation_picture_counts(reg: treatyreg.Registry) -> None:
    """The curves count what `parties_on` and the chart say on each day."""
    import matplotlib.dates as mdates

    from treatyreg.plot import participation

    a = reg["example-convention"]
    ax = participation(a, on="2020-01-01", registry=reg).axes[0]
    lines = {line.get_label(): line for line in ax.get_lines()}
    in_force = lines["in force for"]
    for day in ("2003-06-01", "2010-01-01", "2019-01-01"):
        x = mdates.date2num(dt.date.fromisoformat(day))
        xs, ys = in_force.get_xdata(), in_force.get_ydata()
        at = max(i for i, v in enumerate(xs) if v <= x)
        assert ys[at] == len(a.parties_on(day))


# -- found in review --------------------------------------------------------------------------


def _agreement(*events: str, parties: str = "XA, XB, XC") -> Agreement:
    text = (
        "treatyreg: 1\nparties:\n"
        + "".join(f"  - {{id: {p}, name: {p}}}\n" for p in ("XA", "XB", "XC", "XD"))
        + "sources:\n  - {id: s, title: S}\nagreements:\n"
        + f"  - id: x\n    title: X\n    kind: convention\n    parties: [{parties}]\n"
        + "    sources: [s]\n    events:\n"
        + "".join(f"      - {{{e}, sources: [s]}}\n" for e in events)
    )
    return treatyreg.loads(text)["x"]


REJOINED = [
    "action: signed, party: XA, date: 1998",
    "action: ratified, party: XA, date: 1999",
    "action: entered_into_force, date: 2000",
    "action: withdrawn, party: XA, date: 2005, notified: 2004",
    "action: ratified, party: XA, means: accession, date: 2010",
    "action: entered_into_force, party: XA, date: 2010-04",
]


def test_an_entry_for_a_later_membership_leaves_an_earlier_one_alone() -> None:
    a = _agreement(*REJOINED)
    assert [a.party_status("XA", y) for y in ("2002-12-31", "2006-12-31", "2011-12-31")] == [
        "in_force",  # its first membership: it consented before the general entry
        "withdrawn",
        "in_force",  # its second: its own entry into force
    ]


def test_an_ending_after_a_return() -> None:
    a = _agreement(*REJOINED, "action: terminated, date: 2020")
    assert a.party_status("XA", "2021-06-30") == "terminated"


def test_an_agreement_wide_step_that_names_a_party_is_everyone_s() -> None:
    a = _agreement(
        "action: signed, party: XA, date: 1998",
        "action: ratified, party: XA, date: 1999",
        "action: entered_into_force, date: 2000",
        "action: terminated, party: XB, date: 2003",
    )
    assert (a.status_on("2004-06-30"), a.party_status("XA", "2004-06-30")) == (
        "terminated",
        "terminated",
    )
    reg = treatyreg.Registry([a], [treatyreg.Party("XA", "XA")], [treatyreg.Source("s", "S")])
    assert reg.filter(party="XA", party_status="in_force", on="2004-06-30") == []


def test_a_file_written_before_keeps_its_rules() -> None:
    """Three parties, no per-party step: valid as before (no TR216/TR217), and the old
    fold: a withdrawal ends it for the party that left; all ratified reads `ratified`."""
    old = _agreement(
        "action: signed, date: 2001",
        "action: ratified, party: XA, date: 2002",
        "action: ratified, party: XA, date: 2002-06",
        "action: ratified, party: XB, date: 2002",
        "action: ratified, party: XC, date: 2002",
        "action: entered_into_force, date: 2003",
        "action: withdrawn, party: XC, date: 2005",
    )
    assert old.status_on("2002-12-31") == "ratified"
    assert old.party_status("XC", "2006-12-31") == "terminated"


def test_two_parties_keep_the_old_signature_rules() -> None:
    """A bilateral agreement with two `signed` events and a ratification before both:
    TR211 and TR206, as before per-party timelines."""
    codes = _codes_of(
        "action: signed, party: XA, date: 2001",
        "action: signed, party: XB, date: 2001",
        "action: ratified, party: XA, date: 2000",
        parties="XA, XB",
    )
    assert sorted(codes) == ["TR206", "TR211"]


def _codes_of(*events: str, parties: str) -> list[str]:
    try:
        _agreement(*events, parties=parties)
    except treatyreg.ValidationError as error:
        return [d.code for d in error.diagnostics]
    return []


def test_the_first_signature_and_the_general_entry() -> None:
    a = _agreement(
        "action: signed, party: XB, date: 2005",
        "action: signed, party: XA, date: 2000",
        "action: ratified, party: XC, means: accession, date: 2002",
        "action: entered_into_force, party: XC, date: 2003-05",
        "action: entered_into_force, date: 2002",
    )
    assert (str(a.signed), str(a.entered_into_force)) == ("2000", "2002")


def test_a_signatory_applying_it_provisionally_is_not_a_party() -> None:
    from treatyreg.cli import _participation_summary
    from treatyreg.export import participation_rows

    a = _agreement(
        "action: signed, party: XA, date: 2000",
        "action: signed, party: XB, date: 2000",
        "action: provisionally_applied, date: 2001",
    )
    assert a.party_status("XA", "2002-06-30") == "provisionally_applied"
    summary = _participation_summary(participation_rows(a, dt.date(2002, 1, 1)))
    assert summary.startswith("3 participants: 2 signatories, 0 parties")


def test_a_party_by_any_name_and_a_status_in_any_spelling(reg: treatyreg.Registry) -> None:
    """Every call that takes a party takes its id, name or alias; every call that takes a
    status takes every spelling `filter` does."""
    a = reg["example-convention"]
    assert a.party_status("Burundi", "2018-01-01") == a.party_status("BI", "2018-01-01")
    assert a.party_status("burundi", "2018-01-01") == "withdrawn"
    assert a.parties_on("2018-01-01", "Withdrawn") == a.parties_on("2018-01-01", "withdrawn")
    assert a.parties_on("2005-01-01", "in force") == ("AF", "BI", "DE")
    with pytest.raises(treatyreg.errors.UnknownValueError, match="did you mean 'in_force'"):
        a.parties_on("2005-01-01", "in forse")
    with pytest.raises(treatyreg.errors.NotAPartyError):
        a.party_status("Atlantis", "2005-01-01")
