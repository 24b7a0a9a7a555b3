"""Facts added in the sixth round of issue 25 for the Russia-South Ossetia agreements
(see docs/data.md). Each row is a fact from a cited source."""

from __future__ import annotations

import datetime
import pathlib

import pytest

import treatyreg
from treatyreg import Status

DATA = pathlib.Path(__file__).parents[1] / "data" / "agreements.yaml"

SALARY = "ru-so-2016-salary-cofinancing"
SALARY_2021 = "ru-so-2021-salary-cofinancing-amendment"
CIVIL_PAY = "ru-so-2021-civil-service-pay-cofinancing"
PROGRAMME = "ru-so-2022-state-programme-assistance"
PROGRAMME_PROTOCOL = "ru-so-2023-state-programme-protocol"


@pytest.fixture(scope="module")
def reg() -> treatyreg.Registry:
    """The dataset, loaded from the repository (not the installed wheel)."""
    return treatyreg.load(DATA)


@pytest.mark.parametrize(
    ("agreement_id", "action", "party", "date"),
    [
        (SALARY, "signed", None, "2016-12-05"),
        (SALARY, "entered_into_force", None, "../2021-05-25"),
        (SALARY_2021, "signed", None, "2021-05-25"),
        (CIVIL_PAY, "signed", None, "2021-06-25"),
        (PROGRAMME, "signed", None, "2022-08-04"),
        (PROGRAMME, "entered_into_force", None, "../2023-06-28"),
        (PROGRAMME_PROTOCOL, "signed", None, "2023-02-06"),
    ],
)
def test_event_recorded(
    reg: treatyreg.Registry, agreement_id: str, action: str, party: str | None, date: str
) -> None:
    """The event is recorded with exactly this EDTF date."""
    found = [
        str(e.date)
        for e in reg[agreement_id].events
        if e.action == action and getattr(e, "party", None) == party
    ]
    assert date in found


@pytest.mark.parametrize(
    ("agreement_id", "source_id"),
    [
        (SALARY, "cominf-2017-09-29"),
        (SALARY_2021, "cominf-en-2021-06-25"),
        (CIVIL_PAY, "cominf-en-2021-06-25"),
        (PROGRAMME, "kontur-470667"),
        (PROGRAMME, "ugo-osetia-2023-06-28-no49"),
        (PROGRAMME_PROTOCOL, "ugo-osetia-2023-06-28-no49"),
    ],
)
def test_source_cited(reg: treatyreg.Registry, agreement_id: str, source_id: str) -> None:
    """The agreement cites the page the new facts come from."""
    assert source_id in reg[agreement_id].sources


def test_amending_document_is_a_protocol_to_the_2016_agreement(reg: treatyreg.Registry) -> None:
    """Cominf's report of 2021-06-25 calls the document of 2021-05-25 a protocol to it."""
    pairs = {(r.type, r.target) for r in reg[SALARY_2021].relations}
    assert ("protocol_to", SALARY) in pairs
    assert ("amends", SALARY) in pairs


@pytest.mark.parametrize(
    ("agreement_id", "day", "status"),
    [
        # in force by the day of the report on the 2021 amending document
        (SALARY, datetime.date(2021, 5, 25), Status.IN_FORCE),
        (SALARY, datetime.date(2017, 1, 1), Status.SIGNED),
        # in force by the South Ossetian implementing decree of 2023-06-28
        (PROGRAMME, datetime.date(2023, 6, 28), Status.IN_FORCE),
        (PROGRAMME, datetime.date(2022, 9, 1), Status.SIGNED),
    ],
)
def test_status_on(
    reg: treatyreg.Registry, agreement_id: str, day: datetime.date, status: Status
) -> None:
    """The derived status on a sourced day."""
    assert reg[agreement_id].status_on(day) is status
