"""Titles in the language of the text (`titles: {ru: ...}`): reading, checks, writing,
lookups by any title (case and `ё` aside), and every output that shows or exports them."""

from __future__ import annotations

import csv
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import treatyreg
from treatyreg import Agreement, Registry
from treatyreg._fileformat import language_problem
from treatyreg.publish import export
from treatyreg.writing import dumps

RU = "Договор о дружбе, сотрудничестве и взаимной помощи"
SMALL = f"""treatyreg: 1
parties:
  - {{id: RUS, name: Russia}}
  - {{id: XAB, name: Abkhazia}}
sources:
  - {{id: s, title: A page}}
agreements:
  - id: friendship
    title: Treaty of Friendship, Cooperation and Mutual Assistance
    titles: {{ru: "{RU}", ab: "Аҩнгыларатә еилагылара"}}
    kind: treaty
    parties: [RUS, XAB]
    sources: [s]
  - id: tax
    title: Agreement on avoiding double taxation
    titles: {{ru: "Соглашение об объёме налогов"}}
    kind: agreement
    parties: [RUS, XAB]
    sources: [s]
"""


@pytest.fixture(scope="module")
def small() -> Registry:
    return treatyreg.loads(SMALL)


def _problems(text: str, folder: Path) -> list[str]:
    """`validate`'s problems of a registry's text, as `line:col code message`."""
    path = folder / "r.yaml"
    path.write_text(text, encoding="utf-8")
    return [f"{d.line}:{d.column} {d.code} {d.message}" for d in treatyreg.validate(path)]


def _with_titles(titles: str) -> str:
    return SMALL.replace(f'{{ru: "{RU}", ab: "Аҩнгыларатә еилагылара"}}', titles)


class TestReading:
    def test_titles_are_read_in_file_order(self, small: Registry) -> None:
        """Each title is a (language tag, title) pair, as the file gives them."""
        a = small["friendship"]
        assert a.titles == (("ab", "Аҩнгыларатә еилагылара"), ("ru", RU))  # by tag
        assert a.title_in("RU") == RU
        assert a.title_in("os") is None

    def test_writing_reads_back(self, small: Registry) -> None:
        """`dumps` writes titles as a flow mapping that reads back as the same registry."""
        text = dumps(small)
        assert f'titles: {{ab: "Аҩнгыларатә еилагылара", ru: "{RU}"}}' in text
        assert treatyreg.loads(text) == small

    @pytest.mark.parametrize(
        ("titles", "expected"),
        [
            ("{russian language: x}", "TR225 language tag 'russian language' in `titles`: not"),
            ("{ru: x, RU: y}", "TR225 language tag 'ru' in `titles`: the language 'RU' has"),
            ("{de-1901-1901: x}", "TR225 language tag 'de-1901-1901' in `titles`: the variant"),
            ("{i-klingon: x}", "TR225 language tag 'i-klingon' in `titles`: not a BCP 47"),
            ('{ru: ""}', "TR102 `titles` is empty"),
            ('{ru: "a\\u202eb"}', "TR222 `titles` holds the character U+202E"),
            ("{ru: [a]}", "TR102 `titles` must be text, not a list"),
            ("Договор", "TR102 `titles` must be a mapping of language tags to text"),
            (
                '{en: "Treaty of Friendship, Cooperation and Mutual Assistance"}',
                "TR226 the `en` title repeats `title`",
            ),
        ],
    )
    def test_problems_are_reported_where_they_are(
        self, titles: str, expected: str, tmp_path: Path
    ) -> None:
        """Each problem of `titles` is reported at its line and the tag or value's column."""
        found = _problems(_with_titles(titles), tmp_path)
        assert len(found) == 1, found
        at, rest = found[0].split(" ", 1)
        assert at.startswith("10:")
        assert int(at.split(":")[1]) >= 13  # inside the mapping, not at the record
        assert rest.startswith(expected)

    def test_a_registry_built_in_python_is_checked_too(self) -> None:
        """The same rules hold for agreements built in Python."""
        base = treatyreg.loads(SMALL)
        a = Agreement("x", "X", "treaty", ("RUS", "XAB"), sources=("s",), titles=(("ru ", "Y"),))
        reg = Registry([a], base.parties, base.sources)
        assert [d.code for d in reg.check()] == ["TR225"]


