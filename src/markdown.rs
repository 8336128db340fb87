//! Markdown through pulldown-cmark, and nothing else: finding the links a
//! body makes ([`references`]) and rendering it to HTML ([`to_html`]).
//!
//! This module knows nothing of the graph. [`to_html`] asks the closure it is
//! given what each document link points to; `render` passes that closure in.

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

/// A link written in a body.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    /// The destination as written: the target of a wiki link, the URL of a
    /// Markdown link.
    pub dest: String,
    /// The whole link, in bytes of the body.
    pub range: Range<usize>,
    /// Whether it is a wiki link (`[[…]]`).
    pub wiki: bool,
}

/// Every link of a body, in order; links inside code are not links.
pub fn references(body: &str) -> Vec<Link> {
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
            }),
            _ => None,
        })
        .collect()
}

/// Where a document link leads, as `render` resolves it.
#[derive(Debug, Clone)]
pub struct Resolved {
    /// The URL to write in `href`; `None` renders the link as plain text (a
    /// draft that is not built).
    pub url: Option<String>,
    /// The target's title, shown for a wiki link without a label.
    pub title: String,
}

/// How to render a body.
pub struct Render<'a> {
    /// Whether raw HTML passes through (`markdown.unsafe_html`); escaped otherwise.
    pub unsafe_html: bool,
    /// French typography: « » instead of “ ”.
    pub french: bool,
    /// Resolves a link (by its index among [`references`]) to a document.
    pub resolve: &'a dyn Fn(usize, &Link) -> Option<Resolved>,
}

