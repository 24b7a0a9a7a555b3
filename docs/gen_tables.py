"""Fill the generated tables in the docs from the code's own tables: `python docs/gen_tables.py`.

docs/file-format.md gets the keys of every record (from `treatyreg._fileformat.RECORDS`),
docs/lifecycle.md the table of actions (from `treatyreg.lifecycle.ACTIONS`) and
docs/notebooks.md the bundled dataset's relations as a Mermaid diagram, docs/publish.md the
exported tables (from `treatyreg.publish.TABLES`), each between
`<!-- BEGIN generated:NAME -->` and `<!-- END generated:NAME -->`. `--check` exits 1 when a
page is not current; tests/test_docs.py runs the same comparison.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import treatyreg
from treatyreg._fileformat import RECORDS, Field, ValueKind
from treatyreg.graph import mermaid
from treatyreg.lifecycle import ACTIONS, Effect
from treatyreg.model import RelationType

DOCS = Path(__file__).parent


def _kind(field: Field) -> str:
    if field.kind is ValueKind.RECORD_LIST:
        return f"list of [{field.record}](#{field.record})"
    if field.kind is ValueKind.RECORD:
        return f"a [{field.record}](#{field.record}) mapping"
    if field.kind is ValueKind.ENUM:
        return "one of " + ", ".join(f"`{c}`" for c in field.choices)
    return str(field.kind.value)


def keys_table() -> str:
    """A section per record with a table of its keys."""
    out: list[str] = []
    for record in RECORDS.values():
        out += [f"### {record.name}", "", record.description, ""]
        out += ["| key | required | value | meaning |", "| --- | --- | --- | --- |"]
        for f in record.fields:
            minimum = f" (at least {f.min_items})" if f.min_items else ""
            out.append(
                f"| `{f.key}` | {'yes' if f.required else ''} | {_kind(f)}{minimum} "
                f"| {f.description} |"
            )
        out.append("")
    return "\n".join(out).rstrip() + "\n"


_EFFECTS = {
    Effect.PHASE: "moves the agreement on to",
    Effect.DOMESTIC: "one party's step: `in_ratification`, or `ratified` once every party"
    " has ratified",
    Effect.SUSPEND: "suspends it:",
    Effect.RESUME: "lifts a suspension:",
    Effect.END: "ends it, for good:",
    Effect.NOTE: "kept and shown; changes no status",
    Effect.END_PROVISIONAL: "ends that party's provisional application (of a bilateral "
    "agreement: the agreement's)",
}


def actions_table() -> str:
    """The lifecycle table: each action, whether it names a party, and its effect."""
    out = ["| action | names a `party` | effect on the status |", "| --- | --- | --- |"]
    for rule in ACTIONS.values():
        effect = _EFFECTS[rule.effect]
        if rule.status is not None:
            effect += f" `{rule.status}`"
        if rule.action.value == "withdrawn":
            effect += " (of a multilateral agreement: only for the party that withdrew)"
        if rule.keys:
            effect += "; may carry " + ", ".join(f"`{k}`" for k in sorted(rule.keys))
        out.append(f"| `{rule.action}` | {'yes' if rule.needs_party else ''} | {effect} |")
    return "\n".join(out) + "\n"


def relations_table() -> str:
    """The relation types, one line each."""
    return "".join(f"- `{t}`\n" for t in RelationType)


def relations_diagram() -> str:
    """The bundled dataset's relations, as a Mermaid block the site draws."""
    return f"```mermaid\n{mermaid(treatyreg.load_default())}```\n"


def export_tables() -> str:
    """A section per exported table with its columns (from `treatyreg.publish.TABLES`)."""
    from treatyreg.publish import TABLES as EXPORTED

    out: list[str] = []
    for table in EXPORTED.values():
        key = ", ".join(f"`{c}`" for c in table.primary_key)
        out += [f"### {table.name}", "", f"{table.description} Key: {key}.", ""]
        out += ["| column | type | holds |", "| --- | --- | --- |"]
        for c in table.columns:
            refers = f" (→ `{c.refers[0]}.{c.refers[1]}`)" if c.refers else ""
            out.append(f"| `{c.name}` | {c.kind} | {c.description}{refers} |")
        out.append("")
    return "\n".join(out)


TABLES: dict[str, tuple[str, Callable[[], str]]] = {
    "export-tables": ("publish.md", export_tables),
    "keys": ("file-format.md", keys_table),
    "relation-types": ("file-format.md", relations_table),
    "actions": ("lifecycle.md", actions_table),
    "relations-diagram": ("notebooks.md", relations_diagram),
}


def fill(text: str, name: str, body: str) -> str:
    """`text` with the section `name` replaced by `body`."""
    pattern = re.compile(
        rf"(<!-- BEGIN generated:{name} -->\n).*?(<!-- END generated:{name} -->)", re.DOTALL
    )
    if not pattern.search(text):
        raise SystemExit(f"no generated:{name} markers found")
    return pattern.sub(lambda m: m[1] + body + m[2], text)


def render() -> dict[Path, str]:
    """Every page with generated tables, as it should read."""
    pages: dict[Path, str] = {}
    for name, (page, make) in TABLES.items():
        path = DOCS / page
        text = pages.get(path) or path.read_text(encoding="utf-8")
        pages[path] = fill(text, name, make())
    return pages


def main(argv: Sequence[str] | None = None) -> int:
    """Write the pages, or with --check say whether they are current."""
    args = argparse.ArgumentParser(description=__doc__)
    args.add_argument("--check", action="store_true", help="only check; exit 1 if stale")
    check = args.parse_args(argv).check
    stale = 0
    for path, text in render().items():
        if path.read_text(encoding="utf-8") != text:
            stale += 1
            if check:
                print(f"{path} is stale: run python docs/gen_tables.py", file=sys.stderr)
            else:
                path.write_text(text, encoding="utf-8")
    return 1 if check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
