//! Activity charts: events and fatalities per month, and sparklines.
//!
//! Owns the month axis (every month from the first to the last of the data,
//! the months without data filled here with zero, see [`fill`]), the scale
//! of each panel, and the drawing. Each month with data is a link to the URL
//! the caller gives (the month's digest). It must not format a URL or choose
//! a word: months' names and every label come in [`ChartWords`].

use std::fmt::{self, Write};

use crate::pictures::Picture;
use crate::pictures::map::text_width;
use crate::pictures::svg::{escape, num};

/// A calendar month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    year: i32,
    month: u32,
}

impl YearMonth {
    /// The month `month` (1–12) of `year`; `None` for another month number.
    pub fn new(year: i32, month: u32) -> Option<YearMonth> {
        (1..=12)
            .contains(&month)
            .then_some(YearMonth { year, month })
    }

    /// Reads `YYYY-MM` (the digest's key, DESIGN §4).
    ///
    /// ```
    /// use dossier::pictures::chart::YearMonth;
    /// let m = YearMonth::parse("2025-07").unwrap();
    /// assert_eq!((m.year(), m.month()), (2025, 7));
    /// assert_eq!(m.next().to_string(), "2025-08");
    /// assert!(YearMonth::parse("2025-13").is_none());
    /// ```
    pub fn parse(text: &str) -> Option<YearMonth> {
        let (year, month) = text.split_once('-')?;
        if year.len() != 4 || month.len() != 2 {
            return None;
        }
        YearMonth::new(year.parse().ok()?, month.parse().ok()?)
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.year
    }

    /// The month, 1–12.
    pub fn month(self) -> u32 {
        self.month
    }

    /// The month after.
    pub fn next(self) -> YearMonth {
        if self.month == 12 {
            YearMonth {
                year: self.year + 1,
                month: 1,
            }
        } else {
            YearMonth {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    fn index(self) -> usize {
        (self.month - 1) as usize
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// One month of data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthBar {
    /// The month.
    pub month: YearMonth,
    /// Events that month.
    pub events: u32,
    /// Fatalities that month (those known).
    pub fatalities: u32,
    /// The month's page (its digest): the bars become a link.
    pub url: Option<String>,
    /// The link's accessible name and tooltip ("July 2025: 3 events, 12
    /// fatalities"), in the page's language.
    pub title: String,
}

/// The words of a chart, in the page's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartWords {
    /// Title of the events panel ("Events per month").
    pub events: String,
    /// Title of the fatalities panel ("Fatalities").
    pub fatalities: String,
    /// Short month names for the axis, January first (`janv.`).
    pub months: [String; 12],
}

/// An activity chart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivitySpec {
    /// An id unique on the page: the title gets `{id}-title`.
    pub id: String,
    /// The chart's accessible name.
    pub title: String,
    /// The id of an element that gives the same figures in text, if any.
    pub described_by: Option<String>,
    /// The months with data, in any order; a month given twice is added up.
    pub months: Vec<MonthBar>,
    /// The months to show at least (for example the site's whole range),
    /// besides those of the data.
    pub range: Option<(YearMonth, YearMonth)>,
    /// The words.
    pub words: ChartWords,
}

/// One month of the axis: its data, or none (a gap, drawn as zero).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot<'a> {
    /// The month.
    pub month: YearMonth,
    /// Its data; `None` for a month without events.
    pub bar: Option<&'a MonthBar>,
}

/// Every month from the first to the last of `bars` and `range`, each with
/// its data or none: gaps are filled here, not by the caller.
///
/// ```
/// use dossier::pictures::chart::{fill, MonthBar, YearMonth};
/// let bar = |m: &str| MonthBar { month: YearMonth::parse(m).unwrap(), events: 1,
///     fatalities: 0, url: None, title: m.into() };
/// let bars = [bar("2024-11"), bar("2025-02")];
/// let slots = fill(&bars, None);
/// assert_eq!(slots.len(), 4);
/// assert!(slots[1].bar.is_none() && slots[2].bar.is_none());
/// ```
pub fn fill(bars: &[MonthBar], range: Option<(YearMonth, YearMonth)>) -> Vec<Slot<'_>> {
    let ends = bars
        .iter()
        .map(|b| b.month)
        .chain(range.into_iter().flat_map(|(a, b)| [a, b]));
    let (Some(first), Some(last)) = (ends.clone().min(), ends.max()) else {
        return Vec::new();
    };
    let mut slots = Vec::new();
    let mut month = first;
    while month <= last {
        slots.push(Slot {
            month,
            bar: bars.iter().find(|b| b.month == month),
        });
        month = month.next();
    }
    slots
}

