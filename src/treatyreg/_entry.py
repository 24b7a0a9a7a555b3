"""The `treatyreg` command's entry point: `--version` answers at once, without importing
the CLI (its parsers, the reader, the cache); everything else runs `treatyreg.cli.main`.

Shell completion (bash, zsh, fish) comes from argcomplete, which asks this entry point for
completions through its environment variables:

    pip install 'treatyreg[completion]'
    eval "$(register-python-argcomplete treatyreg)"                  # bash, zsh
    register-python-argcomplete --shell fish treatyreg | source      # fish
"""

# PYTHON_ARGCOMPLETE_OK

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # `--version` imports nothing more
    import argparse
    from collections.abc import Callable, Iterable


def main() -> int:
    """Run the command line (`treatyreg.cli.main`), or print the version when that is all
    that is asked, or complete a command line for a shell (argcomplete, when installed:
    `pip install 'treatyreg[completion]'`)."""
    if "_ARGCOMPLETE" in os.environ:  # a shell asks for completions: answer, then exit
        _complete()
    if sys.argv[1:] == ["--version"]:
        from treatyreg._version import __version__

        print(f"treatyreg {__version__}")
        return 0
    from treatyreg.cli import main as run

    return run()


def _complete() -> None:
    """Print the completions argcomplete's shell hook asks for (it exits), from the CLI's
    own parser: commands, options, and the values an option takes."""
    try:
        import argcomplete
    except ImportError:  # not installed: the shell completes nothing
        sys.exit(0)
    from treatyreg.cli import build_parser

    parser = build_parser()
    _values(parser)
    argcomplete.autocomplete(parser, always_complete_options=False)


def _values(parser: argparse.ArgumentParser) -> None:
    """Completers for the options whose values are the registry's own: statuses, party
    ids, topics, kinds and agreement ids (of `--data`, else the bundled data)."""
    import argparse

    from treatyreg.lifecycle import Status

    def registry(parsed: argparse.Namespace) -> Any:
        from treatyreg.loading import load, load_default

        data = getattr(parsed, "data", None)
        return load(data) if data else load_default()

    def of(values: Callable[[Any], Iterable[str]]) -> Callable[..., list[str]]:
        def complete(prefix: str, parsed_args: argparse.Namespace, **_: Any) -> list[str]:
            try:
                found = values(registry(parsed_args))
            except Exception:  # an unreadable registry completes nothing
                return []
            return sorted(v for v in set(found) if v.startswith(prefix))

        return complete

    def statuses(prefix: str, **_: Any) -> list[str]:
        return [str(s) for s in Status if str(s).startswith(prefix)]

    completers: dict[str, Callable[..., list[str]]] = {
        "status": statuses,
        "party_status": statuses,
        "party": of(lambda reg: [p.id for p in reg.parties]),
        "topic": of(lambda reg: [t for a in reg for t in a.topics]),
        "kind": of(lambda reg: [a.kind for a in reg]),
        "id": of(lambda reg: [a.id for a in reg]),
    }
    parsers = [parser]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            parsers += list(action.choices.values())
    for each in parsers:
        for action in each._actions:
            if action.dest in completers:
                action.completer = completers[action.dest]  # type: ignore[attr-defined]
