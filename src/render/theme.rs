//! The theme: the default templates compiled into the binary, overridden
//! file by file by a site's own `templates/` (DESIGN §6), loaded into Tera.
//!
//! Template problems become diagnostics at the template's own
//! `path:line:column`; files under `assets/` are not templates but files
//! copied to the output as they are.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use tera::Tera;

use crate::diagnostic::{Diagnostic, Diagnostics, FileId, Problem, Sources, Span};

include!(concat!(env!("OUT_DIR"), "/theme.rs"));

/// Which files are templates (the rest is copied verbatim).
pub fn is_template(name: &str) -> bool {
    !name.starts_with("assets/")
        && (name.ends_with(".html") || name.ends_with(".xml") || name.ends_with(".txt"))
}

/// The loaded theme.
pub struct Templates {
    /// Every template, compiled, with our filters registered.
    pub tera: Tera,
    /// Files under `assets/`: (path under assets/, bytes).
    pub assets: Vec<(String, Vec<u8>)>,
    /// Template name → file in [`Sources`], to locate errors.
    pub files: HashMap<String, FileId>,
}

impl Templates {
    /// Whether template `user` is `name` or uses it: extends, includes or
    /// imports it, directly or through other templates. Read from the names
    /// quoted in the templates' text, which is what those tags take; `serve`
    /// re-renders the pages of the users of a saved template (issue #3).
    pub fn uses(&self, user: &str, name: &str, sources: &Sources) -> bool {
        let mut seen: Vec<&str> = vec![user];
        let mut next = 0;
        while let Some(current) = seen.get(next).copied() {
            if current == name {
                return true;
            }
            next += 1;
            let Some(file) = self.files.get(current) else {
                continue;
            };
            let text = sources.text(*file);
            for other in self.files.keys() {
                let quoted = [format!("\"{other}\""), format!("'{other}'")];
                if !seen.contains(&other.as_str()) && quoted.iter().any(|q| text.contains(q)) {
                    seen.push(other);
                }
            }
        }
        false
    }
}

