//! Linked translations (issue 16): one site in several languages.
//!
//! `site.yaml` lists `languages` (the first is the default, whose pages are
//! at the root); a translation file (`content/briefs/foo.en.md`) shares its
//! original's id and translates its text fields. This module owns what the
//! languages of a site are made of: the `languages` and `translations`
//! keys of `site.yaml`, each other language's documents ([`versions`]: the
//! originals with their translations merged in, briefs and pages without
//! one left unbuilt, entities without one shown in the default language),
//! the [`Edition`] each language's plan carries (its URL prefix, which
//! documents fall back, the other languages of each page), and the
//! warnings about translations older than their original.
//!
//! It formats no URL: the plan's `route` puts an edition's prefix in
//! front of its paths, and [`link_alternates`] pairs pages by the paths
//! the plans made. It renders nothing.

#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, HashMap};

use crate::config::SiteTranslation;
use crate::content::translation::{Translated, language_name};
use crate::content::{Corpus, DocId, Document, Kind, Meta, Translation};
use crate::diagnostic::{Diagnostic, Diagnostics, FileId, Problem, Sources, Span};
use crate::i18n::Language;
use crate::plan::{Plan, RouteKind};
use crate::yaml::Fields;

/// Reads `languages` of `site.yaml`: the site's languages, the default
/// first. Without it, the one `language` (a site without translations).
pub fn site_languages(
    fields: &mut Fields<'_, '_>,
    language: Option<Language>,
    wrote_language: bool,
) -> Vec<Language> {
    if !fields.has("languages") {
        return language.into_iter().collect();
    }
    let span = fields.value_span("languages");
    let mut languages: Vec<Language> = Vec::new();
    for (code, at) in fields.list("languages") {
        match Language::ALL.iter().find(|(c, _)| *c == code) {
            Some((_, l)) if languages.contains(l) => fields.push(
                Diagnostic::error(
                    at,
                    Problem::BadValue {
                        field: "languages".to_string(),
                        reason: format!("`{code}` is listed twice"),
                    },
                )
                .with_help("list each language once, the default first"),
            ),
            Some((_, l)) => languages.push(*l),
            None => fields.push(
                Diagnostic::error(
                    at,
                    Problem::BadValue {
                        field: "languages".to_string(),
                        reason: format!(
                            "`{code}` is not a language dossier knows: expected {}",
                            crate::yaml::backticked(&Language::ALL.map(|(c, _)| c))
                        ),
                    },
                )
                .with_help_opt(crate::diagnostic::did_you_mean(
                    &code,
                    Language::ALL.map(|(c, _)| c),
                )),
            ),
        }
    }
    if languages.is_empty() {
        fields.push(Diagnostic::error(
            span,
            Problem::BadValue {
                field: "languages".to_string(),
                reason: "expected a list of languages, the default first, such as `[fr, en]`"
                    .to_string(),
            },
        ));
        return language.into_iter().collect();
    }
    if let (true, Some(language)) = (wrote_language, language)
        && language != languages[0]
    {
        fields.push(
            Diagnostic::error(
                span,
                Problem::BadValue {
                    field: "languages".to_string(),
                    reason: format!(
                        "`language` is `{}` but `languages` starts with `{}`: the first of `languages` is the default language",
                        language.code(),
                        languages[0].code()
                    ),
                },
            )
            .with_help("remove the line `language:`, or put that language first"),
        );
    }
    languages
}

