//! The messages of `_PyArg_UnpackKeywords` (3.13) for a function shaped like
//! `b64decode(s, altchars=None, validate=False)`. The same calls on CPython's
//! `_codecs.encode(obj, encoding='utf-8', errors='strict')`, which Argument Clinic parses with
//! that function, give the same messages (checked in `_base64`'s Python tests).

use super::{ArgError, Signature, Source};

const SIG: Signature<3> = Signature {
    name: c"b64decode",
    params: ["s", "altchars", "validate"],
    required: 1,
};

fn message(nargs: usize, kw: &[&str]) -> String {
    let kw: Vec<Option<&str>> = kw.iter().map(|k| Some(*k)).collect();
    match SIG.match_args(nargs, &kw) {
        Ok(s) => format!("ok {s:?}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn positional_fast_path() {
    assert_eq!(
        SIG.match_args(2, &[]),
        Ok([
            Source::Positional(0),
            Source::Positional(1),
            Source::Missing
        ])
    );
}

#[test]
fn keywords_fill_their_parameters() {
    assert_eq!(
        SIG.match_args(1, &[Some("validate"), Some("altchars")]),
        Ok([
            Source::Positional(0),
            Source::Keyword(1),
            Source::Keyword(0)
        ])
    );
    assert_eq!(
        SIG.match_args(0, &[Some("s")]),
        Ok([Source::Keyword(0), Source::Missing, Source::Missing])
    );
}

#[test]
fn too_many() {
    assert_eq!(
        message(4, &[]),
        "b64decode() takes at most 3 arguments (4 given)"
    );
    assert_eq!(
        message(2, &["x", "y"]),
        "b64decode() takes at most 3 arguments (4 given)"
    );
    assert_eq!(
        message(0, &["a", "b", "c", "d"]),
        "b64decode() takes at most 3 keyword arguments (4 given)"
    );
}

#[test]
fn missing_required() {
    assert_eq!(
        message(0, &[]),
        "b64decode() missing required argument 's' (pos 1)"
    );
    assert_eq!(
        message(0, &["altchars"]),
        "b64decode() missing required argument 's' (pos 1)"
    );
}

#[test]
fn given_by_name_and_position() {
    assert_eq!(
        message(1, &["s"]),
        "argument for b64decode() given by name ('s') and position (1)"
    );
}

#[test]
fn unexpected_keyword_in_call_order() {
    assert_eq!(
        message(0, &["s", "bogus", "altchars"]),
        "b64decode() got an unexpected keyword argument 'bogus'"
    );
    let with_hint = ArgError::Unexpected {
        name: "b64decode".into(),
        keyword: "validat".into(),
        suggestion: Some("validate".into()),
    };
    assert_eq!(
        with_hint.to_string(),
        "b64decode() got an unexpected keyword argument 'validat'. Did you mean 'validate'?"
    );
}

#[test]
fn one_parameter_is_singular() {
    const ONE: Signature<1> = Signature {
        name: c"standard_b64encode",
        params: ["s"],
        required: 1,
    };
    match ONE.match_args(2, &[]) {
        Err(err) => assert_eq!(
            err.to_string(),
            "standard_b64encode() takes at most 1 argument (2 given)"
        ),
        Ok(sources) => panic!("two arguments accepted: {sources:?}"),
    }
}
