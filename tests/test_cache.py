"""The cache of validated registries: warm loads equal cold ones, every kind of change is
a miss, and nothing planted by a checkout or another user is ever read."""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import treatyreg
from treatyreg import _cache

from .conftest import MINIMAL

EXE = shutil.which("treatyreg", path=str(Path(sys.executable).parent)) or "treatyreg"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private cache folder for one test."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("TREATYREG_CACHE_DIR", str(folder))
    monkeypatch.delenv("TREATYREG_NO_CACHE", raising=False)
    return folder


@pytest.fixture
def registry_file(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "r.yaml"
    path.parent.mkdir()
    path.write_text(MINIMAL, encoding="utf-8")
    return path


def _entries(cache: Path) -> list[Path]:
    return sorted(cache.glob("*.pickle"))


def _plant(entry: Path, registry: treatyreg.Registry) -> None:
    """Replace an entry's registry (as the cache writes one, checksum and all): the next hit
    returns it."""
    entry.write_bytes(
        _cache._framed(entry.stem, entry.parent.stat().st_ino, pickle.dumps(registry))
    )


def test_a_warm_load_is_the_cold_one(cache: Path, registry_file: Path) -> None:
    cold = treatyreg.load(registry_file)
    assert len(_entries(cache)) == 1
    warm = treatyreg.load(registry_file)
    assert warm == cold
    assert warm is not cold
    assert warm.name == cold.name == "r.yaml"
    assert (cache.stat().st_mode & 0o777) == 0o700
    assert (_entries(cache)[0].stat().st_mode & 0o777) == 0o600
    # the warm registry answers queries and is found from its agreements
    from treatyreg.display import registry_of

    assert registry_of(warm["units"]) is warm
    assert warm.filter(party="RU").ids == ("units",)


def test_a_hit_reads_no_yaml(cache: Path, registry_file: Path) -> None:
    """A hit returns what the entry holds: plant another registry, get it back."""
    treatyreg.load(registry_file)
    other = treatyreg.load_default(cache=False)
    _plant(_entries(cache)[0], other)
    assert len(treatyreg.load(registry_file)) == len(other)
    assert len(treatyreg.load(registry_file, cache=False)) == 1  # off: the file itself


def test_content_not_time_decides(cache: Path, registry_file: Path) -> None:
    treatyreg.load(registry_file)
    os.utime(registry_file, (1, 1))  # a new modification time, the same bytes: a hit
    treatyreg.load(registry_file)
    assert len(_entries(cache)) == 1
    registry_file.write_text(MINIMAL.replace("Agreement on the entry", "Agreement on entry"))
    changed = treatyreg.load(registry_file)  # new bytes: a miss, and the new title
    assert changed["units"].title == "Agreement on entry of units"
    assert len(_entries(cache)) == 2


def test_limits_are_part_of_the_key(cache: Path, registry_file: Path) -> None:
    treatyreg.load(registry_file)
    treatyreg.load(registry_file, limits=treatyreg.Limits(max_depth=30))
    assert len(_entries(cache)) == 2


def test_errors_are_never_cached(cache: Path, tmp_path: Path) -> None:
    (tmp_path / "regs").mkdir()
    bad = tmp_path / "regs" / "bad.yaml"
    bad.write_text("treatyreg: 1\nparties: 3\n")
    for _ in range(2):
        with pytest.raises(treatyreg.ValidationError):
            treatyreg.load(bad)
    assert _entries(cache) == []


@pytest.mark.parametrize("damage", ["truncate", "garbage", "wrong key", "not a registry"])
def test_a_damaged_entry_is_a_miss(cache: Path, registry_file: Path, damage: str) -> None:
    cold = treatyreg.load(registry_file)
    entry = _entries(cache)[0]
    data = entry.read_bytes()
    if damage == "truncate":
        entry.write_bytes(data[: len(data) // 2])
    elif damage == "garbage":
        entry.write_bytes(data[:80] + b"\x00" * 50)
    elif damage == "wrong key":
        entry.write_bytes(data.replace(entry.stem.encode(), b"0" * 40, 1))
    else:
        head = data.split(b"\n", 2)
        entry.write_bytes(head[0] + b"\n" + head[1] + b"\n" + pickle.dumps({"a": 1}))
    assert treatyreg.load(registry_file) == cold


def test_an_entry_open_to_others_is_refused(cache: Path, registry_file: Path) -> None:
    treatyreg.load(registry_file)
    entry = _entries(cache)[0]
    _plant(entry, treatyreg.load_default(cache=False))
    entry.chmod(0o666)  # anyone could have written it
    assert len(treatyreg.load(registry_file)) == 1


def test_a_folder_open_to_others_is_not_used(cache: Path, registry_file: Path) -> None:
    treatyreg.load(registry_file)
    _plant(_entries(cache)[0], treatyreg.load_default(cache=False))
    cache.chmod(0o777)
    assert len(treatyreg.load(registry_file)) == 1
    cache.chmod(0o700)
    assert len(treatyreg.load(registry_file)) > 1  # private again: the (planted) entry


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to chown")
def test_an_entry_owned_by_another_user_is_refused(cache: Path, registry_file: Path) -> None:
    treatyreg.load(registry_file)
    entry = _entries(cache)[0]
    _plant(entry, treatyreg.load_default(cache=False))
    os.chown(entry, 12345, 12345)
    # as root, our uid is 0; the entry's owner is not us
    assert len(treatyreg.load(registry_file)) == 1


def test_never_a_cache_from_the_checkout(
    tmp_path: Path, registry_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A relative cache folder (the working directory's), the working directory itself, or
    a folder inside the registry's folder is never used."""
    monkeypatch.delenv("TREATYREG_NO_CACHE", raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TREATYREG_CACHE_DIR", "cache")
    treatyreg.load(registry_file)
    assert not (tmp_path / "cache").exists()
    monkeypatch.setenv("TREATYREG_CACHE_DIR", str(tmp_path))
    treatyreg.load(registry_file)
    assert list(tmp_path.glob("*.pickle")) == []
    inside = registry_file.parent / ".cache"
    monkeypatch.setenv("TREATYREG_CACHE_DIR", str(inside))
    treatyreg.load(registry_file.parent)
    assert list(inside.glob("*.pickle")) == []


def test_the_cache_keeps_to_its_size(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = []
    (tmp_path / "regs").mkdir()
    for i in range(4):
        path = tmp_path / "regs" / f"r{i}.yaml"
        path.write_text(MINIMAL.replace("A report", f"Report {i}"))
        files.append(path)
    treatyreg.load(files[0])
    one = _entries(cache)[0].stat().st_size
    monkeypatch.setenv("TREATYREG_CACHE_MAX_BYTES", str(int(one * 2.5)))
    for path in files[1:]:
        treatyreg.load(path)
    sizes = [p.stat().st_size for p in _entries(cache)]
    assert len(sizes) == 2
    assert sum(sizes) <= one * 2.5


def test_off_by_environment(
    cache: Path, registry_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TREATYREG_NO_CACHE", "1")
    treatyreg.load(registry_file)
    assert not cache.exists() or _entries(cache) == []


@pytest.mark.slow
def test_two_processes_fill_the_same_entry(cache: Path, registry_file: Path) -> None:
    code = f"import treatyreg; print(len(treatyreg.load({str(registry_file)!r})))"
    procs = [
        subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
        for _ in range(4)
    ]
    assert [p.communicate(timeout=120)[0].strip() for p in procs] == ["1"] * 4
    assert len(_entries(cache)) == 1
    assert len(treatyreg.load(registry_file)) == 1
    assert list(cache.glob(".tmp-*")) == []


@pytest.mark.slow
def test_the_cli_uses_it_and_no_cache_skips_it(cache: Path, registry_file: Path) -> None:
    env = {**os.environ}
    first = subprocess.run(
        [EXE, "list", "--data", str(registry_file)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert len(_entries(cache)) == 1
    _plant(_entries(cache)[0], treatyreg.load_default(cache=False))
    warm = subprocess.run(
        [EXE, "list", "--data", str(registry_file), "--format", "csv"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    cold = subprocess.run(
        [EXE, "list", "--data", str(registry_file), "--format", "csv", "--no-cache"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert len(warm.stdout.splitlines()) > 2  # the planted registry: proof of a hit
    assert len(cold.stdout.splitlines()) == 2  # the file itself
    assert "units" in first.stdout


def test_gc_freeze_after_a_load(cache: Path, registry_file: Path) -> None:
    import gc

    gc.unfreeze()
    treatyreg.load(registry_file, cache=False)
    assert gc.get_freeze_count() > 0


def test_a_warm_load_imports_no_yaml_reader(cache: Path, registry_file: Path) -> None:
    """A hit needs neither PyYAML nor the converter nor the checks: they are not imported."""
    treatyreg.load(registry_file)
    code = (
        "import sys, treatyreg\n"
        f"treatyreg.load({str(registry_file)!r})\n"
        "print(sorted(m for m in ('yaml', 'treatyreg._convert', 'treatyreg._checks',"
        " 'treatyreg._reading') if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


# -- what a review found ---------------------------------------------------------------------
def test_a_folder_on_the_way_that_others_may_change_is_refused(
    tmp_path: Path, registry_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cache under a folder anyone may write (and not sticky) could be swapped: refused;
    the same with the sticky bit (as /tmp) is used."""
    monkeypatch.delenv("TREATYREG_NO_CACHE", raising=False)
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    monkeypatch.setenv("TREATYREG_CACHE_DIR", str(shared / "cache"))
    treatyreg.load(registry_file)
    assert not (shared / "cache").exists() or _entries(shared / "cache") == []
    shared.chmod(0o1777)
    treatyreg.load(registry_file)
    assert len(_entries(shared / "cache")) == 1


def test_a_symlink_on_the_way_is_refused(
    tmp_path: Path, registry_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A path through a symlink (pointing, say, into a checkout) is never followed."""
    monkeypatch.delenv("TREATYREG_NO_CACHE", raising=False)
    target = tmp_path / "elsewhere"
    target.mkdir(mode=0o700)
    (tmp_path / "link").symlink_to(target)
    monkeypatch.setenv("TREATYREG_CACHE_DIR", str(tmp_path / "link" / "cache"))
    treatyreg.load(registry_file)
    assert list(target.rglob("*.pickle")) == []


def test_a_cache_beside_a_registry_file_is_refused(
    tmp_path: Path, registry_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TREATYREG_NO_CACHE", raising=False)
    inside = registry_file.parent / ".cache"
    monkeypatch.setenv("TREATYREG_CACHE_DIR", str(inside))
    treatyreg.load(registry_file)
    treatyreg.load(registry_file)
    assert list(inside.glob("*.pickle")) == []


def test_no_error_escapes(
    tmp_path: Path, registry_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cache path that is a file, or a removed working directory: loads still work."""
    monkeypatch.delenv("TREATYREG_NO_CACHE", raising=False)
    blocker = tmp_path / "afile"
    blocker.write_text("x")
    monkeypatch.setenv("TREATYREG_CACHE_DIR", str(blocker / "cache"))
    assert len(treatyreg.load(registry_file)) == 1
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    monkeypatch.setenv("TREATYREG_CACHE_DIR", str(tmp_path / "cache2"))
    assert len(treatyreg.load(registry_file)) == 1


def test_the_code_fingerprint_follows_content_not_time(tmp_path: Path) -> None:
    """An edit of the code that keeps a module's size and time is still a new key."""
    package = tmp_path / "pkg"
    package.mkdir()
    module = package / "m.py"
    module.write_text("LEVEL = 'warning'\n")
    before = _cache._code_fingerprint(package)
    st = module.stat()
    module.write_text("LEVEL = 'error  '\n")
    os.utime(module, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert module.stat().st_size == st.st_size
    assert _cache._code_fingerprint(package) != before


def test_eviction_touches_only_entries(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "regs").mkdir()
    path = tmp_path / "regs" / "r.yaml"
    path.write_text(MINIMAL)
    treatyreg.load(path)
    (first,) = _entries(cache)
    mine = cache / "model.pickle"
    mine.write_bytes(b"x" * 100_000)
    os.utime(mine, (1, 1))
    stale = cache / ".tmp-1-0123456789abcdef"
    stale.write_bytes(b"half")
    os.utime(stale, (1, 1))
    # room for one entry (an entry larger than the limit is not written at all)
    monkeypatch.setenv("TREATYREG_CACHE_MAX_BYTES", str(first.stat().st_size + 100))
    path.write_text(MINIMAL.replace("A report", "Another"))
    treatyreg.load(path)
    assert not first.exists()  # the older entry: evicted
    (second,) = [p for p in _entries(cache) if p != mine]
    assert mine.exists()  # not an entry: never removed, though larger than the limit
    assert not stale.exists()  # left by a killed process long ago: removed
    stale.write_bytes(b"half")
    os.utime(stale, (1, 1))
    monkeypatch.setenv("TREATYREG_CACHE_MAX_BYTES", "1")  # an entry too large to write
    path.write_text(MINIMAL.replace("A report", "Yet another"))
    treatyreg.load(path)
    assert [p for p in _entries(cache) if p != mine] == [second]  # none written or evicted
    assert not stale.exists()  # still removed


def test_least_recently_used_within_one_tick(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """load f0, load f1, hit f0, load f2 with room for two: f1 goes, f0 stays."""
    (tmp_path / "regs").mkdir()
    files = []
    for i in range(3):
        path = tmp_path / "regs" / f"r{i}.yaml"
        path.write_text(MINIMAL.replace("A report", f"Report {i}"))
        files.append(path)
    treatyreg.load(files[0])
    (e0,) = [p.name for p in _entries(cache)]
    size = _entries(cache)[0].stat().st_size
    monkeypatch.setenv("TREATYREG_CACHE_MAX_BYTES", str(int(size * 2.5)))
    treatyreg.load(files[1])
    (e1,) = [p.name for p in _entries(cache) if p.name != e0]
    treatyreg.load(files[0])  # a hit: now the most recent
    treatyreg.load(files[2])
    kept = {p.name for p in _entries(cache)}
    assert len(kept) == 2
    assert e0 in kept
    assert e1 not in kept


def test_an_entry_that_is_a_symlink_is_refused(
    cache: Path, registry_file: Path, tmp_path: Path
) -> None:
    treatyreg.load(registry_file)
    entry = _entries(cache)[0]
    planted = tmp_path / "planted.pickle"
    planted.write_bytes(entry.read_bytes())
    _plant(planted, treatyreg.load_default(cache=False))
    planted.chmod(0o600)
    entry.unlink()
    entry.symlink_to(planted)
    assert len(treatyreg.load(registry_file)) == 1


def test_folders_and_entries_of_another_user_are_refused(
    cache: Path, registry_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Seen as another user (the ownership checks run without root): nothing is used."""
    treatyreg.load(registry_file)
    _plant(_entries(cache)[0], treatyreg.load_default(cache=False))
    assert len(treatyreg.load(registry_file)) > 1  # ours: the planted entry
    monkeypatch.setattr(_cache, "_uid", lambda: os.getuid() + 4242)
    assert len(treatyreg.load(registry_file)) == 1  # not ours: the file itself


def test_the_root_folder_is_never_a_cache(
    registry_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TREATYREG_NO_CACHE", raising=False)
    monkeypatch.setenv("TREATYREG_CACHE_DIR", "/")
    assert len(treatyreg.load(registry_file)) == 1
    assert not list(Path("/").glob("*.pickle"))


def test_a_registry_file_named_through_a_symlink(
    tmp_path: Path, registry_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The folder that counts is the real file's, not the link's."""
    monkeypatch.delenv("TREATYREG_NO_CACHE", raising=False)
    other = tmp_path / "other"
    other.mkdir()
    (other / "link.yaml").symlink_to(registry_file)
    inside = registry_file.parent / ".cache"
    monkeypatch.setenv("TREATYREG_CACHE_DIR", str(inside))
    treatyreg.load(other / "link.yaml")
    assert list(inside.glob("*.pickle")) == []


def test_odd_environment_bytes_never_fail_a_load(
    cache: Path, registry_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYYAML_FORCE_LIBYAML", os.fsdecode(b"\xff"))
    monkeypatch.setattr(_cache, "_FINGERPRINT", [])
    assert len(treatyreg.load(registry_file)) == 1


def test_an_installed_file_rewritten_in_place_has_a_new_identity(tmp_path: Path) -> None:
    """PyYAML's and attrs' files are fingerprinted by identity: a rewrite of the same size
    with its modification time set back still changes it (its change time moves)."""
    module = tmp_path / "scanner.py"
    module.write_text("A = 1\n")
    before = module.stat()
    time.sleep(0.05)  # the kernel's clock for file times moves in ticks of a few ms
    module.write_text("A = 2\n")
    os.utime(module, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = module.stat()
    assert after.st_size == before.st_size
    assert after.st_mtime_ns == before.st_mtime_ns
    assert _cache._identity(after) != _cache._identity(before)


def test_root_and_home_hold_everything(
    cache: Path, tmp_path: Path, registry_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A job run from `/` with a cache folder set by hand, and a registry file kept in the
    home folder with the default cache (inside the home folder), run from elsewhere or
    from home, use the cache; the home folder itself is still never a cache. The home
    folder is the password database's (here, a user's whose home is `home`)."""
    monkeypatch.chdir("/")
    treatyreg.load(registry_file)
    assert len(_entries(cache)) == 1
    home = tmp_path / "home"
    home.mkdir(mode=0o700)
    mine = home / "treaties.yaml"
    mine.write_text(MINIMAL, encoding="utf-8")
    monkeypatch.setattr(_cache, "_home", lambda: [home])
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.delenv("TREATYREG_CACHE_DIR")
    default = _cache.cache_dir()
    assert default is not None
    assert home in default.parents
    treatyreg.load(mine)
    assert len(list(default.glob("*.pickle"))) == 1
    monkeypatch.chdir(home)
    treatyreg.load("treaties.yaml")  # another key (the path as named): a second entry
    assert len(list(default.glob("*.pickle"))) == 2
    monkeypatch.setenv("TREATYREG_CACHE_DIR", str(home))
    monkeypatch.chdir(home)
    treatyreg.load(mine)
    assert list(home.glob("*.pickle")) == []


def test_the_code_fingerprint_covers_pyyaml_and_attrs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An upgrade of PyYAML or attrs (their installed files rewritten) is a new key."""
    import importlib.machinery
    import importlib.util

    package = tmp_path / "pkg"
    package.mkdir()
    (package / "m.py").write_text("A = 1\n")
    installed = {}
    for name in ("yaml", "attr"):
        folder = tmp_path / "site" / name
        folder.mkdir(parents=True)
        (folder / "__init__.py").write_text("VERSION = 1\n")
        installed[name] = folder

    def find_spec(name: str) -> importlib.machinery.ModuleSpec | None:
        if name not in installed:
            return None
        return importlib.machinery.ModuleSpec(
            name, None, origin=str(installed[name] / "__init__.py")
        )

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)
    seen = {_cache._code_fingerprint(package)}
    for name in ("yaml", "attr"):
        time.sleep(0.05)  # the kernel's clock for file times moves in ticks of a few ms
        (installed[name] / "__init__.py").write_text("VERSION = 2\n")
        seen.add(_cache._code_fingerprint(package))
    assert len(seen) == 3


def test_an_entry_larger_than_the_cache_is_not_written(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An entry that could never fit evicts nothing and is not written (so not rewritten on
    every load either); the entries that fit stay."""
    (tmp_path / "regs").mkdir()
    small = tmp_path / "regs" / "small.yaml"
    small.write_text(MINIMAL)
    treatyreg.load(small)
    (kept,) = _entries(cache)
    before = kept.stat()
    monkeypatch.setenv("TREATYREG_CACHE_MAX_BYTES", str(before.st_size + 100))
    large = tmp_path / "regs" / "large.yaml"
    large.write_text(MINIMAL.replace("A report", "A report " + "of some length " * 50))
    for _ in range(2):
        assert len(treatyreg.load(large)) == 1
        assert _entries(cache) == [kept]  # the large one not written, the small one kept
        assert list(cache.glob(".tmp-*")) == []
    assert kept.stat().st_ino == before.st_ino


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_one_changed_byte_is_a_miss(cache: Path, registry_file: Path, data: st.DataObject) -> None:
    """Any one byte of an entry changed (in a title, say, where the pickle still reads):
    the load gives what the file says, never the altered registry; the damaged entry is
    replaced by a whole one."""
    shutil.rmtree(cache, ignore_errors=True)
    cold = treatyreg.load(registry_file)
    (entry,) = _entries(cache)
    whole = entry.read_bytes()
    title = whole.index(b"Agreement on the entry of units")
    where = data.draw(st.sampled_from(["title", "anywhere"]))
    if where == "title":
        position = data.draw(st.integers(title, title + len("Agreement on the entry") - 1))
    else:
        position = data.draw(st.integers(0, len(whole) - 1))
    flip = data.draw(st.integers(1, 255))
    damaged = bytearray(whole)
    damaged[position] ^= flip
    entry.write_bytes(bytes(damaged))
    warm = treatyreg.load(registry_file)
    assert warm == cold
    assert warm["units"].title == "Agreement on the entry of units"
    assert entry.read_bytes() != bytes(damaged)
    assert _cache.get(entry.stem) == cold  # a whole entry again: a hit


class _Runs:
    """Unpickled, it makes a folder: the proof that a planted entry ran."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.mkdir, (str(self.marker),))


def _checkout_with_a_planted_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, marker: Path, run_from: str = "."
) -> tuple[Path, Path]:
    """A checkout as `git clone` with umask 077 leaves it (every folder 0700, every file
    0600, all the user's), committing `.cache/treatyreg/registries/<key>.pickle`, checksum
    and all, for its registry file as named from `run_from` (`data/r.yaml` from the top;
    the working directory is then `run_from`). Returns the checkout and the planted
    entry."""
    monkeypatch.setenv("TREATYREG_CACHE_DIR", str(tmp_path / "scratch"))
    monkeypatch.delenv("TREATYREG_NO_CACHE", raising=False)
    previous = os.umask(0o077)
    try:
        checkout = tmp_path / "checkout"
        (checkout / ".git").mkdir(parents=True)
        (checkout / "data").mkdir()
        (checkout / "data" / "r.yaml").write_text(MINIMAL, encoding="utf-8")
        (checkout / run_from).mkdir(exist_ok=True)
        monkeypatch.chdir(checkout / run_from)
        treatyreg.load(os.path.relpath(checkout / "data" / "r.yaml"))  # to learn its key
        (found,) = _entries(tmp_path / "scratch")
        registries = checkout / ".cache" / "treatyreg" / "registries"
        registries.mkdir(parents=True)
        planted = registries / found.name
        payload = pickle.dumps(_Runs(marker))  # with the checksum for the folder it is in
        planted.write_bytes(_cache._framed(found.stem, registries.stat().st_ino, payload))
    finally:
        os.umask(previous)
    assert (registries.stat().st_mode & 0o777, planted.stat().st_mode & 0o777) == (0o700, 0o600)
    return checkout, planted


@pytest.mark.parametrize("source", ["XDG_CACHE_HOME", "HOME"])
def test_a_cache_in_the_checkout_never_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, source: str
) -> None:
    """XDG_CACHE_HOME or HOME pointing inside the checkout one works in: the cache folder
    they give is under the working directory, so it is not used (whatever it holds)."""
    marker = tmp_path / "it ran"
    checkout, planted = _checkout_with_a_planted_entry(tmp_path, monkeypatch, marker)
    monkeypatch.delenv("TREATYREG_CACHE_DIR")
    if source == "XDG_CACHE_HOME":
        monkeypatch.setenv("XDG_CACHE_HOME", str(checkout / ".cache"))
    else:
        monkeypatch.setenv("HOME", str(checkout))
        monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    assert _cache.cache_dir() == planted.parent  # where the planted entry is
    planted_bytes = planted.read_bytes()
    for _ in range(2):
        reg = treatyreg.load("data/r.yaml")
        assert reg["units"].title == "Agreement on the entry of units"
        assert not marker.exists()
    assert _entries(planted.parent) == [planted]  # the cache was off: nothing written
    assert planted.read_bytes() == planted_bytes


def test_an_entry_copied_from_elsewhere_never_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where the path rules do not reach (run from a subfolder of the checkout, the cache
    folder being beside it), an entry committed with a checksum its writer computed is still
    a miss: the checksum is bound to the cache folder's inode, which a clone (here a copy,
    as `git clone` makes new files) cannot know. The entry is replaced by a whole one."""
    marker = tmp_path / "it ran"
    checkout, planted = _checkout_with_a_planted_entry(tmp_path, monkeypatch, marker, "tools")
    previous = os.umask(0o077)
    try:
        clone = tmp_path / "clone"
        shutil.copytree(checkout, clone)
    finally:
        os.umask(previous)
    registries = clone / planted.parent.relative_to(checkout)
    monkeypatch.delenv("TREATYREG_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(clone / ".cache"))
    monkeypatch.chdir(clone / "tools")
    assert _cache.cache_dir() == registries
    assert (registries / planted.name).read_bytes() == planted.read_bytes()
    reg = treatyreg.load(os.path.join("..", "data", "r.yaml"))
    assert reg["units"].title == "Agreement on the entry of units"
    assert not marker.exists()
    assert _entries(registries) == [registries / planted.name]
    assert _cache.get(planted.stem) == reg  # written anew where it is: a hit


def test_an_entry_under_another_name_is_a_miss(cache: Path, tmp_path: Path) -> None:
    """An entry moved under another entry's name, its header rewritten to match, is still a
    miss: its checksum is bound to the key it was written for."""
    (tmp_path / "regs").mkdir()
    one, two = tmp_path / "regs" / "one.yaml", tmp_path / "regs" / "two.yaml"
    one.write_text(MINIMAL.replace("A report", "Report one"))
    two.write_text(MINIMAL.replace("A report", "Report two"))
    treatyreg.load(one)
    (first,) = _entries(cache)
    expected = treatyreg.load(two)
    (second,) = [p for p in _entries(cache) if p != first]
    second.write_bytes(first.read_bytes().replace(first.stem.encode(), second.stem.encode(), 1))
    assert treatyreg.load(two) == expected
    assert treatyreg.load(two).sources[0].title == "Report two"
