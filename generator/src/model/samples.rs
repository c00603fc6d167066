//! Sample values a schema allows, decided once here so that every reader agrees: the README
//! examples use them instead of placeholders where the spec says enough (a `format`, numeric
//! bounds). A value is returned only when it is valid for what the spec says; otherwise the
//! caller keeps its placeholder.

use super::Docs;

/// A text that is valid for a string `format`, for the formats whose shape is fixed; `name`
/// (what the value is called) makes a UUID of its own, so two ids in one example differ.
pub fn text_for_format(format: &str, name: &str) -> Option<String> {
    Some(match format {
        "uuid" => uuid(name),
        fixed => fixed_text(fixed)?.to_string(),
    })
}

fn fixed_text(format: &str) -> Option<&'static str> {
    Some(match format {
        "date-time" => "2024-05-01T12:00:00Z",
        "date" => "2024-05-01",
        "time" => "12:00:00Z",
        "email" | "idn-email" => "user@example.com",
        "uri" | "url" | "iri" => "https://example.com/",
        "hostname" | "idn-hostname" => "example.com",
        "ipv4" => "192.0.2.1",
        "ipv6" => "2001:db8::1",
        // `byte`: base64 (of `sample`).
        "byte" => "c2FtcGxl",
        _ => return None,
    })
}

/// A version 4 UUID made from `name` (FNV-1a, the same on every machine).
fn uuid(name: &str) -> String {
    let hash = |offset: u64| {
        name.bytes().fold(offset, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
        })
    };
    let (a, b) = (hash(0xcbf2_9ce4_8422_2325), hash(0x8422_2325_cbf2_9ce4));
    let hex = format!("{a:016x}{b:016x}");
    format!(
        "{}-{}-4{}-{:x}{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[13..16],
        8 | (b >> 60) & 0x3,
        &hex[17..20],
        &hex[20..32]
    )
}

/// A text sample for a string described by `docs` and called `name`, when its format or its
/// `pattern` says what one looks like and its length limits allow it. A pattern comes first
/// when both are given: it is the stricter of the two.
pub fn text(docs: &Docs, name: &str) -> Option<String> {
    let (min, max) = lengths(docs);
    // The spec's own example first, when it is valid for what this module can check (a
    // pattern it cannot match, so an example under one is left for a drawn text).
    if let Some(example) = docs.example.as_ref().and_then(|e| e.as_str()) {
        let length = example.chars().count();
        let fits = min.is_none_or(|m| length >= m)
            && max.is_none_or(|m| length <= m)
            && !docs.constraints.contains_key("pattern")
            && docs
                .format
                .as_deref()
                .is_none_or(|f| fits_format(f, example));
        if fits {
            return Some(example.to_string());
        }
    }
    if let Some(pattern) = docs.constraints.get("pattern") {
        let pattern: String = serde_json::from_str(pattern).ok()?;
        return super::pattern_sample::matching(&pattern, name, min, max);
    }
    let sample = text_for_format(docs.format.as_deref()?, name)?;
    let length = sample.chars().count();
    (min.is_none_or(|m| length >= m) && max.is_none_or(|m| length <= m)).then_some(sample)
}

/// Whether `text` has the shape of `format`, for the formats this module knows; any text
/// fits another format (validators ignore formats they do not know).
fn fits_format(format: &str, text: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let date = |s: &str| {
        let parts: Vec<&str> = s.split('-').collect();
        parts.len() == 3
            && parts
                .iter()
                .zip([4, 2, 2])
                .all(|(p, n)| p.len() == n && digits(p))
    };
    match format {
        "uuid" => {
            let groups: Vec<&str> = text.split('-').collect();
            groups.len() == 5
                && groups
                    .iter()
                    .zip([8, 4, 4, 4, 12])
                    .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
        }
        "date" => date(text),
        "date-time" => text.split_once(['T', 't']).is_some_and(|(d, time)| {
            date(d) && time.len() >= 8 && (time.ends_with(['Z', 'z']) || time_offset(time))
        }),
        "email" | "idn-email" => text
            .split_once('@')
            .is_some_and(|(a, b)| !a.is_empty() && b.contains('.')),
        "uri" | "url" => text.split_once("://").is_some_and(|(scheme, rest)| {
            !scheme.is_empty()
                && scheme
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b))
                && !rest.is_empty()
        }),
        "ipv4" => {
            let parts: Vec<&str> = text.split('.').collect();
            parts.len() == 4 && parts.iter().all(|p| digits(p) && p.parse::<u8>().is_ok())
        }
        // Formats with a sample of their own whose shape is not checked here: the sample.
        _ => fixed_text(format).is_none(),
    }
}

