"""Pin the facts of the bundled dataset, data/agreements.yaml.

Each table row is a fact from a cited source (see docs/data.md). When a source changes a
fact, change the data and the row together, in one commit, and say why in the commit.
"""

from __future__ import annotations

import datetime as dt
import pathlib
from collections.abc import Iterable

import pytest

import treatyreg
from treatyreg import Status

ROOT = pathlib.Path(__file__).parents[1]
DATA = ROOT / "data" / "agreements.yaml"

ALLIANCE = "ru-so-2015-alliance-integration"
UNITS = "ru-so-2017-units-entry"
MILTECH = "ru-so-2023-military-technical-cooperation"
BASE_2009 = "ru-so-2009-military-base"
BASE_2010 = "ru-so-2010-unified-military-base"
JICC = "ru-so-2016-joint-information-coordination-centre"
MED_SO = "ru-so-2017-medical-insurance"
MED_AB = "ru-ab-2017-medical-insurance"
FRIENDSHIP = "ru-so-2008-friendship"
BORDER = "ru-so-2009-border-protection"

# The seven instruments the five documents mention, and the two context instruments.
DOCUMENT_AGREEMENTS = (BASE_2009, ALLIANCE, UNITS, MED_SO, MED_AB, MILTECH, JICC)
CONTEXT_AGREEMENTS = (FRIENDSHIP, BORDER)

# The five source documents: id, local file name, published (EDTF).
DOCUMENTS = (
    ("doc-000-2019-12-17", "000_757cc752f7d01582.txt", "2019-12-17"),
    ("doc-001-2023-12-28", "001_f6572cd3f2c05bf0.txt", "2023-12-28"),
    ("doc-002-2024-09", "002_da85d8af6f21e8c7.txt", "2024-09-19/2024-09-30"),
    ("doc-003-2022-06-16", "003_1d283077fcc573f3.txt", "2022-06-16"),
    ("doc-004-2017-11", "004_515bf9e089a4b1ab.txt", "2017-11-14/2017-11-30"),
)

# Sources the research notes give without an address.
SOURCES_WITHOUT_URL = frozenset({"kavkaz-uzel-2011-09", "tass-2024-11-20"})


@pytest.fixture(scope="module")
def reg() -> treatyreg.Registry:
    """The dataset, loaded from the repository (not the installed wheel)."""
    return treatyreg.load(DATA)


def source_ids(reg: treatyreg.Registry) -> set[str]:
    """The ids of the registry's sources."""
    return {s.id for s in reg.sources}


def source(reg: treatyreg.Registry, source_id: str) -> treatyreg.Source:
    """One source by id."""
    return reg.source(source_id)


def ids(agreements: Iterable[treatyreg.Agreement]) -> list[str]:
    """The ids of some agreements, in their order."""
    return [a.id for a in agreements]


def test_bundled_dataset_is_this_file() -> None:
    """load_default() holds the same agreements as data/agreements.yaml."""
    assert ids(treatyreg.load_default()) == ids(treatyreg.load(DATA))


@pytest.mark.parametrize("agreement_id", DOCUMENT_AGREEMENTS + CONTEXT_AGREEMENTS)
def test_agreement_present(reg: treatyreg.Registry, agreement_id: str) -> None:
    """Every agreement the documents mention (and each context one) is in the registry."""
    assert agreement_id in reg


@pytest.mark.parametrize("agreement_id", CONTEXT_AGREEMENTS)
def test_context_agreements_say_so(reg: treatyreg.Registry, agreement_id: str) -> None:
    """The context instruments say in their notes that the documents do not name them."""
    notes = reg[agreement_id].notes or ""
    assert "Context" in notes
    assert "not named in the five source documents" in notes


@pytest.mark.parametrize(
    ("agreement_id", "kind", "parties"),
    [
        (FRIENDSHIP, "treaty", ("RUS", "XSO")),
        (BORDER, "agreement", ("RUS", "XSO")),
        (BASE_2009, "agreement", ("RUS", "XSO")),
        (BASE_2010, "agreement", ("RUS", "XSO")),
        (ALLIANCE, "treaty", ("RUS", "XSO")),
        (JICC, "agreement", ("RUS", "XSO")),
        (UNITS, "agreement", ("RUS", "XSO")),
        (MED_AB, "agreement", ("RUS", "XAB")),
        (MED_SO, "agreement", ("RUS", "XSO")),
        (MILTECH, "treaty", ("RUS", "XSO")),
    ],
)
def test_kind_and_parties(
    reg: treatyreg.Registry, agreement_id: str, kind: str, parties: tuple[str, ...]
) -> None:
    """Each agreement has the kind and the parties its sources give."""
    agreement = reg[agreement_id]
    assert agreement.kind == kind
    assert tuple(agreement.parties) == parties


