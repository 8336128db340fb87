//! Rules that span documents: what is legal but likely wrong, reported as
//! warnings (DESIGN §5). `check` and `build` print them like errors, and
//! they fail a command only with `--deny-warnings`.
//!
//! Runs on the linked [`Graph`] and reads it only: a warning never changes
//! what is built. Each warning points at its narrowest true span: the link
//! that cites a draft, the `as_of` value, the title of a brief without
//! sources, the first line (or `slug:`) of an entity nothing references.
//! The rules do not depend on `--drafts`: they are about the files, which
//! are the same whatever is built.
//!
//! Briefs are also read by the language lint of estimative prose
//! ([`estimative`], issue #14): hedges outside the site's yardstick, a
//! likelihood and a confidence level in one sentence, both rows of ICD 203
//! in one brief, each a warning at the words.
//! An event's coordinates are judged against the outline of its
//! `location.country` in the [`Atlas`] (issue 13), which the caller loads
//! once per build and hands in.
//!
//! Errors leave the graph incomplete: a broken link or a misspelt field may
//! be the reference an entity misses, and a bad item of `sources` is
//! dropped. So while the site has errors, "nothing references" is not
//! judged, and "no source" is not judged for a brief whose file has errors:
//! those warnings would only echo the errors.

mod estimative;

use std::collections::HashSet;

use rayon::prelude::*;

use crate::config::Config;
use crate::content::{Document, Kind, Meta};
use crate::diagnostic::{Diagnostic, Diagnostics, FileId, Problem, Sources, Span};
use crate::graph::{DocIndex, Graph, Linked};
use crate::pictures::atlas::Atlas;

/// What judging a document reads besides the graph.
struct Judging<'a> {
    judge_references: bool,
    broken_files: HashSet<FileId>,
    referenced: Vec<bool>,
    vocabularies: estimative::Vocabularies,
    sources: &'a Sources,
    atlas: &'a Atlas,
}

/// Pushes a warning for every rule a document breaks. `sources` holds the
/// files, where the language lint finds the words it points at; `atlas`,
/// the outlines an event's place is judged against.
pub fn run(
    graph: &Graph,
    config: &Config,
    sources: &Sources,
    atlas: &Atlas,
    diags: &mut Diagnostics,
) {
    let judging = Judging {
        judge_references: !diags.has_errors(),
        broken_files: diags.files_with_errors(),
        referenced: referenced(graph),
        vocabularies: estimative::Vocabularies::new(config),
        sources,
        atlas,
    };
    // Each document is judged on any thread, its warnings kept apart and
    // merged in document order: the same report whatever the thread count
    // (21 ms on one core for 10,000 briefs, issue #6).
    let judged: Vec<Diagnostics> = (0..graph.docs().len())
        .into_par_iter()
        .map(|i| {
            let mut own = Diagnostics::default();
            judge(graph, i, &judging, &mut own);
            own
        })
        .collect();
    for own in judged {
        diags.extend(own);
    }
}

/// The warnings of document `i`.
fn judge(graph: &Graph, i: DocIndex, judging: &Judging<'_>, diags: &mut Diagnostics) {
    let doc = graph.doc(i);
    if !doc.is_draft() {
        cites_drafts(graph, i, diags);
    }
    outside_country(graph, judging.atlas, i, diags);
    match &doc.meta {
        Meta::Brief(brief) => {
            if brief.sources.is_empty() && !brief.draft && !judging.broken_files.contains(&doc.file)
            {
                diags.push(
                        Diagnostic::warning(doc.title_span, Problem::NoSources).with_help(
                            "add a `sources:` list, such as `sources: [{title: \"…\", publisher: \"…\"}]`",
                        ),
                    );
            }
            events_after_as_of(graph, i, diags);
            estimative::lint_brief(brief, &judging.vocabularies, judging.sources, diags);
        }
        // An event imported from data needs no citation: a team imports
        // thousands, and cites a few (issue #18).
        Meta::Event(event) if event.imported.is_some() => {}
        Meta::Country(_) | Meta::Actor(_) | Meta::Event(_) | Meta::Source(_)
            if judging.judge_references && !judging.referenced[i] =>
        {
            diags.push(
                Diagnostic::warning(
                    doc.id_span,
                    Problem::Unreferenced {
                        kind: doc.id.kind.noun(),
                        id: doc.id.to_string(),
                    },
                )
                .with_help(citation_help(doc)),
            );
        }
        _ => {}
    }
}