/// Reads `translations` of `site.yaml`: the title and description of each
/// other language (`translations: {en: {title, description}}`).
pub fn site_translations(
    fields: &mut Fields<'_, '_>,
    languages: &[Language],
) -> Vec<SiteTranslation> {
    fields
        .object("translations", "`translations`", |t| {
            let mut out = Vec::new();
            for code in t.keys() {
                let language = languages.iter().skip(1).copied().find(|l| l.code() == code);
                let Some(language) = language else {
                    let span = t.key_span(&code);
                    let others: Vec<&str> = languages.iter().skip(1).map(|l| l.code()).collect();
                    t.push(
                        Diagnostic::error(
                            span,
                            Problem::BadValue {
                                field: "translations".to_string(),
                                reason: format!(
                                    "`{code}` is not one of the site's other languages ({})",
                                    if others.is_empty() {
                                        "it has none".to_string()
                                    } else {
                                        crate::yaml::backticked(&others)
                                    }
                                ),
                            },
                        )
                        .with_help("list the language in `languages: [...]` after the default one"),
                    );
                    t.drop_key(&code);
                    continue;
                };
                let words = t.object(&code, "a language's words", |w| {
                    w.check_keys(&["title", "description"]);
                    Some((w.text("title"), w.text("description")))
                });
                if let Some((title, description)) = words {
                    out.push(SiteTranslation {
                        language,
                        title,
                        description,
                    });
                }
            }
            Some(out)
        })
        .unwrap_or_default()
}

/// One language of the site as its plan sees it: where its pages are, which
/// documents it shows in the default language, and the other languages of
/// each of its pages.
#[derive(Debug, Clone, Default)]
pub struct Edition {
    /// Its language.
    pub language: Option<Language>,
    /// The site's default language.
    pub default: Option<Language>,
    /// What its paths start with: empty for the default language, `en/`
    /// for English on a French site.
    pub prefix: String,
    /// Per document: whether its text is the default language's (an
    /// entity not translated into this language).
    pub fallback: Vec<bool>,
    /// Per route of the plan: the same page in every language that has it
    /// (this one included), in the order of `languages`; empty on a site
    /// of one language.
    pub alternates: Vec<Vec<Alternate>>,
    /// Every language of the site, the default first.
    pub languages: Vec<Language>,
    /// The missing and outdated translations, for `/translations/` (set on
    /// the default language's plan).
    pub status: Vec<Status>,
    /// The shared files (files of documents, their lighter copies) that
    /// only this language's pages use, which its build writes since the
    /// default language's does not: an image beside a flat brief that its
    /// translation alone shows.
    pub writes: std::collections::HashSet<RouteKind>,
    /// Per document this language does not build but the default language
    /// does (a brief without a translation): the link to its page in the
    /// default language, where links to it lead (issue 16).
    pub originals: Vec<Option<String>>,
}

/// A page in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alternate {
    /// The language.
    pub language: Language,
    /// Its link from any page (with the base path).
    pub href: String,
    /// Its absolute URL.
    pub permalink: String,
}

impl Edition {
    /// The edition a plan made with `config` belongs to: the default
    /// language at the root, any other under `/<lang>/`.
    pub fn of(config: &crate::config::Config) -> Edition {
        let default = config.default_language();
        Edition {
            language: Some(config.language),
            default: Some(default),
            prefix: if config.language == default {
                String::new()
            } else {
                format!("{}/", config.language.code())
            },
            fallback: Vec::new(),
            alternates: Vec::new(),
            languages: config.languages.clone(),
            status: Vec::new(),
            writes: std::collections::HashSet::new(),
            originals: Vec::new(),
        }
    }

    /// Whether this is the default language (or the only one).
    pub fn is_default(&self) -> bool {
        self.prefix.is_empty()
    }

    /// Whether a file of this kind is under the language's prefix: every
    /// file but those the languages share (the theme's assets, `static/`,
    /// the files of documents and their lighter copies), which the default
    /// language's build writes once.
    pub fn is_own(kind: RouteKind) -> bool {
        !matches!(
            kind,
            RouteKind::Asset(_)
                | RouteKind::Static(_)
                | RouteKind::File(_)
                | RouteKind::ImageCopy(_)
        )
    }

    /// Whether the build of this language writes a file of this kind.
    pub fn renders(&self, kind: RouteKind) -> bool {
        self.is_default() || Edition::is_own(kind) || self.writes.contains(&kind)
    }

    /// Whether document `i` is shown in the default language here.
    pub fn falls_back(&self, i: usize) -> bool {
        self.fallback.get(i).copied().unwrap_or(false)
    }

