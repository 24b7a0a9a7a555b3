"""Tests for treatyreg._schema: the JSON Schema is current, and agrees with treatyreg."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from check_jsonschema.parsers.yaml import construct_yaml_implementation, impl2loader
from hypothesis import given

import treatyreg
from treatyreg import Registry, strategies
from treatyreg._schema import json_schema

ROOT = Path(__file__).resolve().parents[1]
SCHEMA_FILE = ROOT / "schema" / "treatyreg-1.schema.json"
BIN = Path(sys.executable).parent
# check-jsonschema's own YAML loader (ruamel.yaml, YAML 1.2, timestamps kept as text)
yaml12_load = impl2loader(construct_yaml_implementation())
VALIDATOR = jsonschema.Draft202012Validator(json_schema())


def test_committed_schema_is_current() -> None:
    """schema/treatyreg-1.schema.json is what `treatyreg schema` prints now."""
    result = subprocess.run(
        [str(BIN / "treatyreg"), "schema"], capture_output=True, text=True, check=True
    )
    assert json.loads(SCHEMA_FILE.read_text()) == json.loads(result.stdout)


def test_schema_is_valid_draft_2020_12() -> None:
    """The generated schema is itself a valid JSON Schema."""
    jsonschema.Draft202012Validator.check_schema(json_schema())


def test_bundled_data_carries_the_modeline() -> None:
    """Editors find the schema through the yaml-language-server modeline."""
    first = (ROOT / "data" / "agreements.yaml").read_text().splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schema/treatyreg-1.schema.json"


def check_jsonschema(*files: Path) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("check-jsonschema", path=str(BIN)) or "check-jsonschema"
    return subprocess.run(
        [exe, "--schemafile", str(SCHEMA_FILE), *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_check_jsonschema_accepts_bundled_data() -> None:
    """The real check-jsonschema accepts data/agreements.yaml with the committed schema."""
    result = check_jsonschema(ROOT / "data" / "agreements.yaml")
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_jsonschema_rejects_unknown_keys(tmp_path: Path) -> None:
    """The schema is strict too: an unknown key fails check-jsonschema."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("treatyreg: 1\nparties:\n  - {id: RU, name: Russia, nmae: x}\n")
    result = check_jsonschema(bad)
    assert result.returncode == 1
    assert "nmae" in result.stdout


@given(strategies.registries())
def test_every_accepted_registry_passes_the_schema(reg: Registry) -> None:
    """Every registry treatyreg accepts, the schema accepts (read as YAML 1.2 editors do)."""
    text = treatyreg.dumps(reg)
    assert treatyreg.loads(text) == reg  # accepted by treatyreg
    document = yaml12_load(io.BytesIO(text.encode("utf-8")))
    errors = [e.message for e in VALIDATOR.iter_errors(document)]
    assert errors == []


@pytest.mark.parametrize(
    ("after", "accepted"),
    [
        ("6 months", True),
        ("1 day", True),
        ("30 days", True),
        ("six months", False),
        ("6 weeks", False),
        ("0 days", False),
        ("6 months ", False),
        ("6 months\n", False),
    ],
)
def test_the_schema_judges_a_rule_period_as_the_validator_does(
    after: str, accepted: bool, tmp_path: Path
) -> None:
    """An entry-into-force rule's `after`: the schema's pattern and TR230 agree."""
    text = (ROOT / "examples" / "ottawa-convention.yaml").read_text(encoding="utf-8")
    assert "after: 6 months" in text
    text = text.replace("after: 6 months", f"after: {json.dumps(after)}", 1)
    document = yaml12_load(io.BytesIO(text.encode("utf-8")))
    schema_ok = not any("after" in e.json_path for e in VALIDATOR.iter_errors(document))
    path = tmp_path / "rule.yaml"
    path.write_text(text, encoding="utf-8")
    validator_ok = "TR230" not in [d.code for d in treatyreg.validate(path)]
    assert schema_ok == validator_ok == accepted
