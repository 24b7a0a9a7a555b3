"""Issue 25, fourth round: the steps found for Russia-South Ossetia agreements of 2015-2026.

Each row is a fact from a cited source (see the agreement's events in data/agreements.yaml).
"""

from __future__ import annotations

import pathlib

import pytest

import treatyreg
from treatyreg import Status

DATA = pathlib.Path(__file__).parents[1] / "data" / "agreements.yaml"

STAY = "ru-so-2018-alliance-protocol-stay"
DISABILITY = "ru-so-2020-disability-documents"
BORDER_2015 = "ru-so-2015-state-border"

# (agreement id, action, party or None, the event's EDTF date as written)
STEPS = [
    (STAY, "entered_into_force", None, "2019-08-01"),
    (STAY, "ratified", "RUS", "2019-07-18"),
    (DISABILITY, "ratified", "RUS", "../2021-03-10"),
]

# (agreement id, body, the vote's EDTF date as written): chamber votes
VOTES = [
    (BORDER_2015, "Federation Council", "2016-04-20"),
]

# (agreement id, ratification law's note fragment): the Russian federal law, by number
LAWS = [
    (STAY, "No. 174-FZ"),
]

# (agreement id, a sourced day, the status that day)
STATUSES = [
    (STAY, "2019-07-31", Status.IN_RATIFICATION),
    (STAY, "2019-08-01", Status.IN_FORCE),
    (DISABILITY, "2021-03-09", Status.SIGNED),
    (DISABILITY, "2021-03-10", Status.IN_RATIFICATION),
    (BORDER_2015, "2016-04-20", Status.IN_RATIFICATION),
]


@pytest.fixture(scope="module")
def reg() -> treatyreg.Registry:
    """The dataset, loaded from the repository (not the installed wheel)."""
    return treatyreg.load(DATA)


@pytest.mark.parametrize(("agreement_id", "action", "party", "date"), STEPS)
def test_step(
    reg: treatyreg.Registry, agreement_id: str, action: str, party: str | None, date: str
) -> None:
    """The step is recorded once, with the date its source gives."""
    found = [e for e in reg[agreement_id].events if e.action == action and e.party == party]
    assert [str(e.date) for e in found] == [date]


@pytest.mark.parametrize(("agreement_id", "body", "date"), VOTES)
def test_vote(reg: treatyreg.Registry, agreement_id: str, body: str, date: str) -> None:
    """The chamber's vote is recorded once, with the date its source gives."""
    found = [e for e in reg[agreement_id].events if e.action == "approved" and e.body == body]
    assert [str(e.date) for e in found] == [date]


@pytest.mark.parametrize(("agreement_id", "law"), LAWS)
def test_ratification_law(reg: treatyreg.Registry, agreement_id: str, law: str) -> None:
    """Russia's ratification event names the federal law's number."""
    (event,) = [e for e in reg[agreement_id].events if e.action == "ratified" and e.party == "RUS"]
    assert law in (event.note or "")


@pytest.mark.parametrize(("agreement_id", "day", "expected"), STATUSES)
def test_status_on(reg: treatyreg.Registry, agreement_id: str, day: str, expected: Status) -> None:
    """The status on a sourced day follows from the recorded steps."""
    assert reg[agreement_id].status_on(day) == expected


def test_event_sources_are_cited_by_the_agreement(reg: treatyreg.Registry) -> None:
    """Every source an added event cites is in its agreement's own sources list."""
    for agreement_id in {row[0] for row in STEPS + VOTES}:
        agreement = reg[agreement_id]
        for event in agreement.events:
            assert set(event.sources) <= set(agreement.sources), (agreement_id, event.action)
