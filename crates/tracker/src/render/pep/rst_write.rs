//! Writes the tree of [`super::rst_tree`] as reStructuredText the way PEPs are
//! written: PEP 12's underlines (`=`, `-`, `'`), `code-block` directives,
//! list-tables, auto-numbered footnotes, anonymous hyperlinks and the
//! `:pep:` / `:rfc:` roles. Text is escaped so that no character of the
//! draft turns into markup by accident.

use super::rst_tree::{Block, Inline};

/// The body: blocks separated by blank lines, ending with one newline.
pub fn blocks(blocks: &[Block]) -> String {
    let mut out = lines(blocks).join("\n");
    out.push('\n');
    out
}

fn lines(blocks: &[Block]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for block in blocks {
        if !out.is_empty() {
            out.push(String::new());
        }
        out.extend(block_lines(block));
    }
    out
}

/// Prefixes the first line with `first` and the others with spaces of the
/// same width (empty lines stay empty).
fn hang(first: &str, body: Vec<String>) -> Vec<String> {
    let pad = " ".repeat(first.chars().count());
    body.into_iter()
        .enumerate()
        .map(|(i, l)| match (i, l.is_empty()) {
            (0, _) => format!("{first}{l}").trim_end().to_owned(),
            (_, true) => l,
            _ => format!("{pad}{l}"),
        })
        .collect()
}

fn indent(n: usize, body: Vec<String>) -> Vec<String> {
    hang(&" ".repeat(n), body)
        .into_iter()
        .map(|l| {
            if l.trim().is_empty() {
                String::new()
            } else {
                l
            }
        })
        .collect()
}

fn block_lines(block: &Block) -> Vec<String> {
    match block {
        Block::Para(content) => {
            let text = inlines(content);
            let mut out: Vec<String> = text.lines().map(|l| l.trim_end().to_owned()).collect();
            if let Some(first) = out.first_mut() {
                *first = guard_block_start(first);
            }
            out
        }
        Block::Heading(level, content) => {
            let title = inlines(content).replace('\n', " ");
            let mark = match level {
                2 => "=",
                3 => "-",
                _ => "'",
            };
            let width = title.chars().count();
            vec![title, mark.repeat(width)]
        }
        Block::Code(lang, code) => {
            let head = match lang.as_str() {
                "" | "text" => "::".to_owned(),
                lang => format!(".. code-block:: {lang}"),
            };
            let body: Vec<String> = code
                .trim_end_matches('\n')
                .lines()
                .map(str::to_owned)
                .collect();
            let mut out = vec![head, String::new()];
            out.extend(indent(3, body));
            out
        }
        Block::List(start, items) => {
            let mut out = Vec::new();
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(String::new());
                }
                let marker = match start {
                    Some(n) => format!("{}. ", n + i as u64),
                    None => "- ".to_owned(),
                };
                out.extend(hang(&marker, lines(item)));
            }
            out
        }
        Block::Quote(content) => {
            // The empty comment ends a list or paragraph before the quote,
            // so the indented block is not read as part of it.
            let mut out = vec!["..".to_owned(), String::new()];
            out.extend(indent(4, lines(content)));
            out
        }
        Block::Table(head, rows) => {
            let mut out = vec![".. list-table::".to_owned()];
            if !head.is_empty() {
                out.push("   :header-rows: 1".to_owned());
            }
            out.push(String::new());
            for row in std::iter::once(head).filter(|h| !h.is_empty()).chain(rows) {
                for (i, cell) in row.iter().enumerate() {
                    let marker = if i == 0 { "   * - " } else { "     - " };
                    out.push(
                        format!("{marker}{}", inlines(cell).replace('\n', " "))
                            .trim_end()
                            .to_owned(),
                    );
                }
            }
            out
        }
        Block::Footnote(label, content) => {
            // PEP style: the body continues three spaces in, not under the label.
            let mut out = indent(3, lines(content));
            if let Some(first) = out.first_mut() {
                *first = format!(".. [#{label}] {}", first.trim_start())
                    .trim_end()
                    .to_owned();
            }
            out
        }
        Block::Rule => vec!["----------".to_owned()],
    }
}

/// A paragraph whose first line would read as block markup (a bullet, an
/// enumerator, an explicit markup start, a field, a line block, a doctest)
/// gets its first character escaped.
fn guard_block_start(line: &str) -> String {
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let after_digits = &line[digits..];
    let field = line
        .strip_prefix(':')
        .and_then(|rest| rest.split_once(':'))
        .is_some_and(|(name, after)| {
            !name.is_empty() && !name.contains('`') && (after.is_empty() || after.starts_with(' '))
        });
    let risky = field
        || ["- ", "+ ", "• ", "#. ", ".. ", "| ", ">>>"]
            .iter()
            .any(|p| line.starts_with(p))
        || line == "-"
        || line == "+"
        || (digits > 0 && (after_digits.starts_with(". ") || after_digits.starts_with(") ")))
        || (line.starts_with('(') && line[1..].find(") ").is_some_and(|i| i <= 3));
    if !risky {
        return line.to_owned();
    }
    if digits > 0 {
        format!("{}\\{}", &line[..digits], after_digits)
    } else {
        format!("\\{line}")
    }
}

