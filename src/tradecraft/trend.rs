//! Which way things are going: a country's monthly `trend` and `alert`
//! (after International Crisis Group's CrisisWatch), the `status` of a
//! brief's `indicators`, and the conflict change the digest may compute
//! from the events when no trend is given.
//!
//! The computed change follows ACLED's Conflict Change Map: the percentage
//! change of a count against its recent average, cut at +25 %, +10 % and
//! −25 %, with ACLED's low-baseline rule. [`conflict_change`] documents
//! exactly what is compared. Counting the events of a month is the
//! caller's work; this module only judges counts.

use serde::Serialize;

use crate::i18n::Language;

/// A country's month against the month before, as the analyst judges it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Trend {
    /// The situation got worse.
    Deteriorated,
    /// The situation got better.
    Improved,
    /// No significant change.
    Unchanged,
}

impl Trend {
    /// The closed list of `trend:`.
    pub const ALL: [(&'static str, Trend); 3] = [
        ("deteriorated", Trend::Deteriorated),
        ("improved", Trend::Improved),
        ("unchanged", Trend::Unchanged),
    ];

    /// Its `trend:` value, also usable as a CSS class.
    pub fn key(self) -> &'static str {
        key_of(&Trend::ALL, self)
    }

    /// The trend in words, as a digest heading shows it.
    pub fn label(self, lang: Language) -> &'static str {
        match (self, lang) {
            (Trend::Deteriorated, Language::En) => "Deteriorated",
            (Trend::Deteriorated, Language::Fr) => "Détérioration",
            (Trend::Improved, Language::En) => "Improved",
            (Trend::Improved, Language::Fr) => "Amélioration",
            (Trend::Unchanged, Language::En) => "Unchanged",
            (Trend::Unchanged, Language::Fr) => "Situation inchangée",
        }
    }

    /// An arrow beside the label: down for worse, up for better, across
    /// for unchanged. Decorative: the label carries the meaning
    /// (`aria-hidden` in templates), so colour and shape are never the only
    /// signal.
    pub fn glyph(self) -> &'static str {
        match self {
            Trend::Deteriorated => "↓",
            Trend::Improved => "↑",
            Trend::Unchanged => "→",
        }
    }
}

/// A warning attached to a country's month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Alert {
    /// Risk of new or escalating conflict in the coming month.
    ConflictRisk,
    /// A chance to resolve or de-escalate a conflict.
    ResolutionOpportunity,
}

impl Alert {
    /// The closed list of `alert:`.
    pub const ALL: [(&'static str, Alert); 2] = [
        ("conflict-risk", Alert::ConflictRisk),
        ("resolution-opportunity", Alert::ResolutionOpportunity),
    ];

    /// Its `alert:` value, also usable as a CSS class.
    pub fn key(self) -> &'static str {
        key_of(&Alert::ALL, self)
    }

    /// The alert in words.
    pub fn label(self, lang: Language) -> &'static str {
        match (self, lang) {
            (Alert::ConflictRisk, Language::En) => "Conflict risk alert",
            (Alert::ConflictRisk, Language::Fr) => "Alerte risque de conflit",
            (Alert::ResolutionOpportunity, Language::En) => "Resolution opportunity",
            (Alert::ResolutionOpportunity, Language::Fr) => "Opportunité de résolution",
        }
    }

    /// A sign beside the label (decorative, like [`Trend::glyph`]); U+FE0E
    /// asks for the text form, not an emoji.
    pub fn glyph(self) -> &'static str {
        match self {
            Alert::ConflictRisk => "⚠\u{FE0E}",
            Alert::ResolutionOpportunity => "✓",
        }
    }
}

/// Whether an indicator (a sign that would confirm or refute a judgement)
/// has been seen, as of its `as_of` date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum IndicatorStatus {
    /// Seen.
    Observed,
    /// Looked for and not seen.
    NotObserved,
    /// The evidence does not say.
    Unclear,
}

impl IndicatorStatus {
    /// The closed list of `status:`.
    pub const ALL: [(&'static str, IndicatorStatus); 3] = [
        ("observed", IndicatorStatus::Observed),
        ("not-observed", IndicatorStatus::NotObserved),
        ("unclear", IndicatorStatus::Unclear),
    ];

    /// Its `status:` value, also usable as a CSS class.
    pub fn key(self) -> &'static str {
        key_of(&IndicatorStatus::ALL, self)
    }

    /// The status in words.
    pub fn label(self, lang: Language) -> &'static str {
        match (self, lang) {
            (IndicatorStatus::Observed, Language::En) => "observed",
            (IndicatorStatus::Observed, Language::Fr) => "observé",
            (IndicatorStatus::NotObserved, Language::En) => "not observed",
            (IndicatorStatus::NotObserved, Language::Fr) => "non observé",
            (IndicatorStatus::Unclear, Language::En) => "unclear",
            (IndicatorStatus::Unclear, Language::Fr) => "incertain",
        }
    }

    /// A mark beside the label (decorative): full, empty or half a disc.
    pub fn glyph(self) -> &'static str {
        match self {
            IndicatorStatus::Observed => "●",
            IndicatorStatus::NotObserved => "○",
            IndicatorStatus::Unclear => "◐",
        }
    }
}

