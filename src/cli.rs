//! The corpus compiler's command line: `dossier build`, `check`, `search`, `score`, `synth`
//! and `entities`.
//!
//! All file-system work lives here; parsing and compiling is [`crate::archive`].

use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
use codespan_reporting::files::{Files as _, SimpleFiles};
use codespan_reporting::term::{self, termcolor};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

mod single_file;

use crate::archive::corpus::{compile_with_progress, par_map, Stage, Step};
use crate::archive::ner::score::{parse_gold, render, score};
use crate::archive::search::{
    entity_key, parse_query, Facets, Index, Outcome, Results, SearchDoc, Snippet,
};
use crate::archive::{
    catalog_files, parse_authority, parse_config, parse_report, read_catalog_head, read_document,
    read_entity_index, search_doc, search_index, to_json, to_json_pretty, Compiled, Config,
    Diagnostic, EntityKind, EntityNames, KnownIds, Provenance, Recognizer, Severity, Source,
    CONFIG_FILE,
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
    /// `<out>/docs/<id>.json`, `<out>/entities.json`, `<out>/entity/<id>.json` and the search
    /// index `<out>/search/` (`manifest.bin` and its part files).
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
        /// Print how long each stage took.
        #[arg(long)]
        timings: bool,
        /// Also write the reader and the corpus as one self-contained HTML file, which works
        /// opened from disk (file://) with no server.
        #[arg(long, value_name = "FILE")]
        single_file: Option<PathBuf>,
        /// The Trunk build of the reader the single file carries.
        #[arg(
            long,
            value_name = "DIR",
            default_value = "dist",
            requires = "single_file"
        )]
        app: PathBuf,
    },
    /// Search a built corpus with the reader's engine and print the ranked results, snippets
    /// and facet counts. Exits with 1 when nothing is found.
    ///
    /// Query language: words (all required; stems, prefixes and typos match too), "quoted
    /// phrases", -exclusions, and filters: year:1967, year:1960-1969, decade:1960s,
    /// lang:czech, archive:words, person:, place:, org:, event: (an entity id or name).
    Search {
        /// A corpus folder written by `dossier build`.
        corpus: PathBuf,
        /// The query (quote it in the shell when it has several words).
        #[arg(allow_hyphen_values = true)]
        query: String,
        /// How many results to show.
        #[arg(long, short = 'n', default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=1000))]
        limit: u32,
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
    let (seeds, out, skip_bad, authority, timings, single_file) = match &cli.command {
        Command::Build {
            seeds,
            out,
            page_size,
            skip_bad,
            authority,
            timings,
            single_file,
            app,
        } => (
            seeds,
            Some((out, *page_size)),
            *skip_bad,
            authority,
            *timings,
            single_file.as_ref().map(|file| (file, app)),
        ),
        Command::Check {
            seeds,
            skip_bad,
            authority,
        } => (seeds, None, *skip_bad, authority, false, None),
        Command::Search {
            corpus,
            query,
            limit,
        } => return run_search(corpus, query, *limit as usize),
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
    let mut stages = Stages::default();
    let sources = read_sources(seeds, &progress)?;
    let (recognizer, authority_source, authority_failed) =
        load_authority(authority.as_deref(), Some(seeds))?;
    stages.done("reading");
    let compiled = compile_in_stages(&sources, &recognizer, &progress, &mut stages);
    progress.suspend(|| {
        let mut shown = sources.clone();
        shown.extend(authority_source);
        report(&shown, &compiled.diagnostics)
    })?;
    let (config, config_failed) = progress.suspend(|| load_config(seeds, &compiled))?;
    let failed = (compiled.has_errors() || authority_failed) && !skip_bad || config_failed;
    let mut index_summary = None;
    let mut single_summary = None;
    if let (Some(out), false) = (out, failed) {
        let kiosk = config.kiosk.enabled;
        let written = write_corpus(out.0, out.1 as usize, kiosk, &compiled, &progress)?;
        write(&out.0.join("config.json"), to_json_pretty(&config))?;
        stages.done("writing and indexing");
        stages.note("indexing (alongside writing)", written.indexing);
        index_summary = Some((written.index_files, written.index_bytes));
        if let Some((file, app)) = single_file {
            let written = single_file::write(app, out.0, file)?;
            stages.done("writing the single file");
            single_summary = Some((file, written));
        }
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
    if let Some((files, bytes)) = index_summary {
        eprintln!("search index: {files} files, {:.1} MB", bytes as f64 / 1e6);
    }
    if let Some((file, written)) = single_summary {
        eprintln!(
            "single file: {}, {} bytes ({} files of the corpus inside)",
            file.display(),
            written.bytes,
            written.corpus_files
        );
    }
    if timings {
        eprintln!("{stages}");
    }
    if config_failed {
        eprintln!("error: fix the configuration ({CONFIG_FILE}); --skip-bad does not skip it");
    } else if failed {
        eprintln!("error: some records have errors; fix them or pass --skip-bad");
    }
    Ok(!failed)
}

/// Compiles `sources` with a bar per stage (parsing, recognizing, entities), noting how long
/// each took in `stages`.
fn compile_in_stages(
    sources: &[Source],
    recognizer: &Recognizer,
    bar: &ProgressBar,
    stages: &mut Stages,
) -> Compiled {
    let current: Mutex<(&mut Stages, Option<Stage>)> = Mutex::new((stages, None));
    let end_stage = |next: Option<Stage>| {
        let mut guard = current
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let (stages, stage) = &mut *guard;
        if let Some(done) = std::mem::replace(stage, next) {
            stages.done(done.as_str());
        }
    };
    let compiled = compile_with_progress(sources, recognizer, &|step| match step {
        Step::Begin(stage, total) => {
            end_stage(Some(stage));
            counting(bar);
            bar.set_position(0);
            bar.set_length(total as u64);
            bar.set_message(stage.as_str());
        }
        Step::Item => bar.inc(1),
    });
    end_stage(None);
    compiled
}

/// How long each stage of a build took (wall-clock time).
struct Stages {
    last: Instant,
    done: Vec<(&'static str, Duration)>,
    notes: Vec<(&'static str, Duration)>,
}

impl Default for Stages {
    fn default() -> Self {
        Stages {
            last: Instant::now(),
            done: Vec::new(),
            notes: Vec::new(),
        }
    }
}

impl Stages {
    /// Ends stage `name` (which began when the previous one ended).
    fn done(&mut self, name: &'static str) {
        let now = Instant::now();
        self.done.push((name, now - self.last));
        self.last = now;
    }

    /// Notes the time of work that overlapped a stage.
    fn note(&mut self, name: &'static str, took: Duration) {
        self.notes.push((name, took));
    }
}

impl std::fmt::Display for Stages {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let total: Duration = self.done.iter().map(|(_, d)| *d).sum();
        let share = |d: &Duration| d.as_secs_f64() / total.as_secs_f64().max(1e-9) * 100.0;
        write!(f, "timings: total {:.2}s", total.as_secs_f64())?;
        for (name, d) in &self.done {
            write!(f, ", {name} {:.2}s ({:.0}%)", d.as_secs_f64(), share(d))?;
        }
        for (name, d) in &self.notes {
            write!(f, "; {name} {:.2}s ({:.0}%)", d.as_secs_f64(), share(d))?;
        }
        Ok(())
    }
}

fn progress_bar() -> ProgressBar {
    let target = if std::io::stderr().is_terminal() {
        ProgressDrawTarget::stderr()
    } else {
        ProgressDrawTarget::hidden()
    };
    let bar = ProgressBar::with_draw_target(None, target);
    counting(&bar);
    bar
}

/// Shows `bar` as a bar of counted steps.
fn counting(bar: &ProgressBar) {
    bar.disable_steady_tick();
    if let Ok(style) = ProgressStyle::with_template("{msg:>9} [{bar:30}] {pos}/{len}") {
        bar.set_style(style.progress_chars("=> "));
    }
}

/// Shows `bar` as a spinner with the time spent, for a stage `message` that has no steps to
/// count.
fn spinner(bar: &ProgressBar, message: &'static str) {
    if let Ok(style) = ProgressStyle::with_template("{msg:>9} {spinner} {elapsed}") {
        bar.set_style(style);
    }
    bar.set_message(message);
    bar.enable_steady_tick(Duration::from_millis(100));
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

/// The reader's configuration: `<seeds>/dossier.toml` checked against the compiled corpus
/// (its problems printed here), or the defaults when there is none. Returns it and whether it
/// had errors.
fn load_config(seeds: &Path, compiled: &Compiled) -> Result<(Config, bool)> {
    let path = seeds.join(CONFIG_FILE);
    if !path.is_file() {
        return Ok((
            parse_config(CONFIG_FILE, "", &KnownIds::default()).config,
            false,
        ));
    }
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let name = path.to_string_lossy().replace('\\', "/");
    let parsed = parse_config(&name, &text, &KnownIds::of(compiled));
    report(&[Source::new(name, text)], &parsed.diagnostics)?;
    let failed = parsed.has_errors();
    Ok((parsed.config, failed))
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
    let (recognizer, _, authority_failed) = load_authority(authority, Some(seeds))?;
    let compiled = compile_in_stages(&sources, &recognizer, &progress, &mut Stages::default());
    progress.finish_and_clear();
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
        let kind = kind.as_str();
        let context = printable(&context.replace(['\t', '\n', '\r'], " ")).into_owned();
        let (name, doc) = (printable(name), printable(doc));
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
    // Only the files named by a diagnostic: a large collection is not copied for a few.
    let named: std::collections::HashSet<&str> = diagnostics
        .iter()
        .flat_map(|d| std::iter::once(&d.file).chain(d.related.iter().map(|r| &r.file)))
        .map(String::as_str)
        .collect();
    let mut files = SimpleFiles::new();
    let ids: HashMap<&str, usize> = sources
        .iter()
        .filter(|s| named.contains(s.name.as_str()))
        .map(|s| {
            let text = printable(&String::from_utf8_lossy(&s.bytes)).into_owned();
            (
                s.name.as_str(),
                files.add(printable(&s.name).into_owned(), text),
            )
        })
        .collect();
    let id_of = |name: &str| ids.get(name).copied();
    // The text of 1-based `line`, without its line ending (`printable` made every line
    // ending a line feed, so codespan's lines are the parser's).
    let line_range = |id: usize, line: u32| {
        let src = files.get(id).map(|f| f.source().as_str()).unwrap_or("");
        let range = files
            .line_range(id, (line as usize).saturating_sub(1))
            .unwrap_or(src.len()..src.len());
        range.start..range.start + src[range].trim_end_matches('\n').len()
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
                labels.push(
                    Label::secondary(id, line_range(id, r.line))
                        .with_message(printable(&r.message)),
                );
            }
        }
        let mut report = base
            .with_code(d.code.as_str())
            .with_message(printable(&d.message))
            .with_labels(labels);
        if d.related.is_empty() && id_of(&d.file).is_none() {
            report = report.with_notes(vec![format!("in {}:{}", printable(&d.file), d.line)]);
        }
        term::emit(&mut writer.lock(), &config, &files, &report).context("printing diagnostics")?;
    }
    Ok(())
}

/// `text` safe to print on a terminal: a record's or a file name's control characters could
/// otherwise move the cursor, rewrite the screen or set the window title. Line endings (LF,
/// CRLF or a lone CR, as the parser reads them) become a line feed; other C0 controls and DEL
/// are shown as their symbols (`␛` for ESC), C1 controls as U+FFFD. Tabs are kept.
fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    if !text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return text.into();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(match c {
            '\r' if chars.peek() == Some(&'\n') => continue,
            '\r' => '\n',
            '\n' | '\t' => c,
            '\u{7f}' => '\u{2421}',
            c if c < ' ' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
            c if c.is_control() => '\u{fffd}',
            c => c,
        });
    }
    out.into()
}

