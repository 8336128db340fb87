//! The typed context of every template (DESIGN §6, STYLE §7.4): one
//! `Serialize` struct per template, built from the graph by
//! `render::views`. Field names keep the front-matter names so templates
//! read like content. `docs/templates.md` documents these structs and
//! changes with them.
//!
//! Every string here is plain text that Tera escapes, except the fields named
//! `body` (HTML rendered by [`crate::markdown`], printed with `| safe`), and
//! the pictures of issue 13: a [`Picture`]'s `svg` and `legend` and a
//! country's `sparkline`, drawn by [`crate::pictures`] with every text in
//! them escaped, each handed to its partial (`partials/map.html`,
//! `partials/activity.html`, `partials/network.html`) as `picture`.

use serde::Serialize;

use crate::i18n::Strings;
pub use crate::pictures::Picture;

pub use super::tradecraft::{
    CitationView, ComputedTrendView, GradePart, GradeView, IndicatorView, KeyPointView,
    LegendEntry, MarkingView, MeasureView, MonthTrendView, OpenIndicatorView, SignView,
    SourceDocumentView, SourcePage, SourceSummary, SourcesIndex, TermView, YardstickPage,
    YardstickRow, YardstickView,
};

/// A view shown on many pages (the site, the UI words, a brief's card),
/// with its Tera form made once.
///
/// Tera copies every context into its own value tree before rendering, and
/// a card listed on 40 pages was copied 40 times (issue #6: 12% of a
/// 10,000-brief build). Tera 2 passes a `tera::Value` met inside a context
/// through by reference count instead, so a `Shared` serializes as the value
/// it made once. Outside Tera (`serde_json`), it serializes as `T` would.
/// Rust code reads the typed view through `Deref`.
#[derive(Debug)]
pub struct Shared<T> {
    view: T,
    value: tera::Value,
}

impl<T: Serialize> Shared<T> {
    /// Wraps `view`, making its Tera value now.
    pub fn new(view: T) -> Shared<T> {
        let value = tera::Value::from_serializable(&view);
        Shared { view, value }
    }

    /// Changes the view, and makes its Tera value again.
    pub fn update(&mut self, change: impl FnOnce(&mut T)) {
        change(&mut self.view);
        self.value = tera::Value::from_serializable(&self.view);
    }
}

/// A view that only templates read, kept as its Tera value alone: a card
/// or a feed entry is made once per build and held until the pages that
/// list it are made, and its typed view held its title, URL, date and
/// summary a second time (issue 17). Made from a [`Shared`] view once its
/// value is final ([`Shared::freeze`]); `T` says what the value is of.
pub struct Frozen<T> {
    value: tera::Value,
    of: std::marker::PhantomData<fn() -> T>,
}

impl<T: Serialize> Frozen<T> {
    /// The value of `view`.
    pub fn new(view: &T) -> Frozen<T> {
        Frozen {
            value: tera::Value::from_serializable(view),
            of: std::marker::PhantomData,
        }
    }
}

impl<T> Shared<T> {
    /// Keeps the value, drops the typed view.
    pub fn freeze(self) -> Frozen<T> {
        Frozen {
            value: self.value,
            of: std::marker::PhantomData,
        }
    }
}

impl<T> std::fmt::Debug for Frozen<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.value.fmt(f)
    }
}

impl<T> Serialize for Frozen<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}

/// A view that many cards show, made once and shared: a country's link is
/// in the card of every brief about it, and each card holding its own copy
/// of the link's Tera value was 13 MB of a 10,000-brief build's 222 MB
/// (issue 17). Serialized as the `Shared` it points to.
pub type Common<T> = std::sync::Arc<Shared<T>>;

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.view
    }
}

impl<T> Serialize for Shared<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}

/// The site, as every template sees it.
#[derive(Debug, Serialize)]
pub struct SiteView {
    /// `site.yaml` title.
    pub title: String,
    /// `site.yaml` description.
    pub description: Option<String>,
    /// `site.yaml` author.
    pub author: Option<String>,
    /// Language code (`fr`, `en`).
    pub language: &'static str,
    /// `base_url` with its trailing slash, e.g. `https://example.org/briefs/`.
    pub base_url: String,
    /// The path part of `base_url`, e.g. `/briefs/`: every link starts with it.
    pub base_path: String,
    /// `site.yaml` repo_url.
    pub repo_url: Option<String>,
    /// URL of the home page.
    pub home_url: String,
    /// URL of the theme's stylesheet.
    pub stylesheet_url: String,
    /// The main menu, in order.
    pub nav: Vec<NavItem>,
    /// Free pages (`content/pages/`), for the footer.
    pub pages: Vec<LinkView>,
    /// URL of the site's Atom feed (`/atom.xml`).
    pub feed_url: String,
    /// URL of the search page (`/search/`).
    pub search_url: String,
    /// URL of the search index (`/search-index.json`).
    pub search_index_url: String,
    /// URL of the words of the bodies, for search (`/search-words.json`).
    pub search_words_url: String,
    /// The site's data files (events as CSV, JSON and GeoJSON; the graph), for the "Data" section.
    pub data: Vec<DataLink>,
    /// URL of the legend of scales and codes (`/yardstick/`, issue #14).
    pub legend_url: String,
    /// URL of the index of source documents (`/sources/`), when the site has one.
    pub sources_url: Option<String>,
    /// The Open Graph locale of the site's language (`fr_FR`, `en_GB`).
    pub locale: &'static str,
    /// Absolute URL of `site.yaml`'s `image`: the picture of pages shared
    /// without one of their own.
    pub image: Option<String>,
    /// URL of the site's `static/custom.css`, loaded after the theme's
    /// stylesheet; `None` when the site has none.
    pub custom_css_url: Option<String>,
    /// URL of the theme's `print.js` (page URL and print date in the margins
    /// of printed pages); `None` when the theme has none.
    pub print_script_url: Option<String>,
}

