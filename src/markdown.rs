//! Markdown through pulldown-cmark, and nothing else: finding the links and
//! headings a body has ([`scan`]) and rendering it to HTML ([`to_html`]).
//!
//! This module knows nothing of the graph. [`to_html`] asks the closure it is
//! given where each link goes, naming the link by where it starts in the
//! body: [`scan`] and [`to_html`] run the same parser with the same options
//! over the same text, so a link's start is the same in both, and a link is
//! never matched to another by its rank among the links (issue #11: an
//! external link took the target of the next wiki link). `render` passes
//! that closure in.

use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd, html};

/// CommonMark + GFM as DESIGN §3 lists it, plus wiki links.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_WIKILINKS
}

/// A link or image written in a body.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    /// The destination as written: the target of a wiki link (`mali`,
    /// `mali#Sécurité`), the URL of a Markdown link or image.
    pub dest: String,
    /// The whole link, in bytes of the body: its start is its identity.
    pub range: Range<usize>,
    /// Whether it is a wiki link (`[[…]]`).
    pub wiki: bool,
    /// Whether it is an image (`![…](…)`).
    pub image: bool,
}

/// A heading of a body, with the id [`to_html`] gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// Its `id`: its own `{#id}`, else the slug of its text, made unique
    /// within the page and kept clear of the theme's ids.
    pub id: String,
    /// Its text as written (without Markdown).
    pub text: String,
}

/// Every link and image of a body, in order; those inside code are not
/// links.
pub fn links(body: &str) -> Vec<Link> {
    Parser::new_ext(body, options())
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => Some(Link {
                dest: dest_url.trim().to_string(),
                range,
                wiki: matches!(link_type, LinkType::WikiLink { .. }),
                image: false,
            }),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                ..
            }) => Some(Link {
                dest: dest_url.trim().to_string(),
                range,
                wiki: matches!(link_type, LinkType::WikiLink { .. }),
                image: true,
            }),
            _ => None,
        })
        .collect()
}

/// Every heading of a body, in order, with the id [`to_html`] gives it.
/// Asked only of the bodies that links name headings of: a site's 60,000
/// headings, kept for all, were most of the memory a build holds for links
/// (issue #11).
pub fn headings(body: &str) -> Vec<Heading> {
    let mut found = Vec::new();
    let mut ids = HeadingIds::default();
    let mut heading: Option<(Option<String>, String)> = None;
    for event in Parser::new_ext(body, options()) {
        match event {
            Event::Start(Tag::Heading { id, .. }) => {
                heading = Some((id.map(|id| id.to_string()), String::new()));
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some((_, words)) = heading.as_mut() {
                    words.push_str(&text);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((explicit, text)) = heading.take() {
                    let id = ids.name(explicit.as_deref(), &text);
                    found.push(Heading { id, text });
                }
            }
            _ => {}
        }
    }
    found
}

/// Where a link leads, as `render` resolves it.
#[derive(Debug, Clone)]
pub enum Resolved {
    /// A link to a page of the site.
    Page {
        /// The URL to write in `href` (or `src`): base path, page, and
        /// `#fragment` when the link names a heading.
        url: String,
        /// What a wiki link without a label shows: the target's title, and
        /// the heading's text when it names one.
        title: String,
    },
    /// A link to a document that is not built (a draft): printed as its
    /// text, without a link.
    Unlinked {
        /// What a wiki link without a label shows.
        title: String,
    },
}

/// How to render a body.
pub struct Render<'a> {
    /// Whether raw HTML passes through (`markdown.unsafe_html`); escaped otherwise.
    pub unsafe_html: bool,
    /// French typography: « » instead of “ ”.
    pub french: bool,
    /// Resolves the link or image starting at this byte of the body;
    /// `None` leaves it as written (an external URL).
    pub resolve: &'a dyn Fn(usize, &Link) -> Option<Resolved>,
}

/// What [`to_html`] does with the events inside an open link.
struct OpenLink {
    /// The text that replaces the label of a wiki link without one.
    replace: Option<String>,
    /// Whether the link itself is dropped (its text stays).
    dropped: bool,
}