/// What [`write_corpus`] wrote of the search index.
struct Written {
    /// Files of the search index, manifest included.
    index_files: usize,
    /// Their bytes.
    index_bytes: usize,
    /// How long building the index took (on its own thread, while the JSON was written).
    indexing: Duration,
}

/// Writes `catalog.json`, `catalog/<order>-<page>.json`, `docs/<id>.json`, `entities.json`,
/// `entity/<id>.json` and `search/` (the index's part files, then `manifest.bin`), removing
/// stale `*.json` files from those folders and stale `*.bin` files from `search/`. The search
/// index is built on another thread meanwhile.
fn write_corpus(
    out: &Path,
    page_size: usize,
    kiosk: bool,
    compiled: &Compiled,
    progress: &ProgressBar,
) -> Result<Written> {
    std::thread::scope(|scope| {
        let indexer = scope.spawn(|| {
            let start = Instant::now();
            let index = search_index(compiled);
            (index, start.elapsed())
        });
        write_json(out, page_size, kiosk, compiled, progress)?;
        if !indexer.is_finished() {
            spinner(progress, "indexing");
        }
        let (index, indexing) = indexer
            .join()
            .map_err(|_| anyhow::anyhow!("building the search index failed"))?;
        // The manifest last: it names the other files.
        let search: Vec<(&str, &[u8])> = index
            .files
            .iter()
            .map(|(name, bytes)| (name.as_str(), bytes.as_slice()))
            .chain([(SEARCH_MANIFEST, index.manifest.as_slice())])
            .collect();
        counting(progress);
        progress.set_position(0);
        progress.set_length(search.len() as u64);
        progress.set_message("writing");
        write_files(&out.join(SEARCH_DIR), "bin", &search, progress)?;
        Ok(Written {
            index_files: search.len(),
            index_bytes: index.total_bytes(),
            indexing,
        })
    })
}

