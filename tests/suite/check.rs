//! `dossier check`: every problem of a site reported at once, at its
//! narrowest true position, for people and as JSON (DESIGN §5, STYLE §3).
//!
//! Each folder of `tests/fixtures/invalid/` is a site breaking one rule; the
//! snapshot test records both outputs for every case, and the tests below
//! assert the key behaviours directly.

use std::path::Path;

use serde_json::Value;

use crate::support::{Run, TestSite, fixtures};

/// `in 12 ms` → `in [N] ms`: the only part of the output that varies.
fn without_timings(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(" in ") {
        let after = &rest[at + 4..];
        let digits = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits > 0 && after[digits..].starts_with(" ms") {
            out.push_str(&rest[..at]);
            out.push_str(" in [N] ms");
            rest = &after[digits + 3..];
        } else {
            out.push_str(&rest[..at + 4]);
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// The site of one invalid case.
fn case(name: &str) -> TestSite {
    TestSite::fixture(&format!("invalid/{name}"))
}

/// `check --format json`, parsed; panics unless it is a JSON array.
fn json(site: &TestSite) -> (Run, Vec<Value>) {
    let run = site.run(&["check", "--format", "json"]);
    let value: Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {run:?}"));
    let Value::Array(list) = value else {
        panic!("stdout is not a JSON array: {}", run.stdout)
    };
    (run, list)
}

/// `file:line:column` of each JSON problem.
fn positions(list: &[Value]) -> Vec<String> {
    list.iter()
        .map(|p| {
            format!(
                "{}:{}:{}",
                p["file"].as_str().unwrap_or("?"),
                p["line"],
                p["column"]
            )
        })
        .collect()
}

/// The first line of each human-readable problem (`path:line:col: severity: message`).
fn headlines(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.contains(": error: ") || l.contains(": warning: "))
        .filter(|l| !l.starts_with(' '))
        .collect()
}

/// The 1-based character column of `needle` on line `line` (1-based) of a
/// fixture file.
fn column_of(path: &Path, line: usize, needle: &str) -> usize {
    let text = std::fs::read_to_string(path).expect("fixture is UTF-8");
    let text = text.trim_start_matches('\u{feff}');
    let line_text = text.lines().nth(line - 1).expect("line exists");
    let at = line_text.find(needle).expect("needle on line");
    line_text[..at].chars().count() + 1
}

#[test]
fn every_invalid_case_is_reported() {
    insta::glob!("../fixtures/invalid", "*/site.yaml", |path| {
        let dir = path.parent().expect("site.yaml has a folder");
        let name = dir
            .file_name()
            .expect("case folder")
            .to_string_lossy()
            .into_owned();
        let site = TestSite::from_dir(dir);
        let report = report(&site);
        let mut settings = insta::Settings::clone_current();
        settings.remove_snapshot_suffix();
        settings.set_prepend_module_to_snapshot(false);
        settings.set_omit_expression(true);
        settings.bind(|| insta::assert_snapshot!(name.as_str(), report));
    });
}

/// What `check` prints in both formats, with its exit codes: the text of
/// the snapshots.
fn report(site: &TestSite) -> String {
    let human = site.run(&["check"]);
    let json = site.run(&["check", "--format", "json"]);
    format!(
        "$ dossier check\nexit: {}\n--- stdout\n{}--- stderr\n{}\n$ dossier check --format json\nexit: {}\n--- stdout\n{}--- stderr\n{}",
        human.status,
        without_timings(&human.stdout),
        without_timings(&human.stderr),
        json.status,
        without_timings(&json.stdout),
        without_timings(&json.stderr),
    )
}

#[test]
fn every_invalid_case_exits_1_with_problems_in_both_formats() {
    let invalid = fixtures().join("invalid");
    let mut names: Vec<String> = std::fs::read_dir(&invalid)
        .expect("invalid fixtures")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() >= 25, "only {} cases", names.len());
    let mut wrong = Vec::new();
    for name in &names {
        let site = case(name);
        let human = site.run(&["check"]);
        let (run, list) = {
            let run = site.run(&["check", "--format", "json"]);
            let list = serde_json::from_str::<Vec<Value>>(&run.stdout).unwrap_or_default();
            (run, list)
        };
        if human.status != 1 || headlines(&human.stderr).is_empty() {
            wrong.push(format!(
                "{name}: check exited {} with stderr:\n{}",
                human.status, human.stderr
            ));
        }
        if run.status != 1 || list.is_empty() {
            wrong.push(format!(
                "{name}: check --format json exited {} with stdout:\n{}",
                run.status, run.stdout
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n\n"));
}

#[test]
fn check_exits_1_on_errors_and_0_on_a_valid_site() {
    let valid = TestSite::fixture("full");
    valid.run(&["check"]).expect_status(0);
    valid.run(&["check", "--deny-warnings"]).expect_status(0);
    let (run, list) = json(&valid);
    run.expect_status(0);
    assert!(list.is_empty(), "{list:#?}");
    let human = valid.run(&["check"]);
    assert!(
        human.stderr.starts_with("no problems found in "),
        "{human:?}"
    );
    case("broken-wiki-link").run(&["check"]).expect_status(1);
    let (run, _) = json(&case("broken-wiki-link"));
    run.expect_status(1);
}

#[test]
fn check_writes_nothing() {
    let site = TestSite::fixture("full");
    let before = site.site_files();
    site.run(&["check"]).expect_status(0);
    site.run(&["check", "--format", "json"]).expect_status(0);
    assert!(!site.output().exists(), "check created the output folder");
    assert_eq!(before, site.site_files(), "check changed the site");
}

#[test]
fn build_reports_the_same_problems_as_check_and_writes_nothing() {
    let site = case("many-problems");
    let check = site.run(&["check"]);
    let build = site.try_build(&[]);
    build.expect_status(1);
    assert_eq!(headlines(&check.stderr), headlines(&build.stderr));
    assert!(!site.output().exists(), "a failed build wrote its output");
}

#[test]
fn json_problems_carry_exactly_the_design_fields() {
    let required = ["file", "line", "column", "severity", "message"];
    for name in [
        "many-problems",
        "unknown-field",
        "duplicate-slug",
        "template-syntax-error",
    ] {
        let site = case(name);
        let (_, list) = json(&site);
        assert!(!list.is_empty(), "{name}: no problems");
        for problem in &list {
            let object = problem.as_object().expect("each problem is an object");
            for key in object.keys() {
                assert!(
                    required.contains(&key.as_str()) || key == "help",
                    "{name}: unexpected field `{key}` in {problem}"
                );
            }
            for key in required {
                assert!(object.contains_key(key), "{name}: no `{key}` in {problem}");
            }
            let file = problem["file"].as_str().expect("file is a string");
            assert!(
                !file.starts_with('/') && !file.contains('\\'),
                "{name}: `{file}` is not relative with `/`"
            );
            if !file.starts_with("(built-in theme)") {
                assert!(
                    site.root().join(file).is_file(),
                    "{name}: `{file}` does not exist"
                );
            }
            assert!(
                problem["line"].as_u64().is_some_and(|n| n >= 1),
                "{problem}"
            );
            assert!(
                problem["column"].as_u64().is_some_and(|n| n >= 1),
                "{problem}"
            );
            assert!(
                matches!(problem["severity"].as_str(), Some("error" | "warning")),
                "{problem}"
            );
            assert!(problem["message"].as_str().is_some_and(|m| !m.is_empty()));
            if let Some(help) = object.get("help") {
                assert!(help.as_str().is_some_and(|h| !h.is_empty()), "{problem}");
            }
        }
    }
}

#[test]
fn human_problem_starts_with_path_line_column_then_the_source_line_then_help() {
    let run = case("unknown-field").run(&["check"]);
    run.expect_status(1);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(
        lines[0],
        "content/briefs/rencontre-dakar.md:4:1: error: unknown field `contries` in a brief"
    );
    let source = lines
        .iter()
        .position(|l| l.ends_with("| contries: [mali]"))
        .expect("the offending line is shown");
    assert!(
        lines[source].trim_start().starts_with("4 |"),
        "{}",
        run.stderr
    );
    assert!(
        lines[source + 1].ends_with("| ^^^^^^^^"),
        "the marker underlines the key: {}",
        run.stderr
    );
    assert!(
        lines[source..]
            .iter()
            .any(|l| l.trim() == "= help: did you mean `countries`?"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains('\u{1b}'), "NO_COLOR=1 still colored");
}

#[test]
fn source_excerpt_agrees_with_the_reported_position() {
    // The `--> path:line:col` of the excerpt must repeat the headline's
    // position; a BOM or a tab must not shift it.
    let mut wrong = Vec::new();
    for name in [
        "crlf-bom-positions",
        "accented-columns",
        "unknown-slug-in-list",
        "duplicate-slug",
    ] {
        let run = case(name).run(&["check"]);
        let lines: Vec<&str> = run.stderr.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            if !headlines(line).is_empty() {
                let position: String = line.splitn(4, ':').take(3).collect::<Vec<_>>().join(":");
                let arrow = lines.get(i + 1).map_or("", |l| l.trim());
                if arrow != format!("--> {position}") {
                    wrong.push(format!("{name}: `{line}` is followed by `{arrow}`"));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn unknown_field_suggests_nearest_key() {
    let (run, list) = json(&case("unknown-field"));
    run.expect_status(1);
    assert_eq!(positions(&list), ["content/briefs/rencontre-dakar.md:4:1"]);
    assert_eq!(list[0]["message"], "unknown field `contries` in a brief");
    assert_eq!(list[0]["help"], "did you mean `countries`?");

    let (_, list) = json(&case("unknown-site-field"));
    assert_eq!(positions(&list), ["site.yaml:4:1"]);
    assert!(
        list[0]["message"]
            .as_str()
            .unwrap()
            .contains("`pagination`")
    );
    assert_eq!(list[0]["help"], "did you mean `paginate`?");

    let (_, list) = json(&case("unknown-nested-field"));
    let unknown: Vec<&Value> = list
        .iter()
        .filter(|p| p["message"].as_str().unwrap().starts_with("unknown field"))
        .collect();
    assert_eq!(unknown.len(), 1, "{list:#?}");
    assert_eq!(unknown[0]["line"], 7);
    assert_eq!(unknown[0]["column"], 5);
    assert_eq!(unknown[0]["help"], "did you mean `title`?");
}

#[test]
fn unknown_slug_points_at_the_slug_in_the_list() {
    let (run, list) = json(&case("unknown-slug-in-list"));
    run.expect_status(1);
    // The second slug of a block list, and of a flow list.
    assert_eq!(
        positions(&list),
        [
            "content/briefs/rencontre-dakar.md:6:5",
            "content/briefs/rencontre-dakar.md:7:16",
        ]
    );
    assert!(list[0]["message"].as_str().unwrap().contains("`senegl`"));
    assert_eq!(list[0]["help"], "did you mean `senegal`?");
    assert!(
        list[1]["message"]
            .as_str()
            .unwrap()
            .contains("`birame-dop`")
    );
    assert_eq!(list[1]["help"], "did you mean `birame-diop`?");

    let (_, list) = json(&case("unknown-affiliation"));
    assert_eq!(positions(&list), ["content/actors/oumarou-maiga.md:6:12"]);
    assert!(
        list[0]["message"]
            .as_str()
            .unwrap()
            .contains("`armee-maliene`")
    );
    assert_eq!(list[0]["help"], "did you mean `armee-malienne`?");
}

#[test]
fn broken_links_point_at_the_link_and_suggest_the_nearest_document() {
    let (_, list) = json(&case("broken-wiki-link"));
    assert_eq!(positions(&list), ["content/briefs/rencontre-dakar.md:5:14"]);
    assert!(list[0]["message"].as_str().unwrap().contains("`jnmi`"));
    assert_eq!(list[0]["help"], "did you mean `[[actors/jnim]]`?");

    let (_, list) = json(&case("broken-markdown-link"));
    assert_eq!(positions(&list), ["content/briefs/rencontre-dakar.md:5:9"]);
    assert!(
        list[0]["message"]
            .as_str()
            .unwrap()
            .contains("`actors/jnmi`")
    );
    assert_eq!(list[0]["help"], "did you mean `[[actors/jnim]]`?");
}

#[test]
fn ambiguous_link_names_every_candidate() {
    let (run, list) = json(&case("ambiguous-wiki-link"));
    run.expect_status(1);
    assert_eq!(positions(&list), ["content/briefs/sahel.md:5:9"]);
    let message = list[0]["message"].as_str().unwrap();
    assert!(message.contains("`briefs/niger`"), "{message}");
    assert!(message.contains("`countries/niger`"), "{message}");
    assert!(
        list[0]["help"]
            .as_str()
            .unwrap()
            .contains("[[countries/niger]]")
            || list[0]["help"]
                .as_str()
                .unwrap()
                .contains("[[briefs/niger]]"),
        "{list:#?}"
    );
}

#[test]
fn duplicate_slug_names_both_files() {
    let run = case("duplicate-slug").run(&["check"]);
    run.expect_status(1);
    let headline = headlines(&run.stderr);
    assert_eq!(headline.len(), 1, "{}", run.stderr);
    assert!(headline[0].contains("`rencontre`"), "{}", run.stderr);
    for file in [
        "content/briefs/rencontre.md",
        "content/briefs/rencontre-dakar.md",
    ] {
        assert!(
            run.stderr.contains(file),
            "{file} is not named:\n{}",
            run.stderr
        );
    }
}

#[test]
fn duplicate_slug_points_at_the_slug_override() {
    // `rencontre-dakar.md` takes the slug of `rencontre.md` with `slug:`;
    // the narrowest true span is that value (line 3, column 7).
    let (_, list) = json(&case("duplicate-slug"));
    assert_eq!(
        positions(&list),
        ["content/briefs/rencontre-dakar.md:3:7"],
        "{list:#?}"
    );
}

#[test]
fn check_reports_every_problem_at_once() {
    let site = case("many-problems");
    let (run, list) = json(&site);
    run.expect_status(1);
    // Sorted by file, then position; every file's problems, not the first.
    assert_eq!(
        positions(&list),
        [
            "content/briefs/a-blocus.md:3:7",
            "content/briefs/a-blocus.md:4:13",
            "content/briefs/b-rencontre.md:4:1",
            "content/briefs/b-rencontre.md:6:9",
            "content/countries/senegal.md:1:1",
            "content/events/attaque.md:4:10",
        ]
    );
    let human = site.run(&["check"]);
    human.expect_status(1);
    assert_eq!(headlines(&human.stderr).len(), 6, "{}", human.stderr);
    assert!(
        human.stderr.trim_end().ends_with("6 errors, 0 warnings"),
        "{}",
        human.stderr
    );
}

#[test]
fn positions_in_crlf_and_bom_files_are_the_editor_positions() {
    let (_, list) = json(&case("crlf-bom-positions"));
    assert_eq!(
        positions(&list),
        [
            "content/briefs/bom.md:1:1",
            "content/briefs/bom.md:3:13",
            "content/briefs/crlf.md:4:19",
            "content/briefs/crlf.md:8:14",
        ]
    );
    assert!(list[0]["message"].as_str().unwrap().contains("`date`"));
    assert!(list[1]["message"].as_str().unwrap().contains("`malli`"));
    assert!(list[2]["message"].as_str().unwrap().contains("`senegl`"));
    assert!(list[3]["message"].as_str().unwrap().contains("`jnmi`"));
}

#[test]
fn columns_count_characters_not_bytes() {
    let file = fixtures().join("invalid/accented-columns/content/briefs/securite-diboli.md");
    let tag = column_of(&file, 4, "!!!");
    let link = column_of(&file, 6, "[[armée-malienne]]");
    assert_eq!((tag, link), (28, 64), "the fixture changed");
    let (_, list) = json(&case("accented-columns"));
    assert_eq!(
        positions(&list),
        [
            format!("content/briefs/securite-diboli.md:4:{tag}"),
            format!("content/briefs/securite-diboli.md:6:{link}"),
        ]
    );
}

#[test]
fn yaml_syntax_errors_point_into_the_file() {
    let (_, list) = json(&case("yaml-syntax"));
    // The second `:` of `summary: Dakar: le ministre…`, on line 4 of the
    // file (not of the front-matter block).
    assert_eq!(positions(&list), ["content/briefs/rencontre-dakar.md:4:15"]);
    assert!(
        list[0]["help"].as_str().unwrap().contains("double quotes"),
        "{list:#?}"
    );
    let (_, list) = json(&case("site-yaml-syntax"));
    assert_eq!(positions(&list), ["site.yaml:4:19"]);
}

#[test]
fn values_are_checked_at_their_own_position() {
    for (name, expected, words) in [
        (
            "bad-date",
            "content/briefs/rencontre-dakar.md:3:7",
            "`2025-02-30`",
        ),
        (
            "bad-partial-date",
            "content/events/attaque-diboli.md:3:7",
            "`2025-7`",
        ),
        (
            "bad-slug",
            "content/briefs/rencontre-dakar.md:3:7",
            "`Rencontre Dakar`",
        ),
        (
            "missing-required-field",
            "content/briefs/rencontre-dakar.md:1:1",
            "`date`",
        ),
    ] {
        let (run, list) = json(&case(name));
        run.expect_status(1);
        assert_eq!(positions(&list), [expected], "{name}");
        assert!(
            list[0]["message"].as_str().unwrap().contains(words),
            "{name}: {list:#?}"
        );
    }
    let (_, list) = json(&case("bad-enum"));
    assert_eq!(
        positions(&list),
        [
            "content/actors/jnim.md:3:7",
            "content/briefs/rencontre-dakar.md:4:13",
        ]
    );
    assert_eq!(list[0]["help"], "did you mean `armed-group`?");
    assert!(list[1]["message"].as_str().unwrap().contains("`moderate`"));
}

#[test]
fn bad_file_name_suggests_a_slug() {
    let (_, list) = json(&case("bad-file-name"));
    assert_eq!(positions(&list), ["content/briefs/Rencontre Dakar.md:1:1"]);
    assert!(
        list[0]["help"]
            .as_str()
            .unwrap()
            .contains("rencontre-dakar"),
        "{list:#?}"
    );
}

#[test]
fn stray_file_suggests_the_nearest_content_folder() {
    let (run, list) = json(&case("stray-file"));
    run.expect_status(1);
    assert_eq!(positions(&list), ["content/brief/rencontre-dakar.md:1:1"]);
    assert_eq!(list[0]["help"], "did you mean `briefs`?");
}

#[test]
fn files_without_closed_front_matter_are_reported_without_crashing() {
    for (name, expected) in [
        ("no-front-matter", "content/pages/a-propos.md:1:1: error: "),
        (
            "unclosed-front-matter",
            "content/briefs/rencontre-dakar.md:1:1: error: ",
        ),
    ] {
        let run = case(name).run(&["check"]);
        assert!(
            !run.stderr.contains("panicked"),
            "{name} crashed:\n{}",
            run.stderr
        );
        run.expect_status(1);
        assert!(run.stderr.starts_with(expected), "{name}:\n{}", run.stderr);
        let (run, list) = json(&case(name));
        run.expect_status(1);
        assert_eq!(list.len(), 1, "{name}: {list:#?}");
    }
}

#[test]
fn non_utf8_file_is_reported_at_the_bad_byte_without_crashing() {
    let raw = std::fs::read(fixtures().join("invalid/non-utf8/content/briefs/rencontre.md"))
        .expect("fixture");
    assert!(
        std::str::from_utf8(&raw).is_err(),
        "the fixture became UTF-8"
    );
    let (run, list) = json(&case("non-utf8"));
    run.expect_status(1);
    // `La d\xe9l…`: the bad byte is the 5th character of line 5.
    assert_eq!(positions(&list), ["content/briefs/rencontre.md:5:5"]);
    assert!(list[0]["message"].as_str().unwrap().contains("UTF-8"));
    let run = case("non-utf8").run(&["check"]);
    assert!(
        !run.stderr.contains("panicked"),
        "check crashed:\n{}",
        run.stderr
    );
    run.expect_status(1);
    assert!(
        run.stderr
            .starts_with("content/briefs/rencontre.md:5:5: error: "),
        "{}",
        run.stderr
    );
}

#[test]
fn template_syntax_error_points_into_the_site_template() {
    let (run, list) = json(&case("template-syntax-error"));
    run.expect_status(1);
    assert_eq!(positions(&list), ["templates/brief.html:5:13"]);
}

#[test]
fn template_runtime_error_names_the_template_line_and_the_page() {
    let site = case("template-runtime-error");
    let run = site.try_build(&[]);
    run.expect_status(1);
    let headline = headlines(&run.stderr);
    assert_eq!(headline.len(), 1, "{}", run.stderr);
    assert!(
        headline[0].starts_with("templates/brief.html:4:13: error: ")
            && headline[0].contains("`auteur`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("= help: while rendering the page `briefs/rencontre-dakar/index.html`"),
        "{}",
        run.stderr
    );
    assert!(!site.output().exists());
}

#[test]
fn check_finds_template_runtime_errors_too() {
    // DESIGN §5: `check` validates everything (it renders without writing).
    let (run, list) = json(&case("template-runtime-error"));
    assert_eq!(positions(&list), ["templates/brief.html:4:13"], "{run:?}");
    run.expect_status(1);
}

#[test]
fn check_runs_the_loops_of_the_pages_it_renders() {
    // `check` renders each template once, on its lightest page whose lists
    // are not empty: an error met only inside a loop is still found.
    let site = TestSite::fixture("full").write(
        "templates/tag.html",
        "{% extends \"base.html\" %}\n{% block content %}\n{% for brief in briefs %}{{ brief.nope }}{% endfor %}\n{% endblock content %}\n",
    );
    let (run, list) = json(&site);
    run.expect_status(1);
    assert_eq!(positions(&list), ["templates/tag.html:3:35"], "{run:?}");
}

// ---------------------------------------------------------------------------
// Warnings (DESIGN §5): legal but likely wrong; exit 0 unless --deny-warnings.

/// The `warnings` fixture breaks each warning rule once (and a page cites a
/// draft too); an entity cited only by a draft and a draft without sources
/// are not warned about.
fn warnings() -> TestSite {
    TestSite::fixture("warnings")
}

#[test]
fn warnings_are_printed_like_errors_in_both_formats() {
    let site = warnings();
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(|| insta::assert_snapshot!("warnings", report(&site)));
}

#[test]
fn every_warning_points_at_its_narrowest_span() {
    let (run, list) = json(&warnings());
    run.expect_status(0);
    assert_eq!(
        positions(&list),
        [
            // The `slug:` of an actor nothing references (its id is there).
            "content/actors/phantom.md:3:7",
            // `as_of`, older than the event the brief cites.
            "content/briefs/published.md:4:8",
            // The `[[draft-note]]` link of a published brief.
            "content/briefs/published.md:10:51",
            // The title of a brief without sources.
            "content/briefs/unsourced.md:2:8",
            // The first line of a country and an event nothing references.
            "content/countries/niger.md:1:1",
            "content/events/forgotten.md:1:1",
            // A free page citing a draft.
            "content/pages/about.md:4:10",
        ],
        "{list:#?}"
    );
    assert!(list.iter().all(|p| p["severity"] == "warning"), "{list:#?}");
    let messages: Vec<&str> = list.iter().filter_map(|p| p["message"].as_str()).collect();
    assert_eq!(
        messages,
        [
            "nothing references the actor `actors/phantom-group`: no brief or other document links to it",
            "`as_of` is 2025-06-30, but the brief cites `events/attack`, dated 2025-07, which is later",
            "this links to the draft `briefs/draft-note`: published pages show the link as plain text",
            "this brief cites no source",
            "nothing references the country `countries/niger`: no brief or other document links to it",
            "nothing references the event `events/forgotten`: no brief or other document links to it",
            "this links to the draft `briefs/draft-note`: published pages show the link as plain text",
        ]
    );
}

#[test]
fn human_warnings_start_with_path_line_column_warning() {
    let run = warnings().run(&["check"]);
    run.expect_status(0);
    let lines = headlines(&run.stderr);
    assert_eq!(lines.len(), 7, "{}", run.stderr);
    assert_eq!(
        lines[1],
        "content/briefs/published.md:4:8: warning: `as_of` is 2025-06-30, but the brief cites `events/attack`, dated 2025-07, which is later"
    );
    // The citation is shown as a note under the `as_of` line.
    assert!(run.stderr.contains("cited here"), "{}", run.stderr);
    assert!(
        run.stderr.ends_with("0 errors, 7 warnings\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn warnings_exit_0_unless_deny_warnings() {
    let site = warnings();
    site.run(&["check"]).expect_status(0);
    site.run(&["check", "--format", "json"]).expect_status(0);
    site.run(&["check", "--deny-warnings"]).expect_status(1);
    let (run, list) = {
        let run = site.run(&["check", "--format", "json", "--deny-warnings"]);
        let list: Vec<Value> = serde_json::from_str(&run.stdout).expect("JSON");
        (run, list)
    };
    run.expect_status(1);
    assert_eq!(list.len(), 7);
}

#[test]
fn build_prints_warnings_and_builds_unless_deny_warnings() {
    let site = warnings();
    let denied = site.try_build(&["--deny-warnings"]);
    denied.expect_status(1);
    assert_eq!(headlines(&denied.stderr).len(), 7, "{}", denied.stderr);
    assert!(!site.output().exists(), "a denied build wrote its output");
    let built = site.try_build(&[]);
    built.expect_status(0);
    assert_eq!(headlines(&built.stderr).len(), 7, "{}", built.stderr);
    assert!(site.has("briefs/published/"));
    // The link to the draft is plain text in the published brief.
    let main = site.main("briefs/published/");
    assert!(
        main.contains("draft-note") || main.contains("Draft note"),
        "{main}"
    );
    assert!(!main.contains("href=\"/briefs/draft-note/\""), "{main}");
}

#[test]
fn warnings_do_not_depend_on_the_drafts_flag() {
    let site = warnings();
    let (_, without) = json(&site);
    let run = site.run(&["check", "--format", "json", "--drafts"]);
    let with: Vec<Value> = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(positions(&without), positions(&with));
}

#[test]
fn unreferenced_entities_are_not_judged_while_the_site_has_errors() {
    // A broken link may be the reference an entity misses: only errors and
    // the warnings that stand on their own are reported.
    let site = warnings().write(
        "content/briefs/unsourced.md",
        "---\ntitle: \"Unsourced brief\"\ndate: 2025-08-03\ncountries: [mali]\n---\nAbout [[nigre]].\n",
    );
    let (run, list) = json(&site);
    run.expect_status(1);
    assert_eq!(
        positions(&list),
        [
            "content/briefs/published.md:4:8",
            "content/briefs/published.md:10:51",
            "content/briefs/unsourced.md:6:7",
            "content/pages/about.md:4:10",
        ],
        "{list:#?}"
    );
}

#[test]
fn the_example_site_has_no_warnings() {
    // The repository's own site (DESIGN §1) is checked in place: check
    // writes nothing.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = crate::support::run(
        crate::support::dossier()
            .args(["check", "--deny-warnings", "--root"])
            .arg(root),
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        run.stderr.starts_with("no problems found"),
        "{}",
        run.stderr
    );
}
