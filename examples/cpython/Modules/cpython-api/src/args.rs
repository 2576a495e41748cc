//! Argument parsing over vectorcall with the messages of CPython's own parser.
//!
//! [`Signature::match_args`] is a port of `_PyArg_UnpackKeywords` (`Python/getargs.c`, 3.13)
//! for functions whose parameters are all positional-or-keyword, which is what Argument
//! Clinic generates for `def f(s, altchars=None)`. It only decides where each argument comes
//! from, on plain strings, so its messages are unit-tested without an interpreter; the
//! suggestion in "Did you mean ...?" comes from the interpreter's own `_suggestions` module.

use std::ffi::CStr;
use std::fmt;

use cpython_sys as ffi;

use crate::context::ThreadContext;
use crate::err::{PyResult, TYPE_ERROR};
use crate::object::{Borrowed, PyAny, import};

// ANCHOR: signature
/// The parameters of a function: names in order, the first `required` without a default.
#[derive(Debug)]
pub struct Signature<const N: usize> {
    /// The function's name, as in `b64encode() takes at most 2 arguments (3 given)`.
    pub name: &'static CStr,
    /// Parameter names, all positional-or-keyword.
    pub params: [&'static str; N],
    /// How many leading parameters are required.
    pub required: usize,
}
// ANCHOR_END: signature

/// Where one parameter's value comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// Not given: the default applies.
    Missing,
    /// The i-th positional argument.
    Positional(usize),
    /// The j-th keyword argument.
    Keyword(usize),
}

/// Why a call does not match the signature; `Display` gives CPython's message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ArgError {
    /// More arguments than parameters.
    TooMany {
        /// Function name.
        name: String,
        /// Number of parameters.
        max: usize,
        /// Positional plus keyword arguments given.
        given: usize,
        /// Whether all of them were keywords.
        keywords_only: bool,
    },
    /// A required parameter was not given.
    Missing {
        /// Function name.
        name: String,
        /// Parameter name.
        param: &'static str,
        /// 1-based position.
        pos: usize,
    },
    /// A parameter given both by position and by keyword.
    Duplicate {
        /// Function name.
        name: String,
        /// Parameter name.
        param: &'static str,
        /// 1-based position.
        pos: usize,
    },
    /// A keyword that names no parameter.
    Unexpected {
        /// Function name.
        name: String,
        /// The keyword.
        keyword: String,
        /// The closest parameter name, as CPython suggests it.
        suggestion: Option<String>,
    },
}

impl fmt::Display for ArgError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ArgError::TooMany {
                name,
                max,
                given,
                keywords_only,
            } => write!(
                f,
                "{name}() takes at most {max} {}argument{} ({given} given)",
                if *keywords_only { "keyword " } else { "" },
                if *max == 1 { "" } else { "s" }
            ),
            ArgError::Missing { name, param, pos } => {
                write!(
                    f,
                    "{name}() missing required argument '{param}' (pos {pos})"
                )
            }
            ArgError::Duplicate { name, param, pos } => write!(
                f,
                "argument for {name}() given by name ('{param}') and position ({pos})"
            ),
            ArgError::Unexpected {
                name,
                keyword,
                suggestion: Some(s),
            } => write!(
                f,
                "{name}() got an unexpected keyword argument '{keyword}'. Did you mean '{s}'?"
            ),
            ArgError::Unexpected { name, keyword, .. } => {
                write!(f, "{name}() got an unexpected keyword argument '{keyword}'")
            }
        }
    }
}

impl<const N: usize> Signature<N> {
    fn fname(&self) -> String {
        self.name.to_string_lossy().into_owned()
    }

    /// Match `nargs` positional arguments and keyword arguments named `kwnames` to the
    /// parameters, with the checks of `_PyArg_UnpackKeywords`, in its order.
    pub fn match_args(
        &self,
        nargs: usize,
        kwnames: &[Option<&str>],
    ) -> Result<[Source; N], ArgError> {
        let mut sources = [Source::Missing; N];
        let mut nkwargs = kwnames.len();
        if nkwargs == 0 && self.required <= nargs && nargs <= N {
            for (i, s) in sources.iter_mut().enumerate().take(nargs) {
                *s = Source::Positional(i);
            }
            return Ok(sources);
        }
        if nargs + nkwargs > N {
            return Err(ArgError::TooMany {
                name: self.fname(),
                max: N,
                given: nargs + nkwargs,
                keywords_only: nargs == 0,
            });
        }
        for (i, s) in sources.iter_mut().enumerate().take(nargs) {
            *s = Source::Positional(i);
        }
        let find = |param: &str| kwnames.iter().position(|k| *k == Some(param));
        // Indexes, as in the C original: `i` names a parameter and its slot in `sources`.
        #[allow(clippy::needless_range_loop)]
        for i in nargs..N {
            let found = if nkwargs > 0 {
                find(self.params[i])
            } else if i >= self.required {
                break;
            } else {
                None
            };
            match found {
                Some(j) => {
                    sources[i] = Source::Keyword(j);
                    nkwargs -= 1;
                }
                None if i < self.required => {
                    return Err(ArgError::Missing {
                        name: self.fname(),
                        param: self.params[i],
                        pos: i + 1,
                    });
                }
                None => {}
            }
        }
        if nkwargs > 0 {
            for (i, param) in self.params.iter().enumerate().take(nargs) {
                if find(param).is_some() {
                    return Err(ArgError::Duplicate {
                        name: self.fname(),
                        param,
                        pos: i + 1,
                    });
                }
            }
            // The first keyword that names no parameter, in call order.
            if let Some(keyword) = kwnames
                .iter()
                .find(|k| !k.is_some_and(|k| self.params.contains(&k)))
            {
                return Err(ArgError::Unexpected {
                    name: self.fname(),
                    keyword: keyword.unwrap_or("?").to_owned(),
                    suggestion: None,
                });
            }
        }
        Ok(sources)
    }