    /// The language of document `i`'s text in this edition, when it is not
    /// the edition's own (an untranslated entity).
    pub fn text_language(&self, i: usize) -> Option<Language> {
        self.falls_back(i).then_some(self.default).flatten()
    }

    /// The link to document `i`'s page in the default language, when this
    /// language does not build it but the default does.
    pub fn original(&self, i: usize) -> Option<&str> {
        self.originals.get(i).and_then(Option::as_deref)
    }

    /// The same page in every language, by the index of its route.
    pub fn alternates_of(&self, route: usize) -> &[Alternate] {
        self.alternates.get(route).map_or(&[][..], Vec::as_slice)
    }
}

/// Finds, for every page of every language's plan, the same page in the
/// other languages: the route at the same path under each language's
/// prefix. Pairs are reciprocal by construction. Only pages readers see
/// (those of the sitemap) have alternates.
pub fn link_alternates(plans: &mut [Plan]) {
    if plans.len() < 2 {
        return;
    }
    let found: Vec<Vec<Vec<Alternate>>> = plans
        .iter()
        .map(|plan| {
            let own = &plan.edition.prefix;
            plan.routes()
                .iter()
                .map(|route| {
                    if !plan.in_sitemap(route) {
                        return Vec::new();
                    }
                    let rest = route
                        .path
                        .as_str()
                        .strip_prefix(own.as_str())
                        .unwrap_or(route.path.as_str());
                    plans
                        .iter()
                        .filter_map(|other| {
                            let path = crate::plan::UrlPath::file(&format!(
                                "{}{rest}",
                                other.edition.prefix
                            ));
                            let found = other.at(&path).filter(|r| other.in_sitemap(r))?;
                            Some(Alternate {
                                language: other.edition.language?,
                                href: other.href(found),
                                permalink: other.permalink(found),
                            })
                        })
                        .collect::<Vec<Alternate>>()
                })
                .map(|list| if list.len() < 2 { Vec::new() } else { list })
                .collect()
        })
        .collect();
    for (plan, alternates) in plans.iter_mut().zip(found) {
        plan.edition.alternates = alternates;
    }
}

/// The documents of one other language of the site, ready to link.
pub struct Version {
    /// The language.
    pub language: Language,
    /// The originals, each translated one replaced by its translation.
    pub corpus: Corpus,
    /// The ids of the documents translated into the language.
    pub translated: HashMap<DocId, FileId>,
}

/// Takes the translation files out of the corpus, and reports those
/// without an original (with the nearest id as a suggestion) and those
/// that translate a document twice.
pub fn take(corpus: &mut Corpus, sources: &Sources, diags: &mut Diagnostics) -> Vec<Translation> {
    let translations = std::mem::take(&mut corpus.translations);
    let known: HashMap<&DocId, ()> = corpus
        .docs
        .iter()
        .map(|d| (&d.id, ()))
        .chain(corpus.invalid.iter().map(|d| (&d.id, ())))
        .collect();
    let mut kept = Vec::with_capacity(translations.len());
    let mut seen: HashMap<(DocId, Language), FileId> = HashMap::new();
    for t in translations {
        if !known.contains_key(&t.id) {
            let ids: Vec<String> = corpus
                .docs
                .iter()
                .filter(|d| d.id.kind == t.id.kind)
                .map(|d| d.id.slug.as_str().to_string())
                .collect();
            let suggestion =
                crate::diagnostic::did_you_mean(t.id.slug.as_str(), ids.iter().map(String::as_str))
                    .map(|near| {
                        format!(
                            "{near}; a translation is named after its original, `<slug>.{}.md`",
                            t.language.code()
                        )
                    })
                    .unwrap_or_else(|| {
                        format!(
                            "write the original `content/{}/{}.md` first, or rename this file after an existing one",
                            t.id.kind.folder(),
                            t.id.slug
                        )
                    });
            diags.push(
                Diagnostic::error(
                    t.first_line,
                    Problem::NoOriginal {
                        id: t.id.to_string(),
                        language: language_name(t.language),
                    },
                )
                .with_help(suggestion),
            );
            continue;
        }
        if let Some(first) = seen.get(&(t.id.clone(), t.language)) {
            diags.push(
                Diagnostic::error(
                    t.first_line,
                    Problem::BadValue {
                        field: "file name".to_string(),
                        reason: format!(
                            "`{}` already has a {} translation, `{}`",
                            t.id,
                            language_name(t.language),
                            sources.path(*first).display()
                        ),
                    },
                )
                .with_help("keep one file per language: the flat file or the bundle's `index`"),
            );
            continue;
        }
        seen.insert((t.id.clone(), t.language), t.file);
        kept.push(t);
    }
    kept
}

