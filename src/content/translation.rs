//! Reading translation files (issue 16): `content/<kind>/<slug>.<lang>.md`
//! and `content/<kind>/<slug>/index.<lang>.md`, beside their original.
//!
//! A translation shares its original's id; its front matter may set only
//! the text fields a reader sees in words ([`translatable`]), and inherits
//! the rest (dates, references, tags). This module reads a file into a
//! [`Translation`] (what it changes, where its body is) and reports the
//! fields it may not set at the field; pairing it with its original and
//! making each language's documents is `crate::translation`'s job, which
//! knows the whole corpus.

use std::path::Path;

use chrono::NaiveDate;

use super::tradecraft::{self, Indicator, KeyPoint};
use super::{BodyLink, DocId, Kind, ParseMemo, Place, front, scan_body};
use crate::diagnostic::{Diagnostic, Diagnostics, FileId, Problem, Span};
use crate::i18n::Language;
use crate::slug::Slug;
use crate::tradecraft::yardstick::Yardstick;
use crate::yaml::{self, Block, Fields};

/// A translation file, read.
#[derive(Debug, Clone)]
pub struct Translation {
    /// The id of its original (`briefs/foo` for `briefs/foo.en.md`).
    pub id: DocId,
    /// Its language.
    pub language: Language,
    /// Its file in the file table.
    pub file: FileId,
    /// Where its body starts in the file.
    pub body_offset: usize,
    /// The hash of its body ([`super::Document::body_hash`], issue 17).
    pub body_hash: u128,
    /// The links of its body.
    pub links: Vec<BodyLink>,
    /// Its file's first line: where a translation without an original is
    /// reported.
    pub first_line: Span,
    /// Where its title (or name) is written, when it translates it.
    pub title_span: Option<Span>,
    /// The fields it translates.
    pub fields: Translated,
}

/// The fields a translation sets; `None` (or empty) keeps the original's.
#[derive(Debug, Clone, Default)]
#[allow(missing_docs)]
pub struct Translated {
    /// `title` or `name`.
    pub title: Option<String>,
    pub summary: Option<String>,
    pub key_points: Option<Vec<KeyPoint>>,
    pub indicators: Option<Vec<Indicator>>,
    pub aliases: Option<Vec<String>>,
    pub capital: Option<String>,
    pub region: Option<String>,
    pub role: Option<String>,
    /// The translation's own date of last change: compared with the
    /// original's `updated` when the site is not in git.
    pub updated: Option<NaiveDate>,
    /// A translation that is a draft is built only with `--drafts`.
    pub draft: bool,
}

/// The fields a translation of `kind` may set: the words readers see.
pub fn translatable(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Brief => &[
            "title",
            "summary",
            "key_points",
            "indicators",
            "updated",
            "draft",
        ],
        Kind::Country => &["name", "capital", "region", "aliases"],
        Kind::Actor => &["name", "role", "aliases"],
        Kind::Event => &["title"],
        Kind::Page => &["title", "summary", "draft"],
        Kind::Source => &["name"],
        Kind::Watch => &[],
    }
}

/// The key of a kind's title: `title`, or `name` for countries, actors
/// and sources.
pub fn title_key(kind: Kind) -> &'static str {
    super::kinds::allowed_fields(kind)[0]
}

/// The place and language of a translation file, from its path relative
/// to the site root: `content/briefs/foo.en.md` and
/// `content/briefs/foo/index.en.md` are the English `briefs/foo`. Only the
/// site's other languages count: `foo.fr.md` on a French site is no
/// translation (its slug `foo.fr` is then refused as any other).
pub fn place_of(rel: &Path, languages: &[Language]) -> Option<(Place, Language)> {
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let language_of = |name: &str| -> Option<(String, Language)> {
        let stem = name.strip_suffix(".md")?;
        let (stem, code) = stem.rsplit_once('.')?;
        let language = languages
            .iter()
            .skip(1)
            .copied()
            .find(|l| l.code() == code)?;
        Some((stem.to_string(), language))
    };
    match parts.as_slice() {
        [_, folder, name] => {
            let kind = Kind::from_folder(folder).filter(|k| *k != Kind::Watch)?;
            let (stem, language) = language_of(name)?;
            Some((
                Place {
                    kind,
                    stem,
                    bundle: false,
                },
                language,
            ))
        }
        [_, folder, stem, name] => {
            let kind = Kind::from_folder(folder).filter(|k| *k != Kind::Watch)?;
            let (index, language) = language_of(name)?;
            (index == "index").then(|| {
                (
                    Place {
                        kind,
                        stem: stem.clone(),
                        bundle: true,
                    },
                    language,
                )
            })
        }
        _ => None,
    }
}

