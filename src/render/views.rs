//! Building template contexts from the graph: URLs, dates in words, lists
//! sorted the way readers expect. Site-wide lists (tags, sorted briefs and
//! events) are computed once in [`Views::new`] and shared by every page.

use std::collections::HashMap;

use chrono::Datelike;

use super::context::*;
use super::{Templates, UrlPath, render};
use crate::config::Config;
use crate::content::{ActorKind, Confidence, Document, EventKind, Kind, Meta, Source};
use crate::date::{PartialDate, Precision};
use crate::diagnostic::{Diagnostic, Sources};
use crate::git::{Commit, History};
use crate::graph::{DocIndex, Graph, How};
use crate::i18n::{self, Language, Strings};
use crate::markdown;
use crate::slug::{Slug, match_key};

/// A tag with the briefs carrying it.
pub struct TagEntry {
    /// Slug of its page.
    pub slug: String,
    /// What templates see.
    pub view: TagView,
    /// Its briefs, newest first.
    pub briefs: Vec<DocIndex>,
}

/// Everything shared by the pages of one build.
pub struct Views<'a> {
    pub(super) graph: &'a Graph,
    history: &'a History,
    /// Where `repo_url` links lead, when it is a web URL.
    forge: Option<Forge>,
    /// The configuration.
    pub config: &'a Config,
    /// UI words.
    pub strings: &'static Strings,
    /// The theme, when cards are rendered once per build
    /// ([`BriefSummary::card`]); `None` for views that render no page.
    card_theme: Option<&'a Templates>,
    pub(super) lang: Language,
    /// The site as templates see it.
    pub site: Shared<SiteView>,
    /// UI words as templates see them.
    pub t: Shared<&'static Strings>,
    /// Every tag, by name.
    pub tags: Vec<TagEntry>,
    tag_index: HashMap<String, usize>,
    /// Built briefs, newest first.
    pub(super) briefs: Vec<DocIndex>,
    /// Built events, oldest first.
    pub(super) events: Vec<DocIndex>,
    /// Months with events or briefs, oldest first: what digests exist for.
    pub months: Vec<(i32, u32)>,
    /// Per month of `months`: its events (oldest first, dated to the month
    /// or the day) and briefs (newest first), made on first use.
    month_members: std::sync::OnceLock<Vec<MonthMembers>>,
    /// Cards of briefs and events, by document, made on first use.
    brief_cards: Vec<std::sync::OnceLock<Shared<BriefSummary>>>,
    /// The events as export rows, shared by the CSV, JSON and GeoJSON files.
    event_rows: std::sync::OnceLock<Vec<super::data::EventRow>>,
    event_cards: Vec<std::sync::OnceLock<Shared<EventSummary>>>,
    /// Per document, its position in `briefs` (newest first), for sorting
    /// any list of briefs without searching.
    pub(super) brief_rank: Vec<usize>,
    /// The newest change among the site's briefs.
    pub site_lastmod: Option<chrono::NaiveDate>,
}

