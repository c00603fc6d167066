//! `cargo xtask diff OLD_SPEC NEW_SPEC [--config provider.toml]`: the API change report
//! between any two specs, as `regenerate` prints it.

use std::ffi::OsString;
use std::path::PathBuf;

use generator::Input;

use crate::{Failure, unexpected};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Args {
    pub old: PathBuf,
    pub new: PathBuf,
    pub config: Option<PathBuf>,
}

impl Args {
    pub fn parse(args: &[OsString]) -> Result<Args, Failure> {
        let mut specs = Vec::new();
        let mut config = None;
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            match arg.to_str() {
                Some("--config") if config.is_none() => {
                    let value = args
                        .next()
                        .ok_or_else(|| Failure::Usage("`--config` needs a value".into()))?;
                    config = Some(PathBuf::from(value));
                }
                Some(flag) if flag.starts_with("--") => return Err(unexpected(arg)),
                _ if specs.len() < 2 => specs.push(PathBuf::from(arg)),
                _ => return Err(unexpected(arg)),
            }
        }
        let [old, new]: [PathBuf; 2] = specs
            .try_into()
            .map_err(|_| Failure::Usage("`diff` takes two specs: OLD_SPEC NEW_SPEC".into()))?;
        Ok(Args { old, new, config })
    }
}

pub fn run(args: &Args) -> Result<(), Failure> {
    let input = |spec| Input {
        spec,
        config: args.config.as_deref(),
        name: None,
    };
    let report = generator::diff_specs(&input(&args.old), &input(&args.new))
        .map_err(|d| Failure::one(d.to_string()))?;
    say!("{}", format!("{report}").trim_end());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    #[test]
    fn parses_two_specs_and_a_config() {
        let parsed = Args::parse(&args(&["a.yaml", "b.yaml", "--config", "p.toml"])).unwrap();
        assert_eq!(parsed.old, PathBuf::from("a.yaml"));
        assert_eq!(parsed.new, PathBuf::from("b.yaml"));
        assert_eq!(parsed.config, Some(PathBuf::from("p.toml")));
        for bad in [
            &["a.yaml"][..],
            &["a", "b", "c"][..],
            &["a", "b", "--frob"][..],
            &["a", "b", "--config"][..],
        ] {
            assert!(
                matches!(Args::parse(&args(bad)), Err(Failure::Usage(_))),
                "{bad:?}"
            );
        }
    }
}
