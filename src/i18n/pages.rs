//! The pages' own words (`*/pages.ftl`), served to them as one JSON object per language
//! (id → text) by `GET /api/messages/{lang}`. A page fills `{name}` in a text itself, so
//! each `{ $name }` of the catalog is written out as `{name}`.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use fluent_bundle::{FluentArgs, FluentValue};
use sha2::{Digest, Sha256};

use super::render::{bundle, files_of, PAGES};
use crate::domain::lang::Lang;

/// One language's page words, ready to answer.
pub struct PageStrings {
    /// The JSON object, id → text.
    pub json: String,
    /// A strong validator of `json` (quoted, as an `ETag` header carries it).
    pub etag: String,
}

/// The page words of `lang`, built once.
pub fn page_strings(lang: Lang) -> &'static PageStrings {
    static EN: OnceLock<PageStrings> = OnceLock::new();
    static ZH: OnceLock<PageStrings> = OnceLock::new();
    let (cell, tag) = match lang {
        Lang::En => (&EN, "en"),
        Lang::Zh => (&ZH, "zh-CN"),
    };
    cell.get_or_init(|| build(lang, tag))
}

fn build(lang: Lang, tag: &str) -> PageStrings {
    let pages: Vec<&(&str, &str)> = files_of(lang).iter().filter(|(area, _)| *area == PAGES).collect();
    let bundle = bundle(tag, pages.iter().copied());
    let mut texts = BTreeMap::new();
    for (_, text) in &pages {
        for line in text.lines().filter(|l| !l.starts_with('#') && !l.starts_with(' ')) {
            let Some((id, value)) = line.split_once(" = ") else { continue };
            let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else { continue };
            let mut args = FluentArgs::new();
            for name in value.split("{ $").skip(1).filter_map(|rest| rest.split_once(' ')).map(|(name, _)| name) {
                args.set(name.to_string(), FluentValue::from(format!("{{{name}}}")));
            }
            let mut errors = Vec::new();
            let written = bundle.format_pattern(pattern, Some(&args), &mut errors).into_owned();
            if !errors.is_empty() {
                tracing::warn!(id, ?errors, "a page text was written with errors");
            }
            texts.insert(id.to_string(), written);
        }
    }
    let json = serde_json::to_string(&texts).unwrap_or_else(|_| "{}".to_string());
    let digest = Sha256::digest(json.as_bytes());
    let etag = format!("\"{}\"", digest.iter().take(12).map(|b| format!("{b:02x}")).collect::<String>());
    PageStrings { json, etag }
}

#[cfg(test)]
mod tests {
    use super::page_strings;
    use crate::domain::lang::Lang;

    #[test]
    fn the_pages_get_their_words_with_the_placeholders_they_fill() {
        let en: serde_json::Value = serde_json::from_str(&page_strings(Lang::En).json).unwrap_or_default();
        let zh: serde_json::Value = serde_json::from_str(&page_strings(Lang::Zh).json).unwrap_or_default();
        assert_eq!(en["book_title"], "Book a repair");
        assert_eq!(zh["book_title"], "预约维修");
        assert_eq!(en["time_left"], "{h}h {m}m left");
        assert_eq!(zh["answer_by"], "请在 {time} 前答复");
        assert_eq!(en.as_object().map(|o| o.len()), zh.as_object().map(|o| o.len()));
        assert_ne!(page_strings(Lang::En).etag, page_strings(Lang::Zh).etag);
    }
}
