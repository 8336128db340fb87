//! Hostile input (issue 7): every case gives a clear, located error or a
//! correct page, never a panic, a hang or a huge allocation; output stays
//! inside its folder and is never left half-written.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::{TestSite, differences};

/// The errors `check --format json` reports, as `file:line:column: message`;
/// asserts the run ended (no crash: exit 0 or 1) within a time bound.
fn problems(site: &TestSite) -> Vec<String> {
    let started = Instant::now();
    let run = site.run(&["check", "--format", "json"]);
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "check took {:?}",
        started.elapsed()
    );
    assert!(run.status == 0 || run.status == 1, "check crashed: {run:?}");
    let list: Vec<Value> =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {run:?}"));
    // The fixture's own warnings (briefs without sources) are not the point here.
    list.iter()
        .filter(|p| p["severity"] == "error")
        .map(|p| {
            format!(
                "{}:{}:{}: {}",
                p["file"].as_str().unwrap(),
                p["line"],
                p["column"],
                p["message"].as_str().unwrap()
            )
        })
        .collect()
}

fn site() -> TestSite {
    TestSite::fixture("english")
}

/// Asserts exactly one problem, at `at` (`file:line:column`), whose message
/// contains `words`; and that every message is one line.
#[track_caller]
fn assert_one(site: &TestSite, at: &str, words: &str) {
    let found = problems(site);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].starts_with(&format!("{at}: ")), "{found:#?}");
    assert!(found[0].contains(words), "{found:#?}");
    assert!(!found[0].contains('\n'), "{found:#?}");
}

const BRIEF: &str = "---\ntitle: \"Hostile\"\ndate: 2025-01-01\n";

#[test]
fn non_utf8_and_empty_files_are_located_errors() {
    let site = site().write_bytes(
        "content/briefs/latin1.md",
        b"---\ntitle: \"caf\xe9\"\ndate: 2025-01-01\n---\n",
    );
    assert_one(&site, "content/briefs/latin1.md:2:12", "not UTF-8");
    let site = site
        .remove("content/briefs/latin1.md")
        .write("content/briefs/empty.md", "");
    assert_one(&site, "content/briefs/empty.md:1:1", "no front matter");
}

#[test]
fn unclosed_front_matter_and_rules_in_the_body() {
    let site = site().write(
        "content/briefs/open.md",
        "---\ntitle: \"x\"\ndate: 2025-01-01\n",
    );
    assert_one(&site, "content/briefs/open.md:1:1", "never closed");
    let site = site
        .remove("content/briefs/open.md")
        .write(
            "content/briefs/rules.md",
            &format!("{BRIEF}---\nabove\n\n---\n\nbelow\n\n---\n"),
        )
        .build();
    let main = site.main("briefs/rules/");
    assert!(main.contains("<hr />") && main.contains("below"), "{main}");
}

#[test]
fn a_20_mb_brief_builds() {
    let paragraph = "Un paragraphe sur le [[mali]] et ses voisins, avec *emphase* et `code`. "
        .repeat(20)
        + "\n\n";
    let body = paragraph.repeat(20 * 1024 * 1024 / paragraph.len() + 1);
    let site = site().write("content/briefs/big.md", &format!("{BRIEF}---\n{body}"));
    let started = Instant::now();
    let site = site.build();
    assert!(
        started.elapsed() < Duration::from_secs(120),
        "{:?}",
        started.elapsed()
    );
    assert!(site.file("briefs/big/index.html").len() > 20 * 1024 * 1024);
}

#[test]
fn ten_thousand_tags_stop_at_the_limit_with_a_located_error() {
    let tags: Vec<String> = (0..10_000).map(|n| format!("t{n}")).collect();
    let site = site().write(
        "content/briefs/tags.md",
        &format!("{BRIEF}tags: [{}]\n---\n", tags.join(", ")),
    );
    // The 101st tag, `t100`, starts after "tags: [" and 100 tags of 2 to 4 characters with ", ".
    let column = "tags: [".len()
        + (0..100)
            .map(|n: usize| format!("t{n}, ").len())
            .sum::<usize>()
        + 1;
    assert_one(
        &site,
        &format!("content/briefs/tags.md:4:{column}"),
        "at most 100 tags",
    );
}

