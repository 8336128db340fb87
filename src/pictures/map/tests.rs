use std::sync::OnceLock;

use super::*;

/// The embedded atlas, decoded once for the tests of this module.
fn atlas() -> &'static Atlas {
    static ATLAS: OnceLock<Atlas> = OnceLock::new();
    ATLAS.get_or_init(Atlas::embedded)
}

fn country(iso2: &str, name: &str, focus: bool) -> MapCountry {
    MapCountry {
        iso2: iso2.into(),
        name: name.into(),
        url: Some(format!("/countries/{}/", name.to_lowercase())),
        title: String::new(),
        unlocated: 0,
        focus,
    }
}

fn event(lat: f64, lon: f64, kind: EventKind, title: &str) -> Marker {
    Marker {
        lat,
        lon,
        kind,
        fatalities: None,
        url: Some(format!("/events/{}/", title.to_lowercase())),
        title: title.into(),
        label: Some(title.into()),
        precision: GeoPrecision::Exact,
    }
}

fn words() -> MapWords {
    MapWords {
        kinds: vec![
            (EventKind::Attack, "attaque".into()),
            (EventKind::Meeting, "rencontre".into()),
        ],
        approximate: "lieu approximatif".into(),
        unlocated: "événements sans coordonnées".into(),
        fatalities: "taille : nombre de morts".into(),
    }
}

fn mali() -> MapSpec {
    let mut countries = vec![country("ML", "Mali", true)];
    for iso2 in atlas().neighbours("ML") {
        countries.push(country(&iso2, &iso2, false));
    }
    MapSpec {
        id: "map".into(),
        title: "Carte des événements au Mali".into(),
        described_by: Some("events".into()),
        countries,
        markers: vec![
            event(14.53, -12.12, EventKind::Attack, "Diboli"),
            event(14.45, -11.44, EventKind::Attack, "Kayes"),
        ],
        words: words(),
        size: MapSize::Wide,
    }
}

/// The centre of a marker, read back from the picture: the mean of its
/// path's points (every shape is symmetric about its centre).
fn marker_centre(svg: &str, title: &str) -> [f64; 2] {
    let doc = roxmltree::Document::parse(svg).expect("the SVG is well-formed XML");
    let a = doc
        .descendants()
        .find(|n| {
            n.has_tag_name("a")
                && n.children()
                    .any(|c| c.has_tag_name("title") && c.text() == Some(title))
        })
        .unwrap_or_else(|| panic!("no marker titled {title}"));
    let d = a
        .children()
        .find(|n| {
            n.attribute("class")
                .is_some_and(|c| c.starts_with("pic-m "))
        })
        .and_then(|n| n.attribute("d"))
        .expect("a marker path");
    let numbers: Vec<f64> = d
        .split(['M', 'L', 'z', ' '])
        .filter_map(|n| n.parse().ok())
        .collect();
    let n = (numbers.len() / 2) as f64;
    let sx: f64 = numbers.iter().step_by(2).sum();
    let sy: f64 = numbers.iter().skip(1).step_by(2).sum();
    [sx / n, sy / n]
}

fn view_box(svg: &str) -> [f64; 2] {
    let doc = roxmltree::Document::parse(svg).expect("well-formed");
    let vb: Vec<f64> = doc
        .root_element()
        .attribute("viewBox")
        .expect("a viewBox")
        .split(' ')
        .map(|n| n.parse().expect("a number"))
        .collect();
    [vb[2], vb[3]]
}

#[test]
fn the_same_spec_draws_the_same_bytes() {
    let a = draw(atlas(), &mali());
    let b = draw(&Atlas::embedded(), &mali());
    assert_eq!(a, b);
}

#[test]
fn diboli_and_kayes_are_where_they_are_on_the_map_of_mali() {
    let picture = draw(atlas(), &mali());
    let [w, h] = view_box(&picture.svg);
    let diboli = marker_centre(&picture.svg, "Diboli");
    let kayes = marker_centre(&picture.svg, "Kayes");
    for [x, y] in [diboli, kayes] {
        assert!(x > 0.0 && x < w && y > 0.0 && y < h);
    }
    // Diboli is 0.68° west of Kayes and 0.08° north of it.
    assert!(diboli[0] < kayes[0] - 10.0, "{diboli:?} {kayes:?}");
    assert!(diboli[1] < kayes[1], "{diboli:?} {kayes:?}");
    // Mali spans 16° of longitude over most of 600 px: about 30 px a degree.
    let per_degree = (kayes[0] - diboli[0]) / 0.68;
    assert!(per_degree > 20.0 && per_degree < 45.0, "{per_degree}");
}

