//! ACLED exports read as rows of events (issue #18): the columns of ACLED's
//! current export by name, in any order, and those of older exports
//! (`event_id_no_cnty`, `data_id`, numeric `inter1`, dates as `12 May
//! 2024`), each row checked into a typed [`Row`].
//!
//! Streaming with the `csv` crate: a malformed row is an error at its line
//! naming the column, and every other row still loads. This module knows
//! nothing of documents: turning a row into an event (resolving its actors
//! and country by name, merging it with a hand-written event) is
//! `content`'s and `graph`'s work.

use crate::date::PartialDate;
use crate::diagnostic::{Diagnostic, Diagnostics, FileId, Problem, Span};

use super::EventKind;

/// One event of an ACLED export.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Where the row starts in the file, for its problems.
    pub span: Span,
    /// `event_id_cnty` (`MLI1234`), or for older exports `data_id` or
    /// `event_id_no_cnty` with the country's ISO code.
    pub id: String,
    /// `event_date` at the precision `time_precision` gives.
    pub date: PartialDate,
    /// `time_precision`: 1 the day is known, 2 the week (ACLED dates the
    /// event in it), 3 the month (ACLED dates it in the month).
    pub time_precision: Option<u8>,
    /// `disorder_type` (`Political violence`…).
    pub disorder_type: Option<String>,
    /// `event_type` (`Battles`…).
    pub event_type: Option<String>,
    /// `sub_event_type` (`Armed clash`…).
    pub sub_event_type: Option<String>,
    /// `actor1`, then `actor2`: the named actors.
    pub actors: Vec<String>,
    /// `assoc_actor_1` and `assoc_actor_2`, each split at `;`.
    pub associated: Vec<String>,
    /// `interaction` (current exports: `State forces-Rebel group`; older:
    /// `12`).
    pub interaction: Option<String>,
    /// `civilian_targeting`.
    pub civilian_targeting: Option<String>,
    /// `iso`: the country's ISO 3166-1 numeric code.
    pub iso: Option<u16>,
    /// `country`.
    pub country: Option<String>,
    /// `admin1`, `admin2`, `admin3`: the administrative areas, largest first.
    pub admin: Vec<String>,
    /// `location`.
    pub location: Option<String>,
    /// `latitude`.
    pub lat: Option<f64>,
    /// `longitude`.
    pub lon: Option<f64>,
    /// `geo_precision`: 1 the place itself, 2 near it or in its district,
    /// 3 only its province (ACLED places the event at its capital).
    pub geo_precision: Option<u8>,
    /// `source`, split at `;`.
    pub sources: Vec<String>,
    /// `source_scale`.
    pub source_scale: Option<String>,
    /// `notes`: the event told in a sentence or two.
    pub notes: Option<String>,
    /// `fatalities`.
    pub fatalities: Option<u64>,
    /// `tags`.
    pub tags: Option<String>,
}

impl Row {
    /// The dossier kind of the event, from its ACLED type and sub-type.
    /// The ACLED types stay on the event and are shown beside it.
    pub fn kind(&self) -> EventKind {
        kind_of(self.event_type.as_deref(), self.sub_event_type.as_deref())
    }

    /// The slug of the event's page: `acled-` and the ACLED id in small
    /// letters (`MLI1234` is `acled-mli1234`).
    pub fn slug(&self) -> String {
        let id: String = self
            .id
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .collect();
        format!("acled-{}", id.trim_matches('-'))
    }
}

/// The dossier event kind of an ACLED event type and sub-type
/// (docs/acled.md gives the table).
pub fn kind_of(event_type: Option<&str>, sub_event_type: Option<&str>) -> EventKind {
    let lower = |s: Option<&str>| s.map(|s| s.trim().to_ascii_lowercase()).unwrap_or_default();
    let (event, sub) = (lower(event_type), lower(sub_event_type));
    match event.as_str() {
        "battles" => EventKind::Battle,
        "explosions/remote violence" | "violence against civilians" => EventKind::Attack,
        "protests" | "riots" => EventKind::Protest,
        "strategic developments" => match sub.as_str() {
            "agreement" => EventKind::Agreement,
            "non-violent transfer of territory" => EventKind::Withdrawal,
            "looting/property destruction" => EventKind::Attack,
            _ => EventKind::Other,
        },
        _ => EventKind::Other,
    }
}

