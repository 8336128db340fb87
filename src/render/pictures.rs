//! The pictures of each page (issue 13) as specs for [`crate::pictures`],
//! built from the graph: which events a map places and which it counts on
//! their country, the neighbours of a country, the months of an activity
//! chart, the ties of an actor. docs/pictures.md says what each shows.
//!
//! URLs come from the plan's routes and words from [`crate::i18n`]; what it
//! hands on is a [`Picture`] for a page's context. It must not draw (the
//! SVG is the library's), format a URL, or keep anything between builds:
//! the atlas is loaded by the caller and lent to [`Common`].

use std::collections::BTreeMap;

use chrono::Datelike;

use super::views::Views;
use crate::content::{ActorKind, Event, EventKind, Kind, Meta};
use crate::date::{PartialDate, Precision};
use crate::graph::{DocIndex, Graph};
use crate::i18n::{self, Language, Strings, fill};
use crate::pictures::Picture;
use crate::pictures::atlas::Atlas;
use crate::pictures::chart::{self, ActivitySpec, ChartWords, MonthBar, Sparkline, YearMonth};
use crate::pictures::map::{
    self, Compass, GeoPrecision, MapCountry, MapSize, MapSpec, MapWords, Marker,
};
use crate::pictures::network::{self, EgoSpec, Link, NetworkWords, Node, Tie, WholeSpec};

/// The most markers the home page's map places, the most recent first; the
/// others are counted on their country. A marker costs about 230 bytes of
/// HTML: 300 keep the home page under 150 KB at 2,000 events
/// (docs/pictures.md).
pub const HOME_MARKERS: usize = 300;

/// Maps with at most this many markers write each place's name beside its
/// marker; beyond, names would only hide one another.
const NAMED_MARKERS: usize = 12;

/// What every picture of a build shares, made once with the [`Views`].
pub struct Common<'a> {
    atlas: &'a Atlas,
    map_words: MapWords,
    chart_words: ChartWords,
    network_words: NetworkWords,
    compass: Compass,
    /// Built countries by ISO code, upper case (the first by name when two
    /// share a code): a map names and links a neighbour from here.
    countries: BTreeMap<String, DocIndex>,
    /// The first and last month of the built events dated to the month:
    /// every sparkline of the countries index spans them.
    months: Option<(YearMonth, YearMonth)>,
}

impl<'a> Common<'a> {
    /// Makes what the pictures of a build share: words in `lang`, and the
    /// built countries by code.
    pub fn new(atlas: &'a Atlas, graph: &Graph, events: &[DocIndex], lang: Language) -> Self {
        let t = lang.strings();
        let mut by_name: Vec<DocIndex> = graph.of_kind(Kind::Country).collect();
        by_name.sort_by_key(|i| graph.title_key(*i));
        let mut countries = BTreeMap::new();
        for i in by_name {
            if let Meta::Country(c) = &graph.doc(i).meta {
                countries.entry(c.iso2.to_ascii_uppercase()).or_insert(i);
            }
        }
        let month_of = |i: &DocIndex| match &graph.doc(*i).meta {
            Meta::Event(e) => year_month(e.date),
            _ => None,
        };
        let first = events.iter().find_map(month_of);
        let last = events.iter().rev().find_map(month_of);
        Common {
            atlas,
            map_words: MapWords {
                kinds: EventKind::ALL
                    .iter()
                    .map(|(name, kind)| (*kind, i18n::event_kind(name, lang).to_string()))
                    .collect(),
                approximate: t.map_approximate.to_string(),
                unlocated: t.map_unlocated.to_string(),
                fatalities: t.map_fatalities.to_string(),
            },
            chart_words: ChartWords {
                events: t.activity_events.to_string(),
                fatalities: t.activity_fatalities.to_string(),
                months: std::array::from_fn(|m| i18n::month_short(m as u32 + 1, lang)),
            },
            network_words: NetworkWords {
                kinds: ActorKind::ALL
                    .iter()
                    .map(|(name, kind)| (*kind, i18n::actor_kind(name, lang).0.to_string()))
                    .collect(),
                affiliation: t.network_affiliation.to_string(),
                shared_events: t.network_shared.to_string(),
            },
            compass: Compass {
                north: t.compass_north.to_string(),
                south: t.compass_south.to_string(),
                east: t.compass_east.to_string(),
                west: t.compass_west.to_string(),
            },
            countries,
            months: first.zip(last),
        }
    }

