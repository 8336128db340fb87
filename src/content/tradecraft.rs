//! The front matter of analytic tradecraft (issue #14, DESIGN §8): key
//! points with a likelihood, indicators, handling markings, source grades,
//! the source documents of `content/sources/` and the country months of
//! `content/watch/<yyyy-mm>/<country>.md`.
//!
//! Values are parsed here, once, with the closed sets of
//! [`crate::tradecraft`]; a wrong one is an error at the value, with the
//! library's suggestion as help. Texts the language lint reads later keep
//! where they are written ([`Located`]), so that `check` can point at a
//! word inside them. Nothing here judges prose: that is `check`'s work.

use chrono::NaiveDate;

use super::kinds::Confidence;
use super::{FieldRef, Kind};
use crate::date::{PartialDate, Precision};
use crate::diagnostic::{Diagnostic, Problem, Sources, Span};
use crate::tradecraft::grading::{Credibility, Grade, Reliability};
use crate::tradecraft::marking::Marking;
use crate::tradecraft::source::SourceKind;
use crate::tradecraft::trend::{Alert, IndicatorStatus, Trend};
use crate::tradecraft::yardstick::{Term, Yardstick};
use crate::yaml::{Fields, Item};

/// A text of the front matter with the span of its value in the file: the
/// text as YAML reads it may differ from the bytes written (quotes, escapes,
/// folded lines), so [`Located::span_of`] finds a part of it in the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Located {
    /// The text, as YAML reads it.
    pub text: String,
    /// Where its value is written (without the quotes around it).
    pub span: Span,
}

impl Located {
    /// Where the bytes `range` of [`Located::text`] are written in the
    /// file: at the same offset when the file holds the text as it is,
    /// else at the same occurrence of the same words (a quoted value with
    /// an escape, a value folded over lines); else, when even the words are
    /// split, at the occurrence of the first word, and at worst at the
    /// start of the value. Lines and columns of warnings come from here.
    pub fn span_of(&self, range: std::ops::Range<usize>, sources: &Sources) -> Span {
        let raw = sources
            .text(self.span.file)
            .get(self.span.start as usize..self.span.end as usize)
            .unwrap_or("");
        let base = self.span.start as usize;
        if raw == self.text {
            return Span::new(self.span.file, base + range.start, base + range.end);
        }
        let Some(part) = self.text.get(range.clone()) else {
            return Span::new(self.span.file, base, base);
        };
        let nth = self.text[..range.start].matches(part).count();
        if let Some((at, _)) = raw.match_indices(part).nth(nth) {
            return Span::new(self.span.file, base + at, base + at + part.len());
        }
        let first = part.split_whitespace().next().unwrap_or(part);
        let nth = self.text[..range.start].matches(first).count();
        match raw.match_indices(first).nth(nth) {
            Some((at, _)) => Span::new(self.span.file, base + at, base + at + first.len()),
            None => Span::new(self.span.file, base, base),
        }
    }
}

/// A key point: a sentence of the bottom line up front, with the
/// likelihood and confidence of its judgement when given (`{text*,
/// likelihood, confidence}`).
#[derive(Debug, Clone, PartialEq)]
pub struct KeyPoint {
    /// The sentence, where it is written.
    pub text: Located,
    /// A term of the site's yardstick.
    pub likelihood: Option<Term>,
    /// Where `likelihood` is written: the language lint counts its row.
    pub likelihood_span: Option<Span>,
    /// The confidence in the judgement.
    pub confidence: Option<Confidence>,
}

/// A sign that would confirm or refute a judgement, as of a date.
#[derive(Debug, Clone, PartialEq)]
pub struct Indicator {
    /// What to look for.
    pub text: String,
    /// Whether it has been seen.
    pub status: Option<IndicatorStatus>,
    /// When the status was last judged.
    pub as_of: Option<NaiveDate>,
}

impl Indicator {
    /// Whether it is still watched for: not (yet) observed. The country
    /// page collects the open indicators of its briefs.
    pub fn is_open(&self) -> bool {
        self.status != Some(IndicatorStatus::Observed)
    }
}

