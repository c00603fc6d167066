//! `e2e-calls --provider NAME --base-url URL`: calls every operation of one generated crate
//! against a mock server of that provider's spec (Stoplight Prism, started by
//! `cargo xtask e2e`), and prints one row per operation:
//!
//! ```text
//! fastpix  list-media  GET /on-demand  OK  ListMediaResponse
//! ```
//!
//! then a control row (a bare request the mock must refuse, which shows that it validates
//! requests) and `N passed, M failed`: N counts operations; a failed control, or calls that do
//! not cover exactly the operations of the crate's `operations.rs` (read at run time, so that
//! a new operation cannot be skipped silently), add to M. The exit code is 1 if M > 0, 2 on a
//! usage error.
//!
//! A call passes when it returns `Ok`: the request satisfied Prism's validation of the spec
//! (a missing credential is a 401, a bad parameter or body a 422) and the typed response
//! decoded. Downloads pass when their bytes arrive; FetchMedia's downloads answer with a
//! redirect, which the client follows to [`redirect::Target`].

mod fastpix_calls;
mod fetchmedia_calls;
mod redirect;
mod streampixel_calls;
mod toolsfast_calls;

use std::collections::{BTreeMap, BTreeSet};
use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::process::ExitCode;
use std::time::Duration;

use bytes::Bytes;
use futures_util::{Stream, StreamExt};

/// Limit for one call, whatever the client does (retries are switched off anyway).
const CALL_TIMEOUT: Duration = Duration::from_secs(30);

/// Identifiers for path parameters and bodies (several parameters are `format: uuid`).
pub const UUID_A: &str = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
pub const UUID_B: &str = "41316aac-5396-4278-8f44-08d5f2495b12";
pub const UUID_C: &str = "8fa85f64-5717-4562-b3fc-2c963f66afa7";

/// What a call gives back: a short detail for the row, `Ok` when the call passed.
pub type Outcome = Result<String, String>;

/// One operation's call, not yet run.
pub struct Call<'a> {
    /// The operationId, as in the spec and the crate's `operations.rs`.
    pub operation: &'static str,
    pub run: Pin<Box<dyn Future<Output = Outcome> + 'a>>,
}

/// `call!("operationId", expression giving an Outcome, may use .await and ?)`.
#[macro_export]
macro_rules! call {
    ($operation:literal, $outcome:expr) => {
        $crate::Call {
            operation: $operation,
            run: Box::pin(async move { $outcome }),
        }
    };
}

/// The providers, with their crate's calls.
pub const PROVIDERS: &[&str] = &["fastpix", "streampixel", "fetchmedia", "toolsfast"];

/// Clients of one provider, built once; the calls borrow them.
pub enum Clients {
    Fastpix(fastpix_calls::Clients),
    Streampixel(streampixel_calls::Clients),
    Fetchmedia(Box<fetchmedia_calls::Clients>),
    Toolsfast(toolsfast_calls::Clients),
}

impl Clients {
    pub fn new(provider: &str, base_url: &str, target: &redirect::Target) -> Result<Self, String> {
        Ok(match provider {
            "fastpix" => Clients::Fastpix(fastpix_calls::Clients::new(base_url)?),
            "streampixel" => Clients::Streampixel(streampixel_calls::Clients::new(base_url)?),
            "fetchmedia" => Clients::Fetchmedia(Box::new(fetchmedia_calls::Clients::new(
                base_url,
                target.clone(),
            )?)),
            "toolsfast" => Clients::Toolsfast(toolsfast_calls::Clients::new(base_url)?),
            other => {
                return Err(format!(
                    "unknown provider `{other}` (known: {})",
                    PROVIDERS.join(", ")
                ));
            }
        })
    }

    pub fn calls(&self) -> Vec<Call<'_>> {
        match self {
            Clients::Fastpix(c) => c.calls(),
            Clients::Streampixel(c) => c.calls(),
            Clients::Fetchmedia(c) => c.calls(),
            Clients::Toolsfast(c) => c.calls(),
        }
    }
}