/// Per document: whether any other document, draft or not, references it.
/// A draft counts: the entity will be referenced once the draft is out.
fn referenced(graph: &Graph) -> Vec<bool> {
    let mut referenced = vec![false; graph.docs().len()];
    for from in 0..graph.docs().len() {
        for edge in graph.outgoing(from) {
            if edge.to != from {
                referenced[edge.to] = true;
            }
        }
    }
    referenced
}

/// How to reference an entity, for the help of [`Problem::Unreferenced`].
fn citation_help(doc: &Document) -> String {
    let field = match doc.id.kind {
        Kind::Country => "countries",
        Kind::Actor => "actors",
        Kind::Source => {
            return format!(
                "cite it from a brief's `sources` (`- {{source: {slug}, title: \"…\"}}`), or delete the file if it is not needed",
                slug = doc.id.slug
            );
        }
        _ => "events",
    };
    format!(
        "cite it from a brief (`{field}: [{slug}]`, or `[[{slug}]]` in the text), or delete the file if it is not needed",
        slug = doc.id.slug
    )
}

/// Every reference of document `i` with the document it resolves to and
/// where it is written: front-matter slugs first, then body links.
fn citations(graph: &Graph, i: DocIndex) -> Vec<(DocIndex, Span)> {
    let doc = graph.doc(i);
    let fields = doc
        .meta
        .refs()
        .into_iter()
        .filter_map(|r| Some((graph.resolve_field(r)?, r.span)));
    let links = doc
        .links
        .iter()
        .filter_map(|link| match graph.body_link(i, link.span.start)? {
            Linked::Doc { to, .. } => Some((*to, link.span)),
            Linked::Heading(_) => None,
        });
    fields.chain(links).filter(|(to, _)| *to != i).collect()
}

/// Whether a document that `i` references passes `test`. Its edges hold
/// every target of [`citations`] (one edge per target), so when none
/// passes, the citations need not be resolved again: resolving each
/// document's slugs again for two checks that find nothing on most
/// documents was 3.4 % of the CPU of a body edit at 100,000 briefs
/// (issue 17).
fn cites_any(graph: &Graph, i: DocIndex, test: impl Fn(DocIndex) -> bool) -> bool {
    graph.outgoing(i).iter().any(|edge| test(edge.to))
}

/// A published document citing a draft: one warning per citation, since
/// each is a link to fix.
fn cites_drafts(graph: &Graph, i: DocIndex, diags: &mut Diagnostics) {
    if cites_any(graph, i, |to| graph.doc(to).is_draft()) {
        each_draft_cited(graph, i, diags);
    }
}

/// [`cites_drafts`] without the look at the edges first.
fn each_draft_cited(graph: &Graph, i: DocIndex, diags: &mut Diagnostics) {
    for (to, span) in citations(graph, i) {
        let target = graph.doc(to);
        if target.is_draft() {
            diags.push(
                Diagnostic::warning(span, Problem::CitesDraft(target.id.to_string())).with_help(
                    format!(
                        "publish `{}` (remove its `draft: true`), or remove the link",
                        target.id
                    ),
                ),
            );
        }
    }
}

/// A brief citing events that start after its `as_of`: one warning per
/// event, at `as_of`, with a note at the event's first citation.
fn events_after_as_of(graph: &Graph, i: DocIndex, diags: &mut Diagnostics) {
    let Meta::Brief(brief) = &graph.doc(i).meta else {
        return;
    };
    let (Some(as_of), Some(as_of_span)) = (brief.as_of, brief.as_of_span) else {
        return;
    };
    let later =
        |to: DocIndex| matches!(&graph.doc(to).meta, Meta::Event(e) if e.date.start() > as_of);
    if cites_any(graph, i, later) {
        each_event_after(graph, i, as_of, as_of_span, diags);
    }
}

/// [`events_after_as_of`] without the look at the edges first.
fn each_event_after(
    graph: &Graph,
    i: DocIndex,
    as_of: chrono::NaiveDate,
    as_of_span: Span,
    diags: &mut Diagnostics,
) {
    let mut seen: Vec<DocIndex> = Vec::new();
    for (to, span) in citations(graph, i) {
        let Meta::Event(event) = &graph.doc(to).meta else {
            continue;
        };
        if event.date.start() <= as_of || seen.contains(&to) {
            continue;
        }
        seen.push(to);
        diags.push(
            Diagnostic::warning(
                as_of_span,
                Problem::EventAfterAsOf {
                    as_of: as_of.format("%Y-%m-%d").to_string(),
                    event: graph.doc(to).id.to_string(),
                    date: event.date.to_string(),
                },
            )
            .with_note(span, "cited here")
            .with_help(format!(
                "move `as_of` to {} or later, or check the event's date",
                event.date.start().format("%Y-%m-%d")
            )),
        );
    }
}

