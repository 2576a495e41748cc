"""Every PEP draft exports to reStructuredText that docutils renders cleanly
and that passes the PEP linter.

Run from the repository root, in the venv of ci/requirements.txt (it pins
docutils):

    python -m pytest -q crates/tracker/tests/rst

For each ``pep-drafts/pep-NNNN.md`` this exports the draft with the CLI
(``cargo run -q -p tracker -- export-rst``), renders the result with
docutils' PEP reader (what python/peps' Sphinx build reads PEPs with) at
``report_level`` 1, and fails on any system message, INFO included. It then
runs ``tracker lint-pep`` (the Rust port of python/peps' check-peps.py rules)
on the exported file.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import docutils
import pytest
from docutils import nodes
from docutils.core import publish_doctree
from docutils.parsers.rst import directives, roles
from docutils.parsers.rst.directives.body import CodeBlock

ROOT = Path(__file__).resolve().parents[4]
DRAFTS = sorted((ROOT / "pep-drafts").glob("pep-*.md"))

# System messages that are not problems. Each entry needs a reason.
ALLOWED: list[tuple[str, str]] = [
    # (regex on the message text, why it is fine)
]

EXPLICIT_TITLE = re.compile(r"^(.+?)\s*(?<!\x00)<(.*?)>$", re.DOTALL)


def _with_explicit_title(base_role):
    """Sphinx's ``:pep:`title <N>``` form, which python/peps uses and plain
    docutils lacks, over docutils' own pep/rfc role."""

    def role(name, rawtext, text, lineno, inliner, options=None, content=None):
        match = EXPLICIT_TITLE.match(text)
        if not match:
            return base_role(name, rawtext, text, lineno, inliner, options, content)
        title, target = match.group(1), match.group(2)
        refs, messages = base_role(name, rawtext, target, lineno, inliner, options, content)
        for ref in refs:
            if isinstance(ref, nodes.reference):
                ref.children = [nodes.Text(nodes.unescape(title))]
        return refs, messages

    return role


roles.register_local_role("pep", _with_explicit_title(roles.pep_reference_role))
roles.register_local_role("rfc", _with_explicit_title(roles.rfc_reference_role))
# docutils ships `code` (and aliases `code-block` in English); python/peps
# writes `code-block`, so make sure it resolves whatever the language.
directives.register_directive("code-block", CodeBlock)


def export(draft: Path, out: Path) -> str:
    subprocess.run(
        ["cargo", "run", "-q", "-p", "tracker", "--", "export-rst", str(draft), "-o", str(out)],
        cwd=ROOT,
        check=True,
    )
    return out.read_text(encoding="utf-8")


def render(source: str, path: Path) -> list[nodes.system_message]:
    doctree = publish_doctree(
        source,
        source_path=str(path),
        reader="pep",
        settings_overrides={
            "report_level": 1,
            "halt_level": 5,
            "warning_stream": False,
            "syntax_highlight": "long",
        },
    )
    return list(doctree.findall(nodes.system_message))


def unexplained(messages: list[nodes.system_message]) -> list[str]:
    out = []
    for msg in messages:
        text = msg.astext()
        if msg["level"] >= 1 and not any(re.search(p, text) for p, _ in ALLOWED):
            out.append(f"line {msg.get('line')}: level {msg['level']}: {text}")
    return out


def test_docutils_is_the_pinned_version():
    assert docutils.__version__ == "0.23"


def test_there_are_drafts():
    assert DRAFTS, "no pep-drafts/pep-*.md found"


@pytest.mark.parametrize("draft", DRAFTS, ids=lambda p: p.stem)
def test_export_renders_without_any_system_message(draft: Path, tmp_path: Path):
    out = tmp_path / f"{draft.stem}.rst"
    source = export(draft, out)
    problems = unexplained(render(source, out))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("draft", DRAFTS, ids=lambda p: p.stem)
def test_export_passes_the_pep_linter(draft: Path, tmp_path: Path):
    out = tmp_path / f"{draft.stem}.rst"
    export(draft, out)
    result = subprocess.run(
        ["cargo", "run", "-q", "-p", "tracker", "--", "lint-pep", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_the_harness_catches_broken_rst(tmp_path: Path):
    """The checks above would see a problem: an INFO-level message and an
    unknown role both surface."""
    bad = "PEP: 9999\nTitle: x\n\nA\n=\n\nSee :nope:`x` and `dangling`_.\n"
    messages = render(bad, tmp_path / "pep-9999.rst")
    assert len(unexplained(messages)) >= 2


def test_explicit_title_roles(tmp_path: Path):
    source = "PEP: 9999\nTitle: x\n\nAbstract\n========\n\nSee :pep:`the policy <11>` and :rfc:`2822`.\n"
    messages = render(source, tmp_path / "pep-9999.rst")
    assert not unexplained(messages)
