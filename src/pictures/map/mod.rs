//! Event maps: countries and events drawn from the [`Atlas`] into one SVG.
//!
//! Owns what a map shows and how: the frame fitted to the markers and the
//! countries in focus ([`Frame::fit`]), the outlines simplified for that
//! frame (points of less than [`MIN_AREA_PX`] square pixels of effective
//! area dropped, rings clipped just outside the picture), the countries a
//! page names (highlighted, linked, with the count of their events that have
//! no coordinates), the markers ([`marker`]) and the HTML legend.
//!
//! It hands on a [`Picture`]. It must not format a site URL (they come in
//! [`MapCountry::url`] and [`Marker::url`]) nor choose words: every word a
//! reader sees comes in the spec, in the page's language.

pub mod marker;

use std::fmt::Write;

use crate::content::EventKind;
use crate::pictures::Picture;
use crate::pictures::atlas::Atlas;
use crate::pictures::projection::{Frame, Layout};
use crate::pictures::svg::{PathData, Tenths, escape, num};
use crate::pictures::topojson::LonLat;

/// Points whose effective area is smaller than this, in square pixels at the
/// frame's scale, are dropped: a wiggle of two square pixels is at the edge
/// of what a reader sees, and dropping them keeps a 600 px map of a region
/// to a few kilobytes and its drawing under a millisecond.
pub const MIN_AREA_PX: f64 = 2.0;

/// The size of a map.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MapSize {
    /// A map for the width of the text (600 px): country pages, the events
    /// index, digests, the home page.
    Wide,
    /// A locator map (300 px): event pages.
    Small,
}

impl MapSize {
    fn layout(self) -> Layout {
        match self {
            MapSize::Wide => Layout {
                width: 600.0,
                min_aspect: 0.5,
                max_aspect: 0.8,
                margin: 24.0,
                min_span: 4.0,
            },
            MapSize::Small => Layout {
                width: 300.0,
                min_aspect: 0.6,
                max_aspect: 0.9,
                margin: 14.0,
                min_span: 3.0,
            },
        }
    }
}

/// How sure a marker's place is: ACLED's `geo_precision`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum GeoPrecision {
    /// 1: the place itself.
    Exact,
    /// 2: near the place (a part of a region, a nearby town).
    Near,
    /// 3: only the region is known.
    Region,
}

impl GeoPrecision {
    /// ACLED's code (1, 2, 3); anything else is `None`.
    pub fn from_acled(code: u8) -> Option<GeoPrecision> {
        match code {
            1 => Some(GeoPrecision::Exact),
            2 => Some(GeoPrecision::Near),
            3 => Some(GeoPrecision::Region),
            _ => None,
        }
    }

    /// The radius of the haze drawn around an imprecise marker, beyond the
    /// marker itself.
    fn haze(self) -> f64 {
        match self {
            GeoPrecision::Exact => 0.0,
            GeoPrecision::Near => 7.0,
            GeoPrecision::Region => 14.0,
        }
    }
}

/// A country a page names on its map.
#[derive(Debug, Clone, PartialEq)]
pub struct MapCountry {
    /// ISO 3166-1 alpha-2 (`ML`); a code the atlas does not know is drawn
    /// nowhere (the frame ignores it too).
    pub iso2: String,
    /// Its name in the page's language, written on the map when it fits.
    pub name: String,
    /// Its page, if the site has one: the shape becomes a link.
    pub url: Option<String>,
    /// The link's accessible name and tooltip (for example "Mali: 3 events
    /// without coordinates"); the name when empty.
    pub title: String,
    /// How many of the page's events have this country but no coordinates:
    /// drawn as a numbered badge on the country.
    pub unlocated: u32,
    /// Whether the frame is fitted to this country and it is highlighted
    /// (the country of a country page); otherwise it is only named and
    /// linked where the frame shows it (its neighbours).
    pub focus: bool,
}

