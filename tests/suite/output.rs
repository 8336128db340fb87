//! The output folder (issue 19): one build at a time per output, and a
//! build that reuses the spare (the output of two builds ago) always
//! leaves what a clean build leaves, whatever was done to the output and
//! the spare in between.
//!
//! Outputs are compared as trees: every file with its bytes and
//! permissions, every folder with its permissions, every link; so an extra
//! file, a folder left over or a link fails the comparison as surely as a
//! changed byte.

use std::collections::BTreeMap;
use std::fs;
use std::io::{BufRead as _, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use dossier::config::Overrides;
use dossier::output::{IfBusy, Staging};
use proptest::prelude::*;

use crate::support::{TestSite, dossier};

/// One entry of an output tree.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Node {
    File { bytes: Vec<u8>, mode: u32 },
    Folder { mode: u32 },
    Link(PathBuf),
    Other,
}

/// Every entry under `dir` (relative `/` paths), links not followed.
fn tree(dir: &Path) -> BTreeMap<String, Node> {
    let mut nodes = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in fs::read_dir(&folder).expect("a readable folder") {
            let path = entry.expect("an entry").path();
            let rel = path
                .strip_prefix(dir)
                .expect("under dir")
                .to_string_lossy()
                .replace('\\', "/");
            let metadata = fs::symlink_metadata(&path).expect("metadata");
            let node = if metadata.is_dir() {
                stack.push(path);
                Node::Folder {
                    mode: mode(&metadata),
                }
            } else if metadata.is_file() {
                Node::File {
                    bytes: fs::read(&path).expect("a readable file"),
                    mode: mode(&metadata),
                }
            } else if metadata.file_type().is_symlink() {
                Node::Link(fs::read_link(&path).expect("a link"))
            } else {
                Node::Other
            };
            nodes.insert(rel, node);
        }
    }
    nodes
}

#[cfg(unix)]
fn mode(metadata: &fs::Metadata) -> u32 {
    use std::os::unix::fs::PermissionsExt as _;
    metadata.permissions().mode() & 0o7777
}

#[cfg(not(unix))]
fn mode(metadata: &fs::Metadata) -> u32 {
    u32::from(metadata.permissions().readonly())
}

/// The paths where two trees differ, and how.
fn tree_differences(
    expected: &BTreeMap<String, Node>,
    got: &BTreeMap<String, Node>,
) -> Vec<String> {
    let mut out = Vec::new();
    for path in expected
        .keys()
        .chain(got.keys().filter(|k| !expected.contains_key(*k)))
    {
        match (expected.get(path), got.get(path)) {
            (Some(a), Some(b)) if a == b => {}
            (Some(Node::File { bytes: a, mode: m }), Some(Node::File { bytes: b, mode: n }))
                if a == b =>
            {
                out.push(format!("{path}: permissions {m:o}, not {n:o}"));
            }
            (Some(_), Some(_)) => out.push(format!("{path}: differs")),
            (Some(_), None) => out.push(format!("{path}: missing")),
            (None, _) => out.push(format!("{path}: extra")),
        }
    }
    out
}

