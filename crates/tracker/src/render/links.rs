//! `pep:N` and `rfc:N` link targets, rewritten where the Markdown parser
//! sees a link (inline links and reference definitions), never inside code.

use crate::base::markdown::options;
use pulldown_cmark::{Event, LinkType, Parser, Tag};
use std::ops::Range;

/// A `pep:N` or `rfc:N` target, and what follows the number (`#section`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target<'a> {
    pub scheme: Scheme,
    pub number: u32,
    pub rest: &'a str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    Pep,
    Rfc,
}

impl<'a> Target<'a> {
    pub fn parse(dest: &'a str) -> Option<Target<'a>> {
        let (scheme, tail) = if let Some(t) = dest.strip_prefix("pep:") {
            (Scheme::Pep, t)
        } else {
            (Scheme::Rfc, dest.strip_prefix("rfc:")?)
        };
        let digits = tail.len() - tail.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let number = tail[..digits].parse().ok()?;
        Some(Target {
            scheme,
            number,
            rest: &tail[digits..],
        })
    }
}

/// Rewrites every `pep:`/`rfc:` link target of `text` with `resolve`; the
/// rest of the text is kept byte for byte.
pub fn rewrite(text: &str, resolve: impl Fn(&Target<'_>) -> String) -> String {
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    let parser = Parser::new_ext(text, options());
    for (_, def) in parser.reference_definitions().iter() {
        if let Some(target) = Target::parse(&def.dest)
            && let Some(at) = find_in(text, &def.span, &def.dest)
        {
            edits.push((at, resolve(&target)));
        }
    }
    for (event, range) in parser.into_offset_iter() {
        let Event::Start(Tag::Link {
            link_type: LinkType::Inline,
            dest_url,
            ..
        }) = event
        else {
            continue;
        };
        if let Some(target) = Target::parse(&dest_url)
            && let Some(at) = find_in(text, &range, &dest_url)
        {
            edits.push((at, resolve(&target)));
        }
    }
    edits.sort_by_key(|(r, _)| r.start);
    edits.dedup_by_key(|(r, _)| r.start);
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (range, replacement) in edits {
        if range.start < last {
            continue;
        }
        out.push_str(&text[last..range.start]);
        out.push_str(&replacement);
        last = range.end;
    }
    out.push_str(&text[last..]);
    out
}

/// The last occurrence of `dest` inside `span` of `text` (the destination
/// follows the link text, which may contain the same characters).
fn find_in(text: &str, span: &Range<usize>, dest: &str) -> Option<Range<usize>> {
    let within = text.get(span.clone())?;
    let at = span.start + within.rfind(dest)?;
    Some(at..at + dest.len())
}