/// A source document, `content/sources/<slug>.md` (DESIGN §8).
#[derive(Debug, Clone)]
#[allow(missing_docs)]
pub struct SourceDocument {
    pub name: String,
    pub url: Option<String>,
    pub publisher: Option<String>,
    /// The default reliability of every citation of it.
    pub reliability: Option<Reliability>,
    pub kind: Option<SourceKind>,
}

/// A country's month, `content/watch/<yyyy-mm>/<country>.md`: the trend
/// and alert of the month, the body its paragraph.
#[derive(Debug, Clone)]
pub struct Watch {
    /// What names it in lists and messages: `mali, 2025-07`.
    pub title: String,
    /// The month (from the folder).
    pub month: PartialDate,
    /// The country (from the file name).
    pub country: FieldRef,
    /// The analyst's trend; when absent, the digest shows the computed one.
    pub trend: Option<Trend>,
    /// An alert for the coming month.
    pub alert: Option<Alert>,
}

/// The fields of a source document.
pub const SOURCE_FIELDS: &[&str] = &["name", "slug", "url", "publisher", "reliability", "kind"];

/// The fields of a country's month.
pub const WATCH_FIELDS: &[&str] = &["trend", "alert"];

/// A brief's `key_points`: each item a sentence or `{text*, likelihood,
/// confidence}`. A `likelihood` is read with the site's yardstick.
pub fn key_points(f: &mut Fields<'_, '_>, yardstick: Yardstick) -> Vec<KeyPoint> {
    f.items("key_points", "a key point", |item| match item {
        Item::Text(text, span, _) => Some(KeyPoint {
            text: Located { text, span },
            likelihood: None,
            likelihood_span: None,
            confidence: None,
        }),
        Item::Fields(mut k) => {
            k.check_keys(&["text", "likelihood", "confidence"]);
            let span = k.whole_value_span("text");
            let text = k.required_text("text");
            let likelihood_span = k.has("likelihood").then(|| k.value_span("likelihood"));
            let likelihood = k.text("likelihood").and_then(|written| {
                yardstick
                    .parse_term(&written)
                    .map_err(|error| k.bad("likelihood", error.to_string(), error.help()))
                    .ok()
            });
            let confidence =
                k.choice_or_synonym("confidence", &Confidence::ALL, Confidence::SYNONYMS);
            text.map(|text| KeyPoint {
                text: Located { text, span },
                likelihood_span: likelihood.and(likelihood_span),
                likelihood,
                confidence,
            })
        }
    })
}

/// A brief's `indicators`: `{text*, status, as_of}` each.
pub fn indicators(f: &mut Fields<'_, '_>) -> Vec<Indicator> {
    f.items("indicators", "an indicator", |item| match item {
        Item::Text(_, span, diags) => {
            diags.push(
                Diagnostic::error(
                    span,
                    Problem::BadValue {
                        field: "indicators".to_string(),
                        reason: "an indicator is `{text: …, status: …, as_of: …}`, not a sentence alone".to_string(),
                    },
                )
                .with_help("write `- {text: \"…\", status: unclear}`; status is `observed`, `not-observed` or `unclear`"),
            );
            None
        }
        Item::Fields(mut i) => {
            i.check_keys(&["text", "status", "as_of"]);
            let text = i.required_text("text");
            let status = i.choice("status", &IndicatorStatus::ALL);
            let as_of = i.day("as_of");
            text.map(|text| Indicator {
                text,
                status,
                as_of,
            })
        }
    })
}

/// A `marking:` value (site or brief) and where it is written.
pub fn marking(f: &mut Fields<'_, '_>) -> (Option<Marking>, Option<Span>) {
    let span = f.has("marking").then(|| f.value_span("marking"));
    let marking = f.text("marking").and_then(|text| {
        Marking::parse(&text)
            .map_err(|error| f.bad("marking", error.to_string(), error.help()))
            .ok()
    });
    (marking, marking.and(span))
}

/// A `reliability:` value; YAML's numbers and words reach it as text.
pub fn reliability(f: &mut Fields<'_, '_>) -> Option<Reliability> {
    let text = f.text("reliability")?;
    Reliability::parse(&text)
        .map_err(|error| f.bad("reliability", error.to_string(), error.help()))
        .ok()
}

