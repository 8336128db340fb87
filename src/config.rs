//! `site.yaml` and the command-line overrides of it (DESIGN §2, §5),
//! checked into a [`Config`] that later stages trust.

use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Diagnostics, Problem, Sources, Span};
use crate::i18n::Language;
use crate::yaml::{self, Block, Fields};

/// What the command line changes in `site.yaml`.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// `--base-url`.
    pub base_url: Option<String>,
    /// `--drafts`: build drafts too.
    pub drafts: bool,
}

/// A site's base URL, checked: `http(s)://host/path/` with a trailing slash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    url: String,
    path_start: usize,
}

impl BaseUrl {
    /// Checks a base URL; a missing trailing slash is added.
    ///
    /// ```
    /// use dossier::config::BaseUrl;
    /// let url = BaseUrl::parse("https://example.org/briefs").unwrap();
    /// assert_eq!(url.as_str(), "https://example.org/briefs/");
    /// assert_eq!(url.path(), "/briefs/");
    /// assert!(BaseUrl::parse("example.org").is_err());
    /// ```
    pub fn parse(text: &str) -> Result<BaseUrl, String> {
        let text = text.trim();
        let rest = text
            .strip_prefix("https://")
            .or_else(|| text.strip_prefix("http://"))
            .ok_or_else(|| format!("`{text}` must start with `https://` or `http://`"))?;
        let host_len = rest.find('/').unwrap_or(rest.len());
        let host = &rest[..host_len];
        if host.is_empty() || host.contains([' ', '?', '#', '@']) {
            return Err(format!("`{text}` has no valid host name"));
        }
        if rest.contains(['?', '#', ' ', '"', '<', '>']) {
            return Err(format!(
                "`{text}` must not contain spaces, quotes, `?` or `#`"
            ));
        }
        let mut url = text.to_string();
        if !url.ends_with('/') {
            url.push('/');
        }
        let path_start = text.len() - rest.len() + host_len;
        Ok(BaseUrl { url, path_start })
    }

    /// The whole URL, ending with `/`.
    pub fn as_str(&self) -> &str {
        &self.url
    }

    /// The path part, starting and ending with `/` (`/` for a site at the root).
    pub fn path(&self) -> &str {
        &self.url[self.path_start..]
    }
}

/// A validated `site.yaml` plus overrides.
#[derive(Debug, Clone)]
pub struct Config {
    /// The site root (the folder holding `site.yaml`).
    pub root: PathBuf,
    /// `title`.
    pub title: String,
    /// `base_url`.
    pub base_url: BaseUrl,
    /// `language`.
    pub language: Language,
    /// `description`.
    pub description: Option<String>,
    /// `author`.
    pub author: Option<String>,
    /// `repo_url`.
    pub repo_url: Option<String>,
    /// `paginate`: briefs per list page.
    pub paginate: NonZeroUsize,
    /// `markdown.unsafe_html`.
    pub unsafe_html: bool,
    /// Whether drafts are built.
    pub drafts: bool,
    /// `image`: the picture pages show when shared (`og:image`) unless
    /// they have their own, with where it is written; checked by the plan
    /// when it is a path from the site root.
    pub image: Option<SiteImage>,
}

/// The `image` of `site.yaml`: a file of the site (`/img/card.png`, from
/// `static/`) or an outside `https://` URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SiteImage {
    /// A path from the site root, without the base path.
    Path {
        /// As written, starting with `/`.
        path: String,
        /// Where it is written in `site.yaml`.
        span: Span,
    },
    /// An absolute `http(s)` URL, used as written.
    Url(String),
}

/// The keys of `site.yaml`.
const FIELDS: &[&str] = &[
    "title",
    "base_url",
    "language",
    "description",
    "author",
    "repo_url",
    "paginate",
    "markdown",
    "image",
];

/// Finds the site root: `root` if given, else the current folder or the
/// nearest parent holding `site.yaml` (as cargo finds Cargo.toml).
pub fn find_root(root: Option<&Path>, current: &Path) -> Option<PathBuf> {
    if let Some(root) = root {
        return Some(current.join(root));
    }
    current
        .ancestors()
        .find(|dir| dir.join("site.yaml").is_file())
        .map(Path::to_path_buf)
}

