//! The test harness: `TestSite` copies a fixture site into a temporary folder,
//! runs the real `dossier` binary on it and reads what it wrote (STYLE §4,
//! after mdBook's `BookTest`).

use std::collections::BTreeMap;
use std::fs;
use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// What one run of the binary printed, and how it exited.
#[derive(Debug)]
pub struct Run {
    /// The exit code (`-1` when killed by a signal).
    pub status: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl Run {
    /// Panics with everything printed unless the exit code is `expected`.
    pub fn expect_status(&self, expected: i32) -> &Run {
        assert_eq!(
            self.status, expected,
            "expected exit {expected}, got {}\n--- stdout\n{}\n--- stderr\n{}",
            self.status, self.stdout, self.stderr
        );
        self
    }
}

/// A copy of a fixture site in a temporary folder, with its output folder.
pub struct TestSite {
    /// Holds `site/` (the site root) and whatever tests put beside it.
    dir: tempfile::TempDir,
    /// The folder `build` writes to; `public/` in the site root unless changed.
    output: PathBuf,
}

/// The folder holding every fixture site.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// The fixture sites that build: the folders of `tests/fixtures/` with a
/// `site.yaml`, outside `invalid/`, by name.
pub fn valid_fixtures() -> Vec<String> {
    // `invalid/` holds sites, but is not one.
    sites_in(&fixtures())
}

/// The cases of `tests/fixtures/invalid/`, by name.
pub fn invalid_fixtures() -> Vec<String> {
    sites_in(&fixtures().join("invalid"))
}

/// The names of the folders of `dir` that hold a `site.yaml`, sorted.
fn sites_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("read fixture entry").path())
        .filter(|path| path.join("site.yaml").is_file())
        .map(|path| {
            path.file_name()
                .expect("a folder has a name")
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

impl TestSite {
    /// Copies `tests/fixtures/<name>/` into a fresh temporary folder.
    pub fn fixture(name: &str) -> TestSite {
        TestSite::from_dir(&fixtures().join(name))
    }

    /// Copies any site folder into a fresh temporary folder.
    pub fn from_dir(source: &Path) -> TestSite {
        assert!(
            source.join("site.yaml").is_file(),
            "{} holds no site.yaml",
            source.display()
        );
        let dir = tempfile::Builder::new()
            .prefix("dossier-test-")
            .tempdir()
            .expect("a temporary folder can be created");
        let root = dir.path().join("site");
        copy_dir(source, &root);
        let output = root.join("public");
        TestSite { dir, output }
    }

    /// The repository's own example site (DESIGN §1): its `site.yaml`,
    /// `content/`, `templates/` and `static/`, copied into a fresh
    /// temporary folder (not `target/` nor `public/`).
    pub fn example() -> TestSite {
        let repository = Path::new(env!("CARGO_MANIFEST_DIR"));
        let dir = tempfile::Builder::new()
            .prefix("dossier-test-")
            .tempdir()
            .expect("a temporary folder can be created");
        let root = dir.path().join("site");
        fs::create_dir_all(&root).expect("mkdir");
        fs::copy(repository.join("site.yaml"), root.join("site.yaml"))
            .expect("the repository is a site: it has a site.yaml");
        for folder in ["content", "templates", "static", "data"] {
            if repository.join(folder).is_dir() {
                copy_dir(&repository.join(folder), &root.join(folder));
            }
        }
        let output = root.join("public");
        TestSite { dir, output }
    }

    /// The `base_url` of the site's `site.yaml`.
    pub fn base_url(&self) -> String {
        let path = self.root().join("site.yaml");
        let text = fs::read_to_string(&path).expect("site.yaml is readable");
        let config: serde_yaml::Value =
            serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        config["base_url"]
            .as_str()
            .unwrap_or_else(|| panic!("{} has no base_url", path.display()))
            .to_string()
    }

    /// The site root (the folder holding `site.yaml`).
    pub fn root(&self) -> PathBuf {
        self.dir.path().join("site")
    }

    /// The temporary folder holding the site root.
    pub fn parent(&self) -> &Path {
        self.dir.path()
    }

    /// The folder `build` writes to.
    pub fn output(&self) -> &Path {
        &self.output
    }

    /// Makes later builds write to `dir`, relative to the site root.
    pub fn output_to(mut self, dir: &str) -> TestSite {
        self.output = self.root().join(dir);
        self
    }

    /// Writes a file of the site (relative to its root), creating folders.
    pub fn write(self, path: &str, text: &str) -> TestSite {
        self.write_bytes(path, text.as_bytes())
    }

    /// Writes raw bytes to a file of the site.
    pub fn write_bytes(self, path: &str, bytes: &[u8]) -> TestSite {
        let path = self.root().join(path);
        fs::create_dir_all(path.parent().expect("a file has a folder")).expect("mkdir");
        fs::write(&path, bytes).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
        self
    }

    /// Removes a file of the site.
    pub fn remove(self, path: &str) -> TestSite {
        let path = self.root().join(path);
        fs::remove_file(&path).unwrap_or_else(|e| panic!("removing {}: {e}", path.display()));
        self
    }

    /// Runs `dossier --root <site> <args…>` from the site root, without colors.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with(args, &[])
    }

    /// Runs `dossier --root <site> <args…>` with extra environment variables
    /// (`PATH` without git, `TZ`).
    pub fn run_with(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let mut command = dossier();
        command
            .arg("--root")
            .arg(self.root())
            .args(args)
            .current_dir(self.root());
        for (name, value) in env {
            command.env(name, value);
        }
        run(&mut command)
    }

    /// Runs `build --output <output> <extra…>` and returns what it printed.
    pub fn try_build(&self, extra: &[&str]) -> Run {
        let output = self.output.to_string_lossy().into_owned();
        let mut args = vec!["build", "--output", output.as_str()];
        args.extend_from_slice(extra);
        self.run(&args)
    }

    /// Builds the site, panicking with what was printed unless it succeeds.
    pub fn build(self) -> TestSite {
        self.build_with(&[])
    }

    /// Builds the site with extra flags (`--drafts`, `--base-url URL`),
    /// panicking with what was printed unless it succeeds.
    pub fn build_with(self, extra: &[&str]) -> TestSite {
        let run = self.try_build(extra);
        run.expect_status(0);
        assert!(
            run.stdout.starts_with("built "),
            "build printed no summary: {run:?}"
        );
        self
    }

    /// The HTML of the page at a URL path without the base path
    /// (`briefs/x/` → `<output>/briefs/x/index.html`; `""` is the home page).
    pub fn page(&self, url: &str) -> String {
        let file = if url.is_empty() || url.ends_with('/') {
            format!("{url}index.html")
        } else {
            url.to_string()
        };
        self.file(&file)
    }

    /// The `<main>` element of a page, for assertions that must not match
    /// the navigation or the footer.
    pub fn main(&self, url: &str) -> String {
        let html = self.page(url);
        let start = html
            .find("<main")
            .unwrap_or_else(|| panic!("{url} has no <main>"));
        let end = html[start..]
            .find("</main>")
            .unwrap_or_else(|| panic!("{url} has no </main>"));
        html[start..start + end + "</main>".len()].to_string()
    }

    /// A file of the output, as text.
    pub fn file(&self, path: &str) -> String {
        let path = self.output.join(path);
        fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "{} was not built ({e}); built: {:?}",
                path.display(),
                self.output_files().keys().collect::<Vec<_>>()
            )
        })
    }

    /// Whether the output holds a file (`x/` means `x/index.html`).
    pub fn has(&self, url: &str) -> bool {
        let file = if url.is_empty() || url.ends_with('/') {
            format!("{url}index.html")
        } else {
            url.to_string()
        };
        self.output.join(file).is_file()
    }

    /// Every file of the output: path relative to it (with `/`) → bytes.
    pub fn output_files(&self) -> BTreeMap<String, Vec<u8>> {
        files_under(&self.output)
    }

    /// Every file of the site (content, templates…), output excluded.
    pub fn site_files(&self) -> BTreeMap<String, Vec<u8>> {
        let mut files = files_under(&self.root());
        let output = self.output.strip_prefix(self.root()).ok().map(|p| {
            let mut p = p.to_string_lossy().replace('\\', "/");
            p.push('/');
            p
        });
        if let Some(output) = output {
            files.retain(|path, _| !path.starts_with(&output));
        }
        files
    }

    /// Asserts that every internal link and fragment of every built HTML
    /// page resolves; see [`broken_links`].
    pub fn assert_links_resolve(&self, base_path: &str) {
        let broken = broken_links(&self.output_files(), base_path);
        assert!(
            broken.is_empty(),
            "{} broken links:\n{}",
            broken.len(),
            broken.join("\n")
        );
    }
}

