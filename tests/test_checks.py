"""Tests for treatyreg._checks (and the conversion before it): every mistake, in one run."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given

import treatyreg
from treatyreg import strategies
from treatyreg._fileformat import RECORDS

DATA = Path(__file__).parent / "data"


def expected(path: Path) -> list[tuple[int, str]]:
    """The (line, code) pairs marked `# expect: CODE` in a fixture."""
    found = []
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        m = re.search(r"# expect: (TR\d+)", line)
        if m:
            found.append((number, m[1]))
    return found


def test_dozen_mistakes_in_one_run() -> None:
    """A file with a dozen different mistakes gets each at its line, in one run."""
    path = DATA / "dozen-mistakes.yaml"
    problems = treatyreg.validate(path)
    got = sorted((p.line, p.code) for p in problems)
    assert got == sorted(expected(path))
    assert len(got) >= 12


def test_load_raises_all_at_once() -> None:
    """load() raises one ValidationError carrying every diagnostic."""
    path = DATA / "dozen-mistakes.yaml"
    with pytest.raises(treatyreg.ValidationError) as info:
        treatyreg.load(path)
    assert len(info.value.diagnostics) == len(expected(path))


@pytest.mark.parametrize(
    ("snippet", "code", "hint", "line"),
    [
        (
            "      - acton: signed\n        date: 2017\n        sources: [s1]\n",
            "TR100",
            "did you mean 'action'?",
            13,
        ),
        (
            "      - action: signd\n        date: 2017\n        sources: [s1]\n",
            "TR104",
            "did you mean 'signed'?",
            13,
        ),
        (
            "      - action: signed\n        date: 23/08/2023\n        sources: [s1]\n",
            "TR103",
            "accepted forms",
            14,
        ),
        (
            "      - action: signed\n        date: 2017\n        sources: [s11]\n",
            "TR202",
            "did you mean 's1'?",
            15,
        ),
    ],
)
def test_hints(snippet: str, code: str, hint: str, line: int) -> None:
    """Unknown keys, values and ids get a difflib suggestion; bad dates the accepted forms."""
    text = (
        "treatyreg: 1\nparties:\n  - {id: RU, name: Russia}\nsources:\n  - {id: s1, title: T}\n"
        "agreements:\n  - id: a\n    title: A\n    kind: treaty\n    parties: [RU]\n"
        "    sources: [s1]\n    events:\n" + snippet
    )
    with pytest.raises(treatyreg.ValidationError) as info:
        treatyreg.loads(text)
    [problem] = [d for d in info.value.diagnostics if d.code == code]
    assert problem.hint is not None
    assert hint in problem.hint
    assert problem.line == line


def test_quoted_input_in_message() -> None:
    """Messages quote the bad input."""
    problems = treatyreg.validate(DATA / "dozen-mistakes.yaml")
    by_code = {p.code: p.message for p in problems}
    assert "'traety'" in by_code["TR104"]
    assert "'XX'" in by_code["TR201"]
    assert "2023-02-30" in by_code["TR103"]


def test_cross_file_duplicates(tmp_path: Path) -> None:
    """Duplicate ids across files of a folder are found, with the first one's place."""
    head = "treatyreg: 1\nparties:\n  - id: RU\n    name: Russia{n}\n"
    (tmp_path / "a.yaml").write_text(head.format(n=""))
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.yml").write_text(head.format(n=" two"))
    [problem] = treatyreg.validate(tmp_path)
    assert problem.code == "TR200"
    assert problem.path.endswith("b.yml")
    assert problem.hint is not None
    assert "a.yaml:3" in problem.hint


def test_supersedes_cycle() -> None:
    """A cycle of `supersedes` is reported once, naming its members."""
    agreements = "".join(
        f"  - id: {a}\n    title: {a}\n    kind: treaty\n    parties: [RU]\n    sources: [s]\n"
        f"    relations:\n      - {{type: supersedes, target: {b}}}\n"
        for a, b in [("x", "y"), ("y", "z"), ("z", "x")]
    )
    text = (
        "treatyreg: 1\nparties:\n  - {id: RU, name: Russia}\nsources:\n  - {id: s, title: S}\n"
        "agreements:\n" + agreements
    )
    with pytest.raises(treatyreg.ValidationError) as info:
        treatyreg.loads(text)
    [problem] = info.value.diagnostics
    assert problem.code == "TR209"
    assert "x -> y -> z -> x" in problem.message


