"""Characters that do not show as themselves, as regular-expression class ranges written
as escapes (so that patterns built from them, such as the JSON Schema's, stay readable):
what a validator warns of (TR222, TR105) and what a terminal output escapes, written once.

>>> import re
>>> bool(re.search(f"[{BIDI}]", "a\\u202eb"))
True
"""

from typing import Final

__all__ = ["BIDI", "C1", "LINE_SEPARATORS"]

# The bidi controls: marks, embeddings, overrides and isolates, which reorder what is
# shown around them (U+202E makes "exe.txt" show as "txt.exe").
BIDI: Final = r"\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
# DEL and the C1 controls (U+009B is a terminal's CSI, as ESC [ is).
C1: Final = r"\x7f-\x9f"
# The Unicode line and paragraph separators.
LINE_SEPARATORS: Final = r"\u2028\u2029"
