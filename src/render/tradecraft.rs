//! Analytic tradecraft on the page (issue #14): the views of key points
//! with their likelihood, source grades, handling markings, indicators and
//! monthly trends, and the contexts of the pages this issue adds (a source
//! document, the source index, the legend at `/yardstick/`).
//!
//! Words come from [`crate::tradecraft`] (terms, grades, markings, trends)
//! and [`crate::i18n`] (headings); URLs from the plan. What these views
//! show is listed in `Plan::reads` (`plan/inputs.rs`): a change of a
//! source document, a country's month or an event of a digest's three
//! previous months re-renders the pages showing it.

use std::collections::HashMap;

use serde::Serialize;

use super::context::{ChoiceView, DateView, LinkView, MonthLink, PageMeta, Shared};
use super::views::Views;
use crate::content::{Brief, Confidence, Indicator, Kind, Meta, Source};
use crate::graph::{DocIndex, How};
use crate::i18n::{Language, Strings};
use crate::plan::{RouteKind, previous_months};
use crate::tradecraft::grading::{Credibility, Grade, Reliability};
use crate::tradecraft::marking::Marking;
use crate::tradecraft::trend::{
    Alert, ChangeLevel, ConflictChange, Counts, IndicatorStatus, Measure, Trend, conflict_change,
};
use crate::tradecraft::yardstick::{Row, Term, Yardstick};

/// A term of the site's yardstick, as a key point's badge shows it.
#[derive(Debug, Clone, Serialize)]
pub struct TermView {
    /// Its key (`very-likely`), for classes and the legend's anchors.
    pub key: &'static str,
    /// In the site's language: "very likely", « très vraisemblable ».
    pub label: &'static str,
    /// Its range: "80–95%", « 80–95 % ».
    pub range: String,
    /// Label and range: "very likely (80–95%)".
    pub badge: String,
    /// Its step on the scale, 1 (least likely) to 7.
    pub level: u8,
    /// Its line in the legend (`/yardstick/#term-very-likely`).
    pub url: String,
}

/// A key point: its sentence, and the likelihood and confidence of its
/// judgement when given.
#[derive(Debug, Clone, Serialize)]
pub struct KeyPointView {
    /// The sentence.
    pub text: String,
    /// Its likelihood, a term of the site's yardstick.
    pub likelihood: Option<TermView>,
    /// The confidence in its judgement.
    pub confidence: Option<ChoiceView>,
}

/// One of the two parts of a grade.
#[derive(Debug, Clone, Serialize)]
pub struct GradePart {
    /// The letter or digit: `B`, `2`.
    pub value: String,
    /// In words: "usually reliable", « probablement vraie ».
    pub label: &'static str,
}

/// A citation's grade (Admiralty code): "B2", with its meaning.
#[derive(Debug, Clone, Serialize)]
pub struct GradeView {
    /// `B2`, or `B` or `2` alone.
    pub code: String,
    /// "B2: usually reliable source; information probably true": for
    /// `title=`.
    pub meaning: String,
    /// The meaning without the code: "usually reliable source; information
    /// probably true", for print and screen readers beside the code.
    pub words: String,
    /// The source's reliability.
    pub reliability: Option<GradePart>,
    /// The information's credibility.
    pub credibility: Option<GradePart>,
    /// Whether the reliability is the cited source document's default
    /// rather than the citation's own.
    pub reliability_from_source: bool,
    /// The legend of grades (`/yardstick/#grades`).
    pub url: String,
}

/// A TLP 2.0 handling marking.
#[derive(Debug, Clone, Serialize)]
pub struct MarkingView {
    /// As FIRST writes it, in every language: `TLP:AMBER+STRICT`.
    pub label: &'static str,
    /// For classes: `clear`, `green`, `amber`, `amber-strict`, `red`.
    pub value: &'static str,
    /// FIRST's definition, in the site's language.
    pub description: &'static str,
    /// Whether pages so marked go into feeds, search, exports and the
    /// sitemap (only `TLP:CLEAR`).
    pub published: bool,
    /// Its line in the legend (`/yardstick/#tlp-amber`).
    pub url: String,
}

