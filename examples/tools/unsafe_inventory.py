"""Count the `unsafe` code of every example crate and check its SAFETY comments.

For each crate under examples/ (every folder with a Cargo.toml and a src/,
the in-tree crates of examples/cpython/Modules included; a symlinked crate
is counted once, where it lives), counts per source file
(src/, tests/, examples/, build.rs):

- `unsafe` blocks (`unsafe {`), each of which must be preceded by a
  `// SAFETY:` comment (directly above the statement that contains it, or on
  the same line) whose text names an invariant: at least four words, not just
  "safe" or "trivially safe";
- `unsafe fn` declarations (including `unsafe extern "C" fn`), `unsafe impl`
  and `#[unsafe(...)]` attributes, reported but not checked here (clippy's
  `missing_safety_doc` checks the functions' `# Safety` sections).

Writes the counts to examples/results/unsafe.json (with --check, fails
instead when the committed file is out of date) and exits 1, printing `path:line:col: message` for each offence, when a block
lacks its comment. Clippy's `undocumented_unsafe_blocks` (denied in the
workspace lints of both workspaces) checks that a comment exists; this check
also covers the crates clippy does not build and records the counts the book
renders.

    python examples/tools/unsafe_inventory.py [--check]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
RESULTS = EXAMPLES / "results" / "unsafe.json"
BLOCK = re.compile(r"\bunsafe\s*\{")
FN = re.compile(r"\bunsafe\s+(extern\s+\"[^\"]*\"\s+)?fn\b")
IMPL = re.compile(r"\bunsafe\s+impl\b")
ATTR = re.compile(r"#\[unsafe\(")
MIN_WORDS = 4


def code_part(line: str) -> str:
    """The line without string literals' contents and without a trailing // comment."""
    out, i, quote = [], 0, False
    while i < len(line):
        c = line[i]
        if quote:
            if c == "\\":
                i += 2
                continue
            if c == '"':
                quote = False
            i += 1
            continue
        if c == '"':
            quote = True
            out.append('""')
        elif line.startswith("//", i):
            break
        else:
            out.append(c)
        i += 1
    return "".join(out)


def comment_of(lines: list[str], index: int) -> str | None:
    """The SAFETY comment text covering the block that starts on lines[index]."""
    same = lines[index].split("// SAFETY:", 1)
    if len(same) == 2:
        return same[1].strip()
    i = index - 1
    # Walk up over the rest of the statement (`let x =` on the line above) and attributes.
    hops = 0
    while i >= 0 and hops < 4:
        s = lines[i].strip()
        if s.startswith("//") or not s:
            break
        if s.startswith("#[") or not s.endswith((";", "{", "}", ",")) or s.endswith(("= {", "({")):
            i -= 1
            hops += 1
            continue
        break
    block = []
    while i >= 0 and lines[i].strip().startswith("//") and not lines[i].strip().startswith("///"):
        block.append(lines[i].strip())
        i -= 1
    text = " ".join(reversed(block))
    if "SAFETY:" not in text:
        return None
    return text.split("SAFETY:", 1)[1].replace("//", " ").strip()


def names_invariant(text: str) -> bool:
    words = re.findall(r"[A-Za-z_`']+", text)
    trivial = {"safe", "trivially", "this", "is", "it's", "ok", "fine"}
    return len(words) >= MIN_WORDS and not set(w.lower() for w in words) <= trivial


def scan_file(path: Path, offences: list[str]) -> dict:
    lines = path.read_text(encoding="utf-8").splitlines()
    counts = {"blocks": 0, "safety_comments": 0, "unsafe_fns": 0, "unsafe_impls": 0, "unsafe_attrs": 0}
    for n, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith("//"):
            continue
        code = code_part(line)
        counts["unsafe_fns"] += len(FN.findall(code))
        counts["unsafe_impls"] += len(IMPL.findall(code))
        counts["unsafe_attrs"] += len(ATTR.findall(code))
        for m in BLOCK.finditer(code):
            counts["blocks"] += 1
            where = f"{path.relative_to(ROOT)}:{n + 1}:{m.start() + 1}"
            text = comment_of(lines, n)
            if text is None:
                offences.append(f"{where}: unsafe block without a `// SAFETY:` comment")
            elif not names_invariant(text):
                offences.append(
                    f"{where}: the SAFETY comment does not name an invariant "
                    f"(at least {MIN_WORDS} words): {text!r}"
                )
            else:
                counts["safety_comments"] += 1
    return counts


def crates() -> list[Path]:
    found = []
    for manifest in sorted(EXAMPLES.rglob("Cargo.toml")):
        rel = manifest.relative_to(EXAMPLES)
        if "target" in rel.parts:
            continue
        if (manifest.parent / "src").is_dir():
            found.append(manifest.parent)
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the results file is out of date")
    args = parser.parse_args()
    offences: list[str] = []
    result = {"schema": 1, "crates": {}}
    for crate in crates():
        files = {}
        nested = {c for c in crates() if c != crate and crate in c.parents}
        for src in sorted(crate.rglob("*.rs")):
            if any(n in src.parents for n in nested) or "target" in src.relative_to(crate).parts:
                continue
            files[str(src.relative_to(ROOT))] = scan_file(src, offences)
        totals = {k: sum(f[k] for f in files.values()) for k in next(iter(files.values()))}
        result["crates"][str(crate.relative_to(ROOT))] = {"totals": totals, "files": files}
        print(
            f"{crate.relative_to(ROOT)}: {totals['blocks']} unsafe blocks, "
            f"{totals['unsafe_fns']} unsafe fns, {totals['unsafe_impls']} unsafe impls"
        )
    for o in offences:
        print(o)
    text = json.dumps(result, indent=2) + "\n"
    current = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else None
    if current != text:
        if args.check:
            print(f"{RESULTS.relative_to(ROOT)} is out of date: run {Path(__file__).relative_to(ROOT)}")
            return 1
        RESULTS.write_text(text, encoding="utf-8")
    return 1 if offences else 0


if __name__ == "__main__":
    sys.exit(main())