/// An event placed on a map.
#[derive(Debug, Clone, PartialEq)]
pub struct Marker {
    /// Latitude in degrees.
    pub lat: f64,
    /// Longitude in degrees.
    pub lon: f64,
    /// Its kind: the marker's shape and colour.
    pub kind: EventKind,
    /// Fatalities, where known: the marker's size.
    pub fatalities: Option<u32>,
    /// The event's page: the marker becomes a link.
    pub url: Option<String>,
    /// The link's accessible name and tooltip (the event's title, date and
    /// place, in the page's language).
    pub title: String,
    /// A place name written beside the marker (for maps of a few events).
    pub label: Option<String>,
    /// How sure the place is.
    pub precision: GeoPrecision,
}

/// The words of a map's legend, in the page's language.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MapWords {
    /// The name of each kind of event (`attaque`); a kind missing here is
    /// written as in front matter.
    pub kinds: Vec<(EventKind, String)>,
    /// Legend of the haze of imprecise places ("approximate place").
    pub approximate: String,
    /// Legend of the badge on a country ("events without coordinates,
    /// counted on their country").
    pub unlocated: String,
    /// Legend of marker sizes ("size: fatalities, where known").
    pub fatalities: String,
}

impl MapWords {
    fn kind(&self, kind: EventKind) -> &str {
        self.kinds
            .iter()
            .find(|(k, _)| *k == kind)
            .map(|(_, word)| word.as_str())
            .unwrap_or(kind.as_str())
    }
}

/// Everything a map shows.
#[derive(Debug, Clone, PartialEq)]
pub struct MapSpec {
    /// An id unique on the page (`map`, `map-home`): the SVG's title gets
    /// `{id}-title`.
    pub id: String,
    /// The map's accessible name ("Map of the events in Mali").
    pub title: String,
    /// The id of the element that lists the same events in text (the
    /// page's event list), for `aria-describedby`.
    pub described_by: Option<String>,
    /// Countries named on the map.
    pub countries: Vec<MapCountry>,
    /// Events with coordinates.
    pub markers: Vec<Marker>,
    /// The legend's words.
    pub words: MapWords,
    /// Its size.
    pub size: MapSize,
}

/// Compass letters for writing coordinates (`N`, `S`, `E`, `W`; French
/// writes `O` for west).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compass {
    /// North.
    pub north: String,
    /// South.
    pub south: String,
    /// East.
    pub east: String,
    /// West.
    pub west: String,
}

/// Draws a map; an empty picture when there is nothing to place (no marker,
/// no country the atlas knows).
pub fn draw(atlas: &Atlas, spec: &MapSpec) -> Picture {
    let Some(frame) = fit(atlas, spec) else {
        return Picture {
            svg: String::new(),
            legend: String::new(),
        };
    };
    Picture {
        svg: svg(atlas, spec, &frame),
        legend: legend(spec),
    }
}

/// Draws a locator map: [`draw`] with the first marker's coordinates
/// written under it and linked to OpenStreetMap, in place of the legend.
pub fn locator(atlas: &Atlas, spec: &MapSpec, compass: &Compass) -> Picture {
    let mut picture = draw(atlas, spec);
    if let (false, Some(place)) = (picture.is_empty(), spec.markers.first()) {
        picture.legend = format!(
            "<p class=\"pic-coords\"><a href=\"{}\">{}</a></p>",
            escape(&osm_url(place.lat, place.lon)),
            escape(&coordinates(place.lat, place.lon, compass))
        );
    }
    picture
}

/// The OpenStreetMap page of a point, zoomed to a town.
///
/// ```
/// use dossier::pictures::map::osm_url;
/// assert_eq!(
///     osm_url(14.53, -12.12),
///     "https://www.openstreetmap.org/?mlat=14.5300&mlon=-12.1200#map=11/14.5300/-12.1200"
/// );
/// ```
pub fn osm_url(lat: f64, lon: f64) -> String {
    format!("https://www.openstreetmap.org/?mlat={lat:.4}&mlon={lon:.4}#map=11/{lat:.4}/{lon:.4}")
}

