//! Dates and history from git (DESIGN §3, §7; issue 5): a brief's `updated`
//! from its last commit, its revision history and edit link, and the
//! fallbacks: uncommitted files, shallow clones, no git at all.
//!
//! Every test makes a real repository in a temporary folder and commits at
//! fixed dates, with git isolated from the user's own configuration.

use std::path::Path;
use std::process::Command;

use crate::support::{TestSite, attribute_values, differences};

/// Runs git in `dir` with fixed author and committer dates, isolated from
/// the system's and the user's configuration; returns its standard output.
pub(crate) fn git_at(dir: &Path, date: &str, args: &[&str]) -> String {
    let output = Command::new("git")
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .args([
            "-c",
            "user.name=Analyst",
            "-c",
            "user.email=analyst@example.org",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .output()
        .expect("git runs");
    assert!(
        output.status.success(),
        "git {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("git prints UTF-8")
}

pub(crate) fn git(dir: &Path, args: &[&str]) -> String {
    git_at(dir, "2000-01-01T00:00:00+00:00", args)
}

/// Commits every change under `dir` at `date` (`2024-02-01T12:00:00+00:00`).
pub(crate) fn commit(dir: &Path, date: &str, message: &str) -> String {
    git(dir, &["add", "-A"]);
    git_at(dir, date, &["commit", "-q", "-m", message]);
    git(dir, &["rev-parse", "HEAD"]).trim().to_string()
}

/// The `git` fixture with a repository at its root.
fn repository() -> TestSite {
    let site = TestSite::fixture("git");
    git(&site.root(), &["init", "-q"]);
    site
}

/// The revision history of a brief page: `(datetime, text of the item)`.
fn history(site: &TestSite, url: &str) -> Vec<(String, String)> {
    let html = site.main(url);
    let Some(start) = html.find("id=\"history-title\"") else {
        return Vec::new();
    };
    let section = &html[start..start + html[start..].find("</section>").expect("closed")];
    section
        .split("<li>")
        .skip(1)
        .map(|item| {
            let item = &item[..item.find("</li>").expect("closed item")];
            let date = attribute_values(item, "datetime").concat();
            let text = strip_tags(item);
            (date, text)
        })
        .collect()
}

fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The `datetime` of the "Updated" line of a brief, if any.
fn updated(site: &TestSite, url: &str) -> Option<String> {
    let html = site.main(url);
    let at = html.find("Updated <time")?;
    attribute_values(&html[at..], "datetime").into_iter().next()
}

#[test]
fn updated_comes_from_the_last_commit_touching_the_file() {
    let site = repository();
    let root = site.root();
    commit(&root, "2024-02-01T12:00:00+00:00", "Add briefs");
    std::fs::write(
        root.join("content/briefs/a.md"),
        std::fs::read_to_string(root.join("content/briefs/a.md")).unwrap() + "More.\n",
    )
    .unwrap();
    commit(&root, "2024-03-05T09:00:00+00:00", "Expand brief A");
    let site = site.build();
    assert_eq!(updated(&site, "briefs/a/").as_deref(), Some("2024-03-05"));
    assert_eq!(updated(&site, "briefs/b/").as_deref(), Some("2024-02-01"));
    assert!(site.main("briefs/a/").contains("5 March 2024"));
}

#[test]
fn updated_is_the_authors_day_whatever_the_builders_time_zone() {
    let site = repository();
    // 23:30 in New York is already the next day in UTC and in Tokyo.
    commit(&site.root(), "2024-03-05T23:30:00-05:00", "Late edit");
    for tz in ["UTC", "Asia/Tokyo", "America/Los_Angeles"] {
        site.run_with(&["build"], &[("TZ", tz)]).expect_status(0);
        assert_eq!(
            updated(&site, "briefs/a/").as_deref(),
            Some("2024-03-05"),
            "TZ={tz}"
        );
    }
}

#[test]
fn front_matter_updated_wins_over_git() {
    let site = repository().write(
        "content/briefs/a.md",
        "---\ntitle: \"Brief A\"\ndate: 2024-01-10\nupdated: 2024-01-20\ncountries: [mali]\nsources: [\"A dispatch\"]\n---\nBody.\n",
    );
    commit(&site.root(), "2024-03-05T09:00:00+00:00", "Add");
    let site = site.build();
    assert_eq!(updated(&site, "briefs/a/").as_deref(), Some("2024-01-20"));
}

/// The date of last change of brief `slug`, as each place that shows it
/// says: the byline, the JSON-LD, the sitemap and the site's Atom feed.
fn last_changes(site: &TestSite, slug: &str) -> [Option<String>; 4] {
    let url = format!("briefs/{slug}/");
    let page = site.page(&url);
    let json_ld = page
        .split("\"dateModified\":\"")
        .nth(1)
        .map(|rest| rest[..10].to_string());
    let sitemap = site.file("sitemap.xml");
    let entry = sitemap
        .split("<url>")
        .find(|u| u.contains(&format!("/{url}</loc>")))
        .and_then(|u| u.split("<lastmod>").nth(1))
        .map(|rest| rest[..10].to_string());
    let feed = site.file("atom.xml");
    let atom = feed
        .split("<entry>")
        .find(|e| e.contains(&format!("/{url}\"")))
        .and_then(|e| e.split("<updated>").nth(1))
        .map(|rest| rest[..10].to_string());
    let byline = updated(site, &url).or_else(|| {
        // No "Updated" line: the brief has not changed since its date.
        attribute_values(&site.main(&url), "datetime")
            .into_iter()
            .next()
    });
    [byline, json_ld, entry, atom]
}

#[test]
fn one_date_of_last_change_everywhere() {
    // Issue #11: the byline came from git, the sitemap and Atom from the
    // front matter, so they disagreed.
    let site = repository().write(
        "content/briefs/b.md",
        "---\ntitle: \"Brief B\"\ndate: 2024-01-10\nupdated: 2024-01-20\ncountries: [mali]\nsources: [\"Another dispatch\"]\n---\nAlso about Mali.\n",
    );
    commit(&site.root(), "2024-03-05T09:00:00+00:00", "Add");
    let site = site.build();
    let from_git = Some("2024-03-05".to_string());
    assert_eq!(
        last_changes(&site, "a"),
        [
            from_git.clone(),
            from_git.clone(),
            from_git.clone(),
            from_git
        ]
    );
    let from_front_matter = Some("2024-01-20".to_string());
    assert_eq!(
        last_changes(&site, "b"),
        [
            from_front_matter.clone(),
            from_front_matter.clone(),
            from_front_matter.clone(),
            from_front_matter
        ]
    );
}

#[test]
fn a_commit_before_the_publication_date_is_no_update() {
    let site = repository();
    commit(&site.root(), "2024-01-05T09:00:00+00:00", "Drafted early");
    let site = site.build();
    assert_eq!(updated(&site, "briefs/a/"), None);
    assert_eq!(
        history(&site, "briefs/a/").len(),
        1,
        "the commit is still history"
    );
}

#[test]
fn history_shows_the_last_five_commits_newest_first_linked_to_the_forge() {
    let site = repository();
    let root = site.root();
    let mut hashes = Vec::new();
    for day in 1..=7 {
        std::fs::write(
            root.join("content/briefs/a.md"),
            format!(
                "---\ntitle: \"Brief A\"\ndate: 2024-01-10\ncountries: [mali]\nsources: [\"A dispatch\"]\n---\nVersion {day}.\n"
            ),
        )
        .unwrap();
        hashes.push(commit(
            &root,
            &format!("2024-02-{day:02}T10:00:00+00:00"),
            &format!("Revise A, take {day}"),
        ));
    }
    let site = site.build();
    let shown = history(&site, "briefs/a/");
    let expected: Vec<(String, String)> = (3..=7)
        .rev()
        .map(|day| {
            (
                format!("2024-02-{day:02}"),
                format!(
                    "{day} February 2024 Revise A, take {day} {}",
                    &hashes[day - 1][..7]
                ),
            )
        })
        .collect();
    assert_eq!(shown, expected);
    let main = site.main("briefs/a/");
    let links = attribute_values(&main, "href");
    for hash in &hashes[2..] {
        let url = format!("https://github.com/org/briefs/commit/{hash}");
        assert!(links.contains(&url), "no link {url} in {links:?}");
    }
    assert!(
        links.contains(&"https://github.com/org/briefs/edit/HEAD/content/briefs/a.md".to_string()),
        "{links:?}"
    );
    // Brief B was committed once, in the first commit.
    let b = history(&site, "briefs/b/");
    assert_eq!(b.len(), 1);
    assert!(b[0].1.contains("Revise A, take 1"), "{b:?}");
}

#[test]
fn french_site_titles_the_history_in_french() {
    let site = repository().write(
        "site.yaml",
        "title: \"Veille\"\nbase_url: \"https://example.org/\"\nlanguage: fr\n",
    );
    commit(&site.root(), "2024-02-01T10:00:00+00:00", "Ajout");
    let site = site.build();
    let main = site.main("briefs/a/");
    assert!(main.contains("Historique des révisions"), "{main}");
    assert!(main.contains("1er février 2024"), "{main}");
    // No repo_url: no links to commits, no edit link.
    assert!(!main.contains("/commit/"), "{main}");
    assert!(!main.contains("Modifier cette page"), "{main}");
}

#[test]
fn gitlab_links_use_its_dash_routes() {
    let site = repository().write(
        "site.yaml",
        "title: \"Git Watch\"\nbase_url: \"https://example.org/\"\nlanguage: en\nrepo_url: \"https://gitlab.example.org/org/briefs.git/\"\n",
    );
    let hash = commit(&site.root(), "2024-02-01T10:00:00+00:00", "Add");
    let site = site.build();
    let links = attribute_values(&site.main("briefs/a/"), "href");
    assert!(
        links.contains(&format!(
            "https://gitlab.example.org/org/briefs/-/commit/{hash}"
        )),
        "{links:?}"
    );
    assert!(
        links.contains(
            &"https://gitlab.example.org/org/briefs/-/edit/HEAD/content/briefs/a.md".to_string()
        ),
        "{links:?}"
    );
}

#[test]
fn a_site_in_a_subfolder_edits_its_path_in_the_repository() {
    let site = TestSite::fixture("git");
    // The repository is the folder holding the site root, `site/`.
    git(site.parent(), &["init", "-q"]);
    commit(site.parent(), "2024-02-01T10:00:00+00:00", "Add the site");
    let site = site.build();
    assert_eq!(updated(&site, "briefs/a/").as_deref(), Some("2024-02-01"));
    let links = attribute_values(&site.main("briefs/a/"), "href");
    assert!(
        links.contains(
            &"https://github.com/org/briefs/edit/HEAD/site/content/briefs/a.md".to_string()
        ),
        "{links:?}"
    );
}

#[test]
fn an_uncommitted_file_falls_back_to_its_front_matter() {
    let site = repository();
    commit(&site.root(), "2024-02-01T10:00:00+00:00", "Add");
    let site = site.write(
        "content/briefs/c.md",
        "---\ntitle: \"Brief C\"\ndate: 2024-01-10\ncountries: [mali]\nsources: [\"S\"]\n---\nNew.\n",
    );
    let site = site.build();
    assert_eq!(updated(&site, "briefs/c/"), None);
    assert!(history(&site, "briefs/c/").is_empty());
    assert!(!site.main("briefs/c/").contains("Edit this page"));
    assert_eq!(updated(&site, "briefs/a/").as_deref(), Some("2024-02-01"));
}

#[test]
fn a_repository_without_commits_builds_without_history() {
    let site = repository().build();
    assert!(history(&site, "briefs/a/").is_empty());
    assert_eq!(updated(&site, "briefs/a/"), None);
}

#[test]
fn a_site_outside_any_repository_builds_without_history() {
    let site = TestSite::fixture("git").build();
    assert!(history(&site, "briefs/a/").is_empty());
    assert!(!site.main("briefs/a/").contains("Edit this page"));
}

#[test]
fn without_git_installed_the_site_builds_without_history() {
    let site = repository();
    commit(&site.root(), "2024-02-01T10:00:00+00:00", "Add");
    let empty = tempfile::tempdir().unwrap();
    let run = site.run_with(
        &["build"],
        &[("PATH", empty.path().to_str().expect("UTF-8 path"))],
    );
    run.expect_status(0);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    assert!(history(&site, "briefs/a/").is_empty());
    assert_eq!(updated(&site, "briefs/a/"), None);
    // The same site, with git on the PATH, has its history: the test above
    // did remove git.
    site.run(&["build"]).expect_status(0);
    assert_eq!(history(&site, "briefs/a/").len(), 1);
}

/// A repository where `a.md` was last changed in the first commit and
/// `b.md` in the second.
fn two_commits() -> TestSite {
    let site = repository();
    let root = site.root();
    commit(&root, "2024-02-01T10:00:00+00:00", "Add briefs");
    std::fs::write(
        root.join("content/briefs/b.md"),
        std::fs::read_to_string(root.join("content/briefs/b.md")).unwrap() + "More.\n",
    )
    .unwrap();
    commit(&root, "2024-03-01T10:00:00+00:00", "Expand B");
    site
}

/// A `git clone --depth N` of a site's repository, as a test site.
fn shallow_clone(site: &TestSite, depth: u32) -> TestSite {
    let into = tempfile::tempdir().unwrap();
    let clone = into.path().join("clone");
    let url = format!("file://{}", site.root().display());
    git(
        into.path(),
        &[
            "clone",
            "-q",
            "--depth",
            &depth.to_string(),
            &url,
            clone.to_str().expect("UTF-8 path"),
        ],
    );
    TestSite::from_dir(&clone)
}

#[test]
fn a_depth_one_clone_builds_without_history() {
    let site = two_commits();
    let clone = shallow_clone(&site, 1).build();
    // The only commit is the clone's boundary: it seems to add every file,
    // so it dates none of them.
    assert!(history(&clone, "briefs/a/").is_empty());
    assert!(history(&clone, "briefs/b/").is_empty());
    assert_eq!(updated(&clone, "briefs/b/"), None);
}

#[test]
fn a_shallow_clone_dates_only_what_its_commits_changed() {
    let site = two_commits();
    let clone = shallow_clone(&site, 2).build();
    assert_eq!(updated(&clone, "briefs/b/").as_deref(), Some("2024-03-01"));
    assert_eq!(history(&clone, "briefs/b/").len(), 1);
    // `a.md` was last changed in the boundary commit: unknown, so front matter.
    assert_eq!(updated(&clone, "briefs/a/"), None);
    assert!(history(&clone, "briefs/a/").is_empty());
    // A full clone knows both.
    let full = shallow_clone(&site, 10).build();
    assert_eq!(updated(&full, "briefs/a/").as_deref(), Some("2024-02-01"));
    assert_eq!(history(&full, "briefs/b/").len(), 2);
}

#[test]
fn two_clones_of_the_same_commit_build_byte_identical_sites() {
    let site = two_commits();
    let one = shallow_clone(&site, 10);
    let two = shallow_clone(&site, 10);
    one.run_with(&["build"], &[("TZ", "UTC")]).expect_status(0);
    two.run_with(&["build"], &[("TZ", "Pacific/Kiritimati")])
        .expect_status(0);
    assert_eq!(updated(&one, "briefs/b/").as_deref(), Some("2024-03-01"));
    let diff = differences(&one.output_files(), &two.output_files());
    assert!(diff.is_empty(), "{diff:?}");
}

/// Rewrites the body line of a fixture brief (`About [[mali]].` or `Also
/// about Mali.`).
fn edit_body(root: &Path, brief: &str, from: &str, to: &str) {
    let path = root.join(format!("content/briefs/{brief}.md"));
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{brief}.md has no `{from}`");
    std::fs::write(&path, text.replace(from, to)).unwrap();
}

#[test]
fn a_file_changed_while_resolving_a_merge_takes_the_merge_date() {
    // `a.md` is changed on both branches and conflicts; `b.md` only on the
    // side branch, which the merge merely brings in.
    let site = repository();
    let root = site.root();
    commit(&root, "2024-02-01T10:00:00+00:00", "Add briefs");
    git(&root, &["checkout", "-q", "-b", "side"]);
    edit_body(
        &root,
        "a",
        "About [[mali]].",
        "About [[mali]], seen from the side.",
    );
    edit_body(
        &root,
        "b",
        "Also about Mali.",
        "Also about Mali, from the side.",
    );
    commit(&root, "2024-02-10T10:00:00+00:00", "Side edits");
    git(&root, &["checkout", "-q", "main"]);
    edit_body(
        &root,
        "a",
        "About [[mali]].",
        "About [[mali]], seen from main.",
    );
    commit(&root, "2024-02-20T10:00:00+00:00", "Main edit");
    let merge = Command::new("git")
        .current_dir(&root)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .args([
            "-c",
            "user.name=Analyst",
            "-c",
            "user.email=analyst@example.org",
        ])
        .args(["merge", "-q", "--no-edit", "side"])
        .output()
        .expect("git runs");
    assert!(!merge.status.success(), "the merge was meant to conflict");
    let conflicted = std::fs::read_to_string(root.join("content/briefs/a.md")).unwrap();
    assert!(conflicted.contains("<<<<<<<"), "{conflicted}");
    std::fs::write(
        root.join("content/briefs/a.md"),
        "---\ntitle: \"Brief A\"\ndate: 2024-01-10\ncountries: [mali]\nsources: [\"A dispatch\"]\n---\nAbout [[mali]], seen from both.\n",
    )
    .unwrap();
    let merged = commit(
        &root,
        "2024-03-01T10:00:00+00:00",
        "Merge side, resolving A",
    );
    assert_eq!(
        git(&root, &["rev-list", "--parents", "-n", "1", "HEAD"])
            .split_whitespace()
            .count(),
        3,
        "the resolution is a merge commit"
    );

    let site = site.build();
    assert_eq!(updated(&site, "briefs/a/").as_deref(), Some("2024-03-01"));
    let a = history(&site, "briefs/a/");
    assert_eq!(a.len(), 4, "{a:?}");
    assert_eq!(a[0].0, "2024-03-01");
    assert!(
        a[0].1.contains("Merge side, resolving A") && a[0].1.contains(&merged[..7]),
        "{a:?}"
    );
    // The merge only brought `b.md` from the side branch: its date and
    // history are the side commit's.
    assert_eq!(updated(&site, "briefs/b/").as_deref(), Some("2024-02-10"));
    let b = history(&site, "briefs/b/");
    assert!(b.iter().all(|(_, text)| !text.contains("Merge")), "{b:?}");
    assert_eq!(b.len(), 2, "{b:?}");
}
