"""Tests for treatyreg._convert: values converted by the schema, never by YAML 1.1 rules."""

from __future__ import annotations

import functools
import re
from typing import Any

import attrs
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

import treatyreg
from treatyreg import strategies
from treatyreg._convert import Converted, convert
from treatyreg._reading import Limits

from .conftest import MINIMAL


def problems(text: str) -> list[tuple[int, str, str | None]]:
    try:
        treatyreg.loads(text)
    except treatyreg.ValidationError as error:
        return [(d.line, d.code, d.hint) for d in error.diagnostics]
    return []


def test_norway_stays_text() -> None:
    """A party with id NO is Norway, not False."""
    reg = treatyreg.loads("treatyreg: 1\nparties:\n  - {id: NO, name: Norway, aliases: [no]}\n")
    assert reg.party("no").id == "NO"


@pytest.mark.parametrize(
    ("line", "code", "hint"),
    [
        ("    title: 2009", "TR102", "quote it: '2009'"),
        ("    title: true", "TR102", "quote it: 'true'"),
        ("    title: ~", "TR102", "give a value or remove the key"),
        ("    title: [a, b]", "TR102", None),
        ('    title: "   "', "TR102", "give a value or remove the key"),
    ],
)
def test_text_that_editors_read_otherwise(line: str, code: str, hint: str | None) -> None:
    """Text fields refuse plain scalars a YAML 1.2 editor would read as something else."""
    text = MINIMAL.replace("    title: Agreement on the entry of units", line)
    [(n, c, h)] = problems(text)
    assert (n, c, h) == (15, code, hint)


@pytest.mark.parametrize(
    ("total", "code"),
    [
        ('count: "130"', "TR102"),
        ("count: -1", "TR102"),
        ("count: 1.5", "TR102"),
        ("approximate: yes", "TR102"),
        ("approximate: 1", "TR102"),
    ],
)
def test_numbers_and_booleans(total: str, code: str) -> None:
    """Counts are plain whole numbers; booleans are true/false (not YAML 1.1's yes/no)."""
    base = {"count": "count: 130", "approximate": "approximate: true"}
    key = total.split(":")[0]
    base[key] = total
    text = (
        MINIMAL + "reported_totals:\n  - parties: [RU, XSO]\n    as_of: 2023\n"
        f"    sources: [s1]\n    {base['count']}\n    {base['approximate']}\n"
    )
    assert [c for _, c, _ in problems(text)] == [code]


def test_yes_hint() -> None:
    """`yes` gets the hint that it is text in YAML 1.2."""
    text = (
        MINIMAL + "reported_totals:\n  - {parties: [RU], as_of: 2023, sources: [s1], "
        "count: 1, approximate: yes}\n"
    )
    [(_, _, hint)] = problems(text)
    assert hint is not None
    assert "'yes' is text in YAML 1.2" in hint


def test_empty_list_keys() -> None:
    """An empty `relations:` is an empty list; an empty `parties:` list is too few."""
    assert MINIMAL.endswith("\n    sources: [s1]\n")
    with_empty = MINIMAL.removesuffix("    sources: [s1]\n") + "    relations:\n    sources: [s1]\n"
    assert problems(with_empty) == []
    assert [c for _, c, _ in problems(MINIMAL.replace("parties: [RU, XSO]", "parties: []"))] == [
        "TR101"
    ]


def test_version() -> None:
    """Another format version is refused with what this treatyreg reads."""
    [(line, code, hint)] = problems(MINIMAL.replace("treatyreg: 1", "treatyreg: 2"))
    assert (line, code, hint) == (1, "TR106", "this treatyreg reads version 1")


def test_missing_version_still_reports_records() -> None:
    """A missing version does not hide the records' own problems."""
    text = MINIMAL.replace("treatyreg: 1\n", "").replace("kind: agreement", "kind: agrement")
    assert sorted(c for _, c, _ in problems(text)) == ["TR101", "TR104"]


def test_not_a_mapping() -> None:
    """A file whose document is a list gets one clear diagnostic."""
    assert [c for _, c, _ in problems("- a\n- b\n")] == ["TR102"]