/// Coordinates as a reader writes them: `14.53° N, 12.12° W`.
///
/// ```
/// use dossier::pictures::map::{coordinates, Compass};
/// let fr = Compass { north: "N".into(), south: "S".into(), east: "E".into(), west: "O".into() };
/// assert_eq!(coordinates(14.53, -12.12, &fr), "14.53° N, 12.12° O");
/// ```
pub fn coordinates(lat: f64, lon: f64, compass: &Compass) -> String {
    let ns = if lat < 0.0 {
        &compass.south
    } else {
        &compass.north
    };
    let ew = if lon < 0.0 {
        &compass.west
    } else {
        &compass.east
    };
    format!("{:.2}° {ns}, {:.2}° {ew}", lat.abs(), lon.abs())
}

/// The frame: fitted to the markers and to the mainland of the countries in
/// focus.
fn fit(atlas: &Atlas, spec: &MapSpec) -> Option<Frame> {
    let mut content: Vec<LonLat> = spec
        .markers
        .iter()
        .filter(|m| m.lat.is_finite() && m.lon.is_finite())
        .map(|m| [m.lon, m.lat])
        .collect();
    for country in spec.countries.iter().filter(|c| c.focus || c.unlocated > 0) {
        content.extend(atlas.mainland_points(&country.iso2));
    }
    Frame::fit(&content, &spec.size.layout())
}

/// The `<svg>` element.
fn svg(atlas: &Atlas, spec: &MapSpec, frame: &Frame) -> String {
    let id = escape(&spec.id);
    let mut out = String::with_capacity(16 * 1024);
    let _ = write!(
        out,
        "<svg class=\"pic-map pic-map-{size}\" viewBox=\"0 0 {w} {h}\" role=\"group\" aria-labelledby=\"{id}-title\"{described}>\
         <title id=\"{id}-title\">{title}</title>",
        size = match spec.size {
            MapSize::Wide => "wide",
            MapSize::Small => "small",
        },
        w = num(frame.width),
        h = num(frame.height),
        described = spec
            .described_by
            .as_deref()
            .map(|d| format!(" aria-describedby=\"{}\"", escape(d)))
            .unwrap_or_default(),
        title = escape(&spec.title),
    );
    let base = match spec.size {
        // Event pages draw the same country again and again: their base is
        // kept in the atlas's memo (the same input gives the same base).
        MapSize::Small => {
            let key = format!("{frame:?}|{:?}", spec.countries);
            atlas.locator_base(key, || base(atlas, spec, frame))
        }
        MapSize::Wide => std::sync::Arc::new(base(atlas, spec, frame)),
    };
    out.push_str(&base.svg);
    let mut labels = base.labels.clone();
    markers(spec, frame, &base.taken, &mut out, &mut labels);
    if !labels.is_empty() {
        let _ = write!(
            out,
            "<g aria-hidden=\"true\" paint-order=\"stroke\">{labels}</g>"
        );
    }
    out.push_str("</svg>");
    out
}

/// What a map draws before its markers: the land, the countries the page
/// names, their names, and the boxes those names and badges take.
#[derive(Debug)]
pub(crate) struct Base {
    svg: String,
    labels: String,
    taken: Vec<[f64; 4]>,
}

