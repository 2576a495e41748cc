//! The small document tree between the Markdown reader ([`super::rst`]) and
//! the reStructuredText writer ([`super::rst_write`]).

/// Inline content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    Text(String),
    Code(String),
    Emph(Vec<Inline>),
    Strong(Vec<Inline>),
    /// A link: `pep:N`, `rfc:N`, or an absolute URL.
    Link {
        dest: String,
        content: Vec<Inline>,
    },
    FootnoteRef(String),
    Break,
}

/// Block content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Para(Vec<Inline>),
    /// Level 2 to 4 (`##` to `####`).
    Heading(u8, Vec<Inline>),
    /// A code block and its language (empty for none).
    Code(String, String),
    List(Option<u64>, Vec<Vec<Block>>),
    Quote(Vec<Block>),
    /// Header cells, then rows of cells.
    Table(Vec<Vec<Inline>>, Vec<Vec<Vec<Inline>>>),
    Footnote(String, Vec<Block>),
    Rule,
}
