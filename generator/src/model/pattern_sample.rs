//! A text that matches a string schema's `pattern`, drawn from the regex itself (rand_regex,
//! over regex-syntax's parse), the same on every machine: the seed comes from the value's name.
//!
//! OpenAPI patterns are ECMA-262 regexes, not Rust's: the draw reads them as Rust syntax with
//! `\d`, `\w` and `\s` taken in their ECMA (ASCII) sense and `.` as a printable
//! ASCII character (a subset of what it matches, for readable samples), and gives up (`None`) on anything
//! Rust syntax does not read the same way (lookaround, backreferences: a parse error) or on a
//! draw that is not UTF-8. Leading `^` and trailing `$` are dropped: a full match of the rest
//! matches the anchored pattern too.

use rand::{RngExt, SeedableRng};

/// How many times `*`, `+` and `{n,}` repeat at most in a draw: at least this, and twice a
/// `minLength` (so that about half the draws are long enough), up to [`MAX_REPEAT_CAP`].
const MAX_REPEAT: u32 = 8;
const MAX_REPEAT_CAP: u32 = 512;

/// The longest text a pattern may give (in bytes, as drawn at most).
const MAX_SAMPLE_BYTES: usize = 16 * 1024;

/// How many draws may be made to find one within the length limits.
const TRIES: u64 = 16;

/// A text matching `pattern` whose length (in characters) is within `min..=max`.
pub fn matching(
    pattern: &str,
    name: &str,
    min: Option<usize>,
    max: Option<usize>,
) -> Option<String> {
    let pattern = ascii_classes(&unanchored(pattern))?;
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(&pattern)
        .ok()?;
    let wanted = min.map_or(0, |m| {
        u32::try_from(m).unwrap_or(u32::MAX).saturating_mul(2)
    });
    let repeat = wanted.clamp(MAX_REPEAT, MAX_REPEAT_CAP);
    let regex = rand_regex::Regex::with_hir(hir, repeat).ok()?;
    // A pattern whose texts may be huge (`.{0,100000}`, nested repeats) gives none: a
    // sample is for an example to read and a call to send, and generation stays bounded.
    if !regex.is_utf8() || regex.capacity() > MAX_SAMPLE_BYTES {
        return None;
    }
    let seed = seed_of(name);
    (0..TRIES).find_map(|n| {
        let mut rng = rand::rngs::ChaCha8Rng::seed_from_u64(seed.wrapping_add(n));
        // As a `Result`: the `String` sampler panics on bytes that are not UTF-8.
        let text: Result<String, std::string::FromUtf8Error> = rng.sample(&regex);
        let text = text.ok()?;
        let length = text.chars().count();
        let fits = min.is_none_or(|m| length >= m) && max.is_none_or(|m| length <= m);
        fits.then_some(text)
    })
}

