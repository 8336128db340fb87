//! The front matter of each kind (DESIGN §3), checked from YAML fields into
//! domain types. Required fields, closed lists and dates are checked here;
//! references stay unresolved ([`FieldRef`]).

use chrono::NaiveDate;

use super::tradecraft::{self, Indicator, KeyPoint, SourceDocument, Watch};
use super::{FieldRef, Kind, Outside, Place, TagRef};
use crate::date::PartialDate;
use crate::diagnostic::{Diagnostic, Problem, Span};
use crate::i18n::Language;
use crate::tradecraft::grading::Grade;
use crate::tradecraft::marking::Marking;
use crate::tradecraft::yardstick::Yardstick;
use crate::yaml::{Fields, Item};

/// The front matter of a document, by kind.
#[derive(Debug, Clone)]
pub enum Meta {
    /// A briefing note.
    Brief(Brief),
    /// A country.
    Country(Country),
    /// An actor.
    Actor(Actor),
    /// An event.
    Event(Event),
    /// A free page.
    Page(Page),
    /// A source document (issue #14).
    Source(SourceDocument),
    /// A country's month (issue #14).
    Watch(Watch),
}

impl Meta {
    /// Title or name.
    pub fn title(&self) -> &str {
        match self {
            Meta::Brief(b) => &b.title,
            Meta::Country(c) => &c.name,
            Meta::Actor(a) => &a.name,
            Meta::Event(e) => &e.title,
            Meta::Page(p) => &p.title,
            Meta::Source(s) => &s.name,
            Meta::Watch(w) => &w.title,
        }
    }

    /// Other names the document answers to in links.
    pub fn aliases(&self) -> &[String] {
        match self {
            Meta::Country(c) => &c.aliases,
            Meta::Actor(a) => &a.aliases,
            _ => &[],
        }
    }

    /// Whether the document is a draft.
    pub fn is_draft(&self) -> bool {
        match self {
            Meta::Brief(b) => b.draft,
            Meta::Page(p) => p.draft,
            _ => false,
        }
    }

    /// Every front-matter reference, in the order written.
    pub fn refs(&self) -> Vec<&FieldRef> {
        match self {
            Meta::Brief(b) => b
                .countries
                .iter()
                .chain(&b.actors)
                .chain(&b.events)
                .chain(cited(&b.sources))
                .collect(),
            Meta::Country(_) | Meta::Page(_) | Meta::Source(_) => Vec::new(),
            Meta::Actor(a) => a
                .countries
                .iter()
                .chain(a.affiliations.iter().map(|af| &af.actor))
                .chain(cited(&a.sources))
                .collect(),
            Meta::Event(e) => e
                .countries
                .iter()
                .chain(e.location.as_ref().and_then(|l| l.country.as_ref()))
                .chain(&e.actors)
                .chain(cited(&e.sources))
                .collect(),
            Meta::Watch(w) => vec![&w.country],
        }
    }
}

/// The source documents that citations name (`source: apa`).
fn cited(sources: &[Source]) -> impl Iterator<Item = &FieldRef> {
    sources.iter().filter_map(|s| s.source.as_ref())
}

/// Confidence of a brief's assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confidence {
    /// `low`
    Low,
    /// `moderate`
    Moderate,
    /// `high`
    High,
}

impl Confidence {
    /// The closed list of DESIGN §3.
    pub const ALL: [(&'static str, Confidence); 3] = [
        ("low", Confidence::Low),
        ("moderate", Confidence::Moderate),
        ("high", Confidence::High),
    ];

    /// Words authors write for a level, suggested but not accepted: one
    /// spelling per level keeps front matter greppable (issue #11).
    pub const SYNONYMS: &'static [(&'static str, &'static str)] = &[
        ("medium", "moderate"),
        ("mid", "moderate"),
        ("med", "moderate"),
        ("average", "moderate"),
        ("moyen", "moderate"),
        ("moyenne", "moderate"),
        ("modéré", "moderate"),
        ("modérée", "moderate"),
        ("faible", "low"),
        ("élevé", "high"),
        ("élevée", "high"),
        ("haut", "high"),
        ("haute", "high"),
        ("forte", "high"),
        ("fort", "high"),
    ];
}

/// What an actor is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[allow(missing_docs)]
pub enum ActorKind {
    Person,
    ArmedGroup,
    StateInstitution,
    PoliticalParty,
    InternationalOrganization,
    Company,
    Media,
    Other,
}

