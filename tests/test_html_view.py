"""The notebook tables as a person sees them: headless Chromium renders a selection's HTML
at 800 and 1,400 pixels, under a plain page and under host styles like those notebook
front ends apply to output tables (a fixed table layout, cells that break words anywhere,
right-aligned), and measures what a reader would see: ids and dates on one line, titles
that wrap, nothing out of its box. Screenshots go to the test's folder.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import treatyreg
from treatyreg.display import registry_html

pytestmark = pytest.mark.slow  # runs a real browser

# Host styles written for this test, after what notebook front ends do to output tables
# (no file of theirs is copied): the cases that crushed titles and broke ids mid-token.
HOSTS = {
    "plain": "body { margin: 8px; font-family: sans-serif; }",
    "notebook": """
        body { margin: 8px; font-family: sans-serif; }
        .output table { border-collapse: collapse; table-layout: fixed; width: 100%;
                        margin-left: auto; margin-right: auto; }
        .output td, .output th { text-align: right; vertical-align: middle; padding: 0.5em;
                                 white-space: normal; word-break: break-all;
                                 overflow-wrap: anywhere; max-width: none; }
        .output code { white-space: normal; }
    """,
}

MEASURE = """
<script>
window.addEventListener('load', () => {
  const box = document.querySelector('.treatyreg-registry');
  const boxRect = box.getBoundingClientRect();
  const broken = [];
  // every id, and every date (an interval may break after its "/", never inside a date)
  const kept = [...document.querySelectorAll('td code, td span')].filter(
    el => el.style.whiteSpace === 'nowrap' || (el.tagName === 'CODE' && !el.querySelector('span')));
  for (const el of kept) {
    if (el.getClientRects().length !== 1) broken.push(el.textContent);
  }
  if (kept.length < 20) broken.push('too few ids and dates found: ' + kept.length);
  const titles = [...document.querySelectorAll('.treatyreg-title')];
  const lineHeight = parseFloat(getComputedStyle(titles[0]).lineHeight) || 17;
  const wrapped = titles.filter(t => t.getClientRects().length > 1).length;
  const narrowest = Math.min(...titles.map(t => t.parentElement.getBoundingClientRect().width));
  const spill = [...box.querySelectorAll('*')].filter(el => {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) return false;  // a <wbr>: nothing to see
    return r.right > boxRect.right + 1 || r.left < boxRect.left - 1;
  }).map(el => el.tagName + ':' + el.textContent.slice(0, 40));
  document.body.setAttribute('data-result', JSON.stringify({
    broken, wrapped, narrowest, spill,
    boxRight: boxRect.right, viewport: document.documentElement.clientWidth,
    scroll: box.scrollWidth > box.clientWidth + 1,
  }));
});
</script>
"""


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        pytest.skip("Chromium is not installed here (apt-get install chromium); not run")
    return found


@pytest.mark.parametrize("width", [800, 1400])
@pytest.mark.parametrize("host", sorted(HOSTS))
def test_a_selection_reads_well_in_a_notebook(tmp_path: Path, host: str, width: int) -> None:
    chromium = _chromium()
    reg = treatyreg.load_default()
    html = registry_html(reg.filter(party="Abkhazia"), party="XAB")
    page = tmp_path / f"{host}-{width}.html"
    page.write_text(
        f"<!doctype html><html><head><meta charset='utf-8'><style>{HOSTS[host]}</style>"
        f"</head><body><div class='output'>{html}</div>{MEASURE}</body></html>",
        encoding="utf-8",
    )
    flags = ["--headless", "--no-sandbox", "--disable-gpu", f"--window-size={width},1200"]
    dom = subprocess.run(
        [chromium, *flags, "--virtual-time-budget=5000", "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    ).stdout
    found = re.search(r"data-result=\"([^\"]*)\"", dom)
    assert found is not None, dom[-2000:]
    result = json.loads(found[1].replace("&quot;", '"'))
    shot = tmp_path / f"{host}-{width}.png"
    subprocess.run(
        [chromium, *flags, f"--screenshot={shot}", page.as_uri()],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert result["broken"] == [], "ids and dates must stay on one line"
    assert result["spill"] == [], "nothing may stand out of the box"
    assert result["boxRight"] <= result["viewport"] + 1
    assert result["narrowest"] >= 150, "titles must keep room to be read"
    if width == 800:
        assert result["wrapped"] > 0, "long titles wrap rather than push the table out"
    assert shot.stat().st_size > 0
