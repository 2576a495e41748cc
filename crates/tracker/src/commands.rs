//! The PEP subcommands of the CLI: `export-rst` and `lint-pep`, entry points
//! over the model (the linter) and the RST renderer.

use crate::base::date::Date;
use crate::base::diag::Diagnostics;
use std::path::Path;

/// `tracker export-rst FILE [-o OUT]`: writes the RST to `OUT` (atomically,
/// nothing on error) or stdout. Returns false (after printing every
/// problem) when the draft cannot be exported.
pub fn export_rst(file: &Path, output: Option<&Path>) -> anyhow::Result<bool> {
    let text =
        std::fs::read_to_string(file).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
    let mut diags = Diagnostics::new();
    // A draft's chapter is src/peps/pep-NNNN.md: its includes are relative
    // to that folder, as mdBook reads them.
    let chapter_dir = file
        .parent()
        .unwrap_or(Path::new("."))
        .join("..")
        .join(crate::model::BOOK_SRC)
        .join("peps");
    let text = crate::render::pep::include::expand(file, &text, &chapter_dir, &mut diags);
    // `{{#policy KEY}}` and `{{#source PATH}}` become their values: the
    // RST goes upstream, where the tracker does not run.
    let text = crate::model::policy::expand_draft(file, &text, &mut diags);
    let rst = crate::render::pep::rst::export(file, &text, &mut diags).filter(|_| diags.is_empty());
    let Some(rst) = rst else {
        for d in diags.sorted() {
            eprintln!("{d}");
        }
        return Ok(false);
    };
    match output {
        Some(out) => {
            let tmp = out.with_extension("rst.tmp");
            std::fs::write(&tmp, &rst)?;
            std::fs::rename(&tmp, out)?;
        }
        None => print!("{rst}"),
    }
    Ok(true)
}

/// `tracker lint-pep FILE...`: the PEP rules over the given `.md` drafts
/// or exported `.rst` files. Returns false if any file fails.
pub fn lint_pep(files: &[std::path::PathBuf]) -> bool {
    let mut diags = Diagnostics::new();
    let today = Date::today();
    for file in files {
        match std::fs::read_to_string(file) {
            Ok(text) => crate::model::pep::lint::lint(file, &text, today, &mut diags),
            Err(e) => diags.error(
                file,
                crate::base::diag::Pos::START,
                format!("cannot read: {e}"),
            ),
        }
    }
    let fails = diags.fails(true);
    for d in diags.sorted() {
        eprintln!("{d}");
    }
    !fails
}
