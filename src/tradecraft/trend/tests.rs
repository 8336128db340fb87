use super::*;

/// A month with `events` events and no fatalities.
fn events(n: u32) -> Counts {
    Counts {
        events: n,
        fatalities: 0,
    }
}

/// The level of `current` events against three months of `previous` each.
fn level(current: u32, previous: [u32; 3]) -> ChangeLevel {
    conflict_change(events(current), previous.map(events))
        .events
        .level
}

#[test]
fn thresholds_hold_exactly_at_their_boundaries() {
    // Baseline: an average of 20 events a month.
    let base = [20, 20, 20];
    assert_eq!(level(26, base), ChangeLevel::LargeIncrease); // +30 %
    assert_eq!(level(25, base), ChangeLevel::ModerateIncrease); // exactly +25 %
    assert_eq!(level(23, base), ChangeLevel::ModerateIncrease); // +15 %
    assert_eq!(level(22, base), ChangeLevel::ModerateIncrease); // exactly +10 %
    assert_eq!(level(21, base), ChangeLevel::LimitedChange); // +5 %
    assert_eq!(level(20, base), ChangeLevel::LimitedChange); // 0 %
    assert_eq!(level(15, base), ChangeLevel::LimitedChange); // exactly −25 %
    assert_eq!(level(14, base), ChangeLevel::LargeDecrease); // −30 %
    assert_eq!(level(0, base), ChangeLevel::LargeDecrease); // −100 %
}

#[test]
fn thresholds_are_exact_on_averages_that_are_not_whole() {
    // Previous total 10: an average of 3.33… events a month.
    assert_eq!(level(4, [3, 3, 4]), ChangeLevel::ModerateIncrease); // +20 %
    let c = conflict_change(events(5), [events(3), events(3), events(4)]).events;
    assert_eq!(
        (c.level, c.percent, c.low_baseline),
        (ChangeLevel::LargeIncrease, Some(50), false)
    );
    // An average of 4: 5 events is exactly +25 %, 3 exactly −25 %.
    assert_eq!(level(5, [4, 4, 4]), ChangeLevel::ModerateIncrease);
    assert_eq!(level(3, [4, 4, 4]), ChangeLevel::LimitedChange);
    // An average of 10: 11 is exactly +10 %.
    assert_eq!(level(11, [9, 10, 11]), ChangeLevel::ModerateIncrease);
}

#[test]
fn percentages_round_half_away_from_zero() {
    let up = conflict_change(events(7), [events(6), events(6), events(6)]).events;
    assert_eq!(up.percent, Some(17)); // +16.67 %
    let down = conflict_change(events(5), [events(6), events(6), events(6)]).events;
    assert_eq!(down.percent, Some(-17)); // −16.67 %
    let half = conflict_change(events(9), [events(8), events(8), events(8)]).events;
    assert_eq!(half.percent, Some(13)); // +12.5 %
}

#[test]
fn a_low_baseline_is_limited_change_whatever_the_percentage() {
    // Average 1, five events: +400 %, but too few to call.
    let c = conflict_change(events(5), [events(1), events(1), events(1)]).events;
    assert_eq!(
        (c.level, c.percent, c.low_baseline),
        (ChangeLevel::LimitedChange, Some(400), true)
    );
    // Six events on the same baseline is a large increase.
    assert_eq!(level(6, [1, 1, 1]), ChangeLevel::LargeIncrease);
    // An average just above 2 (total 7) is no low baseline.
    assert_eq!(level(5, [3, 2, 2]), ChangeLevel::LargeIncrease);
}

#[test]
fn a_zero_baseline_has_no_percentage() {
    let quiet = conflict_change(events(0), [events(0); 3]).events;
    assert_eq!(
        (quiet.level, quiet.percent),
        (ChangeLevel::LimitedChange, None)
    );
    let few = conflict_change(events(5), [events(0); 3]).events;
    assert_eq!((few.level, few.percent), (ChangeLevel::LimitedChange, None));
    let surge = conflict_change(events(6), [events(0); 3]).events;
    assert_eq!(
        (surge.level, surge.percent),
        (ChangeLevel::LargeIncrease, None)
    );
}

#[test]
fn events_and_fatalities_are_judged_separately() {
    let now = Counts {
        events: 30,
        fatalities: 10,
    };
    let before = [Counts {
        events: 30,
        fatalities: 40,
    }; 3];
    let change = conflict_change(now, before);
    assert_eq!(change.events.level, ChangeLevel::LimitedChange);
    assert_eq!(change.fatalities.level, ChangeLevel::LargeDecrease);
    assert_eq!(change.fatalities.percent, Some(-75));
    assert_eq!(change.fatalities.previous_total, 120);
}

#[test]
fn the_suggested_trend_follows_the_worst_signal() {
    let month = |events, fatalities| Counts { events, fatalities };
    let base = [month(20, 20); 3];
    let trend = |now| conflict_change(now, base).suggested_trend();
    assert_eq!(trend(month(30, 20)), Trend::Deteriorated); // events up
    assert_eq!(trend(month(20, 23)), Trend::Deteriorated); // fatalities moderately up
    assert_eq!(trend(month(10, 30)), Trend::Deteriorated); // an increase outweighs a decrease
    assert_eq!(trend(month(10, 20)), Trend::Improved);
    assert_eq!(trend(month(20, 10)), Trend::Improved);
    assert_eq!(trend(month(21, 19)), Trend::Unchanged);
}

#[test]
fn closed_lists_parse_back_and_have_words_and_glyphs() {
    for (key, t) in Trend::ALL {
        assert_eq!(t.key(), key);
        assert_ne!(t.label(Language::En), t.label(Language::Fr));
        assert!(!t.glyph().is_empty());
    }
    for (key, a) in Alert::ALL {
        assert_eq!(a.key(), key);
        assert_ne!(a.label(Language::En), a.label(Language::Fr));
        assert!(!a.glyph().is_empty());
    }
    for (key, s) in IndicatorStatus::ALL {
        assert_eq!(s.key(), key);
        assert_ne!(s.label(Language::En), s.label(Language::Fr));
        assert!(!s.glyph().is_empty());
    }
    assert_eq!(Trend::Deteriorated.glyph(), "↓");
    assert_eq!(Trend::Improved.glyph(), "↑");
    assert_eq!(
        ChangeLevel::ModerateIncrease.label(Language::Fr),
        "hausse modérée"
    );
    assert_eq!(
        serde_json::to_string(&IndicatorStatus::NotObserved).unwrap(),
        "\"not-observed\""
    );
}