/// The documents of `language`: every original, with its translation into
/// `language` merged in when it has one.
pub fn version(corpus: &Corpus, translations: &[Translation], language: Language) -> Version {
    let mine: BTreeMap<&DocId, &Translation> = translations
        .iter()
        .filter(|t| t.language == language)
        .map(|t| (&t.id, t))
        .collect();
    let docs = corpus
        .docs
        .iter()
        .map(|d| match mine.get(&d.id) {
            Some(t) => merge(d, t),
            None => d.clone(),
        })
        .collect();
    Version {
        language,
        corpus: Corpus {
            docs,
            invalid: corpus.invalid.clone(),
            files: corpus.files.clone(),
            translations: Vec::new(),
        },
        translated: mine.iter().map(|(id, t)| ((*id).clone(), t.file)).collect(),
    }
}

/// Whether a document is built in a language other than the default: a
/// brief or a page only when translated into it (a reader of the English
/// list expects English briefs), any other document always, in the default
/// language's words when it has no translation. Drafts follow `drafts`.
pub fn visible_in(version: &Version, doc: &Document, drafts: bool) -> bool {
    let own = matches!(doc.id.kind, Kind::Brief | Kind::Page);
    (drafts || !doc.is_draft()) && (!own || version.translated.contains_key(&doc.id))
}

/// The original's text fields with a translation's in their place, and
/// the translation's body and links.
pub fn merge(original: &Document, t: &Translation) -> Document {
    let Translated {
        title,
        summary,
        key_points,
        indicators,
        aliases,
        capital,
        region,
        role,
        updated,
        draft,
    } = t.fields.clone();
    let mut meta = original.meta.clone();
    match &mut meta {
        Meta::Brief(b) => {
            set(&mut b.title, title);
            if summary.is_some() {
                b.summary = summary;
                b.summary_span = None;
            }
            if let Some(mut points) = key_points {
                // A key point translated as a sentence keeps the
                // original's likelihood and confidence.
                for (point, was) in points.iter_mut().zip(&b.key_points) {
                    if point.likelihood.is_none() && point.confidence.is_none() {
                        point.likelihood = was.likelihood;
                        point.likelihood_span = was.likelihood_span;
                        point.confidence = was.confidence;
                    }
                }
                b.key_points = points;
            }
            if let Some(indicators) = indicators {
                b.indicators = indicators;
            }
            if updated.is_some() {
                b.updated = updated;
            }
            b.draft |= draft;
            b.lang = None;
        }
        Meta::Country(c) => {
            set(&mut c.name, title);
            if capital.is_some() {
                c.capital = capital;
            }
            if region.is_some() {
                c.region = region;
            }
            if let Some(aliases) = aliases {
                c.aliases = aliases;
            }
        }
        Meta::Actor(a) => {
            set(&mut a.name, title);
            if role.is_some() {
                a.role = role;
            }
            if let Some(aliases) = aliases {
                a.aliases = aliases;
            }
        }
        Meta::Event(e) => set(&mut e.title, title),
        Meta::Page(p) => {
            set(&mut p.title, title);
            if summary.is_some() {
                p.summary = summary;
            }
            p.draft |= draft;
        }
        Meta::Source(s) => set(&mut s.name, title),
        Meta::Watch(_) => {}
    }
    Document {
        id: original.id.clone(),
        file: t.file,
        meta,
        body_offset: t.body_offset,
        id_span: original.id_span,
        title_span: t.title_span.unwrap_or(original.title_span),
        links: t.links.clone(),
        // A translation's body is its own file's Markdown, never the
        // plain notes of an imported row (issue 18).
        plain: None,
        body_hash: t.body_hash,
    }
}

