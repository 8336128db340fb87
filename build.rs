//! Embeds the default theme (`templates/`) into the binary (DESIGN §6): writes
//! a table of every file under `templates/` with its bytes, which
//! `render::theme` reads. A site's own `templates/` overrides it file by file.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    println!("cargo:rerun-if-changed=templates");
    let mut files: Vec<String> = Vec::new();
    if root.is_dir() {
        for entry in walkdir::WalkDir::new(&root).sort_by_file_name() {
            let entry = entry.expect("templates/ is readable");
            if entry.file_type().is_file() {
                let rel = entry
                    .path()
                    .strip_prefix(&root)
                    .expect("walked under templates/")
                    .to_string_lossy()
                    .replace('\\', "/");
                if rel.split('/').any(|part| part.starts_with('.')) {
                    continue;
                }
                println!("cargo:rerun-if-changed={}", entry.path().display());
                files.push(rel);
            }
        }
    }
    let mut out = String::from(
        "/// Every file of the default theme: (path under templates/, bytes).\npub static THEME: &[(&str, &[u8])] = &[\n",
    );
    for rel in &files {
        let path = root.join(rel);
        writeln!(
            out,
            "    ({rel:?}, include_bytes!({:?})),",
            path.display().to_string()
        )
        .expect("writing to a string");
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("theme.rs");
    std::fs::write(dest, out).expect("OUT_DIR is writable");
}