/// One downloadable data file of the site.
#[derive(Debug, Serialize)]
pub struct DataLink {
    /// Words shown.
    pub label: &'static str,
    /// Where it is.
    pub url: String,
    /// Its media type (`text/csv`…), for the `type` attribute.
    pub media_type: &'static str,
}

/// One entry of the main menu.
#[derive(Debug, Serialize)]
pub struct NavItem {
    /// Words shown.
    pub label: &'static str,
    /// Where it goes.
    pub url: String,
    /// `briefs`, `countries`, `actors`, `events`, `tags`: compare with `page.section`.
    pub section: &'static str,
}

/// What every page says of itself: for `<head>`, the menu and the banner.
#[derive(Debug, Serialize)]
pub struct PageMeta {
    /// The `<title>` (without the site title).
    pub title: String,
    /// The meta description.
    pub description: Option<String>,
    /// This page's URL, from the site root (`base_path` included).
    pub url: String,
    /// This page's absolute URL (`base_url` + path): the canonical link.
    pub permalink: String,
    /// Language of the page (a brief's `lang`, else the site's).
    pub lang: &'static str,
    /// Menu section the page belongs to (`home`, `briefs`, … , `pages`).
    pub section: &'static str,
    /// Whether the page is a draft (shown only with `--drafts`).
    pub draft: bool,
    /// Its TLP 2.0 marking, shown at the top and bottom of the page and of
    /// every printed page: a brief's own (or the site's, when stricter),
    /// else the site's `marking`; `None` when unmarked.
    pub marking: Option<MarkingView>,
    /// The page's own Atom feed (countries, actors, tags), linked from `<head>` and as a "follow" link.
    pub feed_url: Option<String>,
    /// schema.org JSON-LD describing the page, already escaped so it can
    /// never close its `<script>` element: print it with `| safe`.
    pub json_ld: String,
    /// Open Graph type: `article` for briefs, `website` for other pages.
    pub og_type: &'static str,
    /// Absolute URL of the page's own picture when shared (a brief's
    /// `image`); `None` falls back to `site.image`.
    pub image: Option<String>,
    /// The same page in each language of the site that has it, this one
    /// included (issue 16): the language switcher and the `<link
    /// rel="alternate" hreflang>` of `<head>`. Empty on a site of one
    /// language, and for a page in one language only.
    pub translations: Vec<TranslationLink>,
    /// The page in the default language (`hreflang="x-default"`), when
    /// `translations` is not empty.
    pub x_default: Option<String>,
    /// The language of a document page's own text when it is not the
    /// page's: an entity not translated into the page's language, shown in
    /// the default language's words (issue 16). For the `lang` of its
    /// title and body.
    pub text_lang: Option<&'static str>,
}

/// The page in one language of the site (issue 16).
#[derive(Debug, Clone, Serialize)]
pub struct TranslationLink {
    /// Its language code (`fr`, `en`): `hreflang` and `lang`.
    pub lang: &'static str,
    /// The language's name in itself ("Français", "English").
    pub name: &'static str,
    /// Its URL from the site root (with the base path).
    pub url: String,
    /// Its absolute URL.
    pub permalink: String,
    /// Whether it is the page being shown.
    pub current: bool,
}

/// A link to a document, with its title.
#[derive(Debug, Clone, Serialize)]
pub struct LinkView {
    /// Title or name of the target.
    pub title: String,
    /// Its URL; `None` when the target is a draft that is not built.
    pub url: Option<String>,
    /// Its kind folder: `briefs`, `countries`, `actors`, `events`, `pages`.
    pub kind: &'static str,
    /// The language of the title when it is not the site's (a brief's
    /// `lang`), for a `lang` attribute.
    pub lang: Option<&'static str>,
    /// The language of the page it leads to when that is another language
    /// of the site (a brief without a translation, linked in the default
    /// language: issue 16), for an `hreflang` attribute.
    pub hreflang: Option<&'static str>,
}

/// A date as a `<time>` element needs it.
#[derive(Debug, Clone, Serialize)]
pub struct DateView {
    /// ISO form at the date's precision (`2025-07-01`, `2025-07`, `2025`), for `datetime=`.
    pub iso: String,
    /// In words in the site language ("1er juillet 2025", "juillet 2025").
    pub text: String,
    /// `day`, `month` or `year`: a date known only to its year is shown in
    /// a group of its own, after the dated events of that year.
    pub precision: &'static str,
}

/// A value of a closed list with its words in the site language.
#[derive(Debug, Clone, Serialize)]
pub struct ChoiceView {
    /// As written in front matter (`high`, `armed-group`), for CSS classes.
    pub value: &'static str,
    /// In words ("élevé", "groupe armé").
    pub label: &'static str,
}

