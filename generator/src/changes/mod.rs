//! Change reports: what changed in a generated crate's API between two generations, whether
//! each change breaks callers, the crate version that follows, and its changelog.

mod diff;
mod report;
pub mod runtime;
mod semver;
pub mod surface;

pub use diff::{Change, diff, runtime_changes};
pub use report::{Report, changelog};
pub use semver::Version;
pub use surface::Surface;