/// A value of a small closed list shown with a sign: a trend, an alert,
/// an indicator's status.
#[derive(Debug, Clone, Serialize)]
pub struct SignView {
    /// As written in front matter (`deteriorated`), for classes.
    pub value: &'static str,
    /// In words: « Détérioration ».
    pub label: &'static str,
    /// A decorative sign (`↓`, `⚠`, `●`): print it `aria-hidden`.
    pub glyph: &'static str,
}

/// An indicator of a brief.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorView {
    /// What to look for.
    pub text: String,
    /// Whether it has been seen.
    pub status: Option<SignView>,
    /// When the status was judged.
    pub as_of: Option<DateView>,
}

/// An open indicator (not observed) of one of a country's briefs.
#[derive(Debug, Clone, Serialize)]
pub struct OpenIndicatorView {
    /// The indicator.
    pub indicator: IndicatorView,
    /// Its brief.
    pub brief: LinkView,
}

/// A count of a month against the average of the three months before.
#[derive(Debug, Clone, Serialize)]
pub struct MeasureView {
    /// This month's count.
    pub current: u32,
    /// The average of the three previous months, one decimal: "3.3",
    /// « 3,3 ».
    pub average: String,
    /// The change in percent, signed: "+50%", « +50 % »; `None` when the
    /// three previous months counted nothing.
    pub change: Option<String>,
    /// ACLED's level: `large-increase` … `large-decrease`, in words.
    pub level: ChoiceView,
    /// Whether the level is "limited change" because the counts are too
    /// small to judge (ACLED's low-baseline rule).
    pub low_baseline: bool,
}

/// The trend computed from the site's events when none is given.
#[derive(Debug, Clone, Serialize)]
pub struct ComputedTrendView {
    /// The suggested trend.
    pub trend: SignView,
    /// The change in the number of events.
    pub events: MeasureView,
    /// The change in fatalities.
    pub fatalities: MeasureView,
}

/// A country's month: its trend, alert and paragraph
/// (`content/watch/<yyyy-mm>/<country>.md`), or the trend computed from
/// the events.
#[derive(Debug, Clone, Serialize)]
pub struct MonthTrendView {
    /// The country.
    pub country: Option<LinkView>,
    /// The month and its digest.
    pub month: MonthLink,
    /// The analyst's trend.
    pub trend: Option<SignView>,
    /// The alert.
    pub alert: Option<SignView>,
    /// The paragraph, as HTML (empty when none).
    pub body: String,
    /// The computed trend, when no trend is given and the country has
    /// events in the month or the three before.
    pub computed: Option<ComputedTrendView>,
}

/// A source document in the index of sources.
#[derive(Debug, Clone, Serialize)]
pub struct SourceSummary {
    /// Name.
    pub name: String,
    /// Its page.
    pub url: String,
    /// Its kind.
    pub kind: Option<ChoiceView>,
    /// Its reliability, the default of its citations.
    pub reliability: Option<GradeView>,
    /// How many documents cite it.
    pub citations: usize,
}

/// The source document itself.
#[derive(Debug, Serialize)]
pub struct SourceDocumentView {
    /// Name.
    pub name: String,
    /// Its web address (only `http(s)`).
    pub url: Option<String>,
    /// Publisher.
    pub publisher: Option<String>,
    /// Its reliability, the default of every citation of it.
    pub reliability: Option<GradeView>,
    /// Its kind.
    pub kind: Option<ChoiceView>,
    /// The body, as HTML.
    pub body: String,
}

/// A citation of a source document by another document.
#[derive(Debug, Clone, Serialize)]
pub struct CitationView {
    /// The citing document.
    pub document: LinkView,
    /// Its kind in words ("Note", "Événement").
    pub kind: &'static str,
    /// The citation's title.
    pub title: String,
    /// The cited item's own address.
    pub url: Option<String>,
    /// Its date.
    pub date: Option<DateView>,
    /// Its grade (the source's reliability by default).
    pub grade: Option<GradeView>,
}

