"""Publishing: every export format holds the same tables, and the real tools read them:
Datasette serves the SQLite file (facets, full-text search, a page in headless Chromium),
DuckDB answers a join on the Parquet files as `Registry.filter` does, and `frictionless
validate` passes on the data package."""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import json
import os
import re
import shutil
import socket
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import treatyreg
from treatyreg import Registry, Status, strategies
from treatyreg.cli import EXPORT_FORMATS
from treatyreg.publish import FORMATS, TABLES, ExportError, export, json_schema, tables

ROOT = Path(__file__).parents[1]
EXE = shutil.which("treatyreg", path=str(Path(sys.executable).parent)) or "treatyreg"
EXAMPLE = ROOT / "tests" / "data" / "example-convention.yaml"


@pytest.fixture(scope="module")
def reg() -> Registry:
    return treatyreg.load_default()


def _target(folder: Path, fmt: str) -> Path:
    return folder / {"sqlite": "reg.db", "json": "reg.json"}.get(fmt, fmt)


def _read_back(fmt: str, path: Path) -> dict[str, int]:
    """How many rows each table has, read with the format's own reader."""
    if fmt == "sqlite":
        with sqlite3.connect(path) as db:
            return {t: db.execute(f"select count(*) from [{t}]").fetchone()[0] for t in TABLES}
    if fmt == "json":
        data = json.loads(path.read_text(encoding="utf-8"))
        return {t: len(rows) for t, rows in data["tables"].items()}
    if fmt == "parquet":
        import pyarrow.parquet as pq

        return {t: pq.read_table(path / f"{t}.parquet").num_rows for t in TABLES}
    with_csv = path  # csv and datapackage: one CSV per table
    counts = {}
    for t in TABLES:
        with (with_csv / f"{t}.csv").open(encoding="utf-8", newline="") as handle:
            counts[t] = sum(1 for _ in csv.DictReader(handle))
    return counts


