//! Decoding TopoJSON (the format of the vendored Natural Earth outlines).
//!
//! Owns the reading of a topology: its arcs (delta-decoded and
//! de-quantized into longitude/latitude), and its objects' polygons as rings
//! of arc references, with their `id` and `properties`. Hands on a
//! [`Topology`] that keeps the arcs shared: two countries that border each
//! other refer to the same arc, which is what finds neighbours and keeps
//! simplified borders identical on both sides.
//!
//! Why not a crate: `topojson` 0.5.1 (georust) depends on `geojson` before
//! 0.24 while the current `geojson` is 1.0, and it converts to GeoJSON,
//! which drops the shared arcs that this module exists to keep. This module
//! reads what the TopoJSON specification 1.0 defines for polygons; points
//! and lines are read as features without polygons (nothing here draws
//! them). It must not know about countries or drawing.

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, SeqAccess, Visitor};

/// A longitude and a latitude, in degrees.
pub type LonLat = [f64; 2];

/// Why a text could not be read as a topology.
#[derive(Debug, thiserror::Error)]
pub enum TopoError {
    /// The text is not JSON of the expected shape.
    #[error("the text is not TopoJSON: {0}")]
    Json(#[from] serde_json::Error),
    /// The top-level `type` is not `Topology`.
    #[error("expected `\"type\": \"Topology\"`, found `{0}`")]
    NotTopology(String),
    /// A geometry refers to an arc that the topology does not have.
    #[error("a geometry refers to arc {index}, but the topology has {count} arcs")]
    ArcOutOfRange {
        /// The index as written (negative for a reversed arc).
        index: i64,
        /// How many arcs there are.
        count: usize,
    },
    /// A polygon's `arcs` is not a list of rings of arc indexes.
    #[error("the arcs of a `{0}` are not nested as the specification says")]
    BadArcs(String),
}

/// One use of an arc in a ring: which arc, and whether it is walked
/// backwards (written `~index`, that is `-index - 1`, in the file).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct ArcRef {
    /// Index into [`Topology::arcs`].
    pub index: usize,
    /// True when the arc is walked from its last point to its first.
    pub reversed: bool,
}

/// A closed ring: arcs walked in order, each starting where the previous
/// ended.
pub type Ring = Vec<ArcRef>;

/// A polygon: its exterior ring, then its holes.
pub type Polygon = Vec<Ring>;

/// One geometry of an object, with what the file says of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Feature {
    /// `id` as written (a number is written in decimal).
    pub id: Option<String>,
    /// `properties`, if any.
    pub properties: BTreeMap<String, serde_json::Value>,
    /// The polygons of a `Polygon` or `MultiPolygon`; empty for other types.
    pub polygons: Vec<Polygon>,
}

impl Feature {
    /// A string property (`name`, `a3`…).
    pub fn property(&self, key: &str) -> Option<&str> {
        self.properties.get(key).and_then(|v| v.as_str())
    }
}

/// A decoded topology: arcs in longitude/latitude, objects by name.
#[derive(Debug, Clone, PartialEq)]
pub struct Topology {
    /// Every arc, as absolute positions in degrees.
    pub arcs: Vec<Vec<LonLat>>,
    /// Each object's features (a `GeometryCollection` gives one feature per
    /// geometry; any other geometry gives one feature).
    pub objects: BTreeMap<String, Vec<Feature>>,
}

impl Topology {
    /// Reads a TopoJSON text.
    ///
    /// ```
    /// use dossier::pictures::topojson::Topology;
    /// let text = r#"{"type":"Topology","transform":{"scale":[1,1],"translate":[0,0]},
    ///   "arcs":[[[0,0],[1,0],[0,1],[-1,0],[0,-1]]],
    ///   "objects":{"square":{"type":"Polygon","arcs":[[0]],"id":"1"}}}"#;
    /// let topology = Topology::parse(text).unwrap();
    /// assert_eq!(topology.arcs[0][2], [1.0, 1.0]);
    /// ```
    pub fn parse(text: &str) -> Result<Topology, TopoError> {
        let raw: RawTopology = serde_json::from_str(text)?;
        if raw.kind != "Topology" {
            return Err(TopoError::NotTopology(raw.kind));
        }
        let arcs = decode_arcs(raw.arcs, raw.transform.as_ref());
        let mut objects = BTreeMap::new();
        for (name, geometry) in raw.objects {
            let mut features = Vec::new();
            collect_features(geometry, arcs.len(), &mut features)?;
            objects.insert(name, features);
        }
        Ok(Topology { arcs, objects })
    }

