"""Fact tests of examples/cluster-munitions.yaml, the Convention on Cluster Munitions as the
UN Treaty Collection's chart of 2026-02-03 shows it, and of the script that writes it
(examples/untc_to_yaml.py).

The chart gives no day of entry into force for a state: those below follow from Article
17(2) by hand (the first day of the month in which the sixth month after the deposit ends;
the general entry into force, 2010-08-01, for consents on or before the thirtieth's day,
2010-02-16), so they test the file's `entry_into_force_rule` as the contract reads it.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

import treatyreg

ROOT = Path(__file__).resolve().parents[1]
CCM = ROOT / "examples" / "cluster-munitions.yaml"
SCRIPT = ROOT / "examples" / "untc_to_yaml.py"


@functools.cache
def converter() -> ModuleType:
    spec = importlib.util.spec_from_file_location("untc_to_yaml", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@functools.cache
def convention() -> treatyreg.Agreement:
    return treatyreg.load(CCM)["cluster-munitions"]


def _raw() -> dict[str, Any]:
    """The file as plain YAML, for what the loader does not read yet."""
    data: dict[str, Any] = yaml.safe_load(CCM.read_text(encoding="utf-8"))
    return data


def test_loads_without_a_diagnostic() -> None:
    assert treatyreg.validate(CCM) == []


@pytest.mark.parametrize(
    ("party", "day", "status"),
    [
        # the thirtieth instrument: in force with the Convention itself
        ("BFA", "2010-07-31", "ratified"),
        ("BFA", "2010-08-01", "in_force"),
        # a consent between the thirtieth and the general entry into force: 17(2), not 17(1)
        ("ECU", "2010-08-01", "ratified"),
        ("ECU", "2010-10-31", "ratified"),
        ("ECU", "2010-11-01", "in_force"),  # deposited 2010-05-11
        # late parties
        ("CAN", "2015-08-31", "ratified"),
        ("CAN", "2015-09-01", "in_force"),  # deposited 2015-03-16
        ("ISL", "2016-01-31", "ratified"),
        ("ISL", "2016-02-01", "in_force"),  # deposited 2015-08-31: the period ends 2016-02-29
        ("VUT", "2026-02-03", "ratified"),  # acceded 2025-09-05: not yet in force on the chart
        ("VUT", "2026-03-01", "in_force"),
        # provisional application (Article 18), ended by the entry into force for the state
        ("NOR", "2008-12-03", "provisionally_applied"),  # signed, applied, ratified on one day
        ("NOR", "2010-08-01", "in_force"),
        ("BLZ", "2014-09-01", None),
        ("BLZ", "2014-09-02", "provisionally_applied"),  # with its accession, no signature
        ("BLZ", "2015-02-28", "provisionally_applied"),
        ("BLZ", "2015-03-01", "in_force"),
        ("CHE", "2012-07-16", "signed"),
        ("CHE", "2012-12-31", "provisionally_applied"),
        ("CHE", "2013-01-01", "in_force"),  # deposited 2012-07-17
        # Lithuania: applied from its ratification, in force, then withdrawn (Article 20(3))
        ("LTU", "2011-03-24", "provisionally_applied"),
        ("LTU", "2011-08-31", "provisionally_applied"),
        ("LTU", "2011-09-01", "in_force"),
        ("LTU", "2024-09-06", "in_force"),  # the day it notified its withdrawal
        ("LTU", "2025-03-05", "in_force"),
        ("LTU", "2025-03-06", "withdrawn"),
    ],
)
def test_party_status_on_a_day(party: str, day: str, status: str | None) -> None:
    assert convention().party_status(party, day) == status


def test_the_chart_day() -> None:
    """The chart's counts: 112 parties, one withdrawn; all but Vanuatu in force."""
    ccm = convention()
    assert ccm.parties_on("2026-02-03", "withdrawn") == ("LTU",)
    assert ccm.parties_on("2026-02-03", "ratified") == ("VUT",)
    assert len(ccm.parties_on("2026-02-03", "in_force")) == 111


