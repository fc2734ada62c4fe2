//! What the server writes for people, in their language. Messages are written in English
//! where they arise (the log and English readers see them as they are); a reader who asked
//! for Chinese gets them through the catalog in [`catalog`], matched as gettext matches a
//! message id, with `{}` standing for the parts filled in at run time (a number, a date, a
//! name). A part that is itself one of our phrases (a state in words, a thing's name) is
//! translated too; anything else (a reference, a date, a person's own words) is kept.

mod catalog;

pub use crate::domain::lang::Lang;

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
mod tests;