def test_steps_after_termination() -> None:
    """A step definitely after termination is impossible (TR208)."""
    text = (
        "treatyreg: 1\nparties:\n  - {id: RU, name: Russia}\n  - {id: XSO, name: XSO land}\n"
        "sources:\n  - {id: s, title: S}\nagreements:\n  - id: a\n    title: A\n    kind: treaty\n"
        "    parties: [RU, XSO]\n    sources: [s]\n    events:\n"
        "      - {action: signed, date: 2010, sources: [s]}\n"
        "      - {action: terminated, date: 2012, sources: [s]}\n"
        "      - {action: ratified, party: RU, date: 2013-05, sources: [s]}\n"
    )
    [problem] = (d for d in _diagnostics(text))
    assert (problem.code, problem.line) == ("TR208", 16)


def _diagnostics(text: str, limits: treatyreg.Limits | None = None) -> list[treatyreg.Diagnostic]:
    try:
        treatyreg.loads(text, limits=limits)
    except treatyreg.ValidationError as error:
        return list(error.diagnostics)
    return []


@given(strategies.registries())
def test_generated_registries_are_valid(reg: treatyreg.Registry) -> None:
    """The strategies only make registries the checks accept."""
    assert _diagnostics(treatyreg.dumps(reg)) == []


def test_the_benchmarks_registries_have_no_diagnostic(tmp_path: Path) -> None:
    """benchmarks/generate.py promises files with no diagnostic at all (a warning would
    make every load of a benchmark place it, and mislead the figures)."""
    out = tmp_path / "generated.yaml"
    root = Path(__file__).resolve().parents[1]
    subprocess.run(
        [sys.executable, str(root / "benchmarks" / "generate.py"), "3000", str(out)],
        check=True,
        timeout=120,
    )
    assert treatyreg.validate(out) == []


def _agreement_with(events: str, parties: str = "[RU, XSO]") -> str:
    return (
        "treatyreg: 1\nparties:\n  - {id: RU, name: Russia}\n  - {id: XSO, name: XSO land}\n"
        "sources:\n  - {id: s, title: S}\nagreements:\n  - id: a\n    title: A\n"
        f"    kind: treaty\n    parties: {parties}\n    sources: [s]\n    events:\n" + events
    )


def test_resumption_with_a_wider_suspension_is_possible() -> None:
    """A suspension known only by its year may precede a resumption inside that year."""
    events = (
        "      - {action: signed, date: 2010, sources: [s]}\n"
        "      - {action: entered_into_force, date: 2011, sources: [s]}\n"
        "      - {action: suspended, date: 2019, sources: [s]}\n"
        "      - {action: resumed, date: 2019-06-01, sources: [s]}\n"
    )
    assert _diagnostics(_agreement_with(events)) == []
    impossible = events.replace("date: 2019, sources", "date: 2019-07, sources")
    assert [d.code for d in _diagnostics(_agreement_with(impossible))] == ["TR207"]


def test_unknown_id_after_a_duplicate_is_located() -> None:
    """An unknown id is reported at its own item, even after a repeated or bad one."""
    text = _agreement_with(
        "      - {action: signed, date: 2010, sources: [s]}\n", parties="[RU, RU, XX]"
    )
    found = {(d.code, d.line, d.column) for d in _diagnostics(text)}
    line = text.splitlines().index("    parties: [RU, RU, XX]") + 1
    assert ("TR201", line, 23) in found


# -- nothing lost: a record that cannot be built still has its references checked ----------
def _base() -> dict[str, Any]:
    """A valid registry with one of every record, each key on a line of its own."""
    return {
        "treatyreg": 1,
        "parties": [{"id": "RU", "name": "Russia"}, {"id": "XSO", "name": "South Ossetia"}],
        "sources": [{"id": "s1", "title": "A report"}],
        "agreements": [
            {
                "id": "a1",
                "title": "An agreement",
                "kind": "treaty",
                "parties": ["RU", "XSO"],
                "events": [
                    {
                        "action": "signed",
                        "date": "2017-03-31",
                        "sources": ["s1"],
                        "alternatives": [{"date": "2017-04-01", "sources": ["s1"]}],
                    }
                ],
                "relations": [{"type": "amends", "target": "a2", "sources": ["s1"]}],
                "sources": ["s1"],
            },
            {
                "id": "a2",
                "title": "Another",
                "kind": "treaty",
                "parties": ["RU"],
                "sources": ["s1"],
            },
        ],
        "reported_totals": [
            {"parties": ["RU", "XSO"], "count": 5, "as_of": "2017", "sources": ["s1"]}
        ],
    }