/// The columns read, by their names in ACLED's exports.
#[derive(Debug, Default)]
struct Columns {
    by_name: Vec<(&'static str, usize)>,
}

/// Every column this reader knows; any other is ignored.
const KNOWN: &[&str] = &[
    "event_id_cnty",
    "event_id_no_cnty",
    "data_id",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
];

impl Columns {
    /// The columns of a header: names matched ignoring case and spaces.
    fn of(header: &csv::StringRecord) -> Columns {
        let mut by_name = Vec::new();
        for (n, name) in header.iter().enumerate() {
            let name = name.trim().to_ascii_lowercase().replace(' ', "_");
            if let Some(known) = KNOWN.iter().find(|k| **k == name) {
                by_name.push((*known, n));
            }
        }
        Columns { by_name }
    }

    fn index(&self, name: &str) -> Option<usize> {
        self.by_name
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, i)| *i)
    }

    /// A cell, trimmed; `None` when the column is absent or the cell empty.
    fn get<'r>(&self, record: &'r csv::StringRecord, name: &str) -> Option<&'r str> {
        let value = record.get(self.index(name)?)?.trim();
        (!value.is_empty()).then_some(value)
    }
}

/// Reads an ACLED export, whose text is `text` (registered as `file`).
/// Problems are pushed, one per bad row or cell; the other rows load.
pub fn read(file: FileId, text: &str, diags: &mut Diagnostics) -> Vec<Row> {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(&text.as_bytes()[bom..]);
    let header_span = Span::new(file, bom, bom + text[bom..].find(['\r', '\n']).unwrap_or(0));
    let header = match reader.headers() {
        Ok(header) => header.clone(),
        Err(error) => {
            diags.push(Diagnostic::error(
                header_span,
                Problem::BadDataRow(format!("the header cannot be read: {error}")),
            ));
            return Vec::new();
        }
    };
    let columns = Columns::of(&header);
    let has_id = ["event_id_cnty", "event_id_no_cnty", "data_id"]
        .iter()
        .any(|c| columns.index(c).is_some());
    for (needed, present) in [
        ("event_id_cnty", has_id),
        ("event_date", columns.index("event_date").is_some()),
    ] {
        if !present {
            diags.push(
                Diagnostic::error(
                    header_span,
                    Problem::BadDataRow(format!("the header has no column `{needed}`")),
                )
                .with_help("export the data from ACLED with its column names on the first line"),
            );
        }
    }
    if !has_id || columns.index("event_date").is_none() {
        return Vec::new();
    }
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        let at = reader.position().byte() as usize + bom;
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                // The reader's position is where the previous record
                // ended, before its line break: the row starts after it.
                let at = at + text[at..].len() - text[at..].trim_start_matches(['\r', '\n']).len();
                let end = text[at..].find(['\r', '\n']).map_or(text.len(), |n| at + n);
                let span = Span::new(file, at, end);
                if let Some(row) = row(&columns, &record, span, diags) {
                    rows.push(row);
                }
            }
            Err(error) => {
                let at = error.position().map_or(at, |p| p.byte() as usize + bom);
                let reason = match error.kind() {
                    csv::ErrorKind::UnequalLengths {
                        expected_len, len, ..
                    } => format!("the row has {len} cells where the header has {expected_len}"),
                    csv::ErrorKind::Utf8 { .. } => "the row is not UTF-8 text".to_string(),
                    _ => error.to_string(),
                };
                diags.push(Diagnostic::error(
                    Span::new(file, at, at),
                    Problem::BadDataRow(format!("this row cannot be read: {reason}")),
                ));
            }
        }
    }
    rows
}

