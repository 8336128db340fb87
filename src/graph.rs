//! The cross-reference graph: every front-matter reference and body link
//! resolved once, with backlinks and related briefs precomputed (DESIGN §3).
//!
//! Takes the [`Corpus`] by value and owns it; the [`Graph`] is immutable and
//! answers `resolve`, `backlinks`, `related` and `dependents` for `render`.
//! Problems found while resolving (unknown slugs, broken or ambiguous links,
//! headings a link names that its target lacks, duplicate ids) are pushed as
//! diagnostics at the reference's own span.
//!
//! Body links are kept by where they start in their file, never by their
//! rank among the links (issue #11). Documents whose front matter could not
//! be read ([`Invalid`]) answer names but hold no place in the graph: a
//! reference to one resolves to nothing and reports nothing, since the
//! document's own problem is already reported.

use std::cmp::Reverse;
use std::collections::HashMap;

use rayon::prelude::*;

use crate::content::{
    BodyLink, ContentFile, Corpus, DocId, Document, FieldRef, Invalid, Kind, LinkTarget, Meta,
};
use crate::diagnostic::{Diagnostic, Diagnostics, Problem, Sources, did_you_mean, nearest};
use crate::markdown::Heading;
use crate::slug::{Slug, match_key};

mod imported;
pub use imported::Unresolved;

/// Index of a document in the graph.
pub type DocIndex = usize;

/// How one document references another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How {
    /// A front-matter field (`countries`, `affiliations`, `location.country`…).
    Field(&'static str),
    /// A link in the body.
    Body,
}

/// A reference from one document to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Edge {
    /// The referencing document.
    pub from: DocIndex,
    /// The referenced document.
    pub to: DocIndex,
    /// Where the reference is written.
    pub how: How,
}

/// Where a body link leads, once resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Linked {
    /// Another document (or this one by name), at a heading when the link
    /// names one (its id).
    Doc {
        /// The document.
        to: DocIndex,
        /// The id of the heading named.
        heading: Option<String>,
    },
    /// A heading of the linking document itself: its id.
    Heading(String),
}

/// A resolved body link: where it starts in its file, and where it leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyTarget {
    /// The byte the link starts at, in the whole file.
    pub start: u32,
    /// Where it leads.
    pub linked: Linked,
}

/// Every document with its references resolved.
#[derive(Debug)]
pub struct Graph {
    docs: Vec<Document>,
    by_id: HashMap<DocId, DocIndex>,
    /// The names every document and invalid document answers to; `None`
    /// once `build` has linked ([`Graph::forget_names`]).
    names: Option<Names>,
    /// Per document: its resolved body links, by start.
    body_targets: Vec<Vec<BodyTarget>>,
    /// The headings of the documents whose headings links name, read once
    /// while linking (and only those: see [`crate::markdown::headings`]).
    headings: HashMap<DocIndex, Vec<Heading>>,
    /// Per document: its references, front matter first, one per target.
    outgoing: Vec<Vec<Edge>>,
    /// Per document: the visible documents referencing it, in path order.
    backlinks: Vec<Vec<Edge>>,
    /// Per brief: up to five related briefs, best first.
    related: Vec<Vec<DocIndex>>,
    visible: Vec<bool>,
    /// Per document: its title's [`match_key`], the key lists sort by.
    /// Made once here: transliterating titles again for every sort of
    /// every page, and for the site-wide lists of each `serve` rebuild,
    /// was most of the time of a one-page rebuild (issue #6).
    title_keys: Vec<String>,
    /// Per document: its kind, apart from the documents themselves, so
    /// that walking a page's inputs (issue 17, for every page of a build)
    /// reads a byte per document, not the document.
    kinds: Vec<Kind>,
    /// The files of `content/` that are not documents (issue #12): the
    /// plan decides which are copied and where.
    files: Vec<ContentFile>,
    /// The actor names of imported rows that no actor answers to, most
    /// frequent first (issue #18).
    unresolved: Vec<Unresolved>,
}

/// How much a shared entity makes two briefs related: a shared event says
/// more than a shared actor, which says more than a shared country.
fn weight(kind: Kind) -> u32 {
    match kind {
        Kind::Event => 3,
        Kind::Actor => 2,
        Kind::Country => 1,
        Kind::Brief | Kind::Page | Kind::Source | Kind::Watch => 0,
    }
}

/// How many related briefs a brief shows.
const RELATED: usize = 5;

/// Resolves every reference of the corpus. `drafts` says whether drafts are
/// built: a draft is resolvable either way, but only built drafts appear in
/// backlinks and related lists.
pub fn link(corpus: Corpus, drafts: bool, sources: &Sources, diags: &mut Diagnostics) -> Graph {
    link_with(
        corpus,
        &|d: &Document| drafts || !d.is_draft(),
        &|_: &Document| Vec::new(),
        sources,
        diags,
    )
}

