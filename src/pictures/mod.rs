//! Pictures drawn at build time (issue 13): event maps, activity charts and
//! actor networks, each as one inline, accessible SVG string.
//!
//! What it owns: the vendored Natural Earth outlines (`data/`, decoded once
//! into an [`atlas::Atlas`]), projecting and fitting them ([`projection`]),
//! simplifying them for the frame ([`simplify`]), and drawing [`map`]s,
//! [`chart`]s and [`network`]s from plain structs.
//!
//! What it hands on: a [`Picture`], the `<svg>` element and an HTML legend,
//! for a template partial to place (`partials/map.html`,
//! `partials/activity.html`, `partials/network.html`; see
//! `docs/pictures.md`), and the answers of [`atlas::Atlas::contains`] and
//! [`atlas::Atlas::neighbours`] for `check` and for the country pages.
//!
//! What it must not do: know dossier's graph, format a site URL (every URL
//! comes in from the caller, DESIGN §8 "Pipeline"), touch the network, or
//! write anything that depends on the order of a hash map: the same input
//! gives the same bytes. Colours are CSS classes (the theme's section
//! `/* pictures (issue 13) */` in `dossier.css`), never colours written into
//! the SVG, so that pictures follow the dark scheme and print.

pub mod atlas;
pub mod chart;
pub mod map;
pub mod network;
pub mod projection;
pub mod simplify;
mod svg;
pub mod topojson;

use serde::Serialize;

/// One drawn picture: what a partial receives.
///
/// `svg` is a complete `<svg>` element; `legend` is HTML to place after it
/// (a `<ul class="pic-legend">`, a paragraph, or nothing). Both are safe to
/// insert unescaped: every text that came in was escaped.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Picture {
    /// The inline `<svg>` element.
    pub svg: String,
    /// HTML that explains the picture (may be empty).
    pub legend: String,
}

impl Picture {
    /// The picture and its legend in one `<figure>`, as the default partials
    /// place them.
    pub fn to_html(&self) -> String {
        format!("<figure class=\"pic\">{}{}</figure>", self.svg, self.legend)
    }

    /// Size of the HTML of [`Picture::to_html`], in bytes: what a page pays.
    pub fn len(&self) -> usize {
        self.svg.len() + self.legend.len() + "<figure class=\"pic\"></figure>".len()
    }

    /// True when nothing was drawn.
    pub fn is_empty(&self) -> bool {
        self.svg.is_empty()
    }
}
