"""mdBook's search finds a page by a term distinctive to it."""

import pytest

CASES = [
    ("bootstrapping", "build/platforms.html"),
    ("makesetup", "build/integration.html"),
]


@pytest.mark.parametrize("term, expected", CASES)
def test_search_finds_page(open_page, term, expected):
    page, log = open_page("index.html")
    page.keyboard.press("s")  # mdBook's shortcut opens the search bar
    box = page.locator("#mdbook-searchbar")
    box.wait_for(state="visible")
    box.press_sequentially(term, delay=20)
    results = page.locator("#mdbook-searchresults a")
    results.first.wait_for(timeout=15_000)
    hrefs = results.evaluate_all("as => as.map(a => a.pathname)")
    hrefs = [h.removeprefix("/") for h in hrefs]
    assert expected in hrefs[:3], f"{term!r}: {hrefs}"
    assert not log.problems(), log.problems()
