"""The status pages as a Steering Council member reads them: the dashboard's
first screen (1400x900) holds the decisions, the overdue items and the phase
summary; no table is cut off; the charts are there without JavaScript; the
review packet prints. Screenshots of the dashboard, the packet and the
results page go to target/screenshots/."""

import pytest
from conftest import BOOK, SCREENSHOTS

FIRST_SCREEN = {"width": 1400, "height": 900}
DASHBOARD = "status/index.html"
PACKET = "status/packet.html"
STATUS_PAGES = sorted(
    p.relative_to(BOOK).as_posix() for p in (BOOK / "status").glob("*.html")
)
CHART_PAGES = [
    p for p in STATUS_PAGES if 'class="tracker-chart' in (BOOK / p).read_text("utf-8")
]

# The bottom edge (in viewport pixels, before any scrolling) of what each h2
# section shows: its heading and the tables under it, up to the next h2
# (explanatory text after a table may run below the first screen).
_SECTION_BOTTOMS = """() => {
    const out = {};
    for (const h of document.querySelectorAll("main h2")) {
        let bottom = h.getBoundingClientRect().bottom;
        for (let e = h.nextElementSibling; e && e.tagName !== "H2"; e = e.nextElementSibling) {
            if (e.tagName === "TABLE" || e.querySelector("table")) {
                bottom = Math.max(bottom, e.getBoundingClientRect().bottom);
            }
        }
        out[h.textContent.trim()] = bottom;
    }
    return out;
}"""

# Tables wider than the content column that no scrolling box contains: their
# right part is cut off (or runs over the page) for the reader.
_CLIPPED_TABLES = """() => {
    const main = document.querySelector("main").getBoundingClientRect();
    const scrolls = (e) => ["auto", "scroll"].includes(getComputedStyle(e).overflowX);
    const out = [];
    for (const t of document.querySelectorAll("main table")) {
        let box = null;
        for (let e = t.parentElement; e && e.tagName !== "MAIN"; e = e.parentElement) {
            if (scrolls(e)) { box = e; break; }
        }
        const r = t.getBoundingClientRect();
        if (box) {
            const b = box.getBoundingClientRect();
            if (b.right > main.right + 1) out.push(`scroll box wider than the column: ${t.innerText.slice(0, 60)}`);
        } else if (r.right > main.right + 1 || t.scrollWidth > t.clientWidth + 1) {
            out.push(`${Math.round(r.right - main.right)} px over: ${t.innerText.slice(0, 60)}`);
        }
    }
    return out;
}"""


def test_the_status_pages_exist():
    assert DASHBOARD in STATUS_PAGES and PACKET in STATUS_PAGES
    assert "status/results.html" in CHART_PAGES and "status/timeline.html" in CHART_PAGES


def test_first_screen_shows_decisions_overdue_and_phase_progress(open_page):
    page, log = open_page(DASHBOARD, viewport=FIRST_SCREEN)
    bottoms = page.evaluate(_SECTION_BOTTOMS)
    wanted = ["Decisions needed", "Overdue and at risk", "Phase progress"]
    assert list(bottoms)[:3] == wanted, list(bottoms)
    for title in wanted:
        assert bottoms[title] <= FIRST_SCREEN["height"], (
            f"{title!r} ends at {bottoms[title]:.0f} px, below the first screen"
        )
    # The decisions table lists each open decision with who decides and by when.
    rows = page.locator("table.decisions-needed tbody tr")
    assert rows.count() >= 5
    for i in range(rows.count()):
        cells = rows.nth(i).locator("td")
        assert all(cells.nth(c).inner_text().strip() for c in range(cells.count()))
    assert "overdue" in page.locator("table.overdue-table").inner_text().lower()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "review-dashboard-first-screen.png")
    assert not log.problems(), log.problems()


@pytest.mark.parametrize("path", STATUS_PAGES)
def test_no_table_is_cut_off(open_page, path):
    page, log = open_page(path, viewport=FIRST_SCREEN)
    assert page.evaluate(_CLIPPED_TABLES) == []
    assert not log.problems(), log.problems()


@pytest.mark.parametrize("path", CHART_PAGES)
def test_charts_are_static_svg_seen_without_javascript(browser, origin, path):
    context = browser.new_context(java_script_enabled=False, viewport=FIRST_SCREEN)
    try:
        page = context.new_page()
        page.goto(f"{origin}/{path}")
        charts = page.locator("svg.tracker-chart")
        assert charts.count() >= 1
        for i in range(charts.count()):
            chart = charts.nth(i)
            box = chart.bounding_box()
            assert box and box["width"] > 300 and box["height"] > 60, box
            assert chart.get_attribute("role") == "img"
            ids = (chart.get_attribute("aria-labelledby") or "").split()
            assert ids and all(
                page.locator(f"[id='{i}']").text_content().strip() for i in ids
            ), ids
            # Labels are text, in the page's own colour.
            assert chart.locator("text").count() >= 3
            assert chart.locator("[fill='#000000']").count() == 0
    finally:
        context.close()


def test_the_review_packet_prints(open_page):
    page, log = open_page(PACKET, viewport={"width": 1000, "height": 1400})
    page.emulate_media(media="print")
    # The navigation is gone in print, the packet's sections remain.
    assert not page.locator("#sidebar").is_visible()
    headings = [h.strip() for h in page.locator("main h2").all_inner_texts()]
    for title in [
        "Decisions needed",
        "Overdue and at risk",
        "Changes since the last review",
        "Open risks by severity",
    ]:
        assert title in headings, headings
    assert page.evaluate(_CLIPPED_TABLES) == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pdf = SCREENSHOTS / "review-packet.pdf"
    page.pdf(path=pdf, format="A4", print_background=False)
    data = pdf.read_bytes()
    pages = data.count(b"/Type /Page") - data.count(b"/Type /Pages")
    assert 1 <= pages <= 8, f"{pages} pages"
    assert not log.problems(), log.problems()


REVIEW_SHOTS = {
    DASHBOARD: "review-dashboard.png",
    PACKET: "review-packet.png",
    "status/results.html": "review-results.png",
}


@pytest.mark.parametrize("path", sorted(REVIEW_SHOTS))
def test_screenshot_of_the_review_pages(open_page, path):
    page, log = open_page(path, viewport=FIRST_SCREEN)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    out = SCREENSHOTS / REVIEW_SHOTS[path]
    page.screenshot(path=out, full_page=True)
    assert out.stat().st_size > 10_000
    assert not log.problems(), log.problems()
