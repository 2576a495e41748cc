//! Generate the raw bindings from the tree's `Include/` and the build's `pyconfig.h`.
//!
//! * `PYTHON_BUILD_DIR` (required): the build directory, which holds `pyconfig.h`.
//! * `PYTHON_SRC_DIR` (optional): the source tree, which holds `Include/`. Default: two levels
//!   above this crate (`Modules/cpython-sys/../..`, the tree's root once the crate is copied into
//!   the tree); when that has no `Include/Python.h`, the `abs_srcdir` of the build's `Makefile`.
//!
//! Emits `cfg(py_gil_disabled)` when `pyconfig.h` defines `Py_GIL_DISABLED 1`: the free-threaded
//! object header has a different layout, and the bindings must match the interpreter they load in.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    match generate() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: cpython-sys: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The value of `Py_GIL_DISABLED` as `pyconfig.h` states it.
fn gil_disabled(pyconfig: &str) -> bool {
    pyconfig.lines().any(|line| {
        let mut words = line.split_whitespace();
        words.next() == Some("#define")
            && words.next() == Some("Py_GIL_DISABLED")
            && words.next() == Some("1")
    })
}

/// `abs_srcdir` from the build's Makefile (configure writes it).
fn srcdir_from_makefile(build_dir: &Path) -> Option<PathBuf> {
    let makefile = fs::read_to_string(build_dir.join("Makefile")).ok()?;
    makefile.lines().find_map(|line| {
        let value = line.strip_prefix("abs_srcdir=")?.trim();
        Some(PathBuf::from(value))
    })
}

fn source_dir(manifest_dir: &Path, build_dir: &Path) -> Result<PathBuf, String> {
    if let Some(dir) = env::var_os("PYTHON_SRC_DIR") {
        let dir = PathBuf::from(dir);
        return if dir.join("Include/Python.h").is_file() {
            Ok(dir)
        } else {
            Err(format!(
                "PYTHON_SRC_DIR={} has no Include/Python.h; point it at the CPython source tree",
                dir.display()
            ))
        };
    }
    let default = manifest_dir.join("../..");
    if default.join("Include/Python.h").is_file() {
        return Ok(default);
    }
    match srcdir_from_makefile(build_dir) {
        Some(dir) if dir.join("Include/Python.h").is_file() => Ok(dir),
        _ => Err(format!(
            "no Include/Python.h in {} nor in the abs_srcdir of {}/Makefile; set PYTHON_SRC_DIR \
             to the CPython source tree",
            default.display(),
            build_dir.display()
        )),
    }
}

fn generate() -> Result<(), String> {
    println!("cargo::rerun-if-env-changed=PYTHON_BUILD_DIR");
    println!("cargo::rerun-if-env-changed=PYTHON_SRC_DIR");
    println!("cargo::rerun-if-changed=wrapper.h");
    println!("cargo::rustc-check-cfg=cfg(py_gil_disabled)");

    let manifest_dir =
        PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").ok_or("CARGO_MANIFEST_DIR unset")?);
    let build_dir = PathBuf::from(env::var_os("PYTHON_BUILD_DIR").ok_or(
        "PYTHON_BUILD_DIR is not set; set it to the CPython build directory that holds pyconfig.h",
    )?);
    let pyconfig_path = build_dir.join("pyconfig.h");
    let pyconfig = fs::read_to_string(&pyconfig_path).map_err(|e| {
        format!(
            "cannot read {}: {e}; run CPython's ./configure in PYTHON_BUILD_DIR first",
            pyconfig_path.display()
        )
    })?;
    let src_dir = source_dir(&manifest_dir, &build_dir)?;
    let include = src_dir.join("Include");
    println!("cargo::rerun-if-changed={}", pyconfig_path.display());
    println!("cargo::rerun-if-changed={}", include.display());

    if gil_disabled(&pyconfig) {
        println!("cargo::rustc-cfg=py_gil_disabled");
    }

    let bindings = bindgen::Builder::default()
        .header(manifest_dir.join("wrapper.h").display().to_string())
        .clang_arg(format!("-I{}", build_dir.display()))
        .clang_arg(format!("-I{}", include.display()))
        // Atomics in the free-threaded headers need C11 with GNU extensions.
        .clang_arg("-std=gnu11")
        .allowlist_function("_?Py.*")
        .allowlist_type("_?Py.*")
        .allowlist_var("_?Py.*")
        // Version numbers (patchlevel.h) and method flags (methodobject.h).
        .allowlist_var("PY_(MAJOR|MINOR|MICRO)_VERSION")
        .allowlist_var("METH_.*")
        .derive_default(true)
        // Layout checks: bindgen emits them as compile-time assertions, so every build of
        // this crate checks the generated struct layouts against what clang computed.
        .layout_tests(true)
        .generate()
        .map_err(|e| format!("bindgen failed on {}: {e}", include.display()))?;
    let out = PathBuf::from(env::var_os("OUT_DIR").ok_or("OUT_DIR unset")?).join("bindings.rs");
    bindings
        .write_to_file(&out)
        .map_err(|e| format!("cannot write {}: {e}", out.display()))
}
