//! `dossier serve` (DESIGN §5, issue #3). Most tests call the request
//! handler in process, as a function of the preview state (STYLE §4); the
//! rebuilds they trigger are checked against a full build of the same
//! files. One test drives the real binary on a socket.

use std::collections::BTreeMap;
use std::fs;
use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use dossier::config::Overrides;
use dossier::serve::overlay;
use dossier::serve::preview::Preview;
use dossier::serve::rebuild::{Outcome, Workspace};
use dossier::serve::respond::{Body, EVENTS, Method, Request, Response, respond};
use dossier::serve::watch::Changes;

use crate::support::{Server, TestSite, differences};

mod languages;

/// The base URL `serve` gives the site: its own address.
const BASE: &str = "http://127.0.0.1:1111/";

/// A site served in process: the workspace that rebuilds it and the preview
/// the handler reads, as `serve` wires them, without a socket or a watcher.
struct Served {
    site: TestSite,
    drafts: bool,
    workspace: Workspace,
    preview: Preview,
}

impl Served {
    fn start(site: TestSite) -> Served {
        Served::start_with(site, false)
    }

    fn start_with(site: TestSite, drafts: bool) -> Served {
        let (workspace, first) = Workspace::load(&site.root(), overrides(drafts));
        let preview = Preview::new(first.update.unwrap_or_default(), 1);
        Served {
            site,
            drafts,
            workspace,
            preview,
        }
    }

    /// Writes a file of the site and rebuilds as the watcher would.
    fn write(&mut self, path: &str, text: &str) -> Outcome {
        let file = self.site.root().join(path);
        fs::create_dir_all(file.parent().expect("a file has a folder")).expect("mkdir");
        fs::write(&file, text).expect("write");
        self.changed(&[path])
    }

    /// Removes a file of the site and rebuilds.
    fn remove(&mut self, path: &str) -> Outcome {
        fs::remove_file(self.site.root().join(path)).expect("remove");
        self.changed(&[path])
    }

    /// Edits a file in place: replaces `from` by `to`.
    fn edit(&mut self, path: &str, from: &str, to: &str) -> Outcome {
        let text = fs::read_to_string(self.site.root().join(path)).expect("read");
        assert!(text.contains(from), "`{from}` is not in {path}");
        self.write(path, &text.replacen(from, to, 1))
    }

    /// Rebuilds after `paths` (relative to the root) changed, and publishes
    /// the update as `serve` does; the outcome keeps an empty update in its
    /// place, to say there was one.
    fn changed(&mut self, paths: &[&str]) -> Outcome {
        let root = self.site.root();
        let paths: Vec<PathBuf> = paths.iter().map(|p| root.join(p)).collect();
        let changes = Changes::of_paths(&root, paths.iter().map(PathBuf::as_path));
        let mut outcome = self.workspace.rebuild(&changes);
        if let Some(update) = outcome.update.take() {
            self.preview.publish(update);
            outcome.update = Some(Default::default());
        }
        outcome
    }

    fn get(&self, url: &str) -> Response {
        respond(&self.preview, &Request::get(url))
    }

    /// The served pages are byte for byte those of a full build of the
    /// files as they are now: an incremental rebuild missed nothing.
    #[track_caller]
    fn assert_same_as_full_build(&self) {
        let full = dossier::build(&self.site.root(), &overrides(self.drafts));
        let expected: BTreeMap<String, Vec<u8>> = full
            .pages
            .expect("the site builds")
            .into_iter()
            .map(|(path, bytes)| (path.as_str().to_string(), bytes))
            .collect();
        let served: BTreeMap<String, Vec<u8>> = self
            .preview
            .pages()
            .into_iter()
            .map(|(path, bytes)| (path.as_str().to_string(), bytes.to_vec()))
            .collect();
        let diff = differences(&expected, &served);
        assert!(
            diff.is_empty(),
            "served pages differ from a full build:\n{}",
            diff.join("\n")
        );
    }
}

fn overrides(drafts: bool) -> Overrides {
    Overrides {
        base_url: Some(BASE.to_string()),
        drafts,
        allow_red: false,
        image_cache: None,
    }
}

/// A file of the default theme.
fn theme(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("templates")
        .join(name)
}

