//! Test doubles (the crate's `mock` feature): a [`Mock`] answers calls from rules instead of
//! the network. It stands where the HTTP client would send each request, so everything else
//! runs as in production: the request is built and authorised, retries wait and repeat,
//! redirects are followed, error bodies are read and responses decoded into their types. A
//! mocked 429 then 200 exercises the real retry code; a mocked 401 is the same `Error::Api`
//! a server's would be.
//!
//! ```ignore
//! let mock = Mock::new();
//! let get = mock
//!     .on::<operations::GetItemBuilder>()
//!     .when(|request| request.path_param("id").as_deref() == Some("i-1"))
//!     .respond(Respond::status(429).header("retry-after", "0"))
//!     .output(types::Item::default());
//! let client = Client::builder().mock(&mock).build()?;
//! client.get_item("i-1").send().await?;
//! assert_eq!(get.calls(), 2);
//! ```

use std::collections::VecDeque;
use std::fmt;
use std::marker::PhantomData;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError};

use bytes::Bytes;
use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, StatusCode, Url};

use crate::mock_failures::{Broken, RefuseLayer};
use crate::request::Request;

/// Keeps [`Operation`] implemented by this crate's request builders only.
pub(crate) mod sealed {
    pub trait Sealed {}
}

/// An operation a rule answers, named by its request builder type
/// (`mock.on::<operations::GetItemBuilder>()`).
pub trait Operation: sealed::Sealed {
    /// The operation's id in the spec.
    const OPERATION: &'static str;
}

/// An operation whose successful response a rule can give as a typed value
/// ([`Rule::output`]): one whose 2xx responses share one body type.
pub trait TypedOperation: Operation {
    /// What `send` returns.
    type Output;
    /// The response the server would send for `output`.
    fn respond(output: Self::Output) -> Respond;
}

/// The test-double impls of a request builder (one line per operation in `operations.rs`):
/// it names its operation (its own `OPERATION`) and, given its output type and how that is
/// sent (`json`: a JSON body with status 200; `text`: text with 200; `empty`: a 204), answers
/// with a typed value.
// Unused in a crate with none to describe (no operations or structs, or all behind an off
// feature).
#[allow(unused_macros)]
macro_rules! operation {
    ($builder:ident) => {
        impl $crate::mock::sealed::Sealed for $builder {}
        impl $crate::mock::Operation for $builder {
            const OPERATION: &'static str = <$builder>::OPERATION;
        }
    };
    ($builder:ident, $output:ty, json) => {
        $crate::mock::operation!($builder, $output, |output| {
            $crate::mock::Respond::json(200, &output)
        });
    };
    ($builder:ident, $output:ty, text) => {
        $crate::mock::operation!($builder, $output, |output| {
            $crate::mock::Respond::text(200, output)
        });
    };
    ($builder:ident, $output:ty, empty) => {
        $crate::mock::operation!($builder, $output, |output| {
            let () = output;
            $crate::mock::Respond::status(204)
        });
    };
    ($builder:ident, $output:ty, |$value:ident| $respond:block) => {
        $crate::mock::operation!($builder);
        impl $crate::mock::TypedOperation for $builder {
            type Output = $output;
            fn respond($value: $output) -> $crate::mock::Respond $respond
        }
    };
}
#[allow(unused_imports)]
pub(crate) use operation;

/// A test double for the client: rules, tried in the order they were added, answer each
/// request. Cheap to clone (clones share the rules and their counts).
///
/// A call no rule answers panics (failing the test) with the request it made.
#[derive(Clone, Default)]
pub struct Mock {
    inner: Arc<Inner>,
}

#[derive(Default)]
struct Inner {
    rules: Mutex<Vec<RuleState>>,
    /// A client whose every connection fails, for [`Respond::connection_refused`].
    refusing: OnceLock<reqwest::Client>,
}

