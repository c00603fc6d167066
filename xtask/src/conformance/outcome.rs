//! One operation's result: the caller's JSON line, read and classed.
//!
//! An operation passes when Prism accepted every request it was sent (no request violation of
//! severity error in `sl-violations`) and the call returned with its body decoded. A failure
//! gets a class, with its evidence (what Prism or the client said):
//! - *the mock's*: Prism flags the response it generated as invalid against the spec (and
//!   the client could not decode it), Prism failed inside (a 5xx problem of its own, or a
//!   crash while the call was under way), it redirected to a hostname it made up, or it
//!   answered a redirect without a `Location` (the spec documents none);
//! - *the spec's*: the spec asks for a value nothing satisfies (a `uuid` of `minLength: 64`),
//!   found by the model's samples, which say where and why;
//! - *ours*: anything else: the request violated the spec, the client refused to send what
//!   the spec allows, or a response Prism found valid did not decode.

use serde_json::Value;

use super::build::{Conflict, ConflictKind};

/// Who is to blame for a failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Class {
    Ours,
    Spec,
    Mock,
}

impl Class {
    pub fn label(self) -> &'static str {
        match self {
            Class::Ours => "ours",
            Class::Spec => "the spec's",
            Class::Mock => "the mock's",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Class::Ours => "ours",
            Class::Spec => "spec",
            Class::Mock => "mock",
        }
    }
}

/// One of Prism's violations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// `request.query.limit`, `response.body.data`.
    pub location: String,
    pub severity: String,
    pub message: String,
}

impl Violation {
    fn is_error(&self) -> bool {
        self.severity.eq_ignore_ascii_case("error")
    }

    fn in_request(&self) -> bool {
        self.location == "request" || self.location.starts_with("request.")
    }

    pub fn text(&self) -> String {
        format!("{}: {}", self.location, self.message)
    }
}

/// One request and the head of its response, as the relay saw them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exchange {
    pub request: String,
    pub status: u16,
    pub violations: Vec<Violation>,
}

/// One operation's call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    pub operation: String,
    pub method: String,
    pub path: String,
    /// `ok`, `refused`, `status`, `decode`, `transport`, `arguments`, `panic`, `timeout`.
    pub outcome: String,
    pub detail: String,
    pub exchanges: Vec<Exchange>,
    /// Set when the call failed in transport while Prism had crashed: the crash.
    pub mock_crash: Option<String>,
    /// What the spec asks of this operation that no request can do.
    pub unsatisfiable: Vec<Conflict>,
}

/// What became of a call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// Some request reached the mock and none had a request violation.
    pub accepted: bool,
    /// The call returned and its body was read.
    pub decoded: bool,
    /// Why it failed: class and evidence; `None` when it passed.
    pub failure: Option<(Class, String)>,
}

impl Call {
    /// Reads one line of the caller; `None` for a line that is not a call.
    pub fn parse(line: &str) -> Option<Call> {
        let value: Value = serde_json::from_str(line).ok()?;
        let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
        let exchanges = value["exchanges"]
            .as_array()?
            .iter()
            .map(|e| Exchange {
                request: text(&e["request"]),
                status: e["status"]
                    .as_u64()
                    .and_then(|s| u16::try_from(s).ok())
                    .unwrap_or(0),
                violations: violations(&e["violations"]),
            })
            .collect();
        Some(Call {
            operation: text(value.get("operation")?),
            method: text(&value["method"]),
            path: text(&value["path"]),
            outcome: text(&value["outcome"]),
            detail: text(&value["detail"]),
            exchanges,
            mock_crash: None,
            unsatisfiable: Vec::new(),
        })
    }

