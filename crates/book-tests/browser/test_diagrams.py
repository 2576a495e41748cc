"""Every mermaid block is drawn as an SVG with an accessible name, and every
dashboard progress bar shows the value its data attributes compute."""

import pytest
from conftest import BOOK, content_pages


def pages_with(marker):
    return [p for p in content_pages() if marker in (BOOK / p).read_text("utf-8")]


DIAGRAM_PAGES = pages_with('<pre class="mermaid"')
PROGRESS_PAGES = pages_with('class="tracker-progress"')


def test_the_book_has_diagrams_and_progress_bars():
    assert DIAGRAM_PAGES and PROGRESS_PAGES


@pytest.mark.parametrize("path", DIAGRAM_PAGES)
def test_diagrams_drawn_with_accessible_name(visit, path):
    diagrams = visit(path).facts["diagrams"]
    assert diagrams
    for i, d in enumerate(diagrams):
        assert d["drawn"], f"diagram {i} not drawn as an SVG"
        assert d["role"] == "img", f"diagram {i}: role {d['role']!r}"
        assert d["name"], f"diagram {i} has no accessible name (accTitle)"


@pytest.mark.parametrize("path", PROGRESS_PAGES)
def test_progress_bars_show_their_value(visit, path):
    bars = visit(path).facts["progress"]
    assert bars
    for bar in bars:
        done, total = int(bar["done"]), int(bar["total"])
        assert 0 <= done <= total, bar
        assert bar["value"] == bar["done"] and bar["max"] == bar["total"], bar
        assert bar["position"] == pytest.approx(done / total if total else -1), bar
        after = " ".join(bar["after"].split())  # the text uses no-break spaces
        assert after.startswith(f"{done} / {total}"), bar
        assert bar["label"] and bar["visible"], bar
