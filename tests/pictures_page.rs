//! The pictures of issue 13 on one page, as the lead will wire them: writes
//! `index.html` and the theme's `dossier.css` into `$PICTURES_PAGE_DIR`
//! (default `target/tmp/pictures-page/`) for vnu, axe and a look in a
//! browser, and checks what can be checked here: every picture is
//! well-formed, Dakar, Diboli and Kayes are on their maps, and the maps stay
//! small.
//!
//! `cargo test --release --test pictures_page -- --ignored --nocapture`
//! also prints the cost of drawing every picture of a site of 2,000 events.

use std::fmt::Write;
use std::path::PathBuf;
use std::time::Instant;

use dossier::content::{ActorKind, EventKind};
use dossier::pictures::Picture;
use dossier::pictures::atlas::Atlas;
use dossier::pictures::chart::{self, ActivitySpec, ChartWords, MonthBar, Sparkline, YearMonth};
use dossier::pictures::map::{
    self, Compass, GeoPrecision, MapCountry, MapSize, MapSpec, MapWords, Marker,
};
use dossier::pictures::network::{self, EgoSpec, Link, NetworkWords, Node, Tie, WholeSpec};

fn map_words() -> MapWords {
    MapWords {
        kinds: vec![
            (EventKind::Attack, "attaque".into()),
            (EventKind::Battle, "combat".into()),
            (EventKind::Visit, "visite".into()),
            (EventKind::Meeting, "rencontre".into()),
            (EventKind::Agreement, "accord".into()),
            (EventKind::Patrol, "patrouille".into()),
            (EventKind::Withdrawal, "retrait".into()),
            (EventKind::Protest, "manifestation".into()),
            (EventKind::Election, "élection".into()),
            (EventKind::Economic, "économie".into()),
            (EventKind::Other, "autre".into()),
        ],
        approximate: "lieu approximatif".into(),
        unlocated: "événements sans coordonnées, comptés sur leur pays".into(),
        fatalities: "taille : nombre de morts, quand il est connu".into(),
    }
}

fn chart_words() -> ChartWords {
    ChartWords {
        events: "Événements par mois".into(),
        fatalities: "Morts".into(),
        months: [
            "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.",
            "nov.", "déc.",
        ]
        .map(String::from),
    }
}

fn network_words() -> NetworkWords {
    NetworkWords {
        kinds: vec![
            (ActorKind::Person, "personne".into()),
            (ActorKind::ArmedGroup, "groupe armé".into()),
            (ActorKind::StateInstitution, "institution".into()),
            (ActorKind::PoliticalParty, "parti".into()),
            (
                ActorKind::InternationalOrganization,
                "organisation internationale".into(),
            ),
            (ActorKind::Company, "entreprise".into()),
            (ActorKind::Media, "média".into()),
            (ActorKind::Other, "autre".into()),
        ],
        affiliation: "affiliation".into(),
        shared_events: "événements communs (plus épais : plus nombreux)".into(),
    }
}

fn country(iso2: &str, name: &str, slug: Option<&str>, focus: bool) -> MapCountry {
    MapCountry {
        iso2: iso2.into(),
        name: name.into(),
        url: slug.map(|s| format!("../countries/{s}/")),
        title: name.into(),
        unlocated: 0,
        focus,
    }
}

/// The neighbours of a country, named as the atlas has them (the example
/// site has pages for Mali and Senegal only).
fn with_neighbours(atlas: &Atlas, focus: MapCountry) -> Vec<MapCountry> {
    let mut countries = vec![];
    for iso2 in atlas.neighbours(&focus.iso2) {
        let (name, slug) = match iso2.as_str() {
            "SN" => ("Sénégal", Some("senegal")),
            "ML" => ("Mali", Some("mali")),
            _ => (iso2.as_str(), None),
        };
        countries.push(country(&iso2, name, slug, false));
    }
    countries.insert(0, focus);
    countries
}

fn marker(lat: f64, lon: f64, kind: EventKind, slug: &str, title: &str, place: &str) -> Marker {
    Marker {
        lat,
        lon,
        kind,
        fatalities: None,
        url: Some(format!("../events/{slug}/")),
        title: title.into(),
        label: Some(place.into()),
        precision: GeoPrecision::Exact,
    }
}

fn diboli() -> Marker {
    let mut m = marker(
        14.53,
        -12.12,
        EventKind::Attack,
        "attaque-jnim-diboli-juillet-2025",
        "Attaque du JNIM à Diboli, juillet 2025",
        "Diboli",
    );
    m.fatalities = Some(1);
    m
}

