//! What the server writes for people, in their language. The code states a message as an
//! id with typed arguments ([`crate::domain::msg::Msg`], written with `msg!`); [`render`]
//! writes it from the Fluent catalog (`en/*.ftl`, `zh-CN/*.ftl`, one file per language and
//! area) where it is shown: problems by `http::lang`, timeline events and candidates'
//! reasons by `app::views`; the pages' own words are served to them whole (`pages`). What people typed is an argument, kept as it is: no text is ever
//! matched against the catalog.

mod pages;
mod render;

pub use crate::domain::lang::Lang;
pub use pages::{page_strings, PageStrings};
pub use render::{render, render_stored, render_with, stored_args, SkillNames};

#[cfg(test)]
mod catalog_tests;