@pytest.mark.parametrize(
    ("agreement_id", "edtf", "lower", "upper"),
    [
        (FRIENDSHIP, "2008-09-17", dt.date(2008, 9, 17), dt.date(2008, 9, 17)),
        (BORDER, "2009-04-30", dt.date(2009, 4, 30), dt.date(2009, 4, 30)),
        (BASE_2009, "2009-09-15", dt.date(2009, 9, 15), dt.date(2009, 9, 15)),
        (BASE_2010, "2010-04-07", dt.date(2010, 4, 7), dt.date(2010, 4, 7)),
        (ALLIANCE, "2015-03-18", dt.date(2015, 3, 18), dt.date(2015, 3, 18)),
        (JICC, "2016-07-04", dt.date(2016, 7, 4), dt.date(2016, 7, 4)),
        (UNITS, "2017-03-31", dt.date(2017, 3, 31), dt.date(2017, 3, 31)),
        (MED_AB, "2017-08", dt.date(2017, 8, 1), dt.date(2017, 8, 31)),
        (MED_SO, "2017-11-14", dt.date(2017, 11, 14), dt.date(2017, 11, 14)),
        (MILTECH, "2023-08-23", dt.date(2023, 8, 23), dt.date(2023, 8, 23)),
    ],
)
def test_signed(
    reg: treatyreg.Registry, agreement_id: str, edtf: str, lower: dt.date, upper: dt.date
) -> None:
    """The signature date, as precisely as the sources give it and no more."""
    signed = reg[agreement_id].signed
    assert signed is not None
    assert (str(signed), signed.lower, signed.upper) == (edtf, lower, upper)


@pytest.mark.parametrize(
    ("agreement_id", "place"),
    [
        (FRIENDSHIP, "Moscow"),
        (BORDER, "Moscow"),
        (BASE_2009, "Moscow"),
        (BASE_2010, "Moscow"),
        (ALLIANCE, "Moscow"),
        (JICC, "Tskhinvali"),
        (UNITS, "Moscow"),
        (MED_SO, "Moscow"),
        (MILTECH, "Tskhinvali"),
    ],
)
def test_place_of_signature(reg: treatyreg.Registry, agreement_id: str, place: str) -> None:
    """The place of signature the sources give."""
    (signed,) = [e for e in reg[agreement_id].events if e.action == "signed"]
    assert signed.place == place


# Domestic and later steps: (agreement, action, party, body, date).
STEPS = [
    (FRIENDSHIP, "entered_into_force", None, None, "2009-01-20"),
    (BORDER, "ratified", "RUS", "President of Russia", "2010-04-05"),
    (BASE_2010, "submitted_for_ratification", "RUS", "President of Russia", "2011-08-08"),
    (BASE_2010, "approved", "RUS", "State Duma", "2011-09-23"),
    (BASE_2010, "approved", "RUS", "Federation Council", "2011-09-28"),
    (BASE_2010, "ratified", "RUS", "President of Russia", "2011-10-06"),
    (ALLIANCE, "ratified", "XSO", "Parliament of South Ossetia", "2015-04-03"),
    (ALLIANCE, "approved", "RUS", "State Duma", "2015-06-19"),
    (ALLIANCE, "approved", "RUS", "Federation Council", "2015-06-24"),
    (ALLIANCE, "ratified", "RUS", "President of Russia", "2015-06-30"),
    (ALLIANCE, "entered_into_force", None, None, "2015-07-30"),
    (JICC, "entered_into_force", None, None, "../2018-12"),
    (UNITS, "ratified", "XSO", "Parliament of South Ossetia", "2017-07-12"),
    (UNITS, "submitted_for_ratification", "RUS", "President of Russia", "2017-12"),
    (UNITS, "approved", "RUS", "State Duma", "2018-01-24"),
    (UNITS, "approved", "RUS", "Federation Council", "2018-01-31"),
    (UNITS, "ratified", "RUS", "President of Russia", "2018-01-31/2018-02-05"),
    (UNITS, "entered_into_force", None, None, "../2019-12-17"),
    (MED_SO, "approved", "RUS", "State Duma", "2018-05-24"),
    (MILTECH, "submitted_for_ratification", "RUS", "President of Russia", "2024-09-19"),
    (MILTECH, "approved", "RUS", "State Duma", "2024-11-19"),
    (MILTECH, "approved", "RUS", "Federation Council", "2024-11-20"),
    (MILTECH, "ratified", "RUS", "President of Russia", "2024-11-23"),
]


