//! What the server writes for people, in their language. The code states a message as an
//! id with typed arguments ([`crate::domain::msg::Msg`], written with `msg!`); [`render`]
//! writes it from the Fluent catalog (`en/*.ftl`, `zh-CN/*.ftl`) where it is shown. What
//! people typed is an argument, kept as it is.
//!
//! The timeline still goes through the older English catalog in `catalog.rs`, matched on
//! the stored English text, until events keep their message ids.

mod catalog;
mod render;

pub use crate::domain::lang::Lang;
pub use render::render;

/// `message` in `lang`; `None` when the catalog has no entry for it.
pub fn translate(message: &str, lang: Lang) -> Option<String> {
    translate_with(message, lang, &|_| None)
}

/// As [`translate`], with `names` giving the Chinese of filled-in parts the catalog cannot
/// know (a skill's code, kept by the database with its names).
pub fn translate_with(message: &str, lang: Lang, names: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    match lang {
        Lang::En => Some(with_names(message, names)),
        Lang::Zh => to_chinese(message, names),
    }
}

/// `message` with each filled-in part that `names` knows (a skill's code) written by name.
fn with_names(message: &str, names: &dyn Fn(&str) -> Option<String>) -> String {
    let found = catalog::MESSAGES.iter().find_map(|(pattern, _)| Some((*pattern, captures(pattern, message)?)));
    let Some((pattern, parts)) = found.filter(|(_, parts)| parts.iter().any(|p| names(p).is_some())) else {
        return message.to_string();
    };
    let mut out = String::new();
    for (i, piece) in pattern.split("{}").enumerate() {
        if i > 0 {
            let part = &parts[i - 1];
            out.push_str(&names(part).unwrap_or_else(|| part.clone()));
        }
        out.push_str(piece);
    }
    out
}

fn to_chinese(message: &str, names: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    if let Some(word) = word(message) {
        return Some(word.to_string());
    }
    catalog::MESSAGES.iter().find_map(|(pattern, chinese)| {
        let parts = captures(pattern, message)?;
        let mut out = (*chinese).to_string();
        for (i, part) in parts.iter().enumerate() {
            let shown = word(part)
                .map(str::to_string)
                .or_else(|| names(part))
                .or_else(|| phrase(part, names))
                .unwrap_or_else(|| part.to_string());
            out = out.replace(&format!("{{{i}}}"), &shown);
        }
        Some(out)
    })
}

/// A whole message used inside another one (such as a cause after a colon), itself
/// translated with its own filled-in parts.
fn phrase(part: &str, names: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    if part.contains(' ') {
        to_chinese(part, names)
    } else {
        None
    }
}

fn word(text: &str) -> Option<&'static str> {
    catalog::WORDS.iter().find(|(en, _)| *en == text).map(|(_, zh)| *zh)
}

/// The parts of `message` that fill the `{}` of `pattern`, or `None` when it does not match.
/// Each `{}` takes the shortest text that lets the rest match.
pub(crate) fn captures(pattern: &str, message: &str) -> Option<Vec<String>> {
    let pieces: Vec<&str> = pattern.split("{}").collect();
    let (first, rest) = pieces.split_first()?;
    let mut tail = message.strip_prefix(first)?;
    let mut parts = Vec::new();
    for (i, piece) in rest.iter().enumerate() {
        let last = i + 1 == rest.len();
        let at = if last {
            if !tail.ends_with(piece) {
                return None;
            }
            tail.len() - piece.len()
        } else if piece.is_empty() {
            return None;
        } else {
            tail.find(piece)?
        };
        if at == 0 {
            return None;
        }
        parts.push(tail[..at].to_string());
        tail = &tail[at + piece.len()..];
    }
    if rest.is_empty() && !tail.is_empty() {
        return None;
    }
    Some(parts)
}

#[cfg(test)]
mod catalog_tests;
#[cfg(test)]
mod tests;
