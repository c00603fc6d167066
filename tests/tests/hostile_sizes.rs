//! Hostile shapes of spec stay cheap: a YAML document nested 100,000 levels is refused at
//! the place it passes the bound (it used to take 88 s to fail), and long chains of `$ref`s
//! load (a chain of 4,000 took 37 s: each reference was followed to the end of its chain,
//! checking the whole chain at each step). How long they take is measured by
//! `cargo xtask bench`; these tests check the outcome.

use std::fs;
use std::path::PathBuf;

use generator::diagnostic::{Diagnostic, Location};
use generator::{Input, Output};

const HEAD: &str =
    "openapi: 3.0.3\ninfo: {title: T, version: '1'}\nservers: [{url: 'https://x.example.com'}]\n";

fn write(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hostile-sizes-{name}-{}", std::process::id()));
    fs::create_dir_all(&dir).unwrap();
    let path = dir.join("openapi.yaml");
    fs::write(&path, text).unwrap();
    path
}

fn generate(spec: &PathBuf) -> Result<Output, Diagnostic> {
    generator::generate(&Input {
        spec,
        config: None,
        name: Some("hostile"),
    })
}

/// The operation `get-a` answering with `schema`.
fn with_schema(schema: &str) -> String {
    format!(
        "{HEAD}paths:\n  /a:\n    get:\n      operationId: get-a\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {schema}\n"
    )
}

#[test]
fn yaml_nested_100_000_levels_is_refused_where_it_passes_the_bound() {
    let n = 100_000;
    let text = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Deep: {}{}\n",
        "[".repeat(n),
        "]".repeat(n)
    );
    let spec = write("deep", &text);
    let error = generate(&spec).expect_err("too deep");
    let message = error.to_string();
    assert!(message.contains("nests more than 256 levels"), "{message}");
    // The document's mapping is level 1, `components` 2, `schemas` 3: the 254th `[` of
    // line 7 is level 257.
    let at = format!("openapi.yaml:7:{}:", "    Deep: ".len() + 254);
    assert!(message.contains(&at), "{message}");
}

#[test]
fn a_chain_of_10_000_refs_loads_and_resolves_to_its_end() {
    let n = 10_000;
    let mut text = with_schema("{$ref: '#/components/schemas/S0'}");
    text.push_str("components:\n  schemas:\n");
    for i in 0..n - 1 {
        text.push_str(&format!(
            "    S{i}: {{$ref: '#/components/schemas/S{}'}}\n",
            i + 1
        ));
    }
    text.push_str(&format!("    S{}: {{type: string, format: uuid}}\n", n - 1));
    let spec = write("chain", &text);
    let output = generate(&spec).expect("a long chain is valid");
    let types = &output.files["src/types.rs"];
    assert!(
        types.contains("pub type S0 = S1;"),
        "aliases follow the chain"
    );
    assert!(types.contains(&format!("pub type S{} = String;", n - 1)));
}

#[test]
fn a_long_chain_that_closes_on_itself_is_a_located_cycle() {
    let n = 10_000;
    let mut text = with_schema("{$ref: '#/components/schemas/S0'}");
    text.push_str("components:\n  schemas:\n");
    for i in 0..n {
        text.push_str(&format!(
            "    S{i}: {{$ref: '#/components/schemas/S{}'}}\n",
            (i + 1) % n
        ));
    }
    let spec = write("ring", &text);
    let d = generate(&spec).expect_err("a cycle");
    let Location::Pointer(pointer) = &d.location else {
        panic!("{:?}", d.location);
    };
    assert!(pointer.starts_with("/components/schemas/S"), "{pointer}");
    assert!(
        d.message.starts_with("`$ref` cycle: #/components/schemas/"),
        "{}",
        d.message
    );
}