/// A time ending in a numeric offset (`+02:00`).
fn time_offset(time: &str) -> bool {
    time.len() >= 14 && matches!(time.as_bytes()[time.len() - 6], b'+' | b'-')
}

/// A readable stand-in for a string the spec says too little about: `<name>`, padded or cut
/// to the length limits.
pub fn placeholder(docs: &Docs, name: &str) -> String {
    let (min, max) = lengths(docs);
    let mut text = format!("<{name}>");
    if let Some(min) = min {
        let missing = min.saturating_sub(text.chars().count()).min(MAX_PAD);
        text.push_str(&"x".repeat(missing));
    }
    if let Some(max) = max
        && text.chars().count() > max
    {
        text = text.chars().take(max).collect();
    }
    text
}

/// Why no text satisfies `docs`, when that is provable from what it says: `minLength` above
/// `maxLength`, or a format whose texts all have one length outside the limits (a `uuid` of
/// `minLength: 64`). `None` when a text may exist (a pattern this module cannot draw from).
pub fn text_conflict(docs: &Docs) -> Option<String> {
    let (min, max) = lengths(docs);
    if let (Some(min), Some(max)) = (min, max)
        && min > max
    {
        return Some(format!("minLength {min} is above maxLength {max}"));
    }
    let format = docs.format.as_deref()?;
    let length = text_for_format(format, "")?.chars().count();
    let fixed = matches!(format, "uuid" | "date" | "date-time" | "time");
    let outside = min.is_some_and(|m| length < m) || max.is_some_and(|m| length > m);
    (fixed && outside && !docs.constraints.contains_key("pattern")).then(|| {
        format!(
            "a `{format}` is {length} characters, outside its length limits ({}..={})",
            min.map_or(String::new(), |m| m.to_string()),
            max.map_or(String::new(), |m| m.to_string())
        )
    })
}

/// Why no number satisfies `docs`'s bounds (`minimum` above `maximum`, or exclusive bounds
/// that meet), when no sample was found.
pub fn number_conflict(docs: &Docs) -> Option<String> {
    let (low, high) = bounds(docs);
    let ((l, l_open), (h, h_open)) = (low?, high?);
    (l > h || (l == h && (l_open || h_open))).then(|| {
        let side = |open: bool, word: &str| {
            if open {
                format!("exclusive {word}")
            } else {
                word.to_string()
            }
        };
        format!(
            "{} {l} and {} {h} leave no number",
            side(l_open, "minimum"),
            side(h_open, "maximum")
        )
    })
}

/// The longest padding a placeholder gets (a hostile `minLength` makes no huge example).
const MAX_PAD: usize = 256;

/// `minLength` and `maxLength`, as lengths.
fn lengths(docs: &Docs) -> (Option<usize>, Option<usize>) {
    let length = |key| {
        number(docs, key)
            .filter(|n| n.is_finite() && *n >= 0.0)
            .map(|n| n.min(usize::MAX as f64) as usize)
    };
    (length("minLength"), length("maxLength"))
}

/// A bound on a number: its value, and whether the value itself is excluded.
type Bound = Option<(f64, bool)>;

/// The lower and upper bounds `docs` records: `minimum`/`maximum` with 3.0's boolean
/// `exclusiveMinimum`/`exclusiveMaximum`, or 3.1's numeric ones when they are tighter.
/// Values that are not numbers are ignored.
fn bounds(docs: &Docs) -> (Bound, Bound) {
    let read = |key: &str, exclusive: &str, tighter: fn(f64, f64) -> bool| {
        let inclusive = number(docs, key).filter(|n| !n.is_nan());
        match docs.constraints.get(exclusive).map(String::as_str) {
            Some("true") => inclusive.map(|n| (n, true)),
            Some(text) => match text.parse::<f64>().ok().filter(|n| !n.is_nan()) {
                Some(n) if inclusive.is_none_or(|i| tighter(n, i)) => Some((n, true)),
                _ => inclusive.map(|n| (n, false)),
            },
            None => inclusive.map(|n| (n, false)),
        }
    };
    (
        read("minimum", "exclusiveMinimum", |n, i| n >= i),
        read("maximum", "exclusiveMaximum", |n, i| n <= i),
    )
}

