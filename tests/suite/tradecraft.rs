//! Analytic tradecraft through the real pipeline (issue #14): the language
//! lint located at the words, in English and French; source grades as
//! pages show them; monthly trends on digests and country pages; what a
//! handling marking keeps out of feeds, search, exports and the sitemap;
//! `--allow-red`. Bad values are invalid fixtures (`tests/fixtures/invalid/`),
//! snapshotted by `check::every_invalid_case_is_reported`; a few are
//! asserted directly here.

use serde_json::Value;

use crate::support::TestSite;

/// The tradecraft fixture (English, ICD 203), with `brief` written as
/// `content/briefs/lint.md`.
fn with_brief(brief: &str) -> TestSite {
    TestSite::fixture("tradecraft").write("content/briefs/lint.md", brief)
}

/// One problem `check --format json` reports.
#[derive(Debug, PartialEq)]
struct Problem {
    line: u64,
    column: u64,
    severity: String,
    message: String,
    help: Option<String>,
}

/// The problems `check --format json` reports in `file`.
fn problems_in(site: &TestSite, file: &str) -> Vec<Problem> {
    let run = site.run(&["check", "--format", "json"]);
    let list: Vec<Value> = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {run:?}"));
    list.into_iter()
        .filter(|p| p["file"] == file)
        .map(|p| Problem {
            line: p["line"].as_u64().expect("a line"),
            column: p["column"].as_u64().expect("a column"),
            severity: p["severity"].as_str().expect("a severity").to_string(),
            message: p["message"].as_str().expect("a message").to_string(),
            help: p["help"].as_str().map(str::to_string),
        })
        .collect()
}

/// The warnings of the language lint on `content/briefs/lint.md`.
fn lint(brief: &str) -> Vec<Problem> {
    problems_in(&with_brief(brief), "content/briefs/lint.md")
}

/// The 1-based line and character column of the `nth` (from 0) `needle`
/// in `text`.
fn position(text: &str, needle: &str, nth: usize) -> (u64, u64) {
    let at = text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("`{needle}` ({nth}) in {text}"))
        .0;
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..at].chars().count() + 1;
    (line as u64, column as u64)
}

/// A brief whose texts are `summary` and `key_points` (YAML items), in
/// `lang` when given.
fn brief(lang: Option<&str>, summary: &str, key_points: &[&str]) -> String {
    let mut text = String::from("---\ntitle: \"Lint\"\ndate: 2025-07-25\n");
    if let Some(lang) = lang {
        text.push_str(&format!("lang: {lang}\n"));
    }
    text.push_str(&format!("summary: \"{summary}\"\nkey_points:\n"));
    for point in key_points {
        text.push_str(&format!("  - \"{point}\"\n"));
    }
    text.push_str("sources: [\"A dispatch\"]\n---\nBody.\n");
    text
}

/// Asserts one lint warning at the `nth` `needle` of `text`, whose message
/// contains `message` and whose help contains `help`.
#[track_caller]
fn assert_one_warning(text: &str, needle: &str, nth: usize, message: &str, help: &str) {
    let found = lint(text);
    let (line, column) = position(text, needle, nth);
    assert_eq!(found.len(), 1, "{found:#?}\nin\n{text}");
    let warning = &found[0];
    assert_eq!(
        (warning.line, warning.column, warning.severity.as_str()),
        (line, column, "warning"),
        "{warning:#?}"
    );
    assert!(warning.message.contains(message), "{warning:#?}");
    assert!(
        warning.help.as_deref().is_some_and(|h| h.contains(help)),
        "{warning:#?}"
    );
}

#[track_caller]
fn assert_no_warning(text: &str) {
    let found = lint(text);
    assert!(found.is_empty(), "{found:#?}\nin\n{text}");
}

// ---------------------------------------------------------------------------
// The language lint, rule by rule, in English and French

