//! The shared vocabulary of problems: the file table ([`Sources`]), byte
//! [`Span`]s into it, and the [`Diagnostic`]s that every stage pushes.
//!
//! Positions are computed in one place, [`Sources::line_col`], from byte
//! offsets into the whole file, so a line number is always the file's own
//! (front matter included). This module depends on no other module of the
//! crate; the two printers, [`human`] and [`json`], read the same list.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde::Serialize;

/// Index of a file in [`Sources`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(u32);

/// A byte range in one file of [`Sources`]; offsets count from the start of
/// the whole file, never from a slice of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Span {
    /// The file the range points into.
    pub file: FileId,
    /// First byte.
    pub start: u32,
    /// One past the last byte; equal to `start` for a point.
    pub end: u32,
}

impl Span {
    /// A span from byte offsets (clamped to `u32`, which bounds a file at 4 GiB).
    pub fn new(file: FileId, start: usize, end: usize) -> Self {
        let clamp = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Span {
            file,
            start: clamp(start),
            end: clamp(end.max(start)),
        }
    }

    /// The same span moved `by` bytes later: used to turn an offset inside a
    /// front-matter block or a body into an offset in the whole file.
    pub fn shifted(self, by: usize) -> Self {
        Span::new(self.file, self.start as usize + by, self.end as usize + by)
    }
}

/// A 1-based line and column; columns count characters, so `é` is one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    /// Line number, from 1.
    pub line: usize,
    /// Column number in characters, from 1.
    pub column: usize,
}

/// One file known to the diagnostics: its path relative to the site root,
/// its text and where each of its lines starts. Made on any thread, then
/// registered with [`Sources::push`].
#[derive(Debug)]
pub struct SourceFile {
    path: PathBuf,
    text: String,
    /// Where each line starts, found when a position in the file is first
    /// asked for: most files are never pointed into, and a build cuts most
    /// to their front matter (issue 17). Finding them in every whole file
    /// scanned all 690 MB of 100,000 briefs, and held 8 bytes a line of
    /// each front matter to the end of the build.
    line_starts: std::sync::OnceLock<Vec<usize>>,
    /// Set when the text was cut to its front matter ([`SourceFile::release`]).
    released: Option<Released>,
}

/// What a file cut to its front matter still knows of its whole text, to
/// read the rest again and be sure it is the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Released {
    /// Length of the whole text, in bytes.
    pub len: usize,
    /// XXH3-128 of the whole text ([`Sources::digest`]).
    pub hash: u128,
    /// XXH3-128 of the text after the front matter: what a page reads
    /// again must hash to it.
    pub rest: u128,
}

impl SourceFile {
    /// A file at `path` (relative to the site root) with its `text`.
    pub fn new(path: impl Into<PathBuf>, text: String) -> SourceFile {
        SourceFile {
            path: path.into(),
            text,
            line_starts: std::sync::OnceLock::new(),
            released: None,
        }
    }

    /// A file at `path` known by its front matter `front` alone, as a
    /// build that [`SourceFile::release`]d it left it: the file was not
    /// read again, since it did not change (`content::known`).
    pub fn released_as(path: impl Into<PathBuf>, front: String, whole: Released) -> SourceFile {
        SourceFile {
            path: path.into(),
            text: front,
            line_starts: std::sync::OnceLock::new(),
            released: Some(whole),
        }
    }

    /// Cuts the text to its first `front` bytes, so that a build does not
    /// hold every body in memory (issue 17).
    /// [`Sources::text_after`] reads the rest again when a page needs it,
    /// and requires it to hash to `rest`: the XXH3-128 of the text after
    /// `front`, which the document knows already
    /// ([`crate::content::Document::body_hash`]).
    /// Positions inside the first `front` bytes still read as before;
    /// [`Sources::restore_quoted`] reads the rest again for a problem
    /// further on. A file released already, or with fewer bytes, is left
    /// as it is.
    pub fn release(&mut self, front: usize, rest: u128) {
        if self.released.is_some() || front >= self.text.len() || !self.text.is_char_boundary(front)
        {
            return;
        }
        debug_assert_eq!(
            rest,
            xxhash_rust::xxh3::xxh3_128(&self.text.as_bytes()[front..]),
            "`rest` is the hash of the text after `front`"
        );
        self.released = Some(Released {
            len: self.text.len(),
            hash: xxhash_rust::xxh3::xxh3_128(self.text.as_bytes()),
            rest,
        });
        self.text.truncate(front);
        self.text.shrink_to_fit();
        self.line_starts = std::sync::OnceLock::new();
    }

    /// Where each line starts, found the first time it is asked.
    fn lines(&self) -> &[usize] {
        self.line_starts.get_or_init(|| line_starts(&self.text))
    }

    /// Its whole text.
    pub fn text(&self) -> &str {
        &self.text
    }
}

/// The file table. Every [`Span`] points into one of its files.
#[derive(Debug, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
    /// The site root, once a file was released ([`SourceFile::release`]): the
    /// folder its path is read again from.
    root: Option<PathBuf>,
}

impl Sources {
    /// Registers a file and returns its id. `path` is what users will read:
    /// relative to the site root.
    pub fn add(&mut self, path: impl Into<PathBuf>, text: String) -> FileId {
        self.push(SourceFile::new(path, text))
    }

    /// Registers a file made with [`SourceFile::new`] and returns its id,
    /// which [`Sources::next_id`] gave beforehand.
    pub fn push(&mut self, file: SourceFile) -> FileId {
        let id = self.next_id(0);
        self.files.push(file);
        id
    }

    /// The id the file registered `k` files from now will get: files read
    /// in parallel know their ids (for the spans of their problems) before
    /// they are registered in order.
    pub fn next_id(&self, k: usize) -> FileId {
        FileId(u32::try_from(self.files.len() + k).expect("fewer than 4 billion files"))
    }

    /// Every file, in the order registered: its path and text (empty for
    /// files registered without their text, such as images).
    pub fn files(&self) -> impl Iterator<Item = (&Path, &str)> {
        self.files
            .iter()
            .map(|f| (f.path.as_path(), f.text.as_str()))
    }

    /// The path of a file, relative to the site root.
    pub fn path(&self, file: FileId) -> &Path {
        &self.files[file.0 as usize].path
    }

    /// The whole text of a file; only its front matter once it was
    /// released ([`SourceFile::release`]): read the rest with
    /// [`Sources::text_after`].
    pub fn text(&self, file: FileId) -> &str {
        &self.files[file.0 as usize].text
    }