/// Resolves every reference of the corpus of one language of the site
/// (issue 16): `visible` says which documents are built in it (a brief
/// not translated into it is not), and `also_named` gives the names a
/// document answers to besides its own (its names in the default
/// language, so that a link resolves there when not in the page's own).
pub fn link_with(
    corpus: Corpus,
    visible: &(dyn Fn(&Document) -> bool + Sync),
    also_named: &(dyn Fn(&Document) -> Vec<String> + Sync),
    sources: &Sources,
    diags: &mut Diagnostics,
) -> Graph {
    // Imported rows claimed by hand-written events merge into them first
    // (issue #18): the row's own document is then no duplicate.
    let docs = crate::content::data::merge(corpus.docs, sources, diags);
    let mut docs = unique_docs(docs, sources, diags);
    let by_id: HashMap<DocId, DocIndex> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.clone(), i))
        .collect();
    // Every title's and alias's key, made on every core: the names index
    // and the title sort keys below are built from them.
    let keys: Vec<Vec<String>> = docs
        .par_iter()
        .map(|d| {
            std::iter::once(d.title())
                .chain(d.meta.aliases().iter().map(String::as_str))
                .map(match_key)
                .chain(also_named(d).iter().map(|name| match_key(name)))
                .collect()
        })
        .collect();
    let names = Names::new(&docs, &keys, corpus.invalid, &by_id);
    let unresolved = imported::resolve(&mut docs, &names, &by_id);
    let headings = heading_cache(&by_id, &names, &docs, sources, diags);
    let resolver = Resolver {
        by_id: &by_id,
        names: &names,
        docs: &docs,
        headings: &headings,
    };
    check_invalid(&resolver, sources, diags);
    let visible: Vec<bool> = docs.iter().map(visible).collect();

    // Each document's references are resolved on any thread, with its own
    // problems, merged in document order: the same report whatever the
    // thread count.
    let resolved: Vec<(Vec<Edge>, Vec<BodyTarget>, Diagnostics)> = docs
        .par_iter()
        .enumerate()
        .map(|(i, doc)| {
            let mut own = Diagnostics::default();
            let mut edges: Vec<Edge> = Vec::new();
            for r in doc.meta.refs() {
                if let Some(to) = resolve_field(&by_id, &names, &docs, r, &mut own) {
                    if to == i && r.field == "affiliations" {
                        own.push(
                            Diagnostic::error(r.span, Problem::SelfAffiliation)
                                .with_help("list the other actor's slug, or remove the line"),
                        );
                        continue;
                    }
                    push_unique(
                        &mut edges,
                        Edge {
                            from: i,
                            to,
                            how: How::Field(r.field),
                        },
                    );
                }
            }
            let own_headings = headings.get(&i).map_or(&[][..], Vec::as_slice);
            let targets = resolver.links(i, doc, own_headings, &mut own);
            for target in &targets {
                if let Linked::Doc { to, .. } = target.linked
                    && to != i
                {
                    push_unique(
                        &mut edges,
                        Edge {
                            from: i,
                            to,
                            how: How::Body,
                        },
                    );
                }
            }
            (edges, targets, own)
        })
        .collect();
    let mut outgoing = Vec::with_capacity(docs.len());
    let mut body_targets = Vec::with_capacity(docs.len());
    for (edges, targets, own) in resolved {
        outgoing.push(edges);
        body_targets.push(targets);
        diags.extend(own);
    }

    let mut backlinks: Vec<Vec<Edge>> = vec![Vec::new(); docs.len()];
    for (from, edges) in outgoing.iter().enumerate() {
        if visible[from] {
            for edge in edges {
                backlinks[edge.to].push(*edge);
            }
        }
    }
    let related = related_briefs(&docs, &outgoing, &backlinks, &visible);
    let title_keys = keys
        .into_iter()
        .map(|k| k.into_iter().next().unwrap_or_default())
        .collect();
    let kinds = docs.iter().map(|d| d.id.kind).collect();
    Graph {
        kinds,
        docs,
        by_id,
        names: Some(names),
        body_targets,
        headings,
        outgoing,
        backlinks,
        related,
        visible,
        title_keys,
        files: corpus.files,
        unresolved,
    }
}

/// What resolving body links reads: the ids and names of the site, and the
/// headings of the documents that links name headings of.
struct Resolver<'a> {
    by_id: &'a HashMap<DocId, DocIndex>,
    names: &'a Names,
    docs: &'a [Document],
    headings: &'a HashMap<DocIndex, Vec<Heading>>,
}

