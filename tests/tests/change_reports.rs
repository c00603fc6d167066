//! API change reports: what changed between two generations of a crate, whether each change
//! breaks callers, the version that follows, and the changelog.
//!
//! Each case is a pair of specs under `tests/fixtures/changes/<case>/` (`old.yaml`,
//! `new.yaml`) that differ by one kind of change. Its report (as `cargo xtask diff` prints
//! it) is a snapshot `change_reports__<case>`, and the test checks how many changes are
//! breaking and compatible and the version after `0.1.0`. Update the snapshots with
//! `INSTA_UPDATE=always cargo test -p integration-tests --test change_reports`, then review
//! every line: it must be true and marked right.
//!
//! The rest follows a history through `generate_with_history`: version bumps, the changelog,
//! the `[crate] version` floor, a fixed point, and an unreadable `api-surface.json`.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use generator::changes::Report;
use generator::{History, Input, Output};
use integration_tests::{fixture, workspace};

const NONE: &str = "0.1.0";
const COMPATIBLE: &str = "0.1.1";
const BREAKING: &str = "0.2.0";

fn case_dir(case: &str) -> PathBuf {
    fixture("changes").join(case)
}

fn snapshot(name: &str, description: &str, report: &Report) {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.set_description(description);
    settings.bind(|| {
        insta::assert_snapshot!(format!("change_reports__{name}"), report.to_string());
    });
}

/// The report from the case's `old.yaml` to its `new.yaml`.
fn diff(case: &str) -> Report {
    let dir = case_dir(case);
    let (old, new) = (dir.join("old.yaml"), dir.join("new.yaml"));
    let input = |spec| Input {
        spec,
        config: None,
        name: None,
    };
    generator::diff_specs(&input(&old), &input(&new))
        .unwrap_or_else(|e| panic!("case `{case}`: {e}"))
}

/// Checks the counts and the version, then the snapshot.
fn check(case: &str, breaking: usize, compatible: usize, version: &str) -> Report {
    let report = diff(case);
    let text = report.to_string();
    assert_eq!(
        report.old_version.as_deref(),
        Some("0.1.0"),
        "{case}:\n{text}"
    );
    let counts = (report.breaking(), report.changes.len() - report.breaking());
    assert_eq!(
        counts,
        (breaking, compatible),
        "case `{case}`: (breaking, compatible) changes:\n{text}"
    );
    assert_eq!(report.new_version, version, "case `{case}`:\n{text}");
    snapshot(case, &format!("tests/fixtures/changes/{case}"), &report);
    report
}

/// Asserts that the report has a change containing `needle`, marked `breaking` or not.
fn marked(report: &Report, breaking: bool, needle: &str) {
    let found = report.changes.iter().find(|c| c.text.contains(needle));
    let Some(change) = found else {
        panic!("no change mentions `{needle}`:\n{report}");
    };
    assert_eq!(
        change.breaking,
        breaking,
        "`{}` must be marked {}:\n{report}",
        change.text,
        if breaking { "breaking" } else { "compatible" }
    );
}

/// `case: breaking, compatible => version;` checks the case with [`check`].
macro_rules! cases {
    ($($case:ident: $breaking:expr, $compatible:expr => $version:expr;)*) => {
        $(
            #[test]
            fn $case() {
                check(stringify!($case), $breaking, $compatible, $version);
            }
        )*
        /// The cases checked by `cases!` alone; cases with a test of their own are listed in
        /// `every_case_has_a_test`.
        const SIMPLE_CASES: &[&str] = &[$(stringify!($case)),*];
    };
}

