//! The runtime's parameter serialiser (`src/runtime/params.rs`), one test per cell of the
//! style-examples table of OpenAPI 3.1.1 / 3.0.4 (the corrected table, which follows RFC
//! 6570), then encoding, `allowReserved`, JSON `content` and Swagger 2.0's `tsv`. The table
//! in `docs/parameter-styles.md` is checked against the same serialiser, cell by cell.

#[path = "../src/runtime/params.rs"]
mod params;

use params::{Node, Style, Styled};

/// Where a parameter goes: what the serialiser writes differs by location.
#[derive(Clone, Copy)]
enum In {
    Path,
    Query,
    Header,
    Cookie,
}

/// The table's object: its members must come out in this order (the struct's, which is the
/// schema's), not sorted.
#[derive(serde::Serialize)]
#[allow(non_snake_case)]
struct Color {
    R: u8,
    G: u8,
    B: u8,
}

fn empty() -> Node {
    Node::of("", false)
}
fn string() -> Node {
    Node::of("blue", false)
}
fn array() -> Node {
    Node::of(&["blue", "black", "brown"], false)
}
fn object() -> Node {
    Node::of(
        &Color {
            R: 100,
            G: 200,
            B: 150,
        },
        false,
    )
}

/// The bytes a parameter named `color` puts on the wire: the path's part, the query string
/// (without `?`), the header's value, or the `Cookie` header's value.
fn written(location: In, styled: Styled, node: &Node) -> String {
    match location {
        In::Path => params::path("color", node, styled),
        In::Query => params::query("color", node, styled)
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("&"),
        In::Header => params::header(node, styled).unwrap_or_default(),
        In::Cookie => params::cookie("color", node, styled).join("; "),
    }
}

macro_rules! cells {
    ($($test:ident: $in:ident $style:ident $explode:literal $value:ident => $want:expr;)*) => {$(
        #[test]
        fn $test() {
            let styled = Styled::of(Style::$style, $explode);
            assert_eq!(written(In::$in, styled, &$value()), $want);
        }
    )*};
}

cells! {
    matrix_empty: Path Matrix false empty => ";color";
    matrix_string: Path Matrix false string => ";color=blue";
    matrix_array: Path Matrix false array => ";color=blue,black,brown";
    matrix_object: Path Matrix false object => ";color=R,100,G,200,B,150";
    matrix_exploded_empty: Path Matrix true empty => ";color";
    matrix_exploded_string: Path Matrix true string => ";color=blue";
    matrix_exploded_array: Path Matrix true array => ";color=blue;color=black;color=brown";
    matrix_exploded_object: Path Matrix true object => ";R=100;G=200;B=150";

    label_empty: Path Label false empty => ".";
    label_string: Path Label false string => ".blue";
    label_array: Path Label false array => ".blue,black,brown";
    label_object: Path Label false object => ".R,100,G,200,B,150";
    label_exploded_empty: Path Label true empty => ".";
    label_exploded_string: Path Label true string => ".blue";
    label_exploded_array: Path Label true array => ".blue.black.brown";
    label_exploded_object: Path Label true object => ".R=100.G=200.B=150";

    simple_empty: Path Simple false empty => "";
    simple_string: Path Simple false string => "blue";
    simple_array: Path Simple false array => "blue,black,brown";
    simple_object: Path Simple false object => "R,100,G,200,B,150";
    simple_exploded_empty: Path Simple true empty => "";
    simple_exploded_string: Path Simple true string => "blue";
    simple_exploded_array: Path Simple true array => "blue,black,brown";
    simple_exploded_object: Path Simple true object => "R=100,G=200,B=150";

    header_empty: Header Simple false empty => "";
    header_string: Header Simple false string => "blue";
    header_array: Header Simple false array => "blue,black,brown";
    header_object: Header Simple false object => "R,100,G,200,B,150";
    header_exploded_empty: Header Simple true empty => "";
    header_exploded_string: Header Simple true string => "blue";
    header_exploded_array: Header Simple true array => "blue,black,brown";
    header_exploded_object: Header Simple true object => "R=100,G=200,B=150";

    form_empty: Query Form false empty => "color=";
    form_string: Query Form false string => "color=blue";
    form_array: Query Form false array => "color=blue,black,brown";
    form_object: Query Form false object => "color=R,100,G,200,B,150";
    form_exploded_empty: Query Form true empty => "color=";
    form_exploded_string: Query Form true string => "color=blue";
    form_exploded_array: Query Form true array => "color=blue&color=black&color=brown";
    form_exploded_object: Query Form true object => "R=100&G=200&B=150";

    space_delimited_array: Query SpaceDelimited false array => "color=blue%20black%20brown";
    space_delimited_object: Query SpaceDelimited false object => "color=R%20100%20G%20200%20B%20150";
    pipe_delimited_array: Query PipeDelimited false array => "color=blue%7Cblack%7Cbrown";
    pipe_delimited_object: Query PipeDelimited false object => "color=R%7C100%7CG%7C200%7CB%7C150";
    deep_object_object: Query DeepObject true object => "color%5BR%5D=100&color%5BG%5D=200&color%5BB%5D=150";

    cookie_empty: Cookie Form false empty => "color=";
    cookie_string: Cookie Form false string => "color=blue";
    cookie_array: Cookie Form false array => "color=blue,black,brown";
    cookie_object: Cookie Form false object => "color=R,100,G,200,B,150";
    cookie_exploded_empty: Cookie Form true empty => "color=";
    cookie_exploded_string: Cookie Form true string => "color=blue";
    cookie_exploded_array: Cookie Form true array => "color=blue; color=black; color=brown";
    cookie_exploded_object: Cookie Form true object => "R=100; G=200; B=150";

    // The table's n/a cells, as this runtime writes them: a scalar in a delimited or
    // `deepObject` style is `form`, and the delimited styles exploded are `form`.
    space_delimited_string: Query SpaceDelimited false string => "color=blue";
    pipe_delimited_exploded_array: Query PipeDelimited true array => "color=blue&color=black&color=brown";
    deep_object_string: Query DeepObject true string => "color=blue";
    deep_object_array: Query DeepObject true array => "color=blue&color=black&color=brown";
    // Swagger 2.0's `tsv`.
    tab_delimited_array: Query TabDelimited false array => "color=blue%09black%09brown";
}

