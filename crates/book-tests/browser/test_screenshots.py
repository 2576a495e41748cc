"""Screenshots of the home page, the dashboard and a guide page, for review,
under target/screenshots/."""

import pytest
from conftest import SCREENSHOTS

PAGES = ["index.html", "status/index.html", "contributing/setup.html"]


@pytest.mark.parametrize("path", PAGES)
def test_screenshot(open_page, path):
    page, log = open_page(path, viewport={"width": 1280, "height": 900})
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    out = SCREENSHOTS / (path.removesuffix(".html").replace("/", "-") + ".png")
    page.screenshot(path=out, full_page=True)
    assert out.stat().st_size > 10_000
    assert not log.problems(), log.problems()
