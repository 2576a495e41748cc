"""Fixtures for the browser tests of the built book.

The book (book/ at the repository root, or $BOOK_DIR) is served by a static
server on 127.0.0.1 and opened in the system's Chromium through Playwright.
Every page is loaded once per session (`visit`); the load records console
errors, failed requests, requests outside the local origin and the bytes
transferred, and the tests of each concern read that record.
"""

import functools
import http.server
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[3]
BOOK = Path(os.environ.get("BOOK_DIR", ROOT / "book")).resolve()
SCREENSHOTS = ROOT / "target" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# toc.html is the sidebar for readers without JavaScript (loaded in an
# iframe), not a page of its own.
FRAGMENTS = {"toc.html"}


def book_pages():
    """Every HTML page of the built book, as paths relative to its root."""
    return sorted(p.relative_to(BOOK).as_posix() for p in BOOK.rglob("*.html"))


def content_pages():
    """The chapters: every page but the sidebar fragment."""
    return [p for p in book_pages() if p not in FRAGMENTS]


def pytest_configure(config):
    # Parametrised tests over an empty or missing book would silently pass.
    if not (BOOK / "index.html").is_file():
        raise pytest.UsageError(f"{BOOK}/index.html missing: build the book first")


# Lines for the closing summary (page weights, link counts), by title; each
# section is printed sorted, highest first when lines start with a number.
REPORT: dict[str, list[str]] = {}


def pytest_terminal_summary(terminalreporter):
    for title, lines in REPORT.items():
        terminalreporter.section(title)
        for line in sorted(lines, reverse=True):
            terminalreporter.write_line(line)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def origin():
    handler = functools.partial(_Quiet, directory=str(BOOK))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    # launch() runs Chromium on a fresh temporary profile (user-data dir),
    # removed again on close.
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class Log:
    """What happened while a page was open."""

    errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)

    def problems(self):
        return (
            [f"console: {e}" for e in self.errors]
            + [f"failed: {f}" for f in self.failed]
            + [f"outside the local origin: {u}" for u in self.foreign]
        )


_ALL_DRAWN = """() => Array.from(document.querySelectorAll('pre.mermaid'))
    .every(b => b.dataset.drawn === 'true')"""


def load(browser, origin, path, theme=None, **options):
    """Opens path in a fresh context (no cache; mdBook's stored theme set to
    `theme` if given) and waits for
    the network to settle and every diagram to be drawn. Requests outside the
    origin are aborted and recorded, never let through; callers check
    `log.problems()`. Returns (context, page, log)."""
    context = browser.new_context(**options)
    log = Log()
    local = origin + "/"

    def route(r):
        if r.request.url.startswith(local):
            r.continue_()
        else:
            log.foreign.append(r.request.url)
            r.abort()

    def on_console(message):
        # highlight.js only warns about a code block in a language it lacks
        # (theme/highlight.js keeps a few: see highlight_languages.py).
        if message.type in ("error", "assert") or "Could not find the language" in message.text:
            log.errors.append(f"{message.text} ({message.location.get('url')})")

    def on_failed(request):
        if request.url.startswith(local):
            log.failed.append(f"{request.url}: {request.failure}")

    def on_response(response):
        if response.status >= 400:
            log.failed.append(f"{response.url}: HTTP {response.status}")

    context.route("**/*", route)
    if theme:
        context.add_init_script(f"localStorage.setItem('mdbook-theme', {theme!r})")
    page = context.new_page()
    page.on("console", on_console)
    page.on("pageerror", lambda e: log.errors.append(f"uncaught: {e}"))
    page.on("requestfailed", on_failed)
    page.on("response", on_response)
    page.goto(local + path, wait_until="networkidle")
    if page.locator("pre.mermaid").count():
        try:
            page.wait_for_function(_ALL_DRAWN, timeout=30_000)
        except PlaywrightError as e:
            log.errors.append(f"diagrams not drawn: {e}")
        page.wait_for_load_state("networkidle")
    return context, page, log


@pytest.fixture
def open_page(browser, origin):
    """open_page(path, theme=None, **context_options) -> (page, log); closed
    after the test."""
    contexts = []

    def open_(path, theme=None, **options):
        context, page, log = load(browser, origin, path, theme, **options)
        contexts.append(context)
        return page, log

    yield open_
    for context in contexts:
        context.close()


@dataclass
class Visit:
    log: Log
    resources: dict[str, int]  # path -> encoded body bytes, the page included
    facts: dict  # what _FACTS found in the rendered page

    @property
    def diagrams(self):
        return len(self.facts["diagrams"])

    @property
    def weight(self):
        return sum(self.resources.values())


# The rendered page as the checks of each concern need it: diagrams (drawn,
# accessible name), progress bars, heading levels of the content, and images
# or graphics without a text alternative.
_FACTS = """() => {
    const text = (el) => (el ? el.textContent.trim() : "");
    const name = (el) => el.getAttribute("aria-label")
        || (el.getAttribute("aria-labelledby") || "").split(/\\s+/)
            .map((id) => text(document.getElementById(id))).join(" ").trim()
        || (el.tagName === "IMG" ? el.getAttribute("alt") || "" : "")
        || text(el.querySelector(":scope > title"));
    const main = document.querySelector("main");
    return {
        diagrams: Array.from(document.querySelectorAll("pre.mermaid")).map((b) => {
            const svg = b.querySelector(":scope > svg");
            return {drawn: b.dataset.drawn === "true" && svg !== null,
                    name: svg ? name(svg) : "", role: svg ? svg.getAttribute("role") : null};
        }),
        progress: Array.from(document.querySelectorAll("progress.tracker-progress")).map((p) => ({
            done: p.dataset.done, total: p.dataset.total,
            value: p.getAttribute("value"), max: p.getAttribute("max"),
            position: p.position, label: p.getAttribute("aria-label"),
            after: p.nextSibling ? p.nextSibling.textContent.trim() : "",
            visible: p.getBoundingClientRect().width > 0,
        })),
        headings: main ? Array.from(main.querySelectorAll("h1,h2,h3,h4,h5,h6"))
            .map((h) => [Number(h.tagName[1]), text(h)]) : null,
        unnamed: main ? Array.from(main.querySelectorAll("img, svg, [role=img]"))
            .filter((el) => !el.closest("svg:not(:scope)") || el.matches("[role=img]"))
            .filter((el) => el.getAttribute("aria-hidden") !== "true" && !name(el))
            .map((el) => el.outerHTML.slice(0, 120)) : [],
    };
}"""

_RESOURCES = """() => performance.getEntriesByType('navigation')
    .concat(performance.getEntriesByType('resource'))
    .map(e => [e.name, e.encodedBodySize])"""


@pytest.fixture(scope="session")
def visit(browser, origin):
    """visit(path) -> Visit: each page loaded once per session, then closed."""
    cache: dict[str, Visit] = {}

    def visit_(path):
        if path not in cache:
            context, page, log = load(browser, origin, path)
            resources = {
                url.removeprefix(origin): size
                for url, size in page.evaluate(_RESOURCES)
            }
            cache[path] = Visit(log, resources, page.evaluate(_FACTS))
            context.close()
        return cache[path]

    return visit_
