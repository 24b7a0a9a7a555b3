"""YAML bytes -> positioned nodes, safely: the first stage of loading.

Nodes are built from the libyaml *event stream*, never by PyYAML's composer, so that:
every scalar stays text (no YAML 1.1 typing: `NO` stays "NO"); every node keeps its 1-based
line and column; duplicate keys are found (merge keys `<<` handled); tags that would build
objects are refused; and the limits against hostile input (size, nesting depth, alias
expansion) are enforced *while* streaming, before anything deep or huge is built.
"""

from __future__ import annotations

import bisect
import gc
import re
from collections.abc import Iterator
from typing import Any, Final, Protocol

import attrs
import yaml

from treatyreg.diagnostics import Diagnostic, quote

__all__ = [
    "Limits",
    "Lines",
    "MappingNode",
    "Node",
    "ScalarNode",
    "SequenceNode",
    "StopReadingError",
    "decode",
    "line_starts",
    "parser",
    "read_bytes",
    "read_text",
    "replay",
    "tag_problem",
    "yaml_error",
    "yaml_problem",
]

try:  # libyaml's parser when PyYAML was built with it; the pure-Python one otherwise
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader


@attrs.frozen
class Limits:
    """Bounds no honest registry reaches; past them a file is refused with TR008.

    >>> Limits().max_depth
    64
    """

    max_bytes: int = 64 * 1024 * 1024  # per file
    max_total_bytes: int = 256 * 1024 * 1024  # all files of one load together
    max_depth: int = 64
    max_alias_nodes: int = 100_000  # nodes reachable through aliases, counted as expanded
    max_problems: int = 10_000  # per file: past it, reading the file stops
    max_total_problems: int = 100_000  # all files: past it, no more files are read


class ScalarNode:
    """A scalar, always text; `plain` is False when it was quoted or a block scalar."""

    __slots__ = ("column", "line", "plain", "value")

    def __init__(self, value: str, line: int, column: int, plain: bool) -> None:
        self.value = value
        self.line = line
        self.column = column
        self.plain = plain

    def __repr__(self) -> str:
        return f"ScalarNode({self.value!r}, {self.line}, {self.column})"


class SequenceNode:
    """A list of nodes."""

    __slots__ = ("column", "items", "line")

    def __init__(self, items: list[Node], line: int, column: int) -> None:
        self.items = items
        self.line = line
        self.column = column


class MappingNode:
    """Key/value pairs in file order, keys unique (merged keys included)."""

    __slots__ = ("column", "items", "line")

    def __init__(self, items: list[tuple[ScalarNode, Node]], line: int, column: int) -> None:
        self.items = items
        self.line = line
        self.column = column


Node = ScalarNode | SequenceNode | MappingNode

_ALLOWED_TAGS: Final = frozenset(
    {"!", "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
)


# Stands for a mapping key that is a list or a mapping (reported, and its pair dropped);
# compared by identity, so no key text can be taken for it.
_COMPLEX_KEY: Final = ScalarNode("", 0, 0, False)


class StopReadingError(Exception):
    """Reading cannot go on (a limit or a syntax error); the diagnostic is already kept."""


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


# The problems of the YAML itself, worded once for both readers (the tree builder here
# and the one-pass converter): code, message and hint, with `{...}` filled in.
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
    "too many in all": (
        "TR008",
        "stopped after {limit} problems in all files",
        "fix these first, or raise the limit (--max-total-problems)",
    ),
}


