//! What pages show of events imported from data (issue #18): an imported
//! row's ACLED fields on its event page, its `notes` as plain text, and the
//! page of the names no actor answers to (`/data/unresolved/`).
//!
//! It reads the graph and the plan; it formats no URL and resolves nothing.

use super::context::{ImportedView, PrecisionView, UnresolvedPage, UnresolvedView};
use super::reading::typeset;
use super::views::Views;
use crate::content::acled::Row;
use crate::diagnostic::Sources;
use crate::i18n::{Language, Strings};
use crate::plan::Route;

/// Plain text as HTML: escaped, one paragraph per block of lines (lines
/// apart by a blank one), never read as Markdown: ACLED's `notes` hold
/// `*`, `_` and `[…]` that mean nothing but themselves.
pub fn plain_html(text: &str, lang: Language) -> String {
    let mut html = String::new();
    for paragraph in text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
        html.push_str("<p>");
        let typeset = typeset(&paragraph.replace(['\r', '\n'], " "), lang);
        pulldown_cmark_escape::escape_html_body_text(&mut html, &typeset)
            .expect("writing to a string");
        html.push_str("</p>\n");
    }
    html
}

/// ACLED's precision code in words.
fn precision(code: Option<u8>, words: [&'static str; 3]) -> Option<PrecisionView> {
    let code = code?;
    Some(PrecisionView {
        value: code,
        label: words[usize::from(code.clamp(1, 3)) - 1],
    })
}

impl Views<'_> {
    /// What the event page shows of its row.
    pub(super) fn imported(&self, row: &Row, sources: &Sources) -> ImportedView {
        let t: &Strings = self.strings;
        let line = sources.line_col(row.span).line;
        ImportedView {
            id: row.id.clone(),
            file: sources
                .path(row.span.file)
                .to_string_lossy()
                .replace('\\', "/"),
            line,
            disorder_type: row.disorder_type.clone(),
            event_type: row.event_type.clone(),
            sub_event_type: row.sub_event_type.clone(),
            geo_precision: precision(
                row.geo_precision,
                [t.geo_precision_1, t.geo_precision_2, t.geo_precision_3],
            ),
            time_precision: precision(
                row.time_precision,
                [t.time_precision_1, t.time_precision_2, t.time_precision_3],
            ),
            admin: {
                // `Kayes, Kayes`: a district named after its region is
                // said once.
                let mut admin = row.admin.clone();
                admin.dedup();
                admin
            },
            associated: row.associated.clone(),
            source_scale: row.source_scale.clone(),
        }
    }

    /// `/data/unresolved/`.
    pub(super) fn unresolved_page(&self, route: &Route) -> UnresolvedPage<'_> {
        let t = self.strings;
        UnresolvedPage {
            site: &self.site,
            t: &self.t,
            page: self.meta(t.unresolved_title, None, route, "none"),
            names: self
                .graph
                .unresolved()
                .iter()
                .map(|u| UnresolvedView {
                    name: u.name.clone(),
                    count: u.count,
                    suggestion: u.suggestion.as_ref().map(|(_, i)| self.link(*i)),
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_escaped_not_read_as_markdown() {
        let html = plain_html(
            "On 3 July, *JNIM* <b>attacked</b> [x](y).\n\nSecond.",
            Language::En,
        );
        assert_eq!(
            html,
            "<p>On 3 July, *JNIM* &lt;b&gt;attacked&lt;/b&gt; [x](y).</p>\n<p>Second.</p>\n"
        );
    }
}
