//! `check` is `build` without writing (DESIGN §8, STYLE §8.3): on every
//! fixture site, valid or invalid, and on the repository's example site,
//! both exit alike and report the same errors (and the same warnings,
//! where `build` prints them all). A fast path of `check` that skips pages
//! lets a data-dependent template error through; the invalid cases
//! `template-error-in-*` are such errors, each on a page that a sample of
//! one page per template would not render.

use std::collections::BTreeSet;

use crate::support::{Run, TestSite, files_under, invalid_fixtures, valid_fixtures};

/// How many warnings `build` prints in full (`MAX_BUILD_WARNINGS` in
/// `cli`); past it, only the count can be compared.
const BUILD_PRINTS_WARNINGS: usize = 20;

/// What one command reported.
#[derive(Debug, PartialEq, Eq)]
struct Report {
    /// The exit code.
    status: i32,
    /// The first line of each error (`path:line:column: error: message`).
    errors: BTreeSet<String>,
    /// The first line of each warning.
    warnings: BTreeSet<String>,
    /// The closing `N errors, M warnings` line, when printed.
    counts: Option<String>,
}

impl Report {
    /// Reads the problems a run printed on stderr.
    fn of(run: &Run) -> Report {
        let mut report = Report {
            status: run.status,
            errors: BTreeSet::new(),
            warnings: BTreeSet::new(),
            counts: None,
        };
        for line in run.stderr.lines() {
            // The source lines of a snippet are indented or numbered.
            if line.starts_with(char::is_whitespace) || is_snippet_line(line) {
                continue;
            }
            if line.contains(": error: ") {
                report.errors.insert(line.to_string());
            } else if line.contains(": warning: ") {
                report.warnings.insert(line.to_string());
            } else if is_counts_line(line) {
                report.counts = Some(line.to_string());
            }
        }
        report
    }
}

/// `12 | …`: a numbered line of a source snippet.
fn is_snippet_line(line: &str) -> bool {
    let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    digits > 0 && line[digits..].starts_with(" |")
}

/// `2 errors, 0 warnings`.
fn is_counts_line(line: &str) -> bool {
    let mut words = line.split(' ');
    let number = |w: Option<&str>| w.is_some_and(|w| w.parse::<usize>().is_ok());
    number(words.next())
        && matches!(words.next(), Some("error," | "errors,"))
        && number(words.next())
        && matches!(words.next(), Some("warning" | "warnings"))
        && words.next().is_none()
}

/// Runs `check` and `build` with the same `flags` on `site`: every way
/// they disagree, and whether `check` warned.
fn disagreements(site: &TestSite, flags: &[&str]) -> (Vec<String>, bool) {
    let mut args = vec!["check"];
    args.extend_from_slice(flags);
    let check = site.run(&args);
    let build = site.try_build(flags);
    let (c, b) = (Report::of(&check), Report::of(&build));
    let mut wrong = Vec::new();
    if c.status == 0 && b.status != 0 {
        wrong.push(format!(
            "`check` passed where `build` failed (exit {})",
            b.status
        ));
    } else if c.status != b.status {
        wrong.push(format!("`check` exited {}, `build` {}", c.status, b.status));
    }
    let all_warnings_printed = c.warnings.len().max(b.warnings.len()) <= BUILD_PRINTS_WARNINGS;
    for (what, only_check, only_build) in [
        ("error", &c.errors - &b.errors, &b.errors - &c.errors),
        (
            "warning",
            &c.warnings - &b.warnings,
            &b.warnings - &c.warnings,
        ),
    ] {
        if what == "warning" && !all_warnings_printed {
            continue;
        }
        for line in only_check {
            wrong.push(format!("only `check` reports the {what} {line}"));
        }
        for line in only_build {
            wrong.push(format!("only `build` reports the {what} {line}"));
        }
    }
    if c.counts != b.counts {
        wrong.push(format!(
            "`check` counts {:?}, `build` {:?}",
            c.counts, b.counts
        ));
    }
    if !wrong.is_empty() {
        wrong.push(format!(
            "--- check stderr\n{}--- build stderr\n{}",
            check.stderr, build.stderr
        ));
    }
    (wrong, !c.warnings.is_empty())
}

