"""The pre-commit hook, run by the real pre-commit tool against a temporary git repository."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import MINIMAL

pytestmark = pytest.mark.slow  # runs the real pre-commit

ROOT = Path(__file__).resolve().parents[1]
PRE_COMMIT = shutil.which("pre-commit", path=str(Path(sys.executable).parent))


def _git_env(tmp_path: Path) -> dict[str, str]:
    """An environment for git and pre-commit in a test: a cache of its own, an identity."""
    return {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "cache"),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }


def test_manifest() -> None:
    """The hook validates the whole registry once: no filenames, serial, run when any YAML
    file changes (wherever the folder named in `args` is)."""
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert hook["id"] == "treatyreg-validate"
    assert hook["pass_filenames"] is False
    assert hook["require_serial"] is True
    assert hook["files"] == r"(?i)\.ya?ml$"
    assert hook["args"] == ["data/"]
    assert "always_run" not in hook


def test_manifest_files_pattern() -> None:
    """`files` matches every file the reader takes as a registry file, in any folder, and
    nothing else."""
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    files = re.compile(hook["files"])  # pre-commit searches the path with it
    for path in ("data/a.yaml", "registry/a.yml", "registry/sub/B.YAML", "a.Yml"):
        assert files.search(path), path
    for path in ("registry/README.md", "src/x.py", "a.yaml.bak", "yaml"):
        assert not files.search(path), path


@pytest.mark.skipif(
    PRE_COMMIT is None or not (ROOT / ".git").exists(),
    reason="needs pre-commit and this repository's git checkout",
)
def test_hook_with_real_pre_commit(tmp_path: Path) -> None:
    """`pre-commit try-repo` installs the hook from this repo: a valid registry passes, a
    broken one fails with the problem at file:line:col."""
    repo = tmp_path / "registry-repo"
    (repo / "data").mkdir(parents=True)
    env = _git_env(tmp_path)

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


DOCS = ROOT / "docs" / "validation.md"
YAML_BLOCK = re.compile(r"^```yaml\n(# \.pre-commit-config\.yaml\n.*?)^```$", re.M | re.S)


def docs_configs() -> list[str]:
    """The `.pre-commit-config.yaml` files that the docs' pre-commit section shows."""
    text = DOCS.read_text(encoding="utf-8")
    start = text.index("## With pre-commit\n")
    section = text[start : text.index("\n## ", start + 1)]
    return YAML_BLOCK.findall(section)


def test_docs_configs() -> None:
    """The docs show the config for data/ (the hook's id alone) and for registry/ (`args`
    naming it, `files` narrowing the hook to it)."""
    default, other = (yaml.safe_load(c)["repos"] for c in docs_configs())
    assert [h for r in default for h in r["hooks"]] == [{"id": "treatyreg-validate"}]
    assert [h for r in other for h in r["hooks"]] == [
        {"id": "treatyreg-validate", "args": ["registry/"], "files": "^registry/"}
    ]
    assert all({"repo", "rev"} <= set(r) for r in default + other)
    # the project has no release tag: the docs pin a commit, a rev that can exist
    assert all(re.fullmatch(r"[0-9a-f]{40}", str(r["rev"])) for r in default + other)


def _hook_repo(tmp_path: Path, env: dict[str, str]) -> tuple[str, str]:
    """A git repository holding this checkout's tracked files as they are on disk
    (uncommitted changes too, as `pre-commit try-repo` takes them): its path and commit."""
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout
    hook_repo = tmp_path / "hook-repo"
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():  # a file deleted but not yet committed is left out
            (hook_repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, hook_repo / name)
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "hooks"]):
        subprocess.run(["git", *args], cwd=hook_repo, check=True, capture_output=True, env=env)
    rev = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=hook_repo, check=True, capture_output=True, text=True
    ).stdout.strip()
    return str(hook_repo), rev


@pytest.mark.skipif(
    PRE_COMMIT is None or not (ROOT / ".git").exists(),
    reason="needs pre-commit and this repository's git checkout",
)
def test_hook_on_another_folder_with_the_docs_config(tmp_path: Path) -> None:
    """A registry in registry/, with the config the docs show (and without its optional
    `files`): a broken file fails the hook with the problem at file:line:col, a valid
    registry passes. The hook is never skipped for want of matching files."""
    env = _git_env(tmp_path)
    hook_repo, rev = _hook_repo(tmp_path, env)
    [docs_config] = [c for c in docs_configs() if "registry/" in c]
    config: dict[str, Any] = yaml.safe_load(docs_config)
    [entry] = config["repos"]
    entry.update(repo=hook_repo, rev=rev)  # this checkout instead of the published release
    without_files = {
        "repos": [
            {
                **entry,
                "hooks": [{k: v for k, v in h.items() if k != "files"} for h in entry["hooks"]],
            }
        ]
    }

    repo = tmp_path / "user-repo"
    (repo / "registry").mkdir(parents=True)

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, env=env)

    git("init", "-q")
    (repo / "registry" / "agreements.yaml").write_text(MINIMAL)
    (repo / "README.md").write_text("A registry.\n")
    git("add", ".")
    git("commit", "-qm", "registry")

    def run(cfg: dict[str, Any], *files: str) -> subprocess.CompletedProcess[str]:
        assert PRE_COMMIT is not None
        path = tmp_path / "pre-commit-config.yaml"
        path.write_text(yaml.safe_dump(cfg))
        which = ["--files", *files] if files else ["--all-files"]
        return subprocess.run(
            [PRE_COMMIT, "run", "--config", str(path), "treatyreg-validate", *which],
            cwd=repo,
            capture_output=True,
            text=True,
            env=env,
            timeout=600,
            check=False,
        )

    changed = "registry/agreements.yaml"
    for cfg in (config, without_files):
        for files in ((), (changed,)):
            ok = run(cfg, *files)
            assert ok.returncode == 0, ok.stdout + ok.stderr
            assert "treatyreg validate" in ok.stdout
            assert "Passed" in ok.stdout
            assert "Skipped" not in ok.stdout

    (repo / "registry" / "agreements.yaml").write_text(
        MINIMAL.replace("kind: agreement", "kind: agrement")
    )
    git("add", ".")
    for cfg in (config, without_files):
        for files in ((), (changed,)):
            bad = run(cfg, *files)
            assert bad.returncode == 1, bad.stdout + bad.stderr
            assert "Failed" in bad.stdout
            assert (
                "registry/agreements.yaml:16:11: error TR104 'agrement' is not a valid `kind`"
                in bad.stdout
            )

    # with the docs' `files`, a change outside registry/ does not run the hook
    assert "Skipped" in run(config, "README.md").stdout
