//! The hostile catalogue (issue #6, "Hardening"): records and authority files built to break
//! the compiler. Each case writes its input into a fresh folder at test time (the large ones
//! are generated here, never checked in; the small ones live in
//! `tests/fixtures/hostile-catalogue/`), runs the real `dossier` binary on it and holds it to
//! an expected outcome: compiled, with every character of the text where it was, or a named
//! diagnostic with its file and line; never a panic, never a lost document.
//!
//! Each run's wall time and peak memory are measured with `/usr/bin/time` (GNU time) when the
//! system has it, else the wall time alone, and held to bounds. The bounds are what a debug
//! build (the one `cargo test` makes) measured on a 2-core machine shared with other jobs,
//! with a margin of 3x or more; a release build takes about a seventh of the time.
//! `cargo test --features cli --test hostile -- --nocapture` prints a row per case.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

use dossier::archive::{read_document, read_entity_index, Block, Document};

/// A folder of records and an output folder, removed when dropped (also when a test fails).
struct Scratch {
    dir: PathBuf,
}

impl Scratch {
    fn new(case: &str) -> Scratch {
        let dir =
            std::env::temp_dir().join(format!("dossier-hostile-{}-{case}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("seeds")).unwrap();
        Scratch { dir }
    }

    fn seeds(&self) -> PathBuf {
        self.dir.join("seeds")
    }

    fn out(&self) -> PathBuf {
        self.dir.join("out")
    }

    fn write(&self, name: &str, bytes: impl AsRef<[u8]>) {
        std::fs::write(self.seeds().join(name), bytes).unwrap();
    }

    /// Copies a file of `tests/fixtures/hostile-catalogue/` into the records folder.
    fn fixture(&self, name: &str) {
        let from = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/hostile-catalogue")
            .join(name);
        std::fs::copy(&from, self.seeds().join(name))
            .unwrap_or_else(|e| panic!("copying {}: {e}", from.display()));
    }

    /// `dossier build <seeds> --out <out>`, measured.
    fn build(&self) -> Run {
        let (seeds, out) = (self.seeds(), self.out());
        run(
            &self.dir,
            &[
                "build",
                seeds.to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
            ],
        )
    }

    /// `dossier search <out> <query>`, measured.
    fn search(&self, query: &str) -> Run {
        let out = self.out();
        run(&self.dir, &["search", out.to_str().unwrap(), query])
    }

    /// The compiled document `id`.
    fn document(&self, id: &str) -> Document {
        let path = self.out().join(format!("docs/{id}.json"));
        let json = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
        read_document(&json).unwrap().document
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A finished run of the binary and what it cost.
struct Run {
    output: Output,
    secs: f64,
    /// Peak resident memory, in MiB, when `/usr/bin/time` measured it.
    peak_mib: Option<f64>,
}

impl Run {
    fn code(&self) -> Option<i32> {
        self.output.status.code()
    }

    fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }

    fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }

    /// Asserts the exit status, that nothing panicked, and that each of `needles` is in
    /// stderr.
    fn expect(&self, code: i32, needles: &[&str]) -> &Self {
        let err = self.stderr();
        assert_eq!(self.code(), Some(code), "{err}");
        assert!(!err.contains("panicked"), "{err}");
        for needle in needles {
            assert!(err.contains(needle), "stderr lacks {needle:?}:\n{err}");
        }
        self
    }
}

/// Runs `dossier` with `args` under `/usr/bin/time` when there is one.
fn run(scratch: &Path, args: &[&str]) -> Run {
    let bin = env!("CARGO_BIN_EXE_dossier");
    let time = Path::new("/usr/bin/time");
    let report = scratch.join("time.txt");
    let start = Instant::now();
    let output = if time.exists() {
        Command::new(time)
            .arg("-o")
            .arg(&report)
            .args(["-f", "%e %M", bin])
            .args(args)
            .output()
    } else {
        Command::new(bin).args(args).output()
    }
    .unwrap();
    let mut secs = start.elapsed().as_secs_f64();
    let mut peak_mib = None;
    // GNU time writes "Command exited with non-zero status N" first when it is not 0.
    let measured = std::fs::read_to_string(&report).unwrap_or_default();
    if let Some((wall, kib)) = measured.lines().last().and_then(|l| l.split_once(' ')) {
        if let (Ok(wall), Ok(kib)) = (wall.parse::<f64>(), kib.trim().parse::<f64>()) {
            secs = wall;
            peak_mib = Some(kib / 1024.0);
        }
    }
    let _ = std::fs::remove_file(&report);
    Run {
        output,
        secs,
        peak_mib,
    }
}

/// Asserts that `run` stayed within `max_secs` and `max_mib`, and prints the case's row.
fn bounded(case: &str, outcome: &str, run: &Run, max_secs: f64, max_mib: f64) {
    let peak = run
        .peak_mib
        .map_or("not measured (no /usr/bin/time)".to_owned(), |m| {
            format!("{m:.0} MiB")
        });
    println!(
        "| {case} | {outcome} | {:.1} s (≤ {max_secs} s) | {peak} (≤ {max_mib} MiB) |",
        run.secs
    );
    assert!(
        run.secs <= max_secs,
        "{case}: {:.1} s, more than {max_secs} s",
        run.secs
    );
    if let Some(mib) = run.peak_mib {
        assert!(mib <= max_mib, "{case}: {mib:.0} MiB, more than {max_mib}");
    }
}

/// The header of a record dated June 2, 1967, titled `title`, before its body.
fn header(title: &str) -> String {
    format!("June 2, 1967\n\n{title}\n\nSummary:\n\nA summary.\n\n")
}

/// The prose paragraphs of the seed record (its body after the apparatus), on one line each.
fn seed_paragraphs() -> Vec<String> {
    let seed = include_str!("../seeds/000_35518670e4bcec4c.txt");
    let body = seed.split_once("1981/9\n").expect("the seed's apparatus").1;
    body.split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| p.len() > 200 && p.ends_with('.'))
        .collect()
}

/// Asserts that `got` are the texts `want`, naming the first that differs (not printing
/// texts of megabytes).
fn assert_texts<S: AsRef<str>>(got: &[&str], want: &[S]) {
    assert_eq!(got.len(), want.len(), "number of texts");
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        let w = w.as_ref();
        if *g != w {
            let at = g.bytes().zip(w.bytes()).take_while(|(a, b)| a == b).count();
            let near = |t: &str| {
                t.get(at.saturating_sub(20)..(at + 40).min(t.len()))
                    .map(str::to_owned)
            };
            panic!(
                "text {i} differs at byte {at} (lengths {} and {}): {:?} instead of {:?}",
                g.len(),
                w.len(),
                near(g),
                near(w)
            );
        }
    }
}

