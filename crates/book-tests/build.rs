//! Turns every fenced `rust` block of the book (`src/`) and the PEP drafts
//! (`pep-drafts/`) into a test with skeptic.
//!
//! skeptic runs a `should_panic` block and passes when it panics, and a
//! compile error counts as a panic. So each `should_panic` block is also
//! emitted a second time as a `no_run` test, which fails on a compile error.

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut docs: Vec<PathBuf> = Vec::new();
    for dir in ["src", "pep-drafts"] {
        let dir = root.join(dir);
        // skeptic only watches the files it is given; watching the folders
        // makes a new chapter regenerate the tests.
        println!("cargo:rerun-if-changed={}", dir.display());
        docs.extend(skeptic::markdown_files_of_directory(&dir.to_string_lossy()));
    }
    docs.sort();

    let mut twins = String::new();
    for doc in &docs {
        let text = std::fs::read_to_string(doc)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", doc.display()));
        let rel = doc.strip_prefix(&root).unwrap_or(doc);
        for (line, code) in should_panic_blocks(&text) {
            let _ = write!(
                twins,
                "## {} line {line}\n\n```rust,no_run\n{code}```\n\n",
                rel.display()
            );
        }
    }
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let twin_file = out.join("should_panic_compiles.md");
    std::fs::write(&twin_file, twins).expect("write the should_panic twins");
    docs.push(twin_file);

    skeptic::generate_doc_tests(&docs);
}

/// (line of the fence, code) of each `should_panic` rust block.
fn should_panic_blocks(text: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (event, range) in Parser::new(text).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                let tokens: Vec<&str> = info
                    .split(|c: char| !(c == '_' || c == '-' || c.is_alphanumeric()))
                    .collect();
                if tokens.contains(&"rust") && tokens.contains(&"should_panic") {
                    let line = text[..range.start].matches('\n').count() + 1;
                    current = Some((line, String::new()));
                }
            }
            Event::Text(t) => {
                if let Some((_, code)) = current.as_mut() {
                    code.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => found.extend(current.take()),
            _ => {}
        }
    }
    found
}