    /// The coordinates in words (`14.47° N, 12.20° O`).
    pub fn coordinates(&self, lat: f64, lon: f64) -> String {
        map::coordinates(lat, lon, &self.compass)
    }
}

/// The month of a date known to the month or the day.
fn year_month(date: PartialDate) -> Option<YearMonth> {
    match date.precision() {
        Precision::Year => None,
        _ => YearMonth::new(date.year(), date.start().month()),
    }
}

/// The event of document `i`, if it is one.
fn event(graph: &Graph, i: DocIndex) -> Option<&Event> {
    match &graph.doc(i).meta {
        Meta::Event(e) => Some(e),
        _ => None,
    }
}

/// An event's coordinates, when both are given.
fn place(event: &Event) -> Option<(f64, f64)> {
    let location = event.location.as_ref()?;
    location.lat.zip(location.lon)
}

/// What a map of events shows, before words: the markers, and per country
/// (by document) the events counted on it.
struct Placed {
    markers: Vec<Marker>,
    unlocated: BTreeMap<DocIndex, u32>,
}

impl Views<'_> {
    fn t(&self) -> &'static Strings {
        self.strings
    }

    /// The country of an event's `location.country`, when it is a built
    /// country.
    fn location_country(&self, event: &Event) -> Option<DocIndex> {
        let field = event.location.as_ref()?.country.as_ref()?;
        let c = self.graph.resolve_field(field)?;
        (self.graph.doc(c).id.kind == Kind::Country && self.graph.is_visible(c)).then_some(c)
    }

    /// The marker of event `i`, when it has coordinates; `named` writes its
    /// place's name beside it.
    fn marker(&self, i: DocIndex, named: bool) -> Option<Marker> {
        let event = event(self.graph, i)?;
        let (lat, lon) = place(event)?;
        let place_name = event.location.as_ref().and_then(|l| l.name.clone());
        let mut title = format!(
            "{} — {}",
            event.title,
            i18n::format_partial(event.date, self.lang)
        );
        if let Some(name) = &place_name {
            title.push_str(", ");
            title.push_str(name);
        }
        Some(Marker {
            lat,
            lon,
            kind: event.kind.unwrap_or(EventKind::Other),
            fatalities: event
                .fatalities
                .map(|f| u32::try_from(f).unwrap_or(u32::MAX)),
            url: self.plan.doc_route(i).map(|r| self.plan.href(r)),
            title,
            label: place_name.filter(|_| named),
            // An imported row's `geo_precision` draws a haze around the
            // marker (issue #18).
            precision: event
                .imported
                .as_ref()
                .and_then(|row| row.geo_precision)
                .and_then(GeoPrecision::from_acled)
                .unwrap_or(GeoPrecision::Exact),
        })
    }

    /// Places `events` (newest first when `cap` keeps only some): up to
    /// `cap` markers, and the others counted on their `location.country`.
    fn place_events(&self, events: &[DocIndex], cap: Option<usize>) -> Placed {
        let located = events
            .iter()
            .filter(|i| event(self.graph, **i).and_then(place).is_some())
            .count();
        let named = located <= NAMED_MARKERS;
        let mut placed = Placed {
            markers: Vec::new(),
            unlocated: BTreeMap::new(),
        };
        for &i in events {
            let Some(e) = event(self.graph, i) else {
                continue;
            };
            let room = cap.is_none_or(|cap| placed.markers.len() < cap);
            match self.marker(i, named).filter(|_| room) {
                Some(marker) => placed.markers.push(marker),
                None => {
                    if let Some(c) = self.location_country(e) {
                        *placed.unlocated.entry(c).or_default() += 1;
                    }
                }
            }
        }
        placed
    }

    /// Country `c` as a map names it: its name, its page, and the events
    /// counted on it.
    fn map_country(&self, c: DocIndex, focus: bool, unlocated: u32) -> MapCountry {
        let name = self.graph.doc(c).title().to_string();
        let iso2 = match &self.graph.doc(c).meta {
            Meta::Country(country) => country.iso2.to_ascii_uppercase(),
            _ => String::new(),
        };
        let title = if unlocated > 0 {
            let t = self.t();
            let count = i18n::count(
                u64::from(unlocated),
                t.count_unplaced_one,
                t.count_unplaced,
                self.lang,
            );
            fill(t.map_unlocated_title, &[("name", &name), ("count", &count)])
        } else {
            name.clone()
        };
        MapCountry {
            iso2,
            name,
            url: self.plan.doc_route(c).map(|r| self.plan.href(r)),
            title,
            unlocated,
            focus,
        }
    }

    /// The countries a map of `events` names: each built country the events
    /// name (in `countries` or `location.country`), linked, with the events
    /// counted on it; none in focus, so that the frame fits the events.
    fn named_countries(
        &self,
        events: &[DocIndex],
        unlocated: &BTreeMap<DocIndex, u32>,
    ) -> Vec<MapCountry> {
        let mut named: Vec<DocIndex> = events
            .iter()
            .flat_map(|e| self.graph.outgoing(*e))
            .map(|edge| edge.to)
            .filter(|c| self.graph.doc(*c).id.kind == Kind::Country && self.graph.is_visible(*c))
            .chain(unlocated.keys().copied())
            .collect();
        named.sort_unstable();
        named.dedup();
        named.sort_by_key(|c| self.graph.title_key(*c));
        named
            .into_iter()
            .map(|c| self.map_country(c, false, unlocated.get(&c).copied().unwrap_or(0)))
            .collect()
    }

    /// The map of a country's page: the country in focus, its neighbours
    /// (named and linked when the site has them), its `events` placed, and
    /// those without coordinates counted on their `location.country`.
    pub fn country_map(&self, i: DocIndex, events: &[DocIndex]) -> Picture {
        let Meta::Country(country) = &self.graph.doc(i).meta else {
            unreachable!("country_map is asked of countries only")
        };
        let atlas = self.pictures.atlas;
        let placed = self.place_events(events, None);
        let own = placed.unlocated.get(&i).copied().unwrap_or(0);
        let mut countries = vec![self.map_country(i, true, own)];
        for code in atlas.neighbours(&country.iso2) {
            let neighbour = match self.pictures.countries.get(&code) {
                Some(&c) => self.map_country(c, false, 0),
                None => {
                    let name = atlas.country_name(&code).unwrap_or(&code).to_string();
                    MapCountry {
                        iso2: code,
                        title: name.clone(),
                        name,
                        url: None,
                        unlocated: 0,
                        focus: false,
                    }
                }
            };
            countries.push(neighbour);
        }
        for (&c, &n) in &placed.unlocated {
            let shown = countries
                .iter_mut()
                .find(|m| self.pictures.countries.get(&m.iso2) == Some(&c) || (c == i && m.focus));
            match shown {
                Some(m) => *m = self.map_country(c, m.focus, n),
                None => countries.push(self.map_country(c, false, n)),
            }
        }
        let t = self.t();
        self.draw_map(MapSpec {
            id: "map".to_string(),
            title: fill(t.map_of, &[("what", &country.name)]),
            described_by: Some("timeline-list".to_string()),
            countries,
            markers: placed.markers,
            words: self.pictures.map_words.clone(),
            size: MapSize::Wide,
        })
    }

    /// A map of many `events` (the events index's year, a digest, the
    /// home page): every event placed (at most `cap`, newest first), the
    /// others counted on their country.
    pub fn events_map(
        &self,
        id: &str,
        what: &str,
        described_by: Option<String>,
        events: &[DocIndex],
        cap: Option<usize>,
    ) -> Picture {
        let placed = self.place_events(events, cap);
        let mut words = self.pictures.map_words.clone();
        if let Some(cap) = cap.filter(|cap| placed.markers.len() >= *cap) {
            words.unlocated = fill(self.t().map_unlocated_capped, &[("n", &cap.to_string())]);
        }
        self.draw_map(MapSpec {
            id: id.to_string(),
            title: fill(self.t().map_of, &[("what", what)]),
            described_by,
            countries: self.named_countries(events, &placed.unlocated),
            markers: placed.markers,
            words,
            size: MapSize::Wide,
        })
    }

    /// The home page's map: the events of the last twelve months of the
    /// site's data (from the first day of the month eleven months before
    /// the newest event's), the [`HOME_MARKERS`] most recent placed.
    pub fn home_map(&self) -> Picture {
        let Some(&newest) = self.plan.events.last() else {
            return Picture::default();
        };
        let Some(last) = event(self.graph, newest).map(|e| e.date.start()) else {
            return Picture::default();
        };
        let from = last
            .with_day(1)
            .and_then(|d| d.checked_sub_months(chrono::Months::new(11)))
            .unwrap_or(last);
        let recent: Vec<DocIndex> = self
            .plan
            .events
            .iter()
            .rev()
            .copied()
            .take_while(|i| event(self.graph, *i).is_some_and(|e| e.date.start() >= from))
            .collect();
        let what = fill(
            self.t().map_range,
            &[
                (
                    "from",
                    &i18n::month_year(from.year(), from.month(), self.lang),
                ),
                (
                    "to",
                    &i18n::month_year(last.year(), last.month(), self.lang),
                ),
            ],
        );
        self.events_map("map", &what, None, &recent, Some(HOME_MARKERS))
    }

    /// The locator map of an event's page: its country (its
    /// `location.country`, else the countries it names) with its marker,
    /// and the coordinates linked to OpenStreetMap; empty without
    /// coordinates.
    pub fn locator(&self, i: DocIndex) -> Picture {
        let Some(event) = event(self.graph, i) else {
            return Picture::default();
        };
        let Some(marker) = self.marker(i, true) else {
            return Picture::default();
        };
        let countries: Vec<DocIndex> = match self.location_country(event) {
            Some(c) => vec![c],
            None => self
                .graph
                .outgoing(i)
                .iter()
                .map(|e| e.to)
                .filter(|c| {
                    self.graph.doc(*c).id.kind == Kind::Country && self.graph.is_visible(*c)
                })
                .collect(),
        };
        let what = event
            .location
            .as_ref()
            .and_then(|l| l.name.as_deref())
            .unwrap_or(&event.title);
        let spec = MapSpec {
            id: "map".to_string(),
            title: fill(self.t().locator_of, &[("what", what)]),
            described_by: None,
            countries: countries
                .into_iter()
                .map(|c| self.map_country(c, true, 0))
                .collect(),
            markers: vec![marker],
            words: self.pictures.map_words.clone(),
            size: MapSize::Small,
        };
        map::locator(self.pictures.atlas, &spec, &self.pictures.compass)
    }

    /// Draws a map: the library's, with the atlas.
    fn draw_map(&self, spec: MapSpec) -> Picture {
        map::draw(self.pictures.atlas, &spec)
    }

    /// The activity chart of a country or an actor named `name`: its
    /// `events` dated to the month or the day, per month, each month a link
    /// to its digest. Events known only to the year are not on it.
    pub fn activity(&self, name: &str, events: &[DocIndex]) -> Picture {
        let t = self.t();
        let mut months: BTreeMap<YearMonth, (u32, Option<u32>)> = BTreeMap::new();
        for e in events.iter().filter_map(|i| event(self.graph, *i)) {
            let Some(month) = year_month(e.date) else {
                continue;
            };
            let entry = months.entry(month).or_default();
            entry.0 += 1;
            if let Some(f) = e.fatalities {
                let f = u32::try_from(f).unwrap_or(u32::MAX);
                entry.1 = Some(entry.1.unwrap_or(0).saturating_add(f));
            }
        }
        let bars = months
            .into_iter()
            .map(|(month, (count, fatalities))| {
                let mut title = format!(
                    "{} — {}",
                    i18n::month_year(month.year(), month.month(), self.lang),
                    i18n::count(
                        u64::from(count),
                        t.count_events_one,
                        t.count_events,
                        self.lang
                    )
                );
                if let Some(f) = fatalities {
                    title.push_str(", ");
                    title.push_str(&i18n::count(
                        u64::from(f),
                        t.count_fatalities_one,
                        t.count_fatalities,
                        self.lang,
                    ));
                }
                MonthBar {
                    month,
                    events: count,
                    fatalities: fatalities.unwrap_or(0),
                    url: Some(self.digest_href(month.year(), month.month())),
                    title,
                }
            })
            .collect::<Vec<_>>();
        if bars.is_empty() {
            return Picture::default();
        }
        chart::activity(&ActivitySpec {
            id: "activity".to_string(),
            title: fill(t.activity_of, &[("name", name)]),
            described_by: Some("timeline-list".to_string()),
            months: bars,
            range: None,
            words: self.pictures.chart_words.clone(),
        })
    }

    /// A sparkline per country of `countries` (in that order), on the same
    /// months (those of the site's events) and the same scale; empty
    /// strings when no event is dated to the month.
    pub fn sparklines(&self, countries: &[DocIndex]) -> Vec<String> {
        let Some((from, to)) = self.pictures.months else {
            return vec![String::new(); countries.len()];
        };
        let counts: Vec<BTreeMap<YearMonth, u32>> = countries
            .iter()
            .map(|c| {
                let mut months = BTreeMap::new();
                for edge in self.graph.backlinks(*c) {
                    if let Some(month) =
                        event(self.graph, edge.from).and_then(|e| year_month(e.date))
                    {
                        *months.entry(month).or_insert(0) += 1;
                    }
                }
                months
            })
            .collect();
        let max = counts
            .iter()
            .flat_map(|m| m.values())
            .copied()
            .max()
            .unwrap_or(0);
        let t = self.t();
        let range = |m: YearMonth| i18n::month_year(m.year(), m.month(), self.lang);
        countries
            .iter()
            .zip(counts)
            .map(|(c, months)| {
                let total: u32 = months.values().sum();
                let count = i18n::count(
                    u64::from(total),
                    t.count_events_one,
                    t.count_events,
                    self.lang,
                );
                chart::sparkline(&Sparkline {
                    label: fill(
                        t.sparkline_of,
                        &[
                            ("name", self.graph.doc(*c).title()),
                            ("count", &count),
                            ("from", &range(from)),
                            ("to", &range(to)),
                        ],
                    ),
                    counts: months.into_iter().collect(),
                    from,
                    to,
                    max: Some(max),
                })
            })
            .collect()
    }

    /// Actor `i` as a node of a network.
    fn node(&self, i: DocIndex) -> Node {
        let doc = self.graph.doc(i);
        Node {
            key: doc.id.slug.to_string(),
            name: doc.title().to_string(),
            url: self.plan.doc_route(i).map(|r| self.plan.href(r)),
            kind: match &doc.meta {
                Meta::Actor(a) => a.kind,
                _ => ActorKind::Other,
            },
        }
    }

    /// An affiliation as the ego network writes it under a name: its role
    /// and dates ("membre, depuis 2017").
    fn affiliation_words(
        &self,
        role: Option<&str>,
        since: Option<PartialDate>,
        until: Option<PartialDate>,
    ) -> String {
        let t = self.t();
        let dated = |date: PartialDate, day: &str, period: &str| {
            let word = match date.precision() {
                Precision::Day => day,
                _ => period,
            };
            format!("{word} {}", i18n::format_partial(date, self.lang))
        };
        let parts: Vec<String> = role
            .map(str::to_string)
            .into_iter()
            .chain(since.map(|d| dated(d, t.since, t.since_period)))
            .chain(until.map(|d| dated(d, t.until, t.until_period)))
            .collect();
        if parts.is_empty() {
            t.network_affiliation.to_string()
        } else {
            parts.join(", ")
        }
    }

    /// For actor `i`: the other actors of its events, each with the number
    /// of events they share.
    fn shared_events(&self, i: DocIndex) -> BTreeMap<DocIndex, u32> {
        let mut shared = BTreeMap::new();
        for edge in self.graph.backlinks(i) {
            if self.graph.doc(edge.from).id.kind != Kind::Event {
                continue;
            }
            for other in self.graph.outgoing(edge.from) {
                if other.to != i && self.graph.doc(other.to).id.kind == Kind::Actor {
                    *shared.entry(other.to).or_insert(0) += 1;
                }
            }
        }
        shared
    }

    /// The ego network of actor `i`: its affiliations both ways (with role
    /// and dates) and the actors it shares events with (weighted by their
    /// number); described by the page's lists `described_by`.
    pub fn ego_network(&self, i: DocIndex, described_by: Option<String>) -> Picture {
        let t = self.t();
        let mut affiliations: BTreeMap<DocIndex, Vec<String>> = BTreeMap::new();
        if let Meta::Actor(actor) = &self.graph.doc(i).meta {
            for a in &actor.affiliations {
                if let Some(to) = self.graph.resolve_field(&a.actor).filter(|to| *to != i) {
                    affiliations
                        .entry(to)
                        .or_default()
                        .push(self.affiliation_words(a.role.as_deref(), a.since, a.until));
                }
            }
        }
        for edge in self.graph.backlinks(i) {
            let Meta::Actor(other) = &self.graph.doc(edge.from).meta else {
                continue;
            };
            for a in &other.affiliations {
                if edge.from != i && self.graph.resolve_field(&a.actor) == Some(i) {
                    affiliations
                        .entry(edge.from)
                        .or_default()
                        .push(self.affiliation_words(a.role.as_deref(), a.since, a.until));
                }
            }
        }
        let shared = self.shared_events(i);
        let mut others: Vec<DocIndex> = affiliations.keys().chain(shared.keys()).copied().collect();
        others.sort_unstable();
        others.dedup();
        let ties = others
            .into_iter()
            .map(|o| {
                let n = shared.get(&o).copied().unwrap_or(0);
                Tie {
                    node: self.node(o),
                    affiliation: affiliations.get(&o).map(|words| words.join("; ")),
                    shared_events: n,
                    note: if n > 0 {
                        i18n::count(u64::from(n), t.count_shared_one, t.count_shared, self.lang)
                    } else {
                        String::new()
                    },
                }
            })
            .collect();
        let ego = self.node(i);
        network::ego(&EgoSpec {
            id: "network".to_string(),
            title: fill(t.network_of, &[("name", &ego.name)]),
            described_by,
            ego,
            ties,
            words: self.pictures.network_words.clone(),
        })
    }

    /// The network of the actors index, described by the lists of its
    /// groups (`id="<kind>-list"`).
    pub fn actors_network(&self) -> Picture {
        let lists: Vec<String> = ActorKind::ALL
            .iter()
            .filter(|(_, kind)| {
                self.graph
                    .of_kind(Kind::Actor)
                    .any(|a| matches!(&self.graph.doc(a).meta, Meta::Actor(x) if x.kind == *kind))
            })
            .map(|(name, _)| format!("{name}-list"))
            .collect();
        self.whole_network((!lists.is_empty()).then(|| lists.join(" ")))
    }

    /// The network of every built actor for the actors index (affiliations,
    /// and shared events weighted by their number); empty beyond
    /// [`network::MAX_WHOLE_NODES`] actors.
    pub fn whole_network(&self, described_by: Option<String>) -> Picture {
        let actors: Vec<DocIndex> = self.graph.of_kind(Kind::Actor).collect();
        if actors.is_empty() || actors.len() > network::MAX_WHOLE_NODES {
            return Picture::default();
        }
        let mut links: BTreeMap<(DocIndex, DocIndex), (u32, bool)> = BTreeMap::new();
        for &a in &actors {
            if let Meta::Actor(actor) = &self.graph.doc(a).meta {
                for aff in &actor.affiliations {
                    if let Some(b) = self.graph.resolve_field(&aff.actor).filter(|b| *b != a) {
                        links.entry((a.min(b), a.max(b))).or_default().1 = true;
                    }
                }
            }
            for (b, n) in self.shared_events(a).into_iter().filter(|(b, _)| a < *b) {
                links.entry((a, b)).or_default().0 = n;
            }
        }
        let key = |i: DocIndex| self.graph.doc(i).id.slug.to_string();
        network::whole(&WholeSpec {
            id: "network".to_string(),
            title: self.t().network_all.to_string(),
            described_by,
            nodes: actors.iter().map(|a| self.node(*a)).collect(),
            links: links
                .into_iter()
                .map(|((a, b), (weight, affiliation))| Link {
                    a: key(a),
                    b: key(b),
                    weight,
                    affiliation,
                })
                .collect(),
            words: self.pictures.network_words.clone(),
        })
        .unwrap_or_default()
    }
}
