"""The mutation fuzzer: valid registries with one to three values broken, every check run.

Hypothesis takes a valid registry (the bundled data, the multilateral examples, a small
registry, one drawn by `treatyreg.strategies`), breaks one to three values of any record
(deletes it; puts a list, a mapping, a number, a bool, null, a long or control-character
string, an unknown value or id in its place; duplicates an item; swaps two values of a
mapping) and asserts what a maintainer's CI relies on:

- `validate()` returns diagnostics and never raises; `load()` raises only `ValidationError`;
- `treatyreg validate` exits 0 or 1 (1 exactly when there are errors), never a traceback;
- where the break is local (a value of the wrong shape, a control character in text), a
  diagnostic is reported at the broken value's line;
- a registry that still loads goes through every terminal output without raising.

The mutations work on PyYAML's node tree (`yaml.compose`), so the rest of a file is written
back as it was, and the mutated value's line is read off the tree of the text written.
A check or an output added later runs under this fuzzer as it is: nothing here names one.
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Final

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import treatyreg
from treatyreg import cli, writing
from treatyreg.diagnostics import Diagnostic, Severity, ValidationError
from treatyreg.strategies import registries

from .conftest import MINIMAL, ROOT

Node = yaml.Node
_STR: Final = "tag:yaml.org,2002:str"
_INT: Final = "tag:yaml.org,2002:int"
_FLOAT: Final = "tag:yaml.org,2002:float"
_BOOL: Final = "tag:yaml.org,2002:bool"
_NULL: Final = "tag:yaml.org,2002:null"
_SEQ: Final = "tag:yaml.org,2002:seq"
_MAP: Final = "tag:yaml.org,2002:map"


def _compose(text: str) -> Node:
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    assert node is not None
    return node


SEEDS: Final[dict[str, Node]] = {
    "bundled": _compose((ROOT / "data" / "agreements.yaml").read_text(encoding="utf-8")),
    "convention": _compose((ROOT / "tests/data/example-convention.yaml").read_text("utf-8")),
    "ottawa": _compose((ROOT / "examples/ottawa-convention.yaml").read_text(encoding="utf-8")),
    "minimal": _compose(MINIMAL),
}


def _scalar(tag: str, value: str) -> yaml.ScalarNode:
    return yaml.ScalarNode(tag, value)


# What may be put in a value's place. A name, the node, and whether the break is local: a
# diagnostic must then be at the value's own line (a control character in text, a value of
# the wrong shape); otherwise its effect may show elsewhere (an id no longer referred to).
_CONTROL: Final = "red\x1b[31m\x07 title\u202e\x1b]8;;http://x\x07link\nline"
REPLACEMENTS: Final[list[tuple[str, Callable[[], Node]]]] = [
    ("list", lambda: yaml.SequenceNode(_SEQ, [_scalar(_STR, "x"), _scalar(_STR, "y")])),
    ("mapping", lambda: yaml.MappingNode(_MAP, [(_scalar(_STR, "k"), _scalar(_STR, "v"))])),
    ("empty list", lambda: yaml.SequenceNode(_SEQ, [])),
    ("number", lambda: _scalar(_INT, "12")),
    ("float", lambda: _scalar(_FLOAT, "1.5")),
    ("bool", lambda: _scalar(_BOOL, "true")),
    ("null", lambda: _scalar(_NULL, "null")),
    ("empty", lambda: _scalar(_STR, "")),
    ("long", lambda: _scalar(_STR, "Treaty " * 3000)),
    ("control", lambda: _scalar(_STR, _CONTROL)),
    ("unknown", lambda: _scalar(_STR, "no-such-value")),
    ("unknown id", lambda: _scalar(_STR, "XZZ")),
    ("bad date", lambda: _scalar(_STR, "2017-02-30")),
]


def _slots(node: Node) -> list[tuple[Node, int]]:
    """Every value of the tree as (its collection, its index): a mapping's values, a
    sequence's items, depth first."""
    found: list[tuple[Node, int]] = []
    work = [node]
    while work:
        n = work.pop()
        if isinstance(n, yaml.MappingNode):
            for i, (_, value) in enumerate(n.value):
                found.append((n, i))
                work.append(value)
        elif isinstance(n, yaml.SequenceNode):
            for i, item in enumerate(n.value):
                found.append((n, i))
                work.append(item)
    return found


def _where(node: Node) -> str:
    """Where a value was in the seed ("a value put in" when a break made it)."""
    return f"line {node.start_mark.line + 1}" if node.start_mark else "a value put in"


def _get(parent: Node, i: int) -> Node:
    item = parent.value[i]
    return item[1] if isinstance(parent, yaml.MappingNode) else item  # type: ignore[no-any-return]


def _set(parent: Node, i: int, new: Node) -> None:
    if isinstance(parent, yaml.MappingNode):
        parent.value[i] = (parent.value[i][0], new)
    else:
        parent.value[i] = new