impl ActorKind {
    /// The closed list of DESIGN §3, in its order.
    pub const ALL: [(&'static str, ActorKind); 8] = [
        ("person", ActorKind::Person),
        ("armed-group", ActorKind::ArmedGroup),
        ("state-institution", ActorKind::StateInstitution),
        ("political-party", ActorKind::PoliticalParty),
        (
            "international-organization",
            ActorKind::InternationalOrganization,
        ),
        ("company", ActorKind::Company),
        ("media", ActorKind::Media),
        ("other", ActorKind::Other),
    ];

    /// As written in front matter.
    pub fn as_str(self) -> &'static str {
        ActorKind::ALL
            .iter()
            .find(|(_, k)| *k == self)
            .map(|(name, _)| *name)
            .expect("every actor kind is listed")
    }
}

/// What an event is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum EventKind {
    Attack,
    Battle,
    Visit,
    Meeting,
    Agreement,
    Patrol,
    Withdrawal,
    Protest,
    Election,
    Economic,
    Other,
}

impl EventKind {
    /// The closed list of DESIGN §3.
    pub const ALL: [(&'static str, EventKind); 11] = [
        ("attack", EventKind::Attack),
        ("battle", EventKind::Battle),
        ("visit", EventKind::Visit),
        ("meeting", EventKind::Meeting),
        ("agreement", EventKind::Agreement),
        ("patrol", EventKind::Patrol),
        ("withdrawal", EventKind::Withdrawal),
        ("protest", EventKind::Protest),
        ("election", EventKind::Election),
        ("economic", EventKind::Economic),
        ("other", EventKind::Other),
    ];

    /// As written in front matter.
    pub fn as_str(self) -> &'static str {
        EventKind::ALL
            .iter()
            .find(|(_, k)| *k == self)
            .map(|(name, _)| *name)
            .expect("every event kind is listed")
    }
}

/// A cited source.
#[derive(Debug, Clone)]
pub struct Source {
    /// Title (required).
    pub title: String,
    /// Where to read it.
    pub url: Option<String>,
    /// Who published it.
    pub publisher: Option<String>,
    /// When.
    pub date: Option<PartialDate>,
    /// The source document it comes from (`source: apa`), whose
    /// reliability is the default of [`Source::grade`] (issue #14).
    pub source: Option<FieldRef>,
    /// Its grade, as written (`reliability`, `credibility`); see
    /// [`Grade::or_source`] for the grade shown.
    pub grade: Grade,
    /// A copy in a web archive.
    pub archived: Option<String>,
}

/// A briefing note.
#[derive(Debug, Clone)]
#[allow(missing_docs)]
pub struct Brief {
    pub title: String,
    pub date: NaiveDate,
    pub summary: Option<String>,
    pub authors: Vec<String>,
    pub countries: Vec<FieldRef>,
    pub actors: Vec<FieldRef>,
    pub events: Vec<FieldRef>,
    pub tags: Vec<TagRef>,
    /// Where `summary` is written, for the language lint.
    pub summary_span: Option<Span>,
    pub key_points: Vec<KeyPoint>,
    /// Signs to watch for, with their status (issue #14).
    pub indicators: Vec<Indicator>,
    /// The brief's own TLP 2.0 marking (issue #14).
    pub marking: Option<Marking>,
    /// Where `marking` is written.
    pub marking_span: Option<Span>,
    pub confidence: Option<Confidence>,
    pub as_of: Option<NaiveDate>,
    /// Where the `as_of` value is written (for warnings about it).
    pub as_of_span: Option<Span>,
    pub sources: Vec<Source>,
    pub updated: Option<NaiveDate>,
    pub draft: bool,
    pub lang: Option<Language>,
    /// `image`: its card image and `og:image` (issue #12).
    pub image: Option<FileField>,
    /// `attachments`: files listed under "Attachments" (issue #12).
    pub attachments: Vec<Attachment>,
}

/// A file named in front matter (`image: chart.png`), resolved like a
/// relative link of the body: from the document's folder, or from
/// `static/` when written from the site root (`/img/a.png`).
#[derive(Debug, Clone, PartialEq)]
pub struct FileField {
    /// Its path from the site root: `content/briefs/x/chart.png`,
    /// `static/img/a.png`.
    pub path: String,
    /// Where it is written.
    pub span: Span,
}

