//! Reading YAML blocks (`site.yaml`, front matter) into checked values, with
//! every problem located in the file.
//!
//! serde_yaml locates syntax errors only; a value that parses but is wrong (an
//! unknown key, a bad date, the third slug of a list) has no position from
//! serde. [`Fields`] finds those positions in the source text itself, with the
//! small locator at the bottom of this file, so that every diagnostic points
//! at the narrowest true span. It reports every problem and keeps going.

use std::ops::Range;

use chrono::NaiveDate;
use serde_yaml::{Mapping, Value};

use crate::date::{self, PartialDate};
use crate::diagnostic::{Diagnostic, Diagnostics, FileId, Problem, Span, did_you_mean};

/// A YAML text inside a file: the whole of `site.yaml`, or a front-matter block.
#[derive(Debug, Clone, Copy)]
pub struct Block<'a> {
    /// The file holding the block.
    pub file: FileId,
    /// The YAML text.
    pub text: &'a str,
    /// Byte offset of `text` in the file.
    pub base: usize,
}

impl Block<'_> {
    /// A span of the file from a range of the block.
    fn span(&self, range: Range<usize>) -> Span {
        Span::new(self.file, self.base + range.start, self.base + range.end)
    }
}

/// Parses a block that must be a mapping of `key: value` lines. An empty
/// block is an empty mapping. Syntax errors are pushed with their position in
/// the file; `None` means nothing usable was read.
pub fn parse(block: Block<'_>, diags: &mut Diagnostics) -> Option<Mapping> {
    parse_with(block, diags, &Parser)
}

/// Where [`parse_with`] gets the YAML value of a block's text.
pub trait Reader {
    /// The value of a text this reader has seen parse before. The checks
    /// made before parsing (nesting, tabs) passed then and would pass
    /// again, so they are not made: they were a tenth of reading a
    /// document's front matter (issue 17).
    fn known(&self, text: &str) -> Option<Value>;
    /// Parses `text`, exactly as `serde_yaml::from_str` does.
    fn read(&self, text: &str) -> Result<Value, serde_yaml::Error>;
}

/// The YAML parser itself, which knows no text beforehand.
struct Parser;

impl Reader for Parser {
    fn known(&self, _: &str) -> Option<Value> {
        None
    }

    fn read(&self, text: &str) -> Result<Value, serde_yaml::Error> {
        serde_yaml::from_str(text)
    }
}

/// Parses a block as [`parse`] does, with `reader` as the YAML parser: the
/// content's parse memo answers for texts it read in an earlier build
/// (issue 17), and must answer exactly what `serde_yaml::from_str` would.
pub fn parse_with(
    block: Block<'_>,
    diags: &mut Diagnostics,
    reader: &dyn Reader,
) -> Option<Mapping> {
    if block.text.trim().is_empty() {
        return Some(Mapping::new());
    }
    let read = match reader.known(block.text) {
        Some(value) => Ok(value),
        None => checked_read(block, diags, reader)?,
    };
    match read {
        Ok(Value::Mapping(map)) => Some(map),
        Ok(Value::Null) => Some(Mapping::new()),
        Ok(_) => {
            diags.push(
                Diagnostic::error(
                    block.span(0..first_line_len(block.text)),
                    Problem::NotAMapping,
                )
                .with_help("write one `field: value` per line, for example `title: \"Mali\"`"),
            );
            None
        }
        Err(error) => {
            // At the end of the block the parser has run out of text: the
            // culprit is on the last written line, not the closing `---`.
            let end = block.text.trim_end().len();
            let offset = error
                .location()
                .map_or(0, |at| offset_in(block.text, at.line(), at.column()))
                .min(end.saturating_sub(1));
            let offset = crate::diagnostic::floor_char(block.text, offset);
            let message = yaml_message(&error.to_string());
            if message.contains("repetition limit exceeded") {
                let at = block.text.find('*').unwrap_or(offset);
                diags.push(
                    Diagnostic::error(
                        block.span(at..at + 1),
                        Problem::Yaml(
                            "the aliases (`*name`) here expand to too much text".to_string(),
                        ),
                    )
                    .with_help("write the values out instead of repeating aliases of aliases"),
                );
                return None;
            }
            if let Some(number) = huge_number(&message) {
                diags.push(
                    Diagnostic::error(
                        block.span(offset..offset + number.len()),
                        Problem::Yaml(format!("`{number}` is too large a number")),
                    )
                    .with_help(
                        "numbers of front matter are counts and coordinates: check the digits",
                    ),
                );
                return None;
            }
            if message.contains("end of stream")
                && let Some(quote) = unclosed_quote(block.text)
            {
                diags.push(
                    Diagnostic::error(
                        block.span(quote..quote + 1),
                        Problem::Yaml("this quoted value is never closed".to_string()),
                    )
                    .with_help("end the value with the same quote on this line"),
                );
                return None;
            }
            if let Some(found) = duplicate_key(block.text, &message) {
                let key = block.text[found.clone()].to_string();
                diags.push(
                    Diagnostic::error(
                        block.span(found),
                        Problem::Yaml(format!("the field `{key}` is written twice")),
                    )
                    .with_help(format!("keep one `{key}:` line")),
                );
                return None;
            }
            diags.push(
                Diagnostic::error(block.span(offset..offset), Problem::Yaml(message))
                    .with_help_opt(yaml_help(block.text, offset)),
            );
            None
        }
    }
}

