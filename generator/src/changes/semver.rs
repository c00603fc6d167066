//! The next crate version, from the kind of changes (Cargo's semver: below 1.0 the minor
//! number is the breaking one).

use std::cmp::Ordering;

/// `major.minor.patch`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Version(pub u64, pub u64, pub u64);

impl Version {
    pub fn parse(text: &str) -> Option<Version> {
        let mut parts = text.trim().split('.').map(|p| p.parse::<u64>().ok());
        let v = Version(parts.next()??, parts.next()??, parts.next()??);
        parts.next().is_none().then_some(v)
    }

    /// The version after changes: `breaking` wins over `additions`.
    pub fn bump(self, breaking: bool, changed: bool) -> Version {
        let Version(major, minor, patch) = self;
        match (major, breaking, changed) {
            (_, false, false) => self,
            (0, true, _) => Version(0, minor + 1, 0),
            (_, true, _) => Version(major + 1, 0, 0),
            (0, false, true) => Version(0, minor, patch + 1),
            (_, false, true) => Version(major, minor + 1, 0),
        }
    }

    pub fn max(self, other: Version) -> Version {
        match self.cmp(&other) {
            Ordering::Less => other,
            _ => self,
        }
    }
}

impl std::fmt::Display for Version {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}.{}", self.0, self.1, self.2)
    }
}

#[cfg(test)]
mod tests {
    use super::Version;

    #[test]
    fn bumps_follow_cargo_semver() {
        let v = |s| Version::parse(s).unwrap();
        assert_eq!(v("0.3.1").bump(true, true), v("0.4.0"));
        assert_eq!(v("0.3.1").bump(false, true), v("0.3.2"));
        assert_eq!(v("1.3.1").bump(true, true), v("2.0.0"));
        assert_eq!(v("1.3.1").bump(false, true), v("1.4.0"));
        assert_eq!(v("1.3.1").bump(false, false), v("1.3.1"));
        assert_eq!(Version::parse("1.2"), None);
        assert_eq!(Version::parse("1.2.3-beta"), None);
    }
}
