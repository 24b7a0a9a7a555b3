"""Russia-South Ossetia agreements added in the seventh round of issue 25 (see
docs/data.md). Each row is a fact from a cited source."""

from __future__ import annotations

import datetime
import pathlib

import pytest

import treatyreg
from treatyreg import Status

DATA = pathlib.Path(__file__).parents[1] / "data" / "agreements.yaml"

ARCHIVES = "ru-so-2009-archives-memorandum"
PROSECUTORS = "ru-so-2009-prosecutors-memorandum"
SANITARY = "ru-so-2010-sanitary-protection-memorandum"
CULTURE = "ru-so-2010-culture-ministries"
CUSTOMS_PENSIONS = "ru-so-2025-customs-officers-pensions"
NEW = [ARCHIVES, PROSECUTORS, SANITARY, CULTURE, CUSTOMS_PENSIONS]


@pytest.fixture(scope="module")
def reg() -> treatyreg.Registry:
    """The dataset, loaded from the repository (not the installed wheel)."""
    return treatyreg.load(DATA)


@pytest.mark.parametrize("agreement_id", NEW)
def test_added_between_russia_and_south_ossetia(reg: treatyreg.Registry, agreement_id: str) -> None:
    """Each new record is a bilateral Russia-South Ossetia agreement."""
    assert set(reg[agreement_id].parties) == {"RUS", "XSO"}


@pytest.mark.parametrize(
    ("agreement_id", "action", "party", "date"),
    [
        (ARCHIVES, "signed", None, "2009-04-27"),
        (PROSECUTORS, "signed", None, "2009-07-21"),
        (SANITARY, "signed", None, "2010-12-10"),
        (CULTURE, "signed", None, "2010"),
        (CUSTOMS_PENSIONS, "signed", None, "../2025-11-07"),
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
    ("agreement_id", "level"),
    [
        (ARCHIVES, "agency"),
        (PROSECUTORS, "agency"),
        (SANITARY, "agency"),
        (CULTURE, "agency"),
        (CUSTOMS_PENSIONS, "state"),
    ],
)
def test_level(reg: treatyreg.Registry, agreement_id: str, level: str) -> None:
    """Ministries' and services' documents are agency level; a title between the states is state."""
    assert reg[agreement_id].level == level


def test_customs_pensions_russian_title(reg: treatyreg.Registry) -> None:
    """The Russian title is the one in the government's order of 2025-10-09."""
    titles = dict(reg[CUSTOMS_PENSIONS].titles)
    assert titles["ru"].startswith("Соглашение между Российской Федерацией и Республикой")
    assert titles["ru"].endswith("сотрудников таможенных органов и членов их семей")
    assert "rulaws-2025-10-09-2819-r" in reg[CUSTOMS_PENSIONS].sources


@pytest.mark.parametrize(
    ("agreement_id", "day", "status"),
    [
        (ARCHIVES, datetime.date(2009, 4, 26), None),
        (ARCHIVES, datetime.date(2009, 4, 27), Status.SIGNED),
        (PROSECUTORS, datetime.date(2009, 7, 21), Status.SIGNED),
        (SANITARY, datetime.date(2010, 12, 10), Status.SIGNED),
        # signed some day in 2010: certain only from the end of the year
        (CULTURE, datetime.date(2010, 6, 1), None),
        (CULTURE, datetime.date(2011, 1, 1), Status.SIGNED),
        # approved for signature on 2025-10-09, reported signed by 2025-11-07
        (CUSTOMS_PENSIONS, datetime.date(2025, 10, 9), None),
        (CUSTOMS_PENSIONS, datetime.date(2025, 11, 7), Status.SIGNED),
    ],
)
def test_status_on(
    reg: treatyreg.Registry, agreement_id: str, day: datetime.date, status: Status | None
) -> None:
    """The derived status on a sourced day."""
    assert reg[agreement_id].status_on(day) is status
