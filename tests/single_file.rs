//! `dossier build … --single-file`: the reader and the corpus in one HTML file. These tests run
//! the binary with a small stand-in for a Trunk build (the same files and page structure,
//! written at test time) and read the file back: every corpus file is inside and unchanged,
//! the page loads nothing from elsewhere, its policy names its inline scripts and style by hash,
//! and a missing build or file is an error that names it. (Opening the file in a browser:
//! `tests/e2e/single-file.test.mjs`.)

mod common;

use common::{dossier, root, stderr, temp_dir};

use std::path::{Path, PathBuf};
use std::process::Output;

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use sha2::{Digest, Sha256};

const GLUE: &str =
    "let wasm;\nexport class Thing {}\nasync function __wbg_init(module_or_path) {\n  \
                    return module_or_path;\n}\nexport { initSync, __wbg_init as default };\n";
const FONT: &[u8] = b"wOF2 not really a font \x00\x01\xff";

/// Writes into `dir` what the single file takes from a release build of the reader: the page
/// as Trunk writes it (minified, its policy, loader and links), the JS glue and the wasm, the
/// stylesheet and the font it names, the icon, the manifest and the search worker's files.
fn fake_app(dir: &Path) {
    let write = |name: &str, bytes: &[u8]| {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    };
    write(
        "index.html",
        concat!(
            "<!doctype html><html lang=en><meta charset=utf-8>",
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'\">",
            "<meta content=\"width=device-width,initial-scale=1\" name=viewport><title>Dossier</title>",
            "<script type=module>import init, * as bindings from './dossier-app-1234_.js';\n",
            "const wasm = await init({ module_or_path: './dossier-app-1234__bg.wasm' });</script>",
            "<link href=manifest.webmanifest rel=manifest><link href=./favicon-99.svg integrity=sha384-x rel=icon>",
            "<link href=./dossier-77.css integrity=sha384-y rel=stylesheet>",
            "<link crossorigin href=./dossier-app-1234_.js rel=modulepreload>",
            "<link as=fetch crossorigin href=./dossier-app-1234__bg.wasm rel=preload type=application/wasm></head>",
            "<body><div id=app><p class=boot__text>Opening the reader…</p></div></body></html>"
        )
        .as_bytes(),
    );
    write("dossier-app-1234_.js", GLUE.as_bytes());
    write("dossier-app-1234__bg.wasm", b"\0asm\x01\0\0\0app");
    write(
        "dossier-77.css",
        b"@font-face{font-family:X;src:url(fonts/a.woff2) format(\"woff2\")}body{color:red}",
    );
    write("fonts/a.woff2", FONT);
    write(
        "favicon-99.svg",
        b"<svg xmlns='http://www.w3.org/2000/svg'/>",
    );
    write("manifest.webmanifest", b"{}");
    write(
        "search-worker.js",
        &std::fs::read(root().join("static/search-worker.js")).unwrap(),
    );
    write("dossier-search.js", b"let wasm_bindgen = () => {};");
    write("dossier-search_bg.wasm", b"\0asm\x01\0\0\0search");
}

/// The data blocks of `html`: path, type and text.
fn blocks(html: &str) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find("<script type=application/") {
        rest = &rest[at + "<script type=application/".len()..];
        let (kind, after) = rest.split_once(" data-f=\"").unwrap();
        let (path, after) = after.split_once("\">").unwrap();
        let (text, after) = after.split_once("</script>").unwrap();
        out.push((path.to_string(), kind.to_string(), text.to_string()));
        rest = after;
    }
    out
}

