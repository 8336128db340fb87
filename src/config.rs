//! `site.yaml` and the command-line overrides of it (DESIGN §2, §5),
//! checked into a [`Config`] that later stages trust.

use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Diagnostics, Problem, Sources, Span};
use crate::i18n::Language;
use crate::tradecraft::marking::Marking;
use crate::tradecraft::yardstick::Yardstick;
use crate::yaml::{self, Block, Fields};

/// What the command line changes in `site.yaml`.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// `--base-url`.
    pub base_url: Option<String>,
    /// `--drafts`: build drafts too.
    pub drafts: bool,
    /// `--allow-red`: publish pages marked `TLP:RED` (issue #14).
    pub allow_red: bool,
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
    /// Whether what earlier runs kept there is used: images, and the
    /// build's memo beside them (issue 17). `build --clean` uses none of
    /// it, and keeps what it makes for the next build.
    pub trust: bool,
}

impl ImageCache {
    /// A folder beside the images' in the cache folder the build owns
    /// (`.public.dossier-cache/<name>/`): issue 17 keeps what rendering
    /// learnt there (`build`).
    pub fn beside(&self, name: &str) -> PathBuf {
        self.dir.with_file_name(name)
    }
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

/// A site's base URL, checked: `http(s)://host[:port]/path/`, with a
/// trailing slash.
///
/// The path is written as it is in front of every link of the site, so it
/// is normalised (issue 19): repeated slashes are one (`https://x.org//`
/// would make `//assets/…` links, which browsers read as the host
/// `assets`), and `.` and `..` segments are resolved. Hosts are a DNS name
/// in ASCII (`xn--` for international names), an IPv4 address or an IPv6
/// address in brackets; user names, queries, fragments, spaces, quotes and
/// backslashes are refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    url: String,
    path_start: usize,
    host: Host,
}

/// The host of a base URL.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Host {
    /// A DNS name, as written (`example.org`, `localhost`).
    Name(String),
    /// An IPv4 address.
    V4(std::net::Ipv4Addr),
    /// An IPv6 address, written in brackets.
    V6(std::net::Ipv6Addr),
}

impl BaseUrl {
    /// Checks a base URL; a missing trailing slash is added and the path
    /// is normalised.
    ///
    /// ```
    /// use dossier::config::BaseUrl;
    /// let url = BaseUrl::parse("https://example.org/briefs").unwrap();
    /// assert_eq!(url.as_str(), "https://example.org/briefs/");
    /// assert_eq!(url.path(), "/briefs/");
    /// assert_eq!(BaseUrl::parse("https://example.org//a//").unwrap().path(), "/a/");
    /// assert!(BaseUrl::parse("example.org").is_err());
    /// ```
    pub fn parse(text: &str) -> Result<BaseUrl, String> {
        let text = text.trim();
        let (scheme, rest) = ["https://", "http://"]
            .into_iter()
            .find_map(|scheme| Some((scheme, text.strip_prefix(scheme)?)))
            .ok_or_else(|| format!("`{text}` must start with `https://` or `http://`"))?;
        if rest.contains(['?', '#', ' ', '"', '\'', '<', '>', '\\', '`'])
            || rest.contains(char::is_control)
        {
            return Err(format!(
                "`{text}` must not contain spaces, quotes, backslashes, `?` or `#`"
            ));
        }
        let authority_len = rest.find('/').unwrap_or(rest.len());
        let (authority, path) = rest.split_at(authority_len);
        let host = parse_authority(authority).map_err(|reason| format!("`{text}`: {reason}"))?;
        let mut url = format!("{scheme}{authority}");
        let path_start = url.len();
        url.push_str(&normalise_path(path));
        Ok(BaseUrl {
            url,
            path_start,
            host,
        })
    }

    /// The whole URL, ending with `/`.
    pub fn as_str(&self) -> &str {
        &self.url
    }

    /// The path part, starting and ending with `/` (`/` for a site at the root).
    pub fn path(&self) -> &str {
        &self.url[self.path_start..]
    }

