//! Places: a WGS84 position and a service point's coverage polygon.

use geo::{Contains, Coord, LineString, Point, Polygon, Validation};
use serde::{Deserialize, Serialize};

use super::error::FieldError;

/// A WGS84 position; valid only with latitude in [-90, 90] and longitude in [-180, 180].
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Location {
    /// Latitude in degrees.
    #[schema(minimum = -90, maximum = 90)]
    pub lat: f64,
    /// Longitude in degrees.
    #[schema(minimum = -180, maximum = 180)]
    pub lon: f64,
}

impl Location {
    /// Checks the ranges, reporting errors under `field`.
    pub fn parse(field: &str, lat: f64, lon: f64) -> Result<Location, FieldError> {
        if !lat.is_finite() || !(-90.0..=90.0).contains(&lat) {
            return Err(FieldError::new(format!("{field}.lat"), msg!("must-between-90-90")));
        }
        if !lon.is_finite() || !(-180.0..=180.0).contains(&lon) {
            return Err(FieldError::new(format!("{field}.lon"), msg!("must-between-180-180")));
        }
        Ok(Location { lat, lon })
    }

    /// Validates an already deserialized location.
    pub fn validated(self, field: &str) -> Result<Location, FieldError> {
        Location::parse(field, self.lat, self.lon)
    }
}

/// Where a service point serves: one closed, simple polygon of at most 500 corners.
#[derive(Clone, Debug, PartialEq)]
pub struct Coverage {
    ring: Vec<Location>,
    polygon: Polygon<f64>,
}

impl Coverage {
    /// The most corners a coverage polygon may have.
    pub const MAX_POINTS: usize = 500;

    /// Parses a ring of corners; the first and last corner must be the same point.
    pub fn parse(field: &str, ring: &[Location]) -> Result<Coverage, FieldError> {
        if ring.len() < 4 {
            return Err(FieldError::new(field, msg!("needs-least-3-corners-closing-point")));
        }
        if ring.len() > Self::MAX_POINTS {
            return Err(FieldError::new(field, msg!("most-points", max = Self::MAX_POINTS)));
        }
        for (i, p) in ring.iter().enumerate() {
            p.validated(&format!("{field}[{i}]"))?;
        }
        if ring.first() != ring.last() {
            return Err(FieldError::new(field, msg!("must-closed-last-point-must-equal")));
        }
        let line: LineString<f64> = ring.iter().map(|p| Coord { x: p.lon, y: p.lat }).collect();
        let polygon = Polygon::new(line, vec![]);
        if let Err(e) = polygon.check_validation() {
            return Err(FieldError::new(field, msg!("not-valid-polygon", cause = e.to_string())));
        }
        Ok(Coverage { ring: ring.to_vec(), polygon })
    }

    /// Parses the stored JSON form.
    pub fn from_json(json: &str) -> Result<Coverage, FieldError> {
        let ring: Vec<Location> = serde_json::from_str(json)
            .map_err(|e| FieldError::new("coverage", msg!("stored-coverage-unreadable", cause = e.to_string())))?;
        Coverage::parse("coverage", &ring)
    }

    /// The stored JSON form.
    pub fn to_json(&self) -> String {
        serde_json::to_string(&self.ring).unwrap_or_else(|_| "[]".to_string())
    }

    /// The corners as given.
    pub fn ring(&self) -> &[Location] {
        &self.ring
    }

    /// True when the point is inside (or on the boundary of) the area.
    pub fn covers(&self, at: Location) -> bool {
        let p = Point::new(at.lon, at.lat);
        self.polygon.contains(&p) || geo::Intersects::intersects(&self.polygon, &p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn l(lat: f64, lon: f64) -> Location {
        Location { lat, lon }
    }

    #[test]
    fn square_covers_inside_not_outside() {
        let ring = [l(0.0, 0.0), l(0.0, 1.0), l(1.0, 1.0), l(1.0, 0.0), l(0.0, 0.0)];
        let c = Coverage::parse("c", &ring).expect("valid square");
        assert!(c.covers(l(0.5, 0.5)));
        assert!(!c.covers(l(1.5, 0.5)));
        assert_eq!(Coverage::from_json(&c.to_json()), Ok(c));
    }

    #[test]
    fn refuses_open_bowtie_and_out_of_range() {
        let open = [l(0.0, 0.0), l(0.0, 1.0), l(1.0, 1.0), l(1.0, 0.0)];
        assert!(Coverage::parse("c", &open).is_err());
        let bowtie = [l(0.0, 0.0), l(1.0, 1.0), l(0.0, 1.0), l(1.0, 0.0), l(0.0, 0.0)];
        assert!(Coverage::parse("c", &bowtie).is_err());
        let far = [l(0.0, 0.0), l(0.0, 1.0), l(95.0, 1.0), l(0.0, 0.0)];
        assert!(Coverage::parse("c", &far).is_err());
    }
}