/// `dossier serve --port 0` on a copy of a fixture site, stopped when
/// dropped.
pub struct Server {
    /// The server process.
    pub child: Child,
    /// `127.0.0.1:port`.
    pub address: String,
    /// What it printed on stdout, line by line.
    pub lines: mpsc::Receiver<String>,
}

impl Server {
    /// Starts `dossier --root <site> serve --port 0` and waits for its URL.
    pub fn start(site: &TestSite) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_dossier"));
        command
            .arg("--root")
            .arg(site.root())
            .args(["serve", "--port", "0"]);
        Server::start_command(command)
    }

    /// Starts a command that runs `dossier serve` and waits for its URL.
    pub fn start_command(mut command: Command) -> Server {
        // As a shell starts a command in the foreground, SIGINT (Ctrl-C)
        // keeps its default action: a test run started as a background
        // job (`cmd &` in a script) ignores it, and so would every
        // process it starts, which Ctrl-C could then not stop.
        #[cfg(unix)]
        {
            use std::os::unix::process::CommandExt as _;
            // SAFETY: `signal` is async-signal-safe (it is `sigaction`),
            // and the closure touches no memory of the parent.
            unsafe {
                command.pre_exec(|| {
                    libc::signal(libc::SIGINT, libc::SIG_DFL);
                    Ok(())
                });
            }
        }
        let mut child = command
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("dossier serve starts");
        let (sender, lines) = mpsc::channel();
        let stdout = child.stdout.take().expect("piped");
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = sender.send(line);
            }
        });
        let deadline = Instant::now() + Duration::from_secs(60);
        let address = loop {
            let line = lines
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
                .expect("serve prints its URL");
            if let Some(at) = line.find("http://127.0.0.1:") {
                let rest = &line[at + "http://".len()..];
                break rest[..rest.find('/').expect("a URL ends with /")].to_string();
            }
        };
        Server {
            child,
            address,
            lines,
        }
    }

    /// GETs `path` on a connection of its own: the status and the body.
    pub fn get(&self, path: &str) -> (u16, String) {
        let mut stream = TcpStream::connect(&self.address).expect("connect");
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.address
        )
        .expect("send");
        let mut answer = String::new();
        stream.read_to_string(&mut answer).expect("read");
        let status = answer[9..12].parse().expect("a status code");
        let body = answer
            .split_once("\r\n\r\n")
            .map(|(_, b)| b.to_string())
            .unwrap_or_default();
        (status, body)
    }

    /// Waits until the page at `path` satisfies `test`.
    #[track_caller]
    pub fn wait_for(&self, path: &str, what: &str, test: impl Fn(u16, &str) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let (status, body) = self.get(path);
            if test(status, &body) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "{path}: never {what}; last answer {status}:\n{body}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Stops the server and returns what it printed on stderr.
    // Only the load tests (tests/load, a target of their own) use it.
    #[allow(dead_code)]
    pub fn stop(mut self) -> String {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let mut stderr = String::new();
        if let Some(mut pipe) = self.child.stderr.take() {
            let _ = pipe.read_to_string(&mut stderr);
        }
        stderr
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The `dossier` binary, without colors, ready to be given arguments.
pub fn dossier() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_dossier"));
    command.env("NO_COLOR", "1").env_remove("CLICOLOR_FORCE");
    command
}

/// Runs a command to its end and returns what it printed.
pub fn run(command: &mut Command) -> Run {
    let output = command.output().expect("the command runs");
    Run {
        status: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

/// Copies a folder recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("mkdir");
    for entry in fs::read_dir(from).expect("read fixture folder") {
        let entry = entry.expect("read fixture entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).expect("copy fixture file");
        }
    }
}

/// Every file under `dir`: relative path (with `/`) → bytes; empty when
/// `dir` does not exist.
pub fn files_under(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        let Ok(entries) = fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries {
            let path = entry.expect("read entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(dir)
                    .expect("under dir")
                    .to_string_lossy()
                    .replace('\\', "/");
                files.insert(rel, fs::read(&path).expect("read file"));
            }
        }
    }
    files
}

/// The values of every `name="…"` attribute in `html`, with `&amp;` decoded.
pub fn attribute_values(html: &str, name: &str) -> Vec<String> {
    let needle = format!(" {name}=\"");
    let mut values = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find(&needle) {
        rest = &rest[at + needle.len()..];
        let end = rest.find('"').expect("attribute values are closed");
        values.push(rest[..end].replace("&amp;", "&"));
        rest = &rest[end..];
    }
    values
}

/// Every internal link of every HTML file of `files` that does not resolve,
/// described as `page: link (reason)`.
///
/// A link is internal when it is root-relative (`/…`) or a bare `#fragment`.
/// A root-relative link must start with `base_path`; with it stripped, `x/`
/// must be a built `x/index.html` and anything else a built file. A
/// `#fragment` must be an `id="…"` of the target page. Links with a scheme
/// (`https:`, `mailto:`) are external and not followed; any other link
/// (relative, `javascript:`) is reported, since it breaks under a base path
/// or runs code.
pub fn broken_links(files: &BTreeMap<String, Vec<u8>>, base_path: &str) -> Vec<String> {
    let mut broken = Vec::new();
    let ids = |page: &str| -> Option<Vec<String>> {
        files
            .get(page)
            .map(|bytes| attribute_values(&String::from_utf8_lossy(bytes), "id"))
    };
    for (page, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        let links = attribute_values(&html, "href")
            .into_iter()
            .chain(attribute_values(&html, "src"));
        for link in links {
            let (path, fragment) = match link.split_once('#') {
                Some((path, fragment)) => (path, Some(fragment)),
                None => (link.as_str(), None),
            };
            let target = if path.is_empty() {
                page.clone()
            } else if let Some(rel) = path.strip_prefix(base_path) {
                let rel = rel.split('?').next().unwrap_or(rel);
                if rel.is_empty() || rel.ends_with('/') {
                    format!("{rel}index.html")
                } else {
                    rel.to_string()
                }
            } else if path.starts_with('/') {
                broken.push(format!(
                    "{page}: {link} (does not start with the base path {base_path})"
                ));
                continue;
            } else if path.starts_with("https://")
                || path.starts_with("http://")
                || path.starts_with("mailto:")
            {
                continue;
            } else {
                broken.push(format!("{page}: {link} (not a root-relative link)"));
                continue;
            };
            match (ids(&target), fragment) {
                (None, _) if !files.contains_key(&target) => {
                    broken.push(format!("{page}: {link} ({target} was not built)"));
                }
                (Some(ids), Some(fragment)) if !ids.iter().any(|id| id == fragment) => {
                    broken.push(format!("{page}: {link} (no id=\"{fragment}\" in {target})"));
                }
                _ => {}
            }
        }
    }
    broken
}

/// Path → lines that differ, for comparing two builds.
pub fn differences(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let mut out = Vec::new();
    for path in a.keys().chain(b.keys().filter(|k| !a.contains_key(*k))) {
        match (a.get(path), b.get(path)) {
            (Some(x), Some(y)) if x == y => {}
            (Some(_), Some(_)) => out.push(format!("{path}: bytes differ")),
            (Some(_), None) => out.push(format!("{path}: only in the first")),
            (None, _) => out.push(format!("{path}: only in the second")),
        }
    }
    out
}