@pytest.mark.parametrize("key", ["count", "treatyreg"])
def test_huge_numbers(key: str) -> None:
    """A number too long for Python's int() is a TR102 diagnostic, not a traceback or a
    silently dropped record."""
    digits = "9" * 5000
    if key == "count":
        text = (
            MINIMAL + "reported_totals:\n  - {parties: [RU, XX], as_of: 2023, "
            f"sources: [s1], count: {digits}}}\n"
        )
        assert sorted(c for _, c, _ in problems(text)) == ["TR102", "TR201"]
    else:
        assert [
            c for _, c, _ in problems(MINIMAL.replace("treatyreg: 1", f"treatyreg: {digits}"))
        ] == ["TR102"]


# -- one stream: aliases replayed, merge keys applied, as written out in full --------------


def _convert(text: str) -> Converted:
    return convert(text.encode(), "t.yaml")


def _replayed(text: str) -> Converted:
    """`text` read through the stream that replays aliases and applies merge keys (a first
    comment line with `<<` in it sends any text there), its diagnostics one line up."""
    out = _convert("# <<\n" + text)
    up = functools.partial(re.sub, r"line (\d+)", lambda m: f"line {int(m[1]) - 1}")
    out.diagnostics = [
        attrs.evolve(d, line=d.line - 1, hint=d.hint and up(d.hint)) for d in out.diagnostics
    ]
    return out


def _same(one: Converted, other: Converted) -> None:
    assert sorted(map(str, one.diagnostics)) == sorted(map(str, other.diagnostics))
    assert one.parties == other.parties
    assert one.sources == other.sources
    assert one.agreements == other.agreements
    assert one.reported_totals == other.reported_totals


def _shared(data: Any, seen: dict[str, Any]) -> Any:
    """`data` with every repeated list or mapping one shared object, so that PyYAML's
    dumper writes the repeats as aliases of the first."""
    if isinstance(data, dict):
        data = {k: _shared(v, seen) for k, v in data.items()}
    elif isinstance(data, list):
        data = [_shared(v, seen) for v in data]
    else:
        return data
    return seen.setdefault(repr(data), data)


def _with_aliases(text: str) -> str:
    """The same registry written by PyYAML with anchors and aliases for repeated values."""
    data = yaml.load(text, Loader=yaml.BaseLoader)  # every scalar as text
    data["treatyreg"] = int(data["treatyreg"])
    for total in data.get("reported_totals", ()):
        total["count"] = int(total["count"])
        if "approximate" in total:
            total["approximate"] = total["approximate"] == "true"
    out: str = yaml.dump(_shared(data, {}), Dumper=_Quoting, allow_unicode=True, width=10_000)
    return out


class _Quoting(yaml.SafeDumper):
    """Every text double-quoted: PyYAML's YAML 1.1 rules leave some 1.2 numbers plain."""


_Quoting.add_representer(
    str, lambda dumper, text: dumper.represent_scalar("tag:yaml.org,2002:str", text, style='"')
)


@given(strategies.registries())
def test_aliases_replayed_on_valid_files(reg: treatyreg.Registry) -> None:
    """On any valid registry, the file PyYAML writes with aliases for its repeated values
    converts to the same records as the file written out in full."""
    text = treatyreg.dumps(reg)
    full, shared = _convert(text), _convert(_with_aliases(text))
    _same(full, shared)
    assert full.diagnostics == []


def test_aliases_are_written_by_the_oracle() -> None:
    """The test above does read aliases: the bundled registry comes out with many."""
    text = _with_aliases(treatyreg.dumps(treatyreg.load_default()))
    assert text.count(": *id") > 20
    _same(_convert(text), _convert(treatyreg.dumps(treatyreg.load_default())))


@given(st.data())
def test_replaying_stream_on_broken_files(data: st.DataObject) -> None:
    """On a valid file with lines broken by YAML punctuation, the stream that replays
    aliases reports the same problems at the same places and keeps the same records as
    libyaml's own stream."""
    lines = MINIMAL.splitlines(keepends=True)
    for _ in range(data.draw(st.integers(1, 4))):
        i = data.draw(st.integers(0, len(lines) - 1))
        cut = data.draw(st.integers(0, len(lines[i])))
        piece = data.draw(st.sampled_from(BREAKS))
        lines[i] = lines[i][:cut] + piece + lines[i][cut:]
    text = "".join(lines)
    _same(_convert(text), _replayed(text))


