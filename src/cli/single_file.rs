//! `dossier build … --single-file <file.html>`: the reader and its corpus in one HTML file that
//! works opened from disk (`file://`), with no server and no browser flags.
//!
//! From disk a browser fetches no other file, loads no module script from one and starts no
//! worker or service worker from one. So the file carries everything:
//! - the page of the Trunk build (`<app>/index.html`) without its links and loader;
//! - its stylesheet in a `<style>`, the fonts and images it names as `data:` URLs;
//! - the app's wasm-bindgen glue in the inline module script that starts the app;
//! - every other file the reader asks for (the app's wasm, the search worker's glue and wasm,
//!   every file of the corpus under `corpus/`) as a data block, `<script type=application/json
//!   data-f=path>` for JSON and `<script type=application/octet-stream data-f=path>` (base64)
//!   for the rest;
//! - `static/single-file.js`, an inline script that answers the page's fetches from the data
//!   blocks and starts the search worker from a Blob (as the served build's service worker
//!   answers them from its cache), so the reader runs unchanged.
//!
//! Its Content-Security-Policy is the served build's, with the sources one file needs instead
//! of the page's origin: the two inline scripts and the stylesheet by their SHA-256 hashes,
//! `data:` fonts and images, `blob:` workers, and no connections at all.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{bail, ensure, Context, Result};
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use sha2::{Digest, Sha256};

/// The script that serves the inlined files (see the module's docs).
const SERVE_SCRIPT: &str = include_str!("../../static/single-file.js");
/// The search worker's starter in a Trunk build, which names its glue and its wasm.
const WORKER_STARTER: &str = "search-worker.js";
/// Where the reader finds the corpus, relative to the page (`app::load::CORPUS_DIR`).
const CORPUS_DIR: &str = "corpus";

/// What [`write`] wrote.
#[derive(Debug)]
pub(crate) struct Written {
    /// Bytes of the HTML file.
    pub(crate) bytes: usize,
    /// Files of the corpus inside it.
    pub(crate) corpus_files: usize,
}

/// Writes `output`: the Trunk build in `app` and the corpus in `corpus` as one HTML file.
pub(crate) fn write(app: &Path, corpus: &Path, output: &Path) -> Result<Written> {
    let built = App::read(app)?;
    let files = corpus_files(corpus)?;
    let html = render(&built, &files)?;
    std::fs::write(output, &html).with_context(|| format!("writing {}", output.display()))?;
    Ok(Written {
        bytes: html.len(),
        corpus_files: files.len(),
    })
}

/// A file carried by the page: its path relative to the page, and its bytes.
struct File {
    path: String,
    bytes: Vec<u8>,
}

/// What the single file takes from a Trunk build.
struct App {
    /// `index.html` without the tags that name other files, and where to put the new head.
    page: String,
    /// Byte offset in `page` right after `<meta charset>`.
    head_at: usize,
    /// The stylesheets, in order, their `url()`s made `data:` URLs.
    css: String,
    /// The favicon as a `data:` URL, if the page has one.
    icon: Option<String>,
    /// The app's wasm-bindgen glue (an ES module).
    glue: String,
    /// The name the glue gives its init function (its default export).
    init: String,
    /// The app's wasm, the search worker's glue and wasm.
    files: Vec<File>,
}

