//! One change in API terms, and whether it breaks a caller.

/// One change, in API terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub breaking: bool,
    pub text: String,
}

pub(super) fn breaking(text: String) -> Change {
    Change {
        breaking: true,
        text,
    }
}

pub(super) fn compatible(text: String) -> Change {
    Change {
        breaking: false,
        text,
    }
}

pub(super) fn required_word(required: bool) -> &'static str {
    if required { "required" } else { "optional" }
}
