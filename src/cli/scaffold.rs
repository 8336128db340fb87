//! What `dossier init` and `dossier new` write (DESIGN §5): the files of a
//! new site, and the front matter of a new document, in French or English.
//!
//! The files are real files under `src/cli/scaffold/<language>/`, embedded
//! with `include_str!`, so they can be read and checked like any site
//! (a test builds each language's site). New documents are made from
//! `new/<kind>.md` with `%TITLE%` and `%DATE%` filled in.
//!
//! This module writes files and nothing else: it never overwrites one, and
//! it returns its problems as values for `cli` to print.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};

use crate::content::Kind;
use crate::date::{self, PartialDate};
use crate::i18n::Language;
use crate::slug::Slug;

/// One file of a new site: its path in the site, and its text.
type File = (&'static str, &'static str);

/// The files of a new French site.
const SITE_FR: &[File] = &[
    ("site.yaml", include_str!("scaffold/fr/site.yaml")),
    (".gitignore", include_str!("scaffold/fr/gitignore")),
    (
        "content/briefs/exemple-mali-cedeao.md",
        include_str!("scaffold/fr/content/briefs/exemple-mali-cedeao.md"),
    ),
    (
        "content/countries/mali.md",
        include_str!("scaffold/fr/content/countries/mali.md"),
    ),
    (
        "content/actors/cedeao.md",
        include_str!("scaffold/fr/content/actors/cedeao.md"),
    ),
    (
        "content/events/retrait-mali-cedeao.md",
        include_str!("scaffold/fr/content/events/retrait-mali-cedeao.md"),
    ),
];

/// The files of a new English site.
const SITE_EN: &[File] = &[
    ("site.yaml", include_str!("scaffold/en/site.yaml")),
    (".gitignore", include_str!("scaffold/en/gitignore")),
    (
        "content/briefs/example-mali-ecowas.md",
        include_str!("scaffold/en/content/briefs/example-mali-ecowas.md"),
    ),
    (
        "content/countries/mali.md",
        include_str!("scaffold/en/content/countries/mali.md"),
    ),
    (
        "content/actors/ecowas.md",
        include_str!("scaffold/en/content/actors/ecowas.md"),
    ),
    (
        "content/events/mali-leaves-ecowas.md",
        include_str!("scaffold/en/content/events/mali-leaves-ecowas.md"),
    ),
];

/// The GitHub Actions workflow of `init --github-actions` (issue #15):
/// check on every push, publish the default branch to GitHub Pages. The
/// same in both languages.
const GITHUB_WORKFLOW: File = (
    ".github/workflows/briefs.yml",
    include_str!("scaffold/ci/github-pages.yml"),
);

/// Writes a new site into `dir`, which must not exist, or be an empty
/// folder (one holding only `.git` counts as empty: `git init` may come
/// first), with a GitHub Actions workflow when `github_actions`. Returns
/// the paths written, relative to `dir`.
pub fn init(
    dir: &Path,
    language: Language,
    github_actions: bool,
) -> anyhow::Result<Vec<&'static str>> {
    if dir.exists() {
        if !dir.is_dir() {
            bail!("`{}` is a file, not a folder", dir.display());
        }
        let entries = fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))?;
        for entry in entries {
            let entry = entry.with_context(|| format!("reading {}", dir.display()))?;
            if entry.file_name() != ".git" {
                bail!(
                    "`{}` is not empty: dossier init writes only into a new or empty folder",
                    dir.display()
                );
            }
        }
    }
    let files = match language {
        Language::Fr => SITE_FR,
        Language::En => SITE_EN,
    };
    let workflow = github_actions.then_some(&GITHUB_WORKFLOW);
    for (path, text) in files.iter().chain(workflow) {
        write_new(&dir.join(path), text)?;
    }
    Ok(files
        .iter()
        .chain(workflow)
        .map(|(path, _)| *path)
        .collect())
}

/// What `dossier new` is asked to write.
#[derive(Debug, Clone)]
pub struct NewDocument<'a> {
    /// Brief, country, actor or event.
    pub kind: Kind,
    /// Its title (brief, event) or name (country, actor).
    pub title: &'a str,
    /// `--date`: a day for a brief, a possibly partial date for an event.
    pub date: Option<&'a str>,
    /// `--slug`: the file name, instead of the title's slug.
    pub slug: Option<&'a str>,
    /// `--bundle`: a folder `<slug>/` with `index.md`, for a document with
    /// images and attachments (issue #12).
    pub bundle: bool,
}

/// Writes `content/<kind folder>/<slug>.md` (or, for a bundle,
/// `content/<kind folder>/<slug>/index.md`) under `root` with the kind's
/// front matter filled in (dated `today` unless `--date` says otherwise)
/// and its optional fields as comments, in the site's language. Refuses to
/// overwrite a file. Returns the path written.
/// The longest slug `new` makes from a title. A file name is at most 255
/// bytes on common file systems, and a URL of 300 characters is no
/// address anyone types: a long title is cut at a word (issue #19: a
/// 300-character title failed with the system's "File name too long").
const MAX_SLUG: usize = 80;

/// A slug cut to at most [`MAX_SLUG`] bytes, at a `-` when there is one.
fn shortened(slug: &Slug) -> Slug {
    let text = slug.as_str();
    if text.len() <= MAX_SLUG {
        return slug.clone();
    }
    let cut = &text[..MAX_SLUG];
    let cut = match cut.rfind('-') {
        Some(at) if at > MAX_SLUG / 2 => &cut[..at],
        _ => cut,
    };
    Slug::parse(cut.trim_end_matches('-')).unwrap_or_else(|_| slug.clone())
}

