//! Simplifying outlines for the scale of a frame, once for all frames.
//!
//! Owns the Visvalingam–Whyatt "effective area" of every point of an arc:
//! the area of the triangle it forms with its neighbours at the moment the
//! algorithm would remove it (as `topojson-simplify` and mapshaper compute
//! it). Computed once when the atlas loads; a map then keeps the points
//! whose area, seen at its scale, is at least a fraction of a square pixel,
//! so the same arc drawn on a country map and on a map of Africa costs what
//! each needs, and shared borders stay identical on both sides.
//!
//! It must not project anything: areas are in square degrees, the longitude
//! shrunk by the cosine of the latitude, which is what an equal-area map
//! near the point shows.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

use super::topojson::LonLat;

/// The effective area of each point of `arc`, in square degrees; the two
/// ends are infinite (they are where arcs meet, and are always kept).
///
/// Areas never decrease in the order points are removed, so that "keep the
/// points whose area is at least `a`" gives the same result as running the
/// algorithm until `a`.
///
/// ```
/// use dossier::pictures::simplify::effective_areas;
/// let areas = effective_areas(&[[0.0, 0.0], [1.0, 0.001], [2.0, 0.0], [3.0, 2.0]]);
/// assert!(areas[0].is_infinite() && areas[3].is_infinite());
/// assert!(areas[1] < areas[2]);
/// ```
pub fn effective_areas(arc: &[LonLat]) -> Vec<f64> {
    let n = arc.len();
    let mut areas = vec![f64::INFINITY; n];
    if n < 3 {
        return areas;
    }
    let plane: Vec<[f64; 2]> = arc
        .iter()
        .map(|&[lon, lat]| [lon * lat.to_radians().cos(), lat])
        .collect();
    let mut previous: Vec<usize> = (0..n).map(|i| i.wrapping_sub(1)).collect();
    let mut next: Vec<usize> = (1..=n).collect();
    let mut heap = BinaryHeap::new();
    let mut current = vec![0.0; n];
    for i in 1..n - 1 {
        let area = triangle(plane[i - 1], plane[i], plane[i + 1]);
        current[i] = area;
        heap.push(Reverse(Entry { area, index: i }));
    }
    let mut floor: f64 = 0.0;
    while let Some(Reverse(Entry { area, index })) = heap.pop() {
        // An entry is stale when the point's area changed after it was pushed.
        if area != current[index] || !areas[index].is_infinite() {
            continue;
        }
        floor = floor.max(area);
        areas[index] = floor;
        let (before, after) = (previous[index], next[index]);
        next[before] = after;
        previous[after] = before;
        for neighbour in [before, after] {
            if neighbour == 0 || neighbour == n - 1 {
                continue;
            }
            let area = triangle(
                plane[previous[neighbour]],
                plane[neighbour],
                plane[next[neighbour]],
            );
            current[neighbour] = area;
            heap.push(Reverse(Entry {
                area,
                index: neighbour,
            }));
        }
    }
    areas
}

/// Twice the area would do for ordering; the true area keeps thresholds
/// readable (square degrees).
fn triangle(a: [f64; 2], b: [f64; 2], c: [f64; 2]) -> f64 {
    ((b[0] - a[0]) * (c[1] - a[1]) - (c[0] - a[0]) * (b[1] - a[1])).abs() / 2.0
}

/// A point waiting in the heap; ties are broken by index so that the order
/// of removal, and so the output, never depends on the heap's internals.
#[derive(Debug, Clone, Copy)]
struct Entry {
    area: f64,
    index: usize,
}

impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Entry {}

impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Entry {
    fn cmp(&self, other: &Self) -> Ordering {
        self.area
            .total_cmp(&other.area)
            .then(self.index.cmp(&other.index))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_straight_line_loses_its_middle_points_first() {
        let arc = [[0.0, 0.0], [1.0, 0.0], [2.0, 0.0], [3.0, 1.0], [4.0, 0.0]];
        let areas = effective_areas(&arc);
        assert_eq!(areas[1], 0.0);
        assert!(areas[3] > areas[2], "{areas:?}");
    }

    #[test]
    fn areas_never_decrease_in_removal_order() {
        // A zigzag whose small teeth, once removed, leave larger triangles.
        let arc: Vec<LonLat> = (0..40)
            .map(|i| {
                let x = f64::from(i) * 0.1;
                let y = if i % 2 == 0 {
                    0.0
                } else {
                    0.01 * f64::from(i % 7)
                };
                [x, y]
            })
            .collect();
        let areas = effective_areas(&arc);
        let threshold = areas[1..39].iter().copied().fold(0.0, f64::max) / 2.0;
        let kept: Vec<usize> = (0..40).filter(|&i| areas[i] >= threshold).collect();
        assert!(kept.contains(&0) && kept.contains(&39));
        assert!(kept.len() < 40 && kept.len() > 2, "{kept:?}");
    }

    #[test]
    fn the_same_arc_gives_the_same_areas() {
        let arc: Vec<LonLat> = (0..200)
            .map(|i| {
                let t = f64::from(i) / 10.0;
                [t, (t * 3.1).sin()]
            })
            .collect();
        assert_eq!(effective_areas(&arc), effective_areas(&arc));
    }

    #[test]
    fn short_arcs_keep_every_point() {
        assert!(
            effective_areas(&[[0.0, 0.0], [1.0, 1.0]])
                .iter()
                .all(|a| a.is_infinite())
        );
    }
}