/// Renders a body to HTML. Headings get ids (from `{#id}` or their text,
/// made unique, as [`scan`] gives them); links are written where
/// `how.resolve` says.
pub fn to_html(body: &str, how: &Render<'_>) -> String {
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut open_links: Vec<OpenLink> = Vec::new();
    let mut ids = HeadingIds::default();
    // The heading being read: where it opened in `events`, its `{#id}`,
    // and its text as written (not as rewritten below), so that its id is
    // the one `scan` gives it.
    let mut heading: Option<(usize, Option<String>, String)> = None;
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        if let (Some((_, _, words)), Event::Text(text) | Event::Code(text)) = (&mut heading, &event)
        {
            words.push_str(text);
        }
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let link = Link {
                    dest: dest_url.trim().to_string(),
                    range: range.clone(),
                    wiki: matches!(link_type, LinkType::WikiLink { .. }),
                    image: false,
                };
                let resolved = (how.resolve)(range.start, &link);
                let bare_wiki = matches!(link_type, LinkType::WikiLink { has_pothole: false });
                let open = match resolved {
                    Some(Resolved::Page { url, title: shown }) => {
                        events.push(Event::Start(Tag::Link {
                            link_type: LinkType::Inline,
                            dest_url: CowStr::from(url),
                            title,
                            id,
                        }));
                        OpenLink {
                            replace: bare_wiki.then_some(shown),
                            dropped: false,
                        }
                    }
                    Some(Resolved::Unlinked { title: shown }) => OpenLink {
                        replace: bare_wiki.then_some(shown),
                        dropped: true,
                    },
                    None if link.wiki => OpenLink {
                        replace: None,
                        dropped: true,
                    },
                    // A script URL is never a link, unless the site allows raw HTML anyway.
                    None if !how.unsafe_html && is_script_url(&link.dest) => OpenLink {
                        replace: None,
                        dropped: true,
                    },
                    None => {
                        events.push(Event::Start(Tag::Link {
                            link_type,
                            dest_url,
                            title,
                            id,
                        }));
                        OpenLink {
                            replace: None,
                            dropped: false,
                        }
                    }
                };
                if let Some(text) = &open.replace {
                    events.push(Event::Text(CowStr::from(text.clone())));
                }
                open_links.push(open);
            }
            Event::End(TagEnd::Link) => {
                if let Some(open) = open_links.pop()
                    && !open.dropped
                {
                    events.push(Event::End(TagEnd::Link));
                }
            }
            _ if open_links.last().is_some_and(|open| open.replace.is_some()) => {
                // The label of a bare wiki link is replaced by the title.
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let link = Link {
                    dest: dest_url.trim().to_string(),
                    range: range.clone(),
                    wiki: matches!(link_type, LinkType::WikiLink { .. }),
                    image: true,
                };
                let dest_url = match (how.resolve)(range.start, &link) {
                    Some(Resolved::Page { url, .. }) => CowStr::from(url),
                    _ if !how.unsafe_html && is_script_url(&link.dest) => CowStr::from(""),
                    _ => dest_url,
                };
                events.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                heading = Some((
                    events.len(),
                    id.as_ref().map(|i| i.to_string()),
                    String::new(),
                ));
                events.push(Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                }));
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some((start, explicit, words)) = heading.take() {
                    let id = ids.name(explicit.as_deref(), &words);
                    name_heading(&mut events, start, level, id);
                }
                events.push(Event::End(TagEnd::Heading(level)));
            }
            Event::Html(raw) | Event::InlineHtml(raw) if !how.unsafe_html => {
                events.push(Event::Text(raw));
            }
            Event::Text(text) if how.french => events.push(Event::Text(french_quotes(text))),
            other => events.push(other),
        }
    }
    let mut out = String::with_capacity(body.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    out
}

/// Whether a URL would run code when followed (`javascript:`, `vbscript:`,
/// `data:`), whatever its case or the spaces and controls before its scheme.
pub fn is_script_url(url: &str) -> bool {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take(12)
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:"]
        .iter()
        .any(|scheme| cleaned.starts_with(scheme))
}

/// Sets the id of the heading opened at `events[start]`.
fn name_heading(events: &mut [Event<'_>], start: usize, level: HeadingLevel, id: String) {
    if let Event::Start(Tag::Heading { classes, attrs, .. }) = &events[start] {
        events[start] = Event::Start(Tag::Heading {
            level,
            id: Some(CowStr::from(id)),
            classes: classes.clone(),
            attrs: attrs.clone(),
        });
    }
}

/// Whether the theme may use `id` on a page that shows a body, so that no
/// heading of the body may take it (issue #19: a heading `## Main` took the
/// skip link's `id="main"`). The default theme's ids are those listed
/// here and any ending in `-title`; a theme of a site's own keeps clear of
/// headings by using such ids too (docs/templates.md).
pub fn is_theme_id(id: &str) -> bool {
    const THEME_IDS: &[&str] = &[
        "main",
        "header-search",
        "search",
        "search-query",
        "search-status",
        "search-results",
        "mentioned-briefs",
        "mentioned-countries",
        "mentioned-actors",
        "mentioned-events",
        "mentioned-pages",
        "contents",
        "notes",
    ];
    THEME_IDS.contains(&id) || id.ends_with("-title")
}

/// Heading ids already used on a page.
#[derive(Default)]
struct HeadingIds {
    used: HashSet<String>,
}

impl HeadingIds {
    /// The id of a heading: its own `{#id}` if written, else the slug of
    /// its text (`section` when nothing of it survives), then made unique
    /// within the page and kept clear of the theme's ids.
    fn name(&mut self, explicit: Option<&str>, text: &str) -> String {
        let wanted = explicit
            .map(str::to_string)
            .or_else(|| crate::slug::Slug::from_title(text).map(|s| s.to_string()))
            .unwrap_or_else(|| "section".to_string());
        self.unique(wanted)
    }

    /// `id`, or `id-1`, `id-2`… when taken.
    fn unique(&mut self, id: String) -> String {
        let mut candidate = id.clone();
        let mut n = 1;
        while is_theme_id(&candidate) || !self.used.insert(candidate.clone()) {
            candidate = format!("{id}-{n}");
            n += 1;
        }
        candidate
    }
}

/// “ ” from smart punctuation become « » with non-breaking spaces, as French
/// typography wants (DESIGN §7).
fn french_quotes(text: CowStr<'_>) -> CowStr<'_> {
    if !text.contains(['“', '”']) {
        return text;
    }
    CowStr::from(text.replace('“', "«\u{a0}").replace('”', "\u{a0}»"))
}

#[cfg(test)]
mod tests;