#[track_caller]
fn assert_ok(outcome: &Outcome) {
    assert_eq!(
        outcome.errors, 0,
        "the rebuild found errors:\n{}",
        outcome.report
    );
}

// ---------------------------------------------------------------------------
// The request handler

#[test]
fn pages_are_served_with_the_reload_script() {
    let served = Served::start(TestSite::fixture("full"));
    for url in [
        "/",
        "/briefs/",
        "/briefs/cooperation-militaire/",
        "/a-propos/",
        "/tags/securite/",
    ] {
        let response = served.get(url);
        assert_eq!(response.status, 200, "{url}");
        assert_eq!(
            response.header("Content-Type"),
            Some("text/html; charset=utf-8")
        );
        assert_eq!(response.header("Cache-Control"), Some("no-store"));
        let html = response.text();
        let script = html
            .find(EVENTS)
            .expect("the live-reload script is in served pages");
        assert!(
            script < html.rfind("</body>").expect("a page ends its body"),
            "{url}"
        );
    }
    let html = served.get("/briefs/cooperation-militaire/").text();
    assert!(html.contains(
        "<link rel=\"canonical\" href=\"http://127.0.0.1:1111/briefs/cooperation-militaire/\">"
    ));
    assert!(
        html.contains("href=\"/countries/mali/\""),
        "links work under the server's root"
    );
}

#[test]
fn links_work_at_the_server_root_whatever_base_url_says() {
    let site = TestSite::fixture("full");
    let yaml = fs::read_to_string(site.root().join("site.yaml")).expect("read");
    let site = site.write(
        "site.yaml",
        &yaml.replace("https://example.org/", "https://example.org/veille/sahel/"),
    );
    let served = Served::start(site);
    let html = served.get("/briefs/cooperation-militaire/").text();
    assert!(html.contains("href=\"/countries/mali/\""), "{html}");
    assert!(
        !html.contains("/veille/sahel/"),
        "no link keeps the base path"
    );
    assert_eq!(served.get("/countries/mali/").status, 200);
}

#[test]
fn build_output_never_holds_the_reload_script() {
    let site = TestSite::fixture("full").build();
    for (path, bytes) in site.output_files() {
        assert!(
            !String::from_utf8_lossy(&bytes).contains(EVENTS),
            "{path} holds the live-reload script"
        );
    }
}

#[test]
fn unknown_paths_get_the_site_404_page() {
    let served = Served::start(TestSite::fixture("full"));
    let response = served.get("/briefs/nothing-here/");
    assert_eq!(response.status, 404);
    let html = response.text();
    assert!(html.contains("<main"), "the site's own 404 page: {html}");
    assert!(html.contains(EVENTS), "a 404 page reloads too");
    assert_eq!(served.get("/etc/passwd").status, 404);
}

#[test]
fn a_folder_without_its_slash_redirects() {
    let served = Served::start(TestSite::fixture("full"));
    let response = served.get("/briefs/cooperation-militaire");
    assert_eq!(response.status, 301);
    assert_eq!(
        response.header("Location"),
        Some("/briefs/cooperation-militaire/")
    );
}

#[test]
fn traversal_attempts_are_refused() {
    let site = TestSite::fixture("full").write("static/humans.txt", "Team: analysts\n");
    fs::write(site.parent().join("secret.txt"), "top secret").expect("write");
    let served = Served::start(site);
    assert_eq!(served.get("/humans.txt").status, 200);
    for url in [
        "/../secret.txt",
        "/static/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/..%2fsecret.txt",
        "/..%5csecret.txt",
        "/./robots.txt",
        "//secret.txt",
        "/robots.txt%00.html",
        "/%c0%ae%c0%ae/secret.txt",
        "http://evil.example/../secret.txt",
        "http://127.0.0.1:1111/../secret.txt",
        "/%252e%252e/secret.txt",
        "/%252e%252e%252fsecret.txt",
        "/static/..\\..\\secret.txt",
        "/%5c..%5csecret.txt",
        "/..%255csecret.txt",
        "/robots.txt%0a",
        "/robots.txt%0d%0aSet-Cookie:%20x=1",
        "/robots.txt%1b",
        "/robots.txt%7f",
        "/%ff%fe",
        "/%c3%28",
        "/robots.txt%",
        "/robots.txt%2",
        "*",
        "ftp://127.0.0.1/robots.txt",
        &format!("/{}secret.txt", "../".repeat(30_000)),
        &format!("/{}", "a/".repeat(50_000)),
    ] {
        let response = served.get(url);
        assert!(
            response.status == 400 || response.status == 404,
            "{url} answered {}",
            response.status
        );
        assert!(
            !response.text().contains("top secret"),
            "{url} leaked a file"
        );
    }
    for url in [
        "/site.yaml",
        "/content/briefs/cooperation-militaire.md",
        "/static/robots.txt",
    ] {
        assert_eq!(served.get(url).status, 404, "{url} is a source, not a page");
    }
}

