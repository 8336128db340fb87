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

/// A link or image written in a body. Kept between builds by the parse
/// memo ([`crate::content::ParseMemo`]), hence serde.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
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
    /// The alt text of an image, as plain text, as [`links`] finds it
    /// (issue #12: an image without one is a warning); empty for links,
    /// and in the links [`to_html`] hands its resolver.
    pub alt: String,
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
/// links. Images carry their alt text.
pub fn links(body: &str) -> Vec<Link> {
    let mut found: Vec<Link> = Vec::new();
    // The images open around the current event, innermost last, by their
    // place in `found`: their alt text is the text inside them.
    let mut images: Vec<usize> = Vec::new();
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => found.push(Link {
                dest: dest_url.trim().to_string(),
                range,
                wiki: matches!(link_type, LinkType::WikiLink { .. }),
                image: false,
                alt: String::new(),
            }),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                ..
            }) => {
                images.push(found.len());
                found.push(Link {
                    dest: dest_url.trim().to_string(),
                    range,
                    wiki: matches!(link_type, LinkType::WikiLink { .. }),
                    image: true,
                    alt: String::new(),
                });
            }
            Event::End(TagEnd::Image) => {
                images.pop();
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some(&k) = images.last() {
                    found[k].alt.push_str(&text);
                }
            }
            _ => {}
        }
    }
    found
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
    /// A link to a page of the site in another language than the page's
    /// (issue 16: a brief without a translation, linked from one): marked
    /// with the language it leads to (`hreflang`), and with `lang` when its
    /// text is the target's title.
    Elsewhere {
        /// The URL to write in `href`, as for [`Resolved::Page`].
        url: String,
        /// What a wiki link without a label shows.
        title: String,
        /// The language of the page it leads to (`fr`).
        lang: &'static str,
    },
    /// A link to a document that is not built (a draft): printed as its
    /// text, without a link.
    Unlinked {
        /// What a wiki link without a label shows.
        title: String,
    },
    /// An image whose file is known (issue #12): its size and lighter
    /// copies.
    Image(Img),
}

/// An image of the site as a page shows it: where it is, its size, and
/// its lighter copies. Every URL is ready to write (base path included).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Img {
    /// The URL of the file shown by default (`src`).
    pub src: String,
    /// Its width in CSS pixels, when known.
    pub width: Option<u32>,
    /// Its height, likewise.
    pub height: Option<u32>,
    /// The copies in the format of `src`, for `srcset` (`a.480w.png
    /// 480w, …`); empty when it has none.
    pub srcset: String,
    /// The copies in other formats, each a media type and its `srcset`,
    /// for `<source>` elements of a `<picture>`.
    pub sources: Vec<(&'static str, String)>,
    /// The `sizes` attribute that goes with the copies.
    pub sizes: String,
}

/// How to render a body.
pub struct Render<'a> {
    /// Whether raw HTML passes through (`markdown.unsafe_html`); escaped otherwise.
    pub unsafe_html: bool,
    /// French typography ([`crate::typography`]): « » instead of “ ”, and
    /// narrow no-break spaces before `: ; ! ? »` and after `«`, in text
    /// (not in code, URLs or the alternative text of images).
    pub french: bool,
    /// The name of the box a table scrolls in on narrow screens ("Table,
    /// scrolls sideways"): the box can take the keyboard focus, so that it
    /// scrolls without a mouse, and needs a name.
    pub table_label: &'a str,
    /// The names of a task list's boxes, ticked and not ("Done", "To
    /// do"): a form field needs a name, and the box is not in a `<label>`.
    pub task_labels: (&'a str, &'a str),
    /// The words of the notes section: its heading ("Notes") and the label
    /// of the link from a note back to where it is called ("Back to the
    /// text").
    pub notes: (&'a str, &'a str),
    /// Resolves the link or image starting at this byte of the body;
    /// `None` leaves it as written (an external URL).
    pub resolve: &'a dyn Fn(usize, &Link) -> Option<Resolved>,
}

/// An image being read by [`to_html`]: its markup without its alt text,
/// which is the text of the events up to its end.
struct OpenImage {
    /// What the image is, resolved or as written.
    img: Img,
    /// Its title (the caption of a figure).
    title: String,
    /// Its alt text so far.
    alt: String,
    /// Images nested in its text (their text is its alt text too).
    nested: usize,
}

