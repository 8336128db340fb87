//! Events from data (issue #18): the `acled` fixture imports an ACLED
//! export with a BOM, CRLF line ends and an unknown column
//! (`data/acled-sahel.csv`), and an older export with other columns
//! (`data/older-export.csv`); one of its rows is claimed by a hand-written
//! event (`content/events/kayes-attack.md`).

use std::path::Path;

use serde_json::Value;

use crate::support::{Run, TestSite};

/// The header of ACLED's current export, and the fixture's unknown column.
const HEADER: &str = "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp";

/// A row of the current export: id, date, event type, sub-event type,
/// actor1, country, location, latitude, longitude, notes, fatalities.
#[allow(clippy::too_many_arguments)]
fn row(
    id: &str,
    date: &str,
    types: (&str, &str),
    actor1: &str,
    country: &str,
    place: (&str, &str, &str),
    notes: &str,
    fatalities: &str,
) -> String {
    format!(
        "{id},{date},2025,1,Political violence,{},{},{actor1},,,,,,,,466,Western Africa,{country},Kayes,,,{},{},{},1,Wire,National,\"{notes}\",{fatalities},,",
        types.0, types.1, place.0, place.1, place.2
    )
}

/// The `check --format json` problems of a site.
fn problems(site: &TestSite) -> (Run, Vec<Value>) {
    let run = site.run(&["check", "--format", "json"]);
    let list: Vec<Value> = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {run:?}"));
    (run, list)
}

/// `file:line:column: message` of each problem of a severity.
fn located(list: &[Value], severity: &str) -> Vec<String> {
    list.iter()
        .filter(|p| p["severity"] == severity)
        .map(|p| {
            format!(
                "{}:{}:{}: {}",
                p["file"].as_str().unwrap_or("?"),
                p["line"],
                p["column"],
                p["message"].as_str().unwrap_or("?")
            )
        })
        .collect()
}