/// A tag with its page, as lists and briefs show it.
#[derive(Debug, Clone, Serialize)]
pub struct TagView {
    /// The spelling its page shows (the one most briefs use).
    pub name: String,
    /// `/tags/<slug>/`.
    pub url: String,
}

/// A tag with the number of its briefs, for the tag index and its own page.
#[derive(Debug, Clone, Serialize)]
pub struct TagCount {
    /// The spelling its page shows (the one most briefs use).
    pub name: String,
    /// `/tags/<slug>/`.
    pub url: String,
    /// Number of published briefs carrying it.
    pub count: usize,
}

/// A source of a brief, actor or event.
#[derive(Debug, Clone, Serialize)]
pub struct SourceView {
    /// Title (required in front matter).
    pub title: String,
    /// Only `http(s)` URLs are kept: anything else would be unsafe to link.
    pub url: Option<String>,
    /// Publisher.
    pub publisher: Option<String>,
    /// Date.
    pub date: Option<DateView>,
    /// The source document it comes from (`source:`), linked to its page.
    pub source: Option<LinkView>,
    /// Its grade ("B2"); the reliability defaults to the source document's.
    pub grade: Option<GradeView>,
    /// A copy in a web archive (only `http(s)`).
    pub archived: Option<String>,
}

/// The character that stands for a card's heading level in
/// [`BriefSummary::card`], which the `at_level` filter replaces with the
/// level a list asks for. A control character: rendered HTML holds none
/// (a card that does is not kept rendered, see `render::views`).
pub const LEVEL_MARK: char = '\u{1}';

/// A brief in a list (home, indexes, entity pages, related briefs).
#[derive(Debug, Clone, Serialize)]
pub struct BriefSummary {
    /// Title.
    pub title: String,
    /// URL.
    pub url: String,
    /// Publication date, shared by the cards of the same day.
    pub date: Common<DateView>,
    /// Summary, when written.
    pub summary: Option<String>,
    /// Its countries.
    pub countries: Vec<Common<LinkView>>,
    /// Its tags.
    pub tags: Vec<Common<TagView>>,
    /// Whether it is a draft.
    pub draft: bool,
    /// Its marking, when stricter than the site's (which every page shows).
    pub marking: Option<MarkingView>,
    /// The language of its title and summary when it is not the site's.
    pub lang: Option<&'static str>,
    /// Its compact row of `partials/brief-row.html` (date · title ·
    /// countries), rendered once per build like `card`, for long lists;
    /// `None` when the theme's row cannot be rendered on its own.
    pub row: Option<tera::Value>,
    /// The card of `partials/brief-card.html` for this brief, rendered once
    /// per build with its heading level left open ([`LEVEL_MARK`]): lists
    /// print it (`brief.card | at_level(level=…)`) instead of rendering the
    /// partial again on every page that lists the brief. One copy, not one
    /// per level: 18 of the 137 MB a 10,000-brief build held at its peak
    /// were the copies at the two other levels (issue 17). `None` when the
    /// theme's card cannot be rendered from `brief`, `t`, `site` and
    /// `card_level` alone, or changes with its level in more than the
    /// level's digit.
    pub card: Option<tera::Value>,
    /// Its `image`, for the card (issue #12).
    pub image: Option<ImageView>,
}

/// An image of the site as a template shows it (issue #12): print it with
/// `<img src="{{ image.src }}" srcset="{{ image.srcset }}" sizes="{{
/// image.sizes }}" width="{{ image.width }}" height="{{ image.height }}"
/// alt="">`, leaving out what is empty.
#[derive(Debug, Clone, Serialize)]
pub struct ImageView {
    /// The URL of the file shown by default: its widest lighter copy in its
    /// own format when it has copies, else the file itself.
    pub src: String,
    /// Its width in CSS pixels; `None` when unknown (an SVG without a size).
    pub width: Option<u32>,
    /// Its height, likewise.
    pub height: Option<u32>,
    /// The lighter copies in the format of `src` (`a.480w.png 480w, …`);
    /// empty when there are none.
    pub srcset: String,
    /// The `sizes` that goes with `srcset`.
    pub sizes: String,
    /// The absolute URL of `src`, for `og:image` and feeds.
    pub permalink: String,
}

/// A file of a brief listed under "Attachments" (issue #12).
#[derive(Debug, Clone, Serialize)]
pub struct AttachmentView {
    /// Its `title`, else its file name.
    pub title: String,
    /// Its file name (`communique.pdf`).
    pub name: String,
    /// Where it is.
    pub url: String,
    /// Its size in words, in the site language ("1,2 Mo", "340 kB").
    pub size: String,
    /// Its size in bytes.
    pub bytes: u64,
}

