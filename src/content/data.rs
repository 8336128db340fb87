//! Events from data files (issue #18): each row of a file that `site.yaml`
//! lists under `data:` becomes an event [`Document`] whose source is the
//! file itself, so that every problem of the row is reported at
//! `data/x.csv:LINE:COL`, and the rest of the pipeline sees an ordinary
//! event.
//!
//! A row's actors and country are names, not slugs: they are kept on the
//! event ([`Event::imported`]) for `graph` to resolve, by name or alias as
//! wiki links are, when it knows every document. This module also merges a
//! row into the hand-written event that claims it with `ids: {acled: …}`
//! ([`merge`]); it reads no other file and resolves nothing.

use std::collections::{HashMap, HashSet};

use super::acled::{self, Row};
use super::{Document, Event, Kind, Location, Meta, Source};
use crate::config::{Config, DataFormat};
use crate::diagnostic::{Diagnostic, Diagnostics, Problem, Sources};
use crate::slug::Slug;
use crate::tradecraft::grading::Grade;

/// Reads every data file of `config` into event documents, in the order
/// `data:` lists them, rows in file order. Problems are pushed at the row
/// (or at the file's entry in `site.yaml` when it cannot be read); the
/// other rows load.
pub fn load(config: &Config, sources: &mut Sources, diags: &mut Diagnostics) -> Vec<Document> {
    let mut docs = Vec::new();
    for entry in &config.data {
        let text = match std::fs::read(config.root.join(&entry.file)) {
            Ok(bytes) => match crate::utf8::string(bytes) {
                Ok(text) => text,
                Err(error) => {
                    let valid = error.utf8_error().valid_up_to();
                    let file = sources.add(
                        entry.file.as_str(),
                        String::from_utf8_lossy(error.as_bytes()).into_owned(),
                    );
                    diags.push(Diagnostic::error(
                        crate::diagnostic::Span::new(file, valid, valid + 1),
                        Problem::NotUtf8(valid),
                    ));
                    continue;
                }
            },
            Err(error) => {
                diags.push(Diagnostic::error(
                    entry.span,
                    Problem::Unreadable(format!("`{}`: {error}", entry.file)),
                ));
                continue;
            }
        };
        let file = sources.add(entry.file.as_str(), text);
        let rows = match entry.source {
            DataFormat::Acled => acled::read(file, sources.text(file), diags),
        };
        docs.extend(
            rows.into_iter()
                .filter_map(|row| document(row, diags))
                .map(|mut doc| {
                    // Its body is known once the file is in the table.
                    doc.body_hash = super::hash_body(doc.body(sources));
                    doc
                }),
        );
    }
    docs
}

/// The title of an imported event, which ACLED does not give: its
/// sub-event type (or type) and its place (`location`, else `admin1`,
/// else `country`, else the id): `Attack (Diboli)`.
fn title(row: &Row) -> String {
    let what = row
        .sub_event_type
        .as_deref()
        .or(row.event_type.as_deref())
        .unwrap_or("Event");
    let place = row
        .location
        .as_deref()
        .or(row.admin.first().map(String::as_str))
        .or(row.country.as_deref())
        .unwrap_or(&row.id);
    format!("{what} ({place})")
}

/// One row as an event document; `None` when its id makes no slug.
fn document(row: Row, diags: &mut Diagnostics) -> Option<Document> {
    let slug = match Slug::parse(&row.slug()) {
        Ok(slug) => slug,
        Err(reason) => {
            diags.push(Diagnostic::error(
                row.span,
                Problem::DataRow {
                    column: "event_id_cnty".to_string(),
                    reason,
                },
            ));
            return None;
        }
    };
    let location = (row.location.is_some() || row.lat.is_some()).then(|| Location {
        name: row.location.clone(),
        // Resolved by name or code by `graph`, which knows the countries.
        country: None,
        lat: row.lat,
        lon: row.lon,
        lat_span: row.lat.map(|_| row.span),
    });
    let sources = row
        .sources
        .iter()
        .map(|s| Source {
            title: s.clone(),
            url: None,
            publisher: None,
            date: None,
            source: None,
            grade: Grade::default(),
            archived: None,
        })
        .collect();
    let span = row.span;
    // Its body is its notes, and nothing without them: never the file's
    // text, which goes on with the next rows.
    let plain = Some(row.notes.clone().unwrap_or_default().into_boxed_str());
    Some(Document {
        id: super::DocId {
            kind: Kind::Event,
            slug,
        },
        file: span.file,
        meta: Meta::Event(Event {
            title: title(&row),
            date: row.date,
            end: None,
            kind: Some(row.kind()),
            location,
            countries: Vec::new(),
            actors: Vec::new(),
            fatalities: row.fatalities,
            sources,
            ids: vec![("acled".to_string(), row.id.clone())],
            imported: Some(Box::new(row)),
        }),
        body_offset: span.end as usize,
        id_span: span,
        title_span: span,
        links: Vec::new(),
        // Set by `load`, which has the file's text (issue 17).
        body_hash: 0,
        plain,
    })
}