/// Checks a text the reader does not know, then parses it; `None` when a
/// check failed (the problem is pushed).
fn checked_read(
    block: Block<'_>,
    diags: &mut Diagnostics,
    reader: &dyn Reader,
) -> Option<Result<Value, serde_yaml::Error>> {
    if let Some(at) = too_deep(block.text) {
        diags.push(
            Diagnostic::error(
                block.span(at..at + 1),
                Problem::Yaml(format!(
                    "values are nested more than {MAX_DEPTH} levels deep here"
                )),
            )
            .with_help("front matter holds flat fields and short lists; remove the extra brackets"),
        );
        return None;
    }
    if let Some(tab) = leading_tab(block.text) {
        diags.push(
            Diagnostic::error(
                block.span(tab..tab + 1),
                Problem::Yaml("a tab is used for indentation".to_string()),
            )
            .with_help("YAML indents with spaces only: replace the tab with spaces"),
        );
        return None;
    }
    Some(reader.read(block.text))
}

/// For the parser's "duplicate entry with key" (which it places at the
/// mapping's start), the second top-level occurrence of the key.
fn duplicate_key(text: &str, message: &str) -> Option<Range<usize>> {
    let key = message
        .strip_prefix("duplicate entry with key ")?
        .trim_matches('"');
    let first = find_key(text, 0..text.len(), key, true)?;
    let second = find_key(text, first.key.end..text.len(), key, false)
        .filter(|f| f.key.start == 0 || text[..f.key.start].ends_with('\n'))?;
    Some(second.key)
}

/// How deep `[` and `{` may nest in a block. The YAML parser refuses deeper
/// values too, but only after scanning them in time that grows with the
/// square of their size; this check is one linear pass.
const MAX_DEPTH: usize = 64;

/// Where flow collections (`[`, `{`) first nest deeper than [`MAX_DEPTH`],
/// outside quoted text and comments.
fn too_deep(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut comment = false;
    let mut previous = '\n';
    for (at, c) in text.char_indices() {
        match (quote, c) {
            (_, '\n') => comment = false,
            _ if comment => {}
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '#') if previous.is_whitespace() => comment = true,
            (None, '"' | '\'') if !previous.is_alphanumeric() => quote = Some(c),
            (None, '[' | '{') => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some(at);
                }
            }
            (None, ']' | '}') => depth = depth.saturating_sub(1),
            _ => {}
        }
        previous = c;
    }
    None
}

/// The parser's message without its own "at line X column Y" (we print ours).
fn yaml_message(message: &str) -> String {
    let message = message.split(" at line ").next().unwrap_or(message);
    message
        .replace("did not find expected", "expected")
        .trim()
        .to_string()
}

/// A hint for the most common YAML slip: a value with `: ` inside, unquoted.
fn yaml_help(text: &str, offset: usize) -> Option<String> {
    let line_start = text[..offset.min(text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let line = text[line_start..].lines().next().unwrap_or("");
    let value = line.split_once(": ").map(|(_, v)| v)?;
    (value.contains(": ") || value.starts_with('@') || value.starts_with('`'))
        .then(|| "put the value in double quotes: `key: \"value: with a colon\"`".to_string())
}

/// The digits of a number too large for the YAML parser ("invalid type:
/// integer `123…` as u128"), from its message.
fn huge_number(message: &str) -> Option<&str> {
    let rest = message.split("integer `").nth(1)?;
    let (digits, after) = rest.split_once('`')?;
    (after.trim_start().starts_with("as u128") || after.trim_start().starts_with("as i128"))
        .then_some(digits)
}

/// Where a quoted value opens whose line never closes it: the commonest
/// cause of "end of stream" (`name: "Mali`). A value may run over several
/// lines in YAML, but not in front matter as people write it.
fn unclosed_quote(text: &str) -> Option<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if let Some((key, value)) = line.split_once(':')
            && !key.trim_start().starts_with('#')
        {
            let value = value.trim_start();
            let start = line.len() - value.len();
            let value = value.trim_end();
            for quote in ['"', '\''] {
                if value.starts_with(quote) && (value.len() < 2 || !value.ends_with(quote)) {
                    return Some(offset + start);
                }
            }
        }
        offset += line.len();
    }
    None
}

fn leading_tab(text: &str) -> Option<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        if line[..indent].contains('\t') && !line.trim().is_empty() {
            return Some(offset + line[..indent].find('\t').unwrap_or(0));
        }
        offset += line.len();
    }
    None
}

fn first_line_len(text: &str) -> usize {
    text.find(['\r', '\n']).unwrap_or(text.len())
}

/// Byte offset in `text` of a 1-based line and character column.
fn offset_in(text: &str, line: usize, column: usize) -> usize {
    let line_start = if line <= 1 {
        0
    } else {
        text.match_indices('\n')
            .nth(line - 2)
            .map_or(text.len(), |(i, _)| i + 1)
    };
    let rest = &text[line_start..];
    line_start
        + rest
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(rest.len(), |(i, _)| i)
}

