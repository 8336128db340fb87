//! Front-matter splitting and parsing, of every kind, then both problem
//! printers (which compute lines, columns and excerpts): any bytes must give
//! problems or a document, never a panic.
#![no_main]

use dossier::content::{self, Kind};
use dossier::diagnostic::{self, Diagnostics, Sources};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else { return };
    let kind = Kind::ALL[selector as usize % Kind::ALL.len()];
    let text = String::from_utf8_lossy(rest).into_owned();
    let mut sources = Sources::default();
    let mut diags = Diagnostics::default();
    let path = format!("content/{}/fuzz.md", kind.folder());
    let _ = content::read_text(kind, &path, text, &mut sources, &mut diags);
    let _ = diagnostic::human(&diags, &sources, false);
    let _ = diagnostic::json(&diags, &sources);
});
