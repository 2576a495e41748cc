//! Data is text, never markup: hostile strings in the rollout data and in a
//! draft's preamble are built into a real book with mdBook and the built
//! HTML is checked. Needs the pinned mdBook in `.tools/bin` (ci/test
//! installs it) or on PATH as `$MDBOOK`.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Short enough for a PEP title (the linter runs in the build too).
const HOSTILE_TITLE: &str = "<script>alert('x')</script> **b** <img src=x onerror=alert(1)>";
const HOSTILE: &str = r#"<script>alert('x')</script> "q" | pipe `tick` **b** {{#include /etc/passwd}} <img src=x onerror=alert(1)>"#;

fn mdbook() -> PathBuf {
    std::env::var_os("MDBOOK").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.tools/bin/mdbook"),
        PathBuf::from,
    )
}

fn toml_str(s: &str) -> String {
    format!("{s:?}") // a basic TOML string: Rust's escapes are valid TOML here
}

#[test]
fn hostile_data_is_escaped_in_the_built_book() {
    let mdbook = mdbook();
    assert!(
        mdbook.exists(),
        "{} is missing: run ci/test once (it installs the pinned mdBook) or set MDBOOK",
        mdbook.display()
    );
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = tmp.path();
    for dir in ["src/peps", "src/plan", "pep-drafts"] {
        std::fs::create_dir_all(root.join(dir)).expect("mkdir");
    }
    let tracker = env!("CARGO_BIN_EXE_tracker");
    let write = |rel: &str, text: &str| std::fs::write(root.join(rel), text).expect("write");
    write(
        "book.toml",
        &format!(
            "[book]\ntitle = \"t\"\n[preprocessor.tracker]\ncommand = \"{tracker} preprocessor tracker\"\n\
             before = [\"mermaid\"]\n[preprocessor.mermaid]\ncommand = \"{tracker} preprocessor mermaid\"\n"
        ),
    );
    write(
        "src/SUMMARY.md",
        "# Summary\n\n- [Status](status.md)\n- [Phases](plan/phases.md)\n- [PEPs](peps/index.md)\n",
    );
    write(
        "src/status.md",
        "# Status\n\n{{#tracker milestones}}\n\n{{#tracker risk-table}}\n\n{{#tracker decision-log}}\n\n\
         {{#tracker platform-matrix}}\n\n{{#tracker toolchain-table}}\n\n{{#tracker timeline}}\n",
    );
    write(
        "src/plan/phases.md",
        "# Phases\n\n- `phase-0.exit.x`: a criterion.\n",
    );
    write("src/peps/index.md", "# PEPs\n\n{{#tracker pep-index}}\n");
    let h = toml_str(HOSTILE);
    write(
        "pep-drafts/rollout.toml",
        &format!(
            "[meta]\nschema = 2\nas-of = 2026-11-24\nfirst-revision = \"HEAD\"\n\n\
             [[phase]]\nid = \"phase-0\"\nscope = \"upstream\"\nchecked = 2026-11-01\ntitle = {h}\npython = \"fork\"\nstatus = \"in-progress\"\n\
             start = 2025-11-14\nsource = \"https://example.org/p\"\n\n\
             [[milestone]]\nid = \"m1\"\nphase = \"phase-0\"\nscope = \"upstream\"\nowner = {h}\n\
             checked = 2026-11-01\ntitle = {h}\nstatus = \"planned\"\n\
             due = 2026-11-01\nnote = {h}\n\n\
             [[criterion]]\nid = \"phase-0.exit.x\"\nscope = \"upstream\"\nchecked = 2026-11-01\nstatus = \"unmet\"\nnote = {h}\nsource = \"https://example.org/c\"\n\n\
             [[risk]]\nid = \"r1\"\nscope = \"upstream\"\nowner = {h}\nchecked = 2026-11-01\ntitle = {h}\nseverity = \"high\"\nstatus = \"open\"\nmitigation = {h}\n\
             source = \"https://example.org/r\"\n\n\
             [[decision]]\nid = \"d1\"\nscope = \"upstream\"\nstatus = \"open\"\nquestion = {h}\n\
             options = [{h}, {h}]\nowner = {h}\ndue = 2026-11-01\nblocks = [\"m1\"]\n\
             source = \"https://example.org/d\"\nnote = {h}\nchecked = 2026-11-01\n\n\
             [[decision]]\nid = \"d2\"\nscope = \"upstream\"\nstatus = \"decided\"\ndate = 2026-01-01\n\
             question = {h}\nanswer = {h}\nowner = {h}\nrecord = \"https://example.org/d\"\nchecked = 2026-11-01\n\n\
             [[platform]]\ncpython = \"x86_64-unknown-linux-gnu\"\ncompiler = {h}\npep11-tier = 1\n\
             rust = {h}\nrust-tier = 2\nhost-tools = false\n\n\
             [[toolchain]]\npython = \"3.16\"\nuses = \"unknown\"\nrequires = \"1.95\"\nnote = {h}\n\
             source = \"https://example.org/t\"\n"
        ),
    );
    write(
        "pep-drafts/pep-9901.md",
        &format!(
            "PEP: 9901\nTitle: {}\nAuthor: A <a@example.org>\nStatus: Draft\nType: Process\n\
             Created: 01-Nov-2026\n\n## Abstract\n\nText.\n",
            HOSTILE_TITLE
        ),
    );
    let out = Command::new(&mdbook)
        .arg("build")
        .current_dir(root)
        .output()
        .expect("mdbook runs");
    assert!(
        out.status.success(),
        "mdbook build failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut pages = Vec::new();
    for page in [
        "book/status.html",
        "book/peps/index.html",
        "book/peps/pep-9901.html",
    ] {
        let html = std::fs::read_to_string(root.join(page)).expect("page was built");
        // Markup must stay text: no live tag, no Markdown emphasis, and no
        // mdBook include that ran (its text may appear; its result may not).
        for bad in [
            "<script>alert",
            "<img src=x",
            "<strong>b</strong>",
            "root:x:0:0",
        ] {
            if let Some(i) = html.find(bad) {
                let context = &html[i.saturating_sub(200)..(i + 60).min(html.len())];
                panic!("{page} contains raw `{bad}`:\n{context}");
            }
        }
        pages.push(html);
    }
    assert!(
        pages[0].contains("&lt;script&gt;alert"),
        "the text itself is kept, escaped"
    );
}
