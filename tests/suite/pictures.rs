//! The pictures of issue 13 on built sites: maps, activity charts and
//! networks are in the pages that should have them, link to the pages they
//! show, carry their legend and their accessible names and descriptions,
//! and come out the same at every build; `check` warns about coordinates
//! outside their country.

use scraper::{ElementRef, Html, Selector};

use crate::support::TestSite;

/// The full fixture, built under `/sub/` so that every link of a picture
/// must carry the base path.
fn full() -> TestSite {
    TestSite::fixture("full").build_with(&["--base-url", "https://example.org/sub/"])
}

fn select<'a>(html: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    let selector = Selector::parse(css).expect("a valid selector");
    html.select(&selector).collect()
}

/// The `href`s of the links inside the first element matching `css`.
fn links_in(html: &Html, css: &str) -> Vec<String> {
    let element = *select(html, css)
        .first()
        .unwrap_or_else(|| panic!("no `{css}` in the page"));
    let a = Selector::parse("a").expect("a valid selector");
    element
        .select(&a)
        .filter_map(|a| a.value().attr("href").map(str::to_string))
        .collect()
}

/// Panics unless every `aria-labelledby` and `aria-describedby` of the
/// page names elements that the page has.
fn aria_references_resolve(page: &str, html: &Html) {
    for attribute in ["aria-labelledby", "aria-describedby"] {
        for element in select(html, &format!("[{attribute}]")) {
            let ids = element.value().attr(attribute).expect("selected by it");
            assert!(!ids.trim().is_empty(), "{page}: an empty {attribute}");
            for id in ids.split_whitespace() {
                assert_eq!(
                    select(html, &format!("[id=\"{id}\"]")).len(),
                    1,
                    "{page}: {attribute} names `{id}`, which the page has not once"
                );
            }
        }
    }
}

#[test]
fn a_country_page_maps_its_events_and_its_neighbours() {
    let site = full();
    let html = Html::parse_document(&site.page("countries/mali/"));
    let map = select(&html, "figure.pic svg.pic-map");
    assert_eq!(map.len(), 1, "one map on the country page");
    let svg = map[0].value();
    assert_eq!(svg.attr("role"), Some("group"));
    assert_eq!(svg.attr("aria-labelledby"), Some("map-title"));
    assert_eq!(svg.attr("aria-describedby"), Some("timeline-list"));
    assert_eq!(select(&html, "ol.timeline#timeline-list").len(), 1);
    let links = links_in(&html, "svg.pic-map");
    for event in [
        "attaque-diboli",
        "patrouilles-conjointes",
        "rencontre-dakar",
    ] {
        let href = format!("/sub/events/{event}/");
        assert!(links.contains(&href), "no marker links {href}: {links:?}");
    }
    // Oslo's visit is not an event of Mali; Senegal, a neighbour the site
    // has, is named and linked; Mali itself links its own page.
    assert!(
        !links.iter().any(|l| l.contains("visite-oslo")),
        "{links:?}"
    );
    assert!(links.contains(&"/sub/countries/senegal/".to_string()));
    assert!(links.contains(&"/sub/countries/mali/".to_string()));
    let text = map[0].html();
    assert!(text.contains("<title id=\"map-title\">"), "{text}");
    // The fuel blockade has a `location.country` but no coordinates: it is
    // counted on Mali.
    assert!(
        text.contains("<title>Mali\u{202f}: 1 événement non placé sur la carte</title>"),
        "{text}"
    );
    assert!(text.contains("class=\"pic-badge-n\""), "{text}");
    // Markers name their event, its date and place.
    assert!(
        text.contains("<title>Première attaque du JNIM à Diboli — juillet 2025, Diboli</title>"),
        "{text}"
    );
    let legend = select(&html, "figure.pic ul.pic-legend")[0].inner_html();
    for word in ["attaque", "patrouille", "rencontre", "sans coordonnées"] {
        assert!(
            legend.contains(word),
            "`{word}` not in the legend: {legend}"
        );
    }
    aria_references_resolve("countries/mali/", &html);
}

