"""Facts added in the fifth round of issue 25 for the 2015-2026 Russia-South Ossetia
agreements (see docs/data.md). Each row is a fact from a cited source."""

from __future__ import annotations

import pathlib

import pytest

import treatyreg
from treatyreg import Status

DATA = pathlib.Path(__file__).parents[1] / "data" / "agreements.yaml"

MILTECH = "ru-so-2023-military-technical-cooperation"


@pytest.fixture(scope="module")
def reg() -> treatyreg.Registry:
    """The dataset, loaded from the repository (not the installed wheel)."""
    return treatyreg.load(DATA)


@pytest.mark.parametrize(
    ("agreement_id", "action", "party", "date"),
    [
        (MILTECH, "entered_into_force", None, "../2026-01-23"),
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
    ("agreement_id", "source_ids"),
    [
        (MILTECH, ("interfax-2026-01-23", "ria-2026-01-23")),
    ],
)
def test_sources_cited(
    reg: treatyreg.Registry, agreement_id: str, source_ids: tuple[str, ...]
) -> None:
    """The new sources exist and the agreement lists them."""
    known = {s.id for s in reg.sources}
    listed = set(reg[agreement_id].sources)
    for source_id in source_ids:
        assert source_id in known
        assert source_id in listed


@pytest.mark.parametrize(
    ("agreement_id", "day", "expected"),
    [
        (MILTECH, "2026-01-22", Status.IN_RATIFICATION),  # South Ossetian ratification unknown
        (MILTECH, "2026-01-23", Status.IN_FORCE),
    ],
)
def test_status_on(reg: treatyreg.Registry, agreement_id: str, day: str, expected: Status) -> None:
    """The status on a sourced day."""
    assert reg[agreement_id].status_on(day) == expected