    // ANCHOR: parse
    /// Parse a vectorcall (`METH_FASTCALL | METH_KEYWORDS`) into one optional borrowed
    /// argument per parameter, raising `TypeError` with CPython's message on a mismatch.
    ///
    /// # Safety
    /// `args`, `nargs` and `kwnames` are those CPython passed to a `METH_FASTCALL |
    /// METH_KEYWORDS` function: `args` holds `nargs` positional arguments followed by one
    /// value per name in the `kwnames` tuple (or null), all alive for `'a`.
    pub unsafe fn parse<'a, 'py>(
        &self,
        ctx: &ThreadContext<'py>,
        args: *const *mut ffi::PyObject,
        nargs: ffi::Py_ssize_t,
        kwnames: *mut ffi::PyObject,
    ) -> PyResult<[Option<Borrowed<'a, 'py, PyAny>>; N]> {
        let nargs = usize::try_from(nargs).unwrap_or(0);
        let nkw = if kwnames.is_null() {
            0
        } else {
            // SAFETY: a non-null `kwnames` is a tuple, by the vectorcall protocol.
            usize::try_from(unsafe { ffi::PyTuple_Size(kwnames) }).unwrap_or(0)
        };
        let mut names: Vec<Option<&str>> = Vec::with_capacity(nkw);
        for j in 0..nkw {
            // SAFETY: `j` is within the tuple; the item is a borrowed str kept alive by it.
            let key = unsafe { ffi::PyTuple_GetItem(kwnames, j as ffi::Py_ssize_t) };
            // SAFETY: vectorcall keyword names are str objects, alive for the call.
            let key = unsafe { Borrowed::<PyAny>::from_ptr(key) };
            let name = key.downcast_str().and_then(|s| s.to_utf8());
            names.push(name.and_then(|n| std::str::from_utf8(n).ok()));
        }
        let sources = match self.match_args(nargs, &names) {
            Ok(sources) => sources,
            Err(mut e) => {
                if let ArgError::Unexpected {
                    keyword,
                    suggestion,
                    ..
                } = &mut e
                {
                    *suggestion = suggest(ctx, &self.params, keyword);
                }
                return Err(TYPE_ERROR.raise(ctx, &e.to_string()));
            }
        };
        Ok(sources.map(|source| {
            let index = match source {
                Source::Missing => return None,
                Source::Positional(i) => i,
                Source::Keyword(j) => nargs + j,
            };
            // SAFETY: `index` is below `nargs + nkw`, the length of `args`, whose items are
            // live objects for `'a` (the caller's contract).
            Some(unsafe { Borrowed::from_ptr(*args.add(index)) })
        }))
    }
    // ANCHOR_END: parse
}

/// The parameter CPython would suggest for a misspelt keyword (`_Py_CalculateSuggestions`,
/// reached through the built-in `_suggestions` module); `None` when there is none.
fn suggest(ctx: &ThreadContext<'_>, params: &[&str], keyword: &str) -> Option<String> {
    let found = (|| -> PyResult<Option<String>> {
        let module = import(ctx, c"_suggestions")?;
        let generate = module
            .as_borrowed()
            .getattr(ctx, c"_generate_suggestions")?;
        let candidates = crate::object::str_list(ctx, params)?;
        let item = crate::object::new_str(ctx, keyword)?;
        let result = generate.as_borrowed().call2(
            ctx,
            candidates.as_borrowed(),
            item.as_borrowed().as_any(),
        )?;
        let text = result
            .as_borrowed()
            .downcast_str()
            .and_then(|s| s.to_utf8())
            .and_then(|b| std::str::from_utf8(b).ok())
            .map(str::to_owned);
        Ok(text)
    })();
    match found {
        Ok(text) => text,
        Err(_raised) => {
            // The message stays without a suggestion, as CPython's does when it has none.
            // SAFETY: the closure failed, so an exception is set; clear it.
            unsafe { ffi::PyErr_Clear() };
            None
        }
    }
}

#[cfg(test)]
mod tests;

/// A required parameter's value. The parser has already raised `TypeError` for a missing one,
/// so `None` here is a bug, reported as `SystemError` rather than a panic.
pub fn required<'a, 'py>(
    ctx: &ThreadContext<'py>,
    arg: Option<Borrowed<'a, 'py, PyAny>>,
) -> PyResult<Borrowed<'a, 'py, PyAny>> {
    arg.ok_or_else(|| crate::err::SYSTEM_ERROR.raise(ctx, "required argument not parsed"))
}