#[test]
fn an_english_hedge_is_reported_at_the_word_with_the_terms_to_use() {
    let text = brief(None, "Fuel is short.", &["Convoys may be attacked again."]);
    assert_one_warning(
        &text,
        "may",
        0,
        "`may` is a hedge outside the ICD 203 yardstick",
        "`likely` (55–80%)",
    );
    assert_no_warning(&brief(
        None,
        "Fuel is short in May.",
        &["Convoys are likely to be attacked again."],
    ));
}

#[test]
fn a_french_hedge_is_reported_at_the_word_with_the_french_terms() {
    let text = brief(
        Some("fr"),
        "Le carburant manque.",
        &["Le JNIM pourrait attaquer Kayes."],
    );
    assert_one_warning(
        &text,
        "pourrait",
        0,
        "`pourrait` is a hedge",
        "`vraisemblable` (55–80\u{202F}%)",
    );
    assert_no_warning(&brief(
        Some("fr"),
        "Le carburant manque.",
        &["Il est vraisemblable que le JNIM attaque Kayes."],
    ));
}

#[test]
fn a_brief_follows_the_language_of_a_french_site() {
    let text = brief(None, "Le JNIM attaquera peut-être Kayes.", &[]);
    let site = with_brief(&text).write(
        "site.yaml",
        "title: \"Veille\"\nbase_url: \"https://example.org/\"\nlanguage: fr\n",
    );
    let found = problems_in(&site, "content/briefs/lint.md");
    let (line, column) = position(&text, "peut-être", 0);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!((found[0].line, found[0].column), (line, column));
    assert!(found[0].message.contains("`peut-être`"), "{found:#?}");
}

#[test]
fn likelihood_and_confidence_in_one_english_sentence_are_reported_at_the_confidence() {
    let text = brief(
        None,
        "We assess with high confidence that an attack is likely.",
        &[],
    );
    assert_one_warning(
        &text,
        "high confidence",
        0,
        "the likelihood `likely` and the confidence level `high confidence` are in one sentence",
        "sentence of its own",
    );
    assert_no_warning(&brief(
        None,
        "An attack is likely. We have high confidence in the sources.",
        &[],
    ));
}

#[test]
fn likelihood_and_confidence_in_one_french_sentence_are_reported_at_the_confidence() {
    let text = brief(
        Some("fr"),
        "Nous estimons avec une confiance élevée qu’une attaque est vraisemblable.",
        &[],
    );
    assert_one_warning(
        &text,
        "confiance élevée",
        0,
        "the likelihood `vraisemblable` and the confidence level `confiance élevée`",
        "sentence of its own",
    );
    assert_no_warning(&brief(
        Some("fr"),
        "Une attaque est vraisemblable. Nos sources méritent une confiance élevée.",
        &[],
    ));
}

#[test]
fn both_icd203_rows_in_one_english_brief_are_reported_at_the_other_row() {
    let text = brief(
        None,
        "An attack is likely.",
        &["A truce is improbable.", "Talks are very likely."],
    );
    assert_one_warning(
        &text,
        "improbable",
        0,
        "`improbable` is a term of the second row of ICD 203, but this brief uses the first row",
        "write `unlikely` (20–45%)",
    );
    assert_no_warning(&brief(
        None,
        "An attack is likely.",
        &["A truce is unlikely.", "Talks are very likely."],
    ));
}

#[test]
fn both_icd203_rows_in_one_french_brief_count_the_likelihood_fields_too() {
    // Two terms of the first row (the text and the field), one of the
    // second: the second is reported, with its first-row equivalent.
    let text = "---\ntitle: \"Lint\"\ndate: 2025-07-25\nlang: fr\nsummary: \"Une trêve est improbable.\"\nkey_points:\n  - \"Une attaque est vraisemblable.\"\n  - text: \"Les pourparlers reprendront.\"\n    likelihood: très vraisemblable\nsources: [\"A dispatch\"]\n---\n";
    assert_one_warning(
        text,
        "improbable",
        0,
        "`improbable` is a term of the second row of ICD 203",
        "`peu vraisemblable` (20–45\u{202F}%)",
    );
    assert_no_warning(&text.replace(
        "Une trêve est improbable.",
        "Une trêve est peu vraisemblable.",
    ));
}