/// Draws the [`Base`] of a map.
fn base(atlas: &Atlas, spec: &MapSpec, frame: &Frame) -> Base {
    let mut drawing = Drawing::new(atlas, frame);
    let mut out = String::with_capacity(16 * 1024);
    // Countries the page names are drawn on their own; every other shape in
    // the frame goes into one background path.
    let named: Vec<&MapCountry> = spec
        .countries
        .iter()
        .filter(|c| atlas.has_country(&c.iso2))
        .collect();
    let is_named = |iso2: &Option<String>| {
        iso2.as_deref()
            .is_some_and(|code| named.iter().any(|c| c.iso2.eq_ignore_ascii_case(code)))
    };
    let (min, max) = frame.geo_bounds(1.0);
    let mut land = PathData::new();
    for (index, shape) in atlas.shapes().iter().enumerate() {
        let visible = shape.max[0] >= min[0]
            && shape.min[0] <= max[0]
            && shape.max[1] >= min[1]
            && shape.min[1] <= max[1];
        if visible && !is_named(&shape.iso2) {
            drawing.shape(index, &mut land);
        }
    }
    out.push_str("<g aria-hidden=\"true\">");
    if !land.is_empty() {
        let _ = write!(out, "<path class=\"pic-land\" d=\"{}\"/>", land.finish());
    }
    out.push_str("</g>");

    let mut labels = String::new();
    let mut country_boxes: Vec<[f64; 4]> = Vec::new();
    for country in &named {
        let mut path = PathData::new();
        let mut rings = Vec::new();
        for &index in atlas.shapes_of(&country.iso2) {
            rings.extend(drawing.shape(index, &mut path));
        }
        if path.is_empty() {
            continue;
        }
        let class = if country.focus {
            "pic-country pic-focus"
        } else {
            "pic-country"
        };
        let title = if country.title.is_empty() {
            &country.name
        } else {
            &country.title
        };
        let needs_spot = country.focus || unlocated_badge(country);
        let spot = if needs_spot {
            label_point(&rings)
        } else {
            None
        };
        let mut inner = format!(
            "<title>{}</title><path class=\"{class}\" d=\"{}\"/>",
            escape(title),
            path.finish()
        );
        if let (Some([x, y]), true) = (spot, unlocated_badge(country)) {
            let _ = write!(
                inner,
                "<circle class=\"pic-badge\" cx=\"{}\" cy=\"{}\" r=\"9\"/><text class=\"pic-badge-n\" x=\"{}\" y=\"{}\">{}</text>",
                num(x),
                num(y),
                num(x),
                num(y + 3.5),
                country.unlocated
            );
        }
        match &country.url {
            Some(url) => {
                let _ = write!(out, "<a href=\"{}\">{inner}</a>", escape(url));
            }
            None => {
                let _ = write!(out, "<g>{inner}</g>");
            }
        }
        if let Some([x, y]) = spot {
            // The name goes above the badge, or on the spot without one.
            let dy = if country.unlocated > 0 { -13.0 } else { 4.0 };
            let width = text_width(&country.name, 13.0) * 1.15;
            let fits = width < frame.width * 0.45;
            if unlocated_badge(country) {
                country_boxes.push([x - 10.0, y - 10.0, x + 10.0, y + 10.0]);
            }
            if country.focus && fits {
                country_boxes.push([
                    x - width / 2.0,
                    y + dy - 12.0,
                    x + width / 2.0,
                    y + dy + 2.0,
                ]);
                let _ = write!(
                    labels,
                    "<text class=\"pic-country-name\" x=\"{}\" y=\"{}\">{}</text>",
                    num(x),
                    num(y + dy),
                    escape(&country.name)
                );
            }
        }
    }

    Base {
        svg: out,
        labels,
        taken: country_boxes,
    }
}