/// The names beside `output` that a build leaves only while it runs.
fn leftovers_beside(output: &Path) -> Vec<String> {
    let name = output.file_name().unwrap().to_string_lossy().into_owned();
    fs::read_dir(output.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        // The spare, and the cache of what builds learnt (issue 17), stay.
        .filter(|n| {
            n.starts_with(&format!(".{name}.dossier-"))
                && *n != format!(".{name}.dossier-spare")
                && *n != format!(".{name}.dossier-cache")
        })
        .collect()
}

/// A brief of the `english` fixture's site, numbered `i`, titled with
/// `label`.
fn brief(label: &str, i: usize) -> String {
    format!(
        "---\ntitle: \"{label} {i}\"\ndate: 2024-01-{:02}\ncountries: [mali]\ntags: [t{}]\nsources: [\"A dispatch\"]\n---\n{}\n",
        i % 28 + 1,
        i % 7,
        "Text of the brief. ".repeat(40)
    )
}

/// The `english` fixture with `n` more briefs titled with `label`.
fn site_of(label: &str, n: usize) -> TestSite {
    let mut site = TestSite::fixture("english");
    for i in 0..n {
        site = site.write(
            &format!("content/briefs/{label}-{i}.md").to_lowercase(),
            &brief(label, i),
        );
    }
    site
}

/// Starts `dossier build --output <output> <extra…>` on a site.
fn spawn_build(site: &TestSite, output: &Path, extra: &[&str]) -> Child {
    dossier()
        .arg("--root")
        .arg(site.root())
        .arg("build")
        .arg("--output")
        .arg(output)
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("dossier starts")
}

/// Waits for a build started by [`spawn_build`], at most a minute: its exit
/// code and standard error.
fn finish(child: Child) -> (i32, String) {
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = sender.send(child.wait_with_output());
    });
    let output = receiver
        .recv_timeout(Duration::from_secs(60))
        .expect("a build ends within a minute")
        .expect("the build ran");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

// ---------------------------------------------------------------------------
// One build at a time

#[test]
fn builds_started_together_into_one_folder_leave_one_whole_build() {
    // Two sites of different file sets, each built clean for reference.
    let alpha = site_of("Alpha", 60).output_to("clean").build();
    let beta = site_of("Beta", 40).output_to("clean").build();
    let expected_alpha = tree(alpha.output());
    let expected_beta = tree(beta.output());
    assert_ne!(
        expected_alpha.keys().collect::<Vec<_>>(),
        expected_beta.keys().collect::<Vec<_>>()
    );
    let shared = tempfile::tempdir().unwrap();
    let output = shared.path().join("public");

    let check = |round: &str| {
        let live = tree(&output);
        let home = match live.get("index.html") {
            Some(Node::File { bytes, .. }) => String::from_utf8_lossy(bytes).into_owned(),
            other => panic!("{round}: no home page: {other:?}"),
        };
        let expected = if home.contains("Alpha") {
            &expected_alpha
        } else {
            &expected_beta
        };
        let changes = tree_differences(expected, &live);
        assert!(
            changes.is_empty(),
            "{round}: the live output is not a whole build: {changes:#?}"
        );
        let left = leftovers_beside(&output);
        assert!(left.is_empty(), "{round}: left beside the output: {left:?}");
    };

    for round in 0..2 {
        let builds: Vec<Child> = [&alpha, &beta, &alpha, &beta]
            .into_iter()
            .map(|site| spawn_build(site, &output, &[]))
            .collect();
        for build in builds {
            let (status, stderr) = finish(build);
            assert_eq!(status, 0, "round {round}: a waiting build failed: {stderr}");
        }
        check(&format!("round {round}"));
    }

    let builds: Vec<Child> = [&beta, &alpha, &beta, &alpha]
        .into_iter()
        .map(|site| spawn_build(site, &output, &["--no-wait"]))
        .collect();
    let mut succeeded = 0;
    for build in builds {
        match finish(build) {
            (0, _) => succeeded += 1,
            (2, stderr) => assert!(
                stderr.contains("another build is writing") && stderr.contains("`--no-wait`"),
                "an unclear refusal: {stderr}"
            ),
            (status, stderr) => panic!("exit {status}: {stderr}"),
        }
    }
    assert!(succeeded >= 1, "no build of the --no-wait round succeeded");
    check("--no-wait");
}