    pub fn verdict(&self) -> Verdict {
        let refused = self.refused_by_prism();
        let request_errors: Vec<&Violation> = self
            .exchanges
            .iter()
            .flat_map(|e| &e.violations)
            .chain(&refused)
            .filter(|v| v.is_error() && v.in_request())
            .collect();
        let response_errors: Vec<&Violation> = self
            .exchanges
            .iter()
            .flat_map(|e| &e.violations)
            .filter(|v| v.is_error() && !v.in_request())
            .collect();
        let accepted = !self.exchanges.is_empty() && request_errors.is_empty();
        let decoded = self.outcome == "ok";
        let joined =
            |list: &[&Violation]| list.iter().map(|v| v.text()).collect::<Vec<_>>().join("; ");
        let prism_misreads: Vec<String> = request_errors
            .iter()
            .filter_map(|v| self.prism_misread(v))
            .collect();
        // What the spec makes impossible explains a refused request of its kind, not a
        // response.
        let explained = self.explained(&request_errors);
        let failure = if let (Some(reason), false) = (explained, accepted) {
            let said = match request_errors.is_empty() {
                true => format!("{}: {}", self.outcome, self.detail),
                false => format!("Prism: {}", joined(&request_errors)),
            };
            Some((
                Class::Spec,
                format!("no request can satisfy the spec: {reason}; {said}"),
            ))
        } else if !request_errors.is_empty() && prism_misreads.len() == request_errors.len() {
            Some((Class::Mock, prism_misreads.join("; ")))
        } else if !request_errors.is_empty() {
            Some((Class::Ours, format!("Prism: {}", joined(&request_errors))))
        } else if decoded {
            None
        } else if !response_errors.is_empty() && self.exchanges.iter().any(|e| e.status != 0) {
            let evidence = format!(
                "Prism flags its own response: {}; the client: {}",
                joined(&response_errors),
                self.detail
            );
            Some((Class::Mock, evidence))
        } else if let Some(evidence) = self.mock_failure() {
            Some((Class::Mock, evidence))
        } else {
            Some((Class::Ours, format!("{}: {}", self.outcome, self.detail)))
        };
        Verdict {
            accepted,
            decoded,
            failure,
        }
    }

    /// The spec's conflicts that explain these refusals: a value's, any; the path's, a URL
    /// Prism matched elsewhere or not at all; the security's, a refused credential.
    fn explained(&self, errors: &[&Violation]) -> Option<String> {
        let status = |codes: &[u16]| self.exchanges.iter().any(|e| codes.contains(&e.status));
        let applies = |kind: ConflictKind| match kind {
            ConflictKind::Value => true,
            ConflictKind::Path => {
                status(&[404])
                    || errors
                        .iter()
                        .any(|v| v.location.starts_with("request.path"))
            }
            ConflictKind::Security => {
                status(&[401, 403]) || errors.iter().any(|v| v.message.contains("security scheme"))
            }
        };
        let reasons: Vec<&str> = self
            .unsatisfiable
            .iter()
            .filter(|c| applies(c.kind))
            .map(|c| c.reason.as_str())
            .collect();
        (!reasons.is_empty()).then(|| reasons.join("; "))
    }