# Where each record sits in `_base()`.
_RECORD_AT: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "agreement": lambda r: r["agreements"][0],
    "event": lambda r: r["agreements"][0]["events"][0],
    "claim": lambda r: r["agreements"][0]["events"][0]["alternatives"][0],
    "relation": lambda r: r["agreements"][0]["relations"][0],
    "reported_total": lambda r: r["reported_totals"][0],
}
_INVALID = {
    "id": "not an id",
    "title": "",
    "kind": "nonsense",
    "parties": [],
    "sources": [],
    "action": "nonsense",
    "date": "2017-13",
    "type": "nonsense",
    "target": "not an id",
    "count": "-1",
    "as_of": "2017-13",
}
_BREAKS = ["missing", "wrong type", "invalid"]


def _plant(name: str, record: dict[str, Any], broken: str) -> tuple[str, str] | None:
    """Put an unknown id in the record (or in one nested in it) outside the broken key:
    the id planted and the code it must get; None when no reference is left to plant in."""
    if name == "agreement":
        record["events"][0]["sources"] = ["s1", "s9"]
        return "s9", "TR202"
    if name == "relation":
        record["sources"] = ["s1", "s9"] if broken != "sources" else ["s1"]
        if broken == "sources":
            record["target"] = "a9"
            return "a9", "TR203"
        return "s9", "TR202"
    if broken != "sources":
        record["sources"] = ["s1", "s9"]
        return "s9", "TR202"
    if name == "event":
        record["alternatives"][0]["sources"] = ["s1", "s9"]
        return "s9", "TR202"
    if name == "reported_total":
        record["parties"] = ["RU", "XSO", "XX"]
        return "XX", "TR201"
    return None


def _cases() -> list[tuple[str, str, str]]:
    required = {name: [f.key for f in RECORDS[name].fields if f.required] for name in _RECORD_AT}
    return [
        (name, key, how)
        for name, keys in required.items()
        for key in keys
        for how in _BREAKS
        if not (name == "claim" and key == "sources")
    ]


@pytest.mark.parametrize(("name", "key", "how"), _cases())
def test_a_broken_record_still_reports_what_it_holds(name: str, key: str, how: str) -> None:
    """For every record with references and every way of breaking each required key, an
    unknown id planted inside the record is reported at its own line."""
    registry = _base()
    record = _RECORD_AT[name](registry)
    planted = _plant(name, record, key)
    assert planted is not None
    ident, code = planted
    if how == "missing":
        del record[key]
    elif how == "wrong type":
        record[key] = {"x": 1}
    else:
        record[key] = _INVALID[key]
    for flow in (False, True):
        text = yaml.safe_dump(registry, default_flow_style=flow, sort_keys=False, width=60)
        at = re.search(rf"(?<![\w-]){ident}(?![\w-])", text)
        assert at is not None
        line = text.count("\n", 0, at.start()) + 1
        column = at.start() - text.rfind("\n", 0, at.start())
        problems = _diagnostics(text)
        assert (code, line, column) in {(d.code, d.line, d.column) for d in problems}, text


@pytest.mark.parametrize(
    ("record", "key"), [("parties", "name"), ("sources", "title"), ("agreements", "kind")]
)
def test_a_broken_record_still_defines_its_id(record: str, key: str) -> None:
    """A party, source or agreement with a broken required value still counts as defined:
    citing it is not an unknown id, and repeating it is still a duplicate."""
    registry = _base()
    registry[record][-1][key] = ["not", "text"]
    problems = _diagnostics(yaml.safe_dump(registry, sort_keys=False))
    assert [d.code for d in problems] == ["TR102"]
    registry[record].append(dict(registry[record][-1]))
    problems = _diagnostics(yaml.safe_dump(registry, sort_keys=False))
    assert sorted(d.code for d in problems) == ["TR102", "TR102", "TR200"]