#[cfg(unix)]
#[test]
fn a_build_waits_for_the_lock_says_so_once_and_no_wait_fails_at_once() {
    let site = TestSite::fixture("english");
    let lock = site.root().join(".public.dossier-lock");
    let held = fs::File::create(&lock).unwrap();
    held.lock().unwrap();

    let run = site.try_build(&["--no-wait"]);
    run.expect_status(2);
    assert!(
        run.stderr.contains("another build is writing")
            && run.stderr.contains("without `--no-wait` to wait for it"),
        "{}",
        run.stderr
    );
    assert!(!site.output().exists(), "a refused build wrote");

    let mut waiting = spawn_build(&site, site.output(), &[]);
    let stderr = waiting.stderr.take().unwrap();
    let (sender, lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = sender.send(line);
        }
    });
    let deadline = Instant::now() + Duration::from_secs(60);
    let line = lines
        .recv_timeout(deadline.saturating_duration_since(Instant::now()))
        .expect("the build says it waits");
    assert!(
        line.contains("waiting for another build of `") && line.contains("public"),
        "{line}"
    );
    std::thread::sleep(Duration::from_millis(200));
    assert!(!site.output().exists(), "a waiting build wrote its output");
    drop(held);

    let status = waiting.wait().unwrap();
    assert!(status.success());
    let later: Vec<String> = lines.try_iter().collect();
    assert!(
        !later.iter().any(|l| l.contains("waiting")),
        "the wait was announced again: {later:?}"
    );
    assert!(site.has(""));
    assert!(!lock.exists(), "the lock file is left");
}

#[cfg(target_os = "linux")]
#[test]
fn only_the_staging_folders_of_dead_builds_are_removed() {
    let site = TestSite::fixture("english").build();
    let parent = site.root();
    // A build that took no lock (an older dossier) still running as this
    // test's process, and one whose process is gone (no pid reaches 10^9).
    let running = parent.join(format!(".public.dossier-new-{}", std::process::id()));
    let dead = parent.join(".public.dossier-new-999999999");
    for folder in [&running, &dead] {
        fs::create_dir(folder).unwrap();
        fs::write(folder.join(".dossier-output"), "marker\n").unwrap();
    }
    site.try_build(&[]).expect_status(0);
    assert!(
        running.join(".dossier-output").is_file(),
        "a live build's folder was removed"
    );
    assert!(!dead.exists(), "a dead build's folder was left");
    fs::remove_dir_all(&running).unwrap();
}

// ---------------------------------------------------------------------------
// The spare gives what a clean build gives

/// Builds `site` in this process into `output`, as `dossier build` does.
fn build_into(root: &Path, output: &Path) {
    let built = dossier::build_into(root, &Overrides::default(), None, || {
        Staging::open(output, root, IfBusy::Fail)
    });
    assert!(!built.diagnostics.has_errors(), "the site has errors");
    if let Some(error) = built.output_error {
        panic!("the output was refused: {error:#}");
    }
    built
        .pages
        .expect("the site was rendered")
        .finish()
        .unwrap_or_else(|error| panic!("the build failed: {error:#}"));
}

/// The tree of a clean build of the site at `root` (into a new folder,
/// removed after).
fn clean_tree(root: &Path) -> BTreeMap<String, Node> {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("clean");
    build_into(root, &output);
    tree(&output)
}

/// Asserts that the output of `site` is what a clean build gives.
#[track_caller]
fn assert_clean(site: &TestSite, expected: &BTreeMap<String, Node>, when: &str) {
    let changes = tree_differences(expected, &tree(site.output()));
    assert!(changes.is_empty(), "{when}: {changes:#?}");
}

#[test]
fn files_put_into_the_output_do_not_come_back() {
    let site = TestSite::fixture("english").build().build();
    let page = site.output().join("briefs/dakar-meeting/index.html");
    let html = fs::read_to_string(&page).unwrap();
    fs::write(site.output().join("CNAME"), "briefs.example.org\n").unwrap();
    // The same length, so that only the stamp tells.
    fs::write(&page, html.replacen("Dakar", "DAKAR", 1)).unwrap();
    let expected = clean_tree(&site.root());
    for round in 1..=3 {
        site.try_build(&[]).expect_status(0);
        assert_clean(&site, &expected, &format!("build {round} after the edit"));
    }
}