impl Resolver<'_> {
    /// The headings of document `to`, as read for the links naming them.
    fn headings_of(&self, to: DocIndex) -> &[Heading] {
        self.headings.get(&to).map_or(&[][..], Vec::as_slice)
    }

    /// Resolves the body links of document `i` (whose own headings are
    /// `own`) that name documents or headings; links from the site root
    /// are the plan's to check (they name routes). A broken link is
    /// reported and left out.
    fn links(
        &self,
        i: DocIndex,
        doc: &Document,
        own: &[Heading],
        diags: &mut Diagnostics,
    ) -> Vec<BodyTarget> {
        let docs = self.docs;
        let mut targets = Vec::new();
        for link in &doc.links {
            let linked = match &link.target {
                LinkTarget::Document { name, heading } => {
                    match resolve_body(self.by_id, self.names, docs, name, link, diags) {
                        Some(Named::Doc(to)) => match heading {
                            None => Some(Linked::Doc { to, heading: None }),
                            Some(wanted) => {
                                let headings = if to == i { own } else { self.headings_of(to) };
                                match heading_id(headings, wanted) {
                                    Some(id) => Some(Linked::Doc {
                                        to,
                                        heading: Some(id),
                                    }),
                                    None => {
                                        diags.push(broken_heading(
                                            &docs[to].id.to_string(),
                                            wanted,
                                            headings,
                                            link,
                                        ));
                                        None
                                    }
                                }
                            }
                        },
                        // Its own problem is reported already.
                        Some(Named::Invalid(_)) | None => None,
                    }
                }
                LinkTarget::Heading(wanted) => match heading_id(own, wanted) {
                    Some(id) => Some(Linked::Heading(id)),
                    None => {
                        diags.push(broken_heading("this page", wanted, own, link));
                        None
                    }
                },
                LinkTarget::Root { .. } | LinkTarget::File { .. } => None,
            };
            if let Some(linked) = linked {
                targets.push(BodyTarget {
                    start: link.span.start,
                    linked,
                });
            }
        }
        debug_assert!(
            targets.windows(2).all(|w| w[0].start < w[1].start),
            "links are found in order, {} in {}",
            targets.len(),
            i
        );
        targets
    }
}

/// Whether two versions of a document have the same headings; not when
/// either body cannot be read (its file changed since it was loaded).
pub fn same_headings(old: &Document, new: &Document, sources: &Sources) -> bool {
    match (old.headings(sources), new.headings(sources)) {
        (Ok(old), Ok(new)) => old == new,
        _ => false,
    }
}

