//! Actor networks: an actor's ego network, and the whole network of a
//! site's actors when it is small enough to read.
//!
//! Owns the layouts, both radial and computed here without randomness (no
//! maintained Rust layout crate fits: `fdg-sim` is unmaintained and seeds
//! its layout at random, `forceatlas2` is AGPL, `layout-rs` draws layered
//! graphs of its own): the ego network puts the actor in the middle and its
//! ties on an ellipse around it, one row each, affiliations on the left and
//! actors met in events on the right, so that no two names share a line;
//! the whole network puts actors on a circle, by kind then name, with their
//! names written outward. It must not format a URL or choose a word.

use std::f64::consts::PI;
use std::fmt::Write;

use crate::content::ActorKind;
use crate::pictures::Picture;
use crate::pictures::map::text_width;
use crate::pictures::svg::{escape, num};

/// The most nodes [`whole`] draws: beyond, names no longer fit around the
/// circle at a readable size.
pub const MAX_WHOLE_NODES: usize = 150;

/// An actor in a network.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// What identifies it among the nodes (its slug).
    pub key: String,
    /// Its name, written beside it.
    pub name: String,
    /// Its page: the node becomes a link.
    pub url: Option<String>,
    /// Its kind: the node's colour.
    pub kind: ActorKind,
}

/// A tie of the ego actor to another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tie {
    /// The other actor.
    pub node: Node,
    /// The affiliation, as written under the name ("membre, 2012–2020");
    /// `None` when the tie is only shared events.
    pub affiliation: Option<String>,
    /// How many events both take part in: the line's width.
    pub shared_events: u32,
    /// The second line under the name when there is no affiliation ("3
    /// événements communs"), and the rest of the link's tooltip.
    pub note: String,
}

/// The words of a network's legend, in the page's language.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NetworkWords {
    /// The name of each kind of actor; a kind missing here is written as in
    /// front matter.
    pub kinds: Vec<(ActorKind, String)>,
    /// Legend of an affiliation line ("affiliation").
    pub affiliation: String,
    /// Legend of a shared-events line ("shared events: the thicker, the
    /// more").
    pub shared_events: String,
}

impl NetworkWords {
    fn kind(&self, kind: ActorKind) -> &str {
        self.kinds
            .iter()
            .find(|(k, _)| *k == kind)
            .map(|(_, w)| w.as_str())
            .unwrap_or_else(|| kind_token(kind))
    }
}

/// An ego network.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EgoSpec {
    /// An id unique on the page: the title gets `{id}-title`.
    pub id: String,
    /// The picture's accessible name.
    pub title: String,
    /// The id of the element that lists the same ties in text.
    pub described_by: Option<String>,
    /// The actor of the page.
    pub ego: Node,
    /// Its ties; at most [`MAX_TIES`] are drawn, affiliations first, then
    /// by shared events.
    pub ties: Vec<Tie>,
    /// The legend's words.
    pub words: NetworkWords,
}

/// The most ties an ego network draws (the rest stay in the page's lists).
pub const MAX_TIES: usize = 30;

/// A link between two actors of the whole network.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// One end (a node's key).
    pub a: String,
    /// The other end.
    pub b: String,
    /// Shared events (the width); at least 1 is drawn.
    pub weight: u32,
    /// True for an affiliation.
    pub affiliation: bool,
}

/// The whole network.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WholeSpec {
    /// An id unique on the page.
    pub id: String,
    /// The picture's accessible name.
    pub title: String,
    /// The id of the element that lists the actors in text.
    pub described_by: Option<String>,
    /// The actors.
    pub nodes: Vec<Node>,
    /// The links; a link to an unknown key is left out.
    pub links: Vec<Link>,
    /// The legend's words.
    pub words: NetworkWords,
}

/// Width of an ego network.
const EGO_W: f64 = 680.0;
/// Height of one tie's row (a name and a note).
const ROW_H: f64 = 36.0;
/// Horizontal radius of the ellipse of ties.
const EGO_RX: f64 = 110.0;
/// Radius of a tie's node.
const NODE_R: f64 = 7.0;
/// Radius of the ego's node.
const EGO_R: f64 = 12.0;
/// Longest name written, in characters (the tooltip has it whole).
const NAME_MAX: usize = 26;
/// Longest name written around the whole network.
const WHOLE_NAME_MAX: usize = 24;

