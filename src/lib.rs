//! fieldfix: self-hosted field repair dispatch.
#![forbid(unsafe_code)]

#[macro_use]
pub mod domain;
pub mod app;
pub mod auth;
pub mod cli;
pub mod cli_city;
pub mod cli_load;
pub mod cli_optimize;
pub mod clock;
pub mod config;
pub mod db;
pub mod dispatch;
pub mod geocoder;
pub mod http;
pub mod i18n;
pub mod jobs;
pub mod limits;
pub mod notify;
pub mod startup;
pub mod state;
pub mod telemetry;