#[test]
fn dakar_is_at_the_western_tip_of_the_map_of_senegal() {
    let spec = MapSpec {
        id: "sn".into(),
        title: "Sénégal".into(),
        described_by: None,
        countries: vec![country("SN", "Sénégal", true)],
        markers: vec![event(14.69, -17.44, EventKind::Meeting, "Dakar")],
        words: words(),
        size: MapSize::Wide,
    };
    let picture = draw(atlas(), &spec);
    let [x, y] = marker_centre(&picture.svg, "Dakar");
    let [w, h] = view_box(&picture.svg);
    // Senegal runs from 17.5° W to 11.4° W: Dakar is near the left margin.
    assert!(x > 15.0 && x < w * 0.12, "{x} of {w}");
    assert!(y > h * 0.2 && y < h * 0.6, "{y} of {h}");
}

#[test]
fn the_svg_is_an_accessible_group_of_named_links() {
    let picture = draw(atlas(), &mali());
    let doc = roxmltree::Document::parse(&picture.svg).expect("well-formed");
    let svg = doc.root_element();
    assert_eq!(svg.attribute("role"), Some("group"));
    assert_eq!(svg.attribute("aria-labelledby"), Some("map-title"));
    assert_eq!(svg.attribute("aria-describedby"), Some("events"));
    let title = svg.first_element_child().expect("a title");
    assert!(title.has_tag_name("title"));
    assert_eq!(title.attribute("id"), Some("map-title"));
    let links: Vec<_> = doc.descendants().filter(|n| n.has_tag_name("a")).collect();
    // Mali, its seven neighbours, two events.
    assert_eq!(links.len(), 10);
    for link in links {
        assert!(link.attribute("href").is_some());
        let first = link.first_element_child().expect("content");
        assert!(first.has_tag_name("title") && first.text().is_some_and(|t| !t.is_empty()));
    }
}

#[test]
fn markers_take_the_shape_and_colour_of_their_kind() {
    let mut spec = mali();
    spec.markers[1].kind = EventKind::Meeting;
    let picture = draw(atlas(), &spec);
    assert!(picture.svg.contains("class=\"pic-m pic-k-attack\""));
    assert!(picture.svg.contains("class=\"pic-m pic-k-meeting\""));
    let triangle = marker::path(marker::Shape::TriangleUp, 0.0, 0.0, 5.0);
    let square = marker::path(marker::Shape::Square, 0.0, 0.0, 5.0);
    assert!(picture.legend.contains(&triangle), "{}", picture.legend);
    assert!(picture.legend.contains(&square));
    assert!(picture.legend.contains(">attaque</li>"));
    assert!(picture.legend.contains(">rencontre</li>"));
    assert!(
        !picture.legend.contains("pic-k-battle"),
        "absent kinds stay out"
    );
}

#[test]
fn fatalities_grow_the_marker_and_are_explained() {
    let mut spec = mali();
    let plain = draw(atlas(), &spec);
    assert!(!plain.legend.contains("nombre de morts"));
    spec.markers[0].fatalities = Some(25);
    let sized = draw(atlas(), &spec);
    assert!(sized.legend.contains("nombre de morts"));
    let d = |svg: &str| {
        let at = svg.find("<title>Diboli</title>").expect("marker");
        svg[at..].split('"').nth(3).expect("d").to_string()
    };
    assert_ne!(d(&plain.svg), d(&sized.svg));
}

#[test]
fn imprecise_places_get_a_haze_and_a_legend_entry() {
    let mut spec = mali();
    spec.markers[1].precision = GeoPrecision::Region;
    let picture = draw(atlas(), &spec);
    assert_eq!(picture.svg.matches("pic-haze").count(), 1);
    assert!(picture.legend.contains("lieu approximatif"));
    assert_eq!(GeoPrecision::from_acled(2), Some(GeoPrecision::Near));
    assert_eq!(GeoPrecision::from_acled(4), None);
}