#[test]
fn each_row_is_an_event_page_with_its_acled_fields() {
    let site = TestSite::fixture("acled").build();
    let page = site.main("events/acled-mli3001/");
    // Title from the sub-event type and place; kind from the types.
    assert!(page.contains("<h1>Attack (Djenne)</h1>"), "{page}");
    assert!(page.contains("kind-attack"), "{page}");
    assert!(page.contains("Violence against civilians"), "{page}");
    assert!(page.contains("<dt>Fatalities</dt><dd>3</dd>"), "{page}");
    assert!(
        page.contains("<dd>Mopti, Djenne</dd>"),
        "admin areas: {page}"
    );
    assert!(
        page.contains(r#"<dd class="geo-precision-2">near the place, or in its district (2)</dd>"#),
        "{page}"
    );
    assert!(page.contains("<code>MLI3001</code>"), "{page}");
    assert!(
        page.contains("<code>data/acled-sahel.csv</code>, l. 3"),
        "{page}"
    );
    assert!(
        page.contains("<cite class=\"source-title\">Local source</cite>"),
        "{page}"
    );
    // Associated actors are shown as ACLED writes them.
    assert!(page.contains("Fulani Ethnic Group (Mali)"), "{page}");
}

#[test]
fn time_precision_gives_the_dates_precision() {
    let site = TestSite::fixture("acled").build();
    // 1: the day; 2: the week, dated on the day ACLED gives; 3: the month.
    let day = site.main("events/acled-bfa900/");
    assert!(
        day.contains(r#"<time datetime="2025-07-05">5 July 2025</time>"#),
        "{day}"
    );
    let week = site.main("events/acled-mli3001/");
    assert!(week.contains(r#"<time datetime="2025-07-03">"#), "{week}");
    assert!(
        week.contains("the week, one of its days given (2)"),
        "{week}"
    );
    let month = site.main("events/acled-mli3002/");
    assert!(
        month.contains(r#"<time datetime="2025-07">July 2025</time>"#),
        "{month}"
    );
    let csv = site.file("exports/events.csv");
    assert!(
        csv.contains("events/acled-mli3002,2025-07,month,agreement,"),
        "{csv}"
    );
    // An older export's `12 May 2024`.
    assert!(
        csv.contains("events/acled-562-7001,2024-05-12,day,protest,"),
        "{csv}"
    );
}

#[test]
fn actors_and_countries_resolve_by_name_alias_accents_and_iso_code() {
    let site = TestSite::fixture("acled").build();
    let csv = site.file("exports/events.csv");
    let line = |id: &str| {
        csv.lines()
            .find(|l| l.starts_with(&format!("events/{id},")))
            .unwrap_or_else(|| panic!("no row {id} in {csv}"))
            .to_string()
    };
    // Aliases: "JNIM: Group for Support of Islam and Muslims", "VDP".
    assert!(
        line("acled-bfa900").contains(",Volontaires pour la défense de la patrie; JNIM,"),
        "{csv}"
    );
    // Burkina Faso has no `country` cell: the ISO numeric code 854 names it.
    assert!(
        line("acled-bfa900").contains(",Burkina Faso,Djibo,"),
        "{csv}"
    );
    // "KATÏBA MACÏNA" is "Katiba Macina"; "République du Mali" an alias.
    assert!(
        line("acled-mli3001").contains(",Katiba Macina,Mali,Djenne,"),
        "{csv}"
    );
    // Resolved actors and countries link both ways.
    let actor = site.main("actors/katiba-macina/");
    assert!(actor.contains("/events/acled-mli3001/"), "{actor}");
    let page = site.main("events/acled-mli3001/");
    assert!(
        page.contains(r#"<a href="/countries/mali/">Mali</a>"#),
        "{page}"
    );
}

#[test]
fn notes_are_plain_text_never_markdown() {
    let site = TestSite::fixture("acled").build();
    let page = site.main("events/acled-mli3001/");
    assert!(
        page.contains(
            "<p>Around 3 July, *suspected* militants attacked &lt;villagers&gt; near Djenne; [no link] here.</p>"
        ),
        "{page}"
    );
    assert!(!page.contains("<em>suspected</em>"), "{page}");
}

/// A row without notes has no body: its page shows nothing of the rows
/// after it in the file (they once showed as its text, read as Markdown).
#[test]
fn a_row_without_notes_has_no_body() {
    let fixture =
        std::fs::read_to_string(crate::support::fixtures().join("acled/data/acled-sahel.csv"))
            .expect("the fixture's export");
    let csv = [
        fixture.trim_end().to_string(),
        // The fixture's export has one more column than ACLED's: `,`.
        row(
            "MLI4001",
            "2025-07-01",
            ("Battles", "Armed clash"),
            "JNIM",
            "Mali",
            ("Kayes", "14.4469", "-11.4456"),
            "",
            "0",
        ) + ",",
        row(
            "MLI4002",
            "2025-07-02",
            ("Battles", "Armed clash"),
            "JNIM",
            "Mali",
            ("Kayes", "14.4469", "-11.4456"),
            "The second row's notes.",
            "0",
        ) + ",",
    ]
    .join("\r\n");
    let site = TestSite::fixture("acled")
        .write("data/acled-sahel.csv", &csv)
        .build();
    let page = site.main("events/acled-mli4001/");
    assert!(!page.contains("MLI4002"), "{page}");
    assert!(!page.contains("second row"), "{page}");
    assert!(!page.contains("<div class=\"prose\">\n<p>"), "{page}");
    let next = site.main("events/acled-mli4002/");
    assert!(next.contains("<p>The second row's notes.</p>"), "{next}");
}

#[test]
fn a_hand_written_event_claiming_a_row_takes_precedence_and_merges_it() {
    let site = TestSite::fixture("acled").build();
    // No page of the row's own.
    assert!(!site.has("events/acled-mli3000/"));
    let page = site.main("events/kayes-attack/");
    // Its own title, date and body.
    assert!(
        page.contains("<h1>Attack on the Kayes checkpoint</h1>"),
        "{page}"
    );
    assert!(
        page.contains("Written by hand: this body is kept"),
        "{page}"
    );
    assert!(
        !page.contains("JNIM attacked the Kayes checkpoint"),
        "{page}"
    );
    // What it leaves unset comes from the row: kind, fatalities, place.
    assert!(page.contains("kind-battle"), "{page}");
    assert!(page.contains("<dt>Fatalities</dt><dd>6</dd>"), "{page}");
    assert!(
        page.contains(r#"<span class="location-name">Kayes</span>"#),
        "{page}"
    );
    assert!(page.contains("<code>MLI3000</code>"), "{page}");
    // Lists merge: its own first, then the row's that are new.
    let csv = site.file("exports/events.csv");
    assert!(
        csv.contains(
            "events/kayes-attack,2025-07-01,day,battle,JNIM; Forces armées maliennes,Mali,Kayes,14.4469,-11.4456,6,Field report; Reuters; AFP"
        ),
        "{csv}"
    );
}

#[test]
fn unresolved_actors_are_listed_with_counts_and_suggestions() {
    let site = TestSite::fixture("acled").build();
    let page = site.main("data/unresolved/");
    for name in [
        "Civilians (Mali)",
        "Fulani Ethnic Group (Mali)",
        "Unidentified Armed Group (Mali)",
        "Protesters (Niger)",
    ] {
        assert!(
            page.contains(&format!("<tr><td>{name}</td><td class=\"num\">1</td>")),
            "{name}: {page}"
        );
    }
    assert!(!page.contains("<td>VDP</td>"), "a resolved alias: {page}");
    let sitemap = site.file("sitemap.xml");
    assert!(!sitemap.contains("data/unresolved"), "{sitemap}");

    // `check`: one line, or one warning per name with `--verbose`.
    let run = site.run(&["check"]);
    run.expect_status(0);
    assert!(
        run.stderr.contains(
            "4 actor names of the data files (4 mentions) match no actor: listed on /data/unresolved/"
        ),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("no actor is named"), "{}", run.stderr);
    let run = site.run(&["check", "--verbose", "--format", "json"]);
    let list: Vec<Value> = serde_json::from_str(&run.stdout).expect("JSON");
    let warnings = located(&list, "warning");
    assert_eq!(
        warnings,
        [
            "data/acled-sahel.csv:3:1: no actor is named `Civilians (Mali)` (1 row of the data)",
            "data/acled-sahel.csv:3:1: no actor is named `Fulani Ethnic Group (Mali)` (1 row of the data)",
            "data/acled-sahel.csv:4:1: no actor is named `Unidentified Armed Group (Mali)` (1 row of the data)",
            "data/older-export.csv:2:1: no actor is named `Protesters (Niger)` (1 row of the data)",
        ]
    );
}

#[test]
fn malformed_rows_are_located_and_the_other_rows_still_load() {
    let bad = [
        HEADER.to_string(),
        row(
            "MLI1",
            "2025-07-01",
            ("Battles", "Armed clash"),
            "JNIM",
            "Mali",
            ("Kayes", "14.4", "-11.4"),
            "Fine.",
            "1",
        ),
        row(
            "MLI2",
            "2025-13-45",
            ("Battles", "Armed clash"),
            "JNIM",
            "Mali",
            ("Kayes", "14.4", "-11.4"),
            "Bad date.",
            "1",
        ),
        "MLI3,2025-07-02,2025,1,short row".to_string(),
        row(
            "MLI4",
            "2025-07-03",
            ("Battles", "Armed clash"),
            "JNIM",
            "Mali",
            ("Kayes", "94.0", "-11.4"),
            "Bad latitude.",
            "many",
        ),
        row(
            "MLI5",
            "2025-07-04",
            ("Protests", "Peaceful protest"),
            "JNIM",
            "Mali",
            ("Kayes", "14.4", "-11.4"),
            "Fine too.",
            "0",
        ),
    ]
    .join("\n");
    let site = TestSite::fixture("acled")
        .write("data/acled-sahel.csv", &bad)
        // Cites rows of the file that load: an unloaded row would be an
        // unknown slug here.
        .write(
            "content/briefs/july-review.md",
            "---\ntitle: \"July review\"\ndate: 2025-07-20\nevents: [acled-mli1, acled-mli5]\nsources: [{title: \"x\"}]\n---\nText.\n",
        )
        .remove("content/events/kayes-attack.md");
    let (run, list) = problems(&site);
    run.expect_status(1);
    assert_eq!(
        located(&list, "error"),
        [
            "data/acled-sahel.csv:3:1: this row's `event_date`: `2025-13-45` is not a date; ACLED writes `2024-05-12` or `12 May 2024`",
            "data/acled-sahel.csv:4:1: this row cannot be read: the row has 5 cells where the header has 31",
            "data/acled-sahel.csv:5:1: this row's `fatalities`: `many` is not a whole number, 0 or more",
            "data/acled-sahel.csv:5:1: this row's `latitude`: `94` is not a latitude (between -90 and 90)",
        ]
    );
}

#[test]
fn a_file_with_only_a_header_imports_nothing() {
    let site = TestSite::fixture("acled")
        .write("data/older-export.csv", &format!("{HEADER}\r\n"))
        .build();
    assert!(!site.has("events/acled-562-7001/"));
    assert!(site.has("events/acled-mli3001/"));
}

#[test]
fn a_missing_data_file_is_an_error_at_its_entry() {
    let site = TestSite::fixture("acled").remove("data/older-export.csv");
    let (run, list) = problems(&site);
    run.expect_status(1);
    assert_eq!(
        located(&list, "error"),
        ["site.yaml:7:27: invalid value for `file`: there is no file `data/older-export.csv`"]
    );
    let site = TestSite::fixture("acled").write(
        "site.yaml",
        "title: x\nbase_url: \"https://example.org/\"\ndata:\n  - {source: acled, file: ../outside.csv}\n  - {source: excel, file: data/acled-sahel.csv}\n",
    );
    let (_, list) = problems(&site);
    let mut errors = located(&list, "error");
    // The fixture's brief cites rows of the files left out.
    errors.retain(|e| e.starts_with("site.yaml:"));
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert!(errors[0].starts_with("site.yaml:4:27: invalid value for `file`: `../outside.csv` is not a path inside the site"), "{errors:#?}");
    assert_eq!(
        errors[1],
        "site.yaml:5:14: invalid value for `source`: `excel` is not one of `acled`"
    );
}

#[test]
fn imported_text_is_neutralised_in_exports() {
    let hostile = [
        HEADER.to_string(),
        row(
            "MLI7",
            "2025-07-01",
            ("Battles", "Armed clash"),
            "=HYPERLINK(\"\"http://x\"\")",
            "Mali",
            ("+cmd|calc", "14.4", "-11.4"),
            "@SUM(A1)",
            "2",
        ),
    ]
    .join("\n");
    let site = TestSite::fixture("acled")
        .write("data/acled-sahel.csv", &hostile)
        .remove("content/events/kayes-attack.md")
        .remove("content/briefs/july-review.md")
        .build();
    let csv = site.file("exports/events.csv");
    let line = csv
        .lines()
        .find(|l| l.starts_with("events/acled-mli7,"))
        .unwrap_or_else(|| panic!("{csv}"));
    assert!(line.contains(",'+cmd|calc,14.4,-11.4,"), "{line}");
}

#[test]
fn check_and_build_report_the_same_row_errors() {
    let site = TestSite::fixture("acled").write(
        "data/older-export.csv",
        "data_id,iso,event_date\n1,562,not a date\n",
    );
    let check = site.run(&["check"]);
    let build = site.try_build(&[]);
    let headlines = |run: &Run| -> Vec<String> {
        run.stderr
            .lines()
            .filter(|l| l.contains(": error: "))
            .map(str::to_string)
            .collect()
    };
    assert_eq!(check.status, 1);
    assert_eq!(build.status, 1);
    assert_eq!(headlines(&check), headlines(&build));
    assert_eq!(headlines(&check).len(), 1, "{}", check.stderr);
    assert!(!Path::new(&site.output()).join("index.html").exists());
}

#[test]
fn a_claim_no_row_answers_and_a_second_claim_are_warnings_at_the_event() {
    let claim = |title: &str, id: &str| {
        format!(
            "---\ntitle: \"{title}\"\ndate: 2025-07-02\ncountries: [mali]\nsources:\n  - {{title: \"Desk\"}}\nids: {{acled: {id}}}\n---\nBy hand.\n"
        )
    };
    let site = TestSite::fixture("acled")
        .write(
            "content/events/second-claim.md",
            &claim("Second claim", "MLI3000"),
        )
        .write(
            "content/events/no-such-row.md",
            &claim("No such row", "MLI9999"),
        );
    let (run, list) = problems(&site);
    let warnings = located(&list, "warning");
    assert!(
        warnings.contains(
            &"content/events/second-claim.md:2:8: the ACLED row `MLI3000` is already claimed by `events/kayes-attack`, which takes it; this event stays as written".to_string()
        ),
        "{run:?}\n{warnings:#?}"
    );
    assert!(
        warnings.contains(
            &"content/events/no-such-row.md:2:8: no row of the site's data files has the ACLED id `MLI9999`: this event stays as written".to_string()
        ),
        "{warnings:#?}"
    );
    // The first claim still takes the row; the others keep their pages.
    let built = site.build();
    assert!(
        built
            .main("events/kayes-attack/")
            .contains("<code>MLI3000</code>")
    );
    assert!(built.has("events/second-claim/"));
    assert!(!built.has("events/acled-mli3000/"));
}