    /// Whether the file was cut to its front matter ([`SourceFile::release`]).
    pub fn is_released(&self, file: FileId) -> bool {
        self.files[file.0 as usize].released.is_some()
    }

    /// What a file cut to its front matter knows of its whole text.
    pub fn released(&self, file: FileId) -> Option<Released> {
        self.files[file.0 as usize].released
    }

    /// The XXH3-128 hash of a file's whole text, released or not: what the
    /// build's cache knows a document by (issue 17).
    pub fn digest(&self, file: FileId) -> u128 {
        let file = &self.files[file.0 as usize];
        file.released.map_or_else(
            || xxhash_rust::xxh3::xxh3_128(file.text.as_bytes()),
            |released| released.hash,
        )
    }

    /// Cuts the text of `file`, found under `root`, to its first `front`
    /// bytes ([`SourceFile::release`]), as a build does to each file as
    /// it loads it ([`crate::content::Release`]): for tests, which have a
    /// file table already.
    #[cfg(test)]
    pub fn release(&mut self, root: &Path, file: FileId, front: usize, rest: u128) {
        self.set_root(root);
        self.files[file.0 as usize].release(front, rest);
    }

    /// The folder that released files ([`SourceFile::release`]) are read
    /// again from: the site root.
    pub fn set_root(&mut self, root: &Path) {
        self.root.get_or_insert_with(|| root.to_path_buf());
    }

    /// Makes whole again every released file that a problem points into
    /// beyond what was kept, so that the report quotes the lines it names.
    /// A file that changed on disk since it was read stays as it is: its
    /// report shows no line rather than a line of another version.
    pub fn restore_quoted(&mut self, diags: &Diagnostics) {
        let mut wanted: Vec<FileId> = diags
            .spans()
            .filter(|span| {
                let file = &self.files[span.file.0 as usize];
                file.released.is_some() && span.end as usize > file.text.len()
            })
            .map(|span| span.file)
            .collect();
        wanted.sort_unstable();
        wanted.dedup();
        for id in wanted {
            let front = self.files[id.0 as usize].text.len();
            let Ok(rest) = self.text_after(id, front) else {
                continue;
            };
            let rest = rest.into_owned();
            let file = &mut self.files[id.0 as usize];
            file.text.push_str(&rest);
            file.line_starts = std::sync::OnceLock::new();
            file.released = None;
        }
    }

    /// The text of `file` from byte `from` on (where it was released):
    /// borrowed while the file is whole, read again from disk once
    /// released. The bytes read must be those loaded (same place, length
    /// and XXH3-128; a file that only grew still holds them); a file that
    /// changed otherwise, or that cannot be read, is an error at its first
    /// byte: the build would mix two versions of it.
    pub fn text_after(
        &self,
        file: FileId,
        from: usize,
    ) -> Result<std::borrow::Cow<'_, str>, Box<Diagnostic>> {
        let id = file;
        let file = &self.files[id.0 as usize];
        let Some(released) = file.released else {
            return Ok(std::borrow::Cow::Borrowed(
                file.text.get(from..).unwrap_or(""),
            ));
        };
        let at = Span::new(id, 0, 0);
        let changed = || Box::new(Diagnostic::error(at, Problem::ChangedDuringBuild));
        if from != file.text.len() {
            return Err(changed());
        }
        let root = self.root.as_deref().unwrap_or(Path::new(""));
        let bytes = match read_range(&root.join(&file.path), from, released.len - from) {
            Ok(bytes) => bytes,
            Err(error) if error.kind() == std::io::ErrorKind::UnexpectedEof => {
                return Err(changed());
            }
            Err(error) => {
                return Err(Box::new(Diagnostic::error(
                    at,
                    Problem::Unreadable(error.to_string()),
                )));
            }
        };
        if xxhash_rust::xxh3::xxh3_128(&bytes) != released.rest {
            return Err(changed());
        }
        crate::utf8::string(bytes)
            .map(std::borrow::Cow::Owned)
            .map_err(|_| changed())
    }

    /// Line and column of the start of `span`. A byte order mark at the very
    /// start of the file is not a column: editors do not show it.
    ///
    /// ```
    /// use dossier::diagnostic::{Sources, Span};
    /// let mut sources = Sources::default();
    /// let file = sources.add("a.md", "ligne\r\nété x\n".to_string());
    /// let at = sources.line_col(Span::new(file, 13, 14)); // the `x`
    /// assert_eq!((at.line, at.column), (2, 5));
    /// ```
    pub fn line_col(&self, span: Span) -> LineCol {
        let file = &self.files[span.file.0 as usize];
        let offset = floor_char(&file.text, span.start as usize);
        let lines = file.lines();
        let line = lines.partition_point(|&s| s <= offset) - 1;
        let mut start = lines[line];
        if line == 0 && file.text.starts_with('\u{feff}') && offset >= 3 {
            start = 3;
        }
        let column = file
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count())
            + 1;
        LineCol {
            line: line + 1,
            column,
        }
    }

    /// The text of line `line` (1-based) without its line ending.
    pub fn line_text(&self, file: FileId, line: usize) -> &str {
        let file = &self.files[file.0 as usize];
        let lines = file.lines();
        let start = lines[line - 1];
        let end = lines.get(line).copied().unwrap_or(file.text.len());
        file.text[start..end].trim_end_matches(['\n', '\r'])
    }

    /// The byte offset of a 1-based line and character column, as reported by
    /// a parser that counts positions in a slice starting at byte `base`.
    pub fn offset_of(&self, file: FileId, base: usize, line: usize, column: usize) -> usize {
        let text = self.text(file);
        let base = base.min(text.len());
        let slice = &text[base..];
        let line_start = slice
            .match_indices('\n')
            .nth(line.saturating_sub(2))
            .map_or(0, |(i, _)| i + 1);
        let line_start = if line <= 1 { 0 } else { line_start };
        let rest = &slice[line_start..];
        let within = rest
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(rest.len(), |(i, _)| i);
        base + line_start + within
    }
}

/// Where each line of `text` starts, in bytes (after a final line end
/// too: the start of an empty last line).
pub(crate) fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

/// `len` bytes of the file at `path` from byte `at`: one read where the
/// system allows (a page's body, read again while the build renders, is
/// thousands of reads), an error if the file is shorter.
fn read_range(path: &Path, at: usize, len: usize) -> std::io::Result<Vec<u8>> {
    let file = std::fs::File::open(path)?;
    let mut bytes = vec![0; len];
    #[cfg(unix)]
    std::os::unix::fs::FileExt::read_exact_at(&file, &mut bytes, at as u64)?;
    #[cfg(not(unix))]
    {
        use std::io::{Read as _, Seek as _};
        let mut file = file;
        file.seek(std::io::SeekFrom::Start(at as u64))?;
        file.read_exact(&mut bytes)?;
    }
    Ok(bytes)
}