/// The fields of one mapping (a whole block, or one `{…}` inside it), read
/// one by one with located diagnostics.
pub struct Fields<'a, 'd> {
    block: Block<'a>,
    map: Mapping,
    /// The part of the block this mapping is written in.
    range: Range<usize>,
    /// Whether keys sit at column 0 (the block's own mapping).
    top: bool,
    /// Where the block's lines start, for the top-level mapping (empty for
    /// a nested one): its keys are looked up there ([`find_top_key`]).
    lines: Vec<usize>,
    /// What the mapping is, for messages: "a brief", "site.yaml", "a source".
    context: String,
    /// Fields suggested for unknown keys: a typo (`titel`) already says the
    /// field is missing, so no second "missing `title`" is reported.
    suggested: Vec<&'static str>,
    diags: &'d mut Diagnostics,
}

impl<'a, 'd> Fields<'a, 'd> {
    /// The fields of a block's top-level mapping.
    pub fn new(block: Block<'a>, map: Mapping, context: &str, diags: &'d mut Diagnostics) -> Self {
        Fields {
            block,
            map,
            range: 0..block.text.len(),
            top: true,
            lines: crate::diagnostic::line_starts(block.text),
            context: context.to_string(),
            suggested: Vec::new(),
            diags,
        }
    }

    /// Where the mapping is, for problems that belong to no key (a missing field).
    pub fn anchor(&self) -> Span {
        if self.top {
            // Point at the opening `---` line (just before the block) so the
            // problem reads as "this document" rather than "its first field".
            let start = self.block.base.saturating_sub(4);
            Span::new(self.block.file, start, start + 3)
        } else {
            self.block.span(self.range.start..self.range.start)
        }
    }