/// An event in a list or timeline.
#[derive(Debug, Clone, Serialize)]
pub struct EventSummary {
    /// Title.
    pub title: String,
    /// URL.
    pub url: String,
    /// Date at its precision.
    pub date: DateView,
    /// End date.
    pub end: Option<DateView>,
    /// Kind of event.
    pub kind: Option<ChoiceView>,
    /// Name of the place.
    pub location: Option<String>,
    /// Countries of the event.
    pub countries: Vec<Common<LinkView>>,
    /// Actors of the event.
    pub actors: Vec<Common<LinkView>>,
    /// Fatalities, when given; a 0 only for kinds that can have victims
    /// (see `shown_fatalities` in `render::reading`).
    pub fatalities: Option<u64>,
    /// Its compact row of `partials/event-row.html` (date · kind · title ·
    /// countries), rendered once per build, for long lists; `None` when the
    /// theme's row cannot be rendered on its own.
    pub row: Option<tera::Value>,
    /// The language of its name when it is not the page's (an entity not
    /// translated into it, issue 16), for a `lang` attribute.
    pub lang: Option<&'static str>,
}

/// An actor in a list.
#[derive(Debug, Clone, Serialize)]
pub struct ActorSummary {
    /// Name.
    pub name: String,
    /// URL.
    pub url: String,
    /// Kind of actor.
    pub kind: ChoiceView,
    /// Role.
    pub role: Option<String>,
    /// The language of its name when it is not the page's (an entity not
    /// translated into it, issue 16), for a `lang` attribute.
    pub lang: Option<&'static str>,
}

/// A country in a list.
#[derive(Debug, Clone, Serialize)]
pub struct CountrySummary {
    /// Name.
    pub name: String,
    /// URL.
    pub url: String,
    /// ISO 3166-1 alpha-2 code.
    pub iso2: String,
    /// Region.
    pub region: Option<String>,
    /// Published briefs about it.
    pub briefs_count: usize,
    /// Events in it.
    pub events_count: usize,
    /// Its events per month as a small inline SVG (HTML, print with
    /// `| safe`), on the same months and scale for every country; empty
    /// when the site has no event dated to the month.
    pub sparkline: String,
    /// The language of its name when it is not the page's (an entity not
    /// translated into it, issue 16), for a `lang` attribute.
    pub lang: Option<&'static str>,
}

/// Documents that link to a page, grouped by kind.
#[derive(Debug, Clone, Serialize)]
pub struct BacklinkGroup {
    /// Kind folder of the group.
    pub kind: &'static str,
    /// Plural words for the kind ("Acteurs").
    pub label: &'static str,
    /// The documents, by title.
    pub items: Vec<LinkView>,
}

/// `brief.html`.
#[derive(Debug, Serialize)]
pub struct BriefPage<'a> {
    /// The site.
    pub site: &'a Shared<SiteView>,
    /// UI words.
    pub t: &'a Shared<&'static Strings>,
    /// This page.
    pub page: PageMeta,
    /// The brief.
    pub brief: BriefView<'a>,
    /// Briefs that link to this one.
    pub backlinks: Vec<LinkView>,
    /// Up to five briefs sharing the most entities (events weigh 3, actors 2, countries 1).
    pub related: Vec<&'a Frozen<BriefSummary>>,
}

/// The brief itself.
#[derive(Debug, Serialize)]
pub struct BriefView<'a> {
    /// Title.
    pub title: String,
    /// Publication date.
    pub date: DateView,
    /// Last update: front matter's `updated`, else the date of the file's
    /// last commit; only when it differs from (or, from git, follows) `date`.
    pub updated: Option<DateView>,
    /// Information cut-off.
    pub as_of: Option<DateView>,
    /// Summary.
    pub summary: Option<String>,
    /// Authors.
    pub authors: Vec<String>,
    /// Bottom line up front: each point's sentence, with the likelihood
    /// and confidence of its judgement when given.
    pub key_points: Vec<KeyPointView>,
    /// Signs that would confirm or refute its judgements.
    pub indicators: Vec<IndicatorView>,
    /// Confidence level.
    pub confidence: Option<ChoiceView>,
    /// Tags.
    pub tags: Vec<TagView>,
    /// Countries (front matter, then those linked in the body).
    pub countries: Vec<LinkView>,
    /// Actors (front matter, then those linked in the body).
    pub actors: Vec<LinkView>,
    /// Events, by date.
    pub events: Vec<&'a Frozen<EventSummary>>,
    /// Sources.
    pub sources: Vec<SourceView>,
    /// The body, as HTML.
    pub body: String,
    /// Draft flag.
    pub draft: bool,
    /// The last commits that touched the brief's file, newest first (at
    /// most five); empty outside git.
    pub history: Vec<CommitView>,
    /// `repo_url`'s page for editing the file; set when `repo_url` is and
    /// the file is committed.
    pub edit_url: Option<String>,
    /// Its `image` (issue #12).
    pub image: Option<ImageView>,
    /// Its `attachments`, in the order written (issue #12).
    pub attachments: Vec<AttachmentView>,
    /// The language of its title, summary, key points and body when it is
    /// not the site's (`lang`): the theme marks those elements, and only
    /// those, with it; the page's own words stay in the site's language.
    pub lang: Option<&'static str>,
    /// The body's headings, when it has three or more: the contents list.
    pub contents: Vec<ContentsItem>,
}

/// A heading of a body in its contents list.
#[derive(Debug, Clone, Serialize)]
pub struct ContentsItem {
    /// The heading's id: link to `#id`.
    pub id: String,
    /// Its text as shown.
    pub text: String,
    /// Its depth in the list: 1 for the body's top headings, 2 below them.
    pub depth: u8,
}