/// How serious a problem is: errors stop `build`; warnings do not (unless
/// `--deny-warnings`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Legal but likely wrong.
    Warning,
    /// The site cannot be built.
    Error,
}

/// Everything that can be wrong in a site. The `#[error]` strings are the
/// messages users read: they name things in backticks and say what was
/// expected.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Problem {
    /// A file could not be read at all (permissions, a folder vanished).
    #[error("cannot read this file: {0}")]
    Unreadable(String),
    /// A file read again while rendering is not what was read at first.
    #[error(
        "this file changed while dossier was building the site; build again to show the new version"
    )]
    ChangedDuringBuild,
    /// A file is not UTF-8 text.
    #[error("this file is not UTF-8 text (byte {0} is not valid); save it as UTF-8")]
    NotUtf8(usize),
    /// A content file does not open with a `---` front-matter block.
    #[error(
        "this file has no front matter: it must start with a line `---`, then YAML fields, then `---`"
    )]
    NoFrontMatter,
    /// The opening `---` has no closing partner.
    #[error("the front matter is never closed: add a line `---` after the last field")]
    UnclosedFrontMatter,
    /// The YAML parser rejected the text.
    #[error("invalid YAML: {0}")]
    Yaml(String),
    /// The front matter or `site.yaml` is not a mapping of `key: value` lines.
    #[error("expected `key: value` lines here")]
    NotAMapping,
    /// A key that the kind does not have.
    #[error("unknown field `{field}` in {context}")]
    UnknownField {
        /// The key as written.
        field: String,
        /// What the key was found in ("a brief", "site.yaml").
        context: String,
    },
    /// A required key is absent.
    #[error("missing required field `{field}` for {context}")]
    MissingField {
        /// The missing key.
        field: &'static str,
        /// What it is required for.
        context: String,
    },
    /// A value of the wrong shape or out of its closed list.
    #[error("invalid value for `{field}`: {reason}")]
    BadValue {
        /// The field holding the value.
        field: String,
        /// What was wrong and what was expected.
        reason: String,
    },
    /// A slug in a front-matter list names no document of that kind.
    #[error("`{}` is not a known {kind} (listed in `{field}`)", shown(slug))]
    UnknownSlug {
        /// The slug as written.
        slug: String,
        /// The kind the field refers to, in words.
        kind: &'static str,
        /// The front-matter field.
        field: String,
    },
    /// A link in a body resolves to nothing.
    #[error("broken link: `{}` matches no brief, country, actor, event or page", shown(.0))]
    BrokenLink(String),
    /// A link in a body resolves to several documents.
    #[error("ambiguous link: `{}` could mean {candidates}", shown(target))]
    AmbiguousLink {
        /// The target as written.
        target: String,
        /// The candidate ids, in backticks, joined.
        candidates: String,
    },
    /// Two documents share one id.
    #[error("duplicate {kind} `{slug}`: also defined in `{other}`")]
    DuplicateSlug {
        /// The kind in words.
        kind: &'static str,
        /// The shared slug.
        slug: String,
        /// The other file.
        other: String,
    },
    /// A file under `content/` outside the kind folders, or not Markdown.
    #[error(
        "`{0}` is outside the content folders: put documents in content/briefs, countries, actors, events, pages, sources or watch"
    )]
    StrayFile(String),
    /// A Tera template failed to compile or render.
    #[error("template error: {0}")]
    Template(String),
    /// Warning: a published document (not `draft: true`) links to a draft
    /// brief or page, which builds without `--drafts` leave out, so the
    /// link prints as plain text. Reported at the link.
    #[error("this links to the draft `{0}`: published pages show the link as plain text")]
    CitesDraft(String),
    /// Warning: no document (brief, event, actor, country or page, draft or
    /// not) references a country, actor or event, so its page is reached
    /// only from the indexes. Reported at the document's first line (or its
    /// `slug:`).
    #[error("nothing references the {kind} `{id}`: no brief or other document links to it")]
    Unreferenced {
        /// The kind in words.
        kind: &'static str,
        /// The document's id (`actors/apa`).
        id: String,
    },
    /// Warning: a brief cites (in `events` or in a link) an event that
    /// starts after the brief's `as_of` cut-off date. Reported at the
    /// `as_of` value, with a note at the citation.
    #[error("`as_of` is {as_of}, but the brief cites `{event}`, dated {date}, which is later")]
    EventAfterAsOf {
        /// The brief's `as_of`.
        as_of: String,
        /// The event's id.
        event: String,
        /// The event's date, at its precision.
        date: String,
    },
    /// Warning: a published brief has no `sources`. Reported at its title.
    #[error("this brief cites no source")]
    NoSources,
    /// An invisible control character (other than tab and line breaks) or
    /// a Unicode noncharacter in a file: it would make the feeds invalid
    /// XML, which feed readers drop whole (issue #11). Reported at the
    /// character.
    #[error("invisible {name} (U+{code:04X}) here")]
    ControlCharacter {
        /// The code point.
        code: u32,
        /// Its name in words.
        name: &'static str,
    },
    /// A link names a heading that its target does not have
    /// (`[[mali#Securité]]`, `[x](#missing)`). Reported at the link.
    #[error("`{}` has no heading `{}`", shown(target), shown(heading))]
    BrokenHeading {
        /// The page linked to, as shown (`countries/mali`, `this page`).
        target: String,
        /// The heading as written.
        heading: String,
    },
    /// A link from the site root (`/briefs/nope/`, `/img/a.png`) names no
    /// page of the site and no file of `static/`. Reported at the link.
    #[error("broken link: no page or file of the site is at `{}`", shown(.0))]
    BrokenPath(String),
    /// Warning: estimative language outside the site's yardstick (issue
    /// #14): a hedge, a likelihood and a confidence level in one sentence,
    /// or terms of both ICD 203 rows in one brief. The message is the
    /// language lint's; reported at the words.
    #[error("{0}")]
    EstimativeLanguage(String),
    /// A page marked `TLP:RED` in a build without `--allow-red` (issue
    /// #14): such a page is for its named recipients only. Reported at the
    /// `marking:` that makes it red.
    #[error("{0} is marked `TLP:RED`: it is built only with `--allow-red`")]
    RedMarking(String),
    /// A Markdown file under `content/` whose name does not end in `.md`
    /// (`x.MD`, `x.markdown`): dossier does not read it (issue #19).
    /// Reported at the file.
    #[error("`{}` is not read: documents are files whose names end in `.md`", shown(.0))]
    NotMarkdownName(String),
    /// Warning: a template of the site's `templates/` replaces none of the
    /// theme's and no template uses it: likely a misspelt override.
    /// Reported at the file.
    #[error("`templates/{}` replaces no template of the theme, and no template uses it", shown(.0))]
    UnusedTemplate(String),
    /// Warning: an actor lists the same affiliation twice (same actor, role
    /// and dates). Reported at the second.
    #[error("the affiliation with `{}` is written twice", shown(.0))]
    DuplicateAffiliation(String),
    /// Warning: a source's `url` is not a web or e-mail address, or holds a
    /// space: it is shown as text, not linked. Reported at the value.
    #[error("`{}` is not a web address: the source is shown without a link", shown(.0))]
    UnlinkedUrl(String),
    /// An actor lists itself in its `affiliations`.
    #[error("an actor cannot be affiliated with itself")]
    SelfAffiliation,
    /// A row of a data file (an ACLED export) that cannot be read: a cell
    /// of the wrong shape, a row of the wrong length. The other rows load.
    /// Reported at the row.
    #[error("this row's `{column}`: {reason}")]
    DataRow {
        /// The column, by its name in the file's header.
        column: String,
        /// What is wrong.
        reason: String,
    },
    /// Warning (`check --verbose`): an actor named by rows of a data file
    /// that no actor answers to, by name or alias (issue #18). Reported at
    /// the first row naming it.
    #[error("no actor is named `{name}` ({count} {} of the data)", if *count == 1 { "row" } else { "rows" })]
    UnresolvedActor {
        /// The name as written in the data.
        name: String,
        /// How many rows name it.
        count: usize,
    },
    /// Warning: a hand-written event's `ids: {acled: …}` names a row that
    /// no data file of the site has (issue #18): the event stays as
    /// written. Reported at the event's title.
    #[error("no row of the site's data files has the ACLED id `{0}`: this event stays as written")]
    UnknownDataRow(String),
    /// Warning: two hand-written events claim one row by `ids: {acled: …}`
    /// (issue #18): only the first, in path order, takes it. Reported at
    /// the second's title.
    #[error(
        "the ACLED row `{id}` is already claimed by `{first}`, which takes it; this event stays as written"
    )]
    DataRowClaimedTwice {
        /// The ACLED id.
        id: String,
        /// The id of the event that takes the row.
        first: String,
    },
    /// A row of a data file that cannot be read at all (a row with more or
    /// fewer cells than the header, bytes that are not UTF-8), or a header
    /// without a needed column. The other rows load. Reported at the row.
    #[error("{0}")]
    BadDataRow(String),
    /// Warning: two spellings of one tag (`Sécurité`, `securite`) share a
    /// page, which shows one of them. Reported at the other spelling.
    #[error(
        "the tag `{}` is also written `{}`: both go to one page, shown as `{}`",
        shown(written),
        shown(other),
        shown(shown_as)
    )]
    TagSpelling {
        /// The spelling written here.
        written: String,
        /// The other spelling.
        other: String,
        /// The spelling the tag's page shows.
        shown_as: String,
    },
    // issue 12: files and images of documents.
    /// A relative path (a body link, `image`, an attachment) whose `..`
    /// lead above the site root. Reported where it is written.
    #[error(
        "`{}` leads out of the site: dossier copies only files of `content/` and `static/`",
        shown(.0)
    )]
    FileOutsideSite(String),
    /// A relative path naming a file of the site outside `content/` and
    /// `static/` (`site.yaml`, `templates/`). Reported where it is written.
    #[error(
        "`{}` is outside `content/` and `static/`: dossier copies only files of those folders",
        shown(.0)
    )]
    FileOutsideFolders(String),
    /// A relative path that names no file. Reported where it is written.
    #[error("broken link: there is no file `{}`", shown(.0))]
    MissingFile(String),
    /// The file named is a symbolic link to a file outside `content/` and
    /// `static/`, or one that cannot be followed. Reported where it is
    /// named, or at the file when it is a bundle's, which is copied.
    #[error(
        "`{}` is a link to a file outside `content/` and `static/`: dossier copies only files of those folders",
        shown(.0)
    )]
    LinkedOutside(String),
    /// An image that cannot be shown: empty, cut short, not what its name
    /// says, or too large to read. Reported where it is named.
    #[error("the image `{}` cannot be shown: {problem}", shown(file))]
    BadImage {
        /// The file, from the site root.
        file: String,
        /// What is wrong with it.
        problem: crate::images::ImageProblem,
    },
    /// An image (`![…](x.pdf)`, `image:`) naming a file that is no image.
    #[error(
        "`{}` is not an image a page can show (PNG, JPEG, GIF, WebP, SVG or AVIF)",
        shown(.0)
    )]
    NotAnImage(String),
    /// Warning: an image without alt text (`![](chart.png)`): readers who
    /// cannot see it, and search engines, learn nothing of it. Reported at
    /// the image.
    #[error("this image has no alt text: readers who cannot see it learn nothing of it")]
    NoAltText,
    /// A Markdown file in a subfolder of a kind folder other than a
    /// bundle's `index.md` (`content/briefs/x/notes.md`). Reported at its
    /// first line.
    #[error(
        "`{file}` is a Markdown file inside `{folder}/`: a document's folder holds one document, its `index.md`, and that document's other files"
    )]
    MarkdownInBundle {
        /// The file.
        file: String,
        /// The folder it is in.
        folder: String,
    },
    /// A flat document (`content/briefs/x.md`) beside a folder of the same
    /// name that holds files but no `index.md`: whose files they are is
    /// unclear. Reported at the document's first line.
    #[error(
        "the folder `{folder}/` stands beside this document: make them one bundle, `{folder}/index.md` and its files"
    )]
    FolderBesideDocument {
        /// The folder.
        folder: String,
    },
    /// A file of a document would be copied where the output already has
    /// a file (the page itself, a feed, another document's file).
    /// Reported at the file, or where it is named.
    #[error(
        "`{}` would be copied to `{output}`, where the site already has {what}",
        shown(file)
    )]
    FileClash {
        /// The file, from the site root.
        file: String,
        /// Its path in the output.
        output: String,
        /// What is there, in words.
        what: String,
    },
    /// A built document names a file of a draft's bundle, which a build
    /// without `--drafts` leaves out. Reported where it is named.
    #[error(
        "`{}` belongs to the draft `{draft}`, which this build leaves out",
        shown(file)
    )]
    DraftFile {
        /// The file, from the site root.
        file: String,
        /// The draft's id.
        draft: String,
    },
    /// A relative path naming a file of `content/` that is neither in a
    /// bundle nor in the document's own kind folder
    /// (`../countries/map.png` from a brief). Reported where it is written.
    #[error(
        "`{}` is not beside this document: a page gets copies of the files of its own folder, of bundles and of `static/`",
        shown(.0)
    )]
    FileNotBeside(String),
    /// Warning: an event's `lat` and `lon` fall outside the outline of its
    /// `location.country` (issue 13): a sign dropped, `lat` and `lon`
    /// swapped, or the wrong country. Reported at `lat`.
    #[error(
        "the place at latitude {lat}, longitude {lon} is not in `{country}` (`{iso2}`), the event's `location.country`"
    )]
    OutsideCountry {
        /// The latitude as written.
        lat: String,
        /// The longitude as written.
        lon: String,
        /// The country's name.
        country: String,
        /// Its ISO code.
        iso2: String,
    },
    // issue 16: translations.
    /// A translation sets a field it inherits from its original.
    #[error(
        "a translation cannot change `{field}`: the {language} version takes it from the original"
    )]
    NotTranslatable {
        /// The field.
        field: String,
        /// The translation's language, in words ("English").
        language: &'static str,
    },
    /// A translation file whose original does not exist.
    #[error("this {language} translation has no original: there is no `{id}` to translate")]
    NoOriginal {
        /// The id the file's name gives.
        id: String,
        /// Its language, in words.
        language: &'static str,
    },
    /// Warning: a translation last changed before its original.
    #[error(
        "the {language} version is older than the {original} one (last changed {translated} vs {changed})"
    )]
    OutdatedTranslation {
        /// The translation's language, in words ("English").
        language: &'static str,
        /// The original's language, in words ("French").
        original: &'static str,
        /// When the translation last changed (`YYYY-MM-DD`).
        translated: String,
        /// When the original last changed.
        changed: String,
    },
}