# One break: which value (an index, taken modulo the values there are), what is done to
# it, with which replacement, and the other value of a swap.
Step = tuple[int, str, int, int]
steps: Final = st.lists(
    st.tuples(
        st.integers(0, 10**6),
        st.sampled_from(["delete", "replace", "replace", "replace", "dup", "swap"]),
        st.integers(0, len(REPLACEMENTS) - 1),
        st.integers(0, 10**6),
    ),
    min_size=1,
    max_size=3,
)


def mutate(root: Node, plan: list[Step]) -> tuple[Node, list[str], Node | None]:
    """A copy of `root` with the breaks of `plan`; what was done; and the node of the
    single break when there was one and it is local (else None)."""
    tree = copy.deepcopy(root)
    done: list[str] = []
    local: Node | None = None
    for at, op, replacement, other in plan:
        slots = _slots(tree)
        if not slots:
            break
        parent, i = slots[at % len(slots)]
        old = _get(parent, i)
        where = _where(old)
        if op == "delete":
            del parent.value[i]
            done.append(f"deleted the value at {where}")
        elif op == "dup" and isinstance(parent, yaml.SequenceNode):
            parent.value.insert(i, copy.deepcopy(old))
            done.append(f"duplicated the item at {where}")
        elif op == "swap" and isinstance(parent, yaml.MappingNode) and len(parent.value) > 1:
            j = other % len(parent.value)
            a, b = _get(parent, i), _get(parent, j)
            _set(parent, i, b)
            _set(parent, j, a)
            done.append(f"swapped the values at {where} and {_where(b)}")
        else:
            name, make = REPLACEMENTS[replacement]
            new = make()
            _set(parent, i, new)
            done.append(f"replaced the value at {where} with {name}")
            shape_changed = isinstance(old, yaml.ScalarNode) != isinstance(new, yaml.ScalarNode)
            is_text = isinstance(old, yaml.ScalarNode) and old.tag == _STR
            if len(plan) == 1 and (
                (shape_changed and name not in ("null", "empty list"))
                or (name == "control" and is_text)
            ):
                local = new
    return tree, done, local


def _line_of(tree: Node, target: Node, text: str) -> tuple[int, int]:
    """The lines (1-based, first and last) where `target` is written in `text`, found by
    composing `text` again and walking both trees side by side."""
    again = _compose(text)
    work: list[tuple[Node, Node]] = [(tree, again)]
    while work:
        mine, theirs = work.pop()
        if mine is target:
            end = theirs.end_mark.line + (1 if theirs.end_mark.column else 0)
            return theirs.start_mark.line + 1, max(end, theirs.start_mark.line + 1)
        if isinstance(mine, yaml.MappingNode):
            work += [(v, tv) for (_, v), (_, tv) in zip(mine.value, theirs.value, strict=True)]
        elif isinstance(mine, yaml.SequenceNode):
            work += list(zip(mine.value, theirs.value, strict=True))
    raise AssertionError("the mutated node is not in the tree")  # pragma: no cover


def _text(tree: Node) -> str:
    return yaml.serialize(tree, Dumper=yaml.SafeDumper, allow_unicode=True, width=100)