impl<'a> Views<'a> {
    /// Computes the site-wide lists once.
    pub fn new(graph: &'a Graph, config: &'a Config, history: &'a History) -> Views<'a> {
        let lang = config.language;
        let strings = lang.strings();
        let base = config.base_url.path().to_string();
        // Keys computed once per document, not per comparison: this runs on
        // every rebuild of `serve` (issue #3), and `match_key` transliterates.
        let mut briefs: Vec<DocIndex> = graph.of_kind(Kind::Brief).collect();
        briefs.sort_by_cached_key(|i| brief_key(graph, *i));
        let mut events: Vec<DocIndex> = graph.of_kind(Kind::Event).collect();
        events.sort_by_cached_key(|i| (event_date(graph.doc(*i)), graph.title_key(*i)));

        let mut tags: Vec<TagEntry> = Vec::new();
        let mut tag_index: HashMap<String, usize> = HashMap::new();
        // A site has few distinct tags on many briefs: each text is
        // slugified and looked up once (this runs on every rebuild of
        // `serve`, issue #3).
        let mut by_text: HashMap<&str, Option<usize>> = HashMap::new();
        for &b in &briefs {
            if let Meta::Brief(brief) = &graph.doc(b).meta {
                for tag in &brief.tags {
                    let n = *by_text.entry(tag.as_str()).or_insert_with(|| {
                        let slug = Slug::from_title(tag)?;
                        Some(*tag_index.entry(slug.to_string()).or_insert_with(|| {
                            tags.push(TagEntry {
                                slug: slug.to_string(),
                                view: TagView {
                                    name: tag.clone(),
                                    url: format!("{base}tags/{slug}/"),
                                    count: 0,
                                },
                                briefs: Vec::new(),
                            });
                            tags.len() - 1
                        }))
                    });
                    let Some(n) = n else {
                        continue;
                    };
                    // The briefs of a tag are pushed brief after brief: one
                    // already there is the last one.
                    if tags[n].briefs.last() != Some(&b) {
                        tags[n].briefs.push(b);
                        tags[n].view.count += 1;
                    }
                }
            }
        }
        tags.sort_by_cached_key(|t| match_key(&t.view.name));
        let tag_index = tags
            .iter()
            .enumerate()
            .map(|(i, t)| (t.slug.clone(), i))
            .collect();

        let nav = vec![
            NavItem {
                label: strings.briefs,
                url: format!("{base}briefs/"),
                section: "briefs",
            },
            NavItem {
                label: strings.countries,
                url: format!("{base}countries/"),
                section: "countries",
            },
            NavItem {
                label: strings.actors,
                url: format!("{base}actors/"),
                section: "actors",
            },
            NavItem {
                label: strings.events,
                url: format!("{base}events/"),
                section: "events",
            },
            NavItem {
                label: strings.tags,
                url: format!("{base}tags/"),
                section: "tags",
            },
        ];
        let mut pages: Vec<DocIndex> = graph.of_kind(Kind::Page).collect();
        pages.sort_by_key(|i| graph.title_key(*i));
        let mut views = Views {
            graph,
            history,
            forge: config.repo_url.as_deref().and_then(Forge::parse),
            config,
            strings,
            lang,
            t: Shared::new(strings),
            site: Shared::new(SiteView {
                title: config.title.clone(),
                description: config.description.clone(),
                author: config.author.clone(),
                language: lang.code(),
                base_url: config.base_url.as_str().to_string(),
                base_path: base.clone(),
                repo_url: config.repo_url.clone(),
                home_url: base.clone(),
                stylesheet_url: format!("{base}assets/dossier.css"),
                nav,
                pages: Vec::new(),
                feed_url: format!("{base}atom.xml"),
                search_url: format!("{base}search/"),
                search_index_url: format!("{base}search-index.json"),
                data: vec![
                    DataLink {
                        label: strings.events_csv,
                        url: format!("{base}exports/events.csv"),
                        media_type: "text/csv",
                    },
                    DataLink {
                        label: strings.events_json,
                        url: format!("{base}exports/events.json"),
                        media_type: "application/json",
                    },
                    DataLink {
                        label: strings.events_geojson,
                        url: format!("{base}exports/events.geojson"),
                        media_type: "application/geo+json",
                    },
                    DataLink {
                        label: strings.graph_json,
                        url: format!("{base}graph.json"),
                        media_type: "application/json",
                    },
                ],
            }),
            tags,
            tag_index,
            months: months_with_content(graph, &briefs, &events),
            month_members: std::sync::OnceLock::new(),
            brief_rank: rank(graph.docs().len(), &briefs),
            event_rows: std::sync::OnceLock::new(),
            brief_cards: (0..graph.docs().len())
                .map(|_| std::sync::OnceLock::new())
                .collect(),
            event_cards: (0..graph.docs().len())
                .map(|_| std::sync::OnceLock::new())
                .collect(),
            card_theme: None,
            site_lastmod: briefs
                .iter()
                .filter_map(|i| brief_lastmod(graph.doc(*i)))
                .max(),
            briefs,
            events,
        };
        let links = pages.iter().map(|i| views.link(*i)).collect();
        views.site.update(|site| site.pages = links);
        views
    }

    /// The URL path of a document's page, without the base path.
    fn rel_url(&self, i: DocIndex) -> String {
        let id = &self.graph.doc(i).id;
        match id.kind {
            Kind::Page => format!("{}/", id.slug),
            kind => format!("{}/{}/", kind.folder(), id.slug),
        }
    }

    /// The output file of a document's page.
    pub fn page_path(&self, i: DocIndex) -> UrlPath {
        UrlPath::of_doc(&self.graph.doc(i).id)
    }

    /// The graph the views are built from.
    pub fn graph(&self) -> &'a Graph {
        self.graph
    }

    /// The output files of the pages of a brief's tags.
    pub fn tag_paths(&self, i: DocIndex) -> Vec<UrlPath> {
        let Meta::Brief(brief) = &self.graph.doc(i).meta else {
            return Vec::new();
        };
        brief
            .tags
            .iter()
            .filter_map(|tag| Slug::from_title(tag))
            .filter(|slug| self.tag_index.contains_key(slug.as_str()))
            .map(|slug| UrlPath::page(&format!("tags/{slug}/")))
            .collect()
    }

    /// The URL of a document's page.
    pub fn url(&self, i: DocIndex) -> String {
        format!("{}{}", self.site.base_path, self.rel_url(i))
    }

    /// A link to a document; no URL when it is not built.
    pub fn link(&self, i: DocIndex) -> LinkView {
        let doc = self.graph.doc(i);
        LinkView {
            title: doc.title().to_string(),
            url: self.graph.is_visible(i).then(|| self.url(i)),
            kind: doc.id.kind.folder(),
        }
    }