/// Draws the markers (appended to `out`) and their place names (to
/// `labels`), keeping names off the boxes already `taken`.
fn markers(
    spec: &MapSpec,
    frame: &Frame,
    taken: &[[f64; 4]],
    out: &mut String,
    labels: &mut String,
) {
    let mut order: Vec<(usize, &Marker)> = spec
        .markers
        .iter()
        .filter(|m| m.lat.is_finite() && m.lon.is_finite())
        .enumerate()
        .collect();
    // Large markers first, so that small ones stay visible on top.
    order.sort_by(|a, b| {
        marker::radius(b.1.fatalities)
            .total_cmp(&marker::radius(a.1.fatalities))
            .then(a.0.cmp(&b.0))
    });
    // Every marker is an obstacle for the place names, and so is every name
    // already written.
    let mut placer = Placer {
        width: frame.width,
        height: frame.height,
        taken: taken.to_vec(),
    };
    let spots: Vec<([f64; 2], f64)> = order
        .iter()
        .map(|(_, m)| (frame.to_px([m.lon, m.lat]), marker::radius(m.fatalities)))
        .collect();
    let (positions, extents) = spread(&spots);
    for ([x, y], r) in &positions {
        placer.taken.push([x - r, y - r, x + r, y + r]);
    }
    let mut written: Vec<(Tenths, Tenths, &str)> = Vec::new();
    for ((_, m), &([x, y], r)) in order.iter().zip(&positions) {
        let class = marker::class(m.kind);
        let mut inner = format!("<title>{}</title>", escape(&m.title));
        let haze = m.precision.haze();
        if haze > 0.0 {
            let _ = write!(
                inner,
                "<circle class=\"pic-haze {class}\" cx=\"{}\" cy=\"{}\" r=\"{}\"/>",
                num(x),
                num(y),
                num(r + haze)
            );
        }
        let even_odd = if marker::shape(m.kind) == marker::Shape::Ring {
            " fill-rule=\"evenodd\""
        } else {
            ""
        };
        let _ = write!(
            inner,
            "<path class=\"pic-m {class}\"{even_odd} d=\"{}\"/>",
            marker::path(marker::shape(m.kind), x, y, r)
        );
        match &m.url {
            Some(url) => {
                let _ = write!(out, "<a href=\"{}\">{inner}</a>", escape(url));
            }
            None => {
                let _ = write!(out, "<g>{inner}</g>");
            }
        }
    }
    // A place's name goes beside its spot, around the ring of markers
    // spread there.
    for ((_, m), (&([x, y], _), &r)) in order.iter().zip(spots.iter().zip(&extents)) {
        let Some(label) = m.label.as_deref().filter(|l| !l.is_empty()) else {
            continue;
        };
        let key = (Tenths::of(x), Tenths::of(y), label);
        if written.contains(&key) {
            continue;
        }
        written.push(key);
        if let Some((lx, ly, anchor)) = placer.place(x, y, r, text_width(label, 12.0)) {
            let _ = write!(
                labels,
                "<text class=\"pic-place\" x=\"{}\" y=\"{}\"{anchor}>{}</text>",
                num(lx),
                num(ly),
                escape(label)
            );
        }
    }
}

/// The most a ring of markers sharing a spot reaches from it, in marker
/// radii: beyond, a crowded town's markers overlap instead of covering the
/// map.
const MAX_RING: f64 = 3.0;

/// Spreads markers that fall on the same spot (within half a pixel: the
/// events of one town, one village), in their order, on a ring around it,
/// the first at the top and turning clockwise, close enough that each stays
/// visible and a link of its own; a marker alone stays where it is.
/// Returns each marker's position and radius, and the radius its spot
/// takes (its ring's and its own), for placing the spot's name.
///
/// ```text
/// two markers of radius 5 at (100, 100): (100, 95) and (100, 105)
/// ```
fn spread(spots: &[([f64; 2], f64)]) -> (Vec<([f64; 2], f64)>, Vec<f64>) {
    let key = |[x, y]: [f64; 2]| ((x * 2.0).round() as i64, (y * 2.0).round() as i64);
    let mut groups: std::collections::BTreeMap<(i64, i64), Vec<usize>> = Default::default();
    for (k, (point, _)) in spots.iter().enumerate() {
        groups.entry(key(*point)).or_default().push(k);
    }
    let mut positions = spots.to_vec();
    let mut extents: Vec<f64> = spots.iter().map(|(_, r)| *r).collect();
    for members in groups.values().filter(|m| m.len() > 1) {
        let n = members.len() as f64;
        let [cx, cy] = spots[members[0]].0;
        let widest = members.iter().map(|k| spots[*k].1).fold(0.0_f64, f64::max);
        let ring = (widest / (std::f64::consts::PI / n).sin()).min(MAX_RING * widest);
        for (j, &k) in members.iter().enumerate() {
            let angle = -std::f64::consts::FRAC_PI_2 + std::f64::consts::TAU * j as f64 / n;
            positions[k].0 = [cx + ring * angle.cos(), cy + ring * angle.sin()];
            extents[k] = ring + widest;
        }
    }
    (positions, extents)
}

/// Whether a country gets a badge with the count of its events without
/// coordinates.
fn unlocated_badge(country: &MapCountry) -> bool {
    country.unlocated > 0
}

