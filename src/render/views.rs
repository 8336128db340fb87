//! Building template contexts from the graph and the plan: URLs (from the
//! plan's routes, never formatted here), dates in words, lists sorted the
//! way readers expect. What is shared by every page (the site, cards of
//! briefs and events) is made once per build in [`Views`].

use chrono::NaiveDate;

use super::context::*;
use super::reading::typeset;
use super::{Templates, render};
use crate::config::Config;
use crate::content::{ActorKind, Confidence, Document, EventKind, Kind, Meta, Source};
use crate::date::{PartialDate, Precision};
use crate::diagnostic::{Diagnostic, Sources};
use crate::git::{Commit, History};
use crate::graph::{DocIndex, Graph, How, Linked};
use crate::i18n::{self, Language, Strings};
use crate::markdown;
use crate::pictures::atlas::Atlas;
use crate::plan::{FeedOf, Plan, Route, RouteKind};
use crate::slug::match_key;

/// Everything shared by the pages of one build.
pub struct Views<'a> {
    pub(super) graph: &'a Graph,
    /// Where every file is.
    pub plan: &'a Plan,
    history: &'a History,
    pub(super) sources: &'a Sources,
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
    /// Cards of briefs and events, by document, made on first use, as
    /// their Tera values alone: a document without a card costs an empty
    /// slot, not an empty card.
    brief_cards: Vec<std::sync::OnceLock<Frozen<BriefSummary>>>,
    /// Per document, its link as cards show it, made on first use.
    card_links: Vec<std::sync::OnceLock<Common<LinkView>>>,
    /// Per tag of the plan, its link as cards show it, made on first use.
    card_tags: Vec<std::sync::OnceLock<Common<TagView>>>,
    /// Per day, its date as cards show it, made on first use: briefs of
    /// the same day share it (a date is three strings: 3.4 MB over the
    /// cards of 10,000 briefs).
    card_days: std::sync::Mutex<rustc_hash::FxHashMap<chrono::NaiveDate, Common<DateView>>>,
    /// The filters of the events index, made once for all its pages.
    pub(super) event_filters: std::sync::OnceLock<Shared<EventFilters>>,
    /// Per document, its entry in feeds, made on first use.
    pub(super) feed_entries: Vec<std::sync::OnceLock<Option<Frozen<FeedEntry>>>>,
    /// Per document, its title as pages show it (typography applied),
    /// made on first use: a title is printed in every link to its page.
    titles: Vec<std::sync::OnceLock<String>>,
    /// The events as export rows, shared by the CSV, JSON and GeoJSON files.
    event_rows: std::sync::OnceLock<Vec<super::data::EventRow>>,
    event_cards: Vec<std::sync::OnceLock<Frozen<EventSummary>>>,
    /// The newest change among the site's briefs.
    pub site_lastmod: Option<NaiveDate>,
    /// Per document, a brief's date of last change, made on first use: a
    /// brief's date is asked by its page, every feed and every entity it
    /// names in the sitemap.
    lastmods: Vec<std::sync::OnceLock<NaiveDate>>,
    /// The atlas and what every picture shares (issue 13).
    pub(super) pictures: super::pictures::Common<'a>,
}

