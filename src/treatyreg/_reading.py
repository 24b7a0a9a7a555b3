"""YAML bytes -> text -> one positioned event stream, safely: the first stage of loading.

The file is read as libyaml's *event stream*, never by PyYAML's composer, so that every
scalar stays text (no YAML 1.1 typing: `NO` stays "NO") and every event keeps its place.
`events()` gives that stream once, with aliases replayed from the events their anchor
recorded, within `Limits.max_alias_nodes`; the converter (`treatyreg._convert`) checks tags,
depth, duplicate and complex keys as it reads, applies merge keys, and builds the records.
The limits against hostile input (size, nesting depth, alias expansion) are enforced *while*
streaming, before anything deep or huge is built.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from typing import Any, Final, Protocol

import attrs
import yaml

from treatyreg._limits import Limits
from treatyreg.diagnostics import Diagnostic, quote

__all__ = [
    "Limits",
    "Lines",
    "StopReadingError",
    "decode",
    "events",
    "line_starts",
    "parser",
    "tag_problem",
    "yaml_error",
    "yaml_problem",
]

try:  # libyaml's parser when PyYAML was built with it; the pure-Python one otherwise
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader


_ALLOWED_TAGS: Final = frozenset(
    {"!", "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
)


class StopReadingError(Exception):
    """Reading cannot go on (a limit or a syntax error): the diagnostic is already kept, or
    is the exception's one argument."""


def tag_problem(tag: str | None, path: str, line: int, column: int) -> Diagnostic | None:
    """TR007 for an explicit tag the file format does not use (`!!python/...` above all).

    >>> tag_problem("tag:yaml.org,2002:python/object", "a.yaml", 3, 7).message
    "tag '!!python/object' would build a Python object; refused"
    """
    if tag is None or tag in _ALLOWED_TAGS:
        return None
    shown = tag.replace("tag:yaml.org,2002:", "!!")
    if "python/" in tag:
        message = f"tag {quote(shown)} would build a Python object; refused"
        hint = "remove the tag: the file format needs none"
    else:
        message = f"explicit tag {quote(shown)} is not used by the file format; refused"
        hint = "remove the tag and write the value as plain text"
    return Diagnostic.of(path, line, column, "TR007", message, hint)


# The problems of the YAML itself, worded once: code, message and hint, with `{...}` filled in.
_YAML_PROBLEMS: Final = {
    "empty file": (
        "TR004",
        "the file is empty: no YAML document in it",
        "start it with `treatyreg: 1`",
    ),
    "second document": (
        "TR005",
        "a second YAML document in the same file",
        "keep one document per file; split a registry into files instead",
    ),
    "duplicate key": (
        "TR006",
        "duplicate key {key}",
        "first given at line {first}; YAML keeps only one of them",
    ),
    "too deep": (
        "TR008",
        "nesting deeper than {limit} levels",
        "no registry needs this; is the file generated or hostile?",
    ),
    "too many problems": (
        "TR008",
        "stopped reading the file after {limit} problems",
        "fix these first, or raise the limit (--max-problems)",
    ),
    "complex key": ("TR009", "a mapping key must be plain text, not a list or mapping", ""),
    "bad merge": ("TR010", "a merge key (<<) must name a mapping or a list of mappings", ""),
    "too many in all": (
        "TR008",
        "stopped after {limit} problems in all files",
        "fix these first, or raise the limit (--max-total-problems)",
    ),
}


def yaml_problem(kind: str, path: str, line: int, column: int, **values: object) -> Diagnostic:
    """One of the problems of the YAML itself, by its name in `_YAML_PROBLEMS`.

    >>> yaml_problem("too deep", "a.yaml", 1, 65, limit=64).message
    'nesting deeper than 64 levels'
    """
    code, message, hint = _YAML_PROBLEMS[kind]
    return Diagnostic.of(
        path,
        line,
        column,
        code,
        message.format(**values),
        hint.format(**values) or None,
    )


# What libyaml counts as a line break.
_LINE_BREAK: Final = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def _position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset, with libyaml's line breaks."""
    starts = line_starts(text[:offset])
    return len(starts), offset - starts[-1] + 1


