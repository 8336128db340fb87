//! The incremental build (issue 17, goal 1): a `build` keeps the files of
//! the previous one whose inputs did not change, and its output is byte
//! for byte what a clean build of the same site writes. The property test
//! below makes random sequences of edits (bodies, titles, dates, briefs
//! added and removed, `site.yaml`, the live output and the memo damaged by
//! hand), builds after each with what the last build kept, and compares
//! every file with a clean build into a new folder.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

use crate::support::{Run, TestSite, files_under};

/// One change between two builds.
#[derive(Debug, Clone)]
enum Edit {
    /// A paragraph added to the body of the `at`-th document, with a wiki
    /// link to the `link`-th document when there is one.
    Body { at: usize, link: Option<usize> },
    /// The title (or name) of the `at`-th document changed.
    Title { at: usize, n: usize },
    /// The date of the `at`-th document that has one changed.
    Date { at: usize, day: u32 },
    /// A new brief `n`, about the `country`-th country, with tag `n % 3`.
    AddBrief { n: usize, country: usize },
    /// Brief `n` removed, if it was added.
    RemoveBrief { n: usize },
    /// The site's title in `site.yaml` changed.
    SiteTitle { n: usize },
    /// A page of the live output changed by hand.
    Output { at: usize },
    /// A byte of the build's memo of the files made, or of its parse memo,
    /// changed.
    Memo { at: usize, parsed: bool },
    /// Nothing: the next build keeps every page.
    Nothing,
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        3 => (any::<usize>(), prop::option::of(any::<usize>()))
            .prop_map(|(at, link)| Edit::Body { at, link }),
        2 => (any::<usize>(), 0..4usize).prop_map(|(at, n)| Edit::Title { at, n }),
        1 => (any::<usize>(), 1..29u32).prop_map(|(at, day)| Edit::Date { at, day }),
        2 => (0..3usize, any::<usize>()).prop_map(|(n, country)| Edit::AddBrief { n, country }),
        1 => (0..3usize).prop_map(|n| Edit::RemoveBrief { n }),
        1 => (0..3usize).prop_map(|n| Edit::SiteTitle { n }),
        1 => any::<usize>().prop_map(|at| Edit::Output { at }),
        1 => (any::<usize>(), any::<bool>()).prop_map(|(at, parsed)| Edit::Memo { at, parsed }),
        1 => Just(Edit::Nothing),
    ]
}

/// The Markdown files of the site's `content/`, sorted.
fn documents(root: &Path) -> Vec<PathBuf> {
    files_under(&root.join("content"))
        .into_keys()
        .filter(|p| p.ends_with(".md"))
        .map(|p| root.join("content").join(p))
        .collect()
}

/// The slug a wiki link names a document by: its file name (or its
/// bundle's folder) without the language and `.md`.
fn slug(path: &Path) -> String {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let stem = name.split('.').next().unwrap().to_string();
    if stem == "index" {
        path.parent()
            .unwrap()
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned()
    } else {
        stem
    }
}

/// Replaces the value of the first front matter line starting with one of
/// `keys`; false when there is none.
fn set_field(path: &Path, keys: &[&str], value: &str) -> bool {
    let text = fs::read_to_string(path).unwrap();
    let mut done = false;
    let lines: Vec<String> = text
        .lines()
        .map(|line| match keys.iter().find(|k| line.starts_with(*k)) {
            Some(key) if !done => {
                done = true;
                format!("{key} {value}")
            }
            _ => line.to_string(),
        })
        .collect();
    if done {
        fs::write(path, lines.join("\n") + "\n").unwrap();
    }
    done
}

