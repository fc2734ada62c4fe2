//! Travel estimates between two points on the map.
//!
//! Everything in dispatch asks travel questions through [`TravelModel`], so a
//! road-network router can later replace the great-circle estimate without
//! touching ranking, slots or the optimizer.

use geo::{Distance, Haversine, Point};
use serde::{Deserialize, Serialize};

/// A WGS84 position in degrees, as stored in the database and sent over the API.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LatLon {
    /// Latitude in degrees, -90..=90.
    pub lat: f64,
    /// Longitude in degrees, -180..=180.
    pub lon: f64,
}

impl LatLon {
    /// Builds a position from latitude and longitude in degrees.
    pub fn new(lat: f64, lon: f64) -> Self {
        Self { lat, lon }
    }

    /// True when both coordinates are finite and inside their WGS84 ranges.
    pub fn is_valid(&self) -> bool {
        self.lat.is_finite()
            && self.lon.is_finite()
            && (-90.0..=90.0).contains(&self.lat)
            && (-180.0..=180.0).contains(&self.lon)
    }

    /// A point on the unit sphere; the chord between two such points times the
    /// earth radius is a lower bound of their great-circle distance, which is
    /// what makes the spatial prefilter of ranking exact.
    pub fn unit_vector(&self) -> [f64; 3] {
        let (lat, lon) = (self.lat.to_radians(), self.lon.to_radians());
        [lat.cos() * lon.cos(), lat.cos() * lon.sin(), lat.sin()]
    }
}

/// Mean earth radius in meters, the one `geo`'s Haversine uses.
pub const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// Estimates travel between two positions. Implementations must be
/// deterministic: the same pair always gives the same answer.
pub trait TravelModel {
    /// Driving time in whole seconds from `a` to `b`.
    fn seconds(&self, a: LatLon, b: LatLon) -> i64;
    /// Driving distance in meters from `a` to `b`.
    fn meters(&self, a: LatLon, b: LatLon) -> f64;
    /// A lower bound of [`TravelModel::seconds`] for two points whose
    /// straight-line (great-circle) distance is at least `straight_m`. Used to
    /// stop a nearest-first search early; the default (0) never prunes.
    fn lower_bound_seconds(&self, straight_m: f64) -> i64 {
        let _ = straight_m;
        0
    }
}

/// Great-circle distance times a detour factor, driven at a constant speed:
/// the per-service-point estimate of the design until a road router exists.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GreatCircle {
    /// Average driving speed in km/h (city traffic: about 25).
    pub speed_kmh: f64,
    /// Road distance divided by straight-line distance (about 1.3 in cities).
    pub detour_factor: f64,
}

impl Default for GreatCircle {
    fn default() -> Self {
        Self { speed_kmh: 25.0, detour_factor: 1.3 }
    }
}

impl GreatCircle {
    /// Straight-line (great-circle) distance in meters.
    pub fn straight_meters(a: LatLon, b: LatLon) -> f64 {
        Haversine.distance(Point::new(a.lon, a.lat), Point::new(b.lon, b.lat))
    }

    fn seconds_for_straight(&self, straight_m: f64) -> i64 {
        let road_m = straight_m * self.detour_factor;
        let speed_ms = self.speed_kmh.max(0.1) / 3.6;
        (road_m / speed_ms).round() as i64
    }
}

impl TravelModel for GreatCircle {
    fn seconds(&self, a: LatLon, b: LatLon) -> i64 {
        self.seconds_for_straight(Self::straight_meters(a, b))
    }

    fn meters(&self, a: LatLon, b: LatLon) -> f64 {
        Self::straight_meters(a, b) * self.detour_factor
    }

    fn lower_bound_seconds(&self, straight_m: f64) -> i64 {
        // Rounding can lose half a second; stay strictly below.
        (self.seconds_for_straight(straight_m) - 1).max(0)
    }
}

/// The full matrix of driving seconds between `points`, row-major
/// (`m[i][j]` = from `i` to `j`), as the optimizer and the day-plan format use.
pub fn duration_matrix(travel: &dyn TravelModel, points: &[LatLon]) -> Vec<Vec<i64>> {
    points.iter().map(|&a| points.iter().map(|&b| travel.seconds(a, b)).collect()).collect()
}

/// The full matrix of driving meters between `points`, row-major.
pub fn distance_matrix(travel: &dyn TravelModel, points: &[LatLon]) -> Vec<Vec<f64>> {
    points.iter().map(|&a| points.iter().map(|&b| travel.meters(a, b)).collect()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn great_circle_is_deterministic_and_symmetric() {
        let model = GreatCircle::default();
        let a = LatLon::new(30.27, 120.15);
        let b = LatLon::new(30.30, 120.20);
        let secs = model.seconds(a, b);
        assert!((1085..=1105).contains(&secs), "5.85 km straight, x1.3 road, at 25 km/h is about 1,095 s: {secs}");
        assert_eq!(model.seconds(a, b), model.seconds(b, a));
        assert_eq!(model.seconds(a, a), 0);
        let km = GreatCircle::straight_meters(a, b) / 1000.0;
        assert!(km > 5.0 && km < 7.0, "{km}");
    }

    #[test]
    fn chord_is_a_lower_bound_of_great_circle() {
        let a = LatLon::new(30.27, 120.15);
        let b = LatLon::new(31.0, 121.0);
        let (u, v) = (a.unit_vector(), b.unit_vector());
        let chord = ((u[0] - v[0]).powi(2) + (u[1] - v[1]).powi(2) + (u[2] - v[2]).powi(2)).sqrt();
        assert!(chord * EARTH_RADIUS_M <= GreatCircle::straight_meters(a, b) + 1e-6);
    }

    #[test]
    fn matrix_has_zero_diagonal() {
        let model = GreatCircle::default();
        let pts = [LatLon::new(30.0, 120.0), LatLon::new(30.1, 120.1)];
        let m = duration_matrix(&model, &pts);
        assert_eq!(m[0][0], 0);
        assert!(m[0][1] > 0);
    }
}
