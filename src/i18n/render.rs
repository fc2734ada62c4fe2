//! The catalog in Fluent: one `.ftl` file per language and area, embedded in the binary,
//! loaded once into one bundle per language.

use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

use crate::domain::lang::Lang;
use crate::domain::msg::{Arg, Msg};

/// Each language's files by area, English first (the language every other falls back to).
pub(crate) const FILES: &[(Lang, &str, &[(&str, &str)])] = &[
    (Lang::En, "en", &[("errors", include_str!("en/errors.ftl"))]),
    (Lang::Zh, "zh-CN", &[("errors", include_str!("zh-CN/errors.ftl"))]),
];

struct Catalog {
    en: FluentBundle<FluentResource>,
    zh: FluentBundle<FluentResource>,
}

fn bundle(tag: &str, files: &[(&str, &str)]) -> FluentBundle<FluentResource> {
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
        let files = |lang: Lang| FILES.iter().find(|(l, _, _)| *l == lang).map_or(&[][..], |(_, _, f)| *f);
        Catalog { en: bundle("en", files(Lang::En)), zh: bundle("zh-CN", files(Lang::Zh)) }
    })
}

/// `msg` in `lang`; a message missing from `lang` is written in English, one missing
/// everywhere as its id (the catalog tests keep both from happening).
pub fn render(msg: &Msg, lang: Lang) -> String {
    let catalog = catalog();
    let wanted = match lang {
        Lang::En => &catalog.en,
        Lang::Zh => &catalog.zh,
    };
    let Some((bundle, pattern)) =
        [wanted, &catalog.en].into_iter().find_map(|b| b.get_message(msg.id).and_then(|m| m.value()).map(|p| (b, p)))
    else {
        tracing::warn!(id = msg.id, "a message id is not in the catalog");
        return msg.id.to_string();
    };
    let mut args = FluentArgs::new();
    for (name, arg) in &msg.args {
        let value = match arg {
            Arg::Text(text) => FluentValue::from(text.as_str()),
            Arg::Number(n) => FluentValue::from(*n),
            Arg::Msg(inner) => FluentValue::from(render(inner, lang)),
        };
        args.set(*name, value);
    }
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, Some(&args), &mut errors).into_owned();
    if !errors.is_empty() {
        tracing::warn!(id = msg.id, ?errors, "a message was rendered with errors");
    }
    text
}

impl std::fmt::Display for Msg {
    /// The English text, as the log shows it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&render(self, Lang::En))
    }
}
