"""The `treatyreg` command's entry point: `--version` answers at once, without importing
the CLI (its parsers, the reader, the cache); everything else runs `treatyreg.cli.main`."""

from __future__ import annotations

import sys


def main() -> int:
    """Run the command line (`treatyreg.cli.main`), or print the version when that is all
    that is asked."""
    if sys.argv[1:] == ["--version"]:
        from treatyreg._version import __version__

        print(f"treatyreg {__version__}")
        return 0
    from treatyreg.cli import main as run

    return run()
