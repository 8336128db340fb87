//! The error overlay (issue #3): while the site has errors, every served
//! page carries a panel listing each one as `path:line:column`, its
//! message, the offending source line with a marker, and the suggestion,
//! above the page of the last good build.
//!
//! The panel is plain HTML with its own inline styles, built once per
//! rebuild from the diagnostics; it never enters `build` output.

use std::fmt::Write as _;

use crate::diagnostic::{Diagnostic, Severity, Sources};

/// The `id` of the panel: tests and the browser look for it.
pub const ID: &str = "dossier-problems";

/// Inline styles win over the site's stylesheet, which styles `code`,
/// `pre` and `strong` for its own pages.
const PLAIN: &str = "color:inherit;background:none;border:0;padding:0;font:inherit";

/// The panel listing `problems` (errors first, then warnings), or `None`
/// when none of them is an error: warnings alone do not cover the page.
pub fn html(problems: &[&Diagnostic], sources: &Sources) -> Option<String> {
    let errors = problems
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    if errors == 0 {
        return None;
    }
    let mut out = String::new();
    let _ = write!(
        out,
        "<div id=\"{ID}\" role=\"alert\" style=\"position:fixed;inset:0;z-index:2147483647;\
overflow:auto;margin:0;padding:1.5rem;background:rgba(20,20,24,.94);color:#f4f4f5;\
font:15px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;text-align:left\">\
<p style=\"margin:0 0 1rem;font-weight:bold;color:#fca5a5\">dossier: {errors} error{} — \
the page below is from the last good build; it comes back by itself at the next good save.</p>\
<ol style=\"margin:0;padding:0 0 0 1.5rem\">",
        if errors == 1 { "" } else { "s" }
    );
    for d in problems {
        item(&mut out, d, sources);
    }
    out.push_str("</ol></div>");
    Some(out)
}

/// One problem: its location and message, its source line, its help.
fn item(out: &mut String, d: &Diagnostic, sources: &Sources) {
    let at = sources.line_col(d.span);
    let path = sources.path(d.span.file).display().to_string();
    let (severity, color) = match d.severity {
        Severity::Error => ("error", "#fca5a5"),
        Severity::Warning => ("warning", "#fcd34d"),
    };
    let _ = write!(
        out,
        "<li style=\"margin:0 0 1.25rem;color:inherit;font:inherit\"><p style=\"margin:0;color:inherit;font:inherit\">\
<code class=\"location\" style=\"{PLAIN};font-weight:bold\">{}:{}:{}</code>: \
<strong style=\"{PLAIN};color:{color}\">{severity}</strong>: {}</p>",
        escape(&path),
        at.line,
        at.column,
        escape(&d.problem.to_string())
    );
    let line = sources.line_text(d.span.file, at.line);
    if !line.trim().is_empty() {
        let gutter = at.line.to_string();
        let width = {
            let end = sources.line_col(crate::diagnostic::Span {
                start: d.span.end,
                ..d.span
            });
            if end.line == at.line && end.column > at.column {
                end.column - at.column
            } else {
                1
            }
        };
        let marker = format!(
            "{} | {}{}",
            " ".repeat(gutter.len()),
            " ".repeat(at.column.saturating_sub(1)),
            "^".repeat(width)
        );
        let _ = write!(
            out,
            "<pre style=\"margin:.25rem 0;padding:.5rem;border:0;background:#000;color:#e4e4e7;\
font:inherit;white-space:pre;overflow:auto\">\
{gutter} | {}\n<span style=\"{PLAIN};color:{color}\">{}</span></pre>",
            escape(line.trim_start_matches('\u{feff}')),
            escape(&marker)
        );
    }
    if let Some(help) = &d.help {
        let _ = write!(
            out,
            "<p style=\"margin:0;color:#93c5fd\">help: {}</p>",
            escape(help)
        );
    }
    out.push_str("</li>");
}

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Problem, Span};

    #[test]
    fn lists_location_message_source_line_and_help() {
        let mut sources = Sources::default();
        let file = sources.add(
            "content/briefs/x.md",
            "---\ntitle: <x>\ncontries: [mali]\n---\n".to_string(),
        );
        let d = Diagnostic::error(
            Span::new(file, 15, 23),
            Problem::UnknownField {
                field: "contries".to_string(),
                context: "a brief".to_string(),
            },
        )
        .with_help("did you mean `countries`?");
        let html = html(&[&d], &sources).expect("an error shows the panel");
        assert!(html.contains("content/briefs/x.md:3:1"), "{html}");
        assert!(
            html.contains("unknown field `contries` in a brief"),
            "{html}"
        );
        assert!(html.contains("3 | contries: [mali]"), "{html}");
        assert!(html.contains("  | ^^^^^^^^"), "{html}");
        assert!(html.contains("did you mean `countries`?"), "{html}");
    }

    #[test]
    fn warnings_alone_show_no_panel() {
        let mut sources = Sources::default();
        let file = sources.add("site.yaml", "title: x\n".to_string());
        let d = Diagnostic::warning(Span::new(file, 0, 5), Problem::NoFrontMatter);
        assert_eq!(html(&[&d], &sources), None);
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }
}
