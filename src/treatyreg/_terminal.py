"""Text for a terminal: tables that fit its width, colour by status, a note while a long
load runs. Used by the CLI.

Colour is on when the stream is a terminal and `NO_COLOR` (https://no-color.org) is not set
(nor `TERM=dumb`); `FORCE_COLOR` turns it on anyway. rich would do this too, but importing it
costs about 60 ms (measured: `python -X importtime -c "import rich.console"`, 57 to 71 ms)
where the whole `treatyreg list` takes about 120 ms: a few escape codes are enough.
"""

from __future__ import annotations

import os
import re
import sys
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Final, TextIO

from treatyreg._characters import BIDI, C1, LINE_SEPARATORS
from treatyreg.lifecycle import Status

__all__ = [
    "colour_on",
    "github_escape",
    "is_terminal",
    "json_text",
    "loading_note",
    "paint",
    "shown",
    "table",
    "width",
]

# What a terminal or a CI log would act on rather than show: control characters, line
# breaks of any kind, and the bidi controls that reorder what is shown. Lone surrogates
# stand for bytes of a file name that are not UTF-8.
UNSHOWN: Final = re.compile(f"[\x00-\x1f{C1}{LINE_SEPARATORS}{BIDI}\ud800-\udfff]")


# What json.dumps leaves raw of UNSHOWN (it escapes the C0 controls in strings itself; the
# line breaks between values are JSON's own).
_JSON_UNSHOWN: Final = re.compile(f"[{C1}{LINE_SEPARATORS}{BIDI}\ud800-\udfff]")


def shown(text: str) -> str:
    """`text` with control characters, line breaks and bidi controls escaped (`\\n`,
    `\\x1b`, `\\u202e`), so a file name, a title or a message stays on its line and
    cannot command a terminal or a CI runner. Every text of the registry that a command
    prints goes through it.

    >>> print(shown("a\\n::stop-commands::x\\x1b[31m"))
    a\\n::stop-commands::x\\x1b[31m
    """
    return UNSHOWN.sub(lambda m: repr(m[0])[1:-1], text)


def github_escape(text: str, in_property: bool = False) -> str:
    r"""Text for a GitHub Actions workflow command (`::notice file=…::message`): `%`, CR and
    LF escaped as the runner reads them, and in a property `:` and `,` too. Data in it is
    escaped by `shown` first.

    >>> github_escape("a:b\nc", in_property=True)
    'a%3Ab%0Ac'
    """
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if in_property:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def json_text(text: str) -> str:
    """JSON text (from `json.dumps`) with what `shown` escapes written as `\\uXXXX`
    escapes: the same JSON value, and nothing in it a terminal acts on (JSON itself leaves
    C1 controls, bidi controls and line separators raw).

    >>> json_text('"a\\u202eb"')
    '"a\\\\u202eb"'
    """
    return _JSON_UNSHOWN.sub(lambda m: f"\\u{ord(m[0]):04x}", text)


# SGR colours of the statuses, close to the pictures' (STATUS_COLORS) on a 16-colour palette.
_SGR: Final[dict[Status, str]] = {
    Status.ADOPTED: "2",
    Status.SIGNED: "34",
    Status.IN_RATIFICATION: "33",
    Status.RATIFIED: "33;1",
    Status.PROVISIONALLY_APPLIED: "32",
    Status.IN_FORCE: "32;1",
    Status.SUSPENDED: "35",
    Status.TERMINATED: "90",
    Status.EXPIRED: "90",
    Status.SUPERSEDED: "90",
    Status.WITHDRAWN: "31",
}
_FAINT: Final = "2"


def colour_on(stream: TextIO | None, environ: Mapping[str, str] = os.environ) -> bool:
    """Whether to colour what is written to `stream`."""
    if environ.get("NO_COLOR"):
        return False
    if environ.get("FORCE_COLOR"):
        return True
    if environ.get("TERM") == "dumb":
        return False
    return is_terminal(stream)


def paint(text: str, sgr: str | None, on: bool) -> str:
    """`text` in the SGR style `sgr` when `on`."""
    return f"\x1b[{sgr}m{text}\x1b[0m" if on and sgr else text


def status_style(status: str, stale: bool = False) -> str | None:
    """The SGR style of a status (its value, e.g. "in_force"); faint when stale."""
    try:
        sgr = _SGR[Status(status)]
    except ValueError:
        return None
    return f"{sgr};{_FAINT}" if stale else sgr