    /// The authority of the site's Atom `tag:` URIs (RFC 4151 §2.1: a DNS
    /// name, or an email address): the host, in lower case and without a
    /// final dot. An IP address is no DNS name, so it is written as the
    /// DNS name that stands for it in the reverse tree (RFC 1035 §3.5,
    /// RFC 3596 §2.5), which its holder controls as the owner of a domain
    /// controls the domain: `4.3.2.1.in-addr.arpa` for `1.2.3.4`, 32
    /// nibbles and `ip6.arpa` for an IPv6 address. The port plays no part.
    ///
    /// ```
    /// use dossier::config::BaseUrl;
    /// let tag = |url: &str| BaseUrl::parse(url).unwrap().tag_authority();
    /// assert_eq!(tag("https://Example.ORG./briefs/"), "example.org");
    /// assert_eq!(tag("http://127.0.0.1:8000/"), "1.0.0.127.in-addr.arpa");
    /// ```
    pub fn tag_authority(&self) -> String {
        match &self.host {
            Host::Name(name) => name.trim_end_matches('.').to_ascii_lowercase(),
            Host::V4(ip) => {
                let [a, b, c, d] = ip.octets();
                format!("{d}.{c}.{b}.{a}.in-addr.arpa")
            }
            Host::V6(ip) => {
                let mut name = String::with_capacity(72);
                for byte in ip.octets().iter().rev() {
                    name.push_str(&format!("{:x}.{:x}.", byte & 0xf, byte >> 4));
                }
                name.push_str("ip6.arpa");
                name
            }
        }
    }
}

/// Checks `host[:port]`: see [`BaseUrl`].
fn parse_authority(authority: &str) -> Result<Host, String> {
    if authority.contains('@') {
        return Err("a base URL cannot hold a user name (`user@`)".to_string());
    }
    let (host, port) = if let Some(inside) = authority.strip_prefix('[') {
        let (address, after) = inside
            .split_once(']')
            .ok_or_else(|| format!("`{authority}` opens a `[` it does not close"))?;
        let port = match after {
            "" => None,
            after => Some(
                after
                    .strip_prefix(':')
                    .ok_or_else(|| format!("`{after}` after `[{address}]` is not a port"))?,
            ),
        };
        let ip = address
            .parse()
            .map_err(|_| format!("`[{address}]` is not an IPv6 address"))?;
        (Host::V6(ip), port)
    } else {
        let (name, port) = match authority.split_once(':') {
            Some((name, port)) => (name, Some(port)),
            None => (authority, None),
        };
        (parse_host_name(name)?, port)
    };
    if let Some(port) = port
        && !(port.len() <= 5
            && port.bytes().all(|b| b.is_ascii_digit())
            && port.parse::<u16>().is_ok_and(|p| p > 0))
    {
        return Err(format!(
            "the port `{port}` must be a number from 1 to 65535"
        ));
    }
    Ok(host)
}

/// Checks a host name: an IPv4 address, or dot-separated labels of ASCII
/// letters, digits and inner hyphens (an optional final dot aside).
fn parse_host_name(name: &str) -> Result<Host, String> {
    if name.is_empty() {
        return Err("it has no host name".to_string());
    }
    if let Ok(ip) = name.parse() {
        return Ok(Host::V4(ip));
    }
    if !name.is_ascii() {
        return Err(format!(
            "write the host name `{name}` in its ASCII form, the `xn--…` name (punycode) that an IDN converter gives"
        ));
    }
    let labels = name.strip_suffix('.').unwrap_or(name).split('.');
    let valid = labels.into_iter().all(|label| {
        !label.is_empty()
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
    });
    if !valid {
        return Err(format!(
            "`{name}` is not a valid host name: letters, digits, and `-` inside the parts between dots"
        ));
    }
    Ok(Host::Name(name.to_string()))
}

/// A URL path with one `/` between segments and at both ends, and its `.`
/// and `..` segments resolved (RFC 3986 §5.2.4; `..` stops at the root).
fn normalise_path(path: &str) -> String {
    let mut segments: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            segment => segments.push(segment),
        }
    }
    let mut normal = String::with_capacity(path.len() + 2);
    normal.push('/');
    for segment in segments {
        normal.push_str(segment);
        normal.push('/');
    }
    normal
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
    /// `tradecraft.yardstick`: the words of likelihood briefs may use
    /// (issue #14; ICD 203 unless told otherwise).
    pub yardstick: Yardstick,
    /// `marking`: the TLP 2.0 label of every page, when set (issue #14).
    pub marking: Option<Marking>,
    /// Where `marking` is written, for the problem of a `TLP:RED` site.
    pub marking_span: Option<Span>,
    /// Whether pages marked `TLP:RED` may be built (`--allow-red`).
    pub allow_red: bool,
    /// `images`.
    pub images: Images,
    /// Where resized images are cached (from the command line).
    pub image_cache: Option<ImageCache>,
    /// `image`: the picture pages show when shared (`og:image`) unless
    /// they have their own, with where it is written; checked by the plan
    /// when it is a path from the site root.
    pub image: Option<SiteImage>,
    /// `languages` (issue 16): every language of the site, the default
    /// first; one language alone (`language:`) is a site without
    /// translations. `language` above is the language being built.
    pub languages: Vec<Language>,
    /// `translations`: the title and description of each other language.
    pub translations: Vec<SiteTranslation>,
    /// `data`: files of events to import, in the order written (issue #18).
    pub data: Vec<DataFile>,
}