/// A problem for every control character of a file other than tab and
/// line breaks, and every Unicode noncharacter: none of them can appear in
/// the XML of a feed, and HTML forbids them too (issue #11). The text is
/// scanned as bytes: a French text's many two-byte letters cost nothing.
pub fn control_characters(file: FileId, text: &str) -> Vec<Diagnostic> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    // Most text has none: blocks with no byte that can start one are
    // skipped by a test the compiler turns into vector instructions (a
    // byte-by-byte scan was 5% of a build, issue #11).
    const BLOCK: usize = 64;
    let suspect = |b: u8| {
        (b < 0x20 && b != b'\t' && b != b'\n' && b != b'\r')
            | (b == 0x7f)
            | (b == 0xc2)
            | (b == 0xef)
            | (b >= 0xf0)
    };
    let mut i = 0;
    while i < bytes.len() {
        if i % BLOCK == 0
            && let Some(block) = bytes.get(i..i + BLOCK)
            && !block.iter().fold(false, |any, b| any | suspect(*b))
        {
            i += BLOCK;
            continue;
        }
        let b = bytes[i];
        let width = match b {
            b'\t' | b'\n' | b'\r' => 0,
            0x00..=0x1f | 0x7f => 1,
            // U+0080–U+009F, the C1 controls.
            0xc2 if matches!(bytes.get(i + 1), Some(0x80..=0x9f)) => 2,
            // U+FDD0–U+FDEF and U+FFFE, U+FFFF.
            0xef if matches!(
                (bytes.get(i + 1), bytes.get(i + 2)),
                (Some(0xb7), Some(0x90..=0xaf)) | (Some(0xbf), Some(0xbe | 0xbf))
            ) =>
            {
                3
            }
            // U+1FFFE, U+1FFFF… the last two code points of every plane.
            0xf0..=0xf4
                if matches!(bytes.get(i + 1), Some(b) if b & 0x0f == 0x0f)
                    && bytes.get(i + 2) == Some(&0xbf)
                    && matches!(bytes.get(i + 3), Some(0xbe | 0xbf)) =>
            {
                4
            }
            _ => 0,
        };
        if width == 0 {
            i += 1;
            continue;
        }
        let code = text[i..].chars().next().map_or(0, u32::from);
        found.push(
            Diagnostic::error(
                Span::new(file, i, i + width),
                Problem::ControlCharacter {
                    code,
                    name: control_name(code),
                },
            )
            .with_help("remove it: it is invisible in most editors, and often comes with text pasted from another program"),
        );
        i += width;
    }
    found
}