/// Whether a document of the site is a draft (`draft: true`), so that
/// `--drafts` renders more than the published site.
fn has_drafts(site: &TestSite) -> bool {
    files_under(&site.root().join("content"))
        .values()
        .any(|bytes| {
            String::from_utf8_lossy(bytes)
                .lines()
                .any(|line| line.trim() == "draft: true")
        })
}

/// Compares `check` and `build` on each site, as published, with drafts
/// where there are drafts, and with warnings denied where there are
/// warnings; panics with every disagreement.
#[track_caller]
fn assert_check_is_build(sites: impl IntoIterator<Item = (String, TestSite)>) {
    let mut wrong = Vec::new();
    let mut compared = 0;
    for (name, site) in sites {
        let (published, warned) = disagreements(&site, &[]);
        let drafts = if has_drafts(&site) {
            disagreements(&site, &["--drafts"]).0
        } else {
            Vec::new()
        };
        let denied = if warned {
            disagreements(&site, &["--deny-warnings"]).0
        } else {
            Vec::new()
        };
        compared += 1;
        for (flags, lines) in [
            ("", published),
            (" --drafts", drafts),
            (" --deny-warnings", denied),
        ] {
            wrong.extend(
                lines
                    .into_iter()
                    .map(|line| format!("{name}{flags}: {line}")),
            );
        }
    }
    assert!(compared > 0, "no site was compared");
    assert!(
        wrong.is_empty(),
        "`check` and `build` disagree:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn check_rejects_exactly_what_build_rejects_on_every_invalid_case() {
    let names = invalid_fixtures();
    assert!(names.len() >= 30, "only {} invalid cases", names.len());
    assert_check_is_build(names.into_iter().map(|name| {
        let site = TestSite::fixture(&format!("invalid/{name}"));
        (name, site)
    }));
}

#[test]
fn check_and_build_agree_on_every_valid_fixture() {
    let names = valid_fixtures();
    assert!(names.len() >= 6, "only {} valid fixtures", names.len());
    assert_check_is_build(names.into_iter().map(|name| {
        let site = TestSite::fixture(&name);
        (name, site)
    }));
}

#[test]
fn check_and_build_agree_on_the_example_site() {
    assert_check_is_build([("example site".to_string(), TestSite::example())]);
}

#[test]
fn a_template_error_on_a_page_that_is_not_the_lightest_fails_check() {
    // Each case renders cleanly on the page a one-page-per-template sample
    // picks (the least-cited brief or event, the tag with fewest briefs)
    // and fails on another one.
    let mut wrong = Vec::new();
    for (name, template) in [
        ("template-error-in-one-brief", "templates/brief.html:"),
        ("template-error-in-one-tag", "templates/tag.html:"),
        (
            "template-error-in-event-partial",
            "templates/partials/fatalities.html:",
        ),
    ] {
        let site = TestSite::fixture(&format!("invalid/{name}"));
        let check = Report::of(&site.run(&["check"]));
        if check.status != 1 || !check.errors.iter().any(|e| e.starts_with(template)) {
            wrong.push(format!(
                "{name}: `check` exited {} without an error in {template} ({:?})",
                check.status, check.errors
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_report_reader_finds_headlines_and_counts_only() {
    let run = Run {
        status: 1,
        stdout: String::new(),
        stderr: [
            "content/a.md:3:7: error: invalid value for `date`",
            " --> content/a.md:3:7",
            "  |",
            "3 | date: x: error: y",
            "  = help: while rendering",
            "content/b.md:1:1: warning: nothing references `b`",
            "1 error, 1 warning",
            "build failed: nothing was written; the previous output is untouched",
        ]
        .join("\n"),
    };
    let report = Report::of(&run);
    assert_eq!(
        report.errors.into_iter().collect::<Vec<_>>(),
        ["content/a.md:3:7: error: invalid value for `date`"]
    );
    assert_eq!(
        report.warnings.into_iter().collect::<Vec<_>>(),
        ["content/b.md:1:1: warning: nothing references `b`"]
    );
    assert_eq!(report.counts.as_deref(), Some("1 error, 1 warning"));
}
