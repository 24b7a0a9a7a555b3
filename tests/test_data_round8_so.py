"""Russia-South Ossetia agreements added in the eighth round of issue 25 (see
docs/data.md). Each row is a fact from a cited source."""

from __future__ import annotations

import datetime
import pathlib

import pytest

import treatyreg
from treatyreg import Status

DATA = pathlib.Path(__file__).parents[1] / "data" / "agreements.yaml"

DUMA_2013 = "ru-so-2013-state-duma-parliament-cooperation"
DUMA_2023 = "ru-so-2023-state-duma-parliament-cooperation"
EMERGENCIES_PROTOCOL = "ru-so-2018-emergencies-protocol"
CEC = "ru-so-2009-cec-cooperation-protocol"
NEW = [DUMA_2013, DUMA_2023, EMERGENCIES_PROTOCOL, CEC]


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
        (DUMA_2013, "signed", None, "2013-09-24"),
        (DUMA_2013, "entered_into_force", None, "../2023-03-02"),
        (DUMA_2023, "signed", None, "2023-10-09"),
        (EMERGENCIES_PROTOCOL, "signed", None, "2018-06-07/2019-10-02"),
        (CEC, "signed", None, "2009-04-07/2011-04-07"),
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
    ("agreement_id", "level", "kind"),
    [
        (DUMA_2013, "agency", "agreement"),
        (DUMA_2023, "agency", "agreement"),
        (EMERGENCIES_PROTOCOL, "government", "protocol"),
        (CEC, "agency", "protocol"),
    ],
)
def test_level_and_kind(reg: treatyreg.Registry, agreement_id: str, level: str, kind: str) -> None:
    """Chambers' and commissions' documents are agency level; a protocol to an
    intergovernmental agreement is government level."""
    assert reg[agreement_id].level == level
    assert reg[agreement_id].kind == kind


def test_emergencies_protocol_amends_the_2011_agreement(reg: treatyreg.Registry) -> None:
    """The protocol names the agreement of 11 February 2011 it amends."""
    targets = {(r.type, r.target) for r in reg[EMERGENCIES_PROTOCOL].relations}
    assert ("amends", "ru-so-2011-emergencies") in targets
    assert ("protocol_to", "ru-so-2011-emergencies") in targets
    title = dict(reg[EMERGENCIES_PROTOCOL].titles)["ru"]
    assert title.startswith("Протокол к Соглашению между Правительством Республики Южная Осетия")
    assert title.endswith("от 11 февраля 2011 года")


def test_duma_2023_continues_2013(reg: treatyreg.Registry) -> None:
    """The 2023 agreement is the new edition of the 2013 one."""
    targets = {(r.type, r.target) for r in reg[DUMA_2023].relations}
    assert ("continues", DUMA_2013) in targets


@pytest.mark.parametrize(
    ("agreement_id", "day", "status"),
    [
        (DUMA_2013, datetime.date(2013, 9, 23), None),
        (DUMA_2013, datetime.date(2013, 9, 24), Status.SIGNED),
        (DUMA_2013, datetime.date(2023, 3, 2), Status.IN_FORCE),
        (DUMA_2023, datetime.date(2023, 10, 9), Status.SIGNED),
        # signed some day between the two bounds: certain only from the later one
        (EMERGENCIES_PROTOCOL, datetime.date(2018, 6, 6), None),
        (EMERGENCIES_PROTOCOL, datetime.date(2019, 10, 2), Status.SIGNED),
        (CEC, datetime.date(2009, 4, 6), None),
        (CEC, datetime.date(2011, 4, 7), Status.SIGNED),
    ],
)
def test_status_on(
    reg: treatyreg.Registry, agreement_id: str, day: datetime.date, status: Status | None
) -> None:
    """The derived status on a sourced day."""
    assert reg[agreement_id].status_on(day) is status
