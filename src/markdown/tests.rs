use super::*;

/// Renders with a resolver that knows `mali` and `actors/jnim` by their
/// destination, wherever they stand.
fn render(body: &str, unsafe_html: bool) -> String {
    let resolve = |_: usize, link: &Link| {
        let known = ["mali", "actors/jnim"];
        known.contains(&link.dest.as_str()).then(|| Resolved::Page {
            url: format!("/x/{}/", link.dest),
            title: format!("Title of {}", link.dest),
        })
    };
    to_html(
        body,
        &Render {
            unsafe_html,
            french: true,
            notes: ("Notes", "Back to the text"),
            table_label: "Table",
            task_labels: ("Done", "To do"),
            resolve: &resolve,
        },
    )
}

#[test]
fn finds_wiki_and_markdown_links_with_ranges() {
    let body = "See [[mali]] and [[jnim|le JNIM]] and [x](../actors/jnim.md).\n\n`[[code]]`";
    let links = links(body);
    let dests: Vec<&str> = links.iter().map(|l| l.dest.as_str()).collect();
    assert_eq!(dests, ["mali", "jnim", "../actors/jnim.md"]);
    assert_eq!(&body[links[0].range.clone()], "[[mali]]");
    assert_eq!(&body[links[1].range.clone()], "[[jnim|le JNIM]]");
    assert!(links[0].wiki && !links[2].wiki);
}

#[test]
fn links_are_resolved_by_where_they_start_not_by_their_rank() {
    // Issue #11: an external link before two wiki links took the first
    // one's target, and the last wiki link lost its link.
    let body = "See [the report](https://example.com/report) and [[mali]] and [[ecowas]].";
    let links = links(body);
    let starts: Vec<usize> = links.iter().map(|l| l.range.start).collect();
    let resolve = |start: usize, _: &Link| match start {
        s if s == starts[1] => Some(Resolved::Page {
            url: "/countries/mali/".to_string(),
            title: "Mali".to_string(),
        }),
        s if s == starts[2] => Some(Resolved::Page {
            url: "/actors/ecowas/".to_string(),
            title: "ECOWAS".to_string(),
        }),
        _ => None,
    };
    let html = to_html(
        body,
        &Render {
            unsafe_html: false,
            french: false,
            notes: ("Notes", "Back to the text"),
            table_label: "Table",
            task_labels: ("Done", "To do"),
            resolve: &resolve,
        },
    );
    assert_eq!(
        html,
        "<p>See <a href=\"https://example.com/report\">the report</a> and <a href=\"/countries/mali/\">Mali</a> and <a href=\"/actors/ecowas/\">ECOWAS</a>.</p>\n"
    );
}