/// A file of a brief listed under "Attachments", with its title.
#[derive(Debug, Clone, PartialEq)]
pub struct Attachment {
    /// The file.
    pub file: FileField,
    /// The words shown for it (its file name when absent).
    pub title: Option<String>,
}

/// A country.
#[derive(Debug, Clone)]
#[allow(missing_docs)]
pub struct Country {
    pub name: String,
    pub iso2: String,
    pub capital: Option<String>,
    pub region: Option<String>,
    pub aliases: Vec<String>,
}

/// A relation from an actor to another.
#[derive(Debug, Clone)]
#[allow(missing_docs)]
pub struct Affiliation {
    pub actor: FieldRef,
    pub role: Option<String>,
    pub since: Option<PartialDate>,
    pub until: Option<PartialDate>,
}

/// An actor.
#[derive(Debug, Clone)]
#[allow(missing_docs)]
pub struct Actor {
    pub name: String,
    pub kind: ActorKind,
    pub countries: Vec<FieldRef>,
    pub role: Option<String>,
    pub affiliations: Vec<Affiliation>,
    pub aliases: Vec<String>,
    /// External identifiers (`wikidata`, `acled`…), in the order written.
    pub ids: Vec<(String, String)>,
    pub sources: Vec<Source>,
}

/// Where an event took place.
#[derive(Debug, Clone)]
#[allow(missing_docs)]
pub struct Location {
    pub name: Option<String>,
    pub country: Option<FieldRef>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// Where `lat`'s value is written: `check` warns there when the
    /// coordinates fall outside `country` (issue 13).
    pub lat_span: Option<Span>,
}

/// A dated event.
#[derive(Debug, Clone)]
#[allow(missing_docs)]
pub struct Event {
    pub title: String,
    pub date: PartialDate,
    pub end: Option<PartialDate>,
    pub kind: Option<EventKind>,
    pub location: Option<Location>,
    pub countries: Vec<FieldRef>,
    pub actors: Vec<FieldRef>,
    pub fatalities: Option<u64>,
    pub sources: Vec<Source>,
    /// External identifiers (`acled: MLI1234`), in the order written: a
    /// hand-written event with an `acled` id takes that row's place and
    /// merges its fields (issue #18).
    pub ids: Vec<(String, String)>,
    /// The row of a data file this event comes from, or merged with: its
    /// names still to resolve (`graph`) and ACLED's own fields, shown on
    /// its page (issue #18).
    pub imported: Option<Box<super::acled::Row>>,
}

/// A free page.
#[derive(Debug, Clone)]
#[allow(missing_docs)]
pub struct Page {
    pub title: String,
    pub summary: Option<String>,
    pub draft: bool,
}

/// The fields of each kind, for "unknown field" and "did you mean".
pub fn allowed_fields(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Brief => &[
            "title",
            "slug",
            "date",
            "summary",
            "authors",
            "countries",
            "actors",
            "events",
            "tags",
            "key_points",
            "confidence",
            "as_of",
            "sources",
            "updated",
            "draft",
            "lang",
            "indicators",
            "marking",
            "image",
            "attachments",
        ],
        Kind::Country => &["name", "slug", "iso2", "capital", "region", "aliases"],
        Kind::Actor => &[
            "name",
            "slug",
            "kind",
            "countries",
            "role",
            "affiliations",
            "aliases",
            "ids",
            "sources",
        ],
        Kind::Event => &[
            "title",
            "slug",
            "date",
            "end",
            "kind",
            "location",
            "countries",
            "actors",
            "fatalities",
            "sources",
            "ids",
        ],
        Kind::Page => &["title", "slug", "summary", "draft"],
        Kind::Source => tradecraft::SOURCE_FIELDS,
        Kind::Watch => tradecraft::WATCH_FIELDS,
    }
}

/// What reading a front matter gives when a required field is missing or
/// invalid: the title (or name) when that much was read, and the references
/// that were, so that they are checked too (every problem at once). The
/// problems are pushed; every field is read.
#[derive(Debug, Clone, Default)]
pub struct Unread {
    /// The title or name, when read.
    pub title: Option<String>,
    /// The front-matter references read.
    pub refs: Vec<FieldRef>,
}

impl Unread {
    /// What could be read of a front matter that lacks `title` (or `name`)
    /// or another required field: `rest` holds the fields that were read.
    fn of(title: Option<String>, rest: Meta) -> Unread {
        Unread {
            title,
            refs: rest.refs().into_iter().cloned().collect(),
        }
    }
}