    /// The points of a ring, arcs stitched: the first point of each arc after
    /// the first is the last point of the one before, and is not repeated.
    pub fn ring_points(&self, ring: &[ArcRef]) -> Vec<LonLat> {
        let mut points: Vec<LonLat> = Vec::new();
        for arc in ring {
            let positions = &self.arcs[arc.index];
            let skip = usize::from(!points.is_empty());
            if arc.reversed {
                points.extend(positions.iter().rev().skip(skip));
            } else {
                points.extend(positions.iter().skip(skip));
            }
        }
        points
    }
}

/// Turns the file's positions into absolute longitude/latitude: a quantized
/// topology (one with a `transform`) stores each arc's positions as deltas
/// from the previous one, in integer steps of `scale`.
fn decode_arcs(raw: Vec<Vec<Position>>, transform: Option<&RawTransform>) -> Vec<Vec<LonLat>> {
    raw.into_iter()
        .map(|arc| match transform {
            Some(t) => {
                let (mut x, mut y) = (0.0, 0.0);
                arc.into_iter()
                    .map(|Position([dx, dy])| {
                        x += dx;
                        y += dy;
                        [
                            x * t.scale[0] + t.translate[0],
                            y * t.scale[1] + t.translate[1],
                        ]
                    })
                    .collect()
            }
            None => arc.into_iter().map(|Position(p)| p).collect(),
        })
        .collect()
}

/// Flattens a geometry (collections included) into features.
fn collect_features(
    geometry: RawGeometry,
    arc_count: usize,
    out: &mut Vec<Feature>,
) -> Result<(), TopoError> {
    let kind = geometry.kind.unwrap_or_default();
    if kind == "GeometryCollection" {
        for inner in geometry.geometries.unwrap_or_default() {
            collect_features(inner, arc_count, out)?;
        }
        return Ok(());
    }
    let polygons = match (kind.as_str(), geometry.arcs) {
        ("Polygon", Some(arcs)) => vec![polygon(&arcs, arc_count, &kind)?],
        ("MultiPolygon", Some(arcs)) => arcs
            .as_array()
            .ok_or_else(|| TopoError::BadArcs(kind.clone()))?
            .iter()
            .map(|p| polygon(p, arc_count, &kind))
            .collect::<Result<_, _>>()?,
        _ => Vec::new(),
    };
    let id = geometry.id.map(|id| match id {
        serde_json::Value::String(s) => s,
        other => other.to_string(),
    });
    out.push(Feature {
        id,
        properties: geometry.properties.unwrap_or_default(),
        polygons,
    });
    Ok(())
}

/// Reads `[[i, j…], [k…]]`: a polygon's rings of arc indexes.
fn polygon(value: &serde_json::Value, arc_count: usize, kind: &str) -> Result<Polygon, TopoError> {
    let bad = || TopoError::BadArcs(kind.to_string());
    value
        .as_array()
        .ok_or_else(bad)?
        .iter()
        .map(|ring| {
            ring.as_array()
                .ok_or_else(bad)?
                .iter()
                .map(|index| arc_ref(index.as_i64().ok_or_else(bad)?, arc_count))
                .collect()
        })
        .collect()
}

/// Reads one arc index: `i` walks arc `i` forwards, `~i` (`-i - 1`)
/// backwards.
fn arc_ref(index: i64, arc_count: usize) -> Result<ArcRef, TopoError> {
    let (position, reversed) = if index < 0 {
        (!index, true)
    } else {
        (index, false)
    };
    match usize::try_from(position) {
        Ok(i) if i < arc_count => Ok(ArcRef { index: i, reversed }),
        _ => Err(TopoError::ArcOutOfRange {
            index,
            count: arc_count,
        }),
    }
}

#[derive(Deserialize)]
struct RawTopology {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    transform: Option<RawTransform>,
    arcs: Vec<Vec<Position>>,
    objects: BTreeMap<String, RawGeometry>,
}

#[derive(Deserialize)]
struct RawTransform {
    scale: [f64; 2],
    translate: [f64; 2],
}

#[derive(Deserialize)]
struct RawGeometry {
    #[serde(rename = "type", default)]
    kind: Option<String>,
    #[serde(default)]
    id: Option<serde_json::Value>,
    #[serde(default)]
    properties: Option<BTreeMap<String, serde_json::Value>>,
    #[serde(default)]
    arcs: Option<serde_json::Value>,
    #[serde(default)]
    geometries: Option<Vec<RawGeometry>>,
}

/// A position: its first two numbers (the specification allows more, such
/// as an elevation, which nothing here uses).
struct Position([f64; 2]);

