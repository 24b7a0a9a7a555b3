"""Issue 25, eighth round (Russia-Abkhazia): new agreements and the steps found.

Each row is a fact from a cited source in data/agreements.yaml; the notes of each event say
how its date was read (a signature known only from a later report is recorded as "on or
before" the day of that report).
"""

from __future__ import annotations

import pathlib

import pytest

import treatyreg
from treatyreg import Status

DATA = pathlib.Path(__file__).parents[1] / "data" / "agreements.yaml"

NEW = [
    "ru-ab-2010-illegal-migration",
    "ru-ab-2010-emergencies",
    "ru-ab-2010-air-services",
    "ru-ab-2011-transboundary-waters",
    "ru-ab-2011-checkpoints-information-exchange",
    "ru-ab-2011-sanitary-protection-memorandum",
    "ru-ab-2011-archives-memorandum",
    "ru-ab-2014-air-defence-protocol",
    "ru-ab-2019-armed-forces-modernisation",
    "ru-ab-2016-trade-protocol",
    "ru-ab-2019-trade-protocol",
    "ru-ab-2023-trade-protocol",
    "ru-ab-2024-trade-protocol",
    "ru-ab-2026-military-base-protocol",
    "ru-ab-2026-medical-insurance",
    "ru-ab-2026-medical-insurance-protocol",
]


@pytest.fixture(scope="module")
def reg() -> treatyreg.Registry:
    """The dataset, loaded from the repository (not the installed wheel)."""
    return treatyreg.load(DATA)


# (agreement id, action, party or None, EDTF date as recorded)
STEPS: list[tuple[str, str, str | None, str]] = [
    # civil.ge 21992 + Wikinews 2010-02-17: signed at Bagapsh's Moscow visit
    ("ru-ab-2010-illegal-migration", "signed", None, "2010-02-17"),
    ("ru-ab-2010-emergencies", "signed", None, "2010-02-17"),
    ("ru-ab-2010-air-services", "signed", None, "2010-02-17"),
    # Kremlin, 2011-10-06: documents signed at the Medvedev-Ankvab talks
    ("ru-ab-2011-transboundary-waters", "signed", None, "2011-10-06"),
    ("ru-ab-2011-checkpoints-information-exchange", "signed", None, "2011-10-06"),
    ("ru-ab-2011-sanitary-protection-memorandum", "signed", None, "2011-10-06"),
    ("ru-ab-2011-archives-memorandum", "signed", None, "2011-10-06"),
    # fmabkhazia.com: the defence ministers' protocol of 6 February 2014
    ("ru-ab-2014-air-defence-protocol", "signed", None, "2014-02-06"),
    # TASS (Bzhania): the modernisation financing agreement was signed in 2019
    ("ru-ab-2019-armed-forces-modernisation", "signed", None, "2019"),
    # Kodeks 902359653: the protocols amending the trade agreement, by their dates
    ("ru-ab-2016-trade-protocol", "signed", None, "2016-04-29"),
    ("ru-ab-2019-trade-protocol", "signed", None, "2019-06-07"),
    ("ru-ab-2023-trade-protocol", "signed", None, "2023-05-16"),
    ("ru-ab-2024-trade-protocol", "signed", None, "2024-07-16"),
    ("ru-ab-2024-trade-protocol", "provisionally_applied", None, "2024-07-27"),
    # sputnikglobe 2013-12-22: signed in 2012 (Sputnik Abkhazia's 28 May is an alternative)
    ("ru-ab-2012-free-trade", "signed", None, "2012"),
    # Kodeks 902359653: Federal Law of 21 December 2013 No. 356-FZ
    ("ru-ab-2012-free-trade", "ratified", "RUS", "2013-12-21"),
    # Abkhazia-Inform (TASS), 2026-02-19: the Abkhaz parliament ratified the base protocol
    ("ru-ab-2026-military-base-protocol", "signed", None, "../2026-02-19"),
    ("ru-ab-2026-military-base-protocol", "ratified", "XAB", "2026-02-19"),
    # TheGeorgiaTime digest of 14-19 March 2026, published 2026-03-20
    ("ru-ab-2026-medical-insurance", "signed", None, "../2026-03-20"),
    ("ru-ab-2026-medical-insurance-protocol", "signed", None, "../2026-03-20"),
]


@pytest.mark.parametrize(("agreement_id", "action", "party", "date"), STEPS)
def test_step(
    reg: treatyreg.Registry, agreement_id: str, action: str, party: str | None, date: str
) -> None:
    """The step is recorded once, with its sourced date."""
    found = [e for e in reg[agreement_id].events if e.action == action and e.party == party]
    assert [str(e.date) for e in found] == [date]