/// The name of a control character or noncharacter, for messages.
fn control_name(code: u32) -> &'static str {
    match code {
        0x00 => "null character",
        0x08 => "backspace character",
        0x0b => "vertical tab",
        0x0c => "form feed",
        0x1b => "escape character",
        0x7f => "delete character",
        0x80..=0x9f => "control character",
        c if c >= 0xfdd0 && (c <= 0xfdef || c & 0xfffe == 0xfffe) => "noncharacter",
        _ => "control character",
    }
}

/// Text from the author as a message shows it: on one line (a message is
/// one line of `path:line:col: error: …`) and at most 80 characters.
///
/// ```
/// use dossier::diagnostic::shown;
/// assert_eq!(shown("ma\nli"), "ma li");
/// assert_eq!(shown(&"x".repeat(100)).chars().count(), 81);
/// ```
pub fn shown(text: &str) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match one_line.char_indices().nth(80) {
        Some((cut, _)) => format!("{}…", &one_line[..cut]),
        None => one_line,
    }
}

/// One problem found in the site, at its narrowest true span.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Where it is.
    pub span: Span,
    /// What is wrong.
    pub problem: Problem,
    /// A suggestion, such as "did you mean `countries`?".
    pub help: Option<String>,
    /// Other places worth showing (the other file of a duplicate).
    pub notes: Vec<(Span, String)>,
}

impl Diagnostic {
    /// An error at `span`.
    pub fn error(span: Span, problem: Problem) -> Self {
        Diagnostic {
            severity: Severity::Error,
            span,
            problem,
            help: None,
            notes: Vec::new(),
        }
    }

    /// A warning at `span`.
    pub fn warning(span: Span, problem: Problem) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(span, problem)
        }
    }

    /// The same diagnostic with a suggestion.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The same diagnostic with a suggestion when there is one.
    pub fn with_help_opt(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }

    /// The same diagnostic with a note pointing elsewhere.
    pub fn with_note(mut self, span: Span, note: impl Into<String>) -> Self {
        self.notes.push((span, note.into()));
        self
    }
}

