"""Issue 25, sixth round (Russia-Abkhazia): new agreements and the steps found.

Each row is a fact from a cited source in data/agreements.yaml; the notes of each event say
how its date was read (an entry into force known only from the agreement being applied is
recorded as "on or before" the day of that report).
"""

from __future__ import annotations

import pathlib

import pytest

import treatyreg
from treatyreg import Status

DATA = pathlib.Path(__file__).parents[1] / "data" / "agreements.yaml"

NEW = [
    "ru-ab-2016-mutual-legal-assistance-criminal",
    "ru-ab-2015-transfer-sentenced-persons",
    "ru-ab-2012-customs-specialised-posts",
    "ru-ab-2020-internal-affairs-co-financing",
    "ru-ab-2023-internal-affairs-co-financing-protocol",
    "ru-ab-2010-border-checkpoints",
    "ru-ab-2022-court-decisions-economic",
    "ru-ab-2023-sukhum-airport",
    "ru-ab-2024-investment-projects",
    "ru-ab-2025-state-programme-2026-2030",
]


@pytest.fixture(scope="module")
def reg() -> treatyreg.Registry:
    """The dataset, loaded from the repository (not the installed wheel)."""
    return treatyreg.load(DATA)


# (agreement id, action, party or None, EDTF date as recorded)
STEPS: list[tuple[str, str, str | None, str]] = [
    # Kodeks: the treaty's text, "Ratified by Federal Law of 22.11.2016 No. 386-FZ"
    ("ru-ab-2016-mutual-legal-assistance-criminal", "signed", None, "../2016-11-22"),
    ("ru-ab-2016-mutual-legal-assistance-criminal", "ratified", "RUS", "2016-11-22"),
    # Apsnypress, 2026-02-18: most legal assistance in 2025 given under the treaty
    (
        "ru-ab-2016-mutual-legal-assistance-criminal",
        "entered_into_force",
        None,
        "../2026-02-18",
    ),
    # TASS via apsny.ru (2017-02-08): signed in St Petersburg on 28 May 2015
    ("ru-ab-2015-transfer-sentenced-persons", "signed", None, "2015-05-28"),
    # the same: Abkhazia completed ratification in November 2016
    ("ru-ab-2015-transfer-sentenced-persons", "ratified", "XAB", "2016-11"),
    # the same, datelined Moscow 7 February: Putin has signed the law
    ("ru-ab-2015-transfer-sentenced-persons", "ratified", "RUS", "../2017-02-07"),
    # the Abkhaz customs chairman's interview: signed in 2012
    ("ru-ab-2012-customs-specialised-posts", "signed", None, "2012"),
    # apsnytoday 576: the agreement "of 23 October 2020"; its protocol of 25 August 2023
    ("ru-ab-2020-internal-affairs-co-financing", "signed", None, "2020-10-23"),
    ("ru-ab-2023-internal-affairs-co-financing-protocol", "signed", None, "2023-08-25"),
    # Apsnypress archive (ITAR-TASS), 2010-09-17: signed at the Sochi-2010 forum
    ("ru-ab-2010-border-checkpoints", "signed", None, "2010-09-17"),
    # TASS via newstver: signed 29 June 2022 at the St Petersburg legal forum
    ("ru-ab-2022-court-decisions-economic", "signed", None, "2022-06-29"),
    # Sputnik Abkhazia 2024-02-03: the Federation Council on 15 March 2023
    ("ru-ab-2022-court-decisions-economic", "approved", "RUS", "2023-03-15"),
    # Kodeks: Federal Law of 18.03.2023 No. 60-FZ
    ("ru-ab-2022-court-decisions-economic", "ratified", "RUS", "2023-03-18"),
    # TASS, Sukhum 25 September (2024): the Abkhaz parliament's final reading
    ("ru-ab-2022-court-decisions-economic", "ratified", "XAB", "2024-09-25"),
    # Apsnypress 2023-06-16: signed that day at SPIEF
    ("ru-ab-2023-sukhum-airport", "signed", None, "2023-06-16"),
    # avianews.ge: ratified by the Abkhaz parliament on 26 July 2023
    ("ru-ab-2023-sukhum-airport", "ratified", "XAB", "2023-07-26"),
    # rupor.md + abbv.ru: signed in Moscow on 30 October (2024)
    ("ru-ab-2024-investment-projects", "signed", None, "2024-10-30"),
    # Abkhazinform 2025-12-30: the 2026-2030 programme agreement signed
    ("ru-ab-2025-state-programme-2026-2030", "signed", None, "../2025-12-30"),
    # Interfax, 2017-12-20: Khadzhimba says it was ratified in both countries
    ("ru-ab-2017-joint-information-coordination-centre", "ratified", "RUS", "../2017-12-20"),
]