@pytest.mark.parametrize(
    "tag",
    ["ru", "os", "ab", "RU", "sr-Latn", "sr-Latn-RS", "es-419", "zh-yue-HK", "de-CH-1901",
     "sl-rozaj-biske", "en-a-bbb-x-ccc", "x-whatever", "art-lojban", "tlh", "hy-Latn-IT-arevela"],
)  # fmt: skip
def test_well_formed_tags(tag: str) -> None:
    """RFC 5646's examples (appendix A) and the tags this registry needs are well formed."""
    assert language_problem(tag) is None


@pytest.mark.parametrize(
    "tag",
    ["", "r", "ru_RU", "ru-", "-ru", "de-419-DE", "a-DE", "ar-a-aaa-b-bbb-a-ccc", "en-GB-oed",
     "ru RU", "russian-language-tag", "ru\n", "ру"],
)  # fmt: skip
def test_malformed_tags(tag: str) -> None:
    """What RFC 5646 (2.1, 2.2.9, appendix A) does not call well formed is refused."""
    assert language_problem(tag) is not None


# Russian words in any case, with or without the dots on ё: what lookups fold.
_words = st.text(alphabet="абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВЕЁЖЗ", min_size=1, max_size=8)
_titles = st.lists(_words, min_size=1, max_size=4).map(" ".join)


def _reference(text: str) -> str:
    """A brute-force key: lower case, `ё` as `е`, runs of spaces as one."""
    return " ".join(text.lower().replace("ё", "е").split())


def _vary(draw: st.DrawFn, text: str) -> str:
    """The same title as a person might type it: case and ё/е changed letter by letter."""
    out = []
    for char in text:
        if char.lower() in "её":
            char = draw(st.sampled_from("еёЕЁ"))
        elif draw(st.booleans()):
            char = char.swapcase()
        out.append(char)
    return "".join(out)


@st.composite
def _registries(draw: st.DrawFn) -> tuple[Registry, str]:
    """A registry whose agreements have Russian titles, and one of them as a person types it."""
    titles = draw(st.lists(_titles, min_size=1, max_size=5))
    base = treatyreg.loads(SMALL)
    agreements = [
        Agreement(f"a{i}", f"Agreement {i}", "agreement", ("RUS", "XAB"), sources=("s",),
                  titles=(("ru", t),))
        for i, t in enumerate(titles)
    ]  # fmt: skip
    query = _vary(draw, draw(st.sampled_from(titles)))
    return Registry(agreements, base.parties, base.sources), query


@given(_registries())
def test_lookup_finds_a_russian_title_as_a_scan_does(case: tuple[Registry, str]) -> None:
    """`agreement(name)` finds the agreement with that Russian title, whatever its case and
    dots; several with it are ambiguous, as a scan of every title says."""
    reg, query = case
    scan = [a.id for a in reg if any(_reference(t) == _reference(query) for _, t in a.titles)]
    assert scan
    if len(scan) == 1:
        assert reg.agreement(query).id == scan[0]
    else:
        with pytest.raises(treatyreg.AmbiguousNameError):
            reg.agreement(query)


@given(_registries(), st.integers(0, 6), st.integers(1, 6))
def test_filter_text_matches_a_scan(case: tuple[Registry, str], start: int, size: int) -> None:
    """`filter(text=...)` with part of a title, typed any way, finds what a scan finds."""
    reg, query = case
    part = query[start : start + size] or query

    def fold(text: str) -> str:  # lower case and ё as е; spaces as written
        return text.lower().replace("ё", "е")

    texts = {a.id: (a.title, *(t for _, t in a.titles)) for a in reg}
    scan = [i for i, found in texts.items() if any(fold(part) in fold(t) for t in found)]
    assert list(reg.filter(text=part).ids) == scan


