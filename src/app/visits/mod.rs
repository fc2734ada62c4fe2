//! Running visits: offers and assignment, the steps on site (on the way, arrived, outcome and
//! fees, done), quotes, positions while on the way, ratings, and the technician's day.

pub mod lines;
pub mod offers;
pub mod part;
pub mod positions;
pub mod quotes;
pub mod ratings;
pub mod steps;
pub mod tech_day;
