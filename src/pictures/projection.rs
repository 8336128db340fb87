//! From longitude/latitude to the pixels of a picture.
//!
//! Owns the projection (Lambert azimuthal equal-area, centred on the middle
//! of what is shown: areas stay true, so a large country does not look
//! larger than it is, and shapes bend little over a region or a continent)
//! and the [`Frame`] fitted to the points and countries a map shows.
//! It must not know what is drawn.

use std::f64::consts::PI;

use super::topojson::LonLat;

/// Lambert azimuthal equal-area projection on the unit sphere, centred on
/// one point.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Laea {
    lon0: f64,
    sin_lon0: f64,
    cos_lon0: f64,
    sin_lat0: f64,
    cos_lat0: f64,
}

/// A point's sines and cosines, `[sin lat, cos lat, sin lon, cos lon]`,
/// computed once when the atlas loads: projecting them then needs no
/// trigonometry, which was most of the cost of drawing a map.
pub type Trig = [f64; 4];

/// The [`Trig`] of a point.
pub fn trig([lon, lat]: LonLat) -> Trig {
    let (sin_lat, cos_lat) = lat.to_radians().sin_cos();
    let (sin_lon, cos_lon) = lon.to_radians().sin_cos();
    [sin_lat, cos_lat, sin_lon, cos_lon]
}

impl Laea {
    /// The projection centred on `centre` (longitude, latitude in degrees).
    pub fn new(centre: LonLat) -> Laea {
        let lat0 = centre[1].to_radians();
        let lon0 = centre[0].to_radians();
        Laea {
            lon0,
            sin_lon0: lon0.sin(),
            cos_lon0: lon0.cos(),
            sin_lat0: lat0.sin(),
            cos_lat0: lat0.cos(),
        }
    }

    /// Projects a point: `x` east, `y` north, in units of the sphere's
    /// radius (the whole sphere fits in a disc of radius 2).
    ///
    /// ```
    /// use dossier::pictures::projection::Laea;
    /// let p = Laea::new([0.0, 0.0]);
    /// assert_eq!(p.project([0.0, 0.0]), [0.0, 0.0]);
    /// let [x, y] = p.project([90.0, 0.0]);
    /// assert!((x - 2f64.sqrt()).abs() < 1e-12 && y.abs() < 1e-12);
    /// ```
    pub fn project(&self, point: LonLat) -> [f64; 2] {
        self.project_trig(&trig(point))
    }

    /// [`Laea::project`] from a point's precomputed [`Trig`].
    pub fn project_trig(&self, &[sin_lat, cos_lat, sin_lon, cos_lon]: &Trig) -> [f64; 2] {
        let sin_dlon = sin_lon * self.cos_lon0 - cos_lon * self.sin_lon0;
        let cos_dlon = cos_lon * self.cos_lon0 + sin_lon * self.sin_lon0;
        let cos_c = self.sin_lat0 * sin_lat + self.cos_lat0 * cos_lat * cos_dlon;
        // The antipode has no image; points next to it go to the rim.
        let k = (2.0 / (1.0 + cos_c).max(1e-12)).sqrt();
        [
            k * cos_lat * sin_dlon,
            k * (self.cos_lat0 * sin_lat - self.sin_lat0 * cos_lat * cos_dlon),
        ]
    }

    /// The inverse of [`Laea::project`], for points of the disc of radius 2.
    pub fn invert(&self, [x, y]: [f64; 2]) -> LonLat {
        let rho = x.hypot(y);
        if rho < 1e-15 {
            return [self.lon0.to_degrees(), self.sin_lat0.asin().to_degrees()];
        }
        let c = 2.0 * (rho / 2.0).clamp(-1.0, 1.0).asin();
        let (sin_c, cos_c) = c.sin_cos();
        let lat = (cos_c * self.sin_lat0 + y * sin_c * self.cos_lat0 / rho).clamp(-1.0, 1.0);
        let lon =
            self.lon0 + (x * sin_c).atan2(rho * self.cos_lat0 * cos_c - y * self.sin_lat0 * sin_c);
        [normalize_lon(lon.to_degrees()), lat.asin().to_degrees()]
    }
}

/// Brings a longitude into [-180, 180).
fn normalize_lon(lon: f64) -> f64 {
    (lon + 180.0).rem_euclid(360.0) - 180.0
}

