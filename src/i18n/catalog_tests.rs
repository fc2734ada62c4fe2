//! The catalog is whole: every id in every language, with the same arguments, and every id
//! the code uses is in it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::render::FILES;
use super::{render, Lang};
use crate::domain::msg::Msg;

/// Each message id of a `.ftl` text with the names of the arguments it uses.
fn messages(text: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut out = BTreeMap::new();
    for line in text.lines() {
        if line.starts_with('#') || line.starts_with(' ') {
            continue;
        }
        let Some((id, value)) = line.split_once(" = ") else { continue };
        let args = value.split("{ $").skip(1).filter_map(|a| a.split_once(' ')).map(|(a, _)| a.to_string());
        out.insert(id.to_string(), args.collect());
    }
    out
}

/// Every area's messages in `lang`, keyed by area then id.
fn catalog(lang: Lang) -> BTreeMap<&'static str, BTreeMap<String, BTreeSet<String>>> {
    let (_, _, files) = FILES.iter().find(|(l, _, _)| *l == lang).copied().unwrap_or((lang, "", &[]));
    files.iter().map(|(area, text)| (*area, messages(text))).collect()
}

/// Arguments a translation leaves out on purpose: Chinese customers are not told which
/// manager assigned or re-planned their visit, and are asked to call the service point
/// rather than it by name.
const LEFT_OUT: &[(&str, &str)] =
    &[("assigned", "by"), ("reassigned", "by"), ("assigned-day-re-plan", "day"), ("questions", "name")];

fn same_arguments(id: &str, en: &BTreeSet<String>, other: &BTreeSet<String>) -> bool {
    let mut expected = en.clone();
    expected.retain(|a| !LEFT_OUT.contains(&(id, a.as_str())));
    other.is_subset(en) && expected.is_subset(other)
}

#[test]
fn every_id_is_in_every_language_with_the_same_arguments() {
    let en = catalog(Lang::En);
    let zh = catalog(Lang::Zh);
    assert!(en.values().map(BTreeMap::len).sum::<usize>() > 200, "the English catalog was not read");
    assert_eq!(en.keys().collect::<Vec<_>>(), zh.keys().collect::<Vec<_>>(), "the same areas in both");
    let mut wrong = Vec::new();
    for (area, messages) in &en {
        let other = &zh[area];
        for (id, args) in messages {
            match other.get(id) {
                None => wrong.push(format!("{area}: {id} has no Chinese")),
                Some(zh_args) if !same_arguments(id, args, zh_args) => {
                    wrong.push(format!("{area}: {id} takes {args:?} in English but {zh_args:?} in Chinese"))
                }
                Some(_) => {}
            }
        }
        wrong.extend(
            other.keys().filter(|id| !messages.contains_key(*id)).map(|id| format!("{area}: {id} has no English")),
        );
    }
    assert!(wrong.is_empty(), "the catalog is not whole:\n{}", wrong.join("\n"));
}

#[test]
fn a_translation_that_drops_or_invents_an_argument_is_found() {
    let en = messages("a = at most { $max } photos per { $per }\n");
    let zh = messages("a = 每{ $per }最多 { $count } 张照片\n");
    assert!(!same_arguments("a", &en["a"], &zh["a"]));
    assert!(!same_arguments("a", &en["a"], &messages("a = 最多 { $max } 张\n")["a"]));
    assert!(same_arguments("a", &en["a"], &messages("a = 每{ $per }最多 { $max } 张照片\n")["a"]));
}

fn sources(dir: &Path, out: &mut Vec<(String, String)>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            if let Ok(text) = std::fs::read_to_string(&path) {
                out.push((path.display().to_string(), text));
            }
        }
    }
}

#[test]
fn every_id_the_code_uses_is_in_the_catalog() {
    let en: BTreeMap<String, BTreeSet<String>> = catalog(Lang::En).into_values().flatten().collect();
    let mut files = Vec::new();
    sources(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut files);
    let mut seen = 0;
    let mut missing = Vec::new();
    for (path, text) in &files {
        for (at, _) in text.match_indices("msg!(\"") {
            let rest = &text[at + 6..];
            let Some(id) = rest.split('"').next() else { continue };
            if id == "id" {
                continue;
            }
            seen += 1;
            if !en.contains_key(id) {
                missing.push(format!("{path}: {id}"));
            }
        }
    }
    assert!(seen > 200, "only {seen} uses of msg! were found");
    assert!(missing.is_empty(), "ids used in the code but not in the catalog:\n{}", missing.join("\n"));
}

#[test]
fn a_message_is_written_in_the_readers_language_with_its_arguments_kept() {
    let state = msg!("request-state-en-route");
    let refused = msg!("cannot-visit-now", action = msg!("visit-action-start-way"), state = state);
    assert_eq!(render(&refused, Lang::En), "cannot start the way to this visit now: it is on the way");
    assert_eq!(render(&refused, Lang::Zh), "现在无法出发：这次上门技师正在路上");
    let typed = msg!("unknown-skill-named", skill = "sign in first {1}{0}");
    assert_eq!(render(&typed, Lang::Zh), "未知的技能 sign in first {1}{0}", "typed text is kept as it is");
    assert_eq!(
        render(&msg!("too-many-attempts-try-again-in", seconds = 30_u64), Lang::Zh),
        "尝试次数太多，请 30 秒后再试"
    );
    assert_eq!(render(&Msg::new("no-such-id"), Lang::Zh), "no-such-id");
}

#[test]
fn no_id_is_written_twice_in_a_language() {
    for (lang, tag, files) in FILES {
        let mut seen = BTreeSet::new();
        for (area, text) in files.iter() {
            for line in text.lines().filter(|l| !l.starts_with('#') && !l.starts_with(' ')) {
                let Some((id, _)) = line.split_once(" = ") else { continue };
                assert!(seen.insert(id.to_string()), "{tag} ({lang:?}) writes `{id}` twice (again in {area})");
            }
        }
    }
}