/// One row checked; `None` when its id or date cannot be read (pushed).
fn row(
    columns: &Columns,
    record: &csv::StringRecord,
    span: Span,
    diags: &mut Diagnostics,
) -> Option<Row> {
    let mut bad = |column: &str, reason: String| {
        diags.push(Diagnostic::error(
            span,
            Problem::DataRow {
                column: column.to_string(),
                reason,
            },
        ));
    };
    let cell = |name: &str| columns.get(record, name).map(str::to_string);
    let id = cell("event_id_cnty").or_else(|| {
        let number = cell("event_id_no_cnty").or_else(|| cell("data_id"))?;
        Some(match cell("iso") {
            Some(iso) => format!("{iso}-{number}"),
            None => number,
        })
    });
    let Some(id) = id else {
        bad("event_id_cnty", "the event has no id".to_string());
        return None;
    };
    let time_precision = small_code(
        columns.get(record, "time_precision"),
        "time_precision",
        &mut bad,
    );
    let date = match columns
        .get(record, "event_date")
        .map(|d| parse_date(d, time_precision))
    {
        Some(Ok(date)) => date,
        Some(Err(reason)) => {
            bad("event_date", reason);
            return None;
        }
        None => {
            bad("event_date", "the event has no date".to_string());
            return None;
        }
    };
    let number = |name: &str, bad: &mut dyn FnMut(&str, String)| -> Option<f64> {
        let text = columns.get(record, name)?;
        match text.parse::<f64>() {
            Ok(n) if n.is_finite() => Some(n),
            _ => {
                bad(name, format!("`{text}` is not a number"));
                None
            }
        }
    };
    let lat = number("latitude", &mut bad).filter(|lat| {
        let ok = (-90.0..=90.0).contains(lat);
        if !ok {
            bad(
                "latitude",
                format!("`{lat}` is not a latitude (between -90 and 90)"),
            );
        }
        ok
    });
    let lon = number("longitude", &mut bad).filter(|lon| {
        let ok = (-180.0..=180.0).contains(lon);
        if !ok {
            bad(
                "longitude",
                format!("`{lon}` is not a longitude (between -180 and 180)"),
            );
        }
        ok
    });
    let fatalities = columns.get(record, "fatalities").and_then(|text| {
        text.parse::<u64>()
            .map_err(|_| {
                bad(
                    "fatalities",
                    format!("`{text}` is not a whole number, 0 or more"),
                )
            })
            .ok()
    });
    let iso = columns.get(record, "iso").and_then(|text| {
        text.parse::<u16>()
            .map_err(|_| bad("iso", format!("`{text}` is not an ISO 3166-1 numeric code")))
            .ok()
    });
    let geo_precision = small_code(
        columns.get(record, "geo_precision"),
        "geo_precision",
        &mut bad,
    );
    let split = |name: &str| -> Vec<String> {
        columns
            .get(record, name)
            .map(|text| {
                text.split(';')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    };
    Some(Row {
        span,
        id,
        date,
        time_precision,
        disorder_type: cell("disorder_type"),
        event_type: cell("event_type"),
        sub_event_type: cell("sub_event_type"),
        actors: ["actor1", "actor2"]
            .iter()
            .filter_map(|c| cell(c))
            .collect(),
        associated: split("assoc_actor_1")
            .into_iter()
            .chain(split("assoc_actor_2"))
            .collect(),
        interaction: cell("interaction"),
        civilian_targeting: cell("civilian_targeting"),
        iso,
        country: cell("country"),
        admin: ["admin1", "admin2", "admin3"]
            .iter()
            .filter_map(|c| cell(c))
            .collect(),
        location: cell("location"),
        lat,
        lon,
        geo_precision,
        sources: split("source"),
        source_scale: cell("source_scale"),
        notes: cell("notes"),
        fatalities,
        tags: cell("tags"),
    })
}

/// A precision code, 1 to 3.
fn small_code(text: Option<&str>, column: &str, bad: &mut dyn FnMut(&str, String)) -> Option<u8> {
    let text = text?;
    match text.parse::<u8>() {
        Ok(n @ 1..=3) => Some(n),
        _ => {
            bad(column, format!("`{text}` is not 1, 2 or 3"));
            None
        }
    }
}

/// English month names as ACLED's older exports write them.
const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// An event date: `2024-05-12` (current exports), `12 May 2024` or
/// `12-May-2024` (older CSV exports), `12/05/2024` or `12-05-2024` (day
/// first, as the codebook writes it). A `time_precision` of 3 (the month
/// only) keeps the month; 1 and 2 keep the day ACLED gives (for 2, a day
/// of the week it knows).
pub fn parse_date(text: &str, time_precision: Option<u8>) -> Result<PartialDate, String> {
    let day = parse_day(text.trim()).ok_or_else(|| {
        format!("`{text}` is not a date; ACLED writes `2024-05-12` or `12 May 2024`")
    })?;
    let date = PartialDate::from_day(day);
    Ok(match time_precision {
        Some(3) => PartialDate::parse(&day.format("%Y-%m").to_string()).unwrap_or(date),
        _ => date,
    })
}

fn parse_day(text: &str) -> Option<chrono::NaiveDate> {
    if let Ok(date) = crate::date::parse_day(text) {
        return Some(date);
    }
    let parts: Vec<&str> = text
        .split([' ', '-', '/'])
        .filter(|p| !p.is_empty())
        .collect();
    let [day, month, year] = parts.as_slice() else {
        return None;
    };
    let day: u32 = day.parse().ok()?;
    let year: i32 = year
        .parse()
        .ok()
        .filter(|y: &i32| (1000..=9999).contains(y))?;
    let month = match month.parse::<u32>() {
        Ok(m) => m,
        Err(_) => {
            let lower = month.to_ascii_lowercase();
            let found = MONTHS
                .iter()
                .position(|m| *m == lower || (lower.len() == 3 && m.starts_with(&lower)))?;
            u32::try_from(found + 1).ok()?
        }
    };
    chrono::NaiveDate::from_ymd_opt(year, month, day)
}

#[cfg(test)]
mod tests;
