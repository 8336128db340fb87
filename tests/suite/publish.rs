//! Publishing outputs (DESIGN §4, issue 4): Atom feeds, sitemap and
//! robots.txt, the search index, monthly digests, event exports, graph.json
//! and JSON-LD. Each output is parsed (XML with roxmltree, JSON with
//! serde_json) and its entries, escaping and URLs are checked.

use serde_json::Value;

use crate::support::TestSite;

const ATOM: &str = "http://www.w3.org/2005/Atom";

/// The texts of every `name` element (in the Atom namespace) under `node`.
fn texts<'a>(node: roxmltree::Node<'a, 'a>, name: &str) -> Vec<&'a str> {
    node.descendants()
        .filter(|n| n.has_tag_name((ATOM, name)))
        .filter_map(|n| n.text())
        .collect()
}

fn entries<'a>(doc: &'a roxmltree::Document<'a>) -> Vec<roxmltree::Node<'a, 'a>> {
    doc.root_element()
        .children()
        .filter(|n| n.has_tag_name((ATOM, "entry")))
        .collect()
}

fn child_text<'a>(node: roxmltree::Node<'a, 'a>, name: &str) -> &'a str {
    node.children()
        .find(|n| n.has_tag_name((ATOM, name)))
        .and_then(|n| n.text())
        .unwrap_or_else(|| panic!("no <{name}> in {node:?}"))
}

fn alternate<'a>(node: roxmltree::Node<'a, 'a>) -> &'a str {
    node.children()
        .find(|n| n.has_tag_name((ATOM, "link")) && n.attribute("rel") == Some("alternate"))
        .and_then(|n| n.attribute("href"))
        .expect("an alternate link")
}

fn json(site: &TestSite, path: &str) -> Value {
    serde_json::from_str(&site.file(path)).unwrap_or_else(|e| panic!("{path} is not JSON: {e}"))
}

#[test]
fn site_feed_lists_published_briefs_newest_first_with_absolute_urls() {
    let site = TestSite::fixture("full").build();
    let text = site.file("atom.xml");
    let doc = roxmltree::Document::parse(&text).expect("atom.xml is well-formed XML");
    let root = doc.root_element();
    assert!(root.has_tag_name((ATOM, "feed")));
    assert_eq!(child_text(root, "id"), "https://example.org/atom.xml");
    let titles: Vec<&str> = entries(&doc)
        .iter()
        .map(|e| child_text(*e, "title"))
        .collect();
    assert_eq!(
        titles,
        [
            "Sénégal–Mali : Dakar et Bamako resserrent leur coopération militaire",
            "Carburant <b>& blocus : le Mali sous pression",
            "Patrouilles conjointes à la frontière",
            "La Norvège et le Sahel",
            "Le Mali hors de la Cédéao",
        ],
        "the draft is left out, the rest newest first, titles unescaped once parsed"
    );
    for entry in entries(&doc) {
        assert!(alternate(entry).starts_with("https://example.org/briefs/"));
        assert!(child_text(entry, "id").starts_with("tag:example.org,"));
        assert!(child_text(entry, "updated").ends_with("T00:00:00Z"));
    }
    assert!(
        text.contains("Carburant &lt;b&gt;&amp; blocus"),
        "escaped in the XML text"
    );
}

#[test]
fn feed_entries_carry_summary_and_key_points_and_a_stable_id() {
    let site = TestSite::fixture("full").build();
    let text = site.file("atom.xml");
    let doc = roxmltree::Document::parse(&text).unwrap();
    let entry = entries(&doc)[0];
    assert_eq!(
        child_text(entry, "id"),
        "tag:example.org,2025-12-01:briefs/cooperation-militaire"
    );
    let content = child_text(entry, "content");
    assert!(
        content.contains("<p>Le ministre sénégalais a reçu une délégation malienne.</p>"),
        "{content}"
    );
    assert!(
        content.contains("<li>La menace du JNIM se rapproche de la frontière.</li>"),
        "{content}"
    );
    assert_eq!(texts(entry, "name"), ["Awa Ndiaye", "Jean Dupont"]);

    // Another build under another base URL keeps the ids.
    let moved = TestSite::fixture("full").build_with(&["--base-url", "https://example.org/sub/"]);
    let moved_text = moved.file("atom.xml");
    let moved_doc = roxmltree::Document::parse(&moved_text).unwrap();
    assert_eq!(
        child_text(entries(&moved_doc)[0], "id"),
        child_text(entry, "id")
    );
    assert_eq!(
        alternate(entries(&moved_doc)[0]),
        "https://example.org/sub/briefs/cooperation-militaire/"
    );
}

