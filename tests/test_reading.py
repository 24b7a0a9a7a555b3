"""Tests for treatyreg.reading: YAML bytes to positioned nodes, with limits."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import treatyreg
from treatyreg.cli import main
from treatyreg.convert import convert
from treatyreg.diagnostics import CODES
from treatyreg.reading import Limits, MappingNode, ScalarNode, SequenceNode, read_bytes

from .conftest import MINIMAL, SHARED


def codes(data: bytes, limits: Limits | None = None) -> list[str]:
    """The problems of the YAML itself, found by the tree reader; the one-pass converter
    must find the same ones (it adds the records' own problems, TR1xx and TR2xx)."""
    found = [d.code for d in read_bytes(data, "t.yaml", limits)[1]]
    streamed = [d.code for d in convert(data, "t.yaml", limits).diagnostics]
    assert sorted(c for c in streamed if c.startswith("TR0")) == sorted(found)
    return found


class TestScalarsStayText:
    def test_no_yaml11_typing(self) -> None:
        """NO, on, 010 and dates stay the text they were written as."""
        root, problems = read_bytes(b"a: [NO, on, 010, 2023-08-23, 1:30, ~]\n", "t.yaml")
        assert problems == []
        assert isinstance(root, MappingNode)
        seq = root.items[0][1]
        assert isinstance(seq, SequenceNode)
        values = [n.value for n in seq.items if isinstance(n, ScalarNode)]
        assert values == ["NO", "on", "010", "2023-08-23", "1:30", "~"]

    def test_plain_and_quoted(self) -> None:
        """Quoted scalars are marked as not plain, so "1" can differ from 1."""
        root, _ = read_bytes(b'a: 1\nb: "1"\n', "t.yaml")
        assert isinstance(root, MappingNode)
        plain = [v.plain for _, v in root.items if isinstance(v, ScalarNode)]
        assert plain == [True, False]

    def test_positions_are_one_based(self) -> None:
        """Line and column of a value are 1-based, like editors show them."""
        root, _ = read_bytes(b"a:\n  b: value\n", "t.yaml")
        assert isinstance(root, MappingNode)
        inner = root.items[0][1]
        assert isinstance(inner, MappingNode)
        key, value = inner.items[0]
        assert (key.line, key.column, value.line, value.column) == (2, 3, 2, 6)


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
        _, problems = read_bytes(data, "t.yaml")
        assert [p.code for p in problems] == [code]
        assert problems[0].line == line
        streamed = [p for p in convert(data, "t.yaml").diagnostics if p.code.startswith("TR0")]
        assert [(p.code, p.line) for p in streamed] == [(code, line)]

    def test_duplicate_key_hint_names_first(self) -> None:
        """A duplicate key's hint says where the first one is."""
        _, problems = read_bytes(b"x: 0\na: 1\na: 2\n", "t.yaml")
        assert problems[0].hint is not None
        assert "line 2" in problems[0].hint

    def test_merge_keys_are_not_duplicates(self) -> None:
        """`<<` merges: keys given in the mapping win over merged ones."""
        root, problems = read_bytes(b"base: &b {x: 1, y: 2}\nm:\n  <<: *b\n  y: 3\n", "t.yaml")
        assert problems == []
        assert isinstance(root, MappingNode)
        merged = root.items[1][1]
        assert isinstance(merged, MappingNode)
        got = {k.value: v.value for k, v in merged.items if isinstance(v, ScalarNode)}
        assert got == {"x": "1", "y": "3"}


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
        treatyreg's own, at the first collection past its limit, in both readers."""
        for problems in (
            read_bytes(data.encode(), "t.yaml")[1],
            convert(data.encode(), "t.yaml").diagnostics,
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
    _, problems = read_bytes("x: ééééééééééé\x01\n".encode(), "t.yaml")
    assert [(p.code, p.line, p.column) for p in problems] == [("TR003", 1, 15)]
