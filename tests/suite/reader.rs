//! The reader's pages (issue #15): contents lists, the standfirst, tables
//! and task lists, French typography, the language of a page, each item
//! once per page, one order for events, compact rows, the events index with
//! its filters and pages, kind markers, fatalities, sharing tags, the
//! site's own stylesheet and footer, search over bodies, print margins, and
//! `init --github-actions`. Most run on the `reader` fixture, a French site
//! with a long brief, a brief in English and events of every precision.

use std::collections::BTreeMap;

use scraper::{Html, Selector};

use crate::support::TestSite;

/// The pages of a built site, by output path.
fn html_pages(site: &TestSite) -> BTreeMap<String, String> {
    site.output_files()
        .into_iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .map(|(path, bytes)| (path, String::from_utf8(bytes).expect("UTF-8 pages")))
        .collect()
}

/// The part of `html` from `start` to the next `end`.
fn section<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("no `{start}` in:\n{html}"));
    let to = html[from..]
        .find(end)
        .map_or(html.len(), |k| from + k + end.len());
    &html[from..to]
}

/// Panics unless the needles appear in this order.
fn assert_in_order(haystack: &str, needles: &[&str]) {
    let mut from = 0;
    for needle in needles {
        match haystack[from..].find(needle) {
            Some(k) => from += k + needle.len(),
            None => panic!("`{needle}` is not after what precedes it in:\n{haystack}"),
        }
    }
}

/// The `content` of the `<meta>` whose `property` or `name` is `key`.
fn meta(html: &str, key: &str) -> Option<String> {
    let doc = Html::parse_document(html);
    let selector = Selector::parse("meta").expect("a selector");
    doc.select(&selector)
        .find(|m| m.value().attr("property") == Some(key) || m.value().attr("name") == Some(key))
        .and_then(|m| m.value().attr("content").map(str::to_string))
}

const N: char = '\u{202F}';

// ---------------------------------------------------------------------------
// Reading aids