/// Renders a body to HTML. Headings get ids (from `{#id}` or their text,
/// made unique) so they can be linked; wiki links and links to `.md` files
/// become links to the documents' pages.
pub fn to_html(body: &str, how: &Render<'_>) -> String {
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut link_index = 0;
    // For each open link: whether its text must be replaced by the target's
    // title, and whether it is dropped (rendered as plain text).
    let mut open_links: Vec<(Option<String>, bool)> = Vec::new();
    let mut heading_ids = HeadingIds::default();
    let mut heading_start: Option<usize> = None;
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
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
                };
                let resolved = (how.resolve)(link_index, &link);
                link_index += 1;
                let replace_text = match link_type {
                    LinkType::WikiLink { has_pothole: false } => {
                        resolved.as_ref().map(|r| r.title.clone())
                    }
                    _ => None,
                };
                match resolved {
                    Some(Resolved { url: Some(url), .. }) => {
                        let fragment = if link.wiki {
                            ""
                        } else {
                            fragment_of(&link.dest)
                        };
                        events.push(Event::Start(Tag::Link {
                            link_type: LinkType::Inline,
                            dest_url: CowStr::from(format!("{url}{fragment}")),
                            title,
                            id,
                        }));
                        open_links.push((replace_text, false));
                    }
                    Some(Resolved { url: None, .. }) => open_links.push((replace_text, true)),
                    None if link.wiki => open_links.push((None, true)),
                    // A script URL is never a link, unless the site allows raw HTML anyway.
                    None if !how.unsafe_html && is_script_url(&link.dest) => {
                        open_links.push((None, true))
                    }
                    None => {
                        events.push(Event::Start(Tag::Link {
                            link_type,
                            dest_url,
                            title,
                            id,
                        }));
                        open_links.push((None, false));
                    }
                }
                if let Some((Some(text), _)) = open_links.last() {
                    events.push(Event::Text(CowStr::from(text.clone())));
                }
            }
            Event::End(TagEnd::Link) => {
                if let Some((_, dropped)) = open_links.pop()
                    && !dropped
                {
                    events.push(Event::End(TagEnd::Link));
                }
            }
            _ if open_links
                .last()
                .is_some_and(|(replace, _)| replace.is_some()) =>
            {
                // The label of a bare wiki link is replaced by the title.
            }
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                heading_start = Some(events.len());
                events.push(Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                }));
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some(start) = heading_start.take() {
                    name_heading(&mut events, start, level, &mut heading_ids);
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

/// The `#fragment` of a destination, kept on links to documents.
fn fragment_of(dest: &str) -> &str {
    dest.find('#').map_or("", |i| &dest[i..])
}

/// Gives the heading opened at `events[start]` an id: its own `{#id}` if
/// written, else the slug of its text, made unique within the page.
fn name_heading(events: &mut [Event<'_>], start: usize, level: HeadingLevel, ids: &mut HeadingIds) {
    let text: String = events[start + 1..]
        .iter()
        .filter_map(|e| match e {
            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
            _ => None,
        })
        .collect();
    if let Event::Start(Tag::Heading {
        id, classes, attrs, ..
    }) = &events[start]
    {
        let wanted = id
            .as_ref()
            .map(|id| id.to_string())
            .or_else(|| crate::slug::Slug::from_title(&text).map(|s| s.to_string()))
            .unwrap_or_else(|| "section".to_string());
        let unique = ids.unique(wanted);
        events[start] = Event::Start(Tag::Heading {
            level,
            id: Some(CowStr::from(unique)),
            classes: classes.clone(),
            attrs: attrs.clone(),
        });
    }
}

/// Heading ids already used on a page.
#[derive(Default)]
struct HeadingIds {
    used: HashSet<String>,
}

impl HeadingIds {
    /// `id`, or `id-1`, `id-2`… when taken.
    fn unique(&mut self, id: String) -> String {
        let mut candidate = id.clone();
        let mut n = 1;
        while !self.used.insert(candidate.clone()) {
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
mod tests {
    use super::*;

    fn render(body: &str, unsafe_html: bool) -> String {
        let resolve = |_: usize, link: &Link| {
            let known = ["mali", "actors/jnim"];
            known.contains(&link.dest.as_str()).then(|| Resolved {
                url: Some(format!("/x/{}/", link.dest)),
                title: format!("Title of {}", link.dest),
            })
        };
        to_html(
            body,
            &Render {
                unsafe_html,
                french: true,
                resolve: &resolve,
            },
        )
    }

    #[test]
    fn finds_wiki_and_markdown_links_with_ranges() {
        let body = "See [[mali]] and [[jnim|le JNIM]] and [x](../actors/jnim.md).\n\n`[[code]]`";
        let links = references(body);
        let dests: Vec<&str> = links.iter().map(|l| l.dest.as_str()).collect();
        assert_eq!(dests, ["mali", "jnim", "../actors/jnim.md"]);
        assert_eq!(&body[links[0].range.clone()], "[[mali]]");
        assert_eq!(&body[links[1].range.clone()], "[[jnim|le JNIM]]");
        assert!(links[0].wiki && !links[2].wiki);
    }

    #[test]
    fn bare_wiki_links_show_the_target_title() {
        let html = render("See [[mali]].", false);
        assert!(
            html.contains(r#"<a href="/x/mali/">Title of mali</a>"#),
            "{html}"
        );
    }

    #[test]
    fn piped_wiki_links_keep_their_label() {
        let html = render("[[actors/jnim|le JNIM]]", false);
        assert!(
            html.contains(r#"<a href="/x/actors/jnim/">le JNIM</a>"#),
            "{html}"
        );
    }

    #[test]
    fn script_urls_are_not_linked() {
        let html = render(
            "[a](javascript:alert(1)) [b]( JavaScript:x) [c](data:text/html,x) [d](https://e.org/)",
            false,
        );
        assert!(!html.to_lowercase().contains("javascript:"), "{html}");
        assert!(!html.contains("data:"), "{html}");
        assert!(html.contains(r#"<a href="https://e.org/">d</a>"#), "{html}");
        assert!(html.contains(">a<") || html.contains("a "), "{html}");
    }

    #[test]
    fn raw_html_is_escaped_unless_allowed() {
        assert!(render("<script>x</script>\n", false).contains("&lt;script&gt;"));
        assert!(render("a <b>b</b>", true).contains("<b>b</b>"));
    }

    #[test]
    fn headings_get_unique_ids() {
        let html = render("## Contexte\n\n## Contexte\n\n## Autre {#mine}\n", false);
        assert!(html.contains(r#"<h2 id="contexte">"#), "{html}");
        assert!(html.contains(r#"<h2 id="contexte-1">"#), "{html}");
        assert!(html.contains(r#"<h2 id="mine">"#), "{html}");
    }

    #[test]
    fn gfm_tables_footnotes_tasks_and_strikethrough() {
        let html = render(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n\n~~old~~ note[^1]\n\n[^1]: foot\n",
            false,
        );
        assert!(html.contains("<table>"));
        assert!(html.contains("checkbox"));
        assert!(html.contains("<del>old</del>"));
        assert!(html.contains("footnote"));
    }

    #[test]
    fn french_quotes_use_guillemets() {
        assert!(render("Il a dit \"oui\".", false).contains("«\u{a0}oui\u{a0}»"));
    }
}