/// Where an ego network's nodes go: the ego at `[0]`, then each tie in the
/// order given, `left` of them on the left and the rest on the right; and
/// the picture's height.
///
/// Rows are [`ROW_H`] apart on each side, so that no two nodes or names
/// overlap, whatever the number of ties.
pub fn ego_layout(left: usize, right: usize) -> (Vec<[f64; 2]>, f64) {
    let rows = left.max(right).max(1) as f64;
    let height = (rows * ROW_H + 32.0).max(120.0);
    let (cx, cy) = (EGO_W / 2.0, height / 2.0);
    let ry = rows * ROW_H / 2.0 + ROW_H;
    let mut points = vec![[cx, cy]];
    for (count, sign) in [(left, -1.0), (right, 1.0)] {
        for i in 0..count {
            let y = cy + (i as f64 - (count as f64 - 1.0) / 2.0) * ROW_H;
            let t = ((y - cy) / ry).clamp(-1.0, 1.0);
            let x = cx + sign * EGO_RX * (1.0 - t * t).sqrt();
            points.push([x, y]);
        }
    }
    (points, height)
}

/// Draws an ego network; an empty picture when the actor has no tie.
pub fn ego(spec: &EgoSpec) -> Picture {
    if spec.ties.is_empty() {
        return Picture {
            svg: String::new(),
            legend: String::new(),
        };
    }
    let mut ties: Vec<&Tie> = spec.ties.iter().collect();
    ties.sort_by(|a, b| {
        b.affiliation
            .is_some()
            .cmp(&a.affiliation.is_some())
            .then(b.shared_events.cmp(&a.shared_events))
            .then(a.node.name.cmp(&b.node.name))
            .then(a.node.key.cmp(&b.node.key))
    });
    ties.truncate(MAX_TIES);
    // Affiliations on the left, the rest on the right, balanced to within
    // one row by moving the last of the longer side.
    let mut left: Vec<&Tie> = ties
        .iter()
        .copied()
        .filter(|t| t.affiliation.is_some())
        .collect();
    let mut right: Vec<&Tie> = ties
        .iter()
        .copied()
        .filter(|t| t.affiliation.is_none())
        .collect();
    while right.len() > left.len() + 1 {
        left.push(right.pop().expect("right is longer"));
    }
    while left.len() > right.len() + 1 {
        right.insert(0, left.pop().expect("left is longer"));
    }
    let (points, height) = ego_layout(left.len(), right.len());
    let placed: Vec<(&Tie, [f64; 2], bool)> = left
        .iter()
        .map(|t| (*t, true))
        .chain(right.iter().map(|t| (*t, false)))
        .zip(&points[1..])
        .map(|((t, is_left), p)| (t, *p, is_left))
        .collect();
    let [cx, cy] = points[0];
    let id = escape(&spec.id);
    let mut out = String::with_capacity(2048 + placed.len() * 400);
    let _ = write!(
        out,
        "<svg class=\"pic-network\" viewBox=\"0 0 {} {}\" role=\"group\" paint-order=\"stroke\" aria-labelledby=\"{id}-title\"{}>\
         <title id=\"{id}-title\">{}</title><g aria-hidden=\"true\">",
        num(EGO_W),
        num(height),
        described(spec.described_by.as_deref()),
        escape(&spec.title)
    );
    for (tie, [x, y], _) in &placed {
        let class = if tie.affiliation.is_some() {
            "pic-edge pic-edge-affiliation"
        } else {
            "pic-edge"
        };
        let _ = write!(
            out,
            "<path class=\"{class}\" stroke-width=\"{}\" d=\"M{} {}L{} {}\"/>",
            num(line_width(tie.shared_events)),
            num(cx),
            num(cy),
            num(*x),
            num(*y)
        );
    }
    out.push_str("</g>");
    for (tie, [x, y], is_left) in &placed {
        let (lx, anchor) = if *is_left {
            (x - NODE_R - 5.0, " text-anchor=\"end\"")
        } else {
            (x + NODE_R + 5.0, "")
        };
        let second = tie.affiliation.as_deref().unwrap_or(&tie.note);
        let tooltip = if second.is_empty() {
            tie.node.name.clone()
        } else {
            format!("{} — {}", tie.node.name, second)
        };
        let inner = format!(
            "<title>{}</title><circle class=\"pic-node {}\" cx=\"{}\" cy=\"{}\" r=\"{}\"/>\
             <text class=\"pic-node-name\" x=\"{}\" y=\"{}\"{anchor}>{}</text>\
             <text class=\"pic-node-note\" x=\"{}\" y=\"{}\"{anchor}>{}</text>",
            escape(&tooltip),
            kind_class(tie.node.kind),
            num(*x),
            num(*y),
            num(NODE_R),
            num(lx),
            num(y + 1.0),
            escape(&shorten(&tie.node.name, NAME_MAX)),
            num(lx),
            num(y + 14.0),
            escape(&shorten(second, NAME_MAX + 6)),
        );
        link_or_group(&mut out, tie.node.url.as_deref(), &inner);
    }
    let _ = write!(
        out,
        "<g><title>{}</title><circle class=\"pic-node pic-ego {}\" cx=\"{}\" cy=\"{}\" r=\"{}\"/>\
         <text class=\"pic-node-name pic-ego-name\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text></g></svg>",
        escape(&spec.ego.name),
        kind_class(spec.ego.kind),
        num(cx),
        num(cy),
        num(EGO_R),
        num(cx),
        num(cy + EGO_R + 15.0),
        escape(&shorten(&spec.ego.name, NAME_MAX)),
    );
    let kinds: Vec<ActorKind> = std::iter::once(spec.ego.kind)
        .chain(placed.iter().map(|(t, _, _)| t.node.kind))
        .collect();
    let lines = (
        placed.iter().any(|(t, _, _)| t.affiliation.is_some()),
        placed.iter().any(|(t, _, _)| t.affiliation.is_none()),
    );
    Picture {
        svg: out,
        legend: legend(&kinds, lines, &spec.words),
    }
}