#[test]
fn a_body_with_three_headings_gets_a_contents_list_of_its_headings_and_notes() {
    let site = TestSite::fixture("reader").build();
    let main = site.main("briefs/note-longue/");
    let contents = section(&main, r#"<nav class="contents""#, "</nav>");
    assert_in_order(
        contents,
        &[
            r#"<summary><h2 id="contents-title">Sommaire</h2></summary>"#,
            r##"<a href="#contexte">Contexte</a>"##,
            r##"<li class="sub"><a href="#les-faits">Les faits</a>"##,
            r##"<a href="#chiffres">Chiffres</a>"##,
            r##"<a href="#notes">Notes</a>"##,
        ],
    );
    // Every entry names a heading of the page.
    for id in [
        "contexte",
        "les-faits",
        "chiffres",
        "a-suivre",
        "limites",
        "notes",
    ] {
        assert!(main.contains(&format!(r#"id="{id}""#)), "no heading `{id}`");
    }
    // A free page with three headings has one too; a body with fewer none.
    assert!(site.main("a-propos/").contains(r#"<nav class="contents""#));
    let english = site.main("briefs/english-note/");
    assert!(!english.contains(r#"class="contents""#), "{english}");
}

#[test]
fn the_standfirst_comes_before_the_key_points() {
    let site = TestSite::fixture("reader").build();
    let main = site.main("briefs/note-longue/");
    assert_in_order(
        &main,
        &[
            "<h1>Mali\u{202F}: la menace",
            r#"<p class="lead standfirst">Le JNIM frappe près de la frontière"#,
            r#"id="key-points-title""#,
        ],
    );
    assert_eq!(main.matches("Le JNIM frappe près").count(), 1, "{main}");
}

#[test]
fn tables_scroll_in_a_named_box_and_task_lists_keep_their_checkboxes() {
    let site = TestSite::fixture("reader").build();
    let main = site.main("briefs/note-longue/");
    assert!(main.contains(
        "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"Tableau, défile horizontalement\">\n<table>"
    ));
    assert!(
        main.contains(r#"<li><input disabled="" type="checkbox" checked="" aria-label="Fait"/>"#),
        "{main}"
    );
    assert!(main.contains(r#"<li><input disabled="" type="checkbox" aria-label="À faire"/>"#));
    // The theme draws no bullet beside a checkbox.
    let css = site.file("assets/dossier.css");
    assert!(css.contains(".prose li:has(> input[type=\"checkbox\"])"));
}

// ---------------------------------------------------------------------------
// Language and typography

#[test]
fn french_pages_put_narrow_spaces_in_text_and_titles_not_in_code_or_urls() {
    let site = TestSite::fixture("reader").build();
    let main = site.main("briefs/note-longue/");
    for expected in [
        format!("«{N}une première attaque{N}»"),
        format!("à <a href=\"/veille/events/attaque-diboli/\">Diboli</a>{N}; selon"),
        format!("s’en inquiéter{N}? Oui{N}!"),
        format!("«{N}plusieurs jours{N}»"),
        format!("<h1>Mali{N}: la menace se rapproche du Sénégal</h1>"),
        format!("<li>Le JNIM a frappé Diboli{N}: aucune victime signalée.</li>"),
        format!("Dépêche{N}: la menace jihadiste"),
    ] {
        assert!(main.contains(&expected), "missing {expected:?} in:\n{main}");
    }
    assert!(main.contains("<code>dossier build --base-url x:y</code>"));
    assert!(main.contains(">https://example.net/a?b=c</a>"));
    // Attributes keep their characters: the link's address, the description.
    assert!(main.contains(r#"href="https://example.net/a?b=c""#));
    // Titles on other pages too: a card, a link, the page's <title>.
    let country = site.page("countries/mali/");
    assert!(country.contains(&format!("Mali{N}: la menace se rapproche")));
    assert!(country.contains(&format!("Sénégal{N}: une coopération militaire suivie")));
}

#[test]
fn english_sites_and_english_briefs_keep_plain_spaces() {
    let site = TestSite::fixture("reader").build();
    let main = site.main("briefs/english-note/");
    assert!(main.contains("Mali: a note in English"), "{main}");
    assert!(
        main.contains("Note: the attack at Diboli; a first."),
        "{main}"
    );
    assert!(main.contains("“Quoted”"), "{main}");
    assert!(!main.contains("Note\u{202F}:"), "{main}");
    let english = TestSite::fixture("english").build();
    for (path, html) in html_pages(&english) {
        assert!(!html.contains(N), "{path} holds a narrow no-break space");
    }
}

#[test]
fn a_brief_in_another_language_marks_its_own_text_only() {
    let site = TestSite::fixture("reader").build();
    let html = site.page("briefs/english-note/");
    // The page, its navigation and its dates stay French.
    assert!(html.contains(r#"<html lang="fr">"#));
    assert!(html.contains(r#"aria-label="Menu principal""#));
    assert!(html.contains("Publiée le"));
    // The brief's own text is marked English.
    for marked in [
        r#"<h1 lang="en">Mali: a note in English</h1>"#,
        r#"<p class="lead standfirst" lang="en">Why?"#,
        r#"<ul lang="en">"#,
        r#"<div class="prose" lang="en">"#,
    ] {
        assert!(html.contains(marked), "missing {marked} in:\n{html}");
    }
    // Its cards and links elsewhere carry the language too.
    let other = site.main("briefs/note-longue/");
    assert!(other.contains(r#"lang="en""#), "{other}");
    // Its Atom entry says so.
    let feed = site.file("atom.xml");
    let entry = section(&feed, "<entry xml:lang=\"en\">", "</entry>");
    assert!(entry.contains("Mali: a note in English"), "{feed}");
    assert_eq!(feed.matches("xml:lang=\"en\"").count(), 1, "{feed}");
}

// ---------------------------------------------------------------------------
// Each item once, one order

#[test]
fn a_brief_linking_here_is_listed_once_under_linked_from() {
    let site = TestSite::fixture("reader").build();
    let main = site.main("briefs/note-longue/");
    let linked = section(&main, r#"id="backlinks-title""#, "</section>");
    assert!(linked.contains("/veille/briefs/note-courte/"), "{main}");
    assert_eq!(
        main.matches(r#"href="/veille/briefs/note-courte/""#)
            .count(),
        2,
        "the body's link and Linked from, not Related: {main}"
    );
    let related = section(&main, r#"id="related-title""#, "</section>");
    assert!(!related.contains("note-courte"), "{related}");
}

#[test]
fn an_entity_page_lists_each_actor_once() {
    let site = TestSite::fixture("reader").build();
    let mali = without_pictures(&site.main("countries/mali/"));
    // The JNIM and the army list Mali in `countries`: they are under
    // Actors, not again under Referenced by.
    assert_eq!(
        mali.matches(r#"href="/veille/actors/jnim/""#).count(),
        1,
        "{mali}"
    );
    let actor = without_pictures(&site.main("actors/armee-malienne/"));
    // Birame Diop names the army among his affiliations: listed there only.
    assert_eq!(
        actor
            .matches(r#"href="/veille/actors/birame-diop/""#)
            .count(),
        1,
        "{actor}"
    );
    let event = without_pictures(&site.main("events/attaque-diboli/"));
    assert_eq!(
        event.matches(r#"href="/veille/actors/jnim/""#).count(),
        1,
        "{event}"
    );
}

#[test]
fn a_digest_files_each_item_under_one_country() {
    let site = TestSite::fixture("reader").build();
    let july = without_pictures(&site.main("digest/2025-07/"));
    // The attack is located in Mali and names Senegal too: listed once.
    assert_eq!(
        july.matches("/veille/events/attaque-diboli/").count(),
        1,
        "{july}"
    );
    let december = site.main("digest/2025-12/");
    // The long brief lists Mali first.
    assert_eq!(december.matches("/veille/briefs/note-longue/").count(), 1);
    let mali = section(
        &december,
        r#"class="digest-country"><a href="/veille/countries/mali/""#,
        "</section>",
    );
    assert!(mali.contains("/veille/briefs/note-longue/"), "{december}");
}

#[test]
fn events_are_newest_first_everywhere_with_year_only_events_grouped_after_their_year() {
    let site = TestSite::fixture("reader").build();
    let dated = [
        "/veille/events/visite-dakar/",
        "/veille/events/attaque-diboli/",
        "/veille/events/embargo-juillet/",
    ];
    let mali = site.main("countries/mali/");
    let timeline = section(&mali, r#"id="timeline-title""#, "</section>");
    let brief = site.main("briefs/note-longue/");
    let sidebar = section(&brief, r#"class="entity-events""#, "</ol>");
    for (list, undated) in [
        (timeline, r#"<li class="timeline-item kind-other undated">"#),
        (sidebar, r#"<li class="kind-other undated">"#),
    ] {
        assert_in_order(
            list,
            &[
                dated[0],
                dated[1],
                dated[2],
                "2025 · date précise inconnue",
                undated,
                "/veille/events/blocus-carburant/",
                "/veille/events/patrouille-2024/",
            ],
        );
        // The group holds the year-only event alone.
        assert_eq!(list.matches("undated").count(), 1, "{list}");
    }
    let home = site.main("");
    assert_in_order(
        &home,
        &[
            "/veille/events/visite-dakar/",
            "/veille/events/attaque-diboli/",
        ],
    );
    // The index: pages of three (`paginate: 3`), read in order.
    let index = [site.main("events/"), site.main("events/page/2/")].concat();
    assert_in_order(
        &index,
        &[
            "/veille/events/visite-dakar/",
            "/veille/events/attaque-diboli/",
            "/veille/events/embargo-juillet/",
            "2025 · date précise inconnue",
            "/veille/events/blocus-carburant/",
            r#"id="y2024""#,
            "/veille/events/patrouille-2024/",
        ],
    );
}

// ---------------------------------------------------------------------------
// Lists

#[test]
fn lists_past_ten_items_are_compact_rows_and_the_home_page_keeps_cards() {
    let mut site = TestSite::fixture("reader");
    for n in 1..=11 {
        site = site.write(
            &format!("content/briefs/serie-{n:02}.md"),
            &format!(
                "---\ntitle: \"Série {n}\"\ndate: 2025-09-{n:02}\nsummary: \"Résumé {n}.\"\ncountries: [senegal]\ntags: [série]\nsources:\n  - title: \"Source\"\n---\nTexte.\n"
            ),
        );
    }
    let site = site.build();
    let tag = site.main("tags/serie/");
    assert!(tag.contains(r#"<ol class="rows">"#), "{tag}");
    assert_eq!(tag.matches(r#"<li class="row">"#).count(), 11);
    assert!(tag.contains(
        r#"<li class="row"><span class="row-date"><time datetime="2025-09-11">11 septembre 2025</time></span> <span class="row-main"><a class="row-title" href="/veille/briefs/serie-11/">Série 11</a><span class="row-meta"><span class="sep" aria-hidden="true"> · </span>Sénégal</span></span></li>"#
    ), "{tag}");
    assert!(!tag.contains("Résumé"), "rows carry no summary");
    let senegal = site.main("countries/senegal/");
    assert!(section(&senegal, r#"id="briefs-title""#, "</section>").contains(r#"class="rows""#));
    // Ten or fewer: cards, as on the home page and the brief index.
    let mali = site.main("countries/mali/");
    assert!(
        section(&mali, r#"id="briefs-title""#, "</section>").contains(r#"<article class="card">"#)
    );
    let home = site.main("");
    assert!(home.contains(r#"<article class="card">"#) && !home.contains(r#"class="rows""#));
    assert!(site.main("briefs/").contains(r#"<article class="card">"#));
}

#[test]
fn the_events_index_is_paginated_and_filtered_by_kind_and_year_without_javascript() {
    let site = TestSite::fixture("reader").build();
    let first = site.main("events/");
    // Three events a page: two pages.
    assert!(
        first.contains(r#"href="/veille/events/page/2/""#),
        "{first}"
    );
    assert!(site.has("events/page/2/"));
    assert!(!site.has("events/page/3/"));
    // Filters are links to pages of their own.
    let filters = section(&first, r#"<nav class="event-filters""#, "</nav>");
    for link in [
        r#"href="/veille/events/kind/attack/""#,
        r#"href="/veille/events/kind/visit/""#,
        r#"href="/veille/events/year/2025/""#,
        r#"href="/veille/events/year/2024/""#,
        r##"href="/veille/countries/mali/#timeline-title""##,
        r##"href="/veille/actors/jnim/#timeline-title""##,
    ] {
        assert!(filters.contains(link), "missing {link} in {filters}");
    }
    // The legend of the markers: each kind's link carries its class.
    assert!(filters.contains(r#"<li class="kind-attack"><a href="/veille/events/kind/attack/"><span class="mark">attaque</span></a> <span class="count">1</span></li>"#), "{filters}");
    let attacks = site.main("events/kind/attack/");
    assert!(
        attacks.contains("Événements de type «\u{202F}attaque\u{202F}»"),
        "{attacks}"
    );
    assert!(attacks.contains("/veille/events/attaque-diboli/"));
    assert!(
        !attacks.contains("/veille/events/visite-dakar/\""),
        "{attacks}"
    );
    assert!(attacks.contains(r#"aria-current="page""#));
    let year = site.main("events/year/2024/");
    assert!(year.contains("/veille/events/patrouille-2024/"));
    assert!(!year.contains("/veille/events/attaque-diboli/"));
    let sitemap = site.file("sitemap.xml");
    assert!(sitemap.contains("https://example.org/veille/events/kind/attack/"));
    assert!(sitemap.contains("https://example.org/veille/events/page/2/"));
}

#[test]
fn every_event_kind_has_its_marker_class_on_its_rows_and_timeline() {
    let site = TestSite::fixture("reader").build();
    let index = site.main("events/");
    assert!(index.contains(r#"<li class="row kind-visit">"#), "{index}");
    let mali = site.main("countries/mali/");
    assert!(
        mali.contains(r#"<li class="timeline-item kind-attack">"#),
        "{mali}"
    );
    let css = site.file("assets/dossier.css");
    for (kind, _) in [("attack", 0), ("visit", 0), ("other", 0), ("patrol", 0)] {
        assert!(
            css.contains(&format!(
                ".kind-{kind} {{ --mark: url(\"data:image/svg+xml,"
            )),
            "no marker for {kind}"
        );
    }
}

#[test]
fn zero_fatalities_show_only_where_there_could_be_victims() {
    let site = TestSite::fixture("reader").build();
    let attack = site.main("events/attaque-diboli/");
    assert!(attack.contains("<dt>Victimes</dt><dd>0</dd>"), "{attack}");
    let visit = site.main("events/visite-dakar/");
    assert!(!visit.contains("Victimes"), "{visit}");
    // The data keep what the source said.
    let json = site.file("exports/events.json");
    assert_eq!(json.matches("\"fatalities\": 0").count(), 2, "{json}");
}

// ---------------------------------------------------------------------------
// Sharing, styling, printing

#[test]
fn every_page_has_open_graph_and_twitter_card_tags() {
    let site = TestSite::fixture("reader").build();
    let pages = html_pages(&site);
    assert!(pages.len() > 20);
    for (path, html) in &pages {
        let canonical = {
            let doc = Html::parse_document(html);
            let selector = Selector::parse(r#"link[rel="canonical"]"#).expect("a selector");
            doc.select(&selector)
                .next()
                .and_then(|l| l.value().attr("href").map(str::to_string))
                .unwrap_or_else(|| panic!("{path} has no canonical link"))
        };
        assert_eq!(meta(html, "og:url").as_ref(), Some(&canonical), "{path}");
        assert!(
            meta(html, "og:title").is_some_and(|t| !t.is_empty()),
            "{path}"
        );
        assert_eq!(
            meta(html, "og:site_name").as_deref(),
            Some("Veille Sahel"),
            "{path}"
        );
        assert_eq!(meta(html, "og:locale").as_deref(), Some("fr_FR"), "{path}");
        assert_eq!(
            meta(html, "og:image").as_deref(),
            Some("https://example.org/veille/img/carte.png"),
            "{path}"
        );
        assert_eq!(
            meta(html, "twitter:card").as_deref(),
            Some("summary_large_image"),
            "{path}"
        );
        let kind = if path.starts_with("briefs/")
            && !path.starts_with("briefs/page/")
            && path != "briefs/index.html"
        {
            "article"
        } else {
            "website"
        };
        assert_eq!(meta(html, "og:type").as_deref(), Some(kind), "{path}");
    }
    let brief = &pages["briefs/note-longue/index.html"];
    assert_eq!(
        meta(brief, "og:description").as_deref(),
        Some("Le JNIM frappe près de la frontière\u{202F}; Dakar renforce sa coopération.")
    );
}

#[test]
fn without_a_site_image_pages_get_a_summary_card_and_a_bad_image_is_an_error() {
    let site = TestSite::fixture("full").build();
    let home = site.page("");
    assert_eq!(meta(&home, "og:image"), None);
    assert_eq!(meta(&home, "twitter:card").as_deref(), Some("summary"));
    let outside = TestSite::fixture("full")
        .write(
            "site.yaml",
            &std::fs::read_to_string(crate::support::fixtures().join("full/site.yaml"))
                .unwrap()
                .replace(
                    "paginate: 2",
                    "paginate: 2\nimage: \"https://cdn.example.org/card.png\"",
                ),
        )
        .build();
    assert_eq!(
        meta(&outside.page(""), "og:image").as_deref(),
        Some("https://cdn.example.org/card.png")
    );
    let missing = TestSite::fixture("reader").write(
        "site.yaml",
        &std::fs::read_to_string(crate::support::fixtures().join("reader/site.yaml"))
            .unwrap()
            .replace("/img/carte.png", "/img/absente.png"),
    );
    let run = missing.try_build(&[]);
    run.expect_status(1);
    assert!(
        run.stderr.contains("site.yaml:7:8: error"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("/img/absente.png"), "{}", run.stderr);
    let relative = TestSite::fixture("reader").write(
        "site.yaml",
        &std::fs::read_to_string(crate::support::fixtures().join("reader/site.yaml"))
            .unwrap()
            .replace("/img/carte.png", "img/carte.png"),
    );
    let run = relative.try_build(&[]);
    run.expect_status(1);
    assert!(
        run.stderr.contains("a path from the site root"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_sites_custom_css_is_linked_after_the_theme() {
    let site = TestSite::fixture("reader").build();
    for (path, html) in html_pages(&site) {
        assert_in_order(
            &html,
            &[
                r#"<link rel="stylesheet" href="/veille/assets/dossier.css">"#,
                r#"<link rel="stylesheet" href="/veille/custom.css">"#,
            ],
        );
        assert!(!path.is_empty());
    }
    let without = TestSite::fixture("full").build();
    assert!(!without.page("").contains("custom.css"));
}

#[test]
fn one_small_file_changes_the_footer_of_every_page() {
    let site = TestSite::fixture("reader")
        .write(
            "templates/partials/footer.html",
            "<footer class=\"site-footer\"><p>Pied de page maison, {{ site.title }}</p></footer>\n",
        )
        .build();
    for (path, html) in html_pages(&site) {
        assert!(
            html.contains("<p>Pied de page maison, Veille Sahel</p>"),
            "{path}"
        );
        assert!(!html.contains(r#"class="footer-nav""#), "{path}");
    }
}

#[test]
fn a_page_template_fills_the_blocks_of_base_html() {
    let site = TestSite::fixture("reader")
        .write(
            "templates/tag.html",
            "{% extends \"base.html\" %}\n{% block head_extra %}<meta name=\"x-extra\" content=\"1\">{% endblock head_extra %}\n{% block nav %}<p class=\"mini-nav\">nav</p>{% endblock nav %}\n{% block content %}<h1>{{ tag.name }}</h1>{% endblock content %}\n{% block footer %}<footer><p>fin</p></footer>{% endblock footer %}\n",
        )
        .build();
    let tag = site.page("tags/securite/");
    assert_in_order(&tag, &[r#"<meta name="x-extra" content="1">"#, "</head>"]);
    assert!(tag.contains(r#"<p class="mini-nav">nav</p>"#));
    assert!(!tag.contains(r#"class="site-nav""#));
    assert!(tag.contains("<footer><p>fin</p></footer>"));
    // Other pages keep the theme's.
    assert!(site.page("").contains(r#"class="site-nav""#));
}

#[test]
fn printed_pages_carry_their_address_date_and_page_numbers() {
    let site = TestSite::fixture("reader").build();
    let brief = site.page("briefs/note-longue/");
    assert!(brief.contains(
        r#"<style media="print">@page{@top-left{content:"https://example.org/veille/briefs/note-longue/"}}</style>"#
    ));
    assert!(brief.contains(
        r#"<script src="/veille/assets/print.js" data-label="Imprimé le" defer></script>"#
    ));
    let css = site.file("assets/dossier.css");
    assert!(css.contains(r#"content: counter(page) " / " counter(pages);"#));
    assert!(css.contains("content: var(--print-date, \"\");"));
    let script = site.file("assets/print.js");
    assert!(script.contains("beforeprint") && script.contains("--print-date"));
}

// ---------------------------------------------------------------------------
// Search

#[test]
fn search_words_list_the_words_of_bodies_by_entry() {
    let site = TestSite::fixture("reader").build();
    let index: serde_json::Value =
        serde_json::from_str(&site.file("search-index.json")).expect("JSON");
    let words: serde_json::Value =
        serde_json::from_str(&site.file("search-words.json")).expect("JSON");
    let entries = index.as_array().expect("an array");
    let list = words["w"].as_array().expect("words");
    let postings = words["p"].as_array().expect("postings");
    assert_eq!(list.len(), postings.len());
    let entries_of = |word: &str| -> Vec<String> {
        let k = list
            .iter()
            .position(|w| w == word)
            .unwrap_or_else(|| panic!("no `{word}` in {list:?}"));
        let mut at = 0;
        postings[k]
            .as_str()
            .expect("a string")
            .split(',')
            .map(|step| {
                at += u64::from_str_radix(step, 36).expect("base 36");
                entries[usize::try_from(at).unwrap()]["u"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect()
    };
    // A word of the long brief's body only, folded: "inquiéter" → "inquieter".
    assert_eq!(entries_of("inquieter"), ["/veille/briefs/note-longue/"]);
    // Words of wiki link labels are words of the body.
    assert!(entries_of("diboli").contains(&"/veille/briefs/note-longue/".to_string()));
    // Words are sorted, without URLs, link targets or short words.
    let texts: Vec<&str> = list.iter().map(|w| w.as_str().unwrap()).collect();
    let mut sorted = texts.clone();
    sorted.sort_unstable();
    assert_eq!(texts, sorted);
    for absent in ["https", "veille", "le", "attaque-diboli", "b"] {
        assert!(!texts.contains(&absent), "`{absent}` is indexed");
    }
    let search = site.page("search/");
    assert!(search.contains(r#"data-words="/veille/search-words.json""#));
    assert!(search.contains("<noscript>"));
    assert!(search.contains(r#"<li><a href="/veille/briefs/">Notes</a></li>"#));
}

// ---------------------------------------------------------------------------
// The first hour

#[test]
fn init_writes_a_github_workflow_on_request() {
    let parent = tempfile::tempdir().expect("a temporary folder");
    let dir = parent.path().join("veille");
    let run = crate::support::run(
        crate::support::dossier()
            .arg("init")
            .arg(&dir)
            .arg("--github-actions"),
    );
    run.expect_status(0);
    assert!(
        run.stdout.contains("created .github/workflows/briefs.yml"),
        "{run:?}"
    );
    assert!(run.stdout.contains("DOSSIER_GIT"), "{run:?}");
    let text = std::fs::read_to_string(dir.join(".github/workflows/briefs.yml")).expect("written");
    let workflow: serde_yaml::Value = serde_yaml::from_str(&text).expect("valid YAML");
    let jobs = &workflow["jobs"];
    let steps = |job: &str| -> String { serde_yaml::to_string(&jobs[job]["steps"]).unwrap() };
    assert!(steps("check").contains("fetch-depth: 0"));
    assert!(steps("check").contains("cargo install --locked --git \"$DOSSIER_GIT\""));
    assert!(steps("check").contains("dossier check --format json --deny-warnings"));
    assert!(steps("deploy").contains("dossier build --base-url"));
    assert!(steps("deploy").contains("actions/deploy-pages"));
    assert!(
        !text.contains("ORG/") && !text.contains("example.com"),
        "a placeholder"
    );
    // Without the flag, no workflow.
    let plain = parent.path().join("plain");
    crate::support::run(crate::support::dossier().arg("init").arg(&plain)).expect_status(0);
    assert!(!plain.join(".github").exists());
}

/// `html` without its pictures (`<figure class="pic">`, issue 13): a map's
/// markers and a network's nodes link to what the page's lists show, as a
/// picture of them, not as a second item.
fn without_pictures(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<figure class=\"pic") {
        out.push_str(&rest[..start]);
        let end = rest[start..]
            .find("</figure>")
            .map(|e| start + e + "</figure>".len())
            .expect("a picture is closed");
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}