/// A commit of a document's revision history.
#[derive(Debug, Serialize)]
pub struct CommitView {
    /// Full hash.
    pub hash: String,
    /// The first seven characters of the hash.
    pub short_hash: String,
    /// Author date.
    pub date: DateView,
    /// First line of the commit message.
    pub subject: String,
    /// The commit's page under `repo_url`, when set.
    pub url: Option<String>,
}

/// `country.html`.
#[derive(Debug, Serialize)]
pub struct CountryPage<'a> {
    /// The site.
    pub site: &'a Shared<SiteView>,
    /// UI words.
    pub t: &'a Shared<&'static Strings>,
    /// This page.
    pub page: PageMeta,
    /// The country.
    pub country: CountryView,
    /// Actors whose `countries` list it, by name.
    pub actors: Vec<ActorSummary>,
    /// Its events, oldest first.
    pub timeline: Vec<&'a Frozen<EventSummary>>,
    /// Its months of `content/watch/` (trend, alert, paragraph), newest first.
    pub trends: Vec<MonthTrendView>,
    /// The open (not observed) indicators of its briefs, newest brief first.
    pub indicators: Vec<OpenIndicatorView>,
    /// Briefs about it, newest first.
    pub briefs: Vec<&'a Frozen<BriefSummary>>,
    /// Other documents that link to it (actors, countries, pages, and events not in the timeline).
    pub mentioned_in: Vec<BacklinkGroup>,
    /// The map of its events, with its neighbours (`partials/map.html`),
    /// described by the timeline's list (`id="timeline-list"`).
    pub map: Picture,
    /// Its events and fatalities per month (`partials/activity.html`).
    pub activity: Picture,
}

/// The country itself.
#[derive(Debug, Serialize)]
pub struct CountryView {
    /// Name.
    pub name: String,
    /// ISO code.
    pub iso2: String,
    /// Capital.
    pub capital: Option<String>,
    /// Region.
    pub region: Option<String>,
    /// Other names.
    pub aliases: Vec<String>,
    /// The body, as HTML.
    pub body: String,
}

/// `actor.html`.
#[derive(Debug, Serialize)]
pub struct ActorPage<'a> {
    /// The site.
    pub site: &'a Shared<SiteView>,
    /// UI words.
    pub t: &'a Shared<&'static Strings>,
    /// This page.
    pub page: PageMeta,
    /// The actor.
    pub actor: ActorView,
    /// Actors this one is affiliated with (its own `affiliations`).
    pub affiliations: Vec<AffiliationView>,
    /// Actors that list this one in their `affiliations`.
    pub affiliated: Vec<AffiliationView>,
    /// Its events, oldest first.
    pub events: Vec<&'a Frozen<EventSummary>>,
    /// Briefs about it, newest first.
    pub briefs: Vec<&'a Frozen<BriefSummary>>,
    /// Other documents that link to it.
    pub mentioned_in: Vec<BacklinkGroup>,
    /// Its events and fatalities per month (`partials/activity.html`).
    pub activity: Picture,
    /// Its ego network: affiliations and actors of the same events
    /// (`partials/network.html`), described by the lists of affiliations
    /// (`id="affiliations-list"`, `id="affiliated-list"`).
    pub network: Picture,
}

/// The actor itself.
#[derive(Debug, Serialize)]
pub struct ActorView {
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: ChoiceView,
    /// Role.
    pub role: Option<String>,
    /// Other names.
    pub aliases: Vec<String>,
    /// Countries.
    pub countries: Vec<LinkView>,
    /// External identifiers, in the order written.
    pub ids: Vec<IdentifierView>,
    /// Sources.
    pub sources: Vec<SourceView>,
    /// The body, as HTML.
    pub body: String,
}

/// An external identifier of an actor.
#[derive(Debug, Serialize)]
pub struct IdentifierView {
    /// Scheme (`wikidata`, `acled`).
    pub scheme: String,
    /// Value.
    pub value: String,
    /// A link to the record, for schemes that have one (Wikidata).
    pub url: Option<String>,
}

/// A relation between two actors.
#[derive(Debug, Serialize)]
pub struct AffiliationView {
    /// The other actor.
    pub actor: LinkView,
    /// Role in the relation.
    pub role: Option<String>,
    /// Start.
    pub since: Option<DateView>,
    /// End.
    pub until: Option<DateView>,
}

/// `event.html`.
#[derive(Debug, Serialize)]
pub struct EventPage<'a> {
    /// The site.
    pub site: &'a Shared<SiteView>,
    /// UI words.
    pub t: &'a Shared<&'static Strings>,
    /// This page.
    pub page: PageMeta,
    /// The event.
    pub event: EventView,
    /// Briefs citing it, newest first.
    pub briefs: Vec<&'a Frozen<BriefSummary>>,
    /// Other documents that link to it.
    pub mentioned_in: Vec<BacklinkGroup>,
    /// A locator map of its place, when it has coordinates
    /// (`partials/map.html`).
    pub map: Picture,
}

/// The event itself.
#[derive(Debug, Serialize)]
pub struct EventView {
    /// Title.
    pub title: String,
    /// Date at its precision.
    pub date: DateView,
    /// End date.
    pub end: Option<DateView>,
    /// Kind.
    pub kind: Option<ChoiceView>,
    /// Place.
    pub location: Option<LocationView>,
    /// Countries.
    pub countries: Vec<LinkView>,
    /// Actors.
    pub actors: Vec<LinkView>,
    /// Fatalities.
    pub fatalities: Option<u64>,
    /// Sources.
    pub sources: Vec<SourceView>,
    /// The body, as HTML.
    pub body: String,
    /// What its ACLED row says beyond the fields above, when it was
    /// imported from data (issue #18).
    pub acled: Option<ImportedView>,
}