/// Where the whole network's nodes go, in the order given: on a circle,
/// starting at the top and turning clockwise; with the picture's size and
/// each node's angle (radians, clockwise from the right).
///
/// The circle is large enough that neighbours are at least 15 px apart;
/// `label_width` (the longest name) is kept free around it.
pub fn circle_layout(n: usize, label_width: f64) -> (Vec<([f64; 2], f64)>, f64) {
    let r = (n as f64 * 15.0 / (2.0 * PI)).max(110.0);
    let half = r + NODE_R + 8.0 + label_width;
    let points = (0..n)
        .map(|i| {
            let angle = -PI / 2.0 + 2.0 * PI * i as f64 / n as f64;
            ([half + r * angle.cos(), half + r * angle.sin()], angle)
        })
        .collect();
    (points, 2.0 * half)
}

/// Draws the whole network, or `None` beyond [`MAX_WHOLE_NODES`] actors
/// (or with none).
pub fn whole(spec: &WholeSpec) -> Option<Picture> {
    if spec.nodes.is_empty() || spec.nodes.len() > MAX_WHOLE_NODES {
        return None;
    }
    let mut nodes: Vec<&Node> = spec.nodes.iter().collect();
    nodes.sort_by(|a, b| {
        kind_rank(a.kind)
            .cmp(&kind_rank(b.kind))
            .then(a.name.cmp(&b.name))
            .then(a.key.cmp(&b.key))
    });
    let longest = nodes
        .iter()
        .map(|n| text_width(&shorten(&n.name, WHOLE_NAME_MAX), 11.0))
        .fold(0.0, f64::max);
    let (points, size) = circle_layout(nodes.len(), longest);
    let at = |key: &str| nodes.iter().position(|n| n.key == key);
    let centre = size / 2.0;
    let id = escape(&spec.id);
    let mut out = String::with_capacity(4096 + nodes.len() * 300);
    let _ = write!(
        out,
        "<svg class=\"pic-network pic-network-whole\" viewBox=\"0 0 {s} {s}\" width=\"{s}\" height=\"{s}\" role=\"group\" paint-order=\"stroke\" aria-labelledby=\"{id}-title\"{}>\
         <title id=\"{id}-title\">{}</title><g aria-hidden=\"true\">",
        described(spec.described_by.as_deref()),
        escape(&spec.title),
        s = num(size),
    );
    let mut links: Vec<&Link> = spec.links.iter().collect();
    links.sort_by(|x, y| (&x.a, &x.b, x.weight).cmp(&(&y.a, &y.b, y.weight)));
    for link in links {
        let (Some(i), Some(j)) = (at(&link.a), at(&link.b)) else {
            continue;
        };
        if i == j {
            continue;
        }
        let ([x1, y1], _) = points[i];
        let ([x2, y2], _) = points[j];
        // A curve bent towards the centre keeps lines off the names.
        let (qx, qy) = (
            centre + ((x1 + x2) / 2.0 - centre) * 0.4,
            centre + ((y1 + y2) / 2.0 - centre) * 0.4,
        );
        let class = if link.affiliation {
            "pic-edge pic-edge-affiliation"
        } else {
            "pic-edge"
        };
        let _ = write!(
            out,
            "<path class=\"{class}\" stroke-width=\"{}\" d=\"M{} {}Q{} {} {} {}\"/>",
            num(line_width(link.weight)),
            num(x1),
            num(y1),
            num(qx),
            num(qy),
            num(x2),
            num(y2)
        );
    }
    out.push_str("</g>");
    for (node, ([x, y], angle)) in nodes.iter().zip(&points) {
        // Names read outward; on the left half they are turned half a turn
        // more so that they are never upside down.
        let on_left = angle.cos() < -1e-9;
        let degrees = angle.to_degrees() + if on_left { 180.0 } else { 0.0 };
        let offset = NODE_R + 4.0;
        let (tx, ty) = (x + offset * angle.cos(), y + offset * angle.sin());
        let anchor = if on_left { " text-anchor=\"end\"" } else { "" };
        let inner = format!(
            "<title>{}</title><circle class=\"pic-node {}\" cx=\"{}\" cy=\"{}\" r=\"5\"/>\
             <text class=\"pic-node-name pic-small\" transform=\"rotate({} {} {})\" x=\"{}\" y=\"{}\"{anchor}>{}</text>",
            escape(&node.name),
            kind_class(node.kind),
            num(*x),
            num(*y),
            num(degrees),
            num(tx),
            num(ty),
            num(tx),
            num(ty + 3.5),
            escape(&shorten(&node.name, WHOLE_NAME_MAX)),
        );
        link_or_group(&mut out, node.url.as_deref(), &inner);
    }
    out.push_str("</svg>");
    let kinds: Vec<ActorKind> = nodes.iter().map(|n| n.kind).collect();
    let lines = (
        spec.links.iter().any(|l| l.affiliation),
        spec.links.iter().any(|l| !l.affiliation),
    );
    Some(Picture {
        svg: out,
        legend: legend(&kinds, lines, &spec.words),
    })
}

