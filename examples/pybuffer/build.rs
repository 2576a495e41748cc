//! Makes `#[cfg(Py_LIMITED_API)]` and `#[cfg(Py_3_x)]` visible to this crate.
fn main() {
    pyo3_build_config::use_pyo3_cfgs();
}
