use std::collections::BTreeSet;
use std::path::Path;

use super::*;
use crate::content::DocId;
use crate::git::History;
use crate::render::{self, Pages, Scope};

/// A site built in memory: its graph, plan, files and problems.
struct Built {
    graph: Graph,
    plan: Plan,
    pages: Pages,
    messages: Vec<String>,
}

/// Builds the site at `root` in memory (every file, when it has no error).
fn build(root: &Path) -> Built {
    let (config, graph, mut sources, mut diags) = crate::graph::link_site(root);
    let (templates, assets) = render::theme::load(root, &mut sources, &mut diags);
    let statics = scan_statics(root, &mut sources, &mut diags);
    let plan = plan(&graph, &config, assets, statics, &sources, &mut diags);
    let pages = match (diags.has_errors(), templates) {
        (false, Some(templates)) => render::site(
            Scope::All,
            &render::Memo::default(),
            &graph,
            &plan,
            &config,
            &History::default(),
            &crate::pictures::atlas::Atlas::embedded(),
            &templates,
            &sources,
            &mut diags,
        ),
        _ => Pages::new(),
    };
    let messages = diags
        .sorted(&sources)
        .iter()
        .map(|d| format!("{}: {}", sources.path(d.span.file).display(), d.problem))
        .collect();
    Built {
        graph,
        plan,
        pages,
        messages,
    }
}

/// A site folder made of (path, text) pairs.
fn site(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    write(
        dir.path(),
        "site.yaml",
        "title: T\nbase_url: https://e.org/sub/\npaginate: 2\n",
    );
    for (path, text) in files {
        write(dir.path(), path, text);
    }
    dir
}

