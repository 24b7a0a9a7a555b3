"""Diagnostics: every problem found in a registry, with its place, code and a hint.

Codes are stable: tools may match on them. `CODES` is the table of them, documented in
`docs/validation.md`.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from typing import Final

import attrs

from treatyreg.errors import TreatyregError

__all__ = [
    "CODES",
    "Diagnostic",
    "Severity",
    "TreatyregError",
    "ValidationError",
    "codes_table",
    "quote",
]


class Severity(enum.StrEnum):
    """How bad a problem is: errors make a registry invalid, warnings only with `--strict`."""

    ERROR = "error"
    WARNING = "warning"


# code -> (severity, what it means). One line each; docs/validation.md is generated from it.
CODES: Final[dict[str, tuple[Severity, str]]] = {
    # reading: bytes and YAML
    "TR001": (Severity.ERROR, "file cannot be read (missing, a folder, or no permission)"),
    "TR002": (Severity.ERROR, "file is not valid UTF-8 text"),
    "TR003": (Severity.ERROR, "YAML syntax error"),
    "TR004": (Severity.ERROR, "file is empty or holds no document"),
    "TR005": (Severity.ERROR, "more than one YAML document in the file"),
    "TR006": (Severity.ERROR, "duplicate key in a mapping"),
    "TR007": (Severity.ERROR, "YAML tag refused (tags that build objects, or any explicit tag)"),
    "TR008": (
        Severity.ERROR,
        "a limit against hostile input was exceeded (size, depth, aliases, problems)",
    ),
    "TR009": (Severity.ERROR, "a mapping key that is not plain text"),
    "TR010": (Severity.ERROR, "bad merge key (<<): it must name a mapping or a list of them"),
    "TR011": (
        Severity.ERROR,
        "entry refused: not a regular file (a FIFO, device or socket), or a symlink that "
        "leaves the folder, is broken or loops",
    ),
    # converting: the file format
    "TR100": (Severity.ERROR, "unknown key"),
    "TR101": (Severity.ERROR, "required key missing"),
    "TR102": (Severity.ERROR, "wrong type (e.g. a list where text is expected)"),
    "TR103": (Severity.ERROR, "invalid date"),
    "TR104": (Severity.ERROR, "value not among the allowed ones"),
    "TR105": (Severity.ERROR, "malformed id, url or number"),
    "TR106": (Severity.ERROR, "unsupported format version (the `treatyreg` key)"),
    "TR107": (Severity.WARNING, "empty or repeated entry in a list"),
    # checks across records
    "TR200": (Severity.ERROR, "duplicate id"),
    "TR201": (Severity.ERROR, "unknown party id"),
    "TR202": (Severity.ERROR, "unknown source id"),
    "TR203": (Severity.ERROR, "unknown agreement id in a relation"),
    "TR204": (Severity.ERROR, "an event's party is not a party to the agreement"),
    "TR205": (Severity.ERROR, "this action needs a party"),
    "TR206": (Severity.ERROR, "impossible order: a step definitely before the signature"),
    "TR207": (Severity.ERROR, "impossible order: resumed without a suspension before it"),
    "TR208": (Severity.ERROR, "impossible order: a step after the agreement ended"),
    "TR209": (Severity.ERROR, "cycle of `supersedes` relations"),
    "TR210": (Severity.ERROR, "an agreement relates to itself"),
    "TR211": (Severity.ERROR, "more than one `signed` event"),
    "TR212": (Severity.ERROR, "duplicate name or alias shared by two parties"),
    "TR213": (
        Severity.ERROR,
        "a party's name holds an invisible character (zero-width, or a bidi control)",
    ),
    "TR214": (
        Severity.ERROR,
        "impossible order: a party's consent definitely before its signature",
    ),
    "TR215": (
        Severity.ERROR,
        "impossible order: an entry into force for a party before its consent or the general one",
    ),
    "TR216": (
        Severity.ERROR,
        "a party signed twice, or consented twice with no withdrawal between",
    ),
    "TR217": (Severity.ERROR, "a withdrawal with no consent before it, or notified after it"),
    "TR218": (
        Severity.ERROR,
        "a signature withdrawn with no signature before it, or after the party consented",
    ),
    "TR219": (
        Severity.ERROR,
        "a key on an action that does not take it: `means` (only `ratified`), `notified` (only "
        "`withdrawn`), `territories` and `territorial` (a party's `signed`, `ratified`, "
        "`declaration` or `withdrawn`)",
    ),
    "TR220": (Severity.ERROR, "an external identifier carried by two records"),
    "TR221": (
        Severity.WARNING,
        "a party id that is another state's ISO 3166-1 code (SO is Somalia's, not South Ossetia's)",
    ),
    "TR222": (
        Severity.WARNING,
        "text holds a control or bidi character, or a line break in a one-line value",
    ),
    "TR223": (
        Severity.ERROR,
        "impossible order: a party's ratification after it withdrew its signature, not signed "
        "again",
    ),
    "TR224": (
        Severity.WARNING,
        "topics that differ only by a plural or a separator (border, borders)",
    ),
    "TR225": (
        Severity.ERROR,
        "a title's language tag is not a well-formed BCP 47 tag, or is given twice (case "
        "aside: ru, RU)",
    ),
    "TR226": (Severity.WARNING, "a title under `en` in `titles` that repeats `title`"),
    "TR227": (Severity.WARNING, "a source whose `url` another source already has"),
    "TR230": (
        Severity.ERROR,
        "an `entry_into_force_rule` whose `after` is not `N days` or `N months`, or on an "
        "agreement of two parties or fewer",
    ),
    "TR231": (
        Severity.WARNING,
        "a party's explicit entry into force that its agreement's `entry_into_force_rule` "
        "contradicts",
    ),
    "TR232": (Severity.ERROR, "`territories` without `territorial`, or `territorial` without them"),
    "TR233": (
        Severity.ERROR,
        "a party's provisional application with no signature or consent by it, or its end "
        "with no provisional application before it",
    ),
    "TR234": (
        Severity.WARNING,
        "an `entry_into_force_rule` that puts a party in force before the general entry into force",
    ),
    "TR299": (Severity.ERROR, "a check failed on this registry (a bug in treatyreg: report it)"),
}


def quote(value: str, limit: int = 60) -> str:
    """`repr(value)`, shortened in the middle when long, for messages that quote input.

    >>> quote("x" * 100, limit=10)
    "'xxxxx…xxxxx' (100 characters)"
    """
    if len(value) <= limit:
        return repr(value)
    half = limit // 2
    return f"{value[:half] + '…' + value[-half:]!r} ({len(value)} characters)"


@attrs.frozen
class Diagnostic:
    """One problem, at a 1-based line and column of a file.

    >>> d = Diagnostic("a.yaml", 3, 5, "TR100", Severity.ERROR, "unknown key 'acton'",
    ...                "did you mean 'action'?")
    >>> str(d)
    "a.yaml:3:5: error TR100 unknown key 'acton' (did you mean 'action'?)"
    """

    path: str
    line: int
    column: int
    code: str
    severity: Severity
    message: str
    hint: str | None = None

    @classmethod
    def of(
        cls, path: str, line: int, column: int, code: str, message: str, hint: str | None = None
    ) -> Diagnostic:
        """A diagnostic of `code`, with the severity the code table gives it (`CODES`).

        >>> Diagnostic.of("a.yaml", 2, 3, "TR107", "'RU' is listed twice in `parties`").severity
        <Severity.WARNING: 'warning'>
        """
        return cls(path, line, column, code, CODES[code][0], message, hint)

    def __str__(self) -> str:
        hint = f" ({self.hint})" if self.hint else ""
        return (
            f"{self.path}:{self.line}:{self.column}: {self.severity} {self.code} "
            f"{self.message}{hint}"
        )

    def _repr_html_(self) -> str:
        from treatyreg.display import diagnostics_html

        return diagnostics_html([self])

    def to_dict(self) -> dict[str, str | int | None]:
        """The diagnostic as a JSON-ready dict with stable keys."""
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "severity": str(self.severity),
            "message": self.message,
            "hint": self.hint,
        }


def codes_table() -> str:
    """The table of codes as Markdown, for `docs/validation.md` (a test keeps it current).

    >>> print(codes_table().splitlines()[2])
    | `TR001` | error | file cannot be read (missing, a folder, or no permission) |
    """
    rows = ["| code | severity | meaning |", "|---|---|---|"]
    rows += [f"| `{code}` | {sev} | {meaning} |" for code, (sev, meaning) in CODES.items()]
    return "\n".join(rows)


def sort_key(d: Diagnostic) -> tuple[str, int, int, str]:
    """Diagnostics are reported in file order."""
    return (d.path, d.line, d.column, d.code)


class ValidationError(TreatyregError, ValueError):
    """A registry that could not be loaded; `.diagnostics` holds every problem found.

    >>> err = ValidationError([Diagnostic("a.yaml", 1, 1, "TR004", Severity.ERROR, "empty")])
    >>> len(err.diagnostics)
    1
    """

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics: Sequence[Diagnostic] = tuple(sorted(diagnostics, key=sort_key))
        errors = [d for d in self.diagnostics if d.severity is Severity.ERROR]
        first = str(errors[0]) if errors else "no errors"
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(f"{len(errors)} error(s) in registry: {first}{more}")

    def _repr_html_(self) -> str:
        from treatyreg.display import diagnostics_html

        return diagnostics_html(self.diagnostics)