/// An event whose `lat` and `lon` fall outside the outline of its
/// `location.country` (issue 13): one warning, at `lat`, with the likely
/// slip as help. Nothing is judged when the atlas has no outline for the
/// country's code, or the place lacks a coordinate or a country.
fn outside_country(graph: &Graph, atlas: &Atlas, i: DocIndex, diags: &mut Diagnostics) {
    let Meta::Event(event) = &graph.doc(i).meta else {
        return;
    };
    let Some(location) = &event.location else {
        return;
    };
    let (Some(lat), Some(lon), Some(span)) = (location.lat, location.lon, location.lat_span) else {
        return;
    };
    let Some(to) = location
        .country
        .as_ref()
        .and_then(|c| graph.resolve_field(c))
    else {
        return;
    };
    let Meta::Country(country) = &graph.doc(to).meta else {
        return;
    };
    let iso2 = country.iso2.as_str();
    if atlas.contains(iso2, lat, lon) != Some(false) {
        return;
    }
    let inside = |lat: f64, lon: f64| atlas.contains(iso2, lat, lon) == Some(true);
    let help = if inside(lon, lat) {
        "`lat` and `lon` look swapped: `lat` is the latitude (north–south), `lon` the longitude (east–west)".to_string()
    } else if inside(lat, -lon) {
        format!(
            "did you mean `lon: {}`? Longitudes west of Greenwich are negative",
            -lon
        )
    } else if inside(-lat, lon) {
        format!(
            "did you mean `lat: {}`? Latitudes south of the equator are negative",
            -lat
        )
    } else {
        format!(
            "check `lat` and `lon` against a gazetteer (OpenStreetMap, GeoNames), or `location.country` (`{}`)",
            graph.doc(to).id.slug
        )
    };
    diags.push(
        Diagnostic::warning(
            span,
            Problem::OutsideCountry {
                lat: lat.to_string(),
                lon: lon.to_string(),
                country: country.name.clone(),
                iso2: iso2.to_string(),
            },
        )
        .with_help(help),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The graph of the fixture site `name` of `tests/fixtures/`, with its
    /// file table.
    fn fixture(name: &str) -> (Graph, Sources) {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        let (_, graph, sources, _) = crate::graph::link_site(&root);
        (graph, sources)
    }

    /// The look at a document's edges before resolving its citations
    /// again changes no warning: on the fixtures with drafts and `as_of`,
    /// each document warns as the full resolution does, and every target
    /// of its citations is one of its edges.
    #[test]
    fn looking_at_the_edges_first_warns_as_resolving_every_citation_does() {
        let (mut drafts, mut later) = (0, 0);
        for name in [
            "full",
            "warnings",
            "reader",
            "english",
            "links",
            "tradecraft",
        ] {
            let (graph, sources) = fixture(name);
            for i in 0..graph.docs().len() {
                let targets: Vec<DocIndex> = graph.outgoing(i).iter().map(|e| e.to).collect();
                for (to, _) in citations(&graph, i) {
                    assert!(targets.contains(&to), "{name}: {} → {to}", graph.doc(i).id);
                }
                let (mut fast, mut slow) = (Diagnostics::default(), Diagnostics::default());
                cites_drafts(&graph, i, &mut fast);
                events_after_as_of(&graph, i, &mut fast);
                each_draft_cited(&graph, i, &mut slow);
                if let Meta::Brief(brief) = &graph.doc(i).meta
                    && let (Some(as_of), Some(span)) = (brief.as_of, brief.as_of_span)
                {
                    each_event_after(&graph, i, as_of, span, &mut slow);
                }
                assert_eq!(
                    format!("{fast:?}"),
                    format!("{slow:?}"),
                    "{name}: {}",
                    graph.doc(i).id
                );
                for d in slow.sorted(&sources) {
                    match d.problem {
                        Problem::CitesDraft(_) => drafts += 1,
                        Problem::EventAfterAsOf { .. } => later += 1,
                        _ => {}
                    }
                }
            }
        }
        assert!(
            drafts > 0 && later > 0,
            "{drafts} drafts, {later} later events"
        );
    }
}
