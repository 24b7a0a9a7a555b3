"""Tests for treatyreg.graph: relations as Mermaid and DOT text, escaped."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

import treatyreg
from treatyreg import Agreement, Registry, Relation, RelationType
from treatyreg.graph import dot, dot_escape, mermaid, mermaid_escape

HOSTILE = 'He said "hi" ]) --> <b>x</b> & #35; \\N\nnext line'


@pytest.fixture(scope="module")
def reg() -> Registry:
    """The bundled registry."""
    return treatyreg.load_default()


def _agreement(agreement_id: str, title: str = "T", *targets: str) -> Agreement:
    relations = tuple(Relation(RelationType.AMENDS, t) for t in targets)
    return Agreement(agreement_id, title, "treaty", ("RU",), relations=relations, sources=("s",))


def _edges(reg: Registry) -> list[tuple[str, str, str]]:
    return [(a.id, str(r.type), r.target) for a in reg for r in a.relations]


class TestMermaid:
    def test_nodes_and_labelled_edges(self, reg: Registry) -> None:
        """A node per related agreement and an edge per relation, labelled with its type."""
        text = mermaid(reg)
        lines = text.splitlines()
        assert lines[0] == "flowchart LR"
        nodes = dict(re.findall(r'^    (a\d+)\["([^"]*)"\]$', text, re.MULTILINE))
        edges = re.findall(r'^    (a\d+) -->\|"([^"]*)"\| (a\d+)$', text, re.MULTILINE)
        assert sorted((nodes[s], t, nodes[d]) for s, t, d in edges) == sorted(_edges(reg))
        assert len(lines) == 1 + len(nodes) + len(edges)

    def test_isolated_agreements_are_optional(self) -> None:
        """Agreements with no relation appear only with include_isolated."""
        agreements = [_agreement("a", "A", "b"), _agreement("b"), _agreement("lonely")]
        assert '"lonely"' not in mermaid(agreements)
        assert '"lonely"' in mermaid(agreements, include_isolated=True)

    def test_unknown_target_is_a_node(self) -> None:
        """A target outside the given agreements still gets a node."""
        text = mermaid([_agreement("a", "A", "elsewhere")])
        assert 'a1["elsewhere"]' in text
        assert 'a0 -->|"amends"| a1' in text

    def test_titles_are_escaped(self) -> None:
        """No title character can close a label or start markup."""
        text = mermaid([_agreement("a", HOSTILE, "a2"), _agreement("a2")], labels="title")
        label = re.search(r'a0\["(.*)"\]', text)
        assert label is not None
        assert not set(label[1]) & set('"[]<>\n&|')
        assert "#34;" in label[1]
        assert "#60;b#62;" in label[1]

    def test_escape_keeps_plain_text(self) -> None:
        """Plain ids and words pass through unchanged."""
        assert mermaid_escape("ru-so-2017-units.entry (RU, XSO)") == (
            "ru-so-2017-units.entry (RU, XSO)"
        )


class TestDot:
    def test_nodes_and_labelled_edges(self, reg: Registry) -> None:
        """A node per related agreement and an edge per relation, labelled with its type."""
        text = dot(reg)
        assert text.startswith("digraph treatyreg {\n")
        assert text.endswith("}\n")
        nodes = dict(re.findall(r'^    (a\d+) \[label="([^"]*)"', text, re.MULTILINE))
        edges = re.findall(r'^    (a\d+) -> (a\d+) \[label="([^"]*)"\];$', text, re.MULTILINE)
        assert sorted((nodes[s], t, nodes[d]) for s, d, t in edges) == sorted(_edges(reg))

    def test_titles_are_escaped(self) -> None:
        """Quotes, backslashes and line breaks cannot end a string or the line."""
        text = dot([_agreement("a", HOSTILE)], labels="title", include_isolated=True)
        [node] = [line for line in text.splitlines() if line.startswith("    a0 ")]
        assert '\\"hi\\"' in node
        assert "\\\\N" in node
        assert "\\nnext line" in node
        unescaped_quotes = re.sub(r"\\.", "", node).count('"')
        assert unescaped_quotes == 4  # the label's and the tooltip's own quotes

    def test_escape(self) -> None:
        """Backslash first, then quotes, then every kind of line break."""
        assert dot_escape('a\\b"c\r\nd\re\nf') == 'a\\\\b\\"c\\nd\\ne\\nf'

    @pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
    def test_graphviz_reads_it(self, reg: Registry) -> None:
        """Graphviz parses the output, hostile titles included, and keeps the text."""
        agreements = [*reg, _agreement("hostile", HOSTILE, "ru-so-2008-friendship")]
        result = subprocess.run(
            ["dot", "-Tsvg"],
            input=dot(agreements, labels="title"),
            capture_output=True,
            text=True,
            check=True,
        )
        assert "He said &quot;hi&quot; ]) &#45;&#45;&gt; &lt;b&gt;x&lt;/b&gt;" in result.stdout
