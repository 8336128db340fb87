//! `dossier init` and `dossier new` (DESIGN §5; issue 5): a new site that
//! builds at once, in French or English; new documents of every kind that
//! check, never overwriting a file.

use std::fs;
use std::path::Path;

use crate::support::{Run, TestSite, dossier, run};

/// Runs `dossier <args…>` from `dir`.
fn run_in(dir: &Path, args: &[&str]) -> Run {
    run(dossier().args(args).current_dir(dir))
}

/// A new site made by `dossier init site --language <language>` in a
/// temporary folder, as a test site.
fn init(language: &str) -> TestSite {
    let dir = tempfile::tempdir().unwrap();
    run_in(dir.path(), &["init", "site", "--language", language]).expect_status(0);
    TestSite::from_dir(&dir.path().join("site"))
}

/// `path` relative to the site, as text.
fn read(site: &TestSite, path: &str) -> String {
    fs::read_to_string(site.root().join(path)).unwrap_or_else(|e| panic!("reading {path}: {e}"))
}

#[test]
fn init_then_build_succeeds_in_french_and_english() {
    for (language, brief, actor, event, words) in [
        (
            "fr",
            "exemple-mali-cedeao",
            "cedeao",
            "retrait-mali-cedeao",
            "Points clés",
        ),
        (
            "en",
            "example-mali-ecowas",
            "ecowas",
            "mali-leaves-ecowas",
            "Key points",
        ),
    ] {
        let site = init(language);
        // No problem at all, warnings included.
        let check = site.run(&["check", "--deny-warnings"]);
        check.expect_status(0);
        assert!(check.stderr.starts_with("no problems found"), "{check:?}");
        let site = site.build();
        let html = site.page(&format!("briefs/{brief}/"));
        assert!(
            html.contains(&format!("<html lang=\"{language}\">")),
            "{html}"
        );
        assert!(html.contains(words), "{html}");
        // The brief links to its country, actor and event, which link back.
        for url in [
            "/countries/mali/".to_string(),
            format!("/actors/{actor}/"),
            format!("/events/{event}/"),
        ] {
            assert!(
                html.contains(&format!("href=\"{url}\"")),
                "{language}: no link to {url}"
            );
            let back = site.page(url.trim_start_matches('/'));
            assert!(
                back.contains(&format!("href=\"/briefs/{brief}/\"")),
                "{language}: {url} does not link back to the brief"
            );
        }
        site.assert_links_resolve("/");
        assert_eq!(read(&site, ".gitignore"), "public/\n.public.dossier-*\n");
        let config = read(&site, "site.yaml");
        assert!(
            config.contains(&format!("language: {language}")),
            "{config}"
        );
        assert!(
            config.contains("\n# repo_url:"),
            "repo_url is offered, commented: {config}"
        );
    }
}

#[test]
fn init_defaults_to_english_in_the_current_folder() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(dir.path(), &["init"]);
    run.expect_status(0);
    assert!(run.stdout.contains("created site.yaml"), "{run:?}");
    let config = fs::read_to_string(dir.path().join("site.yaml")).unwrap();
    assert!(config.contains("language: en"), "{config}");
    run_in(dir.path(), &["build"]).expect_status(0);
    assert!(dir.path().join("public/index.html").is_file());
}

#[test]
fn init_refuses_a_non_empty_folder() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("notes.txt"), "mine").unwrap();
    let run = run_in(dir.path(), &["init", "."]);
    run.expect_status(2);
    assert!(run.stderr.contains("is not empty"), "{run:?}");
    assert!(!dir.path().join("site.yaml").exists());
    assert_eq!(
        fs::read_to_string(dir.path().join("notes.txt")).unwrap(),
        "mine"
    );
    // A file where the folder should be is refused too.
    let run = run_in(dir.path(), &["init", "notes.txt"]);
    run.expect_status(2);
}

#[test]
fn init_accepts_a_folder_holding_only_git() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join(".git")).unwrap();
    run_in(dir.path(), &["init", "--language", "fr"]).expect_status(0);
    assert!(dir.path().join("site.yaml").is_file());
}