fn kayes() -> Marker {
    let mut m = marker(
        14.45,
        -11.44,
        EventKind::Patrol,
        "patrouilles-conjointes-diboli",
        "Patrouilles conjointes dans la région de Kayes, février 2025",
        "Kayes",
    );
    m.precision = GeoPrecision::Near;
    m
}

fn dakar() -> Marker {
    marker(
        14.6928,
        -17.4467,
        EventKind::Meeting,
        "rencontre-dakar-diop-maiga",
        "Rencontre à Dakar entre Birame Diop et Oumarou Maïga, 2025",
        "Dakar",
    )
}

fn mali_map(atlas: &Atlas) -> MapSpec {
    let mut mali = country("ML", "Mali", Some("mali"), true);
    mali.unlocated = 2;
    mali.title = "Mali : 2 événements sans coordonnées".into();
    MapSpec {
        id: "map-mali".into(),
        title: "Carte des événements au Mali et dans les pays voisins".into(),
        described_by: Some("events-mali".into()),
        countries: with_neighbours(atlas, mali),
        markers: vec![diboli(), kayes()],
        words: map_words(),
        size: MapSize::Wide,
    }
}

fn senegal_map(atlas: &Atlas) -> MapSpec {
    MapSpec {
        id: "map-senegal".into(),
        title: "Carte des événements au Sénégal".into(),
        described_by: Some("events-senegal".into()),
        countries: with_neighbours(atlas, country("SN", "Sénégal", Some("senegal"), true)),
        markers: vec![dakar()],
        words: map_words(),
        size: MapSize::Wide,
    }
}

/// A map of many events across a region, as the home page draws the last
/// twelve months: `n` markers spread over `lat`/`lon` ranges, every kind.
fn region_map(id: &str, n: usize, lat: (f64, f64), lon: (f64, f64)) -> MapSpec {
    let kinds: Vec<EventKind> = EventKind::ALL.iter().map(|(_, k)| *k).collect();
    let markers = (0..n)
        .map(|i| {
            // A deterministic scatter (golden-ratio sequence).
            let u = (i as f64 * 0.618_034) % 1.0;
            let v = (i as f64 * 0.754_877) % 1.0;
            Marker {
                lat: lat.0 + v * (lat.1 - lat.0),
                lon: lon.0 + u * (lon.1 - lon.0),
                kind: kinds[i % kinds.len()],
                fatalities: (i % 3 == 0).then_some(u32::try_from(i % 40).expect("small")),
                url: Some(format!("../events/event-{i:04}/")),
                title: format!("Événement {i} du jeu d’essai, {}", 2025 - (i % 2) as i32),
                label: None,
                precision: [GeoPrecision::Exact, GeoPrecision::Exact, GeoPrecision::Near][i % 3],
            }
        })
        .collect();
    MapSpec {
        id: id.into(),
        title: format!("Carte de {n} événements"),
        described_by: None,
        countries: vec![],
        markers,
        words: map_words(),
        size: MapSize::Wide,
    }
}

fn month(text: &str) -> YearMonth {
    YearMonth::parse(text).expect("a month")
}

fn activity() -> ActivitySpec {
    let data = [
        ("2024-05", 3, 0),
        ("2025-01", 1, 0),
        ("2025-02", 1, 0),
        ("2025-07", 2, 1),
    ];
    ActivitySpec {
        id: "activity-mali".into(),
        title: "Événements et morts par mois au Mali, de mai 2024 à juillet 2025".into(),
        described_by: None,
        months: data
            .iter()
            .map(|(m, events, fatalities)| MonthBar {
                month: month(m),
                events: *events,
                fatalities: *fatalities,
                url: Some(format!("../digest/{m}/")),
                title: format!("{m} : {events} événements, {fatalities} morts"),
            })
            .collect(),
        range: None,
        words: chart_words(),
    }
}

fn actor(key: &str, name: &str, kind: ActorKind) -> Node {
    Node {
        key: key.into(),
        name: name.into(),
        url: Some(format!("../actors/{key}/")),
        kind,
    }
}