#[test]
fn yaml_bombs_and_deep_nesting_are_refused_quickly() {
    let mut bomb = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let mut previous = 'a';
    for name in "bcdefghi".chars() {
        bomb.push_str(&format!(
            "{name}: &{name} [{}]\n",
            vec![format!("*{previous}"); 9].join(",")
        ));
        previous = name;
    }
    let site = site().write(
        "content/briefs/bomb.md",
        &format!("{BRIEF}{bomb}tags: *i\n---\n"),
    );
    let found = problems(&site);
    assert!(
        found.len() == 1 && found[0].contains("aliases"),
        "{found:#?}"
    );
    let deep = format!(
        "{BRIEF}summary: {}{}\n---\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let site = site
        .remove("content/briefs/bomb.md")
        .write("content/briefs/deep.md", &deep);
    assert_one(
        &site,
        "content/briefs/deep.md:4:74",
        "nested more than 64 levels",
    );
    let site = site.remove("content/briefs/deep.md").write(
        "site.yaml",
        &format!(
            "title: x\nbase_url: https://e.org/\ndescription: {}\n",
            "{a: ".repeat(1000)
        ),
    );
    assert_one(&site, "site.yaml:3:270", "nested more than 64 levels");
}

#[test]
fn tabs_duplicate_keys_and_values_of_the_wrong_shape() {
    let site = site().write(
        "content/briefs/tab.md",
        &format!("{BRIEF}tags:\n\t- a\n---\n"),
    );
    assert_one(&site, "content/briefs/tab.md:5:1", "tab");
    let site = site.remove("content/briefs/tab.md").write(
        "content/briefs/dup.md",
        &format!("{BRIEF}title: \"again\"\n---\n"),
    );
    assert_one(&site, "content/briefs/dup.md:4:1", "written twice");
    let site = site.remove("content/briefs/dup.md").write(
        "content/briefs/shape.md",
        "---\ntitle: {a: 1}\ndate: 2025-01-01\ntags: {x: y}\nkey_points: [[1, 2]]\n---\n",
    );
    let found = problems(&site);
    assert_eq!(found.len(), 3, "{found:#?}");
    assert!(
        found[0].starts_with("content/briefs/shape.md:2:8: ") && found[0].contains("expected text"),
        "{found:#?}"
    );
    assert!(
        found[1].starts_with("content/briefs/shape.md:4:7: ")
            && found[1].contains("expected a list"),
        "{found:#?}"
    );
    assert!(
        found[2].starts_with("content/briefs/shape.md:5:14: ")
            && found[2].contains("expected a key point"),
        "{found:#?}"
    );
    // A number where text is expected is taken as written.
    let site = site
        .remove("content/briefs/shape.md")
        .write(
            "content/briefs/number.md",
            "---\ntitle: 2025\ndate: 2025-01-01\n---\n",
        )
        .build();
    assert!(site.main("briefs/number/").contains("<h1>2025</h1>"));
}

#[test]
fn odd_wiki_links_give_one_line_messages_or_links() {
    let long = "x".repeat(10_000);
    let site = site().write(
        "content/briefs/links.md",
        &format!(
            "{BRIEF}---\n[[{long}]] [[ma\nli]] [[mali|le|Mali]] [[mali]]]] [[../../etc/passwd]]\n"
        ),
    );
    let found = problems(&site);
    assert_eq!(found.len(), 3, "{found:#?}");
    assert!(
        found.iter().all(|p| !p.contains('\n') && p.len() < 300),
        "{found:#?}"
    );
    assert!(
        found[0].starts_with("content/briefs/links.md:5:1: ") && found[0].contains("xxx…"),
        "{found:#?}"
    );
    assert!(found[1].contains("`ma li`"), "{found:#?}");
    assert!(found[2].contains("`../../etc/passwd`"), "{found:#?}");
}

#[test]
fn dangerous_slugs_are_refused() {
    for (slug, words) in [
        ("../../etc", "character `.`"),
        ("a/b", "character `/`"),
        ("a\\\\b", "character `\\`"),
        ("a\\u0000b", "character `\u{0}`"),
        ("con", "reserved"),
        ("", "empty"),
    ] {
        let site = site().write(
            "content/briefs/x.md",
            &format!("{BRIEF}slug: \"{slug}\"\n---\n"),
        );
        let found = problems(&site);
        assert!(
            found.len() == 1
                && found[0].starts_with("content/briefs/x.md:4:7: ")
                && found[0].contains(words),
            "slug {slug:?}: {found:#?}"
        );
    }
    let site = site().write("content/pages/events.md", "---\ntitle: x\n---\n");
    assert_one(
        &site,
        "content/pages/events.md:1:1",
        "taken by the site's own",
    );
}

#[test]
fn file_names_that_are_not_slugs_are_refused_with_a_new_name() {
    for name in ["Mon fichier.md", "Sénégal.md", "Mali.md"] {
        let site = site().write(
            &format!("content/countries/{name}"),
            "---\nname: \"X\"\niso2: XX\n---\n",
        );
        let run = site.run(&["check"]);
        run.expect_status(1);
        assert!(
            run.stderr.contains("rename the file to `"),
            "{name}: {}",
            run.stderr
        );
    }
    // `Mali.md` beside `mali.md`: the upper-case one is the one refused.
    let site = site().write(
        "content/countries/Mali.md",
        "---\nname: \"Mali bis\"\niso2: ML\n---\n",
    );
    let found = problems(&site);
    assert!(
        found.len() == 1 && found[0].starts_with("content/countries/Mali.md:"),
        "{found:#?}"
    );
}

#[cfg(unix)]
#[test]
fn symlinks_never_lead_outside_the_site() {
    use std::os::unix::fs::symlink;
    let site = site();
    let outside = site.parent().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(
        outside.join("secret.md"),
        "---\ntitle: secret\ndate: 2025-01-01\n---\nSECRET\n",
    )
    .unwrap();
    symlink(
        outside.join("secret.md"),
        site.root().join("content/briefs/secret.md"),
    )
    .unwrap();
    symlink(&outside, site.root().join("content/briefs/linked")).unwrap();
    symlink(
        site.root().join("content"),
        site.root().join("content/briefs/loop"),
    )
    .unwrap();
    let found = problems(&site);
    assert_eq!(found.len(), 3, "{found:#?}");
    assert!(
        found
            .iter()
            .any(|p| p.starts_with("content/briefs/secret.md:1:1: ")
                && p.contains("outside the site")),
        "{found:#?}"
    );
    assert!(found.iter().any(|p| p.starts_with("content/briefs/linked:1:1: ") && p.contains("outside the site")), "{found:#?}");
    assert!(
        found
            .iter()
            .any(|p| p.starts_with("content/briefs/loop:1:1: ") && p.contains("loop")),
        "{found:#?}"
    );
    let run = site.try_build(&[]);
    run.expect_status(1);
    assert!(!site.output().exists() || !format!("{:?}", site.output_files()).contains("SECRET"));
}

#[cfg(unix)]
#[test]
fn symlinked_and_relative_outputs_into_the_site_are_refused() {
    use std::os::unix::fs::symlink;
    let site = site();
    let link = site.parent().join("sneaky");
    symlink(site.root().join("content"), &link).unwrap();
    for output in [
        link.to_string_lossy().into_owned(),
        "content/../content".to_string(),
        ".".to_string(),
        "..".to_string(),
    ] {
        let run = site.run(&["build", "--output", &output]);
        run.expect_status(2);
        assert!(run.stderr.contains("refusing"), "{output}: {}", run.stderr);
    }
    assert!(
        site.root()
            .join("content/briefs/dakar-meeting.md")
            .is_file(),
        "the site is intact"
    );
}

#[test]
fn script_urls_in_bodies_and_sources_are_never_links() {
    let site = site()
        .write(
            "content/briefs/xss.md",
            &format!("{BRIEF}summary: '\"><img src=x onerror=alert(1)>'\nsources:\n  - title: \"s\"\n    url: \" JaVaScRiPt:alert(1)\"\n---\n[a](javascript:alert(1)) [b](data:text/html;base64,PHNjcmlwdD4=)\n"),
        )
        .build();
    let html = site.page("briefs/xss/");
    assert!(
        !html.to_lowercase().contains("javascript:"),
        "a script URL survived"
    );
    assert!(!html.contains("data:text/html"), "a data URL survived");
    assert!(!html.contains("<img src=x"), "the summary was not escaped");
    assert!(
        html.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"),
        "the summary is shown escaped"
    );
}

/// Builds a site of `n` small briefs (large enough for a build to be caught
/// in the middle) titled with `label`.
fn many_briefs(label: &str, n: usize) -> TestSite {
    let mut site = site();
    for i in 0..n {
        site = site.write(
            &format!("content/briefs/b{i}.md"),
            &format!("---\ntitle: \"{label} {i}\"\ndate: 2024-01-{:02}\ntags: [t{}]\ncountries: [mali]\n---\n{}\n", i % 28 + 1, i % 50, "Texte. ".repeat(200)),
        );
    }
    site
}

#[test]
fn a_killed_build_leaves_the_old_or_the_new_output_never_a_mix() {
    let site = many_briefs("Old", 1500).build();
    let old_files = site.output_files();
    for i in 0..1500 {
        let path = site.root().join(format!("content/briefs/b{i}.md"));
        let text = std::fs::read_to_string(&path)
            .unwrap()
            .replace("\"Old ", "\"New ");
        std::fs::write(&path, text).unwrap();
    }
    let output = site.output().to_string_lossy().into_owned();
    let mut new_files = None;
    for delay_ms in [5, 20, 40, 80, 120, 200, 300, 450, 700, 1000] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
            .args([
                "--root",
                &site.root().to_string_lossy(),
                "build",
                "--output",
                &output,
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        let now = site.output_files();
        let is_old = differences(&old_files, &now).is_empty();
        if !is_old {
            let new = new_files.get_or_insert_with(|| now.clone());
            assert!(
                differences(new, &now).is_empty(),
                "after a kill at {delay_ms} ms the output is a mix"
            );
            assert!(
                now.values()
                    .any(|b| String::from_utf8_lossy(b).contains("New 1499")),
                "killed at {delay_ms} ms: neither old nor new"
            );
        }
    }
    site.try_build(&[]).expect_status(0);
    let leftovers: Vec<String> = std::fs::read_dir(site.output().parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        // The spare, and the cache of what builds learnt (issue 17), stay.
        .filter(|n| {
            n.contains("dossier-")
                && !n.ends_with(".dossier-spare")
                && !n.ends_with(".dossier-cache")
        })
        .collect();
    assert!(leftovers.is_empty(), "staging folders left: {leftovers:?}");
}
