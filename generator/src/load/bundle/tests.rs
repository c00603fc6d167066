use super::*;

fn at(pointer: &str) -> Vec<String> {
    segments(pointer)
}

#[test]
fn kind_follows_where_the_reference_stands() {
    let schema = Some(Kind::Section("schemas"));
    for p in [
        "/paths/~1a/get/responses/200/content/application~1json/schema",
        "/components/schemas/Pet",
        "/components/schemas/Pet/properties/owner",
        "/Pet/properties/parameters",
        "/Pet/properties/tags/items",
        "/Pet/allOf/0",
        "/Pet/additionalProperties",
    ] {
        assert_eq!(kind_at(&at(p)), schema, "{p}");
    }
    assert_eq!(
        kind_at(&at("/paths/~1a/get/parameters/0")),
        Some(Kind::Section("parameters"))
    );
    assert_eq!(
        kind_at(&at("/paths/~1a/get/responses/default")),
        Some(Kind::Section("responses"))
    );
    assert_eq!(
        kind_at(&at("/paths/~1a/post/requestBody")),
        Some(Kind::Section("requestBodies"))
    );
    assert_eq!(
        kind_at(&at("/components/responses/E/headers/X-Rate")),
        Some(Kind::Section("headers"))
    );
    assert_eq!(kind_at(&at("/paths/~1a")), None);
    assert_eq!(kind_at(&at("/components/links/L")), None);
    assert_eq!(
        kind_of_pointer("/components/schemas/X"),
        Kind::Section("schemas")
    );
    assert_eq!(kind_of_pointer("/definitions/X"), Kind::Section("schemas"));
    assert_eq!(kind_of_pointer("/paths/~1a"), Kind::Inline);
    assert_eq!(kind_of_pointer(""), Kind::Inline);
}

#[test]
fn names_come_from_pointer_or_file_stem() {
    let key = |f: &str, p: &str| (PathBuf::from(f), p.to_string());
    assert_eq!(base_name(&key("s/pet.yaml", "")), "pet");
    assert_eq!(
        base_name(&key("s/pet.yaml", "/components/schemas/Pet")),
        "Pet"
    );
    assert_eq!(base_name(&key("s/pet.yaml", "/a~1b c")), "a_b_c");
}

#[test]
fn paths_normalise_lexically() {
    assert_eq!(
        normalize(Path::new("a/./b/../c.yaml")),
        Path::new("a/c.yaml")
    );
    assert_eq!(normalize(Path::new("../a/../../b")), Path::new("../../b"));
    assert_eq!(normalize(Path::new("/x/../../y")), Path::new("/y"));
    assert_eq!(
        normalize(Path::new("./openapi.yaml")),
        Path::new("openapi.yaml")
    );
}

#[test]
fn origins_map_the_innermost_place_by_whole_segments() {
    let origins = Origins {
        entries: vec![
            ("/paths/~1a".into(), "paths/a.yaml".into(), String::new()),
            (
                "/components/schemas/M".into(),
                "s/m.yaml".into(),
                "/M".into(),
            ),
            // An inlined target inside the path item brought in from paths/a.yaml.
            (
                "/paths/~1a/get/x".into(),
                "paths/x.yaml".into(),
                "/X".into(),
            ),
        ],
    };
    let locate = |p| {
        origins
            .locate(p)
            .map(|(f, at)| format!("{}#{at}", f.display()))
    };
    assert_eq!(locate("/paths/~1a"), Some("paths/a.yaml#".into()));
    assert_eq!(
        locate("/paths/~1a/get/parameters/0"),
        Some("paths/a.yaml#/get/parameters/0".into())
    );
    assert_eq!(
        locate("/paths/~1a/get/x/y"),
        Some("paths/x.yaml#/X/y".into())
    );
    assert_eq!(
        locate("/components/schemas/M/properties/id"),
        Some("s/m.yaml#/M/properties/id".into())
    );
    assert_eq!(locate("/components/schemas/Mx"), None);
    assert_eq!(locate("/paths/~1ab"), None);
    let main = Path::new("openapi.yaml");
    let d = Diagnostic::at(main, "/components/schemas/M/type", "bad");
    assert_eq!(
        origins.relocate(main, d).to_string(),
        "s/m.yaml#/M/type: bad"
    );
}

#[test]
fn urls_are_recognised() {
    assert!(is_url("https://example.com/a.yaml"));
    assert!(is_url("http://example.com/a.yaml"));
    assert!(is_url("file:///tmp/a.yaml"));
    assert!(!is_url("schemas/a.yaml"));
    assert!(!is_url("../a.yaml"));
}
