use super::*;
use crate::config::Overrides;
use crate::diagnostic::Sources;

/// Builds a graph from (path, text) pairs written to a temporary site.
fn graph(files: &[(&str, &str)]) -> (Graph, Vec<String>) {
    let (graph, messages, _, _) = linked(files);
    (graph, messages)
}

/// [`graph`], with the file table and the site's folder, for what reads
/// the files again.
fn linked(files: &[(&str, &str)]) -> (Graph, Vec<String>, Sources, tempfile::TempDir) {
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
    let (_, graph, sources, diags) = link_site(dir.path());
    let messages = diags
        .sorted(&sources)
        .iter()
        .map(|d| d.problem.to_string())
        .collect();
    (graph, messages, sources, dir)
}

/// `build` drops the index of names once it has linked: what would read
/// it after (`serve`'s test of a body edit) answers "link again" instead.
#[test]
fn without_its_names_a_graph_takes_no_edit_for_a_body_edit() {
    let brief = (
        "briefs/b.md",
        "---\ntitle: B\ndate: 2025-01-01\n---\nSee [[mali]].\n",
    );
    let (mut graph, messages, sources, _dir) = linked(&[MALI, brief]);
    assert!(messages.is_empty(), "{messages:?}");
    let b = graph
        .get(&DocId {
            kind: Kind::Brief,
            slug: Slug::parse("b").unwrap(),
        })
        .unwrap();
    let same = graph.doc(b).clone();
    assert!(graph.only_body_differs(&same, &sources));
    graph.forget_names();
    assert!(!graph.only_body_differs(&same, &sources));
    // What rendering reads stays: where the body's link leads.
    assert_eq!(graph.body_targets(b).len(), 1);
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
    let targets: Vec<&str> = graph
        .body_targets(b)
        .iter()
        .map(|t| match t.linked {
            Linked::Doc { to, .. } => graph.doc(to).title(),
            Linked::Heading(_) => "heading",
        })
        .collect();
    assert_eq!(targets, ["Mali", "Mali", "JNIM", "Mali", "Mali"]);
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

#[test]
fn a_broken_link_suggests_a_document_by_its_name_or_alias() {
    let houthis = (
        "actors/houthis.md",
        "---\nname: Houthi movement\nkind: armed-group\naliases: [Ansar Allah]\n---\n",
    );
    let brief = (
        "briefs/b.md",
        "---\ntitle: B\ndate: 2025-01-01\n---\n[[houthi-movment]] and [[ansar-alah]]\n",
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("site.yaml"),
        "title: T\nbase_url: https://e.org/\n",
    )
    .unwrap();
    for (path, text) in [houthis, brief] {
        let path = dir.path().join("content").join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let mut sources = Sources::default();
    let mut diags = Diagnostics::default();
    let config =
        crate::config::load(dir.path(), &Overrides::default(), &mut sources, &mut diags).unwrap();
    let corpus = crate::content::load(
        &config,
        &crate::content::ParseMemo::default(),
        None,
        &mut sources,
        &mut diags,
    );
    link(corpus, false, &sources, &mut diags);
    let helps: Vec<Option<String>> = diags
        .sorted(&sources)
        .iter()
        .map(|d| d.help.clone())
        .collect();
    let expected = Some("did you mean `[[actors/houthis]]` (Houthi movement)?".to_string());
    assert_eq!(helps, [expected.clone(), expected]);
}

#[test]
fn links_to_a_document_whose_front_matter_is_broken_report_nothing() {
    let broken = ("countries/mali.md", "---\nname: \"Mali\niso2: ML\n---\n");
    let brief = (
        "briefs/b.md",
        "---\ntitle: B\ndate: 2025-01-01\ncountries: [mali]\n---\n[[mali]] [[Mali]] [[countries/mali]] [x](../countries/mali.md)\n",
    );
    let (graph, messages) = graph(&[broken, brief]);
    assert_eq!(
        messages,
        ["invalid YAML: this quoted value is never closed"],
        "one mistake, one error"
    );
    assert!(
        graph.docs().iter().all(|d| d.id.kind == Kind::Brief),
        "the broken document has no place in the graph: {:?}",
        graph.docs().iter().map(|d| &d.id).collect::<Vec<_>>()
    );
}