#[test]
fn new_writes_every_kind_and_check_passes() {
    for language in ["fr", "en"] {
        let site = init(language);
        for (kind, title, date, path) in [
            (
                "brief",
                "Mali : le blocus du carburant",
                "2025-09-10",
                "content/briefs/mali-le-blocus-du-carburant.md",
            ),
            (
                "event",
                "Attaque à Kayes",
                "2025-07",
                "content/events/attaque-a-kayes.md",
            ),
            (
                "country",
                "Côte d'Ivoire",
                "",
                "content/countries/cote-d-ivoire.md",
            ),
            ("actor", "JNIM", "", "content/actors/jnim.md"),
        ] {
            let mut args = vec!["new", kind, title];
            if !date.is_empty() {
                args.extend(["--date", date]);
            }
            let run = site.run(&args);
            run.expect_status(0);
            assert_eq!(run.stdout, format!("{path}\n"), "{kind}: prints the path");
            let text = read(&site, path);
            let field = if matches!(kind, "country" | "actor") {
                "name"
            } else {
                "title"
            };
            assert!(
                text.starts_with(&format!("---\n{field}: \"{title}\"\n")),
                "{text}"
            );
            if !date.is_empty() {
                assert!(text.contains(&format!("\ndate: {date}")), "{text}");
            }
        }
        // The country's code is a placeholder, an error until replaced
        // (issue #11).
        let check = site.run(&["check", "--format", "json"]);
        check.expect_status(1);
        let list: Vec<serde_json::Value> = serde_json::from_str(&check.stdout).unwrap();
        let errors: Vec<&serde_json::Value> =
            list.iter().filter(|p| p["severity"] == "error").collect();
        assert_eq!(errors.len(), 1, "{list:#?}");
        assert!(
            errors[0]["message"]
                .as_str()
                .unwrap()
                .contains("`XX` is the placeholder"),
            "{errors:#?}"
        );
        replace_placeholder(&site);
        // Valid, with the warnings new documents deserve: nothing cites the
        // new entities and the brief has no source yet.
        let check = site.run(&["check", "--format", "json"]);
        check.expect_status(0);
        let list: Vec<serde_json::Value> = serde_json::from_str(&check.stdout).unwrap();
        assert_eq!(list.len(), 4, "{list:#?}");
        assert!(list.iter().all(|p| p["severity"] == "warning"), "{list:#?}");
        site.build();
    }
}

#[test]
fn every_optional_field_offered_by_new_is_valid_once_uncommented() {
    for language in ["fr", "en"] {
        let site = init(language);
        for (kind, title) in [
            ("brief", "Brief"),
            ("event", "Event"),
            ("country", "Country"),
            ("actor", "Actor"),
        ] {
            let mut args = vec!["new", kind, title];
            if matches!(kind, "brief" | "event") {
                args.extend(["--date", "2025-09-10"]);
            }
            site.run(&args).expect_status(0);
        }
        let mut uncommented = 0;
        for path in [
            "content/briefs/brief.md",
            "content/events/event.md",
            "content/countries/country.md",
            "content/actors/actor.md",
        ] {
            let text = read(&site, path);
            let lines: Vec<String> = text
                .lines()
                .map(|line| match line.strip_prefix("# ") {
                    // `# field: …` and the lines of a commented list.
                    Some(rest)
                        if rest.starts_with(|c: char| c.is_ascii_lowercase() || c == ' ') =>
                    {
                        uncommented += 1;
                        rest.to_string()
                    }
                    _ => line.to_string(),
                })
                .collect();
            fs::write(site.root().join(path), lines.join("\n") + "\n").unwrap();
        }
        assert!(uncommented > 30, "only {uncommented} lines uncommented");
        replace_placeholder(&site);
        let check = site.run(&["check", "--format", "json"]);
        let list: Vec<serde_json::Value> = serde_json::from_str(&check.stdout).unwrap();
        let errors: Vec<&serde_json::Value> =
            list.iter().filter(|p| p["severity"] == "error").collect();
        assert!(errors.is_empty(), "{language}: {errors:#?}");
        check.expect_status(0);
    }
}

