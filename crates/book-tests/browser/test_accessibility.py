"""Headings in order, a text alternative for every image and diagram, and the
page usable by keyboard."""

from urllib.parse import urljoin

import pytest
from conftest import content_pages

GUIDE_PAGE = "contributing/setup.html"


@pytest.mark.parametrize("path", content_pages())
def test_headings_in_order(visit, path):
    headings = visit(path).facts["headings"]
    assert headings, "no heading in <main>"
    levels = [level for level, _ in headings]
    assert levels[0] == 1, f"first heading is not h1: {headings[0]}"
    if path != "print.html":  # one chapter after another, one h1 each
        h1s = [h for h in headings if h[0] == 1]
        assert len(h1s) == 1, f"{len(h1s)} h1: {h1s}"
    skips = [
        f"h{a} -> h{b} {title!r}"
        for (a, _), (b, title) in zip(headings, headings[1:])
        if b > a + 1
    ]
    assert not skips, "heading level skipped: " + "; ".join(skips)


@pytest.mark.parametrize("path", content_pages())
def test_images_have_text_alternative(visit, path):
    unnamed = visit(path).facts["unnamed"]
    assert not unnamed, "no text alternative: " + "\n".join(unnamed)


def focused(page):
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const style = getComputedStyle(el);
            return {
                where: el.closest("#mdbook-sidebar") ? "sidebar"
                     : el.closest("main") ? "content" : "other",
                tag: el.tagName, href: el.getAttribute("href"),
                outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
                shadow: style.boxShadow !== "none",
                visible: el.matches(":focus-visible"),
            };
        }"""
    )


def test_keyboard_reaches_sidebar_and_content(open_page):
    page, log = open_page(GUIDE_PAGE, viewport={"width": 1280, "height": 800})
    reached = {}
    for _ in range(200):
        page.keyboard.press("Tab")
        f = focused(page)
        if f["tag"] == "A" and f["where"] in ("sidebar", "content"):
            reached.setdefault(f["where"], f)
        if len(reached) == 2:
            break
    assert set(reached) == {"sidebar", "content"}, f"Tab reached only {reached}"
    for where, f in reached.items():
        assert f["visible"] and (f["outline"] or f["shadow"]), f"focus not visible: {f}"
    assert not log.problems()


def test_next_chapter_shortcut(open_page):
    page, log = open_page(GUIDE_PAGE)
    next_href = page.get_attribute("a.nav-chapters.next", "href")
    assert next_href
    expected = urljoin(page.url, next_href)
    with page.expect_navigation():
        page.keyboard.press("ArrowRight")
    assert page.url == expected
    assert not log.problems()