BREAKS = [":", "[", "]", "{", "}", "- ", "  ", "? ", "!!int ", "!x ", "~", "2009", "'", '"']
BREAKS += ["NO", "x: 1\n", "a: [b]\n", "\n  - ", "---\n", "#", "? [a]\n: b\n", "{a: 1, a: 2}"]


def test_aliases_and_merge_keys_load_as_written_out() -> None:
    """A registry sharing values through anchors, aliases and a merge key loads exactly
    as the same registry written out in full."""
    # the first event's sources are anchored; every later `sources: [s1]` is an alias
    shared = MINIMAL.replace("    sources: [s1]\n", "    sources: *s\n").replace(
        "place: Moscow\n        sources: *s\n", "place: Moscow\n        sources: &s [s1]\n"
    )
    assert shared.count("*s") == 3
    assert treatyreg.loads(shared).agreements == treatyreg.loads(MINIMAL).agreements
    merged = MINIMAL.replace(
        "      - action: ratified\n        party: XSO\n",
        "      - <<: {action: ratified, party: XSO}\n",
    )
    assert treatyreg.loads(merged).agreements == treatyreg.loads(MINIMAL).agreements


def test_alias_late_in_the_file() -> None:
    """An alias met after records were converted: replayed in the same pass, and nothing
    is reported twice."""
    text = (
        MINIMAL + "reported_totals:\n  - {parties: [RU, XSO], as_of: 2023, sources: [s1], "
        "count: 1, note: &n a note}\n  - {parties: [RU], as_of: 2023, sources: [s1], count: 2, "
        "note: *n, count: 3}\n"
    )
    result = convert(text.encode(), "t.yaml")
    assert [(d.code, d.line) for d in result.diagnostics] == [("TR006", 34)]
    assert [t.note for t in result.reported_totals] == ["a note", "a note"]


# -- found in review of the one-pass reader ---------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        MINIMAL + "reported_totals: !!python/object/apply:os.system\n",
        "!!python/none\n",
        "--- !!python/object:os.system\n",
    ],
)
def test_tag_on_an_empty_value_is_refused(text: str) -> None:
    """A tag on a value left empty is still refused, by either stream."""
    found = _convert(text)
    assert "TR007" in [d.code for d in found.diagnostics]
    _same(found, _replayed(text))


def _places(text: str) -> list[tuple[str, int, int]]:
    try:
        treatyreg.loads(text)
    except treatyreg.ValidationError as error:
        return [(d.code, d.line, d.column) for d in error.diagnostics]
    return []


@pytest.mark.parametrize("newline", ["\r", "\r\n", "\n"])
def test_positions_with_any_line_break(newline: str) -> None:
    """Cross-record diagnostics are placed as git counts lines (only LF ends one: a file of
    lone CRs is one line), with aliases in the file or not."""
    text = MINIMAL.replace("parties: [RU, XSO]", "parties: [RU, XX]").replace("\n", newline)
    anchored = text.replace("kind: agreement", "kind: &k agreement")
    for case in (text, anchored):
        expected = [("TR201", 17, 19), ("TR204", 25, 16)]
        if newline == "\r":
            at = [case.index("XX]") + 1, case.index("party: XSO") + len("party: ") + 1]
            expected = [("TR201", 1, at[0]), ("TR204", 1, at[1])]
        assert _places(case) == expected


def test_a_key_that_looks_like_the_complex_key_stand_in() -> None:
    """A real key "\\0complex" is an unknown key, with aliases in the file too."""
    text = MINIMAL.replace("kind: agreement", "kind: &k agreement") + '"\\0complex": x\n'
    assert [d.code for d in convert(text.encode(), "t.yaml").diagnostics] == ["TR100"]


@pytest.mark.parametrize(
    "text",
    [
        MINIMAL.replace(
            "    name: Russian Federation\n",
            "    name: Russian Federation\n    '<<': {a: 1}\n    <<: {notes: hi}\n",
        ),
        "treatyreg: 1\ntreatyreg: [a, b\n",
    ],
)
def test_paths_agree_on_review_cases(text: str) -> None:
    """A quoted '<<' before a merge key; a duplicate key whose value has a syntax error."""
    _same(_convert(text), _replayed(text))


