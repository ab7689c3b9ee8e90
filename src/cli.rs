//! The corpus compiler's command line: `dossier build`, `check`, `score` and `entities`.
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

use crate::archive::ner::score::{parse_gold, render, score};
use crate::archive::{
    catalog_files, compile_with, parse_authority, parse_report, to_json, to_json_pretty, Compiled,
    Diagnostic, EntityKind, Provenance, Recognizer, Severity, Source,
};

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
    /// Compile `*.txt` records into `<out>/catalog.json` (+ `catalog/<order>-<page>.json`),
    /// `<out>/docs/<id>.json`, `<out>/entities.json` and `<out>/entity/<id>.json`.
    Build {
        /// Folder of records (searched recursively for `*.txt`).
        seeds: PathBuf,
        /// Output folder.
        #[arg(long, short)]
        out: PathBuf,
        /// Records per page of the library.
        #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..=10_000))]
        page_size: u32,
        /// Skip files with errors instead of failing.
        #[arg(long)]
        skip_bad: bool,
        /// Authority file (default: `<seeds>/authority.toml` when it exists).
        #[arg(long)]
        authority: Option<PathBuf>,
    },
    /// Parse the records and recognize their mentions, reporting problems and writing nothing.
    Check {
        /// Folder of records (searched recursively for `*.txt`).
        seeds: PathBuf,
        /// Skip files with errors instead of failing.
        #[arg(long)]
        skip_bad: bool,
        /// Authority file (default: `<seeds>/authority.toml` when it exists).
        #[arg(long)]
        authority: Option<PathBuf>,
    },
    /// Score the recognizer on one record against a gold annotation: precision, recall and F1
    /// per kind and overall.
    Score {
        /// The record file.
        record: PathBuf,
        /// The gold file (see `tests/gold/README.md`).
        gold: PathBuf,
        /// Authority file (default: `authority.toml` beside the record when it exists).
        #[arg(long)]
        authority: Option<PathBuf>,
    },
    /// Generate a large, realistic test collection in the record format, deterministically:
    /// the same arguments always write the same files.
    Synth {
        /// How many records.
        #[arg(long, default_value_t = 1000)]
        docs: usize,
        /// Seed of the generator.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Plain text to take paragraphs from: a file, or a folder whose `*.txt` files are read
        /// in name order (e.g. the public-domain FRUS volumes).
        #[arg(long)]
        source: PathBuf,
        /// Output folder (created; existing `*.txt` files in it are replaced).
        #[arg(long, short)]
        out: PathBuf,
    },
    /// List the names found automatically that the authority file lacks, most frequent first.
    Entities {
        /// Folder of records (searched recursively for `*.txt`).
        seeds: PathBuf,
        /// Authority file (default: `<seeds>/authority.toml` when it exists).
        #[arg(long)]
        authority: Option<PathBuf>,
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
    let (seeds, out, skip_bad, authority) = match &cli.command {
        Command::Build {
            seeds,
            out,
            page_size,
            skip_bad,
            authority,
        } => (seeds, Some((out, *page_size)), *skip_bad, authority),
        Command::Check {
            seeds,
            skip_bad,
            authority,
        } => (seeds, None, *skip_bad, authority),
        Command::Score {
            record,
            gold,
            authority,
        } => return run_score(record, gold, authority.as_deref()),
        Command::Entities { seeds, authority } => return run_entities(seeds, authority.as_deref()),
        Command::Synth {
            docs,
            seed,
            source,
            out,
        } => return run_synth(*docs, *seed, source, out),
    };
    let progress = progress_bar();
    let sources = read_sources(seeds, &progress)?;
    let (recognizer, authority_source, authority_failed) =
        load_authority(authority.as_deref(), Some(seeds))?;
    let compiled = compile_with(&sources, &recognizer);
    let mut shown = sources.clone();
    shown.extend(authority_source);
    report(&shown, &compiled.diagnostics)?;
    let failed = (compiled.has_errors() || authority_failed) && !skip_bad;
    if let (Some(out), false) = (out, failed) {
        write_corpus(out.0, out.1 as usize, &compiled, &progress)?;
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

/// The authority file to use: `explicit`, else `<seeds>/authority.toml` when it exists.
/// Returns the recognizer, the file as a [`Source`] (for showing diagnostics) and whether it
/// had errors (which are printed here).
fn load_authority(
    explicit: Option<&Path>,
    seeds: Option<&Path>,
) -> Result<(Recognizer, Option<Source>, bool)> {
    let path = match (explicit, seeds) {
        (Some(p), _) => p.to_path_buf(),
        (None, Some(dir)) if dir.join("authority.toml").is_file() => dir.join("authority.toml"),
        _ => return Ok((Recognizer::default(), None, false)),
    };
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let name = path.to_string_lossy().replace('\\', "/");
    let parsed = parse_authority(&name, &text);
    let source = Source::new(name, text);
    report(std::slice::from_ref(&source), &parsed.diagnostics)?;
    let failed = parsed.has_errors();
    Ok((Recognizer::new(parsed.authority), Some(source), failed))
}

/// `dossier score`: recognizes one record and compares it with its gold annotation.
fn run_score(record: &Path, gold: &Path, authority: Option<&Path>) -> Result<bool> {
    let bytes = std::fs::read(record).with_context(|| format!("reading {}", record.display()))?;
    let name = record
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let parsed = parse_report(&name, &bytes);
    let source = Source::new(name, bytes);
    report(std::slice::from_ref(&source), &parsed.diagnostics)?;
    let Some(doc) = parsed.document else {
        anyhow::bail!("{} could not be parsed", record.display());
    };
    let (recognizer, _, authority_failed) = load_authority(authority, record.parent())?;
    let gold_text =
        std::fs::read_to_string(gold).with_context(|| format!("reading {}", gold.display()))?;
    let spans = parse_gold(&gold.to_string_lossy(), &gold_text, &doc).map_err(|errors| {
        anyhow::anyhow!("the gold file has errors:\n  {}", errors.join("\n  "))
    })?;
    let mentions = recognizer.recognize(&doc);
    print!("{}", render(&score(&spans, &mentions)));
    Ok(!authority_failed)
}

/// `dossier entities`: the automatic names, by count, with an example each.
fn run_synth(docs: usize, seed: u64, source: &Path, out: &Path) -> Result<bool> {
    let mut files: Vec<PathBuf> = if source.is_dir() {
        std::fs::read_dir(source)
            .with_context(|| format!("reading {}", source.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect()
    } else {
        vec![source.to_path_buf()]
    };
    files.sort();
    let mut text = String::new();
    for file in &files {
        let bytes = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
        text.push_str(&String::from_utf8_lossy(&bytes));
        text.push_str("\n\n");
    }
    anyhow::ensure!(
        !text.trim().is_empty(),
        "{} holds no text to generate records from",
        source.display()
    );
    let progress = progress_bar();
    progress.set_message("generating");
    let records = crate::archive::synth::generate(docs, seed, &text);
    progress.set_length(records.len() as u64);
    let records: Vec<(String, String)> = records;
    write_files(out, "txt", &records, &progress)?;
    progress.finish_and_clear();
    let bytes: usize = records.iter().map(|(_, r)| r.len()).sum();
    eprintln!(
        "wrote {} records ({:.1} MB) to {}",
        records.len(),
        bytes as f64 / 1e6,
        out.display()
    );
    Ok(true)
}

fn run_entities(seeds: &Path, authority: Option<&Path>) -> Result<bool> {
    let progress = progress_bar();
    let sources = read_sources(seeds, &progress)?;
    progress.finish_and_clear();
    let (recognizer, _, authority_failed) = load_authority(authority, Some(seeds))?;
    let compiled = compile_with(&sources, &recognizer);
    let mut rows: Vec<(u32, u32, String, EntityKind, String, String)> = Vec::new();
    for file in &compiled.entities.files {
        if file.entity.source != Provenance::Automatic {
            continue;
        }
        let count: usize = file.documents.iter().map(|d| d.contexts.len()).sum();
        let example = file.documents.first().and_then(|d| {
            d.contexts.first().map(|k| {
                (
                    d.id.clone(),
                    format!("{}[{}]{}", k.before, k.surface, k.after),
                )
            })
        });
        let (doc, context) = example.unwrap_or_default();
        rows.push((
            u32::try_from(count).unwrap_or(u32::MAX),
            u32::try_from(file.documents.len()).unwrap_or(u32::MAX),
            file.entity.name.clone(),
            file.entity.kind,
            doc,
            context,
        ));
    }
    rows.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.2.cmp(&b.2)));
    println!("count\tdocs\tkind\tname\tdocument\texample");
    for (count, docs, name, kind, doc, context) in &rows {
        let kind = serde_json::to_value(kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        let context = context.replace(['\t', '\n'], " ");
        println!("{count}\t{docs}\t{kind}\t{name}\t{doc}\t{context}");
    }
    eprintln!(
        "{} names not in the authority file ({} curated entities)",
        rows.len(),
        recognizer.authority().entities.len()
    );
    Ok(!authority_failed)
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

/// Writes `catalog.json`, `catalog/<order>-<page>.json`, `docs/<id>.json`, `entities.json` and
/// `entity/<id>.json`, removing stale `*.json` files from those folders.
fn write_corpus(
    out: &Path,
    page_size: usize,
    compiled: &Compiled,
    progress: &ProgressBar,
) -> Result<()> {
    let (head, pages) = catalog_files(&compiled.catalog, page_size);
    let pages: Vec<(String, String)> = pages
        .iter()
        .map(|(name, page)| (name.clone(), to_json(page)))
        .collect();
    let docs: Vec<(String, String)> = compiled
        .documents
        .iter()
        .map(|d| (format!("{}.json", d.document.id), to_json(d)))
        .collect();
    let entities: Vec<(String, String)> = compiled
        .entities
        .files
        .iter()
        .map(|f| (format!("{}.json", f.entity.id), to_json(f)))
        .collect();
    progress.set_position(0);
    progress.set_length((docs.len() + entities.len() + pages.len()) as u64 + 2);
    progress.set_message("writing");
    write_dir(&out.join("docs"), &docs, progress)?;
    write_dir(&out.join("entity"), &entities, progress)?;
    write_dir(&out.join("catalog"), &pages, progress)?;
    write(&out.join("catalog.json"), &to_json_pretty(&head))?;
    write(
        &out.join("entities.json"),
        &to_json(&compiled.entities.index),
    )?;
    progress.inc(2);
    Ok(())
}

/// Writes `files` (name, text) into `dir`, removing any other `*.json` there.
fn write_dir(dir: &Path, files: &[(String, String)], progress: &ProgressBar) -> Result<()> {
    write_files(dir, "json", files, progress)
}

/// Writes `files` (name, text) into `dir`, removing any other `*.<extension>` there.
fn write_files(
    dir: &Path,
    extension: &str,
    files: &[(String, String)],
    progress: &ProgressBar,
) -> Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let fresh: std::collections::HashSet<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry
            .with_context(|| format!("reading {}", dir.display()))?
            .path();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.ends_with(&format!(".{extension}")) && !fresh.contains(name.as_str()) {
            std::fs::remove_file(&path).with_context(|| format!("removing {}", path.display()))?;
        }
    }
    for (name, text) in files {
        write(&dir.join(name), text)?;
        progress.inc(1);
    }
    Ok(())
}

/// Writes `text` to `path` unless it already holds exactly that.
fn write(path: &Path, text: &str) -> Result<()> {
    if std::fs::read(path).is_ok_and(|old| old == text.as_bytes()) {
        return Ok(());
    }
    std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))
}