/// Replaces `field` by a translated value, when there is one.
fn set(field: &mut String, value: Option<String>) {
    if let Some(value) = value {
        *field = value;
    }
}

/// The names a document answers to in the default language, which a link
/// in another language's page may use when the document has no name of
/// its own there (issue 16: "own language first, then the default").
pub fn default_names(original: &Document) -> Vec<String> {
    std::iter::once(original.title().to_string())
        .chain(original.meta.aliases().iter().cloned())
        .collect()
}

/// A language's name in itself, for the language switcher.
pub fn native_name(language: Language) -> &'static str {
    match language {
        Language::Fr => "Français",
        Language::En => "English",
    }
}

/// When a file last changed: the date of its last commit when the site is
/// in git, else its `updated` (briefs only).
fn changed(
    history: &crate::git::History,
    sources: &Sources,
    file: FileId,
    updated: Option<chrono::NaiveDate>,
) -> Option<chrono::NaiveDate> {
    if history.is_empty() {
        updated
    } else {
        history.last(sources.path(file)).map(|c| c.date)
    }
}

/// Warns about every translation older than its original: its last change
/// (git, else `updated`) before the original's. Returns every translation
/// that is missing or outdated, for the `/translations/` page.
pub fn outdated(
    corpus: &Corpus,
    translations: &[Translation],
    languages: &[Language],
    history: &crate::git::History,
    sources: &Sources,
    diags: &mut Diagnostics,
) -> Vec<Status> {
    let default = languages.first().copied();
    let mut status = Vec::new();
    let by_id: HashMap<(&DocId, Language), &Translation> = translations
        .iter()
        .map(|t| ((&t.id, t.language), t))
        .collect();
    for doc in &corpus.docs {
        if doc.id.kind == Kind::Watch {
            continue;
        }
        let original_updated = match &doc.meta {
            Meta::Brief(b) => b.updated.or(Some(b.date)),
            _ => None,
        };
        for &language in languages.iter().skip(1) {
            let Some(t) = by_id.get(&(&doc.id, language)) else {
                status.push(Status {
                    id: doc.id.clone(),
                    language,
                    outdated: None,
                });
                continue;
            };
            let mine = changed(history, sources, t.file, t.fields.updated);
            let theirs = changed(history, sources, doc.file, original_updated);
            if let (Some(mine), Some(theirs)) = (mine, theirs)
                && mine < theirs
            {
                let span = Span::new(
                    t.file,
                    t.first_line.start as usize,
                    t.first_line.end as usize,
                );
                diags.push(
                    Diagnostic::warning(
                        span,
                        Problem::OutdatedTranslation {
                            language: language_name(language),
                            original: default.map_or("original", language_name),
                            translated: mine.format("%Y-%m-%d").to_string(),
                            changed: theirs.format("%Y-%m-%d").to_string(),
                        },
                    )
                    .with_note(doc.title_span, "the original")
                    .with_help(
                        "bring the translation up to date with the original, then commit it (or set its `updated`)",
                    ),
                );
                status.push(Status {
                    id: doc.id.clone(),
                    language,
                    outdated: Some((mine, theirs)),
                });
            }
        }
    }
    status
}

/// A translation that is missing or outdated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    /// The original.
    pub id: DocId,
    /// The language it lacks, or whose version is older.
    pub language: Language,
    /// When outdated: the translation's last change and the original's.
    pub outdated: Option<(chrono::NaiveDate, chrono::NaiveDate)>,
}