    /// What every page says of itself.
    pub fn meta(
        &self,
        title: &str,
        description: Option<String>,
        rel_url: &str,
        section: &'static str,
    ) -> PageMeta {
        PageMeta {
            title: title.to_string(),
            description: description.or_else(|| self.config.description.clone()),
            url: format!("{}{}", self.site.base_path, rel_url),
            permalink: format!("{}{}", self.site.base_url, rel_url),
            lang: self.lang.code(),
            section,
            draft: false,
            feed_url: None,
            json_ld: super::jsonld::to_script(&super::jsonld::listing(
                if section == "home" {
                    "WebSite"
                } else {
                    "CollectionPage"
                },
                title,
                &format!("{}{}", self.site.base_url, rel_url),
                self.lang.code(),
            )),
        }
    }

    fn day(&self, day: chrono::NaiveDate) -> DateView {
        DateView {
            iso: day.format("%Y-%m-%d").to_string(),
            text: i18n::format_day(day, self.lang),
        }
    }

    fn partial(&self, date: PartialDate) -> DateView {
        DateView {
            iso: date.to_string(),
            text: i18n::format_partial(date, self.lang),
        }
    }

    fn commit(&self, commit: &Commit) -> CommitView {
        CommitView {
            hash: commit.hash.clone(),
            short_hash: commit.hash.chars().take(7).collect(),
            date: self.day(commit.date),
            subject: commit.subject.clone(),
            url: self.forge.as_ref().map(|f| f.commit_url(&commit.hash)),
        }
    }

    fn tag_view(&self, tag: &str) -> Option<TagView> {
        let slug = Slug::from_title(tag)?;
        self.tag_index
            .get(slug.as_str())
            .map(|n| self.tags[*n].view.clone())
    }

    fn sources(&self, sources: &[Source]) -> Vec<SourceView> {
        sources
            .iter()
            .map(|s| SourceView {
                title: s.title.clone(),
                url: s
                    .url
                    .as_deref()
                    .filter(|u| is_web_url(u))
                    .map(str::to_string),
                publisher: s.publisher.clone(),
                date: s.date.map(|d| self.partial(d)),
            })
            .collect()
    }

    /// Targets of `i`'s references of one kind, front matter first, built or not.
    fn targets(&self, i: DocIndex, kind: Kind) -> Vec<DocIndex> {
        self.graph
            .outgoing(i)
            .iter()
            .filter(|e| self.graph.doc(e.to).id.kind == kind)
            .map(|e| e.to)
            .collect()
    }

    fn links(&self, targets: &[DocIndex]) -> Vec<LinkView> {
        targets.iter().map(|t| self.link(*t)).collect()
    }

    /// Documents of one kind that reference `i`.
    fn referrers(&self, i: DocIndex, kind: Kind) -> Vec<DocIndex> {
        self.graph
            .backlinks(i)
            .iter()
            .filter(|e| self.graph.doc(e.from).id.kind == kind)
            .map(|e| e.from)
            .collect()
    }

    /// Every built event as an export row, made once for the three export
    /// files.
    pub fn event_rows(&self) -> &[super::data::EventRow] {
        self.event_rows
            .get_or_init(|| super::data::event_rows(self.graph, &self.events))
    }

    /// A brief in a list, made once per build: a brief is listed on many
    /// pages (its countries, actors, tags, related briefs, indexes).
    pub fn brief_summary(&self, i: DocIndex) -> &Shared<BriefSummary> {
        self.brief_cards[i].get_or_init(|| {
            let mut card = Shared::new(self.make_brief_summary(i));
            if let Some(html) = self.card_html(&card) {
                card.update(|c| c.card = Some(html));
            }
            card
        })
    }

    /// The events and briefs of each month of [`Views::months`], sorted
    /// out in one pass over the site for all digests.
    pub fn month_members(&self) -> &[MonthMembers] {
        self.month_members.get_or_init(|| {
            let mut members: Vec<MonthMembers> = vec![Default::default(); self.months.len()];
            let slot =
                |day: chrono::NaiveDate| self.months.binary_search(&(day.year(), day.month())).ok();
            for &i in &self.events {
                if let Meta::Event(e) = &self.graph.doc(i).meta
                    && e.date.month().is_some()
                    && let Some(m) = slot(e.date.start())
                {
                    members[m].0.push(i);
                }
            }
            for &i in &self.briefs {
                if let Meta::Brief(b) = &self.graph.doc(i).meta
                    && let Some(m) = slot(b.date)
                {
                    members[m].1.push(i);
                }
            }
            members
        })
    }

