//! The PEP linter: python/peps' `check-peps.py` rule for rule (the header
//! validators live in [`super::headers`]), plus the checks its Sphinx
//! parser makes (number matches the file name, Active and Provisional only
//! for some types) and, for Markdown drafts, PEP 12's section order. It
//! reads raw lines as check-peps does, so it also lints exported RST.

use super::headers::{self, ALL_HEADERS, REQUIRED_HEADERS};
use super::preamble::Preamble;
use crate::base::date::Date;
use crate::base::diag::{Diagnostics, LineIndex, Pos};
use crate::model::pep::{Kind, Status};
use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
use std::path::{Path, PathBuf};

pub use super::findings::Findings;

/// The source syntax of a PEP file, from its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    Markdown,
    Rst,
}

impl Syntax {
    pub fn of(path: &Path) -> Syntax {
        match path.extension().and_then(|e| e.to_str()) {
            Some("rst") => Syntax::Rst,
            _ => Syntax::Markdown,
        }
    }
}

pub use super::preamble::RawHeader;

/// The upstream revision the rules follow: python/peps' `check-peps.py`
/// as stored at commit 2ee1c5ee0e3f (its test suite at 78cf096c6304),
/// plus `Pending` for `Discussions-To` (python/peps#4361, merged April
/// 2025) and `Post-History` (python/peps#4670, merged October 2025).
/// Checked 2 December 2026.
pub const UPSTREAM: &str =
    "python/peps check-peps.py @ 2ee1c5ee0e3f + #4361 + #4670 (checked 2026-12-02)";

/// Lints one PEP file (`.md` draft or exported `.rst`) and reports into
/// `diags` with `path` as given. Each message ends with the rule's id in
/// brackets: `[discussions-to]`.
pub fn lint(path: &Path, text: &str, today: Date, diags: &mut Diagnostics) {
    let mut out = lint_findings(path, text, today);
    out.sort_by_key(|(line, _)| *line);
    for (line, message) in out {
        let rule = rule_of(&message);
        diags.error(
            path,
            Pos::new(line.max(1), 1),
            format!("{message} [{rule}]"),
        );
    }
}

/// The rule a finding belongs to: check-peps' validator (`title`,
/// `discussions-to`, ...) or one of this linter's additions (`file-number`,
/// `status-for-type`, `sections`). The ids are the folders of
/// tests/fixtures/peps/, one broken draft per rule.
pub fn rule_of(message: &str) -> &'static str {
    const PREFIXES: &[(&str, &str)] = &[
        ("PEP must begin with the 'PEP:' header", "pep-first"),
        ("'PEP:' header", "pep-number"),
        (
            "Headers must have a space after the colon",
            "space-after-colon",
        ),
        ("Must not have duplicate header", "duplicate-header"),
        ("Must not have invalid header", "invalid-header"),
        ("Must have required header", "required-headers"),
        ("Headers must be in PEP 12 order", "header-order"),
        ("PEP must have a title", "title"),
        ("PEP title", "title"),
        ("Author", "author"),
        ("Sponsor", "sponsor"),
        ("Delegate", "delegate"),
        ("Discussions-To", "discussions-to"),
        ("Status", "status"),
        ("Type", "type"),
        ("Topic", "topic"),
        ("PEP reference", "pep-references"),
        ("Created", "created"),
        ("Python-Version", "python-version"),
        ("Post-History", "post-history"),
        ("post line", "post-history"),
        ("Resolution", "resolution"),
        ("Use the :pep:", "direct-links"),
        ("Use the :rfc:", "direct-links"),
        ("Use a `pep:", "direct-links"),
        ("Use an `rfc:", "direct-links"),
        ("PEP number", "file-number"),
        ("Only ", "status-for-type"),
        ("Section `", "sections"),
        ("Standards Track PEPs must have", "sections"),
    ];
    PREFIXES
        .iter()
        .find(|(prefix, _)| message.starts_with(prefix))
        .map_or("pep", |(_, rule)| rule)
}

/// The findings of every rule over one file.
pub fn lint_findings(path: &Path, text: &str, today: Date) -> Findings {
    let syntax = Syntax::of(path);
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Findings::new();
    headers::pep_first(lines.first().copied().unwrap_or(""), &mut out);
    let (found, end) = header_block(&lines, &mut out);
    header_set(&found, &mut out);
    for h in &found {
        header_value(h, today, &mut out);
    }
    file_number(path, &found, &mut out);
    status_for_type(&found, &mut out);
    for (i, line) in lines.iter().enumerate() {
        direct_links(i + 1, line, syntax, &mut out);
    }
    if syntax == Syntax::Markdown {
        let body_start: usize = text.split_inclusive('\n').take(end).map(str::len).sum();
        sections(&found, text, body_start.min(text.len()), &mut out);
    }
    out
}

