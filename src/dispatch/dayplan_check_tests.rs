use super::*;
use crate::dispatch::dayplan::{solve_day_plan, DayPlan};
use crate::dispatch::generator::generate_day_plan;
use crate::dispatch::model::Params;
use crate::dispatch::travel::GreatCircle;

fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|e| panic!("{e}"))
}

fn solved(plan: &DayPlan) -> OutsideAnswer {
    let params = Params { time_limit_s: 0.2, seed: 1, ..Params::default() };
    let (answer, _, _) = solve_day_plan(plan, &params, &GreatCircle::default(), None).unwrap_or_else(|e| panic!("{e}"));
    serde_json::from_str(&json(&answer)).unwrap_or_else(|e| panic!("{e}"))
}

fn check(plan: &DayPlan, answer: &OutsideAnswer) -> AnswerCheck {
    check_answer(&json(plan), answer, &GreatCircle::default()).unwrap_or_else(|e| panic!("{e}"))
}

fn id(v: &crate::dispatch::dayplan::PlanId) -> Value {
    serde_json::from_str(&json(v)).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn our_own_answer_passes_with_the_same_figures() {
    for with_matrix in [true, false] {
        let plan = generate_day_plan(6, 50, 11, with_matrix);
        let answer = solved(&plan);
        let verdict = check(&plan, &answer);
        assert!(verdict.feasible, "{:?}", verdict.violations);
        assert_eq!(Some(verdict.served), answer.served);
        assert_eq!(Some(verdict.travel_s), answer.travel_s);
        assert_eq!(verdict.served + verdict.unserved, plan.visits.len());
    }
}

#[test]
fn a_visit_moved_to_a_technician_without_its_skill_is_rejected() {
    let plan = generate_day_plan(6, 50, 11, true);
    let mut answer = solved(&plan);
    let unskilled = answer.routes.iter().enumerate().find_map(|(r, route)| {
        let tech = plan.technicians.iter().find(|t| id(&t.id) == route.technician)?;
        let stop = plan.visits.iter().find(|v| !tech.skills.contains(&v.skill) && v.pinned_to.is_none())?;
        Some((r, id(&stop.id)))
    });
    let (r, moved) = unskilled.unwrap_or_else(|| panic!("every technician has every skill"));
    for route in &mut answer.routes {
        route.visits.retain(|s| s.id != moved);
    }
    if let Some(list) = answer.unassigned.as_mut() {
        list.retain(|u| *u != moved);
    }
    answer.routes[r].visits.insert(0, CheckedStop { id: moved.clone(), start_s: None });
    answer.served = None;
    answer.travel_s = None;
    let verdict = check(&plan, &answer);
    assert!(!verdict.feasible);
    assert!(verdict.violations.iter().any(|v| v.starts_with("skill mismatch") && v.contains(&name(&moved))));
}

#[test]
fn a_pinned_visit_on_another_technician_is_rejected() {
    let mut plan = generate_day_plan(4, 20, 3, true);
    for t in &mut plan.technicians {
        t.skills = vec!["plumbing".into(), "electrical".into(), "appliances".into(), "heating".into()];
    }
    for v in &mut plan.visits {
        v.pinned_to = None;
    }
    plan.visits[0].pinned_to = Some(plan.technicians[0].id.clone());
    let answer = OutsideAnswer {
        routes: vec![CheckedRoute {
            technician: id(&plan.technicians[1].id),
            visits: vec![CheckedStop { id: id(&plan.visits[0].id), start_s: None }],
        }],
        unassigned: None,
        served: Some(1),
        travel_s: None,
    };
    let verdict = check(&plan, &answer);
    assert!(!verdict.feasible);
    assert_eq!(verdict.served, 1);
    assert_eq!(verdict.unserved, plan.visits.len() - 1);
    assert!(verdict.violations.iter().any(|v| v.starts_with("pin violated")), "{:?}", verdict.violations);
}

#[test]
fn an_answer_that_drops_a_pinned_visit_is_rejected() {
    let plan = generate_day_plan(8, 60, 4, true);
    let pinned = plan.visits.iter().find(|v| v.pinned_to.is_some()).unwrap_or_else(|| panic!("no pin in the day"));
    let pinned = id(&pinned.id);
    let mut answer = solved(&plan);
    assert!(check(&plan, &answer).feasible);
    for route in &mut answer.routes {
        route.visits.retain(|s| s.id != pinned);
    }
    answer.unassigned.get_or_insert_with(Vec::new).push(pinned.clone());
    answer.served = None;
    answer.travel_s = None;
    let verdict = check(&plan, &answer);
    assert!(!verdict.feasible);
    let expected = format!("pin dropped: visit {}", name(&pinned));
    assert!(verdict.violations.iter().any(|v| v.starts_with(&expected)), "{:?}", verdict.violations);
}

#[test]
fn false_claims_unknown_ids_and_lost_visits_are_named() {
    let plan = generate_day_plan(6, 50, 11, true);
    let mut answer = solved(&plan);
    let first = answer.routes[0].visits[0].clone();
    answer.served = Some(answer.served.unwrap_or(0) + 1);
    answer.travel_s = Some(answer.travel_s.unwrap_or(0) - 60);
    let tech = plan.technicians.iter().find(|t| id(&t.id) == answer.routes[0].technician);
    answer.routes[0].visits[0].start_s = tech.map(|t| t.shift[0] - 1);
    answer.routes[0].visits.push(CheckedStop { id: Value::String("ghost".into()), start_s: None });
    let lost = answer.routes[1].visits.remove(0);
    let verdict = check(&plan, &answer);
    let all = verdict.violations.join("\n");
    assert!(!verdict.feasible);
    assert!(all.contains("claims"), "{all}");
    assert!(all.contains("unknown visit ghost"), "{all}");
    assert!(all.contains(&format!("visit {} is neither", name(&lost.id))), "{all}");
    assert!(all.contains(&format!("cannot start visit {}", name(&first.id))), "{all}");
}

#[test]
fn an_unreadable_plan_is_an_error_not_a_verdict() {
    let answer = OutsideAnswer { routes: Vec::new(), unassigned: None, served: None, travel_s: None };
    assert!(check_answer("{", &answer, &GreatCircle::default()).is_err());
    let mut plan = generate_day_plan(2, 3, 1, true);
    plan.format = "other".into();
    assert!(check_answer(&json(&plan), &answer, &GreatCircle::default()).is_err());
}
