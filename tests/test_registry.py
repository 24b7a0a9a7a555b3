"""Tests for treatyreg.registry: lookups, indexed filters against a brute-force scan."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from hypothesis import given
from hypothesis import strategies as st

import treatyreg
from treatyreg import Registry, Status, strategies
from treatyreg.dates import parse_bounds

from .conftest import MINIMAL


@pytest.fixture(scope="module")
def reg() -> Registry:
    return treatyreg.loads(MINIMAL)


class TestAccess:
    def test_mapping_like(self, reg: Registry) -> None:
        """len, in, [], get and iteration behave like a read-only mapping of agreements."""
        assert len(reg) == 1
        assert "units" in reg
        assert "nope" not in reg
        assert reg["units"].title == "Agreement on the entry of units"
        assert reg.get("nope") is None
        assert [a.id for a in reg] == ["units"]

    def test_missing_id_suggests(self, reg: Registry) -> None:
        """A missing id raises KeyError with a suggestion."""
        with pytest.raises(KeyError, match="did you mean 'units'"):
            reg["unit"]

    @pytest.mark.parametrize(
        "name",
        [
            "SO",
            "so",
            "South Ossetia",
            "TSKHINVALI REGION",
            "Republic of South Ossetia",
            " tskhinvali region ",
            "Tskhinvali  Region",
        ],
    )
    def test_party_by_any_name(self, reg: Registry, name: str) -> None:
        """A party is found by id, name or any alias, in any case."""
        assert reg.party(name).id == "SO"

    def test_unknown_party(self, reg: Registry) -> None:
        """An unknown party raises a LookupError with a suggestion."""
        with pytest.raises(LookupError, match="did you mean 'Russia'"):
            reg.party("Rusia")

    def test_order(self) -> None:
        """Iteration is by signature date (lower bound), then id; unsigned ones last."""
        text = MINIMAL.replace(
            "  - id: units",
            "  - id: zz\n    title: Unsigned\n    kind: treaty\n"
            "    parties: [RU]\n    sources: [s1]\n  - id: units",
        )
        text += (
            "  - id: early\n    title: E\n    kind: treaty\n    parties: [RU]\n"
            "    sources: [s1]\n    events:\n      - {action: signed, date: 2009, "
            "sources: [s1]}\n"
        )
        assert [a.id for a in treatyreg.loads(text)] == ["early", "units", "zz"]


class TestFilter:
    @pytest.mark.parametrize(
        ("kwargs", "expected"),
        [
            ({}, ["units"]),
            ({"party": "Tskhinvali Region"}, ["units"]),
            ({"party": "RU", "topic": "defence"}, ["units"]),
            ({"topic": "health"}, []),
            ({"kind": "agreement"}, ["units"]),
            ({"kind": "treaty"}, []),
            ({"status": "in_force", "on": "2019-12-17"}, ["units"]),
            ({"status": "in_force", "on": "2019-12-16"}, []),
            ({"status": Status.SIGNED, "on": "1 April 2017"}, ["units"]),
            ({"status": "in_ratification", "on": "2017-07-31"}, ["units"]),
            ({"signed_between": ("2017", "2017")}, ["units"]),
            ({"signed_between": ("2017-04", "2020")}, []),
            ({"signed_between": ("2015", "2017-03")}, ["units"]),
            ({"text": "ENTRY"}, ["units"]),
            ({"text": "entry of un"}, ["units"]),
            ({"text": "base"}, []),
            (
                {"party": "Russia", "status": "signed", "on": "2017-04-01", "text": "units"},
                ["units"],
            ),
        ],
    )
    def test_each_keyword(
        self, reg: Registry, kwargs: dict[str, object], expected: list[str]
    ) -> None:
        """Each keyword narrows the result; together they combine with AND."""
        assert [a.id for a in reg.filter(**kwargs)] == expected  # type: ignore[arg-type]

    def test_year_only_signature(self) -> None:
        """A signature known only as 2009 is not definitely within 2009-01..2009-06."""
        text = MINIMAL.replace("date: 2017-03-31\n        place", "date: 2009\n        place")
        reg = treatyreg.loads(text)
        assert [a.id for a in reg.filter(signed_between=("2009", "2009"))] == ["units"]
        assert reg.filter(signed_between=("2009-01", "2009-06")) == []
        assert reg["units"].status_on("2009-06-01") is None

    def test_bad_day(self, reg: Registry) -> None:
        """A day that is not a day is an error, not an empty result."""
        with pytest.raises(treatyreg.DateError):
            reg.filter(status="in_force", on="03/04/2017")

    def test_bad_status(self, reg: Registry) -> None:
        """An unknown status is a ValueError naming it."""
        with pytest.raises(ValueError, match="in_farce"):
            reg.filter(status="in_farce")


@st.composite
def registry_and_query(draw: st.DrawFn) -> tuple[Registry, dict[str, object]]:
    reg = draw(strategies.registries())
    query: dict[str, object] = {}
    if draw(st.booleans()) and reg.parties:
        party = draw(st.sampled_from(reg.parties))
        name = draw(st.sampled_from([party.id, *party.names]))
        query["party"] = draw(st.sampled_from([name, name.upper(), name.lower()]))
    if draw(st.booleans()):
        query["status"] = draw(st.sampled_from(list(Status)))
        query["on"] = draw(strategies.days(dt.date(1890, 1, 1), dt.date(2120, 1, 1)))
    if draw(st.booleans()):
        topics = sorted({t for a in reg for t in a.topics}) or ["none"]
        query["topic"] = draw(st.sampled_from(topics))
    if draw(st.booleans()):
        query["kind"] = draw(st.sampled_from(["treaty", "agreement", "protocol"]))
    if draw(st.booleans()):
        a, b = sorted([draw(strategies.edtf_texts()), draw(strategies.edtf_texts())])
        query["signed_between"] = (a, b)
    if draw(st.booleans()):
        titles = [a.title for a in reg] or ["x"]
        title = draw(st.sampled_from(titles))
        start = draw(st.integers(0, len(title)))
        query["text"] = title[start : start + draw(st.integers(0, 6))] or "a"
    return reg, query


def brute_force(reg: Registry, q: dict[str, object]) -> list[str]:
    """The filter semantics of DESIGN.md, by scanning every agreement: with a party and a
    status, the status as that party stands."""
    out = []
    for a in reg:
        if "party" in q:
            party = reg.party(str(q["party"]))
            if party.id not in a.parties:
                continue
        if "status" in q:
            if "party" in q:  # as that party stands (DESIGN.md, multilateral agreements)
                status = a.party_status(reg.party(str(q["party"])).id, q["on"])  # type: ignore[arg-type]
            else:
                status = a.status_on(q["on"])  # type: ignore[arg-type]
            if status != q["status"]:
                continue
        if "topic" in q and q["topic"] not in a.topics:
            continue
        if "kind" in q and a.kind != q["kind"]:
            continue
        if "signed_between" in q:
            lo = parse_bounds(q["signed_between"][0])[0]  # type: ignore[index]
            hi = parse_bounds(q["signed_between"][1])[1]  # type: ignore[index]
            if a.signed is None or not (lo <= a.signed.lower and a.signed.upper <= hi):
                continue
        if "text" in q:
            needle = str(q["text"]).casefold()
            if not any(needle in t.casefold() for t in (a.title, *a.aliases, a.notes or "")):
                continue
        out.append(a.id)
    return out


@given(registry_and_query())
def test_filter_matches_brute_force(case: tuple[Registry, dict[str, object]]) -> None:
    """Indexed filters give exactly what a scan of every agreement gives, in order."""
    reg, query = case
    assert [a.id for a in reg.filter(**query)] == brute_force(reg, query)  # type: ignore[arg-type]


@given(strategies.registries(), strategies.days(dt.date(1890, 1, 1), dt.date(2120, 1, 1)))
def test_statuses_on_matches_status_on(reg: Registry, day: dt.date) -> None:
    """The precomputed timelines agree with folding each agreement's events."""
    assert reg.statuses_on(day) == {a.id: a.status_on(day) for a in reg}