/// The words of `site.yaml` in another language (issue 16):
/// `translations: {en: {title, description}}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteTranslation {
    /// The language.
    pub language: Language,
    /// `title` in it.
    pub title: Option<String>,
    /// `description` in it.
    pub description: Option<String>,
}

impl Config {
    /// The default language: the first of `languages`, whose pages are at
    /// the root of the site.
    pub fn default_language(&self) -> Language {
        self.languages.first().copied().unwrap_or(self.language)
    }

    /// Whether the site has more than one language (issue 16).
    pub fn is_multilingual(&self) -> bool {
        self.languages.len() > 1
    }

    /// The configuration of the pages in `language`: its words from
    /// `translations`, the default language's where it has none.
    pub fn for_language(&self, language: Language) -> Config {
        let mut config = self.clone();
        config.language = language;
        if let Some(words) = self.translations.iter().find(|t| t.language == language) {
            if let Some(title) = &words.title {
                config.title = title.clone();
            }
            if words.description.is_some() {
                config.description = words.description.clone();
            }
        }
        config
    }
}

/// One entry of `data:` in `site.yaml` (issue #18): a file of events in a
/// known format, whose rows become event documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataFile {
    /// `source`: the format of the file.
    pub source: DataFormat,
    /// `file`: its path from the site root, with `/` (`data/acled-sahel.csv`).
    pub file: String,
    /// Where the entry's `file` is written, for the problem of a missing file.
    pub span: Span,
}

/// The formats `data:` reads (a closed set: each has its own reader).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataFormat {
    /// `acled`: a CSV export of ACLED's event data.
    Acled,
}