/// A matcher on the request.
type Matcher = Arc<dyn Fn(&MockRequest<'_>) -> bool + Send + Sync>;

struct RuleState {
    operation: &'static str,
    matcher: Option<Matcher>,
    responses: VecDeque<Respond>,
    /// The last response answers every later match.
    repeat: bool,
    calls: u32,
}

impl RuleState {
    /// Whether this rule may answer a request of `operation`, before its matcher has a say.
    fn open_to(&self, operation: &str) -> bool {
        self.operation == operation && !self.responses.is_empty()
    }

    /// The next response, counted as a call.
    fn take(&mut self) -> Option<Respond> {
        if self.responses.is_empty() {
            return None;
        }
        self.calls += 1;
        if self.repeat && self.responses.len() == 1 {
            self.responses.front().cloned()
        } else {
            self.responses.pop_front()
        }
    }
}

impl fmt::Debug for Mock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rules = self.rules();
        let mut list = f.debug_list();
        for rule in rules.iter() {
            list.entry(&format_args!(
                "{} ({} calls, {} responses left)",
                rule.operation,
                rule.calls,
                rule.responses.len()
            ));
        }
        list.finish()
    }
}

impl Mock {
    /// A mock without rules.
    pub fn new() -> Mock {
        Mock::default()
    }

    /// Adds a rule for operation `O` (its request builder type), tried after the rules
    /// added before it. Give it responses with [`Rule::respond`] or [`Rule::output`].
    pub fn on<O: Operation>(&self) -> Rule<O> {
        let mut rules = self.rules();
        rules.push(RuleState {
            operation: O::OPERATION,
            matcher: None,
            responses: VecDeque::new(),
            repeat: false,
            calls: 0,
        });
        Rule {
            mock: self.clone(),
            index: rules.len() - 1,
            operation: PhantomData,
        }
    }

    /// Requests answered by every rule, so far.
    pub fn calls(&self) -> u32 {
        self.rules().iter().map(|r| r.calls).sum()
    }

    /// Panics, naming them, if some rules still hold responses no request took.
    #[track_caller]
    pub fn assert_all_used(&self) {
        let unused: Vec<String> = self
            .rules()
            .iter()
            .filter(|r| !r.repeat && !r.responses.is_empty())
            .map(|r| format!("`{}` ({} left)", r.operation, r.responses.len()))
            .collect();
        assert!(
            unused.is_empty(),
            "mock rules with unused responses: {}",
            unused.join(", ")
        );
    }

    fn rules(&self) -> MutexGuard<'_, Vec<RuleState>> {
        // A test that panicked while editing a rule leaves the rules as they were.
        self.inner
            .rules
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Answers one request as the HTTP client would: a response, or the error of a
    /// connection that failed.
    pub(crate) async fn answer(
        &self,
        call: &Request,
        request: reqwest::Request,
    ) -> Result<reqwest::Response, reqwest::Error> {
        let view = MockRequest {
            operation: call.operation,
            template: call.path_template,
            path: &call.path,
            request: &request,
        };
        let respond = self.next_answer(&view);
        let Some(respond) = respond else {
            panic!(
                "mock: no rule answers `{}` ({} {}); add one with `mock.on::<…Builder>()`",
                call.operation,
                request.method(),
                call.path
            );
        };
        match respond.kind {
            Kind::Answer { status, headers } => Ok(response(status, headers, respond.body)),
            Kind::Reset { status, headers } => Ok(response(status, headers, Broken)),
            Kind::Refused => self.refuse(request).await,
            Kind::Silent => std::future::pending().await,
        }
    }

    /// The first rule that answers `request` takes its next response. Matchers run with the
    /// rules unlocked, so one may ask the mock (`rule.calls()`) without a deadlock, and one
    /// that panics fails its test without leaving the mock unusable.
    fn next_answer(&self, request: &MockRequest<'_>) -> Option<Respond> {
        let candidates: Vec<(usize, Option<Matcher>)> = self
            .rules()
            .iter()
            .enumerate()
            .filter(|(_, rule)| rule.open_to(request.operation))
            .map(|(i, rule)| (i, rule.matcher.clone()))
            .collect();
        candidates
            .into_iter()
            .filter(|(_, matcher)| matcher.as_ref().is_none_or(|m| m(request)))
            // Another call may have taken a rule's last answer meanwhile: the next one then.
            .find_map(|(i, _)| self.rules().get_mut(i)?.take())
    }