/// Reads and checks `<root>/site.yaml`. Every problem is pushed; `None` when
/// the site cannot be built from it.
pub fn load(
    root: &Path,
    overrides: &Overrides,
    sources: &mut Sources,
    diags: &mut Diagnostics,
) -> Option<Config> {
    let path = root.join("site.yaml");
    let text = match std::fs::read(&path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(error) => {
                let valid = error.utf8_error().valid_up_to();
                let file = sources.add(
                    "site.yaml",
                    String::from_utf8_lossy(error.as_bytes()).into_owned(),
                );
                diags.push(Diagnostic::error(
                    Span::new(file, valid, valid + 1),
                    Problem::NotUtf8(valid),
                ));
                return None;
            }
        },
        Err(error) => {
            let file = sources.add("site.yaml", String::new());
            diags.push(
                Diagnostic::error(
                    Span::new(file, 0, 0),
                    Problem::Unreadable(error.to_string()),
                )
                .with_help(
                    "run dossier in a site folder (one with a site.yaml), or pass `--root DIR`",
                ),
            );
            return None;
        }
    };
    let file = sources.add("site.yaml", text);
    let text = sources.text(file);
    // A control character would reach every page and feed; the YAML parser
    // refuses it too, so it is reported once, here (issue #11).
    let controls = crate::diagnostic::control_characters(file, text);
    if !controls.is_empty() {
        for problem in controls {
            diags.push(problem);
        }
        return None;
    }
    let base = usize::from(text.starts_with('\u{feff}')) * 3;
    let block = Block {
        file,
        text: &text[base..],
        base,
    };
    let map = yaml::parse(block, diags)?;
    let mut fields = Fields::new(block, map, "site.yaml", diags);
    fields.check_keys(FIELDS);
    let title = fields.required_text("title");
    let base_url = match &overrides.base_url {
        Some(url) => BaseUrl::parse(url)
            .map_err(|reason| {
                let span = Span::new(file, 0, 0);
                fields.push(Diagnostic::error(
                    span,
                    Problem::BadValue {
                        field: "--base-url".to_string(),
                        reason,
                    },
                ));
            })
            .ok(),
        None => fields.required_text("base_url").and_then(|url| {
            BaseUrl::parse(&url)
                .map_err(|reason| {
                    fields.bad(
                        "base_url",
                        reason,
                        Some("for example `base_url: \"https://example.org/briefs/\"`".to_string()),
                    )
                })
                .ok()
        }),
    };
    // English unless told otherwise; check presence before reading, since
    // reading takes the key.
    let language = if fields.has("language") {
        fields.choice("language", &Language::ALL)
    } else {
        Some(Language::En)
    };
    let paginate = match fields.count("paginate") {
        None => Some(NonZeroUsize::new(20).expect("20 is not zero")),
        Some(n) => match usize::try_from(n).ok().and_then(NonZeroUsize::new) {
            Some(n) => Some(n),
            None => {
                fields.bad("paginate", "must be 1 or more".to_string(), None);
                None
            }
        },
    };
    let image = site_image(&mut fields);
    let config = Config {
        image,
        root: root.to_path_buf(),
        title: title.unwrap_or_default(),
        base_url: base_url?,
        language: language?,
        description: fields.text("description"),
        author: fields.text("author"),
        repo_url: fields.text("repo_url"),
        paginate: paginate?,
        unsafe_html: fields
            .object("markdown", "`markdown`", |m| {
                m.check_keys(&["unsafe_html"]);
                m.bool("unsafe_html")
            })
            .unwrap_or(false),
        drafts: overrides.drafts,
    };
    (!config.title.is_empty()).then_some(config)
}

/// Reads `image`: a path from the site root or an `http(s)` URL.
fn site_image(fields: &mut Fields<'_, '_>) -> Option<SiteImage> {
    if !fields.has("image") {
        return None;
    }
    let span = fields.value_span("image");
    let text = fields.text("image")?;
    let text = text.trim();
    let lower = text.to_ascii_lowercase();
    if (lower.starts_with("https://") || lower.starts_with("http://"))
        && !text.contains(char::is_whitespace)
    {
        return Some(SiteImage::Url(text.to_string()));
    }
    if text.starts_with('/') && !text.starts_with("//") {
        return Some(SiteImage::Path {
            path: text.to_string(),
            span,
        });
    }
    fields.bad(
        "image",
        format!("`{text}` is neither a path from the site root nor a web address"),
        Some(
            "write the path of a file of `static/` from the site root, as `/img/card.png`, or an `https://` address"
                .to_string(),
        ),
    );
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_keeps_its_path() {
        assert_eq!(BaseUrl::parse("https://example.org").unwrap().path(), "/");
        assert_eq!(
            BaseUrl::parse("http://localhost:1111/").unwrap().path(),
            "/"
        );
        assert_eq!(
            BaseUrl::parse("https://example.org/a/b/").unwrap().path(),
            "/a/b/"
        );
        assert!(BaseUrl::parse("ftp://example.org/").is_err());
        assert!(BaseUrl::parse("https:///x").is_err());
    }
}