/// Another language of the site, linked: its configuration (its words,
/// its language), its graph, and which documents are translated into it.
pub struct Linked {
    /// `site.yaml` as this language's pages see it.
    pub config: crate::config::Config,
    /// Its documents, every reference resolved in its words first.
    pub graph: crate::graph::Graph,
    /// The translated documents, with their translation's file.
    pub translated: HashMap<DocId, FileId>,
}

/// Links each other language of the site: its documents ([`version`])
/// resolved with the default language's names as a fallback. Only the
/// problems in its translation files are kept: the originals' own are
/// reported once, by the default language.
pub fn link_others(
    corpus: &Corpus,
    translations: &[Translation],
    config: &crate::config::Config,
    sources: &Sources,
    diags: &mut Diagnostics,
) -> Vec<Linked> {
    if !config.is_multilingual() {
        return Vec::new();
    }
    let names: HashMap<&DocId, Vec<String>> = corpus
        .docs
        .iter()
        .map(|d| (&d.id, default_names(d)))
        .collect();
    config
        .languages
        .iter()
        .skip(1)
        .map(|&language| {
            let Version {
                language,
                corpus: own,
                translated,
            } = version(corpus, translations, language);
            let mut found = Diagnostics::default();
            let check = Version {
                language,
                corpus: Corpus::default(),
                translated,
            };
            let graph = crate::graph::link_with(
                own,
                &|d| visible_in(&check, d, config.drafts),
                &|d| {
                    if check.translated.contains_key(&d.id) {
                        names.get(&d.id).cloned().unwrap_or_default()
                    } else {
                        Vec::new()
                    }
                },
                sources,
                &mut found,
            );
            keep_own(found, &check.translated, diags);
            Linked {
                config: config.for_language(language),
                graph,
                translated: check.translated,
            }
        })
        .collect()
}

/// Pushes the problems of `found` that are in one of `files`.
pub fn keep_own(mut found: Diagnostics, files: &HashMap<DocId, FileId>, diags: &mut Diagnostics) {
    let files: std::collections::HashSet<FileId> = files.values().copied().collect();
    found.retain(|d| files.contains(&d.span.file));
    diags.extend(found);
}

/// Sets each other language's plan's documents that fall back to the
/// default language (and where links to those it does not build lead),
/// and pairs the pages of all plans. `graph` is the default language's.
pub fn finish_plans(plans: &mut [Plan], graph: &crate::graph::Graph, others: &[Linked]) {
    let Some((first, rest)) = plans.split_first_mut() else {
        return;
    };
    for (plan, linked) in rest.iter_mut().zip(others) {
        plan.edition.fallback = linked
            .graph
            .docs()
            .iter()
            .map(|d| !linked.translated.contains_key(&d.id))
            .collect();
        plan.edition.originals = linked
            .graph
            .docs()
            .iter()
            .enumerate()
            .map(|(i, d)| {
                if plan.doc_route(i).is_some() {
                    return None;
                }
                let route = first.doc_route(graph.get(&d.id)?)?;
                Some(first.href(route))
            })
            .collect();
    }
    share_files(plans);
    link_alternates(plans);
}

/// Lets each other language write the shared files its pages use that no
/// language before it has: the files of a document are put where the
/// default language's are, but a file beside a flat document that only a
/// translation names is not among the default language's (issue 16).
fn share_files(plans: &mut [Plan]) {
    let Some((first, rest)) = plans.split_first_mut() else {
        return;
    };
    let mut claimed: std::collections::HashSet<crate::plan::UrlPath> =
        std::collections::HashSet::new();
    for plan in rest {
        let writes: std::collections::HashSet<RouteKind> = plan
            .routes()
            .iter()
            .filter(|r| matches!(r.kind, RouteKind::File(_) | RouteKind::ImageCopy(_)))
            .filter(|r| !first.contains(&r.path) && claimed.insert(r.path.clone()))
            .map(|r| r.kind)
            .collect();
        plan.edition.writes = writes;
    }
}