#[test]
fn events_at_one_place_are_spread_around_it_and_named_once() {
    let mut spec = mali();
    let mut patrol = event(14.47, -12.2, EventKind::Patrol, "Patrouille");
    patrol.label = Some("Diboli".into());
    let mut attack = event(14.47, -12.2, EventKind::Attack, "Attaque");
    attack.label = Some("Diboli".into());
    spec.markers = vec![attack, patrol];
    let svg = draw(atlas(), &spec).svg;
    let [ax, ay] = marker_centre(&svg, "Attaque");
    let [px, py] = marker_centre(&svg, "Patrouille");
    let apart = ((ax - px).powi(2) + (ay - py).powi(2)).sqrt();
    // Two markers of radius 5 on a ring of radius 5: 10 px apart, so that
    // neither hides the other, and no further.
    assert!((9.0..=11.0).contains(&apart), "{apart} px apart");
    assert_eq!(svg.matches(">Diboli</text>").count(), 1, "{svg}");
    // Three markers at one place and one elsewhere: the lone one stays put.
    let (positions, extents) = spread(&[
        ([100.0, 100.0], 5.0),
        ([300.0, 50.0], 5.0),
        ([100.2, 100.1], 5.0),
        ([100.0, 100.0], 5.0),
    ]);
    assert_eq!(positions[1], ([300.0, 50.0], 5.0));
    assert_eq!(extents[1], 5.0);
    assert!((positions[0].0[1] - (100.0 - 5.0 / (std::f64::consts::PI / 3.0).sin())).abs() < 1e-9);
    let distinct: std::collections::BTreeSet<(i64, i64)> = [0, 2, 3]
        .iter()
        .map(|k| {
            let [x, y] = positions[*k].0;
            ((x * 10.0) as i64, (y * 10.0) as i64)
        })
        .collect();
    assert_eq!(distinct.len(), 3);
}

#[test]
fn events_without_coordinates_are_counted_on_their_country() {
    let mut spec = mali();
    spec.markers.clear();
    spec.countries[0].unlocated = 3;
    spec.countries[0].title = "Mali : 3 événements sans coordonnées".into();
    let picture = draw(atlas(), &spec);
    assert!(
        picture
            .svg
            .contains("<title>Mali : 3 événements sans coordonnées</title>")
    );
    assert!(picture.svg.contains("class=\"pic-badge-n\""));
    assert!(picture.svg.contains(">3</text>"));
    assert!(picture.legend.contains("sans coordonnées"));
}

#[test]
fn text_is_escaped() {
    let mut spec = mali();
    spec.markers[0].title = "<script>\"x\" & y".into();
    spec.title = "a < b".into();
    let picture = draw(atlas(), &spec);
    assert!(picture.svg.contains("&lt;script&gt;&quot;x&quot; &amp; y"));
    assert!(!picture.svg.contains("<script>"));
    roxmltree::Document::parse(&picture.svg).expect("still well-formed");
}

#[test]
fn nothing_to_place_draws_nothing() {
    let spec = MapSpec {
        countries: vec![country("ZZ", "Nowhere", true)],
        markers: vec![],
        ..mali()
    };
    let picture = draw(atlas(), &spec);
    assert!(picture.is_empty() && picture.legend.is_empty());
}

#[test]
fn a_locator_links_its_coordinates_to_openstreetmap() {
    let spec = MapSpec {
        countries: vec![country("ML", "Mali", true)],
        markers: vec![event(14.53, -12.12, EventKind::Attack, "Diboli")],
        size: MapSize::Small,
        ..mali()
    };
    let compass = Compass {
        north: "N".into(),
        south: "S".into(),
        east: "E".into(),
        west: "O".into(),
    };
    let picture = locator(atlas(), &spec, &compass);
    assert_eq!(view_box(&picture.svg)[0], 300.0);
    assert!(
        picture
            .legend
            .contains("https://www.openstreetmap.org/?mlat=14.5300&amp;mlon=-12.1200")
    );
    assert!(picture.legend.contains(">14.53° N, 12.12° O</a>"));
}

#[test]
fn clipping_cuts_rings_to_the_rectangle() {
    let clip = Clip {
        x0: 0.0,
        y0: 0.0,
        x1: 10.0,
        y1: 10.0,
    };
    let square = [[-5.0, -5.0], [5.0, -5.0], [5.0, 5.0], [-5.0, 5.0]];
    let cut = clip.ring(&square);
    assert!(cut.iter().all(|p| p[0] >= 0.0 && p[1] >= 0.0));
    assert!(cut.contains(&[5.0, 5.0]) && cut.contains(&[0.0, 0.0]));
    assert!(
        clip.ring(&[[20.0, 20.0], [30.0, 20.0], [30.0, 30.0]])
            .is_empty()
    );
}