/// Where an event took place.
#[derive(Debug, Serialize)]
pub struct LocationView {
    /// Place name.
    pub name: Option<String>,
    /// Country.
    pub country: Option<LinkView>,
    /// Latitude.
    pub lat: Option<f64>,
    /// Longitude.
    pub lon: Option<f64>,
    /// The coordinates in words (`14.47° N, 12.20° O`), when both are given.
    pub coordinates: Option<String>,
    /// The place on OpenStreetMap, when both coordinates are given.
    pub osm_url: Option<String>,
}

/// `page.html`: a free page.
#[derive(Debug, Serialize)]
pub struct FreePage<'a> {
    /// The site.
    pub site: &'a Shared<SiteView>,
    /// UI words.
    pub t: &'a Shared<&'static Strings>,
    /// This page.
    pub page: PageMeta,
    /// Title.
    pub title: String,
    /// Summary.
    pub summary: Option<String>,
    /// The body, as HTML.
    pub body: String,
    /// The body's headings, when it has three or more: the contents list.
    pub contents: Vec<ContentsItem>,
}

/// `home.html`.
#[derive(Debug, Serialize)]
pub struct HomePage<'a> {
    /// The site.
    pub site: &'a Shared<SiteView>,
    /// UI words.
    pub t: &'a Shared<&'static Strings>,
    /// This page.
    pub page: PageMeta,
    /// The newest briefs (up to 6).
    pub briefs: Vec<&'a Frozen<BriefSummary>>,
    /// The latest events (up to 8), newest first.
    pub events: Vec<&'a Frozen<EventSummary>>,
    /// Every country, by name.
    pub countries: Vec<CountrySummary>,
    /// The map of the events of the site's last twelve months
    /// (`partials/map.html`).
    pub map: Picture,
}

/// `briefs.html`: one page of the brief index.
#[derive(Debug, Serialize)]
pub struct BriefsIndex<'a> {
    /// The site.
    pub site: &'a Shared<SiteView>,
    /// UI words.
    pub t: &'a Shared<&'static Strings>,
    /// This page.
    pub page: PageMeta,
    /// This page's briefs, newest first.
    pub briefs: Vec<&'a Frozen<BriefSummary>>,
    /// Where this page stands.
    pub pagination: Pagination,
}

/// Position in a paginated list.
#[derive(Debug, Serialize)]
pub struct Pagination {
    /// This page, from 1.
    pub current: usize,
    /// Number of pages.
    pub total: usize,
    /// Previous page URL.
    pub previous: Option<String>,
    /// Next page URL.
    pub next: Option<String>,
    /// The numbered links to show: the first and last pages and those near
    /// this one (a list of every page grew with the square of the site).
    pub pages: Vec<PageLink>,
}

/// One numbered page link.
#[derive(Debug, Serialize)]
pub struct PageLink {
    /// Page number, from 1.
    pub number: usize,
    /// Its URL.
    pub url: String,
    /// Whether it is the page being shown.
    pub current: bool,
    /// Whether pages are left out between the previous link and this one.
    pub gap_before: bool,
}

/// `countries.html`.
#[derive(Debug, Serialize)]
pub struct CountriesIndex<'a> {
    /// The site.
    pub site: &'a Shared<SiteView>,
    /// UI words.
    pub t: &'a Shared<&'static Strings>,
    /// This page.
    pub page: PageMeta,
    /// Every country, by name.
    pub countries: Vec<CountrySummary>,
}

/// `actors.html`.
#[derive(Debug, Serialize)]
pub struct ActorsIndex<'a> {
    /// The site.
    pub site: &'a Shared<SiteView>,
    /// UI words.
    pub t: &'a Shared<&'static Strings>,
    /// This page.
    pub page: PageMeta,
    /// Actors grouped by kind, in the order of DESIGN §3.
    pub groups: Vec<ActorGroup>,
    /// The network of every actor, when there are at most 150
    /// (`partials/network.html`), described by the groups' lists
    /// (`id="<kind>-list"`).
    pub network: Picture,
}

/// Actors of one kind.
#[derive(Debug, Serialize)]
pub struct ActorGroup {
    /// The kind.
    pub kind: ChoiceView,
    /// Plural words for the group ("Personnes").
    pub label: &'static str,
    /// The actors, by name.
    pub actors: Vec<ActorSummary>,
}

/// `events.html`: a page of the events index (`/events/`, its pages, and
/// the pages of one kind or one year), by year and month, newest first.
#[derive(Debug, Serialize)]
pub struct EventsIndex<'a> {
    /// The site.
    pub site: &'a Shared<SiteView>,
    /// UI words.
    pub t: &'a Shared<&'static Strings>,
    /// This page.
    pub page: PageMeta,
    /// The filter this page applies; `None` on the pages of every event.
    pub filter: Option<FilterLink>,
    /// This page's events by year, newest first.
    pub years: Vec<YearGroup<'a>>,
    /// Where this page stands among the pages of its filter.
    pub pagination: Pagination,
    /// Links to the other filters.
    pub filters: &'a Shared<EventFilters>,
}