#[test]
fn images_are_found_and_resolved_like_links() {
    let body = "![a map](/img/a.png \"Map\") and [[mali]]";
    let found = links(body);
    assert_eq!(found.len(), 2);
    assert!(found[0].image && !found[0].wiki);
    assert_eq!(found[0].dest, "/img/a.png");
    let start = found[0].range.start;
    let resolve = |s: usize, _: &Link| {
        (s == start).then(|| Resolved::Page {
            url: "/sub/img/a.png".to_string(),
            title: String::new(),
        })
    };
    let html = to_html(
        body,
        &Render {
            unsafe_html: false,
            french: false,
            notes: ("Notes", "Back to the text"),
            table_label: "Table",
            task_labels: ("Done", "To do"),
            resolve: &resolve,
        },
    );
    assert!(
        html.contains(r#"<img src="/sub/img/a.png" alt="a map" title="Map" decoding="async">"#),
        "{html}"
    );
}

#[test]
fn bare_wiki_links_show_the_target_title() {
    let html = render("See [[mali]].", false);
    assert!(
        html.contains(r#"<a href="/x/mali/">Title of mali</a>"#),
        "{html}"
    );
}

#[test]
fn piped_wiki_links_keep_their_label() {
    let html = render("[[actors/jnim|le JNIM]]", false);
    assert!(
        html.contains(r#"<a href="/x/actors/jnim/">le JNIM</a>"#),
        "{html}"
    );
}

#[test]
fn unlinked_targets_print_their_title_as_text() {
    let resolve = |_: usize, _: &Link| {
        Some(Resolved::Unlinked {
            title: "A draft".to_string(),
        })
    };
    let html = to_html(
        "See [[draft]] and [[draft|the draft]].",
        &Render {
            unsafe_html: false,
            french: false,
            notes: ("Notes", "Back to the text"),
            table_label: "Table",
            task_labels: ("Done", "To do"),
            resolve: &resolve,
        },
    );
    assert_eq!(html, "<p>See A draft and the draft.</p>\n");
}

#[test]
fn script_urls_are_not_linked() {
    let html = render(
        "[a](javascript:alert(1)) [b]( JavaScript:x) [c](data:text/html,x) [d](https://e.org/) ![e](javascript:x)",
        false,
    );
    assert!(!html.to_lowercase().contains("javascript:"), "{html}");
    assert!(!html.contains("data:"), "{html}");
    assert!(html.contains(r#"<a href="https://e.org/">d</a>"#), "{html}");
}

#[test]
fn raw_html_is_escaped_unless_allowed() {
    assert!(render("<script>x</script>\n", false).contains("&lt;script&gt;"));
    assert!(render("a <b>b</b>", true).contains("<b>b</b>"));
}

#[test]
fn headings_get_unique_ids() {
    let html = render("## Contexte\n\n## Contexte\n\n## Autre {#mine}\n", false);
    assert!(html.contains(r#"<h2 id="contexte">"#), "{html}");
    assert!(html.contains(r#"<h2 id="contexte-1">"#), "{html}");
    assert!(html.contains(r#"<h2 id="mine">"#), "{html}");
}

#[test]
fn headings_keep_clear_of_the_theme_ids() {
    let body = "## Main\n\n## Sources title\n\n## Header search\n";
    let html = render(body, false);
    assert!(html.contains(r#"<h2 id="main-1">"#), "{html}");
    assert!(html.contains(r#"<h2 id="sources-title-1">"#), "{html}");
    assert!(html.contains(r#"<h2 id="header-search-1">"#), "{html}");
}

#[test]
fn headings_get_the_ids_to_html_gives() {
    // A bare wiki link in a heading shows the target's title, but the id
    // comes from the text as written, in both functions.
    let body = "# Le rôle de [[mali]]\n\n## Contexte\n\n## Contexte\n\n### `code` et *texte* {#own}\n\n## Main\n";
    let ids: Vec<String> = headings(body).into_iter().map(|h| h.id).collect();
    assert_eq!(
        ids,
        ["le-role-de-mali", "contexte", "contexte-1", "own", "main-1"]
    );
    let html = render(body, false);
    for id in &ids {
        assert!(html.contains(&format!(" id=\"{id}\"")), "{id} in {html}");
    }
}

#[test]
fn gfm_tables_footnotes_tasks_and_strikethrough() {
    let html = render(
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n\n~~old~~ note[^1]\n\n[^1]: foot\n",
        false,
    );
    assert!(html.contains("<table>"));
    assert!(html.contains("checkbox"));
    assert!(html.contains("<del>old</del>"));
    assert!(html.contains("footnote"));
}

#[test]
fn footnotes_become_a_notes_section_with_links_both_ways() {
    let html = render(
        "A claim[^menace] and another[^2], then the first again[^menace].\n\n## Menace\n\n[^2]: Second.\n[^menace]: First note.\n[^unused]: Never called.\n",
        false,
    );
    assert!(html.contains(r#"<h2 id="menace">"#), "{html}");
    assert!(
        html.contains(r##"<sup class="footnote-ref"><a href="#fn:menace" id="fnref:menace:1" role="doc-noteref">1</a></sup>"##),
        "{html}"
    );
    assert!(
        html.contains(r##"<a href="#fn:2" id="fnref:2:1" role="doc-noteref">2</a>"##),
        "{html}"
    );
    assert!(
        html.contains(r##"id="fnref:menace:2" role="doc-noteref">1</a>"##),
        "{html}"
    );
    let notes = &html[html
        .find("<section class=\"footnotes\"")
        .expect("a notes section")..];
    assert!(notes.contains(r#"<h2 id="notes">Notes</h2>"#), "{notes}");
    // In the order first called, each with a way back to every call.
    let first = notes
        .find(r#"<li id="fn:menace">"#)
        .expect("the first note");
    let second = notes.find(r#"<li id="fn:2">"#).expect("the second note");
    assert!(first < second, "{notes}");
    assert!(notes.contains(r##"<a href="#fnref:menace:2" class="footnote-back" role="doc-backlink" aria-label="Back to the text 2">↩<sup>2</sup></a></p>"##), "{notes}");
    assert!(
        !notes.contains("Never called"),
        "a note never called is left out: {notes}"
    );
}

#[test]
fn french_quotes_use_guillemets() {
    // Inside « », a narrow no-break space (DESIGN §8, issue #15).
    assert!(render("Il a dit \"oui\".", false).contains("«\u{202F}oui\u{202F}»"));
}

// issue 15: French typography in text, not in code, URLs or attributes.
#[test]
fn french_spacing_reaches_text_and_spares_code_urls_and_alt_text() {
    let html = render(
        "Mali : blocus ; **JNIM**: suite ?\n\n`a : b` et <https://e.org/?q=1>\n\nvoir ![carte : Mali](/c.png \"t : x\") ici\n\n![fig : a](/d.png \"légende : b\")\n\n```\nx : y ?\n```\n",
        false,
    );
    assert!(
        html.contains(
            "Mali\u{202F}: blocus\u{202F}; <strong>JNIM</strong>\u{202F}: suite\u{202F}?"
        ),
        "{}",
        html.escape_debug()
    );
    assert!(html.contains("<code>a : b</code>"), "{html}");
    assert!(html.contains(">https://e.org/?q=1</a>"), "{html}");
    assert!(html.contains("alt=\"carte : Mali\""), "{html}");
    assert!(html.contains("title=\"t : x\""), "{html}");
    // An image alone in its paragraph is a figure: its caption is text.
    assert!(html.contains("alt=\"fig : a\""), "{html}");
    assert!(
        html.contains("<figcaption>légende\u{202F}: b</figcaption>"),
        "{html}"
    );
    assert!(html.contains("x : y ?"), "{html}");
}

#[test]
fn french_spacing_is_off_for_english_bodies() {
    let html = to_html(
        "Note: yes ?",
        &Render {
            unsafe_html: false,
            french: false,
            notes: ("Notes", "Back to the text"),
            table_label: "Table",
            task_labels: ("Done", "To do"),
            resolve: &|_, _| None,
        },
    );
    assert_eq!(html, "<p>Note: yes ?</p>\n");
}

#[test]
fn a_colon_after_a_link_or_emphasis_keeps_its_space_narrow() {
    // The space ends one text event, the colon starts the next.
    let html = render("Voir [[mali]] : la suite, et *ceci* : cela.", false);
    assert!(html.contains("</a>\u{202F}: la suite"), "{html}");
    assert!(html.contains("</em>\u{202F}: cela"), "{html}");
}

#[test]
fn tables_scroll_in_a_named_box() {
    let html = render("| a | b |\n|---|---|\n| 1 | 2 |\n", false);
    assert!(
        html.starts_with("<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"Table\">\n<table>"),
        "{html}"
    );
    assert!(html.trim_end().ends_with("</table>\n</div>"), "{html}");
}

#[test]
fn the_outline_lists_headings_as_shown_and_the_notes() {
    let how = Render {
        unsafe_html: false,
        french: true,
        notes: ("Notes", "Back to the text"),
        table_label: "Table",
        task_labels: ("Done", "To do"),
        resolve: &|_, _| None,
    };
    let (_, outline) = to_html_with_outline(
        "## Contexte : faits\n\n### Détail `x`\n\nTexte[^a].\n\n[^a]: Une note.\n",
        &how,
    );
    let shown: Vec<(u8, &str, &str)> = outline
        .iter()
        .map(|s| (s.level, s.id.as_str(), s.text.as_str()))
        .collect();
    assert_eq!(
        shown,
        [
            (2, "contexte-faits", "Contexte\u{202F}: faits"),
            (3, "detail-x", "Détail x"),
            (2, "notes", "Notes"),
        ]
    );
}

#[test]
fn task_list_boxes_are_named() {
    let html = render("- [x] fait\n- [ ] à faire\n", false);
    assert!(
        html.contains(r#"<li><input disabled="" type="checkbox" checked="" aria-label="Done"/>"#),
        "{html}"
    );
    assert!(
        html.contains(r#"<li><input disabled="" type="checkbox" aria-label="To do"/>"#),
        "{html}"
    );
}