#[test]
fn entity_and_tag_feeds_hold_only_their_briefs_and_are_linked_from_their_pages() {
    let site = TestSite::fixture("full").build();
    for (feed, page, expected) in [
        (
            "countries/norvege/atom.xml",
            "countries/norvege/",
            vec!["La Norvège et le Sahel"],
        ),
        (
            "actors/jnim/atom.xml",
            "actors/jnim/",
            vec![
                "Sénégal–Mali : Dakar et Bamako resserrent leur coopération militaire",
                "Carburant <b>& blocus : le Mali sous pression",
            ],
        ),
        (
            "tags/diplomatie/atom.xml",
            "tags/diplomatie/",
            vec!["La Norvège et le Sahel", "Le Mali hors de la Cédéao"],
        ),
    ] {
        let text = site.file(feed);
        let doc = roxmltree::Document::parse(&text).unwrap();
        let titles: Vec<&str> = entries(&doc)
            .iter()
            .map(|e| child_text(*e, "title"))
            .collect();
        assert_eq!(titles, expected, "{feed}");
        let html = site.page(page);
        let head_link =
            format!(r#"<link rel="alternate" type="application/atom+xml" href="/{feed}""#);
        assert!(html.contains(&head_link), "{page} lacks {head_link}");
        assert!(
            html.contains(&format!(
                r#"<a href="/{feed}" type="application/atom+xml">"#
            )),
            "{page} has no follow link"
        );
    }
    assert!(
        site.page("")
            .contains(r#"<link rel="alternate" type="application/atom+xml" href="/atom.xml""#)
    );
}

#[test]
fn sitemap_lists_every_page_once_with_absolute_urls_and_lastmod() {
    let site = TestSite::fixture("full").build_with(&["--base-url", "https://example.org/sub/"]);
    let text = site.file("sitemap.xml");
    let doc = roxmltree::Document::parse(&text).unwrap();
    let ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
    let urls: Vec<roxmltree::Node> = doc
        .root_element()
        .children()
        .filter(|n| n.has_tag_name((ns, "url")))
        .collect();
    let locs: Vec<&str> = urls
        .iter()
        .map(|u| {
            u.children()
                .find(|n| n.has_tag_name((ns, "loc")))
                .and_then(|n| n.text())
                .unwrap()
        })
        .collect();
    let pages: Vec<String> = site
        .output_files()
        .keys()
        .filter(|p| p.ends_with("index.html"))
        .map(|p| {
            format!(
                "https://example.org/sub/{}",
                p.trim_end_matches("index.html")
            )
        })
        .collect();
    let mut sorted_locs: Vec<String> = locs.iter().map(|l| l.to_string()).collect();
    sorted_locs.sort();
    let mut sorted_pages = pages.clone();
    sorted_pages.sort();
    assert_eq!(
        sorted_locs, sorted_pages,
        "every page once, and nothing else"
    );
    for url in &urls {
        let lastmod = url
            .children()
            .find(|n| n.has_tag_name((ns, "lastmod")))
            .and_then(|n| n.text());
        assert!(
            lastmod.is_some_and(|d| d.len() == 10),
            "{url:?} has no lastmod"
        );
    }
    assert_eq!(
        site.file("robots.txt"),
        "User-agent: *\nAllow: /\n\nSitemap: https://example.org/sub/sitemap.xml\n"
    );
}

#[test]
fn search_index_covers_every_kind_with_names_aliases_tags_and_key_points() {
    let site = TestSite::fixture("full").build();
    let index = json(&site, "search-index.json");
    let entries = index.as_array().expect("an array");
    let find = |title: &str| {
        entries
            .iter()
            .find(|e| e["t"] == title)
            .unwrap_or_else(|| panic!("{title} is not in the index"))
    };
    let brief = find("Sénégal–Mali : Dakar et Bamako resserrent leur coopération militaire");
    assert_eq!(brief["k"], "briefs");
    assert_eq!(brief["u"], "/briefs/cooperation-militaire/");
    assert!(
        brief["g"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t == "sécurité")
    );
    assert!(
        brief["p"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p.as_str().unwrap().contains("délégation"))
    );
    assert_eq!(find("Sénégal")["k"], "countries");
    assert_eq!(find("JNIM")["k"], "actors");
    assert_eq!(
        find("Première attaque du JNIM à Diboli")["d"],
        "juillet 2025"
    );
    assert!(
        entries
            .iter()
            .all(|e| e["t"] != "Note interne en préparation"),
        "drafts are not searchable"
    );
    let kinds: std::collections::BTreeSet<&str> =
        entries.iter().map(|e| e["k"].as_str().unwrap()).collect();
    assert_eq!(
        kinds.into_iter().collect::<Vec<_>>(),
        ["actors", "briefs", "countries", "events", "pages"]
    );
    assert!(
        site.page("search/")
            .contains(r#"data-index="/search-index.json""#)
    );
    assert!(site.page("").contains(
        r#"<form class="search-form search-form-header" role="search" action="/search/""#
    ));
}

#[test]
fn digests_group_a_months_events_and_briefs_by_country_and_link_neighbour_months() {
    let site = TestSite::fixture("full").build();
    let july = site.main("digest/2025-07/");
    // July 2025: the attack at Diboli (Mali) and the Abuja agreement
    // (Sénégal), in the groups after the month's trends.
    let groups = &july[july.find("digest-group").expect("groups")..];
    let mali = groups
        .find(r#"<a href="/countries/mali/">Mali</a>"#)
        .expect("a Mali group");
    let senegal = groups
        .find(r#"<a href="/countries/senegal/">Sénégal</a>"#)
        .expect("a Sénégal group");
    assert!(mali < senegal, "countries by name");
    assert!(groups[mali..senegal].contains("Première attaque du JNIM à Diboli"));
    assert!(groups[senegal..].contains("Accord de principe à Abuja"));
    // The year-only event (2025) belongs to no month.
    assert!(!july.contains("Tension sur le carburant"));
    // Neighbours with content: June 2025 (the Norway brief), October 2025.
    assert!(
        july.contains(r#"<a href="/digest/2025-06/" rel="prev">"#),
        "{july}"
    );
    assert!(
        july.contains(r#"<a href="/digest/2025-10/" rel="next">"#),
        "{july}"
    );
    assert!(
        !site.has("digest/2025-08/"),
        "a month without content has no digest"
    );
    assert!(
        site.page("events/")
            .contains(r#"<a href="/digest/2025-07/""#),
        "linked from the timeline"
    );
}

#[test]
fn event_exports_carry_the_acled_like_columns() {
    let site = TestSite::fixture("full").build();
    let csv = site.file("exports/events.csv");
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("id,date,precision,kind,actors,country,location,lat,lon,fatalities,sources")
    );
    assert!(
        csv.contains(
            "events/attaque-diboli,2025-07,month,attack,JNIM,Mali,Diboli,14.47,-12.2,3,Dépêche APA\n"
        ),
        "{csv}"
    );
    assert!(
        csv.contains("events/blocus-carburant,2025,year,economic,JNIM,Mali,Mali,,,,"),
        "{csv}"
    );

    let rows = json(&site, "exports/events.json");
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 6);
    let rencontre = rows
        .iter()
        .find(|r| r["id"] == "events/rencontre-dakar")
        .unwrap();
    assert_eq!(
        rencontre["actors"],
        serde_json::json!(["Birame Diop", "Oumarou Maïga"])
    );
    assert_eq!(rencontre["lat"], 14.69);

    let geo = json(&site, "exports/events.geojson");
    assert_eq!(geo["type"], "FeatureCollection");
    let ids: Vec<&str> = geo["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "events/visite-oslo",
            "events/patrouilles-conjointes",
            "events/attaque-diboli",
            "events/rencontre-dakar"
        ],
        "only events with coordinates (not the fuel blockade, which has a place without them, nor the Abuja agreement)"
    );
    let point = &geo["features"][3]["geometry"];
    assert_eq!(
        point["coordinates"],
        serde_json::json!([-17.44, 14.69]),
        "GeoJSON is longitude first"
    );
    for link in [
        "/exports/events.csv",
        "/exports/events.json",
        "/exports/events.geojson",
        "/graph.json",
    ] {
        assert!(
            site.page("").contains(&format!(r#"<a href="{link}""#)),
            "the Data section links {link}"
        );
    }
}

#[test]
fn graph_json_has_every_built_document_and_every_reference() {
    let site = TestSite::fixture("full").build();
    let graph = json(&site, "graph.json");
    let nodes = graph["nodes"].as_array().unwrap();
    let mali = nodes
        .iter()
        .find(|n| n["id"] == "countries/mali")
        .expect("countries/mali is a node");
    assert_eq!(mali["kind"], "country");
    assert_eq!(mali["title"], "Mali");
    assert_eq!(mali["url"], "/countries/mali/");
    assert!(
        nodes.iter().all(|n| n["id"] != "briefs/note-interne"),
        "drafts are not built"
    );
    let edges = graph["edges"].as_array().unwrap();
    let has = |from: &str, to: &str, how: &str| {
        edges
            .iter()
            .any(|e| e["from"] == from && e["to"] == to && e["how"] == how)
    };
    assert!(has(
        "briefs/cooperation-militaire",
        "countries/senegal",
        "countries"
    ));
    assert!(has("events/attaque-diboli", "countries/mali", "countries"));
    assert!(has(
        "briefs/cooperation-militaire",
        "actors/armee-malienne",
        "body"
    ));
    assert!(edges.iter().all(|e| e["from"] != "briefs/note-interne"));
}

/// The JSON-LD object of a page.
fn json_ld(html: &str) -> Value {
    let start = html
        .find(r#"<script type="application/ld+json">"#)
        .expect("a JSON-LD script")
        + 35;
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end]).expect("JSON-LD parses")
}

#[test]
fn every_page_describes_itself_in_json_ld() {
    let site = TestSite::fixture("full").build();
    for (page, kind) in [
        ("", "WebSite"),
        ("briefs/cooperation-militaire/", "Article"),
        ("events/rencontre-dakar/", "Event"),
        ("actors/birame-diop/", "Person"),
        ("actors/jnim/", "Organization"),
        ("countries/mali/", "Country"),
        ("briefs/", "CollectionPage"),
        ("a-propos/", "WebPage"),
    ] {
        let ld = json_ld(&site.page(page));
        assert_eq!(ld["@type"], kind, "{page}");
        assert_eq!(ld["@context"], "https://schema.org");
    }
    let article = json_ld(&site.page("briefs/cooperation-militaire/"));
    assert_eq!(article["datePublished"], "2025-12-01");
    assert_eq!(
        article["url"],
        "https://example.org/briefs/cooperation-militaire/"
    );
    let event = json_ld(&site.page("events/rencontre-dakar/"));
    assert_eq!(event["startDate"], "2025-11-26");
    assert_eq!(event["location"]["geo"]["latitude"], 14.69);
}

#[test]
fn front_matter_cannot_close_the_json_ld_script() {
    let site = TestSite::fixture("full")
        .write(
            "content/briefs/injection.md",
            "---\ntitle: \"</script><script>alert(1)</script>\"\ndate: 2025-12-02\ncountries: [mali]\nsummary: \"a & b < c\"\n---\nTexte.\n",
        )
        .build();
    let html = site.page("briefs/injection/");
    assert_eq!(
        html.matches("</script>").count(),
        2,
        "only the JSON-LD element and the theme's print.js close a script"
    );
    assert_eq!(
        json_ld(&html)["headline"],
        "</script><script>alert(1)</script>"
    );
    let index = site.file("search-index.json");
    let parsed: Value = serde_json::from_str(&index).unwrap();
    assert!(
        parsed
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["t"] == "</script><script>alert(1)</script>")
    );
    let feed = site.file("atom.xml");
    assert!(
        roxmltree::Document::parse(&feed).is_ok(),
        "the feed stays well-formed"
    );
    assert!(feed.contains("<title>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>"));
}

#[test]
fn a_base_path_reaches_feeds_sitemap_search_and_exports() {
    let site = TestSite::fixture("full").build_with(&["--base-url", "https://example.org/sub/"]);
    site.assert_links_resolve("/sub/");
    let feed = site.file("countries/mali/atom.xml");
    assert!(feed.contains(r#"<link rel="self" type="application/atom+xml" href="https://example.org/sub/countries/mali/atom.xml"/>"#));
    let index = json(&site, "search-index.json");
    assert!(
        index
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["u"].as_str().unwrap().starts_with("/sub/"))
    );
    let graph = json(&site, "graph.json");
    assert!(
        graph["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|n| n["url"].as_str().unwrap().starts_with("/sub/"))
    );
    assert!(
        site.page("search/")
            .contains(r#"<script src="/sub/assets/search.js" defer>"#)
    );
}

#[test]
fn csv_cells_that_a_spreadsheet_would_run_are_neutralised_and_numbers_kept() {
    // Issue #18: an event whose place is `+cmd|calc` was written as is into
    // events.csv, a formula that Excel or LibreOffice runs.
    let site = TestSite::fixture("full")
        .write(
            "content/events/piege.md",
            "---\ntitle: \"=HYPERLINK(\\\"x\\\")\"\ndate: \"2025-07\"\ncountries: [mali]\nlocation: {name: \"+cmd|' /C calc'!A0\", country: mali, lat: 14.5, lon: -1.63}\n---\n",
        )
        .build();
    let csv = site.file("exports/events.csv");
    let line = csv
        .lines()
        .find(|l| l.starts_with("events/piege,"))
        .expect("the event's row");
    assert!(line.contains(",'+cmd|' /C calc'!A0,"), "{line}");
    assert!(
        line.contains(",14.5,-1.63,"),
        "numbers stay numbers: {line}"
    );
}