/// Loads the built-in theme and a site's overrides from `<root>/templates/`:
/// the templates, `None` when one does not compile (the problems are pushed,
/// every template's at once), and the names of the files under `assets/`
/// (which the plan needs whether the templates compile or not).
pub fn load(
    root: &Path,
    sources: &mut Sources,
    diags: &mut Diagnostics,
) -> (Option<Templates>, Vec<String>) {
    let mut files: BTreeMap<String, (String, Vec<u8>)> = THEME
        .iter()
        .map(|(name, bytes)| {
            (
                name.to_string(),
                (format!("(built-in theme) templates/{name}"), bytes.to_vec()),
            )
        })
        .collect();
    let site_templates = root.join("templates");
    let mut own: Vec<String> = Vec::new();
    if site_templates.is_dir() {
        // Links are followed, as for `content/` and `static/`, but never
        // out of the site: a linked override was left out in silence
        // (issue #19).
        let real_root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        for entry in walkdir::WalkDir::new(&site_templates)
            .sort_by(crate::content::by_name)
            .follow_links(true)
            .into_iter()
            .flatten()
        {
            if !entry.file_type().is_file() {
                continue;
            }
            let Ok(rel) = entry.path().strip_prefix(&site_templates) else {
                continue;
            };
            let name = rel.to_string_lossy().replace('\\', "/");
            if name.split('/').any(|p| p.starts_with('.')) {
                continue;
            }
            let inside =
                std::fs::canonicalize(entry.path()).is_ok_and(|p| p.starts_with(&real_root));
            if !inside {
                let file = sources.add(format!("templates/{name}"), String::new());
                diags.push(Diagnostic::error(
                    Span::new(file, 0, 0),
                    Problem::Unreadable(
                        "it is a link to a file outside the site; dossier reads only files inside the site"
                            .to_string(),
                    ),
                ));
                continue;
            }
            if !THEME.iter().any(|(theme, _)| *theme == name) {
                own.push(name.clone());
            }
            match std::fs::read(entry.path()) {
                Ok(bytes) => {
                    files.insert(name.clone(), (format!("templates/{name}"), bytes));
                }
                Err(error) => {
                    let file = sources.add(format!("templates/{name}"), String::new());
                    diags.push(Diagnostic::error(
                        Span::new(file, 0, 0),
                        Problem::Unreadable(error.to_string()),
                    ));
                }
            }
        }
    }

    let mut assets = Vec::new();
    let mut templates: Vec<(String, String)> = Vec::new();
    let mut ids = HashMap::new();
    for (name, (path, bytes)) in files {
        if !is_template(&name) {
            if let Some(asset) = name.strip_prefix("assets/") {
                assets.push((asset.to_string(), bytes));
            }
            continue;
        }
        match String::from_utf8(bytes) {
            Ok(text) => {
                ids.insert(name.clone(), sources.add(path, text.clone()));
                templates.push((name, text));
            }
            Err(error) => {
                let valid = error.utf8_error().valid_up_to();
                let file =
                    sources.add(path, String::from_utf8_lossy(error.as_bytes()).into_owned());
                diags.push(Diagnostic::error(
                    Span::new(file, valid, valid + 1),
                    Problem::NotUtf8(valid),
                ));
            }
        }
    }

    let names: Vec<String> = assets.iter().map(|(name, _)| name.clone()).collect();
    // Syntax errors first, template by template, so that every broken
    // template is reported, not only the first one Tera meets.
    let mut broken = false;
    for (name, text) in &templates {
        let mut alone = Tera::new();
        if let Err(error) = alone.add_raw_template(name, text)
            && matches!(error.kind(), tera::ErrorKind::SyntaxError(_))
        {
            diags.push(diagnostic(&error, &ids, sources, None));
            broken = true;
        }
    }
    if broken {
        return (None, names);
    }
    let mut tera = Tera::new();
    register(&mut tera);
    if let Err(error) =
        tera.add_raw_templates(templates.iter().map(|(n, t)| (n.as_str(), t.as_str())))
    {
        for d in reports(&error, &ids, sources) {
            diags.push(d);
        }
        return (None, names);
    }
    let templates = Templates {
        tera,
        assets,
        files: ids,
    };
    unused_overrides(&templates, &own, sources, diags);
    (Some(templates), names)
}