/// A page of another site whose name is pointed at 127.0.0.1 (DNS
/// rebinding) must not read the preview: only IP addresses and `localhost`
/// names are answered, whether named by `Host` or by an absolute target.
#[test]
fn requests_for_another_host_are_refused() {
    let served = Served::start(TestSite::fixture("full"));
    let ask = |url: &str, host: &str| {
        respond(
            &served.preview,
            &Request {
                method: Method::Get,
                url: url.to_string(),
                host: Some(host.to_string()),
            },
        )
    };
    for host in [
        "127.0.0.1:1111",
        "localhost:1111",
        "[::1]:1111",
        "192.168.1.20:1111",
    ] {
        assert_eq!(ask("/briefs/", host).status, 200, "{host}");
    }
    for host in [
        "evil.example",
        "evil.example:1111",
        "127.0.0.1.evil.example:1111",
        "localhost.evil.example",
    ] {
        for url in ["/briefs/", "/nothing/", EVENTS] {
            let response = ask(url, host);
            assert_eq!(response.status, 400, "{host}{url}");
            assert!(matches!(response.body, Body::Bytes(_)), "no event stream");
            assert!(!response.text().contains("<html"), "{host}{url}");
        }
    }
    assert_eq!(ask("http://evil.example/briefs/", "127.0.0.1").status, 400);
    assert_eq!(
        ask("http://127.0.0.1:1111/briefs/", "evil.example").status,
        200,
        "an absolute target names the host (RFC 9112 §3.2.2)"
    );
}

#[cfg(unix)]
#[test]
fn static_links_out_of_the_site_are_not_served() {
    let site = TestSite::fixture("full");
    fs::write(site.parent().join("secret.txt"), "top secret").expect("write");
    fs::create_dir_all(site.root().join("static")).expect("mkdir");
    std::os::unix::fs::symlink(
        site.parent().join("secret.txt"),
        site.root().join("static/leak.txt"),
    )
    .expect("symlink");
    let served = Served::start(site);
    let response = served.get("/leak.txt");
    // The link is an error, as `build` makes it one: nothing is served
    // until it is fixed, least of all the file it leads to.
    assert_ne!(response.status, 200);
    assert!(!response.text().contains("top secret"));
    assert!(
        served.get("/").text().contains("static/leak.txt"),
        "the link is reported, as build reports it"
    );
}

