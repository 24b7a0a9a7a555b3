"""The pre-commit hook, run by the real pre-commit tool against a temporary git repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import MINIMAL

ROOT = Path(__file__).resolve().parents[1]
PRE_COMMIT = shutil.which("pre-commit", path=str(Path(sys.executable).parent))


def test_manifest() -> None:
    """The hook validates the whole registry once: no filenames, serial, data/ files only."""
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert hook["id"] == "treatyreg-validate"
    assert hook["pass_filenames"] is False
    assert hook["require_serial"] is True
    assert hook["files"] == r"^data/.*\.ya?ml$"


@pytest.mark.skipif(
    PRE_COMMIT is None or not (ROOT / ".git").exists(),
    reason="needs pre-commit and this repository's git checkout",
)
def test_hook_with_real_pre_commit(tmp_path: Path) -> None:
    """`pre-commit try-repo` installs the hook from this repo: a valid registry passes, a
    broken one fails with the problem at file:line:col."""
    repo = tmp_path / "registry-repo"
    (repo / "data").mkdir(parents=True)
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "cache"),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, env=env)

    git("init", "-q")
    (repo / "data" / "agreements.yaml").write_text(MINIMAL)
    git("add", ".")
    git("commit", "-qm", "registry")

    def try_repo() -> subprocess.CompletedProcess[str]:
        assert PRE_COMMIT is not None
        return subprocess.run(
            [PRE_COMMIT, "try-repo", str(ROOT), "treatyreg-validate", "--all-files"],
            cwd=repo,
            capture_output=True,
            text=True,
            env=env,
            timeout=600,
            check=False,
        )

    ok = try_repo()
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "treatyreg validate" in ok.stdout
    assert "Passed" in ok.stdout

    (repo / "data" / "agreements.yaml").write_text(
        MINIMAL.replace("kind: agreement", "kind: agrement")
    )
    git("add", ".")
    bad = try_repo()
    assert bad.returncode == 1
    assert "Failed" in bad.stdout
    assert "data/agreements.yaml:16:11: error TR104 'agrement' is not a valid `kind`" in bad.stdout
