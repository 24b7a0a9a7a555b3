"""Tests for treatyreg._reading: YAML bytes to one positioned event stream, with limits."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import treatyreg
from treatyreg._convert import convert
from treatyreg._reading import Limits
from treatyreg.cli import main
from treatyreg.diagnostics import CODES

from .conftest import MINIMAL, SHARED


def yaml_problems(data: bytes, limits: Limits | None = None) -> list[treatyreg.Diagnostic]:
    """The problems of the YAML itself (TR0xx), not the records' own (TR1xx and TR2xx)."""
    found = convert(data, "t.yaml", limits).diagnostics
    return [d for d in found if d.code.startswith("TR0")]


def codes(data: bytes, limits: Limits | None = None) -> list[str]:
    return [d.code for d in yaml_problems(data, limits)]


class TestScalarsStayText:
    def test_no_yaml11_typing(self) -> None:
        """NO, on, a quoted 010 and dates stay the text they were written as."""
        text = MINIMAL.replace("aliases: [Russia]", "aliases: [NO, on, '010', 2023-08-23, 1:30]")
        found = convert(text.encode(), "t.yaml")
        assert found.diagnostics == []
        assert found.parties[0].aliases == ("NO", "on", "010", "2023-08-23", "1:30")

    def test_plain_and_quoted(self) -> None:
        """A quoted scalar is not plain, so "1" can differ from 1: a count must be plain."""
        counts = []
        for count in ("1", '"1"'):
            text = MINIMAL + (
                f"reported_totals:\n  - {{parties: [RU], as_of: 2023, count: {count}, "
                "sources: [s1]}\n"
            )
            found = convert(text.encode(), "t.yaml")
            counts.append(([d.code for d in found.diagnostics], found.reported_totals[0].count))
        assert counts == [([], 1), (["TR102"], 0)]

    def test_positions_are_one_based(self) -> None:
        """Line and column of a value are 1-based, like editors show them."""
        data = b"treatyreg: 1\nparties:\n  - {id: RU, name: R, unknown: value}\n"
        [problem] = convert(data, "t.yaml").diagnostics
        assert (problem.code, problem.line, problem.column) == ("TR100", 3, 23)


class TestProblems:
    @pytest.mark.parametrize(
        ("data", "code", "line"),
        [
            (b"a: 1\na: 2\n", "TR006", 2),
            (b"a: [1, 2\n", "TR003", 2),
            (b"", "TR004", 1),
            (b"# only a comment\n", "TR004", 1),
            (b"a: 1\n---\nb: 2\n", "TR005", 2),
            (b"a: !!python/object:os.system x\n", "TR007", 1),
            (b"a: !custom x\n", "TR007", 1),
            (b"a: 1\nb: \xff\xfe\n", "TR002", 2),
            (b"a: *nowhere\n", "TR003", 1),
            (b"? [a, b]\n: 1\n", "TR009", 1),
            (b"a: \x07\n", "TR003", 1),
            (b"<<: 5\na: 1\n", "TR010", 1),
        ],
    )
    def test_diagnosed(self, data: bytes, code: str, line: int) -> None:
        """Each kind of bad input becomes its diagnostic at the right line, not an exception."""
        assert [(p.code, p.line) for p in yaml_problems(data)] == [(code, line)]

    def test_duplicate_key_hint_names_first(self) -> None:
        """A duplicate key's hint says where the first one is."""
        problems = yaml_problems(b"x: 0\na: 1\na: 2\n")
        assert problems[0].hint is not None
        assert "line 2" in problems[0].hint

    def test_merge_keys_are_not_duplicates(self) -> None:
        """`<<` merges: keys given in the mapping win over merged ones."""
        text = MINIMAL.replace(
            "    aliases: [South Ossetia, Tskhinvali Region]\n",
            "    aliases: &a [South Ossetia]\n    notes: &n {name: Nobody, notes: merged}\n"
            "  - <<: *n\n    id: XX\n    name: Someone\n",
        )
        assert yaml_problems(text.encode()) == []
        last = convert(text.encode(), "t.yaml").parties[-1]
        assert (last.id, last.name, last.notes) == ("XX", "Someone", "merged")

    @pytest.mark.parametrize(
        ("merges", "expected"),
        [
            ("<<: [*one, *two]", ("one", "one")),  # earlier merges win
            ("<<: *two\n    <<: *one", ("two", "two")),
            ("<<: {<<: *two, name: inner}", ("inner", "two")),  # a merge's own keys win
            ("<<: [*one, {<<: *two}]\n    notes: own", ("one", "own")),
        ],
    )
    def test_merge_key_precedence(self, merges: str, expected: tuple[str, str]) -> None:
        """YAML's merge rules: own keys, then merges in order, depth first."""
        text = MINIMAL.replace(
            "    aliases: [Russia]\n",
            "    aliases: [Russia]\n"
            "    notes: [&one {name: one, notes: one}, &two {name: two, notes: two}]\n",
        ).replace(
            "  - id: XSO\n    name: Republic of South Ossetia\n", f"  - id: XSO\n    {merges}\n"
        )
        found = convert(text.encode(), "t.yaml")
        assert [d.code for d in found.diagnostics] == ["TR102"]  # the notes list, only
        assert (found.parties[1].name, found.parties[1].notes) == expected


