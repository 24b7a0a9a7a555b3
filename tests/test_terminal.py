"""Terminal tables (treatyreg._terminal.table): key columns whole, whatever the width."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from treatyreg._terminal import shown, table

_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40)
_ROWS = st.lists(
    st.fixed_dictionaries(
        {
            "id": st.from_regex(r"[a-z0-9-]{1,50}", fullmatch=True),
            "status": _TEXT,
            "signed": _TEXT,
            "title": _TEXT,
        }
    ),
    min_size=1,
    max_size=8,
)


@given(rows=_ROWS, fit=st.integers(10, 200))
def test_ids_are_never_cut_and_titles_never_lost(rows: list[dict[str, str]], fit: int) -> None:
    """Every id is printed whole at the start of its row; every title is there, whole or
    shortened with '…', on its row or on a line of its own; what was done is said."""
    text, done = table(
        rows,
        ["id", "signed", "status", "title"],
        fit=fit,
        shrink=(("title", 24),),
        optional=("signed",),
        below="title",
        last_resort=("status",),
    )
    lines = text.splitlines()[1:]
    starts = [line for line in lines if not line.startswith("    ")]
    assert [line.split("  ")[0].rstrip() for line in starts] == [r["id"] for r in rows]
    body = "\n".join(lines)
    for r in rows:
        title = shown(r["title"])
        # whole, or shortened to at least its first 6 characters (spaces at a line's end
        # are not written)
        assert title.strip()[:6].strip() in body
    if "titles below" in done:
        assert len(lines) == 2 * len(rows)
        width = max(len(line) for line in starts)
        if width <= fit and fit >= 12:  # the ids and kept columns fit: so do the titles
            assert all(len(line) <= fit for line in lines)


def test_room_given_back() -> None:
    """A title shortened while an optional column was still there gets the room back."""
    rows = [{"id": "a", "parties": "x" * 30, "title": "T" * 40}]
    text, done = table(
        rows, ["id", "parties", "title"], fit=50, shrink=(("title", 30),), optional=("parties",)
    )
    assert "T" * 40 in text
    assert done == ["left out parties"]