/// How a frame is shaped: its width in pixels, the range of its height, and
/// the space kept around what it shows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Layout {
    /// Width of the picture (viewBox units, about CSS pixels).
    pub width: f64,
    /// Smallest height, as a fraction of the width.
    pub min_aspect: f64,
    /// Largest height, as a fraction of the width.
    pub max_aspect: f64,
    /// Space kept free on each side, in pixels.
    pub margin: f64,
    /// Smallest span shown, in degrees of latitude (a single point still
    /// shows its surroundings).
    pub min_span: f64,
}

/// A projection fitted to a rectangle of pixels: `y` grows downwards, as in
/// SVG.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    projection: Laea,
    /// Pixels per unit of the projection.
    scale: f64,
    /// Projected coordinates of the picture's top-left corner.
    left: f64,
    top: f64,
    /// Size of the picture in pixels.
    pub width: f64,
    /// Height of the picture in pixels.
    pub height: f64,
}

impl Frame {
    /// The frame that shows every point of `content` (longitude, latitude)
    /// inside the layout's margin, centred on the middle of their bounding
    /// box; `None` when there is nothing to show.
    pub fn fit(content: &[LonLat], layout: &Layout) -> Option<Frame> {
        let (min, max) = bounds(content)?;
        let centre = [(min[0] + max[0]) / 2.0, (min[1] + max[1]) / 2.0];
        let projection = Laea::new(centre);
        let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for &point in content {
            let [x, y] = projection.project(point);
            (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
        }
        // A single place, or a tiny country, still shows its surroundings.
        let min_span = layout.min_span.to_radians();
        let (cx, cy) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
        let (mut span_x, span_y) = ((x1 - x0).max(min_span), (y1 - y0).max(min_span));
        let inner = layout.width - 2.0 * layout.margin;
        let max_inner_h = layout.width * layout.max_aspect - 2.0 * layout.margin;
        if span_y * inner / span_x > max_inner_h {
            span_x = span_y * inner / max_inner_h;
        }
        let scale = inner / span_x;
        let height = (span_y * scale + 2.0 * layout.margin)
            .clamp(
                layout.width * layout.min_aspect,
                layout.width * layout.max_aspect,
            )
            .round();
        Some(Frame {
            projection,
            scale,
            left: cx - layout.width / 2.0 / scale,
            top: cy + height / 2.0 / scale,
            width: layout.width,
            height,
        })
    }

    /// Where a point falls in the picture, in pixels.
    pub fn to_px(&self, point: LonLat) -> [f64; 2] {
        let [x, y] = self.projection.project(point);
        [(x - self.left) * self.scale, (self.top - y) * self.scale]
    }

    /// [`Frame::to_px`] from a point's precomputed [`Trig`].
    pub fn trig_to_px(&self, point: &Trig) -> [f64; 2] {
        let [x, y] = self.projection.project_trig(point);
        [(x - self.left) * self.scale, (self.top - y) * self.scale]
    }

    /// Pixels per degree of latitude at the centre: what the simplification
    /// threshold is measured in.
    pub fn px_per_degree(&self) -> f64 {
        self.scale * PI / 180.0
    }

    /// A longitude/latitude box that holds everything the picture shows
    /// (found by inverting points along its edges), plus `pad` degrees; the
    /// whole world when the picture reaches the far side of the globe.
    pub fn geo_bounds(&self, pad: f64) -> (LonLat, LonLat) {
        const WORLD: (LonLat, LonLat) = ([-180.0, -90.0], [180.0, 90.0]);
        let mut edge = Vec::new();
        let steps = 16;
        for i in 0..=steps {
            let t = f64::from(i) / f64::from(steps);
            for (px, py) in [
                (t * self.width, 0.0),
                (t * self.width, self.height),
                (0.0, t * self.height),
                (self.width, t * self.height),
            ] {
                let x = self.left + px / self.scale;
                let y = self.top - py / self.scale;
                if x.hypot(y) >= 1.9 {
                    return WORLD;
                }
                edge.push(self.projection.invert([x, y]));
            }
        }
        match bounds(&edge) {
            Some((min, max)) if max[0] - min[0] < 180.0 => (
                [min[0] - pad, (min[1] - pad).max(-90.0)],
                [max[0] + pad, (max[1] + pad).min(90.0)],
            ),
            _ => WORLD,
        }
    }
}

/// The longitude/latitude bounding box of some points.
pub(crate) fn bounds(points: &[LonLat]) -> Option<(LonLat, LonLat)> {
    let first = *points.first()?;
    Some(points.iter().fold((first, first), |(min, max), p| {
        (
            [min[0].min(p[0]), min[1].min(p[1])],
            [max[0].max(p[0]), max[1].max(p[1])],
        )
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    const LAYOUT: Layout = Layout {
        width: 600.0,
        min_aspect: 0.5,
        max_aspect: 1.0,
        margin: 20.0,
        min_span: 2.0,
    };

    fn close(a: f64, b: f64, tolerance: f64) -> bool {
        (a - b).abs() <= tolerance
    }

    #[test]
    fn the_projection_keeps_areas() {
        // Two cells of 1° × 1°, at the equator and at 60° N, seen from
        // between them: their projected areas are in the ratio of their
        // areas on the sphere (cos 60.5° / cos 0.5°).
        let p = Laea::new([0.0, 30.0]);
        let area = |lon: f64, lat: f64| {
            let a = p.project([lon, lat]);
            let b = p.project([lon + 1.0, lat]);
            let c = p.project([lon + 1.0, lat + 1.0]);
            let d = p.project([lon, lat + 1.0]);
            let twice = (a[0] * b[1] - b[0] * a[1])
                + (b[0] * c[1] - c[0] * b[1])
                + (c[0] * d[1] - d[0] * c[1])
                + (d[0] * a[1] - a[0] * d[1]);
            twice.abs() / 2.0
        };
        let ratio = area(10.0, 60.0) / area(10.0, 0.0);
        let expected = (60.5f64).to_radians().cos() / (0.5f64).to_radians().cos();
        assert!(close(ratio, expected, 1e-3), "{ratio} vs {expected}");
    }

    #[test]
    fn invert_undoes_project() {
        let p = Laea::new([-5.0, 15.0]);
        for point in [
            [-17.44, 14.69],
            [-11.44, 14.45],
            [10.0, 40.0],
            [30.0, -20.0],
        ] {
            let back = p.invert(p.project(point));
            assert!(close(back[0], point[0], 1e-9) && close(back[1], point[1], 1e-9));
        }
    }

    #[test]
    fn the_frame_shows_every_point_inside_its_margin() {
        let points = [
            [-17.44, 14.69],
            [-11.44, 14.45],
            [-12.12, 14.53],
            [4.0, 25.0],
        ];
        let frame = Frame::fit(&points, &LAYOUT).expect("points");
        assert_eq!(frame.width, 600.0);
        for point in points {
            let [x, y] = frame.to_px(point);
            assert!((19.9..=580.1).contains(&x), "{point:?} → {x}");
            assert!(y >= 19.9 && y <= frame.height - 19.9, "{point:?} → {y}");
        }
        // West is left, north is up.
        assert!(frame.to_px([-17.44, 14.69])[0] < frame.to_px([-11.44, 14.45])[0]);
        assert!(frame.to_px([4.0, 25.0])[1] < frame.to_px([-11.44, 14.45])[1]);
    }

    #[test]
    fn a_tall_content_is_narrowed_within_the_largest_height() {
        let points = [[0.0, 0.0], [0.5, 30.0]];
        let frame = Frame::fit(&points, &LAYOUT).expect("points");
        assert_eq!(frame.height, 600.0);
        let [_, top] = frame.to_px([0.5, 30.0]);
        let [_, bottom] = frame.to_px([0.0, 0.0]);
        assert!(
            close(top, 20.0, 1.0) && close(bottom, 580.0, 1.0),
            "{top} {bottom}"
        );
    }

    #[test]
    fn one_point_is_centred_with_its_surroundings() {
        let frame = Frame::fit(&[[-12.12, 14.53]], &LAYOUT).expect("point");
        let [x, y] = frame.to_px([-12.12, 14.53]);
        assert!(close(x, 300.0, 0.01) && close(y, frame.height / 2.0, 0.01));
        assert!(frame.px_per_degree() < 600.0);
        assert!(Frame::fit(&[], &LAYOUT).is_none());
    }

    #[test]
    fn geo_bounds_hold_the_picture() {
        let frame = Frame::fit(&[[-17.0, 12.0], [-5.0, 20.0]], &LAYOUT).expect("points");
        let (min, max) = frame.geo_bounds(0.0);
        assert!(min[0] <= -17.0 && max[0] >= -5.0 && min[1] <= 12.0 && max[1] >= 20.0);
        assert!(max[0] - min[0] < 30.0, "{min:?} {max:?}");
    }
}