class TestLimits:
    def test_deep_nesting_refused_before_composing(self) -> None:
        """50,000 nested lists (a libyaml segfault when composed) give one TR008."""
        data = b"[" * 50_000 + b"]" * 50_000
        assert codes(data) == ["TR008"]

    @pytest.mark.parametrize(
        "data",
        [
            "x: 1\ny: " + "[" * 5_000 + "]" * 5_000,
            "x: 1\ny:\n" + "".join("  " * i + "- \n" for i in range(1, 2_000)),
        ],
        ids=["flow", "block"],
    )
    def test_deep_nesting_at_the_limit_whatever_libyaml_does(self, data: str) -> None:
        """libyaml (PyYAML 6.0.3 on) stops at its own 1,000 levels; the diagnostic is still
        treatyreg's own, at the first collection past its limit, whether the stream replays
        aliases or not."""
        for problems in (
            convert(data.encode(), "t.yaml").diagnostics,
            convert((data + "\n# <<\n").encode(), "t.yaml").diagnostics,  # replaying aliases
        ):
            assert [(p.code, p.message) for p in problems] == [
                ("TR008", "nesting deeper than 64 levels")
            ]
            # the 65th level (the root mapping is the first): its 64th list
            assert (problems[0].line, problems[0].column) in {(2, 67), (66, 129)}

    def test_billion_laughs(self) -> None:
        """A 400-byte alias bomb is refused long before anything walks its expansion."""
        lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
        for i in range(1, 10):
            refs = ", ".join([f"*a{i - 1}"] * 10)
            lines.append(f"a{i}: &a{i} [{refs}]")
        data = "\n".join(lines).encode()
        assert len(data) < 600
        assert codes(data) == ["TR008"]

    def test_an_anchor_past_the_alias_budget(self) -> None:
        """An anchored node bigger than `max_alias_nodes` is not kept: its alias is TR008
        at the alias, and one within the budget still loads."""
        data = b"a: &a [" + b", ".join(b"x" for _ in range(20)) + b"]\nb: *a\n"
        problems = yaml_problems(data, Limits(max_alias_nodes=10))
        assert [(p.code, p.line, p.column) for p in problems] == [("TR008", 2, 4)]
        assert codes(data, Limits(max_alias_nodes=30)) == []

    def test_size(self) -> None:
        """A file over the size limit is refused without parsing it."""
        assert codes(b"a: 1\n" * 100, Limits(max_bytes=100)) == ["TR008"]

    def test_limits_are_configurable(self) -> None:
        """A depth that passes by default fails under a stricter limit."""
        data = b"a: [[[[1]]]]\n"
        assert codes(data) == []
        assert codes(data, Limits(max_depth=3)) == ["TR008"]


# -- robustness: whatever comes in, only nodes or diagnostics come out ---------------------


