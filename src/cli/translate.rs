//! What `dossier new <kind> "Title" --lang en --translation-of foo` writes
//! (issue 16): the translation file of an existing document, beside it
//! (`content/briefs/foo.en.md`, or `content/briefs/foo/index.en.md` for a
//! bundle), with its title and the fields a translation may set as
//! comments. Like `scaffold`, it writes one file, never overwrites one,
//! and returns its problems as values.

use std::path::{Path, PathBuf};

use anyhow::bail;

use crate::config::Config;
use crate::content::Kind;
use crate::content::translation::{language_name, translatable};
use crate::i18n::Language;
use crate::slug::Slug;

/// Writes the `language` translation of `<kind>/<original>` titled
/// `title`, dated `today` (its `updated`, for a brief). Returns the path
/// written.
pub fn new_translation(
    config: &Config,
    kind: Kind,
    title: &str,
    language: Language,
    original: &str,
    today: chrono::NaiveDate,
) -> anyhow::Result<PathBuf> {
    if !config.languages.iter().skip(1).any(|l| *l == language) {
        let others: Vec<&str> = config.languages.iter().skip(1).map(|l| l.code()).collect();
        if others.is_empty() {
            bail!(
                "the site has one language: list its languages in site.yaml first, such as `languages: [{}, {}]`",
                config.language.code(),
                language.code()
            );
        }
        bail!(
            "--lang: `{}` is not one of the site's other languages ({})",
            language.code(),
            others.join(", ")
        );
    }
    let slug =
        Slug::parse(original).map_err(|reason| anyhow::anyhow!("--translation-of: {reason}"))?;
    let title = title.trim();
    if title.is_empty() {
        bail!("the title is empty: write the translated title between quotes");
    }
    let folder = config.root.join("content").join(kind.folder());
    let flat = folder.join(format!("{slug}.md"));
    let bundle = folder.join(slug.as_str()).join("index.md");
    let path = if flat.is_file() {
        folder.join(format!("{slug}.{}.md", language.code()))
    } else if bundle.is_file() {
        folder
            .join(slug.as_str())
            .join(format!("index.{}.md", language.code()))
    } else {
        bail!(
            "there is no `{}/{slug}` to translate: write the original first (`{}`)",
            kind.folder(),
            relative(config, &flat).display()
        );
    };
    if path.exists() {
        bail!(
            "`{}/{slug}` already has its {} translation, `{}`; dossier never overwrites a file",
            kind.folder(),
            language_name(language),
            relative(config, &path).display()
        );
    }
    let text = text(
        kind,
        title,
        language,
        &format!("{}/{slug}", kind.folder()),
        today,
    );
    super::scaffold::write_new(&path, &text)?;
    Ok(path)
}

/// The path of a file from the site root, for messages.
fn relative<'a>(config: &Config, path: &'a Path) -> &'a Path {
    path.strip_prefix(&config.root).unwrap_or(path)
}

/// The text of a new translation: its title, the other fields it may
/// translate as comments, and a line to replace by the translated body.
fn text(kind: Kind, title: &str, language: Language, id: &str, today: chrono::NaiveDate) -> String {
    let title_key = crate::content::translation::title_key(kind);
    let mut text = format!(
        "---\n{title_key}: {}\n",
        serde_json::to_string(title).expect("a string serializes to JSON")
    );
    for field in translatable(kind).iter().filter(|f| **f != title_key) {
        match *field {
            "updated" => text.push_str(&format!("updated: {}\n", today.format("%Y-%m-%d"))),
            "draft" => {}
            "key_points" | "indicators" | "aliases" => {
                text.push_str(&format!("# {field}:\n#   - \"…\"\n"));
            }
            other => text.push_str(&format!("# {other}: \"…\"\n")),
        }
    }
    let line = match language {
        Language::Fr => format!("Traduction française de `{id}` : écrivez le texte ici."),
        Language::En => format!("English translation of `{id}`: write the text here."),
    };
    text.push_str("---\n\n");
    text.push_str(&line);
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_translation_sets_only_what_it_may() {
        let day = chrono::NaiveDate::from_ymd_opt(2025, 7, 3).unwrap();
        let text = text(
            Kind::Brief,
            "The \"blockade\"",
            Language::En,
            "briefs/x",
            day,
        );
        assert!(
            text.starts_with("---\ntitle: \"The \\\"blockade\\\"\"\n"),
            "{text}"
        );
        assert!(text.contains("updated: 2025-07-03\n"));
        assert!(text.contains("# summary:"));
        assert!(!text.contains("date:"), "a translation inherits its date");
        let country = super::text(
            Kind::Country,
            "Senegal",
            Language::En,
            "countries/senegal",
            day,
        );
        assert!(country.starts_with("---\nname: \"Senegal\"\n"), "{country}");
        assert!(country.contains("# aliases:"));
    }
}