/// Every file below `dir`, as (path relative to it with `/`, bytes).
fn files_below(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).unwrap().to_string_lossy();
                out.push((rel.replace('\\', "/"), std::fs::read(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

fn sha256(text: &str) -> String {
    format!(
        "'sha256-{}'",
        BASE64.encode(Sha256::digest(text.as_bytes()))
    )
}

/// Runs `dossier build <seeds> --out <dir>/corpus --single-file <dir>/Dossier.html --app <app>`;
/// returns the run and the single file's path.
fn run_single(dir: &Path, seeds: &str, app: &Path) -> (Output, PathBuf) {
    let file = dir.join("Dossier.html");
    let run = dossier(&[
        "build",
        seeds,
        "--out",
        dir.join("corpus").to_str().unwrap(),
        "--single-file",
        file.to_str().unwrap(),
        "--app",
        app.to_str().unwrap(),
    ]);
    (run, file)
}

/// Builds `seeds` with a single file from a fake app; returns (corpus dir, the file's text).
fn build_single(name: &str, seeds: &str) -> (PathBuf, String) {
    let dir = temp_dir(name);
    let app = dir.join("app");
    fake_app(&app);
    let (run, file) = run_single(&dir, seeds, &app);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(stderr(&run).contains("single file: "), "{}", stderr(&run));
    (dir.join("corpus"), std::fs::read_to_string(&file).unwrap())
}

#[test]
fn every_corpus_file_is_inside_unchanged_with_the_apps_files() {
    let (corpus, html) = build_single("seeds", "seeds");
    let blocks = blocks(&html);
    let corpus_files = files_below(&corpus);
    assert!(corpus_files.len() > 20, "{}", corpus_files.len());
    for (rel, bytes) in &corpus_files {
        let path = format!("corpus/{rel}");
        let (_, kind, text) = blocks
            .iter()
            .find(|(p, _, _)| *p == path)
            .unwrap_or_else(|| panic!("{path} is not in the file"));
        if rel.ends_with(".json") {
            assert_eq!(kind, "json", "{path}");
            let inside: serde_json::Value = serde_json::from_str(text).unwrap();
            let original: serde_json::Value = serde_json::from_slice(bytes).unwrap();
            assert_eq!(inside, original, "{path}");
        } else {
            assert_eq!(kind, "octet-stream", "{path}");
            assert_eq!(&BASE64.decode(text).unwrap(), bytes, "{path}");
        }
    }
    // and the app's wasm and the search worker, nothing else
    let app_files: Vec<&str> = blocks
        .iter()
        .map(|(p, _, _)| p.as_str())
        .filter(|p| !p.starts_with("corpus/"))
        .collect();
    assert_eq!(
        app_files,
        [
            "dossier-app-1234__bg.wasm",
            "dossier-search.js",
            "dossier-search_bg.wasm"
        ]
    );
    assert_eq!(blocks.len(), corpus_files.len() + 3);
    let wasm = &blocks[0].2;
    assert_eq!(BASE64.decode(wasm).unwrap(), b"\0asm\x01\0\0\0app");
}

#[test]
fn the_page_loads_nothing_from_elsewhere_and_its_policy_names_what_runs() {
    let (_, html) = build_single("page", "seeds");
    // the page of the build, without its links, loader and policy
    assert!(html.starts_with(
        "<!doctype html><html lang=en><meta charset=utf-8><meta http-equiv=\"Content-Security-Policy\""
    ));
    assert!(html.contains("<title>Dossier</title>"));
    assert!(html.contains("<p class=boot__text>Opening the reader…</p>"));
    assert!(html.trim_end().ends_with("</body></html>"));
    for gone in [
        "default-src 'self'",
        "rel=manifest",
        "modulepreload",
        "integrity=",
        "import init",
    ] {
        assert!(!html.contains(gone), "{gone}");
    }
    assert!(!html.contains(" src="), "a script or image from a file");
    let hrefs: Vec<&str> = html.split(" href=\"").skip(1).collect();
    assert_eq!(hrefs.len(), 1, "only the icon");
    assert!(hrefs[0].starts_with("data:image/svg+xml;base64,"));
    // the stylesheet inline, its font a data: URL
    let style = html
        .split("<style>")
        .nth(1)
        .unwrap()
        .split("</style>")
        .next()
        .unwrap();
    let font = format!(
        "url(data:font/woff2;base64,{}) format(\"woff2\")",
        BASE64.encode(FONT)
    );
    assert!(style.contains(&font), "{style}");
    assert!(style.contains("body{color:red}"));
    // two scripts run: the file server, then the glue and the start of the app
    let scripts: Vec<&str> = html
        .split("<script")
        .skip(1)
        .filter(|s| s.starts_with('>') || s.starts_with(" type=module>"))
        .map(|s| &s[s.find('>').unwrap() + 1..s.find("</script>").unwrap()])
        .collect();
    assert_eq!(scripts.len(), 2);
    assert!(scripts[0].contains("window.fetch = "), "{}", scripts[0]);
    assert!(scripts[1].starts_with(GLUE));
    assert!(
        scripts[1].contains("await __wbg_init({ module_or_path: './dossier-app-1234__bg.wasm' })")
    );
    let policy = html
        .split("Content-Security-Policy\" content=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    assert_eq!(
        policy,
        format!(
            "default-src 'none'; script-src {} {} 'wasm-unsafe-eval'; style-src {}; img-src data:; \
             font-src data:; worker-src blob:; base-uri 'none'; form-action 'none'; object-src 'none'",
            sha256(scripts[0]),
            sha256(scripts[1]),
            sha256(style)
        )
    );
}

#[test]
fn markup_in_the_records_cannot_end_a_block() {
    let (corpus, html) = build_single("markup", "tests/fixtures/hostile-catalogue");
    let files = files_below(&corpus);
    assert!(
        files
            .iter()
            .any(|(_, b)| String::from_utf8_lossy(b).contains("</script>")),
        "the fixture has a record with </script>"
    );
    let blocks = blocks(&html);
    assert_eq!(blocks.len(), files.len() + 3);
    for (path, kind, text) in blocks.iter().filter(|(_, k, _)| k == "json") {
        assert!(!text.contains('<'), "{path}");
        serde_json::from_str::<serde_json::Value>(text)
            .unwrap_or_else(|e| panic!("{path} ({kind}): {e}"));
    }
    assert_eq!(
        html.matches("<script").count(),
        html.matches("</script>").count()
    );
}

#[test]
fn the_same_input_makes_the_same_file() {
    let (_, a) = build_single("same-a", "seeds");
    let (_, b) = build_single("same-b", "seeds");
    assert!(a == b, "two builds of the seeds differ");
}

#[test]
fn a_reader_not_built_is_an_error_naming_its_page() {
    let dir = temp_dir("no-app");
    let app = dir.join("dist");
    let (run, file) = run_single(&dir, "seeds", &app);
    assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
    let expected = format!(
        "error: the reader is not built: {} does not exist",
        app.join("index.html").display()
    );
    assert!(stderr(&run).contains(&expected), "{}", stderr(&run));
    assert!(!file.exists());
}

#[test]
fn a_file_missing_from_the_build_is_named() {
    for (missing, named) in [
        ("dossier-search_bg.wasm", "dossier-search_bg.wasm"),
        ("fonts/a.woff2", "a.woff2"),
        ("dossier-app-1234_.js", "dossier-app-1234_.js"),
        ("search-worker.js", "search-worker.js"),
    ] {
        let dir = temp_dir(&format!("missing-{}", missing.replace('/', "-")));
        let app = dir.join("app");
        fake_app(&app);
        std::fs::remove_file(app.join(missing)).unwrap();
        let (run, file) = run_single(&dir, "seeds", &app);
        assert_eq!(run.status.code(), Some(2), "{missing}: {}", stderr(&run));
        let err = stderr(&run);
        assert!(
            err.contains(&format!("error: reading {}", app.join(missing).display()))
                && err.contains(named),
            "{missing}: {err}"
        );
        assert!(!file.exists(), "{missing}");
    }
}

#[test]
fn the_app_folder_goes_with_the_single_file_only() {
    let dir = temp_dir("app-alone");
    let run = dossier(&[
        "build",
        "seeds",
        "--out",
        dir.join("corpus").to_str().unwrap(),
        "--app",
        "dist",
    ]);
    assert_eq!(run.status.code(), Some(2));
    assert!(stderr(&run).contains("--single-file"), "{}", stderr(&run));
}