/// A JSON request body, typed: the value goes through the crate's own `Deserialize`, and must
/// come back out of its `Serialize` unchanged (a type that drops or renames a field would send
/// less than the spec-valid body here, which Prism cannot notice when the field is optional).
pub fn body<T>(value: serde_json::Value) -> Result<T, String>
where
    T: serde::de::DeserializeOwned + serde::Serialize,
{
    let typed: T = serde_json::from_value(value.clone())
        .map_err(|e| format!("the body does not fit the crate's type: {e}"))?;
    let sent = serde_json::to_value(&typed)
        .map_err(|e| format!("the crate's type does not serialise: {e}"))?;
    if sent != value {
        return Err(format!(
            "the crate's type changes the body: {} became {}",
            clip(&value.to_string(), 300),
            clip(&sent.to_string(), 300)
        ));
    }
    Ok(typed)
}

/// The row detail of a call that returned `Ok`.
pub fn done<T, E: Describe>(result: Result<T, E>) -> Outcome {
    match result {
        Ok(_) => {
            let name = std::any::type_name::<T>();
            Ok(if name == "()" {
                "no content".to_string()
            } else {
                short_type_name(name)
            })
        }
        Err(e) => Err(e.describe()),
    }
}

/// Reads a download to the end.
pub async fn download<S, E>(result: Result<S, E>) -> Result<Bytes, String>
where
    S: Stream<Item = Result<Bytes, E>> + Unpin,
    E: Describe,
{
    let mut stream = result.map_err(Describe::describe)?;
    let mut out = Vec::new();
    while let Some(chunk) = stream.next().await {
        out.extend_from_slice(&chunk.map_err(Describe::describe)?);
    }
    Ok(Bytes::from(out))
}

/// `fastpix::types::ListMediaResponse` → `ListMediaResponse` (generic arguments kept short too).
fn short_type_name(name: &str) -> String {
    let mut out = String::new();
    let mut word = String::new();
    for c in name.chars() {
        if c.is_alphanumeric() || c == '_' || c == ':' {
            word.push(c);
        } else {
            out.push_str(word.rsplit("::").next().unwrap_or_default());
            word.clear();
            out.push(c);
        }
    }
    out.push_str(word.rsplit("::").next().unwrap_or_default());
    out
}

/// A failed call, in one line: status and Prism's validation messages, or what failed.
pub trait Describe {
    fn describe(self) -> String;
}

macro_rules! describe_errors {
    ($($krate:ident),*) => {$(
        impl Describe for $krate::Error {
            fn describe(self) -> String {
                if let Some(api) = self.api_error() {
                    return describe_api(api.status().as_u16(), api.json(), api.headers(), &api.text());
                }
                if let $krate::Error::Decode { body, .. } = &self {
                    return format!("{self}; body: {}", clip(body, 400));
                }
                self.to_string()
            }
        }
    )*};
}

describe_errors!(fastpix, streampixel, fetchmedia, toolsfast);

/// `422 body /url: must match format "uri"`: Prism puts its findings in a problem+json body
/// (`validation`) or, when it answers with the spec's own error response, in the
/// `sl-violations` header.
fn describe_api(
    status: u16,
    json: Option<&serde_json::Value>,
    headers: &reqwest::header::HeaderMap,
    text: &str,
) -> String {
    let mut findings = Vec::new();
    if let Some(list) = json
        .and_then(|j| j.get("validation"))
        .and_then(|v| v.as_array())
    {
        findings.extend(list.iter().map(finding));
    }
    if let Some(value) = headers.get("sl-violations").and_then(|v| v.to_str().ok())
        && let Ok(serde_json::Value::Array(list)) = serde_json::from_str(value)
    {
        findings.extend(list.iter().map(finding));
    }
    let problem = |field: &str| json.and_then(|j| j.get(field)).and_then(|v| v.as_str());
    if findings.is_empty() {
        match (problem("title"), problem("detail")) {
            // Prism's own errors are problem+json: "Route not resolved, no path matched", …
            (Some(title), Some(detail)) => format!("{status}: {title}: {}", clip(detail, 300)),
            _ => format!("{status}: {}", clip(text, 300)),
        }
    } else {
        format!("{status}: {}", findings.join("; "))
    }
}

