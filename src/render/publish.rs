//! What a published site needs beyond its pages (DESIGN §4, issue 4): the
//! contexts of Atom feeds, the sitemap, monthly digests, the search index
//! and each page's JSON-LD, built from the shared [`Views`].

use std::collections::HashMap;

use chrono::NaiveDate;

use super::context::*;
use super::data::SearchEntry;
use super::jsonld;
use super::views::Views;
use crate::content::{Kind, Meta};
use crate::graph::DocIndex;
use crate::i18n;
use crate::plan::{FeedOf, Route, RouteKind};

/// Text escaped for HTML, for the HTML carried inside feed entries.
fn escape(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len());
    tera::escape_html(text, &mut out).expect("writing to memory");
    String::from_utf8(out).expect("escaping keeps UTF-8")
}

/// A date as RFC 3339, as Atom wants: midnight UTC of the day.
fn rfc3339(day: NaiveDate) -> String {
    format!("{}T00:00:00Z", day.format("%Y-%m-%d"))
}

impl Views<'_> {
    /// The last change of a document's page: its own for a brief
    /// ([`Views::lastmod`]); for an entity, the newest of the briefs that
    /// reference it (the page lists them), else the site's.
    pub fn doc_lastmod(&self, i: DocIndex) -> Option<NaiveDate> {
        if self.graph.doc(i).id.kind == Kind::Brief {
            return Some(self.lastmod(i));
        }
        self.graph
            .backlinks(i)
            .iter()
            .filter(|e| self.graph.doc(e.from).id.kind == Kind::Brief)
            .map(|e| self.lastmod(e.from))
            .max()
            .or(self.site_lastmod)
    }

    /// The JSON-LD of a document's page.
    pub fn doc_json_ld(&self, i: DocIndex, route: &Route) -> String {
        let doc = self.graph.doc(i);
        let url = self.plan.permalink(route);
        let about = self
            .graph
            .outgoing(i)
            .iter()
            .filter(|e| {
                self.graph.is_visible(e.to)
                    && matches!(
                        self.graph.doc(e.to).id.kind,
                        Kind::Country | Kind::Actor | Kind::Event
                    )
            })
            .map(|e| {
                (
                    self.graph.doc(e.to).title().to_string(),
                    self.permalink(e.to),
                )
            })
            .collect();
        let (published, modified) = match &doc.meta {
            Meta::Brief(b) => (Some(b.date.to_string()), Some(self.lastmod(i).to_string())),
            _ => (None, None),
        };
        let facts = jsonld::DocFacts {
            url: &url,
            lang: self.lang.code(),
            site_title: &self.site.title,
            site_url: &self.site.base_url,
            about,
            published,
            modified,
        };
        let mut value = jsonld::document(&doc.meta, &facts);
        if self.config.is_multilingual() {
            self.translation_json_ld(i, route, &mut value);
        }
        jsonld::to_script(&value)
    }

    /// On a site of several languages (issue 16): a document's language
    /// (`inLanguage`), and its page in the other languages, as
    /// `translationOfWork` (the original, from a translation) and
    /// `workTranslation` (the translations, from the original).
    fn translation_json_ld(&self, i: DocIndex, route: &Route, value: &mut serde_json::Value) {
        let Some(node) = value.as_object_mut() else {
            return;
        };
        node.insert(
            "inLanguage".into(),
            serde_json::json!(self.doc_lang(i).code()),
        );
        let alternates = self.plan.alternates(route);
        let Some(original) = alternates.first() else {
            return;
        };
        let is_translation = self.plan.edition.language != self.plan.edition.default
            && !self.plan.edition.falls_back(i);
        if is_translation {
            node.insert(
                "translationOfWork".into(),
                serde_json::json!({"@id": original.permalink}),
            );
        } else if self.plan.edition.is_default()
            && matches!(self.graph.doc(i).id.kind, Kind::Brief | Kind::Page)
        {
            let others: Vec<serde_json::Value> = alternates
                .iter()
                .skip(1)
                .map(|a| serde_json::json!({"@id": a.permalink, "inLanguage": a.language.code()}))
                .collect();
            if !others.is_empty() {
                node.insert("workTranslation".into(), serde_json::Value::Array(others));
            }
        }
    }

    /// The context of a feed.
    pub fn feed(&self, of: FeedOf, route: &Route) -> FeedPage<'_> {
        let (title, page) = match of {
            FeedOf::Site => (self.site.title.clone(), self.plan.route(RouteKind::Home)),
            FeedOf::Doc(i) => (
                format!("{} · {}", self.graph.doc(i).title(), self.site.title),
                self.plan
                    .doc_route(i)
                    .expect("a feed is made for built documents only"),
            ),
            FeedOf::Tag(n) => (
                format!("{} · {}", self.plan.tags[n].name, self.site.title),
                self.plan.route(RouteKind::Tag(n)),
            ),
        };
        let author = self
            .site
            .author
            .clone()
            .unwrap_or_else(|| self.site.title.clone());
        let briefs = self.plan.feed_briefs(self.graph, of);
        let entries: Vec<&Frozen<FeedEntry>> =
            briefs.iter().filter_map(|&i| self.feed_entry(i)).collect();
        // A feed changes when one of its briefs does, and only then: an
        // empty feed has never been updated (the epoch), whatever the rest
        // of the site does.
        let updated = briefs
            .iter()
            .map(|i| self.lastmod(*i))
            .max()
            .map_or_else(|| "1970-01-01T00:00:00Z".to_string(), rfc3339);
        let url = self.plan.permalink(route);
        FeedPage {
            site: &self.site,
            feed: FeedView {
                title,
                id: url.clone(),
                url,
                alternate: self.plan.permalink(page),
                updated,
                author,
                lang: self.lang.code(),
            },
            entries,
        }
    }

    /// A brief's entry in feeds, made once per build: a brief is in the
    /// feed of the site and in those of its countries, actors and tags
    /// (making it again for each was a twentieth of a build, issue #15).
    fn feed_entry(&self, i: DocIndex) -> Option<&Frozen<FeedEntry>> {
        self.feed_entries[i]
            .get_or_init(|| self.make_feed_entry(i).map(|e| Frozen::new(&e)))
            .as_ref()
    }

    fn make_feed_entry(&self, i: DocIndex) -> Option<FeedEntry> {
        let site_author = self
            .site
            .author
            .clone()
            .unwrap_or_else(|| self.site.title.clone());
        let doc = self.graph.doc(i);
        let Meta::Brief(brief) = &doc.meta else {
            return None;
        };
        let mut content = String::new();
        if let Some(summary) = &brief.summary {
            content.push_str(&format!("<p>{}</p>", escape(summary)));
        }
        if !brief.key_points.is_empty() {
            content.push_str(&format!(
                "<p><strong>{}</strong></p><ul>",
                escape(self.strings.key_points)
            ));
            for point in &brief.key_points {
                content.push_str(&format!("<li>{}", escape(&point.text.text)));
                // The likelihood travels with its judgement (issue #14).
                if let Some(term) = point.likelihood {
                    content.push_str(&format!(" ({})", escape(&term.badge(self.lang))));
                }
                content.push_str("</li>");
            }
            content.push_str("</ul>");
        }
        Some(FeedEntry {
            title: brief.title.clone(),
            id: format!(
                "tag:{},{}:{}",
                self.config.base_url.tag_authority(),
                brief.date.format("%Y-%m-%d"),
                doc.id
            ),
            url: self.permalink(i),
            published: rfc3339(brief.date),
            updated: rfc3339(self.lastmod(i)),
            authors: if brief.authors.is_empty() {
                vec![site_author]
            } else {
                brief.authors.clone()
            },
            categories: brief.tags.iter().map(|t| t.text.clone()).collect(),
            summary: brief.summary.clone(),
            content,
            lang: self.foreign_lang(i),
        })
    }

    pub(super) fn month_link(&self, n: usize) -> MonthLink {
        let (year, month) = self.plan.months[n];
        MonthLink {
            iso: format!("{year:04}-{month:02}"),
            label: i18n::month_year(year, month, self.lang),
            url: self.plan.href(self.plan.route(RouteKind::Digest(n))),
        }
    }

    /// The context of digest `n` (an index in [`Plan::months`](crate::plan::Plan::months)).
    pub fn digest(&self, n: usize) -> DigestPage<'_> {
        let (events, briefs) = self.plan.month_members(n);
        // One pass over the month's documents, each filed once (issue #15:
        // a brief naming three countries was listed three times), under its
        // most specific country: an event's location, else the first
        // country its front matter lists, else the first it links to; or
        // under none. Its card names its other countries. Not a scan of the
        // month per country, which grew with the product of the two (issue
        // #6).
        let mut by_country: HashMap<DocIndex, (Vec<DocIndex>, Vec<DocIndex>)> = HashMap::new();
        let mut stateless: (Vec<DocIndex>, Vec<DocIndex>) = (Vec::new(), Vec::new());
        let mut file = |i: DocIndex, is_event: bool| {
            let located = match &self.graph.doc(i).meta {
                Meta::Event(e) => e
                    .location
                    .as_ref()
                    .and_then(|l| l.country.as_ref())
                    .and_then(|c| self.graph.resolve_field(c)),
                _ => None,
            };
            let country = located
                .into_iter()
                .chain(self.graph.outgoing(i).iter().map(|e| e.to))
                .find(|c| self.graph.doc(*c).id.kind == Kind::Country && self.graph.is_visible(*c));
            let group = match country {
                Some(c) => by_country.entry(c).or_default(),
                None => &mut stateless,
            };
            if is_event {
                group.0.push(i)
            } else {
                group.1.push(i)
            }
        };
        let mut events = events.to_vec();
        events.sort_by_key(|e| self.plan.event_rank(*e));
        for &e in &events {
            file(e, true);
        }
        for &b in briefs {
            file(b, false);
        }
        let mut countries: Vec<DocIndex> = by_country.keys().copied().collect();
        countries.sort_by_cached_key(|c| (self.graph.title_key(*c), *c));
        let group = |country: Option<DocIndex>,
                     (events, briefs): &(Vec<DocIndex>, Vec<DocIndex>)| {
            DigestGroup {
                country: country.map(|c| self.link(c)),
                events: events.iter().map(|e| self.event_summary(*e)).collect(),
                briefs: briefs.iter().map(|b| self.brief_summary(*b)).collect(),
            }
        };
        let mut groups: Vec<DigestGroup> = countries
            .iter()
            .map(|c| group(Some(*c), &by_country[c]))
            .collect();
        if !stateless.0.is_empty() || !stateless.1.is_empty() {
            groups.push(group(None, &stateless));
        }
        let this = self.month_link(n);
        let trends = self.digest_trends(n, &countries);
        let lists: Vec<String> = groups
            .iter()
            .enumerate()
            .filter(|(_, g)| !g.events.is_empty())
            .map(|(k, _)| format!("g{}-events", k + 1))
            .collect();
        let map = self.events_map(
            "map",
            &this.label,
            (!lists.is_empty()).then(|| lists.join(" ")),
            &events,
            None,
        );
        DigestPage {
            site: &self.site,
            t: &self.t,
            page: self.meta(
                &format!("{} — {}", self.strings.digest, this.label),
                None,
                self.plan.route(RouteKind::Digest(n)),
                "events",
            ),
            month: this,
            previous: n.checked_sub(1).map(|p| self.month_link(p)),
            next: (n + 1 < self.plan.months.len()).then(|| self.month_link(n + 1)),
            trends,
            groups,
            map,
        }
    }

    /// The documents of the search index, in its order: briefs newest
    /// first, then countries, actors, events, pages and sources by name.
    /// Only what may leave the site is searchable (issue #14). The entries
    /// of `search-index.json` and the postings of `search-words.json` both
    /// follow it.
    fn search_docs(&self) -> Vec<DocIndex> {
        let public = |i: &DocIndex| self.plan.is_public(*i);
        let mut docs: Vec<DocIndex> = self.plan.briefs.iter().copied().filter(public).collect();
        for kind in [
            Kind::Country,
            Kind::Actor,
            Kind::Event,
            Kind::Page,
            Kind::Source,
        ] {
            let mut list: Vec<DocIndex> = self.graph.of_kind(kind).filter(public).collect();
            list.sort_by_key(|i| self.graph.title_key(*i));
            docs.extend(list);
        }
        docs
    }

    /// `search-words.json`: the words of the Markdown bodies of the search
    /// index's documents, in its order. Each body is known by its hash
    /// ([`crate::content::Document::body_hash`]) and read only when the
    /// memo does not know its words.
    pub fn search_words(
        &self,
        memo: &super::Memo,
    ) -> Result<Vec<u8>, Box<crate::diagnostic::Diagnostic>> {
        let docs = self.search_docs();
        let keys: Vec<u128> = docs.iter().map(|&i| self.graph.doc(i).body_hash).collect();
        let read = |k: usize| self.graph.doc(docs[k]).read_body(self.source_files());
        memo.search_words(&keys, &read)
    }

    /// The search index entries, in the order of [`Views::search_docs`].
    pub fn search_entries(&self) -> Vec<SearchEntry> {
        self.search_docs()
            .into_iter()
            .map(|i| {
                let doc = self.graph.doc(i);
                let (d, s) = match &doc.meta {
                    Meta::Brief(b) => {
                        return SearchEntry {
                            k: "briefs",
                            t: b.title.clone(),
                            u: self.url(i),
                            d: Some(i18n::format_day(b.date, self.lang)),
                            s: b.summary.clone(),
                            a: Vec::new(),
                            g: b.tags.iter().map(|t| t.text.clone()).collect(),
                            p: b.key_points.iter().map(|k| k.text.text.clone()).collect(),
                        };
                    }
                    Meta::Actor(a) => (None, a.role.clone()),
                    Meta::Event(e) => (
                        Some(i18n::format_partial(e.date, self.lang)),
                        e.location.as_ref().and_then(|l| l.name.clone()),
                    ),
                    Meta::Country(c) => (None, c.region.clone()),
                    Meta::Page(p) => (None, p.summary.clone()),
                    Meta::Source(s) => (None, s.publisher.clone()),
                    Meta::Watch(_) => (None, None),
                };
                SearchEntry {
                    k: doc.id.kind.folder(),
                    t: doc.title().to_string(),
                    u: self.url(i),
                    d,
                    s,
                    a: doc.meta.aliases().to_vec(),
                    g: Vec::new(),
                    p: Vec::new(),
                }
            })
            .collect()
    }
}
