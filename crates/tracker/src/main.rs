//! `tracker`: checks and renders the project's PEP drafts and book sources.
//!
//! ```text
//! tracker check                      every rule over every input; exit 1 on error
//! tracker preprocessor tracker|mermaid   the mdBook preprocessors (book.toml runs these)
//! tracker snippets --lang python,pycon   the book's code blocks as JSON (for the Python runner)
//! tracker directives                 the table of book directives, as Markdown
//! ```

use clap::{Parser, Subcommand};
use mdbook_preprocessor::Preprocessor;
use std::io::{self, Write as _};
use std::path::PathBuf;
use std::process::ExitCode;
use tracker::markdown::code_blocks;
use tracker::preprocess::{DIRECTIVES, Tracker};
use tracker::project;

#[derive(Parser)]
#[command(
    version,
    about = "Checks and renders the Rust-for-CPython guide's data"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check the book sources and PEP drafts; print every problem as
    /// `path:line:col: error: message` and exit 1 if there is any error.
    Check {
        /// Repository root (the folder holding book.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Treat warnings as errors (CI does).
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Run as an mdBook preprocessor (`tracker` or `mermaid`); mdBook passes
    /// `supports RENDERER` first, then the book as JSON on stdin.
    Preprocessor {
        #[arg(value_parser = ["tracker", "mermaid"])]
        name: String,
        #[arg(num_args = 0..=2)]
        supports: Vec<String>,
    },
    /// Print the book's code blocks of the given languages as JSON.
    Snippets {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Comma-separated languages, e.g. `python,pycon`.
        #[arg(long, value_delimiter = ',', default_value = "python,pycon")]
        lang: Vec<String>,
        /// Only files under this folder (relative to the root).
        #[arg(long, default_value = "src")]
        under: PathBuf,
    },
    /// Print the table of `{{#tracker ...}}` directives as Markdown.
    Directives,
}

fn main() -> ExitCode {
    match run(Cli::parse().command) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("tracker: error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Check {
            root,
            deny_warnings,
        } => {
            let diags = project::check(&root);
            let fails = diags.fails(deny_warnings);
            let all = diags.sorted();
            for d in &all {
                eprintln!("{d}");
            }
            if fails {
                eprintln!("tracker check: {} problem(s)", all.len());
                return Ok(ExitCode::FAILURE);
            }
            println!("tracker check: ok");
            Ok(ExitCode::SUCCESS)
        }
        Command::Preprocessor { name, supports } => {
            let pre: Box<dyn Preprocessor> = match name.as_str() {
                "mermaid" => Box::new(mdbook_mermaid::Mermaid),
                _ => Box::new(Tracker),
            };
            preprocess(pre.as_ref(), &supports)
        }
        Command::Snippets { root, lang, under } => {
            let mut out = Vec::new();
            for rel in project::markdown_files(&root)? {
                if !rel.starts_with(&under) {
                    continue;
                }
                let text = std::fs::read_to_string(root.join(&rel))?;
                for block in code_blocks(&text) {
                    if block.fenced && lang.contains(&block.lang) {
                        out.push(serde_json::json!({
                            "path": rel,
                            "line": block.code_line,
                            "lang": block.lang,
                            "ignore": block.has_attr("ignore"),
                            "code": block.code,
                        }));
                    }
                }
            }
            serde_json::to_writer_pretty(io::stdout().lock(), &out)?;
            println!();
            Ok(ExitCode::SUCCESS)
        }
        Command::Directives => {
            println!("| directive | renders |\n| --- | --- |");
            for (name, what) in DIRECTIVES {
                println!("| `{{{{#tracker {name}}}}}` | {what} |");
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The mdBook preprocessor protocol: `supports RENDERER` answers through the
/// exit status; otherwise read `[context, book]` from stdin and write the
/// book back.
fn preprocess(pre: &dyn Preprocessor, supports: &[String]) -> anyhow::Result<ExitCode> {
    if let [cmd, renderer] = supports
        && cmd == "supports"
    {
        return Ok(if pre.supports_renderer(renderer)? {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        });
    }
    if !supports.is_empty() {
        anyhow::bail!("expected `supports RENDERER`, got {supports:?}");
    }
    let (ctx, book) = mdbook_preprocessor::parse_input(io::stdin())?;
    if ctx.mdbook_version != mdbook_preprocessor::MDBOOK_VERSION {
        eprintln!(
            "tracker: warning: built against mdBook {}, called from {}",
            mdbook_preprocessor::MDBOOK_VERSION,
            ctx.mdbook_version
        );
    }
    let book = pre.run(&ctx, book)?;
    let mut stdout = io::stdout().lock();
    serde_json::to_writer(&mut stdout, &book)?;
    stdout.flush()?;
    Ok(ExitCode::SUCCESS)
}
