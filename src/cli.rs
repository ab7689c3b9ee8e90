//! The corpus compiler's command line: `dossier build` and `dossier check`.
//!
//! All file-system work lives here; parsing and compiling is [`crate::archive`].

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::archive::{compile, to_json_pretty, Compiled, Diagnostic, Severity, Source};

/// Compiles folders of archival records into a corpus for the Dossier reader.
#[derive(Debug, Parser)]
#[command(name = "dossier", version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Compile `*.txt` records into `<out>/catalog.json` and `<out>/docs/<id>.json`.
    Build {
        /// Folder of records (searched recursively for `*.txt`).
        seeds: PathBuf,
        /// Output folder.
        #[arg(long, short)]
        out: PathBuf,
        /// Skip files with errors instead of failing.
        #[arg(long)]
        skip_bad: bool,
    },
    /// Parse the records and report problems, writing nothing.
    Check {
        /// Folder of records (searched recursively for `*.txt`).
        seeds: PathBuf,
        /// Skip files with errors instead of failing.
        #[arg(long)]
        skip_bad: bool,
    },
}

/// Runs the command line and returns the process exit code: 0 on success, 1 when records
/// have errors (without `--skip-bad`), 2 on I/O or usage errors.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(err) => {
            eprintln!("error: {err}");
            for cause in err.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            ExitCode::from(2)
        }
    }
}

/// Runs `cli`; `Ok(false)` means the records had errors and the run failed.
pub fn run(cli: &Cli) -> Result<bool> {
    let (seeds, out, skip_bad) = match &cli.command {
        Command::Build {
            seeds,
            out,
            skip_bad,
        } => (seeds, Some(out), *skip_bad),
        Command::Check { seeds, skip_bad } => (seeds, None, *skip_bad),
    };
    let progress = progress_bar();
    let sources = read_sources(seeds, &progress)?;
    let compiled = compile(&sources);
    report(&sources, &compiled.diagnostics)?;
    let failed = compiled.has_errors() && !skip_bad;
    if let (Some(out), false) = (out, failed) {
        write_corpus(out, &compiled, &progress)?;
    }
    progress.finish_and_clear();
    if skip_bad && !compiled.skipped.is_empty() {
        eprintln!("skipped (errors): {}", compiled.skipped.join(", "));
    }
    eprintln!(
        "read {} files, compiled {}, skipped {}",
        compiled.read,
        compiled.documents.len(),
        compiled.skipped.len()
    );
    if failed {
        eprintln!("error: some records have errors; fix them or pass --skip-bad");
    }
    Ok(!failed)
}

fn progress_bar() -> ProgressBar {
    let target = if std::io::stderr().is_terminal() {
        ProgressDrawTarget::stderr()
    } else {
        ProgressDrawTarget::hidden()
    };
    let bar = ProgressBar::with_draw_target(None, target);
    if let Ok(style) = ProgressStyle::with_template("{msg:>8} [{bar:30}] {pos}/{len}") {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

/// Reads every `*.txt` under `dir`, sorted, named by their `/`-separated relative path.
fn read_sources(dir: &Path, progress: &ProgressBar) -> Result<Vec<Source>> {
    if !dir.is_dir() {
        anyhow::bail!("reading {}: not a folder", dir.display());
    }
    let mut paths = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.with_context(|| format!("reading {}", dir.display()))?;
        let is_txt = entry
            .path()
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("txt"));
        if entry.file_type().is_file() && is_txt {
            paths.push(entry.into_path());
        }
    }
    progress.set_length(paths.len() as u64);
    progress.set_message("reading");
    let mut sources = Vec::with_capacity(paths.len());
    for path in paths {
        let bytes = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
        let rel = path.strip_prefix(dir).unwrap_or(&path);
        let name = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>();
        sources.push(Source {
            name: name.join("/"),
            bytes,
        });
        progress.inc(1);
    }
    Ok(sources)
}