def test_the_cli_knows_every_format() -> None:
    assert EXPORT_FORMATS == FORMATS


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("source", ["bundled", "example"])
def test_every_format_round_trips_the_counts(fmt: str, source: str, tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    pytest.importorskip("sqlite_utils")
    registry = treatyreg.load_default() if source == "bundled" else treatyreg.load(EXAMPLE)
    expected = {t: len(rows) for t, rows in tables(registry).items()}
    assert expected["agreements"] == len(registry)
    assert expected["agreement_parties"] == sum(len(a.parties) for a in registry)
    assert expected["events"] == sum(len(a.events) for a in registry)
    export(registry, fmt, _target(tmp_path, fmt))
    assert _read_back(fmt, _target(tmp_path, fmt)) == expected


@given(strategies.registries())
@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_any_registry_exports_to_sqlite_and_json(tmp_path: Path, registry: Registry) -> None:
    """Generated registries (odd ids, open dates, multilateral charts) export to SQLite and
    JSON with every row, and the JSON is valid against the committed schema."""
    pytest.importorskip("sqlite_utils")
    import jsonschema

    expected = {t: len(rows) for t, rows in tables(registry).items()}
    folder = Path(tempfile_dir(tmp_path))
    export(registry, "sqlite", folder / "reg.db")
    export(registry, "json", folder / "reg.json")
    assert _read_back("sqlite", folder / "reg.db") == expected
    data = json.loads((folder / "reg.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, json_schema(), format_checker=jsonschema.FormatChecker())
    assert {t: len(rows) for t, rows in data["tables"].items()} == expected


def tempfile_dir(base: Path) -> str:
    import tempfile

    return tempfile.mkdtemp(dir=base)


def test_the_committed_export_schema_is_current() -> None:
    committed = json.loads((ROOT / "schema" / "treatyreg-export-1.schema.json").read_text())
    assert committed == json_schema(), (
        "run: treatyreg schema --export > schema/treatyreg-export-1.schema.json"
    )


def test_the_json_export_is_valid_against_its_schema(reg: Registry, tmp_path: Path) -> None:
    import jsonschema

    export(reg, "json", tmp_path / "reg.json")
    data = json.loads((tmp_path / "reg.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, json_schema(), format_checker=jsonschema.FormatChecker())
    assert data["status_on_reason"] == "the registry's as-of day"
    units = next(r for r in data["tables"]["agreements"] if r["id"] == "ru-so-2017-units-entry")
    assert units["entered_into_force"] == "../2019-12-17"
    assert units["entered_into_force_lower"] is None
    assert units["entered_into_force_upper"] == "2019-12-17"
    assert units["last_evidence"] == str(reg.assess(units["id"]).last_evidence)


# -- SQLite and Datasette --------------------------------------------------------------------
@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("sqlite_utils")
    path = tmp_path_factory.mktemp("db") / "reg.db"
    export(treatyreg.load_default(), "sqlite", path)
    return path


def test_sqlite_has_keys_indexes_and_search(database: Path) -> None:
    with sqlite3.connect(database) as db:
        db.execute("pragma foreign_keys = on")
        assert db.execute("pragma foreign_key_check").fetchall() == []
        foreign = db.execute("pragma foreign_key_list(agreement_parties)").fetchall()
        assert {(f[2], f[3]) for f in foreign} == {
            ("agreements", "agreement"),
            ("parties", "party"),
        }
        indexes = {row[1] for row in db.execute("pragma index_list(events)")}
        assert any("agreement" in name for name in indexes)
        found = db.execute(
            "select id from agreements where rowid in "
            "(select rowid from agreements_fts where agreements_fts match 'military')"
        ).fetchall()
        assert ("ru-so-2023-military-technical-cooperation",) in found


def _datasette(database: Path):  # type: ignore[no-untyped-def]
    datasette = pytest.importorskip("datasette.app")
    metadata = json.loads(database.with_suffix(".metadata.json").read_text())
    return datasette.Datasette([str(database)], metadata=metadata)


def test_datasette_serves_facets_and_search(database: Path) -> None:
    """The real Datasette, through its test client: a faceted page and a search answer."""
    ds = _datasette(database)

    async def ask() -> tuple[dict, dict, str]:  # type: ignore[type-arg]
        facets = await ds.client.get("/reg/agreements.json?_facet=kind&_facet=status")
        search = await ds.client.get("/reg/agreements.json?_search=military&_shape=objects")
        page = await ds.client.get("/reg/agreements")
        return facets.json(), search.json(), page.text

    facets, search, page = asyncio.run(ask())
    kinds = {v["value"]: v["count"] for v in facets["facet_results"]["kind"]["results"]}
    reg = treatyreg.load_default()
    assert kinds == {k: sum(a.kind == k for a in reg) for k in {a.kind for a in reg}}
    assert "status" in facets["facet_results"]
    ids = [row["id"] for row in search["rows"]]
    assert "ru-so-2023-military-technical-cooperation" in ids
    assert "treatyreg registry bundled" in page  # the metadata's title
    assert "CC" in page or "Creative Commons" in page  # its licence


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.slow  # starts a server and a browser
def test_a_person_sees_the_agreements_in_chromium(database: Path, tmp_path: Path) -> None:
    """The served page in headless Chromium: its rendered text has an agreement's title,
    and the screenshot is a picture (its pixels vary)."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("Chromium is not installed here (apt-get install chromium); not run")
    pytest.importorskip("datasette")
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "datasette",
            str(database),
            "-p",
            str(port),
            "-m",
            str(database.with_suffix(".metadata.json")),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        url = f"http://127.0.0.1:{port}/reg/agreements"
        flags = ["--headless", "--no-sandbox", "--disable-gpu", "--window-size=1280,900"]
        dom = subprocess.run(
            [chromium, *flags, "--dump-dom", url], capture_output=True, text=True, timeout=120
        ).stdout
        shot = tmp_path / "page.png"
        subprocess.run(
            [chromium, *flags, f"--screenshot={shot}", url], capture_output=True, timeout=120
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert "Treaty between the Russian Federation and the Republic of South Ossetia" in dom
    from matplotlib import image

    assert float(image.imread(str(shot)).std()) > 0.01


# -- Parquet and DuckDB ----------------------------------------------------------------------
def _in_force_sql(folder: Path, party: str, status: str, day: dt.date) -> list[str]:
    import duckdb

    query = f"""
        SELECT a.id FROM '{folder}/status_periods.parquet' p
        JOIN '{folder}/agreements.parquet' a ON a.id = p.agreement
        WHERE p.party = ? AND p.status = ?
          AND p.start <= ? AND (p."end" IS NULL OR ? < p."end")
        ORDER BY a.position
    """
    with duckdb.connect() as db:
        return [row[0] for row in db.execute(query, [party, status, day, day]).fetchall()]


@pytest.mark.parametrize("source", ["bundled", "example"])
def test_duckdb_answers_the_join_as_filter_does(source: str, tmp_path: Path) -> None:
    """'Agreements with status S for party P on day D' from the Parquet files in DuckDB
    equals `Registry.filter(party=P, party_status=S, on=D)`, on every day a status changes."""
    pytest.importorskip("duckdb")
    pytest.importorskip("pyarrow")
    registry = treatyreg.load_default() if source == "bundled" else treatyreg.load(EXAMPLE)
    export(registry, "parquet", tmp_path / "pq", on="2030-01-01")
    # the days a status changes, up to the export's day (its periods end there; an open
    # end, `2011-11-09/..`, changes a status on the calendar's last day only)
    days = sorted(
        d
        for d in {e.upper for a in registry for e in a.events} | {dt.date(2020, 1, 1)}
        if d <= dt.date(2030, 1, 1)
    )
    checked = 0
    for party in registry.parties:
        for status in (Status.SIGNED, Status.IN_RATIFICATION, Status.IN_FORCE, Status.WITHDRAWN):
            for day in days[::3]:
                found = registry.filter(party=party.id, party_status=status, on=day)
                expected = list(found.ids)
                assert _in_force_sql(tmp_path / "pq", party.id, str(status), day) == expected
                checked += bool(expected)
    assert checked > 5  # the comparison was not all empty


def test_parquet_types(reg: Registry, tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    export(reg, "parquet", tmp_path / "pq")
    schema = pq.read_schema(tmp_path / "pq" / "agreements.parquet")
    assert schema.field("signed_lower").type == pa.date32()
    assert schema.field("parties").type == pa.list_(pa.string())
    assert schema.field("stale").type == pa.bool_()


# -- the data package ------------------------------------------------------------------------
def _frictionless() -> str:
    tool = shutil.which("frictionless", path=str(Path(sys.executable).parent))
    if tool is None:
        pytest.skip("frictionless is not installed (pip install frictionless)")
    return tool


def _validated_package(folder: Path) -> Any:
    """The data package in `folder`, after the real `frictionless validate` passed it."""
    descriptor = folder / "datapackage.json"
    done = subprocess.run(
        [_frictionless(), "validate", str(descriptor)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads(descriptor.read_text())


def test_frictionless_validates_the_package(reg: Registry, tmp_path: Path) -> None:
    _frictionless()
    export(reg, "datapackage", tmp_path / "pkg")
    package = _validated_package(tmp_path / "pkg")
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    assert package["version"] == reg.as_of.isoformat()  # type: ignore[union-attr]
    assert len(package["sources"]) == len(reg.sources)


# -- atomic, and never over someone else's file ----------------------------------------------
@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_refuses_to_replace_what_is_not_an_export(reg: Registry, tmp_path: Path, fmt: str) -> None:
    target = _target(tmp_path, fmt)
    if fmt == "csv":
        target.mkdir()
        (target / "mine.txt").write_text("keep me")
    else:
        target.write_text("keep me")
    with pytest.raises(ExportError, match="not a treatyreg export"):
        export(reg, fmt, target)
    kept = (target / "mine.txt") if fmt == "csv" else target
    assert kept.read_text() == "keep me"
    if fmt == "csv":  # --force never deletes a folder's own files
        with pytest.raises(ExportError, match="not even with --force"):
            export(reg, fmt, target, force=True)
        assert kept.read_text() == "keep me"
        kept.unlink()  # an empty folder is replaced with --force
    export(reg, fmt, target, force=True)
    assert _read_back(fmt, target)["agreements"] == len(reg)
    export(reg, fmt, target)  # an earlier export is replaced without --force
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name]  # nothing left behind


def test_a_failed_export_leaves_the_old_one(reg: Registry, tmp_path: Path) -> None:
    export(reg, "json", tmp_path / "reg.json")
    before = (tmp_path / "reg.json").read_bytes()
    with pytest.raises(treatyreg.DateError):
        export(reg, "json", tmp_path / "reg.json", on="not a day")
    assert (tmp_path / "reg.json").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reg.json"]


@pytest.mark.slow
def test_the_cli_as_a_user_runs_it(tmp_path: Path) -> None:
    done = subprocess.run(
        [EXE, "export", "--format", "sqlite", "--output", str(tmp_path / "reg.db")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "wrote " in done.stderr
    assert f"datasette {tmp_path / 'reg.db'} -m {tmp_path / 'reg.metadata.json'}" in done.stderr
    (tmp_path / "notes.json").write_text("{}")
    refused = subprocess.run(
        [EXE, "export", "--format", "json", "--output", str(tmp_path / "notes.json")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert refused.returncode == 2
    assert "not a treatyreg export" in refused.stderr
    assert (tmp_path / "notes.json").read_text() == "{}"


# -- issue 22: what is replaced, hangs and crashes, permissions, content -------------------
_AMBIGUOUS = """treatyreg: 1
parties:
  - {id: RU, name: Russia}
sources:
  - {id: s1, title: A}
agreements:
  - {id: a, title: T, kind: treaty, parties: [RU], sources: [s1], aliases: ["Pact A; Pact B"]}
  - {id: b, title: T, kind: treaty, parties: [RU], sources: [s1], aliases: ["Pact A", " Pact B"]}
"""


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    path = tmp_path_factory.mktemp("small") / "amb.yaml"
    path.write_text(_AMBIGUOUS, encoding="utf-8")
    return treatyreg.load(path)


def _cli(*args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # type: ignore[call-overload,no-any-return]
        [sys.executable, "-m", "treatyreg.cli", "export", *args],
        capture_output=True,
        text=True,
        timeout=kwargs.pop("timeout", 60),
        env={**os.environ, "TREATYREG_NO_CACHE": "1", "PYTHONDONTWRITEBYTECODE": "1"},
        **kwargs,
    )


@pytest.mark.parametrize(
    "text",
    [
        json.dumps(json_schema(), indent=2),  # a copy of the export's schema
        'import json\nprint(json.load(open("reg.json"))["treatyreg_export"])\n',  # a script
        '{"notes": "mine", "treatyreg_export": 1}',  # the key, but not first nor an export
    ],
)
def test_a_file_that_mentions_the_marker_is_not_an_export(
    small: Registry, tmp_path: Path, text: str
) -> None:
    target = tmp_path / "reg.json"
    target.write_text(text)
    with pytest.raises(ExportError, match="not a treatyreg export"):
        export(small, "json", target)
    assert target.read_text() == text


def test_a_sqlite_file_is_ours_by_its_metadata_table(small: Registry, tmp_path: Path) -> None:
    pytest.importorskip("sqlite_utils")
    target = tmp_path / "reg.db"
    with sqlite3.connect(target) as db:  # someone's database with a table of that name
        db.execute("create table _treatyreg_export (mine text)")
        db.execute("insert into _treatyreg_export values ('keep')")
    db.close()
    with pytest.raises(ExportError, match="not a treatyreg export"):
        export(small, "sqlite", target)
    with sqlite3.connect(target) as db:
        assert db.execute("select mine from _treatyreg_export").fetchall() == [("keep",)]
    db.close()


@pytest.mark.parametrize("fmt", ["csv", "parquet", "datapackage"])
def test_a_folder_with_a_file_of_the_users_is_not_replaced(
    small: Registry, tmp_path: Path, fmt: str
) -> None:
    pytest.importorskip("pyarrow")
    target = tmp_path / fmt
    export(small, fmt, target)
    (target / "my-notes.txt").write_text("keep me")
    with pytest.raises(ExportError, match="not a treatyreg export"):
        export(small, fmt, target)
    assert (target / "my-notes.txt").read_text() == "keep me"
    with pytest.raises(ExportError, match="not even with --force"):
        export(small, fmt, target, force=True)
    assert (target / "my-notes.txt").read_text() == "keep me"


@pytest.mark.parametrize("fmt", ["json", "sqlite", "csv"])
def test_force_never_deletes_a_folder_of_files(small: Registry, tmp_path: Path, fmt: str) -> None:
    """`--force` over the registry's own folder, the working directory, or a link to a
    folder elsewhere: refused, everything kept (a file format over a folder too)."""
    pytest.importorskip("sqlite_utils")
    data = tmp_path / "data"
    data.mkdir()
    (data / "reg.yaml").write_text("treatyreg: 1\n")
    elsewhere = tmp_path / "victim"
    (elsewhere / "sub").mkdir(parents=True)
    (elsewhere / "sub" / "doc.txt").write_text("secret")
    (tmp_path / "site").symlink_to(elsewhere)
    for target in (data, tmp_path, tmp_path / "site"):
        with pytest.raises(ExportError, match="not even with --force"):
            export(small, fmt, target, force=True)
    assert (data / "reg.yaml").read_text() == "treatyreg: 1\n"
    assert (elsewhere / "sub" / "doc.txt").read_text() == "secret"


def test_a_hand_edited_datasette_metadata_file_is_kept(small: Registry, tmp_path: Path) -> None:
    pytest.importorskip("sqlite_utils")
    export(small, "sqlite", tmp_path / "reg.db")
    meta = tmp_path / "reg.metadata.json"
    export(small, "sqlite", tmp_path / "reg.db")  # our own metadata: replaced
    edited = json.loads(meta.read_text())
    edited["title"] = "My own title"
    meta.write_text(json.dumps(edited))
    db_before = (tmp_path / "reg.db").read_bytes()
    with pytest.raises(ExportError, match=r"reg\.metadata\.json"):
        export(small, "sqlite", tmp_path / "reg.db")
    assert json.loads(meta.read_text())["title"] == "My own title"
    assert (tmp_path / "reg.db").read_bytes() == db_before
    export(small, "sqlite", tmp_path / "reg.db", force=True)
    assert json.loads(meta.read_text())["title"] != "My own title"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reg.db", "reg.metadata.json"]


def test_a_failed_metadata_step_leaves_the_database_and_no_temporary(
    small: Registry, tmp_path: Path
) -> None:
    pytest.importorskip("sqlite_utils")
    export(small, "sqlite", tmp_path / "reg.db")
    before = (tmp_path / "reg.db").read_bytes()
    (tmp_path / "reg.metadata.json").unlink()
    (tmp_path / "reg.metadata.json").mkdir()  # the metadata cannot be written there
    (tmp_path / "reg.metadata.json" / "x").write_text("x")
    with pytest.raises(ExportError):
        export(small, "sqlite", tmp_path / "reg.db", on="2030-01-01")
    assert (tmp_path / "reg.db").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reg.db", "reg.metadata.json"]


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_the_temporaries_of_a_killed_export_are_cleaned(small: Registry, tmp_path: Path) -> None:
    """A temporary is named for its export, host and process: the next export removes
    those whose process is gone, and keeps a live one's and anything not ours."""
    import socket as sockets

    host = "".join(c if c.isalnum() else "-" for c in sockets.gethostname())
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        dead = tmp_path / f".reg.json.treatyreg-tmp.{host}.{_dead_pid()}.abc"
        live = tmp_path / f".reg.json.treatyreg-tmp.{host}.{sleeper.pid}.abc"
        dead_folder = tmp_path / f".csv.treatyreg-tmp.{host}.{_dead_pid()}.abc"
        other = tmp_path / ".reg.json.something-else"
        for path in (dead, live, other):
            path.write_text("x")
        dead_folder.mkdir()
        (dead_folder / "agreements.csv").write_text("x")
        export(small, "json", tmp_path / "reg.json")
        export(small, "csv", tmp_path / "csv")
        assert not dead.exists()
        assert not dead_folder.exists()
        assert live.exists()
        assert other.exists()
    finally:
        sleeper.kill()
        sleeper.wait()


def test_a_fifo_is_refused_without_blocking(small: Registry, tmp_path: Path) -> None:
    fifo = tmp_path / "reg.json"
    os.mkfifo(fifo)
    for force in ((), ("--force",)):
        done = _cli(
            "--data",
            str(small_path(tmp_path)),
            "--format",
            "json",
            "--output",
            str(fifo),
            *force,
            timeout=30,
        )
        assert done.returncode == 2, done.stderr
        assert "not a regular file" in done.stderr
        assert "Traceback" not in done.stderr


def small_path(tmp_path: Path) -> Path:
    path = tmp_path / "amb.yaml"
    if not path.exists():
        path.write_text(_AMBIGUOUS, encoding="utf-8")
    return path


def test_dev_stdout_into_a_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "treatyreg.cli",
            "export",
            "--data",
            str(small_path(tmp_path)),
            "--format",
            "json",
            "--output",
            "/dev/stdout",
        ],
        capture_output=True,  # stdout is a pipe
        text=True,
        timeout=30,
    )
    assert done.returncode == 2, done.stderr
    assert "not a regular file" in done.stderr


def _full_disk() -> None:
    import resource
    import signal

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # writes past the limit fail with EFBIG
    resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))


@pytest.mark.parametrize("fmt", ["sqlite", "json", "csv", "parquet"])
def test_a_full_disk_is_a_clean_error(fmt: str, tmp_path: Path) -> None:
    """Writes fail as on a full disk (a file-size limit): a one-line message, exit 2, the
    earlier export untouched and no temporary left."""
    pytest.importorskip("sqlite_utils")
    pytest.importorskip("pyarrow")
    target = _target(tmp_path, fmt)
    bundled = treatyreg.load_default()
    export(bundled, fmt, target)  # bigger than the limit in every format
    before = {p.name for p in tmp_path.iterdir()}
    done = _cli("--format", fmt, "--output", str(target), timeout=120, preexec_fn=_full_disk)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert {p.name for p in tmp_path.iterdir()} == before
    assert _read_back(fmt, target)["agreements"] == len(bundled)


@pytest.mark.parametrize("name", ["reg#1.db", "a?b.db"])
def test_sqlite_outputs_are_paths_not_uris(small: Registry, tmp_path: Path, name: str) -> None:
    pytest.importorskip("sqlite_utils")
    export(small, "sqlite", tmp_path / name)
    export(small, "sqlite", tmp_path / name)  # an earlier export: recognised and replaced
    meta = Path(name).with_suffix(".metadata.json").name
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([name, meta])
    assert _read_back("sqlite", tmp_path / name)["agreements"] == 2


@pytest.mark.parametrize("mask", [0o022, 0o027])
@pytest.mark.parametrize("fmt", FORMATS)
def test_exports_follow_the_umask(small: Registry, tmp_path: Path, fmt: str, mask: int) -> None:
    pytest.importorskip("sqlite_utils")
    pytest.importorskip("pyarrow")
    old = os.umask(mask)
    try:
        export(small, fmt, _target(tmp_path, fmt))
    finally:
        os.umask(old)
    for path in [tmp_path, *tmp_path.rglob("*")]:
        if path == tmp_path:
            continue
        expected = (0o777 if path.is_dir() else 0o666) & ~mask
        assert stat.S_IMODE(path.stat().st_mode) == expected, path


def test_list_cells_are_unambiguous(small: Registry, tmp_path: Path) -> None:
    export(small, "csv", tmp_path / "csv")
    with (tmp_path / "csv" / "agreements.csv").open(encoding="utf-8", newline="") as handle:
        cells = [row["aliases"] for row in csv.DictReader(handle)]
    assert cells[0] != cells[1]
    assert [json.loads(c) for c in cells] == [["Pact A; Pact B"], ["Pact A", " Pact B"]]


@given(st.lists(st.lists(st.text())))
def test_list_cells_round_trip_through_csv(values: list[list[str]]) -> None:
    import io

    from treatyreg.publish import _text

    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    for value in values:
        writer.writerow([_text(value), "x"])
    back = [json.loads(row[0]) for row in csv.reader(io.StringIO(out.getvalue(), newline=""))]
    assert back == values


@given(st.text())
def test_package_names_are_valid_for_any_file_name(name: str) -> None:
    from treatyreg.publish import _package_name

    assert re.fullmatch(r"[-a-z0-9._/]+", _package_name(name))


def test_frictionless_validates_an_accented_package(tmp_path: Path) -> None:
    _frictionless()
    source = tmp_path / "Données Été.yaml"
    source.write_text(_AMBIGUOUS, encoding="utf-8")
    export(treatyreg.load(source), "datapackage", tmp_path / "pkg")
    package = _validated_package(tmp_path / "pkg")
    assert package["name"] == "treatyreg-donnees-ete-yaml"
    fields = {f["name"]: f for f in package["resources"][0]["schema"]["fields"]}
    assert fields["aliases"]["type"] == "array"  # the cells are JSON arrays


def test_exports_of_the_previous_version_are_recognised(small: Registry, tmp_path: Path) -> None:
    """The previous version wrote indented JSON and metadata without a digest: still ours
    (as long as nobody edited them)."""
    pytest.importorskip("sqlite_utils")
    from treatyreg.publish import datasette_metadata

    found = {
        "treatyreg_export": 1,
        "registry": small.name,
        "as_of": None,
        "status_on": "2026-01-01",
        "status_on_reason": "today",
        "license": "CC-BY-4.0",
        "tables": {name: [] for name in TABLES},
    }
    (tmp_path / "reg.json").write_text(json.dumps(found, indent=1) + "\n")
    export(small, "json", tmp_path / "reg.json")
    assert json.loads((tmp_path / "reg.json").read_text())["tables"]["agreements"]
    export(small, "sqlite", tmp_path / "reg.db")
    meta = datasette_metadata(small, "reg")
    del meta["treatyreg_export"]
    (tmp_path / "reg.metadata.json").write_text(json.dumps(meta, indent=2))
    export(small, "sqlite", tmp_path / "reg.db")
    assert "treatyreg_export" in json.loads((tmp_path / "reg.metadata.json").read_text())
    meta["title"] = "edited"
    (tmp_path / "reg.metadata.json").write_text(json.dumps(meta, indent=2))
    with pytest.raises(ExportError, match="metadata"):
        export(small, "sqlite", tmp_path / "reg.db")


@pytest.mark.parametrize("fmt", ["json", "sqlite", "csv"])
def test_an_output_that_is_a_link_is_written_through(
    small: Registry, tmp_path: Path, fmt: str
) -> None:
    """As `treatyreg.dump` does: the file or folder the link names is replaced, and the
    link stays a link."""
    pytest.importorskip("sqlite_utils")
    (tmp_path / "real").mkdir()
    real = _target(tmp_path / "real", fmt)
    export(small, fmt, real, on="2001-01-01")
    link = tmp_path / real.name
    link.symlink_to(Path("real") / real.name)
    export(small, fmt, link, on="2030-01-01")
    assert link.is_symlink()
    assert _read_back(fmt, real)["agreements"] == 2
    if fmt == "json":
        assert json.loads(real.read_text())["status_on"] == "2030-01-01"


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: (
        st.lists(inner)
        | st.dictionaries(st.sampled_from(["treatyreg_export", "tables", "x"]) | st.text(), inner)
    ),
    max_leaves=20,
)


