"""Writes theme/highlight.js: mdBook's own highlight.js (highlight.js 10.1.1,
137 KB, 48 languages) cut down to the languages this book uses (about 36 KB),
to keep every page under the page-weight budget of test_weight.py.

    python crates/book-tests/browser/highlight_languages.py

mdBook's file is read from its crate source in cargo's registry (ci/test
installs mdBook from crates.io, so the source is there). A code block in a
language that is not kept stays unhighlighted and highlight.js warns on the
console; test_load.py fails on that warning: add the language to LANGUAGES
and run this again. test_weight.py checks the file is up to date.
"""

import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
TARGET = ROOT / "theme" / "highlight.js"
MDBOOK_VERSION = re.search(
    r"^MDBOOK_VERSION=(\S+)", (ROOT / "ci" / "lib.sh").read_text(), re.M
).group(1)

# highlight.js language names; their aliases come along (sh and console are
# bash and shell, pycon is python-repl, toml is ini, text is plaintext).
LANGUAGES = [
    "bash", "c-like", "c", "cpp", "diff", "ini", "json", "makefile",
    "markdown", "plaintext", "python", "python-repl", "rust", "shell",
    "xml", "yaml",
]  # fmt: skip


def mdbook_highlight_js():
    """mdBook's highlight.js from the pinned mdbook-html crate, or None."""
    home = Path(os.environ.get("CARGO_HOME", Path.home() / ".cargo"))
    found = sorted(
        home.glob(f"registry/src/*/mdbook-html-{MDBOOK_VERSION}/front-end/js/highlight.js")
    )
    return found[0].read_text("utf-8") if found else None


def slim(source):
    """The core and the kept languages: every language is one line,
    `hljs.registerLanguage("name",function(){...}());`."""
    kept, names = [], set()
    for line in source.splitlines(keepends=True):
        m = re.match(r'hljs\.registerLanguage\("([\w-]+)"', line)
        if m:
            names.add(m.group(1))
        if m is None or m.group(1) in LANGUAGES:
            kept.append(line)
    if unknown := set(LANGUAGES) - names:
        raise SystemExit(f"not in mdBook's highlight.js: {sorted(unknown)}")
    header = (
        f"/* mdBook {MDBOOK_VERSION}'s highlight.js with only the languages this book uses;\n"
        "   written by crates/book-tests/browser/highlight_languages.py, do not edit. */\n"
    )
    return header + "".join(kept)


if __name__ == "__main__":
    source = mdbook_highlight_js()
    if source is None:
        sys.exit(f"mdbook-html {MDBOOK_VERSION} source not found in cargo's registry")
    TARGET.write_text(slim(source), "utf-8")
    print(f"{TARGET.relative_to(ROOT)}: {TARGET.stat().st_size} bytes")
