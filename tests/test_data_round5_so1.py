"""Issue 25, fifth round: facts found for the 2008-2014 Russia-South Ossetia agreements.

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
    # Kavkazsky Uzel 168639 (May 2010) and bigcaucasus (2010-03-31).
    ("ru-so-2009-border-protection", "ratified", "XSO", "2009-10-21"),
    ("ru-so-2009-border-protection", "provisionally_applied", None, "2009-04-30"),
    # Rossiyskaya Gazeta, 2011-09-29.
    # Ekho Kavkaza 29111973: the law signed on Sunday 20 November 2011.
    ("ru-so-2010-customs-cooperation", "ratified", "RUS", "2011-11-20"),
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
    ("ru-so-2009-border-protection", "2009-04-29", "None"),
    ("ru-so-2009-border-protection", "2009-04-30", "provisionally_applied"),
    ("ru-so-2009-border-protection", "2021-07-28", "provisionally_applied"),
    ("ru-so-2010-unified-military-base", "2011-10-05", "in_ratification"),
    ("ru-so-2010-unified-military-base", "2011-10-06", "in_ratification"),
    ("ru-so-2010-customs-cooperation", "2011-11-19", "in_ratification"),
    ("ru-so-2010-customs-cooperation", "2011-11-26", "ratified"),
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