def test_filter_by_a_state() -> None:
    reg = treatyreg.load(CCM)
    found = reg.filter(party="Canada", party_status="in_force", on="2015-09-01")
    assert [a.id for a in found] == ["cluster-munitions"]
    assert reg.filter(party="Canada", party_status="in_force", on="2015-08-31") == []


def test_the_rule_and_the_provenance() -> None:
    """The rule of Article 17(2), and where every fact came from."""
    data = _raw()
    (ccm,) = data["agreements"]
    assert ccm["entry_into_force_rule"] == {
        "after": "6 months",
        "then": "first_of_month",
        "applies_after": dt.date(2010, 2, 16),
        "article": "Article 17(2)",
        "sources": ["unts-2688"],
    }
    chart = next(s for s in data["sources"] if s["id"] == "untc-xxvi-6")
    script = converter()
    assert chart["published"] == dt.date(2026, 2, 3)
    assert chart["url"] == script.PAGE
    for fact in (script.REPOSITORY, script.COMMIT, script.PATH):
        assert fact in chart["notes"]
    events = ccm["events"]
    assert all(e["sources"] == ["untc-xxvi-6"] for e in events)
    withdrawn = [e for e in events if e["action"] == "withdrawn"]
    assert withdrawn == [
        {
            "action": "withdrawn",
            "party": "LTU",
            "date": dt.date(2025, 3, 6),
            "notified": dt.date(2024, 9, 6),
            "sources": ["untc-xxvi-6"],
            "note": "Article 20(3); depositary notification C.N.347.2024",
        }
    ]
    applied = [e["party"] for e in events if e["action"] == "provisionally_applied"]
    assert applied == ["BLZ", "LTU", "NOR", "CHE"]


def test_territories_as_the_footnotes_say() -> None:
    """Denmark and New Zealand exclude a territory; the Netherlands and the United Kingdom
    extend the Convention (kept on the events, not read by the loader yet)."""
    events = _raw()["agreements"][0]["events"]
    said = {
        (e["party"], e["action"], str(e["date"])): (e["territorial"], e["territories"])
        for e in events
        if "territories" in e
    }
    assert said == {
        ("DNK", "ratified", "2010-02-12"): ("excludes", ["Faroe Islands"]),
        ("NZL", "ratified", "2009-12-22"): ("excludes", ["Tokelau"]),
        ("NLD", "ratified", "2011-02-23"): (
            "extends to",
            ["European part", "Caribbean part (Bonaire, Sint Eustatius and Saba)"],
        ),
        ("NLD", "declaration", "2022-09-20"): ("extends to", ["Curaçao"]),
        ("GBR", "declaration", "2014-02-21"): ("extends to", ["Isle of Man"]),
    }


@pytest.mark.parametrize(
    ("cell", "day", "mark"),
    [
        ("", None, ""),
        ("3 Dec 2008", dt.date(2008, 12, 3), ""),
        ("14 Jul 2009 A", dt.date(2009, 7, 14), "A"),
        ("[24 Mar 2011 n]", dt.date(2011, 3, 24), "n"),  # a withdrawn participant's row
        ("[ 3 Dec 2008 ]", dt.date(2008, 12, 3), ""),
    ],
)
def test_a_chart_cell(cell: str, day: dt.date | None, mark: str) -> None:
    assert converter()._cell(cell) == (day, mark)


def test_a_cell_not_understood() -> None:
    with pytest.raises(ValueError, match="not understood"):
        converter()._cell("Dec 2008")


CLONE = os.environ.get("TREATYREG_UNTC_CLONE")


@pytest.mark.skipif(
    CLONE is None, reason="set TREATYREG_UNTC_CLONE to a clone of the chart's repository"
)
def test_the_file_is_the_converters_output() -> None:
    """Run again on the saved page, the script writes the committed file byte for byte."""
    done = subprocess.run(
        [sys.executable, str(SCRIPT), str(CLONE)],
        check=True,
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert done.stdout == CCM.read_text(encoding="utf-8")
