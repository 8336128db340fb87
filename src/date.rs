//! Dates as authors write them: full `YYYY-MM-DD` dates, and the partial event
//! dates `YYYY-MM` and `YYYY` (DESIGN §3).
//!
//! A partial date sorts at the start of its period and prints at its own
//! precision; printing in words is [`crate::i18n`]'s job.

use std::cmp::Ordering;
use std::fmt;

use chrono::{Datelike, NaiveDate};

/// How much of a date the author gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    /// `2025`
    Year,
    /// `2025-07`
    Month,
    /// `2025-07-01`
    Day,
}

/// A date known to the year, the month or the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PartialDate {
    /// The first day of the period: what the date sorts by.
    start: NaiveDate,
    precision: Precision,
}

impl PartialDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; the error says what was expected.
    ///
    /// ```
    /// use dossier::date::{PartialDate, Precision};
    /// let d = PartialDate::parse("2025-07").unwrap();
    /// assert_eq!(d.precision(), Precision::Month);
    /// assert_eq!(d.to_string(), "2025-07");
    /// assert!(PartialDate::parse("2025-13").is_err());
    /// ```
    pub fn parse(text: &str) -> Result<PartialDate, String> {
        let text = text.trim();
        let parts: Vec<&str> = text.split('-').collect();
        let number = |s: &str, len: usize| -> Option<u32> {
            (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse().ok())
                .flatten()
        };
        let shape = || {
            format!(
                "`{text}` is not a date; write `YYYY-MM-DD`, or `YYYY-MM` or `YYYY` when only the month or year is known"
            )
        };
        let (year, month, day, precision) = match parts.as_slice() {
            [y] => (number(y, 4), Some(1), Some(1), Precision::Year),
            [y, m] => (number(y, 4), number(m, 2), Some(1), Precision::Month),
            [y, m, d] => (number(y, 4), number(m, 2), number(d, 2), Precision::Day),
            _ => return Err(shape()),
        };
        let (Some(year), Some(month), Some(day)) = (year, month, day) else {
            return Err(shape());
        };
        let year = i32::try_from(year).map_err(|_| shape())?;
        if !(1..=12).contains(&month) {
            return Err(format!(
                "`{text}` has the month `{month:02}`; months go from `01` to `12`"
            ));
        }
        let start = NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| {
            let last = (28..=31)
                .rev()
                .find(|d| NaiveDate::from_ymd_opt(year, month, *d).is_some())
                .unwrap_or(28);
            format!("`{text}` is not a day of the calendar: that month has {last} days")
        })?;
        Ok(PartialDate { start, precision })
    }

    /// A full date.
    pub fn from_day(day: NaiveDate) -> PartialDate {
        PartialDate {
            start: day,
            precision: Precision::Day,
        }
    }

    /// The first day of the period.
    pub fn start(&self) -> NaiveDate {
        self.start
    }

    /// How much of the date is known.
    pub fn precision(&self) -> Precision {
        self.precision
    }

    /// The year.
    pub fn year(&self) -> i32 {
        self.start.year()
    }

    /// The month, when known.
    pub fn month(&self) -> Option<u32> {
        (self.precision >= Precision::Month).then(|| self.start.month())
    }
}

impl Ord for PartialDate {
    /// By the start of the period; at equal starts the coarser date first
    /// (`2025` before `2025-01` before `2025-01-01`).
    fn cmp(&self, other: &Self) -> Ordering {
        (self.start, self.precision).cmp(&(other.start, other.precision))
    }
}

impl PartialOrd for PartialDate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for PartialDate {
    /// The ISO form at the date's own precision.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.precision {
            Precision::Year => write!(f, "{:04}", self.start.year()),
            Precision::Month => write!(f, "{}", self.start.format("%Y-%m")),
            Precision::Day => write!(f, "{}", self.start.format("%Y-%m-%d")),
        }
    }
}

/// Parses a full `YYYY-MM-DD` date, as every field but event dates requires.
pub fn parse_day(text: &str) -> Result<NaiveDate, String> {
    let date = PartialDate::parse(text)?;
    if date.precision != Precision::Day {
        return Err(format!("`{text}` is not a full date; write `YYYY-MM-DD`"));
    }
    Ok(date.start)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_dates_sort_at_the_start_of_their_period() {
        let mut dates: Vec<PartialDate> =
            ["2025-07-03", "2025-07", "2025", "2024-12-31", "2025-06-30"]
                .iter()
                .map(|t| PartialDate::parse(t).unwrap())
                .collect();
        dates.sort();
        let printed: Vec<String> = dates.iter().map(ToString::to_string).collect();
        assert_eq!(
            printed,
            ["2024-12-31", "2025", "2025-06-30", "2025-07", "2025-07-03"]
        );
    }

    #[test]
    fn invalid_dates_are_rejected_with_a_reason() {
        assert!(
            PartialDate::parse("2025-02-30")
                .unwrap_err()
                .contains("calendar")
        );
        assert!(
            PartialDate::parse("juillet 2025")
                .unwrap_err()
                .contains("YYYY-MM-DD")
        );
        assert!(PartialDate::parse("25-07").is_err());
        assert!(PartialDate::parse("2025-7").is_err());
        assert!(parse_day("2025-07").unwrap_err().contains("full date"));
    }

    #[test]
    fn precision_is_kept() {
        assert_eq!(
            PartialDate::parse("2025").unwrap().precision(),
            Precision::Year
        );
        assert_eq!(PartialDate::parse("2025").unwrap().month(), None);
        assert_eq!(PartialDate::parse("2025-02").unwrap().month(), Some(2));
    }

    #[test]
    fn a_bad_month_or_day_says_which() {
        assert_eq!(
            PartialDate::parse("2024-13").unwrap_err(),
            "`2024-13` has the month `13`; months go from `01` to `12`"
        );
        assert!(
            parse_day("2024-00-10")
                .unwrap_err()
                .contains("the month `00`")
        );
        assert_eq!(
            parse_day("2025-02-29").unwrap_err(),
            "`2025-02-29` is not a day of the calendar: that month has 28 days"
        );
        assert!(parse_day("2024-02-29").is_ok());
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    fn any_date() -> impl Strategy<Value = PartialDate> {
        (1i32..=9999, 1u32..=12, 1u32..=28, 0u8..3).prop_map(|(y, m, d, p)| {
            let text = match p {
                0 => format!("{y:04}"),
                1 => format!("{y:04}-{m:02}"),
                _ => format!("{y:04}-{m:02}-{d:02}"),
            };
            PartialDate::parse(&text).expect("a valid date")
        })
    }

    proptest! {
        /// Printing a date and parsing it back gives the same date.
        #[test]
        fn display_then_parse_is_identity(date in any_date()) {
            prop_assert_eq!(PartialDate::parse(&date.to_string()), Ok(date));
        }

        /// Dates sort by the start of their period, coarser first.
        #[test]
        fn order_follows_the_start_of_the_period(a in any_date(), b in any_date()) {
            if a.start() < b.start() {
                prop_assert!(a < b);
            }
            if a.start() == b.start() {
                prop_assert_eq!(a.cmp(&b), a.precision().cmp(&b.precision()));
            }
        }

        /// Any text either parses or gives a reason; never a panic.
        #[test]
        fn parse_never_panics(text in "\\PC{0,12}") {
            let _ = PartialDate::parse(&text);
        }
    }
}