cases! {
    operation_added: 0, 1 => COMPATIBLE;
    operation_removed: 1, 0 => BREAKING;
    operation_renamed: 1, 0 => BREAKING;
    param_added_required: 1, 0 => BREAKING;
    param_added_optional: 0, 1 => COMPATIBLE;
    param_removed: 1, 0 => BREAKING;
    param_became_required: 1, 0 => BREAKING;
    param_retyped: 1, 0 => BREAKING;
    // Same name, query → header: the setter is unchanged.
    param_moved: 0, 1 => COMPATIBLE;
    // `new` takes the field: that is the breaking change; the field itself is an addition.
    request_field_added_required: 1, 1 => BREAKING;
    request_field_added_optional: 0, 1 => COMPATIBLE;
    // A required field of a type only read from responses.
    response_field_added: 0, 1 => COMPATIBLE;
    property_added_frame_rate: 0, 1 => COMPATIBLE;
    field_removed: 1, 0 => BREAKING;
    field_retyped: 1, 0 => BREAKING;
    // `String` → `Option<String>` breaks readers of a response type and senders of a request
    // type alike.
    // `CreateVideo::new` loses its argument too (and gains `Default`).
    field_required_to_optional: 3, 1 => BREAKING;
    enum_value_added: 0, 1 => COMPATIBLE;
    enum_value_removed: 1, 0 => BREAKING;
    default_changed: 0, 1 => COMPATIBLE;
    auth_scheme_added: 0, 1 => COMPATIBLE;
    auth_scheme_removed: 1, 0 => BREAKING;
    // Same key, `http bearer` → `apiKey` header: the credential changes.
    auth_scheme_retyped: 1, 0 => BREAKING;
    // Same builder and credential, another header.
    auth_header_renamed: 0, 1 => COMPATIBLE;
    base_url_changed: 0, 1 => COMPATIBLE;
    request_body_retyped: 1, 0 => BREAKING;
    // A required body is a method argument, an optional one a setter.
    request_body_became_optional: 1, 0 => BREAKING;
    response_retyped: 1, 0 => BREAKING;
    // 200 and 202 now have different bodies: `send` returns `GetVideoResponse`.
    response_became_per_status: 1, 0 => BREAKING;
    // The per-status enums are matched exhaustively (not `#[non_exhaustive]`): a new variant
    // breaks the `match`.
    response_status_added: 1, 0 => BREAKING;
    response_status_removed: 1, 0 => BREAKING;
    response_status_retyped: 1, 0 => BREAKING;
    // A new enum and `from_error` with it, and the new `Problem` type.
    typed_errors_added: 0, 2 => COMPATIBLE;
    error_status_added: 1, 0 => BREAKING;
    error_status_removed: 1, 0 => BREAKING;
    error_status_retyped: 1, 0 => BREAKING;
    // A field of the non-exhaustive `GetVideoHeaders` (and `send_with_headers` with it).
    response_header_added: 0, 1 => COMPATIBLE;
    response_header_retyped: 1, 0 => BREAKING;
}

#[test]
fn no_change() {
    // Descriptions, a summary, an example and a contact differ; the API does not.
    let report = check("no_change", 0, 0, NONE);
    assert!(report.is_empty(), "{report}");
    assert_eq!(
        report.to_string(),
        "api: 0.1.0 → 0.1.0 (0 API changes, 0 breaking)\n"
    );
}

#[test]
fn field_optional_to_required() {
    // In a request type: `tags` becomes `Vec<String>`, `note` (nullable) stays an `Option`
    // but must now be sent.
    let report = check("field_optional_to_required", 3, 0, BREAKING);
    marked(
        &report,
        true,
        "`CreateVideo::new` takes (title, tags) (was (title))",
    );
    marked(
        &report,
        true,
        "`CreateVideo.tags` retyped: Option<Vec<String>> → Vec<String>",
    );
    marked(&report, true, "`CreateVideo.note` became required");
}

#[test]
fn enum_corrected() {
    // A plain string property becomes an `enum`: the field's type changes.
    let report = check("enum_corrected", 1, 1, BREAKING);
    marked(
        &report,
        true,
        "`CreateVideo.quality` retyped: Option<String> → Option<CreateVideoQuality>",
    );
    marked(&report, false, "type added: `CreateVideoQuality`");
}

