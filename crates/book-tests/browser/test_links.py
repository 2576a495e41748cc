"""Every internal link and #fragment of the built site resolves; external
links (not fetched: there is no network) are counted and checked for form."""

import posixpath
import re
import tomllib
from collections import Counter
from html.parser import HTMLParser
from pathlib import PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from conftest import BOOK, REPORT, ROOT, book_pages

LINK_ATTRS = {"href", "src"}
HOST = re.compile(
    r"(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}"
    r"|\d{1,3}(\.\d{1,3}){3}",
    re.IGNORECASE,
)


class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.anchors = set()
        self.links = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value and (name == "id" or name == "name" and tag == "a"):
                self.anchors.add(value)
            elif name in LINK_ATTRS and value is not None and tag != "base":
                self.links.append((tag, value))


def parse(path):
    page = Page()
    page.feed((BOOK / path).read_text("utf-8"))
    return page


PAGES = {p: parse(p) for p in book_pages()}
# Links into this project's own repository ("Suggest an edit", evidence,
# sources) must name a file of the checkout.
REPOSITORY = tomllib.loads((ROOT / "book.toml").read_text())["output"]["html"][
    "git-repository-url"
]
OWN_TREE = re.compile(re.escape(REPOSITORY) + r"/(?:blob|tree|edit)/main/([^?#]*)")
BASE = "http://book.invalid/"


def resolve(path, link):
    """(target file relative to the book, fragment) of an internal link."""
    url = urlsplit(urljoin(BASE + path, link))
    target = unquote(url.path).removeprefix("/")
    if target == "" or target.endswith("/"):
        target += "index.html"
    return target, unquote(url.fragment)


def is_external(link):
    return bool(urlsplit(link).scheme) or link.startswith("//")


@pytest.mark.parametrize("path", list(PAGES))
def test_internal_links_resolve(path):
    broken = []
    for tag, link in PAGES[path].links:
        if is_external(link):
            continue
        target, fragment = resolve(path, link)
        if not (BOOK / target).is_file():
            broken.append(f"<{tag}> {link}: no file {target}")
        elif fragment and target.endswith(".html"):
            if fragment not in PAGES[target].anchors:
                broken.append(f"<{tag}> {link}: no id or name {fragment!r} in {target}")
    assert not broken, "\n".join(broken)


def test_external_links_are_well_formed():
    links = {link for page in PAGES.values() for _, link in page.links if is_external(link)}
    bad = []
    hosts = Counter()
    for link in sorted(links):
        url = urlsplit(link)
        if url.scheme == "mailto":
            continue
        if url.scheme not in ("http", "https"):
            bad.append(f"{link}: scheme {url.scheme!r}")
        elif not url.hostname or not HOST.fullmatch(url.hostname):
            bad.append(f"{link}: host {url.hostname!r}")
        elif re.search(r"\s", link):
            bad.append(f"{link}: whitespace")
        else:
            hosts[url.hostname] += 1
    top = ", ".join(f"{h} {n}" for h, n in hosts.most_common(8))
    REPORT.setdefault("external links (form checked, not fetched)", []).append(
        f"{len(links)} distinct external links on {len(hosts)} hosts: {top}"
    )
    assert links
    assert not bad, "\n".join(bad)


def test_links_into_this_repository_name_existing_files():
    missing = set()
    for path, page in PAGES.items():
        for _, link in page.links:
            if m := OWN_TREE.match(link):
                target = posixpath.normpath(unquote(m.group(1)))
                if target.startswith("..") or not (ROOT / target).exists():
                    missing.add(f"{path}: {link}")
    assert not missing, "\n".join(sorted(missing))