def test_an_unreadable_file_makes_no_false_unknown_ids(tmp_path: Path) -> None:
    """With one file of a registry unreadable (a syntax error), the other files' references
    to it are not reported as unknown: only the syntax error is."""
    (tmp_path / "a-agreements.yaml").write_text(
        yaml.safe_dump({"treatyreg": 1, "agreements": _base()["agreements"]}, sort_keys=False)
    )
    (tmp_path / "b-rest.yaml").write_text("treatyreg: 1\nparties: [\n")
    assert [d.code for d in treatyreg.validate(tmp_path)] == ["TR003"]


# -- bounded: the checks count toward max_problems and stay near-linear ---------------------
def _many_agreements(n: int, source: str) -> str:
    rows = "".join(
        f"  - {{id: a{i}, title: T, kind: treaty, parties: [RU], sources: [{source}]}}\n"
        for i in range(n)
    )
    return (
        "treatyreg: 1\nparties:\n  - {id: RU, name: Russia}\n"
        "sources:\n  - {id: s1, title: A report}\nagreements:\n" + rows
    )


def test_cross_record_problems_count_toward_the_limit() -> None:
    """4,000 unknown ids with --max-problems 50: 50 diagnostics, then TR008 saying so."""
    text = _many_agreements(4_000, "s-unknown")
    problems = _diagnostics(text, treatyreg.Limits(max_problems=50))
    assert sorted(d.code for d in problems) == ["TR008"] + ["TR202"] * 50
    assert [d.line for d in problems[:3]] == [7, 8, 9]
    assert "after 50 problems" in next(d.message for d in problems if d.code == "TR008")


def test_alias_amplified_unknown_ids_are_capped() -> None:
    """A list of unknown ids repeated through aliases stays within the limit."""
    items = ", ".join(f"u{i}" for i in range(100))
    text = (
        _many_agreements(0, "s1").replace("agreements:\n", "")
        + f"x: &x [{items}]\n"
        + "agreements:\n"
        + "".join(
            f"  - {{id: a{i}, title: T, kind: treaty, parties: [RU], sources: *x}}\n"
            for i in range(300)
        )
    )
    problems = _diagnostics(text)
    assert len(problems) <= treatyreg.Limits().max_problems + 2


def test_suggestions_from_the_index() -> None:
    """With many ids, an unknown one still gets the closest as "did you mean"."""
    sources = "".join(f"  - {{id: source-{i:04d}, title: T}}\n" for i in range(500))
    text = _many_agreements(1, "sourse-0042").replace("  - {id: s1, title: A report}\n", sources)
    [problem] = _diagnostics(text)
    assert problem.hint == "did you mean 'source-0042'?"


def test_supersedes_cycles_reported_once_per_group() -> None:
    """200 agreements that supersede their neighbours both ways are one group: one TR209,
    its message bounded."""
    n = 200
    rows = "".join(
        f"  - {{id: a{i}, title: T, kind: treaty, parties: [RU], sources: [s1], relations: ["
        + ", ".join(f"{{type: supersedes, target: a{j}}}" for j in (i - 1, i + 1) if 0 <= j < n)
        + "]}\n"
        for i in range(n)
    )
    text = _many_agreements(0, "s1") + rows
    [problem] = _diagnostics(text)
    assert problem.code == "TR209"
    assert problem.message == "cycle of `supersedes`: a0 -> a1 -> a0"
    assert problem.hint == "198 more agreement(s) are in cycles with these"


def test_problems_in_all_files_are_capped(tmp_path: Path) -> None:
    """Many files of warnings stop at --max-total-problems, with TR008 saying so; the files
    after the limit are not read."""
    for i in range(6):
        (tmp_path / f"f{i}.yaml").write_text(
            "treatyreg: 1\nparties:\n  - {id: RU, name: R, aliases: [a, a, a, a, a]}\n"
        )
    limits = treatyreg.Limits(max_total_problems=10)
    problems = treatyreg.validate(tmp_path, limits=limits)
    assert [d.code for d in problems].count("TR008") == 1
    assert len(problems) <= 10 + 4 + 1  # one file's problems may pass the limit
    assert "problems in all files" in next(d.message for d in problems if d.code == "TR008")