@pytest.mark.parametrize(("agreement_id", "action", "party", "body", "date"), STEPS)
def test_step(
    reg: treatyreg.Registry,
    agreement_id: str,
    action: str,
    party: str | None,
    body: str | None,
    date: str,
) -> None:
    """Each recorded step has its sourced date, party and body."""
    found = [
        e
        for e in reg[agreement_id].events
        if e.action == action and e.party == party and e.body == body
    ]
    assert [str(e.date) for e in found] == [date]


@pytest.mark.parametrize(
    ("agreement_id", "count"),
    [
        (FRIENDSHIP, 2),
        (BORDER, 2),
        (BASE_2009, 1),
        (BASE_2010, 5),
        (ALLIANCE, 6),
        (JICC, 2),
        (UNITS, 7),
        (MED_AB, 1),
        (MED_SO, 2),
        (MILTECH, 5),
    ],
)
def test_no_unlisted_steps(reg: treatyreg.Registry, agreement_id: str, count: int) -> None:
    """No agreement has steps beyond the signature and those pinned above."""
    assert len(reg[agreement_id].events) == count


@pytest.mark.parametrize(
    ("agreement_id", "action"),
    [
        (BASE_2009, "entered_into_force"),
        (BASE_2010, "entered_into_force"),
        (BASE_2010, "ratified"),  # no South Ossetian ratification found
        (MED_SO, "ratified"),
        (MED_SO, "entered_into_force"),
        (MED_AB, "entered_into_force"),
        (MILTECH, "entered_into_force"),
        (BORDER, "entered_into_force"),
    ],
)
def test_unknown_steps_stay_unknown(
    reg: treatyreg.Registry, agreement_id: str, action: str
) -> None:
    """Steps the sources do not give are not invented (XSO ratification included)."""
    events = [e for e in reg[agreement_id].events if e.action == action]
    assert all(e.party != "XSO" for e in events)
    if action == "entered_into_force":
        assert events == []


# (agreement, day, status): the days of the source documents, and each side of key steps.
STATUSES = [
    (FRIENDSHIP, "2008-09-16", None),
    (FRIENDSHIP, "2008-09-17", Status.SIGNED),
    (FRIENDSHIP, "2009-01-19", Status.SIGNED),
    (FRIENDSHIP, "2009-01-20", Status.IN_FORCE),
    (BORDER, "2009-04-29", None),
    (BORDER, "2009-04-30", Status.SIGNED),
    (BORDER, "2010-04-05", Status.IN_RATIFICATION),
    (BASE_2009, "2009-09-14", None),
    (BASE_2009, "2009-09-15", Status.SIGNED),
    (BASE_2009, "2022-06-16", Status.SIGNED),  # doc 003
    (BASE_2009, "2024-09-19", Status.SIGNED),  # doc 002
    (BASE_2010, "2010-02-17", None),  # the Kremlin page's date is not the preferred one
    (BASE_2010, "2010-04-06", None),
    (BASE_2010, "2010-04-07", Status.SIGNED),
    (BASE_2010, "2011-08-07", Status.SIGNED),
    (BASE_2010, "2011-08-08", Status.IN_RATIFICATION),
    (BASE_2010, "2011-10-06", Status.IN_RATIFICATION),
    (ALLIANCE, "2015-03-17", None),
    (ALLIANCE, "2015-03-18", Status.SIGNED),
    (ALLIANCE, "2015-04-02", Status.SIGNED),
    (ALLIANCE, "2015-04-03", Status.IN_RATIFICATION),
    (ALLIANCE, "2015-06-29", Status.IN_RATIFICATION),
    (ALLIANCE, "2015-06-30", Status.RATIFIED),
    (ALLIANCE, "2015-07-29", Status.RATIFIED),
    (ALLIANCE, "2015-07-30", Status.IN_FORCE),
    (ALLIANCE, "2017-11-14", Status.IN_FORCE),  # doc 004
    (ALLIANCE, "2019-12-17", Status.IN_FORCE),  # doc 000
    (ALLIANCE, "2023-12-28", Status.IN_FORCE),  # doc 001
    (JICC, "2016-07-03", None),
    (JICC, "2016-07-04", Status.SIGNED),
    (JICC, "2018-12-30", Status.SIGNED),
    (JICC, "2018-12-31", Status.IN_FORCE),
    (JICC, "2022-06-16", Status.IN_FORCE),  # doc 003
    (UNITS, "2017-03-30", None),
    (UNITS, "2017-03-31", Status.SIGNED),
    (UNITS, "2017-04-01", Status.SIGNED),
    (UNITS, "2017-07-11", Status.SIGNED),
    (UNITS, "2017-07-12", Status.IN_RATIFICATION),
    (UNITS, "2017-11-14", Status.IN_RATIFICATION),
    (UNITS, "2018-02-04", Status.IN_RATIFICATION),
    (UNITS, "2018-02-05", Status.RATIFIED),
    (UNITS, "2019-12-16", Status.RATIFIED),
    (UNITS, "2019-12-17", Status.IN_FORCE),  # doc 000
    (MED_AB, "2017-07-31", None),
    (MED_AB, "2017-08-30", None),  # only the month is known
    (MED_AB, "2017-08-31", Status.SIGNED),
    (MED_AB, "2017-11-14", Status.SIGNED),  # doc 004
    (MED_SO, "2017-11-13", None),
    (MED_SO, "2017-11-14", Status.SIGNED),  # doc 004
    (MED_SO, "2018-05-23", Status.SIGNED),
    (MED_SO, "2018-05-24", Status.IN_RATIFICATION),
    (MILTECH, "2023-08-22", None),
    (MILTECH, "2023-08-23", Status.SIGNED),
    (MILTECH, "2023-12-28", Status.SIGNED),  # doc 001
    (MILTECH, "2024-09-18", Status.SIGNED),
    (MILTECH, "2024-09-19", Status.IN_RATIFICATION),  # doc 002
    (MILTECH, "2024-11-23", Status.IN_RATIFICATION),  # Russia ratified, South Ossetia unknown
]