/// What reading a front matter needs besides its fields and its place:
/// the site's yardstick (a key point's `likelihood` is one of its terms)
/// and where the file's first line is.
#[derive(Debug, Clone, Copy)]
pub struct Reading {
    /// `tradecraft.yardstick` of `site.yaml`.
    pub yardstick: Yardstick,
    /// The file's first line.
    pub first_line: Span,
}

/// Reads the front matter of the document at `place`.
pub fn read(place: &Place, fields: &mut Fields<'_, '_>, reading: Reading) -> Result<Meta, Unread> {
    let kind = place.kind;
    fields.check_keys(allowed_fields(kind));
    match kind {
        Kind::Brief => brief(fields, place, reading.yardstick).map(Meta::Brief),
        Kind::Country => country(fields).map(Meta::Country),
        Kind::Actor => actor(fields).map(Meta::Actor),
        Kind::Event => event(fields).map(Meta::Event),
        Kind::Page => page(fields).map(Meta::Page),
        // Neither names references that could be checked without it.
        Kind::Source => tradecraft::source_document(fields)
            .map(Meta::Source)
            .ok_or_else(Unread::default),
        Kind::Watch => tradecraft::watch(fields, &place.stem, reading.first_line)
            .map(Meta::Watch)
            .ok_or_else(Unread::default),
    }
}

fn refs(fields: &mut Fields<'_, '_>, key: &'static str, kind: Kind) -> Vec<FieldRef> {
    fields
        .list(key)
        .into_iter()
        .map(|(slug, span)| FieldRef {
            slug,
            span,
            field: key,
            kind,
        })
        .collect()
}

fn texts(fields: &mut Fields<'_, '_>, key: &str) -> Vec<String> {
    fields.list(key).into_iter().map(|(text, _)| text).collect()
}

fn brief(f: &mut Fields<'_, '_>, place: &Place, yardstick: Yardstick) -> Result<Brief, Unread> {
    let title = f.required_text("title");
    let date = if f.has("date") {
        f.day("date")
    } else {
        f.missing("date");
        None
    };
    let rest = Brief {
        title: String::new(),
        date: NaiveDate::MIN,
        summary_span: f.has("summary").then(|| f.whole_value_span("summary")),
        summary: f.text("summary"),
        authors: texts(f, "authors"),
        countries: refs(f, "countries", Kind::Country),
        actors: refs(f, "actors", Kind::Actor),
        events: refs(f, "events", Kind::Event),
        tags: tags(f),
        key_points: tradecraft::key_points(f, yardstick),
        indicators: tradecraft::indicators(f),
        marking: None,
        marking_span: None,
        confidence: f.choice_or_synonym("confidence", &Confidence::ALL, Confidence::SYNONYMS),
        as_of_span: f.has("as_of").then(|| f.value_span("as_of")),
        as_of: f.day("as_of"),
        sources: sources(f),
        updated: f.day("updated"),
        draft: f.bool("draft").unwrap_or(false),
        lang: f.choice("lang", &Language::ALL),
        image: f
            .has("image")
            .then(|| {
                let span = f.value_span("image");
                let written = f.text("image")?;
                file_field(f, place, "image", &written, span)
            })
            .flatten(),
        attachments: attachments(f, place),
    };
    if let (Some(date), Some(updated)) = (date, rest.updated)
        && updated < date
    {
        f.bad(
            "updated",
            format!("the brief is updated (`{updated}`) before it is published (`{date}`)"),
            Some("`updated` is the date of the last change, on or after `date`".to_string()),
        );
    }
    let (marking, marking_span) = tradecraft::marking(f);
    let rest = Brief {
        marking,
        marking_span,
        ..rest
    };
    let (Some(t), Some(date)) = (title.clone(), date) else {
        return Err(Unread::of(title, Meta::Brief(rest)));
    };
    Ok(Brief {
        title: t,
        date,
        ..rest
    })
}

/// Why a source's `url` will be shown as text rather than linked, if it
/// will: only web and e-mail addresses are linked (issue #19: `ftp:` and
/// addresses with a space were shown as text, in silence).
fn url_problem(url: &str) -> Option<Problem> {
    let trimmed = url.trim();
    let lower = trimmed.to_ascii_lowercase();
    let linked = ["https://", "http://", "mailto:"]
        .iter()
        .any(|scheme| lower.starts_with(scheme));
    (!linked || trimmed.contains(char::is_whitespace))
        .then(|| Problem::UnlinkedUrl(trimmed.to_string()))
}

