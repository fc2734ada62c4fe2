//! Selective route exchange (SREX, Nagata and Kobayashi): the child takes a
//! group of neighbouring routes from one parent and the rest from the other;
//! visits lost on the way are put back by cheapest insertion. Routes are
//! chosen around a random visit through its granular neighbourhood, so no
//! coordinates are needed, and vehicles are swapped only for ones of the
//! same type, so skills, shifts and pins survive.

use super::local_search::LocalSearch;
use super::population::Individual;
use crate::dispatch::rng::Rng;

/// Builds the better of the two SREX children of `a` and `b` into `ls`
/// (missing visits inserted, local search not yet run).
pub fn srex(a: &Individual, b: &Individual, ls: &mut LocalSearch, rng: &mut Rng) {
    let data = ls.data;
    let used =
        |ind: &Individual| -> Vec<usize> { (0..ind.routes.len()).filter(|&r| !ind.routes[r].is_empty()).collect() };
    let (used_a, used_b) = (used(a), used(b));
    if used_a.is_empty() || used_b.is_empty() {
        ls.load(if used_a.is_empty() { &b.routes } else { &a.routes });
        ls.insert_unassigned(rng);
        return;
    }
    let n_moved = 1 + rng.below(used_a.len().min(used_b.len()));
    let mut route_in_a = vec![usize::MAX; data.n];
    for &r in &used_a {
        for &c in &a.routes[r] {
            route_in_a[c as usize] = r;
        }
    }
    let seed = a.routes[used_a[rng.below(used_a.len())]][0];
    let mut chosen_a: Vec<usize> = Vec::with_capacity(n_moved);
    for &c in std::iter::once(&seed).chain(data.neighbours[seed as usize].iter()) {
        let r = route_in_a[c as usize];
        if chosen_a.len() < n_moved && r != usize::MAX && !chosen_a.contains(&r) {
            chosen_a.push(r);
        }
    }
    let mut rest: Vec<usize> = used_a.iter().copied().filter(|r| !chosen_a.contains(r)).collect();
    rng.shuffle(&mut rest);
    while chosen_a.len() < n_moved {
        match rest.pop() {
            Some(r) => chosen_a.push(r),
            None => break,
        }
    }
    let mut in_a = vec![false; data.n];
    for &r in &chosen_a {
        for &c in &a.routes[r] {
            in_a[c as usize] = true;
        }
    }
    let mut scored_b: Vec<(usize, usize, usize)> = used_b
        .iter()
        .map(|&r| {
            let overlap = b.routes[r].iter().filter(|&&c| in_a[c as usize]).count();
            (overlap, rng.below(1 << 20), r)
        })
        .collect();
    scored_b.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)));
    let chosen_b: Vec<usize> = scored_b.iter().take(n_moved).map(|t| t.2).collect();

    let first = child(a, b, &chosen_a, &chosen_b, &in_a, true, ls);
    ls.load(&first);
    ls.insert_unassigned(rng);
    let first_cost = ls.total_cost();
    let first_routes = ls.export();
    let second = child(a, b, &chosen_a, &chosen_b, &in_a, false, ls);
    ls.load(&second);
    ls.insert_unassigned(rng);
    if first_cost < ls.total_cost() {
        ls.load(&first_routes);
    }
}

/// One SREX child. With `keep_a_whole`, duplicates are removed from `b`'s
/// kept routes; otherwise `b`'s kept routes stay whole and the moved routes
/// of `a` lose the visits `b` already serves.
fn child(
    a: &Individual,
    b: &Individual,
    chosen_a: &[usize],
    chosen_b: &[usize],
    in_a: &[bool],
    keep_a_whole: bool,
    ls: &LocalSearch,
) -> Vec<Vec<u32>> {
    let data = ls.data;
    let mut routes: Vec<Vec<u32>> = vec![Vec::new(); data.nv];
    let mut in_kept_b = vec![false; data.n];
    for (r, route) in b.routes.iter().enumerate() {
        if chosen_b.contains(&r) {
            continue;
        }
        if keep_a_whole {
            routes[r] = route.iter().copied().filter(|&c| !in_a[c as usize]).collect();
        } else {
            routes[r] = route.clone();
            for &c in route {
                in_kept_b[c as usize] = true;
            }
        }
    }
    for &ra in chosen_a {
        let moved: Vec<u32> =
            a.routes[ra].iter().copied().filter(|&c| keep_a_whole || !in_kept_b[c as usize]).collect();
        if moved.is_empty() {
            continue;
        }
        let target = if routes[ra].is_empty() {
            Some(ra)
        } else {
            (0..data.nv).find(|&v| routes[v].is_empty() && data.vtype[v] == data.vtype[ra])
        };
        if let Some(v) = target {
            routes[v] = moved;
        }
    }
    routes
}