    /// Reports every key that is not in `allowed`, with the nearest allowed
    /// key suggested, and drops it.
    pub fn check_keys(&mut self, allowed: &[&'static str]) {
        let unknown: Vec<Value> = self
            .map
            .keys()
            .filter(|k| k.as_str().is_none_or(|k| !allowed.contains(&k)))
            .cloned()
            .collect();
        for key in unknown {
            let name = scalar_text(&key).unwrap_or_else(|| "?".to_string());
            let span = self.key_span(&name);
            if let Some(near) = crate::diagnostic::nearest(&name, allowed.iter().copied()) {
                self.suggested.push(near);
            }
            self.diags.push(
                Diagnostic::error(
                    span,
                    Problem::UnknownField {
                        field: name.clone(),
                        context: self.context.clone(),
                    },
                )
                .with_help_opt(
                    did_you_mean(&name, allowed.iter().copied()).or_else(|| {
                        Some(format!(
                            "the fields of {} are: {}",
                            self.context,
                            backticked(allowed)
                        ))
                    }),
                ),
            );
            self.map.remove(&key);
        }
    }

    /// Whether the key is present (with any value but null).
    pub fn has(&self, key: &str) -> bool {
        self.map.get(key).is_some_and(|v| !v.is_null())
    }

    fn take(&mut self, key: &str) -> Option<Value> {
        self.map.remove(key).filter(|v| !v.is_null())
    }

    /// Reports a bad value of `key`.
    pub fn bad(&mut self, key: &str, reason: String, help: Option<String>) {
        let span = self.value_span(key);
        self.bad_at(span, key, reason, help);
    }

    fn bad_at(&mut self, span: Span, key: &str, reason: String, help: Option<String>) {
        self.diags.push(
            Diagnostic::error(
                span,
                Problem::BadValue {
                    field: key.to_string(),
                    reason,
                },
            )
            .with_help_opt(help),
        );
    }

    /// Reports a required field that is absent.
    pub fn missing(&mut self, key: &'static str) {
        if self.suggested.contains(&key) {
            return;
        }
        let span = self.anchor();
        self.diags.push(
            Diagnostic::error(
                span,
                Problem::MissingField {
                    field: key,
                    context: self.context.clone(),
                },
            )
            .with_help(format!("add a line `{key}: …`")),
        );
    }

    /// A text value: strings, and numbers or booleans taken as written.
    pub fn text(&mut self, key: &str) -> Option<String> {
        let value = self.take(key)?;
        match scalar_text(&value) {
            Some(text) => Some(text),
            None => {
                self.bad(key, format!("expected text, found {}", shape(&value)), None);
                None
            }
        }
    }

    /// A text value that must be there.
    pub fn required_text(&mut self, key: &'static str) -> Option<String> {
        // Absent and `key:` with nothing after it are both missing; a value
        // of the wrong shape is reported by `text` alone.
        if !self.has(key) {
            self.missing(key);
            return None;
        }
        let text = self.text(key)?;
        if text.trim().is_empty() {
            self.bad(key, "must not be empty".to_string(), None);
            return None;
        }
        Some(text)
    }

    /// A list of texts with the span of each; one text alone counts as a
    /// list of one.
    pub fn list(&mut self, key: &str) -> Vec<(String, Span)> {
        let items = self.sequence(key, true);
        let spans = self.item_spans(key, items.len());
        let mut out = Vec::with_capacity(items.len());
        for (item, span) in items.iter().zip(spans) {
            match scalar_text(item) {
                Some(text) => out.push((text, span)),
                None => self.bad_at(
                    span,
                    key,
                    format!("expected text in the list, found {}", shape(item)),
                    None,
                ),
            }
        }
        out
    }

    /// The items of a list; with `one_is_a_list`, one text alone counts as a
    /// list of one. Anything else is reported and gives no items.
    fn sequence(&mut self, key: &str, one_is_a_list: bool) -> Vec<Value> {
        match self.take(key) {
            None => Vec::new(),
            Some(Value::Sequence(items)) => items,
            Some(other) if one_is_a_list && scalar_text(&other).is_some() => vec![other],
            Some(other) => {
                self.bad(
                    key,
                    format!("expected a list, found {}", shape(&other)),
                    None,
                );
                Vec::new()
            }
        }
    }

    /// A boolean (`true` or `false`).
    pub fn bool(&mut self, key: &str) -> Option<bool> {
        match self.take(key)? {
            Value::Bool(b) => Some(b),
            other => {
                self.bad(
                    key,
                    format!("expected `true` or `false`, found {}", shape(&other)),
                    None,
                );
                None
            }
        }
    }

    /// A full `YYYY-MM-DD` date.
    pub fn day(&mut self, key: &str) -> Option<NaiveDate> {
        let text = self.text(key)?;
        date::parse_day(&text)
            .map_err(|e| self.bad(key, e, None))
            .ok()
    }

    /// A date that may be partial (`YYYY-MM`, `YYYY`).
    pub fn partial_date(&mut self, key: &str) -> Option<PartialDate> {
        let text = self.text(key)?;
        PartialDate::parse(&text)
            .map_err(|e| self.bad(key, e, None))
            .ok()
    }

    /// A value from a closed list, with the nearest one suggested.
    pub fn choice<T: Copy>(&mut self, key: &str, options: &[(&str, T)]) -> Option<T> {
        self.choice_or_synonym(key, options, &[])
    }

    /// A value from a closed list, like [`Fields::choice`]; a word of
    /// `synonyms` (`medium` for `moderate`) is refused too, with the value
    /// it stands for suggested, since edit distance cannot find it.
    pub fn choice_or_synonym<T: Copy>(
        &mut self,
        key: &str,
        options: &[(&str, T)],
        synonyms: &[(&str, &str)],
    ) -> Option<T> {
        let text = self.text(key)?;
        if let Some((_, value)) = options.iter().find(|(name, _)| *name == text) {
            return Some(*value);
        }
        let names: Vec<&str> = options.iter().map(|(n, _)| *n).collect();
        let lower = text.trim().to_lowercase();
        let help = synonyms
            .iter()
            .find(|(word, _)| *word == lower)
            .map(|(_, meant)| format!("did you mean `{meant}`?"))
            .or_else(|| did_you_mean(&text, names.iter().copied()));
        self.bad(
            key,
            format!("`{text}` is not one of {}", backticked(&names)),
            help,
        );
        None
    }

    /// A number.
    pub fn number(&mut self, key: &str) -> Option<f64> {
        match self.take(key)? {
            Value::Number(n) => n.as_f64(),
            other => {
                self.bad(
                    key,
                    format!("expected a number, found {}", shape(&other)),
                    None,
                );
                None
            }
        }
    }

    /// A whole number, zero or more.
    pub fn count(&mut self, key: &str) -> Option<u64> {
        match self.take(key)? {
            Value::Number(n) if n.as_u64().is_some() => n.as_u64(),
            Value::Number(n) => {
                // Say what is wrong with the number itself (issue #19:
                // "expected a whole number, found a number" for `-5`).
                let reason = if n.as_i64().is_some_and(|v| v < 0) {
                    format!("`{n}` is below zero; write a whole number, 0 or more")
                } else if n.as_f64().is_some_and(|v| v.fract() == 0.0 && v > 0.0) {
                    format!("`{n}` is too large a number")
                } else {
                    format!("`{n}` is not a whole number; write 0, 1, 2…")
                };
                self.bad(key, reason, None);
                None
            }
            other => {
                self.bad(
                    key,
                    format!("expected a whole number, found {}", shape(&other)),
                    None,
                );
                None
            }
        }
    }

    /// A nested mapping, read by `read` with its own [`Fields`].
    pub fn object<T>(
        &mut self,
        key: &str,
        context: &str,
        read: impl FnOnce(&mut Fields<'a, '_>) -> Option<T>,
    ) -> Option<T> {
        let value = self.take(key)?;
        let Value::Mapping(map) = value else {
            self.bad(
                key,
                format!("expected `key: value` lines, found {}", shape(&value)),
                None,
            );
            return None;
        };
        let range = self.value_range(key);
        let mut fields = Fields {
            block: self.block,
            map,
            range,
            top: false,
            lines: Vec::new(),
            context: context.to_string(),
            suggested: Vec::new(),
            diags: self.diags,
        };
        read(&mut fields)
    }

    /// A list whose items are mappings or plain texts; `read` receives each
    /// item's fields, or its text with its span.
    pub fn items<T>(
        &mut self,
        key: &str,
        context: &str,
        mut read: impl FnMut(Item<'_, 'a, '_>) -> Option<T>,
    ) -> Vec<T> {
        let items = self.sequence(key, false);
        let ranges = self.item_ranges(key, items.len());
        let mut out = Vec::new();
        for (item, range) in items.into_iter().zip(ranges) {
            let span = self.block.span(range.clone());
            let result = match item {
                Value::Mapping(map) => read(Item::Fields(Fields {
                    block: self.block,
                    map,
                    range,
                    top: false,
                    lines: Vec::new(),
                    context: context.to_string(),
                    suggested: Vec::new(),
                    diags: self.diags,
                })),
                other => match scalar_text(&other) {
                    Some(text) => read(Item::Text(text, span, self.diags)),
                    None => {
                        self.bad_at(
                            span,
                            key,
                            format!("expected {context}, found {}", shape(&other)),
                            None,
                        );
                        None
                    }
                },
            };
            out.extend(result);
        }
        out
    }

    /// Every remaining `key: text` pair, in the order written (for open
    /// mappings such as `ids`); values that are not text are reported.
    pub fn pairs(&mut self) -> Vec<(String, String)> {
        let keys: Vec<String> = self.map.keys().filter_map(scalar_text).collect();
        keys.into_iter()
            .filter_map(|key| self.text(&key).map(|value| (key, value)))
            .collect()
    }

    /// The keys written, in order (issue 16: a translation sorts them
    /// into those it may set and those it inherits).
    pub fn keys(&self) -> Vec<String> {
        self.map.keys().filter_map(scalar_text).collect()
    }

    /// Forgets a key whose problem the caller has reported.
    pub fn drop_key(&mut self, key: &str) {
        self.map.remove(key);
    }

    /// Pushes a diagnostic (for checks a caller makes on values it read).
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.diags.push(diagnostic);
    }

    /// Where `key` and its value are written in this mapping.
    fn find(&self, key: &str) -> Option<FoundKey> {
        if self.top {
            find_top_key(self.block.text, &self.lines, key)
        } else {
            find_key(self.block.text, self.range.clone(), key, false)
        }
    }

    /// The span of a key, or of the whole mapping when the key is not found.
    pub fn key_span(&self, key: &str) -> Span {
        match self.find(key) {
            Some(found) => self.block.span(found.key),
            None => self.anchor(),
        }
    }

    /// The span of a key's value (its first line), or of the key.
    pub fn value_span(&self, key: &str) -> Span {
        match self.find(key) {
            Some(found) => {
                let text = self.block.text;
                let first = first_value_line(text, found.value.clone());
                self.block.span(first.unwrap_or(found.key))
            }
            None => self.anchor(),
        }
    }

    /// The span of a key's whole value, over all its lines, without the
    /// quotes around a quoted one (a comma inside quotes does not end a
    /// value written in `{…}`), or of the key when it is not found. The
    /// language lint points at words inside values from here (issue #14).
    pub fn whole_value_span(&self, key: &str) -> Span {
        let Some(found) = self.find(key) else {
            return self.anchor();
        };
        let text = self.block.text;
        let value = &text[found.value.clone()];
        let start = found.value.start + (value.len() - value.trim_start().len());
        let quote = text[start..]
            .chars()
            .next()
            .filter(|q| matches!(q, '"' | '\''));
        let Some(quote) = quote else {
            let end = trim_range_end(text, start, found.value.end.max(start));
            return self.block.span(start..end);
        };
        let inside = start + 1;
        let mut chars = text[inside..self.range.end].char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            match (quote, c) {
                ('"', '\\') => {
                    chars.next();
                }
                ('\'', '\'') if chars.peek().is_some_and(|(_, n)| *n == '\'') => {
                    chars.next();
                }
                (q, c) if c == q => return self.block.span(inside..inside + i),
                _ => {}
            }
        }
        self.block.span(inside..found.value.end.max(inside))
    }

