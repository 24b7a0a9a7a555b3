"""Tests for treatyreg.registry: lookups, indexed filters against a brute-force scan."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import treatyreg
from treatyreg import Action, FuzzyDate, Registry, Status, strategies
from treatyreg._fileformat import KINDS
from treatyreg.dates import parse_bounds
from treatyreg.errors import FilterError, UnknownValueError

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
            "XSO",
            "xso",
            "South Ossetia",
            "TSKHINVALI REGION",
            "Republic of South Ossetia",
            " tskhinvali region ",
            "Tskhinvali  Region",
        ],
    )
    def test_party_by_any_name(self, reg: Registry, name: str) -> None:
        """A party is found by id, name or any alias, in any case."""
        assert reg.party(name).id == "XSO"

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
            ({"topic": "Defence"}, ["units"]),
            ({"party": ["XSO", "Russia"]}, ["units"]),
            ({"party": []}, []),
            ({"status": ["signed", "In Force"], "on": "2019-12-17"}, ["units"]),
            ({"kind": "agreement"}, ["units"]),
            ({"kind": "treaty"}, []),
            ({"kind": ["Treaty", "AGREEMENT"]}, ["units"]),
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
        """An unknown status is a ValueError (and a LookupError) naming it and the close one."""
        with pytest.raises(ValueError, match=r"in_farce.*did you mean 'in_force'") as caught:
            reg.filter(status="in_farce")
        assert isinstance(caught.value, LookupError)
        assert caught.value.candidates == ("in_force",)  # type: ignore[attr-defined]

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            ({"topic": "defense"}, "no topic 'defense'; did you mean 'defence'?"),
            ({"kind": "treatise"}, "no kind 'treatise'; did you mean 'treaty'"),
            ({"topic": ["defence", "health"]}, "no topic 'health'"),
        ],
    )
    def test_unknown_values_are_errors(
        self, reg: Registry, kwargs: dict[str, object], message: str
    ) -> None:
        """A topic no agreement has, or a kind that does not exist, is an error that says
        so and suggests the close ones: never zero rows without a word."""
        with pytest.raises(UnknownValueError, match=message.replace("?", r"\?")):
            reg.filter(**kwargs)  # type: ignore[arg-type]

    def test_a_selection_behaves_as_the_list_it_replaces(self, reg: Registry) -> None:
        """It iterates, indexes, slices, compares to a list, has len and `in`, is
        immutable, and can be filtered again."""
        found = reg.filter(party="RU")
        units = reg["units"]
        assert len(found) == 1
        assert found[0] is found[-1] is units
        assert list(found) == [units]
        assert found == [units]
        assert found == (units,)
        assert found[:0] == []
        assert isinstance(found[:1], type(found))
        assert units in found
        assert "units" in found
        assert "nope" not in found
        assert found.index(units) == 0
        assert found.count(units) == 1
        assert found + [units] == [units, units]  # noqa: RUF005 - the operator is tested
        assert found.filter(topic="defence") == [units]
        assert found.filter(topic="defence", status="in force", on="2019-12-16") == []
        with pytest.raises(AttributeError):
            found.x = 1  # type: ignore[attr-defined]
        with pytest.raises(TypeError):
            found[0] = units  # type: ignore[index]
        assert "units" in repr(found)


def _spelled(draw: st.DrawFn, word: str) -> str:
    """`word` as a user may type it: in another case, with spaces or hyphens for `_`."""
    word = draw(st.sampled_from([word, word.upper(), word.title()]))
    return word.replace("_", draw(st.sampled_from(["_", " ", "-", "  "])))


def _one_or_many(draw: st.DrawFn, values: st.SearchStrategy[str]) -> object:
    if draw(st.booleans()):
        return draw(values)
    return draw(st.lists(values, max_size=3))


@st.composite
def registry_and_query(draw: st.DrawFn) -> tuple[Registry, dict[str, object]]:
    reg = draw(strategies.registries())
    query: dict[str, object] = {}

    @st.composite
    def party_name(draw: st.DrawFn) -> str:
        party = draw(st.sampled_from(reg.parties))
        name = draw(st.sampled_from([party.id, *party.names]))
        return draw(st.sampled_from([name, name.upper(), name.lower()]))

    @st.composite
    def spelled(draw: st.DrawFn, words: list[str]) -> str:
        return _spelled(draw, draw(st.sampled_from(words)))

    if draw(st.booleans()) and reg.parties:
        query["party"] = _one_or_many(draw, party_name())
    if draw(st.booleans()):
        query["status"] = _one_or_many(
            draw, st.sampled_from(list(Status)) | spelled([str(s) for s in Status])
        )
        query["on"] = draw(strategies.days(dt.date(1890, 1, 1), dt.date(2120, 1, 1)))
    if draw(st.booleans()):  # often with one party, sometimes with none or several
        query["party_status"] = _one_or_many(
            draw, st.sampled_from(list(Status)) | spelled([str(s) for s in Status])
        )
        query["on"] = draw(strategies.days(dt.date(1890, 1, 1), dt.date(2120, 1, 1)))
    if draw(st.booleans()):
        topics = [*sorted({t for a in reg for t in a.topics}), "none"]  # "none": unknown
        query["topic"] = _one_or_many(draw, spelled(topics))
    if draw(st.booleans()):
        query["kind"] = _one_or_many(draw, spelled(["treaty", "agreement", "protocol", "pact"]))
    if draw(st.booleans()):
        a, b = sorted([draw(strategies.edtf_texts()), draw(strategies.edtf_texts())])
        query["signed_between"] = (a, b)
    if draw(st.booleans()):
        titles = [a.title for a in reg] or ["x"]
        title = draw(st.sampled_from(titles))
        start = draw(st.integers(0, len(title)))
        query["text"] = title[start : start + draw(st.integers(0, 6))] or "a"
    return reg, query


def _fold(word: object) -> str:
    return "_".join(str(word).casefold().replace("-", " ").replace("_", " ").split())


def _many(value: object) -> list[object]:
    return value if isinstance(value, list) else [value]


def brute_force(reg: Registry, q: dict[str, object]) -> list[str] | type[Exception]:
    """The filter semantics of docs/queries.md, by scanning every agreement: each keyword
    takes one value or a list (any of them); topics, kinds and statuses fold case, spaces,
    `-` and `_`; `status` is always the agreement's own status, `party_status` the standing
    of the one party given (another number of parties is FilterError). A topic no
    agreement has, or a kind or status that does not exist, is UnknownValueError."""
    topics = {_fold(t) for a in reg for t in a.topics}
    kinds = {_fold(k) for k in KINDS}
    statuses = {_fold(s): s for s in Status}
    if "topic" in q and any(_fold(t) not in topics for t in _many(q["topic"])):
        return UnknownValueError
    if "kind" in q and any(_fold(k) not in kinds for k in _many(q["kind"])):
        return UnknownValueError
    parties = [reg.party(str(p)).id for p in _many(q.get("party", []))]
    if "party_status" in q:
        if len(set(parties)) != 1:
            return FilterError
        if any(_fold(s) not in statuses for s in _many(q["party_status"])):
            return UnknownValueError
    if "status" in q and any(_fold(s) not in statuses for s in _many(q["status"])):
        return UnknownValueError
    out = []
    for a in reg:
        if "party" in q and not any(p in a.parties for p in parties):
            continue
        if "status" in q:  # the agreement's own, whatever else is asked
            wanted = {statuses[_fold(s)] for s in _many(q["status"])}
            if a.status_on(q["on"]) not in wanted:  # type: ignore[arg-type]
                continue
        if "party_status" in q:  # as that party stands (DESIGN.md, one keyword one meaning)
            wanted = {statuses[_fold(s)] for s in _many(q["party_status"])}
            if a.party_status(parties[0], q["on"]) not in wanted:  # type: ignore[arg-type]
                continue
        if "topic" in q and not {_fold(t) for t in _many(q["topic"])} & {
            _fold(t) for t in a.topics
        }:
            continue
        if "kind" in q and _fold(a.kind) not in {_fold(k) for k in _many(q["kind"])}:
            continue
        if "signed_between" in q:
            lo = parse_bounds(q["signed_between"][0])[0]  # type: ignore[index]
            hi = parse_bounds(q["signed_between"][1])[1]  # type: ignore[index]
            if a.signed is None or not (lo <= a.signed.lower and a.signed.upper <= hi):
                continue
        if "text" in q:  # titles in every language too, case-folded, ё (or е + ̈) as е

            def fold(t: str) -> str:
                return t.casefold().replace("ё", "е").replace("е\u0308", "е")

            needle = fold(str(q["text"]))
            haystacks = (a.title, *(t for _, t in a.titles), *a.aliases, a.notes or "")
            if not any(needle in fold(t) for t in haystacks):
                continue
        out.append(a.id)
    return out


def _filtered(reg: Registry, query: dict[str, object]) -> list[str] | type[Exception]:
    try:
        return [a.id for a in reg.filter(**query)]  # type: ignore[arg-type]
    except UnknownValueError:
        return UnknownValueError
    except FilterError:
        return FilterError


@given(registry_and_query())
def test_filter_matches_brute_force(case: tuple[Registry, dict[str, object]]) -> None:
    """Indexed filters give exactly what a scan of every agreement gives, in order."""
    reg, query = case
    assert _filtered(reg, query) == brute_force(reg, query)


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
        MINIMAL + "reported_totals:\n  - {parties: [RU, XSO], count: 100, "
        "approximate: true, as_of: 2017-11-14, sources: [s1]}\n"
        "  - {parties: [RU, XSO], count: 3, as_of: 2016, sources: [s1]}\n"
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
        found = _filtered(reg, query)
    assert found == brute_force(reg, query)


@st.composite
def party_status_query(draw: st.DrawFn) -> tuple[Registry, dict[str, object], str]:
    """A party and a status on a day something happened, often the status one of the
    party's agreements has then (so that answers are not all empty), sometimes with a
    topic; and that agreement's id."""
    reg = draw(strategies.registries())
    dated = [a for a in reg if a.events]
    assume(dated)
    agreement = draw(st.sampled_from(dated))
    party = draw(st.sampled_from(agreement.parties))
    day = draw(st.sampled_from(sorted({e.upper for a in dated for e in a.events})))
    actual = agreement.party_status(party, day)
    if actual is not None and draw(st.booleans()):
        status: object = actual
    else:
        status = draw(st.sampled_from(list(Status)))
    query: dict[str, object] = {"party": party, "party_status": status, "on": day}
    if draw(st.booleans()):  # the agreement's own status too
        query["status"] = agreement.status_on(day) or draw(st.sampled_from(list(Status)))
    if agreement.topics and draw(st.booleans()):
        query["topic"] = draw(st.sampled_from(agreement.topics))
    return reg, query, agreement.id


