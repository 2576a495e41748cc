//! `tracker`: checks and renders the project's PEP drafts and book sources.
//!
//! ```text
//! tracker check                      every rule over every input; exit 1 on error
//! tracker preprocessor tracker|mermaid   the mdBook preprocessors (book.toml runs these)
//! tracker snippets --lang python,pycon   the book's code blocks as JSON (for the Python runner)
//! tracker directives                 the table of book directives, as Markdown
//! tracker export-rst pep-drafts/pep-NNNN.md [-o FILE]   a draft as PEP reStructuredText
//! tracker lint-pep FILE...           the PEP rules over .md drafts or exported .rst files
//! ```

use clap::{Parser, Subcommand};
use mdbook_preprocessor::Preprocessor;
use std::io::{self, Write as _};
use std::path::PathBuf;
use std::process::ExitCode;
use tracker::base::markdown::code_blocks;
use tracker::model;
use tracker::preprocess::Tracker;

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
        #[command(subcommand)]
        handshake: Option<Handshake>,
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
    /// Export a PEP draft as reStructuredText ready for python/peps.
    ExportRst {
        /// The draft, e.g. `pep-drafts/pep-9901.md`.
        file: PathBuf,
        /// Write here instead of stdout.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Check PEP files (`.md` drafts or exported `.rst`) with the PEP rules.
    LintPep {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Summarise the rollout status: phases, what needs attention, risks,
    /// drafts. Colour only on a terminal.
    Status {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Print api/status.json's content instead (for tools).
        #[arg(long, conflicts_with = "format")]
        json: bool,
        /// `markdown`: the review packet (decisions, overdue, changes since
        /// the last review, open risks), to print or paste into an issue.
        #[arg(long, value_name = "FORMAT", value_parser = ["text", "markdown"])]
        format: Option<String>,
        /// Show what changed in milestones, criteria, risks, decisions and
        /// PEP statuses since this git revision.
        #[arg(long, value_name = "REV")]
        since: Option<String>,
    },
    /// Create a new extension module from examples/template (import name
    /// `rs_NAME`), in examples/NAME or in --dest.
    NewModule {
        name: String,
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to create it; outside the workspace it becomes a standalone
        /// crate.
        #[arg(long)]
        dest: Option<PathBuf>,
    },
    /// Print the source hashes of folders as JSON, for results files to
    /// record what they measured.
    SourceHash {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(required = true)]
        dirs: Vec<String>,
    },
}

/// mdBook's question before it runs a preprocessor.
#[derive(Subcommand)]
enum Handshake {
    /// Exit 0 if the preprocessor supports RENDERER, 1 if not.
    Supports { renderer: String },
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
            let (_, diags) = tracker::pipeline::run(&root);
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
        Command::Preprocessor { name, handshake } => {
            let pre: Box<dyn Preprocessor> = match name.as_str() {
                "mermaid" => Box::new(mdbook_mermaid::Mermaid),
                _ => Box::new(Tracker),
            };
            preprocess(pre.as_ref(), handshake)
        }
        Command::Snippets { root, lang, under } => {
            let mut out = Vec::new();
            for rel in model::markdown_files(&root)? {
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
            emit(&serde_json::to_string_pretty(&out)?)
        }
        Command::Status {
            root,
            json,
            format,
            since,
        } => {
            let mut diags = tracker::base::diag::Diagnostics::new();
            let project = tracker::pipeline::load(&root, &mut diags);
            let Ok(status) = &project.status else {
                for d in diags.sorted() {
                    eprintln!("{d}");
                }
                anyhow::bail!("the rollout data has errors");
            };
            if format.as_deref() == Some("markdown") {
                if since.is_some() {
                    anyhow::bail!("--format markdown compares with the last review; drop --since");
                }
                let changes = tracker::derive::changes::since_last_review(&project)
                    .map_err(|e| e.to_string());
                let text = tracker::render::review::packet::render(
                    status,
                    changes,
                    tracker::render::review::packet::Target::Issue,
                );
                return emit(text.trim_end());
            }
            let text = match (since, json) {
                (Some(rev), true) => serde_json::to_string_pretty(
                    &tracker::derive::changes::since(&project, &rev)
                        .map_err(|e| anyhow::anyhow!("{e}"))?,
                )?,
                (Some(rev), false) => tracker::render::terminal::changes(
                    &tracker::derive::changes::since(&project, &rev)
                        .map_err(|e| anyhow::anyhow!("{e}"))?,
                ),
                (None, true) => status.to_json()?,
                (None, false) => tracker::render::terminal::status(status),
            };
            emit_styled(text.trim_end())
        }
        Command::NewModule { name, root, dest } => {
            let dest = tracker::scaffold::new_module(&root, &name, dest.as_deref())
                .map_err(anyhow::Error::msg)?;
            emit(&format!(
                "created {} (import name rs_{name}); inside this repository, add it to `members` \
                 in the root Cargo.toml",
                dest.display()
            ))
        }
        Command::SourceHash { root, dirs } => {
            let mut out = serde_json::Map::new();
            for dir in dirs {
                let hash = tracker::model::rollout::evidence::source_hash(&root.join(&dir))
                    .map_err(|e| anyhow::anyhow!("{dir}: {e}"))?;
                out.insert(dir, serde_json::Value::String(hash));
            }
            emit(&serde_json::Value::Object(out).to_string())
        }
        Command::ExportRst { file, output } => Ok(exit(tracker::commands::export_rst(
            &file,
            output.as_deref(),
        )?)),
        Command::LintPep { files } => Ok(exit(tracker::commands::lint_pep(&files))),
        Command::Directives => emit(tracker::render::directives::markdown_table().trim_end()),
    }
}

fn exit(ok: bool) -> ExitCode {
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// The mdBook preprocessor protocol: `supports RENDERER` answers through the
/// exit status; otherwise read `[context, book]` from stdin and write the
/// book back.
fn preprocess(pre: &dyn Preprocessor, handshake: Option<Handshake>) -> anyhow::Result<ExitCode> {
    if let Some(Handshake::Supports { renderer }) = handshake {
        return Ok(exit(pre.supports_renderer(&renderer)?));
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

/// Writes styled `text` and a newline to stdout; `anstream` keeps the
/// styles only for a terminal that wants colour (`NO_COLOR`, `CLICOLOR`).
fn emit_styled(text: &str) -> anyhow::Result<ExitCode> {
    let mut stdout = anstream::stdout().lock();
    match writeln!(stdout, "{text}").and_then(|()| stdout.flush()) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(ExitCode::SUCCESS),
    }
}

/// Writes `text` and a newline to stdout. A reader that stops early (`| head`)
/// is not an error.
fn emit(text: &str) -> anyhow::Result<ExitCode> {
    let mut stdout = io::stdout().lock();
    match writeln!(stdout, "{text}").and_then(|()| stdout.flush()) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(ExitCode::SUCCESS),
    }
}