/// The texts of the body, in order.
fn body_texts(doc: &Document) -> Vec<&str> {
    let mut out = Vec::new();
    for block in &doc.body {
        match block {
            Block::Apparatus { lines, .. } => out.extend(lines.iter().map(|l| l.text.as_str())),
            Block::Heading { text, .. } | Block::Paragraph { text, .. } => {
                out.push(text.text.as_str())
            }
            Block::List { items, .. } => out.extend(items.iter().map(|i| i.text.text.as_str())),
        }
    }
    out
}

#[test]
fn a_50_mb_record_of_many_paragraphs_compiles_whole() {
    let s = Scratch::new("huge");
    let paragraphs = seed_paragraphs();
    let mut body = Vec::new();
    let mut size = 0;
    while size < 50_000_000 {
        let p = &paragraphs[body.len() % paragraphs.len()];
        size += p.len() + 2;
        body.push(p.as_str());
    }
    let src = format!("{}{}\n", header("A Record of 50 MB"), body.join("\n\n"));
    s.write("huge.txt", &src);
    let run = s.build();
    run.expect(0, &["read 1 files, compiled 1, skipped 0"]);
    let doc = s.document("huge");
    let texts = body_texts(&doc);
    assert_texts(&texts, &body);
    bounded(
        &format!("a 50 MB record ({} paragraphs)", body.len()),
        "compiled, every paragraph intact",
        &run,
        400.0,
        1536.0,
    );
}

