//! Nothing dropped in silence (issue #19): every input a site can hold is
//! built, or reported, or left out by a documented rule; and `check` finds
//! every clash `build` finds.

use std::fs;

use crate::support::TestSite;

/// Every kind of file dossier generates, as a static file would clash
/// with it.
const GENERATED: &[&str] = &[
    "countries/mali/index.html",
    "countries/mali/atom.xml",
    "atom.xml",
    "tags/securite/index.html",
    "tags/securite/atom.xml",
    "digest/2025-07/index.html",
    "briefs/page/2/index.html",
    "exports/events.csv",
    "graph.json",
    "search-index.json",
    "sitemap.xml",
    "assets/dossier.css",
];

#[test]
fn check_finds_every_static_file_that_would_replace_a_generated_one() {
    for generated in GENERATED {
        let site = TestSite::fixture("full")
            .write("site.yaml", "title: \"Veille Sahel\"\nbase_url: \"https://example.org/\"\nlanguage: fr\npaginate: 2\n")
            .write(&format!("static/{generated}"), "not ours");
        let check = site.run(&["check"]);
        let build = site.try_build(&[]);
        assert_eq!(check.status, 1, "{generated}: {}", check.stderr);
        assert_eq!(build.status, 1, "{generated}: {}", build.stderr);
        let line = format!("static/{generated}:1:1: error: invalid value for `static file`:");
        assert!(
            check.stderr.contains(&line),
            "{generated}: {}",
            check.stderr
        );
        assert!(
            build.stderr.contains(&line),
            "{generated}: {}",
            build.stderr
        );
    }
}

#[test]
fn hidden_static_files_are_copied_but_what_tools_leave_behind_is_not() {
    let site = TestSite::fixture("full")
        .write(
            "static/.well-known/security.txt",
            "Contact: mailto:desk@example.org\n",
        )
        .write("static/.nojekyll", "")
        .write("static/.htaccess", "Options -Indexes\n")
        .write("static/.DS_Store", "junk")
        .write("static/img/Thumbs.db", "junk")
        .write("static/.git/config", "[core]\n")
        .build();
    let files = site.output_files();
    for kept in [".well-known/security.txt", ".nojekyll", ".htaccess"] {
        assert!(files.contains_key(kept), "{kept} is copied");
    }
    for left in [".DS_Store", "img/Thumbs.db", ".git/config"] {
        assert!(!files.contains_key(left), "{left} is left out");
    }
}

#[test]
fn the_output_marker_cannot_be_a_static_file() {
    let site = TestSite::fixture("full").write("static/.dossier-output", "fake marker");
    let check = site.run(&["check"]);
    assert_eq!(check.status, 1);
    assert!(
        check.stderr.contains("static/.dossier-output:1:1: error:"),
        "{}",
        check.stderr
    );
}

#[cfg(unix)]
#[test]
fn a_template_override_that_is_a_link_inside_the_site_is_followed() {
    let site = TestSite::fixture("full").write(
        "shared/footer-page.html",
        "{% extends \"base.html\" %}{% block content %}<p>LINKED OVERRIDE</p>{% endblock content %}",
    );
    fs::create_dir_all(site.root().join("templates")).expect("mkdir");
    std::os::unix::fs::symlink(
        site.root().join("shared/footer-page.html"),
        site.root().join("templates/page.html"),
    )
    .expect("symlink");
    let site = site.build();
    assert!(site.page("a-propos/").contains("LINKED OVERRIDE"));
}

#[cfg(unix)]
#[test]
fn a_template_override_linked_from_outside_the_site_is_refused() {
    let site = TestSite::fixture("full");
    fs::write(
        site.parent().join("outside.html"),
        "{% extends \"base.html\" %}",
    )
    .expect("write");
    fs::create_dir_all(site.root().join("templates")).expect("mkdir");
    std::os::unix::fs::symlink(
        site.parent().join("outside.html"),
        site.root().join("templates/page.html"),
    )
    .expect("symlink");
    let check = site.run(&["check"]);
    assert_eq!(check.status, 1);
    assert!(
        check.stderr.contains("templates/page.html:1:1: error: cannot read this file: it is a link to a file outside the site"),
        "{}",
        check.stderr
    );
}

#[test]
fn a_new_partial_that_an_override_uses_is_no_misspelling() {
    let site = TestSite::fixture("full")
        .write("templates/partials/signature.html", "<p>SIGNED</p>")
        .write(
            "templates/page.html",
            "{% extends \"base.html\" %}{% block content %}{% include \"partials/signature.html\" %}{% endblock content %}",
        );
    let check = site.run(&["check"]);
    check.expect_status(0);
    assert!(!check.stderr.contains("templates/"), "{}", check.stderr);
    assert!(site.build().page("a-propos/").contains("SIGNED"));
}

#[test]
fn new_cuts_a_long_title_into_a_file_name_of_at_most_80_characters() {
    let site = TestSite::fixture("full");
    let title = "Le blocus du carburant ".repeat(14);
    let run = site.run(&["new", "brief", title.trim()]);
    run.expect_status(0);
    let path = run.stdout.trim();
    let name = std::path::Path::new(path)
        .file_stem()
        .expect("a file")
        .to_string_lossy()
        .into_owned();
    assert!(name.len() <= 80, "{name}");
    assert!(name.starts_with("le-blocus-du-carburant"), "{name}");
    assert!(!name.ends_with('-'), "{name}");
}