def test_lookups_fold_yo_and_case(small: Registry) -> None:
    """The tax agreement's title has `ё`: found as written with `е`, in capitals."""
    assert small.agreement("СОГЛАШЕНИЕ ОБ ОБЪЕМЕ НАЛОГОВ").id == "tax"
    assert small.filter(text="объем").ids == ("tax",)
    assert small.filter(text="ОБЪЁМ").ids == ("tax",)
    assert small.filter(text="дружбе").ids == ("friendship",)


class TestOutputs:
    def test_dataframe_and_card(self, small: Registry) -> None:
        """The DataFrame has a `titles` column of mappings; the card shows each title."""
        pytest.importorskip("pandas")
        from treatyreg.display import agreement_html
        from treatyreg.frames import to_dataframe

        df = to_dataframe(small).set_index("id")
        titles = [json.loads(cell)["ru"] for cell in df.titles]
        assert titles == [RU, "Соглашение об объёме налогов"]
        html = agreement_html(small, small["friendship"])
        assert f"<div lang='ru'>{RU}</div>" in html

    def test_exports(self, small: Registry, tmp_path: Path) -> None:
        """JSON, CSV (a JSON object in the cell), SQLite (searchable), Parquet (a map) and
        the data package all carry the titles."""
        export(small, "json", tmp_path / "r.json")
        rows = json.loads((tmp_path / "r.json").read_text())["tables"]["agreements"]
        assert rows[0]["titles"] == {"ab": "Аҩнгыларатә еилагылара", "ru": RU}

        export(small, "csv", tmp_path / "csv")  # the folder's name says the format
        with (tmp_path / "csv" / "agreements.csv").open(encoding="utf-8") as handle:
            cells = [json.loads(r["titles"]) for r in csv.DictReader(handle)]
        assert cells == [dict(a.titles) for a in small]

        export(small, "sqlite", tmp_path / "r.db")
        with sqlite3.connect(tmp_path / "r.db") as db:
            (found,) = db.execute(
                "select id from agreements where rowid in "
                "(select rowid from agreements_fts where agreements_fts match 'дружбе')"
            ).fetchall()
        assert found == ("friendship",)

        pq = pytest.importorskip("pyarrow.parquet")
        export(small, "parquet", tmp_path / "pq")
        table = pq.read_table(tmp_path / "pq" / "agreements.parquet")
        assert dict(table.column("titles").to_pylist()[1]) == {"ru": "Соглашение об объёме налогов"}

        export(small, "datapackage", tmp_path / "dp")
        package = json.loads((tmp_path / "dp" / "datapackage.json").read_text())
        [agreements] = [r for r in package["resources"] if r["name"] == "agreements"]
        [field] = [f for f in agreements["schema"]["fields"] if f["name"] == "titles"]
        assert field["type"] == "object"


EXE = shutil.which("treatyreg", path=str(Path(sys.executable).parent)) or "treatyreg"


@pytest.mark.slow
def test_the_cli_finds_and_shows_a_russian_title(tmp_path: Path) -> None:
    """`show` takes a Russian title typed with `е` for `ё` and shows the titles; `list
    --text` finds a word of one."""
    path = tmp_path / "r.yaml"
    path.write_text(SMALL, encoding="utf-8")

    def run(*args: str) -> str:
        done = subprocess.run(
            [EXE, *args, "--data", str(path), "--no-cache"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    shown = run("show", "соглашение об объеме налогов")
    assert "title ru: Соглашение об объёме налогов" in shown
    assert "tax" in run("list", "--text", "ОБЪЕМ")