/// Warns of a site's template that replaces none of the theme's and that
/// no template uses: a misspelt override (`templates/bsae.html`) changed
/// nothing, in silence (issue #19). A new partial that an override
/// includes is used, and fine.
fn unused_overrides(
    templates: &Templates,
    own: &[String],
    sources: &Sources,
    diags: &mut Diagnostics,
) {
    let theme: Vec<&str> = THEME
        .iter()
        .map(|(name, _)| *name)
        .filter(|name| is_template(name))
        .collect();
    for name in own.iter().filter(|name| is_template(name)) {
        let used = templates
            .files
            .keys()
            .filter(|other| *other != name)
            .any(|other| templates.uses(other, name, sources));
        if used {
            continue;
        }
        let Some(&file) = templates.files.get(name) else {
            continue;
        };
        let help = match crate::diagnostic::nearest(name, theme.iter().copied()) {
            Some(near) => {
                format!("to change the theme's `{near}`, name the file `templates/{near}`")
            }
            None => format!(
                "a site's templates replace the theme's of the same name: {}",
                theme
                    .iter()
                    .filter(|t| !t.contains('/'))
                    .copied()
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        diags.push(
            Diagnostic::warning(Span::new(file, 0, 0), Problem::UnusedTemplate(name.clone()))
                .with_help(help),
        );
    }
}

/// Our own filters and functions (DESIGN §7: not tera-contrib's). Kept
/// empty of site data: contexts carry everything a template prints.
fn register(tera: &mut Tera) {
    tera.register_filter("at_level", at_level);
}

/// `{{ brief.card | at_level(level=3) }}`: a card rendered once per build
/// (`BriefSummary::card`), its title at heading level `level` (1 to 6).
/// As safe as the text it is given: it only writes the level's digit.
fn at_level(
    card: tera::StringInput,
    kwargs: tera::Kwargs,
    _: &tera::State,
) -> tera::TeraResult<tera::Value> {
    let level = kwargs.must_get::<i64>("level")?;
    if !(1..=6).contains(&level) {
        return Err(tera::Error::message(format!(
            "`at_level` takes a heading level from 1 to 6, not {level}"
        )));
    }
    let out = card
        .as_str()
        .replace(super::context::LEVEL_MARK, &level.to_string());
    Ok(card.inherit_safety(out))
}

/// A Tera error as a diagnostic at its template position; `rendering` names
/// the page being rendered and its template, for runtime errors.
pub fn diagnostic(
    error: &tera::Error,
    files: &HashMap<String, FileId>,
    sources: &Sources,
    rendering: Option<(&str, &str)>,
) -> Diagnostic {
    let report = match error.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            Some(report)
        }
        _ => None,
    };
    let while_rendering = rendering.map(|(p, _)| format!("while rendering the page `{p}`"));
    match report.and_then(|r| files.get(r.filename()).map(|f| (r, *f))) {
        Some((report, file)) => {
            let range = report.span().range.clone();
            let text = sources.text(file);
            let start = range.start.min(text.len());
            let span = Span::new(file, start, range.end.min(text.len()));
            let before = text.get(..start).unwrap_or("");
            let help = match (card_by_level(before), while_rendering) {
                (Some(card), Some(page)) => Some(format!("{card}; {page}")),
                (card, page) => card.map(str::to_string).or(page),
            };
            Diagnostic::error(span, Problem::Template(template_message(report.message())))
                .with_help_opt(help)
        }
        None => {
            let mut message = error.to_string();
            let mut source = std::error::Error::source(error);
            while let Some(inner) = source {
                message = format!("{message}: {inner}");
                source = inner.source();
            }
            // Without a position from Tera: the template the message names,
            // else the one being rendered (never an unrelated first file).
            let rendered = rendering.and_then(|(_, template)| files.get(template).copied());
            let file = page_template(&message, files)
                .or(rendered)
                .unwrap_or_else(|| *files.values().min().expect("a theme has templates"));
            Diagnostic::error(
                Span::new(file, 0, 0),
                Problem::Template(template_message(&message)),
            )
            .with_help_opt(while_rendering)
        }
    }
}

/// The template a free-text Tera message names, if any.
fn page_template(message: &str, files: &HashMap<String, FileId>) -> Option<FileId> {
    let mut names: Vec<&String> = files.keys().collect();
    names.sort();
    names
        .into_iter()
        .find(|name| message.contains(name.as_str()))
        .map(|name| files[name])
}

/// Tera's message with its first letter lowercased, as ours are.
fn template_message(message: &str) -> String {
    let mut chars = message.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// What to write instead of `brief.card["h3"]`, for a theme written
/// before a card was kept once with its level left open (issue 17), when
/// the problem is at such an index.
fn card_by_level(before: &str) -> Option<&'static str> {
    before.trim_end().ends_with("card[").then_some(
        "`brief.card` is one text with its heading level left open: \
         print it with `{{ brief.card | at_level(level=card_level) }}`",
    )
}