/// The ACLED id a hand-written event claims (`ids: {acled: MLI1234}`).
fn claimed(doc: &Document) -> Option<&str> {
    let Meta::Event(event) = &doc.meta else {
        return None;
    };
    if event.imported.is_some() {
        return None;
    }
    event
        .ids
        .iter()
        .find(|(scheme, _)| scheme == "acled")
        .map(|(_, id)| id.trim())
}

/// Merges each imported row into the hand-written event that claims it
/// with `ids: {acled: …}` (ids compared ignoring case), and drops the
/// row's own document: the hand-written event takes precedence
/// (docs/acled.md, "The merge rule").
///
/// - `title`, `date`, `end`, `kind` and `fatalities`: the hand-written
///   value when it is set (`title` and `date` always are), else the row's.
/// - `location`: field by field (`name`, `lat`, `lon`); `country` stays
///   the hand-written one, or is resolved from the row when absent.
/// - `countries`, `actors`, `sources`: merged: the hand-written ones
///   first, then the row's that are not already there.
/// - The body: the hand-written one, unless it is blank, then the row's
///   `notes`.
/// - ACLED's own fields (its types, precisions, admin areas, associated
///   actors) come from the row: front matter cannot set them.
///
/// A claim no row answers, and a second claim of one row, are warnings:
/// the event stays as written rather than merging in silence.
pub fn merge(docs: Vec<Document>, sources: &Sources, diags: &mut Diagnostics) -> Vec<Document> {
    let claims: HashSet<String> = docs
        .iter()
        .filter_map(|d| claimed(d).map(str::to_ascii_lowercase))
        .collect();
    if claims.is_empty() {
        return docs;
    }
    let mut rows: HashMap<String, Box<Row>> = HashMap::new();
    let mut kept = Vec::with_capacity(docs.len());
    for doc in docs {
        let claimed_row = match &doc.meta {
            Meta::Event(Event {
                imported: Some(row),
                ..
            }) => claims.contains(&row.id.to_ascii_lowercase()),
            _ => false,
        };
        match doc.meta {
            Meta::Event(Event {
                imported: Some(row),
                ..
            }) if claimed_row => {
                rows.insert(row.id.to_ascii_lowercase(), row);
            }
            meta => kept.push(Document { meta, ..doc }),
        }
    }
    // Who took each row, for the warning of a second claim.
    let mut taken: HashMap<String, String> = HashMap::new();
    for doc in &mut kept {
        let Some(written) = claimed(doc).map(str::to_string) else {
            continue;
        };
        let id = written.to_ascii_lowercase();
        if let Some(first) = taken.get(&id) {
            diags.push(Diagnostic::warning(
                doc.title_span,
                Problem::DataRowClaimedTwice {
                    id: written,
                    first: first.clone(),
                },
            ));
            continue;
        }
        let Some(row) = rows.remove(&id) else {
            diags.push(Diagnostic::warning(
                doc.title_span,
                Problem::UnknownDataRow(written),
            ));
            continue;
        };
        taken.insert(id, doc.id.to_string());
        {
            if doc.plain.is_none() && doc.has_blank_body(sources) {
                doc.plain = row.notes.clone().map(String::into_boxed_str);
                doc.body_hash = super::hash_body(doc.body(sources));
            }
            if let Meta::Event(event) = &mut doc.meta {
                fill(event, row);
            }
        }
    }
    kept
}

/// Fills what a hand-written event leaves unset from its row ([`merge`]).
fn fill(event: &mut Event, row: Box<Row>) {
    event.kind = event.kind.or(Some(row.kind()));
    event.fatalities = event.fatalities.or(row.fatalities);
    let location = event.location.get_or_insert(Location {
        name: None,
        country: None,
        lat: None,
        lon: None,
        lat_span: None,
    });
    if location.name.is_none() {
        location.name = row.location.clone();
    }
    if location.lat.is_none() && location.lon.is_none() {
        location.lat = row.lat;
        location.lon = row.lon;
        location.lat_span = row.lat.map(|_| row.span);
    }
    for title in &row.sources {
        // `APA` is the publisher of a source written by hand: the same one.
        let known = event
            .sources
            .iter()
            .any(|s| &s.title == title || s.publisher.as_ref() == Some(title));
        if !known {
            event.sources.push(Source {
                title: title.clone(),
                url: None,
                publisher: None,
                date: None,
                source: None,
                grade: Grade::default(),
                archived: None,
            });
        }
    }
    event.imported = Some(row);
}
