//! The Markdown facts the other modules need, read with the same CommonMark
//! parser mdBook uses: fenced code blocks (with their info strings, positions
//! and the `<!-- ignore: reason -->` note before them) and directive lines.

use crate::base::diag::{LineIndex, Pos};
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use std::ops::Range;

/// Parser options matching mdBook's HTML renderer closely enough that a
/// block seen here is a block seen there.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// One code block of a Markdown file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeBlock {
    /// The first token of the info string (`rust`, `python`, ...); empty for
    /// a fence without one and for an indented block.
    pub lang: String,
    /// The remaining tokens (`ignore`, `no_run`, ...).
    pub attrs: Vec<String>,
    /// Whether the block is fenced (as opposed to indented).
    pub fenced: bool,
    /// The code, exactly as the renderer sees it.
    pub code: String,
    /// Where the block starts (the fence line).
    pub pos: Pos,
    /// The 1-based line of the first line of code.
    pub code_line: usize,
    /// Byte range of the whole block in the file.
    pub range: Range<usize>,
    /// The reason given in a `<!-- ignore: ... -->` comment directly before
    /// the block, if there is one.
    pub ignore_reason: Option<String>,
}

impl CodeBlock {
    pub fn has_attr(&self, attr: &str) -> bool {
        self.attrs.iter().any(|a| a == attr)
    }
}

/// Splits an info string the way rustdoc and skeptic do: on anything that is
/// not alphanumeric, `_` or `-`.
pub fn info_tokens(info: &str) -> Vec<String> {
    info.split(|c: char| !(c == '_' || c == '-' || c.is_alphanumeric()))
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Every code block of `text`, in order.
pub fn code_blocks(text: &str) -> Vec<CodeBlock> {
    let index = LineIndex::new(text);
    let mut blocks = Vec::new();
    let mut current: Option<CodeBlock> = None;
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let (fenced, tokens) = match &kind {
                    CodeBlockKind::Fenced(info) => (true, info_tokens(info)),
                    CodeBlockKind::Indented => (false, Vec::new()),
                };
                let mut tokens = tokens.into_iter();
                let pos = index.pos(range.start);
                current = Some(CodeBlock {
                    lang: tokens.next().unwrap_or_default(),
                    attrs: tokens.collect(),
                    fenced,
                    code: String::new(),
                    pos,
                    code_line: pos.line + usize::from(fenced),
                    range: range.clone(),
                    ignore_reason: ignore_reason_before(&text[..range.start]),
                });
            }
            Event::Text(t) => {
                if let Some(block) = current.as_mut() {
                    block.code.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some(block) = current.take() {
                    blocks.push(block);
                }
            }
            _ => {}
        }
    }
    blocks
}

/// The reason of an `<!-- ignore: reason -->` comment that ends the text
/// before a block (only whitespace may separate the comment and the fence).
fn ignore_reason_before(before: &str) -> Option<String> {
    let trimmed = before.trim_end();
    let body = trimmed.strip_suffix("-->")?;
    let start = body.rfind("<!--")?;
    let reason = body[start + 4..].trim().strip_prefix("ignore:")?.trim();
    (!reason.is_empty()).then(|| reason.to_owned())
}

/// A `{{#tracker NAME ARGS}}` line outside code blocks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    pub name: String,
    pub args: Vec<String>,
    /// Byte range of the directive text (without the line break).
    pub range: Range<usize>,
    pub pos: Pos,
}

pub const DIRECTIVE_OPEN: &str = "{{#tracker";

/// Every directive of `text`. A directive stands alone on its line; one
/// inside a code block is text, not a directive.
pub fn directives(text: &str) -> Vec<Directive> {
    let blocks: Vec<Range<usize>> = code_blocks(text).into_iter().map(|b| b.range).collect();
    let index = LineIndex::new(text);
    let mut found = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let trimmed = body.trim_start();
        if !trimmed.starts_with(DIRECTIVE_OPEN) || blocks.iter().any(|b| b.contains(&start)) {
            continue;
        }
        let lead = body.len() - trimmed.len();
        let inner = trimmed
            .trim_end()
            .strip_prefix(DIRECTIVE_OPEN)
            .and_then(|s| s.strip_suffix("}}"));
        let mut words = inner.unwrap_or("").split_whitespace().map(str::to_owned);
        found.push(Directive {
            name: if inner.is_some() {
                words.next().unwrap_or_default()
            } else {
                String::new()
            },
            args: words.collect(),
            range: start + lead..start + lead + trimmed.trim_end().len(),
            pos: index.pos(start + lead),
        });
    }
    found
}