impl App {
    fn read(dir: &Path) -> Result<App> {
        let index = dir.join("index.html");
        if !index.is_file() {
            bail!(
                "the reader is not built: {} does not exist (build it with `trunk build \
                 --release=true`, or name the folder of a Trunk build with --app)",
                index.display()
            );
        }
        let html = read_text(&index)?;
        let named = |what: &str| format!("{}: {what}", index.display());
        let mut cut: Vec<std::ops::Range<usize>> = Vec::new();
        let mut head_at = None;
        let mut stylesheets = Vec::new();
        let mut icon = None;
        let mut loader = None;
        for tag in tags(&html) {
            let attr = |name: &str| {
                tag.attrs
                    .iter()
                    .find(|(n, _)| n == name)
                    .map(|(_, v)| v.as_str())
            };
            match tag.name.as_str() {
                "meta" if attr("charset").is_some() => head_at = Some(tag.range.end),
                "meta" if attr("http-equiv").is_some_and(|v| v.eq_ignore_ascii_case(CSP)) => {
                    cut.push(tag.range.clone());
                }
                "script" if attr("src").is_some() => {
                    bail!(named(
                        "a script loaded from a file, which one file cannot carry"
                    ))
                }
                "script" => {
                    loader = Some(tag.text.clone());
                    cut.push(tag.range.clone());
                }
                "link" => {
                    let rel = attr("rel").unwrap_or_default().to_ascii_lowercase();
                    let href = attr("href").unwrap_or_default().to_string();
                    match rel.as_str() {
                        "stylesheet" => stylesheets.push(href),
                        "icon" => icon = Some(href),
                        // the app's JS and wasm (inlined below); no manifest: from disk a
                        // page cannot be installed
                        "modulepreload" | "preload" | "manifest" => {}
                        other => bail!(named(&format!(
                            "a link (rel={other}) to {href}, which one file cannot carry"
                        ))),
                    }
                    cut.push(tag.range.clone());
                }
                _ => {}
            }
        }
        let head_at = head_at.with_context(|| named("no <meta charset>"))?;
        let loader = loader.with_context(|| {
            named("no Trunk loader (the inline module script that starts the app): is it a Trunk build?")
        })?;
        let glue_name = quoted_after(&loader, " from ")
            .with_context(|| named("the loader imports no JS glue"))?;
        let wasm_name = quoted_after(&loader, "module_or_path:")
            .with_context(|| named("the loader names no wasm"))?;
        let glue_path = in_app(dir, &glue_name)?;
        let glue = read_text(&glue_path)?;
        let init = default_export(&glue).with_context(|| {
            format!(
                "{}: no `export {{ … as default }}`: not wasm-bindgen's glue for the web",
                glue_path.display()
            )
        })?;
        ensure!(
            !glue.contains("\nimport ") && !glue.starts_with("import "),
            "{} imports other modules, which one file cannot carry",
            glue_path.display()
        );
        let mut css = String::new();
        for href in &stylesheets {
            let path = in_app(dir, href)?;
            css.push_str(&inline_urls(&read_text(&path)?, &path)?);
            css.push('\n');
        }
        let icon = match icon {
            Some(href) => Some(data_url(&in_app(dir, &href)?)?),
            None => None,
        };
        let mut files = vec![read_file(dir, &wasm_name)?];
        let starter = read_text(&dir.join(WORKER_STARTER))?;
        let worker_glue = quoted_after(&starter, "importScripts(")
            .with_context(|| format!("{}: no importScripts", dir.join(WORKER_STARTER).display()))?;
        let worker_wasm = quoted_after(&starter, "module_or_path:")
            .with_context(|| format!("{}: names no wasm", dir.join(WORKER_STARTER).display()))?;
        files.push(read_file(dir, &worker_glue)?);
        files.push(read_file(dir, &worker_wasm)?);
        let mut page = String::with_capacity(html.len());
        let mut at = 0;
        let mut new_head_at = 0;
        cut.sort_by_key(|r| r.start);
        for range in cut {
            if at <= head_at && head_at <= range.start {
                new_head_at = page.len() + head_at - at;
            }
            page.push_str(&html[at..range.start]);
            at = range.end;
        }
        if at <= head_at {
            new_head_at = page.len() + head_at - at;
        }
        page.push_str(&html[at..]);
        Ok(App {
            page,
            head_at: new_head_at,
            css,
            icon,
            glue: one_line_ending(&glue),
            init,
            files,
        })
    }
}

const CSP: &str = "Content-Security-Policy";

