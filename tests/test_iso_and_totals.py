"""Party ids that cannot be mistaken (TR221, from ISO 3166-1 as pycountry ships it),
reported totals as they were said, coverage like with like, claims about places."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import treatyreg
from treatyreg import Registry

from .conftest import MINIMAL

ROOT = Path(__file__).parents[1]


def test_the_iso_table_is_pycountrys() -> None:
    """The committed table is what docs/gen_iso3166.py renders from pycountry's data."""
    pytest.importorskip("pycountry")
    import importlib.util

    spec = importlib.util.spec_from_file_location("gen", ROOT / "docs" / "gen_iso3166.py")
    assert spec is not None
    assert spec.loader is not None
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    committed = json.loads((ROOT / "src" / "treatyreg" / "_iso3166.json").read_text())
    rendered = json.loads(gen.render())
    if committed["pycountry"] != rendered["pycountry"]:
        pytest.skip(
            f"pycountry {rendered['pycountry']} here; the table is from {committed['pycountry']}"
        )
    assert committed == rendered


def _validate(text: str) -> list[str]:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "r.yaml"
        path.write_text(text, encoding="utf-8")
        return [f"{d.code} {d.message}" for d in treatyreg.validate(path)]


@pytest.mark.parametrize(
    ("party", "flagged"),
    [
        ("{id: SO, name: Republic of South Ossetia}", True),  # Somalia's code
        ("{id: SOM, name: South Ossetia}", True),
        ("{id: AB, name: Abkhazia}", False),  # AB is no ISO code
        ("{id: XSO, name: Republic of South Ossetia}", False),  # a user-assigned code
        ("{id: RU, name: Russia}", False),  # Russia's own code, by its name
        ("{id: RUS, name: Russian Federation}", False),
        ("{id: US, name: United States}", False),
        ("{id: GE, name: Sakartvelo, identifiers: ['iso3166:GEO']}", False),  # says so
        ("{id: GE, name: Georgia, identifiers: ['iso3166:USA']}", True),  # says another
        ("{id: de, name: Deutschland}", True),  # any case; a name ISO does not list
    ],
)
def test_a_party_id_that_is_another_states_iso_code(party: str, flagged: bool) -> None:
    found = _validate("treatyreg: 1\nparties:\n  - " + party + "\n")
    assert any(f.startswith("TR221 ") for f in found) is flagged, found
    if flagged:
        assert "ISO 3166-1 code of" in found[0]


def test_the_bundled_data_has_no_iso_collision() -> None:
    assert treatyreg.validate(treatyreg.loading.default_path()) == []
    reg = treatyreg.load_default()
    assert {p.id for p in reg.parties} >= {"RUS", "XSO", "XAB"}
    assert "iso3166:RUS" in reg.party("Russia").identifiers
    assert reg.by_identifier("wikidata:Q23427").id == "XSO"  # type: ignore[union-attr]


TOTALS = (
    MINIMAL
    + """reported_totals:
  - {parties: [RU, XSO], count: 1, qualifier: exactly, as_of: 2017-04-01, sources: [s1]}
  - {parties: [RU, XSO], count: 2, qualifier: at_least, as_of: 2019-12-17, sources: [s1]}
  - {parties: [RU, XSO], count: 4, approximate: true, as_of: 2019-12-16, sources: [s1],
     counted: in_force}
  - {parties: [RU, XSO], count: 1, as_of: 2019-12-17, counted: in_force, sources: [s1]}
"""
)


def test_totals_as_said_and_coverage_like_with_like() -> None:
    """'83', 'over 130' and 'about 100' are different claims; a total of agreements in
    force is compared with those in force on its day, not with all ever signed."""
    reg = treatyreg.loads(TOTALS)
    said = [c.total.said for c in reg.coverage()]
    assert said == ["1", "over 2", "about 4 in force", "1 in force"]
    held = [c.held for c in reg.coverage()]
    # units: signed 2017-03-31, in force from ../2019-12-17 (certain on 2019-12-17)
    assert held == [1, 1, 0, 1]
    shares = [c.share_text for c in reg.coverage()]
    assert shares == ["100%", "≤50%", "~0%", "100%"]


def test_a_claim_may_name_another_place(tmp_path: Path) -> None:
    text = MINIMAL.replace(
        "        place: Moscow\n",
        "        place: Moscow\n        alternatives:\n"
        "          - {date: 2017-03-30, place: Sukhum, sources: [s1], note: another report}\n",
    )
    reg = treatyreg.loads(text)
    claim = reg["units"].events[0].alternatives[0]
    assert (claim.place, str(claim.date)) == ("Sukhum", "2017-03-30")
    assert treatyreg.loads(treatyreg.dumps(reg)) == reg


def test_level_is_one_of_three(tmp_path: Path) -> None:
    good = MINIMAL.replace(
        "    kind: agreement\n", "    kind: agreement\n    level: government\n", 1
    )
    assert treatyreg.loads(good)["units"].level == "government"
    bad = tmp_path / "r.yaml"
    bad.write_text(good.replace("level: government", "level: ministry"))
    assert [d.code for d in treatyreg.validate(bad)] == ["TR104"]


def test_the_coverage_picture(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    from treatyreg.plot import coverage

    reg: Registry = treatyreg.loads(TOTALS)
    fig = coverage(reg, on="2020-01-01")
    markers = [line.get_marker() for line in fig.axes[0].get_lines() if line.get_xdata().size == 1]
    assert sorted(markers) == sorted(["s", "^", "o", "s"])
    assert "as of 2020-01-01" in fig.get_supxlabel()