fn ego() -> EgoSpec {
    let tie = |node: Node, affiliation: Option<&str>, shared: u32| Tie {
        node,
        affiliation: affiliation.map(String::from),
        shared_events: shared,
        note: format!(
            "{shared} événement{} commun{}",
            if shared > 1 { "s" } else { "" },
            if shared > 1 { "s" } else { "" }
        ),
    };
    EgoSpec {
        id: "network-armee".into(),
        title: "Réseau de l’armée malienne : affiliations et acteurs des mêmes événements".into(),
        described_by: None,
        ego: actor(
            "armee-malienne",
            "Armée malienne (FAMa)",
            ActorKind::StateInstitution,
        ),
        ties: vec![
            tie(
                actor(
                    "ministere-defense-mali",
                    "Ministère de la Défense et des Anciens Combattants",
                    ActorKind::StateInstitution,
                ),
                Some("tutelle, depuis 1960"),
                1,
            ),
            tie(actor("jnim", "JNIM", ActorKind::ArmedGroup), None, 2),
            tie(
                actor("oumarou-maiga", "Oumarou Maïga", ActorKind::Person),
                Some("chef de délégation, 2025"),
                1,
            ),
            tie(
                actor("birame-diop", "Birame Diop", ActorKind::Person),
                None,
                1,
            ),
            tie(
                actor(
                    "ministere-des-forces-armees",
                    "Ministère des Forces armées (Sénégal)",
                    ActorKind::StateInstitution,
                ),
                None,
                2,
            ),
            tie(
                actor("cedeao", "Cédéao", ActorKind::InternationalOrganization),
                None,
                1,
            ),
        ],
        words: network_words(),
    }
}

fn whole() -> WholeSpec {
    let nodes = vec![
        actor("abdoulaye-bathily", "Abdoulaye Bathily", ActorKind::Person),
        actor("albert-c-diop", "Albert C. Diop", ActorKind::Person),
        actor("apa", "APA", ActorKind::Media),
        actor(
            "armee-malienne",
            "Armée malienne",
            ActorKind::StateInstitution,
        ),
        actor(
            "bassirou-diomaye-faye",
            "Bassirou Diomaye Faye",
            ActorKind::Person,
        ),
        actor("birame-diop", "Birame Diop", ActorKind::Person),
        actor("cedeao", "Cédéao", ActorKind::InternationalOrganization),
        actor("jnim", "JNIM", ActorKind::ArmedGroup),
        actor(
            "ministere-defense-mali",
            "Ministère de la Défense (Mali)",
            ActorKind::StateInstitution,
        ),
        actor(
            "ministere-des-forces-armees",
            "Ministère des Forces armées",
            ActorKind::StateInstitution,
        ),
        actor("oumarou-maiga", "Oumarou Maïga", ActorKind::Person),
        actor("ousmane-sonko", "Ousmane Sonko", ActorKind::Person),
    ];
    let link = |a: &str, b: &str, weight: u32, affiliation: bool| Link {
        a: a.into(),
        b: b.into(),
        weight,
        affiliation,
    };
    WholeSpec {
        id: "network-all".into(),
        title: "Réseau des acteurs du site".into(),
        described_by: None,
        nodes,
        links: vec![
            link("armee-malienne", "ministere-defense-mali", 1, true),
            link("oumarou-maiga", "armee-malienne", 1, true),
            link("birame-diop", "ministere-des-forces-armees", 1, true),
            link("armee-malienne", "jnim", 2, false),
            link("armee-malienne", "ministere-des-forces-armees", 2, false),
            link("birame-diop", "oumarou-maiga", 1, false),
            link("bassirou-diomaye-faye", "ousmane-sonko", 1, false),
            link("abdoulaye-bathily", "armee-malienne", 1, false),
            link("cedeao", "armee-malienne", 1, false),
        ],
        words: network_words(),
    }
}