/// The page: the build's `index.html` with the stylesheet, the two scripts and the policy in
/// its head, and the files (`files`: the corpus, under `corpus/`) at the end of its body.
fn render(app: &App, corpus: &[File]) -> Result<String> {
    ensure!(
        !contains_ignore_case(&app.css, "</style"),
        "the stylesheet holds `</style`, which would end it early in one file"
    );
    ensure!(
        !contains_ignore_case(&app.glue, "</script") && !app.glue.contains("<!--"),
        "the app's JS glue holds `</script` or `<!--`, which would end it early in one file"
    );
    let serve = one_line_ending(SERVE_SCRIPT);
    let start = format!(
        "{}\n{{ const wasm = await {}({{ module_or_path: './{}' }});\n\
         dispatchEvent(new CustomEvent('TrunkApplicationStarted', {{ detail: {{ wasm }} }})); }}\n",
        app.glue, app.init, app.files[0].path
    );
    let policy = [
        "default-src 'none'".to_string(),
        format!(
            "script-src {} {} 'wasm-unsafe-eval'",
            sha256(&serve),
            sha256(&start)
        ),
        format!("style-src {}", sha256(&app.css)),
        "img-src data:".into(),
        "font-src data:".into(),
        "worker-src blob:".into(),
        "base-uri 'none'".into(),
        "form-action 'none'".into(),
        "object-src 'none'".into(),
    ]
    .join("; ");
    let mut head = format!(r#"<meta http-equiv="{CSP}" content="{policy}">"#);
    if let Some(icon) = &app.icon {
        let _ = write!(head, r#"<link rel="icon" href="{}">"#, attr_escape(icon));
    }
    let _ = write!(
        head,
        "<style>{}</style><script>{serve}</script><script type=module>{start}</script>",
        app.css
    );
    let mut blocks = String::new();
    for file in app.files.iter().chain(corpus) {
        data_block(&mut blocks, file);
    }
    let mut page = String::with_capacity(app.page.len() + head.len() + blocks.len());
    page.push_str(&app.page[..app.head_at]);
    page.push_str(&head);
    let rest = &app.page[app.head_at..];
    match find_ignore_case(rest, "</body") {
        Some(end) => {
            page.push_str(&rest[..end]);
            page.push_str(&blocks);
            page.push_str(&rest[end..]);
        }
        None => {
            page.push_str(rest);
            page.push_str(&blocks);
        }
    }
    Ok(page)
}

/// Appends `file` as a data block: JSON as it is (with `<` written `\u003c`, the same JSON,
/// so that nothing in it can end the block), anything else as base64.
fn data_block(out: &mut String, file: &File) {
    let path = attr_escape(&file.path);
    match std::str::from_utf8(&file.bytes) {
        Ok(text) if file.path.ends_with(".json") => {
            let _ = writeln!(
                out,
                "<script type=application/json data-f=\"{path}\">{}</script>",
                one_line_ending(text).replace('<', "\\u003c")
            );
        }
        _ => {
            let _ = writeln!(
                out,
                "<script type=application/octet-stream data-f=\"{path}\">{}</script>",
                BASE64.encode(&file.bytes)
            );
        }
    }
}

/// Every file below `dir`, as `corpus/<path>`, in path order.
fn corpus_files(dir: &Path) -> Result<Vec<File>> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.with_context(|| format!("reading {}", dir.display()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(dir)
            .with_context(|| format!("reading {}", entry.path().display()))?;
        let parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let bytes = std::fs::read(entry.path())
            .with_context(|| format!("reading {}", entry.path().display()))?;
        files.push(File {
            path: format!("{CORPUS_DIR}/{}", parts.join("/")),
            bytes,
        });
    }
    ensure!(
        files
            .iter()
            .any(|f| f.path == format!("{CORPUS_DIR}/catalog.json")),
        "{} holds no catalog.json: not a built corpus",
        dir.display()
    );
    Ok(files)
}

/// The stylesheet `css` (read from `path`) with every relative `url(…)` made a `data:` URL.
fn inline_urls(css: &str, path: &Path) -> Result<String> {
    let dir = path.parent().unwrap_or(Path::new(""));
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(at) = rest.find("url(") {
        let (before, after) = rest.split_at(at + 4);
        out.push_str(before);
        let end = after
            .find(')')
            .with_context(|| format!("{}: an unclosed url(", path.display()))?;
        let url = after[..end].trim().trim_matches(['"', '\'']);
        if url.starts_with("data:") || url.starts_with('#') {
            out.push_str(&after[..end]);
        } else {
            ensure!(
                !url.contains(':') && !url.starts_with('/'),
                "{}: url({url}) is not a file beside it, which one file cannot carry",
                path.display()
            );
            let file = url.split(['?', '#']).next().unwrap_or_default();
            out.push_str(&data_url(&safe_join(dir, file, path)?)?);
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    Ok(out)
}

/// A file as a `data:` URL, its type from its extension.
fn data_url(path: &Path) -> Result<String> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let mime = match ext.as_str() {
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        _ => bail!("{}: a file of unknown type to inline", path.display()),
    };
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    Ok(format!("data:{mime};base64,{}", BASE64.encode(bytes)))
}

/// `href` (relative, as the page links it) inside the build `dir`.
fn in_app(dir: &Path, href: &str) -> Result<PathBuf> {
    safe_join(dir, href, &dir.join("index.html"))
}

/// `rel` below `dir`; `from` (the file naming it) in the error when it leads elsewhere.
fn safe_join(dir: &Path, rel: &str, from: &Path) -> Result<PathBuf> {
    let rel = rel.trim_start_matches("./");
    ensure!(
        !rel.is_empty()
            && !rel.contains(':')
            && !rel.starts_with('/')
            && rel.split('/').all(|s| s != ".."),
        "{}: `{rel}` is not a file of the build",
        from.display()
    );
    Ok(dir.join(rel))
}

fn read_file(dir: &Path, href: &str) -> Result<File> {
    let path = in_app(dir, href)?;
    let bytes = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
    Ok(File {
        path: href.trim_start_matches("./").to_string(),
        bytes,
    })
}

fn read_text(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))
}

/// `'sha256-…'` of `text`, as a Content-Security-Policy names an inline script or style.
fn sha256(text: &str) -> String {
    format!(
        "'sha256-{}'",
        BASE64.encode(Sha256::digest(text.as_bytes()))
    )
}

/// `text` with CR LF and CR written LF, as the HTML parser reads them (so that the hash of an
/// inline script is that of the text it runs).
fn one_line_ending(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

fn attr_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
}

fn find_ignore_case(haystack: &str, needle: &str) -> Option<usize> {
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

fn contains_ignore_case(haystack: &str, needle: &str) -> bool {
    find_ignore_case(haystack, needle).is_some()
}

/// The string in quotes after `marker` in `text` (`from './x.js'` gives `./x.js`).
fn quoted_after(text: &str, marker: &str) -> Option<String> {
    let after = &text[text.find(marker)? + marker.len()..];
    let after = after.trim_start();
    let quote = after
        .chars()
        .next()
        .filter(|c| matches!(c, '\'' | '"' | '`'))?;
    let inner = &after[1..];
    Some(inner[..inner.find(quote)?].to_string())
}

/// The local name of the glue's default export (`export { initSync, __wbg_init as default }`).
fn default_export(glue: &str) -> Option<String> {
    let at = glue.rfind(" as default")?;
    let name: String = glue[..at]
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '$'))
        .collect::<Vec<char>>()
        .into_iter()
        .rev()
        .collect();
    (!name.is_empty()).then_some(name)
}