fn write(root: &Path, path: &str, text: &str) {
    let path = root.join(path);
    std::fs::create_dir_all(path.parent().expect("a folder")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

const MALI: (&str, &str) = (
    "content/countries/mali.md",
    "---\nname: Mali\niso2: ML\n---\n## Sécurité\n\nTexte.\n",
);
const SENEGAL: (&str, &str) = (
    "content/countries/senegal.md",
    "---\nname: Sénégal\niso2: SN\n---\n",
);
const JNIM: (&str, &str) = (
    "content/actors/jnim.md",
    "---\nname: JNIM\nkind: armed-group\ncountries: [mali]\n---\n",
);
const FAMA: (&str, &str) = (
    "content/actors/fama.md",
    "---\nname: FAMa\nkind: state-institution\ncountries: [mali]\n---\n",
);
const EVENT: (&str, &str) = (
    "content/events/attaque.md",
    "---\ntitle: Attaque\ndate: 2025-07\nkind: attack\nlocation: {name: Diboli, country: mali, lat: 14.47, lon: -12.2}\ncountries: [mali]\nactors: [jnim]\n---\n",
);
/// An event two months before the digest of July: it counts in the
/// trend computed for July (issue #14).
const CALM: (&str, &str) = (
    "content/events/calme.md",
    "---\ntitle: Calme\ndate: 2025-05-03\ncountries: [senegal]\nfatalities: 1\n---\n",
);
const WIRE: (&str, &str) = (
    "content/sources/wire.md",
    "---\nname: Wire\nkind: agency\nreliability: B\n---\n",
);
const MALI_JULY: (&str, &str) = (
    "content/watch/2025-07/mali.md",
    "---\ntrend: deteriorated\n---\nAttaques.\n",
);

fn brief(slug: &str, date: &str, extra: &str, body: &str) -> (String, String) {
    (
        format!("content/briefs/{slug}.md"),
        format!("---\ntitle: Brief {slug}\ndate: {date}\n{extra}---\n{body}\n"),
    )
}

fn fixture() -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> =
        [MALI, SENEGAL, JNIM, FAMA, EVENT, CALM, WIRE, MALI_JULY]
            .iter()
            .map(|(p, t)| (p.to_string(), t.to_string()))
            .collect();
    files.push(brief(
        "a",
        "2025-07-01",
        "countries: [mali]\ntags: [Sécurité]\nevents: [attaque]\n",
        "## See\n\nSee [[jnim]] and [[mali#Sécurité]].",
    ));
    files.push(brief(
        "b",
        "2025-07-02",
        "countries: [mali, senegal]\ntags: [securite, Commerce]\nsources: [{title: Dépêche, source: wire, credibility: 2}]\nindicators: [{text: Convois, status: unclear}]\n",
        "Trade.",
    ));
    files.push(brief(
        "c",
        "2025-06-10",
        "countries: [senegal]\ntags: [Commerce]\nactors: [jnim]\n",
        "[back](/briefs/a/#see) and [home](/)",
    ));
    files.push(brief("d", "2024-01-05", "countries: [senegal]\n", "Old."));
    files
}

fn fixture_site() -> tempfile::TempDir {
    let files = fixture();
    let pairs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    site(&pairs)
}

#[test]
fn every_route_has_its_own_path_and_the_url_of_its_folder() {
    let dir = fixture_site();
    let built = build(dir.path());
    let paths: BTreeSet<&UrlPath> = built.plan.routes().iter().map(|r| &r.path).collect();
    assert_eq!(
        paths.len(),
        built.plan.routes().len(),
        "no two routes share a path"
    );
    for route in built.plan.routes() {
        let path = route.path.as_str();
        if route.url().is_empty() || route.url().ends_with('/') {
            assert_eq!(path, format!("{}index.html", route.url()), "{route:?}");
        } else {
            assert_eq!(path, route.url(), "{route:?}");
        }
    }
    let urls: BTreeSet<&str> = built.plan.routes().iter().map(Route::url).collect();
    for expected in [
        "",
        "briefs/",
        "briefs/page/2/",
        "briefs/a/",
        "countries/mali/",
        "countries/mali/atom.xml",
        "actors/jnim/atom.xml",
        "events/attaque/",
        "tags/securite/",
        "tags/securite/atom.xml",
        "digest/2025-07/",
        "digest/2024-01/",
        "search/",
        "404.html",
        "sitemap.xml",
        "exports/events.csv",
        "assets/dossier.css",
    ] {
        assert!(
            urls.contains(expected),
            "no route at `{expected}`: {urls:?}"
        );
    }
    // The plan's files are exactly the files rendered.
    let rendered: BTreeSet<&UrlPath> = built.pages.keys().collect();
    assert_eq!(rendered, paths);
}

#[test]
fn hrefs_carry_the_base_path() {
    let dir = fixture_site();
    let built = build(dir.path());
    let route = built.plan.route(RouteKind::Tag(0));
    assert!(built.plan.href(route).starts_with("/sub/tags/"));
    assert!(
        built
            .plan
            .permalink(route)
            .starts_with("https://e.org/sub/tags/")
    );
    assert_eq!(
        built.plan.root_href("/img/a.png", Some("x")),
        "/sub/img/a.png#x"
    );
}

#[test]
fn one_tag_page_per_slug_with_the_spelling_most_briefs_use() {
    let dir = fixture_site();
    let built = build(dir.path());
    let names: Vec<&str> = built.plan.tags.iter().map(|t| t.name.as_str()).collect();
    // `Sécurité` and `securite` share a page; one brief each, and on a
    // tie the spelling that sorts first wins (capitals first).
    assert_eq!(names, ["Commerce", "Sécurité"]);
    assert!(
        built.messages.iter().any(|m| m.contains(
            "content/briefs/b.md: the tag `securite` is also written `Sécurité`: both go to one page, shown as `Sécurité`"
        )),
        "{:#?}",
        built.messages
    );
}

#[test]
fn links_from_the_site_root_name_routes_and_headings() {
    let dir = site(&[
        MALI,
        (
            "content/briefs/x.md",
            "---\ntitle: X\ndate: 2025-01-01\n---\n[a](/countries/mali/) [b](/countries/mali/#securite) [c](/countries/nope/) [d](/countries/mali/#nope) [e](/sub/countries/mali/) [f](/img/a%20b.png) [g](/countries/mali)\n",
        ),
        ("static/img/a b.png", "png"),
    ]);
    let built = build(dir.path());
    let problems: Vec<&String> = built
        .messages
        .iter()
        .filter(|m| m.contains("briefs/x.md"))
        .collect();
    assert_eq!(
        problems,
        [
            "content/briefs/x.md: broken link: no page or file of the site is at `/countries/nope/`",
            "content/briefs/x.md: `countries/mali` has no heading `nope`",
            "content/briefs/x.md: broken link: no page or file of the site is at `/sub/countries/mali/`",
        ],
        "{:#?}",
        built.messages
    );
}

#[test]
fn a_static_file_may_not_replace_a_generated_one() {
    let dir = site(&[
        MALI,
        ("static/countries/mali/index.html", "x"),
        ("static/countries/mali/atom.xml", "x"),
        ("static/graph.json", "{}"),
        ("static/briefs/page/2/index.html", "x"),
        ("static/.well-known/security.txt", "Contact: x"),
        ("static/.nojekyll", ""),
        ("static/.DS_Store", "junk"),
    ]);
    let built = build(dir.path());
    let clashes: Vec<&String> = built
        .messages
        .iter()
        .filter(|m| m.contains("would replace"))
        .collect();
    assert_eq!(clashes.len(), 3, "{:#?}", built.messages);
    assert!(
        built
            .plan
            .contains(&UrlPath::file(".well-known/security.txt"))
    );
    assert!(built.plan.contains(&UrlPath::file(".nojekyll")));
    assert!(!built.plan.contains(&UrlPath::file(".DS_Store")));
}

/// Applies an edit to a copy of the fixture, builds both in memory, and
/// checks that every file whose bytes differ (or that exists in one build
/// only) is named by [`invalidated`]: `serve` re-renders no less than what
/// changed (issue #11: the fast path gives the answer of the slow one).
fn check_invalidation(edit: impl Fn(&mut Vec<(String, String)>)) -> (usize, usize) {
    let before_files = fixture();
    let mut after_files = before_files.clone();
    edit(&mut after_files);
    let make = |files: &Vec<(String, String)>| {
        let pairs: Vec<(&str, &str)> = files
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect();
        let dir = site(&pairs);
        let built = build(dir.path());
        assert!(
            !built.pages.is_empty(),
            "the site builds: {:#?}",
            built.messages
        );
        built
    };
    let before = make(&before_files);
    let after = make(&after_files);
    let changed: BTreeSet<DocId> = before_files
        .iter()
        .chain(&after_files)
        .filter(|(p, t)| {
            let old = before_files.iter().find(|(q, _)| q == p).map(|(_, u)| u);
            let new = after_files.iter().find(|(q, _)| q == p).map(|(_, u)| u);
            old != new && *t != String::new()
        })
        .filter_map(|(path, _)| {
            let rest = path.strip_prefix("content/")?;
            let (folder, file) = rest.split_once('/')?;
            // A country's month, `watch/<yyyy-mm>/<country>.md`, is
            // `watch/<yyyy-mm>-<country>`.
            let stem = file.strip_suffix(".md")?.replace('/', "-");
            Some(DocId {
                kind: Kind::from_folder(folder)?,
                slug: Slug::parse(&stem).ok()?,
            })
        })
        .collect();
    let named = invalidated(
        (&before.graph, &before.plan),
        (&after.graph, &after.plan),
        &changed,
    );
    let differ: BTreeSet<&UrlPath> = before
        .pages
        .keys()
        .chain(after.pages.keys())
        .filter(|p| before.pages.get(*p) != after.pages.get(*p))
        .collect();
    let missed: Vec<&&UrlPath> = differ.iter().filter(|p| !named.contains(**p)).collect();
    assert!(missed.is_empty(), "changed but not re-rendered: {missed:?}");
    (differ.len(), named.len())
}

fn replace(files: &mut [(String, String)], path: &str, from: &str, to: &str) {
    let file = files
        .iter_mut()
        .find(|(p, _)| p == path)
        .expect("the file is in the fixture");
    assert!(file.1.contains(from), "{from} in {}", file.1);
    file.1 = file.1.replace(from, to);
}

#[test]
fn invalidated_names_every_file_an_edit_changes() {
    type Edit = Box<dyn Fn(&mut Vec<(String, String)>)>;
    let edits: Vec<(&str, Edit)> = vec![
        (
            "a body",
            Box::new(|f| replace(f, "content/briefs/b.md", "Trade.", "Trade, more.")),
        ),
        (
            "a title",
            Box::new(|f| replace(f, "content/briefs/b.md", "Brief b", "Brief B2")),
        ),
        (
            "a date across pages",
            Box::new(|f| replace(f, "content/briefs/d.md", "2024-01-05", "2025-08-01")),
        ),
        (
            "a country's name",
            Box::new(|f| replace(f, "content/countries/senegal.md", "Sénégal", "Senegal")),
        ),
        (
            "a tag's winning spelling",
            Box::new(|f| {
                replace(
                    f,
                    "content/briefs/c.md",
                    "[Commerce]",
                    "[commerce, securite]",
                )
            }),
        ),
        (
            "an event's date",
            Box::new(|f| replace(f, "content/events/attaque.md", "2025-07", "2025-05")),
        ),
        (
            "a heading named by a link",
            Box::new(|f| {
                replace(
                    f,
                    "content/countries/mali.md",
                    "## Sécurité",
                    "## Sécurité {#security}",
                )
            }),
        ),
        (
            "a brief added",
            Box::new(|f| {
                f.push(brief(
                    "e",
                    "2025-07-20",
                    "countries: [mali]\nactors: [jnim]\n",
                    "New.",
                ))
            }),
        ),
        (
            "a brief removed",
            Box::new(|f| f.retain(|(p, _)| p != "content/briefs/d.md")),
        ),
        (
            "a draft",
            Box::new(|f| replace(f, "content/briefs/c.md", "date:", "draft: true\ndate:")),
        ),
        (
            "an actor's countries",
            Box::new(|f| replace(f, "content/actors/jnim.md", "[mali]", "[mali, senegal]")),
        ),
        (
            "a source's reliability",
            Box::new(|f| {
                replace(
                    f,
                    "content/sources/wire.md",
                    "reliability: B",
                    "reliability: C",
                )
            }),
        ),
        (
            "an event's coordinates",
            Box::new(|f| replace(f, "content/events/attaque.md", "lat: 14.47", "lat: 14.9")),
        ),
        (
            "an event's kind",
            Box::new(|f| replace(f, "content/events/attaque.md", "attack", "battle")),
        ),
        (
            "an event's place dropped",
            Box::new(|f| {
                replace(
                    f,
                    "content/events/attaque.md",
                    ", lat: 14.47, lon: -12.2",
                    "",
                )
            }),
        ),
        (
            "a country's trend",
            Box::new(|f| {
                replace(
                    f,
                    "content/watch/2025-07/mali.md",
                    "deteriorated",
                    "improved",
                )
            }),
        ),
        (
            "an event's actors",
            Box::new(|f| {
                replace(
                    f,
                    "content/events/attaque.md",
                    "actors: [jnim]",
                    "actors: [jnim, fama]",
                )
            }),
        ),
        (
            "a country's month added",
            Box::new(|f| {
                f.push((
                    "content/watch/2025-07/senegal.md".to_string(),
                    "---\nalert: conflict-risk\n---\nTension.\n".to_string(),
                ))
            }),
        ),
        (
            "a neighbour added",
            Box::new(|f| {
                f.push((
                    "content/countries/guinee.md".to_string(),
                    "---\nname: Guinée\niso2: GN\n---\n".to_string(),
                ))
            }),
        ),
        (
            "an event in the months a trend is computed from",
            Box::new(|f| {
                replace(
                    f,
                    "content/events/calme.md",
                    "fatalities: 1",
                    "fatalities: 9",
                )
            }),
        ),
        (
            "a brief's marking",
            Box::new(|f| {
                replace(
                    f,
                    "content/briefs/b.md",
                    "date:",
                    "marking: TLP:AMBER\ndate:",
                )
            }),
        ),
        (
            "an indicator's status",
            Box::new(|f| {
                replace(
                    f,
                    "content/briefs/b.md",
                    "status: unclear",
                    "status: observed",
                )
            }),
        ),
        (
            "a neighbour's code",
            Box::new(|f| replace(f, "content/countries/senegal.md", "iso2: SN", "iso2: GN")),
        ),
    ];
    for (what, edit) in edits {
        let (differ, named) = check_invalidation(edit);
        assert!(differ > 0, "{what}: the edit changes some file");
        assert!(named > 0, "{what}");
    }
}

#[test]
fn an_edit_names_far_fewer_files_than_the_site_has() {
    let total = build(fixture_site().path()).plan.routes().len();
    let (differ, named) =
        check_invalidation(|f| replace(f, "content/briefs/d.md", "Old.", "Older."));
    // A body changes its page and the words of search (issue #15) only;
    // the slow path, which cannot tell a body from a title, also names the
    // pages showing the brief's card and those reading every brief
    // (indexes, sitemap, search, data).
    assert_eq!(differ, 2);
    assert!(named * 2 < total, "{named} of {total} files named");
}