/// `source.html`: a source document.
#[derive(Debug, Serialize)]
pub struct SourcePage<'a> {
    /// The site.
    pub site: &'a Shared<super::context::SiteView>,
    /// UI words.
    pub t: &'a Shared<&'static Strings>,
    /// This page.
    pub page: PageMeta,
    /// The source.
    pub source: SourceDocumentView,
    /// Every citation of it: briefs, then events, then actors, by title.
    pub citations: Vec<CitationView>,
}

/// `sources.html`: the index of source documents.
#[derive(Debug, Serialize)]
pub struct SourcesIndex<'a> {
    /// The site.
    pub site: &'a Shared<super::context::SiteView>,
    /// UI words.
    pub t: &'a Shared<&'static Strings>,
    /// This page.
    pub page: PageMeta,
    /// Every source document, by name.
    pub sources: Vec<SourceSummary>,
}

/// One row of terms of a yardstick.
#[derive(Debug, Serialize)]
pub struct YardstickRow {
    /// Its name ("First row"), empty for a yardstick of one row.
    pub label: &'static str,
    /// Its terms, least likely first.
    pub terms: Vec<TermView>,
}

/// The site's yardstick.
#[derive(Debug, Serialize)]
pub struct YardstickView {
    /// `icd203` or `phia`.
    pub key: &'static str,
    /// "ICD 203", "PHIA".
    pub name: &'static str,
    /// The publication it comes from.
    pub reference: &'static str,
    /// Where to read it.
    pub reference_url: &'static str,
    /// Its rows (two for ICD 203).
    pub rows: Vec<YardstickRow>,
    /// Whether its ranges leave gaps between them (PHIA).
    pub has_gaps: bool,
}

/// A line of the legend: a code and its words.
#[derive(Debug, Serialize)]
pub struct LegendEntry {
    /// `A`, `1`.
    pub code: String,
    /// Its words.
    pub label: &'static str,
}

/// `yardstick.html`: the legend of the scales and codes of the briefs.
#[derive(Debug, Serialize)]
pub struct YardstickPage<'a> {
    /// The site.
    pub site: &'a Shared<super::context::SiteView>,
    /// UI words.
    pub t: &'a Shared<&'static Strings>,
    /// This page.
    pub page: PageMeta,
    /// The probability yardstick of the site.
    pub yardstick: YardstickView,
    /// The confidence levels.
    pub confidence: Vec<ChoiceView>,
    /// Reliability grades, A to F.
    pub reliability: Vec<LegendEntry>,
    /// Credibility grades, 1 to 6.
    pub credibility: Vec<LegendEntry>,
    /// The TLP 2.0 markings.
    pub markings: Vec<MarkingView>,
    /// The trends of a month.
    pub trends: Vec<SignView>,
    /// The alerts.
    pub alerts: Vec<SignView>,
    /// The statuses of an indicator.
    pub statuses: Vec<SignView>,
}

