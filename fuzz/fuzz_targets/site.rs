//! A whole-site build from generated files: the input is cut into a
//! site.yaml, up to eight content files of any kind and an optional template
//! override, written to a temporary folder and built (load, link, render).
//! Bad input must give problems, never a panic.
#![no_main]

use dossier::config::Overrides;
use dossier::content::Kind;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // Parts are separated by a NUL byte: site.yaml, then files, each
    // starting with one character choosing its kind ('t' = a template).
    let mut parts = text.split('\0');
    let Some(site_yaml) = parts.next() else { return };
    let Ok(dir) = tempfile::tempdir() else { return };
    let root = dir.path();
    let _ = std::fs::write(root.join("site.yaml"), site_yaml);
    for (n, part) in parts.take(8).enumerate() {
        let mut chars = part.chars();
        let Some(selector) = chars.next() else { continue };
        let body: String = chars.collect();
        let path = if selector == 't' {
            root.join("templates/brief.html")
        } else {
            let kind = Kind::ALL[selector as usize % Kind::ALL.len()];
            root.join(format!("content/{}/f{n}.md", kind.folder()))
        };
        let _ = std::fs::create_dir_all(path.parent().expect("a file has a folder"));
        let _ = std::fs::write(path, body);
    }
    let result = dossier::build(root, &Overrides::default());
    let _ = dossier::diagnostic::human(&result.diagnostics, &result.sources, false);
});
