"""A griffe extension for the API pages: doctest examples become highlighted code blocks.

The docstrings hold plain doctest examples (`>>>` lines and their output, up to a blank
line), which Markdown would turn into nested quotes; this wraps each in a `pycon` fence and
drops `# doctest:` flags. Used by mkdocs.yml; the docstrings themselves stay plain.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

_FLAGS = re.compile(r"\s*#\s*doctest:.*$")


def fence_examples(text: str) -> str:
    """Wrap each doctest example in `text` in a ```pycon fence.

    >>> flag = "# doc" + "test: +SKIP"  # split, or doctest would obey it here
    >>> fence_examples(f"Intro.\\n\\n>>> 1 + 1  {flag}\\n2\\n\\nMore.").splitlines()
    ['Intro.', '', '```pycon', '>>> 1 + 1', '2', '```', '', 'More.']
    """
    out: list[str] = []
    in_example = in_fence = False
    indent = ""
    for line in text.split("\n"):
        stripped = line.lstrip()
        if line.startswith("```") or stripped.startswith("```"):
            in_fence = not in_fence
        if in_example and not stripped:
            out.append(f"{indent}```")
            in_example = False
        elif not in_example and not in_fence and stripped.startswith(">>>"):
            indent = line[: len(line) - len(stripped)]
            out.append(f"{indent}```pycon")
            in_example = True
        out.append(_FLAGS.sub("", line) if in_example else line)
    if in_example:
        out.append(f"{indent}```")
    return "\n".join(out)


class DoctestFences(griffe.Extension):
    """Fence the doctest examples of every docstring griffe loads."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        """Rewrite the docstring of each loaded object."""
        if obj.docstring is not None:
            obj.docstring.value = fence_examples(obj.docstring.value)