/// The criterion ids written as list items in a page (`- \`phase-1.exit.x\`:`).
pub fn criteria_in_page(text: &str) -> Vec<(usize, String)> {
    text.lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let rest = line.trim_start().strip_prefix("- `")?;
            let id = &rest[..rest.find('`')?];
            let parts: Vec<&str> = id.split('.').collect();
            (parts.len() == 3
                && parts[0].starts_with("phase-")
                && matches!(parts[1], "entry" | "exit"))
            .then(|| (i + 1, id.to_owned()))
        })
        .collect()
}

/// Each criterion's text as the phases page writes it (`- \`ID\`: text`,
/// with its continuation lines), as plain text: code spans and links keep
/// only their text.
pub fn criteria_texts(page: &str) -> Vec<(String, String)> {
    let ids = criteria_in_page(page);
    let lines: Vec<&str> = page.lines().collect();
    let mut out = Vec::new();
    for (line, id) in ids {
        let Some(first) = lines.get(line - 1) else {
            continue;
        };
        let Some(rest) = first.split_once("`:").map(|(_, r)| r) else {
            continue;
        };
        let mut text = rest.trim().to_owned();
        for next in lines.iter().skip(line) {
            let t = next.trim();
            if t.is_empty() || t.starts_with("- ") || !next.starts_with(' ') {
                break;
            }
            text.push(' ');
            text.push_str(t);
        }
        out.push((id, plain(&text)));
    }
    out
}

/// Markdown inline syntax reduced to its text: `[text](url)` to `text`,
/// code spans and emphasis markers dropped.
fn plain(md: &str) -> String {
    let mut out = String::new();
    let mut rest = md;
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find("](").and_then(|close| {
            let end = after[close..].find(')')? + close;
            Some((close, end))
        }) {
            Some((close, end)) => {
                out.push_str(&after[..close]);
                rest = &after[end + 1..];
            }
            None => {
                out.push('[');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out.replace(['`', '*'], "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_blocks_with_positions_and_attributes() {
        let md = "# T\n\n```rust,no_run\nfn main() {}\n```\n\n    indented\n";
        let blocks = code_blocks(md);
        assert_eq!(blocks.len(), 2);
        assert_eq!(blocks[0].lang, "rust");
        assert_eq!(blocks[0].attrs, ["no_run"]);
        assert_eq!(blocks[0].pos, Pos::new(3, 1));
        assert_eq!(blocks[0].code_line, 4);
        assert_eq!(blocks[0].code, "fn main() {}\n");
        assert!(!blocks[1].fenced);
    }

    #[test]
    fn reads_the_ignore_reason_directly_before_a_block() {
        let md = "<!-- ignore: needs a CPython checkout -->\n```rust,ignore\nx\n```\n\n\
                  <!-- something else -->\n```rust,ignore\ny\n```\n";
        let blocks = code_blocks(md);
        assert_eq!(
            blocks[0].ignore_reason.as_deref(),
            Some("needs a CPython checkout")
        );
        assert_eq!(blocks[1].ignore_reason, None);
    }

    #[test]
    fn blocks_inside_lists_keep_their_position() {
        let md = "1. Step\n\n   ```python\n   print(1)\n   ```\n";
        let blocks = code_blocks(md);
        assert_eq!(blocks[0].pos, Pos::new(3, 4));
        assert_eq!(blocks[0].code, "print(1)\n");
    }

    #[test]
    fn directives_outside_code_only() {
        let md = "a\n{{#tracker pep-index}}\n```text\n{{#tracker nope}}\n```\n  {{#tracker x a b}}\n{{#tracker broken\n";
        let found = directives(md);
        let names: Vec<_> = found.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["pep-index", "x", ""]);
        assert_eq!(found[0].pos, Pos::new(2, 1));
        assert_eq!(found[1].args, ["a", "b"]);
        assert_eq!(found[1].pos, Pos::new(6, 3));
        assert_eq!(&md[found[0].range.clone()], "{{#tracker pep-index}}");
    }
}