fn finding(item: &serde_json::Value) -> String {
    let location = item
        .get("location")
        .and_then(|l| l.as_array())
        .map(|parts| {
            parts
                .iter()
                .map(|p| p.as_str().map_or_else(|| p.to_string(), str::to_string))
                .collect::<Vec<_>>()
                .join("/")
        })
        .unwrap_or_default();
    let message = item.get("message").and_then(|m| m.as_str()).unwrap_or("?");
    if location.is_empty() {
        message.to_string()
    } else {
        format!("{location}: {message}")
    }
}

/// At most `max` characters of `text`, on one line.
pub fn clip(text: &str, max: usize) -> String {
    let one_line: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    match one_line.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &one_line[..i]),
        None => one_line,
    }
}

/// An operation as `operations.rs` declares it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declared {
    /// `GET /on-demand`, from the builder's doc comment; `?` if it has none.
    pub route: String,
}

/// The operations of a provider's crate, read from its `operations.rs`: operationId → route,
/// and the number of `fn send` (one per operation).
pub fn declared_operations(provider: &str) -> Result<(BTreeMap<String, Declared>, usize), String> {
    let path = operations_rs(provider);
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(parse_operations(&text))
}

fn operations_rs(provider: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../generated")
        .join(provider)
        .join("src/operations.rs")
}

/// Reads `const OPERATION: &str = "id";` (one per `send`) and the doc lines
/// ``/// `GET /path` (operation `id`).``
fn parse_operations(text: &str) -> (BTreeMap<String, Declared>, usize) {
    let mut ops = BTreeMap::new();
    let mut routes = BTreeMap::new();
    for line in text.lines() {
        let line = line.trim();
        if let Some(rest) = line.strip_prefix("const OPERATION: &str = \"")
            && let Some(id) = rest.strip_suffix("\";")
        {
            ops.insert(
                id.to_string(),
                Declared {
                    route: "?".to_string(),
                },
            );
        }
        if let Some(rest) = line.strip_prefix("/// `")
            && let Some((route, tail)) = rest.split_once("` (operation `")
            && let Some(id) = tail.strip_suffix("`).")
        {
            routes.insert(id.to_string(), route.to_string());
        }
    }
    for (id, declared) in ops.iter_mut() {
        if let Some(route) = routes.remove(id) {
            declared.route = route;
        }
    }
    let sends = text.matches("pub fn send(self)").count();
    (ops, sends)
}

/// What is wrong with the coverage of `called` against the crate's operations, if anything.
pub fn coverage_problems(
    declared: &BTreeMap<String, Declared>,
    sends: usize,
    called: &[&str],
) -> Vec<String> {
    let mut problems = Vec::new();
    let mut seen = BTreeSet::new();
    let duplicates: Vec<&str> = called
        .iter()
        .copied()
        .filter(|id| !seen.insert(*id))
        .collect();
    if !duplicates.is_empty() {
        problems.push(format!("called twice: {}", duplicates.join(", ")));
    }
    let missing: Vec<&str> = declared
        .keys()
        .map(String::as_str)
        .filter(|id| !seen.contains(id))
        .collect();
    if !missing.is_empty() {
        problems.push(format!("operations without a call: {}", missing.join(", ")));
    }
    let unknown: Vec<&str> = seen
        .iter()
        .copied()
        .filter(|id| !declared.contains_key(*id))
        .collect();
    if !unknown.is_empty() {
        problems.push(format!(
            "calls of operations the crate does not have: {}",
            unknown.join(", ")
        ));
    }
    if called.len() != sends {
        problems.push(format!(
            "{} calls for {sends} `fn send` in operations.rs",
            called.len()
        ));
    }
    problems
}

/// A request the mock must refuse (no credentials, or no required parameters): shows that it
/// validates requests, so that an OK row means the crate's request matched the spec.
fn control(provider: &str) -> (&'static str, &'static str) {
    match provider {
        "streampixel" => ("/projects/projects-status", "without userId and apikey"),
        "fetchmedia" => ("/files", "without credentials"),
        "toolsfast" => ("/convert/conversions", "without credentials"),
        _ => ("/on-demand", "without credentials"),
    }
}