@given(_JSON)
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_no_json_but_an_export_is_taken_for_one(
    small: Registry, tmp_path: Path, value: object
) -> None:
    """JSON documents made of the marker, "tables" and anything else are refused unless
    they are what an export writes (its marker first, then its metadata, then tables)."""
    target = tmp_path / "doc.json"
    text = json.dumps(value, indent=1)
    target.write_text(text)
    try:
        export(small, "json", target)
    except ExportError:
        assert target.read_text() == text
    else:
        assert isinstance(value, dict)
        assert list(value)[:1] == ["treatyreg_export"]
        assert isinstance(value["treatyreg_export"], int)
        assert "tables" in value


@pytest.mark.slow  # three fresh processes
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux's VmHWM")
def test_the_json_export_takes_at_most_three_registries_of_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """benchmarks/export_memory.py's target, at 3,000 generated agreements (the export
    used to take 11x the loaded registry on top of it: every table twice, one string)."""
    monkeypatch.setenv("TREATYREG_NO_CACHE", "1")  # the script sets it: undone after
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import export_memory
        from generate import write
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    registry = tmp_path / "reg.yaml"
    write(3000, registry)
    src = ROOT / "src"
    floor, load, done = (
        export_memory.peak(src, step, registry, tmp_path / "reg.json")
        for step in ("floor", "load", "export")
    )
    assert done - load <= export_memory.TARGET * (load - floor), (floor, load, done)