/// Makes `edit` in the site at `root`, whose output is `output`.
fn apply(edit: &Edit, root: &Path, output: &Path) {
    let docs = documents(root);
    let pick = |at: usize| &docs[at % docs.len()];
    match edit {
        Edit::Body { at, link } => {
            let doc = pick(*at);
            let mut text = fs::read_to_string(doc).unwrap();
            text.push_str("\n\nUn paragraphe ajouté sur les convois");
            if let Some(link) = link {
                text.push_str(&format!(" et [[{}]]", slug(pick(*link))));
            }
            text.push_str(".\n");
            fs::write(doc, text).unwrap();
        }
        Edit::Title { at, n } => {
            let title = format!("\"Titre changé {n}\"");
            set_field(pick(*at), &["title:", "name:"], &title);
        }
        Edit::Date { at, day } => {
            let dated: Vec<&PathBuf> = docs
                .iter()
                .filter(|d| {
                    fs::read_to_string(d)
                        .unwrap()
                        .lines()
                        .any(|l| l.starts_with("date: 20"))
                })
                .collect();
            if !dated.is_empty() {
                set_field(
                    dated[at % dated.len()],
                    &["date:"],
                    &format!("2024-03-{day:02}"),
                );
            }
        }
        Edit::AddBrief { n, country } => {
            let countries: Vec<String> = docs
                .iter()
                .filter(|d| d.parent().unwrap().ends_with("countries"))
                .filter(|d| {
                    d.file_name()
                        .unwrap()
                        .to_string_lossy()
                        .matches('.')
                        .count()
                        == 1
                })
                .map(|d| slug(d))
                .collect();
            let country = &countries[country % countries.len()];
            fs::write(
                root.join(format!("content/briefs/ajout-{n}.md")),
                format!(
                    "---\ntitle: \"Note ajoutée {n}\"\ndate: 2024-02-1{n}\ncountries: [{country}]\ntags: [\"Thème {}\"]\nsources:\n  - title: \"Source {n}\"\n    publisher: \"Agence\"\n---\n\nUne note ajoutée sur [[{country}]].\n",
                    n % 3
                ),
            )
            .unwrap();
        }
        Edit::RemoveBrief { n } => {
            let _ = fs::remove_file(root.join(format!("content/briefs/ajout-{n}.md")));
        }
        Edit::SiteTitle { n } => {
            set_field(
                &root.join("site.yaml"),
                &["title:"],
                &format!("\"Veille Sahel {n}\""),
            );
        }
        Edit::Output { at } => {
            let pages: Vec<String> = files_under(output)
                .into_keys()
                .filter(|p| p.ends_with(".html"))
                .collect();
            if !pages.is_empty() {
                let page = output.join(&pages[at % pages.len()]);
                let mut bytes = fs::read(&page).unwrap();
                bytes.extend_from_slice(b"<!-- changed by hand -->");
                fs::write(page, bytes).unwrap();
            }
        }
        Edit::Memo { at, parsed } => {
            let pages = memo_file(output);
            let memo = if *parsed {
                pages.with_file_name("parsed")
            } else {
                pages
            };
            if let Ok(mut bytes) = fs::read(&memo)
                && !bytes.is_empty()
            {
                let at = at % bytes.len();
                bytes[at] ^= 0x20;
                fs::write(memo, bytes).unwrap();
            }
        }
        Edit::Nothing => {}
    }
}

/// Where `build` keeps the files it made, for the output `output`.
fn memo_file(output: &Path) -> PathBuf {
    let name = output.file_name().unwrap().to_string_lossy();
    output
        .with_file_name(format!(".{name}.dossier-cache"))
        .join("build/pages")
}

/// Builds `site` into `output` with `extra` flags and `--timings`.
fn build(site: &TestSite, output: &Path, extra: &[&str]) -> Run {
    let output = output.to_string_lossy().into_owned();
    let mut args = vec!["build", "--output", output.as_str(), "--timings"];
    args.extend_from_slice(extra);
    site.run(&args)
}

/// How many files a build said it kept from the previous one.
fn kept(run: &Run) -> usize {
    run.stderr
        .lines()
        .find_map(|l| l.trim().strip_prefix("unchanged:"))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no count of kept files: {run:?}"))
}

/// What a clean build of the site writes, into a new folder beside it
/// (nothing kept from anything); `None` when the build fails.
fn clean(site: &TestSite) -> Option<BTreeMap<String, Vec<u8>>> {
    let output = site.parent().join("clean");
    for dir in ["clean", ".clean.dossier-spare", ".clean.dossier-cache"] {
        let _ = fs::remove_dir_all(site.parent().join(dir));
    }
    let run = build(site, &output, &["--clean"]);
    (run.status == 0).then(|| files_under(&output))
}

