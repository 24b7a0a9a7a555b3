"""Timelines of agreements: a matplotlib picture, or text for the terminal.

Each agreement gets a lane; its phases (signed, in ratification, ratified, in force,
ended…) are coloured spans. A step whose date is uncertain is drawn as a hatched range from
the earliest to the latest day it can be: the new phase is certain only from its end. The
phases are the statuses that `Agreement.status_on` gives, day by day, so the picture and
the queries always agree.

`timeline` needs the optional matplotlib dependency (`pip install 'treatyreg[plot]'`),
imported only when it is called; `phases` and `text_timeline` need nothing.

>>> import treatyreg
>>> from treatyreg.plot import phases
>>> [p.start.isoformat() for p in
...  phases(treatyreg.load_default()["ru-so-2008-friendship"], on="2020-01-01")]
['2008-09-17', '2008-10-02', '2008-11-24', '2009-01-20']
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import sys
import textwrap
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final, Literal

import attrs

from treatyreg._participants import of as participants_of
from treatyreg.dates import FuzzyDate
from treatyreg.errors import TooManyLanesError
from treatyreg.evidence import counted, stale_after
from treatyreg.lifecycle import (
    FINAL,
    Action,
    Status,
    fold_status,
    status_changes,
)
from treatyreg.model import Agreement, Event, Participation, party_changes_of, steps_of
from treatyreg.registry import scope

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from treatyreg.registry import Registry

__all__ = [
    "MAX_LANES",
    "STATUS_COLORS",
    "Phase",
    "coverage",
    "participation",
    "phases",
    "status_counts",
    "text_timeline",
    "timeline",
]

STATUS_COLORS: Final[dict[Status, str]] = {
    Status.ADOPTED: "#d5e3f0",
    Status.SIGNED: "#8fb8de",
    Status.IN_RATIFICATION: "#f0c05a",
    Status.RATIFIED: "#e08a1e",
    Status.PROVISIONALLY_APPLIED: "#9fd08a",
    Status.IN_FORCE: "#1b9e5a",
    Status.SUSPENDED: "#c77cb0",
    Status.TERMINATED: "#6b6b6b",
    Status.EXPIRED: "#9a9a9a",
    Status.SUPERSEDED: "#4d4d4d",
    Status.WITHDRAWN: "#b05a5a",
}
"""The colour of each status, in the picture and in the HTML display."""

_LABELS: Final[dict[Status, str]] = {s: str(s).replace("_", " ") for s in Status}

_ENDED: Final = "\u2573"  # a diagonal cross, written as an escape: it looks like an X
# One character per status in the text timeline; "?" marks a range of uncertain dates.
_GLYPHS: Final[dict[Status, str]] = {
    Status.ADOPTED: "·",
    Status.SIGNED: "░",
    Status.IN_RATIFICATION: "▒",
    Status.RATIFIED: "▓",
    Status.PROVISIONALLY_APPLIED: "▞",
    Status.IN_FORCE: "█",
    Status.SUSPENDED: "▁",
    Status.TERMINATED: _ENDED,
    Status.EXPIRED: _ENDED,
    Status.SUPERSEDED: _ENDED,
    Status.WITHDRAWN: _ENDED,
}
_ASCII_GLYPHS: Final[dict[Status, str]] = {
    Status.ADOPTED: ".",
    Status.SIGNED: "-",
    Status.IN_RATIFICATION: "r",
    Status.RATIFIED: "R",
    Status.PROVISIONALLY_APPLIED: "p",
    Status.IN_FORCE: "#",
    Status.SUSPENDED: "_",
    Status.TERMINATED: "x",
    Status.EXPIRED: "x",
    Status.SUPERSEDED: "x",
    Status.WITHDRAWN: "x",
}


@attrs.frozen
class Phase:
    """A span of one status in an agreement's life.

    From `start` to `end` this is the status that `Agreement.status_on` gives. It may have
    begun as early as `since` (the earliest day of the step that led to it, but not before
    the previous phase began); `since` is None when that step has an open start (`../DAY`)
    and nothing before it bounds it.
    """

    status: Status
    since: dt.date | None
    start: dt.date
    end: dt.date

    @property
    def uncertain(self) -> bool:
        """True when the phase may have begun before `start`."""
        return self.since is None or self.since < self.start


def _standing_of(found: object) -> str | None:
    """The party a selection was chosen by the standing of (`party_status`): its pictures
    draw each agreement as that party stands; else None (each agreement's own status)."""
    from treatyreg.selection import Selection

    return found.party if isinstance(found, Selection) and found.by_standing else None


def _causes(
    events: Sequence[Event],
    parties: Sequence[str],
    day: dt.date,
    party: str | None = None,
    ruled: bool = False,
) -> list[Event]:
    """The events that became certain on `day` and made the status change then (as
    `party` stands, when one is given; `ruled`: as `lifecycle.party_fold`'s)."""
    on_day = [e for e in events if e.upper == day]
    status = fold_status(events, parties, day, for_party=party, ruled=ruled)
    causal = [
        e
        for e in on_day
        if fold_status(
            [x for x in events if x is not e], parties, day, for_party=party, ruled=ruled
        )
        != status
    ]
    return causal or on_day


def phases(
    agreement: Agreement,
    on: str | dt.date | FuzzyDate | None = None,
    party: str | None = None,
) -> list[Phase]:
    """The phases of `agreement` up to `on` (default: its registry's `as_of` day, else
    today), in order; with `party` (an id), as that party stands.

    >>> import treatyreg
    >>> units = treatyreg.load_default()["ru-so-2017-units-entry"]
    >>> last = phases(units, on="2020-01-01")[-1]
    >>> str(last.status), str(last.since), str(last.start)
    ('in_force', '2018-02-05', '2019-12-17')
    """
    day = scope([agreement], on).on.day
    # the entries into force that the agreement's rule gives too (the agreement's own
    # status counts none, but they decide which rules hold)
    events = steps_of(agreement)
    ruled = participants_of(agreement).ruled
    changes: list[tuple[dt.date, Status, dt.date | None]] = []  # (start, status, since)
    current: Status | None = None
    if party is None:
        days, statuses = status_changes(events, agreement.parties)  # the lifecycle's own fold
    else:
        days, statuses = party_changes_of(agreement)[party]
    for upper, status in zip(days, statuses, strict=True):  # the first: date.min
        if upper > day:
            break
        if status is None or status == current:
            continue
        lower = min(e.lower for e in _causes(events, agreement.parties, upper, party, ruled))
        # an open start (`../DAY`) has no earliest day; the day 0001-01-01 itself is exact
        since: dt.date | None = None if lower == dt.date.min < upper else lower
        if changes:  # it cannot have begun before the phase it ends
            since = max(lower, changes[-1][0])
        changes.append((upper, status, since))
        current = status
    ends = [start for start, _, _ in changes[1:]] + [day] if changes else []
    return [
        Phase(status, since, start, end)
        for (start, status, since), end in zip(changes, ends, strict=True)
    ]


def _shift(day: dt.date, days: int) -> dt.date:
    """`day` moved by `days`, kept within `date.min`..`date.max` (years 0001 to 9999)."""
    if days >= 0:
        return day + dt.timedelta(days=min(days, (dt.date.max - day).days))
    return day - dt.timedelta(days=min(-days, (day - dt.date.min).days))


def _short_id(a: Agreement, limit: int, ellipsis: str = "…") -> str:
    """The id, cut in the middle when longer than `limit` (its start and its end say the
    most: `ru-so-2020-int…ing-protocol`)."""
    if len(a.id) <= limit:
        return a.id
    room = max(limit - len(ellipsis), 2)
    head = (room + 1) // 2
    return a.id[:head] + ellipsis + a.id[len(a.id) - (room - head) :]


def _short_ids(agreements: Sequence[Agreement], limit: int, ellipsis: str = "…") -> list[str]:
    """`_short_id` of each; where two would read the same, those are cut longer, until
    they differ (ids are unique, so at the latest when whole)."""
    found = [_short_id(a, limit, ellipsis) for a in agreements]
    longest = max((len(a.id) for a in agreements), default=0)
    while True:
        seen = Counter(found)
        if len(seen) == len(found) or limit >= longest:
            return found
        limit += 4
        found = [
            _short_id(a, limit, ellipsis) if seen[f] > 1 else f
            for a, f in zip(agreements, found, strict=True)
        ]


def _two_lines(text: str) -> str:
    lines = textwrap.wrap(text, 44)
    if len(lines) > 2:
        lines = [lines[0], lines[1][:43] + "…"]
    return "\n".join(lines)


def _lane_labels(agreements: Sequence[Agreement], labels: Literal["id", "title"]) -> list[str]:
    """Labels that tell the lanes apart: the ids (cut at 48 characters), or the titles on
    at most two lines. Titles that would read the same (five lanes of "Agreement between
    the Government of the Russian Federation and the Government of th…") lose the words
    they share with another title ("… on pensions"), else give way to an alias, else to
    the id.

    >>> from treatyreg import Agreement
    >>> common = "Agreement between the Government of the Russian Federation and the "
    >>> two = [Agreement(f"a{i}", common + f"Government of South Ossetia on {t}", "treaty",
    ...        ("RU",)) for i, t in enumerate(["pensions", "customs"])]
    >>> _lane_labels(two, "title")
    ['… on pensions', '… on customs']
    """
    if labels == "id":
        return _short_ids(agreements, 48)
    found = [_two_lines(a.title) for a in agreements]
    seen = Counter(found)
    titles = [a.title for a in agreements]
    for i, a in enumerate(agreements):
        if seen[found[i]] == 1:
            continue
        shared = max(
            (_shared_words(a.title, other) for j, other in enumerate(titles) if j != i),
            default=0,
        )
        # from the last shared word on, which reads better ("… on pensions")
        rest = a.title[a.title.rfind(" ", 0, max(shared - 1, 0)) + 1 :].strip()
        if rest and shared:
            found[i] = _two_lines("… " + rest)
    taken = Counter(found)
    for i, a in enumerate(agreements):
        if taken[found[i]] > 1:  # still the same: an alias of its own, else the id
            alias = min(a.aliases, key=len, default=None)
            found[i] = _two_lines(alias) if alias else _short_id(a, 48)
    taken = Counter(found)
    ids = _short_ids(agreements, 48)
    return [ids[i] if taken[f] > 1 else f for i, f in enumerate(found)]


def _shared_words(title: str, other: str) -> int:
    """How many characters `title` shares with `other` from the start, up to a word's end."""
    n = 0
    for x, y in zip(title, other, strict=False):
        if x != y:
            break
        n += 1
    if n == len(title) or n == len(other):
        return n
    return title.rfind(" ", 0, n + 1) + 1


# -- the picture -------------------------------------------------------------------------
MAX_LANES: Final = 200
"""The most lanes `timeline` draws unless told otherwise: beyond, labels cannot be read."""


def timeline(
    reg_or_agreements: Iterable[Agreement] | Agreement,
    *,
    on: str | dt.date | FuzzyDate | None = None,
    ax: Axes | None = None,
    labels: Literal["id", "title"] = "id",
    max_lanes: int = MAX_LANES,
) -> Figure:
    """A picture of the agreements' phases up to the day: one lane each.

    `reg_or_agreements` is a `Registry`, a `Selection` (what `reg.filter(...)` returns), a
    list, or one agreement. The day is `on`, else the selection's, else the registry's
    `as_of`, else today (`Registry.day`); a caption under the picture names it, why that
    day, and the registry. Phases are coloured spans, solid up to the agreement's last
    evidence (`treatyreg.evidence`) and faded after it, where the status is only the last
    known one; a step with an uncertain date is a hatched range from its earliest to its
    latest day; every event is a tick (a bracket when its date is a range) and conflicting
    claims are hollow diamonds. Lanes are labelled with ids, or with `labels="title"` (on
    up to two lines). Each drawn span's `gid` is `"<agreement id>:<status>"`, with
    `":uncertain"` added to the hatched ranges and `":after-evidence"` to the faded ones.

    More than `max_lanes` agreements raise `TooManyLanesError`, which says what to do:
    filter first, raise `max_lanes`, or draw `status_counts` (a summary of any size).

    Draws into `ax` when given, else into a new figure, and returns the figure. When
    pyplot is in use (imported), the new figure is made through it and left current, as
    after any pyplot call, so `plt.savefig(...)` and `plt.show()` work; otherwise no global
    state is touched (scripts and the CLI need no display). Either way it shows once in
    Jupyter, and `fig.savefig("timeline.png")` writes it.

    >>> import treatyreg
    >>> reg = treatyreg.load_default()
    >>> fig = timeline(reg.filter(party="Abkhazia"), on="2024-12-31")
    >>> len(fig.axes[0].get_yticks()) == len(reg.filter(party="Abkhazia"))
    True
    """
    try:
        from matplotlib import dates
        from matplotlib.lines import Line2D
        from matplotlib.patches import Patch
    except ImportError as error:
        raise ImportError(
            "treatyreg's timeline picture needs matplotlib: pip install 'treatyreg[plot]'"
        ) from error

    mdates: Any = dates  # matplotlib.dates has no type hints
    found = scope(reg_or_agreements, on)
    day = found.on.day
    agreements = list(found.agreements)
    if len(agreements) > max_lanes:
        raise TooManyLanesError(
            f"{len(agreements)} agreements are more lanes than a timeline picture can show"
            f" (at most {max_lanes}): filter them first (reg.filter(party=..., topic=...,"
            f" signed_between=...)), raise max_lanes (--max-lanes) to draw them all"
            f" anyway, or draw a summary of any size with treatyreg.plot.status_counts"
        )
    # a selection chosen by a party's standing: each lane as that party stands
    party = _standing_of(reg_or_agreements)
    mine = [party if party in a.parties else None for a in agreements]
    lanes = [phases(a, day, p) for a, p in zip(agreements, mine, strict=True)]
    known = [found.assess(a, p).last_evidence for a, p in zip(agreements, mine, strict=True)]

    own_figure = ax is None
    fig, ax = _figure_and_axes(ax, (11, 1.9 + 0.42 * max(len(agreements), 1)))

    starts = [p.since or p.start for lane in lanes for p in lane]
    first = min(starts, default=_shift(day, -365))
    span_days = max((day - first).days, 30)
    # padding either side, cut at years 0001 and 9999: dates go no further
    left = _shift(first, -math.ceil(span_days * 0.03))
    right = _shift(day, math.ceil(span_days * 0.02))

    def x(d: dt.date) -> float:
        return float(mdates.date2num(d))

    height = 0.62
    seen: list[Status] = []
    faded = False
    for y, (a, lane, last) in enumerate(zip(agreements, lanes, known, strict=True)):
        if not lane:
            ax.text(
                x(left),
                y,
                "  no step is certain by this day",
                va="center",
                fontsize=8,
                color="#666666",
                style="italic",
            )
        evidenced = left if last is None else last.upper
        for p in lane:
            color = STATUS_COLORS[p.status]
            if p.status not in seen:
                seen.append(p.status)
            # solid up to the last evidence; an ending is final, never "last known"
            split = p.end if p.status in FINAL else min(max(evidenced, p.start), p.end)
            if split > p.start:
                ax.barh(
                    y,
                    x(split) - x(p.start),
                    left=x(p.start),
                    height=height,
                    color=color,
                    linewidth=0,
                    gid=f"{a.id}:{p.status}",
                )
            if p.end > split:
                faded = True
                ax.barh(
                    y,
                    x(p.end) - x(split),
                    left=x(split),
                    height=height,
                    color=color,
                    alpha=_FADED,
                    linewidth=0,
                    gid=f"{a.id}:{p.status}:after-evidence",
                )
        for p in lane:  # on top of the phase they may cut short
            if p.uncertain:
                since = p.since or left
                _hatch(
                    ax.barh(
                        y,
                        x(p.start) - x(since),
                        left=x(since),
                        height=height,
                        color="none",
                        hatch="///",
                        edgecolor=STATUS_COLORS[p.status],
                        linewidth=0,
                        gid=f"{a.id}:{p.status}:uncertain",
                    )
                )
        _draw_events(ax, a, lane, y, (left, day), height, x)

    ax.set_ylim(max(len(agreements), 1) - 0.5, -0.5)  # the first agreement on top
    ax.set_yticks(range(len(agreements)), _lane_labels(agreements, labels))
    ax.tick_params(axis="y", length=0, labelsize=9)
    ax.set_xlim(x(left), x(right))
    _date_ticks(ax)
    ax.grid(axis="x", color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.axvline(x(day), color="#cc3333", linewidth=1, linestyle="--")
    whose = f", as {party} stands" if party else ""
    ax.set_title(
        f"Status of {len(agreements)} agreement(s){whose} up to {day.isoformat()}", fontsize=11
    )

    handles: list[Any] = [Patch(facecolor=STATUS_COLORS[s], label=_LABELS[s]) for s in seen]
    if faded:
        handles.append(
            Patch(
                facecolor="#777777",
                alpha=_FADED,
                label="after the last evidence: faded (only the status last known)",
            )
        )
    handles += [
        Patch(
            facecolor="#e4e4e4",
            hatch="///",
            edgecolor="#555555",
            linewidth=0,
            label="uncertain date: the hatched phase may have begun",
        ),
        Line2D(
            [], [], color="#222222", marker="|", markersize=9, linewidth=1.2, label="event (range)"
        ),
        Line2D(
            [],
            [],
            color="#222222",
            marker="D",
            markerfacecolor="white",
            linestyle=":",
            markersize=4.5,
            label="conflicting claim",
        ),
        Line2D([], [], color="#cc3333", linestyle="--", label=f"status as of {day.isoformat()}"),
    ]
    if own_figure:  # above the lanes, where it hides nothing; the caption goes below
        fig.legend(
            handles=handles, loc="outside upper center", ncols=4, frameon=False, fontsize=8.5
        )
        _caption(fig, found.caption)
    else:
        ax.legend(handles=handles, loc="best", fontsize=8)
    return fig


def status_counts(
    reg_or_agreements: Iterable[Agreement] | Agreement,
    *,
    on: str | dt.date | FuzzyDate | None = None,
    ax: Axes | None = None,
) -> Figure:
    """A summary for any number of agreements: how many were in each status over time,
    as stacked areas up to the day (chosen as `timeline`'s, and captioned the same way).
    A change counts from the day it definitely happened, as every status does. A status
    whose last evidence was more than `STALE_AFTER_YEARS` years before is counted apart,
    faded and hatched: "in ratification (last known)". A selection made with one party
    (`reg.filter(party=P, ...)`) is counted as that party stands, and the title says so.

    >>> import treatyreg
    >>> fig = status_counts(treatyreg.load_default(), on="2024-12-31")
    >>> sorted(t.get_text() for t in fig.legends[0].get_texts())[:3]
    ['expired', 'in force', 'in force (last known)']
    """
    try:
        from matplotlib import dates
    except ImportError as error:
        raise ImportError(
            "treatyreg's pictures need matplotlib: pip install 'treatyreg[plot]'"
        ) from error
    mdates: Any = dates
    found = scope(reg_or_agreements, on)
    day = found.on.day
    party = _standing_of(reg_or_agreements)
    axis, series = _count_series(found.agreements, day, found.published, party)
    shown = list(series)
    own_figure = ax is None
    fig, ax = _figure_and_axes(ax, (10, 5))
    x = [float(mdates.date2num(d)) for d in axis]
    if series:
        areas = ax.stackplot(
            x,
            *series.values(),
            labels=[f"{_LABELS[s]} (last known)" if stale else _LABELS[s] for s, stale in shown],
            colors=[STATUS_COLORS[s] for s, _ in shown],
            step="post",
            linewidth=0,
        )
        for area, (_, stale) in zip(areas, shown, strict=True):
            if stale:  # as the timeline fades it: only the status last known
                area.set_alpha(_FADED + 0.15)
                area.set_hatch("///")
                area.set_edgecolor("white")
    _date_limits(ax, axis[0], axis[-1])
    _count_axes(ax, "agreements")
    n = len(found.agreements)
    whose = f", as {party} stands" if party else ""
    ax.set_title(
        f"Status of {n} agreement(s) over time{whose}, up to {day.isoformat()}", fontsize=11
    )
    if series and own_figure:
        fig.legend(loc="outside right upper", fontsize=8.5, frameon=False, reverse=True)
    elif series:
        ax.legend(loc="upper left", fontsize=8, reverse=True)
    if own_figure:
        _caption(fig, found.caption)
    return fig


def _count_series(
    agreements: Sequence[Agreement],
    day: dt.date,
    published: Mapping[str, FuzzyDate] | None = None,
    party: str | None = None,
) -> tuple[list[dt.date], dict[tuple[Status, bool], list[int]]]:
    """The days the counts change (then `day`), and for each status held by some agreement,
    fresh or stale (`Assessment.stale`: its last evidence more than `STALE_AFTER_YEARS`
    years before, among the events and the `published` dates of the sources cited), how
    many held it so from each of those days on: +1 where it begins, -1 where it ends,
    summed in one sweep. With `party`, each agreement's status as that party stands (its
    own steps, the agreement-wide ones and the sources they and the agreement cite)."""
    deltas: dict[tuple[Status, bool], dict[dt.date, int]] = {}
    for a in agreements:
        if party is None:
            days, statuses = status_changes(steps_of(a), a.parties)
        elif party in a.parties:
            days, statuses = party_changes_of(a)[party]
        else:
            continue
        events, cited = counted(a, party)
        dates = [e.date for e in events]
        if published:
            dates += [published[s] for s in cited if s in published]
        evidence = sorted({d.upper for d in dates if d.upper <= day})
        stale_from = [_shift(stale_after(u), 1) for u in evidence]
        before: tuple[Status, bool] | None = None
        for when in sorted({*days, *evidence, *stale_from}):
            if when > day:
                break
            at = bisect.bisect_right(days, when) - 1
            status = statuses[at] if at >= 0 else None
            i = bisect.bisect_right(evidence, when) - 1
            stale = (
                status is not None
                and status not in FINAL
                and i >= 0
                and stale_after(evidence[i]) < when
            )
            key = None if status is None else (status, stale)
            if key == before:
                continue
            if before is not None:
                deltas.setdefault(before, {})[when] = deltas.get(before, {}).get(when, 0) - 1
            if key is not None:
                deltas.setdefault(key, {})[when] = deltas.get(key, {}).get(when, 0) + 1
            before = key
    changed = sorted({d for per in deltas.values() for d in per})
    if not changed:
        axis = [_shift(day, -365), day]
    else:  # the day itself once, even when something changes on it
        axis = changed if changed[-1] == day else [*changed, day]
    series: dict[tuple[Status, bool], list[int]] = {}
    for s in Status:
        for stale in (False, True):
            per = deltas.get((s, stale))
            if not per:
                continue
            total, counts = 0, []
            for d in axis:
                total += per.get(d, 0)
                counts.append(total)
            series[(s, stale)] = counts
    return axis, series


_MARKERS: Final = {"about": "o", "at_least": "^", "exactly": "s"}


def coverage(
    reg: Registry,
    *,
    on: str | dt.date | FuzzyDate | None = None,
    ax: Axes | None = None,
) -> Figure:
    """The totals officials reported against the registry's own count over time: for each
    pair (or group) of parties a reported total names, a step line of the agreements
    between exactly those parties definitely signed by each day (dashed: in force on it),
    and each total as a marker: a circle for "about N", a triangle for "over N" (at least),
    a square for an exact N; hollow when the total counts agreements in force.

    >>> import treatyreg
    >>> fig = coverage(treatyreg.load_default(), on="2024-12-31")
    >>> fig.axes[0].get_ylabel()
    'agreements'
    """
    try:
        from matplotlib import dates
        from matplotlib.lines import Line2D
    except ImportError as error:
        raise ImportError(
            "treatyreg's pictures need matplotlib: pip install 'treatyreg[plot]'"
        ) from error
    mdates: Any = dates
    found = reg.scope(on)
    day = found.on.day
    own_figure = ax is None
    fig, ax = _figure_and_axes(ax, (10, 5))
    names = {p.id: p.name for p in reg.parties}
    groups = list(dict.fromkeys(tuple(sorted(t.parties)) for t in reg.reported_totals))
    colors = ["#1b6ca8", "#c0392b", "#2e8b57", "#8e44ad", "#d35400"]
    first = day
    for k, group in enumerate(groups):
        color = colors[k % len(colors)]
        mine = [a for a in reg if sorted(a.parties) == list(group)]
        signed = sorted(a.signed.upper for a in mine if a.signed is not None)
        signed = [d for d in signed if d <= day]
        if signed:
            first = min(first, signed[0])
            axis = [signed[0], *signed, day]
            counts = [0, *range(1, len(signed) + 1), len(signed)]
            ax.step([float(mdates.date2num(d)) for d in axis], counts, where="post", color=color)
        in_force = [
            sum(1 for a in mine if a.status_on(d) is Status.IN_FORCE) for d in [*signed, day]
        ]
        if signed:
            ax.step(
                [float(mdates.date2num(d)) for d in [*signed, day]],
                in_force,
                where="post",
                color=color,
                linestyle="--",
                linewidth=1,
            )
        label = " - ".join(names.get(p, p) for p in group)
        ax.plot([], [], color=color, label=f"{label}: held (dashed: in force)")
        for t in reg.reported_totals:
            if tuple(sorted(t.parties)) != group or t.as_of.upper > day:
                continue
            first = min(first, t.as_of.upper)
            ax.plot(
                float(mdates.date2num(t.as_of.upper)),
                t.count,
                marker=_MARKERS[t.kind],
                markersize=8,
                color=color,
                markerfacecolor="white" if t.counts_in_force else color,
                linestyle="",
            )
    handles: list[Any] = [
        Line2D([], [], color="#444444", marker=m, linestyle="", label=f"reported: {label}")
        for m, label in (("o", "about N"), ("^", "over N"), ("s", "exactly N"))
    ]
    handles.append(
        Line2D(
            [],
            [],
            color="#444444",
            marker="o",
            markerfacecolor="white",
            linestyle="",
            label="hollow: N in force",
        )
    )
    ax.legend(
        handles=[*ax.get_legend_handles_labels()[0], *handles],
        fontsize=8,
        loc="upper left",
        frameon=False,
    )
    _date_limits(ax, _shift(first, -365), day)
    ax.set_ylim(bottom=0)
    _count_axes(ax, "agreements")
    ax.set_title("Reported totals and the agreements the registry holds", fontsize=11)
    if own_figure:
        _caption(fig, found.caption)
    return fig


_FADED: Final = 0.3  # the opacity of a phase after the last evidence


def _caption(fig: Figure, text: str) -> None:
    """A small grey line under the picture: its day and its source."""
    fig.supxlabel(textwrap.fill(text, 160), fontsize=7.5, color="#555555", x=0.01, ha="left")


def _date_ticks(ax: Axes) -> None:
    """Dates on the x axis: 4 to 12 ticks, labelled concisely."""
    from matplotlib import dates

    mdates: Any = dates  # matplotlib.dates has no type hints
    locator = mdates.AutoDateLocator(minticks=4, maxticks=12)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))


