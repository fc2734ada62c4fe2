//! Running the house: accounts, service points and skills, technicians, and the demo city.

pub mod accounts;
pub mod demo;
pub mod demo_follow_up;
pub mod demo_history;
pub mod points;
pub mod staff;
pub mod technicians;