def test_messages_stay_short_whatever_the_ids() -> None:
    """A huge malformed id or a party list of thousands: messages and hints stay bounded,
    and no suggestion is sought among malformed ids."""
    huge = "x" * 200_000
    parties = "".join(f"  - {{id: P{i:04d}, name: party {i}}}\n" for i in range(3_000))
    ids = ", ".join(f"P{i:04d}" for i in range(3_000))
    text = (
        f"treatyreg: 1\nparties:\n{parties}  - {{id: '{huge}', name: Big}}\n"
        "sources:\n  - {id: s1, title: A}\nagreements:\n"
        f"  - id: a\n    title: T\n    kind: treaty\n    parties: [{ids}, '{huge}y']\n"
        f"    sources: [s1]\n    relations: [{{type: amends, target: '{huge}y'}}]\n    events:\n"
        + "      - {action: ratified, party: ZZ, date: 2017, sources: [s1]}\n"
        * 50
    )
    problems = _diagnostics(text)
    assert {d.code for d in problems} == {"TR105", "TR203", "TR204"}
    assert max(len(d.message) + len(d.hint or "") for d in problems) < 600


def test_a_broken_agreement_still_has_its_lifecycle_checked() -> None:
    """An agreement without its id still gets TR211 and TR206 for its events, and a party
    whose name is broken still clashes by its aliases (TR212)."""
    registry = _base()
    agreement = registry["agreements"][0]
    del agreement["id"]
    agreement["events"] += [
        {"action": "signed", "date": "2018", "sources": ["s1"]},
        {"action": "entered_into_force", "date": "2016", "sources": ["s1"]},
    ]
    registry["parties"].append({"id": "XX", "name": ["not", "text"], "aliases": ["Russia"]})
    problems = _diagnostics(yaml.safe_dump(registry, sort_keys=False))
    assert sorted(d.code for d in problems) == ["TR101", "TR102", "TR206", "TR211", "TR212"]


def test_a_party_s_fallback_name_is_never_another_party_s(monkeypatch: pytest.MonkeyPatch) -> None:
    """`strategies.registries` names a party `<id> party` when its drawn names are taken;
    that name is kept free for it (a review found one party drawing the alias `B party`
    before party `b` fell back to it: TR212). The draws are forced to that case."""
    from hypothesis import HealthCheck, find, settings
    from hypothesis import strategies as st

    def parties(ids: st.SearchStrategy[str]) -> st.SearchStrategy[treatyreg.Party]:
        names = {"a": ("Ay", ("B party",)), "b": ("A", ())}  # b's name is a's id: taken
        return ids.map(lambda pid: treatyreg.Party(pid, names[pid][0], names[pid][1]))

    monkeypatch.setattr(strategies, "_party_ids", st.sampled_from(["a", "b"]))
    monkeypatch.setattr(strategies, "parties", parties)
    reg = find(
        strategies.registries(),
        lambda r: [p.id for p in r.parties] == ["a", "b"],
        settings=settings(database=None, suppress_health_check=list(HealthCheck)),
    )
    assert reg.party("B party").id == "b"
    assert reg.check() == []


@given(strategies.registries())
def test_a_registry_built_in_python_is_checked_like_its_file(reg: treatyreg.Registry) -> None:
    """`Registry.check()` gives what validating the registry's file gives, at line 0."""
    assert reg.check() == []
    stranger = treatyreg.Agreement(
        "agreement-from-python", "Z", "treaty", ("party-from-nowhere",), sources=("nowhere-src",)
    )
    broken = treatyreg.Registry([*reg, stranger], reg.parties, reg.sources, reg.reported_totals)
    in_python = broken.check()
    from_file = _diagnostics(treatyreg.dumps(broken))
    assert sorted((d.code, d.message, d.hint) for d in in_python) == sorted(
        (d.code, d.message, d.hint) for d in from_file
    )
    assert {d.code for d in in_python} == {"TR201", "TR202"}
    assert {(d.path, d.line, d.column) for d in in_python} == {("<registry>", 0, 0)}


