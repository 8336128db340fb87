//! How an event is marked: a shape and a colour class per kind of event, a
//! size by fatalities.
//!
//! The shape says the kind without colour (print, colour blindness); the
//! colour is a CSS class, `pic-k-<kind>`, whose rules live in the theme. It
//! must not know where a marker goes: it draws around a centre it is given.

use std::f64::consts::PI;
use std::fmt::Write;

use crate::content::EventKind;
use crate::pictures::svg::num;

/// The outline a kind of event is drawn with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A triangle pointing up.
    TriangleUp,
    /// A five-pointed star.
    Star,
    /// A disc.
    Circle,
    /// A square.
    Square,
    /// A square on its point.
    Diamond,
    /// A regular pentagon.
    Pentagon,
    /// A triangle pointing down.
    TriangleDown,
    /// A plus sign.
    Plus,
    /// A cross (×), as on a ballot.
    Cross,
    /// A regular hexagon.
    Hexagon,
    /// A ring.
    Ring,
}

/// The shape of each kind: no two kinds share one.
///
/// ```
/// use dossier::content::EventKind;
/// use dossier::pictures::map::marker::{shape, Shape};
/// assert_eq!(shape(EventKind::Attack), Shape::TriangleUp);
/// ```
pub fn shape(kind: EventKind) -> Shape {
    match kind {
        EventKind::Attack => Shape::TriangleUp,
        EventKind::Battle => Shape::Star,
        EventKind::Visit => Shape::Circle,
        EventKind::Meeting => Shape::Square,
        EventKind::Agreement => Shape::Diamond,
        EventKind::Patrol => Shape::Pentagon,
        EventKind::Withdrawal => Shape::TriangleDown,
        EventKind::Protest => Shape::Plus,
        EventKind::Election => Shape::Cross,
        EventKind::Economic => Shape::Hexagon,
        EventKind::Other => Shape::Ring,
    }
}

/// The CSS class that colours a kind (`pic-k-attack`): its rules are in the
/// theme, with a light, a dark and a print value.
pub fn class(kind: EventKind) -> String {
    format!("pic-k-{}", kind.as_str())
}

/// The radius of a marker: 5 px, growing with the square root of the
/// fatalities (so that the area grows with the number) up to 20 px at 100
/// and more. Unknown fatalities draw the smallest marker.
///
/// ```
/// use dossier::pictures::map::marker::radius;
/// assert_eq!(radius(None), 5.0);
/// assert_eq!(radius(Some(0)), 5.0);
/// assert!(radius(Some(10)) > radius(Some(1)));
/// assert_eq!(radius(Some(1000)), 20.0);
/// ```
pub fn radius(fatalities: Option<u32>) -> f64 {
    let f = f64::from(fatalities.unwrap_or(0));
    (5.0 + 1.5 * f.sqrt()).min(20.0)
}

/// Path data of `shape` centred on `(cx, cy)`, of about the visual weight
/// of a disc of radius `r`.
pub fn path(shape: Shape, cx: f64, cy: f64, r: f64) -> String {
    let polygon = |n: u32, start_degrees: f64, size: f64| {
        let points: Vec<(f64, f64)> = (0..n)
            .map(|i| {
                let a = (start_degrees + 360.0 * f64::from(i) / f64::from(n)).to_radians();
                (cx + size * r * a.cos(), cy + size * r * a.sin())
            })
            .collect();
        closed(&points)
    };
    match shape {
        Shape::Circle => circle(cx, cy, r),
        Shape::Ring => format!("{}{}", circle(cx, cy, r * 1.1), circle(cx, cy, r * 0.5)),
        Shape::TriangleUp => polygon(3, -90.0, 1.35),
        Shape::TriangleDown => polygon(3, 90.0, 1.35),
        Shape::Square => polygon(4, 45.0, 1.25),
        Shape::Diamond => polygon(4, -90.0, 1.3),
        Shape::Pentagon => polygon(5, -90.0, 1.15),
        Shape::Hexagon => polygon(6, 0.0, 1.1),
        Shape::Star => {
            let points: Vec<(f64, f64)> = (0..10)
                .map(|i| {
                    let a = -PI / 2.0 + PI * f64::from(i) / 5.0;
                    let size = if i % 2 == 0 { 1.45 * r } else { 0.62 * r };
                    (cx + size * a.cos(), cy + size * a.sin())
                })
                .collect();
            closed(&points)
        }
        Shape::Plus | Shape::Cross => {
            // Twelve corners of a plus sign; the cross is the plus turned 45°.
            let (arm, half) = (1.25 * r, 0.42 * r);
            let corners = [
                (-half, -arm),
                (half, -arm),
                (half, -half),
                (arm, -half),
                (arm, half),
                (half, half),
                (half, arm),
                (-half, arm),
                (-half, half),
                (-arm, half),
                (-arm, -half),
                (-half, -half),
            ];
            let turn = if shape == Shape::Cross { PI / 4.0 } else { 0.0 };
            let (sin, cos) = turn.sin_cos();
            let points: Vec<(f64, f64)> = corners
                .iter()
                .map(|&(x, y)| (cx + x * cos - y * sin, cy + x * sin + y * cos))
                .collect();
            closed(&points)
        }
    }
}

/// A closed polygon through `points`, absolute coordinates (markers are few
/// points each; relative ones would save little).
fn closed(points: &[(f64, f64)]) -> String {
    let mut d = String::new();
    for (i, (x, y)) in points.iter().enumerate() {
        let command = if i == 0 { 'M' } else { 'L' };
        let _ = write!(d, "{command}{} {}", num(*x), num(*y));
    }
    d.push('z');
    d
}

/// A circle as two arcs, so that every marker is a `<path>`.
fn circle(cx: f64, cy: f64, r: f64) -> String {
    format!(
        "M{} {}a{r} {r} 0 1 0 {d} 0a{r} {r} 0 1 0 -{d} 0z",
        num(cx - r),
        num(cy),
        r = num(r),
        d = num(2.0 * r)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_its_own_shape_and_class() {
        let shapes: Vec<Shape> = EventKind::ALL.iter().map(|(_, k)| shape(*k)).collect();
        for (i, a) in shapes.iter().enumerate() {
            for b in &shapes[i + 1..] {
                assert_ne!(a, b);
            }
        }
        let classes: Vec<String> = EventKind::ALL.iter().map(|(_, k)| class(*k)).collect();
        assert_eq!(classes[0], "pic-k-attack");
        assert_eq!(classes[10], "pic-k-other");
    }

    #[test]
    fn shapes_are_centred_where_asked() {
        for (_, kind) in EventKind::ALL {
            let d = path(shape(kind), 100.0, 50.0, 5.0);
            let numbers: Vec<f64> = d
                .split(|c: char| c.is_ascii_alphabetic() || c == ' ')
                .filter_map(|n| n.parse().ok())
                .collect();
            assert!(numbers.len() >= 4, "{kind:?}: {d}");
            // Absolute polygons stay within 8 px of the centre.
            if d.contains('L') {
                for pair in numbers.chunks(2) {
                    assert!((pair[0] - 100.0).abs() <= 8.0 && (pair[1] - 50.0).abs() <= 8.0);
                }
            }
        }
    }

    #[test]
    fn the_triangles_point_their_way() {
        let up = path(Shape::TriangleUp, 0.0, 0.0, 10.0);
        let down = path(Shape::TriangleDown, 0.0, 0.0, 10.0);
        assert!(up.starts_with("M0 -13.5"), "{up}");
        assert!(down.starts_with("M0 13.5"), "{down}");
    }
}