#[test]
fn country_and_actor_pages_chart_their_months_with_links_to_digests() {
    let site = full();
    let html = Html::parse_document(&site.page("countries/mali/"));
    let chart = select(&html, "figure.pic svg.pic-chart");
    assert_eq!(chart.len(), 1);
    let links = links_in(&html, "svg.pic-chart");
    // Mali's events dated to the month: February and July 2025, and the
    // meeting in Dakar in November; the fuel blockade, dated to the year
    // only, has no month.
    assert_eq!(
        links,
        [
            "/sub/digest/2025-02/",
            "/sub/digest/2025-07/",
            "/sub/digest/2025-11/"
        ]
    );
    for link in &links {
        let page = link.trim_start_matches("/sub/");
        assert!(site.has(page), "{page} was not built");
    }
    let text = chart[0].html();
    assert!(
        text.contains("<title>juillet 2025 — 1 événement, 3 victimes</title>"),
        "{text}"
    );
    let jnim = Html::parse_document(&site.page("actors/jnim/"));
    assert_eq!(links_in(&jnim, "svg.pic-chart"), ["/sub/digest/2025-07/"]);
}

#[test]
fn an_event_page_locates_its_place_and_links_its_coordinates_to_openstreetmap() {
    let site = full();
    let html = Html::parse_document(&site.page("events/attaque-diboli/"));
    let locator = select(&html, "aside figure.pic svg.pic-map-small");
    assert_eq!(locator.len(), 1, "a locator map in the profile");
    let osm = "https://www.openstreetmap.org/?mlat=14.4700&mlon=-12.2000#map=11/14.4700/-12.2000";
    let coordinates = select(&html, "dl.facts .coords a");
    assert_eq!(coordinates.len(), 1);
    assert_eq!(coordinates[0].value().attr("href"), Some(osm));
    assert_eq!(
        coordinates[0].text().collect::<String>(),
        "14.47° N, 12.20° O"
    );
    let under_map = select(&html, "figure.pic p.pic-coords a");
    assert_eq!(under_map[0].value().attr("href"), Some(osm));
    assert!(links_in(&html, "svg.pic-map-small").contains(&"/sub/countries/mali/".to_string()));
    // An event without coordinates has no locator.
    let abuja = Html::parse_document(&site.page("events/accord-abuja/"));
    assert!(select(&abuja, "svg.pic-map").is_empty());
    assert!(select(&abuja, ".coords").is_empty());
    // English writes west as W.
    let english = TestSite::fixture("english").build();
    assert!(
        english
            .page("events/diboli-attack/")
            .contains(">14.47° N, 12.20° W</data></a>"),
    );
}

#[test]
fn an_actor_page_draws_its_ego_network() {
    let site = full();
    let html = Html::parse_document(&site.page("actors/birame-diop/"));
    let network = select(&html, "figure.pic svg.pic-network");
    assert_eq!(network.len(), 1);
    assert_eq!(
        network[0].value().attr("aria-describedby"),
        Some("affiliations-list")
    );
    let links = links_in(&html, "svg.pic-network");
    assert_eq!(
        links,
        [
            "/sub/actors/ministere-des-forces-armees/",
            "/sub/actors/oumarou-maiga/"
        ],
        "its affiliation first, then the actor it met in Dakar"
    );
    let text = network[0].html();
    assert!(
        text.contains("ministre, depuis le 1er juillet 2025, jusqu’en mars 2026"),
        "{text}"
    );
    assert!(text.contains("1 événement commun"), "{text}");
    aria_references_resolve("actors/birame-diop/", &html);
    // The army is named in Oumarou Maïga's affiliations: it sees the tie
    // from the other side, described by its list of affiliated actors.
    let army = Html::parse_document(&site.page("actors/armee-malienne/"));
    assert_eq!(
        select(&army, "svg.pic-network")[0]
            .value()
            .attr("aria-describedby"),
        Some("affiliations-list affiliated-list")
    );
    assert!(links_in(&army, "svg.pic-network").contains(&"/sub/actors/oumarou-maiga/".to_string()));
}