def test_related_both_ways() -> None:
    """related() lists relations out of an agreement and into it."""
    reg = treatyreg.load_default()
    out = {
        (r.direction, str(r.relation.type), r.other.id)
        for r in reg.related("ru-so-2009-military-base")
    }
    assert ("in", "develops", "ru-so-2023-military-technical-cooperation") in out


def test_coverage() -> None:
    """coverage() counts the agreements held between exactly the reported parties."""
    reg = treatyreg.loads(
        MINIMAL + "reported_totals:\n  - {parties: [RU, SO], count: 100, "
        "approximate: true, as_of: 2017-11-14, sources: [s1]}\n"
        "  - {parties: [RU, SO], count: 3, as_of: 2016, sources: [s1]}\n"
    )
    [after, before] = reg.coverage()
    assert (after.held, after.total.count, after.share) == (1, 100, 0.01)
    assert before.held == 0


@given(registry_and_query(), st.sampled_from([0, 1_000_000]), st.sampled_from([0, 1_000_000]))
def test_every_strategy_gives_the_scan(
    case: tuple[Registry, dict[str, object]], probe: int, judge: int
) -> None:
    """Candidates are checked against a long sorted index by bisection or against a set of
    them, and a status by each candidate's timeline or by the status index: every
    combination gives the scan's answer."""
    reg, query = case
    with (
        mock.patch("treatyreg.registry._PROBE_RATIO", probe),
        mock.patch("treatyreg.registry._JUDGE_COST", judge),
    ):
        found = [a.id for a in reg.filter(**query)]  # type: ignore[arg-type]
    assert found == brute_force(reg, query)