/// The filters of the events index: links to the pages of each kind and
/// each year, and to the timelines of countries and actors. Each works
/// without JavaScript.
#[derive(Debug, Serialize)]
pub struct EventFilters {
    /// `/events/`.
    pub all: FilterLink,
    /// Each kind with events, in the order of DESIGN §3 (`/events/kind/<kind>/`).
    pub kinds: Vec<FilterLink>,
    /// Each year with events, newest first (`/events/year/<yyyy>/`).
    pub years: Vec<FilterLink>,
    /// Each country with events, by name: its page's timeline.
    pub countries: Vec<FilterLink>,
    /// The actors with the most events (at most 12), by name: their pages'
    /// timelines.
    pub actors: Vec<FilterLink>,
    /// Whether more actors have events than `actors` lists.
    pub more_actors: bool,
    /// The actor index, for the others.
    pub actors_url: String,
}

/// One filter of the events index.
#[derive(Debug, Clone, Serialize)]
pub struct FilterLink {
    /// Words shown.
    pub label: String,
    /// Where it leads.
    pub url: String,
    /// The kind's value (`attack`) for the marker's class; empty otherwise.
    pub value: &'static str,
    /// How many events it lists.
    pub count: usize,
}

/// One year of the timeline.
#[derive(Debug, Serialize)]
pub struct YearGroup<'a> {
    /// The year.
    pub year: i32,
    /// Months, newest first.
    pub months: Vec<MonthGroup<'a>>,
    /// The map of the year's events (`partials/map.html`), described by
    /// its lists (`id="y<year>-events"`, `id="m<yyyy-mm>-events"`).
    pub map: Picture,
    /// Events known only to the year: a group of their own, shown after
    /// the months (their place within the year is unknown).
    pub events: Vec<&'a Frozen<EventSummary>>,
}

/// One month of the timeline.
#[derive(Debug, Serialize)]
pub struct MonthGroup<'a> {
    /// `2025-07`, for ids and `datetime=`.
    pub iso: String,
    /// "juillet 2025".
    pub label: String,
    /// The month's digest (`/digest/2025-07/`).
    pub digest_url: String,
    /// Its events, newest first (those known only to the month last).
    pub events: Vec<&'a Frozen<EventSummary>>,
}

/// `tags.html`.
#[derive(Debug, Serialize)]
pub struct TagsIndex<'a> {
    /// The site.
    pub site: &'a Shared<SiteView>,
    /// UI words.
    pub t: &'a Shared<&'static Strings>,
    /// This page.
    pub page: PageMeta,
    /// Every tag, by name.
    pub tags: Vec<TagCount>,
}

/// `tag.html`.
#[derive(Debug, Serialize)]
pub struct TagPage<'a> {
    /// The site.
    pub site: &'a Shared<SiteView>,
    /// UI words.
    pub t: &'a Shared<&'static Strings>,
    /// This page.
    pub page: PageMeta,
    /// The tag.
    pub tag: TagCount,
    /// Its briefs, newest first.
    pub briefs: Vec<&'a Frozen<BriefSummary>>,
}

/// `404.html`.
#[derive(Debug, Serialize)]
pub struct NotFoundPage<'a> {
    /// The site.
    pub site: &'a Shared<SiteView>,
    /// UI words.
    pub t: &'a Shared<&'static Strings>,
    /// This page.
    pub page: PageMeta,
}

/// `digest.html`: one month's events and briefs, by country.
#[derive(Debug, Serialize)]
pub struct DigestPage<'a> {
    /// The site.
    pub site: &'a Shared<SiteView>,
    /// UI words.
    pub t: &'a Shared<&'static Strings>,
    /// This page.
    pub page: PageMeta,
    /// The month.
    pub month: MonthLink,
    /// The nearest earlier month with content.
    pub previous: Option<MonthLink>,
    /// The nearest later month with content.
    pub next: Option<MonthLink>,
    /// Each country's trend of the month, by country name: its month of
    /// `content/watch/`, else the trend computed from the events.
    pub trends: Vec<MonthTrendView>,
    /// Countries by name, then the group without a country.
    pub groups: Vec<DigestGroup<'a>>,
    /// The map of the month's events (`partials/map.html`), described by
    /// the groups' lists (`id="g<n>-events"`, `n` from 1).
    pub map: Picture,
}

/// A month and its digest.
#[derive(Debug, Clone, Serialize)]
pub struct MonthLink {
    /// `2025-07`.
    pub iso: String,
    /// "juillet 2025".
    pub label: String,
    /// `/digest/2025-07/`.
    pub url: String,
}

/// One country's part of a digest.
#[derive(Debug, Serialize)]
pub struct DigestGroup<'a> {
    /// The country; `None` for events and briefs tied to no country.
    pub country: Option<LinkView>,
    /// Its events that month, oldest first.
    pub events: Vec<&'a Frozen<EventSummary>>,
    /// Its briefs that month, newest first.
    pub briefs: Vec<&'a Frozen<BriefSummary>>,
}

