"""The enforcement checks of ci/test fail on what they are meant to catch."""

import shutil
import subprocess
import textwrap

import pytest

import check_exports
import check_panic_strategy
import cpython_suites
import provenance


def write(tmp_path, rel, text):
    path = tmp_path / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))
    return rel


def test_panic_strategy_accepts_unwind(tmp_path):
    rel = write(tmp_path, "Cargo.toml", """
        [profile.release]
        lto = "thin"
        panic = "unwind"
    """)
    assert check_panic_strategy.findings(tmp_path, [rel]) == []


@pytest.mark.parametrize(("rel", "text", "what"), [
    ("Cargo.toml", '[profile.release]\npanic = "abort"\n', "[profile.release]"),
    ("a/Cargo.toml", '[profile.dev.package.foo]\npanic = "abort"\n', "[profile.dev.package.foo]"),
    (".cargo/config.toml", '[build]\nrustflags = ["-C", "panic=abort"]\n', "[build] rustflags"),
    (".cargo/config.toml", '[target.x86_64-unknown-linux-gnu]\nrustflags = "-Cpanic=abort"\n',
     "[target.x86_64-unknown-linux-gnu]"),
    ("ex/pyproject.toml", '[tool.maturin]\nrustc-args = ["-C", "panic=abort"]\n', "rustc-args"),
])
def test_panic_strategy_finds_abort(tmp_path, rel, text, what):
    write(tmp_path, rel, text)
    found = check_panic_strategy.findings(tmp_path, [rel])
    assert len(found) == 1 and what in found[0] and found[0].startswith(rel), found


def test_panic_strategy_reports_unreadable(tmp_path):
    rel = write(tmp_path, "Cargo.toml", "[profile\n")
    assert "cannot read" in check_panic_strategy.findings(tmp_path, [rel])[0]


@pytest.mark.skipif(shutil.which("cc") is None, reason="needs a C compiler to build a library")
def test_exports_flags_a_second_symbol(tmp_path):
    src = tmp_path / "m.c"
    src.write_text("int PyInit_m(void) { return 0; }\nint inflate(void) { return 1; }\n"
                   "static int hidden(void) { return 2; }\n")
    lib = tmp_path / "m.so"
    subprocess.run(["cc", "-shared", "-fPIC", "-o", str(lib), str(src)], check=True)
    symbols = check_exports.exported(lib)
    assert "PyInit_m" in symbols and "hidden" not in symbols
    assert check_exports.unexpected("m", symbols) == ["inflate"]


def test_suites_are_discovered_from_the_examples():
    targets = cpython_suites.discover()
    keys = {t.key(s) for t in targets.values() for s in t.suites}
    assert {"test_binascii", "test_base64", "test_zlib", "test_base64:rs_base64_ffi"} <= keys
    assert targets["rs_zlib"].stands_in_for == "zlib"


def test_check_mode_reports_each_difference():
    old = {"python": "3.11.7", "sources": {"examples/x": "a"},
           "suites": {"t": {"passed": 1}, "gone": {"passed": 2}}}
    new = {"python": "3.11.7", "sources": {"examples/x": "b"}, "suites": {"t": {"passed": 3}}}
    diff = cpython_suites.differences(old, new)
    assert [d.split(":")[0] for d in diff] == ["sources", "suites.gone", "suites.t"]
    assert cpython_suites.differences(new, new) == []


def test_msrv_check_catches_drift():
    import check_msrv

    assert check_msrv.problems("1.95", "1.95.0", {"a": "1.95"}) == []
    found = check_msrv.problems("1.95", "1.96.1", {"a": "1.95", "b": None})
    assert len(found) == 2 and "rustc is 1.96.1" in found[0] and "crate b" in found[1]
    assert "no [workspace.package]" in check_msrv.problems(None, "1.95.0", {})[0]


def test_source_hashes_follow_path_dependencies(tmp_path):
    # A module, the buffer crate it takes by path, that crate's own path
    # dependency, and a crate inside the module (not listed twice).
    write(tmp_path, "examples/mod/Cargo.toml", """
        [dependencies]
        buf = { path = "../buf", version = "0.1.0" }
        inner = { path = "inner" }
        serde = "1"
    """)
    write(tmp_path, "examples/mod/inner/Cargo.toml", "[package]\nname = 'inner'\n")
    write(tmp_path, "examples/buf/Cargo.toml", """
        [build-dependencies]
        sys = { path = "../../crates/sys" }
    """)
    write(tmp_path, "crates/sys/Cargo.toml", "[package]\nname = 'sys'\n")
    root = tmp_path.resolve()
    assert provenance.path_dependencies("examples/mod", root) == ["examples/buf", "crates/sys"]