    fn value_range(&self, key: &str) -> Range<usize> {
        self.find(key).map_or(self.range.clone(), |f| f.value)
    }

    fn item_ranges(&self, key: &str, count: usize) -> Vec<Range<usize>> {
        // One search for the key: this runs for every list of every document.
        let found = self.find(key);
        let value = found
            .as_ref()
            .map_or(self.range.clone(), |f| f.value.clone());
        let mut ranges = list_items(self.block.text, value.clone());
        if ranges.len() < count {
            // Items the scan did not find (a list written another way)
            // point at the key.
            ranges.resize(count, found.map_or(value, |f| f.key));
        }
        ranges.truncate(count);
        ranges
    }

    fn item_spans(&self, key: &str, count: usize) -> Vec<Span> {
        self.item_ranges(key, count)
            .into_iter()
            .map(|r| self.block.span(r))
            .collect()
    }

    /// The span of this whole mapping (for an item of a list).
    pub fn span(&self) -> Span {
        self.block.span(self.range.clone())
    }
}

/// One item of a list read by [`Fields::items`].
pub enum Item<'f, 'a, 'd> {
    /// A `{key: value}` item.
    Fields(Fields<'a, 'd>),
    /// A plain text item, with its span.
    Text(String, Span, &'f mut Diagnostics),
}