#[test]
fn minimum_changed() {
    // Request field `minimum` lowered, request parameter `minimum` raised, response field
    // `minimum` raised: only the parameter rejects values it used to accept from callers.
    let report = check("minimum_changed", 1, 2, BREAKING);
    marked(
        &report,
        false,
        "`CreateVideo.max_duration`: `minimum` 60 → 0",
    );
    marked(&report, true, "`limit` of `list_videos`: `minimum` 1 → 10");
    marked(&report, false, "`Video.duration`: `minimum` 0 → 1");
}

#[test]
fn auth_scheme_changed() {
    // An `http bearer` scheme replaced by an `apiKey` header scheme (another key).
    let report = check("auth_scheme_changed", 1, 1, BREAKING);
    marked(&report, true, "auth scheme removed: `BearerAuth`");
    marked(&report, false, "auth scheme added: `ApiKeyAuth`");
}

// Bugs: the next three tests fail until the surface knows the order of a method's required
// arguments.
// Required path and query parameters are positional arguments of the operation method, in
// path order (path parameters) and then in list order; the surface keeps parameters by name
// only, so it sees neither a reordering nor that a renamed argument is the same argument.

/// `/orgs/{orgId}/items/{itemId}` → `/items/{itemId}/orgs/{orgId}`: `get_item(org_id,
/// item_id)` becomes `get_item(item_id, org_id)`. Callers still compile and send each id in
/// the other's place: breaking, and the report must say so.
#[test]
fn path_params_reordered() {
    let report = diff("path_params_reordered");
    assert!(
        report.breaking() >= 1,
        "the argument order of `get_item` changed (org_id, item_id → item_id, org_id), \
         but no change is breaking:\n{report}"
    );
    assert_eq!(report.new_version, BREAKING, "{report}");
    snapshot(
        "path_params_reordered",
        "tests/fixtures/changes/path_params_reordered",
        &report,
    );
}

/// Two required query parameters swap places in the list: `search(from, to)` becomes
/// `search(to, from)`, yet the report is empty and the version stays.
#[test]
fn query_params_reordered() {
    let report = diff("query_params_reordered");
    assert!(
        report.breaking() >= 1,
        "the argument order of `search` changed (from, to → to, from), \
         but no change is breaking:\n{report}"
    );
    assert_eq!(report.new_version, BREAKING, "{report}");
    snapshot(
        "query_params_reordered",
        "tests/fixtures/changes/query_params_reordered",
        &report,
    );
}

/// `/videos/{videoId}` → `/videos/{id}`: `get_video(video_id)` becomes `get_video(id)`, the
/// same positional argument; calls compile and work as before. Only the path changed.
#[test]
fn path_param_renamed() {
    let report = diff("path_param_renamed");
    assert_eq!(
        report.breaking(),
        0,
        "a renamed path parameter is the same positional argument:\n{report}"
    );
    assert_eq!(report.new_version, COMPATIBLE, "{report}");
    marked(
        &report,
        false,
        "`get_video` now sends `GET /videos/{id}` (was `GET /videos/{videoId}`)",
    );
    snapshot(
        "path_param_renamed",
        "tests/fixtures/changes/path_param_renamed",
        &report,
    );
}

/// OpenAPI 3.0's `exclusiveMinimum` is a boolean: `true` → `false` accepts the minimum
/// itself again, a looser limit, so it cannot break a caller.
#[test]
fn exclusive_minimum_relaxed() {
    let report = diff("exclusive_minimum_relaxed");
    assert_eq!(
        (report.breaking(), report.changes.len()),
        (0, 1),
        "`exclusiveMinimum: true` → `false` is looser, not tighter:\n{report}"
    );
    assert_eq!(report.new_version, COMPATIBLE, "{report}");
    snapshot(
        "exclusive_minimum_relaxed",
        "tests/fixtures/changes/exclusive_minimum_relaxed",
        &report,
    );
}