def yaml_problem(kind: str, path: str, line: int, column: int, **values: object) -> Diagnostic:
    """One of the YAML problems both readers report, by its name in `_YAML_PROBLEMS`.

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


class _Frame:
    __slots__ = (
        "anchor",
        "column",
        "expanded_at_start",
        "is_map",
        "items",
        "key",
        "line",
        "merges",
        "seen",
    )

    def __init__(
        self, is_map: bool, anchor: str | None, line: int, column: int, expanded_at_start: int
    ) -> None:
        self.is_map = is_map
        self.anchor = anchor
        self.line = line
        self.column = column
        self.expanded_at_start = expanded_at_start
        self.items: list[object] = []
        self.key: ScalarNode | None = None
        self.seen: dict[str, ScalarNode] = {}
        self.merges: list[tuple[ScalarNode, Node]] = []


class _Builder:
    def __init__(self, path: str, limits: Limits) -> None:
        self.path = path
        self.limits = limits
        self.diagnostics: list[Diagnostic] = []
        self.anchors: dict[str, tuple[Node, int]] = {}

    def diag(
        self, line: int, column: int, code: str, message: str, hint: str | None = None
    ) -> None:
        self.diagnostics.append(Diagnostic.of(self.path, line, column, code, message, hint))
        self.count_problem(line, column)

    def check_tag(self, tag: str | None, line: int, column: int) -> None:
        problem = tag_problem(tag, self.path, line, column)
        if problem is not None:
            self.diagnostics.append(problem)
            self.count_problem(line, column)

    def problem(self, kind: str, line: int, column: int, **values: object) -> None:
        self.diagnostics.append(yaml_problem(kind, self.path, line, column, **values))
        self.count_problem(line, column)

    def count_problem(self, line: int, column: int) -> None:
        if len(self.diagnostics) >= self.limits.max_problems:
            limit = self.limits.max_problems
            self.diagnostics.append(
                yaml_problem("too many problems", self.path, line, column, limit=limit)
            )
            raise StopReadingError

    def build(self, events: Iterator[Any]) -> Node | None:
        # Any: PyYAML's stubs type events as the bare base class. This loop runs once per
        # YAML event (about 60 per agreement), so its hot paths use locals and are inlined.
        scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
        mapping_start, sequence_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
        mapping_end, sequence_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
        document_start = yaml.DocumentStartEvent
        allowed_tags = _ALLOWED_TAGS
        limits = self.limits
        max_depth = limits.max_depth
        anchors = self.anchors
        stack: list[_Frame] = []
        top: _Frame | None = None
        root: Node | None = None
        documents = 0
        expanded = 0  # nodes built, with aliased subtrees counted as copies
        alias_nodes = 0
        node: Node
        for event in events:
            kind = type(event)
            if kind is scalar_event:
                mark = event.start_mark
                node = ScalarNode(event.value, mark.line + 1, mark.column + 1, not event.style)
                tag = event.tag
                if tag is not None and tag not in allowed_tags:
                    self.check_tag(tag, node.line, node.column)
                expanded += 1
                if event.anchor is not None:
                    anchors[event.anchor] = (node, 1)
            elif kind is mapping_start or kind is sequence_start:
                mark = event.start_mark
                line, column = mark.line + 1, mark.column + 1
                self.check_tag(event.tag, line, column)
                if len(stack) >= max_depth:
                    self.problem("too deep", line, column, limit=max_depth)
                    raise StopReadingError
                top = _Frame(kind is mapping_start, event.anchor, line, column, expanded)
                stack.append(top)
                expanded += 1
                continue
            elif kind is mapping_end or kind is sequence_end:
                frame = stack.pop()
                top = stack[-1] if stack else None
                if frame.is_map:
                    node = self.finish_mapping(frame)
                else:
                    node = SequenceNode(frame.items, frame.line, frame.column)  # type: ignore[arg-type]
                if frame.anchor is not None:
                    anchors[frame.anchor] = (node, expanded - frame.expanded_at_start)
            elif kind is alias_event:
                mark = event.start_mark
                line, column = mark.line + 1, mark.column + 1
                found = anchors.get(event.anchor)
                if found is None:
                    self.diag(
                        line,
                        column,
                        "TR003",
                        f"alias *{event.anchor} names no anchor defined before it",
                    )
                    raise StopReadingError
                node, size = found
                alias_nodes += size
                expanded += size
                if alias_nodes > limits.max_alias_nodes:
                    self.diag(
                        line,
                        column,
                        "TR008",
                        f"aliases expand to more than {limits.max_alias_nodes} nodes",
                        "a 'billion laughs' file? write the data out without aliases",
                    )
                    raise StopReadingError
            elif kind is document_start:
                documents += 1
                if documents > 1:
                    mark = event.start_mark
                    self.problem("second document", mark.line + 1, mark.column + 1)
                    raise StopReadingError
                continue
            else:  # stream and document ends
                continue
            # the node is complete: it is the root, a list item, a key or a key's value
            if top is None:
                root = node
            elif not top.is_map:
                top.items.append(node)
            elif top.key is None:
                if type(node) is ScalarNode:
                    top.key = node
                else:
                    self.problem("complex key", node.line, node.column)
                    top.key = _COMPLEX_KEY
            else:
                key, top.key = top.key, None
                text = key.value
                if key is _COMPLEX_KEY:
                    pass  # reported; the pair is dropped
                elif key.plain and text == "<<":
                    top.merges.append((key, node))
                elif text in top.seen:
                    first = top.seen[text].line
                    self.problem(
                        "duplicate key", key.line, key.column, key=quote(text), first=first
                    )
                else:
                    top.seen[text] = key
                    top.items.append((key, node))
        return root

    def finish_mapping(self, frame: _Frame) -> MappingNode:
        items: list[tuple[ScalarNode, Node]] = frame.items  # type: ignore[assignment]
        if frame.merges:
            # Keys given in the mapping itself win over merged ones; earlier merges win
            # over later ones (YAML merge key semantics).
            merged: list[tuple[ScalarNode, Node]] = []
            seen = set(frame.seen)
            for key, value in frame.merges:
                sources = value.items if isinstance(value, SequenceNode) else [value]
                for source in sources:
                    if not isinstance(source, MappingNode):
                        self.diag(
                            key.line,
                            key.column,
                            "TR010",
                            "a merge key (<<) must name a mapping or a list of mappings",
                        )
                        continue
                    for k, v in source.items:
                        if k.value not in seen:
                            seen.add(k.value)
                            merged.append((k, v))
            items = items + merged
        return MappingNode(items, frame.line, frame.column)


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


def read_text(text: str, path: str, limits: Limits) -> tuple[Node | None, list[Diagnostic]]:
    """`read_bytes` for text already decoded, its diagnostics placed as libyaml counts lines
    (`Lines.fix_all` places them as git does)."""
    builder = _Builder(path, limits)
    root: Node | None = None
    gc_was_enabled = gc.isenabled()
    # Building millions of small objects makes the cyclic collector walk them again and
    # again; nodes hold no cycles, so pause it while building.
    gc.disable()
    try:
        root = builder.build(yaml.parse(text, Loader=_Loader))
    except StopReadingError:
        root = None
    except yaml.YAMLError as error:
        builder.diagnostics.append(yaml_error(error, text, path, limits))
        root = None
    finally:
        if gc_was_enabled:
            gc.enable()
    problems = builder.diagnostics
    if root is None and not problems:
        problems.append(yaml_problem("empty file", path, 1, 1))
    return root, problems


def read_bytes(
    data: bytes, path: str, limits: Limits | None = None
) -> tuple[Node | None, list[Diagnostic]]:
    """Parse one YAML file's bytes into positioned nodes, with every problem as a diagnostic.

    Returns the root node (None when the file could not be read as one document) and the
    diagnostics found; it never raises on bad input.

    >>> root, problems = read_bytes(b"id: NO\\nid: 2\\n", "a.yaml")
    >>> root.items[0][1].value, [p.code for p in problems]
    ('NO', ['TR006'])
    """
    limits = limits or Limits()
    text, problems = decode(data, path, limits)
    if text is None:
        return None, problems
    root, found = read_text(text, path, limits)
    return root, problems + Lines(text).fix_all(found)


def line_starts(text: str) -> list[int]:
    """The offset where each line of `text` starts, for turning offsets into positions;
    lines end where libyaml ends them (LF, CRLF, CR, NEL, U+2028, U+2029).

    >>> line_starts("a\\nb\\r\\nc\\rd")
    [0, 2, 5, 7]
    """
    return [0, *(m.end() for m in _LINE_BREAK.finditer(text))]


def replay(root: Node, text: str) -> Iterator[yaml.Event]:
    """The events of one document whose tree is `root`: a read tree (aliases expanded,
    merge keys applied, duplicates dropped) given to the converter as if parsed from
    `text`."""
    starts = line_starts(text)
    yield yaml.StreamStartEvent()
    yield yaml.DocumentStartEvent()

    def mark(node: Node) -> yaml.Mark:
        # libyaml may place an empty value at the end of the stream, past the last line
        offset = starts[min(node.line, len(starts)) - 1] + node.column - 1
        return yaml.Mark("", offset, node.line - 1, node.column - 1, None, 0)

    # depth first with a stack of iterators, not recursion: aliases can nest a tree deeper
    # than Python's recursion limit when the depth limit is raised
    stack: list[Iterator[Node | yaml.Event]] = [iter([root])]
    while stack:
        node = next(stack[-1], None)
        if node is None:
            stack.pop()
            continue
        if isinstance(node, yaml.Event):  # a collection's end, queued behind its items
            yield node
        elif type(node) is ScalarNode:
            at = mark(node)
            style = "" if node.plain else '"'
            yield yaml.ScalarEvent(None, None, (node.plain, True), node.value, at, at, style)
        elif type(node) is SequenceNode:
            at = mark(node)
            yield yaml.SequenceStartEvent(None, None, True, at, at)
            stack.append(iter([*node.items, yaml.SequenceEndEvent(at, at)]))
        else:
            assert type(node) is MappingNode
            at = mark(node)
            yield yaml.MappingStartEvent(None, None, True, at, at)
            flat: list[Node | yaml.Event] = [part for pair in node.items for part in pair]
            stack.append(iter([*flat, yaml.MappingEndEvent(at, at)]))

    yield yaml.DocumentEndEvent()
    yield yaml.StreamEndEvent()