#[test]
fn precompressed_copies_of_a_deleted_brief_do_not_come_back() {
    // A site that runs `gzip -k` over its output after each build.
    let compress = |output: &Path| {
        for (path, node) in tree(output) {
            if let (true, Node::File { bytes, .. }) = (path.ends_with(".html"), node) {
                fs::write(output.join(format!("{path}.gz")), bytes).unwrap();
            }
        }
    };
    let site = TestSite::fixture("english").build();
    compress(site.output());
    let site = site.build();
    compress(site.output());
    let site = site.remove("content/briefs/fuel-blockade.md");
    let expected = clean_tree(&site.root());
    for round in 1..=2 {
        site.try_build(&[]).expect_status(0);
        assert_clean(
            &site,
            &expected,
            &format!("build {round} after the deletion"),
        );
        compress(site.output());
    }
    site.try_build(&[]).expect_status(0);
    assert!(!site.has("briefs/fuel-blockade/index.html.gz"));
}

#[cfg(unix)]
#[test]
fn a_link_in_the_spare_is_never_written_through() {
    use std::os::unix::fs::symlink;
    let site = TestSite::fixture("english").build();
    let outside = site.parent().join("outside.html");
    fs::write(&outside, "not dossier's").unwrap();
    let page = site.output().join("index.html");
    fs::remove_file(&page).unwrap();
    symlink(&outside, &page).unwrap();
    let folder = site.output().join("briefs");
    fs::rename(&folder, site.parent().join("briefs-elsewhere")).unwrap();
    symlink(site.parent().join("briefs-elsewhere"), &folder).unwrap();
    let elsewhere = tree(&site.parent().join("briefs-elsewhere"));
    let expected = clean_tree(&site.root());
    for round in 1..=2 {
        site.try_build(&[]).expect_status(0);
        assert_clean(&site, &expected, &format!("build {round}"));
    }
    assert_eq!(fs::read_to_string(&outside).unwrap(), "not dossier's");
    assert_eq!(tree(&site.parent().join("briefs-elsewhere")), elsewhere);
}

// ---------------------------------------------------------------------------
// The property: whatever is done to the output and the spare between
// builds, every build gives what a clean build gives.

/// Which folder a change is made in.
#[derive(Debug, Clone, Copy)]
enum Folder {
    /// The live output.
    Output,
    /// The spare beside it.
    Spare,
}

/// A change made by someone else than dossier; `at` picks a file or a
/// folder among those present (modulo their number).
#[derive(Debug, Clone)]
enum Change {
    Add {
        at: usize,
        name: &'static str,
    },
    Edit {
        at: usize,
        same_length: bool,
        old_mtime: bool,
    },
    Delete {
        at: usize,
    },
    ChmodFile {
        at: usize,
        mode: u32,
    },
    ChmodFolder {
        at: usize,
        mode: u32,
    },
    FileToFolder {
        at: usize,
    },
    FolderToFile {
        at: usize,
    },
    LinkToFile {
        at: usize,
    },
    LinkToFolder {
        at: usize,
    },
    HardLink {
        at: usize,
    },
    Compress,
}

/// A step of a run.
#[derive(Debug, Clone)]
enum Step {
    Change(Folder, Change),
    /// Adds, removes or retitles one of the site's four extra briefs.
    Site {
        brief: usize,
        present: bool,
        title: usize,
    },
    Build,
}