@pytest.mark.parametrize(
    ("first", "second", "warned"),
    [
        ("[borders]", "[border]", "borders"),  # a tie: the first in alphabetical order wins
        ("[foreign-policy, trade]", "[foreign_policy]", "foreign_policy"),
        ("[military-bases]", "[military-base]", "military-bases"),
        ("[treaties]", "[treaty]", "treaty"),
        ("[gas]", "[ga]", None),  # too short to be a plural
        ("[process]", "[proces]", None),  # -ss is not a plural
        ("[defence]", "[security]", None),
        ("[customs]", "[custom]", None),  # duties, not a plural
        ("[news]", "[new]", None),
        ("[taxes]", "[tax]", "taxes"),  # a tie: "tax" first
        ("[matches, trade]", "[match]", "matches"),
    ],
)
def test_topics_spelled_two_ways(first: str, second: str, warned: str | None) -> None:
    """TR224 at the topic that differs from the most used spelling only by a plural or a
    separator; a filter on one would miss the other."""
    from .conftest import MINIMAL

    other = (
        MINIMAL.split("agreements:\n")[1]
        .replace("id: units", "id: units-2")
        .replace("topics: [defence]", f"topics: {second}")
    )
    reg_text = MINIMAL.replace("topics: [defence]", f"topics: {first}") + other
    problems = [p for p in treatyreg.validate(_file(reg_text)) if p.code == "TR224"]
    if warned is None:
        assert problems == []
    else:
        [problem] = problems
        assert f"topic {warned!r}" in problem.message
        line = reg_text.splitlines()[problem.line - 1]
        assert warned in line[problem.column - 1 :]


def _file(text: str) -> Path:
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="treatyreg-topics-"))
    path = folder / "r.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_most_used_topic_spelling_is_kept(tmp_path: Path) -> None:
    """With three agreements, the spelling two of them use is the one kept."""
    from .conftest import MINIMAL

    head, agreement = MINIMAL.split("agreements:\n")
    text = head + "agreements:\n"
    for n, topic in enumerate(["border", "borders", "borders"]):
        text += agreement.replace("id: units", f"id: units-{n}").replace("defence", topic)
    [problem] = [p for p in treatyreg.validate(_file(text)) if p.code == "TR224"]
    assert problem.message.startswith("topic 'border' differs from 'borders'")
    assert "(2 agreement(s))" in str(problem.hint)


def test_text_a_terminal_acts_on_in_a_registry_built_in_python() -> None:
    """TR222 for a registry built in Python as for its file: the same rule, one table."""
    party = treatyreg.Party("XAA", "Aland", aliases=("Al\x1b[31m",))
    source = treatyreg.Source("s", "S", notes="line one\nline two")  # notes may break lines
    event = treatyreg.Event(
        treatyreg.Action.SIGNED, treatyreg.FuzzyDate.parse("2000"), sources=("s",), place="P\u202e"
    )
    a = treatyreg.Agreement("a", "A\nB", "treaty", ("XAA",), events=(event,), sources=("s",))
    reg = treatyreg.Registry([a], [party], [source])
    in_python = sorted((d.code, d.message) for d in reg.check())
    from_file = treatyreg.validate(_file(treatyreg.dumps(reg)))
    assert in_python == sorted((d.code, d.message) for d in from_file)
    assert in_python == [
        ("TR222", "`aliases` holds the character U+001B"),
        ("TR222", "`place` holds the character U+202E"),
        ("TR222", "`title` holds a line break"),
    ]


@pytest.mark.parametrize(
    ("first", "second", "warned"),
    [
        ("https://example.org/a", "https://example.org/a", True),
        ("https://example.org/a/", "https://example.org/a", True),  # a final / aside
        ("https://example.org/a", "https://example.org/b", False),
        (None, None, False),  # sources without an address are not the same page
    ],
)
def test_two_sources_with_one_address(first: str | None, second: str | None, warned: bool) -> None:
    """TR227 at the second source that has the address of another: one page under two
    ids splits its facts and miscounts the sources."""
    from .conftest import MINIMAL

    def source(ident: str, url: str | None) -> str:
        return f"  - id: {ident}\n    title: T\n" + (f"    url: {url}\n" if url else "")

    text = MINIMAL.replace(
        "agreements:\n", source("s2", first) + source("s3", second) + "agreements:\n", 1
    )
    problems = [p for p in treatyreg.validate(_file(text)) if p.code == "TR227"]
    if not warned:
        assert problems == []
    else:
        [problem] = problems
        assert "'s3'" in problem.message
        assert problem.severity == "warning"
        assert text.splitlines()[problem.line - 1].strip() == f"url: {second}"


def test_one_source_written_twice_is_one_problem() -> None:
    """The same source (id and address) twice is a duplicate id (TR200), not also TR227."""
    from .conftest import MINIMAL

    twice = "  - id: s2\n    title: T\n    url: https://example.org/a\n" * 2
    text = MINIMAL.replace("agreements:\n", twice + "agreements:\n", 1)
    assert [d.code for d in treatyreg.validate(_file(text))] == ["TR200"]
