use super::{captures, translate, Lang};

#[test]
fn a_pattern_gives_back_the_parts_filled_in() {
    assert_eq!(captures("{} not found", "visit not found"), Some(vec!["visit".to_string()]));
    assert_eq!(
        captures("cannot {} this visit now: it is {}", "cannot arrive at this visit now: it is on the way"),
        Some(vec!["arrive at".to_string(), "on the way".to_string()])
    );
    assert_eq!(captures("must be {}", "must be CNY"), Some(vec!["CNY".to_string()]));
    assert_eq!(captures("must be HH:MM", "must be HH:MM"), Some(vec![]));
    assert_eq!(captures("must be HH:MM", "must be HH:MM!"), None);
    assert_eq!(captures("{} not found", " not found"), None);
}

#[test]
fn chinese_readers_get_chinese_with_the_filled_in_parts_translated_or_kept() {
    let zh = |m: &str| translate(m, Lang::Zh).unwrap_or_else(|| panic!("no entry for {m:?}"));
    assert_eq!(zh("visit not found"), "找不到该上门");
    assert_eq!(zh("cannot start the way to this visit now: it is on the way"), "现在无法出发：这次上门技师正在路上");
    assert_eq!(zh("must be at most 200 characters"), "最多 200 个字符");
    assert_eq!(zh("too many attempts, try again in 30 seconds"), "尝试次数太多，请 30 秒后再试");
    assert_eq!(zh("a technician may not do this"), "技师无权进行此操作");
    assert_eq!(
        zh("next-day call: the customer is not satisfied; no follow-up opened: a follow-up can be opened once the repair is completed"),
        "次日回访：客户不满意，未能再次报修：维修完成后才能申请回访",
        "a message inside another is translated too"
    );
    assert_eq!(
        zh("next-day call: the customer is not satisfied; no follow-up opened: follow-up R-7 of this repair is still open; it is tracked under its own link"),
        "次日回访：客户不满意，未能再次报修：这次维修的回访 R-7 尚未结束，请通过它自己的链接查看",
        "with its own filled-in parts"
    );
    assert_eq!(translate("nothing we ever wrote", Lang::Zh), None);
    assert_eq!(translate("sign in first", Lang::En).as_deref(), Some("sign in first"));
}

/// The calls that carry a message for people, and which of their string literals is it.
const CARRIERS: &[(&str, bool)] = &[
    ("AppError::conflict(", false),
    ("AppError::BadRequest(", false),
    ("AppError::Forbidden(", false),
    ("AccessError::Forbidden(", false),
    ("AppError::UnsupportedMediaType(", false),
    ("AppError::NotFound(", false),
    ("FieldError::new(", true),
    ("AppError::invalid(", true),
    ("c.push(", true),
    ("checks.push(", true),
];

/// The text between `open` (just after a `(`) and its closing parenthesis.
fn call_arguments(source: &str, open: usize) -> &str {
    let bytes = source.as_bytes();
    let (mut depth, mut i) = (1, open);
    while i < bytes.len() && depth > 0 {
        match bytes[i] {
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'(' => depth += 1,
            b')' => depth -= 1,
            _ => {}
        }
        i += 1;
    }
    source.get(open..i.saturating_sub(1)).unwrap_or("")
}

/// The string literals in `text`, each with `{…}` format arguments made into `7`.
fn literals(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('"') {
        let body = &rest[start + 1..];
        let mut end = 0;
        let bytes = body.as_bytes();
        while end < bytes.len() && bytes[end] != b'"' {
            end += if bytes[end] == b'\\' { 2 } else { 1 };
        }
        let literal = body.get(..end).unwrap_or("");
        let mut filled = String::new();
        let mut inside = false;
        for ch in literal.chars() {
            match (ch, inside) {
                ('{', false) => inside = true,
                ('}', true) => {
                    inside = false;
                    filled.push('7');
                }
                (_, true) => {}
                (c, false) => filled.push(c),
            }
        }
        out.push(without_continuations(&filled).replace("\\\\", "\\"));
        rest = body.get(end + 1..).unwrap_or("");
    }
    out
}

/// A Rust string literal's text with its line continuations (a backslash, the line break and
/// the next line's leading blanks) taken out.
fn without_continuations(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("\\\n") {
        out.push_str(&rest[..at]);
        rest = rest[at + 2..].trim_start();
    }
    out.push_str(rest);
    out
}

fn sources(dir: &std::path::Path, out: &mut Vec<(String, String)>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") && !path.starts_with(super_dir()) {
            if let Ok(text) = std::fs::read_to_string(&path) {
                out.push((path.display().to_string(), text));
            }
        }
    }
}

fn super_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join("i18n")
}

#[test]
fn every_message_written_in_the_source_has_a_chinese_entry() {
    let mut files = Vec::new();
    sources(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut files);
    assert!(files.len() > 50, "the sources were not found");
    let mut missing = Vec::new();
    let mut seen = 0;
    for (path, text) in &files {
        for (carrier, last) in CARRIERS {
            for (at, _) in text.match_indices(carrier) {
                let found = literals(call_arguments(text, at + carrier.len()));
                let message = if *last { found.last() } else { found.first() };
                if let Some(message) =
                    message.filter(|m| !m.is_empty() && m.contains(' ') || carrier.contains("NotFound"))
                {
                    seen += 1;
                    let shown =
                        if carrier.contains("NotFound") { format!("{message} not found") } else { message.clone() };
                    if translate(&shown, Lang::Zh).is_none() {
                        missing.push(format!("{path}: {shown}"));
                    }
                }
            }
        }
    }
    assert!(seen > 80, "only {seen} messages were found in the source");
    assert!(missing.is_empty(), "messages without a Chinese entry in src/i18n/catalog.rs:\n{}", missing.join("\n"));
}