def _count_axes(ax: Axes, ylabel: str) -> None:
    """The frame of a count over time: date ticks, whole numbers up the side, a light
    grid behind, no top or right spine."""
    from matplotlib.ticker import MaxNLocator

    _date_ticks(ax)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel(ylabel)
    ax.grid(color="#e4e4e4", linewidth=0.8)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _date_limits(ax: Axes, first: dt.date, last: dt.date) -> None:
    """The x axis from `first` to `last` exactly (never one day wide, never past the
    years 0001 and 9999, which matplotlib's own margins would cross)."""
    from matplotlib import dates

    if first >= last:
        first, last = _shift(last, -1), _shift(first, 1)
    if first == last:  # pragma: no cover - only if date.min == date.max
        return
    num: Any = dates.date2num
    ax.set_xlim(float(num(first)), float(num(last)))


def _figure_and_axes(ax: Axes | None, size: tuple[float, float]) -> tuple[Figure, Axes]:
    """`ax` and the figure it is in, or a new figure (`_new_figure`) and its axes."""
    from matplotlib.figure import Figure

    from treatyreg._figure import NotebookFigure

    if ax is None:
        fig = _new_figure(NotebookFigure, size)
        return fig, fig.add_subplot()
    parent = ax.figure
    return (parent if isinstance(parent, Figure) else parent.figure), ax