#[test]
fn content_types_follow_file_names() {
    let site = TestSite::fixture("full")
        .write(
            "static/logo.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        )
        .write("static/data/points.geojson", "{}")
        .write("static/data/table.csv", "a,b\n")
        .write_bytes("static/img/photo.png", b"\x89PNG\r\n")
        .write_bytes("static/file.bin", b"\0\x01");
    let served = Served::start(site);
    for (url, expected) in [
        ("/", "text/html; charset=utf-8"),
        ("/404.html", "text/html; charset=utf-8"),
        ("/assets/dossier.css", "text/css; charset=utf-8"),
        ("/logo.svg", "image/svg+xml"),
        ("/data/points.geojson", "application/geo+json"),
        ("/data/table.csv", "text/csv; charset=utf-8"),
        ("/img/photo.png", "image/png"),
        ("/file.bin", "application/octet-stream"),
    ] {
        let response = served.get(url);
        assert_eq!(response.status, 200, "{url}");
        assert_eq!(response.header("Content-Type"), Some(expected), "{url}");
        assert_eq!(response.header("X-Content-Type-Options"), Some("nosniff"));
    }
    match served.get("/img/photo.png").body {
        Body::Bytes(bytes) => assert_eq!(bytes.as_slice(), b"\x89PNG\r\n", "served as they are"),
        Body::Events { .. } => panic!("a file is bytes"),
    }
}

#[test]
fn only_get_and_head_are_answered() {
    let served = Served::start(TestSite::fixture("full"));
    let head = respond(
        &served.preview,
        &Request {
            method: Method::Head,
            url: "/".into(),
            host: None,
        },
    );
    assert_eq!(head.status, 200);
    let post = respond(
        &served.preview,
        &Request {
            method: Method::Other,
            url: "/".into(),
            host: None,
        },
    );
    assert_eq!(post.status, 405);
    assert_eq!(post.header("Allow"), Some("GET, HEAD"));
}

#[test]
fn the_event_stream_knows_the_page_version() {
    let served = Served::start(TestSite::fixture("full"));
    let token = served.preview.token();
    let html = served.get("/").text();
    assert!(
        html.contains(&format!("{token:?}")),
        "the page carries its version"
    );
    match served.get(&format!("{EVENTS}?v={token}")).body {
        Body::Events { since } => assert_eq!(since.as_deref(), Some(&*token)),
        Body::Bytes(_) => panic!("{EVENTS} is an event stream"),
    }
}

#[test]
fn a_broken_site_shows_every_problem_over_the_last_good_page() {
    let mut served = Served::start(TestSite::fixture("full"));
    let before = served.get("/briefs/cooperation-militaire/").text();
    let outcome = served.edit(
        "content/briefs/cooperation-militaire.md",
        "countries: [senegal, mali]",
        "contries: [senegal, mali]",
    );
    assert_eq!(outcome.errors, 1, "{}", outcome.report);
    assert!(
        outcome.report.contains(
            "content/briefs/cooperation-militaire.md:6:1: error: unknown field `contries`"
        )
    );
    for url in ["/", "/briefs/cooperation-militaire/", "/nothing/"] {
        let html = served.get(url).text();
        let panel = &html[html
            .find(overlay::ID)
            .unwrap_or_else(|| panic!("{url} has no overlay"))..];
        assert!(
            panel.contains("content/briefs/cooperation-militaire.md:6:1"),
            "{panel}"
        );
        assert!(
            panel.contains("unknown field `contries` in a brief"),
            "{panel}"
        );
        assert!(
            panel.contains("6 | contries: [senegal, mali]"),
            "the source line: {panel}"
        );
        assert!(panel.contains("did you mean `countries`?"), "{panel}");
    }
    let under = served.get("/briefs/cooperation-militaire/").text();
    let page = |html: &str| {
        html[..html
            .find("<div id=\"dossier-problems\"")
            .or_else(|| html.find("<script>"))
            .expect("injected")]
            .to_string()
    };
    assert_eq!(
        page(&under),
        page(&before),
        "the last good page stays under the overlay"
    );

    let outcome = served.edit(
        "content/briefs/cooperation-militaire.md",
        "contries: [senegal, mali]",
        "countries: [senegal, mali]",
    );
    assert_ok(&outcome);
    assert!(
        !served.get("/").text().contains(overlay::ID),
        "the next good save clears it"
    );
    served.assert_same_as_full_build();
}

#[test]
fn a_site_broken_from_the_start_shows_its_problems_on_every_page() {
    let site = TestSite::fixture("full").write(
        "content/briefs/casse.md",
        "---\ntitle: Cassé\ndate: 2025-13-45\n---\n",
    );
    let mut served = Served::start(site);
    let response = served.get("/briefs/cooperation-militaire/");
    assert_eq!(response.status, 500);
    assert!(
        response.text().contains("content/briefs/casse.md:3:7"),
        "{}",
        response.text()
    );
    assert!(
        response.text().contains(EVENTS),
        "the page reloads once fixed"
    );
    assert_ok(&served.write(
        "content/briefs/casse.md",
        "---\ntitle: Réparé\ndate: 2025-12-13\n---\n",
    ));
    assert_eq!(served.get("/briefs/casse/").status, 200);
    served.assert_same_as_full_build();
}

#[test]
fn drafts_are_served_only_with_drafts_and_then_with_a_banner() {
    let without = Served::start(TestSite::fixture("full"));
    assert_eq!(without.get("/briefs/note-interne/").status, 404);
    let with = Served::start_with(TestSite::fixture("full"), true);
    let html = with.get("/briefs/note-interne/").text();
    let banner = &html[html.find("draft-banner").expect("a draft has its banner")..];
    assert!(banner.contains("Brouillon"), "{banner}");
    with.assert_same_as_full_build();
}

// ---------------------------------------------------------------------------
// Incremental rebuilds render what a full build would

#[test]
fn a_body_edit_renders_one_page() {
    let mut served = Served::start(TestSite::fixture("full"));
    let outcome = served.edit(
        "content/briefs/cooperation-militaire.md",
        "Selon APA,",
        "Selon l’agence APA,",
    );
    assert_ok(&outcome);
    assert_eq!(outcome.rendered, 1, "only the edited brief's page");
    assert!(
        served
            .get("/briefs/cooperation-militaire/")
            .text()
            .contains("Selon l’agence APA,")
    );
    served.assert_same_as_full_build();
}

#[test]
fn renaming_a_heading_another_page_links_to_breaks_that_link() {
    // A body edit, but not one that touches the edited page alone: the
    // free page links to this heading (issue #11).
    let mut served = Served::start(TestSite::fixture("full"));
    let outcome = served.edit(
        "content/briefs/cooperation-militaire.md",
        "## Un contexte dégradé",
        "## Un contexte très dégradé",
    );
    assert_eq!(outcome.errors, 1, "{}", outcome.report);
    assert!(
        outcome
            .report
            .contains("content/pages/a-propos.md:8:1: error: `briefs/cooperation-militaire` has no heading `un-contexte-degrade`"),
        "{}",
        outcome.report
    );
    let outcome = served.edit(
        "content/pages/a-propos.md",
        "#un-contexte-degrade",
        "#un-contexte-tres-degrade",
    );
    assert_ok(&outcome);
    served.assert_same_as_full_build();
}

#[test]
fn a_body_edit_renders_one_page_even_when_the_site_has_warnings() {
    // The English fixture has warnings (briefs without sources, an `as_of`
    // older than an event): they must not turn a body edit into a relink,
    // nor fill the terminal report.
    let mut served = Served::start(TestSite::fixture("english"));
    let outcome = served.edit(
        "content/briefs/dakar-meeting.md",
        "grows in",
        "keeps growing in",
    );
    assert_eq!(outcome.errors, 0);
    assert_eq!(outcome.rendered, 1, "only the edited brief's page");
    assert!(
        outcome
            .report
            .ends_with("warnings: `dossier check` lists them\n"),
        "{}",
        outcome.report
    );
    assert!(
        served
            .get("/briefs/dakar-meeting/")
            .text()
            .contains("keeps growing in")
    );
    served.assert_same_as_full_build();
}

#[test]
fn a_title_edit_reaches_every_page_showing_the_brief() {
    let mut served = Served::start(TestSite::fixture("full"));
    let outcome = served.edit(
        "content/briefs/cooperation-militaire.md",
        "title: \"Sénégal–Mali : Dakar et Bamako resserrent leur coopération militaire\"",
        "title: \"Coopération Dakar–Bamako renforcée\"",
    );
    assert_ok(&outcome);
    assert!(outcome.rendered > 1);
    for url in [
        "/countries/mali/",
        "/actors/jnim/",
        "/tags/securite/",
        "/briefs/blocus-carburant-mali/",
    ] {
        assert!(
            served
                .get(url)
                .text()
                .contains("Coopération Dakar–Bamako renforcée"),
            "{url} still shows the old title"
        );
    }
    served.assert_same_as_full_build();
}

#[test]
fn saving_a_file_unchanged_reloads_nothing() {
    let mut served = Served::start(TestSite::fixture("full"));
    let token = served.preview.token();
    let outcome = served.edit("content/countries/mali.md", "name:", "name:");
    assert!(outcome.update.is_none(), "nothing to show");
    assert_eq!(served.preview.token(), token);
}

/// One step of [`every_rebuild_matches_a_full_build`].
type Step = fn(&mut Served) -> Outcome;

/// One edit after another, each checked against a full build: every kind
/// of document, added, renamed, removed, drafts, links, templates, static
/// files and `site.yaml`.
#[test]
fn every_rebuild_matches_a_full_build() {
    let mut served = Served::start(TestSite::fixture("full"));
    let steps: Vec<(&str, Step)> = vec![
        ("brief date moves it across index pages", |s| {
            s.edit(
                "content/briefs/norvege-sahel.md",
                "date: 2025-06-01",
                "date: 2026-01-15",
            )
        }),
        ("brief tags", |s| {
            s.edit(
                "content/briefs/cooperation-militaire.md",
                "tags: [sécurité, défense]",
                "tags: [défense, frontières]",
            )
        }),
        ("new brief citing entities", |s| {
            s.write("content/briefs/nouvelle.md", "---\ntitle: Nouvelle note\ndate: 2025-12-20\ncountries: [mali]\nactors: [jnim]\nevents: [attaque-diboli]\ntags: [sécurité]\n---\nVoir [[cedeao]].\n")
        }),
        ("renamed brief", |s| {
            let text =
                fs::read_to_string(s.site.root().join("content/briefs/nouvelle.md")).expect("read");
            fs::remove_file(s.site.root().join("content/briefs/nouvelle.md")).expect("rm");
            fs::write(s.site.root().join("content/briefs/renommee.md"), text).expect("write");
            s.changed(&["content/briefs/nouvelle.md", "content/briefs/renommee.md"])
        }),
        ("body link added", |s| {
            s.edit(
                "content/briefs/renommee.md",
                "Voir [[cedeao]].",
                "Voir [[cedeao]] et [[norvege]].",
            )
        }),
        ("country renamed", |s| {
            s.edit(
                "content/countries/mali.md",
                "name: \"Mali\"",
                "name: \"Mali (République)\"",
            );
            s.edit(
                "content/countries/mali.md",
                "aliases: [\"République du Mali\"]",
                "aliases: [\"République du Mali\", \"Mali\"]",
            )
        }),
        ("country rename undone", |s| {
            s.edit(
                "content/countries/mali.md",
                "aliases: [\"République du Mali\", \"Mali\"]",
                "aliases: [\"République du Mali\"]",
            );
            s.edit(
                "content/countries/mali.md",
                "name: \"Mali (République)\"",
                "name: \"Mali\"",
            )
        }),
        ("actor renamed", |s| {
            s.edit(
                "content/actors/jnim.md",
                "name: \"JNIM\"",
                "name: \"GSIM (JNIM)\"",
            )
        }),
        ("event date", |s| {
            s.edit(
                "content/events/attaque-diboli.md",
                "date: \"2025-07\"",
                "date: \"2024-11\"",
            )
        }),
        ("draft published", |s| {
            s.edit(
                "content/briefs/note-interne.md",
                "draft: true",
                "draft: false",
            )
        }),
        ("brief unpublished", |s| {
            s.edit(
                "content/briefs/renommee.md",
                "date: 2025-12-20",
                "date: 2025-12-20\ndraft: true",
            )
        }),
        ("free page title", |s| {
            s.edit(
                "content/pages/a-propos.md",
                "title: \"À propos\"",
                "title: \"Méthode\"",
            )
        }),
        ("template override", |s| {
            s.write(
                "templates/brief.html",
                &fs::read_to_string(theme("brief.html"))
                    .expect("theme")
                    .replace("</article>", "<p>Gabarit du site</p></article>"),
            )
        }),
        ("partial override", |s| {
            s.write(
                "templates/partials/brief-card.html",
                &fs::read_to_string(theme("partials/brief-card.html"))
                    .expect("theme")
                    .replace("</article>", "<!-- carte --></article>"),
            )
        }),
        ("static file", |s| {
            s.write("static/notes/readme.txt", "bonjour")
        }),
        ("brief removed", |s| {
            s.remove("content/briefs/patrouilles-frontiere.md")
        }),
        ("actor removed with its references", |s| {
            let root = s.site.root();
            fs::remove_file(root.join("content/actors/oumarou-maiga.md")).expect("rm");
            let brief = "content/briefs/cooperation-militaire.md";
            let event = "content/events/rencontre-dakar.md";
            for (path, from, to) in [
                (brief, "[[oumarou-maiga|Oumarou Maïga]]", "Oumarou Maïga"),
                (event, "[birame-diop, oumarou-maiga]", "[birame-diop]"),
            ] {
                let text = fs::read_to_string(root.join(path)).expect("read");
                fs::write(root.join(path), text.replace(from, to)).expect("write");
            }
            s.changed(&["content/actors/oumarou-maiga.md", brief, event])
        }),
        ("static file removed", |s| {
            s.remove("static/notes/readme.txt")
        }),
        ("template override removed", |s| {
            s.remove("templates/brief.html")
        }),
        ("site.yaml", |s| {
            s.edit("site.yaml", "paginate: 2", "paginate: 3")
        }),
    ];
    for (what, step) in steps {
        let outcome = step(&mut served);
        assert_eq!(outcome.errors, 0, "{what}: {}", outcome.report);
        let diff = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            served.assert_same_as_full_build()
        }));
        assert!(diff.is_ok(), "after step `{what}`");
    }
}

