"""Issue 25, fourth round (Russia-Abkhazia): the steps found, each as its page dates it.

Each row is a fact from a cited source in data/agreements.yaml; the notes of each event say
how its date was read (docs/data.md summarises the searches).
"""

from __future__ import annotations

import pathlib

import pytest

import treatyreg
from treatyreg import Status

DATA = pathlib.Path(__file__).parents[1] / "data" / "agreements.yaml"


@pytest.fixture(scope="module")
def reg() -> treatyreg.Registry:
    """The dataset, loaded from the repository (not the installed wheel)."""
    return treatyreg.load(DATA)


# (agreement id, action, party or None, body or None, EDTF date as recorded)
STEPS: list[tuple[str, str, str | None, str | None, str]] = [
    # Vremya novostei, 2008-12-24: instruments exchanged "yesterday", in force
    ("ru-ab-2008-friendship", "entered_into_force", None, None, "2008-12-23"),
    # Intermedia.ge: "27 January", no year; 2016 inferred, hence uncertain
    ("ru-ab-2015-pensions", "entered_into_force", None, None, "2016-01-27?"),
    # Georgia Today, 2015-12-22: the Abkhaz parliament's vote, its day not given
    (
        "ru-ab-2015-joint-group-of-forces",
        "ratified",
        "XAB",
        "Parliament of Abkhazia",
        "../2015-12-22",
    ),
    # Kodeks: applied provisionally since the day of signature
    ("ru-ab-2009-socio-economic-assistance", "provisionally_applied", None, None, "2009-08-12"),
    # Kremlin, 2011-07-29: signed in Sukhum on 16 October 2010
    ("ru-ab-2010-customs-cooperation", "signed", None, None, "2010-10-16"),
    # Vremya novostei, 2008-12-24: the law signed on 24 November
    ("ru-ab-2008-friendship", "ratified", "RUS", "President of Russia", "2008-11-24"),
    # RSO News, 2011-10-19: the South Ossetia border agreement's law through both chambers
    ("ru-so-2009-border-protection", "approved", "RUS", "State Duma", "2010-03-26"),
    ("ru-so-2009-border-protection", "approved", "RUS", "Federation Council", "2010-03-31"),
    # news-4-u (quoting TASS): "16 November", between the Duma vote and the law
    ("ru-ab-2015-joint-group-of-forces", "approved", "RUS", "Federation Council", "2016-11-16"),
    # Russkiy Mir, 2018-12-28: the law signed, after the Federation Council vote
    (
        "ru-ab-2017-education-recognition",
        "ratified",
        "RUS",
        "President of Russia",
        "2018-12-21/2018-12-28",
    ),
    # Kremlin, 2011-07-29: submitted to the State Duma
    (
        "ru-ab-2010-customs-cooperation",
        "submitted_for_ratification",
        "RUS",
        "President of Russia",
        "2011-07-29",
    ),
]


@pytest.mark.parametrize(("agreement_id", "action", "party", "body", "date"), STEPS)
def test_step(
    reg: treatyreg.Registry,
    agreement_id: str,
    action: str,
    party: str | None,
    body: str | None,
    date: str,
) -> None:
    """The step is recorded once, with its sourced date."""
    found = [
        e
        for e in reg[agreement_id].events
        if e.action == action and e.party == party and e.body == body
    ]
    assert [str(e.date) for e in found] == [date]


STATUSES: list[tuple[str, str, Status | None]] = [
    ("ru-ab-2008-friendship", "2008-12-22", Status.RATIFIED),
    ("ru-ab-2008-friendship", "2008-12-23", Status.IN_FORCE),
    ("ru-ab-2015-pensions", "2016-01-26", Status.IN_RATIFICATION),
    ("ru-ab-2015-pensions", "2016-01-27", Status.IN_FORCE),
    ("ru-ab-2015-joint-group-of-forces", "2016-11-16", Status.IN_RATIFICATION),
    ("ru-ab-2017-education-recognition", "2018-12-28", Status.IN_RATIFICATION),
    ("ru-ab-2010-customs-cooperation", "2011-07-29", Status.IN_RATIFICATION),
    ("ru-ab-2010-customs-cooperation", "2010-10-15", None),
    ("ru-ab-2010-customs-cooperation", "2010-10-16", Status.SIGNED),
    ("ru-ab-2015-joint-group-of-forces", "2015-12-22", Status.IN_RATIFICATION),
    ("ru-ab-2015-joint-group-of-forces", "2016-11-22", Status.RATIFIED),
    ("ru-ab-2009-socio-economic-assistance", "2009-08-12", Status.PROVISIONALLY_APPLIED),
    ("ru-so-2009-border-protection", "2010-03-26", Status.PROVISIONALLY_APPLIED),  # round 5
]


@pytest.mark.parametrize(("agreement_id", "day", "expected"), STATUSES)
def test_status_on(
    reg: treatyreg.Registry, agreement_id: str, day: str, expected: Status | None
) -> None:
    """The status on a sourced day follows from the recorded steps."""
    assert reg[agreement_id].status_on(day) == expected


def test_sources_cited(reg: treatyreg.Registry) -> None:
    """The new sources are on the agreements that use them."""
    assert "vremya-2008-12-24" in reg["ru-ab-2008-friendship"].sources
    assert "news-4-u-state-department-abkhazia" in reg["ru-ab-2015-joint-group-of-forces"].sources


def test_russian_titles(reg: treatyreg.Registry) -> None:
    """Russian titles as their pages give them (Kodeks; the Abkhaz law quoted by Sputnik)."""
    titles = dict(reg["ru-ab-2009-socio-economic-assistance"].titles)
    assert titles["ru"].startswith("Соглашение между Правительством Российской Федерации")
    assert "cntd-902173803" in reg["ru-ab-2009-socio-economic-assistance"].sources
    pitsunda = dict(reg["ru-ab-2022-pitsunda-transfer"].titles)
    assert pitsunda["ru"].endswith("использования")
