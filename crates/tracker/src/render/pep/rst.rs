//! `tracker export-rst`: a Markdown draft as PEP reStructuredText, ready to
//! submit to python/peps. The preamble is carried over verbatim; the body
//! is read with pulldown-cmark (the parser mdBook uses) into a small tree
//! and written by [`super::rst_write`]. Markdown that RST cannot express
//! (raw HTML other than comments, images, strikethrough, task lists,
//! relative links, `#` and `#####` headings) is an error at its position.

use crate::base::diag::{Diagnostics, LineIndex};
use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, LinkType, Parser, Tag, TagEnd};
use std::ops::Range;
use std::path::Path;

pub use super::rst_tree::{Block, Inline};

/// Exports one draft. Returns `None` (with every problem in `diags`) when
/// the body uses Markdown that has no RST form.
pub fn export(path: &Path, text: &str, diags: &mut Diagnostics) -> Option<String> {
    let body_start = crate::model::pep::preamble::Preamble::parse(text).body_start(text);
    let mut conv = Conv {
        events: Parser::new_ext(&text[body_start..], crate::base::markdown::options())
            .into_offset_iter()
            .collect::<Vec<_>>()
            .into_iter(),
        base: body_start,
        errors: Vec::new(),
    };
    let blocks = conv.blocks(None);
    if !conv.errors.is_empty() {
        let index = LineIndex::new(text);
        for (offset, message) in conv.errors {
            diags.error(path, index.pos(offset), message);
        }
        return None;
    }
    let mut out = text[..body_start].trim_end().to_owned();
    out.push_str("\n\n\n");
    out.push_str(&super::rst_write::blocks(&blocks));
    Some(out)
}

type Events<'a> = std::vec::IntoIter<(Event<'a>, Range<usize>)>;

struct Conv<'a> {
    events: Events<'a>,
    base: usize,
    errors: Vec<(usize, String)>,
}

impl<'a> Conv<'a> {
    fn error(&mut self, range: &Range<usize>, message: impl Into<String>) {
        self.errors.push((self.base + range.start, message.into()));
    }

    /// Blocks up to the end of the enclosing container (`stop`), or to the
    /// end of the document. Inline events at block level (tight list
    /// items) form an implicit paragraph.
    fn blocks(&mut self, stop: Option<TagEnd>) -> Vec<Block> {
        let mut blocks = Vec::new();
        let mut loose: Vec<Inline> = Vec::new();
        while let Some((event, range)) = self.events.next() {
            if let Event::End(end) = &event {
                if Some(*end) == stop {
                    break;
                }
                continue;
            }
            let block = match event {
                Event::Start(Tag::Paragraph) => Some(Block::Para(self.inlines(TagEnd::Paragraph))),
                Event::Start(Tag::Heading { level, .. }) => {
                    let content = self.inlines(TagEnd::Heading(level));
                    match level {
                        HeadingLevel::H2 => Some(Block::Heading(2, content)),
                        HeadingLevel::H3 => Some(Block::Heading(3, content)),
                        HeadingLevel::H4 => Some(Block::Heading(4, content)),
                        _ => {
                            self.error(&range, format!("a {level} heading has no PEP section form (use ## to ####; the title comes from the preamble)"));
                            None
                        }
                    }
                }
                Event::Start(Tag::CodeBlock(kind)) => {
                    let lang = match kind {
                        CodeBlockKind::Fenced(info) => crate::base::markdown::info_tokens(&info)
                            .into_iter()
                            .next()
                            .unwrap_or_default(),
                        CodeBlockKind::Indented => String::new(),
                    };
                    let mut code = String::new();
                    for (event, _) in self.events.by_ref() {
                        match event {
                            Event::Text(t) => code.push_str(&t),
                            Event::End(TagEnd::CodeBlock) => break,
                            _ => {}
                        }
                    }
                    Some(Block::Code(lang, code))
                }
                Event::Start(Tag::List(start)) => {
                    let mut items = Vec::new();
                    while let Some((event, _)) = self.events.next() {
                        match event {
                            Event::Start(Tag::Item) => items.push(self.blocks(Some(TagEnd::Item))),
                            Event::End(TagEnd::List(_)) => break,
                            _ => {}
                        }
                    }
                    Some(Block::List(start, items))
                }
                Event::Start(Tag::BlockQuote(_)) => {
                    Some(Block::Quote(self.blocks(Some(TagEnd::BlockQuote(None)))))
                }
                Event::Start(Tag::Table(_)) => Some(self.table()),
                Event::Start(Tag::FootnoteDefinition(label)) => {
                    let body = self.blocks(Some(TagEnd::FootnoteDefinition));
                    Some(Block::Footnote(label.to_string(), body))
                }
                Event::Start(Tag::HtmlBlock) => {
                    let mut html = String::new();
                    for (event, _) in self.events.by_ref() {
                        match event {
                            Event::Html(t) | Event::Text(t) => html.push_str(&t),
                            Event::End(TagEnd::HtmlBlock) => break,
                            _ => {}
                        }
                    }
                    if !is_comment(&html) {
                        self.error(&range, "raw HTML has no RST form (only <!-- comments --> are allowed; they are dropped)");
                    }
                    None
                }
                Event::Rule => Some(Block::Rule),
                other => {
                    if let Some(inline) = self.inline(other, &range) {
                        loose.push(inline);
                    }
                    continue;
                }
            };
            if !loose.is_empty() {
                blocks.push(Block::Para(std::mem::take(&mut loose)));
            }
            blocks.extend(block);
        }
        if !loose.is_empty() {
            blocks.push(Block::Para(loose));
        }
        blocks
    }

