//! The floor of a build (issue 17, goal 2): what reading every Markdown
//! file of a site and rendering its body with pulldown-cmark alone costs,
//! with none of dossier's work (front matter, links, pages, templates).
//! `benches/build.py --floor` runs it beside dossier's build, with `cp -r`
//! of the built output, to say how far each stage is from it.
//!
//! ```sh
//! cargo bench --bench floor -- CONTENT_DIR
//! ```

use std::time::Instant;

use rayon::prelude::*;

fn main() {
    let dir = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .unwrap_or_else(|| "content".to_string());
    let started = Instant::now();
    let files: Vec<std::path::PathBuf> = walkdir::WalkDir::new(&dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    let listed = started.elapsed();
    // On every core, as dossier reads and renders.
    let (bytes, html) = files
        .par_iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).unwrap_or_default();
            // The body: after the second `---` line, when there is one.
            let body = text
                .strip_prefix("---\n")
                .and_then(|rest| rest.split_once("\n---\n"))
                .map_or(text.as_str(), |(_, body)| body);
            let mut out = String::with_capacity(body.len() * 3 / 2);
            pulldown_cmark::html::push_html(&mut out, pulldown_cmark::Parser::new(body));
            (text.len(), out.len())
        })
        .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    println!(
        "floor: {} files, {} MB read, {} MB of HTML; listed in {} ms, read and rendered in {} ms",
        files.len(),
        bytes / 1_000_000,
        html / 1_000_000,
        listed.as_millis(),
        (started.elapsed() - listed).as_millis()
    );
}