@given(party_status_query(), st.sampled_from([0, 1_000_000]))
def test_a_party_and_a_status_give_the_scan(
    case: tuple[Registry, dict[str, object], str], judge: int
) -> None:
    """With a party and a status, each candidate judged by the party's own changes (few
    candidates) or the party's interval index (many) gives the scan's answer; the
    agreement the query was drawn from is in it when its status was asked for."""
    reg, query, drawn = case
    with mock.patch("treatyreg.registry._JUDGE_COST", judge):
        found = _filtered(reg, query)
    assert found == brute_force(reg, query)
    a = reg[drawn]
    if query["party_status"] == a.party_status(str(query["party"]), query["on"]) and (  # type: ignore[arg-type]
        "status" not in query or query["status"] == a.status_on(query["on"])  # type: ignore[arg-type]
    ):
        assert drawn in found


@pytest.mark.parametrize("judge", [0, 4, 1_000_000])
def test_a_change_on_the_last_day_ends_the_status_before_it(judge: int) -> None:
    """A date whose latest day is `date.max` (`2020-01-01/..`): on that day the agreement
    is terminated, and no longer signed, in the status index and in a party's."""
    source = treatyreg.Source("s", "S")
    events = (
        treatyreg.Event(Action.SIGNED, FuzzyDate.parse("2000-01-01"), sources=("s",)),
        treatyreg.Event(Action.TERMINATED, FuzzyDate.parse("2020-01-01/.."), sources=("s",)),
    )
    agreements = [
        treatyreg.Agreement(f"a{i}", f"A{i}", "treaty", ("AAA", "BBB"), events=events)
        for i in range(3)
    ]
    parties = [treatyreg.Party("AAA", "Aland"), treatyreg.Party("BBB", "Bland")]
    last = dt.date.max
    with mock.patch("treatyreg.registry._JUDGE_COST", judge):
        reg = Registry(agreements, parties, [source])
        assert reg.filter(status="signed", on=last) == []
        assert reg.filter(party="AAA", party_status="signed", on=last) == []
        assert reg.filter(party="AAA", party_status="terminated", on=last).ids == (
            "a0",
            "a1",
            "a2",
        )
        assert reg.filter(status="signed", on=last - dt.timedelta(days=1)).ids == (
            "a0",
            "a1",
            "a2",
        )


