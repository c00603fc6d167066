//! Medians, spreads and how numbers are shown.

/// The median of several runs and their spread.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    pub median: f64,
    pub min: f64,
    pub max: f64,
    pub runs: usize,
}

/// `None` for no samples (or a NaN among them); the median of an even count is the mean of
/// the middle two.
pub fn summarize(samples: &[f64]) -> Option<Summary> {
    if samples.is_empty() || samples.iter().any(|s| s.is_nan()) {
        return None;
    }
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    let median = if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
    };
    Some(Summary {
        median,
        min: sorted[0],
        max: sorted[n - 1],
        runs: n,
    })
}

/// Per-run ratios `a[i] / b[i]` of paired samples (runs that were interleaved), skipping a
/// zero denominator.
pub fn ratios(a: &[f64], b: &[f64]) -> Vec<f64> {
    a.iter()
        .zip(b)
        .filter(|(_, d)| **d != 0.0)
        .map(|(n, d)| n / d)
        .collect()
}

/// `213 ms`, `2.41 s`, `12.3 s`, `3 min 12 s`.
pub fn secs(s: f64) -> String {
    if s < 1.0 {
        format!("{:.0} ms", s * 1000.0)
    } else if s < 10.0 {
        format!("{s:.2} s")
    } else if s < 120.0 {
        format!("{s:.1} s")
    } else {
        format!("{} min {:02.0} s", (s / 60.0).floor(), s % 60.0)
    }
}

/// `40 MiB`, `1.2 GiB` from kibibytes.
pub fn mem(kib: f64) -> String {
    let mib = kib / 1024.0;
    if mib < 1024.0 {
        format!("{mib:.0} MiB")
    } else {
        format!("{:.1} GiB", mib / 1024.0)
    }
}

/// `12.3×`, `0.98×`.
pub fn ratio(r: f64) -> String {
    if r >= 10.0 {
        format!("{r:.1}×")
    } else {
        format!("{r:.2}×")
    }
}

/// `median (min–max)` with a formatter; just the median for one run.
pub fn spread(s: &Summary, show: impl Fn(f64) -> String) -> String {
    let (median, min, max) = (show(s.median), show(s.min), show(s.max));
    if s.runs <= 1 || min == max {
        median
    } else {
        format!("{median} ({min}–{max})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_and_spreads() {
        assert_eq!(summarize(&[]), None);
        assert_eq!(summarize(&[1.0, f64::NAN]), None);
        let s = summarize(&[3.0, 1.0, 2.0]).unwrap();
        assert_eq!((s.median, s.min, s.max, s.runs), (2.0, 1.0, 3.0, 3));
        let s = summarize(&[4.0, 1.0, 2.0, 10.0]).unwrap();
        assert_eq!((s.median, s.min, s.max, s.runs), (3.0, 1.0, 10.0, 4));
        let s = summarize(&[5.0]).unwrap();
        assert_eq!((s.median, s.min, s.max), (5.0, 5.0, 5.0));
    }

    #[test]
    fn paired_ratios() {
        assert_eq!(ratios(&[10.0, 9.0, 4.0], &[2.0, 0.0, 4.0]), [5.0, 1.0]);
        assert_eq!(ratios(&[1.0], &[]), Vec::<f64>::new());
    }

    #[test]
    fn formats_numbers() {
        assert_eq!(secs(0.2134), "213 ms");
        assert_eq!(secs(2.414), "2.41 s");
        assert_eq!(secs(12.34), "12.3 s");
        assert_eq!(secs(172.0), "2 min 52 s");
        assert_eq!(mem(40740.0), "40 MiB");
        assert_eq!(mem(8.0 * 1024.0 * 1024.0), "8.0 GiB");
        assert_eq!(ratio(12.345), "12.3×");
        assert_eq!(ratio(0.984), "0.98×");
        let s = summarize(&[0.2, 0.25, 0.3]).unwrap();
        assert_eq!(spread(&s, secs), "250 ms (200 ms–300 ms)");
        let one = summarize(&[0.2]).unwrap();
        assert_eq!(spread(&one, secs), "200 ms");
        let same = summarize(&[24.1 * 1024.0, 24.2 * 1024.0]).unwrap();
        assert_eq!(spread(&same, mem), "24 MiB");
    }
}
