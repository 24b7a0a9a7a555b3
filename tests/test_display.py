"""Tests for treatyreg.display: HTML for Jupyter, escaped, with sources as links."""

from __future__ import annotations

import gc
import subprocess
import sys
from html.parser import HTMLParser

import pytest

import treatyreg
from treatyreg import (
    Action,
    Agreement,
    Claim,
    Diagnostic,
    Event,
    FuzzyDate,
    Party,
    Registry,
    Relation,
    RelationType,
    Severity,
    Source,
)
from treatyreg.display import (
    agreement_html,
    diagnostics_html,
    registry_html,
    registry_of,
    remember,
)

UNITS = "ru-so-2017-units-entry"
NASTY = "<script>alert('x')</script> & \"quoted\""


@pytest.fixture(scope="module")
def reg() -> Registry:
    """The bundled registry."""
    return treatyreg.load_default()


class _Collect(HTMLParser):
    """The tags, links and text of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.hrefs: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.hrefs += [v or "" for k, v in attrs if k == "href"]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(fragment: str) -> _Collect:
    """The fragment, parsed."""
    collect = _Collect()
    collect.feed(fragment)
    collect.close()
    return collect


@pytest.fixture
def hostile() -> Registry:
    """A registry whose every text tries to inject markup, with a javascript: url."""
    sources = [
        Source("good", NASTY, url="https://example.org/a?b=1&c=2"),
        Source("evil", NASTY, url="javascript:alert(1)"),
    ]
    parties = [Party("RU", NASTY), Party("XSO", "South Ossetia")]
    signed = Event(
        Action.SIGNED,
        FuzzyDate.parse("2017"),
        place=NASTY,
        sources=("good", "evil"),
        note=NASTY,
        alternatives=(Claim(FuzzyDate.parse("2016"), ("evil",), NASTY),),
    )
    target = Agreement("t", NASTY, "treaty", ("RU", "XSO"), events=(signed,), sources=("good",))
    a = Agreement(
        "a",
        NASTY,
        "agreement",
        ("RU", "XSO"),
        topics=("x",),
        events=(signed,),
        relations=(Relation(RelationType.DEVELOPS, "t", NASTY),),
        sources=("good",),
        aliases=(NASTY,),
        notes=NASTY,
    )
    return Registry([a, target], parties, sources)


class TestRegistryHtml:
    def test_a_row_per_agreement(self, reg: Registry) -> None:
        """A header row and one row per agreement, with every id."""
        html = registry_html(reg, on="2020-01-01", max_rows=len(reg))
        assert html.count("<tr>") == len(reg) + 1
        assert all(a.id in html for a in reg)
        counts = f"{len(reg)} agreements, {len(reg.parties)} parties, {len(reg.sources)} sources"
        assert counts in html

    def test_the_first_rows_and_how_many_more(self, reg: Registry) -> None:
        """Past `max_rows` the table stops and says how many agreements it left out."""
        shown = 10
        html = registry_html(reg, on="2020-01-01", max_rows=shown)
        assert html.count("<tr>") == shown + 2  # the header, the rows, "… and N more"
        assert f"… and {len(reg) - shown} more" in html
        assert all(a.id in html for a in list(reg)[:shown])

    def test_status_on_the_day(self, reg: Registry) -> None:
        """Statuses are those on `on`, shown as words."""
        before = registry_html([reg["ru-so-2008-friendship"]], on="2008-12-01")
        after = registry_html([reg["ru-so-2008-friendship"]], on="2010-01-01")
        assert ">signed<" in before
        assert ">in force<" in after
        assert "on 2008-12-01" in before

    def test_long_registry_is_cut(self, reg: Registry) -> None:
        """Past `max_rows`, it says how many more there are."""
        html = registry_html(reg, max_rows=3)
        assert html.count("<tr>") == 1 + 3 + 1
        assert f"and {len(reg) - 3} more" in html

    def test_escapes_everything(self, hostile: Registry) -> None:
        """No markup from the data gets through."""
        html = registry_html(hostile)
        assert "<script>" not in html
        assert "script" not in parse(html).tags


class TestAgreementHtml:
    def test_card_with_links(self, reg: Registry) -> None:
        """With a registry: party names, sources linked to their addresses, the notes."""
        html = agreement_html(reg, reg[UNITS], on="2020-01-01")
        found = parse(html)
        assert "https://tass.com/defense/986645" in found.hrefs
        assert "Republic of South Ossetia (XSO)" in html
        assert ">in force<" in html
        assert found.tags.count("tr") == len(reg[UNITS].events) + 1

    def test_conflicting_claims_and_uncertain_dates(self, reg: Registry) -> None:
        """Other sources' dates are shown; a range's bounds are in its tooltip."""
        html = agreement_html(reg, reg[UNITS])
        assert "conflicting claim" in html
        assert "2017-07-21" in html
        assert 'title="between open and 2019-12-17"' in html

    def test_relations_both_ways(self, reg: Registry) -> None:
        """Outgoing and incoming relations, with the agreement at the other end."""
        html = agreement_html(reg, reg["ru-so-2009-military-base"])
        assert "← develops from <code>ru-so-2010-unified-military-base</code>" in html
        out = agreement_html(reg, reg[UNITS])
        assert "continues → <code>ru-so-2015-alliance-integration</code>" in out

    def test_without_registry(self, reg: Registry) -> None:
        """Without a registry: ids stand in, nothing is linked, own relations only."""
        html = agreement_html(None, reg[UNITS])
        assert parse(html).hrefs == []
        assert "<code>tass-2018-01-24</code>" in html
        assert "continues → <code>ru-so-2015-alliance-integration</code>" in html

    def test_not_concluded(self) -> None:
        """No certain step yet: said in words."""
        a = Agreement("x", "X", "agreement", ("RU", "XSO"), sources=("s",))
        assert "not concluded" in agreement_html(None, a)

    def test_escapes_everything(self, hostile: Registry) -> None:
        """Every text is escaped; only http(s) addresses become links (and stay intact)."""
        html = agreement_html(hostile, hostile["a"])
        found = parse(html)
        assert "script" not in found.tags
        assert set(found.hrefs) == {"https://example.org/a?b=1&c=2"}
        assert NASTY in "".join(found.text)  # shown as text, intact


class TestDiagnosticsHtml:
    def test_table_of_problems(self) -> None:
        """Place, severity, code, message and hint; counts in the summary; all escaped."""
        problems = [
            Diagnostic("a.yaml", 3, 5, "TR100", Severity.ERROR, "unknown key '<b>'", "did you?"),
            Diagnostic("a.yaml", 9, 1, "TR107", Severity.WARNING, "repeated entry"),
        ]
        html = diagnostics_html(problems)
        assert "1 error(s), 1 warning(s)" in html
        assert "a.yaml:3:5" in html
        assert "&lt;b&gt;" in html
        assert "hint: did you?" in html
        assert "b" not in parse(html).tags

    def test_valid(self) -> None:
        """No diagnostics: says so, with no table."""
        html = diagnostics_html([])
        assert "valid" in html
        assert "<table" not in html

    def test_from_a_validation_error(self) -> None:
        """The diagnostics a ValidationError carries render, each with its position."""
        with pytest.raises(treatyreg.ValidationError) as caught:
            treatyreg.loads("treatyreg: 1\nagreements:\n  - id: x\n    titel: X\n", path="b.yaml")
        html = diagnostics_html(caught.value.diagnostics)
        assert all(f"b.yaml:{d.line}:{d.column}" in html for d in caught.value.diagnostics)


class TestRegistryOf:
    def test_finds_the_registry_that_holds_the_object(self, reg: Registry) -> None:
        """The registry that holds this very agreement object, not an equal one."""
        remember(reg)
        assert registry_of(reg[UNITS]) is reg
        copy = treatyreg.load_default()  # equal records, other objects
        assert registry_of(copy[UNITS]) is not reg

    def test_keeps_no_registry_alive(self) -> None:
        """Remembered registries are weak references: once gone, they are not found."""
        other = treatyreg.load_default()
        remember(other)
        agreement = other[UNITS]
        del other
        gc.collect()
        assert registry_of(agreement) is None


def test_import_is_light() -> None:
    """Importing treatyreg and its optional modules imports no pandas, matplotlib or numpy."""
    code = (
        "import sys, treatyreg, treatyreg.frames, treatyreg.plot, treatyreg.display, "
        "treatyreg.graph\n"
        "treatyreg.load_default()\n"
        "print(sorted(m for m in ('pandas', 'matplotlib', 'numpy') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