    /// The error reqwest gives when no connection can be made, made by a client whose
    /// connector fails before touching the network.
    async fn refuse(&self, request: reqwest::Request) -> Result<reqwest::Response, reqwest::Error> {
        let client = self.inner.refusing.get_or_init(|| {
            reqwest::Client::builder()
                .connector_layer(RefuseLayer)
                .build()
                .unwrap_or_else(|error| panic!("mock: cannot build its refusing client: {error}"))
        });
        client.execute(request).await
    }
}

/// A rule for operation `O`: which requests it answers ([`when`](Self::when)) and with what,
/// in order ([`respond`](Self::respond), [`output`](Self::output)). Each answer is used
/// once, then the rule stops matching, unless [`repeatedly`](Self::repeatedly).
pub struct Rule<O> {
    mock: Mock,
    index: usize,
    operation: PhantomData<fn() -> O>,
}

impl<O> Clone for Rule<O> {
    fn clone(&self) -> Self {
        Rule {
            mock: self.mock.clone(),
            index: self.index,
            operation: PhantomData,
        }
    }
}

impl<O> fmt::Debug for Rule<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rules = self.mock.rules();
        let rule = &rules[self.index];
        f.debug_struct("Rule")
            .field("operation", &rule.operation)
            .field("calls", &rule.calls)
            .field("responses_left", &rule.responses.len())
            .finish()
    }
}

impl<O: Operation> Rule<O> {
    /// Answers only the requests `matcher` accepts (it sees them as sent, credentials
    /// included). Without it, the rule answers every request of its operation.
    pub fn when(self, matcher: impl Fn(&MockRequest<'_>) -> bool + Send + Sync + 'static) -> Self {
        self.edit(|rule| rule.matcher = Some(Arc::new(matcher)));
        self
    }

    /// Adds an answer: a status with headers and a body, or a failed connection.
    pub fn respond(self, respond: Respond) -> Self {
        self.edit(|rule| rule.responses.push_back(respond));
        self
    }

    /// Adds a successful answer whose body is `output`, as the server would send it.
    pub fn output(self, output: O::Output) -> Self
    where
        O: TypedOperation,
    {
        self.respond(O::respond(output))
    }

    /// Keeps answering with the last response once the others are used.
    pub fn repeatedly(self) -> Self {
        self.edit(|rule| rule.repeat = true);
        self
    }

    /// How many requests this rule answered.
    pub fn calls(&self) -> u32 {
        self.mock.rules()[self.index].calls
    }

    fn edit(&self, change: impl FnOnce(&mut RuleState)) {
        change(&mut self.mock.rules()[self.index]);
    }
}

/// One answer of a rule: a response (status, headers, body), or a failure of the
/// connection.
#[derive(Debug, Clone)]
pub struct Respond {
    kind: Kind,
    body: Bytes,
}

#[derive(Debug, Clone)]
enum Kind {
    Answer {
        status: StatusCode,
        headers: HeaderMap,
    },
    Reset {
        status: StatusCode,
        headers: HeaderMap,
    },
    Refused,
    Silent,
}

impl Respond {
    /// A response with this status and no body.
    ///
    /// # Panics
    /// If `status` is not an HTTP status (100 to 999).
    #[track_caller]
    pub fn status(status: u16) -> Respond {
        let Ok(status) = StatusCode::from_u16(status) else {
            panic!("mock: {status} is not an HTTP status");
        };
        Respond {
            kind: Kind::Answer {
                status,
                headers: HeaderMap::new(),
            },
            body: Bytes::new(),
        }
    }

    /// A response with this status and `body` as JSON (`Content-Type: application/json`).
    ///
    /// # Panics
    /// If `status` is not an HTTP status, or `body` cannot be written as JSON.
    #[track_caller]
    pub fn json(status: u16, body: &impl serde::Serialize) -> Respond {
        let body = match serde_json::to_vec(body) {
            Ok(body) => body,
            Err(error) => panic!("mock: the body cannot be written as JSON: {error}"),
        };
        Respond::status(status)
            .header(CONTENT_TYPE.as_str(), "application/json")
            .body(body)
    }

    /// A response with this status and `body` as text (`Content-Type: text/plain`).
    #[track_caller]
    pub fn text(status: u16, body: impl Into<String>) -> Respond {
        Respond::status(status)
            .header(CONTENT_TYPE.as_str(), "text/plain; charset=utf-8")
            .body(body.into())
    }