STATUSES: list[tuple[str, str, Status | None]] = [
    ("ru-ab-2010-illegal-migration", "2010-02-16", None),
    ("ru-ab-2010-illegal-migration", "2010-02-17", Status.SIGNED),
    ("ru-ab-2010-emergencies", "2010-02-17", Status.SIGNED),
    ("ru-ab-2010-air-services", "2010-02-17", Status.SIGNED),
    ("ru-ab-2011-transboundary-waters", "2011-10-05", None),
    ("ru-ab-2011-transboundary-waters", "2011-10-06", Status.SIGNED),
    ("ru-ab-2011-checkpoints-information-exchange", "2011-10-06", Status.SIGNED),
    ("ru-ab-2011-sanitary-protection-memorandum", "2011-10-06", Status.SIGNED),
    ("ru-ab-2011-archives-memorandum", "2011-10-06", Status.SIGNED),
    ("ru-ab-2014-air-defence-protocol", "2014-02-06", Status.SIGNED),
    ("ru-ab-2019-armed-forces-modernisation", "2019-12-31", Status.SIGNED),
    ("ru-ab-2016-trade-protocol", "2016-04-29", Status.SIGNED),
    ("ru-ab-2019-trade-protocol", "2019-06-07", Status.SIGNED),
    ("ru-ab-2023-trade-protocol", "2023-05-16", Status.SIGNED),
    ("ru-ab-2024-trade-protocol", "2024-07-26", Status.SIGNED),
    ("ru-ab-2024-trade-protocol", "2024-07-27", Status.PROVISIONALLY_APPLIED),
    ("ru-ab-2012-free-trade", "2013-12-20", Status.SIGNED),
    ("ru-ab-2012-free-trade", "2013-12-22", Status.IN_RATIFICATION),
    ("ru-ab-2012-free-trade", "2013-12-21", Status.IN_RATIFICATION),
    ("ru-ab-2026-military-base-protocol", "2026-02-19", Status.IN_RATIFICATION),
    ("ru-ab-2026-medical-insurance", "2026-03-20", Status.SIGNED),
    ("ru-ab-2026-medical-insurance-protocol", "2026-03-20", Status.SIGNED),
]


@pytest.mark.parametrize(("agreement_id", "day", "expected"), STATUSES)
def test_status_on(
    reg: treatyreg.Registry, agreement_id: str, day: str, expected: Status | None
) -> None:
    """The status on a sourced day follows from the recorded steps."""
    assert reg[agreement_id].status_on(day) == expected


@pytest.mark.parametrize("agreement_id", NEW)
def test_new_agreement_shape(reg: treatyreg.Registry, agreement_id: str) -> None:
    """Each added agreement is between Russia and Abkhazia and cites its sources."""
    agreement = reg[agreement_id]
    assert sorted(agreement.parties) == ["RUS", "XAB"]
    assert agreement.sources
    for event in agreement.events:
        assert set(event.sources) <= set(agreement.sources)


@pytest.mark.parametrize(
    ("agreement_id", "kind", "target"),
    [
        ("ru-ab-2016-trade-protocol", "amends", "ru-ab-2012-free-trade"),
        ("ru-ab-2019-trade-protocol", "amends", "ru-ab-2012-free-trade"),
        ("ru-ab-2023-trade-protocol", "amends", "ru-ab-2012-free-trade"),
        ("ru-ab-2024-trade-protocol", "protocol_to", "ru-ab-2012-free-trade"),
        ("ru-ab-2026-military-base-protocol", "amends", "ru-ab-2010-unified-military-base"),
        ("ru-ab-2026-medical-insurance-protocol", "amends", "ru-ab-2017-medical-insurance"),
        ("ru-ab-2026-medical-insurance", "similar_to", "ru-ab-2017-medical-insurance"),
    ],
)
def test_relations(reg: treatyreg.Registry, agreement_id: str, kind: str, target: str) -> None:
    """The links point at the agreements the pages name (or, noted, the registry reads)."""
    assert (kind, target) in {(r.type, r.target) for r in reg[agreement_id].relations}


def test_russian_titles(reg: treatyreg.Registry) -> None:
    """Russian titles as the pages give them."""
    migration = dict(reg["ru-ab-2010-illegal-migration"].titles)
    assert migration["ru"].endswith("о сотрудничестве в борьбе с незаконной миграцией")
    army = dict(reg["ru-ab-2019-armed-forces-modernisation"].titles)
    assert "о финансировании расходов на модернизацию" in army["ru"]
    base = dict(reg["ru-ab-2026-military-base-protocol"].titles)
    assert base["ru"].endswith("от 17 февраля 2010 года")


def test_free_trade_alternative_day(reg: treatyreg.Registry) -> None:
    """The 28 May 2012 of Sputnik Abkhazia is kept as an alternative to the year."""
    (signed,) = [e for e in reg["ru-ab-2012-free-trade"].events if e.action == "signed"]
    assert [str(alt.date) for alt in signed.alternatives] == ["2012-05-28"]


def test_levels(reg: treatyreg.Registry) -> None:
    """Levels as docs/data.md's rules give them (intergovernmental, state, agencies)."""
    assert reg["ru-ab-2011-transboundary-waters"].level == "government"
    assert reg["ru-ab-2019-armed-forces-modernisation"].level == "state"
    assert reg["ru-ab-2011-archives-memorandum"].level == "agency"
    assert reg["ru-ab-2024-trade-protocol"].level == "government"