/// Prints diagnostics with codespan-reporting, showing the offending source line.
fn report(sources: &[Source], diagnostics: &[Diagnostic]) -> Result<()> {
    let mut files = SimpleFiles::new();
    let ids: Vec<(&str, usize)> = sources
        .iter()
        .map(|s| {
            (
                s.name.as_str(),
                files.add(
                    s.name.clone(),
                    String::from_utf8_lossy(&s.bytes).into_owned(),
                ),
            )
        })
        .collect();
    let id_of = |name: &str| ids.iter().find(|(n, _)| *n == name).map(|(_, id)| *id);
    let line_range = |id: usize, line: u32| {
        let src = files.get(id).map(|f| f.source().as_str()).unwrap_or("");
        line_span(src, line)
    };
    let writer = termcolor::StandardStream::stderr(if std::io::stderr().is_terminal() {
        termcolor::ColorChoice::Auto
    } else {
        termcolor::ColorChoice::Never
    });
    let config = term::Config::default();
    for d in diagnostics {
        let base = match d.severity {
            Severity::Error => Report::error(),
            Severity::Warning => Report::warning(),
        };
        let mut labels = Vec::new();
        if let Some(id) = id_of(&d.file) {
            labels.push(Label::primary(id, line_range(id, d.line)).with_message(d.code.as_str()));
        }
        for r in &d.related {
            if let Some(id) = id_of(&r.file) {
                labels.push(Label::secondary(id, line_range(id, r.line)).with_message(&r.message));
            }
        }
        let mut report = base
            .with_code(d.code.as_str())
            .with_message(&d.message)
            .with_labels(labels);
        if d.related.is_empty() && id_of(&d.file).is_none() {
            report = report.with_notes(vec![format!("in {}:{}", d.file, d.line)]);
        }
        term::emit(&mut writer.lock(), &config, &files, &report).context("printing diagnostics")?;
    }
    Ok(())
}

/// Byte range of the text of 1-based `line` in `src` (without its line ending).
fn line_span(src: &str, line: u32) -> std::ops::Range<usize> {
    let mut start = 0;
    for (i, l) in src.split_inclusive('\n').enumerate() {
        if i + 1 == line as usize {
            let text = l.trim_end_matches(['\n', '\r']);
            return start..start + text.len();
        }
        start += l.len();
    }
    src.len()..src.len()
}

/// Writes `catalog.json` and `docs/<id>.json`, removing stale `docs/*.json`.
fn write_corpus(out: &Path, compiled: &Compiled, progress: &ProgressBar) -> Result<()> {
    let docs = out.join("docs");
    std::fs::create_dir_all(&docs).with_context(|| format!("creating {}", docs.display()))?;
    let fresh: Vec<String> = compiled
        .documents
        .iter()
        .map(|d| format!("{}.json", d.document.id))
        .collect();
    for entry in std::fs::read_dir(&docs).with_context(|| format!("reading {}", docs.display()))? {
        let path = entry
            .with_context(|| format!("reading {}", docs.display()))?
            .path();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.ends_with(".json") && !fresh.contains(&name) {
            std::fs::remove_file(&path).with_context(|| format!("removing {}", path.display()))?;
        }
    }
    progress.set_position(0);
    progress.set_length(compiled.documents.len() as u64 + 1);
    progress.set_message("writing");
    for (doc, name) in compiled.documents.iter().zip(&fresh) {
        write(&docs.join(name), &to_json_pretty(doc))?;
        progress.inc(1);
    }
    write(
        &out.join("catalog.json"),
        &to_json_pretty(&compiled.catalog),
    )?;
    progress.inc(1);
    Ok(())
}

/// Writes `text` to `path` unless it already holds exactly that.
fn write(path: &Path, text: &str) -> Result<()> {
    if std::fs::read(path).is_ok_and(|old| old == text.as_bytes()) {
        return Ok(());
    }
    std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))
}
