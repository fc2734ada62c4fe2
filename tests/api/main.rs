//! The one integration-test binary: every test runs the real server over HTTP, on SQLite
//! and on PostgreSQL.

mod helpers;

mod access;
mod admin;
mod auth;
mod browser;
mod browser_offline;
mod browser_quote;
mod browser_tech;
mod browser_xss;
mod calls;
mod chromium;
mod cli;
mod crash;
mod demo;
mod forms;
mod kpis;
mod lifecycle;
mod lifecycle_rules;
mod limits;
mod mail;
mod migrations;
mod operations;
mod pages;
mod photos;
mod process;
mod promises;
mod quotes;
mod security;
mod smtp;
