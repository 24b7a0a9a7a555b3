"""Tests for treatyreg.checks (and the conversion before it): every mistake, in one run."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given

import treatyreg
from treatyreg import strategies

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
        "treatyreg: 1\nparties:\n  - {id: RU, name: Russia}\n  - {id: SO, name: SO land}\n"
        "sources:\n  - {id: s, title: S}\nagreements:\n  - id: a\n    title: A\n    kind: treaty\n"
        "    parties: [RU, SO]\n    sources: [s]\n    events:\n"
        "      - {action: signed, date: 2010, sources: [s]}\n"
        "      - {action: terminated, date: 2012, sources: [s]}\n"
        "      - {action: ratified, party: RU, date: 2013-05, sources: [s]}\n"
    )
    [problem] = (d for d in _diagnostics(text))
    assert (problem.code, problem.line) == ("TR208", 16)


def _diagnostics(text: str) -> list[treatyreg.Diagnostic]:
    try:
        treatyreg.loads(text)
    except treatyreg.ValidationError as error:
        return list(error.diagnostics)
    return []


@given(strategies.registries())
def test_generated_registries_are_valid(reg: treatyreg.Registry) -> None:
    """The strategies only make registries the checks accept."""
    assert _diagnostics(treatyreg.dumps(reg)) == []


def _agreement_with(events: str, parties: str = "[RU, SO]") -> str:
    return (
        "treatyreg: 1\nparties:\n  - {id: RU, name: Russia}\n  - {id: SO, name: SO land}\n"
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
