use super::*;

fn month(text: &str) -> YearMonth {
    YearMonth::parse(text).expect("a month")
}

fn bar(m: &str, events: u32, fatalities: u32) -> MonthBar {
    MonthBar {
        month: month(m),
        events,
        fatalities,
        url: Some(format!("/digest/{m}/")),
        title: format!("{m}: {events} événements, {fatalities} morts"),
    }
}

fn words() -> ChartWords {
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

fn spec(months: Vec<MonthBar>) -> ActivitySpec {
    ActivitySpec {
        id: "activity".into(),
        title: "Activité mensuelle au Mali".into(),
        described_by: None,
        months,
        range: None,
        words: words(),
    }
}

fn parse(svg: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse(svg).expect("the SVG is well-formed XML")
}

#[test]
fn months_roll_over_the_year() {
    assert_eq!(month("2024-12").next(), month("2025-01"));
    assert!(YearMonth::new(2025, 0).is_none());
    assert!(YearMonth::parse("2025-7").is_none());
    assert!(month("2024-12") < month("2025-01"));
}

#[test]
fn gaps_between_the_first_and_last_month_are_filled_with_nothing() {
    let bars = [bar("2024-11", 2, 0), bar("2025-03", 1, 4)];
    let slots = fill(&bars, None);
    let months: Vec<String> = slots.iter().map(|s| s.month.to_string()).collect();
    assert_eq!(
        months,
        ["2024-11", "2024-12", "2025-01", "2025-02", "2025-03"]
    );
    let with_data: Vec<bool> = slots.iter().map(|s| s.bar.is_some()).collect();
    assert_eq!(with_data, [true, false, false, false, true]);
}

#[test]
fn a_range_widens_the_axis() {
    let bars = [bar("2025-02", 2, 0)];
    let slots = fill(&bars, Some((month("2025-01"), month("2025-04"))));
    assert_eq!(slots.len(), 4);
    assert!(fill(&[], None).is_empty());
}

#[test]
fn each_month_with_data_is_one_link_to_its_digest() {
    let chart = activity(&spec(vec![
        bar("2025-07", 3, 12),
        bar("2025-02", 1, 0),
        bar("2024-05", 3, 0),
    ]));
    let doc = parse(&chart.svg);
    let links: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("a"))
        .filter_map(|n| n.attribute("href"))
        .collect();
    assert_eq!(
        links,
        ["/digest/2024-05/", "/digest/2025-02/", "/digest/2025-07/"]
    );
    for a in doc.descendants().filter(|n| n.has_tag_name("a")) {
        let title = a.first_element_child().expect("a title");
        assert!(title.has_tag_name("title"));
    }
    // 15 months on the axis, 3 with bars: the 12 gaps draw no bar.
    let bars = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("pic-bar"))
        .count();
    assert_eq!(bars, 3);
    let fatality_bars = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("pic-bar pic-bar-fatalities"))
        .count();
    assert_eq!(fatality_bars, 1);
}

#[test]
fn bars_are_placed_by_month_with_the_gaps_between_them() {
    let chart = activity(&spec(vec![bar("2025-01", 2, 0), bar("2025-04", 2, 0)]));
    let doc = parse(&chart.svg);
    let xs: Vec<f64> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("pic-bar"))
        .map(|n| n.attribute("x").and_then(|x| x.parse().ok()).expect("x"))
        .collect();
    // Four slots of 140 px: the second bar is three slots after the first.
    assert!((xs[1] - xs[0] - 3.0 * 140.0).abs() < 0.2, "{xs:?}");
}

#[test]
fn bar_heights_follow_the_values_on_a_nice_scale() {
    let chart = activity(&spec(vec![bar("2025-01", 4, 0), bar("2025-02", 2, 0)]));
    let doc = parse(&chart.svg);
    let heights: Vec<f64> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("pic-bar"))
        .map(|n| {
            n.attribute("height")
                .and_then(|h| h.parse().ok())
                .expect("h")
        })
        .collect();
    // The scale tops at 5: 4 is 72 px of 90, 2 is 36.
    assert_eq!(heights, [72.0, 36.0]);
    assert!(chart.svg.contains(">5</text>"));
}

#[test]
fn without_fatalities_the_second_panel_is_left_out() {
    let chart = activity(&spec(vec![bar("2025-01", 4, 0)]));
    assert!(!chart.svg.contains("Morts"));
    let with = activity(&spec(vec![bar("2025-01", 4, 2)]));
    assert!(with.svg.contains("Morts"));
}

#[test]
fn labels_thin_out_on_a_long_axis() {
    let bars: Vec<MonthBar> = (1..=12)
        .flat_map(|m| {
            [
                bar(&format!("2023-{m:02}"), 1, 0),
                bar(&format!("2024-{m:02}"), 1, 0),
            ]
        })
        .collect();
    let chart = activity(&spec(bars));
    let doc = parse(&chart.svg);
    let labels: Vec<&str> = doc
        .descendants()
        .filter(|n| {
            n.attribute("class") == Some("pic-tick") && n.attribute("text-anchor") == Some("middle")
        })
        .filter_map(|n| n.text())
        .collect();
    // 24 slots of 23 px: every second month.
    assert_eq!(labels.len(), 12, "{labels:?}");
    assert_eq!(labels[0], "janv.");
    assert_eq!(labels[1], "mars");
    assert!(chart.svg.contains(">2023</text>") && chart.svg.contains(">2024</text>"));
}

#[test]
fn the_same_months_give_the_same_bytes_in_any_order() {
    let a = activity(&spec(vec![bar("2025-07", 3, 12), bar("2025-02", 1, 0)]));
    let b = activity(&spec(vec![bar("2025-02", 1, 0), bar("2025-07", 3, 12)]));
    assert_eq!(a, b);
    assert!(activity(&spec(vec![])).is_empty());
}

#[test]
fn a_month_given_twice_is_added_up() {
    let chart = activity(&spec(vec![bar("2025-01", 1, 0), bar("2025-01", 3, 0)]));
    assert_eq!(chart.svg.matches("<a ").count(), 1);
    assert!(chart.svg.contains(">5</text>"), "the scale holds 4");
}

#[test]
fn sparklines_show_gaps_as_zero_and_share_a_scale() {
    let spark = Sparkline {
        label: "Mali : 6 événements de janv. 2025 à juin 2025".into(),
        counts: vec![(month("2025-01"), 2), (month("2025-06"), 4)],
        from: month("2025-01"),
        to: month("2025-06"),
        max: Some(8),
    };
    let svg = sparkline(&spark);
    let doc = parse(&svg);
    let svg_el = doc.root_element();
    assert_eq!(svg_el.attribute("role"), Some("img"));
    assert!(
        svg_el
            .attribute("aria-label")
            .is_some_and(|l| l.starts_with("Mali"))
    );
    let rects: Vec<(f64, f64)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("rect"))
        .map(|n| {
            let get = |a| {
                n.attribute(a)
                    .and_then(|v: &str| v.parse().ok())
                    .expect("number")
            };
            (get("x"), get("height"))
        })
        .collect();
    // Six months of 20 px; the gap months draw nothing.
    assert_eq!(rects.len(), 2);
    assert_eq!(rects[0].0, 0.0);
    assert_eq!(rects[1].0, 100.0);
    // 2 and 4 of a shared top of 8.
    assert!((rects[1].1 - 2.0 * rects[0].1).abs() < 0.2, "{rects:?}");
    assert!(rects[1].1 < 12.0);
}