/// The key of `value` in a closed list.
fn key_of<T: PartialEq + Copy>(all: &[(&'static str, T)], value: T) -> &'static str {
    all.iter()
        .find(|(_, v)| *v == value)
        .map(|(key, _)| *key)
        .expect("every value is in its list")
}

/// A country's counts for one month: the events it has, and their
/// fatalities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Counts {
    /// Events dated in the month.
    pub events: u32,
    /// The sum of their `fatalities`.
    pub fatalities: u32,
}

/// ACLED's change levels (Conflict Change Map).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeLevel {
    /// Less than −25 %.
    LargeDecrease,
    /// From −25 % (included) to +10 % (excluded), or a low baseline.
    LimitedChange,
    /// From +10 % to +25 %, both included.
    ModerateIncrease,
    /// More than +25 %.
    LargeIncrease,
}

impl ChangeLevel {
    /// The level in words.
    pub fn label(self, lang: Language) -> &'static str {
        match (self, lang) {
            (ChangeLevel::LargeDecrease, Language::En) => "large decrease",
            (ChangeLevel::LargeDecrease, Language::Fr) => "forte baisse",
            (ChangeLevel::LimitedChange, Language::En) => "limited change",
            (ChangeLevel::LimitedChange, Language::Fr) => "variation limitée",
            (ChangeLevel::ModerateIncrease, Language::En) => "moderate increase",
            (ChangeLevel::ModerateIncrease, Language::Fr) => "hausse modérée",
            (ChangeLevel::LargeIncrease, Language::En) => "large increase",
            (ChangeLevel::LargeIncrease, Language::Fr) => "forte hausse",
        }
    }

    fn is_increase(self) -> bool {
        matches!(
            self,
            ChangeLevel::ModerateIncrease | ChangeLevel::LargeIncrease
        )
    }
}

/// One count of a month judged against the average of the three months
/// before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Measure {
    /// This month's count.
    pub current: u32,
    /// The sum of the three previous months (the average is a third of it;
    /// kept whole so that thresholds are exact).
    pub previous_total: u64,
    /// The change in percent, rounded half away from zero; `None` when the
    /// previous three months counted nothing.
    pub percent: Option<i64>,
    /// ACLED's level for the change.
    pub level: ChangeLevel,
    /// Whether the low-baseline rule decided the level.
    pub low_baseline: bool,
}

/// The computed change of a country's month: events and fatalities, each
/// against the previous three months.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ConflictChange {
    /// The change in the number of events.
    pub events: Measure,
    /// The change in the number of fatalities.
    pub fatalities: Measure,
}

impl ConflictChange {
    /// The trend the data suggest, shown marked as computed when the
    /// analyst gave none: deteriorated when either count shows an
    /// increase (moderate or large), else improved when either shows a
    /// large decrease, else unchanged.
    pub fn suggested_trend(self) -> Trend {
        let levels = [self.events.level, self.fatalities.level];
        if levels.iter().any(|l| l.is_increase()) {
            Trend::Deteriorated
        } else if levels.contains(&ChangeLevel::LargeDecrease) {
            Trend::Improved
        } else {
            Trend::Unchanged
        }
    }
}

/// How a month's counts compare with the three months before it, by
/// ACLED's Conflict Change Map rules, applied to events and to fatalities
/// alike:
///
/// - the baseline is the average of the three previous months (a month
///   with no event counts as zero), and the change is
///   `(current − average) / average`;
/// - more than +25 % is a large increase; +10 % to +25 % (both included)
///   moderate; from −25 % (included) up to +10 % limited; less than −25 %
///   a large decrease;
/// - low baseline: when the average is 2 or less and the month counts 5
///   or less, the change is limited, whatever the percentage (ACLED: "two
///   events or fewer on average … and five events or fewer in the most
///   recent week"; ours compares months);
/// - zero baseline: with nothing in the three previous months, 5 or fewer
///   is limited (the rule above) and more is a large increase, with no
///   percentage.
///
/// Thresholds are compared in whole numbers, so exactly +25 % is moderate
/// and exactly −25 % is limited.
///
/// ```
/// use dossier::tradecraft::trend::{conflict_change, ChangeLevel, Counts};
/// let month = |events, fatalities| Counts { events, fatalities };
/// let change = conflict_change(month(15, 40), [month(10, 40), month(10, 40), month(10, 40)]);
/// assert_eq!(change.events.level, ChangeLevel::LargeIncrease); // +50 %
/// assert_eq!(change.events.percent, Some(50));
/// assert_eq!(change.fatalities.level, ChangeLevel::LimitedChange); // 0 %
/// ```
pub fn conflict_change(current: Counts, previous: [Counts; 3]) -> ConflictChange {
    ConflictChange {
        events: measure(current.events, previous.map(|c| c.events)),
        fatalities: measure(current.fatalities, previous.map(|c| c.fatalities)),
    }
}

/// One count against its baseline; see [`conflict_change`].
fn measure(current: u32, previous: [u32; 3]) -> Measure {
    let total: u64 = previous.iter().map(|&n| u64::from(n)).sum();
    let now = u64::from(current);
    // change = (current − total/3) / (total/3) = (3·current − total) / total;
    // compared with p/100 as 100·(3·current − total) against p·total.
    let diff = 100 * (3 * i128::from(now) - i128::from(total));
    let total_i = i128::from(total);
    let percent = (total > 0).then(|| {
        let half = total_i / 2;
        let rounded = if diff >= 0 {
            (diff + half) / total_i
        } else {
            (diff - half) / total_i
        };
        i64::try_from(rounded).expect("a percentage of u32 counts fits in i64")
    });
    // Average ≤ 2 ⟺ total ≤ 6.
    let low_baseline = total <= 6 && now <= 5;
    let level = if low_baseline {
        ChangeLevel::LimitedChange
    } else if total == 0 || diff > 25 * total_i {
        ChangeLevel::LargeIncrease
    } else if diff >= 10 * total_i {
        ChangeLevel::ModerateIncrease
    } else if diff >= -25 * total_i {
        ChangeLevel::LimitedChange
    } else {
        ChangeLevel::LargeDecrease
    };
    Measure {
        current,
        previous_total: total,
        percent,
        level,
        low_baseline,
    }
}

#[cfg(test)]
mod tests;