impl<'de> Deserialize<'de> for Position {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PositionVisitor;
        impl<'de> Visitor<'de> for PositionVisitor {
            type Value = Position;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a position: a list of at least two numbers")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Position, A::Error> {
                let x: f64 = seq
                    .next_element()?
                    .ok_or_else(|| de::Error::invalid_length(0, &self))?;
                let y: f64 = seq
                    .next_element()?
                    .ok_or_else(|| de::Error::invalid_length(1, &self))?;
                while seq.next_element::<de::IgnoredAny>()?.is_some() {}
                Ok(Position([x, y]))
            }
        }
        deserializer.deserialize_seq(PositionVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two unit squares side by side sharing the arc x = 1, quantized, as
    /// `topojson.topology` would write them.
    const TWO_SQUARES: &str = r#"{
      "type": "Topology",
      "transform": {"scale": [0.5, 0.25], "translate": [10, 20]},
      "arcs": [
        [[2, 0], [0, 4]],
        [[2, 4], [-2, 0], [0, -4], [2, 0]],
        [[2, 0], [2, 0], [0, 4], [-2, 0]]
      ],
      "objects": {
        "countries": {"type": "GeometryCollection", "geometries": [
          {"type": "Polygon", "arcs": [[0, 1]], "id": "001", "properties": {"name": "West"}},
          {"type": "MultiPolygon", "arcs": [[[2, -1]]], "id": 2, "properties": {"name": "East"}},
          {"type": null, "properties": {"name": "Nothing"}}
        ]}
      }
    }"#;

    #[test]
    fn quantized_arcs_are_delta_decoded_and_transformed() {
        let t = Topology::parse(TWO_SQUARES).expect("valid");
        assert_eq!(t.arcs[0], vec![[11.0, 20.0], [11.0, 21.0]]);
        assert_eq!(
            t.arcs[1],
            vec![[11.0, 21.0], [10.0, 21.0], [10.0, 20.0], [11.0, 20.0]]
        );
    }

    #[test]
    fn collections_give_one_feature_per_geometry_with_ids_and_names() {
        let t = Topology::parse(TWO_SQUARES).expect("valid");
        let features = &t.objects["countries"];
        assert_eq!(features.len(), 3);
        assert_eq!(features[0].id.as_deref(), Some("001"));
        assert_eq!(features[1].id.as_deref(), Some("2"));
        assert_eq!(features[2].id, None);
        assert_eq!(features[1].property("name"), Some("East"));
        assert!(features[2].polygons.is_empty());
    }

    #[test]
    fn reversed_arcs_are_walked_backwards_and_rings_close() {
        let t = Topology::parse(TWO_SQUARES).expect("valid");
        let east = &t.objects["countries"][1].polygons[0][0];
        assert_eq!(
            east,
            &vec![
                ArcRef {
                    index: 2,
                    reversed: false
                },
                ArcRef {
                    index: 0,
                    reversed: true
                }
            ]
        );
        let points = t.ring_points(east);
        assert_eq!(
            points,
            vec![
                [11.0, 20.0],
                [12.0, 20.0],
                [12.0, 21.0],
                [11.0, 21.0],
                [11.0, 20.0]
            ]
        );
        assert_eq!(points.first(), points.last());
    }

    #[test]
    fn the_shared_arc_is_one_arc_for_both_neighbours() {
        let t = Topology::parse(TWO_SQUARES).expect("valid");
        let uses = |f: &Feature| -> Vec<usize> {
            f.polygons
                .iter()
                .flatten()
                .flatten()
                .map(|a| a.index)
                .collect()
        };
        let features = &t.objects["countries"];
        assert!(uses(&features[0]).contains(&0));
        assert!(uses(&features[1]).contains(&0));
    }

    #[test]
    fn unquantized_positions_are_absolute_and_extra_numbers_ignored() {
        let text = r#"{"type":"Topology","arcs":[[[1.5,2,100],[3,4]]],"objects":{}}"#;
        let t = Topology::parse(text).expect("valid");
        assert_eq!(t.arcs[0], vec![[1.5, 2.0], [3.0, 4.0]]);
    }

    #[test]
    fn wrong_inputs_are_refused_with_a_reason() {
        let geojson = r#"{"type":"FeatureCollection","arcs":[],"objects":{}}"#;
        assert!(matches!(
            Topology::parse(geojson),
            Err(TopoError::NotTopology(kind)) if kind == "FeatureCollection"
        ));
        let out_of_range = r#"{"type":"Topology","arcs":[[[0,0],[1,1]]],"objects":{"a":{"type":"Polygon","arcs":[[-3]]}}}"#;
        assert!(matches!(
            Topology::parse(out_of_range),
            Err(TopoError::ArcOutOfRange {
                index: -3,
                count: 1
            })
        ));
        assert!(matches!(Topology::parse("[1,2"), Err(TopoError::Json(_))));
    }
}
