//! What `build` keeps between runs (issue 17): the words of bodies in
//! `.<name>.dossier-cache/build/`. A build that uses it writes what a clean
//! build writes, and a cache file that is not exactly one dossier wrote is
//! ignored.

use std::fs;

use crate::support::TestSite;

/// The example site with one brief's body changed by `edit`.
fn edited(site: TestSite, edit: &str) -> TestSite {
    let brief = first_brief(&site);
    let text = fs::read_to_string(&brief).expect("readable");
    fs::write(&brief, format!("{}\n\n{edit}\n", text.trim_end())).expect("writable");
    site
}

/// The first French brief of `site`, by path: the one [`edited`] edits.
fn first_brief(site: &TestSite) -> std::path::PathBuf {
    fs::read_dir(site.root().join("content/briefs"))
        .expect("the example has briefs")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        // The French original, not a translation (`x.en.md`, issue 16),
        // whose words go to the English search.
        .filter(|p| {
            p.file_stem()
                .is_some_and(|s| !s.to_string_lossy().contains('.'))
        })
        .min()
        .expect("a brief")
}

#[test]
fn a_build_with_what_the_last_one_kept_writes_what_a_clean_build_writes() {
    let kept = TestSite::example().build();
    let words = kept.parent().join("site/.public.dossier-cache/build/words");
    assert!(words.is_file(), "the build keeps the words of bodies");
    let kept = edited(kept, "Une phrase nouvelle: hydrocarbures transfrontaliers.").build();
    let clean = edited(
        TestSite::example(),
        "Une phrase nouvelle: hydrocarbures transfrontaliers.",
    )
    .build();
    let search = "search-words.json";
    assert!(kept.file(search).contains("\"hydrocarbures\""));
    assert_eq!(kept.output_files(), clean.output_files());
    // A damaged file: ignored, the words are read again.
    let mut bytes = fs::read(&words).expect("kept");
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x55;
    fs::write(&words, &bytes).expect("writable");
    let kept = edited(kept, "Encore: gazoducs.").build();
    let clean = edited(
        edited(
            TestSite::example(),
            "Une phrase nouvelle: hydrocarbures transfrontaliers.",
        ),
        "Encore: gazoducs.",
    )
    .build();
    assert!(kept.file(search).contains("\"gazoducs\""));
    assert_eq!(kept.output_files(), clean.output_files());
}

/// A build cuts each body from memory once it has learnt its words, and
/// reads it again when a page needs it. A problem found later in a body
/// (here a link to no document, found while linking) is still reported
/// with its line quoted, as `check`, which keeps every body, quotes it.
#[test]
fn a_problem_in_a_released_body_is_quoted_as_check_quotes_it() {
    let site = edited(TestSite::example(), "Voir aussi [[Personne inexistante]].");
    let brief = first_brief(&site);
    let text = fs::read_to_string(&brief).expect("readable");
    let line = text
        .lines()
        .position(|l| l.contains("[[Personne inexistante]]"))
        .expect("the edit is there")
        + 1;
    let quoted = format!("{line} | Voir aussi [[Personne inexistante]].");
    let build = site.try_build(&[]);
    build.expect_status(1);
    let check = site.run(&["check"]);
    check.expect_status(1);
    let name = brief.file_name().expect("a name").to_string_lossy();
    for (command, run) in [("build", &build), ("check", &check)] {
        assert!(
            run.stderr.contains(&quoted) && run.stderr.contains(&format!("{name}:{line}:")),
            "{command} quotes line {line} of {name}:\n{}",
            run.stderr
        );
    }
}