@pytest.mark.parametrize(("agreement_id", "day", "expected"), STATUSES)
def test_status_on(
    reg: treatyreg.Registry, agreement_id: str, day: str, expected: Status | None
) -> None:
    """The status on the days that matter follows from the sourced events."""
    assert reg[agreement_id].status_on(day) == expected


@pytest.mark.parametrize(
    ("agreement_id", "expected"),
    [
        (FRIENDSHIP, Status.IN_FORCE),
        (BASE_2009, Status.SIGNED),
        (BASE_2010, Status.IN_RATIFICATION),
        (ALLIANCE, Status.IN_FORCE),
        (JICC, Status.IN_FORCE),
        (UNITS, Status.IN_FORCE),
        (MED_AB, Status.SIGNED),
        (MED_SO, Status.IN_RATIFICATION),
        (MILTECH, Status.IN_RATIFICATION),
    ],
)
def test_status_today(reg: treatyreg.Registry, agreement_id: str, expected: Status) -> None:
    """Today's status, as far as the sources go (nothing found ends these agreements)."""
    assert reg[agreement_id].status == expected


@pytest.mark.parametrize(
    ("agreement_id", "relation_type", "target", "cites"),
    [
        (MILTECH, "develops", BASE_2009, "doc-002-2024-09"),
        (UNITS, "continues", ALLIANCE, "doc-000-2019-12-17"),
        (MED_SO, "similar_to", MED_AB, "doc-004-2017-11"),
        (JICC, "implements", ALLIANCE, "gfsis-roadmap-agencies-26"),
        (ALLIANCE, "develops", FRIENDSHIP, "cominf-2019-09-17"),
        (BORDER, "implements", FRIENDSHIP, "cis-legislation-28518"),
        (BASE_2010, "develops", BASE_2009, None),
    ],
)
def test_relation(
    reg: treatyreg.Registry,
    agreement_id: str,
    relation_type: str,
    target: str,
    cites: str | None,
) -> None:
    """Each relation the sources state is recorded, citing the source that states it."""
    found = [
        r for r in reg[agreement_id].relations if r.type == relation_type and r.target == target
    ]
    assert len(found) == 1
    if cites is not None:
        assert cites in found[0].sources


def test_relation_targets_exist(reg: treatyreg.Registry) -> None:
    """Every relation points at an agreement in the registry."""
    for agreement in reg:
        for relation in agreement.relations:
            assert relation.target in reg, (agreement.id, relation.target)


