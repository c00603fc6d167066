//! The README examples use values the spec allows (`model/samples.rs`) where it says enough:
//! a UUID for a `uuid`, numbers within their bounds; elsewhere typed placeholders.

#[test]
fn examples_use_values_the_schema_allows() {
    let dir = std::env::temp_dir().join(format!("readme-samples-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let spec = dir.join("openapi.yaml");
    std::fs::write(
        &spec,
        r#"openapi: 3.1.0
info: { title: T, version: "1" }
servers: [{ url: "https://api.example.com" }]
paths:
  /items/{itemId}:
    get:
      operationId: get-item
      parameters:
        - { name: itemId, in: path, required: true, schema: { type: string, format: uuid } }
        - { name: count, in: query, required: true, schema: { type: integer, minimum: 20 } }
        - { name: ratio, in: query, required: true, schema: { type: number, exclusiveMinimum: 0, maximum: 0.5 } }
        - { name: since, in: query, required: true, schema: { type: string, format: date-time } }
        - { name: code, in: query, required: true, schema: { type: string, format: email, maxLength: 4 } }
        - { name: name, in: query, required: true, schema: { type: string } }
      responses: { "204": { description: ok } }
"#,
    )
    .unwrap();
    let input = generator::Input {
        spec: &spec,
        config: None,
        name: Some("samples"),
    };
    let output = generator::generate(&input).unwrap();
    let readme = &output.files["README.md"];
    let call = readme
        .lines()
        .find(|l| l.contains("client.get_item(") && l.contains(").send()"))
        .unwrap_or_else(|| panic!("no example call in:\n{readme}"));
    let args = call.split("client.get_item(").nth(1).unwrap();
    let args: Vec<&str> = args.split(").send()").next().unwrap().split(", ").collect();
    let uuid = args[0].trim_matches('"');
    assert_eq!(uuid.len(), 36, "{call}");
    assert_eq!(
        &args[1..],
        [
            "20",
            "0.5",
            "\"2024-05-01T12:00:00Z\"",
            // No email fits in 4 characters: a placeholder, cut to the limit.
            "\"<cod\"",
            "\"<name>\""
        ],
        "{call}"
    );
}