#[test]
fn changes_made_while_broken_are_all_rendered_once_fixed() {
    let mut served = Served::start(TestSite::fixture("full"));
    assert_eq!(
        served
            .write("content/briefs/casse.md", "---\ntitle: x\n")
            .errors,
        1
    );
    let outcome = served.edit(
        "content/actors/jnim.md",
        "name: \"JNIM\"",
        "name: \"JNIM renommé\"",
    );
    assert_eq!(outcome.errors, 1, "still broken: nothing is rendered");
    assert!(!served.get("/actors/jnim/").text().contains("JNIM renommé"));
    assert_ok(&served.remove("content/briefs/casse.md"));
    assert!(served.get("/actors/jnim/").text().contains("JNIM renommé"));
    served.assert_same_as_full_build();
}

#[test]
fn a_broken_template_shows_its_position_and_recovers() {
    let mut served = Served::start(TestSite::fixture("full"));
    let outcome = served.write("templates/brief.html", "{% extends \"base.html\" %}\n{% block content %}{{ brief.title }\n{% endblock content %}\n");
    assert_eq!(outcome.errors, 1, "{}", outcome.report);
    assert!(
        served.get("/").text().contains("templates/brief.html:2:"),
        "{}",
        outcome.report
    );
    assert_ok(&served.remove("templates/brief.html"));
    served.assert_same_as_full_build();
}