/// An integer within the limits `docs` records (`minimum`, `maximum` and their exclusive
/// forms, 3.0's booleans or 3.1's numbers), near `preferred`; `None` when no `i64` is
/// within them. The bounds are compared as numbers, never overflowing.
pub fn integer(docs: &Docs, preferred: i64) -> Option<i64> {
    // The spec's example, when it is an integer the limits allow.
    if let Some(example) = docs.example.as_ref().and_then(serde_json::Value::as_i64)
        && integer(&without_example(docs), example) == Some(example)
    {
        return Some(example);
    }
    let (low, high) = bounds(docs);
    let low = low.map(|(n, open)| if open { n.floor() + 1.0 } else { n.ceil() });
    let high = high.map(|(n, open)| if open { n.ceil() - 1.0 } else { n.floor() });
    // A `multipleOf`: the bounds move in to multiples, and so does the preferred value.
    // (Of a fractional one, the integers among its multiples: those of its first whole one.)
    let whole = |m: f64| (1..=1000).map(|k| k as f64 * m).find(|w| w.fract() == 0.0);
    let (low, high, preferred) = match multiple_of(docs).map(whole) {
        Some(None) => return None,
        Some(Some(m)) => (
            low.map(|l| (l / m).ceil() * m),
            high.map(|h| (h / m).floor() * m),
            ((preferred as f64) / m).round() * m,
        ),
        None => (low, high, preferred as f64),
    };
    let value = preferred
        .max(low.unwrap_or(f64::NEG_INFINITY))
        .min(high.unwrap_or(f64::INFINITY));
    let within = low.is_none_or(|l| value >= l) && high.is_none_or(|h| value <= h);
    // `i64::MAX as f64` rounds up to 2^63, which no `i64` reaches.
    let fits = value >= i64::MIN as f64 && value < i64::MAX as f64;
    (within && fits).then_some(value as i64)
}

/// A number within the limits `docs` records, near `preferred`; an exclusive bound is kept
/// clear of (by one, or halfway to the other bound). `None` when nothing finite fits.
pub fn float(docs: &Docs, preferred: f64) -> Option<f64> {
    if let Some(example) = docs.example.as_ref().and_then(serde_json::Value::as_f64)
        && float(&without_example(docs), example) == Some(example)
    {
        return Some(example);
    }
    if let Some(m) = multiple_of(docs) {
        return float_multiple(docs, preferred, m);
    }
    let (low, high) = bounds(docs);
    let mut value = preferred
        .max(low.map_or(f64::NEG_INFINITY, |b| b.0))
        .min(high.map_or(f64::INFINITY, |b| b.0));
    let step = |from: f64, toward: Bound, by: f64| match toward {
        Some((other, _)) => (from + other) / 2.0,
        None => from + by,
    };
    if let Some((l, true)) = low
        && value == l
    {
        value = step(value, high, 1.0);
    }
    if let Some((h, true)) = high
        && value == h
    {
        value = step(value, low, -1.0);
    }
    let above = low.is_none_or(|(l, open)| if open { value > l } else { value >= l });
    let below = high.is_none_or(|(h, open)| if open { value < h } else { value <= h });
    (value.is_finite() && above && below).then_some(value)
}

/// `docs` without its example: the limits alone.
fn without_example(docs: &Docs) -> Docs {
    Docs {
        example: None,
        items: None,
        ..docs.clone()
    }
}

/// A positive, finite `multipleOf`.
fn multiple_of(docs: &Docs) -> Option<f64> {
    number(docs, "multipleOf").filter(|m| m.is_finite() && *m > 0.0)
}

/// A multiple of `m` within the bounds, near `preferred`: the whole multiples between them,
/// the nearest to `preferred` (an open bound excludes the multiple on it).
fn float_multiple(docs: &Docs, preferred: f64, m: f64) -> Option<f64> {
    let (low, high) = bounds(docs);
    let first = low.map(|(l, open)| {
        let k = (l / m).ceil();
        if open && k * m <= l { k + 1.0 } else { k }
    });
    let last = high.map(|(h, open)| {
        let k = (h / m).floor();
        if open && k * m >= h { k - 1.0 } else { k }
    });
    let k = (preferred / m)
        .round()
        .max(first.unwrap_or(f64::NEG_INFINITY))
        .min(last.unwrap_or(f64::INFINITY));
    let within = first.is_none_or(|f| k >= f) && last.is_none_or(|l| k <= l);
    let value = k * m;
    (within && value.is_finite()).then_some(value)
}