impl Views<'_> {
    /// The URL of the legend, with a fragment.
    fn legend(&self, fragment: &str) -> String {
        format!(
            "{}#{fragment}",
            self.plan.href(self.plan.route(RouteKind::Yardstick))
        )
    }

    /// A term as its badge shows it.
    pub fn term_view(&self, term: Term) -> TermView {
        TermView {
            key: term.key(),
            label: term.label(self.lang),
            range: term.range_text(self.lang),
            badge: term.badge(self.lang),
            level: term.level(),
            url: self.legend(&format!("term-{}", term.key())),
        }
    }

    /// The key points of a brief, typeset in `lang`, the brief's.
    pub fn key_points(&self, brief: &Brief, lang: Language) -> Vec<KeyPointView> {
        brief
            .key_points
            .iter()
            .map(|k| KeyPointView {
                text: super::reading::typeset(&k.text.text, lang),
                likelihood: k.likelihood.map(|t| self.term_view(t)),
                confidence: k
                    .confidence
                    .map(|c| super::views::confidence(c, self.strings)),
            })
            .collect()
    }

    /// A grade, with the cited source document's reliability as default;
    /// `None` when neither part is known.
    pub fn grade_view(&self, grade: Grade, source: Option<Reliability>) -> Option<GradeView> {
        let shown = grade.or_source(source);
        let code = shown.code()?;
        let meaning = shown.meaning(self.lang)?;
        let words = meaning
            .strip_prefix(code.as_str())
            .map(|rest| rest.trim_start_matches(['\u{202F}', ':', ' ']))
            .unwrap_or(&meaning)
            .to_string();
        Some(GradeView {
            code,
            words,
            meaning,
            reliability: shown.reliability.map(|r| GradePart {
                value: r.letter().to_string(),
                label: r.label(self.lang),
            }),
            credibility: shown.credibility.map(|c| GradePart {
                value: c.digit().to_string(),
                label: c.label(self.lang),
            }),
            reliability_from_source: grade.reliability.is_none() && shown.reliability.is_some(),
            url: self.legend("grades"),
        })
    }

    /// The source document a citation names, when it is built, with its
    /// reliability.
    pub fn cited(&self, source: &Source) -> Option<(DocIndex, Option<Reliability>)> {
        let i = self.graph.resolve_field(source.source.as_ref()?)?;
        match &self.graph.doc(i).meta {
            Meta::Source(s) if self.graph.is_visible(i) => Some((i, s.reliability)),
            _ => None,
        }
    }

    /// A marking as pages show it.
    pub fn marking_view(&self, marking: Marking) -> MarkingView {
        MarkingView {
            label: marking.label(),
            value: marking_value(marking),
            description: marking.description(self.lang),
            published: marking.is_published(),
            url: self.legend(&format!("tlp-{}", marking_value(marking))),
        }
    }

    /// The marking a page that shows no document has: the site's.
    pub fn site_marking(&self) -> Option<MarkingView> {
        self.plan.site_marking().map(|m| self.marking_view(m))
    }

    /// The marking of document `i`'s page.
    pub fn doc_marking(&self, i: DocIndex) -> Option<MarkingView> {
        self.plan.marking(i).map(|m| self.marking_view(m))
    }

    /// A brief's marking for its card: only when stricter than the site's
    /// (which every page shows).
    pub fn card_marking(&self, i: DocIndex) -> Option<MarkingView> {
        self.plan
            .marking(i)
            .filter(|m| Some(*m) != self.plan.site_marking())
            .map(|m| self.marking_view(m))
    }

    /// The indicators of a brief.
    pub fn indicators(&self, brief: &Brief) -> Vec<IndicatorView> {
        brief
            .indicators
            .iter()
            .map(|i| self.indicator_view(i))
            .collect()
    }

    fn indicator_view(&self, indicator: &Indicator) -> IndicatorView {
        IndicatorView {
            text: indicator.text.clone(),
            status: indicator.status.map(|s| status_view(s, self.lang)),
            as_of: indicator.as_of.map(|d| self.day(d)),
        }
    }

    /// The open indicators of the briefs about country `i`, newest brief
    /// first, each brief's in the order written.
    pub fn open_indicators(&self, briefs: &[DocIndex]) -> Vec<OpenIndicatorView> {
        briefs
            .iter()
            .filter_map(|b| match &self.graph.doc(*b).meta {
                Meta::Brief(brief) => Some((*b, brief)),
                _ => None,
            })
            .flat_map(|(b, brief)| {
                brief
                    .indicators
                    .iter()
                    .filter(|i| i.is_open())
                    .map(move |i| OpenIndicatorView {
                        indicator: self.indicator_view(i),
                        brief: self.link(b),
                    })
            })
            .collect()
    }

    /// Country `i`'s months (`content/watch/`), newest first.
    pub fn country_trends(&self, i: DocIndex) -> Vec<MonthTrendView> {
        // A month's paragraph may link other countries: only the months
        // of this country count.
        let mut months: Vec<DocIndex> = self
            .graph
            .backlinks(i)
            .iter()
            .filter(|e| match &self.graph.doc(e.from).meta {
                Meta::Watch(w) => self.graph.resolve_field(&w.country) == Some(i),
                _ => false,
            })
            .map(|e| e.from)
            .collect();
        months.sort_by_key(|w| match &self.graph.doc(*w).meta {
            Meta::Watch(watch) => std::cmp::Reverse(watch.month),
            _ => unreachable!("backlinks of kind watch are months"),
        });
        months
            .into_iter()
            .filter_map(|w| self.watch_view(w, None))
            .collect()
    }

    /// A country's month, with the computed trend of `counts` (the
    /// country's counts of the month and the three before) when it gives
    /// no trend of its own.
    fn watch_view(&self, w: DocIndex, counts: Option<[Counts; 4]>) -> Option<MonthTrendView> {
        let doc = self.graph.doc(w);
        let Meta::Watch(watch) = &doc.meta else {
            return None;
        };
        let month = (watch.month.year(), watch.month.month()?);
        let n = self.plan.months.binary_search(&month).ok()?;
        // Months are never released (`crate::content::Release`): their
        // bodies are read from memory, which cannot fail.
        let (body, _) = self.body(w, doc, self.sources).ok()?;
        Some(MonthTrendView {
            country: self
                .graph
                .resolve_field(&watch.country)
                .map(|c| self.link(c)),
            month: self.month_link(n),
            trend: watch.trend.map(|t| trend_view(t, self.lang)),
            alert: watch.alert.map(|a| alert_view(a, self.lang)),
            body: if body.trim().is_empty() {
                String::new()
            } else {
                body
            },
            computed: counts
                .filter(|_| watch.trend.is_none())
                .and_then(|c| self.computed(c)),
        })
    }

    /// The trends leading digest `n`: each country's month of
    /// `content/watch/`, and for each other country of the digest the trend
    /// computed from the events, by country name.
    pub fn digest_trends(&self, n: usize, countries: &[DocIndex]) -> Vec<MonthTrendView> {
        let counts = self.month_counts(n);
        let of = |c: DocIndex| {
            let mut four = [Counts::default(); 4];
            for (k, month) in four.iter_mut().enumerate() {
                *month = counts.get(&(c, k)).copied().unwrap_or_default();
            }
            four
        };
        let mut trends: Vec<(DocIndex, MonthTrendView)> = Vec::new();
        let mut watched: Vec<DocIndex> = Vec::new();
        for &w in self.plan.month_watch(n) {
            let Meta::Watch(watch) = &self.graph.doc(w).meta else {
                continue;
            };
            let country = self.graph.resolve_field(&watch.country);
            if let (Some(c), Some(view)) = (country, self.watch_view(w, country.map(of))) {
                watched.push(c);
                trends.push((c, view));
            }
        }
        for &c in countries {
            if watched.contains(&c) {
                continue;
            }
            if let Some(computed) = self.computed(of(c)) {
                trends.push((
                    c,
                    MonthTrendView {
                        country: Some(self.link(c)),
                        month: self.month_link(n),
                        trend: None,
                        alert: None,
                        body: String::new(),
                        computed: Some(computed),
                    },
                ));
            }
        }
        trends.sort_by_cached_key(|(c, _)| (self.graph.title_key(*c).to_string(), *c));
        trends.into_iter().map(|(_, view)| view).collect()
    }

    /// Per (country, k), the counts of the country's events in month `k`
    /// before digest `n`'s (0 is the month itself, 1 to 3 the three
    /// before). An event counts for the countries of its `countries` and
    /// `location.country`.
    fn month_counts(&self, n: usize) -> HashMap<(DocIndex, usize), Counts> {
        let this = self.plan.months[n];
        let months = std::iter::once(this).chain(previous_months(this));
        let mut counts: HashMap<(DocIndex, usize), Counts> = HashMap::new();
        for (k, month) in months.enumerate() {
            let Ok(m) = self.plan.months.binary_search(&month) else {
                continue;
            };
            for &e in self.plan.month_members(m).0 {
                let Meta::Event(event) = &self.graph.doc(e).meta else {
                    continue;
                };
                let fatalities = u32::try_from(event.fatalities.unwrap_or(0)).unwrap_or(u32::MAX);
                for edge in self.graph.outgoing(e) {
                    if matches!(edge.how, How::Field(_))
                        && self.graph.doc(edge.to).id.kind == Kind::Country
                    {
                        let count = counts.entry((edge.to, k)).or_default();
                        count.events += 1;
                        count.fatalities = count.fatalities.saturating_add(fatalities);
                    }
                }
            }
        }
        counts
    }

    /// The computed trend of counts (the month, then the three before);
    /// `None` when the four months have no event.
    fn computed(&self, counts: [Counts; 4]) -> Option<ComputedTrendView> {
        if counts.iter().all(|c| c.events == 0) {
            return None;
        }
        let change: ConflictChange = conflict_change(counts[0], [counts[1], counts[2], counts[3]]);
        Some(ComputedTrendView {
            trend: trend_view(change.suggested_trend(), self.lang),
            events: self.measure_view(&change.events),
            fatalities: self.measure_view(&change.fatalities),
        })
    }

    fn measure_view(&self, measure: &Measure) -> MeasureView {
        // The average in tenths, rounded half up, in whole numbers: the
        // same text on every machine.
        let tenths = (measure.previous_total * 10 * 2 + 3) / 6;
        let average = format!("{}.{}", tenths / 10, tenths % 10);
        let (average, percent_sign) = match self.lang {
            Language::En => (average, "%"),
            Language::Fr => (average.replace('.', ","), "\u{202F}%"),
        };
        MeasureView {
            current: measure.current,
            average,
            change: measure
                .percent
                .map(|p| format!("{}{p}{percent_sign}", if p > 0 { "+" } else { "" })),
            level: level_view(measure.level, self.lang),
            low_baseline: measure.low_baseline,
        }
    }

    /// The context of a source document's page.
    pub fn source_page(&self, i: DocIndex, page: PageMeta, body: String) -> Option<SourcePage<'_>> {
        let Meta::Source(source) = &self.graph.doc(i).meta else {
            return None;
        };
        let mut citations: Vec<(usize, String, CitationView)> = Vec::new();
        for edge in self.graph.backlinks(i) {
            let from = self.graph.doc(edge.from);
            let cited: &[Source] = match &from.meta {
                Meta::Brief(b) => &b.sources,
                Meta::Event(e) => &e.sources,
                Meta::Actor(a) => &a.sources,
                _ => continue,
            };
            for citation in cited {
                if citation
                    .source
                    .as_ref()
                    .and_then(|r| self.graph.resolve_field(r))
                    != Some(i)
                {
                    continue;
                }
                let rank = Kind::ALL
                    .iter()
                    .position(|k| *k == from.id.kind)
                    .unwrap_or(usize::MAX);
                citations.push((
                    rank,
                    self.graph.title_key(edge.from).to_string(),
                    CitationView {
                        document: self.link(edge.from),
                        kind: kind_label(from.id.kind, self.strings),
                        title: citation.title.clone(),
                        url: citation.url.clone().filter(|u| super::views::is_web_url(u)),
                        date: citation.date.map(|d| self.partial(d)),
                        grade: self.grade_view(citation.grade, source.reliability),
                    },
                ));
            }
        }
        citations.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
        Some(SourcePage {
            site: &self.site,
            t: &self.t,
            page,
            source: SourceDocumentView {
                name: source.name.clone(),
                url: source.url.clone().filter(|u| super::views::is_web_url(u)),
                publisher: source.publisher.clone(),
                reliability: self.grade_view(
                    Grade {
                        reliability: source.reliability,
                        credibility: None,
                    },
                    None,
                ),
                kind: source.kind.map(|k| ChoiceView {
                    value: k.key(),
                    label: k.label(self.lang),
                }),
                body,
            },
            citations: citations.into_iter().map(|(.., c)| c).collect(),
        })
    }

    /// The context of the index of source documents.
    pub fn sources_index(&self, page: PageMeta) -> SourcesIndex<'_> {
        let sources = self
            .plan
            .sources
            .iter()
            .filter_map(|&i| match &self.graph.doc(i).meta {
                Meta::Source(s) => Some(SourceSummary {
                    name: s.name.clone(),
                    url: self.url(i),
                    kind: s.kind.map(|k| ChoiceView {
                        value: k.key(),
                        label: k.label(self.lang),
                    }),
                    reliability: self.grade_view(
                        Grade {
                            reliability: s.reliability,
                            credibility: None,
                        },
                        None,
                    ),
                    citations: self.graph.backlinks(i).len(),
                }),
                _ => None,
            })
            .collect();
        SourcesIndex {
            site: &self.site,
            t: &self.t,
            page,
            sources,
        }
    }

    /// The context of the legend page.
    pub fn yardstick_page(&self, page: PageMeta) -> YardstickPage<'_> {
        let yardstick = self.config.yardstick;
        let (reference, reference_url) = yardstick.source();
        let row = |row: Row, label: &'static str| YardstickRow {
            label,
            terms: yardstick
                .terms()
                .filter(|t| t.row() == row)
                .map(|t| self.term_view(t))
                .collect(),
        };
        let rows = match yardstick {
            Yardstick::Icd203 => vec![
                row(Row::First, self.strings.first_row),
                row(Row::Second, self.strings.second_row),
            ],
            Yardstick::Phia => vec![row(Row::First, "")],
        };
        YardstickPage {
            site: &self.site,
            t: &self.t,
            page,
            yardstick: YardstickView {
                key: yardstick.key(),
                name: yardstick.name(),
                reference,
                reference_url,
                rows,
                has_gaps: yardstick == Yardstick::Phia,
            },
            confidence: Confidence::ALL
                .iter()
                .map(|(_, c)| super::views::confidence(*c, self.strings))
                .collect(),
            reliability: Reliability::ALL
                .iter()
                .map(|(code, r)| LegendEntry {
                    code: code.to_string(),
                    label: r.label(self.lang),
                })
                .collect(),
            credibility: Credibility::ALL
                .iter()
                .map(|(code, c)| LegendEntry {
                    code: code.to_string(),
                    label: c.label(self.lang),
                })
                .collect(),
            markings: Marking::ALL
                .iter()
                .map(|(_, m)| self.marking_view(*m))
                .collect(),
            trends: Trend::ALL
                .iter()
                .map(|(_, t)| trend_view(*t, self.lang))
                .collect(),
            alerts: Alert::ALL
                .iter()
                .map(|(_, a)| alert_view(*a, self.lang))
                .collect(),
            statuses: IndicatorStatus::ALL
                .iter()
                .map(|(_, s)| status_view(*s, self.lang))
                .collect(),
        }
    }
}

