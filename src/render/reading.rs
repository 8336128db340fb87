//! What pages do for their readers (issue #15): contents lists, French
//! typography of the text pages show, each document's language, the
//! events index with its filters and pages, compact rows for long lists,
//! and when a count of fatalities says something.
//!
//! It builds parts of contexts from the shared [`Views`]; it formats no URL
//! (they come from the plan's routes) and renders nothing but the compact
//! rows, once per build.

use super::Templates;
use super::context::*;
use super::views::Views;
use crate::content::{EventKind, Kind, Meta};
use crate::date::Precision;
use crate::graph::DocIndex;
use crate::i18n::{self, Language};
use crate::markdown::Section;
use crate::plan::{EventFilter, Route, RouteKind};

/// A text shown on a page, with French typography when it is in French
/// ([`crate::typography`]): the one function front-matter text goes
/// through, as Markdown text goes through the same rules.
pub fn typeset(text: &str, lang: Language) -> String {
    match lang {
        Language::Fr => crate::typography::french(text).into_owned(),
        Language::En => text.to_string(),
    }
}

/// The fewest headings a body has for its page to list them.
const CONTENTS_MIN: usize = 3;

/// The contents list of a body: its headings of the two top levels it
/// uses, when it has [`CONTENTS_MIN`] or more of its own (the notes section
/// is listed, but does not count). Empty otherwise.
pub fn contents(outline: &[Section]) -> Vec<ContentsItem> {
    let own = outline.iter().filter(|s| s.id != "notes").count();
    if own < CONTENTS_MIN {
        return Vec::new();
    }
    let top = outline
        .iter()
        .filter(|s| s.id != "notes")
        .map(|s| s.level)
        .min()
        .unwrap_or(2);
    outline
        .iter()
        .filter(|s| s.level <= top + 1)
        .map(|s| ContentsItem {
            id: s.id.clone(),
            text: s.text.clone(),
            depth: if s.id == "notes" {
                1
            } else {
                s.level - top + 1
            },
        })
        .collect()
}

/// The fatalities an event's pages show: a count of 0 only for kinds that
/// can have victims (attack, battle, protest, patrol, other, or no kind),
/// where it is what the source reports. On a visit, a meeting, an
/// agreement, a withdrawal, an election or an economic event, 0 says
/// nothing and is left out (issue #15); the data files keep it.
///
/// ```
/// use dossier::content::EventKind;
/// use dossier::render::reading::shown_fatalities;
/// assert_eq!(shown_fatalities(Some(EventKind::Attack), Some(0)), Some(0));
/// assert_eq!(shown_fatalities(Some(EventKind::Visit), Some(0)), None);
/// assert_eq!(shown_fatalities(Some(EventKind::Visit), Some(2)), Some(2));
/// ```
pub fn shown_fatalities(kind: Option<EventKind>, fatalities: Option<u64>) -> Option<u64> {
    let peaceful = matches!(
        kind,
        Some(
            EventKind::Visit
                | EventKind::Meeting
                | EventKind::Agreement
                | EventKind::Withdrawal
                | EventKind::Election
                | EventKind::Economic
        )
    );
    fatalities.filter(|n| *n > 0 || !peaceful)
}

/// The actors listed by name among the filters of the events index; the
/// others are reached through the actor index.
const FILTER_ACTORS: usize = 12;