/// A surface written before per-status responses and typed errors were recorded (format 1:
/// no `format`, `responses` or `errors`, and `response` naming the lowest 2xx body) knows
/// nothing of them: regenerating the same spec after it reports no change and keeps the
/// version, and a change it cannot see (a status added) is not guessed at.
/// The history of generating `case`'s old spec, with its surface rewritten by `older` as
/// an older generator would have written it.
fn older_surface(
    case: &str,
    older: impl FnOnce(&mut serde_json::Map<String, serde_json::Value>),
) -> Previous {
    let (output, _) = generate(case, "old", None, None);
    let mut surface: serde_json::Value =
        serde_json::from_str(file(&output, "api-surface.json")).unwrap();
    older(surface.as_object_mut().unwrap());
    Previous {
        surface: serde_json::to_string_pretty(&surface).unwrap(),
        changelog: file(&output, "CHANGELOG.md").to_string(),
        sources: output
            .files
            .iter()
            .filter(|(path, _)| generator::changes::runtime::SOURCES.contains(&path.as_str()))
            .map(|(path, text)| (path.clone(), text.clone()))
            .collect(),
    }
}

/// A generator upgrade that changes the runtime API (the client, its errors, the methods of
/// every builder) is reported as a spec change is. Here the previous crate was written
/// before the surface recorded the runtime (format 4), so its sources say what it was: its
/// `Error::Timeout` named the limit in a field `what`, and its builders had no
/// `with_attempt_timeout`.
#[test]
fn a_runtime_change_between_generators_is_reported_from_the_old_sources() {
    let case = "request_field_added_optional";
    let mut previous = older_surface(case, |root| {
        root.insert("format".into(), serde_json::json!(4));
        assert!(
            root.remove("runtime").is_some(),
            "format 5 records the runtime"
        );
    });
    for (path, text) in &mut previous.sources {
        if path == "src/error.rs" {
            assert!(text.contains("        limit: TimeLimit,\n"), "{text}");
            *text = text.replace(
                "        limit: TimeLimit,\n",
                "        what: &'static str,\n",
            );
        }
        if path == "src/transport.rs" {
            *text = text.replace("pub fn with_attempt_timeout(", "fn with_attempt_timeout(");
        }
    }
    let (output, report) = generate(case, "old", None, Some(&previous));
    marked(
        &report,
        true,
        "runtime: `Error::Timeout.what` removed (was `&'static str`)",
    );
    marked(
        &report,
        true,
        "runtime: `Error::Timeout.limit` added (`TimeLimit`)",
    );
    marked(
        &report,
        false,
        "runtime: `<request builders>::with_attempt_timeout` added (`fn with_attempt_timeout(self, timeout: std::time::Duration) -> Self`)",
    );
    assert_eq!(
        (report.breaking(), report.changes.len()),
        (2, 3),
        "{report}"
    );
    assert_eq!(report.new_version, "0.2.0");
    assert!(
        file(&output, "CHANGELOG.md").contains("- runtime: `Error::Timeout.what` removed"),
        "{}",
        file(&output, "CHANGELOG.md")
    );
    // The new surface records the runtime: the next generation compares it directly.
    let (_, again) = generate(case, "old", None, Some(&Previous::of(&output)));
    assert!(again.is_empty(), "{again}");
}

/// A surface written before response headers were recorded (format 3) knows none: the
/// headers the spec documents are not reported as added, and the next surface records them.
#[test]
fn a_format_3_surface_reports_no_header_changes() {
    let case = "response_header_retyped";
    let previous = older_surface(case, |root| {
        root.insert("format".into(), serde_json::json!(3));
        let op = root["operations"]["get_video"].as_object_mut().unwrap();
        assert!(
            op.remove("headers").is_some(),
            "`get_video` documents a header"
        );
    });
    for spec in ["old", "new"] {
        let (again, report) = generate(case, spec, None, Some(&previous));
        assert!(report.is_empty(), "{spec}: {report}");
        assert!(file(&again, "api-surface.json").contains("X-RateLimit-Remaining"));
    }
}