    /// Renders cards once per build from now on (see [`Views::card_html`]).
    pub fn with_cards(mut self, templates: &'a Templates) -> Views<'a> {
        self.card_theme = Some(templates);
        self
    }

    /// A brief's card as HTML at heading levels 2 to 4, rendered once from
    /// `partials/brief-card.html`. A brief is listed on about 15 pages (its
    /// countries', actors', events' and tags' pages, related briefs,
    /// indexes, digests): rendering its card on each was 1.1 of the 3.9 CPU
    /// seconds of a 10,000-brief build (issue #6). `None` when the theme's
    /// card needs more than `brief`, `t`, `site` and `card_level`: pages
    /// then include the partial as before, and report its errors.
    fn card_html(&self, card: &Shared<BriefSummary>) -> Option<CardHtml> {
        const CARD: &str = "partials/brief-card.html";
        let templates = self.card_theme?;
        if !templates.tera.contains_template(CARD) {
            return None;
        }
        let mut context = tera::Context::new();
        context.insert("brief", card);
        context.insert("t", &self.t);
        context.insert("site", &self.site);
        let mut at = |level: u8| {
            context.insert("card_level", &level);
            let mut html = Vec::with_capacity(1024);
            templates.tera.render_to(CARD, &context, &mut html).ok()?;
            let html = String::from_utf8(html).ok()?;
            Some(tera::Value::safe_string(&html))
        };
        Some(CardHtml {
            h2: at(2)?,
            h3: at(3)?,
            h4: at(4)?,
        })
    }

    fn make_brief_summary(&self, i: DocIndex) -> BriefSummary {
        let doc = self.graph.doc(i);
        let Meta::Brief(brief) = &doc.meta else {
            unreachable!("brief_summary is called on briefs only")
        };
        BriefSummary {
            title: brief.title.clone(),
            url: self.url(i),
            date: self.day(brief.date),
            summary: brief.summary.clone(),
            countries: self.links(&self.targets(i, Kind::Country)),
            tags: brief.tags.iter().filter_map(|t| self.tag_view(t)).collect(),
            draft: brief.draft,
            card: None,
        }
    }

    fn briefs_newest_first(&self, mut list: Vec<DocIndex>) -> Vec<&Shared<BriefSummary>> {
        list.sort_by_key(|b| self.brief_rank[*b]);
        list.into_iter().map(|i| self.brief_summary(i)).collect()
    }

    /// An event in a list, made once per build.
    pub fn event_summary(&self, i: DocIndex) -> &Shared<EventSummary> {
        self.event_cards[i].get_or_init(|| Shared::new(self.make_event_summary(i)))
    }

    fn make_event_summary(&self, i: DocIndex) -> EventSummary {
        let Meta::Event(event) = &self.graph.doc(i).meta else {
            unreachable!("event_summary is called on events only")
        };
        EventSummary {
            title: event.title.clone(),
            url: self.url(i),
            date: self.partial(event.date),
            end: event.end.map(|d| self.partial(d)),
            kind: event.kind.map(|k| event_kind(k, self.lang)),
            location: event.location.as_ref().and_then(|l| l.name.clone()),
            countries: self.links(&self.targets(i, Kind::Country)),
            actors: self.links(&self.targets(i, Kind::Actor)),
            fatalities: event.fatalities,
        }
    }

    fn events_oldest_first(&self, mut list: Vec<DocIndex>) -> Vec<&Shared<EventSummary>> {
        list.retain(|i| self.graph.is_visible(*i));
        list.sort_by_key(|i| (event_date(self.graph.doc(*i)), self.graph.title_key(*i)));
        list.into_iter().map(|i| self.event_summary(i)).collect()
    }

    fn actor_summary(&self, i: DocIndex) -> ActorSummary {
        let Meta::Actor(actor) = &self.graph.doc(i).meta else {
            unreachable!("actor_summary is called on actors only")
        };
        ActorSummary {
            name: actor.name.clone(),
            url: self.url(i),
            kind: actor_kind(actor.kind, self.lang),
            role: actor.role.clone(),
        }
    }

    /// Referrers other than those `shown` elsewhere on the page, by kind.
    fn mentioned_in(&self, i: DocIndex, shown: &[Kind]) -> Vec<BacklinkGroup> {
        Kind::ALL
            .iter()
            .filter(|k| !shown.contains(k))
            .filter_map(|kind| {
                let mut items = self.links(&self.referrers(i, *kind));
                items.sort_by_cached_key(|l| match_key(&l.title));
                (!items.is_empty()).then(|| BacklinkGroup {
                    kind: kind.folder(),
                    label: plural(*kind, self.strings),
                    items,
                })
            })
            .collect()
    }

    /// Renders the page of document `i`.
    pub fn render_doc(
        &self,
        i: DocIndex,
        templates: &Templates,
        sources: &Sources,
    ) -> (UrlPath, Result<Vec<u8>, Box<Diagnostic>>) {
        let doc = self.graph.doc(i);
        let rel = self.rel_url(i);
        let path = UrlPath::page(&rel);
        let body = self.body(i, doc, sources);
        let site = &self.site;
        let t = &self.t;
        let section = match doc.id.kind {
            Kind::Page => "pages",
            kind => kind.folder(),
        };
        let summary = match &doc.meta {
            Meta::Brief(b) => b.summary.clone(),
            Meta::Page(p) => p.summary.clone(),
            _ => None,
        };
        let mut page = self.meta(doc.title(), summary, &rel, section);
        page.draft = doc.is_draft();
        page.json_ld = self.doc_json_ld(i, &rel);
        if matches!(doc.id.kind, Kind::Country | Kind::Actor) {
            page.feed_url = Some(format!("{}{rel}atom.xml", self.site.base_path));
        }
        let result = match &doc.meta {
            Meta::Brief(brief) => {
                if let Some(lang) = brief.lang {
                    page.lang = lang.code();
                }
                let mut events = self.targets(i, Kind::Event);
                events.retain(|e| self.graph.is_visible(*e));
                let file = sources.path(doc.file);
                let commits: Vec<&Commit> = self.history.of(file).collect();
                // Front matter wins (DESIGN §3); a last commit no later than
                // the publication date is no update.
                let updated = match brief.updated {
                    Some(day) => Some(day).filter(|u| *u != brief.date),
                    None => commits
                        .first()
                        .map(|c| c.date)
                        .filter(|day| *day > brief.date),
                };
                let context =
                    BriefPage {
                        site,
                        t,
                        page,
                        brief: BriefView {
                            title: brief.title.clone(),
                            date: self.day(brief.date),
                            updated: updated.map(|d| self.day(d)),
                            as_of: brief.as_of.map(|d| self.day(d)),
                            summary: brief.summary.clone(),
                            authors: brief.authors.clone(),
                            key_points: brief.key_points.clone(),
                            confidence: brief.confidence.map(|c| confidence(c, t)),
                            tags: brief
                                .tags
                                .iter()
                                .filter_map(|tag| self.tag_view(tag))
                                .collect(),
                            countries: self.links(&self.targets(i, Kind::Country)),
                            actors: self.links(&self.targets(i, Kind::Actor)),
                            events: self.events_oldest_first(events),
                            sources: self.sources(&brief.sources),
                            body,
                            draft: brief.draft,
                            history: commits.iter().map(|c| self.commit(c)).collect(),
                            edit_url: self.forge.as_ref().filter(|_| !commits.is_empty()).map(
                                |forge| forge.edit_url(&self.history.path_in_repository(file)),
                            ),
                        },
                        backlinks: self.links(&self.referrers(i, Kind::Brief)),
                        related: self
                            .graph
                            .related(i)
                            .iter()
                            .map(|b| self.brief_summary(*b))
                            .collect(),
                    };
                render(templates, "brief.html", &context, &path, sources)
            }
            Meta::Country(country) => {
                let mut actors: Vec<DocIndex> = self
                    .graph
                    .backlinks(i)
                    .iter()
                    .filter(|e| {
                        e.how == How::Field("countries")
                            && self.graph.doc(e.from).id.kind == Kind::Actor
                    })
                    .map(|e| e.from)
                    .collect();
                actors.sort_by_key(|a| self.graph.title_key(*a));
                let context = CountryPage {
                    site,
                    t,
                    page,
                    country: CountryView {
                        name: country.name.clone(),
                        iso2: country.iso2.clone(),
                        capital: country.capital.clone(),
                        region: country.region.clone(),
                        aliases: country.aliases.clone(),
                        body,
                    },
                    actors: actors.iter().map(|a| self.actor_summary(*a)).collect(),
                    timeline: self.events_oldest_first(self.referrers(i, Kind::Event)),
                    briefs: self.briefs_newest_first(self.referrers(i, Kind::Brief)),
                    mentioned_in: self.mentioned_in(i, &[Kind::Brief, Kind::Event]),
                };
                render(templates, "country.html", &context, &path, sources)
            }
            Meta::Actor(actor) => {
                let affiliations = actor
                    .affiliations
                    .iter()
                    .filter_map(|a| {
                        let target = self.graph.resolve_field(&a.actor)?;
                        Some(AffiliationView {
                            actor: self.link(target),
                            role: a.role.clone(),
                            since: a.since.map(|d| self.partial(d)),
                            until: a.until.map(|d| self.partial(d)),
                        })
                    })
                    .collect();
                let mut affiliated = Vec::new();
                for from in self.referrers(i, Kind::Actor) {
                    if let Meta::Actor(other) = &self.graph.doc(from).meta {
                        for a in other
                            .affiliations
                            .iter()
                            .filter(|a| self.graph.resolve_field(&a.actor) == Some(i))
                        {
                            affiliated.push(AffiliationView {
                                actor: self.link(from),
                                role: a.role.clone(),
                                since: a.since.map(|d| self.partial(d)),
                                until: a.until.map(|d| self.partial(d)),
                            });
                        }
                    }
                }
                affiliated.sort_by_cached_key(|a| match_key(&a.actor.title));
                let context = ActorPage {
                    site,
                    t,
                    page,
                    actor: ActorView {
                        name: actor.name.clone(),
                        kind: actor_kind(actor.kind, self.lang),
                        role: actor.role.clone(),
                        aliases: actor.aliases.clone(),
                        countries: self.links(&self.targets(i, Kind::Country)),
                        ids: actor
                            .ids
                            .iter()
                            .map(|(scheme, value)| IdentifierView {
                                scheme: scheme.clone(),
                                value: value.clone(),
                                url: identifier_url(scheme, value),
                            })
                            .collect(),
                        sources: self.sources(&actor.sources),
                        body,
                    },
                    affiliations,
                    affiliated,
                    events: self.events_oldest_first(self.referrers(i, Kind::Event)),
                    briefs: self.briefs_newest_first(self.referrers(i, Kind::Brief)),
                    mentioned_in: self.mentioned_in(i, &[Kind::Brief, Kind::Event]),
                };
                render(templates, "actor.html", &context, &path, sources)
            }
            Meta::Event(event) => {
                let location = event.location.as_ref().map(|l| LocationView {
                    name: l.name.clone(),
                    country: l
                        .country
                        .as_ref()
                        .and_then(|c| self.graph.resolve_field(c))
                        .map(|c| self.link(c)),
                    lat: l.lat,
                    lon: l.lon,
                });
                let context = EventPage {
                    site,
                    t,
                    page,
                    event: EventView {
                        title: event.title.clone(),
                        date: self.partial(event.date),
                        end: event.end.map(|d| self.partial(d)),
                        kind: event.kind.map(|k| event_kind(k, self.lang)),
                        location,
                        countries: self.links(&self.targets(i, Kind::Country)),
                        actors: self.links(&self.targets(i, Kind::Actor)),
                        fatalities: event.fatalities,
                        sources: self.sources(&event.sources),
                        body,
                    },
                    briefs: self.briefs_newest_first(self.referrers(i, Kind::Brief)),
                    mentioned_in: self.mentioned_in(i, &[Kind::Brief]),
                };
                render(templates, "event.html", &context, &path, sources)
            }
            Meta::Page(p) => {
                let context = FreePage {
                    site,
                    t,
                    page,
                    title: p.title.clone(),
                    summary: p.summary.clone(),
                    body,
                };
                render(templates, "page.html", &context, &path, sources)
            }
        };
        (path, result)
    }

    /// The body of a document as HTML, its links resolved through the graph.
    fn body(&self, i: DocIndex, doc: &Document, sources: &Sources) -> String {
        let resolve = |n: usize, _: &markdown::Link| {
            self.graph
                .body_target(i, n)
                .map(|target| markdown::Resolved {
                    url: self.graph.is_visible(target).then(|| self.url(target)),
                    title: self.graph.doc(target).title().to_string(),
                })
        };
        markdown::to_html(
            doc.body(sources),
            &markdown::Render {
                unsafe_html: self.config.unsafe_html,
                french: self.lang == Language::Fr,
                resolve: &resolve,
            },
        )
    }

    /// The newest briefs.
    pub fn latest_briefs(&self, n: usize) -> Vec<&Shared<BriefSummary>> {
        self.briefs
            .iter()
            .take(n)
            .map(|i| self.brief_summary(*i))
            .collect()
    }

    /// The latest events, newest first.
    pub fn latest_events(&self, n: usize) -> Vec<&Shared<EventSummary>> {
        self.events
            .iter()
            .rev()
            .take(n)
            .map(|i| self.event_summary(*i))
            .collect()
    }

    /// Every built country, by name.
    pub fn country_summaries(&self) -> Vec<CountrySummary> {
        let mut list: Vec<DocIndex> = self.graph.of_kind(Kind::Country).collect();
        list.sort_by_key(|i| self.graph.title_key(*i));
        list.into_iter()
            .filter_map(|i| match &self.graph.doc(i).meta {
                Meta::Country(c) => Some(CountrySummary {
                    name: c.name.clone(),
                    url: self.url(i),
                    iso2: c.iso2.clone(),
                    region: c.region.clone(),
                    briefs_count: self.referrers(i, Kind::Brief).len(),
                    events_count: self.referrers(i, Kind::Event).len(),
                }),
                _ => None,
            })
            .collect()
    }

    /// Actors grouped by kind, in the order of DESIGN §3.
    pub fn actor_groups(&self) -> Vec<ActorGroup> {
        let mut actors: Vec<DocIndex> = self.graph.of_kind(Kind::Actor).collect();
        actors.sort_by_key(|i| self.graph.title_key(*i));
        ActorKind::ALL
            .iter()
            .filter_map(|(_, kind)| {
                let members: Vec<ActorSummary> = actors
                    .iter()
                    .filter(
                        |i| matches!(&self.graph.doc(**i).meta, Meta::Actor(a) if a.kind == *kind),
                    )
                    .map(|i| self.actor_summary(*i))
                    .collect();
                (!members.is_empty()).then(|| ActorGroup {
                    kind: actor_kind(*kind, self.lang),
                    label: actor_kind_plural(*kind, self.lang),
                    actors: members,
                })
            })
            .collect()
    }

    /// The events timeline: years newest first, months newest first, events
    /// oldest first within a month.
    pub fn timeline(&self) -> Vec<YearGroup<'_>> {
        let mut years: Vec<YearGroup> = Vec::new();
        for &i in self.events.iter() {
            let date = event_date(self.graph.doc(i));
            if years.last().is_none_or(|y| y.year != date.year()) {
                years.push(YearGroup {
                    year: date.year(),
                    events: Vec::new(),
                    months: Vec::new(),
                });
            }
            let year = years.last_mut().expect("pushed above");
            match (date.precision(), date.month()) {
                (Precision::Year, _) | (_, None) => year.events.push(self.event_summary(i)),
                (_, Some(month)) => {
                    let iso = format!("{:04}-{month:02}", date.year());
                    if year.months.last().is_none_or(|m| m.iso != iso) {
                        year.months.push(MonthGroup {
                            digest_url: format!("{}digest/{iso}/", self.site.base_path),
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
        years.reverse();
        for year in &mut years {
            year.months.reverse();
        }
        years
    }

    /// Number of pages of the brief index (at least one).
    pub fn brief_pages(&self) -> usize {
        self.briefs
            .len()
            .div_ceil(self.config.paginate.get())
            .max(1)
    }

    /// URL path (without base) of page `n` (from 0) of the brief index.
    pub fn brief_page_path(&self, n: usize) -> String {
        if n == 0 {
            "briefs/".to_string()
        } else {
            format!("briefs/page/{}/", n + 1)
        }
    }

    /// The briefs listed on page `n` (from 0) of the brief index.
    pub fn brief_page_docs(&self, n: usize) -> &[DocIndex] {
        let size = self.config.paginate.get();
        let start = (n * size).min(self.briefs.len());
        &self.briefs[start..(start + size).min(self.briefs.len())]
    }

    /// The briefs of page `n` (from 0).
    pub fn brief_page(&self, n: usize) -> Vec<&Shared<BriefSummary>> {
        let size = self.config.paginate.get();
        self.briefs
            .iter()
            .skip(n * size)
            .take(size)
            .map(|i| self.brief_summary(*i))
            .collect()
    }

    /// Where page `n` (from 0) stands.
    pub fn pagination(&self, n: usize) -> Pagination {
        let total = self.brief_pages();
        let url = |k: usize| format!("{}{}", self.site.base_path, self.brief_page_path(k));
        Pagination {
            current: n + 1,
            total,
            previous: (n > 0).then(|| url(n - 1)),
            next: (n + 1 < total).then(|| url(n + 1)),
            pages: shown_pages(n, total)
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
}

/// A month's events and briefs, for its digest.
pub type MonthMembers = (Vec<DocIndex>, Vec<DocIndex>);

/// Numbered links shown on each side of the current page.
const PAGINATION_WINDOW: usize = 2;

/// The pages (from 0) that page `n` of `total` links to by number, each
/// with whether pages are left out before it: the first, the last, and
/// [`PAGINATION_WINDOW`] on each side of `n`. Every page stays reachable
/// through them and the previous and next links; listing every page on
/// every page made the index grow with the square of the site (5,000
/// pages of 5,000 links each at 100,000 briefs, issue #6).
fn shown_pages(n: usize, total: usize) -> Vec<(usize, bool)> {
    let near = n.saturating_sub(PAGINATION_WINDOW)..(n + PAGINATION_WINDOW + 1).min(total);
    let mut pages: Vec<usize> = std::iter::once(0)
        .chain(near)
        .chain(total.checked_sub(1))
        .collect();
    pages.sort_unstable();
    pages.dedup();
    let mut previous = None;
    pages
        .into_iter()
        .map(|k| {
            let gap = previous.is_some_and(|p: usize| k > p + 1);
            previous = Some(k);
            (k, gap)
        })
        .collect()
}

/// The sort key of [`brief_order`]: newest first, then by title.
fn brief_key(graph: &Graph, i: DocIndex) -> (std::cmp::Reverse<Option<chrono::NaiveDate>>, &str) {
    match &graph.doc(i).meta {
        Meta::Brief(b) => (std::cmp::Reverse(Some(b.date)), graph.title_key(i)),
        _ => (std::cmp::Reverse(None), ""),
    }
}

fn event_date(doc: &Document) -> PartialDate {
    match &doc.meta {
        Meta::Event(e) => e.date,
        _ => unreachable!("event_date is called on events only"),
    }
}

/// Only web links are linked: `javascript:` and friends in front matter must
/// never become an `href`.
fn is_web_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        && !url.contains(char::is_whitespace)
}

/// The forge hosting `repo_url`, for links to commits and to the editor.
/// GitLab puts them under `/-/`; GitHub, and forges that copy its URLs,
/// do not. Both resolve `HEAD` to the default branch.
struct Forge {
    /// `repo_url` without a trailing `/` or `.git`.
    base: String,
    gitlab: bool,
}

impl Forge {
    /// The forge of a `repo_url`; `None` unless it is a web URL.
    fn parse(repo_url: &str) -> Option<Forge> {
        if !is_web_url(repo_url) {
            return None;
        }
        let base = repo_url.trim().trim_end_matches('/');
        let base = base.strip_suffix(".git").unwrap_or(base).to_string();
        let host = base.split('/').nth(2).unwrap_or_default();
        Some(Forge {
            gitlab: host.to_ascii_lowercase().contains("gitlab"),
            base,
        })
    }

    fn dash(&self) -> &'static str {
        if self.gitlab { "/-" } else { "" }
    }

    /// `{repo_url}/commit/{hash}` (GitLab: `{repo_url}/-/commit/{hash}`).
    fn commit_url(&self, hash: &str) -> String {
        format!("{}{}/commit/{hash}", self.base, self.dash())
    }

    /// `{repo_url}/edit/HEAD/{path}` (GitLab: `{repo_url}/-/edit/HEAD/{path}`),
    /// `path` being the file's path in the repository.
    fn edit_url(&self, path: &str) -> String {
        format!("{}{}/edit/HEAD/{}", self.base, self.dash(), url_path(path))
    }
}

/// A path with every byte but unreserved characters and `/` percent-encoded.
fn url_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// A link to the record of an identifier, for schemes with a public URL.
fn identifier_url(scheme: &str, value: &str) -> Option<String> {
    let ok = value.chars().all(|c| c.is_ascii_alphanumeric());
    match scheme {
        "wikidata" if ok => Some(format!("https://www.wikidata.org/wiki/{value}")),
        _ => None,
    }
}

fn plural(kind: Kind, t: &Strings) -> &'static str {
    match kind {
        Kind::Brief => t.briefs,
        Kind::Country => t.countries,
        Kind::Actor => t.actors,
        Kind::Event => t.events,
        Kind::Page => t.pages,
    }
}

fn confidence(c: Confidence, t: &Strings) -> ChoiceView {
    match c {
        Confidence::Low => ChoiceView {
            value: "low",
            label: t.confidence_low,
        },
        Confidence::Moderate => ChoiceView {
            value: "moderate",
            label: t.confidence_moderate,
        },
        Confidence::High => ChoiceView {
            value: "high",
            label: t.confidence_high,
        },
    }
}

fn actor_kind(kind: ActorKind, lang: Language) -> ChoiceView {
    ChoiceView {
        value: kind.as_str(),
        label: i18n::actor_kind(kind.as_str(), lang).0,
    }
}

fn actor_kind_plural(kind: ActorKind, lang: Language) -> &'static str {
    i18n::actor_kind(kind.as_str(), lang).1
}

fn event_kind(kind: EventKind, lang: Language) -> ChoiceView {
    ChoiceView {
        value: kind.as_str(),
        label: i18n::event_kind(kind.as_str(), lang),
    }
}

/// The months (year, month) holding a built brief, or a built event dated to
/// the month or the day: the months that get a digest.
fn months_with_content(graph: &Graph, briefs: &[DocIndex], events: &[DocIndex]) -> Vec<(i32, u32)> {
    let mut months: Vec<(i32, u32)> = briefs
        .iter()
        .filter_map(|i| match &graph.doc(*i).meta {
            Meta::Brief(b) => Some((b.date.year(), b.date.month())),
            _ => None,
        })
        .chain(events.iter().filter_map(|i| {
            let date = event_date(graph.doc(*i));
            date.month().map(|m| (date.year(), m))
        }))
        .collect();
    months.sort_unstable();
    months.dedup();
    months
}

/// Position of each listed document in `list`; `usize::MAX` for the others.
fn rank(len: usize, list: &[DocIndex]) -> Vec<usize> {
    let mut rank = vec![usize::MAX; len];
    for (position, &i) in list.iter().enumerate() {
        rank[i] = position;
    }
    rank
}

/// The date a brief last changed: `updated`, else `date`.
pub(super) fn brief_lastmod(doc: &Document) -> Option<chrono::NaiveDate> {
    match &doc.meta {
        Meta::Brief(b) => Some(b.updated.unwrap_or(b.date).max(b.date)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::shown_pages;

    #[test]
    fn pagination_shows_the_ends_and_the_pages_near_this_one() {
        let numbers = |n, total| -> Vec<(usize, bool)> { shown_pages(n, total) };
        assert_eq!(numbers(0, 1), [(0, false)]);
        assert_eq!(numbers(0, 3), [(0, false), (1, false), (2, false)]);
        assert_eq!(
            numbers(0, 10),
            [(0, false), (1, false), (2, false), (9, true)]
        );
        assert_eq!(
            numbers(5, 10),
            [
                (0, false),
                (3, true),
                (4, false),
                (5, false),
                (6, false),
                (7, false),
                (9, true)
            ]
        );
        assert_eq!(
            numbers(9, 10),
            [(0, false), (7, true), (8, false), (9, false)]
        );
        // No gap where none is left out.
        assert_eq!(numbers(3, 5).iter().filter(|(_, gap)| *gap).count(), 0);
        // At most 2 × window + 3 links, whatever the number of pages.
        assert!(numbers(2_500, 5_000).len() <= 7);
    }
}