/// What [`to_html`] does with the events inside an open link.
struct OpenLink {
    /// The text that replaces the label of a wiki link without one.
    replace: Option<String>,
    /// Whether the link itself is dropped (its text stays).
    dropped: bool,
    /// Whether its text is its URL (an autolink), kept as written.
    verbatim: bool,
    /// Whether it was opened as markup of our own (a link marked with its
    /// language), closed the same way.
    markup: bool,
}

/// A heading of a rendered body, for its contents list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// Its level, 1 to 6.
    pub level: u8,
    /// Its id, as written in the HTML.
    pub id: String,
    /// Its text as shown (typography applied), without Markdown.
    pub text: String,
}

/// Renders a body to HTML. Headings get ids (from `{#id}` or their text,
/// made unique, as [`scan`] gives them); links are written where
/// `how.resolve` says.
pub fn to_html(body: &str, how: &Render<'_>) -> String {
    to_html_with_outline(body, how).0
}

/// Renders a body to HTML, as [`to_html`], with its headings in order (the
/// notes section's included, at its end): what a contents list shows
/// (issue #15).
pub fn to_html_with_outline(body: &str, how: &Render<'_>) -> (String, Vec<Section>) {
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut outline: Vec<Section> = Vec::new();
    // French spacing, across the text pieces of one block; the index in
    // `events` of the last text pushed, whose trailing space a following
    // `:` may turn narrow.
    let mut spacer = crate::typography::Spacer::default();
    let mut last_text: Option<usize> = None;
    // Inside a code block, an image (its text is the `alt` attribute) or an
    // autolink (its text is a URL), text keeps its characters.
    let mut verbatim = 0usize;
    let mut open_links: Vec<OpenLink> = Vec::new();
    let mut ids = HeadingIds::default();
    // The heading being read: where it opened in `events`, its `{#id}`,
    // and its text as written (not as rewritten below), so that its id is
    // the one `scan` gives it.
    let mut heading: Option<(usize, Option<String>, String)> = None;
    // The text of the heading being read as shown, for the outline.
    let mut shown = String::new();
    let mut has_footnotes = false;
    // Images (issue #12): the one being read, how many were written (the
    // first loads at once, the others when scrolled to), the paragraph
    // open (where it starts in `events`), and the image that is all of it
    // so far (where it is in `events`, its caption).
    let mut image: Option<OpenImage> = None;
    let mut images_written = 0;
    let mut paragraph: Option<usize> = None;
    let mut lone_image: Option<(usize, OpenImage, bool)> = None;
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        if let (Some((_, _, words)), Event::Text(text) | Event::Code(text)) = (&mut heading, &event)
        {
            words.push_str(text);
        }
        has_footnotes |= matches!(event, Event::FootnoteReference(_));
        match &event {
            Event::Start(tag) if is_block(tag) => spacer.reset(),
            Event::End(tag) if is_block_end(*tag) => spacer.reset(),
            _ => {}
        }
        match &event {
            Event::Start(Tag::CodeBlock(_) | Tag::Image { .. }) => verbatim += 1,
            Event::End(TagEnd::CodeBlock | TagEnd::Image) => verbatim = verbatim.saturating_sub(1),
            _ => {}
        }
        if let Some(open) = image.as_mut() {
            // An image's text is its `alt` attribute, kept as written.
            match event {
                Event::Text(text) | Event::Code(text) | Event::InlineHtml(text) => {
                    open.alt.push_str(&text);
                }
                Event::SoftBreak | Event::HardBreak => open.alt.push(' '),
                Event::Start(Tag::Image { .. }) => open.nested += 1,
                Event::End(TagEnd::Image) if open.nested > 0 => open.nested -= 1,
                Event::End(TagEnd::Image) => {
                    let open = image.take().expect("an image is open");
                    let lazy = images_written > 0;
                    images_written += 1;
                    let first = paragraph.is_some_and(|start| events.len() == start + 1);
                    events.push(Event::Html(CowStr::from(image_html(
                        &open.img,
                        &open.alt,
                        Some(&open.title),
                        lazy,
                    ))));
                    lone_image = first.then(|| (events.len() - 1, open, lazy));
                }
                _ => {}
            }
            continue;
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
                    alt: String::new(),
                };
                let resolved = match (how.resolve)(range.start, &link) {
                    // A link to an image file is a link to its file.
                    Some(Resolved::Image(img)) => Some(Resolved::Page {
                        url: img.src,
                        title: String::new(),
                    }),
                    other => other,
                };
                let bare_wiki = matches!(link_type, LinkType::WikiLink { has_pothole: false });
                let is_autolink = matches!(link_type, LinkType::Autolink | LinkType::Email);
                verbatim += usize::from(is_autolink);
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
                            verbatim: is_autolink,
                            markup: false,
                        }
                    }
                    Some(Resolved::Elsewhere {
                        url,
                        title: shown,
                        lang,
                    }) => {
                        events.push(Event::InlineHtml(CowStr::from(elsewhere_html(
                            &url, &title, lang, bare_wiki,
                        ))));
                        OpenLink {
                            replace: bare_wiki.then_some(shown),
                            dropped: false,
                            verbatim: is_autolink,
                            markup: true,
                        }
                    }
                    Some(Resolved::Image(_)) => unreachable!("made a page link above"),
                    Some(Resolved::Unlinked { title: shown }) => OpenLink {
                        replace: bare_wiki.then_some(shown),
                        dropped: true,
                        verbatim: is_autolink,
                        markup: false,
                    },
                    None if link.wiki => OpenLink {
                        replace: None,
                        dropped: true,
                        verbatim: is_autolink,
                        markup: false,
                    },
                    // A script URL is never a link, unless the site allows raw HTML anyway.
                    None if !how.unsafe_html && is_script_url(&link.dest) => OpenLink {
                        replace: None,
                        dropped: true,
                        verbatim: is_autolink,
                        markup: false,
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
                            verbatim: is_autolink,
                            markup: false,
                        }
                    }
                };
                if let Some(text) = &open.replace {
                    if heading.is_some() {
                        shown.push_str(text);
                    }
                    spacer.pass(text);
                    events.push(Event::Text(CowStr::from(text.clone())));
                }
                open_links.push(open);
            }
            Event::End(TagEnd::Link) => {
                if let Some(open) = open_links.pop() {
                    verbatim -= usize::from(open.verbatim);
                    if open.markup {
                        events.push(Event::InlineHtml(CowStr::from("</a>")));
                    } else if !open.dropped {
                        events.push(Event::End(TagEnd::Link));
                    }
                }
            }
            _ if open_links.last().is_some_and(|open| open.replace.is_some()) => {
                // The label of a bare wiki link is replaced by the title.
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id: _,
            }) => {
                let link = Link {
                    dest: dest_url.trim().to_string(),
                    range: range.clone(),
                    wiki: matches!(link_type, LinkType::WikiLink { .. }),
                    image: true,
                    alt: String::new(),
                };
                let img = match (how.resolve)(range.start, &link) {
                    Some(Resolved::Image(img)) => img,
                    Some(Resolved::Page { url, .. } | Resolved::Elsewhere { url, .. }) => Img {
                        src: url,
                        ..Img::default()
                    },
                    _ if !how.unsafe_html && is_script_url(&link.dest) => Img::default(),
                    _ => Img {
                        src: dest_url.to_string(),
                        ..Img::default()
                    },
                };
                image = Some(OpenImage {
                    img,
                    title: title.to_string(),
                    alt: String::new(),
                    nested: 0,
                });
            }
            Event::Start(Tag::Paragraph) => {
                paragraph = Some(events.len());
                lone_image = None;
                events.push(Event::Start(Tag::Paragraph));
            }
            Event::End(TagEnd::Paragraph) => {
                // An image alone in its paragraph is a figure, captioned
                // by its title (issue #12).
                match (paragraph.take(), lone_image.take()) {
                    (Some(start), Some((at, open, lazy)))
                        if at == start + 1 && events.len() == start + 2 =>
                    {
                        events.truncate(start);
                        let img = image_html(&open.img, &open.alt, None, lazy);
                        // A caption is text a reader reads: spaced as such.
                        let caption = if how.french {
                            crate::typography::french(&open.title)
                        } else {
                            std::borrow::Cow::Borrowed(open.title.as_str())
                        };
                        events.push(Event::Html(CowStr::from(figure_html(&img, &caption))));
                    }
                    _ => events.push(Event::End(TagEnd::Paragraph)),
                }
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
                shown.clear();
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
                    outline.push(Section {
                        level: level as u8,
                        id: id.clone(),
                        text: shown.trim().to_string(),
                    });
                    name_heading(&mut events, start, level, id);
                }
                events.push(Event::End(TagEnd::Heading(level)));
            }
            Event::Html(raw) | Event::InlineHtml(raw) if !how.unsafe_html => {
                events.push(Event::Text(raw));
            }
            Event::Text(text) if how.french && verbatim == 0 => {
                let spaced = spacer.apply(&text);
                if spaced.narrow_previous {
                    narrow_trailing_space(&mut events, last_text);
                }
                let text = match spaced.text {
                    std::borrow::Cow::Borrowed(_) => text,
                    std::borrow::Cow::Owned(owned) => CowStr::from(owned),
                };
                if heading.is_some() {
                    shown.push_str(&text);
                }
                last_text = Some(events.len());
                events.push(Event::Text(text));
            }
            Event::Code(text) => {
                spacer.pass(&text);
                if heading.is_some() {
                    shown.push_str(&text);
                }
                events.push(Event::Code(text));
            }
            Event::Text(text) => {
                spacer.pass(&text);
                if heading.is_some() {
                    shown.push_str(&text);
                }
                events.push(Event::Text(text));
            }
            Event::TaskListMarker(done) => {
                let (checked, name) = if done {
                    (" checked=\"\"", how.task_labels.0)
                } else {
                    ("", how.task_labels.1)
                };
                events.push(Event::Html(CowStr::from(format!(
                    "<input disabled=\"\" type=\"checkbox\"{checked} aria-label=\"{}\"/>\n",
                    escape(name)
                ))));
            }
            Event::Start(Tag::Table(alignments)) => {
                events.push(Event::Html(CowStr::from(format!(
                    "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"{}\">\n",
                    escape(how.table_label)
                ))));
                events.push(Event::Start(Tag::Table(alignments)));
            }
            Event::End(TagEnd::Table) => {
                events.push(Event::End(TagEnd::Table));
                events.push(Event::Html(CowStr::from("</div>\n")));
            }
            other => events.push(other),
        }
    }
    let (events, has_notes) = if has_footnotes {
        notes(events, how.notes)
    } else {
        (events, false)
    };
    if has_notes {
        outline.push(Section {
            level: 2,
            id: "notes".to_string(),
            text: how.notes.0.to_string(),
        });
    }
    let mut out = String::with_capacity(body.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    (out, outline)
}

