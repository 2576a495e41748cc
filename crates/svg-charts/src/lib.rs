//! Static SVG charts for the book, drawn with plotters' SVG backend when the
//! book is built, so that a reader needs no JavaScript to see them.
//!
//! Two kinds, each with its own small typed input:
//! - [`BarChart`]: horizontal bars in groups, the value axis from zero, every
//!   bar named in a left column (labels wrap, never overlap) and its value
//!   printed at its end;
//! - [`Timeline`]: one row per milestone in lanes, done items at their date,
//!   open items at their due date in a different mark, a line at "today".
//!
//! Colours: text, axes and grid use `currentColor`, so they follow the page's
//! text colour in every mdBook theme and in print; marks carry a CSS class
//! (`mark-rust`, `mark-peer`, `mark-c`, `mark-other`, `mark-done`, `mark-due`,
//! `mark-overdue`) with a fill that is readable on light and dark pages, which
//! a stylesheet may override per theme.

mod bars;
mod date;
mod layout;
mod svg;
mod timeline;

pub use bars::{Bar, BarChart, BarGroup, Reference, Role};
pub use date::Day;
pub use timeline::{Lane, Mark, Timeline, TimelineItem};

/// Why a chart could not be drawn. Bad input is reported, never a panic.
#[derive(Debug, Clone, PartialEq)]
pub enum ChartError {
    /// The chart has no bars or no timeline items.
    Empty(String),
    /// A value is negative, infinite or NaN.
    BadValue { label: String, value: f64 },
    /// The drawing backend failed (not expected for an in-memory SVG).
    Backend(String),
}

impl std::fmt::Display for ChartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ChartError::Empty(what) => write!(f, "chart {what} has nothing to draw"),
            ChartError::BadValue { label, value } => write!(
                f,
                "bar {label:?} has value {value}: values must be finite and not negative"
            ),
            ChartError::Backend(e) => write!(f, "drawing failed: {e}"),
        }
    }
}

impl std::error::Error for ChartError {}

fn backend<E: std::fmt::Debug>(e: E) -> ChartError {
    ChartError::Backend(format!("{e:?}"))
}