/// The documents whose headings a body link names: the linking document
/// for `[x](#contexte)`, the target for `[[mali#Sécurité]]`. Few bodies
/// are read twice for this.
fn heading_targets(
    by_id: &HashMap<DocId, DocIndex>,
    names: &Names,
    i: DocIndex,
    links: &[BodyLink],
) -> Vec<DocIndex> {
    links
        .iter()
        .filter_map(|link| match &link.target {
            LinkTarget::Heading(_) => Some(i),
            LinkTarget::Document {
                name,
                heading: Some(_),
            } => match resolve(by_id, names, name) {
                Ok(Named::Doc(to)) => Some(to),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

/// The headings of every document whose headings a link names, read once
/// (from disk for a body the build released). A file that changed since it
/// was loaded is an error ("build again"), and has no headings here: links
/// to its headings are reported as not found too.
fn heading_cache(
    by_id: &HashMap<DocId, DocIndex>,
    names: &Names,
    docs: &[Document],
    sources: &Sources,
    diags: &mut Diagnostics,
) -> HashMap<DocIndex, Vec<Heading>> {
    let mut wanted: Vec<DocIndex> = docs
        .iter()
        .enumerate()
        .flat_map(|(i, doc)| heading_targets(by_id, names, i, &doc.links))
        .chain(
            names
                .invalid
                .iter()
                .flat_map(|inv| heading_targets(by_id, names, usize::MAX, &inv.links)),
        )
        .filter(|i| *i != usize::MAX)
        .collect();
    wanted.sort_unstable();
    wanted.dedup();
    let read: Vec<_> = wanted
        .into_par_iter()
        .map(|i| (i, docs[i].headings(sources)))
        .collect();
    let mut headings = HashMap::with_capacity(read.len());
    for (i, found) in read {
        match found {
            Ok(found) => {
                headings.insert(i, found);
            }
            Err(problem) => diags.push(*problem),
        }
    }
    headings
}

/// Checks the references of the documents whose front matter could not be
/// read, as far as they could be read: every problem at once, not the
/// front matter's first and the rest once it is fixed. Links to their own
/// headings are left alone (their body is all that could be read).
fn check_invalid(resolver: &Resolver<'_>, _sources: &Sources, diags: &mut Diagnostics) {
    let (by_id, names, docs) = (resolver.by_id, resolver.names, resolver.docs);
    for invalid in &names.invalid {
        for r in &invalid.refs {
            resolve_field(by_id, names, docs, r, diags);
        }
        for link in &invalid.links {
            if let LinkTarget::Document { name, heading } = &link.target
                && let Some(Named::Doc(to)) = resolve_body(by_id, names, docs, name, link, diags)
                && let Some(wanted) = heading
                && heading_id(resolver.headings_of(to), wanted).is_none()
            {
                diags.push(broken_heading(
                    &docs[to].id.to_string(),
                    wanted,
                    resolver.headings_of(to),
                    link,
                ));
            }
        }
    }
}

/// The id of the heading a link names: by its id (`#securite`), or by its
/// text ignoring case and accents (`#Sécurité`).
pub fn heading_id(headings: &[Heading], wanted: &str) -> Option<String> {
    if let Some(h) = headings.iter().find(|h| h.id == wanted) {
        return Some(h.id.clone());
    }
    let key = match_key(wanted);
    let slug = Slug::from_title(wanted);
    headings
        .iter()
        .find(|h| match_key(&h.text) == key || slug.as_ref().is_some_and(|s| s.as_str() == h.id))
        .map(|h| h.id.clone())
}

/// The problem of a link to a heading that its target does not have, with
/// the target's headings listed.
fn broken_heading(target: &str, wanted: &str, headings: &[Heading], link: &BodyLink) -> Diagnostic {
    let help = if headings.is_empty() {
        format!("`{target}` has no headings; link to the page without `#{wanted}`")
    } else {
        let near = nearest(wanted, headings.iter().map(|h| h.text.as_str()))
            .map(|text| format!("did you mean `{text}`? "))
            .unwrap_or_default();
        let listed: Vec<String> = headings
            .iter()
            .take(12)
            .map(|h| format!("`{}` (#{})", crate::diagnostic::shown(&h.text), h.id))
            .collect();
        let more = if headings.len() > 12 { ", …" } else { "" };
        format!("{near}its headings are: {}{more}", listed.join(", "))
    };
    Diagnostic::error(
        link.span,
        Problem::BrokenHeading {
            target: target.to_string(),
            heading: wanted.to_string(),
        },
    )
    .with_help(help)
}

fn push_unique(edges: &mut Vec<Edge>, edge: Edge) {
    if !edges.iter().any(|e| e.to == edge.to) {
        edges.push(edge);
    }
}

/// Keeps one document per id and reports the other, naming both files:
/// the one whose file name gives the id is kept, so the error lands on the
/// `slug:` override that caused the clash. Also refuses free pages whose URL
/// would hide a section of the site.
fn unique_docs(docs: Vec<Document>, sources: &Sources, diags: &mut Diagnostics) -> Vec<Document> {
    let mut seen: HashMap<DocId, usize> = HashMap::new();
    let mut out: Vec<Document> = Vec::with_capacity(docs.len());
    for doc in docs {
        if doc.id.kind == Kind::Page && RESERVED.contains(&doc.id.slug.as_str()) {
            diags.push(
                Diagnostic::error(
                    doc.id_span,
                    Problem::BadValue {
                        field: "slug".to_string(),
                        reason: format!(
                            "the page address `/{}/` is taken by the site's own `{}` section",
                            doc.id.slug, doc.id.slug
                        ),
                    },
                )
                .with_help("rename the file, or set another `slug:`"),
            );
            continue;
        }
        let Some(&kept) = seen.get(&doc.id) else {
            seen.insert(doc.id.clone(), out.len());
            out.push(doc);
            continue;
        };
        let named_by_file = |d: &Document| {
            sources
                .path(d.file)
                .file_stem()
                .is_some_and(|s| s == d.id.slug.as_str())
        };
        let dropped = if named_by_file(&doc) && !named_by_file(&out[kept]) {
            std::mem::replace(&mut out[kept], doc)
        } else {
            doc
        };
        let other = &out[kept];
        diags.push(
            Diagnostic::error(
                dropped.id_span,
                Problem::DuplicateSlug {
                    kind: dropped.id.kind.noun(),
                    slug: dropped.id.slug.to_string(),
                    other: sources.path(other.file).display().to_string(),
                },
            )
            .with_note(other.id_span, "also defined here")
            .with_help("give one of them another file name or `slug:`"),
        );
    }
    out
}

/// Top-level URL segments that free pages may not take.
const RESERVED: &[&str] = &[
    "briefs",
    "countries",
    "actors",
    "events",
    "tags",
    "pages",
    "assets",
    "search",
    "digest",
    "exports",
    "sources",
    "yardstick",
    "watch",
    "data",
];

/// What a name resolves to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Named {
    /// A document of the graph.
    Doc(DocIndex),
    /// A file whose front matter could not be read, by its place in
    /// [`Names::invalid`].
    Invalid(usize),
}

/// Titles, names and aliases by their [`match_key`], and slugs across
/// kinds, of documents and of invalid ones.
#[derive(Debug, Default)]
struct Names {
    by_name: HashMap<String, Vec<Named>>,
    by_slug: HashMap<String, Vec<Named>>,
    /// Invalid documents, by id.
    invalid_ids: HashMap<DocId, usize>,
    invalid: Vec<Invalid>,
}

impl Names {
    /// The index of `docs`, whose titles' and aliases' [`match_key`]s are
    /// `keys` (per document, the title's first), and of the invalid
    /// documents whose id no document has. An invalid document answers to
    /// its title, when it could be read, and to its slug read as words
    /// (`cote-d-ivoire`, "cote d ivoire").
    fn new(
        docs: &[Document],
        keys: &[Vec<String>],
        invalid: Vec<Invalid>,
        by_id: &HashMap<DocId, DocIndex>,
    ) -> Names {
        let mut names = Names::default();
        for (i, (doc, keys)) in docs.iter().zip(keys).enumerate() {
            names.add(doc.id.slug.as_str(), keys, Named::Doc(i));
        }
        for invalid in invalid {
            if by_id.contains_key(&invalid.id) || names.invalid_ids.contains_key(&invalid.id) {
                continue;
            }
            let n = names.invalid.len();
            let keys: Vec<String> = invalid
                .title
                .iter()
                .map(|t| match_key(t))
                .chain(std::iter::once(match_key(
                    &invalid.id.slug.as_str().replace('-', " "),
                )))
                .collect();
            names.add(invalid.id.slug.as_str(), &keys, Named::Invalid(n));
            names.invalid_ids.insert(invalid.id.clone(), n);
            names.invalid.push(invalid);
        }
        names
    }

    fn add(&mut self, slug: &str, keys: &[String], named: Named) {
        self.by_slug
            .entry(slug.to_string())
            .or_default()
            .push(named);
        for key in keys {
            let list = self.by_name.entry(key.clone()).or_default();
            if !list.contains(&named) {
                list.push(named);
            }
        }
    }

    /// The id of what a name resolves to.
    fn id<'a>(&'a self, docs: &'a [Document], named: Named) -> &'a DocId {
        match named {
            Named::Doc(i) => &docs[i].id,
            Named::Invalid(n) => &self.invalid[n].id,
        }
    }

    /// The title of what a name resolves to, or its id when unknown.
    fn title(&self, docs: &[Document], named: Named) -> String {
        match named {
            Named::Doc(i) => docs[i].title().to_string(),
            Named::Invalid(n) => self.invalid[n]
                .title
                .clone()
                .unwrap_or_else(|| self.invalid[n].id.to_string()),
        }
    }
}

/// Resolves a front-matter slug of a known kind. A slug of an invalid
/// document resolves to nothing without a problem of its own.
fn resolve_field(
    by_id: &HashMap<DocId, DocIndex>,
    names: &Names,
    docs: &[Document],
    r: &FieldRef,
    diags: &mut Diagnostics,
) -> Option<DocIndex> {
    if let Ok(slug) = Slug::parse(&r.slug) {
        let id = DocId { kind: r.kind, slug };
        if let Some(i) = by_id.get(&id) {
            return Some(*i);
        }
        if names.invalid_ids.contains_key(&id) {
            return None;
        }
    }
    // A name instead of a slug ("Mali" for `mali`) is the likeliest slip.
    let by_name = names
        .by_name
        .get(&match_key(&r.slug))
        .and_then(|list| list.iter().find(|n| names.id(docs, **n).kind == r.kind));
    let help = match by_name {
        Some(named) => Some(format!(
            "did you mean `{}`? (the slug of {})",
            names.id(docs, *named).slug,
            names.title(docs, *named)
        )),
        None => did_you_mean(
            &r.slug,
            docs.iter()
                .map(|d| &d.id)
                .chain(names.invalid.iter().map(|i| &i.id))
                .filter(|id| id.kind == r.kind)
                .map(|id| id.slug.as_str()),
        )
        .or_else(|| {
            Some(format!(
                "create `content/{}/{}.md`, or fix the slug",
                r.kind.folder(),
                Slug::from_title(&r.slug).map_or_else(|| r.slug.clone(), |s| s.to_string())
            ))
        }),
    };
    diags.push(
        Diagnostic::error(
            r.span,
            Problem::UnknownSlug {
                slug: r.slug.clone(),
                kind: r.kind.noun(),
                field: r.field.to_string(),
            },
        )
        .with_help_opt(help),
    );
    None
}

/// Resolves the document a body link names (DESIGN §3): `kind/slug`; else
/// a slug of any kind; else a title, name or alias ignoring case, accents
/// and apostrophe style. A broken or ambiguous name is reported.
fn resolve_body(
    by_id: &HashMap<DocId, DocIndex>,
    names: &Names,
    docs: &[Document],
    target: &str,
    link: &BodyLink,
    diags: &mut Diagnostics,
) -> Option<Named> {
    match resolve(by_id, names, target) {
        Ok(named) => Some(named),
        Err(candidates) if candidates.len() > 1 => {
            let listed: Vec<String> = candidates
                .iter()
                .map(|n| format!("`{}` ({})", names.id(docs, *n), names.title(docs, *n)))
                .collect();
            diags.push(
                Diagnostic::error(
                    link.span,
                    Problem::AmbiguousLink {
                        target: target.to_string(),
                        candidates: listed.join(" or "),
                    },
                )
                .with_help(format!(
                    "write the kind too, such as `[[{}]]`",
                    names.id(docs, candidates[0])
                )),
            );
            None
        }
        Err(_) => {
            diags.push(
                Diagnostic::error(link.span, Problem::BrokenLink(target.to_string()))
                    .with_help_opt(suggest_document(names, docs, target)),
            );
            None
        }
    }
}

/// "did you mean …?" for a name that matches nothing: the nearest slug, or
/// the nearest title, name or alias (`houthi-movment` finds the actor named
/// "Houthi movement" whatever its slug), read as words either way.
fn suggest_document(names: &Names, docs: &[Document], target: &str) -> Option<String> {
    let target = target.rsplit('/').next().unwrap_or(target);
    let words = |text: &str| match_key(&text.replace(['-', '_'], " "));
    let wanted = words(target);
    let slug_words: Vec<(String, &str)> = names
        .by_slug
        .keys()
        .map(|slug| (words(slug), slug.as_str()))
        .collect();
    let candidates = slug_words
        .iter()
        .map(|(w, _)| w.as_str())
        .chain(names.by_name.keys().map(String::as_str));
    let near = nearest(&wanted, candidates)?;
    let found: Vec<Named> = match slug_words.iter().find(|(w, _)| w == near) {
        Some((_, slug)) => names.by_slug[*slug].clone(),
        None => names.by_name[near].clone(),
    };
    // The title is shown when it says more than the slug does.
    let listed: Vec<String> = found
        .iter()
        .map(|n| {
            let (id, title) = (names.id(docs, *n), names.title(docs, *n));
            if words(&title) == words(id.slug.as_str()) {
                format!("`[[{id}]]`")
            } else {
                format!("`[[{id}]]` ({title})")
            }
        })
        .collect();
    Some(format!("did you mean {}?", listed.join(" or ")))
}

/// Resolves a link target; the error holds the candidates (none, or several).
fn resolve(
    by_id: &HashMap<DocId, DocIndex>,
    names: &Names,
    target: &str,
) -> Result<Named, Vec<Named>> {
    let target = target.trim();
    if let Some((folder, slug)) = target.split_once('/')
        && let (Some(kind), Ok(slug)) = (Kind::from_folder(folder), Slug::parse(slug))
    {
        let id = DocId { kind, slug };
        return match (by_id.get(&id), names.invalid_ids.get(&id)) {
            (Some(i), _) => Ok(Named::Doc(*i)),
            (None, Some(n)) => Ok(Named::Invalid(*n)),
            (None, None) => Err(Vec::new()),
        };
    }
    let one = |list: Option<&Vec<Named>>| match list.map(Vec::as_slice) {
        Some([n]) => Ok(*n),
        Some(many) if many.len() > 1 => Err(many.to_vec()),
        _ => Err(Vec::new()),
    };
    match one(names.by_slug.get(target)) {
        Err(none) if none.is_empty() => one(names.by_name.get(&match_key(target))),
        found => found,
    }
}

/// How many briefs of one entity a brief is compared with: those nearest
/// to it in date. A country of a 100,000-brief site is cited by thousands of
/// briefs; comparing each brief with all of them made linking grow with the
/// square of the site (issue #6).
const NEIGHBOURS: usize = 100;

/// Up to [`RELATED`] briefs per brief, by the summed [`weight`] of shared
/// entities, then newest first. For each shared entity only its
/// [`NEIGHBOURS`] briefs nearest in date are counted, so the work is linear
/// in the number of briefs.
///
/// Scores live in one array indexed by document and only the best
/// [`RELATED`] are sorted: `serve` relinks on every edit of a front matter
/// (issue #3).
fn related_briefs(
    docs: &[Document],
    outgoing: &[Vec<Edge>],
    backlinks: &[Vec<Edge>],
    visible: &[bool],
) -> Vec<Vec<DocIndex>> {
    let dates: Vec<Option<chrono::NaiveDate>> = docs.iter().map(brief_date).collect();
    // Per entity, its briefs by date (then path order).
    let by_date: Vec<Vec<DocIndex>> = backlinks
        .iter()
        .map(|edges| {
            let mut briefs: Vec<DocIndex> = edges
                .iter()
                .map(|e| e.from)
                .filter(|from| dates[*from].is_some())
                .collect();
            briefs.sort_unstable_by_key(|b| (dates[*b], *b));
            briefs.dedup();
            briefs
        })
        .collect();
    // Briefs are scored in parallel, each thread with its own scratch
    // scores (zeroed again after each brief): 47 of the 98 ms of linking
    // 10,000 briefs were this loop (issue #6).
    (0..docs.len())
        .into_par_iter()
        .map_init(
            || (vec![0u32; docs.len()], Vec::new(), Vec::new()),
            |(score, scored, keyed), b| {
                if docs[b].id.kind != Kind::Brief || !visible[b] {
                    return Vec::new();
                }
                for edge in &outgoing[b] {
                    let w = weight(docs[edge.to].id.kind);
                    if w == 0 {
                        continue;
                    }
                    let briefs = &by_date[edge.to];
                    let at = briefs.partition_point(|x| (dates[*x], *x) < (dates[b], b));
                    let start = at.saturating_sub(NEIGHBOURS / 2);
                    let end = (start + NEIGHBOURS + 1).min(briefs.len());
                    let start = end.saturating_sub(NEIGHBOURS + 1);
                    for &other in &briefs[start..end] {
                        if other != b {
                            if score[other] == 0 {
                                scored.push(other);
                            }
                            score[other] += w;
                        }
                    }
                }
                // Best score first, then newest, then path order: a total
                // order, so the selection below gives the same briefs as a
                // full sort, whatever the thread. Each brief's key is made
                // once: comparing through the score and date tables was
                // 0.3 s of CPU at 100,000 briefs (issue 17).
                keyed.clear();
                keyed.extend(
                    scored
                        .drain(..)
                        .map(|other| (Reverse(score[other]), Reverse(dates[other]), other)),
                );
                for &(_, _, other) in keyed.iter() {
                    score[other] = 0;
                }
                if keyed.len() > RELATED {
                    keyed.select_nth_unstable(RELATED - 1);
                }
                let n = RELATED.min(keyed.len());
                let best = &mut keyed[..n];
                best.sort_unstable();
                best.iter().map(|&(_, _, other)| other).collect()
            },
        )
        .collect()
}

fn brief_date(doc: &Document) -> Option<chrono::NaiveDate> {
    match &doc.meta {
        Meta::Brief(b) => Some(b.date),
        _ => None,
    }
}

impl Graph {
    /// Every document, in path order.
    pub fn docs(&self) -> &[Document] {
        &self.docs
    }

    /// One document.
    pub fn doc(&self, i: DocIndex) -> &Document {
        &self.docs[i]
    }

    /// The kind of document `i`.
    pub fn kind(&self, i: DocIndex) -> Kind {
        self.kinds[i]
    }

    /// The document with this id.
    pub fn get(&self, id: &DocId) -> Option<DocIndex> {
        self.by_id.get(id).copied()
    }

    /// The document a front-matter reference names.
    pub fn resolve_field(&self, r: &FieldRef) -> Option<DocIndex> {
        let slug = Slug::parse(&r.slug).ok()?;
        self.get(&DocId { kind: r.kind, slug })
    }

    /// Where the body link of `doc` that starts at byte `start` of its
    /// file leads; `None` for a link that names no document or heading
    /// (external, from the site root).
    pub fn body_link(&self, doc: DocIndex, start: u32) -> Option<&Linked> {
        let targets = &self.body_targets[doc];
        targets
            .binary_search_by_key(&start, |t| t.start)
            .ok()
            .map(|k| &targets[k].linked)
    }

    /// The resolved body links of `doc`, in order.
    pub fn body_targets(&self, doc: DocIndex) -> &[BodyTarget] {
        &self.body_targets[doc]
    }

    /// Whether a document is built (not a draft, or drafts are built).
    pub fn is_visible(&self, i: DocIndex) -> bool {
        self.visible[i]
    }

    /// What a document references, front matter first, one edge per target.
    pub fn outgoing(&self, i: DocIndex) -> &[Edge] {
        &self.outgoing[i]
    }

    /// The built documents that reference `i`, in path order.
    pub fn backlinks(&self, i: DocIndex) -> &[Edge] {
        &self.backlinks[i]
    }

    /// Up to five briefs related to brief `i`, best first.
    pub fn related(&self, i: DocIndex) -> &[DocIndex] {
        &self.related[i]
    }

    /// The built documents of one kind, in path order.
    pub fn of_kind(&self, kind: Kind) -> impl Iterator<Item = DocIndex> + '_ {
        (0..self.docs.len()).filter(move |i| self.docs[*i].id.kind == kind && self.visible[*i])
    }

    /// The documents whose pages show `i`: those it references (their pages
    /// list it), those referencing it (their pages link to it by its title)
    /// and the briefs listing it as related. Sorted, without `i` itself.
    /// `serve` re-renders their pages when `i`'s front matter changes (issue #3).
    pub fn dependents(&self, i: DocIndex) -> Vec<DocIndex> {
        let mut out: Vec<DocIndex> = self.outgoing[i]
            .iter()
            .map(|e| e.to)
            .chain(self.backlinks[i].iter().map(|e| e.from))
            .chain((0..self.docs.len()).filter(|b| self.related[*b].contains(&i)))
            .filter(|j| *j != i)
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Whether `doc` is a new version of a document of the graph that
    /// differs only in its body: same file, same id, same front matter,
    /// same headings, and links that resolve, without a problem, to the
    /// same documents and headings in the same order, so that no page but
    /// its own changes. `serve` then skips relinking, on the commonest edit
    /// (issue #3). Links from the site root are the plan's to check.
    pub fn only_body_differs(&self, doc: &Document, sources: &Sources) -> bool {
        let (Some(i), Some(names)) = (self.get(&doc.id), &self.names) else {
            return false;
        };
        let old = &self.docs[i];
        let front = |d: &Document| sources.text(d.file).get(..d.body_offset);
        if sources.path(old.file) != sources.path(doc.file)
            || front(old).is_none()
            || front(old) != front(doc)
        {
            return false;
        }
        // Headings that other documents link to must stay as they were;
        // headings of other documents the new body links to must have
        // been read while linking.
        if self.has_heading_links_to(i) && !same_headings(old, doc, sources) {
            return false;
        }
        let wanted = heading_targets(&self.by_id, names, i, &doc.links);
        if wanted
            .iter()
            .any(|to| *to != i && !self.headings.contains_key(to))
        {
            return false;
        }
        let own = if wanted.contains(&i) {
            let Ok(own) = doc.headings(sources) else {
                return false;
            };
            own
        } else {
            Vec::new()
        };
        let mut problems = Diagnostics::default();
        let targets = self.resolver(names).links(i, doc, &own, &mut problems);
        problems.is_empty()
            && targets
                .iter()
                .map(|t| &t.linked)
                .eq(self.body_targets[i].iter().map(|t| &t.linked))
    }

    /// The resolver of this graph's links, with its index of names.
    fn resolver<'g>(&'g self, names: &'g Names) -> Resolver<'g> {
        Resolver {
            by_id: &self.by_id,
            names,
            docs: &self.docs,
            headings: &self.headings,
        }
    }

    /// Drops the index of names (every title, alias and slug, with the
    /// documents answering to each: 0.4 KB a brief), which linking reads
    /// and nothing after it but `serve`'s [`Graph::only_body_differs`]:
    /// `build` links once, and held it to its end (issue 17). Without it,
    /// `only_body_differs` answers `false`, which only costs a relink.
    pub fn forget_names(&mut self) {
        self.names = None;
    }

    /// The text of heading `id` of document `i`, when a link names it.
    pub fn heading_text(&self, i: DocIndex, id: &str) -> Option<&str> {
        self.headings
            .get(&i)?
            .iter()
            .find(|h| h.id == id)
            .map(|h| h.text.as_str())
    }

    /// Whether another document links to a heading of document `i`, so
    /// that a change of its headings can break or move those links.
    pub fn has_heading_links_to(&self, i: DocIndex) -> bool {
        // Backlinks hold the built documents referencing `i`; drafts that
        // are not built may link to it too.
        let built = self.backlinks[i].iter().map(|e| e.from);
        let unbuilt = (0..self.docs.len()).filter(|j| !self.visible[*j]);
        built.chain(unbuilt).filter(|j| *j != i).any(|j| {
            self.body_targets[j]
                .iter()
                .any(|t| matches!(&t.linked, Linked::Doc { to, heading: Some(_) } if *to == i))
        })
    }

    /// The [`match_key`] of document `i`'s title: lists of documents sort
    /// by it.
    pub fn title_key(&self, i: DocIndex) -> &str {
        &self.title_keys[i]
    }

    /// The actor names of imported rows that no actor answers to, most
    /// frequent first (issue #18).
    pub fn unresolved(&self) -> &[Unresolved] {
        &self.unresolved
    }

    /// The files of `content/` that are not documents, in path order
    /// (issue #12).
    pub fn files(&self) -> &[ContentFile] {
        &self.files
    }

    /// Swaps in `files` as the files of `content/` that are not documents:
    /// what `serve` does when only such a file changed (issue #12).
    pub fn with_files(mut self, files: Vec<ContentFile>) -> Graph {
        self.files = files;
        self
    }

    /// This graph with `doc` in place of the document of the same id, when
    /// [`only_body_differs`](Graph::only_body_differs) says so (the title,
    /// and so its key, are the same). Problems are not looked for again:
    /// use it on a graph linked without errors.
    pub fn with_body(mut self, doc: Document, sources: &Sources) -> Graph {
        let i = self
            .get(&doc.id)
            .expect("only_body_differs checked that the id is in the graph");
        if self.headings.contains_key(&i) {
            // `serve` keeps its files whole, so the body is in memory.
            let found = doc.headings(sources).unwrap_or_default();
            self.headings.insert(i, found);
        }
        let own = self.headings.get(&i).cloned().unwrap_or_default();
        let mut problems = Diagnostics::default();
        // The links moved with the text: they are found by their new starts.
        let names = self
            .names
            .as_ref()
            .expect("only_body_differs checked that the names are kept");
        self.body_targets[i] = self.resolver(names).links(i, &doc, &own, &mut problems);
        self.docs[i] = doc;
        self
    }
}

/// The site at `root` loaded and linked as a build does before its plan,
/// with its settings, file table and problems so far: for the tests of
/// what reads a graph.
#[cfg(test)]
pub(crate) fn link_site(
    root: &std::path::Path,
) -> (crate::config::Config, Graph, Sources, Diagnostics) {
    let mut sources = Sources::default();
    let mut diags = Diagnostics::default();
    let config = crate::config::load(
        root,
        &crate::config::Overrides::default(),
        &mut sources,
        &mut diags,
    )
    .expect("the site's site.yaml");
    let corpus = crate::content::load(
        &config,
        &crate::content::ParseMemo::default(),
        None,
        &mut sources,
        &mut diags,
    );
    let graph = link(corpus, config.drafts, &sources, &mut diags);
    (config, graph, sources, diags)
}

#[cfg(test)]
mod tests;
