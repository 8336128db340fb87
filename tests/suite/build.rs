//! `dossier build`: what the built site holds (DESIGN §4), and that the output
//! folder is written whole or not at all, never where it would destroy
//! something (DESIGN §5).

use std::collections::BTreeMap;
use std::fs;

use crate::support::{TestSite, attribute_values, broken_links, differences, files_under};

/// Asserts that `needles` occur in `haystack` in this order, each after the
/// previous one.
#[track_caller]
fn assert_in_order(haystack: &str, needles: &[&str]) {
    let mut from = 0;
    for needle in needles {
        match haystack[from..].find(needle) {
            Some(at) => from += at + needle.len(),
            None => panic!(
                "`{needle}` does not come after {:?} in:\n{haystack}",
                needles
                    .iter()
                    .take_while(|n| *n != needle)
                    .collect::<Vec<_>>()
            ),
        }
    }
}

/// The part of `html` from `start` to the next `end`.
#[track_caller]
fn section<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("no `{start}` in:\n{html}"));
    let rest = &html[from..];
    let to = rest.find(end).map_or(rest.len(), |i| i + end.len());
    &rest[..to]
}

/// Every HTML file of the output, as text.
fn html_pages(site: &TestSite) -> BTreeMap<String, String> {
    site.output_files()
        .into_iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .map(|(path, bytes)| (path, String::from_utf8(bytes).expect("pages are UTF-8")))
        .collect()
}

// ---------------------------------------------------------------------------
// The pages of DESIGN §4

#[test]
fn every_page_kind_is_built_at_its_url() {
    let site = TestSite::fixture("full").build();
    for url in [
        "",
        "briefs/",
        "briefs/cooperation-militaire/",
        "briefs/blocus-carburant-mali/",
        "countries/",
        "countries/mali/",
        "countries/norvege/",
        "actors/",
        "actors/jnim/",
        "actors/birame-diop/",
        "events/",
        "events/attaque-diboli/",
        "tags/",
        "tags/securite/",
        "tags/energie/",
        "a-propos/",
        "404.html",
        ".dossier-output",
    ] {
        assert!(site.has(url), "`{url}` was not built");
    }
    assert!(
        !site.has("pages/a-propos/"),
        "free pages live at /<slug>/, not under /pages/"
    );
}

#[test]
fn build_prints_how_many_pages_and_files_it_wrote() {
    let site = TestSite::fixture("full");
    let run = site.try_build(&[]);
    run.expect_status(0);
    let files = site.output_files();
    let pages = files.keys().filter(|p| p.ends_with(".html")).count();
    // Every file but the marker is part of the site.
    let expected = format!("built {pages} pages ({} files) in ", files.len() - 1);
    assert!(
        run.stdout.starts_with(&expected),
        "expected `{expected}…`, got {:?}",
        run.stdout
    );
    assert!(
        run.stdout
            .trim_end()
            .ends_with(&format!("into {}", site.output().display())),
        "{:?}",
        run.stdout
    );
}

// ---------------------------------------------------------------------------
// Links

#[test]
fn every_internal_link_and_fragment_resolves() {
    TestSite::fixture("full").build().assert_links_resolve("/");
}

#[test]
fn every_link_of_a_draft_build_resolves() {
    TestSite::fixture("full")
        .build_with(&["--drafts"])
        .assert_links_resolve("/");
}

