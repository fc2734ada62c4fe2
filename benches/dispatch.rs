//! Benchmarks of the dispatch engine: ranking among 10,000 technicians
//! (target p99 < 5 ms) and bookable slots for a day of 30 technicians and
//! 300 visits (target < 20 ms). Run with `cargo bench --bench dispatch`.

use criterion::{black_box, criterion_group, Criterion};
use fieldfix::dispatch::candidate_index::CandidateIndex;
use fieldfix::dispatch::day::Interval;
use fieldfix::dispatch::generator::generate_technician_days;
use fieldfix::dispatch::ranking::{rank_candidates, RankingOptions, VisitRequest};
use fieldfix::dispatch::rng::Rng;
use fieldfix::dispatch::slots::{available_slots, SlotRequest, DEFAULT_SLOT_S};
use fieldfix::dispatch::travel::{GreatCircle, LatLon};
use std::time::Instant;

const DAY: i64 = 1_795_392_000;

fn requests(count: usize, seed: u64) -> Vec<VisitRequest> {
    let mut rng = Rng::new(seed);
    let skills = ["plumbing", "electrical", "appliances", "heating"];
    (0..count)
        .map(|_| VisitRequest {
            location: LatLon::new(30.27 + rng.range_f64(-0.15, 0.15), 120.15 + rng.range_f64(-0.15, 0.15)),
            skill: skills[rng.below(skills.len())].to_string(),
            min_level: 1 + rng.below(3) as u8,
            duration_s: 3_600,
            window: (rng.unit() < 0.5).then(|| {
                let h = 8 + 2 * rng.below(5) as i64;
                Interval::new(DAY + h * 3_600, DAY + (h + 2) * 3_600)
            }),
            now: DAY + 7 * 3_600,
        })
        .collect()
}

/// p50/p99 of single rankings over many different requests, printed once.
fn ranking_percentiles() {
    let days = generate_technician_days(10_000, 6, 11, DAY);
    let travel = GreatCircle::default();
    let options = RankingOptions::default();
    let index = CandidateIndex::new(&days);
    let reqs = requests(1_000, 5);
    for (label, with_index) in
        [("prebuilt R-tree index (CandidateIndex)", true), ("bounded scan (rank_candidates)", false)]
    {
        let run = |r: &VisitRequest| {
            let t = Instant::now();
            let found = if with_index {
                index.rank(r, &travel, &options)
            } else {
                rank_candidates(r, &days, &travel, &options)
            };
            black_box(found);
            t.elapsed().as_secs_f64() * 1e3
        };
        // Raw: one call per request. Best of 3: the same request three times,
        // which filters out preemption by other processes on a shared machine.
        let mut raw: Vec<f64> = reqs.iter().map(run).collect();
        let mut best: Vec<f64> = reqs.iter().map(|r| (0..3).map(|_| run(r)).fold(f64::INFINITY, f64::min)).collect();
        for (kind, times) in [("raw", &mut raw), ("best of 3", &mut best)] {
            times.sort_by(f64::total_cmp);
            println!(
                "ranking 10,000 technicians, {label}, {kind}: p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms over 1,000 requests",
                times[times.len() / 2],
                times[times.len() * 99 / 100],
                times[times.len() - 1]
            );
        }
    }
}

fn bench_ranking(c: &mut Criterion) {
    let days = generate_technician_days(10_000, 6, 11, DAY);
    let travel = GreatCircle::default();
    let options = RankingOptions::default();
    let reqs = requests(64, 7);
    let index = CandidateIndex::new(&days);
    let mut i = 0;
    c.bench_function("ranking/10k technicians, prebuilt index", |b| {
        b.iter(|| {
            i = (i + 1) % reqs.len();
            black_box(index.rank(&reqs[i], &travel, &options))
        })
    });
    c.bench_function("ranking/10k technicians, bounded scan", |b| {
        b.iter(|| {
            i = (i + 1) % reqs.len();
            black_box(rank_candidates(&reqs[i], &days, &travel, &options))
        })
    });
}

fn bench_slots(c: &mut Criterion) {
    let days = generate_technician_days(30, 10, 3, DAY);
    let planned: usize = days.iter().map(|d| d.planned.len()).sum();
    let travel = GreatCircle::default();
    let request = SlotRequest {
        location: LatLon::new(30.28, 120.16),
        skill: "plumbing".to_string(),
        min_level: 1,
        duration_s: 3_600,
        now: DAY + 6 * 3_600,
    };
    let range = Interval::new(DAY, DAY + 86_400);
    let name = format!("slots/one day, 30 technicians, {planned} planned visits");
    c.bench_function(&name, |b| b.iter(|| black_box(available_slots(range, DEFAULT_SLOT_S, &request, &days, &travel))));
}

criterion_group!(benches, bench_ranking, bench_slots);

fn main() {
    ranking_percentiles();
    benches();
    Criterion::default().configure_from_args().final_summary();
}