/// The problems found so far. Stages push and carry on.
#[derive(Debug, Default)]
pub struct Diagnostics {
    list: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Records a problem.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.list.push(diagnostic);
    }

    /// Every span a problem shows, its own and those of its notes.
    pub fn spans(&self) -> impl Iterator<Item = Span> + '_ {
        self.list
            .iter()
            .flat_map(|d| std::iter::once(d.span).chain(d.notes.iter().map(|(span, _)| *span)))
    }

    /// Whether any error (not warning) was recorded.
    pub fn has_errors(&self) -> bool {
        self.list.iter().any(|d| d.severity == Severity::Error)
    }

    /// The files with at least one error. Ask once, not once per file: a
    /// scan of every problem per file grows with the square of a large
    /// site's warnings.
    pub fn files_with_errors(&self) -> std::collections::HashSet<FileId> {
        self.list
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| d.span.file)
            .collect()
    }

    /// Number of problems of a severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.list.iter().filter(|d| d.severity == severity).count()
    }

    /// Whether nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The problems sorted by (path, offset, message), the order both printers use.
    pub fn sorted(&self, sources: &Sources) -> Vec<&Diagnostic> {
        let mut list: Vec<&Diagnostic> = self.list.iter().collect();
        // The message is formatted once per problem, not per comparison.
        list.sort_by_cached_key(|d| {
            (
                sources.path(d.span.file),
                d.span.start,
                d.problem.to_string(),
            )
        });
        list.dedup_by(|a, b| a == b);
        list
    }

    /// Moves every problem of `other` into this list.
    pub fn extend(&mut self, other: Diagnostics) {
        self.list.extend(other.list);
    }

    /// Keeps only the problems `keep` says to (issue 16: another language
    /// keeps those of its own files).
    pub fn retain(&mut self, keep: impl FnMut(&Diagnostic) -> bool) {
        self.list.retain(keep);
    }
}

/// The candidate nearest to `word` by edit distance, if it is close enough to
/// be a plausible typo. Shared by every "did you mean" in the crate.
///
/// ```
/// use dossier::diagnostic::nearest;
/// assert_eq!(nearest("contries", ["countries", "actors"]), Some("countries"));
/// assert_eq!(nearest("zzz", ["countries", "actors"]), None);
/// ```
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    // Edit distance costs the product of the lengths: a 10,000-character
    // "word" is no typo of a slug, and must not cost seconds per candidate.
    if word.len() > 64 {
        return None;
    }
    let word = word.to_lowercase();
    candidates
        .into_iter()
        .filter(|c| c.len() <= 64)
        .map(|c| (strsim::osa_distance(&word, &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= (c.chars().count().max(word.chars().count()) / 3).max(1))
        .min_by_key(|(d, c)| (*d, *c))
        .map(|(_, c)| c)
}

/// "did you mean `x`?" for the nearest candidate, if any.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    nearest(word, candidates).map(|c| format!("did you mean `{c}`?"))
}

/// Prints the problems for people: `path:line:column: error: message` first
/// (the line editors and CI problem matchers parse), then the source line with
/// a marker, then the suggestion.
pub fn human(diagnostics: &Diagnostics, sources: &Sources, color: bool) -> String {
    human_with_limit(diagnostics, sources, color, usize::MAX)
}

/// [`human`], with at most `max_warnings` warnings printed in full (every
/// error always is) and a line counting the others: `build` on a large site
/// must not bury its summary under thousands of warnings that `check` lists.
pub fn human_with_limit(
    diagnostics: &Diagnostics,
    sources: &Sources,
    color: bool,
    max_warnings: usize,
) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    let mut warnings = 0usize;
    for d in diagnostics.sorted(sources) {
        if d.severity == Severity::Warning {
            warnings += 1;
            if warnings > max_warnings {
                continue;
            }
        }
        let at = sources.line_col(d.span);
        let path = sources.path(d.span.file).display().to_string();
        let severity = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let _ = writeln!(
            out,
            "{path}:{}:{}: {severity}: {}",
            at.line, at.column, d.problem
        );
        let level = match d.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let note_paths: Vec<String> = d
            .notes
            .iter()
            .map(|(span, _)| sources.path(span.file).display().to_string())
            .collect();
        let mut group = Group::with_level(level).element(snippet(sources, d.span, &path, None));
        for ((span, note), note_path) in d.notes.iter().zip(&note_paths) {
            group = group.element(snippet(sources, *span, note_path, Some(note)));
        }
        if let Some(help) = &d.help {
            group = group.element(Level::HELP.message(help.clone()));
        }
        let _ = writeln!(out, "{}\n", renderer.render(&[group]));
    }
    if warnings > max_warnings {
        let _ = writeln!(
            out,
            "… and {} more warnings: `dossier check` lists them all\n",
            warnings - max_warnings
        );
    }
    let (errors, warnings) = (
        diagnostics.count(Severity::Error),
        diagnostics.count(Severity::Warning),
    );
    if errors + warnings > 0 {
        let _ = writeln!(
            out,
            "{errors} error{}, {warnings} warning{}",
            plural(errors),
            plural(warnings)
        );
    }
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The source line of a span as an annotate-snippets snippet, marked from
/// the span's start to its end (or one character, for a point).
fn snippet<'a>(
    sources: &'a Sources,
    span: Span,
    path: &'a str,
    label: Option<&'a str>,
) -> Snippet<'a, annotate_snippets::Annotation<'a>> {
    let at = sources.line_col(span);
    let file = &sources.files[span.file.0 as usize];
    let mut line_start = file.lines()[at.line - 1];
    let mut line = sources.line_text(span.file, at.line);
    // The excerpt shows what editors show: no byte order mark.
    if let Some(rest) = line.strip_prefix('\u{feff}') {
        line = rest;
        line_start += 3;
    }
    let within = |offset: u32| floor_char(line, (offset as usize).saturating_sub(line_start));
    let start = within(span.start);
    let end = within(span.end).max(start);
    let end = if end == start {
        line[start..]
            .chars()
            .next()
            .map_or(start, |c| start + c.len_utf8())
    } else {
        end
    };
    let mut annotation = AnnotationKind::Primary.span(start..end);
    if let Some(label) = label {
        annotation = annotation.label(label);
    }
    Snippet::source(line)
        .line_start(at.line)
        .path(path)
        .fold(false)
        .annotation(annotation)
}

