//! When a change of cost counts as an improvement: by more than a small
//! absolute amount and more than rounding in the costs compared.

/// Smallest improvement worth applying.
pub const IMPROVEMENT_EPS: f64 = 1e-7;
/// Smallest improvement worth applying, relative to the costs compared, so
/// that rounding in large penalised costs is not taken for an improvement.
const RELATIVE_EPS: f64 = 1e-11;

/// The least change that counts on a cost of about `scale` (more than rounding).
#[inline]
pub fn tolerance(scale: f64) -> f64 {
    IMPROVEMENT_EPS + RELATIVE_EPS * scale.abs()
}

/// True when `delta` improves a cost of about `scale` by more than rounding.
#[inline]
pub fn improves(delta: f64, scale: f64) -> bool {
    delta < -tolerance(scale)
}

#[cfg(test)]
mod tests {
    use super::improves;

    #[test]
    fn rounding_in_a_large_cost_is_no_improvement() {
        assert!(improves(-1e-3, 10.0));
        assert!(!improves(-1e-3, 1e9), "a thousandth on a cost of a billion is rounding");
        assert!(improves(-1.0, 1e9));
        assert!(!improves(0.0, 0.0));
    }
}