// ---------------------------------------------------------------------------
// On a real socket

#[test]
fn the_server_follows_edits_additions_and_deletions() {
    let site = TestSite::fixture("full");
    let root = site.root();
    let server = Server::start(&site);
    let brief = "content/briefs/cooperation-militaire.md";
    let (status, page) = server.get("/briefs/cooperation-militaire/");
    assert_eq!(status, 200);
    assert!(page.contains(EVENTS));

    // An event stream opened with the page's version hears each rebuild.
    let token = page
        .split("const token = \"")
        .nth(1)
        .and_then(|t| t.split('"').next())
        .expect("a token")
        .to_string();
    let mut events = TcpStream::connect(&server.address).expect("connect");
    write!(
        events,
        "GET {EVENTS}?v={token} HTTP/1.1\r\nHost: {}\r\n\r\n",
        server.address
    )
    .expect("send");
    events
        .set_read_timeout(Some(Duration::from_secs(20)))
        .expect("timeout");

    // Edit: a title, seen on the brief and on the pages listing it.
    let text = fs::read_to_string(root.join(brief)).expect("read");
    fs::write(
        root.join(brief),
        text.replace("Dakar et Bamako resserrent", "Dakar et Bamako consolident"),
    )
    .expect("write");
    server.wait_for(
        "/briefs/cooperation-militaire/",
        "shows the new title",
        |_, b| b.contains("Dakar et Bamako consolident"),
    );
    server.wait_for("/countries/senegal/", "shows the new title", |_, b| {
        b.contains("Dakar et Bamako consolident")
    });
    let mut heard = Vec::new();
    let mut reader = BufReader::new(events.try_clone().expect("clone"));
    while !String::from_utf8_lossy(&heard).contains("event: reload") {
        let mut line = String::new();
        reader
            .read_line(&mut line)
            .expect("the stream sends a reload event");
        assert!(!line.is_empty(), "the stream closed");
        heard.extend(line.bytes());
    }

    // Add: a brief citing Mali and the JNIM shows up in their backlinks.
    fs::write(
        root.join("content/briefs/alerte-kayes.md"),
        "---\ntitle: Alerte sur Kayes\ndate: 2025-12-30\ncountries: [mali]\n---\nLe [[jnim]] menace Kayes.\n",
    )
    .expect("write");
    server.wait_for("/briefs/alerte-kayes/", "exists", |s, _| s == 200);
    server.wait_for("/countries/mali/", "lists the new brief", |_, b| {
        b.contains("Alerte sur Kayes")
    });
    server.wait_for("/actors/jnim/", "lists the new brief", |_, b| {
        b.contains("Alerte sur Kayes")
    });

    // Delete: gone from its URL and from the backlinks.
    fs::remove_file(root.join("content/briefs/alerte-kayes.md")).expect("rm");
    server.wait_for("/briefs/alerte-kayes/", "is gone", |s, _| s == 404);
    server.wait_for("/countries/mali/", "no longer lists it", |_, b| {
        !b.contains("Alerte sur Kayes")
    });
    server.wait_for("/actors/jnim/", "no longer lists it", |_, b| {
        !b.contains("Alerte sur Kayes")
    });

    // A broken save shows the overlay; the fix brings the page back.
    let text = fs::read_to_string(root.join(brief)).expect("read");
    fs::write(root.join(brief), text.replacen("date:", "dat:", 1)).expect("write");
    server.wait_for("/", "shows the overlay", |_, b| {
        b.contains(overlay::ID) && b.contains("content/briefs/cooperation-militaire.md:3:1")
    });
    fs::write(root.join(brief), &text).expect("write");
    server.wait_for("/", "drops the overlay", |_, b| !b.contains(overlay::ID));

    // The terminal said what happened, one line per rebuild.
    let printed: Vec<String> = server.lines.try_iter().collect();
    assert!(
        printed
            .iter()
            .any(|l| l.contains("content/briefs/cooperation-militaire.md: ")
                && l.contains("rendered in")),
        "{printed:?}"
    );
    assert!(printed.iter().any(|l| l.contains("1 error")), "{printed:?}");
    assert!(
        !root.join("public").exists(),
        "serve writes nothing into the site"
    );
}