/// Writes the JSON files of [`write_corpus`].
fn write_json(
    out: &Path,
    page_size: usize,
    kiosk: bool,
    compiled: &Compiled,
    progress: &ProgressBar,
) -> Result<()> {
    let (mut head, pages) = catalog_files(&compiled.catalog, page_size);
    head.kiosk = kiosk;
    let pages: Vec<(String, String)> = pages
        .iter()
        .map(|(name, page)| (name.clone(), to_json(page)))
        .collect();
    let docs: Vec<(String, String)> = par_map(&compiled.documents, |d| {
        (format!("{}.json", d.document.id), to_json(d))
    });
    let entities: Vec<(String, String)> = par_map(&compiled.entities.files, |f| {
        (format!("{}.json", f.entity.id), to_json(f))
    });
    counting(progress);
    progress.set_position(0);
    progress.set_length((docs.len() + entities.len() + pages.len()) as u64 + 2);
    progress.set_message("writing");
    write_dir(&out.join("docs"), &docs, progress)?;
    write_dir(&out.join("entity"), &entities, progress)?;
    write_dir(&out.join("catalog"), &pages, progress)?;
    write(&out.join("catalog.json"), to_json_pretty(&head))?;
    write(
        &out.join("entities.json"),
        to_json(&compiled.entities.index),
    )?;
    progress.inc(2);
    Ok(())
}