/// Whether a text is a Wikidata item identifier: `Q` and digits.
fn is_qid(value: &str) -> bool {
    value
        .strip_prefix('Q')
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Tags: texts that must slugify to something, since each gets a page.
/// How many tags a brief may carry. Every tag has a page listing its briefs
/// and every list of briefs shows their tags, so the work of a build grows
/// with the square of a brief's tags: past this, it is a mistake, not a plan.
pub const MAX_TAGS: usize = 100;

fn tags(f: &mut Fields<'_, '_>) -> Vec<TagRef> {
    let mut out: Vec<TagRef> = Vec::new();
    let list = f.list("tags");
    let count = list.len();
    for (n, (tag, span)) in list.into_iter().enumerate() {
        if n == MAX_TAGS {
            f.push(Diagnostic::error(
                span,
                Problem::BadValue {
                    field: "tags".to_string(),
                    reason: format!(
                        "a brief carries at most {MAX_TAGS} tags, and this one has {count}"
                    ),
                },
            ));
            break;
        }
        if crate::slug::Slug::from_title(&tag).is_none() {
            f.push(Diagnostic::error(
                span,
                Problem::BadValue {
                    field: "tags".to_string(),
                    reason: format!(
                        "the tag `{tag}` has no letters or digits to make its page address from"
                    ),
                },
            ));
        } else if !out.iter().any(|t| t.text == tag) {
            out.push(TagRef { text: tag, span });
        }
    }
    out
}

/// A file named in front matter, resolved from the document's folder, or
/// from `static/` when written from the site root; a path leading out of
/// `content/` and `static/` is reported at its value.
fn file_field(
    f: &mut Fields<'_, '_>,
    place: &Place,
    field: &str,
    written: &str,
    span: Span,
) -> Option<FileField> {
    let resolved = match written.strip_prefix('/') {
        Some(from_root) => Place {
            kind: place.kind,
            stem: String::new(),
            bundle: false,
        }
        .resolve(&format!("../../static/{from_root}")),
        None => place.resolve(written),
    };
    match resolved {
        Ok(path) => Some(FileField { path, span }),
        Err(outside) => {
            f.push(
                Diagnostic::error(span, outside_problem(written, outside))
                    .with_help(format!("`{field}` names a file beside the brief, or of `static/` from the site root (`/img/a.png`)")),
            );
            None
        }
    }
}

/// `attachments`: a list of `{file*, title}`, or of file names alone.
fn attachments(f: &mut Fields<'_, '_>, place: &Place) -> Vec<Attachment> {
    f.items("attachments", "an attachment", |item| match item {
        Item::Text(written, span, diags) => Some(Attachment {
            file: file_field_of_item(&written, span, place, diags)?,
            title: None,
        }),
        Item::Fields(mut a) => {
            a.check_keys(&["file", "title"]);
            let span = a.value_span("file");
            let written = a.required_text("file");
            let title = a.text("title");
            let file = file_field(&mut a, place, "file", &written?, span)?;
            Some(Attachment { file, title })
        }
    })
}

/// A file written as a list item alone.
fn file_field_of_item(
    written: &str,
    span: Span,
    place: &Place,
    diags: &mut crate::diagnostic::Diagnostics,
) -> Option<FileField> {
    match place.resolve(written) {
        Ok(path) => Some(FileField { path, span }),
        Err(outside) => {
            diags.push(Diagnostic::error(span, outside_problem(written, outside)));
            None
        }
    }
}

/// The problem of a path leading out of `content/` and `static/`.
pub(super) fn outside_problem(written: &str, outside: Outside) -> Problem {
    match outside {
        Outside::Site => Problem::FileOutsideSite(written.to_string()),
        Outside::Folders => Problem::FileOutsideFolders(written.to_string()),
    }
}

fn country(f: &mut Fields<'_, '_>) -> Result<Country, Unread> {
    let name = f.required_text("name");
    let iso2 = f.required_text("iso2");
    let iso2 = iso2.and_then(|code| {
        if code == "XX" {
            // `dossier new country` writes `XX` for the author to replace.
            f.bad(
                "iso2",
                "`XX` is the placeholder that `dossier new country` writes, not a country's code".to_string(),
                Some("replace it with the country's ISO 3166-1 alpha-2 code, such as `ML` for Mali".to_string()),
            );
            None
        } else if code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase()) {
            Some(code)
        } else {
            let help = (code.len() == 2 && code.chars().all(|c| c.is_ascii_alphabetic()))
                .then(|| format!("write it in capitals: `{}`", code.to_ascii_uppercase()));
            f.bad(
                "iso2",
                format!("`{code}` is not an ISO 3166-1 alpha-2 code (two capital letters, such as `SN` or `ML`)"),
                help,
            );
            None
        }
    });
    let capital = f.text("capital");
    let region = f.text("region");
    let aliases = texts(f, "aliases");
    let (Some(n), Some(iso2)) = (name.clone(), iso2) else {
        return Err(Unread {
            title: name,
            refs: Vec::new(),
        });
    };
    Ok(Country {
        name: n,
        iso2,
        capital,
        region,
        aliases,
    })
}