def _new_figure(cls: type[Figure], size: tuple[float, float]) -> Figure:
    """A new figure of `cls`: through pyplot when pyplot is imported (so it is current and
    `plt.savefig` writes it), else on its own, touching no global state."""
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:
        fig: Figure = pyplot.figure(FigureClass=cls, figsize=size, layout="constrained")
        return fig
    return cls(figsize=size, layout="constrained")


def _hatch(bars: Any) -> None:
    """Thicker hatch lines, where matplotlib lets each patch have its own (3.10+)."""
    for bar in bars:
        if hasattr(bar, "set_hatch_linewidth"):
            bar.set_hatch_linewidth(2.2)


def _draw_events(
    ax: Axes,
    a: Agreement,
    lane: Sequence[Phase],
    y: int,
    window: tuple[dt.date, dt.date],
    height: float,
    x: Any,
) -> None:
    """Ticks for events, brackets for date ranges, hollow diamonds for conflicting claims.

    A step whose range is already drawn as a hatched phase start gets only a tick at its
    end; open starts (`../DAY`) are cut at the lane's first day: nothing precedes it.
    """
    left, day = window
    floor = (lane[0].since or lane[0].start) if lane else left
    band_ends = {p.start for p in lane if p.uncertain}
    base = y + height / 2  # the lower edge of the lane (y grows downwards)
    ink = "#222222"
    for e in a.events:
        if e.lower > day:
            continue
        lower, upper = max(e.lower, floor), min(e.upper, day)
        if lower >= upper or e.upper in band_ends:
            ax.plot([x(upper)], [base], marker="|", color=ink, markersize=9, linestyle="")
        else:
            ax.plot(
                [x(lower), x(lower), x(upper), x(upper)],
                [base - 0.1, base, base, base - 0.1],
                color=ink,
                linewidth=1.2,
            )
        for claim in e.alternatives:
            c_lower, c_upper = max(claim.date.lower, left), min(claim.date.upper, day)
            if c_lower > c_upper:
                continue
            ends = [x(c_lower), x(c_upper)] if c_lower < c_upper else [x(c_lower)]
            ax.plot(
                ends,
                [base] * len(ends),
                marker="D",
                markerfacecolor="white",
                color=ink,
                markersize=4.5,
                linestyle=":",
                linewidth=1.2,
            )


