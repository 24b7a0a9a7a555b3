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

import bisect
import functools
import os
import posixpath
import subprocess
from collections.abc import Iterator
from typing import Final

from treatyreg._limits import Limits
from treatyreg.diagnostics import Diagnostic

__all__ = ["GitError", "as_checked_out", "is_revision", "path_in_tree", "texts"]

# git runs with no pager, no prompt for credentials, and without taking optional locks
_ENV: Final = {"GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0", "GIT_PAGER": "cat"}
_BLOB_MODES: Final = ("100644", "100755")
_LINK_MODE: Final = "120000"


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


def path_in_tree(name: str) -> str:
    """The path that a revision's file (`REV:PATH`) has in a checkout, relative to the
    repository's root (what a GitHub annotation names), as git splits the name: at its
    first colon outside `{...}`, so `main@{1 day ago}` stays whole. A PATH that starts with
    `./` or `../` is, for git, relative to the working directory: it is joined to the
    directory's place in the repository.

    >>> path_in_tree("HEAD~1:data/agreements.yaml"), path_in_tree("main@{10:00}:data/a.yaml")
    ('data/agreements.yaml', 'data/a.yaml')
    """
    depth = 0
    for i, char in enumerate(name):
        if char == "{":
            depth += 1
        elif char == "}" and depth:
            depth -= 1
        elif char == ":" and not depth:
            path = name[i + 1 :]
            if path.startswith(("./", "../")) or path in (".", ".."):
                path = posixpath.normpath(_prefix() + path)
            return path
    return name


def as_checked_out(name: str) -> str:
    """A file's name as a checkout names it: a revision's (`REV:PATH`) by `path_in_tree`,
    any other as it is (what GitHub annotations need of NEW's files)."""
    return path_in_tree(name) if is_revision(name) else name


@functools.cache
def _prefix() -> str:
    """The working directory's path in its repository, with a final `/` (`''` at the root
    or outside a repository)."""
    try:
        return _git("rev-parse", "--show-prefix").decode().strip()
    except GitError:
        return ""


def texts(spec: str, limits: Limits) -> tuple[list[tuple[str, bytes]], list[Diagnostic]]:
    """The registry files of `spec` (`REV:PATH`) with their bytes, named `REV:PATH/NAME`,
    and the problems of those that cannot be read under `limits`; `GitError` when git
    cannot read the spec at all.

    As on disk (`loading.find_files`): hidden entries are skipped, a symbolic link is
    followed only while it stays inside the folder (TR011 when it leaves it or is
    broken), a file reached twice is read once, and a folder with no registry file is
    TR001. A file named on purpose that is a symbolic link is TR011: git holds only the
    name of its target."""
    from treatyreg.loading import _over_budget, _problem, _too_big

    if "\n" in spec or "\0" in spec:
        raise GitError(f"{spec!r} holds a line break: not a revision")
    if spec.startswith("-"):  # never an option of git's
        raise GitError(f"{spec!r} is not a git revision (it starts with '-')")
    kind = _git("cat-file", "-t", spec).decode().strip()
    problems: list[Diagnostic] = []
    listed: list[tuple[str, str, int]] = []
    if kind == "blob":
        if _mode_of(spec) == _LINK_MODE:
            problems.append(
                _problem(
                    spec, "TR011", f"symlink {spec!r} in a revision; not read (name its target)"
                )
            )
        else:
            listed.append((spec, spec, int(_git("cat-file", "-s", spec).decode().strip())))
    elif kind == "tree":
        base = spec if spec.endswith(("/", ":")) else spec + "/"
        listed = _tree_files(spec, base, problems)
        if not listed and not problems:
            problems.append(
                _problem(spec, "TR001", f"no registry file (*.yaml, *.yml) in {spec!r}")
            )
    else:
        raise GitError(f"{spec!r} is a {kind}, not a file or folder")
    found: list[tuple[str, bytes]] = []
    budget = limits.max_total_bytes
    wanted: list[tuple[str, str]] = []
    for name, obj, size in listed:
        if size > limits.max_bytes:
            problems.append(_too_big(name, size, limits))
        elif size > budget:
            problems.append(_over_budget(name, limits))
        else:
            budget -= size
            wanted.append((name, obj))
    if wanted:
        blobs = _batch([obj for _, obj in wanted])
        found = [(name, data) for (name, _), data in zip(wanted, blobs, strict=True)]
    return found, problems


def _mode_of(spec: str) -> str:
    """The mode of the file `REV:PATH` names in its folder ("120000" for a symlink)."""
    rev, _, path = spec.partition(":")
    folder, _, leaf = path.rstrip("/").rpartition("/")
    parent = f"{rev}:{folder}/" if folder else f"{rev}:"
    for mode, _kind, _sha, _size, name in _entries(
        _git("ls-tree", "--full-tree", "-l", "-z", parent, "--", leaf)
    ):
        if name == leaf:
            return mode
    return ""


