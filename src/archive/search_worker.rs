//! The reader's search worker: the search index lives in a Web Worker of its own (its own small
//! wasm, loaded on the first query), so that the start page does not carry the engine and a
//! query never blocks typing. The worker computes; the page fetches (so that the same page
//! works from a server, from a service worker's cache or from one self-contained file).
//!
//! Each message from the page is a [`Request`] as JSON, with the bytes of a file when it
//! brings one; the worker answers each with a [`Reply`] carrying the same `rid`. [`Worker`] is
//! the worker's whole logic, pure: the wasm entry only moves messages.

use serde::{Deserialize, Serialize};

use super::search::{parse_query, Index, Outcome, Results, SearchDoc};

/// A message from the page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Request {
    /// Open the index from the manifest (the bytes sent with it).
    Open,
    /// Add a file of the index (the bytes sent with it).
    AddFile { id: u32 },
    /// Add the search text of document `doc` (for quoted phrases).
    AddDoc { doc: u32, text: SearchDoc },
    /// Run a query as far as the files given allow; with entity facets or without (see
    /// [`Index::search_with`]: a page asks first without them, for its results, then with).
    Search {
        query: String,
        limit: usize,
        #[serde(default)]
        entities: bool,
    },
}

/// The worker's answer to one request.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum Reply {
    /// Done (open, a file or a document added).
    Ok,
    /// The search needs these files (id and name under `search/`): fetch, add, search again.
    NeedFiles(Vec<(u32, String)>),
    /// The search needs the text of these documents (number and id): add them, search again.
    NeedDocs(Vec<(u32, String)>),
    /// The results.
    Done(Box<Results>),
    /// The request failed; the message says why.
    Failed(String),
}

/// An envelope: a request or reply and its id.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Envelope<T> {
    /// Pairs a reply with its request.
    pub rid: u64,
    /// The request or reply.
    pub body: T,
}

/// The worker's state: the index, once opened.
#[derive(Default)]
pub struct Worker {
    index: Option<Index>,
}

impl Worker {
    /// A worker with no index yet.
    pub fn new() -> Worker {
        Worker::default()
    }