    fn table(&mut self) -> Block {
        let mut head = Vec::new();
        let mut rows: Vec<Vec<Vec<Inline>>> = Vec::new();
        let mut in_head = false;
        while let Some((event, _)) = self.events.next() {
            match event {
                Event::Start(Tag::TableHead) => in_head = true,
                Event::End(TagEnd::TableHead) => in_head = false,
                Event::Start(Tag::TableRow) => rows.push(Vec::new()),
                Event::Start(Tag::TableCell) => {
                    let cell = self.inlines(TagEnd::TableCell);
                    match rows.last_mut() {
                        Some(row) if !in_head => row.push(cell),
                        _ => head.push(cell),
                    }
                }
                Event::End(TagEnd::Table) => break,
                _ => {}
            }
        }
        Block::Table(head, rows)
    }

    /// Inline content up to `end`.
    fn inlines(&mut self, end: TagEnd) -> Vec<Inline> {
        let mut out = Vec::new();
        while let Some((event, range)) = self.events.next() {
            if event == Event::End(end) {
                break;
            }
            out.extend(self.inline(event, &range));
        }
        out
    }

    /// One inline element; a start event consumes up to its end.
    fn inline(&mut self, event: Event<'a>, range: &Range<usize>) -> Option<Inline> {
        Some(match event {
            Event::Text(t) => Inline::Text(t.to_string()),
            Event::Code(t) => Inline::Code(t.to_string()),
            Event::SoftBreak | Event::HardBreak => Inline::Break,
            Event::FootnoteReference(label) => Inline::FootnoteRef(label.to_string()),
            Event::Start(Tag::Emphasis) => Inline::Emph(self.inlines(TagEnd::Emphasis)),
            Event::Start(Tag::Strong) => Inline::Strong(self.inlines(TagEnd::Strong)),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => {
                let content = self.inlines(TagEnd::Link);
                let dest = match link_type {
                    LinkType::Email => format!("mailto:{dest_url}"),
                    _ => dest_url.to_string(),
                };
                if !is_exportable(&dest) {
                    self.error(range, format!("link target `{dest}` only works inside this book; use an absolute URL, `pep:N` or `rfc:N`"));
                }
                Inline::Link { dest, content }
            }
            Event::InlineHtml(html) | Event::Html(html) => {
                if !is_comment(&html) {
                    self.error(range, format!("raw HTML `{}` has no RST form", html.trim()));
                }
                return None;
            }
            Event::Start(tag) => {
                let what = match tag {
                    Tag::Image { .. } => {
                        "an image (PEP images live in a pep-NNNN/ folder and use the `image` directive)"
                    }
                    Tag::Strikethrough => "strikethrough",
                    _ => "this Markdown construct",
                };
                self.error(range, format!("{what} has no RST form in a PEP"));
                self.skip(tag.to_end());
                return None;
            }
            Event::TaskListMarker(_) => {
                self.error(range, "a task list has no RST form in a PEP");
                return None;
            }
            _ => return None,
        })
    }

    /// Skips events up to `end` (nested constructs included).
    fn skip(&mut self, end: TagEnd) {
        let mut depth = 0usize;
        for (event, _) in self.events.by_ref() {
            match event {
                Event::Start(_) => depth += 1,
                Event::End(e) if depth == 0 && e == end => return,
                Event::End(_) => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
    }
}

fn is_comment(html: &str) -> bool {
    let t = html.trim();
    t.starts_with("<!--") && t.ends_with("-->")
}

/// `pep:N`, `rfc:N`, or an absolute URL.
fn is_exportable(dest: &str) -> bool {
    let num = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    dest.strip_prefix("pep:").is_some_and(num)
        || dest.strip_prefix("rfc:").is_some_and(num)
        || ["https://", "http://", "mailto:"]
            .iter()
            .any(|p| dest.starts_with(p))
}