#[test]
fn a_format_1_surface_reports_no_per_status_changes() {
    let case = "error_status_added";
    let previous = older_surface(case, |root| {
        assert_eq!(root.remove("format"), Some(serde_json::json!(5)));
        root.remove("runtime");
        let op = root["operations"]["get_video"].as_object_mut().unwrap();
        let responses = op
            .remove("responses")
            .expect("`get_video` has per-status responses");
        assert_eq!(responses["enum"], "GetVideoResponse");
        assert_eq!(op["response"], "GetVideoResponse");
        op.insert("response".into(), "Video".into());
        assert!(
            op.remove("errors").is_some(),
            "`get_video` has typed errors"
        );
    });
    for spec in ["old", "new"] {
        let (again, report) = generate(case, spec, None, Some(&previous));
        assert!(report.is_empty(), "{spec}: {report}");
        assert_eq!(cargo_version(&again), "0.1.0");
        // The new surface records them, so the next generation compares them.
        assert!(file(&again, "api-surface.json").contains("\"format\": 5"));
    }
    // What format 1 did know still counts.
    let (_, report) = generate("response_retyped", "new", None, Some(&previous));
    marked(
        &report,
        true,
        "response of `get_video` retyped: Video → VideoList",
    );
}

/// A case folder without a test (or a test without a folder) fails here.
#[test]
fn every_case_has_a_test() {
    let own = [
        "no_change",
        "field_optional_to_required",
        "enum_corrected",
        "minimum_changed",
        "auth_scheme_changed",
        "path_params_reordered",
        "query_params_reordered",
        "path_param_renamed",
        "exclusive_minimum_relaxed",
    ];
    let listed: BTreeSet<String> = SIMPLE_CASES
        .iter()
        .chain(&own)
        .map(|s| s.to_string())
        .collect();
    let root = fixture("changes");
    let on_disk: BTreeSet<String> = fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .map(|entry| entry.expect("readable folder").path())
        .filter(|path| path.join("old.yaml").is_file() && path.join("new.yaml").is_file())
        .filter_map(|path| Some(path.file_name()?.to_str()?.to_string()))
        .collect();
    assert_eq!(on_disk, listed);
}

/// FastPix's two published specs (`api.fastpix.io` and the `api.fastpix.com` migration), if
/// `../shared/upstream/fastpix/` is next to the workspace. Structurally they differ only in
/// the server URL and three `default` values (and in examples, which are not API).
#[test]
fn fastpix_published_pair() {
    let Some(dir) = workspace()
        .parent()
        .map(|p| p.join("shared/upstream/fastpix"))
    else {
        eprintln!("skipped: the workspace has no parent folder");
        return;
    };
    let old = dir.join("openapi.yaml");
    let new = dir.join("openapi.fastpix-com-2026-05.yaml");
    if !old.is_file() || !new.is_file() {
        eprintln!(
            "skipped: the published FastPix specs are not in {}",
            dir.display()
        );
        return;
    }
    let input = |spec| Input {
        spec,
        config: None,
        name: None,
    };
    let report = generator::diff_specs(&input(&old), &input(&new))
        .unwrap_or_else(|e| panic!("FastPix specs: {e}"));
    marked(
        &report,
        false,
        "base URL changed: https://api.fastpix.io/v1 → https://api.fastpix.com/v1",
    );
    for field in [
        "AddTrackRequest.url",
        "CreateMediaRequest.inputs",
        "PullVideoInput.url",
    ] {
        marked(&report, false, &format!("field `{field}`: `default`"));
    }
    assert_eq!(
        (report.breaking(), report.changes.len()),
        (0, 4),
        "{report}"
    );
    assert_eq!(report.new_version, COMPATIBLE);
    snapshot(
        "fastpix_published",
        "../shared/upstream/fastpix: openapi.yaml → openapi.fastpix-com-2026-05.yaml",
        &report,
    );
}

// Histories through `generate_with_history`.

/// Where a history's surface is said to come from (only named in diagnostics).
const SURFACE: &str = "generated/changes/api-surface.json";

/// The files the previous generation left: `api-surface.json` and `CHANGELOG.md`.
struct Previous {
    surface: String,
    changelog: String,
    /// The previous crate's runtime sources (read when the surface does not record them).
    sources: Vec<(String, String)>,
}