/// The place of a document's file or of a translation's, whatever the
/// site's languages: a translation's relative links start from its
/// original's folder (the plan asks, for the files of bundles).
pub fn place_of_source(rel: &Path) -> Option<Place> {
    let every: Vec<Language> = std::iter::once(Language::ALL[0].1)
        .chain(Language::ALL.iter().map(|(_, l)| *l))
        .collect();
    Place::of_path(rel).or_else(|| place_of(rel, &every).map(|(place, _)| place))
}

/// Reads a translation file at `place` in `language`. Problems are pushed;
/// `None` when its front matter cannot be read or its name is no slug.
/// `text` is the whole file, or its front matter alone when its body is
/// known without it.
pub fn read(
    place: &Place,
    language: Language,
    file: FileId,
    text: super::Text<'_>,
    yardstick: Yardstick,
    memo: &ParseMemo,
    diags: &mut Diagnostics,
) -> Option<Translation> {
    let super::Text { text, body } = text;
    let first_line = Span::new(file, 0, text.find(['\r', '\n']).unwrap_or(text.len()));
    for problem in crate::diagnostic::control_characters(file, text) {
        diags.push(problem);
    }
    let split = match front::split(text) {
        Ok(split) => split,
        Err(problem) => {
            diags.push(Diagnostic::error(first_line, problem));
            return None;
        }
    };
    let (body_hash, links) = body.read(text, split.body, memo);
    let links = scan_body(place, links, split.body, file, diags);
    let block = Block {
        file,
        text: &text[split.yaml.clone()],
        base: split.yaml.start,
    };
    let map = yaml::parse_with(block, diags, memo)?;
    let kind = place.kind;
    let context = format!(
        "the {} version of {}",
        language_name(language),
        kind.article()
    );
    let mut fields = Fields::new(block, map, &context, diags);
    refuse_inherited(&mut fields, kind, language);
    let title_key = super::kinds::allowed_fields(kind)[0];
    let title_span = fields.has(title_key).then(|| fields.value_span(title_key));
    let fields = Translated {
        title: fields.text(title_key).filter(|t| !t.trim().is_empty()),
        summary: fields.text("summary"),
        key_points: fields
            .has("key_points")
            .then(|| tradecraft::key_points(&mut fields, yardstick)),
        indicators: fields
            .has("indicators")
            .then(|| tradecraft::indicators(&mut fields)),
        aliases: fields
            .has("aliases")
            .then(|| fields.list("aliases").into_iter().map(|(t, _)| t).collect()),
        capital: fields.text("capital"),
        region: fields.text("region"),
        role: fields.text("role"),
        updated: fields.day("updated"),
        draft: fields.bool("draft").unwrap_or(false),
    };
    let slug = match Slug::parse(&place.stem) {
        Ok(slug) => slug,
        Err(reason) => {
            diags.push(Diagnostic::error(
                first_line,
                Problem::BadValue {
                    field: "file name".to_string(),
                    reason,
                },
            ));
            return None;
        }
    };
    Some(Translation {
        id: DocId { kind, slug },
        language,
        file,
        body_offset: split.body,
        body_hash,
        links,
        first_line,
        title_span,
        fields,
    })
}

/// Reports, at the field, every field a translation may not set: those
/// its original's kind has but that stay the original's (a date, a list
/// of slugs), and those no document of the kind has.
fn refuse_inherited(fields: &mut Fields<'_, '_>, kind: Kind, language: Language) {
    let allowed = translatable(kind);
    let keys: Vec<String> = fields
        .keys()
        .into_iter()
        .filter(|k| !allowed.contains(&k.as_str()))
        .collect();
    let own = super::kinds::allowed_fields(kind);
    let mut unknown: Vec<&'static str> = Vec::new();
    for key in keys {
        if own.contains(&key.as_str()) {
            let span = fields.key_span(&key);
            fields.push(
                Diagnostic::error(
                    span,
                    Problem::NotTranslatable {
                        field: key.clone(),
                        language: language_name(language),
                    },
                )
                .with_help(format!(
                    "remove the line: the translation takes `{key}` from the original; a translation of {} may set {}",
                    kind.article(),
                    yaml::backticked(allowed)
                )),
            );
            fields.drop_key(&key);
        } else {
            unknown.push("");
        }
    }
    if !unknown.is_empty() {
        fields.check_keys(allowed);
    }
}

/// The name of a language in English, for messages ("the English version").
pub fn language_name(language: Language) -> &'static str {
    match language {
        Language::Fr => "French",
        Language::En => "English",
    }
}