/// Runs `edits` on `fixture`, building after each; every build must write
/// what a clean build writes, and fail when it fails (leaving the output
/// as it was). Returns how many files the builds after `Nothing` kept.
fn run_edits(fixture: &str, edits: &[Edit]) -> Result<usize, TestCaseError> {
    let site = TestSite::fixture(fixture);
    let root = site.root();
    let output = site.output().to_path_buf();
    let first = build(&site, &output, &[]);
    prop_assert_eq!(first.status, 0, "{:?}", first);
    let mut kept_unchanged = 0;
    for (n, edit) in edits.iter().enumerate() {
        apply(edit, &root, &output);
        let before = files_under(&output);
        let run = build(&site, &output, &[]);
        let expected = clean(&site);
        match expected {
            Some(expected) => {
                prop_assert_eq!(run.status, 0, "after edit {} ({:?}): {:?}", n, edit, run);
                let got = files_under(&output);
                let differ: std::collections::BTreeSet<&String> = expected
                    .keys()
                    .chain(got.keys())
                    .filter(|p| expected.get(*p) != got.get(*p))
                    .collect();
                prop_assert!(
                    differ.is_empty(),
                    "after edit {} ({:?}), these files differ from a clean build: {:?}",
                    n,
                    edit,
                    differ
                );
                if matches!(edit, Edit::Nothing) {
                    kept_unchanged += kept(&run);
                }
            }
            None => {
                prop_assert_ne!(run.status, 0, "a clean build failed after edit {}", n);
                prop_assert!(
                    files_under(&output) == before,
                    "a failed build changed the output"
                );
            }
        }
    }
    Ok(kept_unchanged)
}

proptest! {
    #![proptest_config(ProptestConfig {
        // Each case runs two builds per edit: a few cases of many edits.
        cases: 6,
        max_shrink_iters: 32,
        ..ProptestConfig::default()
    })]

    #[test]
    fn a_build_that_keeps_pages_writes_what_a_clean_build_writes(
        edits in prop::collection::vec(edit(), 1..10),
        // `tradecraft` has months of `watch/`, whose bodies show in their
        // countries' pages and digests, and sources.
        fixture in prop::sample::select(vec!["full", "translations", "tradecraft"]),
    ) {
        run_edits(fixture, &edits)?;
    }
}

/// A sentence added to each document's body in turn (every other one
/// with a wiki link): a page that lists a document without showing its
/// body is kept, so each kind of document whose body shows elsewhere (a
/// month of `watch/` in its country's pages and digest, every body in the
/// words of search) must make those files again.
#[test]
fn a_body_edit_of_any_document_writes_what_a_clean_build_writes() {
    for fixture in ["full", "translations", "tradecraft"] {
        let site = TestSite::fixture(fixture);
        let count = documents(&site.root()).len();
        let edits: Vec<Edit> = (0..count)
            .map(|at| Edit::Body {
                at,
                link: (at % 2 == 1).then_some(at + 1),
            })
            .collect();
        if let Err(error) = run_edits(fixture, &edits) {
            panic!("{fixture}: {error}");
        }
    }
}

/// A body edit keeps the pages that only list the brief (its card shows
/// none of its body), and a free page's body edit every page whose footer
/// only shows its title: what is made again is the document's page, the
/// words of search, and for the free page the brief that links to it
/// (a link's card is the whole document but for briefs and events).
#[test]
fn a_body_edit_makes_only_the_files_that_show_the_body() {
    let site = TestSite::fixture("full");
    let root = site.root();
    let output = site.output().to_path_buf();
    build(&site, &output, &[]).expect_status(0);
    let docs = documents(&root);
    // Never kept: the output's marker and the theme's three assets.
    let keepable = files_under(&output).len() - 4;
    for (folder, made) in [("briefs", 2), ("pages", 3)] {
        let at = docs
            .iter()
            .position(|d| d.parent().unwrap().ends_with(folder))
            .unwrap();
        apply(&Edit::Body { at, link: None }, &root, &output);
        let run = build(&site, &output, &[]);
        run.expect_status(0);
        assert_eq!(
            kept(&run),
            keepable - made,
            "a body edit in {folder}/ kept {} of {keepable} files",
            kept(&run)
        );
    }
}