def test_every_event_cites_a_known_source(reg: treatyreg.Registry) -> None:
    """Every event (and every alternative claim) cites at least one existing source."""
    known = source_ids(reg)
    for agreement in reg:
        for event in agreement.events:
            assert event.sources, (agreement.id, event.action)
            assert set(event.sources) <= known, (agreement.id, event.action)
            for claim in event.alternatives:
                assert claim.sources, (agreement.id, event.action, str(claim.date))
                assert set(claim.sources) <= known


def test_every_agreement_has_known_sources(reg: treatyreg.Registry) -> None:
    """Every agreement, relation and reported total cites only existing sources."""
    known = source_ids(reg)
    for agreement in reg:
        assert agreement.sources, agreement.id
        assert set(agreement.sources) <= known, agreement.id
        for relation in agreement.relations:
            assert set(relation.sources) <= known, (agreement.id, relation.target)
    for total in reg.reported_totals:
        assert total.sources
        assert set(total.sources) <= known


def test_every_source_is_cited(reg: treatyreg.Registry) -> None:
    """No source entry is left unused."""
    cited: set[str] = set()
    for agreement in reg:
        cited.update(agreement.sources)
        for event in agreement.events:
            cited.update(event.sources)
            for claim in event.alternatives:
                cited.update(claim.sources)
        for relation in agreement.relations:
            cited.update(relation.sources)
    for total in reg.reported_totals:
        cited.update(total.sources)
    assert source_ids(reg) - cited == set()


def test_event_sources_are_listed_on_the_agreement(reg: treatyreg.Registry) -> None:
    """An agreement's `sources` include every source its events cite."""
    for agreement in reg:
        for event in agreement.events:
            assert set(event.sources) <= set(agreement.sources), (agreement.id, event.action)


@pytest.mark.parametrize(("source_id", "file_name", "published"), DOCUMENTS)
def test_source_document(
    reg: treatyreg.Registry, source_id: str, file_name: str, published: str
) -> None:
    """Each of the five documents is a source naming its local file, with its known date."""
    doc = source(reg, source_id)
    assert file_name in (doc.notes or "")
    assert str(doc.published) == published
    assert doc.title


@pytest.mark.parametrize(("source_id", "_file_name", "_published"), DOCUMENTS)
def test_source_document_is_cited(
    reg: treatyreg.Registry, source_id: str, _file_name: str, _published: str
) -> None:
    """Each of the five documents backs an agreement or a reported total."""
    assert any(source_id in a.sources for a in reg) or any(
        source_id in t.sources for t in reg.reported_totals
    )


def test_sources_have_urls(reg: treatyreg.Registry) -> None:
    """Every source has an https address, except the two the research notes give without one."""
    for source_id in source_ids(reg) - SOURCES_WITHOUT_URL:
        url = source(reg, source_id).url
        assert url is not None, source_id
        assert url.startswith("https://"), source_id


def test_units_ratification_conflict(reg: treatyreg.Registry) -> None:
    """South Ossetia's ratification of the units agreement: 12 July preferred, 21 July kept."""
    (event,) = [e for e in reg[UNITS].events if e.action == "ratified" and e.party == "XSO"]
    assert str(event.date) == "2017-07-12"
    assert "civil-ge-ru-2018-01" in event.sources
    assert event.note
    (claim,) = event.alternatives
    assert str(claim.date) == "2017-07-21"
    assert set(claim.sources) == {"messenger-2018-01-26", "messenger-2018-02-07"}
    assert claim.note


def test_base_signature_conflict(reg: treatyreg.Registry) -> None:
    """The unified-base agreement keeps the Kremlin's and doc 002's dates as alternatives."""
    (event,) = [e for e in reg[BASE_2010].events if e.action == "signed"]
    assert str(event.date) == "2010-04-07"
    assert event.note
    claims = {str(c.date): c for c in event.alternatives}
    assert set(claims) == {"2010-02-17", "2009"}
    assert claims["2010-02-17"].sources == ("kremlin-2011-10-06",)
    assert claims["2009"].sources == ("doc-002-2024-09",)
    assert all(c.note for c in claims.values())


def test_2009_base_accord_found_as_signed_in_2009(reg: treatyreg.Registry) -> None:
    """The 2009 base accord of doc 002 is found by signed_between 2009, citing doc 002."""
    found = ids(reg.filter(signed_between=("2009", "2009")))
    assert BASE_2009 in found
    assert BASE_2010 not in found
    (signed,) = [e for e in reg[BASE_2009].events if e.action == "signed"]
    assert "doc-002-2024-09" in signed.sources


