//! The site's data files (DESIGN §4): events as CSV, JSON and GeoJSON with
//! ACLED-like columns, the whole cross-reference graph as `graph.json`, and
//! the search index. Built with serde from typed rows, so field order (and so
//! the bytes) never change between builds.

use serde::Serialize;

use crate::content::{Kind, Meta};
use crate::graph::{DocIndex, Graph, How};

/// One event as a row of the exports.
#[derive(Debug, Serialize)]
pub struct EventRow {
    /// `events/<slug>`.
    pub id: String,
    /// ISO date at its precision (`2025-07`).
    pub date: String,
    /// `day`, `month` or `year`.
    pub precision: &'static str,
    /// Kind of event, as written in front matter.
    pub kind: Option<&'static str>,
    /// Names of its actors.
    pub actors: Vec<String>,
    /// Name of its country (the location's, else the first listed).
    pub country: Option<String>,
    /// Place name.
    pub location: Option<String>,
    /// Latitude.
    pub lat: Option<f64>,
    /// Longitude.
    pub lon: Option<f64>,
    /// Fatalities.
    pub fatalities: Option<u64>,
    /// Titles of its sources.
    pub sources: Vec<String>,
}

/// Every built event, oldest first, as export rows.
pub fn event_rows(graph: &Graph, events: &[DocIndex]) -> Vec<EventRow> {
    events
        .iter()
        .filter_map(|&i| {
            let doc = graph.doc(i);
            let Meta::Event(event) = &doc.meta else {
                return None;
            };
            let names = |kind: Kind| -> Vec<String> {
                graph
                    .outgoing(i)
                    .iter()
                    .filter(|e| graph.doc(e.to).id.kind == kind && matches!(e.how, How::Field(_)))
                    .map(|e| graph.doc(e.to).title().to_string())
                    .collect()
            };
            let location_country = event
                .location
                .as_ref()
                .and_then(|l| l.country.as_ref())
                .and_then(|c| graph.resolve_field(c))
                .map(|c| graph.doc(c).title().to_string());
            Some(EventRow {
                id: doc.id.to_string(),
                date: event.date.to_string(),
                precision: match event.date.precision() {
                    crate::date::Precision::Day => "day",
                    crate::date::Precision::Month => "month",
                    crate::date::Precision::Year => "year",
                },
                kind: event.kind.map(|k| k.as_str()),
                actors: names(Kind::Actor),
                country: location_country.or_else(|| names(Kind::Country).into_iter().next()),
                location: event.location.as_ref().and_then(|l| l.name.clone()),
                lat: event.location.as_ref().and_then(|l| l.lat),
                lon: event.location.as_ref().and_then(|l| l.lon),
                fatalities: event.fatalities,
                sources: event.sources.iter().map(|s| s.title.clone()).collect(),
            })
        })
        .collect()
}

/// `events.csv`: one line per event; lists are joined with `; `, a `;` or
/// `\` inside an item escaped with `\` ([`list_cell`]).
pub fn events_csv(rows: &[EventRow]) -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let header = [
        "id",
        "date",
        "precision",
        "kind",
        "actors",
        "country",
        "location",
        "lat",
        "lon",
        "fatalities",
        "sources",
    ];
    writer.write_record(header).expect("writing to memory");
    for row in rows {
        let number = |n: Option<f64>| n.map(|n| n.to_string()).unwrap_or_default();
        writer
            .write_record([
                text_cell(&row.id).as_ref(),
                &row.date,
                row.precision,
                row.kind.unwrap_or(""),
                &text_cell(&list_cell(&row.actors)),
                &text_cell(row.country.as_deref().unwrap_or("")),
                &text_cell(row.location.as_deref().unwrap_or("")),
                &number(row.lat),
                &number(row.lon),
                &row.fatalities.map(|f| f.to_string()).unwrap_or_default(),
                &text_cell(&list_cell(&row.sources)),
            ])
            .expect("writing to memory");
    }
    writer.into_inner().expect("flushing to memory")
}

/// A text cell as a spreadsheet may open it: a text beginning with `=`,
/// `+`, `-`, `@`, a tab or a carriage return is a formula to Excel and
/// LibreOffice (`+cmd|calc` runs a program: CSV injection, issue #18), so
/// it is written after a `'`, as OWASP recommends. Numbers are written by
/// the callers of this function, never through it, and stay numbers
/// (`-1.63`).
fn text_cell(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{text}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// A list as one CSV cell: items joined with `; `, a `;` inside an item
/// written `\;` and a `\` written `\\`, so that the cell splits back into
/// its items whatever they hold (issue #19: a name with `;` could not be
/// told from two names).
fn list_cell(items: &[String]) -> String {
    items
        .iter()
        .map(|item| item.replace('\\', "\\\\").replace(';', "\\;"))
        .collect::<Vec<_>>()
        .join("; ")
}

/// `events.json`: the rows as a JSON array.
pub fn events_json(rows: &[EventRow]) -> Vec<u8> {
    pretty(&rows)
}

/// `events.geojson`: a FeatureCollection of the events that have both
/// coordinates (the others are left out of this file only).
pub fn events_geojson(rows: &[EventRow]) -> Vec<u8> {
    #[derive(Serialize)]
    struct Collection<'a> {
        r#type: &'static str,
        features: Vec<Feature<'a>>,
    }
    #[derive(Serialize)]
    struct Feature<'a> {
        r#type: &'static str,
        id: &'a str,
        geometry: Point,
        properties: &'a EventRow,
    }
    #[derive(Serialize)]
    struct Point {
        r#type: &'static str,
        coordinates: [f64; 2],
    }
    let features = rows
        .iter()
        .filter_map(|row| {
            Some(Feature {
                r#type: "Feature",
                id: &row.id,
                geometry: Point {
                    r#type: "Point",
                    coordinates: [row.lon?, row.lat?],
                },
                properties: row,
            })
        })
        .collect();
    pretty(&Collection {
        r#type: "FeatureCollection",
        features,
    })
}