impl Views<'_> {
    /// The language a document is written in: a brief's `lang`, else the
    /// site's.
    pub fn doc_lang(&self, i: DocIndex) -> Language {
        if let Some(fallback) = self.plan.edition.text_language(i) {
            return fallback;
        }
        match &self.graph.doc(i).meta {
            Meta::Brief(b) => b.lang.unwrap_or(self.lang),
            _ => self.lang,
        }
    }

    /// A document's language code when it is not the site's: the `lang` of
    /// the elements that show its text. One rule (issue #15): the page's
    /// words, dates and navigation stay in the site's language, and only
    /// the document's own text is marked.
    pub fn foreign_lang(&self, i: DocIndex) -> Option<&'static str> {
        let lang = self.doc_lang(i);
        (lang != self.lang).then(|| lang.code())
    }

    /// A list's compact row for `item`, rendered once per build from
    /// `template` with `item` (as `name`), `t` and `site` alone, as cards
    /// are; `None` when the theme has no such partial or it needs more.
    pub(super) fn row_html<T: serde::Serialize>(
        &self,
        template: &str,
        name: &'static str,
        item: &T,
    ) -> Option<tera::Value> {
        let templates: &Templates = self.card_theme()?;
        if !templates.tera.contains_template(template) {
            return None;
        }
        let mut context = tera::Context::new();
        context.insert(name, item);
        context.insert("t", &self.t);
        context.insert("site", &self.site);
        let mut html = Vec::with_capacity(256);
        templates
            .tera
            .render_to(template, &context, &mut html)
            .ok()?;
        let html = String::from_utf8(html).ok()?;
        Some(tera::Value::safe_string(&html))
    }

    /// The context of page `n` of a filter of the events index.
    pub fn event_index(&self, filter: EventFilter, n: usize, route: &Route) -> EventsIndex<'_> {
        let plan = self.plan;
        let t = self.strings;
        let filter_link = match filter {
            EventFilter::All => None,
            EventFilter::Kind(k) => Some(self.kind_filter(k)),
            EventFilter::Year(y) => Some(self.year_filter(y)),
        };
        let (open, close) = match self.lang {
            Language::Fr => ("«\u{202F}", "\u{202F}»"),
            Language::En => ("“", "”"),
        };
        let mut title = match (&filter_link, filter) {
            (Some(link), EventFilter::Kind(_)) => {
                format!("{} {open}{}{close}", t.events_of_kind, link.label)
            }
            (Some(link), _) => format!("{} {}", t.events_of_year, link.label),
            (None, _) => t.events.to_string(),
        };
        if n > 0 {
            title = format!("{title} — {} {}", t.page_n_of, n + 1);
        }
        let total = plan.event_pages(filter);
        EventsIndex {
            site: &self.site,
            t: &self.t,
            page: self.meta(&title, None, route, "events"),
            filter: filter_link,
            years: self.years(plan.event_page(filter, n)),
            pagination: self.paginate(n, total, |k| plan.href(plan.event_list_route(filter, k))),
            filters: self.event_filters(),
        }
    }

    /// Events, already in the order of [`crate::plan::Plan::events_newest`],
    /// grouped by year and month; those known only to their year in a
    /// group of their own after the months.
    fn years(&self, events: &[DocIndex]) -> Vec<YearGroup<'_>> {
        let mut years: Vec<YearGroup> = Vec::new();
        // Each year's events of this page, for its map (issue 13).
        let mut of_year: Vec<Vec<DocIndex>> = Vec::new();
        for &i in events {
            let Meta::Event(event) = &self.graph.doc(i).meta else {
                continue;
            };
            let date = event.date;
            if years.last().is_none_or(|y| y.year != date.year()) {
                years.push(YearGroup {
                    year: date.year(),
                    months: Vec::new(),
                    events: Vec::new(),
                    map: Default::default(),
                });
                of_year.push(Vec::new());
            }
            of_year.last_mut().expect("pushed above").push(i);
            let year = years.last_mut().expect("pushed above");
            match (date.precision(), date.month()) {
                (Precision::Year, _) | (_, None) => year.events.push(self.event_summary(i)),
                (_, Some(month)) => {
                    let iso = format!("{:04}-{month:02}", date.year());
                    if year.months.last().is_none_or(|m| m.iso != iso) {
                        year.months.push(MonthGroup {
                            digest_url: self.digest_href(date.year(), month),
                            iso,
                            label: i18n::month_year(date.year(), month, self.lang),
                            events: Vec::new(),
                        });
                    }
                    year.months
                        .last_mut()
                        .expect("pushed above")
                        .events
                        .push(self.event_summary(i));
                }
            }
        }
        for (year, events) in years.iter_mut().zip(&of_year) {
            // The map is described by the year's lists, as the page shows
            // them: its months, then the events known only to the year.
            let lists: Vec<String> = year
                .months
                .iter()
                .map(|m| format!("m{}-events", m.iso))
                .chain((!year.events.is_empty()).then(|| format!("y{}-events", year.year)))
                .collect();
            year.map = self.events_map(
                &format!("map-y{}", year.year),
                &year.year.to_string(),
                Some(lists.join(" ")),
                events,
                None,
            );
        }
        years
    }

    /// Where page `n` (from 0) of `total` stands, the URL of page `k`
    /// given by `url`.
    pub(super) fn paginate(
        &self,
        n: usize,
        total: usize,
        url: impl Fn(usize) -> String,
    ) -> Pagination {
        Pagination {
            current: n + 1,
            total,
            previous: (n > 0).then(|| url(n - 1)),
            next: (n + 1 < total).then(|| url(n + 1)),
            pages: super::views::shown_pages(n, total)
                .into_iter()
                .map(|(k, gap_before)| PageLink {
                    number: k + 1,
                    url: url(k),
                    current: k == n,
                    gap_before,
                })
                .collect(),
        }
    }

    fn kind_filter(&self, k: usize) -> FilterLink {
        let (kind, events) = &self.plan.event_kinds[k];
        FilterLink {
            label: i18n::event_kind(kind.as_str(), self.lang).to_string(),
            url: self
                .plan
                .href(self.plan.event_list_route(EventFilter::Kind(k), 0)),
            value: kind.as_str(),
            count: events.len(),
        }
    }

    fn year_filter(&self, y: usize) -> FilterLink {
        let (year, events) = &self.plan.event_years[y];
        FilterLink {
            label: year.to_string(),
            url: self
                .plan
                .href(self.plan.event_list_route(EventFilter::Year(y), 0)),
            value: "",
            count: events.len(),
        }
    }

    /// The filters of the events index, made once for all its pages.
    fn event_filters(&self) -> &Shared<EventFilters> {
        self.event_filters.get_or_init(|| {
            let plan = self.plan;
            // Countries and actors by their built events: their pages list
            // those events as a timeline.
            let with_events = |kind: Kind| -> Vec<(DocIndex, usize)> {
                let mut list: Vec<(DocIndex, usize)> = self
                    .graph
                    .of_kind(kind)
                    .filter_map(|i| {
                        let mut from: Vec<DocIndex> = self
                            .graph
                            .backlinks(i)
                            .iter()
                            .map(|e| e.from)
                            .filter(|f| {
                                self.graph.doc(*f).id.kind == Kind::Event
                                    && self.graph.is_visible(*f)
                            })
                            .collect();
                        from.sort_unstable();
                        from.dedup();
                        (!from.is_empty()).then_some((i, from.len()))
                    })
                    .collect();
                list.sort_by_key(|(i, _)| self.graph.title_key(*i));
                list
            };
            let link = |(i, count): (DocIndex, usize)| FilterLink {
                label: self.link(i).title,
                url: format!("{}#timeline-title", self.url(i)),
                value: "",
                count,
            };
            let countries = with_events(Kind::Country);
            let mut actors = with_events(Kind::Actor);
            let more_actors = actors.len() > FILTER_ACTORS;
            if more_actors {
                // The actors with the most events, then by name.
                let mut by_count = actors.clone();
                by_count.sort_by_key(|(i, n)| (std::cmp::Reverse(*n), self.graph.title_key(*i)));
                by_count.truncate(FILTER_ACTORS);
                actors.retain(|a| by_count.contains(a));
            }
            Shared::new(EventFilters {
                all: FilterLink {
                    label: self.strings.all_events_filter.to_string(),
                    url: plan.href(plan.route(RouteKind::EventIndex)),
                    value: "",
                    count: plan.events_newest.len(),
                },
                kinds: (0..plan.event_kinds.len())
                    .map(|k| self.kind_filter(k))
                    .collect(),
                years: (0..plan.event_years.len())
                    .map(|y| self.year_filter(y))
                    .collect(),
                countries: countries.into_iter().map(link).collect(),
                actors: actors.into_iter().map(link).collect(),
                more_actors,
                actors_url: plan.href(plan.route(RouteKind::ActorIndex)),
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section(level: u8, id: &str) -> Section {
        Section {
            level,
            id: id.to_string(),
            text: id.to_uppercase(),
        }
    }

    #[test]
    fn contents_need_three_headings_of_the_body() {
        let two = [section(2, "a"), section(2, "b"), section(2, "notes")];
        assert!(contents(&two).is_empty());
        let three = [section(2, "a"), section(3, "a1"), section(2, "b")];
        let items = contents(&three);
        assert_eq!(items.len(), 3);
        assert_eq!(items.iter().map(|i| i.depth).collect::<Vec<_>>(), [1, 2, 1]);
    }

    #[test]
    fn contents_list_the_two_top_levels_and_the_notes() {
        let outline = [
            section(3, "a"),
            section(4, "a1"),
            section(5, "deep"),
            section(3, "b"),
            section(2, "notes"),
        ];
        let ids: Vec<String> = contents(&outline).into_iter().map(|i| i.id).collect();
        assert_eq!(ids, ["a", "a1", "b", "notes"]);
    }

    #[test]
    fn zero_fatalities_show_only_where_there_could_be_victims() {
        assert_eq!(shown_fatalities(None, Some(0)), Some(0));
        assert_eq!(shown_fatalities(Some(EventKind::Battle), Some(0)), Some(0));
        assert_eq!(shown_fatalities(Some(EventKind::Meeting), Some(0)), None);
        assert_eq!(shown_fatalities(Some(EventKind::Meeting), None), None);
    }

    #[test]
    fn typeset_follows_the_language() {
        assert_eq!(typeset("Mali : x", Language::Fr), "Mali\u{202F}: x");
        assert_eq!(typeset("Mali : x", Language::En), "Mali : x");
    }
}

/// The theme draws each event kind's marker in lists with the shape of the
/// map's markers (`pictures::map::marker`), from a data URL in
/// `dossier.css`: this checks that the two agree.
#[cfg(test)]
mod markers {
    use crate::content::EventKind;
    use crate::pictures::map::marker;

    /// The CSS rule of a kind's marker, as `dossier.css` must hold it.
    fn rule(kind: EventKind) -> String {
        let even_odd = if marker::shape(kind) == marker::Shape::Ring {
            " fill-rule='evenodd'"
        } else {
            ""
        };
        let svg = format!(
            "<svg xmlns='http://www.w3.org/2000/svg' viewBox='-10 -10 20 20'><path{even_odd} d='{}'/></svg>",
            marker::path(marker::shape(kind), 0.0, 0.0, 6.0)
        );
        let url = svg.replace('<', "%3C").replace('>', "%3E");
        format!(
            ".kind-{0} {{ --mark: url(\"data:image/svg+xml,{url}\"); --mark-color: var(--pic-{0}); }}",
            kind.as_str()
        )
    }

    #[test]
    fn list_markers_have_the_shapes_of_map_markers() {
        let css = include_str!("../../templates/assets/dossier.css");
        let missing: Vec<String> = EventKind::ALL
            .iter()
            .map(|(_, k)| rule(*k))
            .filter(|r| !css.contains(r.as_str()))
            .collect();
        assert!(
            missing.is_empty(),
            "dossier.css lacks these rules:\n{}",
            missing.join("\n")
        );
    }
}