/// The header block (up to the first blank line), parsed by
/// [`Preamble`], with the unknown, duplicate and colon-spacing problems
/// reported. Returns the headers and the number of lines the block takes.
pub fn header_block(lines: &[&str], out: &mut Findings) -> (Vec<RawHeader>, usize) {
    let text = lines.join("\n");
    let preamble = Preamble::parse(&text);
    let mut seen: Vec<&str> = Vec::new();
    for h in &preamble.headers {
        let name = h.name.as_str();
        let line = lines.get(h.line - 1).copied().unwrap_or("");
        let rest = &line[name.len() + 1..];
        if !rest.is_empty() && !rest.starts_with(' ') {
            // check-peps does not see such a line as a header at all (and
            // then misses it); saying why is kinder.
            out.push((
                h.line,
                format!("Headers must have a space after the colon: {name}"),
            ));
        }
        match ALL_HEADERS.iter().find(|k| **k == name) {
            Some(known) if seen.contains(known) => {
                // Upstream's message ends with a space; kept, so the texts agree.
                out.push((h.line, format!("Must not have duplicate header: {name} ")));
            }
            Some(known) => seen.push(known),
            None => out.push((h.line, format!("Must not have invalid header: {name}"))),
        }
    }
    let end = match preamble.body {
        Some(_) => preamble.block_lines(),
        None => lines.len(),
    };
    (preamble.headers, end)
}

/// Required headers present, and known headers in PEP 12 order (first
/// occurrences only, as check-peps compares them).
pub fn header_set(found: &[RawHeader], out: &mut Findings) {
    let rank = |name: &str| {
        ALL_HEADERS
            .iter()
            .position(|h| *h == name)
            .unwrap_or(usize::MAX)
    };
    let mut known: Vec<&str> = Vec::new();
    for h in found {
        if rank(&h.name) != usize::MAX && !known.contains(&h.name.as_str()) {
            known.push(&h.name);
        }
    }
    for required in REQUIRED_HEADERS {
        if !known.contains(&required) {
            out.push((1, format!("Must have required header: {required}")));
        }
    }
    let mut ordered = known.clone();
    ordered.sort_by_key(|h| rank(h));
    if ordered != known {
        out.push((
            1,
            format!(
                "Headers must be in PEP 12 order. Correct order: {}",
                ordered.join(", ")
            ),
        ));
    }
}

/// Dispatches a header's value to its validator.
pub fn header_value(h: &RawHeader, today: Date, out: &mut Findings) {
    let (line, v) = (h.line, h.value.as_str());
    match h.name.as_str() {
        "Title" => headers::title(line, v, out),
        "Author" => headers::author(line, v, out),
        "Sponsor" => headers::sponsor(line, v, out),
        "BDFL-Delegate" | "PEP-Delegate" => headers::delegate(line, v, out),
        "Discussions-To" => headers::discussions_to(line, v, out),
        "Status" => headers::status(line, v, out),
        "Type" => headers::kind(line, v, out),
        "Topic" => headers::topic(line, v, out),
        "Requires" | "Replaces" | "Superseded-By" => headers::pep_references(line, v, out),
        "Created" => headers::created(line, v, today, out),
        "Python-Version" => headers::python_version(line, v, out),
        "Post-History" => headers::post_history(line, v, today, out),
        "Resolution" => headers::resolution(line, v, today, out),
        _ => {}
    }
}

fn first<'a>(found: &'a [RawHeader], name: &str) -> Option<&'a RawHeader> {
    found.iter().find(|h| h.name == name)
}

/// The `PEP:` number matches the file name `pep-NNNN.*` (python/peps'
/// Sphinx parser fails the build otherwise).
pub fn file_number(path: &Path, found: &[RawHeader], out: &mut Findings) {
    let Some(h) = first(found, "PEP") else { return };
    let Ok(number) = h.value.parse::<u32>() else {
        return;
    };
    let name = path.file_name().and_then(|s| s.to_str()).unwrap_or("");
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    let from_name = stem
        .strip_prefix("pep-")
        .and_then(|n| n.parse::<u32>().ok());
    if from_name != Some(number) {
        out.push((
            h.line,
            format!(
                "PEP number {number} does not match the file name {name} (rename it to pep-{number:04})"
            ),
        ));
    }
}

/// `Active` only for Informational and Process PEPs, `Provisional` only
/// for Standards Track (python/peps' Sphinx parser).
pub fn status_for_type(found: &[RawHeader], out: &mut Findings) {
    let (Some(status), Some(kind)) = (first(found, "Status"), first(found, "Type")) else {
        return;
    };
    match (Status::parse(&status.value), Kind::parse(&kind.value)) {
        (Some(Status::Active), Some(Kind::StandardsTrack)) => {
            out.push((
                status.line,
                "Only Process and Informational PEPs may have an Active status".into(),
            ));
        }
        (Some(Status::Provisional), Some(k)) if k != Kind::StandardsTrack => {
            out.push((
                status.line,
                "Only Standards Track PEPs may have a Provisional status".into(),
            ));
        }
        _ => {}
    }
}