    /// Adds a response header (`retry-after`, `content-type`, …).
    ///
    /// # Panics
    /// If the name or value is not valid in a header.
    #[track_caller]
    pub fn header(mut self, name: &str, value: &str) -> Respond {
        let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) else {
            panic!("mock: `{name}: {value}` is not a valid header");
        };
        if let Kind::Answer { headers, .. } | Kind::Reset { headers, .. } = &mut self.kind {
            headers.append(name, value);
        }
        self
    }

    /// Sets the response body.
    pub fn body(mut self, body: impl Into<Bytes>) -> Respond {
        self.body = body.into();
        self
    }

    /// No connection could be made: the request was not sent (`Error::is_connect`). The
    /// client retries it as it would a real one, even a `POST`.
    pub fn connection_refused() -> Respond {
        Respond {
            kind: Kind::Refused,
            body: Bytes::new(),
        }
    }

    /// The request was sent and the connection broke while the response body arrived (after
    /// this status and these headers): the server may have acted on it.
    pub fn connection_reset(self) -> Respond {
        match self.kind {
            Kind::Answer { status, headers } => Respond {
                kind: Kind::Reset { status, headers },
                body: Bytes::new(),
            },
            kind => Respond {
                kind,
                body: self.body,
            },
        }
    }

    /// The server never answers: the attempt's time limit ends the wait (under tokio's
    /// paused clock, at once).
    pub fn no_answer() -> Respond {
        Respond {
            kind: Kind::Silent,
            body: Bytes::new(),
        }
    }
}

/// A response as reqwest would return it from the network.
fn response(
    status: StatusCode,
    headers: HeaderMap,
    body: impl Into<reqwest::Body>,
) -> reqwest::Response {
    let mut response = http::Response::new(body.into());
    *response.status_mut() = status;
    *response.headers_mut() = headers;
    reqwest::Response::from(response)
}

/// A request as a rule sees it: as it would be sent, after authorisation.
pub struct MockRequest<'a> {
    operation: &'static str,
    template: &'static str,
    path: &'a str,
    request: &'a reqwest::Request,
}

impl MockRequest<'_> {
    /// The operation's id in the spec.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The HTTP method.
    pub fn method(&self) -> &Method {
        self.request.method()
    }

    /// The full URL, query included.
    pub fn url(&self) -> &Url {
        self.request.url()
    }

    /// A path parameter by its name in the spec's path template, decoded.
    pub fn path_param(&self, name: &str) -> Option<String> {
        let wanted = format!("{{{name}}}");
        let templates = self.template.split('/');
        let segments = self.path.split('/');
        for (template, segment) in templates.zip(segments) {
            let Some(start) = template.find(&wanted) else {
                continue;
            };
            let suffix = &template[start + wanted.len()..];
            let value = segment.get(start..)?.strip_suffix(suffix)?;
            return Some(
                percent_encoding::percent_decode_str(value)
                    .decode_utf8_lossy()
                    .into_owned(),
            );
        }
        None
    }

    /// The first value of a query parameter, decoded.
    pub fn query(&self, name: &str) -> Option<String> {
        self.query_all(name).into_iter().next()
    }

    /// Every value of a query parameter, decoded, in order.
    pub fn query_all(&self, name: &str) -> Vec<String> {
        self.request
            .url()
            .query_pairs()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.into_owned())
            .collect()
    }

    /// A request header's value, if it is text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.request.headers().get(name)?.to_str().ok()
    }

    /// The request body (empty without one, or for a streamed upload).
    pub fn body(&self) -> &[u8] {
        self.request
            .body()
            .and_then(reqwest::Body::as_bytes)
            .unwrap_or_default()
    }

    /// The request body as JSON, if it is.
    pub fn json(&self) -> Option<serde_json::Value> {
        serde_json::from_slice(self.body()).ok()
    }
}

impl fmt::Debug for MockRequest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // No headers or query: they may carry credentials.
        f.debug_struct("MockRequest")
            .field("operation", &self.operation)
            .field("method", self.request.method())
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}