def _batch(objects: list[str]) -> list[bytes]:
    """The contents of git objects, with one `git cat-file --batch`."""
    batch = _git("cat-file", "--batch", data="".join(f"{o}\n" for o in objects).encode())
    out = []
    at = 0
    for _ in objects:
        header_end = batch.index(b"\n", at)
        size = int(batch[at:header_end].split()[2])
        start = header_end + 1
        out.append(batch[start : start + size])
        at = start + size + 1  # the content is followed by a line break
    return out


_LINK_HOPS: Final = 40  # as the system's own limit on symlinks followed in a path


def _tree_files(spec: str, base: str, problems: list[Diagnostic]) -> list[tuple[str, str, int]]:
    """(name, object, size) of the registry files of the folder `spec`, in the order a
    walk on disk reads them, and TR011 for the symlinks refused."""
    from treatyreg.loading import _is_registry_name, _problem

    out = _git("ls-tree", "--full-tree", "-r", "-t", "-l", "-z", spec)
    tree = {e[4]: e for e in _entries(out)}
    links = [name for name, e in tree.items() if e[0] == _LINK_MODE]
    targets = dict(zip(links, _batch([tree[n][2] for n in links]), strict=True)) if links else {}
    listed: list[tuple[str, str, int]] = []
    read: set[str] = set()  # real paths read: a file reached twice is read once

    def add(name: str, real: str) -> None:
        mode, _, sha, size, _ = tree[real]
        if mode in _BLOB_MODES and real not in read:
            read.add(real)
            listed.append((base + name, sha, int(size)))

    paths = sorted(tree)
    folders: set[str] = set()  # hidden folders read through a link
    for name in paths:
        mode, kind, _, _, _ = tree[name]
        if kind != "blob" or _hidden(name):
            continue
        registry_name = _is_registry_name(name.rpartition("/")[2])
        if mode in _BLOB_MODES:
            if registry_name:
                add(name, name)
            continue
        if mode != _LINK_MODE:
            continue
        real = _resolve(name, tree, targets)
        shown = base + name
        if real is None:
            if registry_name:
                problems.append(_problem(shown, "TR011", f"symlink {shown!r} is broken; not read"))
        elif real == ".." or real.startswith("../"):
            if registry_name:  # a folder's target cannot be told; as a file's on disk
                problems.append(
                    _problem(
                        shown,
                        "TR011",
                        f"symlink {shown!r} leads out of the folder; refused",
                        "a registry's files are read only inside it; copy them in if they belong",
                    )
                )
        elif real == "." or tree[real][1] == "tree":
            # a folder inside: its files are read under their own names, unless it is
            # hidden (then through the link, as a walk on disk reads them)
            if real != "." and _hidden(real) and real not in folders:
                folders.add(real)
                prefix = real + "/"
                for inner in paths[bisect.bisect_left(paths, prefix) :]:
                    if not inner.startswith(prefix):
                        break
                    rest = inner[len(prefix) :]
                    wanted = tree[inner][1] == "blob" and not _hidden(rest)
                    if wanted and _is_registry_name(rest.rpartition("/")[2]):
                        add(f"{name}/{rest}", inner)
        elif registry_name:
            add(name, real)
    return listed


def _hidden(path: str) -> bool:
    return any(part.startswith(".") for part in path.split("/"))


def _resolve(
    name: str, tree: dict[str, tuple[str, str, str, str, str]], targets: dict[str, bytes]
) -> str | None:
    """Where the symlink `name` leads in the tree: a path in it, "." for the tree itself,
    a path starting with ".." when it leaves it, None when broken or looping."""
    for _ in range(_LINK_HOPS):
        target = targets[name].decode("utf-8", "surrogateescape")
        if target.startswith("/"):
            return ".."
        real = posixpath.normpath(posixpath.join(posixpath.dirname(name), target))
        if real == "." or real == ".." or real.startswith("../"):
            return real
        if real not in tree:
            return None
        if tree[real][0] != _LINK_MODE:
            return real
        name = real
    return None


def _entries(out: bytes) -> Iterator[tuple[str, str, str, str, str]]:
    """`git ls-tree -l -z` entries: mode, type, object, size, and path (as text)."""
    for record in out.split(b"\0"):
        if not record:
            continue
        meta, _, name = record.partition(b"\t")
        mode, kind, sha, size = meta.decode().split()
        yield mode, kind, sha, size, name.decode("utf-8", "surrogateescape")
