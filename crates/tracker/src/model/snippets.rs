//! Rules for the code blocks of the book and the PEP drafts.
//!
//! CI runs every `rust` block (skeptic) and every `python`/`pycon` block of
//! the book. These rules keep that promise honest: a block skipped with
//! `ignore` says why, right before it, and only attributes the test harnesses
//! actually honour are accepted, so nothing is skipped by accident.

use crate::base::diag::Diagnostics;
use crate::base::markdown::{CodeBlock, code_blocks};
use std::path::Path;

/// Attributes a `rust` block may carry, and what skeptic does with them.
pub const RUST_ATTRS: &[(&str, &str)] = &[
    (
        "ignore",
        "not compiled (needs an `<!-- ignore: reason -->` before it)",
    ),
    ("no_run", "compiled (type-checked) but not run"),
    (
        "should_panic",
        "run and expected to panic; also compiled on its own, so a compile error still fails",
    ),
];

/// Attributes a `python`/`pycon` block may carry.
pub const PYTHON_ATTRS: &[(&str, &str)] = &[(
    "ignore",
    "not executed (needs an `<!-- ignore: reason -->` before it)",
)];

/// Languages whose blocks are executed by CI.
pub fn is_executed(lang: &str) -> bool {
    matches!(lang, "rust" | "python" | "pycon")
}

/// Checks every code block of one Markdown file.
pub fn check(path: &Path, text: &str, diags: &mut Diagnostics) {
    for block in code_blocks(text) {
        check_block(path, &block, diags);
    }
}

fn check_block(path: &Path, block: &CodeBlock, diags: &mut Diagnostics) {
    if !block.fenced {
        diags.error(
            path,
            block.pos,
            "indented code block: use a fenced block that names its language",
        );
        return;
    }
    if block.lang.is_empty() {
        diags.error(
            path,
            block.pos,
            "code block without a language: name one (```text for plain output)",
        );
        return;
    }
    if block.lang == "mermaid"
        && !block
            .code
            .lines()
            .any(|l| l.trim_start().starts_with("accTitle:"))
    {
        diags.error(
            path,
            block.pos,
            "mermaid diagram without `accTitle:`: give it a text alternative (and `accDescr:`)",
        );
    }
    let allowed = match block.lang.as_str() {
        "rust" => RUST_ATTRS,
        "python" | "pycon" => PYTHON_ATTRS,
        _ => return,
    };
    for attr in &block.attrs {
        if !allowed.iter().any(|(a, _)| a == attr) {
            let names: Vec<&str> = allowed.iter().map(|(a, _)| *a).collect();
            diags.error(
                path,
                block.pos,
                format!(
                    "`{}` blocks do not support `{attr}` (supported: {})",
                    block.lang,
                    names.join(", ")
                ),
            );
        }
    }
    let ignored = block.has_attr("ignore");
    if ignored && block.ignore_reason.is_none() {
        diags.error(
            path,
            block.pos,
            "block marked `ignore` without a reason: put `<!-- ignore: why -->` directly before it",
        );
    }
    if !ignored && block.ignore_reason.is_some() {
        diags.error(
            path,
            block.pos,
            "`<!-- ignore: ... -->` before a block that is not marked `ignore`",
        );
    }
    if ignored {
        return;
    }
    match block.lang.as_str() {
        "rust" if !has_main(&block.code) => diags.error(
            path,
            block.pos,
            "rust block without `fn main`: skeptic compiles each block as a program",
        ),
        "rust" if block.has_attr("no_run") && block.has_attr("should_panic") => diags.error(
            path,
            block.pos,
            "`no_run` and `should_panic` together test nothing: pick one",
        ),
        "pycon" if !block.code.lines().any(|l| l.starts_with(">>>")) => diags.error(
            path,
            block.pos,
            "pycon block without a `>>>` prompt: use ```python for a script",
        ),
        _ => {}
    }
}

fn has_main(code: &str) -> bool {
    code.lines().any(|l| {
        let l = l.trim_start().trim_start_matches("# ");
        l.starts_with("fn main(") || l.contains(" fn main(")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(md: &str) -> Vec<String> {
        let mut d = Diagnostics::new();
        check(Path::new("f.md"), md, &mut d);
        d.sorted().into_iter().map(|d| d.to_string()).collect()
    }

    #[test]
    fn accepts_runnable_and_explained_blocks() {
        let md = "```rust\nfn main() {}\n```\n\n<!-- ignore: needs a CPython tree -->\n\
                  ```rust,ignore\nuse cpython_sys::*;\n```\n\n```pycon\n>>> 1 + 1\n2\n```\n\n\
                  ```rust,should_panic\nfn main() { panic!() }\n```\n\n```toml\n[a]\n```\n";
        assert_eq!(errors(md), Vec::<String>::new());
    }

    #[test]
    fn ignore_needs_a_reason() {
        let md = "text\n\n```rust,ignore\nfn main() {}\n```\n";
        let e = errors(md);
        assert_eq!(e.len(), 1);
        assert!(e[0].starts_with("f.md:3:1: error: block marked `ignore` without a reason"));
        let py = errors("```python,ignore\nx = 1\n```\n");
        assert!(py[0].contains("without a reason"), "{py:?}");
    }

    #[test]
    fn unknown_attributes_and_missing_languages_are_errors() {
        let e = errors("```rust,compile_fail\nfn main() {}\n```\n\n```\nplain\n```\n");
        assert!(e[0].contains("do not support `compile_fail`"), "{e:?}");
        assert!(e[1].starts_with("f.md:5:1: error: code block without a language"));
        let e = errors("```rust,skt-py\nfn main() {}\n```\n");
        assert!(e[0].contains("`skt-py`"), "{e:?}");
    }

    #[test]
    fn rust_blocks_are_programs_and_pycon_has_prompts() {
        let e = errors("```rust\nlet x = 1;\n```\n\n```pycon\nprint(1)\n```\n");
        assert!(e[0].contains("without `fn main`"), "{e:?}");
        assert!(e[1].contains("without a `>>>` prompt"), "{e:?}");
        assert!(errors("```rust\n# fn main() {\nlet x = 1;\n# }\n```\n").is_empty());
    }

    #[test]
    fn diagrams_need_a_text_alternative() {
        let e = errors("```mermaid\nflowchart LR\n  a --> b\n```\n");
        assert!(e[0].contains("without `accTitle:`"), "{e:?}");
        let ok = "```mermaid\nflowchart LR\n  accTitle: A to B\n  a --> b\n```\n";
        assert!(errors(ok).is_empty());
    }

    #[test]
    fn a_stray_reason_and_useless_combinations_are_errors() {
        let e = errors("<!-- ignore: x -->\n```rust\nfn main() {}\n```\n");
        assert!(e[0].contains("not marked `ignore`"), "{e:?}");
        let e = errors("```rust,no_run,should_panic\nfn main() {}\n```\n");
        assert!(e[0].contains("test nothing"), "{e:?}");
    }
}