# -- the terminal ------------------------------------------------------------------------
def text_timeline(
    reg_or_agreements: Iterable[Agreement] | Agreement,
    *,
    width: int = 100,
    on: str | dt.date | FuzzyDate | None = None,
    ascii: bool = False,
) -> str:
    """The timeline as text, one line per agreement, `width` characters wide.

    Each character is a slice of time showing the status then. Where an uncertain step
    may have happened, `?` alternates with the status of the moment, as the hatching does
    in the picture; after the agreement's last evidence, `:` (`┆`) alternates with it, as
    the picture fades it (only the status last known). A year scale and a legend follow.
    `ascii=True` uses only ASCII.

    >>> import treatyreg
    >>> reg = treatyreg.load_default()
    >>> print(text_timeline([reg["ru-so-2008-friendship"]], width=70, on="2012-12-31",
    ...                     ascii=True))  # doctest: +NORMALIZE_WHITESPACE
    ru-so-2008-friendship ?rRR#:#:#:#:#:#:#:#:#:#:#:#:#:#:#:#:#:#:#:#:#:#:
                             |2009      |2010      |2011      |2012
    . adopted  - signed  r in ratification  R ratified  p provisionally applied
    # in force  _ suspended  x ended  ? uncertain date  : after the last evidence
    as of 2012-12-31 (the day asked for); source: treatyreg registry bundled
    """
    found = scope(reg_or_agreements, on)
    day = found.on.day
    agreements = list(found.agreements)
    glyphs = _ASCII_GLYPHS if ascii else _GLYPHS
    party = _standing_of(reg_or_agreements)
    mine = [party if party in a.parties else None for a in agreements]
    lanes = [phases(a, day, p) for a, p in zip(agreements, mine, strict=True)]
    label_width = min(max((len(a.id) for a in agreements), default=10), max(width // 3, 10))
    labels = _short_ids(agreements, label_width, "~" if ascii else "…")
    label_width = max((len(label) for label in labels), default=label_width)
    bar_width = max(width - label_width - 1, 10)
    starts = [p.since or p.start for lane in lanes for p in lane]
    first = min(starts, default=_shift(day, -365))
    total = max((day - first).days, 1) + 1
    per_cell = total / bar_width

    def cell_day(i: int) -> dt.date:  # never past `on`, so never past date.max
        return min(_shift(first, int((i + 0.5) * per_cell)), day)

    faded = ":" if ascii else "┆"
    lines = []
    for row, (a, lane) in enumerate(zip(agreements, lanes, strict=True)):
        known = found.assess(a, mine[row]).last_evidence
        evidenced = None if known is None else known.upper
        cells = []
        for i in range(bar_width):
            d = cell_day(i)
            here: Status | None = None
            band = False
            for p in lane:
                if p.start <= d <= p.end:
                    here = p.status
                band = band or (p.uncertain and (p.since or first) <= d < p.start)
            # an uncertain range alternates "?" with the status under it, like the hatching;
            # after the last evidence, ":" alternates with it, as the picture fades it
            if band:
                cells.append(glyphs[here] if here is not None and i % 2 else "?")
            elif here is None:
                cells.append(" ")
            elif here not in FINAL and evidenced is not None and d > evidenced and i % 2:
                cells.append(faded)
            else:
                cells.append(glyphs[here])
        label = labels[row]
        lines.append(f"{label:<{label_width}} {''.join(cells).rstrip()}")
    scale = [" "] * bar_width
    last_label_end = -1
    for year in range(first.year + 1, day.year + 1):
        i = int((dt.date(year, 1, 1) - first).days / per_cell)
        if i > last_label_end and i + 5 <= bar_width:
            scale[i : i + 5] = list(f"|{year}")
            last_label_end = i + 5
    lines.append(f"{'':<{label_width}} {''.join(scale).rstrip()}")
    ended = glyphs[Status.TERMINATED]
    legend = [f"{glyphs[s]} {_LABELS[s]}" for s in Status if glyphs[s] != ended]
    legend += [f"{ended} ended", "? uncertain date", f"{faded} after the last evidence"]
    whose = [f"statuses as {party} stands"] if party else []
    lines += ["  ".join(legend[:5]), "  ".join(legend[5:]), "; ".join([*whose, found.caption])]
    return "\n".join(lines)


_CONSENTED: Final = frozenset(
    {Status.RATIFIED, Status.PROVISIONALLY_APPLIED, Status.IN_FORCE, Status.SUSPENDED}
)


def _participation_counts(
    a: Agreement, rows: Sequence[Participation], day: dt.date
) -> tuple[list[dt.date], list[int], list[int], list[int]]:
    """The days of the participation picture (every day a count can change, up to `day`,
    after a first one) and on each the number of signatories (signed, signature not
    withdrawn), of parties (consented, and consenting or in force since: not left) and of
    parties it is in force for. Each party's spans are read off its changes, folded once
    (`party_changes`), and counted in one sweep over the days: the time grows with the
    parties and their steps, not with their product."""
    changes = party_changes_of(a)
    # every day a count can change: a party's status, a signature or its withdrawal
    days = sorted(
        {d for when, _ in changes.values() for d in when[1:] if d <= day}
        | {
            e.upper
            for r in rows
            for e in (r.signature, r.signature_withdrawn)
            if e is not None and e.upper <= day
        }
    )
    start = min(days, default=_shift(day, -365))
    axis = [start, *days, day]
    first_consent: dict[str, dt.date] = {}
    for e in a.events:
        if e.action is Action.RATIFIED and e.party is not None:
            first_consent[e.party] = min(e.upper, first_consent.get(e.party, dt.date.max))
    # each count as spans [from, until): +1 where one begins, -1 where it ends
    spans: tuple[list[tuple[dt.date, int]], ...] = ([], [], [])
    signed, consented, in_force = spans

    def span(into: list[tuple[dt.date, int]], begin: dt.date, end: dt.date | None) -> None:
        if end is None or begin < end:
            into.append((begin, 1))
            if end is not None:
                into.append((end, -1))

    for r in rows:
        if r.signature is not None:
            gone = r.signature_withdrawn
            span(signed, r.signature.upper, None if gone is None else gone.upper)
    for p in a.parties:  # as listed: a party listed twice counts twice, as in the chart
        when, then = changes[p]
        joined = first_consent.get(p, dt.date.max)
        for i, status in enumerate(then):
            end = when[i + 1] if i + 1 < len(when) else None
            if status is Status.IN_FORCE:
                span(in_force, when[i], end)
            if status in _CONSENTED:
                span(consented, max(when[i], joined), end)
    counts: list[list[int]] = []
    for deltas in spans:
        deltas.sort()
        out, total, k = [], 0, 0
        for d in axis:  # in order: a span counts from its first day, not on its last
            while k < len(deltas) and deltas[k][0] <= d:
                total += deltas[k][1]
                k += 1
            out.append(total)
        counts.append(out)
    return axis, counts[0], counts[1], counts[2]


def participation(
    agreement: Agreement,
    *,
    on: str | dt.date | FuzzyDate | None = None,
    ax: Axes | None = None,
    registry: Registry | None = None,
) -> Figure:
    """A picture of a multilateral agreement's participation up to the day (`on`, else the
    registry's `as_of`, else today):
    the number of signatories and of parties (consent given, not withdrawn) as step
    curves, the parties for which it is in force as a third, each withdrawal marked where
    it took effect, the general entry into force as a line; titled with the agreement
    and captioned with its sources (their titles, given the `registry`) and the day.

    A step is counted from the day it definitely happened (the latest day of its date),
    as every status is. Draws into `ax` when given, else into a new figure; returns it.

    >>> import treatyreg
    >>> reg = treatyreg.load("tests/data/example-convention.yaml")
    >>> fig = participation(reg["example-convention"], on="2020-01-01", registry=reg)
    >>> [line.get_label() for line in fig.axes[0].get_lines()][:3]
    ['signatories', 'parties (consented, not withdrawn)', 'in force for']
    """
    try:
        from matplotlib import dates
    except ImportError as error:
        raise ImportError(
            "treatyreg's participation picture needs matplotlib: pip install 'treatyreg[plot]'"
        ) from error

    mdates: Any = dates  # matplotlib.dates has no type hints
    found = attrs.evolve(
        registry.scope(on) if registry is not None else scope([agreement], on),
        agreements=(agreement,),
    )
    day = found.on.day
    a = agreement
    rows = a.participation(day)
    axis, signatories, parties, in_force = _participation_counts(a, rows, day)

    own_figure = ax is None
    fig, ax = _figure_and_axes(ax, (10, 5))
    x = [float(mdates.date2num(d)) for d in axis]
    ax.step(x, signatories, where="post", color="#8fb8de", linewidth=2, label="signatories")
    ax.step(
        x,
        parties,
        where="post",
        color="#e08a1e",
        linewidth=2,
        label="parties (consented, not withdrawn)",
    )
    derived = sum(1 for r in rows if r.derived_from is not None)
    in_force_label = "in force for"
    if derived and a.entry_into_force_rule is not None:
        # a derived day is not a source's: the picture says which, and by what
        in_force_label += f" ({derived} of the days derived from {a.entry_into_force_rule.article})"
    ax.step(x, in_force, where="post", color="#1b9e5a", linewidth=2, label=in_force_label)
    general = next(
        (
            e
            for e in sorted(a.events, key=lambda e: e.upper)
            if e.action is Action.ENTERED_INTO_FORCE and e.party is None and e.upper <= day
        ),
        None,
    )
    if general is not None:
        ax.axvline(
            float(mdates.date2num(general.upper)),
            color="#555555",
            linestyle="--",
            linewidth=1,
            label=f"general entry into force ({general.date})",
        )
    # every withdrawal that took effect by the day, a party's earlier membership's too (the
    # chart's row shows only the party's last membership)
    listed = set(a.parties)
    left = [
        e
        for e in sorted(a.events, key=lambda e: e.upper)
        if e.action is Action.WITHDRAWN and e.party in listed and e.upper <= day
    ]
    by_day: dict[dt.date, list[str]] = {}
    for e in left:
        assert e.party is not None
        who = by_day.setdefault(e.upper, [])
        if e.party not in who:
            who.append(e.party)
    for at, who in by_day.items():  # one mark a day, naming every party that left then
        height = parties[bisect.bisect_right(axis, at) - 1]
        ax.plot(float(mdates.date2num(at)), height, marker="v", color="#b05a5a", markersize=8)
        ax.annotate(
            "\n".join(textwrap.wrap(", ".join(who), 16)),
            (float(mdates.date2num(at)), height),
            textcoords="offset points",
            xytext=(0, -10),
            ha="center",
            va="top",
            fontsize=8,
            color="#b05a5a",
        )
    if left:
        ax.plot([], [], marker="v", color="#b05a5a", linestyle="", label="withdrawal took effect")
    pending = [r for r in rows if r.pending_withdrawal is not None]
    for r in pending:  # notified by the day, taking effect after it: at the notice
        w = r.pending_withdrawal
        assert w is not None
        assert w.notified is not None
        at = w.notified.upper
        height = parties[bisect.bisect_right(axis, at) - 1]
        ax.plot(
            float(mdates.date2num(at)),
            height,
            marker="v",
            markerfacecolor="none",
            color="#b05a5a",
            markersize=8,
        )
        ax.annotate(
            f"{r.party}: takes effect {w.date}",
            (float(mdates.date2num(at)), height),
            textcoords="offset points",
            xytext=(0, 8),
            ha="right",
            va="bottom",
            fontsize=8,
            color="#b05a5a",
        )
    if pending:
        ax.plot(
            [],
            [],
            marker="v",
            markerfacecolor="none",
            color="#b05a5a",
            linestyle="",
            label="withdrawal notified, pending",
        )
    _date_limits(ax, axis[0], axis[-1])
    ax.set_ylim(0, max([*signatories, *parties, 1]) * 1.12)
    _count_axes(ax, f"of {len(a.parties)} participants")
    ax.set_title(
        textwrap.fill(f"{a.title}: participation up to {day.isoformat()}", 100), fontsize=11
    )
    ax.legend(loc="upper left", fontsize=8.5, frameon=False)
    titles = {s.id: s.title for s in registry.sources} if registry is not None else {}
    last = found.assess(a).last_evidence
    evidence = f"last evidence {last.text}" if last else "no evidence by then"
    cited = "; ".join(titles.get(sid, sid) for sid in a.cited)
    if own_figure:  # a figure of the caller's keeps its own labels
        _caption(fig, f"{found.caption} · {evidence} · cited: {cited}")
    return fig