/// A scalar as the text the author wrote; `None` for lists and mappings.
fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Tagged(tagged) => scalar_text(&tagged.value),
        Value::Null | Value::Sequence(_) | Value::Mapping(_) => None,
    }
}

/// What a value is, in an author's words.
fn shape(value: &Value) -> &'static str {
    match value {
        Value::Null => "nothing",
        Value::Bool(_) => "`true`/`false`",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "`key: value` lines",
        Value::Tagged(_) => "a tagged value",
    }
}

/// `a`, `b`, `c` for messages.
pub fn backticked(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Where a key and its value are written.
#[derive(Debug, Clone, PartialEq)]
struct FoundKey {
    key: Range<usize>,
    /// From after the colon to the end of the value (the next key at the same
    /// or a lower indentation).
    value: Range<usize>,
}

/// Finds `key:` inside `range`: at column 0 for the top-level mapping, else
/// at any indentation, after `{`, `,` or `- `. Line by line: the top-level
/// mapping of [`Fields`] looks its keys up in its table of lines instead
/// ([`find_top_key`]), and is tested against this.
fn find_key(text: &str, range: Range<usize>, key: &str, top: bool) -> Option<FoundKey> {
    let mut offset = range.start;
    for line in text[range.clone()].split_inclusive('\n') {
        if let Some(found) = key_in_line(text, &range, offset, line, key, top) {
            return Some(found);
        }
        offset += line.len();
    }
    None
}

/// [`find_key`] for a top-level key of the whole of `text`, whose lines
/// start at `lines` ([`crate::diagnostic::line_starts`]; an empty last line
/// holds no key): only a line that begins with the key, bare or after a
/// quote, can hold it, and that is one comparison per line rather than a
/// search for each line's end, once per field read (a fifth of reading the
/// front matter of a document, issue 17).
fn find_top_key(text: &str, lines: &[usize], key: &str) -> Option<FoundKey> {
    let bytes = text.as_bytes();
    lines.iter().enumerate().find_map(|(n, &start)| {
        let rest = &bytes[start..];
        let begins = rest.starts_with(key.as_bytes())
            || matches!(rest.first(), Some(b'"' | b'\'')) && rest[1..].starts_with(key.as_bytes());
        if !begins {
            return None;
        }
        let end = lines.get(n + 1).copied().unwrap_or(text.len());
        key_in_line(text, &(0..text.len()), start, &text[start..end], key, true)
    })
}

/// `key:` in `line`, which starts at `offset` in `text`, with its value up
/// to where it ends inside `range`.
fn key_in_line(
    text: &str,
    range: &Range<usize>,
    offset: usize,
    line: &str,
    key: &str,
    top: bool,
) -> Option<FoundKey> {
    let (at, len, colon) = key_positions(line, key, top)?;
    let key_start = offset + at;
    let value_start = offset + colon + 1;
    let indent = if top {
        0
    } else {
        line[..at].len() - line[..at].trim_start_matches([' ', '-']).len()
    };
    let inline = line[..at].trim_end().ends_with(['{', ',']);
    let value_end = if inline {
        // `{ key: value, … }`: the value ends at the next `,` or `}`.
        let rest = &text[value_start..range.end];
        value_start + rest.find([',', '}', '\n']).unwrap_or(rest.len())
    } else {
        block_end(text, value_start, range.end, indent, top)
    };
    Some(FoundKey {
        key: key_start..key_start + len,
        value: value_start..value_end,
    })
}

/// The position of `key` followed by `:` in one line: (start, length, colon).
fn key_positions(line: &str, key: &str, top: bool) -> Option<(usize, usize, usize)> {
    // Whether `key` written at `at` over `len` bytes is followed by its
    // colon, and preceded by what may stand before a key.
    let accept = |at: usize, len: usize| -> Option<(usize, usize, usize)> {
        let before = line[..at].trim_end_matches(' ');
        let before_ok = if top {
            at == 0
        } else {
            before.is_empty() || before.ends_with(['{', ',', '-']) && !before.ends_with("--")
        };
        let after = line[at + len..].trim_start_matches(' ');
        let colon = at + len + (line[at + len..].len() - after.len());
        (before_ok
            && (after.starts_with(": ")
                || after.starts_with(':') && after[1..].trim().is_empty()
                || after.starts_with(":\t")))
        .then_some((at, len, colon))
    };
    if top {
        // A top-level key starts its line, bare or quoted: no search. Most
        // fields are top-level, and this runs for each line of each field.
        if line.starts_with(key) {
            return accept(0, key.len());
        }
        let quoted = line.chars().next().filter(|q| matches!(q, '"' | '\''))?;
        let rest = &line[1..];
        return (rest.starts_with(key) && rest[key.len()..].starts_with(quoted))
            .then(|| accept(0, key.len() + 2))
            .flatten();
    }
    // One search for the bare key, then each hit is tried as written and
    // between quotes: this runs for every field of every document, and must
    // not allocate (it once built the three forms as strings each time).
    let mut from = 0;
    while let Some(found) = line[from..].find(key) {
        let bare = from + found;
        from = bare + key.len().max(1);
        let quoted = line[..bare]
            .chars()
            .next_back()
            .filter(|q| matches!(q, '"' | '\'') && line[bare + key.len()..].starts_with(*q))
            .map(|q| (bare - q.len_utf8(), key.len() + 2 * q.len_utf8()));
        for (at, len) in std::iter::once((bare, key.len())).chain(quoted) {
            if let Some(found) = accept(at, len) {
                return Some(found);
            }
        }
    }
    None
}

/// Where a value that starts at `start` ends: before the next line indented
/// at `indent` or less that holds a key (or, at the top, any line at column 0
/// that is not a list item or a comment).
fn block_end(text: &str, start: usize, limit: usize, indent: usize, top: bool) -> usize {
    let first_end = text[start..limit]
        .find('\n')
        .map_or(limit, |i| start + i + 1);
    let mut offset = first_end;
    for line in text[first_end..limit].split_inclusive('\n') {
        let trimmed = line.trim_start_matches(' ');
        let this_indent = line.len() - trimmed.len();
        let blank = trimmed.trim().is_empty() || trimmed.starts_with('#');
        let ends = if top {
            this_indent == 0 && !blank && !trimmed.starts_with('-')
        } else {
            // A nested key's list may sit at the key's own indentation.
            !blank && (this_indent < indent || this_indent == indent && !trimmed.starts_with("- "))
        };
        if ends {
            break;
        }
        offset += line.len();
    }
    trim_range_end(text, start, offset)
}

fn trim_range_end(text: &str, start: usize, end: usize) -> usize {
    start + text[start..end].trim_end().len()
}

/// The first line of a value: what to underline for a bad value.
fn first_value_line(text: &str, value: Range<usize>) -> Option<Range<usize>> {
    let region = &text[value.clone()];
    let skip = region.len() - region.trim_start().len();
    let start = value.start + skip;
    if start >= value.end {
        return None;
    }
    let end = text[start..value.end]
        .find(['\n', '\r'])
        .map_or(value.end, |i| start + i);
    let end = trim_range_end(text, start, end);
    Some(start..end)
}

/// The ranges of the items of a list written in `value`: flow (`[a, b]`) or
/// block (`- a` lines). Quotes around scalar items are left out of the range.
fn list_items(text: &str, value: Range<usize>) -> Vec<Range<usize>> {
    let region = &text[value.clone()];
    let trimmed_start = region.len() - region.trim_start().len();
    let start = value.start + trimmed_start;
    if text[start..value.end].starts_with('[') {
        return flow_items(text, start + 1, value.end);
    }
    let mut items = Vec::new();
    let mut offset = value.start;
    let mut dash_indent = None;
    for line in region.split_inclusive('\n') {
        let trimmed = line.trim_start_matches(' ');
        let indent = line.len() - trimmed.len();
        if trimmed.starts_with("- ") || trimmed.trim_end() == "-" {
            if dash_indent.is_none() {
                dash_indent = Some(indent);
            }
            if dash_indent == Some(indent) {
                if let Some(last) = items.last_mut() {
                    let last: &mut Range<usize> = last;
                    last.end = trim_range_end(text, last.start, offset);
                }
                let item_start = offset + indent + 2.min(trimmed.len());
                items.push(item_start..offset + line.len());
            }
        }
        offset += line.len();
    }
    if let Some(last) = items.last_mut() {
        last.end = trim_range_end(text, last.start, value.end.max(last.start));
    }
    items.into_iter().map(|r| unquote(text, r)).collect()
}

fn flow_items(text: &str, start: usize, limit: usize) -> Vec<Range<usize>> {
    let mut items = Vec::new();
    let mut depth = 0usize;
    let mut quote = None;
    let mut item_start = start;
    for (i, c) in text[start..limit].char_indices() {
        let at = start + i;
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '[' | '{') => depth += 1,
            (None, ']') if depth == 0 => {
                items.push(item_start..at);
                break;
            }
            (None, ']' | '}') => depth = depth.saturating_sub(1),
            (None, ',') if depth == 0 => {
                items.push(item_start..at);
                item_start = at + 1;
            }
            _ => {}
        }
    }
    items
        .into_iter()
        .map(|r| {
            let s = &text[r.clone()];
            let lead = s.len() - s.trim_start().len();
            let start = r.start + lead;
            unquote(text, start..trim_range_end(text, start, r.end))
        })
        .filter(|r| !r.is_empty())
        .collect()
}