#[test]
fn indexes_digests_and_the_home_page_have_their_pictures() {
    let site = full();
    for (page, css, count) in [
        // One map per year of the page: the first page of two events is
        // all of 2025, the last holds the end of 2025 and 2024.
        ("events/", "svg.pic-map", 1),
        ("events/page/3/", "svg.pic-map", 2),
        ("digest/2025-07/", "svg.pic-map", 1),
        ("", "svg.pic-map", 1),
        ("actors/", "svg.pic-network-whole", 1),
        ("countries/", "td.spark svg.pic-spark", 3),
    ] {
        let html = Html::parse_document(&site.page(page));
        assert_eq!(select(&html, css).len(), count, "{page}: `{css}`");
        aria_references_resolve(page, &html);
    }
    // One map per year of each page of the events index, described by that
    // year's lists.
    let events = Html::parse_document(&site.page("events/"));
    let year = select(&events, "section#y2025 svg.pic-map");
    let described = year[0].value().attr("aria-describedby").expect("described");
    assert!(
        described.split(' ').all(|id| id.ends_with("-events")),
        "{described}"
    );
    assert!(described.contains("m2025-07-events"), "{described}");
    let last = Html::parse_document(&site.page("events/page/3/"));
    let links = links_in(&last, "section#y2024 svg.pic-map");
    assert_eq!(
        links,
        ["/sub/countries/norvege/", "/sub/events/visite-oslo/"]
    );
    // The digest of July 2025 places the attack in Diboli.
    let digest = Html::parse_document(&site.page("digest/2025-07/"));
    assert!(links_in(&digest, "svg.pic-map").contains(&"/sub/events/attaque-diboli/".to_string()));
    // The home page's map covers the last twelve months of the site's
    // data (December 2024 to November 2025): not Oslo's visit of 2024.
    let home = Html::parse_document(&site.page(""));
    let links = links_in(&home, "svg.pic-map");
    assert!(
        links.contains(&"/sub/events/rencontre-dakar/".to_string()),
        "{links:?}"
    );
    assert!(
        !links.iter().any(|l| l.contains("visite-oslo")),
        "{links:?}"
    );
    // A sparkline is an image named by its words.
    let countries = Html::parse_document(&site.page("countries/"));
    let spark = select(&countries, "svg.pic-spark")[0].value();
    assert_eq!(spark.attr("role"), Some("img"));
    assert!(
        spark
            .attr("aria-label")
            .is_some_and(|l| l == "Mali\u{202f}: 3 événements de mars 2024 à novembre 2025"),
        "{spark:?}"
    );
}

#[test]
fn the_home_map_places_the_300_latest_events_and_counts_the_rest() {
    let mut site = TestSite::fixture("full");
    // 320 events in Mali over the last months, the newest last.
    for n in 0..320 {
        let day = 1 + n % 28;
        let month = 7 + n / 160;
        site = site.write(
            &format!("content/events/e{n:03}.md"),
            &format!(
                "---\ntitle: \"Événement {n}\"\ndate: 2025-{month:02}-{day:02}\nkind: attack\nlocation: {{name: \"Kayes\", country: mali, lat: 14.45, lon: {lon}}}\ncountries: [mali]\n---\n",
                lon = -11.44 + f64::from(n) * 0.001
            ),
        );
    }
    let site = site.build();
    let page = site.page("");
    let html = Html::parse_document(&page);
    let markers = links_in(&html, "svg.pic-map")
        .into_iter()
        .filter(|l| l.contains("/events/"))
        .count();
    assert_eq!(markers, 300);
    let map = select(&html, "svg.pic-map")[0].html();
    // Beyond the meeting in Dakar and the 299 newest of the 320: the 21
    // others, the attack and the patrols (which have coordinates) and the
    // fuel blockade of 2025 (which has none) are counted on Mali.
    assert!(
        map.contains("<title>Mali\u{202f}: 24 événements non placés sur la carte</title>"),
        "{}",
        &map[..map.len().min(3000)]
    );
    let legend = select(&html, "figure.pic ul.pic-legend")[0].inner_html();
    assert!(legend.contains("au-delà des 300 plus récents"), "{legend}");
    assert!(
        page.len() < 150_000,
        "the home page weighs {} bytes",
        page.len()
    );
}