/// The status of a bare `GET base_url + path`.
async fn control_status(base_url: &str, path: &str) -> Result<u16, String> {
    let url = format!("{}{path}", base_url.trim_end_matches('/'));
    let http = reqwest::Client::builder()
        .no_proxy()
        .timeout(CALL_TIMEOUT)
        .build()
        .map_err(|e| format!("cannot build the HTTP client: {e}"))?;
    let response = http
        .get(&url)
        .send()
        .await
        .map_err(|e| format!("GET {url}: {e}"))?;
    Ok(response.status().as_u16())
}

struct Args {
    provider: String,
    base_url: String,
}

const USAGE: &str = "usage: e2e-calls --provider NAME --base-url URL
  NAME: fastpix | streampixel | fetchmedia | toolsfast
  URL:  the mock server, e.g. http://127.0.0.1:4010 (without the spec's path prefix)";

fn parse_args(args: &[String]) -> Result<Args, String> {
    let mut provider = None;
    let mut base_url = None;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let slot = match arg.as_str() {
            "--provider" => &mut provider,
            "--base-url" => &mut base_url,
            other => return Err(format!("unexpected argument `{other}`")),
        };
        let value = it.next().ok_or_else(|| format!("{arg} needs a value"))?;
        if slot.replace(value.clone()).is_some() {
            return Err(format!("{arg} given twice"));
        }
    }
    Ok(Args {
        provider: provider.ok_or("--provider is required")?,
        base_url: base_url.ok_or("--base-url is required")?,
    })
}