/// Places names beside markers without covering a marker, a badge or
/// another name: the first free spot of right, left, above, below; none
/// when all four are taken (the marker's tooltip still names the place).
struct Placer {
    width: f64,
    height: f64,
    /// Boxes already taken: `[x0, y0, x1, y1]`.
    taken: Vec<[f64; 4]>,
}

impl Placer {
    /// Where a name `width` wide goes beside a marker of radius `r` at
    /// `(x, y)`: its text position and anchor.
    fn place(&mut self, x: f64, y: f64, r: f64, width: f64) -> Option<(f64, f64, &'static str)> {
        let own = [x - r, y - r, x + r, y + r];
        let gap = r + 4.0;
        let candidates = [
            (
                x + gap,
                y + 4.0,
                "",
                [x + gap, y - 8.0, x + gap + width, y + 5.0],
            ),
            (
                x - gap,
                y + 4.0,
                " text-anchor=\"end\"",
                [x - gap - width, y - 8.0, x - gap, y + 5.0],
            ),
            (
                x,
                y - gap - 2.0,
                " text-anchor=\"middle\"",
                [
                    x - width / 2.0,
                    y - gap - 14.0,
                    x + width / 2.0,
                    y - gap + 1.0,
                ],
            ),
            (
                x,
                y + gap + 11.0,
                " text-anchor=\"middle\"",
                [x - width / 2.0, y + gap, x + width / 2.0, y + gap + 14.0],
            ),
        ];
        let free = |b: &[f64; 4], taken: &[[f64; 4]]| {
            b[0] >= 1.0
                && b[1] >= 1.0
                && b[2] <= self.width - 1.0
                && b[3] <= self.height - 1.0
                && taken
                    .iter()
                    .filter(|t| **t != own)
                    .all(|t| t[2] <= b[0] || t[0] >= b[2] || t[3] <= b[1] || t[1] >= b[3])
        };
        let (lx, ly, anchor, bounds) = candidates
            .into_iter()
            .find(|(_, _, _, b)| free(b, &self.taken))?;
        self.taken.push(bounds);
        Some((lx, ly, anchor))
    }
}

/// The HTML legend: the kinds present, then what the haze, the badge and
/// the sizes mean when the map has them.
fn legend(spec: &MapSpec) -> String {
    let mut items = String::new();
    for (_, kind) in EventKind::ALL {
        if spec.markers.iter().any(|m| m.kind == kind) {
            let even_odd = if marker::shape(kind) == marker::Shape::Ring {
                " fill-rule=\"evenodd\""
            } else {
                ""
            };
            let _ = write!(
                items,
                "<li>{}{}</li>",
                key(&format!(
                    "<path class=\"pic-m {}\"{even_odd} d=\"{}\"/>",
                    marker::class(kind),
                    marker::path(marker::shape(kind), 0.0, 0.0, 5.0)
                )),
                escape(spec.words.kind(kind))
            );
        }
    }
    if spec
        .markers
        .iter()
        .any(|m| m.precision > GeoPrecision::Exact)
    {
        let _ = write!(
            items,
            "<li>{}{}</li>",
            key(
                "<circle class=\"pic-haze pic-k-other\" r=\"8\"/><circle class=\"pic-m pic-k-other\" r=\"3\"/>"
            ),
            escape(&spec.words.approximate)
        );
    }
    if spec.countries.iter().any(|c| c.unlocated > 0) {
        let _ = write!(
            items,
            "<li>{}{}</li>",
            key(
                "<circle class=\"pic-badge\" r=\"8\"/><text class=\"pic-badge-n\" y=\"3.5\">n</text>"
            ),
            escape(&spec.words.unlocated)
        );
    }
    if spec
        .markers
        .iter()
        .any(|m| m.fatalities.is_some_and(|f| f > 0))
    {
        let _ = write!(
            items,
            "<li>{}{}</li>",
            key(
                "<circle class=\"pic-m pic-size\" cx=\"-4\" r=\"2.5\"/><circle class=\"pic-m pic-size\" cx=\"3\" r=\"5\"/>"
            ),
            escape(&spec.words.fatalities)
        );
    }
    if items.is_empty() {
        String::new()
    } else {
        format!("<ul class=\"pic-legend\">{items}</ul>")
    }
}

