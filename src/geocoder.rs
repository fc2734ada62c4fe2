//! Addresses looked up with a geocoder that speaks Nominatim's search API
//! (`GET {base}/search?q=…&format=jsonv2&limit=5`): Nominatim itself, Photon-compatible
//! services and self-hosted OpenStreetMap stacks answer it. The answer must be in WGS-84
//! (as OpenStreetMap's is); a Chinese provider's GCJ-02 points would land some hundred metres
//! off.
//!
//! Blocking (ureq): callers run it on a worker thread, never inside a transaction. Answers are
//! kept for a day in a small cache, so a customer typing the same address twice, or the
//! booking after the page's suggestion, asks the geocoder once.

use std::collections::HashMap;
use std::io::Read;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde::Deserialize;

use crate::domain::area::Location;

/// Results asked for per search.
pub const RESULTS: usize = 5;
/// The most bytes of a geocoder's answer read (five results are a few kilobytes).
const MAX_ANSWER_BYTES: u64 = 256 * 1024;
/// How long a geocoder may take before the search gives up.
const TIMEOUT: Duration = Duration::from_secs(5);
/// How long an answer is reused.
const KEEP: Duration = Duration::from_secs(24 * 3600);
/// Answers cached before the cache starts over.
const CACHED: usize = 2000;

/// One place a geocoder found.
#[derive(Clone, Debug, PartialEq)]
pub struct Place {
    /// The geocoder's full name of the place.
    pub display_name: String,
    /// Where it is (WGS-84).
    pub location: Location,
}

/// Why a search gave no answer.
#[derive(Debug, thiserror::Error)]
#[error("the geocoder did not answer: {0}")]
pub struct Unavailable(pub String);

/// Answers kept: (language, query) → (when asked, places).
type Cache = HashMap<(String, String), (Instant, Vec<Place>)>;

/// A geocoder at one base address, with its cache.
pub struct Geocoder {
    base: String,
    agent: ureq::Agent,
    cache: Mutex<Cache>,
}

/// One result as Nominatim's `jsonv2` writes it: coordinates as strings (some compatible
/// services write numbers).
#[derive(Deserialize)]
struct Hit {
    lat: Coordinate,
    lon: Coordinate,
    #[serde(default)]
    display_name: String,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Coordinate {
    Text(String),
    Number(f64),
}

impl Coordinate {
    fn value(&self) -> Option<f64> {
        match self {
            Coordinate::Text(t) => t.trim().parse().ok(),
            Coordinate::Number(n) => Some(*n),
        }
        .filter(|v: &f64| v.is_finite())
    }
}

impl Geocoder {
    /// A geocoder at `base` (`https://nominatim.example.org`, without `/search`).
    pub fn new(base: &str) -> Geocoder {
        let agent = ureq::AgentBuilder::new()
            .timeout(TIMEOUT)
            .user_agent(concat!("fieldfix/", env!("CARGO_PKG_VERSION"), " (self-hosted repair dispatch)"))
            .build();
        Geocoder { base: base.trim_end_matches('/').to_string(), agent, cache: Mutex::new(HashMap::new()) }
    }

    /// The places the geocoder finds for `query`, best first, named in `language`.
    pub fn search(&self, query: &str, language: &str) -> Result<Vec<Place>, Unavailable> {
        let key = (language.to_string(), query.trim().to_lowercase());
        {
            let cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
            if let Some((at, places)) = cache.get(&key) {
                if at.elapsed() < KEEP {
                    return Ok(places.clone());
                }
            }
        }
        let places = self.ask(query.trim(), language)?;
        let mut cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        if cache.len() >= CACHED {
            cache.clear();
        }
        cache.insert(key, (Instant::now(), places.clone()));
        Ok(places)
    }

    fn ask(&self, query: &str, language: &str) -> Result<Vec<Place>, Unavailable> {
        let limit = RESULTS.to_string();
        let answer = self
            .agent
            .get(&format!("{}/search", self.base))
            .query_pairs([("q", query), ("format", "jsonv2"), ("limit", limit.as_str()), ("accept-language", language)])
            .call()
            .map_err(|e| Unavailable(e.to_string()))?;
        let mut body = Vec::new();
        answer
            .into_reader()
            .take(MAX_ANSWER_BYTES + 1)
            .read_to_end(&mut body)
            .map_err(|e| Unavailable(e.to_string()))?;
        if body.len() as u64 > MAX_ANSWER_BYTES {
            return Err(Unavailable(format!("an answer over {MAX_ANSWER_BYTES} bytes")));
        }
        parse(&body).map_err(Unavailable)
    }
}

/// The places of a `jsonv2` answer, at most [`RESULTS`]; results without valid coordinates
/// are left out.
pub fn parse(body: &[u8]) -> Result<Vec<Place>, String> {
    let hits: Vec<Hit> = serde_json::from_slice(body).map_err(|e| format!("not a jsonv2 answer: {e}"))?;
    Ok(hits
        .into_iter()
        .filter_map(|h| {
            let location = Location::parse("location", h.lat.value()?, h.lon.value()?).ok()?;
            Some(Place { display_name: h.display_name.chars().take(300).collect(), location })
        })
        .take(RESULTS)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_string_and_number_coordinates_and_drops_bad_ones() {
        let body = r#"[
            {"lat": "30.2741", "lon": "120.1551", "display_name": "文三路, 西湖区, 杭州市"},
            {"lat": 31.23, "lon": 121.47, "display_name": "Shanghai"},
            {"lat": "north", "lon": "120", "display_name": "bad"},
            {"lat": "95", "lon": "120", "display_name": "off the globe"}
        ]"#;
        let places = parse(body.as_bytes()).expect("a jsonv2 answer");
        assert_eq!(places.len(), 2);
        assert_eq!(places[0].location, Location { lat: 30.2741, lon: 120.1551 });
        assert_eq!(places[1].display_name, "Shanghai");
    }

    #[test]
    fn refuses_what_is_not_a_list() {
        assert!(parse(br#"{"error": "rate limited"}"#).is_err());
    }
}