impl Previous {
    fn of(output: &Output) -> Previous {
        Previous {
            surface: file(output, "api-surface.json").to_string(),
            changelog: file(output, "CHANGELOG.md").to_string(),
            sources: Vec::new(),
        }
    }

    fn history(&self) -> History<'_> {
        History {
            path: Path::new(SURFACE),
            surface: &self.surface,
            changelog: Some(&self.changelog),
            sources: &self.sources,
        }
    }
}

fn file<'a>(output: &'a Output, path: &str) -> &'a str {
    output
        .files
        .get(path)
        .unwrap_or_else(|| panic!("`{path}` was not generated"))
}

/// `spec` of a case (`old` or `new`), generated as crate `changes` after `previous`.
fn generate(
    case: &str,
    spec: &str,
    config: Option<&Path>,
    previous: Option<&Previous>,
) -> (Output, Report) {
    let spec = case_dir(case).join(format!("{spec}.yaml"));
    let input = Input {
        spec: &spec,
        config,
        name: Some("changes"),
    };
    let history = previous.map(Previous::history);
    generator::generate_with_history(&input, history.as_ref())
        .unwrap_or_else(|e| panic!("{}: {e}", spec.display()))
}

fn cargo_version(output: &Output) -> String {
    let toml = file(output, "Cargo.toml");
    let line = toml
        .lines()
        .find(|l| l.starts_with("version = "))
        .unwrap_or_else(|| panic!("no version in Cargo.toml:\n{toml}"));
    line.trim_start_matches("version = ")
        .trim_matches('"')
        .to_string()
}

/// The version recorded in `api-surface.json`.
fn surface_version(output: &Output) -> String {
    let json: serde_json::Value = serde_json::from_str(file(output, "api-surface.json")).unwrap();
    json["version"].as_str().unwrap().to_string()
}

/// The `## ` headings of a changelog, in order.
fn entries(changelog: &str) -> Vec<&str> {
    changelog.lines().filter(|l| l.starts_with("## ")).collect()
}

/// The first generation of `case`'s old spec, as the history of the next.
fn first(case: &str) -> Previous {
    let (output, report) = generate(case, "old", None, None);
    assert_eq!(report.old_version, None);
    assert!(report.is_empty());
    assert_eq!(cargo_version(&output), "0.1.0");
    assert_eq!(
        entries(file(&output, "CHANGELOG.md")),
        ["## 0.1.0 (API version 1.0.0)"]
    );
    Previous::of(&output)
}

/// Generating again after `output` changes nothing: same files, same version, no changes.
fn assert_fixed_point(case: &str, output: &Output) {
    let previous = Previous::of(output);
    let (again, report) = generate(case, "new", None, Some(&previous));
    assert!(report.is_empty(), "{report}");
    assert_eq!(
        report.old_version.as_deref(),
        Some(report.new_version.as_str())
    );
    assert_eq!(cargo_version(&again), cargo_version(output));
    assert_eq!(file(&again, "CHANGELOG.md"), previous.changelog);
    assert_eq!(
        again.files, output.files,
        "a second generation changed files"
    );
}