/// A citation's grade: `reliability` (A–F) and `credibility` (1–6), each
/// optional.
pub fn grade(f: &mut Fields<'_, '_>) -> Grade {
    let reliability = reliability(f);
    let credibility = f.text("credibility").and_then(|text| {
        Credibility::parse(&text)
            .map_err(|error| f.bad("credibility", error.to_string(), error.help()))
            .ok()
    });
    Grade {
        reliability,
        credibility,
    }
}

/// A citation's `source:`, the slug of a source document.
pub fn cited_source(f: &mut Fields<'_, '_>) -> Option<FieldRef> {
    let span = f.has("source").then(|| f.value_span("source"))?;
    let slug = f.text("source")?;
    Some(FieldRef {
        slug,
        span,
        field: "sources",
        kind: Kind::Source,
    })
}

/// The front matter of a source document; `None` when `name` is missing.
pub fn source_document(f: &mut Fields<'_, '_>) -> Option<SourceDocument> {
    let name = f.required_text("name");
    let url = f.text("url");
    let publisher = f.text("publisher");
    let reliability = reliability(f);
    let kind = f.choice("kind", &SourceKind::ALL);
    Some(SourceDocument {
        name: name?,
        url,
        publisher,
        reliability,
        kind,
    })
}

/// The front matter of a country's month. `stem` is `<yyyy-mm>-<country>`,
/// made from the file's folder and name; `None`, with the problem pushed,
/// when the folder is no month.
pub fn watch(f: &mut Fields<'_, '_>, stem: &str, first_line: Span) -> Option<Watch> {
    let trend = f.choice("trend", &Trend::ALL);
    let alert = f.choice("alert", &Alert::ALL);
    let month = stem
        .get(..7)
        .and_then(|m| PartialDate::parse(m).ok())
        .filter(|m| m.precision() == Precision::Month && stem[7..].starts_with('-'));
    let (Some(month), Some(country)) = (month, stem.get(8..).filter(|c| !c.is_empty())) else {
        f.push(
            Diagnostic::error(
                first_line,
                Problem::BadValue {
                    field: "file name".to_string(),
                    reason:
                        "a country's month is written in `content/watch/<yyyy-mm>/<country>.md`"
                            .to_string(),
                },
            )
            .with_help(
                "move the file, such as `content/watch/2025-07/mali.md` for Mali in July 2025",
            ),
        );
        return None;
    };
    Some(Watch {
        title: format!("{country}, {month}"),
        month,
        country: FieldRef {
            slug: country.to_string(),
            span: first_line,
            field: "file name",
            kind: Kind::Country,
        },
        trend,
        alert,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn located(sources: &mut Sources, file_text: &str, value: &str, text: &str) -> Located {
        let file = sources.add("a.md", file_text.to_string());
        let start = file_text.find(value).expect("value in file");
        Located {
            text: text.to_string(),
            span: Span::new(file, start, start + value.len()),
        }
    }

    #[test]
    fn a_part_of_a_text_is_found_where_it_is_written() {
        let mut sources = Sources::default();
        // As written: the offsets are the same.
        let plain = located(
            &mut sources,
            "k: Mali may fall\n",
            "Mali may fall",
            "Mali may fall",
        );
        let span = plain.span_of(5..8, &sources);
        assert_eq!((span.start, span.end), (8, 11));
        // An escape before the word moves it; the word is found again.
        let escaped = located(
            &mut sources,
            "k: \"a \\\"b\\\" may c, may\"\n",
            "a \\\"b\\\" may c, may",
            "a \"b\" may c, may",
        );
        let second_may = escaped.text.rfind("may").unwrap();
        let span = escaped.span_of(second_may..second_may + 3, &sources);
        let file_text = sources.text(span.file);
        assert_eq!(&file_text[span.start as usize..span.end as usize], "may");
        assert_eq!(span.start as usize, file_text.rfind("may").unwrap());
        // A phrase folded over two lines: its first word.
        let folded = located(
            &mut sources,
            "k: >\n  it cannot be\n  ruled out\n",
            "it cannot be\n  ruled out",
            "it cannot be ruled out",
        );
        let span = folded.span_of(3..22, &sources);
        let file_text = sources.text(span.file);
        assert_eq!(&file_text[span.start as usize..span.end as usize], "cannot");
    }
}