def test_few_candidates_do_not_build_a_party_index() -> None:
    """With a party, a status and a filter that leaves a few of the party's agreements,
    those few are judged one by one: the party's interval index is not built for them."""
    reg = treatyreg.load_default(cache=False)
    few = reg.filter(
        party="XSO",
        party_status="in force",
        on="2020-01-01",
        signed_between=("2017-03", "2017-03"),
    )
    assert few.ids == ("ru-so-2017-units-entry",)
    assert reg._party_indexes == {}
    reg.filter(party="XSO", party_status="in force", on="2020-01-01")
    assert set(reg._party_indexes) == {"XSO"}


@given(party_status_query())
def test_every_output_shows_the_status_it_was_chosen_by(
    case: tuple[Registry, dict[str, object], str],
) -> None:
    """A selection made by `status` and `party_status` shows, in its DataFrame and its
    HTML, each agreement's own status under `status` and the party's standing under
    `party_status`: the statuses it was chosen by, never one for the other."""
    pytest.importorskip("pandas")
    reg, query, _ = case
    found = reg.filter(**query)  # type: ignore[arg-type]
    assert found.party == reg.party(str(query["party"])).id
    df = found.to_dataframe()
    day = query["on"]
    assert (
        df["status"].tolist()
        == [
            None if a.status_on(day) is None else str(a.status_on(day))  # type: ignore[arg-type]
            for a in found
        ]
        or df.empty
    )
    assert set(df["party_status"].astype(str)) <= {str(query["party_status"])}
    if "status" in query:
        assert set(df["status"].astype(str)) <= {str(query["status"])}
    html = found._repr_html_()
    assert f"status for {found.party}" in html


