"""The relations between agreements as a diagram: Mermaid or Graphviz DOT text.

Nodes are agreements, labelled with their ids; each edge goes from the agreement that
states a relation to its target and is labelled with the relation's type (`develops`,
`implements`, …). Node names in the output are generated (`a0`, `a1`, …), and every label is
escaped, so no id or title can break out of its quotes.

>>> import treatyreg
>>> print(mermaid(treatyreg.load_default()).splitlines()[0])
flowchart LR
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final, Literal

from treatyreg._terminal import UNSHOWN, shown
from treatyreg.model import Agreement

__all__ = ["dot", "mermaid"]

# Characters that may stand in a Mermaid label as they are; the rest become `#NNN;`.
_MERMAID_SAFE: Final = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -_.,:/()'"
)


def _nodes(
    agreements: list[Agreement], include_isolated: bool
) -> tuple[dict[str, str], dict[str, Agreement]]:
    """Generated node names for the agreements (and unknown targets), in a stable order."""
    by_id = {a.id: a for a in agreements}
    linked = {a.id for a in agreements if a.relations} | {
        r.target for a in agreements for r in a.relations
    }
    names: dict[str, str] = {}
    for a in agreements:
        if include_isolated or a.id in linked:
            names[a.id] = f"a{len(names)}"
    for a in agreements:
        for r in a.relations:
            if r.target not in names:  # a target outside the given agreements
                names[r.target] = f"a{len(names)}"
    return names, by_id


def _label(agreement_id: str, by_id: dict[str, Agreement], labels: str) -> str:
    a = by_id.get(agreement_id)
    if labels == "title" and a is not None:
        return a.title
    return agreement_id


def mermaid_escape(text: str) -> str:
    """Text for a quoted Mermaid label: anything but plain characters as an entity code.

    >>> mermaid_escape('a "b" <c>')
    'a #34;b#34; #60;c#62;'
    """
    return "".join(c if c in _MERMAID_SAFE else f"#{ord(c)};" for c in text)


def dot_escape(text: str) -> str:
    r"""Text for a quoted DOT string: backslashes and quotes escaped, line breaks as `\n`,
    other control and bidi characters as their escapes (shown as text).

    >>> print(dot_escape('say "hi"\\now'))
    say \"hi\"\\now
    """
    return _DOT_SPECIAL.sub(_dot_char, text.replace("\r\n", "\n"))


# What a DOT string cannot hold as it is: its quote and escape, line breaks, and what a
# terminal would act on (a DOT file is printed to terminals too).
_DOT_SPECIAL: Final = re.compile(f'["\\\\]|{UNSHOWN.pattern}')


def _dot_char(m: re.Match[str]) -> str:
    char = m[0]
    if char in '"\\':
        return "\\" + char
    if char in "\n\r\u2028\u2029":
        return "\\n"
    return "\\" + shown(char)  # `\x1b` shows as the text \x1b in the picture


def mermaid(
    reg: Iterable[Agreement],
    *,
    labels: Literal["id", "title"] = "id",
    include_isolated: bool = False,
) -> str:
    """A Mermaid flowchart of the relations (paste it into Markdown in a `mermaid` block).

    Agreements with no relation are left out unless `include_isolated`; `labels="title"`
    labels nodes with titles instead of ids.

    >>> import treatyreg
    >>> reg = treatyreg.load_default()
    >>> edges = [line for line in mermaid(reg).splitlines() if "-->" in line]
    >>> types = {f'"{t}"' for t in treatyreg.RelationType}
    >>> len(edges) == sum(len(a.relations) for a in reg), edges[0].split("|")[1] in types
    (True, True)
    """
    agreements = list(reg)
    names, by_id = _nodes(agreements, include_isolated)
    lines = ["flowchart LR"]
    for agreement_id, name in names.items():
        lines.append(f'    {name}["{mermaid_escape(_label(agreement_id, by_id, labels))}"]')
    for a in agreements:
        for r in a.relations:
            lines.append(
                f'    {names[a.id]} -->|"{mermaid_escape(str(r.type))}"| {names[r.target]}'
            )
    return "\n".join(lines) + "\n"


def dot(
    reg: Iterable[Agreement],
    *,
    labels: Literal["id", "title"] = "id",
    include_isolated: bool = False,
) -> str:
    """A Graphviz DOT digraph of the relations (render with `dot -Tsvg`).

    Nodes carry the agreement's title as a tooltip; see `mermaid` for the options.

    >>> import treatyreg
    >>> reg = treatyreg.load_default()
    >>> edges = [line for line in dot(reg).splitlines() if "->" in line]
    >>> len(edges) == sum(len(a.relations) for a in reg), edges[0].endswith('"];')
    (True, True)
    """
    agreements = list(reg)
    names, by_id = _nodes(agreements, include_isolated)
    lines = [
        "digraph treatyreg {",
        "    rankdir=LR;",
        '    node [shape=box, style=rounded, fontname="Helvetica"];',
        '    edge [fontname="Helvetica", fontsize=10];',
    ]
    for agreement_id, name in names.items():
        label = dot_escape(_label(agreement_id, by_id, labels))
        a = by_id.get(agreement_id)
        tooltip = dot_escape(a.title if a is not None else agreement_id)
        lines.append(f'    {name} [label="{label}", tooltip="{tooltip}"];')
    for a in agreements:
        for r in a.relations:
            lines.append(
                f'    {names[a.id]} -> {names[r.target]} [label="{dot_escape(str(r.type))}"];'
            )
    lines.append("}")
    return "\n".join(lines) + "\n"