fn unquote(text: &str, range: Range<usize>) -> Range<usize> {
    let s = &text[range.clone()];
    if s.len() >= 2
        && (s.starts_with('"') && s.ends_with('"') || s.starts_with('\'') && s.ends_with('\''))
    {
        range.start + 1..range.end - 1
    } else {
        range
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slice(text: &str, r: Range<usize>) -> &str {
        &text[r]
    }

    /// The search of top-level keys over the whole text finds what a walk
    /// of its lines finds, on texts made of lines where a key stands at the
    /// start, after a quote, inside a value, indented, commented or as
    /// part of a longer word.
    #[test]
    fn top_level_keys_are_found_as_a_walk_of_the_lines_finds_them() {
        const LINES: &[&str] = &[
            "title: x",
            "\"title\": y",
            "'title': z",
            "\"title: unclosed",
            "  title: nested",
            "- title",
            "subtitle: a",
            "title2: b",
            "titletitle: q",
            "titre: c",
            "title:",
            "title :x",
            "title\t: v",
            "title:x",
            "#title: c",
            "",
            "text: \"title: in a value\"",
            "x: [title, {title: 1}]",
            "title: a\r",
            "é title: é",
            "t: 1",
            "'t': 2",
        ];
        const KEYS: &[&str] = &["title", "titre", "t", "le", "title2", "x", "tle", "text"];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let mut compared = 0;
        for _ in 0..3000 {
            let lines: Vec<&str> = (0..1 + next(8)).map(|_| LINES[next(LINES.len())]).collect();
            let mut text = lines.join("\n");
            if next(2) == 0 {
                text.push('\n');
            }
            for key in KEYS {
                let fast = find_top_key(&text, &crate::diagnostic::line_starts(&text), key);
                assert_eq!(
                    fast,
                    find_key(&text, 0..text.len(), key, true),
                    "{key} in {text:?}"
                );
                compared += usize::from(fast.is_some());
            }
        }
        assert!(compared > 3000, "the texts hold keys: {compared}");
    }

    #[test]
    fn finds_top_level_keys_only_at_column_zero() {
        let text = "title: x\nlocation:\n  name: Dakar\nname: y\n";
        let found = find_key(text, 0..text.len(), "name", true).unwrap();
        assert_eq!(found.key.start, text.rfind("name").unwrap());
        let location = find_key(text, 0..text.len(), "location", true).unwrap();
        assert_eq!(slice(text, location.value.clone()).trim(), "name: Dakar");
        let nested = find_key(text, location.value, "name", false).unwrap();
        assert_eq!(slice(text, nested.value).trim(), "Dakar");
    }

    #[test]
    fn locates_flow_list_items() {
        let text = "countries: [mali, \"senegal\", niger]\ntags: []\n";
        let found = find_key(text, 0..text.len(), "countries", true).unwrap();
        let items: Vec<&str> = list_items(text, found.value)
            .into_iter()
            .map(|r| slice(text, r))
            .collect();
        assert_eq!(items, ["mali", "senegal", "niger"]);
    }

    #[test]
    fn locates_block_list_items_at_column_zero_or_indented() {
        for text in [
            "actors:\n- jnim\n- 'apa'\ntitle: x\n",
            "actors:\n  - jnim\n  - 'apa'\n\ntitle: x\n",
        ] {
            let found = find_key(text, 0..text.len(), "actors", true).unwrap();
            let items: Vec<&str> = list_items(text, found.value)
                .into_iter()
                .map(|r| slice(text, r))
                .collect();
            assert_eq!(items, ["jnim", "apa"], "in {text:?}");
        }
    }

    #[test]
    fn locates_keys_inside_list_items() {
        let text = "sources:\n  - title: A\n    date: 2025\n  - title: B\n    date: bad\n";
        let found = find_key(text, 0..text.len(), "sources", true).unwrap();
        let items = list_items(text, found.value);
        assert_eq!(items.len(), 2);
        let date = find_key(text, items[1].clone(), "date", false).unwrap();
        assert_eq!(slice(text, date.value).trim(), "bad");
    }

    #[test]
    fn an_unclosed_quote_is_found_on_its_own_line() {
        let text = "name: \"Mali\"\ntitle: \"Mali\niso2: ML\n";
        assert_eq!(unclosed_quote(text), Some(text.find("\"Mali\n").unwrap()));
        assert_eq!(unclosed_quote("a: 'x'\nb: \"y\"\n# c: \"z\n"), None);
        let mut sources = crate::diagnostic::Sources::default();
        let file = sources.add("a.md", text.to_string());
        let mut diags = Diagnostics::default();
        let block = Block {
            file,
            text,
            base: 0,
        };
        assert!(parse(block, &mut diags).is_none());
        let d = diags.sorted(&sources)[0].clone();
        assert_eq!(
            d.problem.to_string(),
            "invalid YAML: this quoted value is never closed"
        );
        assert_eq!(sources.line_col(d.span).line, 2);
    }

    #[test]
    fn syntax_errors_point_into_the_file() {
        let mut sources = crate::diagnostic::Sources::default();
        let file_text = "---\ntitle: x\ndate: [2025\n---\n";
        let file = sources.add("a.md", file_text.to_string());
        let mut diags = Diagnostics::default();
        let block = Block {
            file,
            text: &file_text[4..file_text.len() - 4],
            base: 4,
        };
        assert!(parse(block, &mut diags).is_none());
        let d = diags.sorted(&sources)[0].clone();
        assert!(sources.line_col(d.span).line >= 3);
    }
}