fn out_dir() -> PathBuf {
    std::env::var_os("PICTURES_PAGE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("pictures-page"))
}

fn well_formed(picture: &Picture) {
    roxmltree::Document::parse(&picture.svg).expect("the SVG is well-formed XML");
}

fn section(html: &mut String, title: &str, picture: &Picture, after: &str) {
    well_formed(picture);
    let _ = write!(
        html,
        "<section><h2>{title}</h2>{}{after}<p class=\"meta\">{} octets</p></section>",
        picture.to_html(),
        picture.len()
    );
}

#[test]
fn a_page_of_pictures_is_written_and_places_are_where_they_are() {
    let atlas = Atlas::embedded();
    let compass = Compass {
        north: "N".into(),
        south: "S".into(),
        east: "E".into(),
        west: "O".into(),
    };
    let mali = map::draw(&atlas, &mali_map(&atlas));
    let senegal = map::draw(&atlas, &senegal_map(&atlas));
    let locator_spec = MapSpec {
        id: "map-event".into(),
        title: "Diboli, au Mali".into(),
        described_by: None,
        countries: vec![country("ML", "Mali", Some("mali"), true)],
        markers: vec![diboli()],
        words: map_words(),
        size: MapSize::Small,
    };
    let locator = map::locator(&atlas, &locator_spec, &compass);
    let west_africa = map::draw(
        &atlas,
        &region_map("map-home", 120, (10.0, 20.0), (-17.0, 4.0)),
    );
    let activity = chart::activity(&activity());
    let ego = network::ego(&ego());
    let whole = network::whole(&whole()).expect("12 actors");
    let months = |m: &[(&str, u32)]| m.iter().map(|(t, c)| (month(t), *c)).collect();
    let sparks = [
        (
            "Mali",
            months(&[
                ("2024-05", 3),
                ("2025-01", 1),
                ("2025-02", 1),
                ("2025-07", 2),
            ]),
        ),
        ("Sénégal", months(&[("2024-05", 1), ("2025-03", 1)])),
    ]
    .map(|(name, counts)| {
        chart::sparkline(&Sparkline {
            label: format!("{name} : événements par mois, de mai 2024 à juillet 2025"),
            counts,
            from: month("2024-05"),
            to: month("2025-07"),
            max: Some(3),
        })
    });

    for (name, picture) in [
        ("Mali", &mali),
        ("Sénégal", &senegal),
        ("locator", &locator),
    ] {
        assert!(!picture.is_empty(), "{name}");
    }
    for place in ["Diboli", "Kayes"] {
        assert!(mali.svg.contains(&format!(">{place}</text>")), "{place}");
    }
    assert!(senegal.svg.contains(">Dakar</text>"));

    let mut html = String::from(
        "<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Images de dossier (issue 13)</title><link rel=\"stylesheet\" href=\"dossier.css\">\
         </head><body><main id=\"main\" class=\"wrap\"><div class=\"doc-main\"><h1>Images de dossier</h1>",
    );
    section(
        &mut html,
        "Mali et ses voisins",
        &mali,
        "<ul id=\"events-mali\"><li><a href=\"../events/attaque-jnim-diboli-juillet-2025/\">Attaque du JNIM à Diboli</a>, juillet 2025</li>\
         <li><a href=\"../events/patrouilles-conjointes-diboli/\">Patrouilles conjointes</a>, février 2025</li>\
         <li>Retrait du Mali de la Cédéao, janvier 2025 (sans coordonnées)</li>\
         <li>Blocus du carburant par le JNIM (sans coordonnées)</li></ul>",
    );
    section(
        &mut html,
        "Sénégal",
        &senegal,
        "<ul id=\"events-senegal\"><li><a href=\"../events/rencontre-dakar-diop-maiga/\">Rencontre à Dakar</a>, 2025</li></ul>",
    );
    section(&mut html, "Un événement : Diboli", &locator, "");
    section(
        &mut html,
        "Afrique de l’Ouest, 120 événements",
        &west_africa,
        "",
    );
    section(&mut html, "Activité au Mali", &activity, "");
    html.push_str("<section><h2>Pays</h2><ul class=\"spark-list\">");
    for (name, spark) in ["Mali", "Sénégal"].iter().zip(&sparks) {
        let _ = write!(
            html,
            "<li><a href=\"../countries/{}/\">{name}</a> {spark}</li>",
            name.to_lowercase()
        );
    }
    html.push_str("</ul></section>");
    section(&mut html, "Réseau de l’armée malienne", &ego, "");
    section(&mut html, "Tous les acteurs", &whole, "");
    html.push_str("</div></main></body></html>\n");

    let dir = out_dir();
    std::fs::create_dir_all(&dir).expect("an output folder");
    std::fs::write(dir.join("index.html"), &html).expect("the page");
    let css = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/templates/assets/dossier.css"
    ))
    .expect("the theme");
    std::fs::write(dir.join("dossier.css"), css).expect("the theme");
    eprintln!(
        "pictures page: {} ({} bytes)",
        dir.join("index.html").display(),
        html.len()
    );
}