/// Replaces the `iso2: XX` that `new country` writes by a real code, as
/// its author must.
fn replace_placeholder(site: &TestSite) {
    for entry in fs::read_dir(site.root().join("content/countries")).unwrap() {
        let path = entry.unwrap().path();
        let text = fs::read_to_string(&path).unwrap();
        fs::write(&path, text.replace("iso2: \"XX\"", "iso2: \"ML\"")).unwrap();
    }
}

#[test]
fn new_dates_a_document_today_by_default() {
    let site = init("en");
    site.run(&["new", "brief", "Today"]).expect_status(0);
    let today = chrono::Local::now()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string();
    let text = read(&site, "content/briefs/today.md");
    assert!(text.contains(&format!("\ndate: {today}\n")), "{text}");
}

#[test]
fn new_refuses_to_overwrite() {
    let site = init("en");
    site.run(&["new", "brief", "Fuel", "--date", "2025-01-01"])
        .expect_status(0);
    let before = read(&site, "content/briefs/fuel.md");
    let run = site.run(&["new", "brief", "Fuel", "--date", "2025-02-02"]);
    run.expect_status(2);
    assert!(run.stderr.contains("already exists"), "{run:?}");
    assert_eq!(read(&site, "content/briefs/fuel.md"), before);
    // The sample country is not replaced either.
    let mali = read(&site, "content/countries/mali.md");
    site.run(&["new", "country", "Mali"]).expect_status(2);
    assert_eq!(read(&site, "content/countries/mali.md"), mali);
}

#[test]
fn a_title_without_letters_needs_a_slug() {
    let site = init("en");
    let run = site.run(&["new", "brief", "!!! ???"]);
    run.expect_status(2);
    assert!(run.stderr.contains("pass `--slug SLUG`"), "{run:?}");
    assert!(!site.root().join("content/briefs/.md").exists());
    let run = site.run(&["new", "brief", "!!! ???", "--slug", "alarm"]);
    run.expect_status(0);
    assert_eq!(run.stdout, "content/briefs/alarm.md\n");
    assert!(read(&site, "content/briefs/alarm.md").contains("title: \"!!! ???\""));
}

#[test]
fn new_rejects_bad_slugs_and_dates() {
    let site = init("en");
    for (args, says) in [
        (&["new", "brief", "X", "--slug", "Bad Slug"][..], "--slug"),
        (
            &["new", "brief", "X", "--date", "2025-07"][..],
            "not a full date",
        ),
        (&["new", "brief", "X", "--date", "yesterday"][..], "--date"),
        (&["new", "event", "X", "--date", "2025-13"][..], "--date"),
        (
            &["new", "country", "X", "--date", "2025-01-01"][..],
            "has no date",
        ),
        (&["new", "brief", "  "][..], "title is empty"),
    ] {
        let run = site.run(args);
        run.expect_status(2);
        assert!(run.stderr.contains(says), "{args:?}: {run:?}");
    }
    // Nothing was written by the refused commands.
    let briefs = fs::read_dir(site.root().join("content/briefs"))
        .unwrap()
        .count();
    assert_eq!(briefs, 1);
}

#[test]
fn titles_with_quotes_and_colons_stay_valid_yaml() {
    let site = init("fr");
    let title = "Mali : « blocus » et \"embargo\" \\ 2025";
    let run = site.run(&["new", "brief", title, "--date", "2025-09-10"]);
    run.expect_status(0);
    let path = run.stdout.trim().to_string();
    let site = site.build();
    let slug = path
        .trim_start_matches("content/briefs/")
        .trim_end_matches(".md");
    let html = site.main(&format!("briefs/{slug}/"));
    assert!(
        // French typography (issue #15): narrow no-break spaces.
        html.contains("Mali\u{202F}: «\u{202F}blocus\u{202F}» et &quot;embargo&quot; \\ 2025"),
        "{html}"
    );
}

#[test]
fn new_outside_a_site_fails_without_writing() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(dir.path(), &["new", "brief", "Lost"]);
    run.expect_status(2);
    assert!(run.stderr.contains("no site.yaml"), "{run:?}");
    assert!(!dir.path().join("content").exists());
}