fn change() -> impl Strategy<Value = Change> {
    let at = 0..64usize;
    prop_oneof![
        (
            at.clone(),
            prop::sample::select(vec!["CNAME", "extra.html", "index.html.gz", ".hidden"])
        )
            .prop_map(|(at, name)| Change::Add { at, name }),
        (at.clone(), any::<bool>(), any::<bool>()).prop_map(|(at, same_length, old_mtime)| {
            Change::Edit {
                at,
                same_length,
                old_mtime,
            }
        }),
        at.clone().prop_map(|at| Change::Delete { at }),
        (
            at.clone(),
            prop::sample::select(vec![0o000, 0o444, 0o600, 0o755])
        )
            .prop_map(|(at, mode)| Change::ChmodFile { at, mode }),
        (
            at.clone(),
            prop::sample::select(vec![0o000, 0o500, 0o700, 0o777])
        )
            .prop_map(|(at, mode)| Change::ChmodFolder { at, mode }),
        at.clone().prop_map(|at| Change::FileToFolder { at }),
        at.clone().prop_map(|at| Change::FolderToFile { at }),
        at.clone().prop_map(|at| Change::LinkToFile { at }),
        at.clone().prop_map(|at| Change::LinkToFolder { at }),
        at.prop_map(|at| Change::HardLink { at }),
        Just(Change::Compress),
    ]
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => (prop_oneof![Just(Folder::Output), Just(Folder::Spare)], change())
            .prop_map(|(folder, change)| Step::Change(folder, change)),
        1 => (0..4usize, any::<bool>(), 0..2usize)
            .prop_map(|(brief, present, title)| Step::Site { brief, present, title }),
        1 => Just(Step::Build),
    ]
}

/// Files and folders under `dir` (not following links), the root excepted;
/// unreadable folders are not entered.
fn entries(dir: &Path) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let (mut files, mut folders) = (Vec::new(), Vec::new());
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        let Ok(read) = fs::read_dir(&folder) else {
            continue;
        };
        for entry in read.flatten() {
            let path = entry.path();
            match fs::symlink_metadata(&path) {
                Ok(m) if m.is_dir() => {
                    folders.push(path.clone());
                    stack.push(path);
                }
                Ok(m) if m.is_file() => files.push(path),
                _ => {}
            }
        }
    }
    files.sort();
    folders.sort();
    (files, folders)
}

/// Opens a folder and everything under it to its owner, so that a test
/// can change or remove what a `chmod` closed.
#[cfg(unix)]
fn open_up(path: &Path) {
    use std::os::unix::fs::PermissionsExt as _;
    if fs::symlink_metadata(path).is_ok_and(|m| m.is_dir()) {
        let _ = fs::set_permissions(path, fs::Permissions::from_mode(0o755));
        for entry in fs::read_dir(path).into_iter().flatten().flatten() {
            open_up(&entry.path());
        }
    }
}