/// The folder of the search index in a corpus.
const SEARCH_DIR: &str = "search";
/// The search index's manifest in [`SEARCH_DIR`].
const SEARCH_MANIFEST: &str = "manifest.bin";

/// Writes `files` (name, text) into `dir`, removing any other `*.json` there.
fn write_dir(dir: &Path, files: &[(String, String)], progress: &ProgressBar) -> Result<()> {
    write_files(dir, "json", files, progress)
}

/// Writes `files` (name, contents) into `dir`, removing any other `*.<extension>` there.
fn write_files<N: AsRef<str>, B: AsRef<[u8]>>(
    dir: &Path,
    extension: &str,
    files: &[(N, B)],
    progress: &ProgressBar,
) -> Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let fresh: std::collections::HashSet<&str> = files.iter().map(|(n, _)| n.as_ref()).collect();
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
    for (name, contents) in files {
        write(&dir.join(name.as_ref()), contents)?;
        progress.inc(1);
    }
    Ok(())
}

/// Writes `contents` to `path` unless it already holds exactly that.
fn write(path: &Path, contents: impl AsRef<[u8]>) -> Result<()> {
    let contents = contents.as_ref();
    if std::fs::read(path).is_ok_and(|old| old == contents) {
        return Ok(());
    }
    std::fs::write(path, contents).with_context(|| format!("writing {}", path.display()))
}