def is_terminal(stream: TextIO | None) -> bool:
    """Whether `stream` is a terminal (not a pipe, a file, or closed)."""
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def width(stream: TextIO | None) -> int | None:
    """The columns to fit on a terminal (`COLUMNS` when set, else the terminal's own),
    None (no limit) when piped or redirected: a file gets whole cells."""
    if is_terminal(stream):
        import shutil  # only on a terminal

        return shutil.get_terminal_size().columns
    return None


def _cut(text: str, room: int) -> str:
    return text if len(text) <= room else text[: max(room - 1, 0)] + "…"


def table(
    rows: Sequence[Mapping[str, str]],
    columns: Sequence[str],
    *,
    fit: int | None = None,
    shrink: Sequence[tuple[str, int]] = (("title", 8),),
    optional: Sequence[str] = (),
    below: str | None = None,
    last_resort: Sequence[str] = (),
    styles: Sequence[Mapping[str, str | None]] | None = None,
    colour: bool = False,
) -> tuple[str, list[str]]:
    """Rows as aligned columns, at most `fit` characters wide (None: no limit): first the
    `shrink` columns are shortened (with "…") down to their minimum width, in order, then
    the `optional` columns are left out, in order (a shortened column gets back the room
    they leave), then the `below` column, if any, is shown on a line of its own under each
    row, indented, and last the `last_resort` columns are left out. Other columns are never
    cut. Returns the text and what was done to
    fit ("shortened titles", "left out parties"), empty when nothing was.
    `styles[i][column]` colours a cell when `colour` is on.

    >>> text, done = table([{"id": "a", "title": "A long title"}], ["id", "title"], fit=12)
    >>> print(text); done
    ID  TITLE
    a   A long …
    ['shortened title']
    """
    columns = list(columns)
    if UNSHOWN.search(" ".join(r[c] for r in rows for c in columns)):  # seldom: escape then
        rows = [{c: shown(r[c]) for c in columns} for r in rows]
    widths = {c: max([len(c), *(len(r[c]) for r in rows)]) for c in columns}
    done: list[str] = []

    def over() -> int:
        return sum(widths[c] for c in columns) + 2 * (len(columns) - 1) - (fit or 0)

    natural = dict(widths)
    under: str | None = None  # a column shown on a line of its own under each row
    if fit is not None:
        for c, least in shrink:
            if over() > 0 and c in widths and widths[c] > least:
                widths[c] = max(widths[c] - over(), least)
                done.append(f"shortened {c}")
        for c in optional:
            if over() > 0 and c in columns:
                columns.remove(c)
                done.append(f"left out {c}")
        for c, _ in shrink:  # room that leaving columns out gave back
            if over() < 0 and c in widths and widths[c] < natural[c]:
                widths[c] = min(natural[c], widths[c] - over())
                if widths[c] == natural[c]:
                    done.remove(f"shortened {c}")
        if over() > 0 and below in columns and len(columns) > 1:
            columns.remove(below)
            under = below
            done = [d for d in done if d != f"shortened {below}"] + [f"{below}s below"]
        for c in last_resort:
            if over() > 0 and c in columns:
                columns.remove(c)
                done.append(f"left out {c.replace('_', ' ')}")
    last = columns[-1]
    lines = ["  ".join(c.upper().replace("_", " ").ljust(widths[c]) for c in columns).rstrip()]
    for i, r in enumerate(rows):
        cells = []
        for c in columns:
            cell = _cut(r[c], widths[c])
            padded = cell if c == last else cell.ljust(widths[c])
            style = styles[i].get(c) if styles is not None else None
            cells.append(paint(padded, style, colour) if cell else padded)
        lines.append("  ".join(cells).rstrip())
        if under is not None and fit is not None:
            lines.append("    " + _cut(r[under], max(fit - 4, 8)))
    return "\n".join(lines), done


@contextmanager
def loading_note(what: str, stream: TextIO | None = None, after: float = 1.0) -> Iterator[None]:
    """While the block runs: if it takes more than `after` seconds and `stream` (stderr)
    is a terminal, say what is being read and, every second, for how long; the line is
    cleared when the block ends. Nothing at all when piped."""
    stream = sys.stderr if stream is None else stream
    if not is_terminal(stream):
        yield
        return
    done = threading.Event()
    started = time.monotonic()
    shown = threading.Event()

    def tick() -> None:
        if done.wait(after):
            return
        while True:
            seconds = time.monotonic() - started
            stream.write(f"\r\x1b[Ktreatyreg: reading {what}… {seconds:.0f} s")
            stream.flush()
            shown.set()
            if done.wait(1.0):
                return

    thread = threading.Thread(target=tick, daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()
        if shown.is_set():
            stream.write(f"\r\x1b[Ktreatyreg: read {what} in {time.monotonic() - started:.1f} s\n")
            stream.flush()
