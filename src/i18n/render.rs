//! The catalog in Fluent: one `.ftl` file per language and area, embedded in the binary,
//! loaded once into one bundle per language.

use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde_json::{json, Value};

use crate::domain::lang::Lang;
use crate::domain::msg::{Arg, Msg};

/// An area's name and its `.ftl` text.
pub(crate) type Area = (&'static str, &'static str);

/// Each language's files by area, English first (the language every other falls back to).
/// The `pages` area is the pages' own words, served to them whole (see `i18n::pages`).
pub(crate) const FILES: &[(Lang, &str, &[Area])] = &[
    (
        Lang::En,
        "en",
        &[
            ("errors", include_str!("en/errors.ftl")),
            ("timeline", include_str!("en/timeline.ftl")),
            ("notices", include_str!("en/notices.ftl")),
            (PAGES, include_str!("en/pages.ftl")),
        ],
    ),
    (
        Lang::Zh,
        "zh-CN",
        &[
            ("errors", include_str!("zh-CN/errors.ftl")),
            ("timeline", include_str!("zh-CN/timeline.ftl")),
            ("notices", include_str!("zh-CN/notices.ftl")),
            (PAGES, include_str!("zh-CN/pages.ftl")),
        ],
    ),
];

/// The area of the pages' own words, kept out of the server's bundle.
pub(crate) const PAGES: &str = "pages";

/// The files of `lang`, by area.
pub(crate) fn files_of(lang: Lang) -> &'static [Area] {
    FILES.iter().find(|(l, _, _)| *l == lang).map_or(&[], |(_, _, f)| *f)
}

struct Catalog {
    en: FluentBundle<FluentResource>,
    zh: FluentBundle<FluentResource>,
}

/// A bundle of `files` (area and text) for the language `tag`.
pub(crate) fn bundle<'a>(
    tag: &str,
    files: impl Iterator<Item = &'a (&'a str, &'a str)>,
) -> FluentBundle<FluentResource> {
    let mut bundle = FluentBundle::new_concurrent(vec![tag.parse().unwrap_or_default()]);
    bundle.set_use_isolating(false);
    for (area, text) in files {
        let resource = FluentResource::try_new((*text).to_string()).unwrap_or_else(|(partial, errors)| {
            tracing::error!(tag, area, ?errors, "a catalog file does not parse");
            partial
        });
        if let Err(errors) = bundle.add_resource(resource) {
            tracing::error!(tag, area, ?errors, "a catalog file repeats ids");
        }
    }
    bundle
}

fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        let server = |lang: Lang| files_of(lang).iter().filter(|(area, _)| *area != PAGES);
        Catalog { en: bundle("en", server(Lang::En)), zh: bundle("zh-CN", server(Lang::Zh)) }
    })
}

/// A skill's name in the reader's language by its code, where the names are at hand.
pub type SkillNames<'a> = &'a dyn Fn(&str) -> Option<String>;

/// `msg` in `lang`; a message missing from `lang` is written in English, one missing
/// everywhere as its id (the catalog tests keep both from happening).
pub fn render(msg: &Msg, lang: Lang) -> String {
    render_with(msg, lang, &|_| None)
}

/// As [`render`], with skills written by their names.
pub fn render_with(msg: &Msg, lang: Lang, names: SkillNames) -> String {
    let args = msg.args.iter().map(|(name, arg)| ((*name).to_string(), value(arg, lang, names))).collect();
    format(msg.id, args, lang)
}

fn value(arg: &Arg, lang: Lang, names: SkillNames) -> FluentValue<'static> {
    match arg {
        Arg::Text(text) => FluentValue::from(text.clone()),
        Arg::Number(n) => FluentValue::from(*n),
        Arg::Msg(inner) => FluentValue::from(render_with(inner, lang, names)),
        Arg::Skill(code) => FluentValue::from(names(code).unwrap_or_else(|| code.clone())),
    }
}

fn format(id: &str, values: Vec<(String, FluentValue<'static>)>, lang: Lang) -> String {
    let catalog = catalog();
    let wanted = match lang {
        Lang::En => &catalog.en,
        Lang::Zh => &catalog.zh,
    };
    let Some((bundle, pattern)) =
        [wanted, &catalog.en].into_iter().find_map(|b| b.get_message(id).and_then(|m| m.value()).map(|p| (b, p)))
    else {
        tracing::warn!(id, "a message id is not in the catalog");
        return id.to_string();
    };
    let mut args = FluentArgs::new();
    for (name, value) in values {
        args.set(name, value);
    }
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, Some(&args), &mut errors).into_owned();
    if !errors.is_empty() {
        tracing::warn!(id, ?errors, "a message was rendered with errors");
    }
    text
}

/// A message's arguments as stored beside it (JSON): each by name as `{"text": …}`,
/// `{"number": …}`, `{"skill": code}` or `{"msg": {"id": …, "args": {…}}}`.
pub fn stored_args(msg: &Msg) -> String {
    args_json(msg).to_string()
}

fn args_json(msg: &Msg) -> Value {
    let args = msg
        .args
        .iter()
        .map(|(name, arg)| {
            let value = match arg {
                Arg::Text(text) => json!({ "text": text }),
                Arg::Number(n) => json!({ "number": n }),
                Arg::Skill(code) => json!({ "skill": code }),
                Arg::Msg(inner) => json!({ "msg": { "id": inner.id, "args": args_json(inner) } }),
            };
            ((*name).to_string(), value)
        })
        .collect::<serde_json::Map<_, _>>();
    Value::Object(args)
}

/// A stored message (its id and [`stored_args`]) in `lang`; arguments that do not read are
/// left out, so the text shows where they were missing rather than failing the page.
pub fn render_stored(id: &str, args: &str, lang: Lang, names: SkillNames) -> String {
    let args = serde_json::from_str::<Value>(args).unwrap_or_else(|e| {
        tracing::warn!(id, error = %e, "stored message arguments do not read");
        Value::Null
    });
    render_value(id, &args, lang, names)
}

fn render_value(id: &str, args: &Value, lang: Lang, names: SkillNames) -> String {
    let Some(fields) = args.as_object() else { return format(id, Vec::new(), lang) };
    let mut values = Vec::new();
    for (name, arg) in fields {
        let value = if let Some(text) = arg.get("text").and_then(Value::as_str) {
            FluentValue::from(text.to_string())
        } else if let Some(n) = arg.get("number").and_then(Value::as_f64) {
            FluentValue::from(n)
        } else if let Some(code) = arg.get("skill").and_then(Value::as_str) {
            FluentValue::from(names(code).unwrap_or_else(|| code.to_string()))
        } else if let Some(inner) = arg.get("msg") {
            let inner_id = inner.get("id").and_then(Value::as_str).unwrap_or_default();
            FluentValue::from(render_value(inner_id, inner.get("args").unwrap_or(&Value::Null), lang, names))
        } else {
            continue;
        };
        values.push((name.clone(), value));
    }
    format(id, values, lang)
}

impl std::fmt::Display for Msg {
    /// The English text, as the log shows it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&render(self, Lang::En))
    }
}