/// Makes `change` in `dir`; `outside` receives link targets, whose content
/// is recorded in `untouchable`.
#[cfg(unix)]
fn apply(
    change: &Change,
    dir: &Path,
    outside: &Path,
    untouchable: &mut BTreeMap<PathBuf, Vec<u8>>,
) {
    use std::os::unix::fs::{PermissionsExt as _, symlink};
    if !dir.is_dir() {
        return;
    }
    let (mut files, folders) = entries(dir);
    if !dir.ends_with(".public.dossier-spare") {
        // Without its marker the output is not dossier's, and the next
        // build rightly refuses to replace it (DESIGN §5); the spare's may go.
        files.retain(|f| f != &dir.join(".dossier-output"));
    }
    let file = |at: usize| files.get(at % files.len().max(1)).cloned();
    let folder = |at: usize| folders.get(at % folders.len().max(1)).cloned();
    let fresh = |stem: &str| outside.join(format!("{stem}-{}", untouchable.len()));
    match change {
        Change::Add { at, name } => {
            let into = folder(*at).unwrap_or_else(|| dir.to_path_buf());
            open_up(&into);
            let _ = fs::write(into.join(name), "added by hand\n");
        }
        Change::Edit {
            at,
            same_length,
            old_mtime,
        } => {
            let Some(file) = file(*at) else { return };
            let Ok(bytes) = fs::read(&file) else { return };
            let mtime = fs::metadata(&file).and_then(|m| m.modified()).ok();
            let mut edited = bytes.clone();
            match edited.first_mut() {
                Some(byte) if *same_length => *byte = if *byte == b'x' { b'y' } else { b'x' },
                _ => edited.extend_from_slice(b"<!-- edited -->"),
            }
            // With `old_mtime`, the modification time is put back, as
            // `cp -p` or `touch -r` would.
            if fs::write(&file, &edited).is_ok()
                && *old_mtime
                && let (Ok(handle), Some(mtime)) =
                    (fs::File::options().write(true).open(&file), mtime)
            {
                let _ = handle.set_modified(mtime);
            }
        }
        Change::Delete { at } => {
            if let Some(file) = file(*at) {
                let _ = fs::remove_file(file);
            }
        }
        Change::ChmodFile { at, mode } => {
            if let Some(file) = file(*at) {
                let _ = fs::set_permissions(file, fs::Permissions::from_mode(*mode));
            }
        }
        Change::ChmodFolder { at, mode } => {
            if let Some(folder) = folder(*at) {
                let _ = fs::set_permissions(folder, fs::Permissions::from_mode(*mode));
            }
        }
        Change::FileToFolder { at } => {
            if let Some(file) = file(*at)
                && fs::remove_file(&file).is_ok()
                && fs::create_dir(&file).is_ok()
            {
                let _ = fs::write(file.join("inside.html"), "a file in a folder\n");
            }
        }
        Change::FolderToFile { at } => {
            if let Some(folder) = folder(*at) {
                open_up(&folder);
                if fs::remove_dir_all(&folder).is_ok() {
                    let _ = fs::write(&folder, "a file where a folder was\n");
                }
            }
        }
        Change::LinkToFile { at } => {
            // A link in place of a file, to a copy of it elsewhere.
            let Some(file) = file(*at) else { return };
            let Ok(bytes) = fs::read(&file) else { return };
            let target = fresh("copy");
            fs::write(&target, &bytes).unwrap();
            if fs::remove_file(&file).is_ok() {
                let _ = symlink(&target, &file);
            }
            untouchable.insert(target, bytes);
        }
        Change::LinkToFolder { at } => {
            let into = folder(*at).unwrap_or_else(|| dir.to_path_buf());
            let target = fresh("folder");
            fs::create_dir(&target).unwrap();
            fs::write(target.join("index.html"), "elsewhere\n").unwrap();
            untouchable.insert(target.join("index.html"), b"elsewhere\n".to_vec());
            let _ = symlink(&target, into.join("linked"));
        }
        Change::HardLink { at } => {
            let Some(file) = file(*at) else { return };
            let Ok(bytes) = fs::read(&file) else { return };
            let target = fresh("hard");
            if fs::hard_link(&file, &target).is_ok() {
                untouchable.insert(target, bytes);
            }
        }
        Change::Compress => {
            for file in files
                .iter()
                .filter(|f| f.extension().is_some_and(|e| e == "html"))
            {
                if let Ok(bytes) = fs::read(file) {
                    let _ = fs::write(file.with_extension("html.gz"), bytes);
                }
            }
        }
    }
}

/// Writes the site's four extra briefs as `present` and `titles` say.
fn write_extras(root: &Path, present: &[bool; 4], titles: &[usize; 4]) {
    for (i, (present, title)) in present.iter().zip(titles).enumerate() {
        let path = root.join(format!("content/briefs/extra-{i}.md"));
        if *present {
            fs::write(&path, brief(&format!("Extra {title}"), i)).unwrap();
        } else {
            let _ = fs::remove_file(&path);
        }
    }
}