/// A small decorative SVG for a legend entry.
fn key(inner: &str) -> String {
    format!("<svg class=\"pic-key\" viewBox=\"-10 -10 20 20\" aria-hidden=\"true\">{inner}</svg>")
}

/// An estimate of the width of a text in the theme's sans-serif at `size`
/// (half an em a character is generous for Latin text).
pub(crate) fn text_width(text: &str, size: f64) -> f64 {
    text.chars().count() as f64 * size * 0.55
}

/// A point inside the largest ring, where a country's name and badge go:
/// the middle of the widest stretch inside the ring along five horizontal
/// lines across it (a scanline, linear in the ring's points; `geo`'s
/// `InteriorPoint` was a hundred times slower here).
fn label_point(rings: &[Vec<[f64; 2]>]) -> Option<[f64; 2]> {
    let area = |ring: &Vec<[f64; 2]>| {
        let n = ring.len();
        (0..n)
            .map(|i| {
                let (a, b) = (ring[i], ring[(i + 1) % n]);
                a[0] * b[1] - b[0] * a[1]
            })
            .sum::<f64>()
            .abs()
    };
    let ring = rings.iter().max_by(|a, b| area(a).total_cmp(&area(b)))?;
    let (top, bottom) = ring
        .iter()
        .fold((f64::MAX, f64::MIN), |(t, b), p| (t.min(p[1]), b.max(p[1])));
    let mut best: Option<(f64, [f64; 2])> = None;
    for share in [0.5, 0.4, 0.6, 0.3, 0.7] {
        let y = top + share * (bottom - top);
        let mut xs: Vec<f64> = (0..ring.len())
            .filter_map(|i| {
                let (a, b) = (ring[i], ring[(i + 1) % ring.len()]);
                ((a[1] > y) != (b[1] > y))
                    .then(|| a[0] + (y - a[1]) / (b[1] - a[1]) * (b[0] - a[0]))
            })
            .collect();
        xs.sort_by(f64::total_cmp);
        for pair in xs.chunks_exact(2) {
            let width = pair[1] - pair[0];
            if best.is_none_or(|(w, _)| width > w * 1.25) {
                best = Some((width, [(pair[0] + pair[1]) / 2.0, y]));
            }
        }
    }
    best.map(|(_, point)| point)
}

/// The outlines of one frame: arcs projected once (a border is shared by
/// two shapes), simplified and clipped.
struct Drawing<'a> {
    atlas: &'a Atlas,
    frame: &'a Frame,
    /// Smallest effective area kept, in square degrees.
    min_area: f64,
    /// Projected arcs, by arc index, as they are first needed.
    projected: Vec<Option<Vec<[f64; 2]>>>,
}

impl<'a> Drawing<'a> {
    fn new(atlas: &'a Atlas, frame: &'a Frame) -> Drawing<'a> {
        let ppd = frame.px_per_degree();
        Drawing {
            atlas,
            frame,
            min_area: MIN_AREA_PX / (ppd * ppd),
            projected: vec![None; atlas.arcs().len()],
        }
    }

    /// Appends the rings of a shape to `path`; returns them in pixels (for
    /// placing a label).
    fn shape(&mut self, index: usize, path: &mut PathData) -> Vec<Vec<[f64; 2]>> {
        let atlas = self.atlas;
        let clip = Clip {
            x0: -4.0,
            y0: -4.0,
            x1: self.frame.width + 4.0,
            y1: self.frame.height + 4.0,
        };
        let mut drawn = Vec::new();
        for polygon in &atlas.shapes()[index].polygons {
            for ring in polygon {
                let mut points: Vec<[f64; 2]> = Vec::new();
                for arc in ring {
                    let projected = self.arc(arc.index);
                    let skip = usize::from(!points.is_empty());
                    if arc.reversed {
                        points.extend(projected.iter().rev().skip(skip));
                    } else {
                        points.extend(projected.iter().skip(skip));
                    }
                }
                let clipped = clip.ring(&points);
                if let Some(rounded) = rounded_ring(&clipped) {
                    path.move_to(rounded[0].0, rounded[0].1);
                    for &(x, y) in &rounded[1..] {
                        path.line_to(x, y);
                    }
                    path.close();
                    drawn.push(clipped);
                }
            }
        }
        drawn
    }

    /// The kept points of an arc, in pixels.
    fn arc(&mut self, index: usize) -> &[[f64; 2]] {
        let (atlas, frame, min_area) = (self.atlas, self.frame, self.min_area);
        self.projected[index].get_or_insert_with(|| {
            let arc = &atlas.arcs()[index];
            arc.trig
                .iter()
                .zip(&arc.areas)
                .filter(|(_, area)| **area >= min_area)
                .map(|(point, _)| frame.trig_to_px(point))
                .collect()
        })
    }
}