/// `search.html`: the search page (the search itself runs in the browser).
#[derive(Debug, Serialize)]
pub struct SearchPage<'a> {
    /// The site.
    pub site: &'a Shared<SiteView>,
    /// UI words.
    pub t: &'a Shared<&'static Strings>,
    /// This page.
    pub page: PageMeta,
}

/// `atom.xml`: an Atom feed (RFC 4287) of the newest briefs.
#[derive(Debug, Serialize)]
pub struct FeedPage<'a> {
    /// The site.
    pub site: &'a Shared<SiteView>,
    /// The feed.
    pub feed: FeedView,
    /// Its entries, newest first (at most 50); each made once per build
    /// (a brief is in the feeds of the site, its countries, actors and tags),
    /// as the Tera value of its [`FeedEntry`].
    pub entries: Vec<&'a Frozen<FeedEntry>>,
}

/// The feed itself. URLs are absolute.
#[derive(Debug, Serialize)]
pub struct FeedView {
    /// Feed title ("Sahel Briefings", "Mali · Sahel Briefings").
    pub title: String,
    /// Stable id: the absolute URL of the feed.
    pub id: String,
    /// Absolute URL of the feed (`rel="self"`).
    pub url: String,
    /// Absolute URL of the matching HTML page (`rel="alternate"`).
    pub alternate: String,
    /// Newest entry update, RFC 3339.
    pub updated: String,
    /// Author of the feed: the site's author, else its title.
    pub author: String,
    /// Language code.
    pub lang: &'static str,
}

/// One brief in a feed.
#[derive(Debug, Serialize)]
pub struct FeedEntry {
    /// Title.
    pub title: String,
    /// Stable id (a `tag:` URI from the site's host, the brief's date and id).
    pub id: String,
    /// Absolute URL of the brief.
    pub url: String,
    /// Publication date, RFC 3339.
    pub published: String,
    /// Last update, RFC 3339.
    pub updated: String,
    /// Authors (the feed's author when none).
    pub authors: Vec<String>,
    /// Tags.
    pub categories: Vec<String>,
    /// Summary as plain text.
    pub summary: Option<String>,
    /// Summary and key points as HTML (escaped again by the XML template, as `type="html"` wants).
    pub content: String,
    /// The brief's language when it is not the site's (`xml:lang`).
    pub lang: Option<&'static str>,
}

/// `sitemap.xml`.
#[derive(Debug, Serialize)]
pub struct SitemapPage {
    /// Every page of the site.
    pub urls: Vec<SitemapUrl>,
    /// Whether the site has several languages (issue 16): the sitemap
    /// then declares the `xhtml` namespace of its alternates.
    pub multilingual: bool,
}

/// One page in the sitemap.
#[derive(Debug, Serialize)]
pub struct SitemapUrl {
    /// Absolute URL.
    pub loc: String,
    /// Last change (`YYYY-MM-DD`), when known.
    pub lastmod: Option<String>,
    /// The page in every language that has it (issue 16), written as
    /// `xhtml:link` alternates; empty on a site of one language.
    pub alternates: Vec<TranslationLink>,
}

/// `robots.txt`.
#[derive(Debug, Serialize)]
pub struct RobotsPage {
    /// Absolute URL of the sitemap.
    pub sitemap_url: String,
}

// issue 18: events from data (ACLED).

/// What an imported event's page shows of its ACLED row (`event.acled`).
#[derive(Debug, Serialize)]
pub struct ImportedView {
    /// ACLED's id of the event (`MLI1234`).
    pub id: String,
    /// The data file, from the site root (`data/acled-sahel.csv`).
    pub file: String,
    /// The row's line in the file.
    pub line: usize,
    /// `disorder_type` (`Political violence`).
    pub disorder_type: Option<String>,
    /// `event_type` (`Battles`).
    pub event_type: Option<String>,
    /// `sub_event_type` (`Armed clash`).
    pub sub_event_type: Option<String>,
    /// `geo_precision`, 1 to 3, in words.
    pub geo_precision: Option<PrecisionView>,
    /// `time_precision`, 1 to 3, in words.
    pub time_precision: Option<PrecisionView>,
    /// `admin1`, `admin2`, `admin3`, largest first.
    pub admin: Vec<String>,
    /// `assoc_actor_1` and `assoc_actor_2`, as written.
    pub associated: Vec<String>,
    /// `source_scale`.
    pub source_scale: Option<String>,
}

/// A precision code of ACLED (1 the most precise, 3 the least).
#[derive(Debug, Serialize)]
pub struct PrecisionView {
    /// The code, for CSS classes (`geo-precision-2`).
    pub value: u8,
    /// In words.
    pub label: &'static str,
}

/// `unresolved.html`: the actor names of imported rows that no actor
/// answers to, at `/data/unresolved/`.
#[derive(Debug, Serialize)]
pub struct UnresolvedPage<'a> {
    /// The site.
    pub site: &'a Shared<SiteView>,
    /// UI words.
    pub t: &'a Shared<&'static Strings>,
    /// This page.
    pub page: PageMeta,
    /// The names, most rows first.
    pub names: Vec<UnresolvedView>,
}

/// One unresolved name.
#[derive(Debug, Serialize)]
pub struct UnresolvedView {
    /// As written in the data.
    pub name: String,
    /// How many rows name it.
    pub count: usize,
    /// The closest actor of the site, when one is close.
    pub suggestion: Option<LinkView>,
}
