"""Fact tests of examples/: what the participation chart says, on a few states and days."""

from __future__ import annotations

from pathlib import Path

import pytest

import treatyreg

OTTAWA = Path(__file__).resolve().parents[1] / "examples" / "ottawa-convention.yaml"


@pytest.fixture(scope="module")
def convention() -> treatyreg.Agreement:
    return treatyreg.load(OTTAWA)["ottawa-convention"]


def test_loads_without_a_diagnostic() -> None:
    assert treatyreg.validate(OTTAWA) == []


@pytest.mark.parametrize(
    ("party", "day", "status"),
    [
        ("CAN", "1997-12-02", None),  # before the text opened for signature
        ("CAN", "1997-12-03", "ratified"),  # signed and ratified on one day
        ("CAN", "1999-03-01", "in_force"),  # consent before the general entry into force
        ("SVK", "1999-02-25", "ratified"),  # approval, after the 40th instrument: Art. 17(2)
        ("SVK", "1999-03-01", "ratified"),
        ("SVK", "1999-07-31", "ratified"),
        ("SVK", "1999-08-01", "in_force"),  # the first day of the sixth month after
        ("NLD", "1999-04-11", "signed"),
        ("NLD", "1999-04-12", "ratified"),  # acceptance after it (no date for the state)
        ("AFG", "2002-09-10", None),  # an accession: nothing before it
        ("AFG", "2002-09-11", "ratified"),
        ("MNE", "2006-10-23", "ratified"),  # succession
        ("MHL", "2024-12-31", "signed"),  # signed in 1997, ratified in 2025
        ("LTU", "2025-12-26", "in_force"),  # withdrawal notified 2025-06-27, not yet effective
        ("LTU", "2025-12-27", "withdrawn"),
        ("FIN", "2026-01-09", "in_force"),  # from 2012-07-01 (Art. 17(2))
        ("FIN", "2026-01-10", "withdrawn"),
        ("POL", "2026-02-03", "in_force"),  # its withdrawal was pending on the chart's day
    ],
)
def test_party_status_on_a_day(
    convention: treatyreg.Agreement, party: str, day: str, status: str | None
) -> None:
    assert convention.party_status(party, day) == status


def test_the_chart_day(convention: treatyreg.Agreement) -> None:
    """On the chart's day: four withdrawn (its brackets), the rest parties."""
    assert convention.parties_on("2026-02-03", "withdrawn") == ("EST", "LVA", "LTU", "FIN")
    parties = convention.parties_on("2026-02-03", "in_force") + convention.parties_on(
        "2026-02-03", "ratified"
    )
    assert len(parties) == 19
    assert convention.status_on("2026-02-03") == "in_force"  # leaving changes not its status


def test_filter_by_a_state(convention: treatyreg.Agreement) -> None:
    reg = treatyreg.load(OTTAWA)
    assert reg.filter(party="Finland", party_status="withdrawn", on="2026-01-10") == [convention]
    assert reg.filter(party="Finland", party_status="withdrawn", on="2026-01-09") == []


def test_found_by_identifier() -> None:
    """Agreements and parties are found by their ids elsewhere (scheme:value)."""
    reg = treatyreg.load(OTTAWA)
    assert reg.by_identifier("untc:XXVI-5").id == "ottawa-convention"
    assert reg.by_identifier("un:35597") is reg["ottawa-convention"]
    assert reg.by_identifier("iso3166:FIN") is reg.party("Finland")
    with pytest.raises(treatyreg.UnknownIdentifierError, match="wikidata:Q1"):
        reg.by_identifier("wikidata:Q1")
    with pytest.raises(KeyError):
        reg.by_identifier("untc:XXVI-6")


def _problems(text: str) -> list[tuple[str, int]]:
    try:
        treatyreg.loads(text)
    except treatyreg.ValidationError as error:
        return [(d.code, d.line) for d in error.diagnostics]
    return []


def test_identifiers_are_checked() -> None:
    """An identifier is scheme:value (TR105), and names one record only (TR220, at the
    second one)."""
    head = "treatyreg: 1\nparties:\n"
    assert _problems(head + "  - {id: A, name: A, identifiers: [Q1056]}\n") == [("TR105", 3)]
    two = (
        head
        + "  - {id: A, name: A, identifiers: [wikidata:Q1]}\n"
        + "  - {id: B, name: B, identifiers: [iso3166:BBB, wikidata:Q1]}\n"
    )
    assert _problems(two) == [("TR220", 4)]