/// Width of an activity chart.
const WIDTH: f64 = 600.0;
/// Space for the scale on the left.
const LEFT: f64 = 34.0;
/// Space on the right.
const RIGHT: f64 = 6.0;
/// Height of the events panel.
const EVENTS_H: f64 = 90.0;
/// Height of the fatalities panel.
const FATALITIES_H: f64 = 56.0;
/// Height of a panel's title line.
const TITLE_H: f64 = 20.0;
/// Height of the month axis (two lines: months, years).
const AXIS_H: f64 = 30.0;

/// Draws the activity chart; an empty picture when there is no month.
pub fn activity(spec: &ActivitySpec) -> Picture {
    let merged = merge(&spec.months);
    let slots = fill(&merged, spec.range);
    if slots.is_empty() {
        return Picture {
            svg: String::new(),
            legend: String::new(),
        };
    }
    let with_fatalities = merged.iter().any(|b| b.fatalities > 0);
    let events_top = TITLE_H;
    let events_base = events_top + EVENTS_H;
    let (fat_top, fat_base) = if with_fatalities {
        let top = events_base + TITLE_H + 12.0;
        (top, top + FATALITIES_H)
    } else {
        (events_base, events_base)
    };
    let height = fat_base + AXIS_H;
    let n = slots.len() as f64;
    let slot = (WIDTH - LEFT - RIGHT) / n;
    let bar_w = (slot * 0.75).clamp(1.0, 28.0);
    let events_max = nice(merged.iter().map(|b| b.events).max().unwrap_or(0));
    let fat_max = nice(merged.iter().map(|b| b.fatalities).max().unwrap_or(0));
    let id = escape(&spec.id);

    let mut out = String::with_capacity(4096 + slots.len() * 300);
    let _ = write!(
        out,
        "<svg class=\"pic-chart\" viewBox=\"0 0 {} {}\" role=\"group\" aria-labelledby=\"{id}-title\"{}>\
         <title id=\"{id}-title\">{}</title><g aria-hidden=\"true\">",
        num(WIDTH),
        num(height),
        spec.described_by
            .as_deref()
            .map(|d| format!(" aria-describedby=\"{}\"", escape(d)))
            .unwrap_or_default(),
        escape(&spec.title)
    );
    let mut panels = vec![(&spec.words.events, events_top, events_base, events_max)];
    if with_fatalities {
        panels.push((&spec.words.fatalities, fat_top, fat_base, fat_max));
    }
    for (title, top, base, max) in &panels {
        let _ = write!(
            out,
            "<text class=\"pic-axis-title\" x=\"0\" y=\"{}\">{}</text>\
             <path class=\"pic-grid\" d=\"M{} {}H{}\"/><path class=\"pic-axis\" d=\"M{} {}H{}\"/>\
             <text class=\"pic-tick\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{max}</text>\
             <text class=\"pic-tick\" x=\"{}\" y=\"{}\" text-anchor=\"end\">0</text>",
            num(top - 7.0),
            escape(title),
            num(LEFT),
            num(*top),
            num(WIDTH - RIGHT),
            num(LEFT),
            num(*base),
            num(WIDTH - RIGHT),
            num(LEFT - 4.0),
            num(top + 4.0),
            num(LEFT - 4.0),
            num(*base),
        );
    }
    // Month labels: every k-th month, k the smallest step whose labels do
    // not touch; the year under January and under the first label.
    let widest = spec
        .words
        .months
        .iter()
        .map(|m| text_width(m, 11.0))
        .fold(text_width("2025", 11.0), f64::max);
    let step = [1, 2, 3, 4, 6, 12]
        .into_iter()
        .find(|k| slot * f64::from(*k) >= widest + 4.0)
        .unwrap_or(12);
    let mut year_written = false;
    for (i, s) in slots.iter().enumerate() {
        if (s.month.month() - 1) % step != 0 {
            continue;
        }
        let x = LEFT + slot * (i as f64 + 0.5);
        let _ = write!(
            out,
            "<text class=\"pic-tick\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            num(x),
            num(fat_base + 13.0),
            escape(&spec.words.months[s.month.index()])
        );
        if s.month.month() == 1 || !year_written {
            year_written = true;
            let _ = write!(
                out,
                "<text class=\"pic-tick pic-year\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
                num(x),
                num(fat_base + 26.0),
                s.month.year()
            );
        }
    }
    out.push_str("</g>");
    for (i, s) in slots.iter().enumerate() {
        let Some(bar) = s.bar else { continue };
        let x0 = LEFT + slot * i as f64;
        let x = x0 + (slot - bar_w) / 2.0;
        let mut inner = format!(
            "<title>{}</title><rect class=\"pic-hit\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>",
            escape(&bar.title),
            num(x0),
            num(events_top),
            num(slot),
            num(fat_base - events_top)
        );
        let bars = [
            (bar.events, events_max, events_base, EVENTS_H, "pic-bar"),
            (
                bar.fatalities,
                fat_max,
                fat_base,
                FATALITIES_H,
                "pic-bar pic-bar-fatalities",
            ),
        ];
        for (value, max, base, full, class) in bars.into_iter().take(panels.len()) {
            if value == 0 {
                continue;
            }
            let h = (f64::from(value) / f64::from(max) * full).max(1.0);
            let _ = write!(
                inner,
                "<rect class=\"{class}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>",
                num(x),
                num(base - h),
                num(bar_w),
                num(h)
            );
        }
        match &bar.url {
            Some(url) => {
                let _ = write!(out, "<a href=\"{}\">{inner}</a>", escape(url));
            }
            None => {
                let _ = write!(out, "<g>{inner}</g>");
            }
        }
    }
    out.push_str("</svg>");
    Picture {
        svg: out,
        legend: String::new(),
    }
}