/// Undefined values (RFC 6570): `null`, an empty list and an empty object write nothing.
#[test]
fn undefined_values_write_nothing() {
    let undefined = [
        Node::of(&Option::<String>::None, false),
        Node::of(&Vec::<String>::new(), false),
        Node::of(&std::collections::BTreeMap::<String, u8>::new(), false),
        Node::of(&[Option::<u8>::None], false),
    ];
    for node in &undefined {
        for style in [Style::Simple, Style::Label, Style::Matrix] {
            assert_eq!(params::path("c", node, Styled::of(style, false)), "");
        }
        for explode in [false, true] {
            for style in [Style::Form, Style::PipeDelimited, Style::DeepObject] {
                assert!(params::query("c", node, Styled::of(style, explode)).is_empty());
            }
            assert!(params::cookie("c", node, Styled::of(Style::Form, explode)).is_empty());
        }
        assert_eq!(params::header(node, Styled::SIMPLE), None);
    }
}

const HOSTILE: &str = "a b&c=d/e?f#g+h%i,j;k";
const HOSTILE_ENCODED: &str = "a%20b%26c%3Dd%2Fe%3Ff%23g%2Bh%25i%2Cj%3Bk";

/// Every character but RFC 3986's unreserved ones is percent-encoded, so any value arrives
/// as sent; the delimiters the style adds stay literal.
#[test]
fn values_are_percent_encoded_so_any_character_round_trips() {
    let node = Node::of(HOSTILE, false);
    assert_eq!(params::path("c", &node, Styled::SIMPLE), HOSTILE_ENCODED);
    assert_eq!(
        params::path("c", &node, Styled::of(Style::Matrix, false)),
        format!(";c={HOSTILE_ENCODED}")
    );
    assert_eq!(
        params::query("c", &node, Styled::FORM),
        vec![("c".to_string(), HOSTILE_ENCODED.to_string())]
    );
    let list = Node::of(&[HOSTILE, "x"], false);
    assert_eq!(
        params::query("c", &list, Styled::of(Style::Form, false)),
        vec![("c".to_string(), format!("{HOSTILE_ENCODED},x"))]
    );
    // Names too: `a b[c]`.
    assert_eq!(
        params::query("a b", &node, Styled::FORM)[0].0,
        "a%20b".to_string()
    );
    // Header values are not URL text: sent as they are.
    assert_eq!(
        params::header(&node, Styled::SIMPLE).as_deref(),
        Some(HOSTILE)
    );
    // UTF-8 byte by byte.
    assert_eq!(
        params::path("c", &Node::of("é", false), Styled::SIMPLE),
        "%C3%A9"
    );
}