def test_quoted_merge_key_is_a_key() -> None:
    """A quoted '<<' is an unknown key; the plain one after it merges its mapping."""
    text = MINIMAL.replace(
        "    name: Russian Federation\n",
        "    name: Russian Federation\n    '<<': {a: 1}\n    <<: {notes: hi}\n",
    )
    found = _convert(text)
    assert [(d.code, d.line) for d in found.diagnostics] == [("TR100", 5)]
    assert found.parties[0].notes == "hi"


def test_a_long_list_with_duplicates() -> None:
    """A list's duplicates are found with a set: a warning for each repeat, in file order."""
    ids = [f"p{i}" for i in range(20_000)]
    text = MINIMAL.replace("aliases: [Russia]", f"aliases: [{', '.join(ids + ids[:3])}]")
    warnings = [d for d in convert(text.encode(), "t.yaml").diagnostics if d.code == "TR107"]
    assert [d.message.split()[0] for d in warnings] == ["'p0'", "'p1'", "'p2'"]


@pytest.mark.parametrize("alias", ["", "a: &k x\nb: *k\n"])
def test_too_many_problems(alias: str) -> None:
    """A file of mistakes is read up to Limits.max_problems, then refused with TR008, on
    libyaml's own stream and (with an alias) the replaying one; the problems before it are
    kept."""
    text = "treatyreg: 1\n" + alias + "".join(f"k{i}: 1\n" for i in range(50))
    found = convert(text.encode(), "t.yaml", Limits(max_problems=5)).diagnostics
    assert [d.code for d in found] == ["TR100"] * 5 + ["TR008"]
    assert found[-1].message == "stopped reading the file after 5 problems"


def test_many_problems_stop_at_the_default_limit() -> None:
    """20,000 unknown keys give 10,000 diagnostics and the TR008 that says why no more."""
    text = "treatyreg: 1\n" + "".join(f"k{i}: 1\n" for i in range(20_000))
    found = convert(text.encode(), "t.yaml").diagnostics
    assert len(found) == Limits().max_problems + 1
    assert found[-1].code == "TR008"


@pytest.mark.parametrize("odd", ["\u2028", "\u2029", "\x85"])
def test_positions_count_lines_as_git_does(odd: str) -> None:
    """A raw line separator inside a quoted value is not a line end for git: the problems
    after it keep the lines git and GitHub show, from the reader and from the checks."""
    text = (
        MINIMAL.replace("title: A report", f'title: "A{odd}report"').replace(
            "parties: [RU, XSO]", "parties: [RU, XX]"
        )
        + "extra: 1\n"
    )
    lines = text.split("\n")
    where = {
        "TR201": next(i for i, t in enumerate(lines, 1) if "XX" in t),
        "TR100": next(i for i, t in enumerate(lines, 1) if t.startswith("extra")),
    }
    found = {d.code: d.line for d in _diagnostics_of(text)}
    assert {code: found.get(code) for code in where} == where


def _diagnostics_of(text: str) -> list[treatyreg.Diagnostic]:
    try:
        treatyreg.loads(text)
    except treatyreg.ValidationError as error:
        return list(error.diagnostics)
    return []


def test_name_clash_is_placed_at_the_name() -> None:
    """TR212 points at the alias that clashes, not at the party's first line."""
    text = MINIMAL.replace("aliases: [South Ossetia, Tskhinvali Region]", "aliases: [Russia]")
    [problem] = _diagnostics_of(text)
    assert (problem.code, problem.line, problem.column) == ("TR212", 8, 15)


@pytest.mark.parametrize("invisible", ["\u200b", "\u202e", "\u2066", "\ufeff", "\u00ad"])
def test_invisible_characters_in_names_are_refused(invisible: str) -> None:
    """A zero-width or bidi control character in a party's name is TR213, at the name."""
    text = MINIMAL.replace("name: Russian Federation", f'name: "Russian{invisible} Federation"')
    [problem] = _diagnostics_of(text)
    assert (problem.code, problem.line) == ("TR213", 4)
    assert f"U+{ord(invisible):04X}" in problem.message


