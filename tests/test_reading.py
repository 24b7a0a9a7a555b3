"""Tests for treatyreg.reading: YAML bytes to positioned nodes, with limits."""

from __future__ import annotations

import pytest

from treatyreg.reading import Limits, MappingNode, ScalarNode, SequenceNode, read_bytes


def codes(data: bytes, limits: Limits | None = None) -> list[str]:
    return [d.code for d in read_bytes(data, "t.yaml", limits)[1]]


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
