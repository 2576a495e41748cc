"""Page weight: the mermaid library loads only where a diagram is drawn, and
a page without diagrams transfers at most BUDGET bytes on load (the page, its
styles, scripts, fonts and images, as the browser's resource timing counts
them; the server sends no compression, so body size is transfer size)."""

import highlight_languages
import pytest
from conftest import REPORT, content_pages

BUDGET = 400 * 1024
MERMAID = "/vendor/mermaid.min.js"


@pytest.mark.parametrize("path", content_pages())
def test_page_weight(visit, path):
    v = visit(path)
    kind = f"{v.diagrams} diagram(s)" if v.diagrams else "no diagram"
    REPORT.setdefault("page weight on load (KB)", []).append(
        f"{v.weight / 1024:8.1f}  {path}  ({kind}, {len(v.resources)} requests)"
    )
    assert (MERMAID in v.resources) == bool(v.diagrams), (
        f"mermaid.min.js loaded: {MERMAID in v.resources}, diagrams: {v.diagrams}"
    )
    if not v.diagrams:
        heaviest = sorted(v.resources.items(), key=lambda kv: -kv[1])[:5]
        assert v.weight <= BUDGET, (
            f"{path}: {v.weight / 1024:.1f} KB > {BUDGET / 1024:.0f} KB; heaviest: {heaviest}"
        )


def test_highlight_js_is_mdbooks_cut_to_the_books_languages():
    source = highlight_languages.mdbook_highlight_js()
    if source is None:
        pytest.skip(f"mdbook-html {highlight_languages.MDBOOK_VERSION} source not in cargo's registry")
    assert highlight_languages.TARGET.read_text("utf-8") == highlight_languages.slim(source), (
        "theme/highlight.js is stale: run crates/book-tests/browser/highlight_languages.py"
    )