#[test]
fn compatible_change_bumps_the_patch_version_and_adds_a_changelog_entry() {
    let case = "request_field_added_optional";
    let previous = first(case);
    let (output, report) = generate(case, "new", None, Some(&previous));
    assert_eq!(report.old_version.as_deref(), Some("0.1.0"));
    assert_eq!(report.new_version, "0.1.1");
    assert_eq!(cargo_version(&output), "0.1.1");
    assert_eq!(surface_version(&output), "0.1.1");
    assert!(file(&output, "src/client.rs").contains("\"changes/0.1.1\""));

    // The new entry first, the old one kept as it was.
    let changelog = file(&output, "CHANGELOG.md");
    assert_eq!(
        entries(changelog),
        [
            "## 0.1.1 (API version 1.0.0)",
            "## 0.1.0 (API version 1.0.0)"
        ]
    );
    assert!(
        changelog.contains(
            "## 0.1.1 (API version 1.0.0)\n\nCompatible:\n\
             - field added: `CreateVideo.language` (Option<String>, optional)\n\n## 0.1.0"
        ),
        "{changelog}"
    );
    let old_entry = &previous.changelog[previous.changelog.find("## 0.1.0").unwrap()..];
    assert!(changelog.ends_with(old_entry), "{changelog}");

    // Everything else is generated from the new spec: the same files as a first generation
    // of it, but for the version.
    let (fresh, _) = generate(case, "new", None, None);
    assert_eq!(
        fresh.files.keys().collect::<Vec<_>>(),
        output.files.keys().collect::<Vec<_>>()
    );
    for (path, contents) in &fresh.files {
        if path == "CHANGELOG.md" {
            continue;
        }
        let expected = contents
            .replace("version = \"0.1.0\"", "version = \"0.1.1\"")
            .replace("\"version\": \"0.1.0\"", "\"version\": \"0.1.1\"")
            .replace("\"changes/0.1.0\"", "\"changes/0.1.1\"");
        assert_eq!(&expected, &output.files[path], "`{path}` differs");
    }
    assert!(file(&output, "src/types.rs").contains("pub language: Option<String>"));
    assert!(file(&output, "README.md").contains("create_video"));

    assert_fixed_point(case, &output);
}

#[test]
fn breaking_change_bumps_the_minor_version_below_1() {
    let case = "param_added_required";
    let previous = first(case);
    let (output, report) = generate(case, "new", None, Some(&previous));
    assert_eq!(report.new_version, "0.2.0");
    assert_eq!(cargo_version(&output), "0.2.0");
    assert_eq!(surface_version(&output), "0.2.0");
    let changelog = file(&output, "CHANGELOG.md");
    assert_eq!(
        entries(changelog),
        [
            "## 0.2.0 (API version 1.0.0)",
            "## 0.1.0 (API version 1.0.0)"
        ]
    );
    assert!(
        changelog.contains(
            "Breaking:\n- parameter added to `list_videos`: required query `project_id` (String)\n"
        ),
        "{changelog}"
    );
    assert_fixed_point(case, &output);
}

#[test]
fn no_change_keeps_the_version_and_the_changelog() {
    let case = "no_change";
    let previous = first(case);
    let (output, report) = generate(case, "new", None, Some(&previous));
    assert!(report.is_empty(), "{report}");
    assert_eq!(cargo_version(&output), "0.1.0");
    assert_eq!(file(&output, "CHANGELOG.md"), previous.changelog);
    assert_eq!(file(&output, "api-surface.json"), previous.surface);
}

/// A first-generation history, as if the crate had been generated as `version`.
fn at_version(previous: &Previous, version: &str) -> Previous {
    let from = "\"version\": \"0.1.0\"";
    assert_eq!(previous.surface.matches(from).count(), 1);
    assert_eq!(previous.changelog.matches("## 0.1.0 ").count(), 1);
    Previous {
        surface: previous
            .surface
            .replace(from, &format!("\"version\": \"{version}\"")),
        changelog: previous
            .changelog
            .replace("## 0.1.0 ", &format!("## {version} ")),
        sources: Vec::new(),
    }
}

#[test]
fn from_1_x_breaking_bumps_the_major_and_compatible_the_minor_version() {
    for (case, expected) in [
        ("param_added_required", "2.0.0"),
        ("param_added_optional", "1.5.0"),
        ("no_change", "1.4.2"),
    ] {
        let previous = at_version(&first(case), "1.4.2");
        let (output, report) = generate(case, "new", None, Some(&previous));
        assert_eq!(report.old_version.as_deref(), Some("1.4.2"), "{case}");
        assert_eq!(report.new_version, expected, "{case}");
        assert_eq!(cargo_version(&output), expected, "{case}");
        assert_eq!(surface_version(&output), expected, "{case}");
        let changelog = file(&output, "CHANGELOG.md");
        let mut headings = vec![format!("## {expected} (API version 1.0.0)")];
        if expected != "1.4.2" {
            headings.push("## 1.4.2 (API version 1.0.0)".to_string());
        }
        assert_eq!(entries(changelog), headings, "{case}: {changelog}");
        assert_fixed_point(case, &output);
    }
}