/// A piece of inline output: escaped text, or a markup construct that
/// needs word boundaries around it.
enum Piece {
    Text(String),
    Markup(String),
}

/// Inline content as RST.
pub fn inlines(content: &[Inline]) -> String {
    // pulldown-cmark splits text at would-be delimiters (`_`, `*`); escaping
    // needs the whole run to see where a word ends.
    let mut merged: Vec<Inline> = Vec::new();
    for inline in content {
        match (merged.last_mut(), inline) {
            (Some(Inline::Text(prev)), Inline::Text(t)) => prev.push_str(t),
            _ => merged.push(inline.clone()),
        }
    }
    let pieces: Vec<Piece> = merged.iter().map(piece).collect();
    let mut out = String::new();
    let mut after_markup = false;
    for p in pieces {
        match p {
            Piece::Text(t) => {
                if after_markup && t.chars().next().is_some_and(|c| !ends_markup_ok(c)) {
                    out.push_str("\\ ");
                }
                out.push_str(&t);
                after_markup = false;
            }
            Piece::Markup(m) => {
                if out
                    .chars()
                    .next_back()
                    .is_some_and(|c| !starts_markup_ok(c))
                    || after_markup
                {
                    out.push_str("\\ ");
                }
                out.push_str(&m);
                after_markup = true;
            }
        }
    }
    out
}

/// May this character come right before an inline markup start-string?
fn starts_markup_ok(c: char) -> bool {
    c.is_whitespace() || "-:/'\"<([{‘“«".contains(c)
}

/// May this character come right after an inline markup end-string?
fn ends_markup_ok(c: char) -> bool {
    c.is_whitespace() || "-.,:;!?\\/'\")]}>’”»".contains(c)
}

fn piece(inline: &Inline) -> Piece {
    match inline {
        Inline::Text(t) => Piece::Text(escape(t)),
        Inline::Break => Piece::Text("\n".to_owned()),
        Inline::Code(code) => Piece::Markup(literal(code)),
        Inline::Emph(content) => wrap("*", content),
        Inline::Strong(content) => wrap("**", content),
        Inline::FootnoteRef(label) => Piece::Markup(format!("[#{label}]_")),
        Inline::Link { dest, content } => Piece::Markup(link(dest, content)),
    }
}

/// Emphasis and strong: RST cannot nest inline markup, so the content is
/// flattened to text.
fn wrap(mark: &str, content: &[Inline]) -> Piece {
    let text = escape(&plain(content));
    if text.trim().is_empty() {
        return Piece::Text(text);
    }
    Piece::Markup(format!("{mark}{}{mark}", text.trim()))
}

fn literal(code: &str) -> String {
    let awkward = code.contains("``") || code.starts_with([' ', '`']) || code.ends_with([' ', '`']);
    if awkward {
        format!(
            ":literal:`{}`",
            code.replace('\\', "\\\\").replace('`', "\\`")
        )
    } else {
        format!("``{code}``")
    }
}

fn link(dest: &str, content: &[Inline]) -> String {
    let text = plain(content);
    for (scheme, role, label) in [("pep:", "pep", "PEP "), ("rfc:", "rfc", "RFC ")] {
        if let Some(n) = dest.strip_prefix(scheme) {
            let n = n.trim_start_matches('0');
            let n = if n.is_empty() { "0" } else { n };
            if text == format!("{label}{n}") || text.is_empty() {
                return format!(":{role}:`{n}`");
            }
            return format!(":{role}:`{} <{n}>`", phrase_escape(&text));
        }
    }
    let text = if text.is_empty() {
        dest.to_owned()
    } else {
        text
    };
    format!(
        "`{} <{}>`__",
        phrase_escape(&text),
        dest.replace('>', "%3E").replace(' ', "%20")
    )
}

/// Inline content as plain text (for link texts and flattened markup).
fn plain(content: &[Inline]) -> String {
    content
        .iter()
        .map(|i| match i {
            Inline::Text(t) | Inline::Code(t) => t.clone(),
            Inline::Break => " ".to_owned(),
            Inline::Emph(c) | Inline::Strong(c) | Inline::Link { content: c, .. } => plain(c),
            Inline::FootnoteRef(_) => String::new(),
        })
        .collect()
}

/// Escapes text inside a backquoted phrase.
fn phrase_escape(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if matches!(c, '\\' | '`' | '<' | '>') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Escapes RST-special characters of running text: `\`, `*`, `` ` ``, `|`,
/// and `_` where it ends a word (`name_` is a reference).
pub fn escape(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let word_end = chars.get(i + 1).is_none_or(|n| !n.is_alphanumeric());
        if matches!(c, '\\' | '*' | '`' | '|') || (c == '_' && word_end) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