/// `graph.json`: every built document with a page that may leave the site
/// (`public`, issue #14) as a node, every reference between them as an
/// edge. The edges are written as they are read from the graph, with the
/// ids of their ends borrowed: made first as a list of owned strings, they
/// were 32 MB at 10,000 briefs beside the file itself (issue 17).
pub fn graph_json(
    graph: &Graph,
    public: &dyn Fn(DocIndex) -> bool,
    url: &dyn Fn(DocIndex) -> String,
) -> Vec<u8> {
    /// A document's id, written as `kind/slug` without a copy.
    struct Id<'g>(&'g crate::content::DocId);
    impl Serialize for Id<'_> {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.collect_str(self.0)
        }
    }
    #[derive(Serialize)]
    struct Node<'g> {
        id: Id<'g>,
        kind: &'static str,
        title: &'g str,
        url: String,
    }
    #[derive(Serialize)]
    struct Edge<'g> {
        from: Id<'g>,
        to: Id<'g>,
        how: &'static str,
    }
    /// Every edge between shown documents, in the order of `visible`.
    struct Edges<'g, 's> {
        graph: &'g Graph,
        visible: &'s [DocIndex],
        shown: &'s dyn Fn(DocIndex) -> bool,
    }
    impl Serialize for Edges<'_, '_> {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let graph = self.graph;
            serializer.collect_seq(
                self.visible
                    .iter()
                    .flat_map(|&i| graph.outgoing(i).iter())
                    .filter(|e| (self.shown)(e.to))
                    .map(|e| Edge {
                        from: Id(&graph.doc(e.from).id),
                        to: Id(&graph.doc(e.to).id),
                        how: match e.how {
                            How::Field(field) => field,
                            How::Body => "body",
                        },
                    }),
            )
        }
    }
    #[derive(Serialize)]
    struct Whole<'g, 's> {
        nodes: Vec<Node<'g>>,
        edges: Edges<'g, 's>,
    }
    let shown = |i: DocIndex| graph.is_visible(i) && graph.doc(i).id.kind.has_page() && public(i);
    let visible: Vec<DocIndex> = (0..graph.docs().len()).filter(|i| shown(*i)).collect();
    let nodes = visible
        .iter()
        .map(|&i| {
            let doc = graph.doc(i);
            Node {
                id: Id(&doc.id),
                kind: doc.id.kind.noun(),
                title: doc.title(),
                url: url(i),
            }
        })
        .collect();
    pretty(&Whole {
        nodes,
        edges: Edges {
            graph,
            visible: &visible,
            shown: &shown,
        },
    })
}

/// One searchable document. Short keys keep the index small (under 2 KB a
/// brief); the page's script normalizes accents and case itself.
#[derive(Debug, Serialize)]
pub struct SearchEntry {
    /// Kind folder (`briefs`, `countries`…).
    pub k: &'static str,
    /// Title or name.
    pub t: String,
    /// URL.
    pub u: String,
    /// Date in words, for briefs and events.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub d: Option<String>,
    /// Summary (briefs), role (actors), place (events).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub s: Option<String>,
    /// Aliases.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub a: Vec<String>,
    /// Tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub g: Vec<String>,
    /// Key points.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub p: Vec<String>,
}

/// The search index, in the order given (briefs newest first, then
/// countries, actors, events and pages by name).
pub fn search_index(entries: &[SearchEntry]) -> Vec<u8> {
    serde_json::to_vec(entries).expect("the index serializes")
}

fn pretty<T: Serialize>(value: &T) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(value).expect("data files serialize");
    bytes.push(b'\n');
    bytes
}

#[cfg(test)]
mod tests {
    use super::list_cell;

    /// Splits a list cell back into its items, as a reader of the export
    /// would.
    fn split(cell: &str) -> Vec<String> {
        let mut items = vec![String::new()];
        let mut chars = cell.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\\' => items.last_mut().unwrap().extend(chars.next()),
                ';' => {
                    chars.next_if_eq(&' ');
                    items.push(String::new());
                }
                c => items.last_mut().unwrap().push(c),
            }
        }
        items
    }

    #[test]
    fn text_cells_that_a_spreadsheet_would_run_are_neutralised() {
        use super::text_cell;
        for formula in [
            "=1+1",
            "+cmd|' /C calc'!A0",
            "-2+3",
            "@SUM(A1)",
            "\tx",
            "\rx",
        ] {
            assert_eq!(text_cell(formula), format!("'{formula}"), "{formula:?}");
        }
        for plain in ["Diboli", "JNIM", "", "1-2", "a=b"] {
            assert_eq!(text_cell(plain), plain);
        }
    }

    #[test]
    fn list_cells_split_back_into_their_items() {
        let items: Vec<String> = ["JNIM; branche", "a\\b", "Forces armées", ";"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let cell = list_cell(&items);
        assert_eq!(cell, "JNIM\\; branche; a\\\\b; Forces armées; \\;");
        assert_eq!(split(&cell), items);
    }
}
