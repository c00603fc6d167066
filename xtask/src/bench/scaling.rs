//! Section 5: generation time and memory of synthetic specs of growing size.

use std::fs;

use super::generation::generate_once;
use super::results::{Part, Results, Samples, ScaleRow, Subject};
use super::{Plan, Tools, io_err, synth};
use crate::Failure;

/// Generates a synthetic spec of each size of the plan, `plan.runs` times, interleaved.
pub fn measure(tools: &Tools, plan: &Plan, results: &mut Results) -> Result<(), Failure> {
    let synth_dir = tools.work.join("synthetic");
    fs::create_dir_all(&synth_dir).map_err(io_err(&synth_dir))?;
    let mut subjects = Vec::new();
    for &n in &plan.scaling {
        let spec = synth_dir.join(format!("ops{n}.json"));
        fs::write(&spec, synth::spec(n)).map_err(io_err(&spec))?;
        subjects.push(Subject {
            key: "synthetic",
            label: format!("synthetic, {n} operations"),
            parts: vec![Part {
                name: format!("synthetic{n}"),
                spec,
                config: None,
            }],
            generation_only: false,
        });
    }
    let mut rows: Vec<Samples> = vec![Samples::default(); subjects.len()];
    say!(
        "scaling: {:?} operations ({} runs)",
        plan.scaling,
        plan.runs
    );
    for _ in 0..plan.runs {
        for (subject, samples) in subjects.iter().zip(rows.iter_mut()) {
            if samples.failed.is_none() {
                generate_once(tools, None, subject, samples, results)?;
            }
        }
    }
    results.scaling = plan
        .scaling
        .iter()
        .zip(rows)
        .map(|(&operations, samples)| ScaleRow {
            operations,
            samples,
        })
        .collect();
    Ok(())
}

/// Marginal time per operation between consecutive sizes, and the ratio of the last to the
/// first (1.0 is perfectly linear; a quadratic term makes it grow with size).
pub fn linearity(points: &[(usize, f64)]) -> Option<(Vec<f64>, f64)> {
    let slopes: Vec<f64> = points
        .windows(2)
        .filter(|w| w[1].0 > w[0].0)
        .map(|w| (w[1].1 - w[0].1) / (w[1].0 - w[0].0) as f64)
        .collect();
    let (first, last) = (slopes.first()?, slopes.last()?);
    if slopes.len() < 2 || *first <= 0.0 {
        return None;
    }
    Some((slopes.clone(), last / first))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_linearity() {
        // 10 ms start-up plus 1 ms per operation: perfectly linear.
        let linear = [(100, 0.11), (1000, 1.01), (10_000, 10.01)];
        let (slopes, r) = linearity(&linear).unwrap();
        assert_eq!(slopes.len(), 2);
        assert!((r - 1.0).abs() < 1e-9);
        // Quadratic: t = n² / 1e6.
        let quadratic = [(100, 0.01), (1000, 1.0), (10_000, 100.0)];
        assert!(linearity(&quadratic).unwrap().1 > 5.0);
        assert!(linearity(&[(100, 0.1)]).is_none());
        assert!(linearity(&[(100, 0.1), (1000, 0.2)]).is_none());
    }
}