#[test]
fn two_builds_of_the_same_site_are_byte_identical() {
    let a = TestSite::example().build();
    let b = TestSite::example().build();
    let (a, b) = (a.output_files(), b.output_files());
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    let differ: Vec<&String> = a.keys().filter(|k| a[*k] != b[*k]).collect();
    assert!(differ.is_empty(), "differ: {differ:?}");
    // And the example site's maps show its places: Dakar, and Diboli twice.
    let mali = String::from_utf8(a["countries/mali/index.html"].clone()).expect("UTF-8");
    assert!(mali.contains(">Dakar</text>"));
    assert_eq!(
        mali.matches(">Diboli</text>").count(),
        1,
        "one name for two events"
    );
}

/// An event of the full fixture at a place, in a country.
fn event_at(country: &str, lat: &str, lon: &str) -> String {
    format!(
        "---\ntitle: \"Ailleurs\"\ndate: 2025-07-02\nlocation:\n  name: \"Kayes\"\n  country: {country}\n  lat: {lat}\n  lon: {lon}\ncountries: [{country}]\n---\nTexte.\n"
    )
}

#[test]
fn coordinates_outside_their_country_are_a_warning_at_lat() {
    // Kayes is in Mali, 90 km from Senegal. (Diboli, on the border, would
    // be within the 5 km that the generalised outlines are allowed.)
    let site = TestSite::fixture("full").write(
        "content/events/ailleurs.md",
        &event_at("senegal", "14.45", "-11.44"),
    );
    let run = site.run(&["check"]);
    run.expect_status(0);
    let outside = |run: &crate::support::Run| run.stderr.matches(" is not in `").count();
    assert_eq!(outside(&run), 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "content/events/ailleurs.md:7:8: warning: the place at latitude 14.45, longitude -11.44 is not in `Sénégal` (`SN`), the event's `location.country`"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("help: check `lat` and `lon` against a gazetteer")
    );
    // The likely slips get their own help.
    let swapped = TestSite::fixture("full").write(
        "content/events/ailleurs.md",
        &event_at("mali", "-11.44", "14.45"),
    );
    let run = swapped.run(&["check"]);
    assert!(
        run.stderr.contains("`lat` and `lon` look swapped"),
        "{}",
        run.stderr
    );
    let east = TestSite::fixture("full").write(
        "content/events/ailleurs.md",
        &event_at("mali", "14.45", "11.44"),
    );
    let run = east.run(&["check"]);
    assert!(
        run.stderr.contains("did you mean `lon: -11.44`?"),
        "{}",
        run.stderr
    );
    // The same place in its country, or a country the atlas does not know,
    // is no warning (the new event, cited by nothing, is another).
    let fine = TestSite::fixture("full").write(
        "content/events/ailleurs.md",
        &event_at("mali", "14.45", "-11.44"),
    );
    assert_eq!(outside(&fine.run(&["check"])), 0);
    let unknown = TestSite::fixture("full")
        .write(
            "content/countries/atlantide.md",
            "---\nname: Atlantide\niso2: ZZ\n---\n",
        )
        .write(
            "content/events/ailleurs.md",
            &event_at("atlantide", "14.45", "-11.44"),
        );
    assert_eq!(outside(&unknown.run(&["check"])), 0);
    // Nor is any place of the fixture sites.
    TestSite::fixture("full")
        .run(&["check", "--deny-warnings"])
        .expect_status(0);
}