@pytest.mark.parametrize(("agreement_id", "action", "party", "date"), STEPS)
def test_step(
    reg: treatyreg.Registry, agreement_id: str, action: str, party: str | None, date: str
) -> None:
    """The step is recorded once, with its sourced date."""
    found = [e for e in reg[agreement_id].events if e.action == action and e.party == party]
    assert [str(e.date) for e in found] == [date]


STATUSES: list[tuple[str, str, Status | None]] = [
    ("ru-ab-2016-mutual-legal-assistance-criminal", "2016-11-22", Status.IN_RATIFICATION),
    ("ru-ab-2016-mutual-legal-assistance-criminal", "2026-02-17", Status.IN_RATIFICATION),
    ("ru-ab-2016-mutual-legal-assistance-criminal", "2026-02-18", Status.IN_FORCE),
    ("ru-ab-2015-transfer-sentenced-persons", "2015-05-27", None),
    ("ru-ab-2015-transfer-sentenced-persons", "2015-05-28", Status.SIGNED),
    ("ru-ab-2015-transfer-sentenced-persons", "2016-12-01", Status.IN_RATIFICATION),
    ("ru-ab-2015-transfer-sentenced-persons", "2017-02-07", Status.RATIFIED),
    ("ru-ab-2012-customs-specialised-posts", "2013-01-01", Status.SIGNED),
    ("ru-ab-2020-internal-affairs-co-financing", "2020-10-23", Status.SIGNED),
    ("ru-ab-2023-internal-affairs-co-financing-protocol", "2023-08-25", Status.SIGNED),
    ("ru-ab-2017-joint-information-coordination-centre", "2017-12-20", Status.RATIFIED),
    ("ru-ab-2010-border-checkpoints", "2010-09-17", Status.SIGNED),
    ("ru-ab-2022-court-decisions-economic", "2023-03-18", Status.IN_RATIFICATION),
    ("ru-ab-2022-court-decisions-economic", "2024-09-25", Status.RATIFIED),
    ("ru-ab-2023-sukhum-airport", "2023-07-26", Status.IN_RATIFICATION),
    ("ru-ab-2024-investment-projects", "2024-12-03", Status.SIGNED),
    ("ru-ab-2025-state-programme-2026-2030", "2025-12-30", Status.SIGNED),
    ("ru-ab-2017-joint-information-coordination-centre", "2020-12-09", Status.IN_FORCE),
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


def test_relations(reg: treatyreg.Registry) -> None:
    """The stated links point at the agreements the pages name."""
    protocol = reg["ru-ab-2023-internal-affairs-co-financing-protocol"]
    targets = {(r.type, r.target) for r in protocol.relations}
    assert ("protocol_to", "ru-ab-2020-internal-affairs-co-financing") in targets
    posts = reg["ru-ab-2012-customs-specialised-posts"]
    assert ("implements", "ru-ab-2010-customs-cooperation") in {
        (r.type, r.target) for r in posts.relations
    }


def test_russian_titles(reg: treatyreg.Registry) -> None:
    """Russian titles as the pages give them."""
    mla = dict(reg["ru-ab-2016-mutual-legal-assistance-criminal"].titles)
    assert mla["ru"].endswith("о взаимной правовой помощи по уголовным делам")
    court = dict(reg["ru-ab-2022-court-decisions-economic"].titles)
    assert court["ru"].endswith("судебных и арбитражных решений по экономическим делам")
    cofin = dict(reg["ru-ab-2020-internal-affairs-co-financing"].titles)
    assert cofin["ru"].startswith("Соглашение между Республикой Абхазия и Российской Федерацией")
