"""Facts added in the seventh round of issue 25: the Russian federal ratification laws of
state-level agreements (see docs/data.md). Each row is a fact from a cited source."""

from __future__ import annotations

import pathlib

import pytest

import treatyreg
from treatyreg import Status

DATA = pathlib.Path(__file__).parents[1] / "data" / "agreements.yaml"

DUAL_AB = "ru-ab-2022-dual-citizenship"
MED_AB = "ru-ab-2017-medical-insurance"
TRANSFER_SO = "ru-so-2014-transfer-sentenced-persons"
PENSIONS_SO = "ru-so-2016-pensions-russian-citizens"
NOTES_AB = "ru-ab-2008-diplomatic-relations-notes"
NOTES_SO = "ru-so-2008-diplomatic-relations-notes"
PROGRAMME_AB = "ru-ab-2022-state-programme-assistance"


@pytest.fixture(scope="module")
def reg() -> treatyreg.Registry:
    """The dataset, loaded from the repository (not the installed wheel)."""
    return treatyreg.load(DATA)


@pytest.mark.parametrize(
    ("agreement_id", "action", "party", "date"),
    [
        # between the Federation Council vote and Sputnik Abkhazia's report
        (DUAL_AB, "ratified", "RUS", "2023-07-05/2023-07-10"),
        # Georgia Today (undated): Putin signed it; after the Duma vote
        (MED_AB, "ratified", "RUS", "2018-02-16/.."),
        # Garant dossier: signed by the President, after the Federation Council vote
        (TRANSFER_SO, "ratified", "RUS", "2016-02-26/.."),
        # before the exchange of notes on ratification (Civil.ge)
        (PENSIONS_SO, "ratified", "RUS", "2017-04-03/2017-05-12"),
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


@pytest.mark.parametrize("agreement_id", [DUAL_AB, MED_AB, TRANSFER_SO, PENSIONS_SO])
def test_law_signed_by_the_president(reg: treatyreg.Registry, agreement_id: str) -> None:
    """The Russian ratification is the President's signature of the federal law."""
    bodies = [
        e.body for e in reg[agreement_id].events if e.action == "ratified" and e.party == "RUS"
    ]
    assert bodies == ["President of Russia"]


@pytest.mark.parametrize(
    ("agreement_id", "source_id"),
    [
        (DUAL_AB, "sputnik-abkhazia-2023-07-10"),
        (DUAL_AB, "bm-ge-138317"),
        (MED_AB, "georgiatoday-9408"),
        (TRANSFER_SO, "garant-71279474"),
        (PENSIONS_SO, "civil-ge-2017-05-15"),
        (NOTES_SO, "regnum-1052601"),
        (PROGRAMME_AB, "caucasuswatch-abkhazia-349-million"),
    ],
)
def test_source_cited(reg: treatyreg.Registry, agreement_id: str, source_id: str) -> None:
    """The agreement cites the page the new facts come from."""
    assert source_id in reg[agreement_id].sources


@pytest.mark.parametrize("agreement_id", [NOTES_AB, NOTES_SO])
def test_notes_say_why_no_law(reg: treatyreg.Registry, agreement_id: str) -> None:
    """The 2008 exchanges of notes needed no ratification, and their notes say so."""
    assert "No ratification law is recorded" in (reg[agreement_id].notes or "")


@pytest.mark.parametrize(
    ("agreement_id", "day", "status"),
    [
        # both ratifications done before the exchange of instruments
        (DUAL_AB, "2023-07-10", Status.RATIFIED),
        (DUAL_AB, "2023-07-09", Status.IN_RATIFICATION),
        # an open-ended law date changes no status on its own
        (MED_AB, "2018-03-01", Status.IN_RATIFICATION),
        (TRANSFER_SO, "2016-03-01", Status.IN_RATIFICATION),
        (PENSIONS_SO, "2017-05-12", Status.IN_RATIFICATION),
    ],
)
def test_status_on(reg: treatyreg.Registry, agreement_id: str, day: str, status: Status) -> None:
    """The status on a sourced day follows from the added steps."""
    assert reg[agreement_id].status_on(day) == status
