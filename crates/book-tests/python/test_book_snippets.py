"""Runs every ```python and ```pycon block of the book (src/).

The blocks of one page run in order in one namespace, as a reader would type
them: ```python blocks are executed, ```pycon blocks are doctests whose output
must match. A block marked ``ignore`` is skipped; ``tracker check`` makes sure
it says why. The blocks come from ``tracker snippets``, the same Markdown
parser the book's other checks use, so line numbers match the sources.
"""

from __future__ import annotations

import doctest
import json
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def _load_blocks() -> dict[str, list[dict]]:
    out = subprocess.run(
        ["cargo", "run", "--quiet", "-p", "tracker", "--", "snippets",
         "--root", str(ROOT), "--lang", "python,pycon", "--under", "src"],
        cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout
    pages: dict[str, list[dict]] = defaultdict(list)
    for block in json.loads(out):
        pages[block["path"]].append(block)
    return dict(sorted(pages.items()))


PAGES = _load_blocks()


def test_the_book_has_python_blocks() -> None:
    # Guards against the extractor silently finding nothing.
    assert sum(len(b) for b in PAGES.values()) > 0


def _run_python(block: dict, namespace: dict) -> None:
    # Pad with newlines so tracebacks point at the Markdown line.
    source = "\n" * (block["line"] - 1) + block["code"]
    exec(compile(source, block["path"], "exec"), namespace)


def _run_pycon(block: dict, namespace: dict) -> str | None:
    parser = doctest.DocTestParser()
    test = parser.get_doctest(
        block["code"], namespace, block["path"], block["path"], block["line"] - 1
    )
    report: list[str] = []
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test, out=report.append, clear_globs=False)
    namespace.update(test.globs)
    if runner.failures:
        return "".join(report)
    return None


@pytest.mark.parametrize("page", list(PAGES))
def test_page(page: str) -> None:
    namespace: dict = {"__name__": "__book__"}
    for block in PAGES[page]:
        where = f"{block['path']}:{block['line']}"
        if block["ignore"]:
            continue
        if block["lang"] == "python":
            try:
                _run_python(block, namespace)
            except Exception as exc:  # report the block, then the traceback
                raise AssertionError(f"{where}: python block raised {exc!r}") from exc
        else:
            failure = _run_pycon(block, namespace)
            if failure:
                pytest.fail(f"{where}: pycon output differs\n{failure}", pytrace=False)