CORPUS = SHARED / "corpora" / "yaml-test-suite" / "cases"
YAML_CHARS = st.sampled_from([*list(":-[]{},#&*!|>'\"%@`?\n \t"), "a", "1", "NO", "<<"])


def outcome(data: bytes) -> str:
    """Load bytes as a registry: 'ok', or 'invalid' with diagnostics; anything else raises."""
    try:
        treatyreg.loads(data, path="fuzz.yaml")
    except treatyreg.ValidationError as error:
        diagnostics = error.diagnostics
    else:
        return "ok"
    assert diagnostics
    assert all(d.line >= 1 and d.column >= 1 and d.code in CODES for d in diagnostics)
    return "invalid"


@given(st.binary(max_size=300))
def test_random_bytes(data: bytes) -> None:
    """Random bytes give a registry or diagnostics, never an exception."""
    assert outcome(data) in ("ok", "invalid")


@given(st.text(max_size=300))
def test_random_text(text: str) -> None:
    """Random text gives a registry or diagnostics, never an exception."""
    assert outcome(text.encode("utf-8", "surrogatepass")) in ("ok", "invalid")


@given(st.lists(YAML_CHARS, max_size=120).map("".join))
def test_yaml_punctuation(text: str) -> None:
    """Text made of YAML's own punctuation gives a registry or diagnostics."""
    assert outcome(text.encode()) in ("ok", "invalid")


@given(st.data())
def test_mutated_valid_file(data: st.DataObject) -> None:
    """A valid file with bytes deleted, replaced or inserted: a registry or diagnostics."""
    raw = bytearray(MINIMAL.encode())
    for _ in range(data.draw(st.integers(1, 5))):
        pos = data.draw(st.integers(0, len(raw) - 1))
        op = data.draw(st.sampled_from(["delete", "replace", "insert"]))
        byte = data.draw(st.integers(0, 255))
        if op == "delete":
            del raw[pos]
        elif op == "replace":
            raw[pos] = byte
        else:
            raw.insert(pos, byte)
    assert outcome(bytes(raw)) in ("ok", "invalid")


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpora is absent")
def test_yaml_test_suite_corpus() -> None:
    """Each of the 402 YAML test suite inputs: `treatyreg validate` exits 0 or 1, no traceback."""
    files = sorted(CORPUS.glob("*.yaml"))
    assert len(files) == 402
    exits = {}
    for path in files:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            exits[path.name] = main(["validate", str(path)])
    assert set(exits.values()) <= {0, 1}
    invalid = (CORPUS.parent / "error-cases.txt").read_text().split()
    # every case the suite marks as invalid YAML is refused
    assert all(exits[f"{case}.yaml"] == 1 for case in invalid)


HOSTILE = {
    "deep.yaml": (b"[" * 50_000 + b"]" * 50_000, "TR008"),
    "laughs.yaml": (
        "\n".join(
            ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
            + [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]
        ).encode(),
        "TR008",
    ),
    "python.yaml": (b"treatyreg: 1\nparties: !!python/object/apply:os.system [echo]\n", "TR007"),
    "dup.yaml": (b"treatyreg: 1\ntreatyreg: 1\n", "TR006"),
    "junk.yaml": (bytes(range(256)) * 40, "TR002"),
    "utf16.yaml": ("treatyreg: 1\n".encode("utf-16"), "TR002"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_inputs(name: str, tmp_path: Path) -> None:
    """The research page's hostile inputs each give exit 1 and their diagnostic code."""
    data, code = HOSTILE[name]
    path = tmp_path / name
    path.write_bytes(data)
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        assert main(["validate", str(path), "--format", "json"]) == 1
    assert code in {d["code"] for d in json.loads(out.getvalue())}


def test_bad_character_after_non_ascii_text() -> None:
    """libyaml gives a bad character's place in bytes; the diagnostic gives the column."""
    problems = yaml_problems("x: ééééééééééé\x01\n".encode())
    assert [(p.code, p.line, p.column) for p in problems] == [("TR003", 1, 15)]
