//! The command line's optimizer entry points.

use std::process::Command;

fn fieldfix() -> Command {
    Command::new(env!("CARGO_BIN_EXE_fieldfix"))
}

#[test]
fn optimize_solomon_prints_a_feasible_json_line() {
    let instance = concat!(env!("CARGO_MANIFEST_DIR"), "/bench/solomon/C101.txt");
    if !std::path::Path::new(instance).exists() {
        eprintln!("skipping: {instance} is not beside the project");
        return;
    }
    let svg = std::env::temp_dir().join(format!("fieldfix_c101_{}.svg", std::process::id()));
    let out = fieldfix()
        .args(["optimize", "--solomon", instance, "--seconds", "0.3", "--seed", "7", "--svg"])
        .arg(&svg)
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let line: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON line");
    assert_eq!(line["instance"], "C101");
    assert_eq!(line["feasible"], true);
    assert!(line["distance"].as_f64().expect("distance") < 900.0, "{line}");
    let drawing = std::fs::read_to_string(&svg).expect("svg written");
    assert!(drawing.starts_with("<svg") || drawing.contains("<svg"));
    let _ = std::fs::remove_file(svg);
}

#[test]
fn optimize_refuses_bad_input_clearly() {
    let out =
        fieldfix().args(["optimize", "--solomon", "/nonexistent/file.txt", "--seconds", "0.1"]).output().expect("runs");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/file.txt"));
    let out = fieldfix().args(["optimize", "--solomon", "x", "--seconds", "-1"]).output().expect("runs");
    assert!(!out.status.success());
}
