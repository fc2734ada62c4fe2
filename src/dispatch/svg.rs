//! Drawing a plan as SVG so a person can look at it: depots or homes as
//! squares, customers as dots, one colour per route, unserved visits as
//! hollow circles.

use super::model::{Problem, Solution};
use super::travel::LatLon;
use std::fmt::Write as _;

const PALETTE: [&str; 12] = [
    "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f",
    "#393b79", "#637939",
];

/// Draws `solution` of `problem` with node positions `coords` (x, y; for
/// latitude/longitude pass `(lon, lat)`). The y axis points up, as on a map.
pub fn draw_solution(problem: &Problem, solution: &Solution, coords: &[(f64, f64)], title: &str) -> String {
    let size = 800.0;
    let margin = 30.0;
    let (mut min_x, mut min_y, mut max_x, mut max_y) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for &(x, y) in coords {
        min_x = min_x.min(x);
        max_x = max_x.max(x);
        min_y = min_y.min(y);
        max_y = max_y.max(y);
    }
    let span = (max_x - min_x).max(max_y - min_y).max(1e-9);
    let scale = (size - 2.0 * margin) / span;
    let at = |node: usize| -> (f64, f64) {
        let (x, y) = coords.get(node).copied().unwrap_or((min_x, min_y));
        (margin + (x - min_x) * scale, size - margin - (y - min_y) * scale)
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{h}" viewBox="0 0 {size} {h}">"#,
        h = size + 20.0
    );
    let _ = writeln!(out, r#"<rect width="100%" height="100%" fill="white"/>"#);
    let _ = writeln!(
        out,
        r#"<text x="10" y="{}" font-family="sans-serif" font-size="14">{}</text>"#,
        size + 12.0,
        escape(title)
    );
    for (v, route) in solution.routes.iter().enumerate() {
        if route.is_empty() {
            continue;
        }
        let vehicle = &problem.vehicles[v];
        let colour = PALETTE[v % PALETTE.len()];
        let nodes = std::iter::once(vehicle.start_node)
            .chain(route.iter().map(|&c| problem.visits[c].node))
            .chain(std::iter::once(vehicle.end_node));
        let points: Vec<String> = nodes
            .map(|n| {
                let (x, y) = at(n);
                format!("{x:.1},{y:.1}")
            })
            .collect();
        let _ = writeln!(
            out,
            r#"<polyline points="{}" fill="none" stroke="{colour}" stroke-width="1.5" stroke-opacity="0.8"/>"#,
            points.join(" ")
        );
        for &c in route {
            let (x, y) = at(problem.visits[c].node);
            let _ = writeln!(out, r#"<circle cx="{x:.1}" cy="{y:.1}" r="3.5" fill="{colour}"/>"#);
        }
    }
    for &c in &solution.unassigned {
        let (x, y) = at(problem.visits[c].node);
        let _ = writeln!(out, r#"<circle cx="{x:.1}" cy="{y:.1}" r="4" fill="none" stroke="black" stroke-width="1"/>"#);
    }
    let mut depots: Vec<usize> = problem.vehicles.iter().flat_map(|v| [v.start_node, v.end_node]).collect();
    depots.sort_unstable();
    depots.dedup();
    for d in depots {
        let (x, y) = at(d);
        let _ = writeln!(out, r#"<rect x="{:.1}" y="{:.1}" width="9" height="9" fill="black"/>"#, x - 4.5, y - 4.5);
    }
    out.push_str("</svg>\n");
    out
}

/// Map positions for [`draw_solution`]: x = longitude shrunk by the cosine
/// of the mean latitude, y = latitude, so distances look right.
pub fn lat_lon_xy(points: &[LatLon]) -> Vec<(f64, f64)> {
    let mean_lat = points.iter().map(|p| p.lat).sum::<f64>() / points.len().max(1) as f64;
    let shrink = mean_lat.to_radians().cos();
    points.iter().map(|p| (p.lon * shrink, p.lat)).collect()
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dispatch::solomon::parse_solomon;

    #[test]
    fn draws_one_polyline_per_route() {
        let inst = parse_solomon(
            "T\nVEHICLE\nNUMBER CAPACITY\n2 10\nCUSTOMER\n0 0 0 0 0 100 0\n1 1 1 1 0 100 1\n2 5 5 1 0 100 1\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let problem = inst.to_problem();
        let sol = Solution { routes: vec![vec![0], vec![1]], unassigned: vec![] };
        let svg = draw_solution(&problem, &sol, &inst.coordinates(), "T <test>");
        assert_eq!(svg.matches("<polyline").count(), 2);
        assert!(svg.contains("T &lt;test&gt;"));
        assert!(svg.ends_with("</svg>\n"));
    }
}
