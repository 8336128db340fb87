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
    /// Where the lighter copies of large images are kept between runs
    /// (issue #12): beside the output for `build`, read but not written by
    /// `check`; `None` keeps them for this run only.
    pub image_cache: Option<ImageCache>,
}

/// The folder of resized images that a command reads and may write
/// (issue #12): outside the output, so that the output stays exactly what
/// the site makes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageCache {
    /// The folder (`.public.dossier-cache/images/` beside `public/`).
    pub dir: PathBuf,
    /// Whether images made in this run are stored in it (`check` writes
    /// nothing, DESIGN §5).
    pub write: bool,
}

/// `images:` in `site.yaml` (issue #12): when and how large raster images
/// get lighter copies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Images {
    /// `images.max_width`: PNG and JPEG images wider than this, in pixels,
    /// get resized copies; the widest copy the page shows is at most this.
    pub max_width: u32,
    /// `images.widths`: the widths of the copies, ascending, each at most
    /// `max_width`.
    pub widths: Vec<u32>,
}

impl Default for Images {
    fn default() -> Images {
        Images {
            max_width: 1600,
            widths: vec![480, 960, 1600],
        }
    }
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
    /// `images`.
    pub images: Images,
    /// Where resized images are cached (from the command line).
    pub image_cache: Option<ImageCache>,
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
    "images",
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
    let config = Config {
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
        images: fields
            .object("images", "`images`", images)
            .unwrap_or_default(),
        image_cache: overrides.image_cache.clone(),
    };
    (!config.title.is_empty()).then_some(config)
}

/// Reads `images:`: `max_width` and `widths`, whole numbers of pixels.
fn images(fields: &mut Fields<'_, '_>) -> Option<Images> {
    fields.check_keys(&["max_width", "widths"]);
    let default = Images::default();
    let pixels = |n: u64| {
        u32::try_from(n)
            .ok()
            .filter(|n| (1..=MAX_WIDTH).contains(n))
    };
    let max_width = match fields.count("max_width") {
        None => default.max_width,
        Some(n) => match pixels(n) {
            Some(n) => n,
            None => {
                fields.bad(
                    "max_width",
                    format!("must be a width in pixels, from 1 to {MAX_WIDTH}"),
                    None,
                );
                default.max_width
            }
        },
    };
    let widths = if fields.has("widths") {
        let span = fields.value_span("widths");
        let mut widths = Vec::new();
        for (text, at) in fields.list("widths") {
            match text.parse::<u64>().ok().and_then(pixels) {
                Some(n) if n <= max_width => widths.push(n),
                _ => fields.push(Diagnostic::error(
                    at,
                    Problem::BadValue {
                        field: "images.widths".to_string(),
                        reason: format!(
                            "`{text}` is not a width in pixels from 1 to `max_width` ({max_width})"
                        ),
                    },
                )),
            }
        }
        widths.sort_unstable();
        widths.dedup();
        if widths.is_empty() {
            fields.push(Diagnostic::error(
                span,
                Problem::BadValue {
                    field: "images.widths".to_string(),
                    reason: "expected a list of widths in pixels, such as `[480, 960, 1600]`"
                        .to_string(),
                },
            ));
            widths = default.widths;
        }
        widths
    } else {
        default
            .widths
            .into_iter()
            .map(|w| w.min(max_width))
            .collect::<std::collections::BTreeSet<u32>>()
            .into_iter()
            .collect()
    };
    Some(Images { max_width, widths })
}

/// The widest image width `images:` accepts, in pixels.
const MAX_WIDTH: u32 = 10_000;

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