/// `allowReserved`: reserved characters and `%XX` triplets go as they are; others (space,
/// a `%` that starts no triplet) are still encoded.
#[test]
fn allow_reserved_keeps_reserved_characters() {
    let node = Node::of(HOSTILE, false);
    let pairs = params::query("c", &node, Styled::FORM.reserved());
    assert_eq!(pairs[0].1, "a%20b&c=d/e?f#g+h%25i,j;k");
    let triplet = Node::of("a%2Fb", false);
    assert_eq!(
        params::query("c", &triplet, Styled::FORM.reserved())[0].1,
        "a%2Fb"
    );
    assert_eq!(params::query("c", &triplet, Styled::FORM)[0].1, "a%252Fb");
}

/// A parameter described by `content: application/json` is its JSON text, members in order.
#[test]
fn json_content_is_sent_as_json_text() {
    let color = Color {
        R: 100,
        G: 200,
        B: 150,
    };
    let node = Node::of(&color, true);
    assert_eq!(
        params::query("color", &node, Styled::FORM.json()),
        vec![(
            "color".to_string(),
            "%7B%22R%22%3A100%2C%22G%22%3A200%2C%22B%22%3A150%7D".to_string()
        )]
    );
    assert_eq!(
        params::header(&node, Styled::SIMPLE.json()).as_deref(),
        Some(r#"{"R":100,"G":200,"B":150}"#)
    );
    assert_eq!(Node::of(&Option::<u8>::None, true), Node::Null);
}

/// Nested objects nest `deepObject`'s brackets; lists inside repeat the key; members keep
/// their order. Outside `deepObject`, a nested value is its JSON text.
#[test]
fn nested_values() {
    #[derive(serde::Serialize)]
    struct Filter {
        name: &'static str,
        size: Size,
        tags: Vec<&'static str>,
        gone: Option<u8>,
    }
    #[derive(serde::Serialize)]
    struct Size {
        min: u8,
    }
    let filter = Filter {
        name: "x",
        size: Size { min: 1 },
        tags: vec!["a", "b"],
        gone: None,
    };
    let node = Node::of(&filter, false);
    let query = |styled| -> Vec<String> {
        params::query("f", &node, styled)
            .into_iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect()
    };
    assert_eq!(
        query(Styled::of(Style::DeepObject, true)),
        [
            "f%5Bname%5D=x",
            "f%5Bsize%5D%5Bmin%5D=1",
            "f%5Btags%5D=a",
            "f%5Btags%5D=b"
        ]
    );
    assert_eq!(
        query(Styled::FORM),
        [
            "name=x",
            "size=%7B%22min%22%3A1%7D",
            "tags=%5B%22a%22%2C%22b%22%5D"
        ]
    );
}

/// Numbers are written as JSON writes them; booleans as `true`/`false`.
#[test]
fn scalars_are_written_as_json_writes_them() {
    let path = |node: Node| params::path("c", &node, Styled::SIMPLE);
    assert_eq!(path(Node::of(&1.5f64, false)), "1.5");
    assert_eq!(path(Node::of(&1e300f64, false)), "1e%2B300");
    assert_eq!(path(Node::of(&-3i64, false)), "-3");
    assert_eq!(path(Node::of(&u64::MAX, false)), "18446744073709551615");
    assert_eq!(path(Node::of(&true, false)), "true");
}

/// Every cell of the table in `docs/parameter-styles.md` is what the serialiser writes, so
/// the page cannot drift from the code.
#[test]
fn the_documented_table_is_what_is_written() {
    let page = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/parameter-styles.md");
    let text = std::fs::read_to_string(page).unwrap_or_else(|e| panic!("{page}: {e}"));
    let values = [empty(), string(), array(), object()];
    let mut checked = 0;
    for line in text.lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        // | `style` | in | explode | empty | string | array | object |
        let [_, style, location, explode, rest @ ..] = cells.as_slice() else {
            panic!("unexpected row: {line}");
        };
        let style = match style.trim_matches('`') {
            "matrix" => Style::Matrix,
            "label" => Style::Label,
            "simple" => Style::Simple,
            "form" => Style::Form,
            "spaceDelimited" => Style::SpaceDelimited,
            "pipeDelimited" => Style::PipeDelimited,
            "deepObject" => Style::DeepObject,
            other => panic!("unknown style {other} in: {line}"),
        };
        let location = match *location {
            "path" => In::Path,
            "query" => In::Query,
            "header" => In::Header,
            "cookie" => In::Cookie,
            other => panic!("unknown location {other} in: {line}"),
        };
        let styled = Styled::of(style, *explode == "true");
        for (value, cell) in values.iter().zip(rest) {
            let want = match *cell {
                "n/a" => continue,
                "*(empty)*" => "",
                cell => cell.trim_matches('`'),
            };
            assert_eq!(written(location, styled, value), want, "{line}");
            checked += 1;
        }
    }
    assert!(checked >= 50, "only {checked} cells found in {page}");
}