/// The parts of a built corpus a search reads, each read once.
struct Corpus<'a> {
    dir: &'a Path,
    /// Canonical entity names (from `entities.json`), for the documents' search text.
    names: EntityNames<'a>,
    /// Documents' search text by document number.
    texts: HashMap<u32, SearchDoc>,
}

impl Corpus<'_> {
    fn path(&self, rel: &str) -> PathBuf {
        self.dir.join(rel)
    }

    /// The search text of document number `doc` with id `id`, read from `docs/<id>.json`.
    fn text(&mut self, doc: u32, id: &str) -> Result<&SearchDoc> {
        if !self.texts.contains_key(&doc) {
            anyhow::ensure!(
                !id.is_empty() && !id.contains(['/', '\\']) && id != "." && id != "..",
                "the corpus names a document `{id}`, which is not a valid id"
            );
            let path = self.path(&format!("docs/{id}.json"));
            let file = read_document(&read_text(&path)?)
                .with_context(|| format!("reading {}", path.display()))?;
            anyhow::ensure!(
                file.position.index == doc,
                "{} is document {} of the collection, but the search index has it as {doc}: \
                 rebuild the corpus",
                path.display(),
                file.position.index
            );
            self.texts
                .insert(doc, search_doc(&file.document, &self.names));
        }
        Ok(&self.texts[&doc])
    }
}

/// Reads a corpus file as text, naming it in the error.
fn read_text(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))
}

/// `dossier search`: runs `query` on the corpus in `dir` the way the reader does, reading the
/// files the engine asks for, and prints the results. `Ok(false)`: nothing found.
fn run_search(dir: &Path, query: &str, limit: usize) -> Result<bool> {
    let search_dir = dir.join(SEARCH_DIR);
    let manifest_path = search_dir.join(SEARCH_MANIFEST);
    let manifest = match std::fs::read(&manifest_path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => anyhow::bail!(
            "{} has no search index ({} does not exist): build the corpus with `dossier build`",
            dir.display(),
            manifest_path.display()
        ),
        Err(e) => {
            return Err(e).with_context(|| format!("reading {}", manifest_path.display()));
        }
    };
    let mut index =
        Index::open(&manifest).with_context(|| format!("reading {}", manifest_path.display()))?;
    let head_path = dir.join("catalog.json");
    let head = read_catalog_head(&read_text(&head_path)?)
        .with_context(|| format!("reading {}", head_path.display()))?;
    anyhow::ensure!(
        head.documents as usize == index.doc_count(),
        "{} lists {} documents but the search index has {}: rebuild the corpus",
        head_path.display(),
        head.documents,
        index.doc_count()
    );
    let entities_path = dir.join("entities.json");
    let entities = read_entity_index(&read_text(&entities_path)?)
        .with_context(|| format!("reading {}", entities_path.display()))?;
    let mut corpus = Corpus {
        dir,
        names: EntityNames::new(&entities),
        texts: HashMap::new(),
    };
    let parsed = parse_query(query);
    // Each round loads at least one more file or document, so this ends; the cap guards
    // against an engine that keeps asking for what it was given.
    let mut results = None;
    for _ in 0..10_000 {
        match index
            .search(&parsed, limit)
            .with_context(|| format!("searching the index in {}", search_dir.display()))?
        {
            Outcome::Done(r) => {
                results = Some(*r);
                break;
            }
            Outcome::NeedFiles(ids) => {
                for id in ids {
                    let name = index
                        .file_name(id)
                        .with_context(|| format!("the search index has no file {id}"))?;
                    let path = search_dir.join(&name);
                    let bytes = std::fs::read(&path)
                        .with_context(|| format!("reading {}", path.display()))?;
                    index
                        .add_file(id, bytes)
                        .with_context(|| format!("reading {}", path.display()))?;
                }
            }
            Outcome::NeedDocs(docs) => {
                for (doc, id) in docs {
                    index.add_doc(doc, corpus.text(doc, &id)?);
                }
            }
        }
    }
    let results = results.context("the search did not finish")?;
    let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    print_results(&parsed.to_string(), &results, &mut corpus, color)?;
    Ok(!results.hits.is_empty())
}

