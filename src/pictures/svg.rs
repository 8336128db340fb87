//! Writing SVG text: numbers at a fixed precision, escaped text, and compact
//! path data.
//!
//! Every coordinate goes through [`Tenths`], so that output is byte-identical
//! whatever the platform's float formatting, and small: one decimal at most,
//! no trailing `.0`, no leading `0` (`-.5`). It must not know what is drawn.

use std::fmt;

/// A coordinate rounded to a tenth of a unit, kept as an integer so that
/// differences between rounded points are exact (relative path commands do
/// not drift).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Tenths(pub i64);

impl Tenths {
    /// Rounds `value` to the nearest tenth (halves away from zero).
    pub(crate) fn of(value: f64) -> Tenths {
        Tenths((value * 10.0).round() as i64)
    }

    /// Appends the number to `out`, digit by digit: path data is most of a
    /// map's bytes, and going through `fmt` for each of its numbers was a
    /// third of the time of drawing a map of the world.
    pub(crate) fn push_to(self, out: &mut String) {
        let v = self.0;
        let (whole, tenth) = (v.unsigned_abs() / 10, v.unsigned_abs() % 10);
        if v < 0 {
            out.push('-');
        }
        if whole > 0 {
            let mut digits = [0u8; 20];
            let mut at = digits.len();
            let mut rest = whole;
            while rest > 0 {
                at -= 1;
                digits[at] = b'0' + (rest % 10) as u8;
                rest /= 10;
            }
            out.push_str(std::str::from_utf8(&digits[at..]).expect("ASCII digits"));
        }
        match (whole, tenth) {
            (0, 0) => out.push('0'),
            (_, 0) => {}
            (_, t) => {
                out.push('.');
                out.push(char::from(b'0' + t as u8));
            }
        }
    }
}

impl fmt::Display for Tenths {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut text = String::with_capacity(8);
        self.push_to(&mut text);
        f.write_str(&text)
    }
}

/// Formats `value` rounded to a tenth (`12.25` → `12.3`, `3.0` → `3`).
pub(crate) fn num(value: f64) -> Tenths {
    Tenths::of(value)
}

/// Escapes text for an attribute value or element content.
pub(crate) fn escape(text: &str) -> String {
    if !text.contains(['&', '<', '>', '"', '\'']) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Path data written with relative commands between points rounded to
/// tenths: `M12.3 4l1-2 .5 3z`.
#[derive(Debug, Default)]
pub(crate) struct PathData {
    text: String,
    at: (i64, i64),
    /// Whether the last thing written was a command letter (then the next
    /// number needs no separator).
    after_letter: bool,
    /// Whether an `l` command is open (then a further line adds a pair).
    in_line: bool,
}

impl PathData {
    /// An empty path.
    pub(crate) fn new() -> PathData {
        PathData::default()
    }

    /// Starts a new subpath at `(x, y)` (already in tenths).
    pub(crate) fn move_to(&mut self, x: i64, y: i64) {
        self.text.push('M');
        self.after_letter = true;
        self.pair(x, y);
        self.at = (x, y);
        self.in_line = false;
    }

    /// Draws a line from the current point to `(x, y)` (in tenths).
    /// Consecutive lines share one `l` command.
    pub(crate) fn line_to(&mut self, x: i64, y: i64) {
        if !self.in_line {
            self.text.push('l');
            self.after_letter = true;
            self.in_line = true;
        }
        self.pair(x - self.at.0, y - self.at.1);
        self.at = (x, y);
    }

    /// Closes the current subpath.
    pub(crate) fn close(&mut self) {
        self.text.push('z');
        self.after_letter = true;
        self.in_line = false;
    }

    /// The path data.
    pub(crate) fn finish(self) -> String {
        self.text
    }

    /// True when nothing was written.
    pub(crate) fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    fn pair(&mut self, x: i64, y: i64) {
        self.number(x);
        self.number(y);
    }

    fn number(&mut self, v: i64) {
        // A minus sign separates numbers by itself; only a tenth that rounds
        // to zero is written without one (`Tenths` writes `0`, never `-0`).
        if !self.after_letter && v >= 0 {
            self.text.push(' ');
        }
        Tenths(v).push_to(&mut self.text);
        self.after_letter = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tenths_are_written_without_trailing_zero_or_leading_zero() {
        let cases = [
            (0.0, "0"),
            (-0.04, "0"),
            (3.0, "3"),
            (12.25, "12.3"),
            (0.5, ".5"),
            (-0.5, "-.5"),
            (-12.34, "-12.3"),
            (100.0, "100"),
            (-100.0, "-100"),
            (1234567.89, "1234567.9"),
            (-0.06, "-.1"),
        ];
        for (value, written) in cases {
            assert_eq!(num(value).to_string(), written, "{value}");
        }
    }

    #[test]
    fn escape_covers_markup_and_quotes() {
        assert_eq!(
            escape("a<b & \"c\" 'd'>"),
            "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;"
        );
    }

    #[test]
    fn path_data_is_relative_and_compact() {
        let mut path = PathData::new();
        path.move_to(100, 40);
        path.line_to(110, 20);
        path.line_to(115, 50);
        path.close();
        path.move_to(0, 0);
        path.line_to(-5, 0);
        path.close();
        assert_eq!(path.finish(), "M10 4l1-2 .5 3zM0 0l-.5 0z");
    }
}