/// A month given twice is added up (first URL and title kept), so that the
/// axis has one slot per month.
fn merge(bars: &[MonthBar]) -> Vec<MonthBar> {
    let mut merged: Vec<MonthBar> = Vec::with_capacity(bars.len());
    for bar in bars {
        match merged.iter_mut().find(|b| b.month == bar.month) {
            Some(b) => {
                b.events += bar.events;
                b.fatalities += bar.fatalities;
            }
            None => merged.push(bar.clone()),
        }
    }
    merged.sort_by_key(|b| b.month);
    merged
}

/// The top of a scale: the smallest 1, 2 or 5 × 10ⁿ at or above `max`
/// (at least 1).
///
/// ```
/// use dossier::pictures::chart::nice;
/// assert_eq!([nice(0), nice(1), nice(3), nice(7), nice(12), nice(230)], [1, 1, 5, 10, 20, 500]);
/// ```
pub fn nice(max: u32) -> u32 {
    let mut power = 1u32;
    loop {
        for m in [1, 2, 5] {
            let top = m * power;
            if top >= max {
                return top;
            }
        }
        match power.checked_mul(10) {
            Some(p) => power = p,
            None => return max,
        }
    }
}

/// A sparkline: events per month, for one row of an index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sparkline {
    /// Its accessible name ("42 events from January 2024 to July 2025").
    pub label: String,
    /// Events per month; months absent are zero.
    pub counts: Vec<(YearMonth, u32)>,
    /// First month shown (give every row of an index the same range).
    pub from: YearMonth,
    /// Last month shown.
    pub to: YearMonth,
    /// The top of the scale (give every row the same to compare them);
    /// `None` scales to this row's largest month.
    pub max: Option<u32>,
}

/// Width of a sparkline.
const SPARK_W: f64 = 120.0;
/// Height of a sparkline.
const SPARK_H: f64 = 24.0;

/// Draws a sparkline: an `<svg role="img">` named by its label, one bar per
/// month from `from` to `to`, gaps at zero.
pub fn sparkline(spec: &Sparkline) -> String {
    let mut months = Vec::new();
    let mut month = spec.from;
    while month <= spec.to {
        let count: u32 = spec
            .counts
            .iter()
            .filter(|(m, _)| *m == month)
            .map(|(_, c)| c)
            .sum();
        months.push(count);
        month = month.next();
    }
    let max = spec
        .max
        .unwrap_or_else(|| months.iter().copied().max().unwrap_or(0))
        .max(1);
    let slot = SPARK_W / months.len().max(1) as f64;
    let bar_w = (slot - 0.5).max(0.5);
    let label = escape(&spec.label);
    let mut out = format!(
        "<svg class=\"pic-spark\" viewBox=\"0 0 {} {}\" role=\"img\" aria-label=\"{label}\"><title>{label}</title>\
         <path class=\"pic-axis\" d=\"M0 {}H{}\"/>",
        num(SPARK_W),
        num(SPARK_H),
        num(SPARK_H - 0.5),
        num(SPARK_W)
    );
    for (i, count) in months.iter().enumerate().filter(|(_, c)| **c > 0) {
        let h = (f64::from((*count).min(max)) / f64::from(max) * (SPARK_H - 2.0)).max(1.5);
        let _ = write!(
            out,
            "<rect class=\"pic-bar\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>",
            num(slot * i as f64),
            num(SPARK_H - 0.5 - h),
            num(bar_w),
            num(h)
        );
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests;