def test_a_file_is_parsed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """A file with an alias, a merge key and a cross-record problem is parsed once as a
    whole; placing the problem parses again only the record it is in, from its start."""
    import treatyreg._convert as convert_module
    import treatyreg._reading as reading_module

    parsed: list[object] = []
    real = reading_module.parser

    def counting(text: Any) -> Any:
        parsed.append(text)
        return real(text)

    monkeypatch.setattr(reading_module, "parser", counting)
    monkeypatch.setattr(convert_module, "parser", counting)
    text = (
        MINIMAL.replace("kind: agreement", "kind: &k agreement")
        .replace("parties: [RU, XSO]", "parties: [RU, XX]")
        .replace("      - action: ratified\n", "      - <<: {action: ratified}\n")
        + "  - {id: other, title: T, kind: *k, parties: [RU], sources: [s1]}\n"
    )
    # an unknown party of the agreement, and of its event
    assert [d.code for d in _diagnostics_of(text)] == ["TR201", "TR204"]
    whole = [p for p in parsed if isinstance(p, str)]
    assert whole == [text]  # the whole text, once
    # then the two records, each from its own start
    assert [type(p).__name__ for p in parsed if not isinstance(p, str)] == ["_Tail"] * 2


# -- found in review of the one reader --------------------------------------------------


def test_anchor_after_a_flow_key_indicator() -> None:
    """`?&i id` anchors the key: the alias to it resolves."""
    text = "treatyreg: 1\nparties:\n  - {?&i id: RU, name: Russia, aliases: [*i]}\n"
    found = _convert(text)
    assert found.diagnostics == []
    assert found.parties[0].aliases == ("id",)


def test_an_anchor_no_alias_names_is_not_kept() -> None:
    """The events under an anchor are kept only when some alias may name it: an anchor
    around the whole registry costs no memory when nothing refers to it."""
    from treatyreg._reading import Limits as Bounds
    from treatyreg._reading import _Replaying, events

    text = MINIMAL.replace("agreements:\n", "agreements: &all\n") + "# *other\n"
    get, _ = events(text, "t.yaml", Bounds())
    assert isinstance(get, _Replaying)
    while get() is not None:
        pass
    assert get._log == []
    assert _convert(text).agreements == _convert(MINIMAL).agreements


def test_repeated_yaml_problems_count_once() -> None:
    """A duplicate key inside an anchored mapping, given again by 12,000 aliases, is one
    TR006, not 10,000 of them and a refusal."""
    text = MINIMAL + "x: &d {a: 1, a: 2}\ny: [" + ", ".join(["*d"] * 12_000) + "]\n"
    codes = [d.code for d in _convert(text).diagnostics]
    assert codes.count("TR006") == 1
    assert "TR008" not in codes


def test_a_tagged_merge_key_is_a_key() -> None:
    """`!!str <<` is the text "<<", an unknown key, not a merge key (as PyYAML reads it)."""
    text = MINIMAL.replace(
        "    name: Russian Federation\n",
        "    !!str <<: {notes: hi}\n    name: Russian Federation\n",
    )
    found = _convert(text)
    assert [d.code for d in found.diagnostics] == ["TR100"]
    assert found.parties[0].notes is None


def test_an_agreement_without_id_and_a_stranger_party() -> None:
    """An agreement with no id whose event names a non-party: diagnostics, no traceback."""
    text = MINIMAL.replace("  - id: units\n", "  - notes: X\n").replace(
        "parties: [RU, XSO]", "parties: [RU]"
    )
    assert sorted({code for _, code, _ in problems(text)}) == ["TR101", "TR204"]


@pytest.mark.parametrize("bad", ["\\x1b]8;;https://x\\x07", "\\u202e", "\\x9b", "\\x07"])
def test_urls_and_identifiers_refuse_what_a_terminal_acts_on(bad: str) -> None:
    """A control or bidi character in a url or an identifier is TR105: a link must not show
    one address and lead to another. (`bad` is a YAML escape, as a file would write it.)"""
    for text in (
        MINIMAL.replace("    published: 2017-03-31", f'    url: "https://e.org/{bad}"'),
        MINIMAL.replace("aliases: [Russia]", f'aliases: [Russia]\n    identifiers: ["un:1{bad}"]'),
    ):
        [problem] = _diagnostics_of(text)
        assert problem.code == "TR105"