/// Runs `steps`, then two builds; after every build, the output must be
/// what a clean build of the site gives, and nothing outside the output
/// may have changed.
#[cfg(unix)]
fn run_steps(steps: &[Step]) -> Result<(), TestCaseError> {
    let site = TestSite::fixture("english").write("static/files/note.txt", "a static file\n");
    let root = site.root();
    let outside = site.parent().join("outside");
    fs::create_dir(&outside).unwrap();
    let spare = root.join(".public.dossier-spare");
    let mut present = [true, false, true, false];
    let mut titles = [0; 4];
    let mut untouchable = BTreeMap::new();
    let mut clean: BTreeMap<([bool; 4], [usize; 4]), BTreeMap<String, Node>> = BTreeMap::new();
    write_extras(&root, &present, &titles);
    build_into(&root, site.output());
    build_into(&root, site.output());
    let all = steps.iter().chain([&Step::Build, &Step::Build]);
    for (n, step) in all.enumerate() {
        match step {
            Step::Change(Folder::Output, change) => {
                apply(change, site.output(), &outside, &mut untouchable);
            }
            Step::Change(Folder::Spare, change) => {
                apply(change, &spare, &outside, &mut untouchable)
            }
            Step::Site {
                brief,
                present: now,
                title,
            } => {
                present[*brief] = *now;
                titles[*brief] = *title;
                write_extras(&root, &present, &titles);
            }
            Step::Build => {
                // What lies outside the output must be as the build found
                // it (the test's own edits may reach it through hard links).
                for (path, bytes) in untouchable.iter_mut() {
                    *bytes = fs::read(path).unwrap();
                }
                build_into(&root, site.output());
                for (path, bytes) in &untouchable {
                    prop_assert!(
                        fs::read(path).unwrap() == *bytes,
                        "after step {n}, {} was written through",
                        path.display()
                    );
                }
                let expected = clean
                    .entry((present, titles))
                    .or_insert_with(|| clean_tree(&root));
                let changes = tree_differences(expected, &tree(site.output()));
                prop_assert!(changes.is_empty(), "after step {n}: {changes:#?}");
                let left = leftovers_beside(site.output());
                prop_assert!(
                    left.is_empty(),
                    "after step {n}, left beside the output: {left:?}"
                );
            }
        }
    }
    open_up(site.parent());
    Ok(())
}

#[cfg(unix)]
proptest! {
    #![proptest_config(ProptestConfig {
        // Each case runs about ten builds: a few cases keep the test near
        // ten seconds, and each case makes many changes between builds.
        cases: 8,
        max_shrink_iters: 64,
        ..ProptestConfig::default()
    })]

    #[test]
    fn a_build_gives_what_a_clean_build_gives_whatever_was_done_between(
        steps in prop::collection::vec(step(), 1..16)
    ) {
        run_steps(&steps)?;
    }
}

// ---------------------------------------------------------------------------
// `base_url` written into every link

#[test]
fn a_base_url_with_doubled_slashes_writes_no_link_to_another_host() {
    let site = TestSite::fixture("english")
        .write(
            "site.yaml",
            "title: \"Sahel Watch\"\nbase_url: \"https://example.org//briefs//\"\nlanguage: en\n",
        )
        .build();
    let mut pages = 0;
    for (path, bytes) in site.output_files() {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("=\"//") && !text.contains("example.org//"),
            "{path} links to another host"
        );
        pages += usize::from(path.ends_with(".html"));
    }
    assert!(pages > 5);
    site.assert_links_resolve("/briefs/");
}

#[test]
fn a_base_url_that_is_no_url_is_a_located_error() {
    let site = TestSite::fixture("english").write(
        "site.yaml",
        "title: \"Sahel Watch\"\nbase_url: \"https://exa_mple.org/\"\nlanguage: en\n",
    );
    let run = site.run(&["check"]);
    run.expect_status(1);
    assert!(
        run.stderr.contains("site.yaml:2:11: error: ")
            && run
                .stderr
                .contains("`exa_mple.org` is not a valid host name"),
        "{}",
        run.stderr
    );
}