/// A marking's class name.
fn marking_value(marking: Marking) -> &'static str {
    match marking {
        Marking::Clear => "clear",
        Marking::Green => "green",
        Marking::Amber => "amber",
        Marking::AmberStrict => "amber-strict",
        Marking::Red => "red",
    }
}

fn trend_view(trend: Trend, lang: Language) -> SignView {
    SignView {
        value: trend.key(),
        label: trend.label(lang),
        glyph: trend.glyph(),
    }
}

fn alert_view(alert: Alert, lang: Language) -> SignView {
    SignView {
        value: alert.key(),
        label: alert.label(lang),
        glyph: alert.glyph(),
    }
}

fn status_view(status: IndicatorStatus, lang: Language) -> SignView {
    SignView {
        value: status.key(),
        label: status.label(lang),
        glyph: status.glyph(),
    }
}

fn level_view(level: ChangeLevel, lang: Language) -> ChoiceView {
    ChoiceView {
        value: match level {
            ChangeLevel::LargeDecrease => "large-decrease",
            ChangeLevel::LimitedChange => "limited-change",
            ChangeLevel::ModerateIncrease => "moderate-increase",
            ChangeLevel::LargeIncrease => "large-increase",
        },
        label: level.label(lang),
    }
}

/// A kind in words, for the list of citations ("Note", "Event").
fn kind_label(kind: Kind, t: &Strings) -> &'static str {
    match kind {
        Kind::Brief => t.brief,
        Kind::Country => t.country,
        Kind::Actor => t.actor,
        Kind::Event => t.event,
        Kind::Page => t.page,
        Kind::Source => t.source,
        Kind::Watch => t.month,
    }
}
