//! The one integration-test binary: every test runs the real server over HTTP, on SQLite
//! and on PostgreSQL.

mod helpers;

mod access;
mod accounts;
mod admin;
mod auth;
mod browser;
mod browser_account;
mod browser_calls;
mod browser_offline;
mod browser_quote;
mod browser_tech;
mod browser_xss;
mod browser_zh;
mod calls;
mod chromium;
mod cli;
mod crash;
mod customer_records;
mod dayplan;
mod demo;
mod document_limits;
mod forms;
mod kpis;
mod language;
mod lifecycle;
mod lifecycle_rules;
mod limits;
mod login_burst;
mod mail;
mod mail_batch;
mod migrations;
mod operations;
mod ownership;
mod pages;
mod photo_bombs;
mod photos;
mod process;
mod promises;
mod quotes;
mod reschedule;
mod security;
mod security_review;
mod smtp;
mod technician_position;
