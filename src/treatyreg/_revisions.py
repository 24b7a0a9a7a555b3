"""A registry as it was at a git revision (`main:data/`, `HEAD~1:data/agreements.yaml`),
read with git itself: `git cat-file -t` says whether the spec names a file or a folder,
`git ls-tree -r -l` lists a folder's files with their sizes, and one `git cat-file
--batch` gives their bytes. No checkout, index or work tree is touched, and git runs
nothing of the repository's (no filters, hooks or textconv: `cat-file` gives blobs as
stored).

The files are read under the same `Limits` as files on disk (sizes are known before a byte
is read), named `REV:PATH` in diagnostics, and converted and checked as a load does.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from typing import Final

from treatyreg._limits import Limits
from treatyreg.diagnostics import Diagnostic

__all__ = ["GitError", "is_revision", "texts"]

# git runs with no pager, no prompt for credentials, and without taking optional locks
_ENV: Final = {"GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0", "GIT_PAGER": "cat"}
_BLOB_MODES: Final = ("100644", "100755")


class GitError(Exception):
    """A revision git cannot read (no repository, no such revision or path, no git)."""


def is_revision(spec: str) -> bool:
    """Whether `spec` names a git revision of a file or folder (`REV:PATH`) rather than a
    path: it holds a colon and is not a file or folder here.

    >>> is_revision("main:data/"), is_revision("data/"), is_revision("README.md")
    (True, False, False)
    """
    return ":" in spec and not os.path.lexists(spec) and not spec.startswith(":")


def _git(*args: str, data: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(
            ["git", *args],
            input=data,
            capture_output=True,
            check=False,
            env={**os.environ, **_ENV},
        )
    except OSError as error:
        raise GitError(f"cannot run git: {error.strerror or error}") from None
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(said[-1] if said else f"git {args[0]} failed")
    return done.stdout


def texts(spec: str, limits: Limits) -> tuple[list[tuple[str, bytes]], list[Diagnostic]]:
    """The registry files of `spec` (`REV:PATH`) with their bytes, named `REV:PATH/NAME`,
    and the problems of those that cannot be read under `limits`; `GitError` when git
    cannot read the spec at all."""
    from treatyreg.loading import _is_registry_name, _over_budget, _problem, _too_big

    if "\n" in spec:
        raise GitError(f"{spec!r} holds a line break: not a revision")
    kind = _git("cat-file", "-t", spec).decode().strip()
    if kind == "blob":
        size = int(_git("cat-file", "-s", spec).decode().strip())
        listed = [(spec, spec, size)]
    elif kind == "tree":
        listed = []
        out = _git("ls-tree", "-r", "-l", "-z", spec)
        base = spec if spec.endswith(("/", ":")) else spec + "/"
        for entry in _entries(out):
            mode, kind_, sha, size_text, name = entry
            if kind_ != "blob" or not _is_registry_name(os.path.basename(name)):
                continue
            if mode not in _BLOB_MODES:  # a symbolic link: never followed out of the tree
                listed.append((base + name, "", -1))
                continue
            listed.append((base + name, sha, int(size_text)))
    else:
        raise GitError(f"{spec!r} is a {kind}, not a file or folder")
    found: list[tuple[str, bytes]] = []
    problems: list[Diagnostic] = []
    budget = limits.max_total_bytes
    wanted: list[tuple[str, str]] = []
    for name, obj, size in listed:
        if size < 0:
            problems.append(_problem(name, "TR011", f"symlink {name!r} in a revision; not read"))
        elif size > limits.max_bytes:
            problems.append(_too_big(name, size, limits))
        elif size > budget:
            problems.append(_over_budget(name, limits))
        else:
            budget -= size
            wanted.append((name, obj))
    if wanted:
        batch = _git("cat-file", "--batch", data="".join(f"{o}\n" for _, o in wanted).encode())
        at = 0
        for name, _ in wanted:
            header_end = batch.index(b"\n", at)
            size = int(batch[at:header_end].split()[2])
            start = header_end + 1
            found.append((name, batch[start : start + size]))
            at = start + size + 1  # the content is followed by a line break
    return found, problems


def _entries(out: bytes) -> Iterator[tuple[str, str, str, str, str]]:
    """`git ls-tree -l -z` entries: mode, type, object, size, and path (as text)."""
    for record in out.split(b"\0"):
        if not record:
            continue
        meta, _, name = record.partition(b"\t")
        mode, kind, sha, size = meta.decode().split()
        yield mode, kind, sha, size, name.decode("utf-8", "surrogateescape")