impl<'a> Views<'a> {
    /// Makes what every page shares.
    pub fn new(
        graph: &'a Graph,
        plan: &'a Plan,
        config: &'a Config,
        history: &'a History,
        sources: &'a Sources,
        atlas: &'a Atlas,
    ) -> Views<'a> {
        let lang = config.language;
        let strings = lang.strings();
        let href = |kind: RouteKind| plan.href(plan.route(kind));
        let nav_item = |label, kind, section| NavItem {
            label,
            url: href(kind),
            section,
        };
        let nav = vec![
            nav_item(strings.briefs, RouteKind::BriefIndex(0), "briefs"),
            nav_item(strings.countries, RouteKind::CountryIndex, "countries"),
            nav_item(strings.actors, RouteKind::ActorIndex, "actors"),
            nav_item(strings.events, RouteKind::EventIndex, "events"),
            nav_item(strings.tags, RouteKind::TagIndex, "tags"),
        ];
        let data_link = |label, kind, media_type| DataLink {
            label,
            url: href(kind),
            media_type,
        };
        let mut pages: Vec<DocIndex> = graph.of_kind(Kind::Page).collect();
        pages.sort_by_key(|i| graph.title_key(*i));
        let mut views = Views {
            graph,
            plan,
            history,
            sources,
            forge: config.repo_url.as_deref().and_then(Forge::parse),
            config,
            strings,
            lang,
            t: Shared::new(strings),
            site: Shared::new(SiteView {
                title: typeset(&config.title, lang),
                description: config.description.as_deref().map(|d| typeset(d, lang)),
                author: config.author.clone(),
                language: lang.code(),
                base_url: config.base_url.as_str().to_string(),
                base_path: plan.base_path().to_string(),
                repo_url: config.repo_url.clone(),
                home_url: href(RouteKind::Home),
                stylesheet_url: plan
                    .asset("dossier.css")
                    .map(|r| plan.href(r))
                    .unwrap_or_default(),
                nav,
                pages: Vec::new(),
                feed_url: href(RouteKind::Feed(FeedOf::Site)),
                search_url: href(RouteKind::Search),
                search_index_url: href(RouteKind::SearchIndex),
                search_words_url: href(RouteKind::SearchWords),
                data: vec![
                    data_link(strings.events_csv, RouteKind::EventsCsv, "text/csv"),
                    data_link(
                        strings.events_json,
                        RouteKind::EventsJson,
                        "application/json",
                    ),
                    data_link(
                        strings.events_geojson,
                        RouteKind::EventsGeojson,
                        "application/geo+json",
                    ),
                    data_link(strings.graph_json, RouteKind::GraphJson, "application/json"),
                ],
                legend_url: href(RouteKind::Yardstick),
                sources_url: plan.get(RouteKind::SourceIndex).map(|r| plan.href(r)),
                locale: match lang {
                    Language::Fr => "fr_FR",
                    Language::En => "en_GB",
                },
                image: plan.site_image(config),
                custom_css_url: plan
                    .at(&crate::plan::UrlPath::file("custom.css"))
                    .filter(|r| matches!(r.kind, RouteKind::Static(_)))
                    .map(|r| plan.href(r)),
                print_script_url: plan.asset("print.js").map(|r| plan.href(r)),
            }),
            brief_cards: (0..graph.docs().len())
                .map(|_| std::sync::OnceLock::new())
                .collect(),
            card_links: (0..graph.docs().len())
                .map(|_| std::sync::OnceLock::new())
                .collect(),
            card_tags: (0..plan.tags.len())
                .map(|_| std::sync::OnceLock::new())
                .collect(),
            card_days: std::sync::Mutex::default(),
            event_rows: std::sync::OnceLock::new(),
            event_filters: std::sync::OnceLock::new(),
            feed_entries: (0..graph.docs().len())
                .map(|_| std::sync::OnceLock::new())
                .collect(),
            titles: (0..graph.docs().len())
                .map(|_| std::sync::OnceLock::new())
                .collect(),
            event_cards: (0..graph.docs().len())
                .map(|_| std::sync::OnceLock::new())
                .collect(),
            card_theme: None,
            site_lastmod: None,
            lastmods: (0..graph.docs().len())
                .map(|_| std::sync::OnceLock::new())
                .collect(),
            pictures: super::pictures::Common::new(atlas, graph, &plan.events, lang),
        };
        views.site_lastmod = plan.briefs.iter().map(|i| views.lastmod(*i)).max();
        let links = pages.iter().map(|i| views.link(*i)).collect();
        views.site.update(|site| site.pages = links);
        views
    }

    /// The route of a document's page; `None` when it is not built.
    fn doc_route(&self, i: DocIndex) -> Option<&'a Route> {
        self.plan.doc_route(i)
    }

    /// The URL of a built document's page (its link from any page).
    pub fn url(&self, i: DocIndex) -> String {
        self.doc_route(i)
            .map(|r| self.plan.href(r))
            .expect("only built documents are given a URL")
    }

    /// The absolute URL of a built document's page.
    pub fn permalink(&self, i: DocIndex) -> String {
        self.doc_route(i)
            .map(|r| self.plan.permalink(r))
            .expect("only built documents are given a URL")
    }

    /// A link to a document; no URL when it is not built.
    pub fn link(&self, i: DocIndex) -> LinkView {
        let doc = self.graph.doc(i);
        // Issue 16: a brief without this language's version is linked in
        // the default language.
        let original = self
            .doc_route(i)
            .is_none()
            .then(|| self.plan.edition.original(i))
            .flatten();
        LinkView {
            title: self.shown_title(i).to_string(),
            url: self
                .doc_route(i)
                .map(|r| self.plan.href(r))
                .or_else(|| original.map(str::to_string)),
            kind: doc.id.kind.folder(),
            lang: self.foreign_lang(i),
            hreflang: original
                .and(self.plan.edition.default)
                .map(crate::i18n::Language::code),
        }
    }

    /// A document's title as pages show it: in its language's typography.
    pub fn shown_title(&self, i: DocIndex) -> &str {
        self.titles[i].get_or_init(|| typeset(self.graph.doc(i).title(), self.doc_lang(i)))
    }

    /// What every page says of itself.
    pub fn meta(
        &self,
        title: &str,
        description: Option<String>,
        route: &Route,
        section: &'static str,
    ) -> PageMeta {
        let permalink = self.plan.permalink(route);
        PageMeta {
            title: typeset(title, self.lang),
            description: description
                .or_else(|| self.config.description.clone())
                .map(|d| typeset(&d, self.lang)),
            url: self.plan.href(route),
            lang: self.lang.code(),
            section,
            draft: false,
            marking: self.site_marking(),
            feed_url: None,
            json_ld: super::jsonld::to_script(&super::jsonld::listing(
                if section == "home" {
                    "WebSite"
                } else {
                    "CollectionPage"
                },
                title,
                &permalink,
                self.lang.code(),
            )),
            permalink,
            og_type: "website",
            image: None,
            translations: self.translations(route),
            x_default: self
                .plan
                .alternates(route)
                .first()
                .map(|a| a.permalink.clone()),
            text_lang: None,
        }
    }

    /// The same page in each language of the site (issue 16).
    pub fn translations(&self, route: &Route) -> Vec<TranslationLink> {
        self.plan
            .alternates(route)
            .iter()
            .map(|a| TranslationLink {
                lang: a.language.code(),
                name: crate::translation::native_name(a.language),
                url: a.href.clone(),
                permalink: a.permalink.clone(),
                current: a.language == self.lang,
            })
            .collect()
    }

    pub(super) fn day(&self, day: chrono::NaiveDate) -> DateView {
        DateView {
            iso: day.format("%Y-%m-%d").to_string(),
            text: i18n::format_day(day, self.lang),
            precision: "day",
        }
    }

    pub(super) fn partial(&self, date: PartialDate) -> DateView {
        DateView {
            iso: date.to_string(),
            text: i18n::format_partial(date, self.lang),
            precision: match date.precision() {
                Precision::Day => "day",
                Precision::Month => "month",
                Precision::Year => "year",
            },
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

    /// A tag of a built brief as lists show it: its page's name and URL.
    pub fn tag_view(&self, n: usize) -> TagView {
        TagView {
            name: self.plan.tags[n].name.clone(),
            url: self.plan.href(self.plan.route(RouteKind::Tag(n))),
        }
    }

    /// The tags of brief `i` that have a page, in the order written, each
    /// once ([`crate::plan::Plan::doc_tags`]).
    fn tag_views(&self, i: DocIndex) -> Vec<TagView> {
        self.tags_once(i).map(|n| self.tag_view(n)).collect()
    }

    /// [`Views::tag_views`] for a card: each tag's view is shared by every
    /// card that shows it.
    fn card_tag_views(&self, i: DocIndex) -> Vec<Common<TagView>> {
        self.tags_once(i)
            .map(|n| {
                self.card_tags[n]
                    .get_or_init(|| Common::new(Shared::new(self.tag_view(n))))
                    .clone()
            })
            .collect()
    }

    /// The tags of brief `i` that have a page, in the order written, each once.
    fn tags_once(&self, i: DocIndex) -> impl Iterator<Item = usize> + '_ {
        let mut seen: Vec<usize> = Vec::new();
        self.plan.doc_tags(i).iter().copied().filter(move |n| {
            let new = !seen.contains(n);
            seen.push(*n);
            new
        })
    }

    fn sources(&self, sources: &[Source], lang: Language) -> Vec<SourceView> {
        sources
            .iter()
            .map(|s| {
                let cited = self.cited(s);
                SourceView {
                    title: typeset(&s.title, lang),
                    url: s
                        .url
                        .as_deref()
                        .filter(|u| is_web_url(u) || is_mail_url(u))
                        .map(str::to_string),
                    publisher: s.publisher.clone(),
                    date: s.date.map(|d| self.partial(d)),
                    source: cited.map(|(i, _)| self.link(i)),
                    grade: self.grade_view(s.grade, cited.and_then(|(_, r)| r)),
                    archived: s.archived.clone().filter(|u| is_web_url(u)),
                }
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

    /// [`Views::links`] for a card: each target's link is made once and
    /// shared by every card that shows it (a link depends on its target
    /// alone).
    fn card_links(&self, targets: &[DocIndex]) -> Vec<Common<LinkView>> {
        targets
            .iter()
            .map(|&t| {
                self.card_links[t]
                    .get_or_init(|| Common::new(Shared::new(self.link(t))))
                    .clone()
            })
            .collect()
    }

    /// A day as cards show it, shared by every card of that day.
    fn card_day(&self, day: chrono::NaiveDate) -> Common<DateView> {
        self.card_days
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .entry(day)
            .or_insert_with(|| Common::new(Shared::new(self.day(day))))
            .clone()
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
        self.event_rows.get_or_init(|| {
            // Only what may leave the site is exported (issue #14).
            let public: Vec<DocIndex> = self
                .plan
                .events
                .iter()
                .copied()
                .filter(|i| self.plan.is_public(*i))
                .collect();
            super::data::event_rows(self.graph, &public)
        })
    }

    /// A brief in a list, made once per build: a brief is listed on many
    /// pages (its countries, actors, tags, related briefs, indexes).
    pub fn brief_summary(&self, i: DocIndex) -> &Frozen<BriefSummary> {
        self.brief_cards[i].get_or_init(|| {
            let mut card = Shared::new(self.make_brief_summary(i));
            let html = self.card_html(&card);
            let row = self.row_html("partials/brief-row.html", "brief", &card);
            if html.is_some() || row.is_some() {
                card.update(|c| {
                    c.card = html;
                    c.row = row;
                });
            }
            card.freeze()
        })
    }

    /// Drops the cards made so far, and the links and tags they share,
    /// once no page left needs them ([`super::site_into`]); a card asked
    /// again is made again.
    pub(super) fn forget_cards(&mut self) {
        fn empty<T>(slots: &mut [std::sync::OnceLock<T>]) {
            slots.iter_mut().for_each(|slot| _ = slot.take());
        }
        empty(&mut self.brief_cards);
        empty(&mut self.event_cards);
        empty(&mut self.card_links);
        empty(&mut self.card_tags);
        self.card_days
            .get_mut()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clear();
    }

    /// The file table: the text of every document.
    pub(super) fn source_files(&self) -> &'a Sources {
        self.sources
    }

    /// The theme cards and rows are rendered with, once per build.
    pub(super) fn card_theme(&self) -> Option<&'a Templates> {
        self.card_theme
    }

    /// Renders cards once per build from now on (see [`Views::card_html`]).
    pub fn with_cards(mut self, templates: &'a Templates) -> Views<'a> {
        self.card_theme = Some(templates);
        self
    }

    /// A brief's card as HTML with its heading level left open, rendered
    /// once from `partials/brief-card.html`. A brief is listed on about 15
    /// pages (its countries', actors', events' and tags' pages, related
    /// briefs, indexes, digests): rendering its card on each was 1.1 of the
    /// 3.9 CPU seconds of a 10,000-brief build (issue #6). The card is
    /// rendered at levels 2, 3 and 4 and kept once ([`level_marked`]).
    /// `None` when the theme's card needs more than `brief`, `t`, `site` and
    /// `card_level`, or changes with its level in more than the digit:
    /// pages then include the partial as before, and report its errors.
    fn card_html(&self, card: &Shared<BriefSummary>) -> Option<tera::Value> {
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
            String::from_utf8(html).ok()
        };
        let marked = level_marked([&at(2)?, &at(3)?, &at(4)?])?;
        Some(tera::Value::safe_string(&marked))
    }

    fn make_brief_summary(&self, i: DocIndex) -> BriefSummary {
        let doc = self.graph.doc(i);
        let Meta::Brief(brief) = &doc.meta else {
            unreachable!("brief_summary is called on briefs only")
        };
        let lang = self.doc_lang(i);
        BriefSummary {
            title: typeset(&brief.title, lang),
            url: self.url(i),
            date: self.card_day(brief.date),
            summary: brief.summary.as_deref().map(|s| typeset(s, lang)),
            countries: self.card_links(&self.targets(i, Kind::Country)),
            tags: self.card_tag_views(i),
            draft: brief.draft,
            marking: self.card_marking(i),
            lang: self.foreign_lang(i),
            row: None,
            card: None,
            image: self.plan.doc_image(i).map(|r| self.image_view(r)),
        }
    }

    fn briefs_newest_first(&self, mut list: Vec<DocIndex>) -> Vec<&Frozen<BriefSummary>> {
        list.sort_by_key(|b| self.plan.brief_rank(*b));
        list.into_iter().map(|i| self.brief_summary(i)).collect()
    }

    /// An event in a list, made once per build.
    pub fn event_summary(&self, i: DocIndex) -> &Frozen<EventSummary> {
        self.event_cards[i].get_or_init(|| {
            let mut card = Shared::new(self.make_event_summary(i));
            if let Some(row) = self.row_html("partials/event-row.html", "event", &card) {
                card.update(|c| c.row = Some(row));
            }
            card.freeze()
        })
    }

    fn make_event_summary(&self, i: DocIndex) -> EventSummary {
        let Meta::Event(event) = &self.graph.doc(i).meta else {
            unreachable!("event_summary is called on events only")
        };
        EventSummary {
            title: typeset(&event.title, self.lang),
            url: self.url(i),
            date: self.partial(event.date),
            end: event.end.map(|d| self.partial(d)),
            kind: event.kind.map(|k| event_kind(k, self.lang)),
            location: event
                .location
                .as_ref()
                .and_then(|l| l.name.as_deref())
                .map(|n| typeset(n, self.lang)),
            countries: self.card_links(&self.targets(i, Kind::Country)),
            actors: self.card_links(&self.targets(i, Kind::Actor)),
            fatalities: super::reading::shown_fatalities(event.kind, event.fatalities),
            row: None,
            lang: self.foreign_lang(i),
        }
    }

    /// Events in the order every page lists them ([`Plan::events_newest`]),
    /// the unbuilt left out.
    pub(super) fn events_newest_first(
        &self,
        mut list: Vec<DocIndex>,
    ) -> Vec<&Frozen<EventSummary>> {
        list.retain(|i| self.graph.is_visible(*i));
        list.sort_by_key(|i| self.plan.event_rank(*i));
        list.dedup();
        list.into_iter().map(|i| self.event_summary(i)).collect()
    }

    fn actor_summary(&self, i: DocIndex) -> ActorSummary {
        let Meta::Actor(actor) = &self.graph.doc(i).meta else {
            unreachable!("actor_summary is called on actors only")
        };
        ActorSummary {
            name: typeset(&actor.name, self.lang),
            url: self.url(i),
            kind: actor_kind(actor.kind, self.lang),
            role: actor.role.as_deref().map(|r| typeset(r, self.lang)),
            lang: self.foreign_lang(i),
        }
    }

    /// Referrers other than those shown elsewhere on the page, by kind:
    /// every kind in `shown_kinds` is listed elsewhere whole, and each
    /// document of `shown_docs` has its place elsewhere (issue #15: an item
    /// appears once per page, in its most specific place). Documents
    /// without a page of their own (a country's month) are shown where they
    /// belong, not here.
    fn mentioned_in(
        &self,
        i: DocIndex,
        shown_kinds: &[Kind],
        shown_docs: &[DocIndex],
    ) -> Vec<BacklinkGroup> {
        Kind::ALL
            .iter()
            .filter(|k| k.has_page() && !shown_kinds.contains(k))
            .filter_map(|kind| {
                let mut referrers = self.referrers(i, *kind);
                referrers.retain(|r| !shown_docs.contains(r));
                referrers.sort_unstable();
                referrers.dedup();
                let mut items = self.links(&referrers);
                items.sort_by_cached_key(|l| match_key(&l.title));
                (!items.is_empty()).then(|| BacklinkGroup {
                    kind: kind.folder(),
                    label: plural(*kind, self.strings),
                    items,
                })
            })
            .collect()
    }

    /// Renders the page of document `i`, at `route`.
    pub fn render_doc(
        &self,
        i: DocIndex,
        route: &Route,
        templates: &Templates,
        sources: &Sources,
    ) -> Result<Vec<u8>, Box<Diagnostic>> {
        let doc = self.graph.doc(i);
        let path = &route.path;
        let lang = self.doc_lang(i);
        let (body, outline) = self.body(i, doc, sources)?;
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
        let mut page = self.meta(doc.title(), summary.clone(), route, section);
        if lang != self.lang {
            // The title and summary are in the document's language.
            page.title = typeset(doc.title(), lang);
            page.description = summary.as_deref().map(|s| typeset(s, lang));
        }
        page.text_lang = self.plan.edition.text_language(i).map(Language::code);
        page.draft = doc.is_draft();
        page.marking = self.doc_marking(i);
        page.json_ld = self.doc_json_ld(i, route);
        page.feed_url = self
            .plan
            .get(RouteKind::Feed(FeedOf::Doc(i)))
            .map(|r| self.plan.href(r));
        let image = self.plan.doc_image(i).map(|r| self.image_view(r));
        page.image = image.as_ref().map(|img| img.permalink.clone());
        match &doc.meta {
            Meta::Brief(brief) => {
                page.og_type = "article";
                let mut events = self.targets(i, Kind::Event);
                events.retain(|e| self.graph.is_visible(*e));
                let file = sources.path(doc.file);
                let commits: Vec<&Commit> = self.history.of(file).collect();
                // One date of last change everywhere (issue #11): shown
                // when it is later than the publication date.
                let updated = Some(self.lastmod(i)).filter(|day| *day > brief.date);
                // An item appears once per page (issue #15): a brief that
                // links to this one is listed under "Linked from", not also
                // among the related briefs.
                let backlinks = self.referrers(i, Kind::Brief);
                let context =
                    BriefPage {
                        site,
                        t,
                        page,
                        brief: BriefView {
                            title: typeset(&brief.title, lang),
                            date: self.day(brief.date),
                            updated: updated.map(|d| self.day(d)),
                            as_of: brief.as_of.map(|d| self.day(d)),
                            summary: brief.summary.as_deref().map(|s| typeset(s, lang)),
                            authors: brief.authors.clone(),
                            key_points: self.key_points(brief, lang),
                            indicators: self.indicators(brief),
                            confidence: brief.confidence.map(|c| confidence(c, t)),
                            tags: self.tag_views(i),
                            countries: self.links(&self.targets(i, Kind::Country)),
                            actors: self.links(&self.targets(i, Kind::Actor)),
                            events: self.events_newest_first(events),
                            sources: self.sources(&brief.sources, lang),
                            body,
                            draft: brief.draft,
                            history: commits.iter().map(|c| self.commit(c)).collect(),
                            edit_url: self.forge.as_ref().filter(|_| !commits.is_empty()).map(
                                |forge| forge.edit_url(&self.history.path_in_repository(file)),
                            ),
                            image,
                            attachments: self.attachments(i),
                            lang: self.foreign_lang(i),
                            contents: super::reading::contents(&outline),
                        },
                        backlinks: {
                            let mut from = backlinks.clone();
                            from.sort_unstable();
                            from.dedup();
                            let mut links = self.links(&from);
                            links.sort_by_cached_key(|l| match_key(&l.title));
                            links
                        },
                        related: self
                            .graph
                            .related(i)
                            .iter()
                            .filter(|b| !backlinks.contains(b))
                            .map(|b| self.brief_summary(*b))
                            .collect(),
                    };
                render(templates, "brief.html", &context, path, sources)
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
                let events = self.referrers(i, Kind::Event);
                let context = CountryPage {
                    site,
                    t,
                    page,
                    country: CountryView {
                        name: typeset(&country.name, lang),
                        iso2: country.iso2.clone(),
                        capital: country.capital.clone(),
                        region: country.region.clone(),
                        aliases: country.aliases.clone(),
                        body,
                    },
                    actors: actors.iter().map(|a| self.actor_summary(*a)).collect(),
                    timeline: self.events_newest_first(events.clone()),
                    trends: self.country_trends(i),
                    indicators: self.open_indicators(&{
                        let mut briefs = self.referrers(i, Kind::Brief);
                        briefs.sort_by_key(|b| self.plan.brief_rank(*b));
                        briefs
                    }),
                    briefs: self.briefs_newest_first(self.referrers(i, Kind::Brief)),
                    mentioned_in: self.mentioned_in(i, &[Kind::Brief, Kind::Event], &actors),
                    map: self.country_map(i, &events),
                    activity: self.activity(&country.name, &events),
                };
                render(templates, "country.html", &context, path, sources)
            }
            Meta::Actor(actor) => {
                let affiliations: Vec<AffiliationView> = actor
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
                let events = self.referrers(i, Kind::Event);
                let lists: Vec<&str> = [
                    (!affiliations.is_empty()).then_some("affiliations-list"),
                    (!affiliated.is_empty()).then_some("affiliated-list"),
                ]
                .into_iter()
                .flatten()
                .collect();
                let network = self.ego_network(i, (!lists.is_empty()).then(|| lists.join(" ")));
                // Actors shown among the affiliations are not listed again
                // under "Referenced by".
                let related_actors: Vec<DocIndex> = actor
                    .affiliations
                    .iter()
                    .filter_map(|a| self.graph.resolve_field(&a.actor))
                    .chain(self.referrers(i, Kind::Actor).into_iter().filter(|from| {
                        matches!(&self.graph.doc(*from).meta, Meta::Actor(other)
                            if other.affiliations.iter().any(|a| self.graph.resolve_field(&a.actor) == Some(i)))
                    }))
                    .collect();
                let context = ActorPage {
                    site,
                    t,
                    page,
                    actor: ActorView {
                        name: typeset(&actor.name, lang),
                        kind: actor_kind(actor.kind, self.lang),
                        role: actor.role.as_deref().map(|r| typeset(r, lang)),
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
                        sources: self.sources(&actor.sources, lang),
                        body,
                    },
                    affiliations,
                    affiliated,
                    activity: self.activity(&actor.name, &events),
                    network,
                    events: self.events_newest_first(events),
                    briefs: self.briefs_newest_first(self.referrers(i, Kind::Brief)),
                    mentioned_in: self.mentioned_in(
                        i,
                        &[Kind::Brief, Kind::Event],
                        &related_actors,
                    ),
                };
                render(templates, "actor.html", &context, path, sources)
            }
            Meta::Event(event) => {
                let location = event.location.as_ref().map(|l| LocationView {
                    name: l.name.as_deref().map(|n| typeset(n, lang)),
                    country: l
                        .country
                        .as_ref()
                        .and_then(|c| self.graph.resolve_field(c))
                        .map(|c| self.link(c)),
                    lat: l.lat,
                    lon: l.lon,
                    coordinates: l
                        .lat
                        .zip(l.lon)
                        .map(|(lat, lon)| self.pictures.coordinates(lat, lon)),
                    osm_url: l
                        .lat
                        .zip(l.lon)
                        .map(|(lat, lon)| crate::pictures::map::osm_url(lat, lon)),
                });
                let context = EventPage {
                    site,
                    t,
                    page,
                    event: EventView {
                        title: typeset(&event.title, lang),
                        date: self.partial(event.date),
                        end: event.end.map(|d| self.partial(d)),
                        kind: event.kind.map(|k| event_kind(k, self.lang)),
                        location,
                        countries: self.links(&self.targets(i, Kind::Country)),
                        actors: self.links(&self.targets(i, Kind::Actor)),
                        fatalities: super::reading::shown_fatalities(event.kind, event.fatalities),
                        sources: self.sources(&event.sources, lang),
                        body,
                        acled: event
                            .imported
                            .as_ref()
                            .map(|row| self.imported(row, sources)),
                    },
                    briefs: self.briefs_newest_first(self.referrers(i, Kind::Brief)),
                    // Its countries and actors are in its profile.
                    mentioned_in: self.mentioned_in(
                        i,
                        &[Kind::Brief],
                        &self
                            .graph
                            .outgoing(i)
                            .iter()
                            .map(|e| e.to)
                            .collect::<Vec<_>>(),
                    ),
                    map: self.locator(i),
                };
                render(templates, "event.html", &context, path, sources)
            }
            Meta::Source(_) => {
                let context = self
                    .source_page(i, page, body)
                    .expect("the document is a source");
                render(templates, "source.html", &context, path, sources)
            }
            Meta::Watch(_) => unreachable!("a country's month has no page of its own"),
            Meta::Page(p) => {
                let context = FreePage {
                    site,
                    t,
                    page,
                    title: typeset(&p.title, lang),
                    summary: p.summary.as_deref().map(|s| typeset(s, lang)),
                    body,
                    contents: super::reading::contents(&outline),
                };
                render(templates, "page.html", &context, path, sources)
            }
        }
    }

    /// The body of a document as HTML. Each link is found by where it
    /// starts in the file (issue #11): documents and headings through the
    /// graph, paths from the site root under the base path; other links
    /// are written as they are. A body the build released is read again
    /// ([`Document::read_body`]), which fails if its file changed since.
    pub(super) fn body(
        &self,
        i: DocIndex,
        doc: &Document,
        sources: &Sources,
    ) -> Result<(String, Vec<markdown::Section>), Box<crate::diagnostic::Diagnostic>> {
        // An imported row's notes are plain text (issue #18).
        if let Some(text) = &doc.plain {
            return Ok((
                super::imported::plain_html(text, self.doc_lang(i)),
                Vec::new(),
            ));
        }
        let resolve = |start: usize, _: &markdown::Link| {
            let start = u32::try_from(doc.body_offset + start).ok()?;
            if let Some(linked) = self.graph.body_link(i, start) {
                return Some(self.resolved(linked));
            }
            let link = doc.links.iter().find(|l| l.span.start == start)?;
            match &link.target {
                crate::content::LinkTarget::Root { path, fragment } => {
                    // An image of `static/` (or of a document) named from
                    // the site root shows its size too (issue #12).
                    let route = self.plan.root_route(path).filter(|_| link.image);
                    match route {
                        Some(route) => Some(markdown::Resolved::Image(markdown::Img {
                            src: self.plan.root_href(path, None),
                            ..self.img(route)
                        })),
                        None => Some(markdown::Resolved::Page {
                            url: self.plan.root_href(path, fragment.as_deref()),
                            title: String::new(),
                        }),
                    }
                }
                crate::content::LinkTarget::File { fragment, .. } => {
                    let route = self.plan.file_link(i, start)?;
                    if link.image {
                        return Some(markdown::Resolved::Image(self.img(route)));
                    }
                    let mut url = self.plan.href(route);
                    if let Some(fragment) = fragment {
                        url.push('#');
                        url.push_str(fragment);
                    }
                    Some(markdown::Resolved::Page {
                        url,
                        title: String::new(),
                    })
                }
                _ => None,
            }
        };
        Ok(markdown::to_html_with_outline(
            &doc.read_body(sources)?,
            &markdown::Render {
                unsafe_html: self.config.unsafe_html,
                french: self.doc_lang(i) == Language::Fr,
                notes: (self.strings.notes, self.strings.back_to_text),
                table_label: self.strings.table_scrolls,
                task_labels: (self.strings.task_done, self.strings.task_to_do),
                resolve: &resolve,
            },
        ))
    }

    /// An image of the site, as a body shows it (issue #12): its size, and
    /// its lighter copies when it has some, the widest in its own format
    /// as `src`.
    fn img(&self, route: &Route) -> markdown::Img {
        let shown = self.plan.image(route);
        let size = |p: &crate::images::Picture| {
            (p.width > 0 && p.height > 0).then_some((p.width, p.height))
        };
        let Some(own) = shown.picture.map(|p| p.format) else {
            return markdown::Img {
                src: self.plan.href(route),
                ..markdown::Img::default()
            };
        };
        let srcset = |format: crate::images::Format| {
            shown
                .copies
                .iter()
                .filter(|(_, c)| c.format == format)
                .map(|(r, c)| format!("{} {}w", self.plan.href(r), c.width))
                .collect::<Vec<_>>()
                .join(", ")
        };
        match shown.copies.iter().rev().find(|(_, c)| c.format == own) {
            Some((widest, copy)) => {
                let mut formats: Vec<crate::images::Format> =
                    shown.copies.iter().map(|(_, c)| c.format).collect();
                formats.sort_unstable();
                formats.dedup();
                markdown::Img {
                    src: self.plan.href(widest),
                    width: Some(copy.width),
                    height: Some(copy.height),
                    srcset: srcset(own),
                    sources: formats
                        .into_iter()
                        .filter(|f| *f != own)
                        .map(|f| (f.media_type(), srcset(f)))
                        .collect(),
                    sizes: IMAGE_SIZES.to_string(),
                }
            }
            None => {
                let size = shown.picture.and_then(size);
                markdown::Img {
                    src: self.plan.href(route),
                    width: size.map(|s| s.0),
                    height: size.map(|s| s.1),
                    ..markdown::Img::default()
                }
            }
        }
    }

    /// An image as templates show it (a brief's `image`).
    fn image_view(&self, route: &Route) -> ImageView {
        let img = self.img(route);
        let shown = self.plan.image(route);
        let permalink = shown
            .copies
            .iter()
            .rev()
            .find(|(_, c)| Some(c.format) == shown.picture.map(|p| p.format))
            .map_or_else(
                || self.plan.permalink(route),
                |(r, _)| self.plan.permalink(r),
            );
        ImageView {
            sizes: if img.srcset.is_empty() {
                String::new()
            } else {
                CARD_IMAGE_SIZES.to_string()
            },
            src: img.src,
            width: img.width,
            height: img.height,
            srcset: img.srcset,
            permalink,
        }
    }

    /// A brief's `attachments`, as its page lists them.
    fn attachments(&self, i: DocIndex) -> Vec<AttachmentView> {
        self.plan
            .attachments(i)
            .into_iter()
            .map(|(route, title)| {
                let name = route
                    .path
                    .as_str()
                    .rsplit('/')
                    .next()
                    .unwrap_or("")
                    .to_string();
                let bytes = self.plan.file_size(route).unwrap_or(0);
                AttachmentView {
                    title: title.map_or_else(|| name.clone(), str::to_string),
                    name,
                    url: self.plan.href(route),
                    size: i18n::format_size(bytes, self.lang),
                    bytes,
                }
            })
            .collect()
    }

    /// Where a resolved body link leads, as the body's HTML writes it.
    fn resolved(&self, linked: &Linked) -> markdown::Resolved {
        match linked {
            Linked::Heading(id) => markdown::Resolved::Page {
                url: format!("#{id}"),
                title: String::new(),
            },
            Linked::Doc { to, heading } => {
                let target = self.graph.doc(*to);
                let mut title = target.title().to_string();
                let mut fragment = String::new();
                if let Some(id) = heading {
                    fragment = format!("#{id}");
                    if let Some(text) = self.graph.heading_text(*to, id) {
                        title = format!("{title} › {text}");
                    }
                }
                match self.doc_route(*to) {
                    Some(route) => markdown::Resolved::Page {
                        url: format!("{}{fragment}", self.plan.href(route)),
                        title,
                    },
                    // Issue 16: a brief without this language's version
                    // is linked in the default language.
                    None => match (self.plan.edition.original(*to), self.plan.edition.default) {
                        (Some(href), Some(lang)) => markdown::Resolved::Elsewhere {
                            url: format!("{href}{fragment}"),
                            title,
                            lang: lang.code(),
                        },
                        _ => markdown::Resolved::Unlinked { title },
                    },
                }
            }
        }
    }

    /// The date a brief last changed: its `updated`, else the date of the
    /// last commit of its file when later than its `date`, else its
    /// `date`. The one date of last change of a brief (issue #11): the
    /// byline's "updated", JSON-LD `dateModified`, the sitemap's `lastmod`
    /// and the Atom entry's `updated` all come from here.
    pub fn lastmod(&self, i: DocIndex) -> NaiveDate {
        *self.lastmods[i].get_or_init(|| self.make_lastmod(i))
    }

    fn make_lastmod(&self, i: DocIndex) -> NaiveDate {
        let doc = self.graph.doc(i);
        let Meta::Brief(brief) = &doc.meta else {
            unreachable!("lastmod is asked of briefs only")
        };
        let committed = || {
            self.history
                .last(self.sources.path(doc.file))
                .map(|c| c.date)
                .filter(|day| *day > brief.date)
        };
        brief.updated.or_else(committed).unwrap_or(brief.date)
    }

    /// The newest briefs.
    pub fn latest_briefs(&self, n: usize) -> Vec<&Frozen<BriefSummary>> {
        self.plan
            .briefs
            .iter()
            .take(n)
            .map(|i| self.brief_summary(*i))
            .collect()
    }

    /// The latest events, newest first.
    pub fn latest_events(&self, n: usize) -> Vec<&Frozen<EventSummary>> {
        self.plan
            .events_newest
            .iter()
            .take(n)
            .map(|i| self.event_summary(*i))
            .collect()
    }

    /// Every built country, by name.
    pub fn country_summaries(&self) -> Vec<CountrySummary> {
        let mut list: Vec<DocIndex> = self.graph.of_kind(Kind::Country).collect();
        list.sort_by_key(|i| self.graph.title_key(*i));
        let sparklines = self.sparklines(&list);
        list.into_iter()
            .zip(sparklines)
            .filter_map(|(i, sparkline)| match &self.graph.doc(i).meta {
                Meta::Country(c) => Some(CountrySummary {
                    name: c.name.clone(),
                    url: self.url(i),
                    iso2: c.iso2.clone(),
                    region: c.region.clone(),
                    briefs_count: self.referrers(i, Kind::Brief).len(),
                    events_count: self.referrers(i, Kind::Event).len(),
                    sparkline,
                    lang: self.foreign_lang(i),
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

    /// The link to the digest of a month with content.
    pub fn digest_href(&self, year: i32, month: u32) -> String {
        let n = self
            .plan
            .months
            .binary_search(&(year, month))
            .expect("a month with a built event or brief has a digest");
        self.plan.href(self.plan.route(RouteKind::Digest(n)))
    }

    /// The briefs of page `n` (from 0).
    pub fn brief_page(&self, n: usize) -> Vec<&Frozen<BriefSummary>> {
        self.plan
            .brief_page(n)
            .iter()
            .map(|i| self.brief_summary(*i))
            .collect()
    }

    /// Where page `n` (from 0) stands.
    pub fn pagination(&self, n: usize) -> Pagination {
        let total = self.plan.brief_pages;
        let url = |k: usize| self.plan.href(self.plan.route(RouteKind::BriefIndex(k)));
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

/// The `sizes` of a body's images (issue #12): the theme's text column
/// (`--measure`, about 42rem) on wide screens, the whole width below.
const IMAGE_SIZES: &str = "(min-width: 48rem) 42rem, 100vw";

/// The `sizes` of a card's image: a third of the column at most.
const CARD_IMAGE_SIZES: &str = "(min-width: 48rem) 14rem, 100vw";

/// Numbered links shown on each side of the current page.
const PAGINATION_WINDOW: usize = 2;

/// The pages (from 0) that page `n` of `total` links to by number, each
/// with whether pages are left out before it: the first, the last, and
/// [`PAGINATION_WINDOW`] on each side of `n`. Every page stays reachable
/// through them and the previous and next links; listing every page on
/// every page made the index grow with the square of the site (5,000
/// pages of 5,000 links each at 100,000 briefs, issue #6).
pub(super) fn shown_pages(n: usize, total: usize) -> Vec<(usize, bool)> {
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

/// Only web links are linked: `javascript:` and friends in front matter must
/// never become an `href`.
pub(super) fn is_web_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        && !url.contains(char::is_whitespace)
}

/// An e-mail address link (`mailto:desk@example.org`), linked from sources.
fn is_mail_url(url: &str) -> bool {
    url.trim().to_ascii_lowercase().starts_with("mailto:") && !url.contains(char::is_whitespace)
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
        Kind::Source => t.sources,
        Kind::Watch => t.trends_by_month,
    }
}

pub(super) fn confidence(c: Confidence, t: &Strings) -> ChoiceView {
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

/// A card rendered at heading levels 2, 3 and 4, as one text with
/// [`LEVEL_MARK`] where the level's digit stands, from which the
/// `at_level` filter makes each of the three again byte for byte. `None`
/// when the three differ in anything else than `2`, `3` and `4` at the
/// same places (a theme whose card reads its level otherwise), or when the
/// card holds the mark itself: such a card is not kept rendered.
fn level_marked([two, three, four]: [&str; 3]) -> Option<String> {
    if two.len() != three.len() || two.len() != four.len() || two.contains(LEVEL_MARK) {
        return None;
    }
    let mut marked = String::with_capacity(two.len());
    let mut kept = 0;
    let bytes = two.bytes().zip(three.bytes()).zip(four.bytes());
    for (at, ((a, b), c)) in bytes.enumerate() {
        if a == b && a == c {
            continue;
        }
        if (a, b, c) != (b'2', b'3', b'4') {
            return None;
        }
        marked.push_str(&two[kept..at]);
        marked.push(LEVEL_MARK);
        kept = at + 1;
    }
    marked.push_str(&two[kept..]);
    Some(marked)
}

#[cfg(test)]
mod tests {
    use super::{BriefSummary, DateView, LEVEL_MARK, LinkView, TagView, level_marked, shown_pages};

    #[test]
    fn a_card_is_kept_once_with_its_level_marked_where_the_digit_stands() {
        let at = |n: u8| format!("<article><h{n} class=\"t\">Mali 2 3 4</h{n}></article>");
        let marked = level_marked([&at(2), &at(3), &at(4)]).expect("only the level differs");
        assert_eq!(
            marked,
            "<article><h\u{1} class=\"t\">Mali 2 3 4</h\u{1}></article>"
        );
        for n in 2..=4u8 {
            assert_eq!(marked.replace(LEVEL_MARK, &n.to_string()), at(n));
        }
        // A card that does not show its level is kept as it is.
        assert_eq!(level_marked(["<p>a</p>"; 3]).as_deref(), Some("<p>a</p>"));
    }

    /// The theme's own card is kept once: a change to it that words it by
    /// level would make every list include it again, a quarter more CPU
    /// (issue #6), with the same output, which no page test would see.
    #[test]
    fn the_themes_card_is_kept_once_with_its_level_marked_in_its_heading() {
        let site = tempfile::tempdir().expect("a temporary folder");
        let mut sources = crate::diagnostic::Sources::default();
        let mut diags = crate::diagnostic::Diagnostics::default();
        let templates = crate::render::theme::load(site.path(), &mut sources, &mut diags)
            .0
            .expect("the theme loads");
        fn common<T: serde::Serialize>(view: T) -> super::Common<T> {
            std::sync::Arc::new(super::Shared::new(view))
        }
        let brief = super::Shared::new(BriefSummary {
            title: "Le Mali hors de la Cédéao".into(),
            url: "/briefs/mali/".into(),
            date: common(DateView {
                iso: "2024-01-28".into(),
                text: "28 janvier 2024".into(),
                precision: "day",
            }),
            summary: Some("Trois États sahéliens quittent la Cédéao.".into()),
            countries: vec![common(LinkView {
                title: "Mali".into(),
                url: Some("/countries/mali/".into()),
                kind: "country",
                lang: None,
                hreflang: None,
            })],
            tags: vec![common(TagView {
                name: "diplomatie".into(),
                url: "/tags/diplomatie/".into(),
            })],
            draft: true,
            marking: Some(super::MarkingView {
                label: "TLP:AMBER",
                value: "amber",
                description: "",
                published: false,
                url: "/yardstick/#tlp-amber".into(),
            }),
            lang: Some("en"),
            row: None,
            card: None,
            image: None,
        });
        let t = crate::i18n::Language::Fr.strings();
        let at = |level: u8| {
            let mut context = tera::Context::new();
            context.insert("brief", &brief);
            context.insert("t", t);
            context.insert("site", &serde_json::json!({}));
            context.insert("card_level", &level);
            templates
                .tera
                .render("partials/brief-card.html", &context)
                .expect("the card renders from its brief alone")
        };
        let marked = level_marked([&at(2), &at(3), &at(4)]).expect("kept once");
        assert!(marked.contains("<h\u{1} class=\"card-title\">"), "{marked}");
        assert_eq!(marked.matches(LEVEL_MARK).count(), 2, "{marked}");
    }

    #[test]
    fn a_card_that_reads_its_level_otherwise_is_not_kept() {
        // Other words at another level: the lengths differ.
        assert_eq!(
            level_marked(["<p>big</p>", "<p>small</p>", "<p>small</p>"]),
            None
        );
        // Same length, but not the level's digits at the same place.
        assert_eq!(level_marked(["<p>h2</p>", "<p>h3</p>", "<p>h3</p>"]), None);
        assert_eq!(level_marked(["<p>2a</p>", "<p>3b</p>", "<p>4c</p>"]), None);
        // A card that holds the mark itself could not be made again.
        let odd = |n: u8| format!("<h{n}>\u{1}</h{n}>");
        assert_eq!(level_marked([&odd(2), &odd(3), &odd(4)]), None);
    }

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