def test_an_agreement_keeps_its_registrys_day_when_the_registry_is_gone() -> None:
    """One rule for the default day: an agreement of a registry with an `as_of` is judged
    on that day by every call and output, whether or not the Registry object is alive."""
    import gc

    from treatyreg.registry import registry_of, scope

    def one() -> treatyreg.Agreement:
        reg = treatyreg.load(treatyreg.loading.default_path(), cache=False)
        return reg["ru-so-2009-border-protection"]

    a = one()
    gc.collect()
    assert registry_of(a) is None  # the Registry object is gone
    as_of = dt.date(2026, 12, 1)
    assert a.status == a.status_on(as_of)
    assert scope(a).on.day == as_of
    assert scope(a).on.basis == "as_of"
    assert a.party_status("XSO") == a.party_status("XSO", as_of)
    alive = treatyreg.load_default()
    assert alive.assess(a.id).status == a.status  # the same answer with it alive
    lone = treatyreg.Agreement("x", "X", "treaty", ("RU",))
    assert scope(lone).on.basis == "today"  # built alone: no registry, no as_of


def test_a_registry_built_from_another_ones_agreements_changes_nothing_of_the_first() -> None:
    """A "what we knew in 2012" view made of the same agreement objects judges them on its
    own day through its own calls; the first registry, and what each agreement says of
    itself, keep theirs (the first registry an agreement was in keeps it)."""
    reg = treatyreg.load_default()
    before = {a.id: a.status for a in reg}
    counted = len(reg.filter(status="in_ratification"))
    then = Registry(list(reg), reg.parties, reg.sources, as_of="2012-01-01")
    assert {a.id: a.status for a in reg} == before
    assert len(reg.filter(status="in_ratification")) == counted
    assert sum(a.status == Status.IN_RATIFICATION for a in reg) == counted
    a = reg["ru-ab-2015-pensions"]
    assert then.assess(a).status is None  # not signed by 2012, on its own day
    assert reg.assess(a).status == a.status


def test_a_selection_keeps_the_party_it_was_chosen_by() -> None:
    """Sliced or filtered again, a selection made by a party's standing still shows that
    party's standing; a new party_status is the new one's."""
    reg = treatyreg.load_default()
    sel = reg.filter(party="XAB", party_status="ratified")
    assert sel[:1].party == "XAB"
    assert "party_status" in sel[:2].to_dataframe()
    assert sel.filter(party="RUS").party == "XAB"
    assert sel.filter(party="RUS", party_status="ratified").party == "RUS"
    assert reg.filter(topic="defence").filter(party="XSO").party == "XSO"


def test_the_output_functions_show_the_party_as_the_selection_methods_do() -> None:
    """`frames.to_dataframe(sel)` and `display.registry_html(sel)` show the standing of
    the party `sel` was chosen by, as `sel.to_dataframe()` does; a party given by name
    works, an unknown one is an error, not an empty column."""
    pytest.importorskip("pandas")
    from treatyreg.display import registry_html
    from treatyreg.errors import UnknownPartyError
    from treatyreg.frames import to_dataframe

    reg = treatyreg.load_default()
    sel = reg.filter(party="XAB", party_status="ratified")
    assert to_dataframe(sel).equals(sel.to_dataframe())
    assert "status for XAB" in registry_html(sel)
    by_name = to_dataframe(reg.filter(party="XAB"), party="Abkhazia")
    assert by_name["party_status"].notna().all()
    with pytest.raises(UnknownPartyError):
        to_dataframe(sel, party="Nowhere")
    with pytest.raises(UnknownPartyError):
        registry_html(sel, party="Nowhere")
