"""Issue 25, fourth round: facts found for the 2008-2014 Russia-South Ossetia agreements.

Each row is a fact from a cited source in data/agreements.yaml (see docs/data.md).
"""

from __future__ import annotations

import pathlib

import pytest

import treatyreg

DATA = pathlib.Path(__file__).parents[1] / "data" / "agreements.yaml"


@pytest.fixture(scope="module")
def reg() -> treatyreg.Registry:
    """The dataset, loaded from the repository (not the installed wheel)."""
    return treatyreg.load(DATA)


# (agreement, action, party or None, EDTF date as written)
EVENTS: list[tuple[str, str, str | None, str]] = [
    ("ru-so-2011-information-cultural-centres", "entered_into_force", None, "../2012-09"),
    ("ru-so-2011-emergencies", "entered_into_force", None, "../2025-02-12"),
]


@pytest.mark.parametrize(("agreement_id", "action", "party", "date"), EVENTS)
def test_event_recorded(
    reg: treatyreg.Registry, agreement_id: str, action: str, party: str | None, date: str
) -> None:
    """The step is recorded once, for that party, with its sourced date."""
    found = [e for e in reg[agreement_id].events if e.action == action and e.party == party]
    assert [str(e.date) for e in found] == [date]


# (agreement, day, status that day)
STATUSES: list[tuple[str, str, str]] = [
    ("ru-so-2011-information-cultural-centres", "2012-09-29", "signed"),
    ("ru-so-2011-information-cultural-centres", "2012-09-30", "in_force"),
    ("ru-so-2011-emergencies", "2025-02-11", "signed"),
    ("ru-so-2011-emergencies", "2025-02-12", "in_force"),
    ("ru-so-2011-geological-study", "2018-05-27", "signed"),
    ("ru-so-2011-geological-study", "2018-05-28", "signed"),  # planned work is no evidence
]


@pytest.mark.parametrize(("agreement_id", "day", "status"), STATUSES)
def test_status_on(reg: treatyreg.Registry, agreement_id: str, day: str, status: str) -> None:
    assert str(reg[agreement_id].status_on(day)) == status


def test_sources_are_cited(reg: treatyreg.Registry) -> None:
    """Each source an event of these agreements cites is in the agreement's own list."""
    for agreement_id in {row[0] for row in EVENTS}:
        agreement = reg[agreement_id]
        for event in agreement.events:
            assert set(event.sources) <= set(agreement.sources), agreement_id


# (agreement, Russian title as its cited page gives it)
RUSSIAN_TITLES: list[tuple[str, str]] = [
    (
        "ru-so-2009-border-protection",
        "Соглашение между Российской Федерацией и Республикой Южная Осетия о совместных усилиях"
        " в охране государственной границы Республики Южная Осетия",
    ),
    (
        "ru-so-2010-customs-cooperation",
        "Соглашение между Российской Федерацией и Республикой Южная Осетия о сотрудничестве"
        " и взаимопомощи в таможенных делах",
    ),
]


@pytest.mark.parametrize(("agreement_id", "title"), RUSSIAN_TITLES)
def test_russian_title(reg: treatyreg.Registry, agreement_id: str, title: str) -> None:
    assert reg[agreement_id].title_in("ru") == title