    /// Why a request violation is Prism's misreading of the spec, not the request's fault:
    /// a required `Accept`, `Content-Type` or `Authorization` header parameter (OpenAPI says
    /// such a parameter is ignored), or a path parameter the called operation does not have
    /// (Prism matched the URL to another path template).
    fn prism_misread(&self, violation: &Violation) -> Option<String> {
        let required = violation
            .message
            .split("must have required property '")
            .nth(1)?
            .split('\'')
            .next()?;
        let ignored = ["accept", "content-type", "authorization"];
        if violation.location == "request.header" && ignored.contains(&required) {
            return Some(format!(
                "Prism requires the header parameter `{required}`, which OpenAPI says is ignored ({})",
                violation.text()
            ));
        }
        let own: Vec<String> = self
            .path
            .split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}'))
            .map(|(name, _)| {
                name.trim_start_matches(['+', '.', ';', '/'])
                    .to_ascii_lowercase()
            })
            .collect();
        (violation.location == "request.path" && !own.iter().any(|n| n == required)).then(|| {
            format!(
                "Prism matched the URL to another path template (it requires `{required}`, which `{}` has no parameter for: {})",
                self.path,
                violation.text()
            )
        })
    }

    /// The violations of a request Prism refused with a 4xx problem of its own, with no
    /// `sl-violations` header: a 422 when the spec documents no 4xx response to answer with,
    /// a 404 for a URL no path template matches.
    fn refused_by_prism(&self) -> Vec<Violation> {
        // A 4xx problem of Prism's own: the request was refused before any mocking.
        let refused = self.outcome == "status"
            && self.detail.starts_with('4')
            && self.detail.contains("prism/errors#");
        if !refused {
            return Vec::new();
        }
        let problem = self
            .detail
            .find('{')
            .and_then(|at| serde_json::from_str::<Value>(&self.detail[at..]).ok());
        let listed = problem
            .as_ref()
            .map(|p| violations(&p["validation"]))
            .unwrap_or_default();
        if listed.is_empty() {
            // No list: the problem's type says what was refused (a path no template
            // matches is the path's).
            let kind = problem
                .as_ref()
                .and_then(|p| p["type"].as_str())
                .unwrap_or("");
            let location = if kind.contains("NO_PATH_MATCHED") || kind.contains("NO_METHOD_MATCHED")
            {
                "request.path"
            } else {
                "request"
            };
            return vec![Violation {
                location: location.to_string(),
                severity: "Error".to_string(),
                message: self.detail.clone(),
            }];
        }
        listed
            .into_iter()
            .map(|v| Violation {
                location: format!("request.{}", v.location),
                ..v
            })
            .collect()
    }

    /// Evidence that Prism itself failed: a 5xx problem of Prism's own, or a redirect
    /// to a made-up host that the client could not reach.
    fn mock_failure(&self) -> Option<String> {
        if let Some(crash) = &self.mock_crash {
            return Some(format!("{crash}; the client: {}", self.detail));
        }
        let prism_problem = "https://stoplight.io/prism/errors#";
        if self.outcome == "status"
            && self.detail.starts_with('5')
            && self.detail.contains(prism_problem)
        {
            return Some(format!("Prism failed: {}", self.detail));
        }
        let redirect = |e: &Exchange| (300..400).contains(&e.status);
        let last_redirected = self.exchanges.last().is_some_and(redirect);
        if self.outcome == "status" && last_redirected && !self.detail.contains("prism/errors#") {
            return Some(format!(
                "Prism answered a redirect with nothing to follow (the spec documents no `Location`): {}",
                self.detail
            ));
        }
        let redirected = self.exchanges.iter().any(redirect);
        if redirected && self.outcome == "transport" {
            return Some(format!(
                "Prism redirected to a generated location the client cannot reach: {}",
                self.detail
            ));
        }
        None
    }
}

