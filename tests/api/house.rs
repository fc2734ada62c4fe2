//! The house's layering, read from the sources: no file of the crate imports a file that
//! (through any others) imports it back, so each use-case folder and each layer can be read
//! from the bottom up.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`.
fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `src/app/booking/book.rs` → `app::booking::book`; `mod.rs` names its folder; lib and main
/// are the root.
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap_or(file).with_extension("");
    let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    if parts.len() == 1 && (parts[0] == "lib" || parts[0] == "main") {
        parts.clear();
    }
    parts.join("::")
}

fn ident_len(s: &str) -> usize {
    s.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(s.len())
}

/// The paths named at the start of `s` (after `crate::` or `super::`): `a::b::c`, or each
/// member of `a::{b, c::{d, e}}` with its prefix.
fn paths_at(s: &str, prefix: &str, out: &mut Vec<String>) -> usize {
    let mut at = 0;
    let mut path = prefix.to_string();
    loop {
        let rest = &s[at..];
        if rest.starts_with('{') {
            // A group: each member, separated by commas at depth one.
            let mut i = 1;
            loop {
                let inner = &s[at + i..];
                let skipped = inner.len() - inner.trim_start().len();
                i += skipped;
                if s[at + i..].starts_with('}') {
                    return at + i + 1;
                }
                i += paths_at(&s[at + i..], &path, out);
                let inner = &s[at + i..];
                let skipped = inner.len() - inner.trim_start().len();
                i += skipped;
                // Skip an `as name` and the comma.
                let member_end = s[at + i..].find([',', '}']).unwrap_or(s.len() - at - i);
                i += member_end;
                if s[at + i..].starts_with(',') {
                    i += 1;
                } else {
                    return at + i + usize::from(s[at + i..].starts_with('}'));
                }
            }
        }
        let n = ident_len(rest);
        if n == 0 {
            break;
        }
        if !path.is_empty() {
            path.push_str("::");
        }
        path.push_str(&rest[..n]);
        at += n;
        if s[at..].starts_with("::") {
            at += 2;
        } else {
            break;
        }
    }
    out.push(path);
    at
}

/// The module a path names: its longest prefix that is a module of the crate.
fn resolve(modules: &BTreeSet<String>, path: &str) -> Option<String> {
    let parts: Vec<&str> = path.split("::").filter(|p| !p.is_empty()).collect();
    (1..=parts.len()).rev().map(|k| parts[..k].join("::")).find(|m| modules.contains(m))
}

/// Each file's module and the modules it names, outside its tests.
fn import_graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let texts: Vec<(String, String)> = files
        .iter()
        .map(|f| {
            let text = std::fs::read_to_string(f).unwrap_or_default();
            let code = text.split("#[cfg(test)]").next().unwrap_or("").to_string();
            let code: String = code.lines().map(|l| l.split("//").next().unwrap_or("")).collect::<Vec<_>>().join("\n");
            (module_of(&src, f), code)
        })
        .collect();
    let modules: BTreeSet<String> = texts.iter().map(|(m, _)| m.clone()).collect();
    let mut graph = BTreeMap::new();
    for (module, code) in &texts {
        let parent: Vec<&str> = module.split("::").collect();
        let parent = parent[..parent.len().saturating_sub(1)].join("::");
        let mut named = Vec::new();
        for (i, _) in code.match_indices("crate::") {
            let before = code[..i].chars().last();
            if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$') {
                continue;
            }
            paths_at(&code[i + "crate::".len()..], "", &mut named);
        }
        for (i, _) in code.match_indices("super::") {
            if code[..i].ends_with("super::") {
                continue;
            }
            let mut base: Vec<&str> = parent.split("::").filter(|p| !p.is_empty()).collect();
            let mut rest = &code[i + "super::".len()..];
            while let Some(r) = rest.strip_prefix("super::") {
                base.pop();
                rest = r;
            }
            paths_at(rest, &base.join("::"), &mut named);
        }
        let deps: BTreeSet<String> =
            named.iter().filter_map(|p| resolve(&modules, p)).filter(|d| d != module && !d.is_empty()).collect();
        graph.insert(module.clone(), deps);
    }
    graph
}

/// A cycle through the graph, if there is one.
fn a_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        m: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(m.to_string(), 1);
        stack.push(m.to_string());
        for d in graph.get(m).into_iter().flatten() {
            match state.get(d.as_str()).copied() {
                Some(1) => {
                    let from = stack.iter().position(|s| s == d).unwrap_or(0);
                    let mut cycle = stack[from..].to_vec();
                    cycle.push(d.clone());
                    return Some(cycle);
                }
                Some(_) => {}
                None => {
                    if let Some(c) = visit(d, graph, state, stack) {
                        return Some(c);
                    }
                }
            }
        }
        stack.pop();
        state.insert(m.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for m in graph.keys() {
        if !state.contains_key(m.as_str()) {
            let mut stack = Vec::new();
            if let Some(c) = visit(m, graph, &mut state, &mut stack) {
                return Some(c);
            }
        }
    }
    None
}

#[test]
fn no_file_imports_a_file_that_imports_it_back() {
    let graph = import_graph();
    assert!(graph.len() > 100, "the sources were read: {} files", graph.len());
    let views = graph.get("app::customers::views").cloned().unwrap_or_default();
    assert!(views.contains("app::photos::store"), "the reader sees imports: {views:?}");
    assert!(views.contains("app::access"), "grouped imports are read: {views:?}");
    if let Some(cycle) = a_cycle(&graph) {
        panic!("files import each other in a circle: {}", cycle.join(" → "));
    }
}

#[test]
fn the_use_cases_are_grouped_in_folders() {
    let app = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/app");
    let mut loose = Vec::new();
    let mut folders = Vec::new();
    for entry in std::fs::read_dir(&app).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.path().is_dir() {
            let doc = std::fs::read_to_string(entry.path().join("mod.rs")).unwrap_or_default();
            assert!(doc.starts_with("//! "), "src/app/{name}/mod.rs says what the folder serves");
            folders.push(name);
        } else {
            loose.push(name);
        }
    }
    assert!(folders.len() >= 6, "use cases in folders: {folders:?}");
    assert!(loose.len() <= 10, "the top of src/app holds only what every folder shares: {loose:?}");
}
