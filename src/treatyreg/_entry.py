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

    argcomplete.autocomplete(build_parser(), always_complete_options=False)
