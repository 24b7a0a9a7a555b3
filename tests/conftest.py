"""Shared fixtures: paths, a minimal valid registry text, and a CLI runner."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

import treatyreg

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
# the bundled data as the repository holds it (not the installed wheel); `DATA` in some
# modules is the tests' own data folder
BUNDLED_FILE = ROOT / "data" / "agreements.yaml"


def step_dates(
    reg: treatyreg.Registry, agreement_id: str, action: str, party: str | None, body: str | None
) -> list[str]:
    """The dates of an agreement's steps of one action by one party and body (`"*"`: any
    body): a fact test expects exactly one."""
    return [
        str(e.date)
        for e in reg[agreement_id].events
        if e.action == action and e.party == party and (body == "*" or e.body == body)
    ]


settings.register_profile(
    "ci", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", max_examples=60, deadline=None)
# CI's second and third runs of the suite (PyYAML's pure-Python reader, the lowest versions)
# look for what those setups change, not for rarer drawings: fewer examples keep CI short
settings.register_profile(
    "ci-quick", max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
# a search for rare failures before a release: TREATYREG_HYPOTHESIS_PROFILE=deep
settings.register_profile(
    "deep", max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(
    os.environ.get("TREATYREG_HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)

# The tests (and the commands they run) keep their cache of validated registries in a
# private folder of their own, never in the user's.
if "TREATYREG_CACHE_DIR" not in os.environ:
    import tempfile

    os.environ["TREATYREG_CACHE_DIR"] = tempfile.mkdtemp(prefix="treatyreg-test-cache-")

MINIMAL = """\
treatyreg: 1
parties:
  - id: RU
    name: Russian Federation
    aliases: [Russia]
  - id: XSO
    name: Republic of South Ossetia
    aliases: [South Ossetia, Tskhinvali Region]
sources:
  - id: s1
    title: A report
    published: 2017-03-31
agreements:
  - id: units
    title: Agreement on the entry of units
    kind: agreement
    parties: [RU, XSO]
    topics: [defence]
    events:
      - action: signed
        date: 2017-03-31
        place: Moscow
        sources: [s1]
      - action: ratified
        party: XSO
        date: 2017-07
        sources: [s1]
      - action: entered_into_force
        date: ../2019-12-17
        sources: [s1]
    sources: [s1]
"""


@pytest.fixture
def minimal_file(tmp_path: Path) -> Path:
    """A small valid registry file."""
    path = tmp_path / "registry.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def _no_figure_left_open() -> Iterator[None]:
    """Figures a test (or a doc example) drew are closed after it, so pyplot's count of
    open figures never reaches its warning (an error here) in a later test."""
    yield
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:
        pyplot.close("all")
