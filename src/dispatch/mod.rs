//! Dispatch engine: travel estimates, technician ranking, bookable slots and
//! a route optimizer, as pure functions over plain data (no web, no database).

#![warn(missing_docs)]

pub mod bench;
pub mod candidate_index;
pub mod check;
pub mod commands;
pub mod day;
pub mod dayplan;
pub mod dayplan_answer;
pub mod dayplan_check;
pub mod generator;
pub mod insertion;
pub mod model;
pub mod optimizer;
pub mod pins;
pub mod ranking;
pub mod rng;
pub mod scoring;
pub mod slots;
pub mod solomon;
pub mod svg;
pub mod travel;
pub mod vrplib;
pub mod vrplib_bench;

#[cfg(test)]
mod proptests;