    /// Handles one request (`bytes`: the file sent with it, if any).
    pub fn handle(&mut self, request: Request, bytes: Option<Vec<u8>>) -> Reply {
        match (request, &mut self.index) {
            (Request::Open, _) => match Index::open(&bytes.unwrap_or_default()) {
                Ok(index) => {
                    self.index = Some(index);
                    Reply::Ok
                }
                Err(e) => Reply::Failed(format!("the search index cannot be opened: {e}")),
            },
            (_, None) => Reply::Failed("the search index is not open".to_string()),
            (Request::AddFile { id }, Some(index)) => {
                if index.is_loaded(id) {
                    return Reply::Ok;
                }
                let name = index.file_name(id).unwrap_or_else(|| format!("file {id}"));
                match index.add_file(id, bytes.unwrap_or_default()) {
                    Ok(()) => Reply::Ok,
                    Err(e) => Reply::Failed(format!("search/{name} is damaged: {e}")),
                }
            }
            (Request::AddDoc { doc, text }, Some(index)) => {
                index.add_doc(doc, &text);
                Reply::Ok
            }
            (
                Request::Search {
                    query,
                    limit,
                    entities,
                },
                Some(index),
            ) => {
                match index.search_with(&parse_query(&query), limit, entities) {
                    Ok(Outcome::Done(results)) => {
                        // texts were for this query's phrases; the page keeps its own cache
                        index.clear_docs();
                        Reply::Done(results)
                    }
                    Ok(Outcome::NeedFiles(ids)) => Reply::NeedFiles(
                        ids.into_iter()
                            .map(|id| {
                                let name = index.file_name(id).unwrap_or_default();
                                (id, name)
                            })
                            .collect(),
                    ),
                    Ok(Outcome::NeedDocs(docs)) => Reply::NeedDocs(docs),
                    Err(e) => Reply::Failed(format!("the search failed: {e}")),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::search::{build, BuildOptions};

    fn doc(id: &str, title: &str, body: &str) -> SearchDoc {
        SearchDoc {
            id: id.into(),
            title: title.into(),
            body: body.into(),
            ..SearchDoc::default()
        }
    }

    /// Runs a query through the protocol, as the page does: JSON both ways, files by name.
    fn run(
        worker: &mut Worker,
        files: &[(String, Vec<u8>)],
        docs: &[SearchDoc],
        q: &str,
    ) -> Results {
        let send = |w: &mut Worker, r: Request, b: Option<Vec<u8>>| -> Reply {
            let json = serde_json::to_string(&Envelope { rid: 1, body: r }).unwrap();
            let env: Envelope<Request> = serde_json::from_str(&json).unwrap();
            let reply = w.handle(env.body, b);
            serde_json::from_str(&serde_json::to_string(&reply).unwrap()).unwrap()
        };
        for _ in 0..100 {
            let req = Request::Search {
                query: q.into(),
                limit: 10,
                entities: true,
            };
            match send(worker, req, None) {
                Reply::Done(r) => return *r,
                Reply::NeedFiles(want) => {
                    for (id, name) in want {
                        let bytes = files.iter().find(|(n, _)| *n == name).unwrap().1.clone();
                        assert!(matches!(
                            send(worker, Request::AddFile { id }, Some(bytes)),
                            Reply::Ok
                        ));
                    }
                }
                Reply::NeedDocs(want) => {
                    for (d, id) in want {
                        let text = docs.iter().find(|x| x.id == id).unwrap().clone();
                        send(worker, Request::AddDoc { doc: d, text }, None);
                    }
                }
                other => panic!("unexpected {other:?}"),
            }
        }
        panic!("the search does not end")
    }

    #[test]
    fn a_query_runs_through_the_protocol_fetching_files_by_name() {
        let docs = vec![
            doc(
                "a",
                "Soviet aid to Korea",
                "The Soviet side promised economic aid.",
            ),
            doc(
                "b",
                "Chinese trade",
                "Trade with China grew; aid was not discussed.",
            ),
            doc(
                "c",
                "A visit",
                "Economic aid, said the Soviet ambassador, would follow.",
            ),
        ];
        let built = build(&docs, &BuildOptions::default());
        let files: Vec<(String, Vec<u8>)> = built.files.clone();
        let mut worker = Worker::new();
        assert!(matches!(
            worker.handle(
                Request::Search {
                    query: "aid".into(),
                    limit: 10,
                    entities: false,
                },
                None
            ),
            Reply::Failed(_)
        ));
        assert!(matches!(
            worker.handle(Request::Open, Some(built.manifest.clone())),
            Reply::Ok
        ));
        let r = run(&mut worker, &files, &docs, "soviet aid");
        let ids: Vec<&str> = r.hits.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids.len(), 2);
        assert!(ids.contains(&"a") && ids.contains(&"c"));
        let r = run(&mut worker, &files, &docs, "\"economic aid\"");
        assert_eq!(r.hits.len(), 2, "{:?}", r.hits);
    }

    #[test]
    fn damaged_input_is_a_failure_not_a_panic() {
        let mut worker = Worker::new();
        assert!(matches!(
            worker.handle(Request::Open, Some(b"not an index".to_vec())),
            Reply::Failed(_)
        ));
        let docs = vec![doc("a", "Title", "Body text here.")];
        let built = build(&docs, &BuildOptions::default());
        worker.handle(Request::Open, Some(built.manifest));
        match worker.handle(Request::AddFile { id: 0 }, Some(vec![1, 2, 3])) {
            Reply::Failed(m) => assert!(m.contains("damaged"), "{m}"),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            worker.handle(Request::AddFile { id: 9999 }, Some(vec![])),
            Reply::Failed(_)
        ));
    }
}