/// No direct links to PEPs or RFCs: the roles (RST) or `pep:N` / `rfc:N`
/// links (Markdown drafts) keep them checkable and consistent.
pub fn direct_links(line: usize, text: &str, syntax: Syntax, out: &mut Findings) {
    let text = text.to_lowercase();
    let (pep, rfc) = match syntax {
        Syntax::Rst => (
            "Use the :pep:`NNN` role to refer to PEPs",
            "Use the :rfc:`NNN` role to refer to RFCs",
        ),
        Syntax::Markdown => (
            "Use a `pep:NNN` link to refer to PEPs",
            "Use an `rfc:NNN` link to refer to RFCs",
        ),
    };
    if text.contains("dev/peps/pep-") || text.contains("peps.python.org/pep-") {
        out.push((line, pep.into()));
    }
    if text.contains("rfc-editor.org/rfc/") || text.contains("ietf.org/doc/html/rfc") {
        out.push((line, rfc.into()));
    }
}

/// PEP 12's sections, in template order. Specification and Rationale share
/// a rank: PEP 12's template puts Rationale first, many PEPs (and ours)
/// put Specification first, and python/peps accepts both.
pub const SECTIONS: [(&str, usize); 14] = [
    ("Abstract", 0),
    ("Motivation", 1),
    ("Specification", 2),
    ("Rationale", 2),
    ("Backwards Compatibility", 3),
    ("Security Implications", 4),
    ("How to Teach This", 5),
    ("Reference Implementation", 6),
    ("Rejected Ideas", 7),
    ("Open Issues", 8),
    ("Acknowledgements", 9),
    ("Footnotes", 10),
    ("Change History", 11),
    ("Copyright", 12),
];

/// The sections every Standards Track PEP has (PEP 12's template minus
/// the ones it marks as optional or transient).
pub const REQUIRED_SECTIONS: [&str; 10] = [
    "Abstract",
    "Motivation",
    "Specification",
    "Rationale",
    "Backwards Compatibility",
    "Security Implications",
    "How to Teach This",
    "Reference Implementation",
    "Rejected Ideas",
    "Copyright",
];

/// Standards Track drafts: the required `## ` sections are present, and the
/// known ones come in PEP 12 order (other `## ` headings may sit anywhere).
pub fn sections(found: &[RawHeader], text: &str, body_start: usize, out: &mut Findings) {
    if first(found, "Type").is_none_or(|t| t.value != Kind::StandardsTrack.as_str()) {
        return;
    }
    let headings = h2_headings(text, body_start);
    let mut last: Option<(&str, usize)> = None;
    for (line, title) in &headings {
        let Some(&(name, rank)) = SECTIONS.iter().find(|(n, _)| n == title) else {
            continue;
        };
        if let Some((prev, prev_rank)) = last
            && rank < prev_rank
        {
            out.push((
                *line,
                format!("Section `{name}` must come before `{prev}` (PEP 12 order)"),
            ));
        }
        last = Some((name, rank));
    }
    let end_line = text.lines().count().max(1);
    for required in REQUIRED_SECTIONS {
        if !headings.iter().any(|(_, t)| t == required) {
            out.push((
                end_line,
                format!("Standards Track PEPs must have a `## {required}` section"),
            ));
        }
    }
}

/// The `## ` headings of the body: (line, plain text).
pub fn h2_headings(text: &str, body_start: usize) -> Vec<(usize, String)> {
    let index = LineIndex::new(text);
    let mut headings = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (event, range) in
        Parser::new_ext(&text[body_start..], crate::base::markdown::options()).into_offset_iter()
    {
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H2,
                ..
            }) => {
                current = Some((index.pos(body_start + range.start).line, String::new()));
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, title)) = current.as_mut() {
                    title.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(HeadingLevel::H2)) => headings.extend(current.take()),
            _ => {}
        }
    }
    headings
}

/// Lints every `pep-*.md` / `pep-*.rst` file under `dir` (recursively),
/// reporting paths relative to `root`: the library entry point of the
/// PEP part of `tracker check`.
pub fn lint_dir(root: &Path, dir: &Path, today: Date, diags: &mut Diagnostics) {
    let mut files = Vec::new();
    if let Err(e) = pep_files(&root.join(dir), &mut files) {
        diags.error(dir, Pos::START, format!("cannot list PEP files: {e}"));
    }
    files.sort();
    for file in files {
        let rel = file.strip_prefix(root).unwrap_or(&file).to_path_buf();
        match std::fs::read_to_string(&file) {
            Ok(text) => lint(&rel, &text, today, diags),
            Err(e) => diags.error(&rel, Pos::START, format!("cannot read: {e}")),
        }
    }
}

fn pep_files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    if !dir.is_dir() {
        return Ok(());
    }
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry?;
        let name = entry.file_name().to_str().unwrap_or("");
        if entry.file_type().is_file()
            && name.starts_with("pep-")
            && (name.ends_with(".md") || name.ends_with(".rst"))
        {
            out.push(entry.into_path());
        }
    }
    Ok(())
}
