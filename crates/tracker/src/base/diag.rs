//! Diagnostics: every problem found in the project's inputs, reported as
//! `path:line:col: error: message` so editors and CI logs can jump to it.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a finding is. Warnings become errors when the caller asks for it
/// (CI does, an author editing locally does not).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

/// One finding, with the position it refers to (1-based line and column).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub path: PathBuf,
    pub line: usize,
    pub col: usize,
    pub severity: Severity,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(
            f,
            "{}:{}:{}: {kind}: {}",
            self.path.display(),
            self.line,
            self.col,
            self.message
        )
    }
}

/// Collects findings so that a run reports every problem at once.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn error(&mut self, path: &Path, pos: Pos, message: impl Into<String>) {
        self.push(path, pos, Severity::Error, message.into());
    }

    pub fn warning(&mut self, path: &Path, pos: Pos, message: impl Into<String>) {
        self.push(path, pos, Severity::Warning, message.into());
    }

    fn push(&mut self, path: &Path, pos: Pos, severity: Severity, message: String) {
        self.items.push(Diagnostic {
            path: path.to_path_buf(),
            line: pos.line,
            col: pos.col,
            severity,
            message,
        });
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// Findings sorted by file and position, for stable output; a finding
    /// reported twice (the preprocessor renders a directive `check` has
    /// already rendered) is listed once.
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            (&a.path, a.line, a.col, &a.message, a.severity)
                .cmp(&(&b.path, b.line, b.col, &b.message, b.severity))
        });
        self.items.dedup();
        self.items
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// True when the run must fail: any error, or any warning when warnings
    /// are denied.
    pub fn fails(&self, deny_warnings: bool) -> bool {
        self.items
            .iter()
            .any(|d| d.severity == Severity::Error || deny_warnings)
    }
}

/// A 1-based position in a text file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
}

impl Pos {
    pub const START: Pos = Pos { line: 1, col: 1 };

    pub fn new(line: usize, col: usize) -> Self {
        Self { line, col }
    }
}

/// Maps byte offsets of a text to line and column numbers (columns count
/// characters, not bytes, as editors do).
#[derive(Debug)]
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self { text, starts }
    }

    pub fn pos(&self, offset: usize) -> Pos {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1];
        let col = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count())
            + 1;
        Pos { line, col }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_and_count_characters() {
        let idx = LineIndex::new("ab\nçd\n\nx");
        assert_eq!(idx.pos(0), Pos::new(1, 1));
        assert_eq!(idx.pos(3), Pos::new(2, 1));
        assert_eq!(idx.pos(5), Pos::new(2, 2)); // after the two-byte ç
        assert_eq!(idx.pos(7), Pos::new(3, 1));
        assert_eq!(idx.pos(8), Pos::new(4, 1));
        assert_eq!(idx.pos(99), Pos::new(4, 2));
    }

    #[test]
    fn display_has_the_compiler_shape() {
        let mut d = Diagnostics::new();
        d.error(Path::new("src/a.md"), Pos::new(3, 7), "bad thing");
        let all = d.sorted();
        assert_eq!(all[0].to_string(), "src/a.md:3:7: error: bad thing");
    }

    #[test]
    fn warnings_fail_only_when_denied() {
        let mut d = Diagnostics::new();
        d.warning(Path::new("x"), Pos::START, "meh");
        assert!(!d.fails(false));
        assert!(d.fails(true));
    }
}