/// Prism's `sl-violations`: an array of `{location: [..], severity, message}`, or text when
/// Prism truncated it ("Too many violations! …"), read as one request violation.
fn violations(value: &Value) -> Vec<Violation> {
    match value {
        Value::Array(list) => list
            .iter()
            .map(|v| Violation {
                location: v["location"]
                    .as_array()
                    .map(|parts| {
                        parts
                            .iter()
                            .map(|p| match p {
                                Value::String(s) => s.clone(),
                                other => other.to_string(),
                            })
                            .collect::<Vec<_>>()
                            .join(".")
                    })
                    .unwrap_or_default(),
                severity: v["severity"].as_str().unwrap_or("Error").to_string(),
                message: v["message"].as_str().unwrap_or_default().to_string(),
            })
            .collect(),
        Value::String(text) => vec![Violation {
            location: "request".to_string(),
            severity: "Error".to_string(),
            message: text.clone(),
        }],
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(outcome: &str, detail: &str, exchanges: &str) -> Call {
        let line = format!(
            r#"{{"operation":"op","method":"GET","path":"/p","outcome":"{outcome}","detail":{detail:?},"exchanges":{exchanges}}}"#
        );
        Call::parse(&line).unwrap()
    }

    #[test]
    fn a_clean_exchange_that_decoded_passes() {
        let c = call(
            "ok",
            "",
            r#"[{"request":"GET /p HTTP/1.1","status":200,"violations":null}]"#,
        );
        let v = c.verdict();
        assert!(v.accepted && v.decoded && v.failure.is_none(), "{v:?}");
    }

    #[test]
    fn a_request_violation_is_ours_even_if_the_call_returned() {
        let c = call(
            "ok",
            "",
            r#"[{"request":"GET /p HTTP/1.1","status":200,"violations":[{"location":["request","query","limit"],"severity":"Error","message":"must be <= 50"}]}]"#,
        );
        let v = c.verdict();
        assert!(!v.accepted);
        assert_eq!(
            v.failure,
            Some((
                Class::Ours,
                "Prism: request.query.limit: must be <= 50".to_string()
            ))
        );
    }

    #[test]
    fn a_response_prism_flags_is_the_mocks_and_a_valid_one_that_fails_is_ours() {
        let flagged = r#"[{"request":"GET /p HTTP/1.1","status":200,"violations":[{"location":["response","body","metadata"],"severity":"Error","message":"must NOT have more than 10 properties"}]}]"#;
        let v = call("decode", "at `metadata`", flagged).verdict();
        assert!(v.accepted && !v.decoded);
        assert_eq!(v.failure.map(|f| f.0), Some(Class::Mock));
        let clean = r#"[{"request":"GET /p HTTP/1.1","status":200,"violations":null}]"#;
        let v = call("decode", "at `metadata`", clean).verdict();
        assert_eq!(v.failure.map(|f| f.0), Some(Class::Ours));
        // A warning is not a violation.
        let warned = r#"[{"request":"GET /p HTTP/1.1","status":200,"violations":[{"location":["request"],"severity":"Warning","message":"w"}]}]"#;
        assert!(call("ok", "", warned).verdict().failure.is_none());
    }

    #[test]
    fn a_call_refused_before_sending_is_ours_and_not_accepted() {
        let v = call("refused", "invalid request", "[]").verdict();
        assert!(!v.accepted && !v.decoded);
        assert_eq!(v.failure.map(|f| f.0), Some(Class::Ours));
    }

    #[test]
    fn a_request_prism_refuses_with_its_own_problem_is_ours_with_its_violations() {
        let detail = r#"422 Unprocessable Entity: {"type":"https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY","title":"Invalid request","status":422,"validation":[{"location":["query"],"severity":"Error","code":"required","message":"Request query must have required property 'tagKeys'"}]}"#;
        let c = call(
            "status",
            detail,
            r#"[{"request":"DELETE /tags HTTP/1.1","status":422,"violations":null}]"#,
        );
        let v = c.verdict();
        assert!(!v.accepted);
        assert_eq!(
            v.failure,
            Some((
                Class::Ours,
                "Prism: request.query: Request query must have required property 'tagKeys'"
                    .to_string()
            ))
        );
    }

    #[test]
    fn a_refusal_of_a_value_nothing_satisfies_is_the_specs() {
        let mut c = call(
            "ok",
            "",
            r#"[{"request":"DELETE /jobs/x HTTP/1.1","status":200,"violations":[{"location":["request","path","job-id"],"severity":"Error","message":"must match format \"uuid\""}]}]"#,
        );
        c.unsatisfiable = vec![Conflict {
            kind: ConflictKind::Value,
            reason: "`job-id`: a `uuid` is 36 characters (at #/paths/~1jobs/delete)".into(),
        }];
        let v = c.verdict();
        assert_eq!(v.failure.as_ref().map(|f| f.0), Some(Class::Spec));
        let evidence = v.failure.unwrap().1;
        assert!(evidence.contains("a `uuid` is 36 characters"), "{evidence}");
        assert!(evidence.contains("must match format"), "{evidence}");
        // Accepted and decoded all the same: it passed.
        let mut ok = call(
            "ok",
            "",
            r#"[{"request":"GET / HTTP/1.1","status":200,"violations":null}]"#,
        );
        ok.unsatisfiable = c.unsatisfiable.clone();
        assert_eq!(ok.verdict().failure, None);
        // Accepted, then the mock failed: the mock's, whatever the spec asks.
        let mut mock = call(
            "status",
            "500 Internal Server Error: {\"type\":\"https://stoplight.io/prism/errors#NO_COMPLEX_OBJECT_TEXT\"}",
            r#"[{"request":"GET /%23Action=X HTTP/1.1","status":500,"violations":null}]"#,
        );
        mock.unsatisfiable = vec![Conflict {
            kind: ConflictKind::Path,
            reason: "the path template `/#Action=X` holds `#`".into(),
        }];
        assert_eq!(mock.verdict().failure.map(|f| f.0), Some(Class::Mock));
        // A path conflict does not explain a refused query: ours.
        let mut query = call(
            "status",
            "422",
            r#"[{"request":"GET /%23Action=X HTTP/1.1","status":422,"violations":[{"location":["request","query"],"severity":"Error","message":"Request query must have required property 'tags'"}]}]"#,
        );
        query.unsatisfiable = mock.unsatisfiable.clone();
        assert_eq!(query.verdict().failure.map(|f| f.0), Some(Class::Ours));
        query.exchanges[0].violations[0].location = "request.path".into();
        assert_eq!(query.verdict().failure.map(|f| f.0), Some(Class::Spec));
    }

    #[test]
    fn prisms_misreadings_of_the_spec_are_the_mocks() {
        let header = r#"[{"request":"GET /e HTTP/1.1","status":422,"violations":[{"location":["request","header"],"severity":"Error","message":"Request header must have required property 'authorization'"}]}]"#;
        let v = call("status", "422", header).verdict();
        assert_eq!(v.failure.as_ref().map(|f| f.0), Some(Class::Mock), "{v:?}");
        assert!(!v.accepted);
        let mut other = call(
            "status",
            "422",
            r#"[{"request":"POST /v1/x:subscribeClients HTTP/1.1","status":422,"violations":[{"location":["request","path"],"severity":"Error","message":"Request path must have required property 'name'"}]}]"#,
        );
        other.path = "/v1/{auctionPackage}:subscribeClients".to_string();
        assert_eq!(other.verdict().failure.map(|f| f.0), Some(Class::Mock));
        // A path parameter the operation has, missing: ours.
        other.path = "/v1/{name}:subscribeClients".to_string();
        assert_eq!(other.verdict().failure.map(|f| f.0), Some(Class::Ours));
        // One misreading beside a real violation: ours.
        let mixed = r#"[{"request":"GET /e HTTP/1.1","status":422,"violations":[{"location":["request","header"],"severity":"Error","message":"Request header must have required property 'content-type'"},{"location":["request","query","limit"],"severity":"Error","message":"must be integer"}]}]"#;
        assert_eq!(
            call("status", "422", mixed).verdict().failure.map(|f| f.0),
            Some(Class::Ours)
        );
    }

    #[test]
    fn prisms_own_failures_are_the_mocks() {
        let v = call(
            "status",
            "500 Internal Server Error: {\"type\":\"https://stoplight.io/prism/errors#UNKNOWN\"}",
            r#"[{"request":"GET /p HTTP/1.1","status":500,"violations":null}]"#,
        )
        .verdict();
        assert_eq!(v.failure.map(|f| f.0), Some(Class::Mock));
        let v = call(
            "transport",
            "dns error",
            r#"[{"request":"GET /p HTTP/1.1","status":302,"violations":null}]"#,
        )
        .verdict();
        assert_eq!(v.failure.map(|f| f.0), Some(Class::Mock));
        // A redirect without a Location: nothing to follow.
        let v = call(
            "status",
            "302 Found: ",
            r#"[{"request":"GET /auth/login/github/ HTTP/1.1","status":302,"violations":null}]"#,
        )
        .verdict();
        assert_eq!(v.failure.map(|f| f.0), Some(Class::Mock));
        // Prism's 404 for a path it does not know is ours: we sent it there (not accepted);
        // unless the spec's path key is one no URL matches.
        let mut c = call(
            "status",
            "404 Not Found: {\"type\":\"https://stoplight.io/prism/errors#NO_PATH_MATCHED_ERROR\"}",
            r#"[{"request":"GET /x HTTP/1.1","status":404,"violations":null}]"#,
        );
        let v = c.verdict();
        assert!(!v.accepted);
        assert_eq!(v.failure.map(|f| f.0), Some(Class::Ours));
        c.unsatisfiable = vec![Conflict {
            kind: ConflictKind::Path,
            reason: "the path template `/x?a={a}` holds `?`".into(),
        }];
        assert_eq!(c.verdict().failure.map(|f| f.0), Some(Class::Spec));
    }
}
