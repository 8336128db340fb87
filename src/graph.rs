//! The cross-reference graph: every front-matter reference and body link
//! resolved once, with backlinks and related briefs precomputed (DESIGN §3).
//!
//! Takes the [`Corpus`] by value and owns it; the [`Graph`] is immutable and
//! answers `resolve`, `backlinks`, `related` and `dependents` for `render`.
//! Problems found while resolving (unknown slugs, broken or ambiguous links,
//! duplicate ids) are pushed as diagnostics at the reference's own span.

use std::collections::HashMap;

use rayon::prelude::*;

use crate::content::{BodyRef, Corpus, DocId, Document, FieldRef, Kind, Meta};
use crate::diagnostic::{Diagnostic, Diagnostics, Problem, Sources, did_you_mean, nearest};
use crate::slug::{Slug, match_key};

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

/// Every document with its references resolved.
#[derive(Debug)]
pub struct Graph {
    docs: Vec<Document>,
    by_id: HashMap<DocId, DocIndex>,
    /// Per document: the target of each body link, in order (`None` when broken).
    body_targets: Vec<Vec<Option<DocIndex>>>,
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
}

/// How much a shared entity makes two briefs related: a shared event says
/// more than a shared actor, which says more than a shared country.
fn weight(kind: Kind) -> u32 {
    match kind {
        Kind::Event => 3,
        Kind::Actor => 2,
        Kind::Country => 1,
        Kind::Brief | Kind::Page => 0,
    }
}

/// How many related briefs a brief shows.
const RELATED: usize = 5;