/// Prints a line; a closed stdout is not worth a panic.
fn say(line: &str) {
    use std::io::Write as _;
    let _ = writeln!(std::io::stdout(), "{line}");
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args = match parse_args(&args) {
        Ok(args) => args,
        Err(message) => {
            eprintln!("error: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&args).await {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Runs every call of one provider; `Ok(true)` if all passed and the coverage is complete.
async fn run(args: &Args) -> Result<bool, String> {
    let provider = args.provider.as_str();
    if !PROVIDERS.contains(&provider) {
        return Err(format!(
            "unknown provider `{provider}` (known: {})",
            PROVIDERS.join(", ")
        ));
    }
    let (declared, sends) = declared_operations(provider)?;
    let (target, listener) =
        redirect::Target::bind().map_err(|e| format!("redirect target: {e}"))?;
    let server = tokio::spawn(target.clone().serve(listener));
    let clients = Clients::new(provider, &args.base_url, &target)?;
    let calls = clients.calls();

    let called: Vec<&str> = calls.iter().map(|c| c.operation).collect();
    let id_width = called.iter().map(|id| id.len()).max().unwrap_or(0);
    let route_width = declared.values().map(|d| d.route.len()).max().unwrap_or(0);
    let (mut passed, mut failed) = (0usize, 0usize);
    for call in calls {
        let outcome = match tokio::time::timeout(CALL_TIMEOUT, call.run).await {
            Ok(outcome) => outcome,
            Err(_) => Err(format!("no answer within {} s", CALL_TIMEOUT.as_secs())),
        };
        let route = declared
            .get(call.operation)
            .map_or("?", |d| d.route.as_str());
        let (verdict, detail) = match outcome {
            Ok(detail) => {
                passed += 1;
                ("OK", detail)
            }
            Err(detail) => {
                failed += 1;
                ("FAIL", detail)
            }
        };
        say(&format!(
            "{provider}  {:id_width$}  {route:route_width$}  {verdict:4}  {detail}",
            call.operation
        ));
    }
    server.abort();

    let (path, missing) = control(provider);
    let (verdict, detail) = match control_status(&args.base_url, path).await {
        Ok(status @ (400 | 401 | 422)) => ("OK", format!("refused {missing}: {status}")),
        Ok(status) => {
            failed += 1;
            (
                "FAIL",
                format!("answered {status} {missing}; expected 400, 401 or 422"),
            )
        }
        Err(e) => {
            failed += 1;
            ("FAIL", e)
        }
    };
    say(&format!(
        "{provider}  {:id_width$}  {:route_width$}  {verdict:4}  {detail}",
        "(control)",
        format!("GET {path}")
    ));

    let problems = coverage_problems(&declared, sends, &called);
    for problem in &problems {
        failed += 1;
        say(&format!(
            "{provider}  {:id_width$}  {:route_width$}  FAIL  {problem}",
            "(coverage)", "-"
        ));
    }
    say(&format!("{passed} passed, {failed} failed"));
    Ok(failed == 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every operation of every crate has exactly one call here (checked without a server:
    /// the calls are built, not run).
    #[test]
    fn calls_cover_every_operation() {
        let (target, _listener) = redirect::Target::bind().unwrap();
        for provider in PROVIDERS {
            let (declared, sends) = declared_operations(provider).unwrap();
            assert!(sends > 0, "{provider}: no `fn send` found");
            assert_eq!(declared.len(), sends, "{provider}: operation ids vs sends");
            let clients = Clients::new(provider, "http://127.0.0.1:9", &target).unwrap();
            let called: Vec<&str> = clients.calls().iter().map(|c| c.operation).collect();
            let problems = coverage_problems(&declared, sends, &called);
            assert!(problems.is_empty(), "{provider}: {problems:?}");
        }
    }

    #[test]
    fn reads_operations() {
        let text = r#"
    /// `GET /on-demand/{mediaId}` (operation `get-media`).
    pub fn get_media(&self) {}
    pub fn send(self) -> Pending<'a, ()> {
        const OPERATION: &str = "get-media";
    }
    pub fn send(self) -> Pending<'a, ()> {
        const OPERATION: &str = "undocumented";
    }
"#;
        let (ops, sends) = parse_operations(text);
        assert_eq!(sends, 2);
        assert_eq!(ops["get-media"].route, "GET /on-demand/{mediaId}");
        assert_eq!(ops["undocumented"].route, "?");
    }

    #[test]
    fn reports_coverage_problems() {
        let (declared, _) =
            parse_operations("const OPERATION: &str = \"a\";\nconst OPERATION: &str = \"b\";\n");
        assert!(coverage_problems(&declared, 2, &["a", "b"]).is_empty());
        let problems = coverage_problems(&declared, 2, &["a", "a", "c"]);
        assert_eq!(
            problems,
            [
                "called twice: a",
                "operations without a call: b",
                "calls of operations the crate does not have: c",
                "3 calls for 2 `fn send` in operations.rs",
            ]
        );
    }

    #[test]
    fn shortens_type_names() {
        assert_eq!(
            short_type_name("fastpix::types::ListMediaResponse"),
            "ListMediaResponse"
        );
        assert_eq!(
            short_type_name("alloc::vec::Vec<fastpix::types::Media>"),
            "Vec<Media>"
        );
    }

    #[test]
    fn describes_prism_findings() {
        let json = serde_json::json!({
            "status": 422,
            "validation": [{"location": ["path", "id"], "message": "must match format \"uuid\""}]
        });
        let headers = reqwest::header::HeaderMap::new();
        assert_eq!(
            describe_api(422, Some(&json), &headers, ""),
            "422: path/id: must match format \"uuid\""
        );
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(
            "sl-violations",
            r#"[{"location":["request"],"message":"Invalid security scheme used"}]"#
                .parse()
                .unwrap(),
        );
        assert_eq!(
            describe_api(401, None, &headers, "{}"),
            "401: request: Invalid security scheme used"
        );
        assert_eq!(
            describe_api(500, None, &reqwest::header::HeaderMap::new(), "boom"),
            "500: boom"
        );
        let problem = serde_json::json!({"title": "Route not resolved", "detail": "no /x"});
        assert_eq!(
            describe_api(404, Some(&problem), &reqwest::header::HeaderMap::new(), ""),
            "404: Route not resolved: no /x"
        );
    }

    #[test]
    fn parses_args() {
        let args: Vec<String> = ["--provider", "fastpix", "--base-url", "http://127.0.0.1:1"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let parsed = parse_args(&args).unwrap();
        assert_eq!(parsed.provider, "fastpix");
        assert_eq!(parsed.base_url, "http://127.0.0.1:1");
        assert!(parse_args(&args[..2]).is_err());
        assert!(parse_args(&["--frob".to_string()]).is_err());
    }
}