def _run_cli(*argv: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(list(argv))
    return code, out.getvalue() + err.getvalue()


def _exports(reg: treatyreg.Registry, folder: Path, formats: tuple[str, ...]) -> None:
    """The exports of a registry that loads: none may raise, each readable back."""
    from treatyreg import publish

    for fmt in formats:
        out = folder / f"export-{fmt}{'.json' if fmt == 'json' else ''}"
        publish.export(reg, fmt, out, force=True)
        if fmt == "json":
            data = json.loads(out.read_text(encoding="utf-8"))
            assert len(data["tables"]["agreements"]) == len(reg)


def _outputs(path: Path, reg: treatyreg.Registry) -> None:
    """Every terminal output of a registry that loads: none may raise or print a control
    character raw."""
    runs = [("list",), ("list", "--format", "json"), ("coverage",), ("graph", "--format", "dot")]
    runs += [("graph", "--format", "mermaid", "--labels", "title")]
    for a in list(reg)[:3]:
        runs.append(("show", a.id))
        if len(a.parties) > 2:
            runs.append(("parties", a.id))
    if reg.parties:
        runs.append(("list", "--party", reg.parties[0].id))
    for argv in runs:
        code, said = _run_cli(argv[0], *argv[1:], "--data", str(path), "--no-cache")
        assert code == 0, (argv, said)
        if argv[1:3] != ("--format", "json"):
            raw = [c for c in said if c in "\x1b\x07\u202e\r"]
            assert not raw, (argv, raw)


def _check(
    tmp: Path,
    tree: Node,
    done: list[str],
    local: Node | None,
    exports: tuple[str, ...] = ("json", "csv"),
    seed: Node | None = None,
) -> None:
    text = _text(tree)
    path = tmp / "registry.yaml"
    path.write_text(text, encoding="utf-8")
    problems = treatyreg.validate(path)  # must not raise
    assert all(isinstance(p, Diagnostic) for p in problems)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    reg: treatyreg.Registry | None = None
    raised: ValidationError | None = None
    try:
        reg = treatyreg.load(path, cache=False)
    except ValidationError as error:  # anything else fails the test
        raised = error
    if raised is not None:
        assert errors, done
        assert {str(d) for d in raised.diagnostics} <= {str(d) for d in problems}
    else:
        assert not errors, (done, [str(p) for p in errors])
    code, said = _run_cli("validate", str(path))
    assert code == (1 if errors else 0), (done, said)
    if local is not None:
        first, last = _line_of(tree, local, text)
        lines = {p.line for p in problems}
        assert any(first <= line <= last for line in lines), (
            done,
            (first, last),
            [str(p) for p in problems],
        )
    if reg is not None:
        _outputs(path, reg)
        _exports(reg, tmp, exports)
        if seed is not None:
            _diffs(tmp, seed, path)


def _diffs(tmp: Path, seed: Node, path: Path) -> None:
    """`treatyreg diff` of the seed and its broken variant that still loads, in every
    format: exit 0 or 1, nothing raw."""
    before = tmp / "seed.yaml"
    before.write_text(_text(seed), encoding="utf-8")
    for fmt in ("text", "markdown", "json", "github"):
        code, said = _run_cli("diff", str(before), str(path), "--format", fmt)
        assert code in (0, 1), (fmt, said)
        raw = [c for c in said if c in "\x1b\x07\u202e\r"]
        assert not raw, (fmt, raw)


_SETTINGS: Final = settings(
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    deadline=None,
)


@pytest.mark.parametrize("seed", ["convention", "minimal", "ottawa"])
@_SETTINGS
@given(plan=steps)
def test_a_broken_value_is_reported_never_raised(
    seed: str, plan: list[Step], tmp_path: Path
) -> None:
    tree, done, local = mutate(SEEDS[seed], plan)
    _check(tmp_path, tree, done, local, seed=SEEDS[seed])


@settings(_SETTINGS, max_examples=min(settings().max_examples, 60))
@given(plan=steps)
def test_a_broken_value_of_the_bundled_data(plan: list[Step], tmp_path: Path) -> None:
    """The same on the bundled data (75 agreements: fewer draws, each costs 0.4 s)."""
    tree, done, local = mutate(SEEDS["bundled"], plan)
    _check(tmp_path, tree, done, local, seed=SEEDS["bundled"])


@_SETTINGS
@given(reg=registries(max_agreements=4), plan=steps)
def test_a_broken_value_of_a_drawn_registry(
    reg: treatyreg.Registry, plan: list[Step], tmp_path: Path
) -> None:
    seed = _compose(writing.dumps(reg))
    tree, done, local = mutate(seed, plan)
    _check(tmp_path, tree, done, local, seed=seed)


@pytest.mark.parametrize("seed", ["minimal", "convention"])
@pytest.mark.parametrize("replacement", ["control", "list"])
def test_every_value_broken_in_turn(seed: str, replacement: str, tmp_path: Path) -> None:
    """Not drawn but every one: each value of a small registry, one at a time, given a
    control-character text or a list; the break is reported at its line, every output of a
    registry that still loads shows it escaped."""
    chosen = [name for name, _ in REPLACEMENTS].index(replacement)
    count = len(_slots(SEEDS[seed]))
    for at in range(count):
        tree, done, local = mutate(SEEDS[seed], [(at, "replace", chosen, 0)])
        exports = ("json", "csv", "datapackage", "sqlite", "parquet")
        _check(tmp_path, tree, done, local, exports, seed=SEEDS[seed])


def test_the_seeds_are_valid(tmp_path: Path) -> None:
    """The fuzzer breaks valid registries: written back unbroken, each validates clean."""
    for name, root in SEEDS.items():
        path = tmp_path / f"{name}.yaml"
        path.write_text(_text(root), encoding="utf-8")
        assert treatyreg.validate(path) == [], name


@pytest.mark.slow
def test_validate_as_a_user_runs_it_on_many_broken_files(tmp_path: Path) -> None:
    """`treatyreg validate` in its own process over a folder of broken files (seeded draws
    of the fuzzer): exit 1, no traceback, every file named."""
    import random

    rng = random.Random(22)
    for n in range(40):
        tree = copy.deepcopy(SEEDS["convention" if n % 2 else "minimal"])
        for _ in range(rng.randint(1, 3)):
            slots = _slots(tree)
            parent, i = rng.choice(slots)
            _set(parent, i, rng.choice(REPLACEMENTS)[1]())
        (tmp_path / f"r{n:02}.yaml").write_text(_text(tree), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "treatyreg.cli", "validate", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    named = {line.split(":", 1)[0] for line in done.stdout.splitlines()}
    assert len(named) >= 30, named  # a draw may leave a file valid or break a duplicate id
