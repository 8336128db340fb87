//! Splitting a content file into its front-matter block and its body, and
//! reading the block into a [`Document`].

use super::{DocId, Document, Invalid, Loaded, ParseMemo, Place, Text, kinds, scan_body};
use crate::diagnostic::{Diagnostic, Diagnostics, FileId, Problem, Span};
use crate::slug::Slug;
use crate::tradecraft::yardstick::Yardstick;
use crate::yaml::{self, Block, Fields};

/// Where the parts of a file are, in bytes from the start of the file.
#[derive(Debug, PartialEq)]
pub struct Split {
    /// The YAML between the `---` lines.
    pub yaml: std::ops::Range<usize>,
    /// Everything after the closing line.
    pub body: usize,
}

/// Finds the front matter: a first line `---` (after an optional BOM), then
/// YAML, then a line `---` (or `...`). CRLF line endings work.
pub fn split(text: &str) -> Result<Split, Problem> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = &text[start..];
    let first_end = rest.find('\n').map_or(rest.len(), |i| i + 1);
    if rest[..first_end].trim_end() != "---" {
        return Err(Problem::NoFrontMatter);
    }
    let yaml_start = start + first_end;
    let mut offset = yaml_start;
    for line in text[yaml_start..].split_inclusive('\n') {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            return Ok(Split {
                yaml: yaml_start..offset,
                body: offset + line.len(),
            });
        }
        offset += line.len();
    }
    Err(Problem::UnclosedFrontMatter)
}

/// Reads one content file at `place` into a document. Problems are pushed.
/// A file whose front matter cannot be read is [`Loaded::Invalid`], with
/// the id its path gives, so that links to it do not turn into further
/// errors; `None` only when not even an id can be made (a file name that
/// is no slug). A key point's `likelihood` is read with `yardstick`. The
/// body's links and the front matter's YAML come from `memo` when it
/// knows their text. `text` is the whole file, or its front matter alone
/// when its body is known without it.
pub fn document(
    place: &Place,
    file: FileId,
    text: Text<'_>,
    yardstick: Yardstick,
    memo: &ParseMemo,
    diags: &mut Diagnostics,
) -> Option<Loaded> {
    let Text { text, body } = text;
    let (kind, stem) = (place.kind, place.stem.as_str());
    let controls = crate::diagnostic::control_characters(file, text);
    let first_control = controls.first().map(|d| d.span.start as usize);
    for problem in controls {
        diags.push(problem);
    }
    let from_path = |links: Vec<super::BodyLink>| {
        Slug::parse(stem).ok().map(|slug| {
            Loaded::Invalid(Invalid {
                id: DocId { kind, slug },
                file,
                title: None,
                refs: Vec::new(),
                links,
            })
        })
    };
    let split = match split(text) {
        Ok(split) => split,
        Err(problem) => {
            let end = text.find('\n').unwrap_or(text.len()).min(3);
            let help = match problem {
                Problem::NoFrontMatter => Some(format!(
                    "start the file with `---`, the fields of {} (such as `{}: …`), then `---`",
                    kind.article(),
                    kinds::allowed_fields(kind)[0]
                )),
                _ => None,
            };
            diags.push(Diagnostic::error(Span::new(file, 0, end), problem).with_help_opt(help));
            return from_path(Vec::new());
        }
    };
    let block = Block {
        file,
        text: &text[split.yaml.clone()],
        base: split.yaml.start,
    };
    let (body_hash, links) = body.read(text, split.body, memo);
    let links = scan_body(place, links, split.body, file, diags);
    // The YAML parser refuses control characters too: they are reported
    // once, above, and the front matter is not read (issue #11).
    if first_control.is_some_and(|at| at < split.body) {
        return from_path(links);
    }
    let Some(map) = yaml::parse_with(block, diags, memo) else {
        return from_path(links);
    };
    let mut fields = Fields::new(block, map, kind.article(), diags);
    let slug_field = fields
        .has("slug")
        .then(|| (fields.value_span("slug"), fields.text("slug")));
    // Where the id is written: the `slug:` value, else the file's first line.
    let id_span = match &slug_field {
        Some((span, Some(_))) => *span,
        _ => Span::new(file, 0, text.find(['\r', '\n']).unwrap_or(text.len())),
    };
    let slug = match slug_field {
        Some((span, Some(text))) => match Slug::parse(&text) {
            Ok(slug) => Some(slug),
            Err(reason) => {
                let help = Slug::from_title(&text).map(|s| format!("write `slug: {s}`"));
                fields.push(
                    Diagnostic::error(
                        span,
                        Problem::BadValue {
                            field: "slug".to_string(),
                            reason,
                        },
                    )
                    .with_help_opt(help),
                );
                None
            }
        },
        _ => match Slug::parse(stem) {
            Ok(slug) => Some(slug),
            Err(reason) => {
                let help = Slug::from_title(stem)
                    .map(|s| format!("rename the file to `{s}.md`, or add a line `slug: {s}`"));
                fields.push(
                    Diagnostic::error(
                        fields.anchor(),
                        Problem::BadValue {
                            field: "file name".to_string(),
                            reason,
                        },
                    )
                    .with_help_opt(help),
                );
                None
            }
        },
    };
    // `title` (or `name`) comes first in every kind's fields.
    let title_span = fields.value_span(kinds::allowed_fields(kind)[0]);
    let reading = kinds::Reading {
        yardstick,
        first_line: Span::new(file, 0, text.find(['\r', '\n']).unwrap_or(text.len())),
    };
    let meta = kinds::read(place, &mut fields, reading);
    let id = DocId { kind, slug: slug? };
    let meta = match meta {
        Ok(meta) => meta,
        Err(unread) => {
            return Some(Loaded::Invalid(Invalid {
                id,
                file,
                title: unread.title,
                refs: unread.refs,
                links,
            }));
        }
    };
    Some(Loaded::Valid(Document {
        id,
        file,
        meta,
        body_offset: split.body,
        body_hash,
        id_span,
        title_span,
        links,
        plain: None,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_lf_crlf_and_bom() {
        let lf = "---\ntitle: x\n---\nbody\n";
        assert_eq!(
            split(lf).unwrap(),
            Split {
                yaml: 4..13,
                body: 17
            }
        );
        let crlf = "---\r\ntitle: x\r\n---\r\nbody\r\n";
        let s = split(crlf).unwrap();
        assert_eq!(&crlf[s.yaml.clone()], "title: x\r\n");
        assert_eq!(&crlf[s.body..], "body\r\n");
        let bom = "\u{feff}---\ntitle: x\n---\n";
        assert_eq!(&bom[split(bom).unwrap().yaml], "title: x\n");
    }

    #[test]
    fn reports_missing_and_unclosed_front_matter() {
        assert_eq!(split("# Title\n"), Err(Problem::NoFrontMatter));
        assert_eq!(split("---\ntitle: x\n"), Err(Problem::UnclosedFrontMatter));
        assert_eq!(split(""), Err(Problem::NoFrontMatter));
    }

    #[test]
    fn a_rule_in_the_body_is_not_front_matter() {
        let text = "---\ntitle: x\n---\nabove\n\n---\n\nbelow\n";
        let s = split(text).unwrap();
        assert!(text[s.body..].contains("---"));
    }
}