def test_datasette_facets_lists_by_item_and_hides_the_exports_own_table(database: Path) -> None:
    """The metadata's facets, as Datasette shows them with no facet asked: topics and
    parties counted per item (array facets), not per whole list; the export's own
    `_treatyreg_export` table hidden from the database's page."""
    ds = _datasette(database)

    async def ask() -> tuple[dict, dict]:  # type: ignore[type-arg]
        table = await ds.client.get("/reg/agreements.json?_size=0")
        database_page = await ds.client.get("/reg.json")
        return table.json(), database_page.json()

    table, database_page = asyncio.run(ask())
    reg = treatyreg.load_default()
    topics = {v["value"]: v["count"] for v in table["facet_results"]["topics"]["results"]}
    assert topics["defence"] == sum("defence" in a.topics for a in reg)
    parties = {v["value"]: v["count"] for v in table["facet_results"]["parties"]["results"]}
    assert parties == {p.id: sum(p.id in a.parties for a in reg) for p in reg.parties}
    hidden = {t["name"] for t in database_page["tables"] if t["hidden"]}
    assert "_treatyreg_export" in hidden
    shown = [t["name"] for t in database_page["tables"] if not t["hidden"]]
    assert "_treatyreg_export" not in shown


def test_odd_outputs_and_names_after_review(small: Registry, tmp_path: Path) -> None:
    """A registry whose file name is not UTF-8 exports (its name shown with U+FFFD); an
    output that is deeply nested JSON is refused, not a traceback; `.` is no SQLite file."""
    pytest.importorskip("sqlite_utils")
    bad = tmp_path / os.fsdecode(b"bad\xff.yaml")
    bad.write_bytes((ROOT / "tests" / "data" / "example-convention.yaml").read_bytes())
    reg = treatyreg.load(bad, cache=False)
    for fmt, out in (("json", "j.json"), ("sqlite", "s.db"), ("datapackage", "dp")):
        export(reg, fmt, tmp_path / out)
    assert json.loads((tmp_path / "j.json").read_text())["registry"] == "bad\ufffd.yaml"
    nested = tmp_path / "n.json"
    nested.write_text('{"treatyreg_export": ' + "[" * 30000 + ', "tables": [')
    with pytest.raises(ExportError, match="not a treatyreg export"):
        export(small, "json", nested)
    (tmp_path / "n.metadata.json").write_text("[" * 200000)
    with pytest.raises(ExportError, match="not Datasette metadata that treatyreg wrote"):
        export(small, "sqlite", tmp_path / "n.db")
    with pytest.raises(ExportError, match="names no file"):
        export(small, "sqlite", ".")


def test_looking_at_a_foreign_database_never_changes_it(small: Registry, tmp_path: Path) -> None:
    """A WAL-mode database of the user's with changes not yet checkpointed: refused, and
    neither it nor its -wal file touched (opening it read-write would checkpoint it)."""
    pytest.importorskip("sqlite_utils")
    path = tmp_path / "user.db"
    writer = (  # a process that ends without closing: its WAL stays, not checkpointed
        "import os, sqlite3, sys; db = sqlite3.connect(sys.argv[1]);"
        "db.execute('pragma journal_mode=wal'); db.execute('pragma wal_autocheckpoint=0');"
        "db.execute('create table t (x)'); db.execute('insert into t values (1)');"
        "db.commit(); os._exit(0)"
    )
    subprocess.run([sys.executable, "-c", writer, str(path)], check=True, timeout=60)
    wal = tmp_path / "user.db-wal"
    before = (path.read_bytes(), wal.read_bytes())
    with pytest.raises(ExportError, match="not a treatyreg export"):
        export(small, "sqlite", path)
    assert wal.exists()
    assert (path.read_bytes(), wal.read_bytes()) == before