#[test]
fn a_term_of_the_other_yardstick_is_reported_with_its_equivalent() {
    let text = brief(None, "A new attack is highly likely.", &[]);
    assert_one_warning(
        &text,
        "highly likely",
        0,
        "`highly likely` is a term of PHIA",
        "write `very likely` (80–95%)",
    );
    // On a PHIA site it is the yardstick's own term.
    let site = with_brief(&text).write(
        "site.yaml",
        "title: \"T\"\nbase_url: \"https://example.org/\"\nlanguage: en\ntradecraft:\n  yardstick: phia\n",
    );
    let found = problems_in(&site, "content/briefs/lint.md");
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn deny_warnings_turns_the_lint_into_a_failure() {
    let site = with_brief(&brief(None, "Convoys may be attacked.", &[]));
    site.run(&["check"]).expect_status(0);
    site.run(&["check", "--deny-warnings"]).expect_status(1);
    let run = site.try_build(&["--deny-warnings"]);
    run.expect_status(1);
    assert!(!site.output().exists(), "nothing is written");
}

// ---------------------------------------------------------------------------
// Bad values: located errors with the nearest valid value

#[test]
fn an_unknown_likelihood_or_grade_is_located_with_the_nearest_value() {
    let site = TestSite::fixture("invalid/bad-likelihood");
    let found = problems_in(&site, "content/briefs/outlook.md");
    let typo = found
        .iter()
        .find(|p| p.message.contains("`likley`"))
        .expect("the typo is reported");
    assert_eq!((typo.line, typo.column), (6, 17));
    assert_eq!(typo.help.as_deref(), Some("did you mean `likely`?"));
    let foreign = found
        .iter()
        .find(|p| p.message.contains("`highly likely`"))
        .expect("the other yardstick's term is reported");
    assert!(
        foreign
            .help
            .as_deref()
            .is_some_and(|h| h.contains("write `very-likely` (80–95%)")),
        "{foreign:#?}"
    );
    let site = TestSite::fixture("invalid/bad-grade");
    let found = problems_in(&site, "content/briefs/graded.md");
    let helps: Vec<(u64, u64, Option<&str>)> = found
        .iter()
        .map(|p| (p.line, p.column, p.help.as_deref()))
        .collect();
    assert_eq!(
        helps,
        [
            (
                5,
                33,
                Some("did you mean `F` (reliability cannot be judged)?")
            ),
            (6, 33, Some("did you mean `6` (truth cannot be judged)?")),
            (7, 35, Some("write `reliability: B` and `credibility: 2`")),
            (8, 34, Some("did you mean `B` (usually reliable)?")),
        ]
    );
}

// ---------------------------------------------------------------------------
// Grades, likelihood badges and source documents on the page

#[test]
fn grades_show_their_code_with_the_meaning_on_hover_and_in_print() {
    let site = TestSite::fixture("tradecraft").build();
    let brief = site.main("briefs/open-assessment/");
    // Credibility written, reliability from the source document.
    assert!(
        brief.contains(
            r#"<a class="grade-code" href="/yardstick/#grades" title="B2: usually reliable source; information probably true">B2</a><span class="grade-meaning"> (usually reliable source; information probably true)</span>"#
        ),
        "{brief}"
    );
    // Reliability alone, credibility alone.
    assert!(
        brief.contains(r#"title="C: fairly reliable source">C</a>"#),
        "{brief}"
    );
    assert!(
        brief.contains(r#"title="4: doubtful information">4</a>"#),
        "{brief}"
    );
    // The source document is linked where the publisher would be, and the
    // archived copy beside the original.
    assert!(
        brief.contains(r#"<a href="/sources/wire/">Sahel Wire</a>"#),
        "{brief}"
    );
    assert!(brief.contains(
        r#"<a class="source-archived" href="https://web.archive.org/web/2025/https://wire.example.org/july">archived copy</a>"#
    ));
    // The print stylesheet shows the meaning beside the code.
    let css = site.file("assets/dossier.css");
    let print = &css[css.find("issue 14").expect("the section of issue 14")..];
    let print = &print[print.find("@media print").expect("its print rules")..];
    assert!(
        print.contains(".grade-meaning {\n    position: static;"),
        "{print}"
    );
}

#[test]
fn grades_read_in_french_with_french_spacing() {
    let site = TestSite::fixture("tradecraft")
        .write(
            "site.yaml",
            "title: \"Veille\"\nbase_url: \"https://example.org/\"\nlanguage: fr\n",
        )
        .build();
    let brief = site.main("briefs/open-assessment/");
    assert!(
        brief.contains(
            "title=\"B2\u{202F}: source habituellement fiable\u{202F}; information probablement vraie\">B2</a>"
        ),
        "{brief}"
    );
    assert!(
        brief.contains("très vraisemblable (80–95\u{202F}%)"),
        "{brief}"
    );
}

#[test]
fn a_key_point_shows_its_likelihood_badge_linked_to_the_legend() {
    let site = TestSite::fixture("tradecraft").build();
    let brief = site.main("briefs/open-assessment/");
    assert!(
        brief.contains(
            r#"<a class="likelihood likelihood-6" href="/yardstick/#term-very-likely">very likely (80–95%)</a>"#
        ),
        "{brief}"
    );
    assert!(brief.contains("confidence-moderate"), "{brief}");
    let legend = site.main("yardstick/");
    for term in [
        r#"id="term-almost-no-chance""#,
        r#"id="term-very-likely""#,
        r#"id="term-nearly-certain""#,
        r#"id="grades""#,
        r#"id="tlp-amber-strict""#,
    ] {
        assert!(legend.contains(term), "{term} in {legend}");
    }
    assert!(
        legend.contains("<td class=\"range\">80–95%</td>"),
        "{legend}"
    );
    site.assert_links_resolve("/");
}

#[test]
fn a_source_page_lists_every_citation_with_its_grade() {
    let site = TestSite::fixture("tradecraft").build();
    let page = site.main("sources/wire/");
    assert!(page.contains("<h1>Sahel Wire</h1>"), "{page}");
    assert!(page.contains("news agency"), "{page}");
    // Briefs first, then events, each by title.
    let order = [
        "Open assessment",
        "Restricted assessment",
        "Attack in April",
        "First attack in July",
        "Second attack in July",
    ];
    let mut from = 0;
    for title in order {
        let at = page[from..]
            .find(title)
            .unwrap_or_else(|| panic!("`{title}` after byte {from} in {page}"));
        from += at;
    }
    // The event citing it with credibility 3 shows B3; the others B.
    assert!(page.contains(">B3</a>"), "{page}");
    assert!(page.contains(">B2</a>"), "{page}");
    let index = site.main("sources/");
    assert!(
        index.contains(r#"<a href="/sources/wire/">Sahel Wire</a>"#),
        "{index}"
    );
    assert!(
        index.contains(r#"<td class="count-cell">5</td>"#),
        "{index}"
    );
}

// ---------------------------------------------------------------------------
// Monthly trends and indicators

#[test]
fn a_digest_leads_with_each_countrys_trend_judged_or_computed() {
    let site = TestSite::fixture("tradecraft").build();
    let digest = site.main("digest/2025-07/");
    let trends = &digest[..digest.find("digest-group").expect("groups follow")];
    let title = |country: &str| {
        format!(r#"<h3 class="month-trend-title"><a href="/countries/{country}/">"#)
    };
    let mali = trends.find(&title("mali")).expect("Mali's trend");
    let senegal = trends.find(&title("senegal")).expect("Senegal's trend");
    assert!(mali < senegal, "by country name");
    let mali = &trends[mali..senegal];
    assert!(
        mali.contains(r#"<span class="trend trend-deteriorated"><span class="trend-glyph" aria-hidden="true">↓</span> Deteriorated</span>"#),
        "{mali}"
    );
    assert!(mali.contains("Conflict risk alert"), "{mali}");
    assert!(mali.contains("a fuel blockade"), "{mali}");
    assert!(
        !mali.contains("computed"),
        "a judged trend is not computed: {mali}"
    );
    // Senegal: 2 events (7 fatalities) against 1 (2) in the three months
    // before; fatalities rise more than 25 %: deteriorated, computed.
    let senegal = &trends[senegal..];
    assert!(
        senegal.contains("↓</span> Deteriorated <span class=\"computed-mark\">(computed)</span>"),
        "{senegal}"
    );
    assert!(senegal.contains("<dd>7 "), "{senegal}");
    assert!(senegal.contains("+950%) — large increase"), "{senegal}");
    // April has no event in the three months before it but itself: a
    // single event is too few to judge.
    let april = site.main("digest/2025-04/");
    assert!(april.contains("→</span> Unchanged"), "{april}");
    assert!(april.contains("too few to judge"), "{april}");
}

#[test]
fn a_country_page_shows_its_arrows_month_by_month_and_open_indicators() {
    let site = TestSite::fixture("tradecraft")
        .write(
            "content/watch/2025-06/mali.md",
            "---\ntrend: improved\n---\nCalm in June.\n",
        )
        .build();
    let mali = site.main("countries/mali/");
    let july = mali
        .find(r#"<a href="/digest/2025-07/"><time datetime="2025-07">July 2025</time></a>"#)
        .expect("July's arrow");
    let june = mali
        .find(r#"<a href="/digest/2025-06/"><time datetime="2025-06">June 2025</time></a>"#)
        .expect("June's arrow, with a digest of its own");
    assert!(july < june, "newest first");
    assert!(mali[july..june].contains("↓</span> Deteriorated"), "{mali}");
    assert!(mali[june..].contains("↑</span> Improved"), "{mali}");
    // Open indicators: not observed and unclear ones, with their brief.
    assert!(mali.contains("Local talks to lift the blockade"), "{mali}");
    assert!(mali.contains("Army reinforcements in Kayes"), "{mali}");
    assert!(
        !mali.contains("Convoys attacked beyond the border"),
        "an observed indicator is not open"
    );
    assert!(mali.contains(r#"<a href="/briefs/open-assessment/">Open assessment</a>"#));
    let senegal = site.main("countries/senegal/");
    assert!(!senegal.contains("country-trends"), "{senegal}");
    // The brief shows all its indicators as a table.
    let brief = site.main("briefs/open-assessment/");
    assert!(
        brief.contains(r#"<span class="status status-observed"><span class="status-glyph" aria-hidden="true">●</span> observed</span>"#),
        "{brief}"
    );
    assert!(brief.contains(r#"<time datetime="2025-07-24">24 July 2025</time>"#));
}

// ---------------------------------------------------------------------------
// Handling markings

/// Whether `text` names the restricted brief.
fn names_restricted(text: &str) -> bool {
    text.contains("restricted-assessment") || text.contains("Restricted assessment")
}

#[test]
fn a_marked_brief_stays_out_of_feeds_search_exports_and_the_sitemap() {
    let site = TestSite::fixture("tradecraft").build();
    for file in [
        "atom.xml",
        "tags/security/atom.xml",
        "countries/mali/atom.xml",
        "search-index.json",
        "sitemap.xml",
        "graph.json",
    ] {
        let text = site.file(file);
        assert!(
            !names_restricted(&text),
            "{file} names the AMBER brief:\n{text}"
        );
        assert!(
            text.contains("open-assessment") || text.contains("Open assessment"),
            "{file} lists the public brief:\n{text}"
        );
    }
    // Still built, marked at the top and bottom, and not indexed.
    let page = site.page("briefs/restricted-assessment/");
    assert_eq!(
        page.matches(r#"class="tlp tlp-amber""#).count(),
        2,
        "{page}"
    );
    assert!(page.contains(r#"<body class="section-briefs marked-amber">"#));
    assert!(page.contains(r#"<meta name="robots" content="noindex">"#));
    // Listed on the site's own pages, with its marking on its card.
    let index = site.main("briefs/");
    assert!(names_restricted(&index));
    assert!(index.contains(r#"<span class="tlp tlp-small tlp-amber">TLP:AMBER</span>"#));
    // The public brief is unmarked: no bar, indexed.
    let public = site.page("briefs/open-assessment/");
    assert!(!public.contains("marking-bar"), "{public}");
    assert!(!public.contains("noindex"));
}

#[test]
fn a_site_marked_green_publishes_no_feed_entry_search_entry_export_row_or_sitemap_url() {
    let site = TestSite::fixture("tradecraft")
        .write(
            "site.yaml",
            "title: \"T\"\nbase_url: \"https://example.org/\"\nlanguage: en\nmarking: TLP:GREEN\n",
        )
        .build();
    assert!(!site.file("atom.xml").contains("<entry>"));
    assert!(!site.file("sitemap.xml").contains("<url>"));
    assert_eq!(site.file("search-index.json"), "[]");
    assert_eq!(
        site.file("exports/events.csv").lines().count(),
        1,
        "the header only"
    );
    let graph: Value = serde_json::from_str(&site.file("graph.json")).expect("JSON");
    assert_eq!(graph["nodes"], Value::Array(Vec::new()));
    // Every page shows the site's marking.
    for url in [
        "",
        "countries/mali/",
        "digest/2025-07/",
        "briefs/open-assessment/",
    ] {
        assert!(
            site.page(url).contains(r#"class="tlp tlp-green""#),
            "{url} is not marked"
        );
    }
    // A brief may be stricter than the site, never less strict.
    let restricted = site.page("briefs/restricted-assessment/");
    assert!(restricted.contains(r#"class="tlp tlp-amber""#));
}

#[test]
fn a_red_brief_is_built_only_with_allow_red_and_check_agrees() {
    let site = TestSite::fixture("tradecraft").write(
        "content/briefs/restricted-assessment.md",
        "---\ntitle: \"Restricted assessment\"\ndate: 2025-07-26\nmarking: TLP:RED\nsources: [\"A dispatch\"]\n---\nEyes only.\n",
    );
    let refused = site.try_build(&[]);
    refused.expect_status(1);
    assert!(
        refused.stderr.contains(
            "content/briefs/restricted-assessment.md:4:10: error: the brief `briefs/restricted-assessment` is marked `TLP:RED`: it is built only with `--allow-red`"
        ),
        "{}",
        refused.stderr
    );
    assert!(!site.output().exists(), "nothing is written");
    site.run(&["check"]).expect_status(1);
    site.run(&["check", "--allow-red"]).expect_status(0);
    let site = site.build_with(&["--allow-red"]);
    assert!(
        site.page("briefs/restricted-assessment/")
            .contains(r#"class="tlp tlp-red""#)
    );
    assert!(!names_restricted(&site.file("sitemap.xml")));
    // A red site is refused once, at its own marking.
    let site = TestSite::fixture("tradecraft").write(
        "site.yaml",
        "title: \"T\"\nbase_url: \"https://example.org/\"\nmarking: TLP:RED\n",
    );
    let found = problems_in(&site, "site.yaml");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!((found[0].line, found[0].column), (3, 10));
    assert!(
        found[0]
            .message
            .contains("the whole site is marked `TLP:RED`")
    );
}