/// The line width for a number of shared events: 1.5 px, thicker with each
/// doubling, up to 6.
fn line_width(shared: u32) -> f64 {
    (1.5 + 1.2 * f64::from(shared.max(1)).log2()).min(6.0)
}

/// The legend: the kinds of actor present, in the order of DESIGN §3, and
/// the two kinds of line.
fn legend(
    kinds: &[ActorKind],
    (affiliations, shared): (bool, bool),
    words: &NetworkWords,
) -> String {
    let mut items = String::new();
    for (_, kind) in ActorKind::ALL {
        if kinds.contains(&kind) {
            let _ = write!(
                items,
                "<li><svg class=\"pic-key\" viewBox=\"-10 -10 20 20\" aria-hidden=\"true\"><circle class=\"pic-node {}\" r=\"6\"/></svg>{}</li>",
                kind_class(kind),
                escape(words.kind(kind))
            );
        }
    }
    for (present, class, word) in [
        (
            affiliations,
            "pic-edge pic-edge-affiliation",
            &words.affiliation,
        ),
        (shared, "pic-edge", &words.shared_events),
    ] {
        if present && !word.is_empty() {
            let _ = write!(
                items,
                "<li><svg class=\"pic-key\" viewBox=\"-10 -10 20 20\" aria-hidden=\"true\"><path class=\"{class}\" stroke-width=\"2.5\" d=\"M-9 0H9\"/></svg>{}</li>",
                escape(word)
            );
        }
    }
    format!("<ul class=\"pic-legend\">{items}</ul>")
}

fn described(id: Option<&str>) -> String {
    id.map(|d| format!(" aria-describedby=\"{}\"", escape(d)))
        .unwrap_or_default()
}

fn link_or_group(out: &mut String, url: Option<&str>, inner: &str) {
    let _ = match url {
        Some(url) => write!(out, "<a href=\"{}\">{inner}</a>", escape(url)),
        None => write!(out, "<g>{inner}</g>"),
    };
}

/// `text` cut to at most `max` characters, at a space when one is in the
/// second half, with an ellipsis when cut.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max - 1).collect();
    let at_word = match cut.rfind(' ') {
        Some(space) if cut[..space].chars().count() > max / 2 => &cut[..space],
        _ => cut.as_str(),
    };
    format!("{}…", at_word.trim_end())
}

/// The CSS class of a kind of actor (`pic-a-armed-group`).
pub fn kind_class(kind: ActorKind) -> String {
    format!("pic-a-{}", kind_token(kind))
}

fn kind_token(kind: ActorKind) -> &'static str {
    ActorKind::ALL
        .iter()
        .find(|(_, k)| *k == kind)
        .map(|(token, _)| *token)
        .expect("every actor kind is listed")
}

fn kind_rank(kind: ActorKind) -> usize {
    ActorKind::ALL
        .iter()
        .position(|(_, k)| *k == kind)
        .expect("every actor kind is listed")
}

#[cfg(test)]
mod tests;