#[test]
fn regional_maps_stay_small() {
    // The Sahel: five countries in focus, a dozen events.
    let mut spec = mali();
    spec.countries = ["ML", "NE", "BF", "MR", "SN"]
        .iter()
        .map(|c| country(c, c, true))
        .collect();
    for i in 0..12 {
        let f = f64::from(i);
        spec.markers
            .push(event(12.0 + f * 0.5, -10.0 + f, EventKind::Attack, "x"));
    }
    let picture = draw(atlas(), &spec);
    assert!(picture.len() < 40_000, "{} bytes", picture.len());
    // Paths are written with one decimal at most.
    assert!(!picture.svg.contains(".00"));
}

#[test]
fn place_names_do_not_cover_each_other_or_a_marker() {
    let picture = draw(atlas(), &mali());
    let doc = roxmltree::Document::parse(&picture.svg).expect("well-formed");
    let boxes: Vec<(String, [f64; 4])> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("pic-place"))
        .map(|n| {
            let text = n.text().expect("a name").to_string();
            let get = |a| {
                n.attribute(a)
                    .and_then(|v: &str| v.parse::<f64>().ok())
                    .expect("x, y")
            };
            let (x, y, w) = (get("x"), get("y"), text_width(&text, 12.0));
            let x0 = match n.attribute("text-anchor") {
                Some("end") => x - w,
                Some("middle") => x - w / 2.0,
                _ => x,
            };
            (text, [x0, y - 12.0, x0 + w, y + 1.0])
        })
        .collect();
    assert_eq!(boxes.len(), 2, "{boxes:?}");
    let [(_, a), (_, b)] = [&boxes[0], &boxes[1]].map(Clone::clone);
    let apart = a[2] <= b[0] || b[2] <= a[0] || a[3] <= b[1] || b[3] <= a[1];
    assert!(apart, "{boxes:?}");
    for (name, other) in [("Diboli", "Kayes"), ("Kayes", "Diboli")] {
        let [cx, cy] = marker_centre(&picture.svg, other);
        let (_, bx) = boxes.iter().find(|(t, _)| t == name).expect("named");
        let covers = bx[0] < cx + 5.0 && bx[2] > cx - 5.0 && bx[1] < cy + 5.0 && bx[3] > cy - 5.0;
        assert!(!covers, "{name} covers the marker of {other}");
    }
}

#[test]
fn a_label_point_falls_inside_a_hollow_shape() {
    // A U: its bounding box's centre (5, 5) is outside, in the notch.
    let u = vec![
        [0.0, 0.0],
        [3.0, 0.0],
        [3.0, 7.0],
        [7.0, 7.0],
        [7.0, 0.0],
        [10.0, 0.0],
        [10.0, 10.0],
        [0.0, 10.0],
    ];
    let tiny = vec![[50.0, 50.0], [51.0, 50.0], [51.0, 51.0]];
    let [x, y] = label_point(&[tiny, u]).expect("a point");
    let in_notch = x > 3.0 && x < 7.0 && y < 7.0;
    assert!(
        !in_notch && (0.0..=10.0).contains(&x) && (0.0..=10.0).contains(&y),
        "{x} {y}"
    );
    assert!(label_point(&[]).is_none());
}

#[test]
fn a_remembered_locator_base_draws_the_same_bytes_as_a_fresh_one() {
    let spec = |lat: f64, lon: f64, title: &str| MapSpec {
        id: "map-event".into(),
        title: title.into(),
        countries: vec![country("ML", "Mali", true)],
        markers: vec![event(lat, lon, EventKind::Attack, title)],
        size: MapSize::Small,
        ..mali()
    };
    let shared = Atlas::embedded();
    let first = draw(&shared, &spec(14.53, -12.12, "Diboli"));
    let second = draw(&shared, &spec(14.45, -11.44, "Kayes"));
    let again = draw(&shared, &spec(14.53, -12.12, "Diboli"));
    assert_eq!(first, again);
    assert_eq!(
        second,
        draw(&Atlas::embedded(), &spec(14.45, -11.44, "Kayes"))
    );
    assert!(second.svg.contains(">Kayes</text>") && !second.svg.contains(">Diboli</text>"));
}