#[test]
fn a_port_in_use_gives_a_clear_message() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = taken.local_addr().expect("address").port().to_string();
    let run = TestSite::fixture("full").run(&["serve", "--port", &port]);
    run.expect_status(2);
    assert!(
        run.stderr
            .contains(&format!("port {port} is already in use")),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--port"), "{}", run.stderr);
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_the_server_cleanly() {
    let site = TestSite::fixture("full");
    let mut server = Server::start(&site);
    assert_eq!(server.get("/").0, 200);
    let killed = Command::new("kill")
        .args(["-INT", &server.child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = server.child.try_wait().expect("wait") {
            break status;
        }
        assert!(Instant::now() < deadline, "serve did not stop on Ctrl-C");
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut stderr = String::new();
    server
        .child
        .stderr
        .take()
        .expect("piped")
        .read_to_string(&mut stderr)
        .expect("read");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        status.code() == Some(0) || status.code().is_none(),
        "{status:?}"
    );
    std::net::TcpListener::bind(&server.address).expect("the port is free again");
    assert!(!site.root().join("public").exists());
}

// issue 18: events from data.

#[test]
fn editing_a_data_file_reloads_its_events() {
    let mut served = Served::start(TestSite::fixture("acled"));
    let outcome = served.edit(
        "data/acled-sahel.csv",
        "VDP and JNIM clashed near Djibo",
        "VDP and JNIM clashed again near Djibo",
    );
    assert_ok(&outcome);
    assert!(
        served
            .get("/events/acled-bfa900/")
            .text()
            .contains("VDP and JNIM clashed again near Djibo")
    );
    served.assert_same_as_full_build();
    // A row removed takes its page with it.
    let text = fs::read_to_string(served.site.root().join("data/acled-sahel.csv")).expect("read");
    let kept: Vec<&str> = text
        .split("\r\n")
        .filter(|line| !line.starts_with("BFA900,"))
        .collect();
    let outcome = served.write("data/acled-sahel.csv", &kept.join("\r\n"));
    assert_ok(&outcome);
    assert_eq!(served.get("/events/acled-bfa900/").status, 404);
    served.assert_same_as_full_build();
}