impl DataFormat {
    /// The closed list, as written in `site.yaml`.
    pub const ALL: [(&'static str, DataFormat); 1] = [("acled", DataFormat::Acled)];
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
    "tradecraft",
    "marking",
    "images",
    "image",
    "data",
    "languages",
    "translations",
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
    let wrote_language = fields.has("language");
    let language = if wrote_language {
        fields.choice("language", &Language::ALL)
    } else {
        Some(Language::En)
    };
    let languages = crate::translation::site_languages(&mut fields, language, wrote_language);
    let language = languages.first().copied().or(language);
    let translations = crate::translation::site_translations(&mut fields, &languages);
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
    let yardstick = fields
        .object("tradecraft", "`tradecraft`", |t| {
            t.check_keys(&["yardstick"]);
            t.choice("yardstick", &Yardstick::ALL)
        })
        .unwrap_or_default();
    let marking_span = fields.has("marking").then(|| fields.value_span("marking"));
    let marking = fields.text("marking").and_then(|text| {
        Marking::parse(&text)
            .map_err(|error| fields.bad("marking", error.to_string(), error.help()))
            .ok()
    });
    let image = site_image(&mut fields);
    let data = data_files(root, &mut fields);
    let config = Config {
        image,
        data,
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
        yardstick,
        marking,
        marking_span: marking.and(marking_span),
        allow_red: overrides.allow_red,
        images: fields
            .object("images", "`images`", images)
            .unwrap_or_default(),
        image_cache: overrides.image_cache.clone(),
        languages,
        translations,
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

/// Reads `data:`, a list of `{source: acled, file: data/x.csv}` (issue
/// #18). A file that is not inside the site, or does not exist, is a
/// problem at its entry's `file`; the entry is then left out.
fn data_files(root: &Path, fields: &mut Fields<'_, '_>) -> Vec<DataFile> {
    fields.items("data", "a data file (`{source: acled, file: data/x.csv}`)", |item| {
        let crate::yaml::Item::Fields(mut entry) = item else {
            let crate::yaml::Item::Text(text, span, diags) = item else {
                return None;
            };
            diags.push(
                Diagnostic::error(
                    span,
                    Problem::BadValue {
                        field: "data".to_string(),
                        reason: format!("`{text}` is not a data file entry"),
                    },
                )
                .with_help(format!("write `{{source: acled, file: {text}}}`")),
            );
            return None;
        };
        entry.check_keys(&["source", "file"]);
        let source = if entry.has("source") {
            entry.choice("source", &DataFormat::ALL)
        } else {
            entry.missing("source");
            None
        };
        let span = entry.has("file").then(|| entry.value_span("file"));
        let file = entry.required_text("file")?;
        let span = span.expect("`file` was read, so it is present");
        let file = file.trim().replace('\\', "/");
        let inside = !file.starts_with('/')
            && !Path::new(&file)
                .components()
                .any(|c| !matches!(c, std::path::Component::Normal(_) | std::path::Component::CurDir));
        if !inside {
            entry.bad(
                "file",
                format!("`{file}` is not a path inside the site"),
                Some("write the path from the site root, such as `data/acled-sahel.csv`".to_string()),
            );
            return None;
        }
        if !root.join(&file).is_file() {
            entry.bad(
                "file",
                format!("there is no file `{file}`"),
                Some("put the export in the site, such as `data/acled-sahel.csv`, and write its path from the site root".to_string()),
            );
            return None;
        }
        Some(DataFile {
            source: source?,
            file,
            span,
        })
    })
}

/// The widest image width `images:` accepts, in pixels.
const MAX_WIDTH: u32 = 10_000;

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

    #[test]
    fn repeated_slashes_and_dot_segments_of_the_path_are_normalised() {
        for (written, url) in [
            ("https://example.org//", "https://example.org/"),
            (
                "https://example.org///briefs//",
                "https://example.org/briefs/",
            ),
            ("https://example.org/a//b", "https://example.org/a/b/"),
            (
                "https://example.org/a/./b/../c/",
                "https://example.org/a/c/",
            ),
            ("https://example.org/../..//x", "https://example.org/x/"),
            ("http://[::1]:8080//", "http://[::1]:8080/"),
        ] {
            let base = BaseUrl::parse(written).unwrap();
            assert_eq!(base.as_str(), url, "{written}");
            assert!(!base.path().contains("//"), "{written}");
            assert!(base.path().starts_with('/') && base.path().ends_with('/'));
        }
    }

    #[test]
    fn hosts_are_names_or_ip_addresses() {
        for good in [
            "https://example.org/",
            "https://sub-1.example.org:8443/x/",
            "https://example.org./",
            "http://127.0.0.1:8000/",
            "http://[::1]/",
            "http://[2001:db8::1]:8080/briefs/",
            "https://xn--bcher-kva.example/",
        ] {
            assert!(BaseUrl::parse(good).is_ok(), "{good}");
        }
        for (bad, words) in [
            ("https://user@example.org/", "user name"),
            ("https://exa_mple.org/", "not a valid host name"),
            ("https://-example.org/", "not a valid host name"),
            ("https://example..org/", "not a valid host name"),
            ("https://bücher.example/", "ASCII form"),
            ("https://[::1/", "does not close"),
            ("https://[::1]x/", "is not a port"),
            ("https://[fe80::1%25eth0]/", "not an IPv6 address"),
            ("https://[example.org]/", "not an IPv6 address"),
            ("https://example.org:/", "port"),
            ("https://example.org:http/", "port"),
            ("https://example.org:65536/", "port"),
            ("https://example.org:0/", "port"),
            ("https://example.org/a\\b/", "backslashes"),
            ("https://example.org/a b/", "spaces"),
            ("https://example.org/?q", "`?`"),
        ] {
            let error = BaseUrl::parse(bad).unwrap_err();
            assert!(error.contains(words), "{bad}: {error}");
            assert!(error.contains('`'), "{bad}: names nothing: {error}");
        }
    }

    /// Whether `authority` is an RFC 4151 `authorityName` that is a
    /// `DNSname`: `DNScomp *("." DNScomp)`, `DNScomp = alphaNum
    /// [*(alphaNum / "-") alphaNum]`.
    fn is_dns_name(authority: &str) -> bool {
        authority.split('.').all(|comp| {
            let bytes = comp.as_bytes();
            !bytes.is_empty()
                && bytes[0].is_ascii_alphanumeric()
                && bytes[bytes.len() - 1].is_ascii_alphanumeric()
                && bytes
                    .iter()
                    .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
        })
    }

    #[test]
    fn tag_authorities_are_dns_names() {
        for (url, authority) in [
            ("https://example.org/briefs/", "example.org"),
            ("https://Briefs.Example.ORG:8443/", "briefs.example.org"),
            ("https://example.org./", "example.org"),
            ("http://localhost:1111/", "localhost"),
            ("http://192.0.2.7/", "7.2.0.192.in-addr.arpa"),
            (
                "https://[::1]:8080/",
                "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa",
            ),
            (
                "https://[2001:db8::567:89ab]/",
                "b.a.9.8.7.6.5.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa",
            ),
        ] {
            let tag = BaseUrl::parse(url).unwrap().tag_authority();
            assert_eq!(tag, authority, "{url}");
            assert!(is_dns_name(&tag), "{url}: {tag}");
        }
    }
}