#[test]
fn a_build_after_no_change_keeps_every_page_and_after_an_edit_only_some() {
    let site = TestSite::fixture("full");
    let output = site.output().to_path_buf();
    build(&site, &output, &[]).expect_status(0);
    let pages = files_under(&output)
        .keys()
        .filter(|p| p.ends_with(".html"))
        .count();
    let again = build(&site, &output, &[]);
    again.expect_status(0);
    assert!(
        kept(&again) >= pages,
        "nothing changed, yet only {} of {pages} pages were kept",
        kept(&again)
    );
    apply(&Edit::Body { at: 0, link: None }, &site.root(), &output);
    let edited = build(&site, &output, &[]);
    edited.expect_status(0);
    assert!(
        kept(&edited) > 0 && kept(&edited) < kept(&again),
        "a body edit kept {} files",
        kept(&edited)
    );
    // `--clean` keeps nothing, and writes the same files.
    let before = files_under(&output);
    let clean = build(&site, &output, &["--clean"]);
    clean.expect_status(0);
    assert_eq!(kept(&clean), 0);
    assert!(files_under(&output) == before);
}

#[test]
fn a_damaged_or_foreign_memo_is_ignored() {
    let site = TestSite::fixture("full");
    let output = site.output().to_path_buf();
    build(&site, &output, &[]).expect_status(0);
    let memo = memo_file(&output);
    let bytes = fs::read(&memo).expect("the build keeps its memo");
    let expected = files_under(&output);
    for damaged in [
        bytes[..bytes.len() / 2].to_vec(),
        [bytes.as_slice(), b"x"].concat(),
        b"dossier pages 0\n".to_vec(),
        Vec::new(),
    ] {
        fs::write(&memo, &damaged).unwrap();
        // Without the record of an unchanged site, the build runs (and
        // reads the memo) instead of finding nothing to do.
        let _ = fs::remove_file(memo.with_file_name("unchanged"));
        let run = build(&site, &output, &[]);
        run.expect_status(0);
        assert_eq!(kept(&run), 0, "a damaged memo was trusted");
        assert!(files_under(&output) == expected);
    }
}

