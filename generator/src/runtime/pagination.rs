//! Walking a list operation page by page: a stream of pages and a stream of items, which
//! stop at an empty or short page, at the end of the cursor chain, or when the server
//! repeats itself (a page or cursor seen before), so a misbehaving server cannot make a
//! walk loop forever.

// Every generated crate with list operations carries this file whole.
#![allow(dead_code)]

use std::collections::BTreeSet;
use std::future::Future;
use std::pin::Pin;

use futures_util::{Stream, StreamExt, stream};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::Error;

/// Pages of a list operation, in order.
pub type Pages<P> = Pin<Box<dyn Stream<Item = Result<P, Error>> + Send + 'static>>;
/// Items of a list operation, across pages, in order.
pub type Items<T> = Pin<Box<dyn Stream<Item = Result<T, Error>> + Send + 'static>>;

/// Where the next page starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Position {
    /// A page number or an item offset.
    Number(i64),
    /// The first page (no cursor) or a cursor.
    Cursor(Option<String>),
}

/// How positions advance.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Advance {
    /// The next page number.
    Page,
    /// Past the items just read.
    Offset,
    /// The cursor at this JSON pointer in the page.
    Cursor(&'static str),
}

/// What a walk needs to know about the operation's pages.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Walk {
    pub operation: &'static str,
    pub advance: Advance,
    /// JSON pointer to the items in a page.
    pub items: &'static str,
    /// The page size asked for: a shorter page is the last.
    pub size: Option<i64>,
}

struct State<F> {
    fetch: F,
    next: Option<Position>,
    seen_cursors: BTreeSet<String>,
    last_items: Option<serde_json::Value>,
}

/// The pages from `start` on; `fetch` gets the page at a position.
pub(crate) fn pages<P, F, Fut>(walk: Walk, start: Position, fetch: F) -> Pages<P>
where
    P: Serialize + Send + 'static,
    F: FnMut(Position) -> Fut + Send + 'static,
    Fut: Future<Output = Result<P, Error>> + Send + 'static,
{
    let state = State {
        fetch,
        next: Some(start),
        seen_cursors: BTreeSet::new(),
        last_items: None,
    };
    Box::pin(stream::unfold(state, move |mut state| async move {
        let position = state.next.take()?;
        let page = match (state.fetch)(position.clone()).await {
            Ok(page) => page,
            // An error ends the walk after it is reported.
            Err(error) => return Some((Err(error), state)),
        };
        let value = serde_json::to_value(&page).unwrap_or_default();
        let items = value
            .pointer(walk.items)
            .cloned()
            .unwrap_or(serde_json::Value::Array(Vec::new()));
        let count = items.as_array().map_or(0, Vec::len) as i64;
        let repeated = count > 0 && state.last_items.as_ref() == Some(&items);
        if repeated {
            tracing::warn!(
                operation = walk.operation,
                "the server returned the same page twice; stopping"
            );
            return None;
        }
        state.last_items = Some(items);
        let short = walk.size.is_some_and(|size| count < size);
        state.next = match (walk.advance, &position) {
            _ if count == 0 => None,
            (Advance::Page, Position::Number(n)) if !short => Some(Position::Number(n + 1)),
            (Advance::Offset, Position::Number(n)) if !short => Some(Position::Number(n + count)),
            (Advance::Cursor(pointer), _) => {
                let cursor = value
                    .pointer(pointer)
                    .and_then(|v| v.as_str())
                    .filter(|c| !c.is_empty());
                match cursor {
                    Some(c) if !state.seen_cursors.insert(c.to_string()) => {
                        tracing::warn!(
                            operation = walk.operation,
                            "the server repeated a cursor; stopping"
                        );
                        None
                    }
                    Some(c) => Some(Position::Cursor(Some(c.to_string()))),
                    None => None,
                }
            }
            _ => None,
        };
        Some((Ok(page), state))
    }))
}

/// The items of every page, decoded as `T`.
pub(crate) fn items<P, T>(walk: Walk, pages: Pages<P>) -> Items<T>
where
    P: Serialize + Send + 'static,
    T: DeserializeOwned + Send + 'static,
{
    Box::pin(pages.flat_map(move |page| {
        let decoded: Vec<Result<T, Error>> = match page {
            Err(error) => vec![Err(error)],
            Ok(page) => {
                let value = serde_json::to_value(&page).unwrap_or_default();
                let items = value
                    .pointer(walk.items)
                    .cloned()
                    .unwrap_or(serde_json::Value::Array(Vec::new()));
                match serde_path_to_error::deserialize::<_, Vec<T>>(items) {
                    Ok(items) => items.into_iter().map(Ok).collect(),
                    Err(error) => vec![Err(Error::Decode {
                        operation: walk.operation,
                        status: reqwest::StatusCode::OK,
                        path: format!("{} {}", walk.items, error.path()),
                        body: String::new(),
                        error: error.into_inner(),
                        attempts: 1,
                    })],
                }
            }
        };
        stream::iter(decoded)
    }))
}
