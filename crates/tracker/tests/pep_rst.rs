//! The Markdown-to-PEP-RST exporter: one case per construct, and the
//! constructs it refuses, with their positions.

use std::path::Path;
use tracker::base::diag::Diagnostics;
use tracker::render::pep::rst::export;

const PREAMBLE: &str = "PEP: 9901\nTitle: T\nAuthor: A <a@b.org>\nStatus: Draft\nType: Informational\nCreated: 24-Nov-2026\n\n";

fn body(md: &str) -> String {
    let mut diags = Diagnostics::new();
    let text = format!("{PREAMBLE}{md}");
    let out = export(Path::new("pep-9901.md"), &text, &mut diags);
    let errors: Vec<String> = diags.sorted().iter().map(ToString::to_string).collect();
    assert!(errors.is_empty(), "{errors:?}");
    let out = out.expect("exports");
    let head = format!("{}\n\n", PREAMBLE.trim_end());
    assert!(out.starts_with(&head), "preamble carried over verbatim");
    out[head.len()..].trim_start_matches('\n').to_owned()
}

fn errors(md: &str) -> Vec<String> {
    let mut diags = Diagnostics::new();
    let out = export(
        Path::new("pep-9901.md"),
        &format!("{PREAMBLE}{md}"),
        &mut diags,
    );
    assert!(out.is_none(), "an error means no output");
    diags.sorted().iter().map(ToString::to_string).collect()
}

#[test]
fn headings_use_pep12_underlines() {
    assert_eq!(
        body("## Abstract\n\n### Sub `x`\n\n#### Deep\n"),
        "Abstract\n========\n\nSub ``x``\n---------\n\nDeep\n''''\n"
    );
}

#[test]
fn inline_markup_and_word_boundaries() {
    let cases = [
        ("*a* **b** `c`", "*a* **b** ``c``"),
        ("x*a*y", "x\\ *a*\\ y"),
        ("(`c`).", "(``c``)."),
        ("say ``a`b``", "say ``a`b``"),
        ("say ``` a``b ```", "say :literal:`a\\`\\`b`"),
        ("*with `code`*", "*with code*"),
    ];
    for (md, rst) in cases {
        assert_eq!(body(&format!("{md}\n")), format!("{rst}\n"), "{md}");
    }
}

#[test]
fn special_characters_are_escaped() {
    let cases = [
        ("a \\* b | c \\` d \\\\ e", "a \\* b \\| c \\` d \\\\ e"),
        (
            "name\\_ and snake_case and _lead",
            "name\\_ and snake_case and _lead",
        ),
        ("1\\. not a list", "1\\. not a list"),
        ("\\- not a bullet", "\\- not a bullet"),
        (":field: not a field", "\\:field: not a field"),
    ];
    for (md, rst) in cases {
        assert_eq!(body(&format!("{md}\n")), format!("{rst}\n"), "{md}");
    }
}

#[test]
fn links_roles_and_footnotes() {
    let cases = [
        ("[PEP 11](pep:11)", ":pep:`11`"),
        ("[the policy](pep:0011)", ":pep:`the policy <11>`"),
        ("[RFC 2822](rfc:2822)", ":rfc:`2822`"),
        (
            "[a `<x>` b](https://e.org/a_b)",
            "`a \\<x\\> b <https://e.org/a_b>`__",
        ),
        ("<https://e.org>", "`https://e.org <https://e.org>`__"),
        (
            "see[^n].\n\n[^n]: Note\n    more.",
            "see\\ [#n]_.\n\n.. [#n] Note\n   more.",
        ),
    ];
    for (md, rst) in cases {
        assert_eq!(body(&format!("{md}\n")), format!("{rst}\n"), "{md}");
    }
}

#[test]
fn code_blocks() {
    assert_eq!(
        body("```rust,ignore\nfn f() {}\n\nx\n```\n"),
        ".. code-block:: rust\n\n   fn f() {}\n\n   x\n"
    );
    assert_eq!(body("```text\nplain\n```\n"), "::\n\n   plain\n");
    assert_eq!(body("    indented\n"), "::\n\n   indented\n");
}

#[test]
fn nested_lists_blockquotes_and_tables() {
    assert_eq!(
        body("- a\n  - b\n- c\n\n3. x\n4. y\n"),
        "- a\n\n  - b\n\n- c\n\n3. x\n\n4. y\n"
    );
    assert_eq!(body("para\n\n> quoted\n"), "para\n\n..\n\n    quoted\n");
    assert_eq!(
        body("| A | B |\n|---|---|\n| `x` |  |\n"),
        ".. list-table::\n   :header-rows: 1\n\n   * - A\n     - B\n   * - ``x``\n     -\n"
    );
}

#[test]
fn html_comments_are_dropped() {
    assert_eq!(
        body("<!-- note -->\n\ntext <!-- inline --> end\n"),
        "text  end\n"
    );
}

#[test]
fn unsupported_markdown_is_an_error_with_its_position() {
    // The body starts on line 8.
    assert_eq!(
        errors("# Title\n\n![img](a.png)\n\n<div>x</div>\n\n~~old~~ [b](../book.md)\n"),
        [
            "pep-9901.md:8:1: error: a h1 heading has no PEP section form (use ## to ####; the title comes from the preamble)",
            "pep-9901.md:10:1: error: an image (PEP images live in a pep-NNNN/ folder and use the `image` directive) has no RST form in a PEP",
            "pep-9901.md:12:1: error: raw HTML has no RST form (only <!-- comments --> are allowed; they are dropped)",
            "pep-9901.md:14:1: error: strikethrough has no RST form in a PEP",
            "pep-9901.md:14:9: error: link target `../book.md` only works inside this book; use an absolute URL, `pep:N` or `rfc:N`",
        ]
    );
}

#[test]
fn every_draft_exports() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../pep-drafts");
    for entry in std::fs::read_dir(&root).expect("pep-drafts") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "md") {
            let text = std::fs::read_to_string(&path).expect("read");
            let mut diags = Diagnostics::new();
            let rst = export(&path, &text, &mut diags);
            assert!(diags.is_empty() && rst.is_some(), "{}", path.display());
        }
    }
}
