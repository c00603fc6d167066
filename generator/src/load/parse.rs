//! YAML/JSON text to a JSON value, with line numbers on syntax errors.

use std::path::Path;

use serde::de::{
    self, Deserialize, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor,
};
use serde_json::{Map, Number, Value};

use crate::diagnostic::{Diagnostic, Location};

/// Parses by extension; anything that is not `.json` is read as YAML (a superset of JSON).
pub fn parse(path: &Path, text: &str) -> Result<Value, Diagnostic> {
    let is_json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if is_json {
        return serde_json::from_str(text).map_err(|e| {
            let location = Location::Line {
                line: e.line(),
                column: e.column(),
            };
            Diagnostic::new(path, location, format!("invalid JSON: {e}"))
        });
    }
    if let Some((line, column)) = super::yaml_nesting::too_deep(text) {
        let message = format!(
            "invalid YAML: nests more than {} levels",
            super::yaml_nesting::MAX_NESTING
        );
        return Err(Diagnostic::new(
            path,
            Location::Line { line, column },
            message,
        ));
    }
    let yaml: Loose = yaml_serde::from_str(text).map_err(|e| {
        let location = match e.location() {
            Some(l) => Location::Line {
                line: l.line(),
                column: l.column(),
            },
            None => Location::File,
        };
        Diagnostic::new(path, location, format!("invalid YAML: {e}"))
    })?;
    Ok(yaml.0)
}

/// A YAML document read straight into JSON: keys become strings (YAML allows `200:`, an
/// integer, where OpenAPI means the text), tags are dropped, and integers past the range of
/// `i64`/`u64` (`minimum: -9223372036854776000`, a float some tool printed as an integer)
/// become the nearest float instead of failing the whole document, as a YAML value type
/// (which has no 128-bit integers) would.
struct Loose(Value);

impl<'de> Deserialize<'de> for Loose {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(LooseVisitor).map(Loose)
    }
}

struct LooseVisitor;

impl<'de> Visitor<'de> for LooseVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }

    fn visit_i64<E>(self, i: i64) -> Result<Value, E> {
        Ok(Value::Number(i.into()))
    }

    fn visit_u64<E>(self, u: u64) -> Result<Value, E> {
        Ok(Value::Number(u.into()))
    }

    fn visit_i128<E>(self, i: i128) -> Result<Value, E> {
        Ok(float(i as f64))
    }

    fn visit_u128<E>(self, u: u128) -> Result<Value, E> {
        Ok(float(u as f64))
    }

    fn visit_f64<E>(self, x: f64) -> Result<Value, E> {
        Ok(float(x))
    }

    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.to_string()))
    }

    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        Loose::deserialize(d).map(|l| l.0)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(Loose(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(Loose(key)) = map.next_key()? {
            let key = key_string(key);
            let Loose(value) = map.next_value()?;
            if out.contains_key(&key) {
                return Err(de::Error::custom(format!(
                    "duplicate entry with key \"{key}\""
                )));
            }
            out.insert(key, value);
        }
        Ok(Value::Object(out))
    }

    /// A tagged value (`!Ref x`): the tag is dropped, the value kept.
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        let (_tag, variant): (de::IgnoredAny, _) = data.variant()?;
        variant.newtype_variant::<Loose>().map(|l| l.0)
    }
}

/// A float as JSON: `null` for NaN and the infinities, which JSON cannot hold.
fn float(x: f64) -> Value {
    Number::from_f64(x).map_or(Value::Null, Value::Number)
}

/// A mapping key as OpenAPI means it: its text.
fn key_string(key: Value) -> String {
    match key {
        Value::String(s) => s,
        Value::Null => "null".to_string(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn yaml(text: &str) -> Result<Value, Diagnostic> {
        parse(Path::new("spec.yaml"), text)
    }

    #[test]
    fn keys_are_text_tags_are_dropped_and_huge_integers_are_floats() {
        let value = yaml(
            "200: ok\ntrue: yes\n~: n\n1.5: f\ntagged: !Thing {a: 1}\nbig: -9223372036854776000\nhuge: 340282366920938463463374607431768211455\nsmall: -3\n",
        )
        .expect("loads");
        assert_eq!(value["200"], json!("ok"));
        assert_eq!(value["true"], json!("yes"));
        assert_eq!(value["null"], json!("n"));
        assert_eq!(value["1.5"], json!("f"));
        assert_eq!(value["tagged"], json!({"a": 1}));
        assert_eq!(value["big"], json!(-9223372036854776000.0_f64));
        assert!(value["huge"].as_f64().is_some_and(|x| x > 3.4e38));
        assert_eq!(value["small"], json!(-3));
    }

    /// As before: an error located at the mapping that holds the key twice.
    #[test]
    fn a_duplicate_key_is_a_located_error() {
        let err = yaml("a: 1\nb: 2\na: 3\n").unwrap_err().to_string();
        assert!(err.contains("duplicate entry with key \"a\""), "{err}");
        assert!(err.starts_with("spec.yaml:1:1:"), "{err}");
    }
}