fn actor(f: &mut Fields<'_, '_>) -> Result<Actor, Unread> {
    let name = f.required_text("name");
    let kind = if f.has("kind") {
        f.choice("kind", &ActorKind::ALL)
    } else {
        f.missing("kind");
        None
    };
    let rest = Actor {
        name: String::new(),
        kind: ActorKind::Other,
        countries: refs(f, "countries", Kind::Country),
        role: f.text("role"),
        affiliations: affiliations(f),
        aliases: texts(f, "aliases"),
        ids: f
            .object("ids", "`ids`", |ids| {
                let pairs = ids.pairs();
                for (scheme, value) in &pairs {
                    if scheme == "wikidata" && !is_qid(value) {
                        ids.push(
                            Diagnostic::error(
                                ids.value_span(scheme),
                                Problem::BadValue {
                                    field: "ids.wikidata".to_string(),
                                    reason: format!(
                                        "`{value}` is not a Wikidata identifier (`Q` and digits, such as `Q1029`)"
                                    ),
                                },
                            )
                            .with_help("copy the identifier shown under the title of the item's page on wikidata.org"),
                        );
                    }
                }
                Some(pairs)
            })
            .unwrap_or_default(),
        sources: sources(f),
    };
    let (Some(n), Some(kind)) = (name.clone(), kind) else {
        return Err(Unread::of(name, Meta::Actor(rest)));
    };
    Ok(Actor {
        name: n,
        kind,
        ..rest
    })
}

fn affiliations(f: &mut Fields<'_, '_>) -> Vec<Affiliation> {
    let list = f.items("affiliations", "an affiliation", |item| match item {
        Item::Text(slug, span, _) => Some(Affiliation {
            actor: FieldRef {
                slug,
                span,
                field: "affiliations",
                kind: Kind::Actor,
            },
            role: None,
            since: None,
            until: None,
        }),
        Item::Fields(mut a) => {
            a.check_keys(&["actor", "role", "since", "until"]);
            let span = a.value_span("actor");
            let actor = a.required_text("actor");
            let role = a.text("role");
            let since = a.partial_date("since");
            let until = a.partial_date("until");
            if let (Some(since), Some(until)) = (since, until)
                && until < since
            {
                a.bad(
                    "until",
                    format!("the relation ends (`{until}`) before it starts (`{since}`)"),
                    None,
                );
            }
            actor.map(|slug| Affiliation {
                actor: FieldRef {
                    slug,
                    span,
                    field: "affiliations",
                    kind: Kind::Actor,
                },
                role,
                since,
                until,
            })
        }
    });
    // The same relation written twice: once is enough (issue #19).
    let mut kept: Vec<Affiliation> = Vec::with_capacity(list.len());
    for affiliation in list {
        let same = |a: &Affiliation| {
            a.actor.slug == affiliation.actor.slug
                && a.role == affiliation.role
                && a.since == affiliation.since
                && a.until == affiliation.until
        };
        match kept.iter().find(|a| same(a)) {
            Some(first) => {
                let note = first.actor.span;
                f.push(
                    Diagnostic::warning(
                        affiliation.actor.span,
                        Problem::DuplicateAffiliation(affiliation.actor.slug.clone()),
                    )
                    .with_note(note, "written here first")
                    .with_help("remove one of them"),
                );
            }
            None => kept.push(affiliation),
        }
    }
    kept
}

