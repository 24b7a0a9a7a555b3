"""Issue 25, fifth round (Russia-Abkhazia): the steps found, each as its page dates it.

Each row is a fact from a cited source in data/agreements.yaml; the notes of each event say
how its date was read (an entry into force known only from the agreement being applied is
recorded as "on or before" the day of that report).
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


# (agreement id, action, party or None, EDTF date as recorded)
STEPS: list[tuple[str, str, str | None, str]] = [
    # Kodeks: "Ратифицирован Федеральным законом от 3.02.2015 N 3-ФЗ"
    ("ru-ab-2014-alliance-strategic-partnership", "ratified", "RUS", "2015-02-03"),
    # Civil.ge (2017-09-21): the customs service's order of 12 September rests on it
    ("ru-ab-2010-customs-cooperation", "entered_into_force", None, "../2017-09-12"),
    # Kremlin Roadmap: the Abkhaz parliament's vote of 26 July 2017
    ("ru-ab-2017-joint-information-coordination-centre", "ratified", "XAB", "2017-07-26"),
    # Kodeks: its 2020 protocol part of the text from 9 December 2020
    (
        "ru-ab-2017-joint-information-coordination-centre",
        "entered_into_force",
        None,
        "../2020-12-09",
    ),
    # Polytechnic University's table of recognition treaties: in force 11.01.2019
    ("ru-ab-2017-education-recognition", "entered_into_force", None, "2019-01-11"),
    # TASS, Sukhum, Thursday 21 September (2017): its practical implementation has begun
    ("ru-ab-2015-joint-group-of-forces", "entered_into_force", None, "../2017-09-21"),
    # chechenews "26 December" + pro-abkhazia digest of 27.12.2011 (the year)
    ("ru-ab-2010-unified-military-base", "ratified", "XAB", "2011-12-26"),
    # PolitNavigator, 2018-02-16 12:47: the State Duma ratified it "today"
    ("ru-ab-2017-medical-insurance", "approved", "RUS", "2018-02-16"),
    # news-pravda relaying the Russian health minister in Sukhum, 2025-02-23
    ("ru-ab-2017-medical-insurance", "entered_into_force", None, "../2025-02-23"),
]


@pytest.mark.parametrize(("agreement_id", "action", "party", "date"), STEPS)
def test_step(
    reg: treatyreg.Registry, agreement_id: str, action: str, party: str | None, date: str
) -> None:
    """The step is recorded once, with its sourced date."""
    found = [e for e in reg[agreement_id].events if e.action == action and e.party == party]
    assert [str(e.date) for e in found] == [date]


STATUSES: list[tuple[str, str, Status | None]] = [
    ("ru-ab-2014-alliance-strategic-partnership", "2015-02-02", Status.IN_RATIFICATION),
    ("ru-ab-2014-alliance-strategic-partnership", "2015-02-03", Status.RATIFIED),
    ("ru-ab-2010-customs-cooperation", "2017-09-11", Status.IN_RATIFICATION),
    ("ru-ab-2010-customs-cooperation", "2017-09-12", Status.IN_FORCE),
    ("ru-ab-2017-joint-information-coordination-centre", "2017-07-25", Status.SIGNED),
    ("ru-ab-2017-joint-information-coordination-centre", "2017-07-26", Status.IN_RATIFICATION),
    ("ru-ab-2017-joint-information-coordination-centre", "2020-12-09", Status.IN_FORCE),
    ("ru-ab-2017-education-recognition", "2019-01-10", Status.IN_RATIFICATION),
    ("ru-ab-2017-education-recognition", "2019-01-11", Status.IN_FORCE),
    ("ru-ab-2015-joint-group-of-forces", "2017-09-20", Status.RATIFIED),
    ("ru-ab-2015-joint-group-of-forces", "2017-09-21", Status.IN_FORCE),
    ("ru-ab-2010-unified-military-base", "2011-12-26", Status.PROVISIONALLY_APPLIED),
    ("ru-ab-2017-medical-insurance", "2018-02-16", Status.IN_RATIFICATION),
    ("ru-ab-2017-medical-insurance", "2025-02-22", Status.IN_RATIFICATION),
    ("ru-ab-2017-medical-insurance", "2025-02-23", Status.IN_FORCE),
]


@pytest.mark.parametrize(("agreement_id", "day", "expected"), STATUSES)
def test_status_on(
    reg: treatyreg.Registry, agreement_id: str, day: str, expected: Status | None
) -> None:
    """The status on a sourced day follows from the recorded steps."""
    assert reg[agreement_id].status_on(day) == expected


def test_sources_cited(reg: treatyreg.Registry) -> None:
    """The new sources are on the agreements that use them."""
    assert "cntd-420248221" in reg["ru-ab-2014-alliance-strategic-partnership"].sources
    assert "eurasiareview-2017-09-21" in reg["ru-ab-2010-customs-cooperation"].sources
    assert "cntd-542605976" in reg["ru-ab-2017-joint-information-coordination-centre"].sources


def test_russian_titles(reg: treatyreg.Registry) -> None:
    """Russian titles as Kodeks gives them."""
    jicc = dict(reg["ru-ab-2017-joint-information-coordination-centre"].titles)
    assert jicc["ru"].startswith("Соглашение между Российской Федерацией и Республикой Абхазия")
    assert jicc["ru"].endswith("органов внутренних дел")