/// Whether a tag opens a block: French spacing does not reach from the
/// text of one block into the next.
fn is_block(tag: &Tag<'_>) -> bool {
    !matches!(
        tag,
        Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. } | Tag::Image { .. }
    )
}

/// Whether a tag's end closes a block.
fn is_block_end(tag: TagEnd) -> bool {
    !matches!(
        tag,
        TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link | TagEnd::Image
    )
}

/// Turns the trailing space of the text event at `at` into a narrow
/// no-break space: the next piece starts with `:` or `»`.
fn narrow_trailing_space(events: &mut [Event<'_>], at: Option<usize>) {
    let Some(Event::Text(text)) = at.and_then(|k| events.get_mut(k)) else {
        return;
    };
    if let Some(space) = text.chars().next_back() {
        let mut owned = text[..text.len() - space.len_utf8()].to_string();
        owned.push(crate::typography::NARROW_NBSP);
        *text = CowStr::from(owned);
    }
}

/// The opening tag of a link to a page in another language: `hreflang`
/// always, `lang` when the link shows the target's title (a label the
/// author wrote is in the page's language).
fn elsewhere_html(url: &str, title: &str, lang: &str, shows_title: bool) -> String {
    let mut out = String::from("<a href=\"");
    let _ = pulldown_cmark_escape::escape_href(&mut out, url);
    out.push('"');
    if !title.is_empty() {
        out.push_str(" title=\"");
        let _ = pulldown_cmark_escape::escape_html(&mut out, title);
        out.push('"');
    }
    out.push_str(&format!(" hreflang=\"{lang}\""));
    if shows_title {
        out.push_str(&format!(" lang=\"{lang}\""));
    }
    out.push('>');
    out
}

/// An image's markup: an `<img>` with its size, lighter copies (`srcset`)
/// and lazy loading after the first, in a `<picture>` when it has copies
/// in another format. `title` is written when given (a figure's title is
/// its caption instead).
fn image_html(img: &Img, alt: &str, title: Option<&str>, lazy: bool) -> String {
    let attribute = |out: &mut String, name: &str, value: &str| {
        out.push(' ');
        out.push_str(name);
        out.push_str("=\"");
        let _ = pulldown_cmark_escape::escape_html(&mut *out, value);
        out.push('"');
    };
    let mut out = String::with_capacity(160);
    let picture = !img.sources.is_empty();
    if picture {
        out.push_str("<picture>");
        for (media_type, srcset) in &img.sources {
            out.push_str("<source");
            attribute(&mut out, "type", media_type);
            attribute(&mut out, "srcset", srcset);
            attribute(&mut out, "sizes", &img.sizes);
            out.push('>');
        }
    }
    let mut src = String::with_capacity(img.src.len());
    let _ = pulldown_cmark_escape::escape_href(&mut src, &img.src);
    out.push_str("<img src=\"");
    out.push_str(&src);
    out.push('"');
    if !img.srcset.is_empty() {
        attribute(&mut out, "srcset", &img.srcset);
        attribute(&mut out, "sizes", &img.sizes);
    }
    attribute(&mut out, "alt", alt);
    if let Some(title) = title.filter(|t| !t.is_empty()) {
        attribute(&mut out, "title", title);
    }
    if let (Some(width), Some(height)) = (img.width, img.height) {
        out.push_str(&format!(" width=\"{width}\" height=\"{height}\""));
    }
    if lazy {
        out.push_str(" loading=\"lazy\"");
    }
    out.push_str(" decoding=\"async\">");
    if picture {
        out.push_str("</picture>");
    }
    out
}

/// An image alone in its paragraph, as a figure captioned by its title.
fn figure_html(img: &str, caption: &str) -> String {
    let mut out = format!("<figure>\n{img}\n");
    if !caption.trim().is_empty() {
        out.push_str("<figcaption>");
        let _ = pulldown_cmark_escape::escape_html_body_text(&mut out, caption.trim());
        out.push_str("</figcaption>\n");
    }
    out.push_str("</figure>\n");
    out
}

/// Moves footnotes into a "Notes" section at the end of the body, numbered
/// in the order they are first called, each with a link back to each call
/// (issue #15: pulldown-cmark printed a bare number on its own line). Note
/// ids are `fn:<label>` and the calls' `fnref:<label>:<n>`: a `:` never
/// appears in a heading's id, so a note `[^menace]` and a heading `##
/// Menace` no longer share `id="menace"` (issue #19).
fn notes<'a>(events: Vec<Event<'a>>, (heading, back): (&str, &str)) -> (Vec<Event<'a>>, bool) {
    let mut body: Vec<Event<'a>> = Vec::with_capacity(events.len());
    let mut definitions: Vec<(String, Vec<Event<'a>>)> = Vec::new();
    let mut open: Option<(String, Vec<Event<'a>>)> = None;
    for event in events {
        match event {
            Event::Start(Tag::FootnoteDefinition(label)) => {
                open = Some((label.to_string(), Vec::new()));
            }
            Event::End(TagEnd::FootnoteDefinition) => definitions.extend(open.take()),
            other => match open.as_mut() {
                Some((_, inside)) => inside.push(other),
                None => body.push(other),
            },
        }
    }
    // Calls are numbered in the order they appear, in the body and then in
    // the notes; a label called twice keeps its number.
    let mut calls = Calls {
        defined: definitions.iter().map(|(l, _)| l.clone()).collect(),
        order: Vec::new(),
        times: Vec::new(),
    };
    let mut out = calls.number(body);
    let mut notes: Vec<(String, Vec<Event<'a>>)> = Vec::new();
    let mut k = 0;
    while k < calls.order.len() {
        let label = calls.order[k].clone();
        if let Some(at) = definitions.iter().position(|(l, _)| *l == label) {
            let (_, inside) = definitions.remove(at);
            let inside = calls.number(inside);
            notes.push((label, inside));
        }
        k += 1;
    }
    if notes.is_empty() {
        return (out, false);
    }
    out.push(Event::Html(CowStr::from(format!(
        "<section class=\"footnotes\" aria-labelledby=\"notes\" role=\"doc-endnotes\">\n<h2 id=\"notes\">{}</h2>\n<ol>\n",
        escape(heading)
    ))));
    for (label, mut inside) in notes {
        let id = note_id(&label);
        let times = calls
            .order
            .iter()
            .position(|l| *l == label)
            .map_or(0, |n| calls.times[n]);
        // A link that shows a number has it in its name too (axe:
        // label-content-name-mismatch).
        let backs: String = (1..=times)
            .map(|t| {
                let (shown, named) = if times > 1 {
                    (format!("<sup>{t}</sup>"), format!("{} {t}", escape(back)))
                } else {
                    (String::new(), escape(back))
                };
                format!(
                    " <a href=\"#fnref:{id}:{t}\" class=\"footnote-back\" role=\"doc-backlink\" aria-label=\"{named}\">↩{shown}</a>"
                )
            })
            .collect();
        out.push(Event::Html(CowStr::from(format!("<li id=\"fn:{id}\">\n"))));
        // The way back goes at the end of the note's last paragraph.
        let backs = Event::Html(CowStr::from(backs));
        match inside.last() {
            Some(Event::End(TagEnd::Paragraph)) => {
                let end = inside.pop().expect("a last event");
                inside.push(backs);
                inside.push(end);
            }
            _ => inside.push(backs),
        }
        out.extend(inside);
        out.push(Event::Html(CowStr::from("</li>\n")));
    }
    out.push(Event::Html(CowStr::from("</ol>\n</section>\n")));
    (out, true)
}

/// The calls of notes found so far.
struct Calls {
    /// The labels that have a note.
    defined: Vec<String>,
    /// The labels called, in the order first called: a note's number is
    /// its place here, from 1.
    order: Vec<String>,
    /// Per label of `order`, how many times it was called.
    times: Vec<usize>,
}

impl Calls {
    /// The events with each call of a note made a numbered link to it; a
    /// call of a label with no note stays text.
    fn number<'a>(&mut self, events: Vec<Event<'a>>) -> Vec<Event<'a>> {
        events
            .into_iter()
            .map(|event| match event {
                Event::FootnoteReference(label) => match self.call(&label) {
                    Some(html) => Event::Html(CowStr::from(html)),
                    None => Event::Text(CowStr::from(format!("[^{label}]"))),
                },
                other => other,
            })
            .collect()
    }

    /// The link of one call of `label`.
    fn call(&mut self, label: &str) -> Option<String> {
        if !self.defined.iter().any(|l| l == label) {
            return None;
        }
        let n = match self.order.iter().position(|l| l == label) {
            Some(n) => n,
            None => {
                self.order.push(label.to_string());
                self.times.push(0);
                self.order.len() - 1
            }
        };
        self.times[n] += 1;
        let id = note_id(label);
        Some(format!(
            "<sup class=\"footnote-ref\"><a href=\"#fn:{id}\" id=\"fnref:{id}:{}\" role=\"doc-noteref\">{}</a></sup>",
            self.times[n],
            n + 1
        ))
    }
}

/// The part of a note's ids that names it: its label as a slug, or its
/// label's characters that ids may hold when nothing of it survives.
fn note_id(label: &str) -> String {
    crate::slug::Slug::from_title(label).map_or_else(
        || {
            label
                .chars()
                .map(|c| if c.is_whitespace() { '-' } else { c })
                .collect()
        },
        |s| s.to_string(),
    )
}

/// Text escaped for HTML (the words of the notes section come from the
/// theme's strings, not from the author, but are escaped all the same).
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
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
        // The lists that describe the pictures of issue 13.
        "timeline-list",
        "affiliations-list",
        "affiliated-list",
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

#[cfg(test)]
mod tests;