fn event(f: &mut Fields<'_, '_>) -> Result<Event, Unread> {
    let title = f.required_text("title");
    let date = if f.has("date") {
        f.partial_date("date")
    } else {
        f.missing("date");
        None
    };
    let end = f.partial_date("end");
    if let (Some(start), Some(end)) = (date, end)
        && end < start
    {
        f.bad(
            "end",
            format!("the event ends (`{end}`) before it starts (`{start}`)"),
            None,
        );
    }
    let rest = Event {
        title: String::new(),
        date: PartialDate::from_day(NaiveDate::MIN),
        end,
        kind: f.choice("kind", &EventKind::ALL),
        location: f.object("location", "`location`", location),
        countries: refs(f, "countries", Kind::Country),
        actors: refs(f, "actors", Kind::Actor),
        fatalities: f.count("fatalities"),
        sources: sources(f),
        ids: f
            .object("ids", "`ids`", |ids| Some(ids.pairs()))
            .unwrap_or_default(),
        imported: None,
    };
    let (Some(t), Some(date)) = (title.clone(), date) else {
        return Err(Unread::of(title, Meta::Event(rest)));
    };
    Ok(Event {
        title: t,
        date,
        ..rest
    })
}

fn location(f: &mut Fields<'_, '_>) -> Option<Location> {
    f.check_keys(&["name", "country", "lat", "lon"]);
    let country = f.has("country").then(|| f.value_span("country"));
    let country = match (country, f.text("country")) {
        (Some(span), Some(slug)) => Some(FieldRef {
            slug,
            span,
            field: "location.country",
            kind: Kind::Country,
        }),
        _ => None,
    };
    let lat_span = f.has("lat").then(|| f.value_span("lat"));
    let lat = f.number("lat").filter(|lat| {
        let ok = (-90.0..=90.0).contains(lat);
        if !ok {
            f.bad(
                "lat",
                format!("`{lat}` is not a latitude (between -90 and 90)"),
                None,
            );
        }
        ok
    });
    let lon = f.number("lon").filter(|lon| {
        let ok = (-180.0..=180.0).contains(lon);
        if !ok {
            f.bad(
                "lon",
                format!("`{lon}` is not a longitude (between -180 and 180)"),
                None,
            );
        }
        ok
    });
    // A place with one coordinate cannot be drawn or exported: it was
    // left out of the GeoJSON in silence (issue #19).
    match (lat, lon) {
        (Some(_), None) if !f.has("lon") => f.bad(
            "lat",
            "a place needs both `lat` and `lon`; `lon` is missing".to_string(),
            None,
        ),
        (None, Some(_)) if !f.has("lat") => f.bad(
            "lon",
            "a place needs both `lat` and `lon`; `lat` is missing".to_string(),
            None,
        ),
        _ => {}
    }
    Some(Location {
        name: f.text("name"),
        country,
        lat,
        lon,
        lat_span,
    })
}

fn sources(f: &mut Fields<'_, '_>) -> Vec<Source> {
    f.items("sources", "a source", |item| match item {
        Item::Text(title, _, _) => Some(Source {
            title,
            url: None,
            publisher: None,
            date: None,
            source: None,
            grade: Grade::default(),
            archived: None,
        }),
        Item::Fields(mut s) => {
            s.check_keys(&[
                "title",
                "url",
                "publisher",
                "date",
                "source",
                "reliability",
                "credibility",
                "archived",
            ]);
            let title = s.required_text("title");
            let url = s.text("url");
            if let Some(problem) = url.as_deref().and_then(url_problem) {
                let span = s.value_span("url");
                s.push(Diagnostic::warning(span, problem).with_help(
                    "give the address of a web page, `https://…` (a space is written `%20`)",
                ));
            }
            let publisher = s.text("publisher");
            let date = s.partial_date("date");
            let source = tradecraft::cited_source(&mut s);
            let grade = tradecraft::grade(&mut s);
            let archived = s.text("archived");
            title.map(|title| Source {
                title,
                url,
                publisher,
                date,
                source,
                grade,
                archived,
            })
        }
    })
}

fn page(f: &mut Fields<'_, '_>) -> Result<Page, Unread> {
    let title = f.required_text("title");
    let summary = f.text("summary");
    let draft = f.bool("draft").unwrap_or(false);
    let Some(title) = title else {
        return Err(Unread::default());
    };
    Ok(Page {
        title,
        summary,
        draft,
    })
}
