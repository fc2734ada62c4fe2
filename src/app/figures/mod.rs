//! Figures: the KPIs of a period (JSON and CSV), week by week for the charts, the dispatch
//! board's picture of a day, and what `/metrics` reads from the database.

pub mod board;
pub mod csv_rows;
pub mod kpis;
pub mod metrics;
pub mod recovery;
pub mod share;
pub mod weeks;