/// The largest character boundary of `text` at or before `index`.
pub fn floor_char(text: &str, index: usize) -> usize {
    let mut index = index.min(text.len());
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

/// One problem as DESIGN §5's JSON object.
#[derive(Serialize)]
struct JsonProblem<'a> {
    file: String,
    line: usize,
    column: usize,
    severity: Severity,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
}

/// Prints the problems as one JSON array, for editors and CI (DESIGN §5).
pub fn json(diagnostics: &Diagnostics, sources: &Sources) -> String {
    let list: Vec<JsonProblem> = diagnostics
        .sorted(sources)
        .into_iter()
        .map(|d| {
            let at = sources.line_col(d.span);
            JsonProblem {
                file: sources
                    .path(d.span.file)
                    .to_string_lossy()
                    .replace('\\', "/"),
                line: at.line,
                column: at.column,
                severity: d.severity,
                message: d.problem.to_string(),
                help: d.help.as_deref(),
            }
        })
        .collect();
    serde_json::to_string_pretty(&list).expect("problems serialize to JSON")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hash a document keeps of the text after `front`.
    fn rest(text: &str, front: usize) -> u128 {
        xxhash_rust::xxh3::xxh3_128(&text.as_bytes()[front..])
    }

    /// A file of `text` at `a.md` in a new folder, registered in a table.
    fn released_file(text: &str) -> (tempfile::TempDir, Sources, FileId) {
        let dir = tempfile::tempdir().expect("a temporary folder");
        std::fs::write(dir.path().join("a.md"), text).expect("writable");
        let mut sources = Sources::default();
        let file = sources.add("a.md", text.to_string());
        (dir, sources, file)
    }

    #[test]
    fn a_released_file_reads_its_body_again_and_keeps_its_front_positions() {
        let text = "---\ntitle: Été\n---\nLe corps, ligne 4.\nLigne 5.\n";
        let front = text.find("Le corps").unwrap();
        let (dir, mut sources, file) = released_file(text);
        let digest = sources.digest(file);
        let title = Span::new(file, 11, 14);
        let before = (
            sources.line_col(title),
            sources.line_text(file, 2).to_string(),
        );
        sources.release(dir.path(), file, front, rest(text, front));
        assert_eq!(sources.text(file), &text[..front]);
        assert_eq!(sources.digest(file), digest);
        // The lines found before are found again in what is kept: the
        // body's first line starts where the text now ends.
        assert_eq!(sources.line_text(file, 4), "");
        assert_eq!(
            (
                sources.line_col(title),
                sources.line_text(file, 2).to_string()
            ),
            before
        );
        let body = sources.text_after(file, front).expect("unchanged on disk");
        assert!(matches!(body, std::borrow::Cow::Owned(_)));
        assert_eq!(body, &text[front..]);
        // Released once: a second release changes nothing.
        sources.release(dir.path(), file, 3, rest(text, 3));
        assert_eq!(sources.text(file), &text[..front]);
    }

    #[test]
    fn a_problem_in_a_released_body_makes_its_file_whole_again_for_the_report() {
        let text = "---\ntitle: a\n---\nLigne 4.\nUn [[lien]] ici.\n";
        let front = text.find("Ligne 4").unwrap();
        let (dir, mut sources, file) = released_file(text);
        let whole = Sources::default();
        let mut diags = Diagnostics::default();
        let at = text.find("[[lien]]").unwrap();
        diags.push(Diagnostic::error(
            Span::new(file, at, at + 8),
            Problem::ChangedDuringBuild,
        ));
        let mut expected = whole;
        let kept = expected.add("a.md", text.to_string());
        assert_eq!(kept, file);
        sources.release(dir.path(), file, front, rest(text, front));
        // Lines found in the front matter alone are found again once the
        // file is whole.
        assert_eq!(sources.line_col(Span::new(file, 4, 9)).line, 2);
        sources.restore_quoted(&diags);
        assert!(!sources.is_released(file));
        assert_eq!(sources.text(file), text);
        assert_eq!(
            human(&diags, &sources, false),
            human(&diags, &expected, false)
        );
        assert!(human(&diags, &sources, false).contains("5 | Un [[lien]] ici."));
        // A problem within the front matter leaves the file released.
        sources.release(dir.path(), file, front, rest(text, front));
        let mut in_front = Diagnostics::default();
        in_front.push(Diagnostic::error(
            Span::new(file, 4, 9),
            Problem::ChangedDuringBuild,
        ));
        sources.restore_quoted(&in_front);
        assert!(sources.is_released(file));
        // Changed on disk since: still released, and the report is made
        // without the line rather than with another version's.
        std::fs::write(dir.path().join("a.md"), text.replace("lien", "LIEN")).unwrap();
        sources.restore_quoted(&diags);
        assert!(sources.is_released(file));
        let report = human(&diags, &sources, false);
        assert!(report.contains("a.md:"), "{report}");
        assert!(!report.contains("LIEN"), "{report}");
    }

    #[test]
    fn a_file_changed_or_gone_since_it_was_read_is_an_error_not_another_text() {
        let text = "---\ntitle: a\n---\nbody\n";
        let front = text.find("body").unwrap();
        let (dir, mut sources, file) = released_file(text);
        sources.release(dir.path(), file, front, rest(text, front));
        // Same length, other bytes: the hash tells them apart.
        std::fs::write(dir.path().join("a.md"), text.replace("body", "BODY")).unwrap();
        let error = sources.text_after(file, front).unwrap_err();
        assert_eq!(error.problem, Problem::ChangedDuringBuild);
        assert_eq!(error.span, Span::new(file, 0, 0));
        // Shorter: the body is not all there.
        std::fs::write(dir.path().join("a.md"), &text[..text.len() - 1]).unwrap();
        let error = sources.text_after(file, front).unwrap_err();
        assert_eq!(error.problem, Problem::ChangedDuringBuild);
        // Longer, the loaded bytes in place: what was loaded is read.
        std::fs::write(dir.path().join("a.md"), format!("{text}more\n")).unwrap();
        assert_eq!(sources.text_after(file, front).unwrap(), "body\n");
        std::fs::remove_file(dir.path().join("a.md")).unwrap();
        let error = sources.text_after(file, front).unwrap_err();
        assert!(
            matches!(error.problem, Problem::Unreadable(_)),
            "{:?}",
            error.problem
        );
    }

    #[test]
    fn a_file_not_released_lends_its_text() {
        let text = "---\ntitle: a\n---\nbody\n";
        let front = text.find("body").unwrap();
        let (dir, mut sources, file) = released_file(text);
        // A front at or past the end, or inside a character, releases nothing.
        sources.release(dir.path(), file, text.len(), rest(text, text.len()));
        let body = sources.text_after(file, front).unwrap();
        assert!(matches!(body, std::borrow::Cow::Borrowed("body\n")));
        let other = sources.add("b.md", "é".to_string());
        sources.release(dir.path(), other, 1, 0);
        assert_eq!(sources.text(other), "é");
    }

    fn at(text: &str, offset: usize) -> (usize, usize) {
        let mut sources = Sources::default();
        let file = sources.add("f", text.to_string());
        let lc = sources.line_col(Span::new(file, offset, offset));
        (lc.line, lc.column)
    }

    #[test]
    fn first_line_first_column_is_one_one() {
        assert_eq!(at("abc", 0), (1, 1));
        assert_eq!(at("abc", 2), (1, 3));
    }

    #[test]
    fn crlf_lines_count_once() {
        let text = "a\r\nbc\r\nd";
        assert_eq!(at(text, 3), (2, 1));
        assert_eq!(at(text, 4), (2, 2));
        assert_eq!(at(text, 7), (3, 1));
    }

    #[test]
    fn bom_is_not_a_column() {
        let text = "\u{feff}title: x";
        assert_eq!(at(text, 3), (1, 1));
        assert_eq!(at(text, 10), (1, 8));
    }

    #[test]
    fn accented_characters_are_one_column() {
        let text = "é è x";
        assert_eq!(at(text, "é è ".len()), (1, 5));
    }

    #[test]
    fn offset_of_inverts_line_col_in_a_slice() {
        let mut sources = Sources::default();
        let file = sources.add("f", "---\ntitle: é\nfoo: x\n---\n".to_string());
        assert_eq!(sources.offset_of(file, 4, 2, 1), 4 + "title: é\n".len());
        assert_eq!(sources.offset_of(file, 4, 1, 8), 4 + "title: ".len());
    }

    #[test]
    fn nearest_suggests_close_keys_only() {
        assert_eq!(
            nearest("contries", ["countries", "actors"]),
            Some("countries")
        );
        assert_eq!(nearest("titel", ["title", "date"]), Some("title"));
        assert_eq!(nearest("color", ["title", "date"]), None);
    }

    #[test]
    fn control_characters_are_found_where_they_are() {
        let file = FileId(0);
        let text = "a\tb\r\nc\u{b}d é«\u{a0}» \u{0}\u{85}\u{fffe}\u{1fffe}\u{10ffff}\u{fdd0}x";
        let found: Vec<(u32, u32, String)> = control_characters(file, text)
            .into_iter()
            .map(|d| (d.span.start, d.span.end, d.problem.to_string()))
            .collect();
        let at = |c: char| text.find(c).expect("in the text") as u32;
        assert_eq!(
            found,
            [
                (
                    at('\u{b}'),
                    at('\u{b}') + 1,
                    "invisible vertical tab (U+000B) here".to_string()
                ),
                (
                    at('\u{0}'),
                    at('\u{0}') + 1,
                    "invisible null character (U+0000) here".to_string()
                ),
                (
                    at('\u{85}'),
                    at('\u{85}') + 2,
                    "invisible control character (U+0085) here".to_string()
                ),
                (
                    at('\u{fffe}'),
                    at('\u{fffe}') + 3,
                    "invisible noncharacter (U+FFFE) here".to_string()
                ),
                (
                    at('\u{1fffe}'),
                    at('\u{1fffe}') + 4,
                    "invisible noncharacter (U+1FFFE) here".to_string()
                ),
                (
                    at('\u{10ffff}'),
                    at('\u{10ffff}') + 4,
                    "invisible noncharacter (U+10FFFF) here".to_string()
                ),
                (
                    at('\u{fdd0}'),
                    at('\u{fdd0}') + 3,
                    "invisible noncharacter (U+FDD0) here".to_string()
                ),
            ]
        );
        assert!(control_characters(file, "Sénégal « x » ’ — 💥\r\n\t").is_empty());
    }

    /// The reference [`control_characters`] must agree with: every
    /// character, one by one.
    fn controls_one_by_one(text: &str) -> Vec<(usize, u32)> {
        text.char_indices()
            .filter(|(_, c)| {
                let code = u32::from(*c);
                (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
                    || (0xfdd0..=0xfdef).contains(&code)
                    || code & 0xfffe == 0xfffe
            })
            .map(|(i, c)| (i, u32::from(c)))
            .collect()
    }

    proptest::proptest! {
        /// The block-skipping scan finds what a scan of every character
        /// finds, wherever the characters fall against the blocks.
        #[test]
        fn control_characters_match_a_scan_of_every_character(
            text in "([a-z é«»\n\t]{0,70}[\u{0}-\u{1f}\u{7f}-\u{9f}\u{fdd0}\u{fffe}\u{ffff}\u{1fffe}]?){0,6}",
        ) {
            let fast: Vec<(usize, u32)> = control_characters(FileId(0), &text)
                .iter()
                .map(|d| match d.problem {
                    Problem::ControlCharacter { code, .. } => (d.span.start as usize, code),
                    _ => unreachable!("only control characters are reported"),
                })
                .collect();
            proptest::prop_assert_eq!(fast, controls_one_by_one(&text));
        }
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// line:column counts lines and characters the way an editor does,
        /// for any text (CRLF, BOM and accents included) and any byte offset.
        #[test]
        fn line_col_matches_a_naive_count(
            text in "\u{feff}?([a-zé€\u{1F600} \t]{0,8}(\n|\r\n)?){0,8}",
            offset in 0usize..200,
        ) {
            let mut sources = Sources::default();
            let file = sources.add("f", text.clone());
            let at = sources.line_col(Span::new(file, offset, offset));
            let offset = floor_char(&text, offset);
            let before = &text[..offset];
            prop_assert_eq!(at.line, before.matches('\n').count() + 1);
            let line_start = before.rfind('\n').map_or(0, |i| i + 1);
            let mut column = before[line_start..].chars().count() + 1;
            if line_start == 0 && text.starts_with('\u{feff}') && offset >= 3 {
                column -= 1;
            }
            prop_assert_eq!(at.column, column);
            // The excerpt printer accepts every such span.
            let mut diags = Diagnostics::default();
            diags.push(Diagnostic::error(Span::new(file, offset, offset + 3), Problem::NotAMapping));
            let _ = human(&diags, &sources, false);
        }
    }
}