/// Resolves every reference of the corpus. `drafts` says whether drafts are
/// built: a draft is resolvable either way, but only built drafts appear in
/// backlinks and related lists.
pub fn link(corpus: Corpus, drafts: bool, sources: &Sources, diags: &mut Diagnostics) -> Graph {
    let docs = unique_docs(corpus.docs, sources, diags);
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
                .collect()
        })
        .collect();
    let names = Names::new(&docs, &keys);
    let visible: Vec<bool> = docs.iter().map(|d| drafts || !d.is_draft()).collect();

    // Each document's references are resolved on any thread, with its own
    // problems, merged in document order: the same report whatever the
    // thread count.
    let resolved: Vec<(Vec<Edge>, Vec<Option<DocIndex>>, Diagnostics)> = docs
        .par_iter()
        .enumerate()
        .map(|(i, doc)| {
            let mut own = Diagnostics::default();
            let mut edges: Vec<Edge> = Vec::new();
            for r in doc.meta.refs() {
                if let Some(to) = resolve_field(&by_id, &names, &docs, r, &mut own) {
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
            let targets: Vec<Option<DocIndex>> = doc
                .links
                .iter()
                .map(|link| resolve_body(&by_id, &names, &docs, link, &mut own))
                .collect();
            for to in targets.iter().flatten() {
                if *to != i {
                    push_unique(
                        &mut edges,
                        Edge {
                            from: i,
                            to: *to,
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
    Graph {
        docs,
        by_id,
        body_targets,
        outgoing,
        backlinks,
        related,
        visible,
        title_keys,
    }
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
];

/// Titles, names and aliases by their [`match_key`], and slugs across kinds.
struct Names {
    by_name: HashMap<String, Vec<DocIndex>>,
    by_slug: HashMap<String, Vec<DocIndex>>,
}

impl Names {
    /// The index of `docs`, whose titles' and aliases' [`match_key`]s are
    /// `keys` (per document, the title's first).
    fn new(docs: &[Document], keys: &[Vec<String>]) -> Names {
        let mut by_name: HashMap<String, Vec<DocIndex>> = HashMap::new();
        let mut by_slug: HashMap<String, Vec<DocIndex>> = HashMap::new();
        for (i, (doc, keys)) in docs.iter().zip(keys).enumerate() {
            by_slug.entry(doc.id.slug.to_string()).or_default().push(i);
            for key in keys {
                let list = by_name.entry(key.clone()).or_default();
                if !list.contains(&i) {
                    list.push(i);
                }
            }
        }
        Names { by_name, by_slug }
    }
}

/// Resolves a front-matter slug of a known kind.
fn resolve_field(
    by_id: &HashMap<DocId, DocIndex>,
    names: &Names,
    docs: &[Document],
    r: &FieldRef,
    diags: &mut Diagnostics,
) -> Option<DocIndex> {
    if let Ok(slug) = Slug::parse(&r.slug)
        && let Some(i) = by_id.get(&DocId { kind: r.kind, slug })
    {
        return Some(*i);
    }
    // A name instead of a slug ("Mali" for `mali`) is the likeliest slip.
    let by_name = names
        .by_name
        .get(&match_key(&r.slug))
        .and_then(|list| list.iter().find(|i| docs[**i].id.kind == r.kind));
    let help = match by_name {
        Some(i) => Some(format!(
            "did you mean `{}`? (the slug of {})",
            docs[*i].id.slug,
            docs[*i].title()
        )),
        None => did_you_mean(
            &r.slug,
            docs.iter()
                .filter(|d| d.id.kind == r.kind)
                .map(|d| d.id.slug.as_str()),
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

/// Resolves a body link (DESIGN §3): `kind/slug`; else a slug of any kind;
/// else a title, name or alias ignoring case, accents and apostrophe style.
fn resolve_body(
    by_id: &HashMap<DocId, DocIndex>,
    names: &Names,
    docs: &[Document],
    link: &BodyRef,
    diags: &mut Diagnostics,
) -> Option<DocIndex> {
    match resolve(by_id, names, &link.target) {
        Ok(i) => Some(i),
        Err(candidates) if candidates.len() > 1 => {
            let listed: Vec<String> = candidates
                .iter()
                .map(|i| format!("`{}` ({})", docs[*i].id, docs[*i].title()))
                .collect();
            diags.push(
                Diagnostic::error(
                    link.span,
                    Problem::AmbiguousLink {
                        target: link.target.clone(),
                        candidates: listed.join(" or "),
                    },
                )
                .with_help(format!(
                    "write the kind too, such as `[[{}]]`",
                    docs[candidates[0]].id
                )),
            );
            None
        }
        Err(_) => {
            let target = link.target.rsplit('/').next().unwrap_or(&link.target);
            let help = nearest(target, names.by_slug.keys().map(String::as_str)).map(|slug| {
                let ids: Vec<String> = names.by_slug[slug]
                    .iter()
                    .map(|i| format!("`[[{}]]`", docs[*i].id))
                    .collect();
                format!("did you mean {}?", ids.join(" or "))
            });
            diags.push(
                Diagnostic::error(link.span, Problem::BrokenLink(link.target.clone()))
                    .with_help_opt(help),
            );
            None
        }
    }
}

/// Resolves a link target; the error holds the candidates (none, or several).
fn resolve(
    by_id: &HashMap<DocId, DocIndex>,
    names: &Names,
    target: &str,
) -> Result<DocIndex, Vec<DocIndex>> {
    let target = target.trim();
    if let Some((folder, slug)) = target.split_once('/')
        && let (Some(kind), Ok(slug)) = (Kind::from_folder(folder), Slug::parse(slug))
    {
        return by_id.get(&DocId { kind, slug }).copied().ok_or_default();
    }
    let one = |list: Option<&Vec<DocIndex>>| match list.map(Vec::as_slice) {
        Some([i]) => Ok(*i),
        Some(many) if many.len() > 1 => Err(many.to_vec()),
        _ => Err(Vec::new()),
    };
    match one(names.by_slug.get(target)) {
        Err(none) if none.is_empty() => one(names.by_name.get(&match_key(target))),
        found => found,
    }
}

trait OkOrDefault<T> {
    fn ok_or_default(self) -> Result<T, Vec<DocIndex>>;
}

impl<T> OkOrDefault<T> for Option<T> {
    fn ok_or_default(self) -> Result<T, Vec<DocIndex>> {
        self.ok_or_else(Vec::new)
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
            || (vec![0u32; docs.len()], Vec::new()),
            |(score, scored), b| {
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
                // full sort, whatever the thread.
                let order = |a: &DocIndex, b: &DocIndex| {
                    score[*b]
                        .cmp(&score[*a])
                        .then_with(|| dates[*b].cmp(&dates[*a]))
                        .then_with(|| a.cmp(b))
                };
                if scored.len() > RELATED {
                    scored.select_nth_unstable_by(RELATED - 1, order);
                }
                let n = RELATED.min(scored.len());
                let best = &mut scored[..n];
                best.sort_unstable_by(order);
                let best = best.to_vec();
                for i in scored.drain(..) {
                    score[i] = 0;
                }
                best
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

    /// The document with this id.
    pub fn get(&self, id: &DocId) -> Option<DocIndex> {
        self.by_id.get(id).copied()
    }

    /// The document a front-matter reference names.
    pub fn resolve_field(&self, r: &FieldRef) -> Option<DocIndex> {
        let slug = Slug::parse(&r.slug).ok()?;
        self.get(&DocId { kind: r.kind, slug })
    }

    /// The document the `n`th body link of `doc` leads to.
    pub fn body_target(&self, doc: DocIndex, n: usize) -> Option<DocIndex> {
        self.body_targets[doc].get(n).copied().flatten()
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
    /// differs only in its body: same file, same id, same front matter, same
    /// link targets, so that every reference resolves as before and no page
    /// but its own changes. `serve` then skips relinking, on the commonest
    /// edit (issue #3).
    pub fn only_body_differs(&self, doc: &Document, sources: &Sources) -> bool {
        let Some(i) = self.get(&doc.id) else {
            return false;
        };
        let old = &self.docs[i];
        let front = |d: &Document| sources.text(d.file).get(..d.body_offset);
        sources.path(old.file) == sources.path(doc.file)
            && front(old).is_some()
            && front(old) == front(doc)
            && old.links.len() == doc.links.len()
            && old
                .links
                .iter()
                .zip(&doc.links)
                .all(|(a, b)| a.target == b.target)
    }

    /// The [`match_key`] of document `i`'s title: lists of documents sort
    /// by it.
    pub fn title_key(&self, i: DocIndex) -> &str {
        &self.title_keys[i]
    }

    /// This graph with `doc` in place of the document of the same id, when
    /// [`only_body_differs`](Graph::only_body_differs) says so (the title,
    /// and so its key, are the same). Problems are not looked for again:
    /// use it on a graph linked without errors.
    pub fn with_body(mut self, doc: Document) -> Graph {
        let i = self
            .get(&doc.id)
            .expect("only_body_differs checked that the id is in the graph");
        self.docs[i] = doc;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Config, Overrides};
    use crate::diagnostic::Sources;

    /// Builds a graph from (path, text) pairs written to a temporary site.
    fn graph(files: &[(&str, &str)]) -> (Graph, Vec<String>) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("site.yaml"),
            "title: T\nbase_url: https://e.org/\n",
        )
        .unwrap();
        for (path, text) in files {
            let path = dir.path().join("content").join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let mut sources = Sources::default();
        let mut diags = Diagnostics::default();
        let config: Config =
            crate::config::load(dir.path(), &Overrides::default(), &mut sources, &mut diags)
                .unwrap();
        let corpus = crate::content::load(&config, &mut sources, &mut diags);
        let graph = link(corpus, false, &sources, &mut diags);
        let messages = diags
            .sorted(&sources)
            .iter()
            .map(|d| d.problem.to_string())
            .collect();
        (graph, messages)
    }

    const MALI: (&str, &str) = (
        "countries/mali.md",
        "---\nname: Mali\niso2: ML\naliases: [République du Mali]\n---\n",
    );
    const JNIM: (&str, &str) = (
        "actors/jnim.md",
        "---\nname: JNIM\nkind: armed-group\ncountries: [mali]\n---\n",
    );

    #[test]
    fn resolves_by_slug_kind_slug_name_and_alias() {
        let brief = (
            "briefs/b.md",
            "---\ntitle: B\ndate: 2025-01-01\n---\n[[mali]] [[countries/mali]] [[le jnim|x]] [[Jnim]] [[republique du mali]] [[République du Mali]]\n",
        );
        let (graph, messages) = graph(&[MALI, JNIM, brief]);
        assert_eq!(
            messages,
            ["broken link: `le jnim` matches no brief, country, actor, event or page"]
        );
        let b = graph
            .get(&DocId {
                kind: Kind::Brief,
                slug: Slug::parse("b").unwrap(),
            })
            .unwrap();
        let targets: Vec<Option<&str>> = (0..6)
            .map(|n| graph.body_target(b, n).map(|i| graph.doc(i).title()))
            .collect();
        assert_eq!(
            targets,
            [
                Some("Mali"),
                Some("Mali"),
                None,
                Some("JNIM"),
                Some("Mali"),
                Some("Mali")
            ]
        );
    }

    #[test]
    fn a_slug_shared_by_two_kinds_is_ambiguous() {
        let event = (
            "events/mali.md",
            "---\ntitle: Mali event\ndate: 2025\n---\n",
        );
        let brief = (
            "briefs/b.md",
            "---\ntitle: B\ndate: 2025-01-01\n---\nSee [[mali]].\n",
        );
        let (_, messages) = graph(&[MALI, event, brief]);
        assert_eq!(messages.len(), 1);
        assert!(
            messages[0].contains("`countries/mali` (Mali) or `events/mali` (Mali event)"),
            "{messages:?}"
        );
    }

    #[test]
    fn backlinks_come_from_front_matter_and_bodies() {
        let brief = (
            "briefs/b.md",
            "---\ntitle: B\ndate: 2025-01-01\ncountries: [mali]\n---\nThe [[jnim]].\n",
        );
        let (graph, messages) = graph(&[MALI, JNIM, brief]);
        assert!(messages.is_empty(), "{messages:?}");
        let mali = graph
            .get(&DocId {
                kind: Kind::Country,
                slug: Slug::parse("mali").unwrap(),
            })
            .unwrap();
        let from: Vec<&str> = graph
            .backlinks(mali)
            .iter()
            .map(|e| graph.doc(e.from).title())
            .collect();
        assert_eq!(from, ["JNIM", "B"]);
    }

    #[test]
    fn drafts_leave_no_backlinks_unless_built() {
        let brief = (
            "briefs/b.md",
            "---\ntitle: B\ndate: 2025-01-01\ndraft: true\ncountries: [mali]\n---\n",
        );
        let (graph, _) = graph(&[MALI, brief]);
        let mali = graph
            .get(&DocId {
                kind: Kind::Country,
                slug: Slug::parse("mali").unwrap(),
            })
            .unwrap();
        assert!(graph.backlinks(mali).is_empty());
    }

    #[test]
    fn related_briefs_weigh_shared_events_above_countries() {
        let event = ("events/e.md", "---\ntitle: E\ndate: 2025-02\n---\n");
        let a = (
            "briefs/a.md",
            "---\ntitle: A\ndate: 2025-01-01\ncountries: [mali]\nevents: [e]\n---\n",
        );
        let b = (
            "briefs/b.md",
            "---\ntitle: B\ndate: 2025-01-02\ncountries: [mali]\n---\n",
        );
        let c = (
            "briefs/c.md",
            "---\ntitle: C\ndate: 2024-01-01\nevents: [e]\n---\n",
        );
        let (graph, _) = graph(&[MALI, event, a, b, c]);
        let a = graph
            .get(&DocId {
                kind: Kind::Brief,
                slug: Slug::parse("a").unwrap(),
            })
            .unwrap();
        let related: Vec<&str> = graph
            .related(a)
            .iter()
            .map(|i| graph.doc(*i).title())
            .collect();
        assert_eq!(related, ["C", "B"]);
    }

    #[test]
    fn dependents_are_linked_linking_and_related_documents() {
        let a = (
            "briefs/a.md",
            "---\ntitle: A\ndate: 2025-01-01\ncountries: [mali]\n---\n",
        );
        let b = (
            "briefs/b.md",
            "---\ntitle: B\ndate: 2025-01-02\ncountries: [mali]\n---\nSee [[jnim]].\n",
        );
        let (graph, messages) = graph(&[MALI, JNIM, a, b]);
        assert!(messages.is_empty(), "{messages:?}");
        let index = |kind, slug| {
            graph
                .get(&DocId {
                    kind,
                    slug: Slug::parse(slug).unwrap(),
                })
                .unwrap()
        };
        let titles = |i| -> Vec<&str> {
            graph
                .dependents(i)
                .iter()
                .map(|j| graph.doc(*j).title())
                .collect()
        };
        // In path order: A is shown by B's page (related) and Mali's
        // (backlink); JNIM by B's (B links to it) and Mali's (it links to Mali).
        assert_eq!(titles(index(Kind::Brief, "a")), ["B", "Mali"]);
        assert_eq!(titles(index(Kind::Actor, "jnim")), ["B", "Mali"]);
    }

    #[test]
    fn unknown_slug_suggests_the_slug_of_a_name() {
        let brief = (
            "briefs/b.md",
            "---\ntitle: B\ndate: 2025-01-01\ncountries: [Mali, mlai]\n---\n",
        );
        let (_, messages) = graph(&[MALI, brief]);
        assert_eq!(messages.len(), 2, "{messages:?}");
    }
}
