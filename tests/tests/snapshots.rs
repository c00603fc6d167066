//! Golden snapshots of every generated file, per fixture under `tests/fixtures/`.
//!
//! Each fixture is a small spec exercising one feature. Every generator-emitted file is a
//! snapshot of its own, named `<fixture>__<path with / → _>`, so a change to the generator
//! shows up as a reviewable diff per fixture and file. The hand-written runtime files
//! (`src/error.rs`, `src/transport.rs`, `src/redirect.rs`, `src/response.rs`, ...) are copied
//! verbatim and are not snapshotted; which files a crate has is (`<fixture>__files`).
//!
//! Update with `INSTA_UPDATE=always cargo test -p integration-tests --test snapshots` (or
//! `cargo insta review`), then review and commit `tests/tests/snapshots/`.

use std::collections::BTreeSet;
use std::fs;

use generator::Input;
use integration_tests::fixture;

/// Files the generator emits from the model; snapshotted.
const EMITTED: &[&str] = &[
    "CHANGELOG.md",
    "Cargo.toml",
    "README.md",
    "api-surface.json",
    "src/auth.rs",
    "src/client.rs",
    "src/error_format.rs",
    "src/lib.rs",
    "src/operations.rs",
    "src/types.rs",
];

/// Generated files only some crates have, snapshotted where they are.
const EMITTED_WHERE_NEEDED: &[&str] = &["src/webhooks.rs"];

/// Hand-written runtime copied into crates; not snapshotted.
const RUNTIME: &[&str] = &[
    "src/authorize.rs",
    "src/bearer_tokens.rs",
    "src/call.rs",
    "src/de.rs",
    "src/download.rs",
    "src/error.rs",
    "src/error_text.rs",
    "src/lines.rs",
    "src/mock.rs",
    "src/mock_failures.rs",
    "src/multipart.rs",
    "src/nullable.rs",
    "src/oauth2.rs",
    "src/pagination.rs",
    "src/params.rs",
    "src/redirect.rs",
    "src/request.rs",
    "src/response.rs",
    "src/retry.rs",
    "src/signing.rs",
    "src/sse.rs",
    "src/transport.rs",
    "src/webhook_signature.rs",
];

/// Every fixture with a test below; `every_fixture_has_a_snapshot_test` keeps it complete.
const FIXTURES: &[&str] = &[
    "any_of",
    "auth_basic",
    "auth_bearer",
    "auth_cookie",
    "auth_header",
    "auth_hmac",
    "auth_in_request",
    "auth_multiple",
    "auth_oauth_requirements",
    "auth_query",
    "default_response",
    "docs_hostile",
    "enums",
    "event_stream",
    "features_by_tag",
    "features_off_by_default",
    "form_urlencoded",
    "hostile_shapes",
    "json_body",
    "json_lines",
    "multi_file",
    "multipart_download",
    "multipart_text_only",
    "name_collisions",
    "no_servers",
    "nullable",
    "nullable_items",
    "oauth2_client_credentials",
    "one_of_discriminated",
    "one_of_untagged",
    "operations_unnamed",
    "params",
    "params_styles",
    "params_wire",
    "prelude_names",
    "request_body_media_types",
    "response_headers",
    "responses_multi",
    "retry_idempotency",
    "schema_enums_non_string",
    "schema_formats",
    "schema_nullable_patch",
    "schema_read_write_only",
    "schema_recursive",
    "server_variables",
    "shared_shapes",
    "swagger2_json",
    "swagger2_petstore_like",
    "v31_basic",
    "v31_webhooks_only",
    "webhooks_callbacks",
    "webhooks_feature",
    "webhooks_signed",
];

/// A fixture's spec: `openapi.yaml`, or `openapi.json` for the JSON-input fixtures.
fn spec_in(dir: &std::path::Path) -> Option<std::path::PathBuf> {
    ["openapi.yaml", "openapi.json"]
        .into_iter()
        .map(|file| dir.join(file))
        .find(|path| path.is_file())
}

fn snapshot_fixture(name: &str) {
    let dir = fixture(name);
    let spec = spec_in(&dir).unwrap_or_else(|| panic!("fixture `{name}` has no spec"));
    let config = dir.join("provider.toml");
    let output = generator::generate(&Input {
        spec: &spec,
        config: Some(&config),
        name: None,
    })
    .unwrap_or_else(|e| panic!("fixture `{name}` failed to generate: {e}"));

    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.set_description(format!("tests/fixtures/{name}"));
    settings.bind(|| {
        let listing: String = output.files.keys().map(|p| format!("{p}\n")).collect();
        insta::assert_snapshot!(format!("{name}__files"), listing);
        for path in EMITTED {
            let contents = output
                .files
                .get(*path)
                .unwrap_or_else(|| panic!("fixture `{name}`: `{path}` was not generated"));
            let snapshot = format!("{name}__{}", path.replace('/', "_"));
            insta::assert_snapshot!(snapshot, contents);
        }
        for path in EMITTED_WHERE_NEEDED {
            if let Some(contents) = output.files.get(*path) {
                let snapshot = format!("{name}__{}", path.replace('/', "_"));
                insta::assert_snapshot!(snapshot, contents);
            }
        }
    });

    for path in output.files.keys() {
        assert!(
            EMITTED.contains(&path.as_str())
                || EMITTED_WHERE_NEEDED.contains(&path.as_str())
                || RUNTIME.contains(&path.as_str()),
            "fixture `{name}`: unexpected generated file `{path}`; snapshot it or list it as runtime"
        );
    }
}

macro_rules! fixtures {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                snapshot_fixture(stringify!($name));
            }
        )*
    };
}

fixtures!(
    any_of,
    auth_basic,
    auth_bearer,
    auth_cookie,
    auth_header,
    auth_hmac,
    auth_in_request,
    auth_multiple,
    auth_oauth_requirements,
    auth_query,
    default_response,
    docs_hostile,
    enums,
    event_stream,
    features_by_tag,
    features_off_by_default,
    form_urlencoded,
    hostile_shapes,
    json_body,
    json_lines,
    multi_file,
    multipart_download,
    multipart_text_only,
    name_collisions,
    no_servers,
    nullable,
    nullable_items,
    oauth2_client_credentials,
    one_of_discriminated,
    one_of_untagged,
    operations_unnamed,
    params,
    params_styles,
    params_wire,
    prelude_names,
    request_body_media_types,
    response_headers,
    responses_multi,
    retry_idempotency,
    schema_enums_non_string,
    schema_formats,
    schema_nullable_patch,
    schema_read_write_only,
    schema_recursive,
    server_variables,
    shared_shapes,
    swagger2_json,
    swagger2_petstore_like,
    v31_basic,
    v31_webhooks_only,
    webhooks_callbacks,
    webhooks_feature,
    webhooks_signed,
);

/// A fixture folder without a test (or a test without a folder) fails here.
#[test]
fn every_fixture_has_a_snapshot_test() {
    let root = fixture("");
    let on_disk: BTreeSet<String> = fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .map(|entry| entry.expect("readable fixtures folder").path())
        .filter(|path| spec_in(path).is_some())
        .filter_map(|path| Some(path.file_name()?.to_str()?.to_string()))
        .collect();
    let listed: BTreeSet<String> = FIXTURES.iter().map(|s| s.to_string()).collect();
    assert_eq!(
        on_disk, listed,
        "tests/fixtures/*/openapi.yaml (or .json) and FIXTURES in snapshots.rs must list the same fixtures"
    );
}