/// A ring rounded to tenths of a pixel, repeated points dropped; `None`
/// when too little is left to see (fewer than three points, or less than a
/// pixel across).
fn rounded_ring(points: &[[f64; 2]]) -> Option<Vec<(i64, i64)>> {
    let mut rounded: Vec<(i64, i64)> = Vec::with_capacity(points.len());
    for &[x, y] in points {
        let p = (Tenths::of(x).0, Tenths::of(y).0);
        if rounded.last() != Some(&p) {
            rounded.push(p);
        }
    }
    while rounded.len() > 1 && rounded.first() == rounded.last() {
        rounded.pop();
    }
    if rounded.len() < 3 {
        return None;
    }
    let (mut x0, mut x1, mut y0, mut y1) = (i64::MAX, i64::MIN, i64::MAX, i64::MIN);
    for &(x, y) in &rounded {
        (x0, x1, y0, y1) = (x0.min(x), x1.max(x), y0.min(y), y1.max(y));
    }
    let across = (x1 - x0).max(y1 - y0);
    (across >= 10).then_some(rounded)
}

/// The rectangle rings are clipped to: the picture and a few pixels more,
/// so that the cut edges fall outside what is seen.
struct Clip {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

impl Clip {
    /// Sutherland–Hodgman: a ring cut to the rectangle (the cut runs along
    /// its edges); empty when the ring lies outside.
    fn ring(&self, ring: &[[f64; 2]]) -> Vec<[f64; 2]> {
        let inside_all = ring
            .iter()
            .all(|p| p[0] >= self.x0 && p[0] <= self.x1 && p[1] >= self.y0 && p[1] <= self.y1);
        if inside_all {
            return ring.to_vec();
        }
        let mut points = ring.to_vec();
        for edge in 0..4 {
            if points.is_empty() {
                break;
            }
            let inside = |p: &[f64; 2]| match edge {
                0 => p[0] >= self.x0,
                1 => p[0] <= self.x1,
                2 => p[1] >= self.y0,
                _ => p[1] <= self.y1,
            };
            let cross = |a: &[f64; 2], b: &[f64; 2]| {
                let t = match edge {
                    0 => (self.x0 - a[0]) / (b[0] - a[0]),
                    1 => (self.x1 - a[0]) / (b[0] - a[0]),
                    2 => (self.y0 - a[1]) / (b[1] - a[1]),
                    _ => (self.y1 - a[1]) / (b[1] - a[1]),
                };
                [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])]
            };
            let mut out = Vec::with_capacity(points.len());
            for i in 0..points.len() {
                let current = &points[i];
                let previous = &points[(i + points.len() - 1) % points.len()];
                match (inside(previous), inside(current)) {
                    (true, true) => out.push(*current),
                    (true, false) => out.push(cross(previous, current)),
                    (false, true) => {
                        out.push(cross(previous, current));
                        out.push(*current);
                    }
                    (false, false) => {}
                }
            }
            points = out;
        }
        points
    }
}

#[cfg(test)]
mod tests;