/// Prints the hits with snippets, the total, the facets and "did you mean".
fn print_results(
    query: &str,
    results: &Results,
    corpus: &mut Corpus<'_>,
    color: bool,
) -> Result<()> {
    use std::fmt::Write as _;
    let mut out = String::new();
    for (rank, hit) in results.hits.iter().enumerate() {
        let date = if hit.date.is_empty() {
            "undated"
        } else {
            &hit.date
        };
        let _ = writeln!(
            out,
            "{}. {:.2}  {}  {}  ({})",
            rank + 1,
            hit.score,
            printable(date),
            printable(&hit.title),
            printable(&hit.id)
        );
        let text = corpus.text(hit.doc, &hit.id)?;
        let snippet = results.highlighter.best(text);
        if !snippet.text.is_empty() {
            let _ = writeln!(out, "   {}", marked(&snippet, color));
        }
    }
    if !results.hits.is_empty() {
        out.push('\n');
    }
    let total = results.total;
    let noun = if total == 1 { "result" } else { "results" };
    if results.exact_total {
        let _ = write!(out, "{total} {noun}");
    } else {
        let _ = write!(
            out,
            "at most {total} {noun} (phrases checked on those shown)"
        );
    }
    if total > results.hits.len() && !results.hits.is_empty() {
        let _ = write!(out, ", showing the first {}", results.hits.len());
    }
    out.push('\n');
    if total == 0 {
        let _ = writeln!(out, "no results for {}", printable(query));
    }
    print_facets(&mut out, &results.facets);
    if let Some(dym) = &results.did_you_mean {
        let _ = writeln!(out, "did you mean: {}", printable(&dym.query));
        if dym.terms.len() > 1 {
            let _ = writeln!(out, "closest words: {}", printable(&dym.terms.join(", ")));
        }
    }
    print!("{out}");
    Ok(())
}

/// A snippet's text with its matched words between `**` (bold when `color`), and `…` where it
/// is cut.
fn marked(snippet: &Snippet, color: bool) -> String {
    // Not `[…]`: records use brackets for editorial notes (`[illegible]`, `[stamp]`).
    let (open, close) = if color {
        ("\x1b[1m", "\x1b[0m")
    } else {
        ("**", "**")
    };
    let mut out = String::with_capacity(snippet.text.len() + 16);
    if snippet.cut_start {
        out.push('…');
    }
    let mut at = 0;
    for span in &snippet.spans {
        // Spans are ascending and on char boundaries; skip any that are not.
        let (Some(before), Some(word)) = (
            snippet.text.get(at..span.start),
            snippet.text.get(span.clone()),
        ) else {
            continue;
        };
        out.push_str(&printable(before));
        out.push_str(open);
        out.push_str(&printable(word));
        out.push_str(close);
        at = span.end;
    }
    out.push_str(&printable(snippet.text.get(at..).unwrap_or_default()));
    if snippet.cut_end {
        out.push('…');
    }
    out
}

/// Facet counts, one line per facet that has values.
fn print_facets(out: &mut String, facets: &Facets) {
    use std::fmt::Write as _;
    let mut line = |name: &str, values: Vec<String>| {
        if !values.is_empty() {
            let _ = writeln!(out, "{name}: {}", printable(&values.join(", ")));
        }
    };
    line(
        "years",
        facets
            .years
            .iter()
            .map(|(y, n)| format!("{y} ({n})"))
            .collect(),
    );
    line(
        "languages",
        facets
            .languages
            .iter()
            .map(|(l, n)| format!("{l} ({n})"))
            .collect(),
    );
    line(
        "archives",
        facets
            .archives
            .iter()
            .map(|(a, n)| format!("{a} ({n})"))
            .collect(),
    );
    line(
        "entity kinds",
        facets
            .kinds
            .iter()
            .map(|(k, n)| format!("{} ({n})", k.as_str()))
            .collect(),
    );
    line(
        "entities",
        facets
            .entities
            .iter()
            .take(TOP_ENTITIES)
            .map(|e| format!("{} [{}] ({})", e.name, entity_key(e.kind), e.count))
            .collect(),
    );
}

/// Entities listed in the facets.
const TOP_ENTITIES: usize = 10;
