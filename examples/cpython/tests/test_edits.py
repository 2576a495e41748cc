"""The edits: exact revert, idempotent apply, nothing written on failure, makesetup's rules.

These need the fetched source only (`cpython.py fetch`), not a build.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tool import edits, source
from tool.common import Failure


def snapshot(tree: Path) -> dict[str, str]:
    out = {}
    for dirpath, _dirs, files in os.walk(tree):
        for name in files:
            path = Path(dirpath) / name
            out[path.relative_to(tree).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


@pytest.fixture(scope="module")
def pristine() -> Path:
    path = source.source_dir()
    if not (path / "configure.ac").is_file():
        pytest.fail(f"no CPython source at {path}: run `examples/cpython/cpython.py fetch`")
    return path


# The files the edits read or write, plus makesetup's template: a copy of
# these is a tree as far as the edits can tell, and far quicker to make.
TREE_FILES = sorted({e.path for e in edits.EDITS} | {
    "configure", "aclocal.m4", "Include/patchlevel.h", "Modules/config.c.in"})


@pytest.fixture
def tree(pristine, tmp_path) -> Path:
    dest = tmp_path / "cpython"
    for rel in TREE_FILES:
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(pristine / rel, dest / rel)
    return dest


def test_autoconf_regenerates_upstream_configure_byte_for_byte(pristine):
    regenerated = edits.regenerate_configure((pristine / "configure.ac").read_text(), pristine)
    assert regenerated == (pristine / "configure").read_text()


def test_apply_is_idempotent_and_revert_is_exact(pristine, tree):
    before = snapshot(tree)
    changed = edits.apply(tree)
    assert {"configure", "configure.ac", "Makefile.pre.in", "Modules/makesetup",
            "Modules/Setup.stdlib.in", "Lib/base64.py"} <= set(changed)
    applied = snapshot(tree)
    assert all(ok for _edit, ok in edits.status(tree))
    assert edits.apply(tree) == []
    assert snapshot(tree) == applied
    assert "--with-rust" in (tree / "configure").read_text()
    edits.revert(tree)
    assert snapshot(tree) == before
    assert not any(ok for _edit, ok in edits.status(tree))


def test_a_missing_anchor_changes_nothing(tree):
    makesetup = tree / "Modules" / "makesetup"
    makesetup.write_text(makesetup.read_text().replace("\t\tobjs=''\n", "\t\tobjs=\n"))
    before = snapshot(tree)
    with pytest.raises(Failure, match=r"Modules/makesetup: anchor for `makesetup.sh:rule` not found"):
        edits.apply(tree)
    assert snapshot(tree) == before


def test_a_tree_of_another_version_is_refused(tree):
    patchlevel = tree / "Include" / "patchlevel.h"
    patchlevel.write_text(patchlevel.read_text().replace('"3.13.', '"3.14.'))
    before = snapshot(tree)
    with pytest.raises(Failure, match="the edits are written for 3.13"):
        edits.apply(tree)
    assert snapshot(tree) == before


def makesetup(tree: Path, tmp: Path, setup: str) -> tuple[str, str]:
    """Runs the edited makesetup on one Setup file; returns (Makefile, config.c)."""
    (tmp / "Makefile.pre").write_text("MODOBJS= _MODOBJS_\nMODLIBS= _MODLIBS_\n"
                                      "SHARED= _MODSHARED_NAMES_\n# === Definitions added by makesetup ===\n")
    (tmp / "Setup").write_text(setup)
    subprocess.run(["sh", str(tree / "Modules" / "makesetup"), "-c", str(tree / "Modules" / "config.c.in"),
                    "-s", "Modules", "Setup"], cwd=tmp, check=True, capture_output=True)
    return (tmp / "Makefile").read_text(), (tmp / "config.c").read_text()


def test_makesetup_turns_a_shared_cargo_line_into_a_cargo_rule(tree, tmp_path):
    edits.apply(tree)
    makefile, config_c = makesetup(tree, tmp_path, "*shared*\n_base64 _base64/Cargo.toml\n")
    assert ("Modules/_base64$(EXT_SUFFIX): FORCE_CARGO; $(CARGO_BUILD) --package _base64 && "
            "cp $(CARGO_OUT)/lib_base64$(CARGO_DYLIB_SUFFIX) Modules/_base64$(EXT_SUFFIX)") in makefile
    assert "SHAREDMODS= Modules/_base64$(EXT_SUFFIX)" in makefile
    assert "BLDSHARED" not in makefile and "PyInit__base64" not in config_c
    assert "RUST_STATICLIB" not in makefile


def test_makesetup_links_a_static_cargo_module_through_the_staticlib(tree, tmp_path):
    edits.apply(tree)
    makefile, config_c = makesetup(tree, tmp_path, "*static*\n_base64 _base64/Cargo.toml\n")
    assert 'extern PyObject* PyInit__base64(void);' in config_c
    assert '{"_base64", PyInit__base64},' in config_c
    (modlibs,) = [line for line in makefile.splitlines() if line.startswith("LOCALMODLIBS=")]
    assert modlibs.split().count("$(RUST_STATICLIB)") == 1 and "$(RUST_STATICLIB_LDFLAGS)" in modlibs
    assert "Modules/config.o: $(RUST_STATICLIB)" in makefile
    assert "--package _base64" not in makefile


def test_makesetup_still_rejects_other_dotted_words(tree, tmp_path):
    edits.apply(tree)
    with pytest.raises(subprocess.CalledProcessError) as err:
        makesetup(tree, tmp_path, "*shared*\n_base64 _base64/Cargo.lock\n")
    assert b"bad word _base64/Cargo.lock" in err.value.stderr


def test_every_fragment_block_is_used():
    used = {(e.fragment, e.block) for e in edits.EDITS}
    for fragment in edits.EDITS_DIR.iterdir():
        for line in fragment.read_text().splitlines():
            if "ANCHOR:" in line:
                block = line.split("ANCHOR:", 1)[1].strip()
                assert (fragment.name, block) in used, f"{fragment.name}: block {block} is applied nowhere"


def test_fragments_without_copies_of_upstream_files():
    # The fragments are the project's own text; none is a whole upstream file.
    sizes = {f.name: f.stat().st_size for f in edits.EDITS_DIR.iterdir()}
    assert max(sizes.values()) < 12_000, sizes
    assert shutil.which("autoconf"), "autoconf (Debian package) is needed to regenerate configure"


def configured_setup_stdlib(tree: Path, subst: dict[str, bool]) -> str:
    """Modules/Setup.stdlib as config.status writes it: `@NAME_TRUE@` is empty when the
    condition holds and `#` otherwise (`@NAME_FALSE@` the reverse); other modules off."""
    text = (tree / "Modules" / "Setup.stdlib.in").read_text()
    for name, on in subst.items():
        text = text.replace(f"@{name}_TRUE@", "" if on else "#")
        text = text.replace(f"@{name}_FALSE@", "#" if on else "")
    return re.sub(r"@[A-Z0-9_]+@", "#", text)


def zlib_lines(setup: str) -> list[str]:
    return [line for line in setup.splitlines() if re.match(r"zlib\s", line)]


@pytest.mark.parametrize("rust", [True, False])
def test_zlib_is_the_rust_module_exactly_when_cargo_is_found(tree, tmp_path, rust):
    edits.apply(tree)
    setup = configured_setup_stdlib(tree, {"MODULE_ZLIB": True, "MODULE_ZLIB_RUST": rust})
    if rust:
        assert zlib_lines(setup) == ["zlib zlib/Cargo.toml"]
    else:
        assert zlib_lines(setup) == ["zlib zlibmodule.c"]  # upstream's line, unchanged
    makefile, _config_c = makesetup(tree, tmp_path, "*shared*\n" + "\n".join(zlib_lines(setup)) + "\n")
    cargo_rule = ("Modules/zlib$(EXT_SUFFIX): FORCE_CARGO; $(CARGO_BUILD) --package zlib && "
                  "cp $(CARGO_OUT)/libzlib$(CARGO_DYLIB_SUFFIX) Modules/zlib$(EXT_SUFFIX)")
    assert (cargo_rule in makefile) == rust
    assert ("Modules/zlibmodule.o:" in makefile) == (not rust)
    # Not configured at all (no libz, no Cargo): no zlib line.
    assert zlib_lines(configured_setup_stdlib(tree, {"MODULE_ZLIB": False, "MODULE_ZLIB_RUST": rust})) == []


def test_configure_picks_the_zlib_module_from_cargo_and_keeps_upstreams_libz_test(tree):
    edits.apply(tree)
    configure_ac = (tree / "configure.ac").read_text()
    assert 'PY_STDLIB_MOD([zlib], [], [test "$have_zlib" = yes],' not in configure_ac
    assert configure_ac.count("PY_STDLIB_MOD([zlib]") == 1
    # The Rust line's condition is substituted and the C module keeps libz's flags.
    configure = (tree / "configure").read_text()
    assert "MODULE_ZLIB_RUST_TRUE" in configure and "MODULE_ZLIB_RUST_FALSE" in configure
    assert 'py_zlib_cflags=$ZLIB_CFLAGS; py_zlib_libs=$ZLIB_LIBS' in configure
    # binascii's optional crc32 from libz is untouched.
    assert "PY_STDLIB_MOD_SIMPLE([binascii], [$BINASCII_CFLAGS], [$BINASCII_LIBS])" in configure_ac