pub fn new_document(
    root: &Path,
    language: Language,
    doc: &NewDocument<'_>,
    today: chrono::NaiveDate,
) -> anyhow::Result<PathBuf> {
    let title = doc.title.trim();
    if title.is_empty() {
        bail!("the title is empty: write it between quotes, such as \"Mali: fuel blockade\"");
    }
    let slug = match doc.slug {
        Some(slug) => Slug::parse(slug).map_err(|reason| anyhow::anyhow!("--slug: {reason}"))?,
        None => Slug::from_title(title)
            .map(|slug| shortened(&slug))
            .with_context(|| {
                format!(
                    "`{title}` has no letters or digits to make a file name from; pass `--slug SLUG` (lowercase letters, digits and `-`)"
                )
            })?,
    };
    let date = match (doc.kind, doc.date) {
        (Kind::Brief, Some(text)) => date::parse_day(text)
            .map_err(|reason| anyhow::anyhow!("--date: {reason}"))?
            .format("%Y-%m-%d")
            .to_string(),
        (Kind::Event, Some(text)) => PartialDate::parse(text)
            .map_err(|reason| anyhow::anyhow!("--date: {reason}"))?
            .to_string(),
        (Kind::Country | Kind::Actor | Kind::Page | Kind::Source | Kind::Watch, Some(_)) => {
            bail!("--date: {} has no date", doc.kind.article())
        }
        (_, None) => today.format("%Y-%m-%d").to_string(),
    };
    let template = template(doc.kind, language)?;
    // The date first: a title may contain `%DATE%`, a date never `%TITLE%`.
    let text = template
        .replace("%DATE%", &date)
        .replace("%TITLE%", &yaml_string(title));
    let folder = root.join("content").join(doc.kind.folder());
    let (path, other) = if doc.bundle {
        (
            folder.join(slug.as_str()).join("index.md"),
            folder.join(format!("{slug}.md")),
        )
    } else {
        (
            folder.join(format!("{slug}.md")),
            folder.join(slug.as_str()).join("index.md"),
        )
    };
    // A flat file and a bundle of one slug would be one document twice.
    if other.exists() {
        bail!(
            "`{}` already exists as `{}`; dossier never overwrites a document (pass `--slug` to choose another name)",
            slug,
            other.display()
        );
    }
    write_new(&path, &text)?;
    Ok(path)
}

/// The front matter and body of a new document of `kind`.
fn template(kind: Kind, language: Language) -> anyhow::Result<&'static str> {
    Ok(match (kind, language) {
        (Kind::Brief, Language::Fr) => include_str!("scaffold/fr/new/brief.md"),
        (Kind::Country, Language::Fr) => include_str!("scaffold/fr/new/country.md"),
        (Kind::Actor, Language::Fr) => include_str!("scaffold/fr/new/actor.md"),
        (Kind::Event, Language::Fr) => include_str!("scaffold/fr/new/event.md"),
        (Kind::Brief, Language::En) => include_str!("scaffold/en/new/brief.md"),
        (Kind::Country, Language::En) => include_str!("scaffold/en/new/country.md"),
        (Kind::Actor, Language::En) => include_str!("scaffold/en/new/actor.md"),
        (Kind::Event, Language::En) => include_str!("scaffold/en/new/event.md"),
        (Kind::Page | Kind::Source | Kind::Watch, _) => {
            bail!("dossier new writes briefs, countries, actors and events")
        }
    })
}

/// A text as a double-quoted YAML scalar: JSON's escapes are YAML's too.
fn yaml_string(text: &str) -> String {
    serde_json::to_string(text).expect("a string serializes to JSON")
}

/// Writes a file that must not exist yet, creating its folders.
pub(super) fn write_new(path: &Path, text: &str) -> anyhow::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
    }
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|error| match error.kind() {
            std::io::ErrorKind::AlreadyExists => anyhow::anyhow!(
                "`{}` already exists; dossier never overwrites a file (pass `--slug` to choose another name)",
                path.display()
            ),
            _ => anyhow::Error::new(error).context(format!("writing {}", path.display())),
        })?;
    file.write_all(text.as_bytes())
        .with_context(|| format!("writing {}", path.display()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn long_slugs_are_cut_at_a_word() {
        let long = Slug::parse("blocus-".repeat(43).trim_end_matches('-')).unwrap();
        let short = shortened(&long);
        assert!(short.as_str().len() <= MAX_SLUG, "{short}");
        assert!(short.as_str().ends_with("blocus"), "{short}");
        let one_word = Slug::parse(&"a".repeat(300)).unwrap();
        assert_eq!(shortened(&one_word).as_str().len(), MAX_SLUG);
        let fine = Slug::parse("mali-le-blocus").unwrap();
        assert_eq!(shortened(&fine), fine);
    }

    use super::*;

    #[test]
    fn yaml_strings_escape_quotes_and_backslashes() {
        assert_eq!(yaml_string("Mali : « blocus »"), "\"Mali : « blocus »\"");
        assert_eq!(yaml_string("a \"b\" \\ c"), r#""a \"b\" \\ c""#);
    }

    #[test]
    fn every_template_has_its_placeholders() {
        for language in [Language::Fr, Language::En] {
            for kind in [Kind::Brief, Kind::Country, Kind::Actor, Kind::Event] {
                let text = template(kind, language).unwrap();
                assert!(text.starts_with("---\n"), "{kind:?} {language:?}");
                assert!(text.contains("%TITLE%"), "{kind:?} {language:?}");
                let dated = matches!(kind, Kind::Brief | Kind::Event);
                assert_eq!(text.contains("%DATE%"), dated, "{kind:?} {language:?}");
            }
        }
    }
}
