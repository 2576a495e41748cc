//! `rs_template`: the smallest complete Rust extension module for CPython.
//!
//! Copy this folder to start a new module. It shows one of each thing a
//! module needs: a function with positional, default and keyword-only
//! arguments; a class with methods and properties; a custom exception; Rust
//! errors turned into Python exceptions (never a panic); docstrings and text
//! signatures; a module declared safe for free-threaded CPython; and one that
//! refuses sub-interpreters, which PyO3 0.30.1 cannot give state of their own.
//!
//! The `ANCHOR` comments mark the pieces the contributor guide includes.

use std::collections::BTreeMap;
use std::sync::Mutex;

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

// ANCHOR: exception
// `TemplateError` is a subclass of `ValueError`, so callers that catch
// `ValueError` keep working; its Python name is `rs_template.TemplateError`.
// The class lives in a process-wide static, which is sound only because the
// module refuses every interpreter but the main one (`main_interpreter_only`).
pyo3::create_exception!(
    rs_template,
    TemplateError,
    PyValueError,
    "Raised when an Accumulator would overflow."
);
// ANCHOR_END: exception

// ANCHOR: errors
/// Everything that can go wrong in this module, as plain Rust.
#[derive(Debug, PartialEq, Eq)]
pub enum Problem {
    /// `min_length` was zero.
    ZeroMinLength,
    /// The running total left the range of a signed 64-bit integer.
    Overflow { total: i64, value: i64 },
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Problem::ZeroMinLength => f.write_str("min_length must be at least 1"),
            Problem::Overflow { total, value } => {
                write!(f, "adding {value} to {total} overflows a 64-bit integer")
            }
        }
    }
}

/// The one place where Rust errors become Python exceptions.
impl From<Problem> for PyErr {
    fn from(problem: Problem) -> PyErr {
        match problem {
            Problem::ZeroMinLength => PyValueError::new_err(problem.to_string()),
            Problem::Overflow { .. } => TemplateError::new_err(problem.to_string()),
        }
    }
}
// ANCHOR_END: errors

/// Count words of at least `min_length` characters (pure Rust, testable without Python).
pub fn count_words(
    text: &str,
    min_length: usize,
    ignore_case: bool,
) -> Result<BTreeMap<String, usize>, Problem> {
    if min_length == 0 {
        return Err(Problem::ZeroMinLength);
    }
    let mut counts = BTreeMap::new();
    for word in text
        .split_whitespace()
        .filter(|w| w.chars().count() >= min_length)
    {
        let key = if ignore_case {
            word.to_lowercase()
        } else {
            word.to_owned()
        };
        *counts.entry(key).or_insert(0) += 1;
    }
    Ok(counts)
}

// ANCHOR: function
/// Count the whitespace-separated words of `text` that have at least
/// `min_length` characters. Returns a dict from word to count.
///
/// Raises ValueError if `min_length` is 0.
#[pyfunction]
#[pyo3(text_signature = "(text, /, min_length=1, *, ignore_case=False)")]
#[pyo3(signature = (text, /, min_length = 1, *, ignore_case = false))]
fn word_count(
    text: &str,
    min_length: usize,
    ignore_case: bool,
) -> PyResult<BTreeMap<String, usize>> {
    Ok(count_words(text, min_length, ignore_case)?)
}
// ANCHOR_END: function

// ANCHOR: class
/// A running total of integers. Thread-safe: the state sits behind a mutex,
/// so instances may be shared between threads on free-threaded CPython.
#[pyclass(frozen)]
struct Accumulator {
    state: Mutex<(i64, usize)>,
}

impl Accumulator {
    /// Run `f` on (total, count); a poisoned lock becomes an exception, not a panic.
    fn with_state<T>(&self, f: impl FnOnce(&mut (i64, usize)) -> T) -> PyResult<T> {
        let mut guard = self.state.lock().map_err(|_| {
            pyo3::exceptions::PyRuntimeError::new_err("Accumulator state is poisoned")
        })?;
        Ok(f(&mut guard))
    }
}

#[pymethods]
impl Accumulator {
    #[new]
    #[pyo3(signature = (start = 0))]
    fn new(start: i64) -> Self {
        Accumulator {
            state: Mutex::new((start, 0)),
        }
    }
    /// Add `value` to the total and return the new total.
    /// Raises TemplateError instead of overflowing.
    fn add(&self, value: i64) -> PyResult<i64> {
        self.with_state(|(total, count)| {
            let sum = total.checked_add(value).ok_or(Problem::Overflow {
                total: *total,
                value,
            })?;
            *total = sum;
            *count += 1;
            Ok::<i64, Problem>(sum)
        })?
        .map_err(PyErr::from)
    }
    /// Set the total and the count back to zero.
    fn reset(&self) -> PyResult<()> {
        self.with_state(|state| *state = (0, 0))
    }

    /// The running total.
    #[getter]
    fn total(&self) -> PyResult<i64> {
        self.with_state(|state| state.0)
    }

    /// How many values were added since creation or the last reset.
    #[getter]
    fn count(&self) -> PyResult<usize> {
        self.with_state(|state| state.1)
    }

    fn __repr__(&self) -> PyResult<String> {
        self.with_state(|(total, count)| format!("Accumulator(total={total}, count={count})"))
    }
}
// ANCHOR_END: class

// ANCHOR: main-interpreter-only
/// Refuse to initialise `module` in any interpreter but the main one, with
/// `ImportError`: what `Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED` would
/// declare, a slot PyO3 0.30.1's `#[pymodule]` cannot set.
///
/// PyO3 keeps Python objects in process-wide statics (the class of
/// `create_exception!`, the type object of every `#[pyclass]`), so a second
/// interpreter importing this module would be handed the first one's. PyO3
/// refuses a second interpreter only for submodules; CPython refuses an
/// isolated (own-GIL) one because the module declares no per-interpreter GIL
/// support; a legacy (shared-GIL) one is refused here.
fn main_interpreter_only(module: &Bound<'_, PyModule>) -> PyResult<()> {
    // SAFETY: we hold a `Bound`, so this thread is attached and there is a
    // current interpreter; both calls only read that interpreter's ID.
    let id = unsafe { pyo3::ffi::PyInterpreterState_GetID(pyo3::ffi::PyInterpreterState_Get()) };
    if id == 0 {
        return Ok(());
    }
    Err(pyo3::exceptions::PyImportError::new_err(format!(
        "module {} does not support loading in subinterpreters \
         (PyO3 0.30.1 has no per-interpreter module state)",
        module.name()?
    )))
}
// ANCHOR_END: main-interpreter-only

// ANCHOR: module
/// A template Rust extension module: copy examples/template to start a new one.
#[pymodule(gil_used = false)]
mod rs_template {
    #[pymodule_export]
    use super::{Accumulator, TemplateError, word_count};

    /// Runs each time an interpreter creates the module: main interpreter only.
    #[pymodule_init]
    fn init(m: &pyo3::Bound<'_, pyo3::types::PyModule>) -> pyo3::PyResult<()> {
        super::main_interpreter_only(m)
    }
}
// ANCHOR_END: module

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_words() {
        let counts = count_words("a bb bb Cc cc", 2, true);
        let expected: BTreeMap<String, usize> = [("bb".to_owned(), 2), ("cc".to_owned(), 2)].into();
        assert_eq!(counts, Ok(expected));
    }

    #[test]
    fn rejects_zero_min_length() {
        assert_eq!(count_words("x", 0, false), Err(Problem::ZeroMinLength));
        assert_eq!(
            Problem::ZeroMinLength.to_string(),
            "min_length must be at least 1"
        );
    }
}
