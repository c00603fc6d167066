//! Facts about Rust's own words, a leaf shared by the naming pass and the checks of
//! hand-written extras.

/// Words that cannot be an identifier, even raw (`r#self` is not allowed).
pub const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

pub const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// Whether an identifier must be written raw (`r#type`) or changed (`self_`).
pub fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}