/// FNV-1a of the name.
fn seed_of(name: &str) -> u64 {
    name.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// The pattern without its anchors at the ends of the whole and of each top-level
/// alternative (`^a$|^b$` is `a|b`): a full match of the rest matches the anchored pattern.
fn unanchored(pattern: &str) -> String {
    top_level_alternatives(pattern)
        .into_iter()
        .map(|branch| {
            let branch = branch.strip_prefix('^').unwrap_or(branch);
            match branch.strip_suffix('$') {
                // `\$` is a literal dollar: kept (an even run of backslashes before it is not).
                Some(rest) if rest.chars().rev().take_while(|c| *c == '\\').count() % 2 == 0 => {
                    rest
                }
                _ => branch,
            }
        })
        .collect::<Vec<_>>()
        .join("|")
}

/// The pattern split at its `|`s outside groups, classes and escapes.
fn top_level_alternatives(pattern: &str) -> Vec<&str> {
    let (mut parts, mut start, mut depth, mut in_class, mut escaped) =
        (Vec::new(), 0, 0i32, false, false);
    for (i, c) in pattern.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '[' if !in_class => in_class = true,
            ']' if in_class => in_class = false,
            '(' if !in_class => depth += 1,
            ')' if !in_class => depth -= 1,
            '|' if !in_class && depth == 0 => {
                parts.push(&pattern[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&pattern[start..]);
    parts
}

/// `\d`, `\w`, `\s` (and their negations outside a class) spelled as ASCII classes, as ECMA
/// reads them; `None` for a negated one inside a class, which has no simple spelling.
fn ascii_classes(pattern: &str) -> Option<String> {
    let mut out = String::with_capacity(pattern.len());
    let mut chars = pattern.chars();
    let mut in_class = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let Some(next) = chars.next() else {
                    out.push('\\');
                    break;
                };
                let class = match next {
                    'd' | 'D' => "0-9",
                    'w' | 'W' => "0-9A-Za-z_",
                    's' | 'S' => " \\t\\n\\r\\f\\v",
                    other => {
                        out.push('\\');
                        out.push(other);
                        continue;
                    }
                };
                let negated = next.is_ascii_uppercase();
                match (in_class, negated) {
                    (true, true) => return None,
                    (true, false) => out.push_str(class),
                    (false, true) => out.push_str(&format!("[^{class}]")),
                    (false, false) => out.push_str(&format!("[{class}]")),
                }
            }
            '[' if !in_class => {
                in_class = true;
                out.push('[');
                // A `]` or `^]` right after the opening bracket is a literal.
                let rest = chars.as_str();
                for prefix in ["^]", "]", "^"] {
                    if let Some(after) = rest.strip_prefix(prefix) {
                        out.push_str(&prefix.replace(']', "\\]"));
                        chars = after.chars();
                        break;
                    }
                }
            }
            ']' if in_class => {
                in_class = false;
                out.push(']');
            }
            // Any character: a printable ASCII one, so that samples stay readable.
            '.' if !in_class => out.push_str("[ -~]"),
            other => out.push(other),
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_match_the_pattern_and_repeat() {
        let uuidish = r"^[0-9A-Fa-f]{8}-([0-9A-Fa-f]{4}-){3}[0-9A-Fa-f]{12}$";
        let a = matching(uuidish, "subscriptionId", None, None).unwrap();
        assert_eq!(a.len(), 36, "{a}");
        let groups: Vec<usize> = a.split('-').map(str::len).collect();
        assert_eq!(groups, [8, 4, 4, 4, 12], "{a}");
        assert!(a.chars().all(|c| c == '-' || c.is_ascii_hexdigit()), "{a}");
        assert_eq!(matching(uuidish, "subscriptionId", None, None).unwrap(), a);
        let digits = matching(r"^\d{3}-\w+$", "code", None, None).unwrap();
        let (head, tail) = digits.split_once('-').unwrap();
        assert!(
            head.len() == 3 && head.bytes().all(|b| b.is_ascii_digit()),
            "{digits}"
        );
        assert!(
            !tail.is_empty() && tail.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'),
            "{digits}"
        );
        let priced = matching(r"^\$[0-9]+$", "price", None, None).unwrap();
        assert!(priced.starts_with('$'), "{priced}");
    }

    #[test]
    fn long_minimum_lengths_and_anchored_alternatives_are_drawn() {
        let arn = matching("arn:[A-Za-z0-9_:/-]+", "ResourceArn", Some(20), Some(256)).unwrap();
        assert!(arn.starts_with("arn:") && arn.len() >= 20, "{arn}");
        let either = r"arn:(.+:){2,4}.+$|^arn:(.+:){1,3}.+\/.+";
        let drawn = matching(either, "SourceResourceArn", None, None).unwrap();
        assert!(drawn.starts_with("arn:"), "{drawn}");
        assert!(drawn.chars().all(|c| (' '..='~').contains(&c)), "{drawn}");
    }

    #[test]
    fn length_limits_are_kept_or_nothing_is_drawn() {
        let short = matching("^[a-z]+$", "n", Some(2), Some(3)).unwrap();
        assert!((2..=3).contains(&short.len()), "{short}");
        assert_eq!(matching("^[a-z]{10}$", "n", None, Some(5)), None);
    }

    #[test]
    fn patterns_of_huge_texts_give_nothing() {
        assert_eq!(matching("^.{0,100000}$", "n", None, None), None);
        assert_eq!(
            matching("^((a{0,512}){0,512}){0,512}$", "n", None, None),
            None
        );
        assert!(matching("^[a-z]{1,100}$", "n", None, None).is_some());
    }

    #[test]
    fn patterns_rust_reads_otherwise_give_nothing() {
        assert_eq!(matching(r"^(?!admin)\w+$", "n", None, None), None);
        assert_eq!(matching(r"^(a)\1$", "n", None, None), None);
        assert_eq!(matching(r"[\D]", "n", None, None), None);
        assert_eq!(matching("(", "n", None, None), None);
    }

    #[test]
    fn classes_are_read_as_ecma_reads_them() {
        assert_eq!(ascii_classes(r"\d+").unwrap(), "[0-9]+");
        assert_eq!(ascii_classes(r"[\w.-]").unwrap(), "[0-9A-Za-z_.-]");
        assert_eq!(ascii_classes(r"[]a]").unwrap(), r"[\]a]");
        assert_eq!(ascii_classes(r"\S").unwrap(), r"[^ \t\n\r\f\v]");
        assert_eq!(unanchored(r"^a\$"), r"a\$");
        assert_eq!(unanchored(r"^a\\$"), r"a\\");
        assert_eq!(unanchored(r"^i-\w{8}$|^i-\w{17}$"), r"i-\w{8}|i-\w{17}");
        assert_eq!(unanchored(r"^(a|b)$|[|]$"), r"(a|b)|[|]");
        assert_eq!(ascii_classes("a.b[.]").unwrap(), "a[ -~]b[.]");
    }
}
