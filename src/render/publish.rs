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

/// How many briefs a feed carries.
const FEED_SIZE: usize = 50;

/// Whose feed.
#[derive(Debug, Clone, Copy)]
pub enum FeedOf {
    /// The whole site (`/atom.xml`).
    Site,
    /// A country or actor (`/countries/<slug>/atom.xml`).
    Doc(DocIndex),
    /// A tag, by its index in [`Views::tags`] (`/tags/<tag>/atom.xml`).
    Tag(usize),
}

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
    /// The site's host, for `tag:` URIs (`example.org`).
    fn host(&self) -> &str {
        let url = self.site.base_url.as_str();
        let rest = url.split_once("://").map_or(url, |(_, r)| r);
        rest.split(['/', ':']).next().unwrap_or(rest)
    }

    /// The date a brief last changed: `updated`, else `date`.
    pub fn brief_lastmod(&self, i: DocIndex) -> Option<NaiveDate> {
        super::views::brief_lastmod(self.graph.doc(i))
    }

    /// The last change of a document's page: its own for a brief; for an
    /// entity, the newest brief that references it (the page lists them).
    pub fn doc_lastmod(&self, i: DocIndex) -> Option<NaiveDate> {
        if self.graph.doc(i).id.kind == Kind::Brief {
            return self.brief_lastmod(i);
        }
        self.graph
            .backlinks(i)
            .iter()
            .filter_map(|e| self.brief_lastmod(e.from))
            .max()
            .or(self.site_lastmod)
    }

    /// The JSON-LD of a document's page.
    pub fn doc_json_ld(&self, i: DocIndex, rel: &str) -> String {
        let doc = self.graph.doc(i);
        let url = format!("{}{rel}", self.site.base_url);
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
                    self.absolute(e.to),
                )
            })
            .collect();
        let (published, modified) = match &doc.meta {
            Meta::Brief(b) => (Some(b.date.to_string()), b.updated.map(|d| d.to_string())),
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
        jsonld::to_script(&jsonld::document(&doc.meta, &facts))
    }

    /// The absolute URL of a document's page.
    fn absolute(&self, i: DocIndex) -> String {
        let path = self.url(i);
        format!(
            "{}{}",
            self.site.base_url,
            path.strip_prefix(self.site.base_path.as_str())
                .unwrap_or(&path)
        )
    }

    /// The briefs of a feed, newest first.
    fn feed_briefs(&self, of: FeedOf) -> Vec<DocIndex> {
        let mut list: Vec<DocIndex> = match of {
            FeedOf::Site => self.briefs.clone(),
            FeedOf::Tag(n) => self.tags[n].briefs.clone(),
            FeedOf::Doc(i) => {
                let mut from: Vec<DocIndex> = self
                    .graph
                    .backlinks(i)
                    .iter()
                    .map(|e| e.from)
                    .filter(|b| self.graph.doc(*b).id.kind == Kind::Brief)
                    .collect();
                from.sort_by_key(|b| self.brief_rank[*b]);
                from
            }
        };
        list.truncate(FEED_SIZE);
        list
    }

    /// The rel URL of a feed and of its HTML page.
    pub fn feed_paths(&self, of: FeedOf) -> (String, String) {
        let page = match of {
            FeedOf::Site => String::new(),
            FeedOf::Doc(i) => {
                let id = &self.graph.doc(i).id;
                format!("{}/{}/", id.kind.folder(), id.slug)
            }
            FeedOf::Tag(n) => format!("tags/{}/", self.tags[n].slug),
        };
        (format!("{page}atom.xml"), page)
    }

    /// The context of a feed.
    pub fn feed(&self, of: FeedOf) -> FeedPage<'_> {
        let (feed_rel, page_rel) = self.feed_paths(of);
        let title = match of {
            FeedOf::Site => self.site.title.clone(),
            FeedOf::Doc(i) => format!("{} · {}", self.graph.doc(i).title(), self.site.title),
            FeedOf::Tag(n) => format!("{} · {}", self.tags[n].view.name, self.site.title),
        };
        let author = self
            .site
            .author
            .clone()
            .unwrap_or_else(|| self.site.title.clone());
        let briefs = self.feed_briefs(of);
        let entries: Vec<FeedEntry> = briefs
            .iter()
            .filter_map(|&i| self.feed_entry(i, &author))
            .collect();
        // A feed changes when one of its briefs does, and only then: an
        // empty feed has never been updated (the epoch), whatever the rest
        // of the site does.
        let updated = briefs
            .iter()
            .filter_map(|i| self.brief_lastmod(*i))
            .max()
            .map_or_else(|| "1970-01-01T00:00:00Z".to_string(), rfc3339);
        let url = format!("{}{feed_rel}", self.site.base_url);
        FeedPage {
            site: &self.site,
            feed: FeedView {
                title,
                id: url.clone(),
                url,
                alternate: format!("{}{page_rel}", self.site.base_url),
                updated,
                author,
                lang: self.lang.code(),
            },
            entries,
        }
    }

    fn feed_entry(&self, i: DocIndex, site_author: &str) -> Option<FeedEntry> {
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
                content.push_str(&format!("<li>{}</li>", escape(point)));
            }
            content.push_str("</ul>");
        }
        Some(FeedEntry {
            title: brief.title.clone(),
            id: format!(
                "tag:{},{}:{}",
                self.host(),
                brief.date.format("%Y-%m-%d"),
                doc.id
            ),
            url: self.absolute(i),
            published: rfc3339(brief.date),
            updated: rfc3339(self.brief_lastmod(i).unwrap_or(brief.date)),
            authors: if brief.authors.is_empty() {
                vec![site_author.to_string()]
            } else {
                brief.authors.clone()
            },
            categories: brief.tags.clone(),
            summary: brief.summary.clone(),
            content,
        })
    }

    /// The rel URL of a month's digest.
    pub fn digest_rel(&self, (year, month): (i32, u32)) -> String {
        format!("digest/{year:04}-{month:02}/")
    }

    fn month_link(&self, month: (i32, u32)) -> MonthLink {
        let rel = self.digest_rel(month);
        MonthLink {
            iso: format!("{:04}-{:02}", month.0, month.1),
            label: i18n::month_year(month.0, month.1, self.lang),
            url: format!("{}{rel}", self.site.base_path),
        }
    }

    /// The context of digest `n` (an index in [`Views::months`]).
    pub fn digest(&self, n: usize) -> DigestPage<'_> {
        let month = self.months[n];
        let (events, briefs) = &self.month_members()[n];
        // One pass over the month's documents, each filed under each of its
        // countries (once) or under none: not a scan of the month per
        // country, which grew with the product of the two (issue #6).
        let mut by_country: HashMap<DocIndex, (Vec<DocIndex>, Vec<DocIndex>)> = HashMap::new();
        let mut stateless: (Vec<DocIndex>, Vec<DocIndex>) = (Vec::new(), Vec::new());
        let mut file = |i: DocIndex, is_event: bool| {
            let mut countries: Vec<DocIndex> = self
                .graph
                .outgoing(i)
                .iter()
                .map(|e| e.to)
                .filter(|c| {
                    self.graph.doc(*c).id.kind == Kind::Country && self.graph.is_visible(*c)
                })
                .collect();
            countries.sort_unstable();
            countries.dedup();
            if countries.is_empty() {
                let group = &mut stateless;
                if is_event {
                    group.0.push(i)
                } else {
                    group.1.push(i)
                }
            }
            for c in countries {
                let group = by_country.entry(c).or_default();
                if is_event {
                    group.0.push(i)
                } else {
                    group.1.push(i)
                }
            }
        };
        for &e in events {
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
        let this = self.month_link(month);
        let rel = self.digest_rel(month);
        DigestPage {
            site: &self.site,
            t: &self.t,
            page: self.meta(
                &format!("{} — {}", self.strings.digest, this.label),
                None,
                &rel,
                "events",
            ),
            month: this,
            previous: n.checked_sub(1).map(|p| self.month_link(self.months[p])),
            next: self.months.get(n + 1).map(|m| self.month_link(*m)),
            groups,
        }
    }

    /// The search index entries: briefs newest first, then countries,
    /// actors, events and pages by name.
    pub fn search_entries(&self) -> Vec<SearchEntry> {
        let mut entries: Vec<SearchEntry> = Vec::new();
        for &i in &self.briefs {
            if let Meta::Brief(b) = &self.graph.doc(i).meta {
                entries.push(SearchEntry {
                    k: "briefs",
                    t: b.title.clone(),
                    u: self.url(i),
                    d: Some(i18n::format_day(b.date, self.lang)),
                    s: b.summary.clone(),
                    a: Vec::new(),
                    g: b.tags.clone(),
                    p: b.key_points.clone(),
                });
            }
        }
        for kind in [Kind::Country, Kind::Actor, Kind::Event, Kind::Page] {
            let mut list: Vec<DocIndex> = self.graph.of_kind(kind).collect();
            list.sort_by_key(|i| self.graph.title_key(*i));
            for i in list {
                let doc = self.graph.doc(i);
                let (d, s) = match &doc.meta {
                    Meta::Actor(a) => (None, a.role.clone()),
                    Meta::Event(e) => (
                        Some(i18n::format_partial(e.date, self.lang)),
                        e.location.as_ref().and_then(|l| l.name.clone()),
                    ),
                    Meta::Country(c) => (None, c.region.clone()),
                    Meta::Page(p) => (None, p.summary.clone()),
                    Meta::Brief(_) => (None, None),
                };
                entries.push(SearchEntry {
                    k: kind.folder(),
                    t: doc.title().to_string(),
                    u: self.url(i),
                    d,
                    s,
                    a: doc.meta.aliases().to_vec(),
                    g: Vec::new(),
                    p: Vec::new(),
                });
            }
        }
        entries
    }
}