#[test]
fn a_single_5_mb_line_compiles_whole() {
    let s = Scratch::new("line");
    let paragraphs = seed_paragraphs();
    let mut line = String::new();
    for p in paragraphs.iter().cycle() {
        if line.len() >= 5_000_000 {
            break;
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(p);
    }
    s.write("line.txt", format!("{}{line}\n", header("One Long Line")));
    let run = s.build();
    run.expect(0, &["read 1 files, compiled 1, skipped 0"]);
    assert_texts(&body_texts(&s.document("line")), &[&line]);
    bounded(
        "a single line of 5 MB",
        "compiled, the line intact",
        &run,
        60.0,
        512.0,
    );
}

#[test]
fn ten_thousand_nested_brackets_compile_whole() {
    let s = Scratch::new("nested");
    let n = 10_000;
    let square = format!("{}x{}", "[".repeat(n), "]".repeat(n));
    let round = format!("{}x{}", "(".repeat(n), ")".repeat(n));
    let note = format!("{}x - translator note{}", "(".repeat(n), ")".repeat(n));
    let mixed = "([".repeat(n / 2) + "x" + &"])".repeat(n / 2);
    let body = [&square, &round, &note, &mixed];
    let src = header("Nested Brackets") + &body.map(String::as_str).join("\n\n") + "\n";
    s.write("nested.txt", src);
    let run = s.build();
    run.expect(0, &["read 1 files, compiled 1, skipped 0"]);
    let doc = s.document("nested");
    assert_texts(&body_texts(&doc), &body);
    bounded(
        "10,000 nested `[`, `(`, `([` (and a translator note in 10,000 `(`)",
        "compiled, texts intact",
        &run,
        30.0,
        256.0,
    );
}

#[test]
fn ten_thousand_unbalanced_brackets_compile_whole() {
    let s = Scratch::new("unbalanced");
    let n = 10_000;
    let body = [
        "[a ".repeat(n),
        "b] ".repeat(n),
        "(c ".repeat(n),
        "d) ".repeat(n),
        "[e (f - translator note ".repeat(n),
        // Half a million `(` on one line: each once scanned to the end of the text.
        "(".repeat(500_000),
    ];
    // Ending with a full stop: prose that does not end a sentence is joined to what follows.
    let body: Vec<String> = body.iter().map(|p| format!("{}.", p.trim_end())).collect();
    s.write(
        "unbalanced.txt",
        header("Unbalanced Brackets") + &body.join("\n\n") + "\n",
    );
    let run = s.build();
    run.expect(0, &["read 1 files, compiled 1, skipped 0"]);
    let doc = s.document("unbalanced");
    assert_texts(&body_texts(&doc), &body);
    bounded(
        "10,000 unbalanced `[`, `]`, `(`, `)`; 500,000 `(` on a line",
        "compiled, texts intact",
        &run,
        30.0,
        256.0,
    );
}

#[test]
fn control_characters_are_kept_and_never_reach_the_terminal() {
    let s = Scratch::new("control");
    let title = "Title \u{1b}]0;pwned\u{7} and \u{1b}[31mred\u{1b}[0m";
    let summary = "NUL\0 BEL\u{7} ESC\u{1b} DEL\u{7f} C1\u{85}\u{9b} here.";
    let para = "Body NUL\0 BEL\u{7} ESC\u{1b}[2J DEL\u{7f} C1 \u{80}\u{9f} a form\u{c}feed.";
    s.write(
        "control.txt",
        format!("June 2, 1967\n\n{title}\n\nSummary:\n\n{summary}\n\n{para}\n"),
    );
    let run = s.build();
    run.expect(0, &["read 1 files, compiled 1, skipped 0"]);
    // The parser keeps every character; the JSON escapes what it must.
    let doc = s.document("control");
    assert_eq!(doc.meta.title, title);
    assert_eq!(doc.meta.summary.as_deref(), Some(summary));
    assert_texts(&body_texts(&doc), &[para]);
    // The search prints them as symbols: a record cannot drive the terminal.
    let search = s.search("title body");
    search.expect(0, &[]);
    let out = search.stdout();
    assert!(out.contains("Title ␛]0;pwned␇ and ␛[31mred␛[0m"), "{out}");
    assert!(
        !out.contains(['\u{1b}', '\u{7}', '\0', '\u{7f}', '\u{9b}']),
        "{out:?}"
    );
    // So do diagnostics that quote a line.
    s.write(
        "date.txt",
        "June\u{1b}[2J 2, 1967\n\nT\n\nSummary:\n\nS.\n\nBody.\n",
    );
    let warned = s.build();
    warned.expect(0, &["warning[unreadable-date]", "date.txt:1:", "June␛[2J"]);
    assert!(!warned.stderr().contains('\u{1b}'));
    bounded(
        "control characters (NUL, BEL, ESC, DEL, C1, FF)",
        "compiled, kept verbatim; printed as symbols",
        &run,
        20.0,
        256.0,
    );
}

#[test]
fn mixed_line_endings_compile_like_line_feeds() {
    let s = Scratch::new("endings");
    let lf = "June 2, 1967\n\nMixed Endings\n\nSummary:\n\nS1\nS2\n\nPara one.\n\nPara two.\n\n1. one;\n2. two.\n";
    // The same record with CRLF, CR and LF mixed, and one with CR only (classic Mac OS).
    let mixed = "June 2, 1967\r\n\r\nMixed Endings\r\rSummary:\n\nS1\rS2\r\n\r\nPara one.\n\rPara two.\r\r1. one;\r\n2. two.\r";
    let cr = lf.replace('\n', "\r");
    s.write("lf.txt", lf);
    s.write("mixed.txt", mixed);
    s.write("cr.txt", &cr);
    let run = s.build();
    run.expect(0, &["read 3 files, compiled 3, skipped 0"]);
    let want = s.document("lf");
    assert_eq!(want.meta.summary.as_deref(), Some("S1\nS2"));
    for id in ["mixed", "cr"] {
        let got = s.document(id);
        assert_eq!((&got.meta, &got.body), (&want.meta, &want.body), "{id}");
    }
    // Lines are counted as the parser splits them, in diagnostics too.
    s.write(
        "late.txt",
        b"June 2, 1967\r\rT\r\rSummary:\r\rS.\r\rBody \xff.\r".as_slice(),
    );
    let bad = s.build();
    bad.expect(1, &["error[invalid-utf8]", "late.txt:9:"]);
    bounded(
        "mixed CRLF/CR/LF line endings; CR only",
        "compiled as with LF",
        &run,
        20.0,
        256.0,
    );
}

#[test]
fn right_to_left_and_zero_width_characters_are_kept() {
    let s = Scratch::new("bidi");
    let title = "\u{202e}Title\u{202c} עברית العربية \u{2067}RTL\u{2069}";
    let summary = "zero\u{200b}width jo\u{200d}ined b\u{feff}om \u{2066}isolate\u{2069} \u{200f}.";
    let para = "Body \u{202e}txet desrever\u{202c} and שלום עולם, مرحبا, Kim\u{200b}Il\u{200d}Sung, \u{200e}b\u{feff}om \u{202d}override\u{202c}.";
    // A byte-order mark opens the file: it is read as one, not kept.
    s.write(
        "bidi.txt",
        format!("\u{feff}June 2, 1967\n\n{title}\n\nSummary:\n\n{summary}\n\n{para}\n"),
    );
    let run = s.build();
    run.expect(0, &["read 1 files, compiled 1, skipped 0"]);
    let doc = s.document("bidi");
    assert_eq!(doc.meta.date.iso.as_deref(), Some("1967-06-02"));
    assert_eq!(doc.meta.title, title);
    assert_eq!(doc.meta.summary.as_deref(), Some(summary));
    assert_texts(&body_texts(&doc), &[para]);
    let found = s.search("שלום");
    found.expect(0, &[]);
    assert!(found.stdout().contains(title), "{}", found.stdout());
    bounded(
        "right-to-left text, bidi controls, zero-width characters in words",
        "compiled, every character kept",
        &run,
        20.0,
        256.0,
    );
}

#[test]
fn markup_in_every_field_stays_text() {
    let s = Scratch::new("markup");
    s.fixture("markup.txt");
    s.fixture("authority.toml");
    let run = s.build();
    // The date line is unreadable with a script after it: the record is undated, its text kept.
    run.expect(0, &["warning[unreadable-date]", "markup.txt:1:"]);
    let doc = s.document("markup");
    let m = &doc.meta;
    assert_eq!(m.date.text, "June 2, 1967 <script>alert('date')</script>");
    assert!(m
        .title
        .starts_with("<script>alert('title')</script> Report on <img src=x onerror="));
    assert!(m
        .title
        .ends_with("{{ constructor.constructor('alert(1)')() }}"));
    let citation = m.citation.as_ref().unwrap();
    assert_eq!(
        citation.archive.as_deref(),
        Some("<iframe src=\"javascript:alert('archive')\"></iframe> Archive (Prague)")
    );
    assert_eq!(
        citation.translator.as_deref(),
        Some("<a href=\"javascript:alert('translator')\">Eve</a>")
    );
    assert_eq!(citation.project.as_deref(), Some("{{ project }}"));
    // A `javascript:` URL is never taken for the record's address.
    assert_eq!(m.source_url, None);
    assert!(citation.text.ends_with("<javascript:alert('url')>"));
    assert!(m
        .summary
        .as_deref()
        .unwrap()
        .contains("<script>alert('summary')</script>"));
    assert!(m.credits.as_deref().unwrap().starts_with("<style>"));
    assert_eq!(
        m.original_languages,
        ["<b onmouseover=\"alert('language')\">Czech</b>"]
    );
    assert_eq!(
        m.contents,
        ["Translation - <script>alert('contents')</script>"]
    );
    assert_eq!(
        m.extra[0].1,
        "<img src=x onerror=\"alert('extra')\"> {{ extra }}"
    );
    let texts = body_texts(&doc);
    assert_eq!(texts[0], "[<img src=x onerror=\"alert('mark')\">]");
    assert!(texts[1].contains("<script>alert('body')</script>, then <a href=\"javascript:"));
    assert_eq!(texts[2], "<script>alert('list')</script> first item;");
    // The authority's markup stays text, and its entity is found by its plain alias.
    let index = std::fs::read_to_string(s.out().join("entities.json")).unwrap();
    let index = read_entity_index(&index).unwrap();
    let evil = index
        .entities
        .iter()
        .find(|e| e.entity.id == "evil-name")
        .expect("the curated entity");
    assert_eq!(evil.entity.name, "Evil Name<script>alert('name')</script>");
    assert!(evil
        .entity
        .aliases
        .contains(&"{{ constructor.constructor('alert(1)')() }}".to_owned()));
    assert_eq!(evil.mentions, 2);
    // Queries of markup return, and print what they find as it is written.
    for query in [
        "<script>alert('title')</script>",
        "<img src=x onerror=alert(1)>",
        "javascript:alert(1)",
        "{{ constructor }}",
        "\"<script>",
        "person:<script>",
    ] {
        let found = s.search(query);
        let out = found.stdout();
        assert!(
            matches!(found.code(), Some(0 | 1)),
            "{query}: {}",
            found.stderr()
        );
        if found.code() == Some(0) {
            assert!(
                out.contains("<script>alert('title')</script> Report on"),
                "{query}: {out}"
            );
        }
    }
    let found = s.search("onerror");
    found.expect(0, &[]);
    let out = found.stdout();
    assert!(
        out.contains("src=x **onerror**=\"alert('mark')\">]"),
        "{out}"
    );
    assert!(
        out.contains("entities: Evil Name<script>alert('name')</script> [person]"),
        "{out}"
    );
    bounded(
        "markup and script in every header field, the body, the authority file, queries",
        "compiled (warning unreadable-date at markup.txt:1); all literal text",
        &run,
        20.0,
        256.0,
    );
}

#[test]
fn invalid_utf8_is_an_error_naming_file_and_line() {
    let s = Scratch::new("utf8");
    s.write(
        "latin1.txt",
        b"June 2, 1967\n\nT\n\nSummary:\n\nS.\n\nCaf\xe9 au lait.\n\nOK.\n\n\xff\xfe\n".as_slice(),
    );
    s.write("good.txt", header("Good") + "Body.\n");
    let run = s.build();
    run.expect(
        1,
        &[
            "error[invalid-utf8]",
            "latin1.txt:9:",
            "(byte 0xE9 at column 4)",
            "latin1.txt:13:",
            "read 2 files, compiled 1, skipped 1",
        ],
    );
    assert!(
        !s.out().join("catalog.json").exists(),
        "a failed build writes nothing"
    );
    bounded(
        "invalid UTF-8 (Latin-1 bytes)",
        "error invalid-utf8 at latin1.txt:9 and :13",
        &run,
        20.0,
        256.0,
    );
    // A whole file in Latin-1: one diagnostic per line, in time linear in the lines.
    let s = Scratch::new("latin1");
    let mut src = header("Latin-1").into_bytes();
    for _ in 0..20_000 {
        src.extend_from_slice(b"Caf\xe9 cr\xe8me br\xfbl\xe9e.\n");
    }
    s.write("latin1.txt", src);
    let run = s.build();
    run.expect(
        1,
        &["latin1.txt:20008:", "read 1 files, compiled 0, skipped 1"],
    );
    assert_eq!(run.stderr().matches("error[invalid-utf8]").count(), 20_000);
    bounded(
        "a Latin-1 file of 20,000 lines",
        "20,000 errors invalid-utf8, each with its line",
        &run,
        60.0,
        256.0,
    );
}

#[test]
fn an_empty_file_is_an_error() {
    let s = Scratch::new("empty");
    s.write("empty.txt", "");
    s.write("blank.txt", " \n\r\n\t\r");
    let run = s.build();
    run.expect(
        1,
        &[
            "error[empty-file]",
            "empty.txt:1:",
            "blank.txt:1:",
            "read 2 files, compiled 0, skipped 2",
        ],
    );
    bounded(
        "an empty file; one of blanks",
        "error empty-file at :1",
        &run,
        20.0,
        256.0,
    );
}

#[test]
fn a_header_only_compiles_with_a_warning() {
    let s = Scratch::new("header");
    s.write(
        "header.txt",
        "June 2, 1967\n\nHeader Only\n\nSummary:\n\nJust a summary.",
    );
    let run = s.build();
    run.expect(
        0,
        &[
            "warning[empty-body]",
            "header.txt:7:",
            "read 1 files, compiled 1, skipped 0",
        ],
    );
    let doc = s.document("header");
    assert_eq!(doc.meta.title, "Header Only");
    assert_eq!(doc.meta.summary.as_deref(), Some("Just a summary."));
    assert!(doc.body.is_empty());
    bounded(
        "a header only",
        "compiled (warning empty-body at header.txt:7)",
        &run,
        20.0,
        256.0,
    );
}

#[test]
fn a_file_of_only_stamp_marks_is_an_error() {
    let s = Scratch::new("stamps");
    s.write("stamps.txt", "[stamp]\n".repeat(10_000));
    let run = s.build();
    run.expect(
        1,
        &[
            "error[no-header]",
            "stamps.txt:1:",
            "read 1 files, compiled 0, skipped 1",
        ],
    );
    // The same marks as the body of a record are its apparatus.
    let s2 = Scratch::new("stamps-record");
    s2.write(
        "record.txt",
        header("Stamps") + &"[stamp]\n\n".repeat(10_000),
    );
    s2.build().expect(0, &[]);
    let doc = s2.document("record");
    assert_texts(&body_texts(&doc), &["[stamp]"; 10_000]);
    bounded(
        "a file of 10,000 `[stamp]` marks",
        "error no-header at stamps.txt:1",
        &run,
        20.0,
        256.0,
    );
}

// ------------------------------------------------------------- what the catalogue found

/// Each paragraph joined over a page break recounted the words of all before it.
#[test]
fn paragraphs_broken_mid_sentence_join_in_linear_time() {
    let s = Scratch::new("breaks");
    let part = "the delegation mentioned that the last developments in China are also";
    let src = header("Breaks") + &[part; 20_000].join("\n\n") + ".\n";
    s.write("breaks.txt", src);
    let run = s.build();
    run.expect(0, &[]);
    let doc = s.document("breaks");
    assert_texts(&body_texts(&doc), &[[part; 20_000].join(" ") + "."]);
    bounded(
        "20,000 paragraphs broken mid-sentence",
        "compiled, joined into one",
        &run,
        30.0,
        256.0,
    );
}

/// Lines of an authority entry were counted from the file's start, and ids and names
/// compared with every earlier entry's.
#[test]
fn a_large_authority_file_is_read_in_linear_time() {
    let s = Scratch::new("authority");
    let mut toml = String::new();
    for i in 0..20_000 {
        toml += &format!(
            "[[entity]]\nid = \"e{i}\"\nname = \"Name{i} Surname{i}\"\ntype = \"person\"\naliases = [\"N{i} S{i}\"]\n\n"
        );
    }
    toml += "[[entity]]\nid = \"e7\"\nname = \"Again\"\ntype = \"person\"\n";
    s.write("authority.toml", toml);
    s.write("a.txt", header("A") + "Name7 Surname7 met N19999 S19999.\n");
    let run = s.build();
    run.expect(1, &["error[duplicate-entity-id]", "authority.toml:120002:"]);
    bounded(
        "an authority file of 20,000 entries",
        "read (error duplicate-entity-id at its line)",
        &run,
        60.0,
        1536.0,
    );
}

/// Names inside names ("USSR MFA"), acronyms defined by the thousand and titled names were
/// each compared with every other one of their text.
#[test]
fn dense_names_are_recognized_in_linear_time() {
    let s = Scratch::new("dense");
    let mut body = "the USSR MFA, the KWP and the USSR MFA. ".repeat(20_000);
    for i in 0..2_000 {
        body += &format!("Ambassador Nam{i}ko met c. Kor{i}ev of the Bureau Of Zone {i} (BOZ). ");
    }
    s.write("dense.txt", header("Dense") + &body + "\n");
    let run = s.build();
    run.expect(0, &[]);
    let doc = s.document("dense");
    assert!(doc.mentions.len() > 60_000, "{}", doc.mentions.len());
    bounded(
        "a paragraph of 60,000 names and 4,000 titled names",
        "compiled",
        &run,
        120.0,
        512.0,
    );
}

/// A long capitalized phrase became an entity id too long for a file name, and so did a
/// long record id or file name: the build failed writing it.
#[test]
fn overlong_ids_are_cut_to_fit_a_file_name() {
    let s = Scratch::new("ids");
    let word = |i: u8| format!("Zo{}{}", (b'a' + i % 26) as char, (b'a' + i / 26) as char);
    let phrase = (0..60).map(word).collect::<Vec<_>>().join(" ");
    s.write(
        "phrase.txt",
        header("Phrase") + &format!("The Ministry Of {phrase} met.\n"),
    );
    let digits = "1".repeat(300);
    s.write(
        "url.txt",
        format!(
            "June 2, 1967\n\nURL\n\nCitation:\n\n\"URL\", June 2, 1967, An Archive.\n<https://example.org/document/{digits}>\n\nSummary:\n\nS.\n\nBody.\n"
        ),
    );
    let long_name = format!("{}.txt", "n".repeat(251));
    s.write(&long_name, header("Long Name") + "Body.\n");
    let run = s.build();
    run.expect(0, &["read 3 files, compiled 3, skipped 0"]);
    for entry in std::fs::read_dir(s.out().join("docs"))
        .unwrap()
        .chain(std::fs::read_dir(s.out().join("entity")).unwrap())
    {
        let name = entry.unwrap().file_name();
        assert!(name.len() <= 205, "{name:?}");
    }
    let url = s.document("url").meta.source_url.unwrap();
    assert_eq!(url, format!("https://example.org/document/{digits}"));
    bounded(
        "a 60-word name, a 300-digit record id, a 255-byte file name",
        "compiled, ids cut to 200 bytes",
        &run,
        20.0,
        256.0,
    );
}