#[test]
fn config_version_is_a_floor() {
    let floor = fixture("changes").join("floor.provider.toml");

    // Compatible change from 0.1.0: 0.1.1 < 0.5.0, the config wins.
    let case = "param_added_optional";
    let previous = first(case);
    let (output, report) = generate(case, "new", Some(&floor), Some(&previous));
    assert_eq!(report.new_version, "0.5.0");
    assert_eq!(cargo_version(&output), "0.5.0");
    assert_eq!(surface_version(&output), "0.5.0");
    assert_eq!(
        entries(file(&output, "CHANGELOG.md")),
        [
            "## 0.5.0 (API version 1.0.0)",
            "## 0.1.0 (API version 1.0.0)"
        ]
    );
    // Generating again with the same config is a fixed point.
    let previous = Previous::of(&output);
    let (again, report) = generate(case, "new", Some(&floor), Some(&previous));
    assert!(report.is_empty(), "{report}");
    assert_eq!(again.files, output.files);

    // Breaking change from 1.4.2: 2.0.0 > 0.5.0, the bump wins.
    let case = "param_added_required";
    let previous = at_version(&first(case), "1.4.2");
    let (output, report) = generate(case, "new", Some(&floor), Some(&previous));
    assert_eq!(report.new_version, "2.0.0");
    assert_eq!(cargo_version(&output), "2.0.0");

    // First generation: the config's version.
    let (output, _) = generate(case, "old", Some(&floor), None);
    assert_eq!(cargo_version(&output), "0.5.0");
}

#[test]
fn corrupt_surface_is_a_diagnostic_naming_the_file_and_line() {
    let previous = first("operation_added");
    // Cut the surface off in the middle of its third line.
    let cut: usize = previous
        .surface
        .lines()
        .take(2)
        .map(|l| l.len() + 1)
        .sum::<usize>()
        + 5;
    let corrupt = Previous {
        surface: previous.surface[..cut].to_string(),
        changelog: previous.changelog.clone(),
        sources: Vec::new(),
    };
    let spec = case_dir("operation_added").join("new.yaml");
    let input = Input {
        spec: &spec,
        config: None,
        name: Some("changes"),
    };
    let error = generator::generate_with_history(&input, Some(&corrupt.history()))
        .expect_err("a corrupt api-surface.json must fail");
    let text = error.to_string();
    assert_eq!(error.file, Path::new(SURFACE));
    assert!(
        matches!(error.location, generator::Location::Line { line: 3, .. }),
        "{text}"
    );
    assert!(
        text.starts_with(&format!("{SURFACE}:3:")),
        "the message must name the file and line: {text}"
    );
    assert!(
        text.contains("api-surface") || text.contains("API surface"),
        "{text}"
    );

    // Valid JSON, but not a surface (a missing key): still located.
    let not_a_surface = Previous {
        surface: "{\n  \"package\": \"changes\"\n}\n".to_string(),
        changelog: String::new(),
        sources: Vec::new(),
    };
    let error = generator::generate_with_history(&input, Some(&not_a_surface.history()))
        .expect_err("a surface without its keys must fail");
    assert_eq!(error.file, Path::new(SURFACE), "{error}");
    assert!(
        matches!(error.location, generator::Location::Line { .. }),
        "{error}"
    );

    // A version that is not `major.minor.patch`.
    let bad_version = at_version(&previous, "one");
    let error = generator::generate_with_history(&input, Some(&bad_version.history()))
        .expect_err("a bad version must fail");
    assert_eq!(
        error.to_string(),
        format!("{SURFACE}#/version: `one` is not a `major.minor.patch` version")
    );
}