#[test]
fn link_checker_reports_missing_pages_fragments_and_foreign_paths() {
    let page = |html: &str| html.as_bytes().to_vec();
    let files: BTreeMap<String, Vec<u8>> = [
        (
            "index.html".to_string(),
            page(concat!(
                r##"<a href="/sub/a/">ok</a> <a href="/sub/a/#here">ok</a> <a href="#top">ok</a>"##,
                r##"<p id="top"></p><img src="/sub/logo.png"><a href="https://x.org/">ext</a>"##,
                r##"<a href="/sub/b/">no page</a> <a href="/sub/a/#gone">no id</a>"##,
                r##"<a href="/a/">no base</a> <a href="a/">relative</a> <a href="javascript:x()">js</a>"##,
            )),
        ),
        ("a/index.html".to_string(), page(r#"<h2 id="here">x</h2>"#)),
        ("logo.png".to_string(), vec![0]),
    ]
    .into_iter()
    .collect();
    let broken = broken_links(&files, "/sub/");
    let links: Vec<&str> = broken
        .iter()
        .map(|b| b.split(' ').nth(1).expect("page: link (reason)"))
        .collect();
    assert_eq!(
        links,
        ["/sub/b/", "/sub/a/#gone", "/a/", "a/", "javascript:x()"],
        "{broken:#?}"
    );
}

#[test]
fn wiki_links_in_every_form_point_at_their_document() {
    let site = TestSite::fixture("full").build();
    let main = site.main("briefs/cooperation-militaire/");
    for expected in [
        // [[birame-diop]]: a bare slug shows the actor's name.
        r#"Le ministre <a href="/actors/birame-diop/">Birame Diop</a>"#,
        // [[armee-malienne|armée malienne]]
        r#"<a href="/actors/armee-malienne/">armée malienne</a>"#,
        // [[mali]]
        r#"à propos du <a href="/countries/mali/">Mali</a>"#,
        // [[countries/senegal]] shows the name, not the id.
        r#"et du <a href="/countries/senegal/">Sénégal</a>"#,
        // [[jnim|le JNIM]], then by alias [[GSIM]], then by an alias written
        // with a straight apostrophe where the alias has a typographic one.
        r#"<a href="/actors/jnim/">le JNIM</a> (alias <a href="/actors/jnim/">JNIM</a>, ou <a href="/actors/jnim/">JNIM</a>)"#,
        // [[attaque-diboli]] shows the event title.
        r#"(<a href="/events/attaque-diboli/">Première attaque du JNIM à Diboli</a>)"#,
        // [fiche du groupe](../actors/jnim.md)
        r#"<a href="/actors/jnim/">fiche du groupe</a>"#,
        // [[Senegal]] and [[sénégal]]: by name, ignoring case and accents.
        r#"Le <a href="/countries/senegal/">Sénégal</a> et le <a href="/countries/senegal/">Sénégal</a> sont"#,
        // [[countries/mali|République du Mali]], then [[république du mali]] by alias.
        r#"<a href="/countries/mali/">République du Mali</a> aussi, de même que la <a href="/countries/mali/">Mali</a>"#,
    ] {
        assert!(main.contains(expected), "missing {expected}\nin:\n{main}");
    }
}

#[test]
fn a_bare_kind_and_slug_wiki_link_shows_the_name() {
    let site = TestSite::fixture("full").build();
    let main = site.main("briefs/patrouilles-frontiere/");
    assert!(
        main.contains(r#"couvrent le <a href="/countries/mali/">Mali</a> et le <a href="/countries/senegal/">Sénégal</a>"#),
        "{main}"
    );
}

#[test]
fn markdown_links_to_documents_keep_their_fragment() {
    let site = TestSite::fixture("full").build();
    let main = site.main("a-propos/");
    assert!(
        main.contains(r#"<a href="/briefs/cooperation-militaire/">la note principale</a>"#),
        "{main}"
    );
    assert!(
        main.contains(
            r#"<a href="/briefs/cooperation-militaire/#un-contexte-degrade">son contexte</a>"#
        ),
        "{main}"
    );
}

#[test]
fn no_wiki_link_is_left_as_text() {
    let site = TestSite::fixture("full").build_with(&["--drafts"]);
    for (path, html) in html_pages(&site) {
        assert!(!html.contains("[["), "{path} holds an unresolved `[[`");
        assert!(!html.contains(".md\""), "{path} links to a .md file");
    }
}

// ---------------------------------------------------------------------------
// Backlinks and related briefs

#[test]
fn country_page_lists_the_briefs_events_and_actors_referencing_it() {
    let site = TestSite::fixture("full").build();
    let main = site.main("countries/mali/");
    let briefs = section(&main, r#"id="briefs-title""#, "</section>");
    // Newest first.
    assert_in_order(
        briefs,
        &[
            r#"href="/briefs/cooperation-militaire/""#,
            r#"href="/briefs/blocus-carburant-mali/""#,
            r#"href="/briefs/patrouilles-frontiere/""#,
            r#"href="/briefs/cedeao-retrait/""#,
        ],
    );
    assert!(!briefs.contains("norvege-sahel"), "{briefs}");
    let timeline = section(&main, r#"id="timeline-title""#, "</section>");
    for event in [
        "blocus-carburant",
        "patrouilles-conjointes",
        "attaque-diboli",
        "rencontre-dakar",
    ] {
        assert!(
            timeline.contains(&format!(r#"href="/events/{event}/""#)),
            "{event} missing from:\n{timeline}"
        );
    }
    assert!(!timeline.contains("visite-oslo"), "{timeline}");
    let actors = section(&main, r#"id="actors-title""#, "</section>");
    for actor in [
        "jnim",
        "oumarou-maiga",
        "armee-malienne",
        "ministere-defense-mali",
    ] {
        assert!(
            actors.contains(&format!(r#"href="/actors/{actor}/""#)),
            "{actor} missing from:\n{actors}"
        );
    }
    assert!(!actors.contains("birame-diop"), "{actors}");
}

#[test]
fn actor_page_shows_affiliations_in_both_directions_with_french_dates() {
    let site = TestSite::fixture("full").build();
    let person = site.main("actors/birame-diop/");
    let theirs = section(&person, r#"id="affiliations-title""#, "</section>");
    assert_in_order(
        theirs,
        &[
            r#"<a href="/actors/ministere-des-forces-armees/">Ministère des Forces armées</a>"#,
            "ministre",
            r#"<time datetime="2025-07-01">1er juillet 2025</time>"#,
            r#"<time datetime="2026-03">mars 2026</time>"#,
        ],
    );
    let ministry = site.main("actors/ministere-des-forces-armees/");
    let members = section(&ministry, r#"id="affiliated-title""#, "</section>");
    assert_in_order(
        members,
        &[
            r#"<a href="/actors/birame-diop/">Birame Diop</a>"#,
            "ministre",
            r#"<time datetime="2025-07-01">1er juillet 2025</time>"#,
            r#"<time datetime="2026-03">mars 2026</time>"#,
        ],
    );
    // An affiliation written as a bare slug, both ways.
    let army = site.main("actors/armee-malienne/");
    assert!(
        section(&army, r#"id="affiliations-title""#, "</section>")
            .contains(r#"href="/actors/ministere-defense-mali/""#),
        "{army}"
    );
    assert!(
        section(&army, r#"id="affiliated-title""#, "</section>")
            .contains(r#"<a href="/actors/oumarou-maiga/">Oumarou Maïga</a>"#),
        "{army}"
    );
    let defence = site.main("actors/ministere-defense-mali/");
    assert!(
        section(&defence, r#"id="affiliated-title""#, "</section>")
            .contains(r#"<a href="/actors/armee-malienne/">Forces armées maliennes</a>"#),
        "{defence}"
    );
}

#[test]
fn an_affiliation_since_a_month_does_not_read_since_the_day() {
    // "depuis le" fits a day ("depuis le 1er juillet 2025"), not a month:
    // French writes "depuis juillet 2025", English "since July 2025".
    let site = TestSite::fixture("full")
        .write(
            "content/actors/oumarou-maiga.md",
            "---\nname: \"Oumarou Maïga\"\nkind: person\ncountries: [mali]\naffiliations:\n  - actor: armee-malienne\n    since: \"2024-01\"\n---\nColonel-major.\n",
        )
        .build();
    let main = site.main("actors/oumarou-maiga/");
    assert!(
        main.contains(r#"depuis <time datetime="2024-01">janvier 2024</time>"#),
        "{main}"
    );
}

#[test]
fn actor_page_lists_its_events_and_briefs() {
    let site = TestSite::fixture("full").build();
    let main = site.main("actors/jnim/");
    let timeline = section(&main, r#"id="timeline-title""#, "</section>");
    // Newest first (issue #15): July 2025, then the event known only to 2025.
    assert_in_order(
        timeline,
        &[
            r#"href="/events/attaque-diboli/""#,
            r#"href="/events/blocus-carburant/""#,
        ],
    );
    let briefs = section(&main, r#"id="briefs-title""#, "</section>");
    assert_in_order(
        briefs,
        &[
            r#"href="/briefs/cooperation-militaire/""#,
            r#"href="/briefs/blocus-carburant-mali/""#,
        ],
    );
}

#[test]
fn event_page_lists_the_briefs_citing_it() {
    let site = TestSite::fixture("full").build();
    let main = site.main("events/attaque-diboli/");
    let briefs = section(&main, r#"id="briefs-title""#, "</section>");
    assert_in_order(
        briefs,
        &[
            r#"href="/briefs/cooperation-militaire/""#,
            r#"href="/briefs/blocus-carburant-mali/""#,
        ],
    );
    assert!(!briefs.contains("note-interne"), "{briefs}");
    assert!(main.contains(r#"<a href="/countries/mali/">Mali</a>"#));
    assert!(main.contains(r#"<a href="/actors/jnim/">JNIM</a>"#));
}

#[test]
fn brief_lists_related_briefs_and_the_briefs_linking_to_it() {
    let site = TestSite::fixture("full").build();
    let main = site.main("briefs/cooperation-militaire/");
    let related = section(&main, r#"id="related-title""#, "</section>");
    // Sharing an event, an actor and a country weighs more than a country.
    assert_in_order(
        related,
        &[
            r#"href="/briefs/blocus-carburant-mali/""#,
            r#"href="/briefs/cedeao-retrait/""#,
        ],
    );
    assert!(!related.contains("norvege-sahel"), "{related}");
    assert!(
        !related.contains("cooperation-militaire"),
        "a brief is not related to itself"
    );
    // Its body links to blocus-carburant-mali, which shows the backlink.
    let linked = site.main("briefs/blocus-carburant-mali/");
    let backlinks = section(&linked, r#"id="backlinks-title""#, "</section>");
    assert!(
        backlinks.contains(r#"href="/briefs/cooperation-militaire/""#),
        "{backlinks}"
    );
}

// ---------------------------------------------------------------------------
// Dates

#[test]
fn partial_dates_print_at_their_precision() {
    let site = TestSite::fixture("full").build();
    assert!(
        site.main("events/attaque-diboli/")
            .contains(r#"<time datetime="2025-07">juillet 2025</time>"#)
    );
    assert!(
        site.main("events/blocus-carburant/")
            .contains(r#"<time datetime="2025">2025</time>"#)
    );
    assert!(
        site.main("events/visite-oslo/")
            .contains(r#"<time datetime="2024-03-01">1er mars 2024</time>"#)
    );
    let brief = site.main("briefs/cooperation-militaire/");
    assert!(brief.contains(r#"<time datetime="2025-12-01">1er décembre 2025</time>"#));
    assert!(brief.contains(r#"<time datetime="2025-11-30">30 novembre 2025</time>"#));
}

#[test]
fn partial_dates_sort_at_the_start_of_their_period() {
    let site = TestSite::fixture("full").build();
    // Every list of events is newest first (issue #15), each date at the
    // start of its period: 2025-11-26 > 2025-07 > 2025-02-10 > 2025, so an
    // event known only to its year comes after every dated event of it.
    let mali = site.main("countries/mali/");
    assert_in_order(
        section(&mali, r#"id="timeline-title""#, "</section>"),
        &[
            "/events/rencontre-dakar/",
            "/events/attaque-diboli/",
            "/events/patrouilles-conjointes/",
            "/events/blocus-carburant/",
        ],
    );
    // On the events index, within July 2025: `2025-07-20` before `2025-07`
    // (which starts on the 1st), though "Première…" comes after "Accord…" in
    // the alphabet.
    // The index has two events a page (`paginate: 2`): read its pages in
    // order.
    let events = ["events/", "events/page/2/", "events/page/3/"]
        .map(|page| site.main(page))
        .concat();
    assert_in_order(
        &events,
        &["/events/accord-abuja/", "/events/attaque-diboli/"],
    );
    // A year-only event closes its year, after every month of it, in a
    // group of its own.
    let year = section(&events, "/events/attaque-diboli/", r#"id="y2024""#);
    assert_in_order(
        year,
        &[
            r#"id="m2025-02""#,
            "2025 · date précise inconnue",
            "/events/blocus-carburant/",
        ],
    );
    // Years newest first.
    assert_in_order(&events, &[r#"id="y2025""#, r#"id="y2024""#]);
}

// ---------------------------------------------------------------------------
// Drafts and pagination

#[test]
fn drafts_are_built_only_with_the_drafts_flag() {
    let site = TestSite::fixture("full").build();
    assert!(!site.has("briefs/note-interne/"));
    for (path, html) in html_pages(&site) {
        assert!(
            !html.contains("note-interne") && !html.contains("Note interne"),
            "{path} mentions the draft"
        );
    }
    let site = site.build_with(&["--drafts"]);
    let draft = site.page("briefs/note-interne/");
    assert!(draft.contains(r#"<meta name="robots" content="noindex">"#));
    assert!(draft.contains("Brouillon"));
    assert!(
        site.main("countries/mali/")
            .contains(r#"href="/briefs/note-interne/""#)
    );
    assert!(
        site.main("events/attaque-diboli/")
            .contains(r#"href="/briefs/note-interne/""#)
    );
}

#[test]
fn brief_index_has_one_page_per_paginate_briefs() {
    let site = TestSite::fixture("full").build();
    assert!(site.has("briefs/page/2/"));
    assert!(site.has("briefs/page/3/"));
    assert!(!site.has("briefs/page/4/"));
    assert!(!site.has("briefs/page/1/"), "page 1 is /briefs/ itself");
    let first = site.main("briefs/");
    assert_in_order(
        &first,
        &[
            "/briefs/cooperation-militaire/",
            "/briefs/blocus-carburant-mali/",
            r#"href="/briefs/page/2/""#,
        ],
    );
    assert!(!first.contains(r#"href="/briefs/patrouilles-frontiere/""#));
    let second = site.main("briefs/page/2/");
    assert!(second.contains(r#"href="/briefs/patrouilles-frontiere/""#));
    assert!(second.contains(r#"href="/briefs/norvege-sahel/""#));
    let third = site.main("briefs/page/3/");
    assert!(third.contains(r#"href="/briefs/cedeao-retrait/""#));
    assert!(third.contains(r#"rel="prev""#));
    assert!(!third.contains(r#"rel="next""#));
}

// ---------------------------------------------------------------------------
// Front matter and Markdown

#[test]
fn long_indexes_link_the_ends_and_the_pages_near_the_current_one() {
    // One brief a page: five pages. Page 1 links pages 2 and 3, then a gap,
    // then the last; every page is reached through next links.
    let site = TestSite::fixture("full");
    let config = fs::read_to_string(site.root().join("site.yaml")).unwrap();
    let site = site
        .write("site.yaml", &config.replace("paginate: 2", "paginate: 1"))
        .build();
    let first = site.main("briefs/");
    for linked in ["/briefs/page/2/", "/briefs/page/3/", "/briefs/page/5/"] {
        assert!(first.contains(&format!(r#"href="{linked}""#)), "{first}");
    }
    assert!(!first.contains(r#"href="/briefs/page/4/""#), "{first}");
    assert_in_order(
        &first,
        &[
            r#"href="/briefs/page/3/""#,
            "pagination-gap",
            r#"href="/briefs/page/5/""#,
        ],
    );
    let mut page = "briefs/".to_string();
    for number in 2..=5 {
        let html = site.main(&page);
        let next = format!(r#"href="/briefs/page/{number}/" rel="next""#);
        assert!(html.contains(&next), "{page} has no next link to {number}");
        page = format!("briefs/page/{number}/");
    }
    assert!(!site.has("briefs/page/6/"));
    let middle = site.main("briefs/page/3/");
    assert!(!middle.contains("pagination-gap"), "{middle}");
}

#[test]
fn iso2_no_stays_the_string_no() {
    let site = TestSite::fixture("full").build();
    assert!(
        site.main("countries/norvege/")
            .contains(r#"<span class="code">NO</span>"#)
    );
    let index = site.main("countries/");
    assert!(
        section(&index, "/countries/norvege/", "</tr>").contains(r#"<span class="code">NO</span>"#),
        "{index}"
    );
}

#[test]
fn raw_html_in_markdown_is_escaped() {
    let site = TestSite::fixture("full").build();
    let main = site.main("briefs/cooperation-militaire/");
    assert!(
        main.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{main}"
    );
    // The only scripts are the theme's own: JSON-LD and the search page's.
    for (path, html) in html_pages(&site) {
        for (at, _) in html.match_indices("<script") {
            let tag = &html[at..at + html[at..].find('>').unwrap() + 1];
            assert!(
                tag == r#"<script type="application/ld+json">"#
                    || tag == r#"<script src="/assets/search.js" defer>"#
                    || tag == r#"<script src="/assets/print.js" data-label="Imprimé le" defer>"#,
                "{path} holds {tag}"
            );
        }
    }
}

#[test]
fn javascript_source_urls_are_not_linked() {
    let brief = "content/briefs/cooperation-militaire.md";
    let text = fs::read_to_string(crate::support::fixtures().join("full").join(brief))
        .expect("the fixture's brief");
    let trapped = text.replacen(
        "sources:\n",
        "sources:\n  - title: \"Lien piégé\"\n    url: \"javascript:alert(1)\"\n",
        1,
    );
    let site = TestSite::fixture("full").write(brief, &trapped);
    // Shown as text, and said so (issue #19: nothing dropped in silence).
    let check = site.run(&["check"]);
    assert!(
        check.stderr.contains(
            "warning: `javascript:alert(1)` is not a web address: the source is shown without a link"
        ),
        "{}",
        check.stderr
    );
    let site = site.build();
    let main = site.main("briefs/cooperation-militaire/");
    let sources = section(&main, r#"id="sources-title""#, "</section>");
    assert!(
        sources.contains(r#"<a href="https://apa.example/depeche">Dépêche APA du 26 novembre</a>"#),
        "{sources}"
    );
    assert!(sources.contains("Lien piégé"), "{sources}");
    for (path, html) in html_pages(&site) {
        for value in attribute_values(&html, "href")
            .iter()
            .chain(&attribute_values(&html, "src"))
        {
            assert!(
                !value.trim().to_ascii_lowercase().starts_with("javascript:"),
                "{path} links to {value}"
            );
        }
    }
}

#[test]
fn front_matter_text_is_escaped_everywhere() {
    let site = TestSite::fixture("full").build();
    let escaped = "Carburant &lt;b&gt;&amp; blocus";
    let brief = site.page("briefs/blocus-carburant-mali/");
    assert!(brief.contains(&format!("<title>{escaped}")), "{brief}");
    assert!(brief.contains(&format!("<h1>{escaped}")), "{brief}");
    for url in [
        "",
        "briefs/",
        "countries/mali/",
        "tags/securite/",
        "events/attaque-diboli/",
        "briefs/cooperation-militaire/",
    ] {
        assert!(
            site.main(url).contains(escaped),
            "{url} does not show the title"
        );
    }
    for (path, html) in html_pages(&site) {
        assert!(!html.contains("<b>&"), "{path} holds the raw title");
    }
}

#[test]
fn gfm_tables_footnotes_task_lists_strikethrough_and_heading_ids() {
    let site = TestSite::fixture("full").build();
    let main = site.main("briefs/cooperation-militaire/");
    for expected in [
        "<table>",
        "<th>Date</th>",
        // A task's box is named (issue #15: axe's `label`).
        r#"<input disabled="" type="checkbox" checked="" aria-label="Fait"/>"#,
        "<del>première</del>",
        // Footnotes as a notes section, with links both ways (issue #15).
        r##"<sup class="footnote-ref"><a href="#fn:apa" id="fnref:apa:1" role="doc-noteref">1</a></sup>"##,
        r#"<section class="footnotes" aria-labelledby="notes" role="doc-endnotes">"#,
        r#"<h2 id="notes">Notes</h2>"#,
        r#"<li id="fn:apa">"#,
        r##"<a href="#fnref:apa:1" class="footnote-back" role="doc-backlink" aria-label="Revenir au texte">↩</a>"##,
        r#"<h2 id="la-rencontre-de-dakar">"#,
        r#"<h2 id="un-contexte-degrade">"#,
        // The same heading twice gets two ids.
        r#"<h2 id="la-rencontre-de-dakar-1">"#,
    ] {
        assert!(main.contains(expected), "missing {expected} in:\n{main}");
    }
}

#[test]
fn brief_shows_key_points_confidence_as_of_authors_and_entities() {
    let site = TestSite::fixture("full").build();
    let main = site.main("briefs/cooperation-militaire/");
    assert_in_order(
        &main,
        &[
            "Points clés",
            "<li>Dakar a reçu une délégation de l’armée malienne.</li>",
            "<li>La menace du JNIM se rapproche de la frontière.</li>",
            r#"<span class="pill confidence-high">élevé</span>"#,
        ],
    );
    assert!(main.contains("Awa Ndiaye, Jean Dupont"));
    let entities = section(&main, r#"id="entities-title""#, "</aside>");
    for link in [
        "/countries/senegal/",
        "/countries/mali/",
        "/actors/birame-diop/",
        "/actors/jnim/",
        "/events/rencontre-dakar/",
        "/events/attaque-diboli/",
        "/tags/securite/",
        "/tags/defense/",
    ] {
        assert!(
            entities.contains(&format!(r#"href="{link}""#)),
            "{link} missing from:\n{entities}"
        );
    }
}

#[test]
fn tag_pages_list_their_briefs() {
    let site = TestSite::fixture("full").build();
    let tag = site.main("tags/securite/");
    assert_in_order(
        &tag,
        &[
            "/briefs/cooperation-militaire/",
            "/briefs/blocus-carburant-mali/",
        ],
    );
    assert!(!tag.contains("/briefs/norvege-sahel/"));
    let index = site.main("tags/");
    for tag in ["securite", "defense", "diplomatie", "energie"] {
        assert!(
            index.contains(&format!(r#"href="/tags/{tag}/""#)),
            "{index}"
        );
    }
}

#[test]
fn crlf_file_builds_like_an_lf_file() {
    let raw =
        fs::read(crate::support::fixtures().join("full/content/briefs/blocus-carburant-mali.md"))
            .expect("fixture");
    assert!(
        raw.windows(2).any(|w| w == b"\r\n"),
        "the fixture lost its CRLF"
    );
    let site = TestSite::fixture("full").build();
    let main = site.main("briefs/blocus-carburant-mali/");
    for expected in [
        "<h1>Carburant &lt;b&gt;&amp; blocus\u{202F}: le Mali sous pression</h1>",
        "<li>Les convois sont attaqués.</li>",
        r#"<span class="pill confidence-moderate">modéré</span>"#,
        r#"<h2 id="des-convois-vises">Des convois visés</h2>"#,
        r#"Le <a href="/actors/jnim/">JNIM</a> vise les convois vers le <a href="/countries/mali/">Mali</a>."#,
        "<li>premier point</li>",
        r#"href="/events/blocus-carburant/""#,
        r#"href="/tags/energie/""#,
    ] {
        assert!(main.contains(expected), "missing {expected} in:\n{main}");
    }
    assert!(!main.contains('\r'), "a carriage return reached the page");
}

#[test]
fn bom_file_builds_like_a_plain_utf8_file() {
    let raw =
        fs::read(crate::support::fixtures().join("full/content/briefs/patrouilles-frontiere.md"))
            .expect("fixture");
    assert!(
        raw.starts_with(b"\xef\xbb\xbf---"),
        "the fixture lost its BOM"
    );
    let site = TestSite::fixture("full").build();
    let main = site.main("briefs/patrouilles-frontiere/");
    assert!(
        main.contains("<h1>Patrouilles conjointes à la frontière</h1>"),
        "{main}"
    );
    assert!(main.contains(r#"href="/events/patrouilles-conjointes/""#));
    for (path, html) in html_pages(&site) {
        assert!(!html.contains('\u{feff}'), "{path} holds a byte order mark");
    }
}

// ---------------------------------------------------------------------------
// Determinism and base URL

#[test]
fn two_builds_of_the_same_site_are_byte_identical() {
    let site = TestSite::fixture("full").build();
    let first = site.output_files();
    let site = site.output_to("second").build();
    let second = site.output_files();
    assert!(first.len() > 30, "only {} files built", first.len());
    let differences = differences(&first, &second);
    assert!(differences.is_empty(), "{differences:#?}");
}

#[test]
fn base_url_with_a_path_prefixes_every_link() {
    let site = TestSite::fixture("full").build_with(&["--base-url", "https://example.org/sub/"]);
    site.assert_links_resolve("/sub/");
    let brief = site.page("briefs/cooperation-militaire/");
    assert!(brief.contains(r#"<a href="/sub/actors/birame-diop/">Birame Diop</a>"#));
    assert!(brief.contains(r#"href="/sub/assets/dossier.css""#));
    assert!(brief.contains(
        r#"<link rel="canonical" href="https://example.org/sub/briefs/cooperation-militaire/">"#
    ));
    for (path, html) in html_pages(&site) {
        for link in attribute_values(&html, "href") {
            assert!(
                !link.starts_with('/') || link.starts_with("/sub/"),
                "{path} links to {link}"
            );
        }
    }
}

#[test]
fn english_site_uses_english_words_and_dates() {
    let site = TestSite::fixture("english").build();
    let brief = site.page("briefs/dakar-meeting/");
    assert!(brief.contains(r#"<html lang="en">"#));
    for expected in [
        "Key points",
        "Confidence",
        r#"<time datetime="2023-09-16">16 September 2023</time>"#,
        r#"<time datetime="2023-09-01">1 September 2023</time>"#,
        "Related briefs",
    ] {
        assert!(brief.contains(expected), "missing {expected}");
    }
    let event = site.main("events/diboli-attack/");
    assert!(
        event.contains(r#"<time datetime="2025-07">July 2025</time>"#),
        "{event}"
    );
    assert!(event.contains("Briefs citing this event"), "{event}");
    let home = site.page("");
    for word in [
        "Latest briefs",
        "Recent events",
        "Countries",
        "Skip to content",
    ] {
        assert!(home.contains(word), "home lacks {word}");
    }
    for (path, html) in html_pages(&site) {
        for french in [
            "Notes liées",
            "Points clés",
            "juillet",
            "septembre",
            "Accueil",
        ] {
            assert!(!html.contains(french), "{path} holds the French `{french}`");
        }
    }
    site.assert_links_resolve("/");
}

// ---------------------------------------------------------------------------
// The output folder (DESIGN §5)

/// Runs `build --output <dir>` and asserts it is refused with exit 2 and
/// leaves every file of the site as it was.
#[track_caller]
fn assert_output_refused(site: &TestSite, output: &str) {
    let before = files_under(&site.root());
    let run = site.run(&["build", "--output", output]);
    run.expect_status(2);
    assert!(
        run.stderr.contains("refusing"),
        "the refusal is not explained: {}",
        run.stderr
    );
    let after = files_under(&site.root());
    let changes = differences(&before, &after);
    assert!(
        changes.is_empty(),
        "--output {output} changed: {changes:#?}"
    );
    let leftovers: Vec<String> = fs::read_dir(site.root())
        .expect("read site root")
        .chain(fs::read_dir(site.parent()).expect("read parent"))
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains(".dossier-"))
        .collect();
    assert!(leftovers.is_empty(), "left behind: {leftovers:?}");
}

#[test]
fn output_at_the_site_root_is_refused() {
    let site = TestSite::fixture("full");
    assert_output_refused(&site, ".");
    let root = site.root().to_string_lossy().into_owned();
    assert_output_refused(&site, &root);
    assert_output_refused(&site, "..");
}

#[test]
fn output_in_content_is_refused() {
    let site = TestSite::fixture("full");
    assert_output_refused(&site, "content");
    assert_output_refused(&site, "content/briefs");
}

#[test]
fn output_in_templates_is_refused() {
    let site = TestSite::fixture("full").write("templates/assets/extra.css", "p { color: red }\n");
    assert_output_refused(&site, "templates");
    assert_output_refused(&site, "templates/out");
}

#[test]
fn non_empty_folder_without_the_marker_is_refused() {
    let site = TestSite::fixture("full").write("notes/keep.txt", "à garder\n");
    assert_output_refused(&site, "notes");
    assert_eq!(
        fs::read_to_string(site.root().join("notes/keep.txt")).expect("kept"),
        "à garder\n"
    );
}

#[test]
fn empty_folder_is_accepted_as_output() {
    let site = TestSite::fixture("full").output_to("empty");
    fs::create_dir(site.output()).expect("mkdir");
    let site = site.build();
    assert!(site.has(".dossier-output"));
    assert!(site.has("briefs/"));
}

#[test]
fn failed_build_keeps_previous_output() {
    let site = TestSite::fixture("full").build();
    let before = site.output_files();
    let site = site.write(
        "content/briefs/cedeao-retrait.md",
        "---\ntitle: \"Le Mali hors de la Cédéao\"\ndate: 2025-03-01\n---\nVoir [[nulle-part]].\n",
    );
    let run = site.try_build(&[]);
    run.expect_status(1);
    assert!(run.stderr.contains("nulle-part"), "{}", run.stderr);
    let changes = differences(&before, &site.output_files());
    assert!(changes.is_empty(), "the failed build changed: {changes:#?}");
    assert_no_staging_left(&site);
}

#[test]
fn second_build_replaces_the_first() {
    let site = TestSite::fixture("full").build();
    assert!(site.has("briefs/norvege-sahel/"));
    fs::write(site.output().join("stale.txt"), "old").expect("write");
    let site = site.remove("content/briefs/norvege-sahel.md").build();
    assert!(!site.has("briefs/norvege-sahel/"));
    assert!(
        !site.has("stale.txt"),
        "a file of the previous output survived"
    );
    assert!(
        !site.main("countries/norvege/").contains("norvege-sahel"),
        "the removed brief is still a backlink"
    );
    assert!(site.has("briefs/cooperation-militaire/"));
}

#[track_caller]
/// Asserts that beside the output there is no staging folder, only the
/// spare (the previous output, kept for the next build to reuse), marked as
/// dossier's.
fn assert_no_staging_left(site: &TestSite) {
    let parent = site.output().parent().expect("output has a parent");
    let leftovers: Vec<String> = fs::read_dir(parent)
        .expect("read")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        // The spare, and the cache of what builds learnt (issue 17), stay.
        .filter(|name| {
            name.contains(".dossier-")
                && !name.ends_with(".dossier-spare")
                && !name.ends_with(".dossier-cache")
        })
        .collect();
    assert!(leftovers.is_empty(), "staging left behind: {leftovers:?}");
    let spare = parent.join(".public.dossier-spare");
    assert!(
        !spare.exists() || spare.join(".dossier-output").is_file(),
        "an unmarked spare"
    );
}

#[test]
fn no_staging_folders_remain_after_builds() {
    let site = TestSite::fixture("full").build();
    assert_no_staging_left(&site);
    let site = site.build();
    assert_no_staging_left(&site);
}

#[test]
fn rebuilds_that_reuse_the_previous_output_match_a_fresh_build() {
    // Three builds, so that the third one updates the first one's folder
    // (kept as the spare) in place: removed, renamed and edited documents
    // must leave no stale file and no stale byte.
    let site = TestSite::fixture("full").build().build();
    let site = site
        .remove("content/briefs/norvege-sahel.md")
        .write(
            "content/briefs/nouvelle.md",
            "---\ntitle: \"Nouvelle note\"\ndate: 2025-12-20\ncountries: [mali]\nsources: [\"Source\"]\n---\nTexte.\n",
        )
        .build();
    let text =
        std::fs::read_to_string(site.root().join("content/briefs/cedeao-retrait.md")).unwrap();
    let site = site
        .write(
            "content/briefs/cedeao-retrait.md",
            &text.replace("Le Mali hors de la Cédéao", "Le Mali quitte la Cédéao"),
        )
        .build();
    let reused = site.output_files();
    assert!(
        !reused.contains_key("briefs/norvege-sahel/index.html"),
        "a removed brief's page is left"
    );
    assert!(
        !reused.contains_key("countries/norvege/atom.xml")
            || !String::from_utf8_lossy(&reused["countries/norvege/atom.xml"])
                .contains("La Norvège et le Sahel")
    );
    let fresh = site.output_to("fresh").build().output_files();
    let differences = differences(&fresh, &reused);
    assert!(differences.is_empty(), "{differences:#?}");
}

#[test]
fn a_build_failing_midway_through_rendering_keeps_the_output_and_the_next_build_is_whole() {
    // Pages go to the staging folder as they are rendered (issue #6). A
    // template error met on the brief pages, after other pages (changed by
    // an edit) were written, must leave the output as it was; the folder set
    // aside then serves the next build, which must hold no stale byte.
    let site = TestSite::fixture("full").build().build();
    let before = site.output_files();
    let text = fs::read_to_string(site.root().join("content/briefs/cedeao-retrait.md")).unwrap();
    let site = site
        .write(
            "content/briefs/cedeao-retrait.md",
            &text.replace("Le Mali hors de la Cédéao", "Le Mali quitte la Cédéao"),
        )
        .write(
            "templates/brief.html",
            "{% extends \"base.html\" %}\n{% block content %}{{ brief.auteur }}\n{% endblock content %}\n",
        );
    let run = site.try_build(&[]);
    run.expect_status(1);
    assert!(run.stderr.contains("`auteur`"), "{}", run.stderr);
    let changes = differences(&before, &site.output_files());
    assert!(changes.is_empty(), "the failed build changed: {changes:#?}");
    assert_no_staging_left(&site);

    let site = site.remove("templates/brief.html").build();
    assert!(
        site.main("countries/mali/")
            .contains("Le Mali quitte la Cédéao")
    );
    let reused = site.output_files();
    let site = site.output_to("fresh").build();
    let changes = differences(&site.output_files(), &reused);
    assert!(changes.is_empty(), "{changes:#?}");
}

#[test]
fn a_file_and_a_folder_of_the_same_name_trade_places_between_builds() {
    // The staging folder is the output of two builds ago: a file there may
    // stand where a folder now goes, and a folder where a file goes.
    let page = "---\ntitle: \"Notes de méthode\"\n---\nTexte.\n";
    let as_file = TestSite::fixture("full").write("static/notes", "a static file\n");
    let site = as_file.build().build();
    assert_eq!(site.output_files()["notes"], b"a static file\n");

    let site = site
        .remove("static/notes")
        .write("content/pages/notes.md", page)
        .build()
        .build();
    assert!(site.main("notes/").contains("Notes de méthode"));
    let reused = site.output_files();
    let site = site.output_to("fresh").build();
    let changes = differences(&site.output_files(), &reused);
    assert!(changes.is_empty(), "{changes:#?}");
    let site = site.output_to("public");

    let site = site
        .remove("content/pages/notes.md")
        .write("static/notes", "a static file again\n")
        .build();
    assert_eq!(site.output_files()["notes"], b"a static file again\n");
    assert!(!site.has("notes/"));
    let reused = site.output_files();
    let site = site.output_to("fresh2").build();
    let changes = differences(&site.output_files(), &reused);
    assert!(changes.is_empty(), "{changes:#?}");
}

#[test]
fn cards_are_rendered_once_unless_the_theme_card_reads_the_page() {
    // A brief's card is rendered once per build from the theme's
    // `partials/brief-card.html` (issue #6), without the page it lands on.
    let once = "<p class=\"mine\">{{ brief.title }} h{{ card_level }} \
{% if page is defined %}on each page{% else %}once{% endif %}</p>";
    let site = TestSite::fixture("full")
        .write("templates/partials/brief-card.html", once)
        .build();
    assert!(
        site.main("countries/mali/")
            .contains("<p class=\"mine\">Le Mali hors de la Cédéao h3 once</p>"),
        "{}",
        site.main("countries/mali/")
    );
    assert!(
        site.main("tags/diplomatie/")
            .contains("Le Mali hors de la Cédéao h2 once")
    );
    // A card that reads the page cannot be made once: it is rendered on
    // each page, as the theme asks.
    let each = "<p class=\"mine\">{{ brief.title }} on {{ page.url }}</p>";
    let site = site
        .write("templates/partials/brief-card.html", each)
        .build();
    assert!(
        site.main("countries/mali/")
            .contains("Le Mali hors de la Cédéao on /countries/mali/"),
        "{}",
        site.main("countries/mali/")
    );
    // A card kept once holds its level as a digit to fill in; one whose
    // words change with its level is rendered on each page instead, and
    // says what the theme asks at each level.
    let worded = "<p class=\"mine\">{{ brief.title }} \
{% if card_level == 2 %}large{% else %}small{% endif %} \
{% if page is defined %}on each page{% else %}once{% endif %}</p>";
    let site = site
        .write("templates/partials/brief-card.html", worded)
        .build();
    assert!(
        site.main("countries/mali/")
            .contains("Le Mali hors de la Cédéao small on each page"),
        "{}",
        site.main("countries/mali/")
    );
    assert!(
        site.main("tags/diplomatie/")
            .contains("Le Mali hors de la Cédéao large on each page")
    );
}

#[test]
fn a_theme_that_asks_a_card_at_no_heading_level_is_told_where() {
    let list = fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/partials/brief-list.html"),
    )
    .expect("the theme's list");
    assert!(list.contains("at_level(level=level)"), "{list}");
    let list = list.replace("at_level(level=level)", "at_level(level=level + 5)");
    let site = TestSite::fixture("full").write("templates/partials/brief-list.html", &list);
    let run = site.try_build(&[]);
    run.expect_status(1);
    assert!(
        run.stderr.contains("templates/partials/brief-list.html:")
            && run
                .stderr
                .contains("`at_level` takes a heading level from 1 to 6, not 7"),
        "{}",
        run.stderr
    );
    // A theme written when a card was a map of its levels is told the new way.
    let old = list.replace(
        "brief.card | at_level(level=level + 5)",
        r#"brief.card["h" ~ level] | safe"#,
    );
    let run = TestSite::fixture("full")
        .write("templates/partials/brief-list.html", &old)
        .try_build(&[]);
    run.expect_status(1);
    assert!(
        run.stderr.contains(
            "help: `brief.card` is one text with its heading level left open: \
             print it with `{{ brief.card | at_level(level=card_level) }}`"
        ),
        "{}",
        run.stderr
    );
}

/// Cards and rows rendered once per build (the fast path) give the bytes
/// the partials give when included on each page (the plain path, which a
/// card or row that reads its page takes).
#[test]
fn cards_and_rows_kept_once_print_what_the_partials_print_on_each_page() {
    let theme = |name: &str| {
        fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(name))
            .expect("the theme's partial")
    };
    // Eleven more briefs about Mali: its list is rows, past ten.
    let site = || {
        (1..=11).fold(TestSite::fixture("full"), |site, n| {
            site.write(
                &format!("content/briefs/serie-{n:02}.md"),
                &format!(
                    "---\ntitle: \"Série {n}\"\ndate: 2025-09-{n:02}\ncountries: [mali]\n---\nTexte.\n"
                ),
            )
        })
    };
    let kept = site().build();
    assert!(kept.main("countries/mali/").contains(r#"<li class="row">"#));
    assert!(kept.main("briefs/").contains(r#"<article class="card">"#));
    // A partial that reads its page cannot be kept: it is included.
    let on_each_page = "{% if page.url %}{% endif %}";
    let included = site()
        .write(
            "templates/partials/brief-card.html",
            &(theme("templates/partials/brief-card.html") + on_each_page),
        )
        .write(
            "templates/partials/brief-row.html",
            &(theme("templates/partials/brief-row.html") + on_each_page),
        )
        .build();
    let changes = differences(&kept.output_files(), &included.output_files());
    assert!(changes.is_empty(), "{changes:#?}");
}

#[test]
fn output_is_byte_identical_whatever_the_thread_count() {
    let build_with_threads = |threads: &str, dir: &str| {
        let site = TestSite::fixture("full");
        let output = site.root().join(dir);
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
            .arg("--root")
            .arg(site.root())
            .args(["build", "--output"])
            .arg(&output)
            .env("RAYON_NUM_THREADS", threads)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .expect("dossier runs");
        assert!(status.success(), "build with {threads} threads failed");
        let site = site.output_to(dir);
        site.output_files()
    };
    let one = build_with_threads("1", "one");
    let many = build_with_threads("7", "many");
    assert!(one.len() > 30);
    let differences = differences(&one, &many);
    assert!(differences.is_empty(), "{differences:#?}");
}