/// A tag of the page: its name (lower case), attributes, byte range (for a script, through its
/// end tag) and, for a script, its text.
struct Tag {
    name: String,
    attrs: Vec<(String, String)>,
    range: std::ops::Range<usize>,
    text: String,
}

/// The start tags of `html` (comments skipped, scripts read to their end tag): enough of HTML
/// for the page Trunk writes.
fn tags(html: &str) -> Vec<Tag> {
    let bytes = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        let start = i + off;
        let rest = &html[start..];
        if rest.starts_with("<!--") {
            i = rest.find("-->").map_or(html.len(), |e| start + e + 3);
            continue;
        }
        if !bytes
            .get(start + 1)
            .is_some_and(|b| b.is_ascii_alphabetic())
        {
            i = start + 1;
            continue;
        }
        let mut j = start + 1;
        while j < bytes.len() && (bytes[j].is_ascii_alphanumeric() || bytes[j] == b'-') {
            j += 1;
        }
        let name = html[start + 1..j].to_ascii_lowercase();
        let mut attrs = Vec::new();
        loop {
            while j < bytes.len() && (bytes[j].is_ascii_whitespace() || bytes[j] == b'/') {
                j += 1;
            }
            if j >= bytes.len() || bytes[j] == b'>' {
                break;
            }
            let n0 = j;
            while j < bytes.len()
                && !matches!(bytes[j], b'=' | b'>' | b'/')
                && !bytes[j].is_ascii_whitespace()
            {
                j += 1;
            }
            let attr = html[n0..j].to_ascii_lowercase();
            let mut value = String::new();
            if bytes.get(j) == Some(&b'=') {
                j += 1;
                match bytes.get(j) {
                    Some(&q @ (b'"' | b'\'')) => {
                        let v0 = j + 1;
                        j = html[v0..].find(q as char).map_or(html.len(), |e| v0 + e);
                        value = html[v0..j].to_string();
                        j = (j + 1).min(html.len());
                    }
                    _ => {
                        let v0 = j;
                        while j < bytes.len() && bytes[j] != b'>' && !bytes[j].is_ascii_whitespace()
                        {
                            j += 1;
                        }
                        value = html[v0..j].to_string();
                    }
                }
            }
            attrs.push((attr, value));
        }
        let mut end = (j + 1).min(html.len());
        let mut text = String::new();
        if name == "script" {
            let close = find_ignore_case(&html[end..], "</script").map_or(html.len(), |e| end + e);
            text = html[end..close].to_string();
            end = html[close..]
                .find('>')
                .map_or(html.len(), |e| close + e + 1);
        }
        out.push(Tag {
            name,
            attrs,
            range: start..end,
            text,
        });
        i = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_tags_trunk_writes_quoted_or_not() {
        let html = r#"<!doctype html><html lang=en><meta charset=utf-8><!-- <link rel=x> --><script type=module>import init from './a.js';
await init({ module_or_path: './a_bg.wasm' });</script><link href=./s.css integrity="sha384-x/y+" rel=stylesheet><link rel="icon" href='f.svg' /></head>"#;
        let tags = tags(html);
        let names: Vec<&str> = tags.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["html", "meta", "script", "link", "link"]);
        assert_eq!(
            tags[2].text,
            "import init from './a.js';\nawait init({ module_or_path: './a_bg.wasm' });"
        );
        assert_eq!(&html[tags[2].range.clone()][..8], "<script ");
        assert!(html[tags[2].range.clone()].ends_with("</script>"));
        assert_eq!(
            tags[3].attrs,
            [
                ("href".to_string(), "./s.css".to_string()),
                ("integrity".into(), "sha384-x/y+".into()),
                ("rel".into(), "stylesheet".into())
            ]
        );
        assert_eq!(tags[4].attrs[1], ("href".into(), "f.svg".into()));
        assert_eq!(quoted_after(&tags[2].text, " from "), Some("./a.js".into()));
        assert_eq!(
            quoted_after(&tags[2].text, "module_or_path:"),
            Some("./a_bg.wasm".into())
        );
    }

    #[test]
    fn finds_the_glues_init_function() {
        assert_eq!(
            default_export(
                "function __wbg_init() {}\nexport { initSync, __wbg_init as default };\n"
            ),
            Some("__wbg_init".into())
        );
        assert_eq!(default_export("export default function () {}"), None);
    }

    #[test]
    fn json_blocks_cannot_end_early_and_stay_the_same_json() {
        let mut out = String::new();
        let text = r#"{"t":"</script><!-- <b>","n":1}"#;
        data_block(
            &mut out,
            &File {
                path: "corpus/docs/a\"&.json".into(),
                bytes: text.as_bytes().to_vec(),
            },
        );
        assert!(out.starts_with(
            r#"<script type=application/json data-f="corpus/docs/a&quot;&amp;.json">"#
        ));
        let inner = &out[out.find('>').unwrap() + 1..out.rfind("</script>").unwrap()];
        assert!(!inner.contains('<'));
        let a: serde_json::Value = serde_json::from_str(inner).unwrap();
        let b: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn other_files_are_base64() {
        let mut out = String::new();
        data_block(
            &mut out,
            &File {
                path: "corpus/search/p.bin".into(),
                bytes: vec![0, 159, 255, b'<'],
            },
        );
        assert_eq!(
            out,
            "<script type=application/octet-stream data-f=\"corpus/search/p.bin\">AJ//PA==</script>\n"
        );
    }

    #[test]
    fn paths_outside_the_build_are_refused() {
        let from = Path::new("dist/index.html");
        for bad in [
            "../x.css",
            "/etc/passwd",
            "https://example.org/a.js",
            "a/../../b",
            "",
        ] {
            assert!(safe_join(Path::new("dist"), bad, from).is_err(), "{bad}");
        }
        assert_eq!(
            safe_join(Path::new("dist"), "./fonts/a.woff2", from).unwrap(),
            Path::new("dist/fonts/a.woff2")
        );
    }
}
