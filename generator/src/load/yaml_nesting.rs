//! A bound on nesting, checked before a YAML document is parsed.
//!
//! yaml_serde parses with libyaml, whose scanner keeps one entry per open flow collection
//! (`[`, `{`) and walks all of them for every token: a 200 KB document nested 100,000 levels
//! (`[[[[…`) takes minutes, and yaml_serde's own recursion limit only applies once the whole
//! document has been scanned. This pass runs the same scanner token by token and stops at
//! the first collection nested deeper than [`MAX_NESTING`], so its cost stays linear in the
//! size of the text; only then does yaml_serde parse the document.
//!
//! libyaml (through `libyaml-rs`, the crate under yaml_serde) only offers a C-style API, so
//! this module holds the generator's only `unsafe` code: a scanner that owns its parser and
//! borrows the text it reads.

use std::marker::PhantomData;
use std::mem::MaybeUninit;

use libyaml_rs as sys;

/// Deeper than any real spec (yaml_serde itself stops at 128 levels), shallow enough that
/// the scanner's walk over open collections stays cheap.
pub const MAX_NESTING: usize = 256;

/// Where the first collection nested deeper than [`MAX_NESTING`] starts (1-based line and
/// column), if any. A text libyaml cannot scan passes: yaml_serde then reports the error.
pub fn too_deep(text: &str) -> Option<(usize, usize)> {
    let mut scanner = Scanner::new(text)?;
    let mut depth: usize = 0;
    while let Some((kind, mark)) = scanner.next_token() {
        match kind {
            sys::YAML_FLOW_SEQUENCE_START_TOKEN
            | sys::YAML_FLOW_MAPPING_START_TOKEN
            | sys::YAML_BLOCK_SEQUENCE_START_TOKEN
            | sys::YAML_BLOCK_MAPPING_START_TOKEN => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some((to_usize(mark.line) + 1, to_usize(mark.column) + 1));
                }
            }
            sys::YAML_FLOW_SEQUENCE_END_TOKEN
            | sys::YAML_FLOW_MAPPING_END_TOKEN
            | sys::YAML_BLOCK_END_TOKEN => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

fn to_usize(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

/// libyaml's scanner over a borrowed text.
struct Scanner<'t> {
    /// Boxed: libyaml keeps pointers into the parser, so it must not move once initialised.
    parser: Box<MaybeUninit<sys::yaml_parser_t>>,
    /// Set at the end of the stream or on an error: libyaml must not be asked again.
    done: bool,
    text: PhantomData<&'t str>,
}

impl<'t> Scanner<'t> {
    fn new(text: &'t str) -> Option<Self> {
        let mut parser = Box::new(MaybeUninit::<sys::yaml_parser_t>::uninit());
        let p = parser.as_mut_ptr();
        // SAFETY: `yaml_parser_initialize` zeroes and then initialises the whole parser; on
        // failure nothing was allocated and the parser is dropped unused. The input pointer
        // stays valid for `'t`, which the scanner cannot outlive.
        unsafe {
            if sys::yaml_parser_initialize(p).fail {
                return None;
            }
            sys::yaml_parser_set_encoding(p, sys::YAML_UTF8_ENCODING);
            sys::yaml_parser_set_input_string(p, text.as_ptr(), text.len() as u64);
        }
        Some(Scanner {
            parser,
            done: false,
            text: PhantomData,
        })
    }

    /// The next token's kind and start, or `None` at the end of the stream or on an error.
    fn next_token(&mut self) -> Option<(sys::yaml_token_type_t, sys::yaml_mark_t)> {
        if self.done {
            return None;
        }
        self.done = true;
        let p = self.parser.as_mut_ptr();
        let mut token = MaybeUninit::<sys::yaml_token_t>::uninit();
        // SAFETY: the parser was initialised in `new` and is only used from here; after an
        // error or the end of the stream it is not scanned again. `yaml_parser_scan` zeroes
        // the token before filling it, and a filled token is freed exactly once.
        unsafe {
            if sys::yaml_parser_scan(p, token.as_mut_ptr()).fail {
                return None;
            }
            let kind = (*token.as_ptr()).type_;
            let mark = (*token.as_ptr()).start_mark;
            sys::yaml_token_delete(token.as_mut_ptr());
            if kind == sys::YAML_NO_TOKEN || kind == sys::YAML_STREAM_END_TOKEN {
                return None;
            }
            self.done = false;
            Some((kind, mark))
        }
    }
}

impl Drop for Scanner<'_> {
    fn drop(&mut self) {
        // SAFETY: initialised in `new` (a scanner only exists after a successful init), and
        // deleted once, here.
        unsafe { sys::yaml_parser_delete(self.parser.as_mut_ptr()) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_nesting_passes() {
        assert_eq!(too_deep("a:\n  b: [1, {c: [2]}]\n  d:\n    - e\n"), None);
        let nested = format!("a: {}{}\n", "[".repeat(100), "]".repeat(100));
        assert_eq!(too_deep(&nested), None);
    }

    #[test]
    fn deep_flow_and_block_nesting_is_found_where_it_starts() {
        let flow = format!("a: {}", "[".repeat(100_000));
        // `a:` opens a block mapping (level 1); the 256th `[` is level 257.
        assert_eq!(too_deep(&flow), Some((1, 4 + 255)));
        let block: String = (0..300).map(|i| format!("{}k:\n", " ".repeat(i))).collect();
        assert_eq!(too_deep(&block).map(|(line, _)| line), Some(257));
    }

    #[test]
    fn text_libyaml_cannot_scan_is_left_to_the_parser() {
        assert_eq!(too_deep("a: [1, 2\nb: \"unterminated"), None);
        assert_eq!(too_deep("\t- tab"), None);
        assert_eq!(too_deep(""), None);
    }
}