def test_2009_base_accord_found_by_text(reg: treatyreg.Registry) -> None:
    """Searching for the base accord's names finds it."""
    assert ids(reg.filter(text="2009 base accord")) == [BASE_2009]
    unified = ids(reg.filter(text="unified Russian military base"))
    assert BASE_2009 in unified
    assert BASE_2010 in unified


@pytest.mark.parametrize(
    ("signed_between", "expected"),
    [
        (("2008", "2008"), [FRIENDSHIP]),
        (("2009", "2009"), [BORDER, BASE_2009]),
        (("2010", "2014"), [BASE_2010]),
        (("2015", "2016"), [ALLIANCE, JICC]),
        (("2017", "2017"), [UNITS, MED_AB, MED_SO]),
        (("2017-08", "2017-08"), [MED_AB]),
        (("2018", "2022"), []),
        (("2023", "2024"), [MILTECH]),
    ],
)
def test_signed_between(
    reg: treatyreg.Registry, signed_between: tuple[str, str], expected: list[str]
) -> None:
    """signed_between finds exactly the agreements signed in each period, in date order."""
    assert ids(reg.filter(signed_between=signed_between)) == expected


@pytest.mark.parametrize(
    ("name", "party_id"),
    [
        ("RUS", "RUS"),
        ("Russian Federation", "RUS"),
        ("Russia", "RUS"),
        ("RF", "RUS"),
        ("XSO", "XSO"),
        ("Republic of South Ossetia", "XSO"),
        ("South Ossetia", "XSO"),
        ("Tskhinvali Region", "XSO"),
        ("Tskhinvali region/South Ossetia", "XSO"),
        ("RSO", "XSO"),
        ("south ossetia", "XSO"),
        ("XAB", "XAB"),
        ("Republic of Abkhazia", "XAB"),
        ("Abkhazia", "XAB"),
    ],
)
def test_party_names_resolve(reg: treatyreg.Registry, name: str, party_id: str) -> None:
    """Every name and alias of a party resolves to it, ignoring case."""
    assert reg.party(name).id == party_id


def test_every_party_alias_resolves(reg: treatyreg.Registry) -> None:
    """Each alias in the file resolves back to its own party."""
    for party in reg.parties:
        for name in (party.id, party.name, *party.aliases):
            assert reg.party(name).id == party.id, name


@pytest.mark.parametrize("party_id", ["XSO", "XAB"])
def test_disputed_status_noted(reg: treatyreg.Registry, party_id: str) -> None:
    """The disputed status and name are noted neutrally for South Ossetia and Abkhazia."""
    notes = reg.party(party_id).notes or ""
    assert "disputed" in notes
    assert "Russia" in notes
    assert "Georgia" in notes


def test_abkhazia_party_filter(reg: treatyreg.Registry) -> None:
    """The only Russia-Abkhazia agreement in the documents is the medical insurance one."""
    assert ids(reg.filter(party="Abkhazia")) == [MED_AB]


def test_party_steps_name_a_party_of_the_agreement(reg: treatyreg.Registry) -> None:
    """Steps that need a party name one of the agreement's parties."""
    needs_party = {"submitted_for_ratification", "approved", "ratified", "withdrawn"}
    for agreement in reg:
        for event in agreement.events:
            if event.action in needs_party:
                assert event.party in agreement.parties, (agreement.id, event.action)


def test_no_step_before_signature(reg: treatyreg.Registry) -> None:
    """No step can have happened before the agreement was signed."""
    for agreement in reg:
        signed = agreement.signed
        assert signed is not None, agreement.id
        for event in agreement.events:
            assert event.date.upper >= signed.lower, (agreement.id, event.action)


@pytest.mark.parametrize(
    ("count", "as_of", "source_id"),
    [
        (100, "2017-11-14", "doc-004-2017-11"),
        (100, "2019-09-17", "cominf-2019-09-17"),
        (130, "2023-12-28", "doc-001-2023-12-28"),
    ],
)
def test_reported_total(reg: treatyreg.Registry, count: int, as_of: str, source_id: str) -> None:
    """The totals officials reported are recorded as approximate, with their source."""
    (total,) = [t for t in reg.reported_totals if str(t.as_of) == as_of]
    assert total.count == count
    assert total.approximate is True
    assert set(total.parties) == {"RUS", "XSO"}
    assert source_id in total.sources


def test_validate_reports_nothing() -> None:
    """treatyreg.validate finds no problem in the dataset."""
    assert list(treatyreg.validate(DATA)) == []