/// What a run printed, without the figures of `--timings`.
fn problems(run: &Run) -> String {
    run.stderr
        .lines()
        .filter(|l| {
            !l.ends_with(" ms")
                && !l.ends_with("files kept from the previous build")
                && !l.ends_with("texts read from the previous build's parse")
                && !l.ends_with("the others unchanged since the previous build")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The figures of the line of `--timings` that starts with `label`.
fn figures(run: &Run, label: &str) -> Vec<usize> {
    let line = run
        .stderr
        .lines()
        .find_map(|l| l.trim().strip_prefix(label))
        .unwrap_or_else(|| panic!("no line `{label}`: {run:?}"));
    line.split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect()
}

/// How many texts a build said it read from the parse memo, of how many.
fn parsed(run: &Run) -> (usize, usize) {
    let numbers = figures(run, "parsed:");
    (numbers[0], numbers[1])
}

/// How many documents' files a build said it knew from the previous one,
/// and how many it read.
fn read(run: &Run) -> (usize, usize) {
    let numbers = figures(run, "read:");
    (numbers[1] - numbers[0], numbers[0])
}

/// Lets the file system's clock pass the tick in which the fixture was
/// copied: a file changed in the tick a build begins is read again by the
/// next build, whatever its stamp says.
fn tick() {
    std::thread::sleep(std::time::Duration::from_millis(30));
}

/// The parse memo (links of bodies, YAML of front matters, by the hash of
/// their text) must not change a word of a report or a byte of output: a
/// build that reads it says and writes what the build that made it did,
/// on every fixture with problems in its content, and on the bilingual one.
#[test]
fn a_build_that_reads_the_parse_memo_reports_and_writes_what_a_clean_one_does() {
    let invalid = fs::read_dir(crate::support::fixtures().join("invalid")).unwrap();
    let mut fixtures: Vec<String> = invalid
        .map(|e| format!("invalid/{}", e.unwrap().file_name().to_string_lossy()))
        .collect();
    fixtures.sort();
    fixtures.extend(["warnings", "translations", "full"].map(String::from));
    for fixture in &fixtures {
        let site = TestSite::fixture(fixture);
        let output = site.output().to_path_buf();
        // As if an earlier build into this output had succeeded: a build
        // that fails keeps its parse only beside an output it knows.
        fs::create_dir_all(memo_file(&output).parent().unwrap()).unwrap();
        tick();
        let first = build(&site, &output, &["--clean"]);
        assert_eq!(parsed(&first).0, 0, "{fixture}: `--clean` reads no memo");
        let made = files_under(&output);
        let _ = fs::remove_file(memo_file(&output).with_file_name("unchanged"));
        let second = build(&site, &output, &[]);
        assert_eq!(second.status, first.status, "{fixture}: {second:?}");
        assert_eq!(problems(&second), problems(&first), "{fixture}");
        assert!(
            files_under(&output) == made,
            "{fixture}: the output changed"
        );
        let (recalled, all) = parsed(&second);
        assert_eq!(all, parsed(&first).1, "{fixture}: the same texts");
        assert!(
            all == 0 || recalled > 0,
            "{fixture}: the memo was not read: {second:?}"
        );
        // The files themselves: those cut to their front matter last time
        // are known by their stamp, and not read again.
        let (known, read_again) = read(&second);
        assert_eq!(known + read_again, read(&first).0 + read(&first).1);
        if ["warnings", "translations", "full"].contains(&fixture.as_str()) {
            assert!(known > read_again, "{fixture}: {second:?}");
        }
    }
}

/// A file whose stamp did not change since the last build is not read
/// again (issue 17: "re-reads only changed files"); one edited is, even
/// with its length and modification time as they were (its change time
/// moved), and the output is what a clean build writes.
#[test]
fn a_build_reads_again_only_the_files_changed_since_the_last() {
    let site = TestSite::fixture("translations");
    let output = site.output().to_path_buf();
    tick();
    // The first build into a new output has no cache folder to read the
    // file system's clock in: it keeps no file for the next.
    let first = build(&site, &output, &[]);
    first.expect_status(0);
    assert_eq!(read(&first).0, 0);
    let unchanged = memo_file(&output).with_file_name("unchanged");
    let _ = fs::remove_file(&unchanged);
    let second = build(&site, &output, &[]);
    assert_eq!(read(&second).0, 0, "{second:?}");
    let _ = fs::remove_file(&unchanged);
    let steady = build(&site, &output, &[]);
    steady.expect_status(0);
    let (known, read_before) = read(&steady);
    assert!(known > 10, "{steady:?}");
    // A word of the same length, the modification time set back.
    let brief = documents(&site.root())
        .into_iter()
        .find(|p| p.to_string_lossy().contains("briefs/") && !p.to_string_lossy().contains(".en."))
        .expect("a brief");
    let text = fs::read_to_string(&brief).unwrap();
    let at = 3 + text[3..].find("\n---\n").expect("a front matter") + 5;
    let word = text[at..]
        .split_whitespace()
        .find(|w| w.len() >= 4 && w.chars().all(|c| c.is_ascii_alphabetic()))
        .expect("a word in the body");
    let edited = text[..at].to_string() + &text[at..].replacen(word, &"x".repeat(word.len()), 1);
    assert_eq!(edited.len(), text.len());
    let modified = fs::metadata(&brief).unwrap().modified().unwrap();
    fs::write(&brief, &edited).unwrap();
    fs::File::options()
        .write(true)
        .open(&brief)
        .unwrap()
        .set_modified(modified)
        .unwrap();
    let _ = fs::remove_file(&unchanged);
    let after = build(&site, &output, &[]);
    after.expect_status(0);
    assert_eq!(read(&after), (known - 1, read_before + 1), "{after:?}");
    let expected = clean(&site).expect("the site builds");
    assert!(files_under(&output) == expected, "the edit was not seen");
    let page = files_under(&output).into_iter().find(|(path, bytes)| {
        path.ends_with("index.html")
            && String::from_utf8_lossy(bytes).contains(&"x".repeat(word.len()))
    });
    assert!(page.is_some(), "no page shows the edited body");
}

/// A build goes on from the stats it compared with the last build's
/// record, taken before it read anything: a file is recalled from the
/// read memo by them, not statted again. A title saved after them is not
/// in that build (it shows the file as those stats found it, kept by the
/// read memo); the record of that build keeps those stats, so the next
/// build finds the site changed, and shows the title.
///
/// In this process, as `dossier build` does it: memos are kept for the
/// program that made them, and the CLI is another.
#[test]
fn a_build_reads_files_as_its_first_stats_found_them_and_the_next_sees_what_changed_since() {
    use dossier::unchanged::{Record, Said};
    let site = TestSite::fixture("translations");
    let root = site.root();
    let output = site.output().to_path_buf();
    let overrides = dossier::config::Overrides {
        image_cache: Some(dossier::config::ImageCache {
            dir: dossier::output::image_cache(&output),
            write: true,
            trust: true,
        }),
        ..Default::default()
    };
    let said = || Said {
        plain: String::new(),
        colored: String::new(),
        pages: 0,
        files: 0,
    };
    let brief = documents(&root)
        .into_iter()
        .find(|p| p.to_string_lossy().contains("briefs/") && !p.to_string_lossy().contains(".en."))
        .expect("a brief");
    // A title of the same length: the body stays where it was, and the
    // build reads what it shows of the body again without finding the
    // file changed.
    let old = fs::read_to_string(&brief).unwrap();
    let old = old
        .lines()
        .find_map(|l| l.strip_prefix("title: "))
        .expect("a title")
        .to_string();
    let title = format!("{:x<width$}", "Nouveau titre ", width = old.len());
    let shows = |bytes: &[u8]| String::from_utf8_lossy(bytes).contains(&title);
    // Builds into memory; the files read, what it recalled, and whether
    // a page shows the title.
    let build = |seen: Option<&dossier::unchanged::Seen>| {
        let built = dossier::build_into(&root, &overrides, seen, || {
            Ok(std::sync::Mutex::new(dossier::render::Pages::new()))
        });
        assert!(
            !built.diagnostics.has_errors(),
            "{}",
            dossier::diagnostic::human(&built.diagnostics, &built.sources, false)
        );
        let read: Vec<PathBuf> = built
            .sources
            .files()
            .map(|(p, _)| p.to_path_buf())
            .collect();
        let pages = built.pages.expect("rendered").into_inner().unwrap();
        (read, built.read.0, pages.values().any(|b| shows(b)))
    };
    tick();
    // The second build is the first to keep stamps, the third to find
    // them.
    build(None);
    build(None);
    let began = std::time::SystemTime::now();
    let (read, recalled, _) = build(None);
    assert!(recalled > 5, "files recalled: {recalled}");
    let record = Record::of(&root, read.into_iter(), "s", began, said(), None)
        .expect("nothing changed while the build ran");
    tick();
    let began = std::time::SystemTime::now();
    let (same, seen) = record.still(&root, "s");
    assert!(same);
    assert!(set_field(&brief, &["title:"], &title));
    let (read, recalled_then, shown) = build(Some(&seen));
    assert_eq!(recalled_then, recalled, "a file was statted again");
    assert!(!shown, "the title saved after the build's stats was shown");
    let record = Record::of(&root, read.into_iter(), "s", began, said(), Some(&seen))
        .expect("recorded from the stats taken before the build");
    let (same, seen) = record.still(&root, "s");
    assert!(!same, "the next build did not find the site changed");
    let (_, recalled_next, shown) = build(Some(&seen));
    assert!(shown, "the next build did not show the title");
    assert_eq!(recalled_next, recalled - 1);
}

/// A build refused for its output, or failing on its content, writes no
/// parse memo beside an output that no build made (nothing appears beside
/// a folder dossier does not own); one that succeeds does.
#[test]
fn the_parse_memo_is_kept_only_beside_an_output_dossier_owns() {
    let site = TestSite::fixture("invalid/broken-wiki-link");
    let output = site.output().to_path_buf();
    let failed = build(&site, &output, &[]);
    assert_eq!(failed.status, 1);
    let memo = memo_file(&output).with_file_name("parsed");
    assert!(!memo.exists(), "a failed first build kept its parse");
    let site = TestSite::fixture("full");
    let output = site.output().to_path_buf();
    build(&site, &output, &[]).expect_status(0);
    assert!(memo_file(&output).with_file_name("parsed").exists());
}

/// Whether a build said it found nothing changed and did nothing.
fn did_nothing(run: &Run) -> bool {
    run.stdout.contains("nothing changed since the last build")
}

#[test]
fn a_build_of_a_site_that_did_not_change_does_nothing_and_says_what_the_last_said() {
    let site = TestSite::fixture("warnings");
    let output = site.output().to_path_buf();
    let first = build(&site, &output, &[]);
    first.expect_status(0);
    assert!(!did_nothing(&first));
    let expected = files_under(&output);
    let again = build(&site, &output, &[]);
    again.expect_status(0);
    assert!(did_nothing(&again), "{again:?}");
    assert!(first.stderr.contains("warning"), "the fixture has warnings");
    assert_eq!(
        problems(&again),
        problems(&first),
        "the same warnings again"
    );
    assert!(files_under(&output) == expected);
    // `--deny-warnings` is another command: it runs, and fails.
    let denied = build(&site, &output, &["--deny-warnings"]);
    assert_eq!(denied.status, 1);
    assert!(!did_nothing(&denied));
    // `--clean` makes everything again.
    let clean = build(&site, &output, &["--clean"]);
    clean.expect_status(0);
    assert!(!did_nothing(&clean));
}

#[test]
fn an_edit_of_the_site_or_of_the_output_makes_the_next_build_run() {
    let site = TestSite::fixture("full");
    let root = site.root();
    let output = site.output().to_path_buf();
    build(&site, &output, &[]).expect_status(0);
    assert!(did_nothing(&build(&site, &output, &[])));
    // A brief edited to the same length, its modification time put back.
    let brief = root.join("content/briefs/cedeao-retrait.md");
    let text = fs::read_to_string(&brief).unwrap();
    let mtime = fs::metadata(&brief).unwrap().modified().unwrap();
    let edited = text.replacen("a quitté", "a quittë", 1);
    assert_ne!(edited, text);
    fs::write(&brief, &edited).unwrap();
    fs::File::options()
        .write(true)
        .open(&brief)
        .unwrap()
        .set_modified(mtime)
        .unwrap();
    let run = build(&site, &output, &[]);
    run.expect_status(0);
    assert!(
        !did_nothing(&run),
        "an edit with its time put back was missed"
    );
    assert!(
        String::from_utf8_lossy(&files_under(&output)["briefs/cedeao-retrait/index.html"])
            .contains("a quittë")
    );
    assert!(did_nothing(&build(&site, &output, &[])));
    // A file added to the output by hand, then a page changed by hand.
    fs::write(output.join("briefs/stray.html"), "by hand").unwrap();
    let run = build(&site, &output, &[]);
    assert!(!did_nothing(&run));
    assert!(!output.join("briefs/stray.html").exists());
    assert!(did_nothing(&build(&site, &output, &[])));
    let page = output.join("index.html");
    let mut bytes = fs::read(&page).unwrap();
    bytes.extend_from_slice(b"<!-- by hand -->");
    fs::write(&page, bytes).unwrap();
    let run = build(&site, &output, &[]);
    assert!(!did_nothing(&run));
    assert!(!String::from_utf8_lossy(&fs::read(&page).unwrap()).contains("by hand"));
    // A new file in `content/`, never read before.
    assert!(did_nothing(&build(&site, &output, &[])));
    fs::write(
        root.join("content/briefs/nouvelle.md"),
        "---\ntitle: \"Nouvelle\"\ndate: 2024-05-01\nsources:\n  - title: \"S\"\n    publisher: \"P\"\n---\n\nTexte.\n",
    )
    .unwrap();
    let run = build(&site, &output, &[]);
    run.expect_status(0);
    assert!(!did_nothing(&run));
    assert!(output.join("briefs/nouvelle/index.html").is_file());
}