/// Tera joins the problems of a whole theme into one message made of
/// reports (`error: …` then `--> name:line:col`); this splits them back into
/// one located diagnostic each.
fn reports(
    error: &tera::Error,
    files: &HashMap<String, FileId>,
    sources: &Sources,
) -> Vec<Diagnostic> {
    let text = error.to_string();
    let mut out = Vec::new();
    let mut message: Option<&str> = None;
    for line in text.lines() {
        if let Some(m) = line.strip_prefix("error: ") {
            message = Some(m);
        } else if let (Some(m), Some(at)) = (message, line.trim_start().strip_prefix("--> ")) {
            let mut parts = at.rsplitn(3, ':');
            let col = parts.next().and_then(|c| c.parse::<usize>().ok());
            let line_no = parts.next().and_then(|l| l.parse::<usize>().ok());
            let name = parts.next();
            if let (Some(col), Some(line_no), Some(file)) =
                (col, line_no, name.and_then(|n| files.get(n)))
            {
                let offset = sources.offset_of(*file, 0, line_no, col);
                out.push(Diagnostic::error(
                    Span::new(*file, offset, offset),
                    Problem::Template(template_message(m)),
                ));
                message = None;
            }
        }
    }
    if out.is_empty() {
        out.push(diagnostic(error, files, sources, None));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_level_writes_the_level_where_the_card_left_it_open_and_keeps_its_safety() {
        let mut tera = Tera::new();
        register(&mut tera);
        tera.add_raw_template("t.html", "{{ card | at_level(level=n) }}")
            .expect("the template parses");
        let render = |card: tera::Value, n: i64| {
            let mut context = tera::Context::new();
            context.insert("card", &card);
            context.insert("n", &n);
            tera.render("t.html", &context)
        };
        let card = "<h\u{1}>Mali & Niger</h\u{1}>";
        assert_eq!(
            render(tera::Value::safe_string(card), 4).expect("renders"),
            "<h4>Mali & Niger</h4>"
        );
        // A text that is not safe stays escaped.
        assert_eq!(
            render(tera::Value::from(card), 2).expect("renders"),
            "&lt;h2&gt;Mali &amp; Niger&lt;/h2&gt;"
        );
        let error = render(tera::Value::safe_string(card), 7).expect_err("no h7 in HTML");
        assert!(
            format!("{error:?}").contains("from 1 to 6, not 7"),
            "{error:?}"
        );
    }

    #[test]
    fn a_template_uses_what_it_extends_and_includes_through_others() {
        let site = tempfile::tempdir().expect("a temporary folder");
        let mut sources = Sources::default();
        let mut diags = Diagnostics::default();
        let templates = load(site.path(), &mut sources, &mut diags)
            .0
            .expect("the theme loads");
        assert!(templates.uses("brief.html", "brief.html", &sources));
        assert!(templates.uses("brief.html", "base.html", &sources));
        assert!(templates.uses("brief.html", "partials/brief-card.html", &sources));
        assert!(!templates.uses("brief.html", "partials/country-card.html", &sources));
        assert!(!templates.uses("base.html", "brief.html", &sources));
    }

    /// The stylesheet's blocks are closed, each where it opened: a rule
    /// cut in half (as a bad merge leaves it) makes browsers drop every
    /// rule after it, which no page test would notice. The CSS validator
    /// of CI says more; this says it in `cargo test`.
    #[test]
    fn the_stylesheet_closes_every_block() {
        let css = include_str!("../../templates/assets/dossier.css");
        let mut depth = 0usize;
        let mut rest = css;
        let mut line = 1;
        while let Some(at) = rest.find(['{', '}', '/', '\n']) {
            let (c, after) = (rest.as_bytes()[at], &rest[at + 1..]);
            rest = after;
            match c {
                b'/' if after.starts_with('*') => {
                    let end = after.find("*/").expect("a comment is closed");
                    line += after[..end].matches('\n').count();
                    rest = &after[end + 2..];
                }
                b'{' => depth += 1,
                b'}' => {
                    depth = depth
                        .checked_sub(1)
                        .unwrap_or_else(|| panic!("line {line}: a `}}` closes nothing"));
                }
                b'\n' => line += 1,
                _ => {}
            }
            // A top-level rule never opens inside a declaration list.
            if c == b'{' && depth > 3 {
                panic!("line {line}: blocks nested {depth} deep: one was left open");
            }
        }
        assert_eq!(depth, 0, "a block is left open at the end");
    }
}
