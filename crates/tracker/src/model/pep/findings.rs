//! What the PEP linter's rules produce.

/// `(1-based line, message)` pairs, as check-peps yields them.
pub type Findings = Vec<(usize, String)>;
