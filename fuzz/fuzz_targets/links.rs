//! Wiki-link and Markdown-link resolution: a fixed set of documents (with
//! names, aliases, accents and a slug shared by two kinds), then a brief
//! whose body is the fuzz input; linked, then rendered to HTML through the
//! resolver, with the problems printed.
#![no_main]

use dossier::content::{self, Corpus, Kind};
use dossier::diagnostic::{self, Diagnostics, Sources};
use dossier::graph::Linked;
use dossier::markdown;
use libfuzzer_sys::fuzz_target;

const DOCS: &[(Kind, &str, &str)] = &[
    (Kind::Country, "content/countries/mali.md", "---\nname: Mali\niso2: ML\naliases: [République du Mali]\n---\n"),
    (Kind::Country, "content/countries/cote-d-ivoire.md", "---\nname: Côte d’Ivoire\niso2: CI\n---\n"),
    (Kind::Actor, "content/actors/jnim.md", "---\nname: JNIM\nkind: armed-group\naliases: [GSIM]\n---\n"),
    (Kind::Event, "content/events/mali.md", "---\ntitle: Mali event\ndate: \"2025-07\"\n---\n"),
    (Kind::Page, "content/pages/a-propos.md", "---\ntitle: À propos\n---\n"),
];

fuzz_target!(|data: &[u8]| {
    let body = String::from_utf8_lossy(data);
    let mut sources = Sources::default();
    let mut diags = Diagnostics::default();
    let mut loaded = Vec::new();
    for (kind, path, text) in DOCS {
        loaded.extend(content::read_text(*kind, path, text.to_string(), &mut sources, &mut diags));
    }
    let brief = format!("---\ntitle: Fuzz\ndate: 2025-01-01\n---\n{body}");
    loaded.extend(content::read_text(Kind::Brief, "content/briefs/fuzz.md", brief, &mut sources, &mut diags));
    let graph = dossier::graph::link(Corpus::from_loaded(loaded), false, &sources, &mut diags);
    if let Some(i) = graph.docs().iter().position(|d| d.id.kind == Kind::Brief) {
        let doc = graph.doc(i);
        let resolve = |start: usize, _: &markdown::Link| {
            let start = u32::try_from(doc.body_offset + start).ok()?;
            match graph.body_link(i, start)? {
                Linked::Doc { to, .. } => Some(markdown::Resolved::Page {
                    url: format!("/{}/", graph.doc(*to).id),
                    title: graph.doc(*to).title().to_string(),
                }),
                Linked::Heading(id) => Some(markdown::Resolved::Page {
                    url: format!("#{id}"),
                    title: String::new(),
                }),
            }
        };
        let _ = markdown::to_html(doc.body(&sources), &markdown::Render { unsafe_html: false, french: true, notes: ("Notes", "Back"), resolve: &resolve });
    }
    let _ = diagnostic::human(&diags, &sources, false);
});
