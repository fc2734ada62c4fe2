//! Shares as the figures show them.

/// `part` of `whole` in percent with one decimal; none of nothing.
pub fn pct(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| (part as f64 * 1000.0 / whole as f64).round() / 10.0)
}