fn number(docs: &Docs, key: &str) -> Option<f64> {
    docs.constraints.get(key)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docs(format: Option<&str>, constraints: &[(&str, &str)]) -> Docs {
        Docs {
            format: format.map(str::to_string),
            constraints: constraints
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            ..Docs::default()
        }
    }

    #[test]
    fn formats_give_texts_of_their_shape_within_the_length_limits() {
        let uuid = text(&docs(Some("uuid"), &[]), "mediaId").unwrap();
        let parts: Vec<&str> = uuid.split('-').collect();
        let lengths: Vec<usize> = parts.iter().map(|p| p.len()).collect();
        assert_eq!(lengths, [8, 4, 4, 4, 12], "{uuid}");
        assert!(parts[2].starts_with('4'), "version 4: {uuid}");
        assert!(
            matches!(&parts[3][..1], "8" | "9" | "a" | "b"),
            "variant: {uuid}"
        );
        assert!(
            uuid.bytes().all(|b| b == b'-' || b.is_ascii_hexdigit()),
            "{uuid}"
        );
        assert_eq!(text(&docs(Some("uuid"), &[]), "mediaId").unwrap(), uuid);
        assert_ne!(text(&docs(Some("uuid"), &[]), "trackId").unwrap(), uuid);
        let date = text(&docs(Some("date"), &[]), "d");
        assert_eq!(date.as_deref(), Some("2024-05-01"));
        assert_eq!(text(&docs(Some("email"), &[("maxLength", "5")]), "e"), None);
        assert_eq!(text(&docs(Some("date"), &[("minLength", "20")]), "d"), None);
        assert_eq!(text(&docs(Some("password"), &[]), "p"), None);
        assert_eq!(text(&docs(None, &[]), "n"), None);
    }

    #[test]
    fn patterns_give_matching_texts_and_placeholders_keep_the_lengths() {
        let pattern = [("pattern", r#""^[A-Z]{3}-[0-9]{2}$""#)];
        let code = text(&docs(None, &pattern), "code").unwrap();
        assert_eq!(code.len(), 6, "{code}");
        assert!(code[..3].bytes().all(|b| b.is_ascii_uppercase()), "{code}");
        assert_eq!(&code[3..4], "-");
        // A pattern wins over a format: it is the stricter.
        let both = [("pattern", r#""^[0-9]{4}$""#)];
        assert_eq!(
            text(&docs(Some("uuid"), &both), "n").map(|t| t.len()),
            Some(4)
        );
        assert_eq!(placeholder(&docs(None, &[]), "name"), "<name>");
        assert_eq!(
            placeholder(&docs(None, &[("minLength", "10")]), "id"),
            "<id>xxxxxx"
        );
        assert_eq!(
            placeholder(&docs(None, &[("maxLength", "3")]), "name"),
            "<na"
        );
        let hostile = placeholder(&docs(None, &[("minLength", "1e12")]), "n");
        assert_eq!(hostile.len(), 3 + MAX_PAD);
    }

    #[test]
    fn impossible_schemas_say_why() {
        let uuid_64 = docs(Some("uuid"), &[("minLength", "64")]);
        assert_eq!(text(&uuid_64, "jobId"), None);
        assert_eq!(
            text_conflict(&uuid_64).as_deref(),
            Some("a `uuid` is 36 characters, outside its length limits (64..=)")
        );
        let crossed = docs(None, &[("minLength", "5"), ("maxLength", "2")]);
        assert_eq!(
            text_conflict(&crossed).as_deref(),
            Some("minLength 5 is above maxLength 2")
        );
        // An email's length varies: its limits are not proven impossible here.
        assert_eq!(
            text_conflict(&docs(Some("email"), &[("maxLength", "5")])),
            None
        );
        assert_eq!(text_conflict(&docs(None, &[])), None);
        let empty = docs(
            None,
            &[("exclusiveMinimum", "1"), ("exclusiveMaximum", "1")],
        );
        assert_eq!(
            number_conflict(&empty).as_deref(),
            Some("exclusive minimum 1 and exclusive maximum 1 leave no number")
        );
        assert_eq!(number_conflict(&docs(None, &[("minimum", "1")])), None);
    }

    #[test]
    fn numbers_stay_within_their_bounds() {
        assert_eq!(float(&docs(None, &[]), 1.0), Some(1.0));
        assert_eq!(float(&docs(None, &[("minimum", "2.5")]), 1.0), Some(2.5));
        let open_30 = [("minimum", "2.5"), ("exclusiveMinimum", "true")];
        assert_eq!(float(&docs(None, &open_30), 1.0), Some(3.5));
        let between = [("exclusiveMinimum", "0"), ("exclusiveMaximum", "0.5")];
        assert_eq!(float(&docs(None, &between), 1.0), Some(0.25));
        assert_eq!(
            float(&docs(None, &[("maximum", "-1e300")]), 1.0),
            Some(-1e300)
        );
        let empty = [("exclusiveMinimum", "1"), ("exclusiveMaximum", "1")];
        assert_eq!(float(&docs(None, &empty), 1.0), None);
    }

    #[test]
    fn the_specs_example_comes_first_when_it_is_valid() {
        let with =
            |format: Option<&str>, constraints: &[(&str, &str)], example: serde_json::Value| Docs {
                example: Some(example),
                ..docs(format, constraints)
            };
        let id = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
        assert_eq!(
            text(&with(Some("uuid"), &[], id.into()), "id").as_deref(),
            Some(id)
        );
        // Not a UUID, too long, or under a pattern: the module's own sample.
        let drawn = text(&with(Some("uuid"), &[], "abc".into()), "id").unwrap();
        assert_eq!(drawn.len(), 36);
        assert_eq!(
            text(&with(None, &[("maxLength", "2")], "abc".into()), "n"),
            None
        );
        let patterned = with(None, &[("pattern", r#""^[0-9]+$""#)], "abc".into());
        assert!(
            text(&patterned, "n")
                .unwrap()
                .bytes()
                .all(|b| b.is_ascii_digit())
        );
        assert_eq!(
            text(&with(None, &[], "registry.example".into()), "n").as_deref(),
            Some("registry.example")
        );
        assert_eq!(
            text(
                &with(Some("date-time"), &[], "2020-01-02T03:04:05+01:00".into()),
                "t"
            )
            .as_deref(),
            Some("2020-01-02T03:04:05+01:00")
        );
        assert_eq!(
            integer(&with(None, &[("maximum", "50")], 25.into()), 10),
            Some(25)
        );
        assert_eq!(
            integer(&with(None, &[("maximum", "50")], 99.into()), 10),
            Some(10)
        );
        assert_eq!(
            float(&with(None, &[("multipleOf", "0.5")], 2.5.into()), 1.0),
            Some(2.5)
        );
        assert_eq!(
            float(&with(None, &[("multipleOf", "0.5")], 2.2.into()), 1.0),
            Some(1.0)
        );
    }

    #[test]
    fn numbers_are_multiples_when_the_schema_says_so() {
        assert_eq!(integer(&docs(None, &[("multipleOf", "7")]), 10), Some(7));
        let bounded = [("multipleOf", "5"), ("minimum", "11"), ("maximum", "19")];
        assert_eq!(integer(&docs(None, &bounded), 10), Some(15));
        let none = [("multipleOf", "5"), ("minimum", "11"), ("maximum", "14")];
        assert_eq!(integer(&docs(None, &none), 10), None);
        assert_eq!(integer(&docs(None, &[("multipleOf", "2.5")]), 10), Some(10));
        assert_eq!(integer(&docs(None, &[("multipleOf", "2.5")]), 7), Some(5));
        assert_eq!(
            float(&docs(None, &[("multipleOf", "0.25")]), 1.1),
            Some(1.0)
        );
        let open = [
            ("multipleOf", "0.5"),
            ("exclusiveMinimum", "1"),
            ("maximum", "3"),
        ];
        assert_eq!(float(&docs(None, &open), 1.0), Some(1.5));
        // A multipleOf that is no positive number is ignored.
        assert_eq!(integer(&docs(None, &[("multipleOf", "0")]), 10), Some(10));
    }

    #[test]
    fn integers_stay_within_their_bounds() {
        assert_eq!(integer(&docs(None, &[]), 10), Some(10));
        assert_eq!(integer(&docs(None, &[("minimum", "20")]), 10), Some(20));
        assert_eq!(integer(&docs(None, &[("maximum", "5")]), 10), Some(5));
        assert_eq!(integer(&docs(None, &[("minimum", "1.5")]), 0), Some(2));
        let exclusive_30 = [("maximum", "5"), ("exclusiveMaximum", "true")];
        assert_eq!(integer(&docs(None, &exclusive_30), 10), Some(4));
        assert_eq!(
            integer(&docs(None, &[("exclusiveMinimum", "10")]), 10),
            Some(11)
        );
        assert_eq!(
            integer(&docs(None, &[("minimum", "3"), ("maximum", "2")]), 10),
            None
        );
        // Hostile bounds neither overflow nor panic.
        let huge = [("minimum", "1e300"), ("exclusiveMinimum", "true")];
        assert_eq!(integer(&docs(None, &huge), 10), None);
        let tiny = [("exclusiveMaximum", "-1e300"), ("maximum", "NaN")];
        assert_eq!(integer(&docs(None, &tiny), 10), None);
    }
}