/// Bytes and time of typical maps, and the cost of every picture of a site
/// of 2,000 events (1,000 actors, 60 countries, 24 months): run in release.
#[test]
#[ignore = "a measurement: run with --release -- --ignored --nocapture"]
fn pictures_cost_at_2000_events() {
    let started = Instant::now();
    let atlas = Atlas::embedded();
    let load = started.elapsed();

    let sahel_countries = ["ML", "NE", "BF", "MR", "SN", "TD"];
    let mut sahel = region_map("sahel", 40, (11.0, 20.0), (-16.0, 15.0));
    sahel.countries = sahel_countries
        .iter()
        .map(|c| country(c, c, Some("x"), true))
        .collect();
    let africa = region_map("africa", 0, (-34.0, 36.0), (-17.0, 50.0));
    let mut africa_spec = africa.clone();
    africa_spec.markers = vec![
        marker(-34.0, 18.5, EventKind::Other, "a", "Le Cap", "Le Cap"),
        marker(36.8, 10.2, EventKind::Other, "b", "Tunis", "Tunis"),
        marker(14.7, -17.4, EventKind::Other, "c", "Dakar", "Dakar"),
        marker(11.6, 43.1, EventKind::Other, "d", "Djibouti", "Djibouti"),
    ];
    let mali_only = mali_map(&atlas);
    let home = region_map("home", 1000, (5.0, 25.0), (-17.0, 20.0));
    let index = region_map("index", 2000, (5.0, 25.0), (-17.0, 20.0));
    let mut report = String::new();
    for (name, spec) in [
        ("Sahel, 6 countries in focus, 40 events", &sahel),
        ("Africa, 4 markers", &africa_spec),
        ("Mali and its neighbours, 2 events", &mali_only),
        ("home: 1,000 events of 12 months", &home),
        ("events index: 2,000 events", &index),
    ] {
        let t = Instant::now();
        let picture = map::draw(&atlas, spec);
        let took = t.elapsed();
        let land = picture
            .svg
            .find("<path class=\"pic-land\"")
            .map(|at| picture.svg[at..].find("/>").unwrap_or(0));
        let _ = writeln!(
            report,
            "{name}: {} bytes (land path {} bytes), {:.2} ms",
            picture.len(),
            land.unwrap_or(0),
            took.as_secs_f64() * 1000.0
        );
    }

    // A site: 2,000 event locators (in 60 countries), 60 country maps,
    // the events index, 24 digests, the home page; 60 country and 1,000
    // actor charts; 1,000 ego networks; 60 sparklines.
    let countries: Vec<String> = atlas
        .countries()
        .filter(|c| ["ML", "SN", "NE", "BF", "MR", "TD", "NG", "CI", "GN", "DZ"].contains(c))
        .map(String::from)
        .collect();
    let t = Instant::now();
    let mut bytes = 0usize;
    // Each event in its own country, as check makes sure.
    let inside: Vec<(&String, &Marker)> = index
        .markers
        .iter()
        .filter_map(|m| {
            countries
                .iter()
                .find(|c| atlas.contains(c, m.lat, m.lon) == Some(true))
                .map(|c| (c, m))
        })
        .collect();
    for i in 0..2000 {
        let (iso2, event) = inside[i % inside.len()];
        let spec = MapSpec {
            id: "map".into(),
            title: "x".into(),
            described_by: None,
            countries: vec![country(iso2, iso2, Some("x"), true)],
            markers: vec![event.clone()],
            words: map_words(),
            size: MapSize::Small,
        };
        bytes += map::draw(&atlas, &spec).len();
    }
    let locators = t.elapsed();
    let t = Instant::now();
    for i in 0..60 {
        let iso2 = &countries[i % countries.len()];
        let mut spec = region_map("c", 33, (10.0, 20.0), (-12.0, 0.0));
        spec.countries = with_neighbours(&atlas, country(iso2, iso2, Some("x"), true));
        bytes += map::draw(&atlas, &spec).len();
    }
    let country_maps = t.elapsed();
    let t = Instant::now();
    bytes += map::draw(&atlas, &index).len();
    for _ in 0..24 {
        bytes += map::draw(&atlas, &region_map("d", 83, (5.0, 25.0), (-17.0, 20.0))).len();
    }
    bytes += map::draw(&atlas, &home).len();
    let big_maps = t.elapsed();
    let t = Instant::now();
    for _ in 0..1060 {
        bytes += chart::activity(&activity()).len();
        bytes += network::ego(&ego()).len();
    }
    for _ in 0..60 {
        bytes += chart::sparkline(&Sparkline {
            label: "x".into(),
            counts: vec![(month("2024-05"), 3)],
            from: month("2024-01"),
            to: month("2025-12"),
            max: None,
        })
        .len();
    }
    let charts = t.elapsed();
    let total = load + locators + country_maps + big_maps + charts;
    let _ = writeln!(
        report,
        "atlas load {:.1} ms; 2,000 locators {:.1} ms; 60 country maps {:.1} ms; index + 24 digests + home {:.1} ms; \
         1,060 charts + ego networks and 60 sparklines {:.1} ms; total {:.1} ms on one core, {} MB of SVG",
        ms(load),
        ms(locators),
        ms(country_maps),
        ms(big_maps),
        ms(charts),
        ms(total),
        bytes / 1_000_000
    );
    eprintln!("{report}");
}

fn ms(d: std::time::Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