class Lines:
    """Positions as git and GitHub count them: only LF ends a line (libyaml also ends lines
    at a lone CR, NEL, U+2028 and U+2029, which would put annotations on wrong lines).

    >>> lines = Lines("a: 'x\\u2028y'\\nb: 1\\n")
    >>> lines.fix(3, 1), lines.at(lines.offset_of(3, 1))
    ((2, 1), (2, 1))
    """

    __slots__ = ("_git", "_yaml", "plain", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        # no odd breaks (nearly every file): libyaml's lines are git's lines; tested with
        # `in` and counts, which are 100 times faster than the pattern on a large text
        self.plain = not (
            "\x85" in text
            or "\u2028" in text
            or "\u2029" in text
            or ("\r" in text and text.count("\r") != text.count("\r\n"))
        )
        self._git: list[int] | None = None
        self._yaml: list[int] | None = None

    def at(self, offset: int) -> tuple[int, int]:
        """1-based line and column, as git counts them, of a character offset."""
        if self._git is None:
            self._git = [0, *(m.end() for m in re.finditer("\n", self.text))]
        line = bisect.bisect_right(self._git, offset)
        return line, offset - self._git[line - 1] + 1

    def offset_of(self, line: int, column: int) -> int:
        """The character offset of a 1-based line and column as libyaml counts them."""
        if self._yaml is None:
            self._yaml = line_starts(self.text)
        return self._yaml[min(line, len(self._yaml)) - 1] + column - 1

    def fix(self, line: int, column: int) -> tuple[int, int]:
        """A libyaml line and column as git counts them."""
        if self.plain:
            return line, column
        return self.at(self.offset_of(line, column))

    def fix_all(self, problems: list[Diagnostic]) -> list[Diagnostic]:
        """`problems`, placed by libyaml, placed as git counts lines."""
        if self.plain:
            return problems
        return [
            attrs.evolve(p, line=line, column=column)
            for p in problems
            for line, column in [self.fix(p.line, p.column)]
        ]


def _decode(data: bytes, path: str) -> tuple[str | None, list[Diagnostic]]:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        good = data[: error.start].decode("utf-8", errors="replace")
        line, column = Lines(good).at(len(good))
        bad = data[error.start : error.start + 4]
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return None, [
                Diagnostic.of(
                    path,
                    1,
                    1,
                    "TR002",
                    "the file is UTF-16 text; treatyreg reads UTF-8 only",
                    "save the file as UTF-8",
                )
            ]
        return None, [
            Diagnostic.of(
                path,
                line,
                column,
                "TR002",
                f"not UTF-8: byte(s) {bad!r} cannot be decoded",
                "save the file as UTF-8",
            )
        ]
    return text.removeprefix("\ufeff"), []


_PROBLEM_CLEAN: Final = re.compile(r"\s+")


def decode(data: bytes, path: str, limits: Limits) -> tuple[str | None, list[Diagnostic]]:
    """The file's text, or None and why not (over the size limit, not UTF-8)."""
    if len(data) > limits.max_bytes:
        return None, [
            Diagnostic.of(
                path,
                1,
                1,
                "TR008",
                f"file is {len(data)} bytes, over the limit of {limits.max_bytes}",
                "split the registry into several files",
            )
        ]
    return _decode(data, path)


def _too_deep(end: int, text: str, path: str, max_depth: int) -> Diagnostic:
    """TR008 "too deep" at the first collection nested past `max_depth`, for a document that
    libyaml refused at its own nesting limit at offset `end`: the text before that offset is
    parsed again, counting depth, so the place and the limit are treatyreg's own."""
    events = parser(text[:end])
    depth = 0
    line, column = _position(text, end)
    try:
        while (event := events.get_event()) is not None:
            kind = type(event)
            if kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                depth += 1
                if depth > max_depth:
                    mark = event.start_mark
                    line, column = mark.line + 1, mark.column + 1
                    break
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                depth -= 1
    except yaml.YAMLError:  # the cut text ends inside the document: libyaml's limit is lower
        max_depth = min(max_depth, depth)
    finally:
        events.dispose()
    return yaml_problem("too deep", path, line, column, limit=max_depth)


def yaml_error(
    error: yaml.YAMLError, text: str, path: str, limits: Limits | None = None
) -> Diagnostic:
    """TR003 for a syntax error raised by the YAML parser, at the place it names; TR008 when
    the parser stopped at a nesting limit of its own (libyaml does from PyYAML 6.0.3 on)."""
    if (
        isinstance(error, yaml.MarkedYAMLError)
        and error.problem_mark is not None
        and "maximum nesting depth" in (error.problem or "")
    ):
        max_depth = (limits or Limits()).max_depth
        return _too_deep(error.problem_mark.index, text, path, max_depth)
    if isinstance(error, yaml.MarkedYAMLError):
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = _PROBLEM_CLEAN.sub(" ", f"{error.context or ''} {error.problem or ''}").strip()
        message = f"YAML syntax error: {problem}"
    elif isinstance(error, yaml.reader.ReaderError):
        # libyaml counts this offset in bytes of the UTF-8 text, PyYAML's own reader in
        # characters
        offset = error.position
        if _Loader is not yaml.SafeLoader:
            offset = len(text.encode("utf-8")[:offset].decode("utf-8", "ignore"))
        line, column = _position(text, offset)
        message = (
            f"YAML syntax error: character {chr(error.character)!r} is not allowed in YAML text"
            if isinstance(error.character, int)
            else f"YAML syntax error: {error}"
        )
    else:
        line, column = 1, 1
        message = f"YAML syntax error: {_PROBLEM_CLEAN.sub(' ', str(error))}"
    return Diagnostic.of(path, line, column, "TR003", message)


class Readable(Protocol):
    """A text stream, as the parser reads one: `read(size)` gives the next characters."""

    def read(self, size: int = -1, /) -> str: ...


def parser(text: str | Readable) -> Any:
    """libyaml's parser over `text`: its `get_event()` gives one event per call, positioned
    by `start_mark` (0-based line and column, and character index), scalars always as
    text."""
    return _Loader(text)


def line_starts(text: str) -> list[int]:
    """The offset where each line of `text` starts, for turning offsets into positions;
    lines end where libyaml ends them (LF, CRLF, CR, NEL, U+2028, U+2029).

    >>> line_starts("a\\nb\\r\\nc\\rd")
    [0, 2, 5, 7]
    """
    return [0, *(m.end() for m in _LINE_BREAK.finditer(text))]


# Where an anchor can be: `&` at the start of a node, after white space, a flow indicator,
# the `:` of a flow pair or the `?` of a flow key. A text without one has no anchor, so no
# alias can be resolved in it. (Written to start with `&`, so that a text without one is
# scanned at memchr's speed.)
_MAY_ANCHOR: Final = re.compile(r"&(?<![^\s\[{,:?\ufeff]&)\S")
# The names an alias may use (libyaml and PyYAML read anchor names as these characters).
_ALIAS_NAME: Final = re.compile(r"\*([0-9A-Za-z_-]+)")
_ALIAS: Final = yaml.AliasEvent
_STARTS: Final = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_ENDS: Final = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


class _Replaying:
    """libyaml's events with every alias replaced by the events its anchor stood for.

    While an anchored node is read, its events are logged (one log for all anchors, which
    nest); an alias pushes the anchored slice of the log back onto a queue, after counting
    its nodes against `max_alias_nodes`. Events given again (replayed or merged) never define
    anchors. Merged events (`push_merged`) come first and are never logged: the mapping they
    are merged into is what an anchor around it stands for.
    """

    __slots__ = (
        "_aliased",
        "_anchors",
        "_depth",
        "_left",
        "_log",
        "_merged",
        "_next",
        "_nodes",
        "_open",
        "_queue",
        "max_alias_nodes",
        "path",
    )

    def __init__(
        self, get: Callable[[], Any], path: str, limits: Limits, aliased: frozenset[str]
    ) -> None:
        self._next = get
        # the names that some alias may use: an anchor no alias names is not logged
        self._aliased = aliased
        self.path = path
        self.max_alias_nodes = limits.max_alias_nodes
        self._left = limits.max_alias_nodes  # nodes that aliases may still expand to
        self._queue: list[Any] = []  # replayed events, the next one last
        self._merged: list[Any] = []  # merged events, the next one last
        self._log: list[Any] = []  # the events read while an anchored node was open
        self._nodes = 0  # the scalars and collections in the log
        # the anchored nodes still open: name, where in the log, nodes before, depth
        self._open: list[tuple[str, int, int, int]] = []
        self._depth = 0  # nesting, counted while an anchored node is open
        self._anchors: dict[str, tuple[int, int, int]] = {}  # name -> log slice, nodes

    def push_merged(self, events: list[Any]) -> None:
        """Give `events` next, before anything else, without logging them."""
        self._merged.extend(reversed(events))

    def __call__(self) -> Any:
        if self._merged:
            return self._merged.pop()
        if self._queue:
            event = self._queue.pop()
        else:
            event = self._next()
            if type(event) is _ALIAS:
                event = self._replay(event)
            elif getattr(event, "anchor", None) in self._aliased:
                self._open.append((event.anchor, len(self._log), self._nodes, self._depth))
        if self._open:
            self._keep(event)
        return event

    def _replay(self, alias: Any) -> Any:
        found = self._anchors.get(alias.anchor)
        mark = alias.start_mark
        line, column = mark.line + 1, mark.column + 1
        if found is None:  # never defined, or still open: `&a [*a]`
            raise StopReadingError(
                Diagnostic.of(
                    self.path,
                    line,
                    column,
                    "TR003",
                    f"alias *{alias.anchor} names no anchor defined before it",
                )
            )
        start, end, nodes = found
        self._left -= nodes
        if self._left < 0:
            raise StopReadingError(
                Diagnostic.of(
                    self.path,
                    line,
                    column,
                    "TR008",
                    f"aliases expand to more than {self.max_alias_nodes} nodes",
                    "a 'billion laughs' file? write the data out without aliases",
                )
            )
        self._queue.extend(reversed(self._log[start:end]))
        return self._queue.pop()

    def _keep(self, event: Any) -> None:
        """Log an event read inside an anchored node; close the anchors it completes."""
        event.end_mark = event.start_mark  # only the start is read: half the memory kept
        self._log.append(event)
        if isinstance(event, _STARTS):
            self._depth += 1
            self._nodes += 1
        elif isinstance(event, _ENDS):
            self._depth -= 1
        else:
            self._nodes += 1
        opened = self._open
        while opened and opened[-1][3] == self._depth:
            name, start, nodes, _ = opened.pop()
            self._anchors[name] = (start, len(self._log), self._nodes - nodes)
        if opened and self._nodes - opened[0][2] > self.max_alias_nodes:
            # the outermost anchor still open is past the budget: no alias can give it
            # again, so its events are not kept (an alias to it is refused with TR008)
            name, _, nodes, _ = opened.pop(0)
            self._anchors[name] = (0, 0, self._nodes - nodes)
        if not opened:
            self._depth = 0


def events(
    text: str, path: str, limits: Limits
) -> tuple[Callable[[], Any], Callable[[list[Any]], None] | None]:
    """The next-event function of `text`'s one stream, and the function that gives merged
    events next (None when the text has no merge key).

    A text with no place for an anchor and no `<<` is given libyaml's own `get_event` (an
    alias in it names no anchor, which the converter reports); any other is given through
    `_Replaying`, which replays aliases and takes merged events.

    >>> get, push_merged = events("a: &x [1]\\nb: *x\\n", "a.yaml", Limits())
    >>> kinds = [type(get()).__name__.removesuffix("Event") for _ in range(12)]
    >>> kinds[7:]  # `b`, then the list `*x` stands for
    ['Scalar', 'SequenceStart', 'Scalar', 'SequenceEnd', 'MappingEnd']
    """
    get = parser(text).get_event
    if "<<" not in text and _MAY_ANCHOR.search(text) is None:
        return get, None
    replaying = _Replaying(get, path, limits, frozenset(_ALIAS_NAME.findall(text)))
    return replaying, replaying.push_merged
