//! Inputs that once crashed a fuzz target (`fuzz/`), kept in
//! `tests/fuzz-regressions/<target>/` and replayed through the same library
//! calls as the target: each must now give problems or a result, never a
//! panic. To add one, copy the artifact file into its target's folder.

use std::path::Path;

use dossier::content::{self, Kind};
use dossier::diagnostic::{self, Diagnostics, Sources};

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz-regressions")
        .join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut inputs: Vec<(String, Vec<u8>)> = entries
        .map(|e| e.expect("a readable folder").path())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    inputs.sort();
    inputs
}

/// What `fuzz_targets/front_matter.rs` does with one input.
fn front_matter(data: &[u8]) -> usize {
    let Some((&selector, rest)) = data.split_first() else {
        return 0;
    };
    let kind = Kind::ALL[selector as usize % Kind::ALL.len()];
    let mut sources = Sources::default();
    let mut diags = Diagnostics::default();
    let path = format!("content/{}/fuzz.md", kind.folder());
    let doc = content::read_text(
        kind,
        &path,
        String::from_utf8_lossy(rest).into_owned(),
        &mut sources,
        &mut diags,
    );
    let human = diagnostic::human(&diags, &sources, false);
    let json = diagnostic::json(&diags, &sources);
    assert!(
        doc.is_some() || !diags.is_empty(),
        "no document and no problem"
    );
    human.len() + json.len()
}

#[test]
fn front_matter_crashes_stay_fixed() {
    let inputs = inputs("front_matter");
    assert!(!inputs.is_empty(), "the regression inputs are missing");
    for (name, data) in inputs {
        let printed = std::panic::catch_unwind(|| front_matter(&data));
        assert!(printed.is_ok(), "{name} panics again");
    }
}

/// What `fuzz_targets/site.rs` does with one input: cut it into a site,
/// write it to a temporary folder, build it.
fn site(data: &[u8]) -> usize {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.split('\0');
    let site_yaml = parts.next().unwrap_or("");
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("site.yaml"), site_yaml).unwrap();
    for (n, part) in parts.take(8).enumerate() {
        let mut chars = part.chars();
        let Some(selector) = chars.next() else {
            continue;
        };
        let body: String = chars.collect();
        let path = if selector == 't' {
            root.join("templates/brief.html")
        } else {
            let kind = Kind::ALL[selector as usize % Kind::ALL.len()];
            root.join(format!("content/{}/f{n}.md", kind.folder()))
        };
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, body).unwrap();
    }
    let result = dossier::build(root, &dossier::config::Overrides::default());
    diagnostic::human(&result.diagnostics, &result.sources, false).len()
}

#[test]
fn site_crashes_stay_fixed() {
    let inputs = inputs("site");
    assert!(!inputs.is_empty(), "the regression inputs are missing");
    for (name, data) in inputs {
        let printed = std::panic::catch_unwind(|| site(&data));
        assert!(printed.is_ok(), "{name} panics again");
    }
}
