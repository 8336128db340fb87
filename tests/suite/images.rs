//! Images, figures and files of documents (issue #12, DESIGN §8 "Files"):
//! bundles and the files beside flat documents, copied beside their pages
//! and linked under the base path; figures; sizes; lighter copies, valid
//! and cached; located errors for every bad file; `serve` showing a
//! changed image. Images are made by the tests, not committed.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use dossier::config::{ImageCache, Overrides};
use dossier::serve::rebuild::Workspace;
use dossier::serve::watch::Changes;

use crate::support::TestSite;

/// A PNG of `width` × `height` pixels (a gradient, so that copies differ).
fn png(width: u32, height: u32) -> Vec<u8> {
    let image = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 251) as u8, (y % 241) as u8, ((x / 7 + y) % 256) as u8])
    });
    let mut out = Vec::new();
    image
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .expect("a PNG can be written");
    out
}

/// A JPEG of `width` × `height` pixels.
fn jpeg(width: u32, height: u32) -> Vec<u8> {
    let image = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 256) as u8, 120, (y % 256) as u8])
    });
    let mut out = Vec::new();
    image
        .write_to(
            &mut std::io::Cursor::new(&mut out),
            image::ImageFormat::Jpeg,
        )
        .expect("a JPEG can be written");
    out
}

/// The `images` fixture, in French, served under `/sub/`.
fn site() -> TestSite {
    TestSite::fixture("images").write(
        "site.yaml",
        "title: T\nbase_url: https://example.org/sub/\nlanguage: fr\n",
    )
}

/// A brief's front matter, then `body`.
fn brief(body: &str) -> String {
    format!("---\ntitle: B\ndate: 2025-01-01\nsources: [S]\n---\n{body}\n")
}

/// The overrides of an in-process build, with its image cache.
fn overrides(cache: Option<&Path>) -> Overrides {
    Overrides {
        base_url: None,
        drafts: false,
        allow_red: false,
        image_cache: cache.map(|dir| ImageCache {
            dir: dir.to_path_buf(),
            write: true,
            trust: true,
        }),
    }
}

/// Every file of an in-process build, by path.
fn pages(
    site: &TestSite,
    cache: Option<&Path>,
) -> (BTreeMap<String, Vec<u8>>, dossier::images::Stats) {
    let built = dossier::build(&site.root(), &overrides(cache));
    let problems: Vec<String> = built
        .diagnostics
        .sorted(&built.sources)
        .into_iter()
        .filter(|d| d.severity == dossier::diagnostic::Severity::Error)
        .map(|d| d.problem.to_string())
        .collect();
    let pages = built
        .pages
        .unwrap_or_else(|| panic!("the site builds: {problems:?}"));
    (
        pages
            .into_iter()
            .map(|(path, bytes)| (path.as_str().to_string(), bytes))
            .collect(),
        built.images,
    )
}

/// `dossier check --format json` as (line, column, severity, message).
fn problems(site: &TestSite, file: &str) -> Vec<(u64, u64, String, String)> {
    let run = site.run(&["check", "--format", "json"]);
    let all: serde_json::Value =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout));
    all.as_array()
        .expect("an array")
        .iter()
        .filter(|p| p["file"] == file)
        .map(|p| {
            (
                p["line"].as_u64().expect("a line"),
                p["column"].as_u64().expect("a column"),
                p["severity"].as_str().expect("a severity").to_string(),
                p["message"].as_str().expect("a message").to_string(),
            )
        })
        .collect()
}

#[test]
fn bundle_files_are_copied_beside_the_page_and_linked_under_the_base_path() {
    let site = site().build();
    let main = site.main("briefs/trade/");
    // The figure: its size from the SVG, its caption from its title,
    // spaced as the French site's text is.
    assert!(
        main.contains(
            "<figure>\n<img src=\"/sub/briefs/trade/chart.svg\" alt=\"Bars of exports in 2023 and 2024\" width=\"320\" height=\"180\" decoding=\"async\">\n<figcaption>Exports, 2023 and 2024. Source\u{202F}: a note.</figcaption>\n</figure>"
        ),
        "{main}"
    );
    assert!(
        main.contains("<a href=\"/sub/briefs/trade/note.txt\">the note</a>"),
        "{main}"
    );
    for file in ["chart.svg", "wide.png", "note.txt"] {
        let copied = fs::read(site.output().join("briefs/trade").join(file)).expect(file);
        let source = fs::read(site.root().join("content/briefs/trade").join(file)).expect(file);
        assert_eq!(copied, source, "{file} is copied as it is");
    }
}

#[test]
fn files_of_a_bundle_that_nothing_names_are_copied_too() {
    let site = site()
        .write_bytes("content/briefs/trade/scan.pdf", b"%PDF-1.4 a scan")
        .build();
    assert_eq!(
        fs::read(site.output().join("briefs/trade/scan.pdf")).expect("copied"),
        b"%PDF-1.4 a scan"
    );
}

#[test]
fn a_flat_document_gets_a_copy_of_each_file_beside_it_that_it_names() {
    let site = site()
        .write_bytes("content/briefs/logo.png", &png(30, 20))
        .write_bytes("content/briefs/unused.png", &png(30, 20))
        .write("content/briefs/a.md", &brief("![the logo](logo.png)"))
        .write(
            "content/briefs/b.md",
            &brief("Inline ![the logo](logo.png)."),
        )
        .build();
    for page in ["a", "b"] {
        let main = site.main(&format!("briefs/{page}/"));
        assert!(
            main.contains(&format!(
                "<img src=\"/sub/briefs/{page}/logo.png\" alt=\"the logo\" width=\"30\" height=\"20\""
            )),
            "{main}"
        );
        assert!(
            site.output()
                .join(format!("briefs/{page}/logo.png"))
                .is_file()
        );
    }
    assert!(
        !site.output().join("briefs/unused.png").exists()
            && !site.output().join("briefs/a/unused.png").exists(),
        "a loose file nothing names is not copied"
    );
}

#[test]
fn the_base_path_is_written_for_every_way_of_naming_a_file() {
    let site = site()
        .write_bytes("static/img/logo.png", &png(12, 10))
        .write(
            "content/briefs/trade/index.md",
            &brief(
                "![one](wide.png) ![two](/img/logo.png) ![three](../../../static/img/logo.png) [four](./note.txt#line=2)",
            ),
        )
        .build();
    let main = site.main("briefs/trade/");
    for src in [
        "src=\"/sub/briefs/trade/wide.1600w.png\"",
        "src=\"/sub/img/logo.png\" alt=\"two\" width=\"12\" height=\"10\"",
        "src=\"/sub/img/logo.png\" alt=\"three\" width=\"12\" height=\"10\"",
        "href=\"/sub/briefs/trade/note.txt#line=2\"",
    ] {
        assert!(main.contains(src), "{src} in {main}");
    }
}

#[test]
fn a_lone_image_is_a_figure_and_the_images_after_the_first_load_lazily() {
    let site = site()
        .write_bytes("content/briefs/trade/a.png", &png(8, 6))
        .write(
            "content/briefs/trade/index.md",
            &brief(
                "![first](a.png \"The caption\")\n\nText ![second](a.png \"A title\") and more.\n\n![third](a.png)\n",
            ),
        )
        .build();
    let main = site.main("briefs/trade/");
    assert!(
        main.contains("<figure>\n<img src=\"/sub/briefs/trade/a.png\" alt=\"first\" width=\"8\" height=\"6\" decoding=\"async\">\n<figcaption>The caption</figcaption>\n</figure>"),
        "{main}"
    );
    assert!(
        main.contains("<p>Text <img src=\"/sub/briefs/trade/a.png\" alt=\"second\" title=\"A title\" width=\"8\" height=\"6\" loading=\"lazy\" decoding=\"async\"> and more.</p>"),
        "{main}"
    );
    assert!(
        main.contains("<figure>\n<img src=\"/sub/briefs/trade/a.png\" alt=\"third\" width=\"8\" height=\"6\" loading=\"lazy\" decoding=\"async\">\n</figure>"),
        "{main}"
    );
    assert_eq!(main.matches("<figcaption>").count(), 1);
}

#[test]
fn large_images_get_lighter_copies_that_are_valid_images() {
    let site = site()
        .write_bytes("content/briefs/trade/map.png", &png(2000, 500))
        .write_bytes("content/briefs/trade/photo.jpg", &jpeg(1800, 1200))
        .write(
            "content/briefs/trade/index.md",
            &brief("![a map](map.png)\n\n![a photo](photo.jpg)"),
        )
        .build();
    let main = site.main("briefs/trade/");
    assert!(main.contains("<picture><source type=\"image/webp\" srcset=\"/sub/briefs/trade/map.480w.webp 480w, /sub/briefs/trade/map.960w.webp 960w, /sub/briefs/trade/map.1600w.webp 1600w\" sizes=\""), "{main}");
    assert!(main.contains("<img src=\"/sub/briefs/trade/map.1600w.png\" srcset=\"/sub/briefs/trade/map.480w.png 480w, /sub/briefs/trade/map.960w.png 960w, /sub/briefs/trade/map.1600w.png 1600w\""), "{main}");
    assert!(main.contains("width=\"1600\" height=\"400\""), "{main}");
    assert!(
        main.contains("<img src=\"/sub/briefs/trade/photo.1600w.jpg\" srcset=\"/sub/briefs/trade/photo.480w.jpg 480w, /sub/briefs/trade/photo.960w.jpg 960w, /sub/briefs/trade/photo.1600w.jpg 1600w\""),
        "JPEG images get JPEG copies only, outside a <picture>: {main}"
    );
    let copies = [
        ("map.480w.png", 480, 120, image::ImageFormat::Png),
        ("map.960w.webp", 960, 240, image::ImageFormat::WebP),
        ("map.1600w.png", 1600, 400, image::ImageFormat::Png),
        ("map.1600w.webp", 1600, 400, image::ImageFormat::WebP),
        ("photo.480w.jpg", 480, 320, image::ImageFormat::Jpeg),
        ("photo.1600w.jpg", 1600, 1067, image::ImageFormat::Jpeg),
    ];
    for (name, width, height, format) in copies {
        let bytes = fs::read(site.output().join("briefs/trade").join(name)).expect(name);
        let decoded = image::load_from_memory_with_format(&bytes, format)
            .unwrap_or_else(|e| panic!("{name} is not a valid image: {e}"));
        assert_eq!(
            (decoded.width(), decoded.height()),
            (width, height),
            "{name}"
        );
    }
    // The original stays, for whoever wants it whole.
    assert!(site.output().join("briefs/trade/map.png").is_file());
}

#[test]
fn an_unchanged_image_decodes_nothing_on_the_next_build_and_the_output_is_the_same() {
    let site = site()
        .write_bytes("content/briefs/trade/map.png", &png(1700, 300))
        .write_bytes("content/briefs/trade/photo.jpg", &jpeg(1650, 400))
        .write(
            "content/briefs/trade/index.md",
            &brief("![a map](map.png)\n\n![a photo](photo.jpg)"),
        );
    let cache = site.parent().join("cache");
    let (cold, first) = pages(&site, Some(&cache));
    assert_eq!(
        first.decoded, 2,
        "each image is decoded once for all its copies"
    );
    assert_eq!(first.reused, 0);
    let (warm, second) = pages(&site, Some(&cache));
    assert_eq!(second.decoded, 0, "the second build decodes nothing");
    assert_eq!(second.reused, 9, "6 copies of the PNG, 3 of the JPEG");
    assert!(
        cold == warm,
        "a warm build writes the same bytes as a cold one"
    );
    let (uncached, _) = pages(&site, None);
    assert!(cold == uncached, "the cache changes no byte");
    // A changed image is decoded again.
    let site = site.write_bytes("content/briefs/trade/map.png", &png(1700, 301));
    let (_, third) = pages(&site, Some(&cache));
    assert_eq!(third.decoded, 1);
}

#[test]
fn build_prints_what_images_cost_and_keeps_its_cache_beside_the_output() {
    let site = site()
        .write_bytes("content/briefs/trade/map.png", &png(1700, 300))
        .write("content/briefs/trade/index.md", &brief("![a map](map.png)"));
    let first = site.try_build(&[]);
    first.expect_status(0);
    assert!(
        first
            .stdout
            .contains("images: 1 decoded for lighter copies, 0 copies from the cache"),
        "{}",
        first.stdout
    );
    // The brief changes, so that the build runs (a build of a site that
    // did not change does nothing, issue 17) and makes the copies again.
    let site = site.write(
        "content/briefs/trade/index.md",
        &brief("![a map](map.png)\n\nUne phrase de plus."),
    );
    let second = site.try_build(&[]);
    assert!(
        second
            .stdout
            .contains("images: 0 decoded for lighter copies, 6 copies from the cache"),
        "{}",
        second.stdout
    );
    let cache = site.root().join(".public.dossier-cache/images");
    assert_eq!(fs::read_dir(&cache).expect("the cache").count(), 6);
    assert!(
        walk(site.output())
            .iter()
            .all(|p| !p.contains("dossier-cache")),
        "nothing of the cache is in the output"
    );
    // `check` reads the cache and writes nothing.
    fs::remove_dir_all(&cache).expect("remove the cache");
    site.run(&["check"]).expect_status(0);
    assert!(!cache.exists(), "check writes no cache");
}

#[test]
fn names_with_spaces_hashes_question_marks_accents_and_dots_are_percent_encoded() {
    let names = ["a b.png", "a#b.png", "a?b.png", "carte é.png", "a..b.png"];
    let mut site = site();
    for name in names {
        site = site.write_bytes(&format!("content/briefs/trade/{name}"), &png(4, 4));
    }
    let site = site
        .write(
            "content/briefs/trade/index.md",
            &brief("![1](a%20b.png) ![2](<a b.png>) ![3](a%23b.png) ![4](a%3Fb.png) ![5](carte%20%C3%A9.png) ![6](<carte é.png>) ![7](a..b.png)"),
        )
        .build();
    let main = site.main("briefs/trade/");
    for src in [
        "/sub/briefs/trade/a%20b.png\" alt=\"1\"",
        "/sub/briefs/trade/a%20b.png\" alt=\"2\"",
        "/sub/briefs/trade/a%23b.png\" alt=\"3\"",
        "/sub/briefs/trade/a%3Fb.png\" alt=\"4\"",
        "/sub/briefs/trade/carte%20%C3%A9.png\" alt=\"5\"",
        "/sub/briefs/trade/carte%20%C3%A9.png\" alt=\"6\"",
        "/sub/briefs/trade/a..b.png\" alt=\"7\"",
    ] {
        assert!(main.contains(src), "{src} in {main}");
    }
    for name in names {
        assert!(
            site.output().join("briefs/trade").join(name).is_file(),
            "{name}"
        );
    }
}

#[test]
fn missing_and_escaping_files_are_errors_at_their_links() {
    let site = site()
        .write_bytes("content/countries/map.png", &png(4, 4))
        .write_bytes("templates/x.png", &png(4, 4))
        .write(
            "content/briefs/trade/index.md",
            &brief(
                "![a](nope.png)\n[b](../../../../etc/passwd)\n![c](../../../templates/x.png)\n![d](../../countries/map.png)\n![e](note.txt)\n![f](wid.png)",
            ),
        );
    let found = problems(&site, "content/briefs/trade/index.md");
    let errors: Vec<(u64, u64, &str)> = found
        .iter()
        .filter(|p| p.2 == "error")
        .map(|p| (p.0, p.1, p.3.as_str()))
        .collect();
    assert_eq!(
        errors,
        [
            (
                6,
                1,
                "broken link: there is no file `content/briefs/trade/nope.png`"
            ),
            (
                7,
                1,
                "`../../../../etc/passwd` leads out of the site: dossier copies only files of `content/` and `static/`"
            ),
            (
                8,
                1,
                "`../../../templates/x.png` is outside `content/` and `static/`: dossier copies only files of those folders"
            ),
            (
                9,
                1,
                "`content/countries/map.png` is not beside this document: a page gets copies of the files of its own folder, of bundles and of `static/`"
            ),
            (
                10,
                1,
                "`content/briefs/trade/note.txt` is not an image a page can show (PNG, JPEG, GIF, WebP, SVG or AVIF)"
            ),
            (
                11,
                1,
                "broken link: there is no file `content/briefs/trade/wid.png`"
            ),
        ]
    );
    let run = site.try_build(&[]);
    run.expect_status(1);
    assert!(
        run.stderr.contains("help: did you mean `wide.png`?"),
        "{}",
        run.stderr
    );
    assert!(!site.output().exists(), "nothing is written");
}

#[test]
fn bad_images_are_errors_at_their_links_never_a_panic() {
    let whole = png(40, 30);
    let photo = jpeg(64, 64);
    let mut bomb = png(4, 4);
    bomb[16..20].copy_from_slice(&20_000u32.to_be_bytes());
    bomb[20..24].copy_from_slice(&20_000u32.to_be_bytes());
    let site = site()
        .write_bytes("content/briefs/trade/empty.png", b"")
        .write_bytes("content/briefs/trade/cut.png", &whole[..whole.len() / 2])
        .write_bytes("content/briefs/trade/cut.jpg", &photo[..photo.len() / 2])
        .write_bytes("content/briefs/trade/bomb.png", &bomb)
        .write_bytes("content/briefs/trade/photo.png", &photo)
        .write(
            "content/briefs/trade/index.md",
            &brief(
                "![a](empty.png)\n![b](cut.png)\n![c](cut.jpg)\n![d](bomb.png)\n![e](photo.png)",
            ),
        );
    let found = problems(&site, "content/briefs/trade/index.md");
    let errors: Vec<(u64, u64, &str)> = found
        .iter()
        .filter(|p| p.2 == "error")
        .map(|p| (p.0, p.1, p.3.as_str()))
        .collect();
    assert_eq!(
        errors,
        [
            (
                6,
                1,
                "the image `content/briefs/trade/empty.png` cannot be shown: the file is empty"
            ),
            (
                7,
                1,
                "the image `content/briefs/trade/cut.png` cannot be shown: the PNG file is cut short (truncated): save or export it again"
            ),
            (
                8,
                1,
                "the image `content/briefs/trade/cut.jpg` cannot be shown: the JPEG file is cut short (truncated): save or export it again"
            ),
            (
                9,
                1,
                "the image `content/briefs/trade/bomb.png` cannot be shown: it is 20000 × 20000 pixels, more than dossier reads (64 megapixels): reduce it first"
            ),
            (
                10,
                1,
                "the image `content/briefs/trade/photo.png` cannot be shown: its name says PNG, but it holds JPEG: rename it or convert it"
            ),
        ]
    );
    site.try_build(&[]).expect_status(1);
}

#[cfg(unix)]
#[test]
fn links_out_of_the_site_and_link_loops_are_errors_not_copies() {
    let site = site();
    let outside = site.parent().join("secret.png");
    fs::write(&outside, png(4, 4)).expect("write");
    let trade = site.root().join("content/briefs/trade");
    std::os::unix::fs::symlink(&outside, trade.join("secret.png")).expect("link");
    std::os::unix::fs::symlink("loop.png", trade.join("loop.png")).expect("link");
    let run = site.run(&["check"]);
    run.expect_status(1);
    assert!(
        run.stderr.contains("content/briefs/trade/secret.png:1:1: error: `content/briefs/trade/secret.png` is a link to a file outside `content/` and `static/`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("content/briefs/trade/loop.png:1:1: error: cannot read this file"),
        "{}",
        run.stderr
    );
    site.try_build(&[]).expect_status(1);
    assert!(!site.output().exists());
}

#[test]
fn an_image_without_alt_text_is_a_warning() {
    let site = site().write(
        "content/briefs/trade/index.md",
        &brief("Text.\n\n![](wide.png)"),
    );
    let found = problems(&site, "content/briefs/trade/index.md");
    assert_eq!(
        found,
        [(
            8,
            1,
            "warning".to_string(),
            "this image has no alt text: readers who cannot see it learn nothing of it".to_string()
        )]
    );
}

/// A build cuts documents to their front matter before it renders them,
/// and pages read their bodies again (issue 17); a file with a problem in
/// its body is kept whole, so that the report still quotes the line.
#[test]
fn a_build_quotes_the_body_line_of_a_warning() {
    let site = site().write(
        "content/briefs/trade/index.md",
        &brief("Text.\n\n![](wide.png)"),
    );
    let run = site.try_build(&[]);
    run.expect_status(0);
    assert!(
        run.stderr
            .contains("content/briefs/trade/index.md:8:1: warning: this image has no alt text"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("8 | ![](wide.png)"), "{}", run.stderr);
    assert!(
        site.main("briefs/trade/").contains("<p>Text.</p>"),
        "{}",
        site.main("briefs/trade/")
    );
}

#[test]
fn a_briefs_image_is_its_card_and_its_og_image_and_attachments_are_listed() {
    let site = site().build();
    let page = site.page("briefs/trade/");
    assert!(
        page.contains("<meta property=\"og:image\" content=\"https://example.org/sub/briefs/trade/wide.1600w.png\">"),
        "{page}"
    );
    let index = site.main("briefs/");
    assert!(
        index.contains("<img class=\"card-image\" src=\"/sub/briefs/trade/wide.1600w.png\" srcset=\"/sub/briefs/trade/wide.480w.png 480w, /sub/briefs/trade/wide.960w.png 960w, /sub/briefs/trade/wide.1600w.png 1600w\""),
        "{index}"
    );
    let main = site.main("briefs/trade/");
    assert!(
        main.contains("<h2 id=\"attachments-title\">Pièces jointes</h2>"),
        "{main}"
    );
    assert!(
        main.contains("<li><a href=\"/sub/briefs/trade/note.txt\" download>The original note</a> <span class=\"attachment-meta\">note.txt, 32 octets</span></li>"),
        "{main}"
    );
}

#[test]
fn markdown_in_a_bundle_and_a_folder_beside_a_flat_file_are_reported() {
    let site = site()
        .write("content/briefs/trade/notes.md", "# Notes\n")
        .write("content/briefs/solo.md", &brief("Alone."))
        .write_bytes("content/briefs/solo/chart.png", &png(4, 4));
    let run = site.run(&["check"]);
    run.expect_status(1);
    assert!(
        run.stderr.contains("content/briefs/trade/notes.md:1:1: error: `content/briefs/trade/notes.md` is a Markdown file inside `content/briefs/trade/`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/briefs/solo.md:1:1: error: the folder `content/briefs/solo/` stands beside this document"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("git mv content/briefs/solo.md content/briefs/solo/index.md")
    );
}

#[test]
fn a_built_page_may_not_show_a_file_of_a_draft() {
    let site = site()
        .write(
            "content/briefs/hidden/index.md",
            "---\ntitle: H\ndate: 2025-01-01\ndraft: true\n---\nDraft.\n",
        )
        .write_bytes("content/briefs/hidden/secret.png", &png(4, 4))
        .write(
            "content/briefs/trade/index.md",
            &brief("![a secret](../hidden/secret.png)"),
        );
    let found = problems(&site, "content/briefs/trade/index.md");
    assert!(
        found.iter().any(|p| p.3 == "`content/briefs/hidden/secret.png` belongs to the draft `briefs/hidden`, which this build leaves out"),
        "{found:?}"
    );
    let site = site.write(
        "content/briefs/trade/index.md",
        &brief("No image of the draft."),
    );
    let site = site.build();
    assert!(
        !site.output().join("briefs/hidden").exists(),
        "a draft's files are not published"
    );
    let site = site.build_with(&["--drafts"]);
    assert!(site.output().join("briefs/hidden/secret.png").is_file());
}

#[test]
fn new_brief_bundle_writes_an_index_file_in_its_folder() {
    let site = site();
    let run = site.run(&[
        "new",
        "brief",
        "--bundle",
        "Exports of 2024",
        "--date",
        "2025-02-03",
    ]);
    run.expect_status(0);
    let path = site.root().join("content/briefs/exports-of-2024/index.md");
    assert!(path.is_file(), "{run:?}");
    assert!(
        fs::read_to_string(&path)
            .expect("read")
            .contains("date: 2025-02-03")
    );
    // The same slug as a flat file would be the same brief twice.
    let again = site.run(&["new", "brief", "Exports of 2024"]);
    again.expect_status(2);
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
    site.build();
}

#[test]
fn a_changed_image_reaches_the_preview_and_its_page_shows_its_new_size() {
    let site = site()
        .write_bytes("content/briefs/trade/a.png", &png(10, 10))
        .write(
            "content/briefs/trade/index.md",
            &brief("![a square](a.png)"),
        );
    let root = site.root();
    let overrides = Overrides {
        base_url: Some("http://127.0.0.1:1111/".to_string()),
        drafts: false,
        allow_red: false,
        image_cache: None,
    };
    let (mut workspace, first) = Workspace::load(&root, overrides.clone());
    assert_eq!(first.errors, 0, "{}", first.report);
    fs::write(root.join("content/briefs/trade/a.png"), png(20, 10)).expect("write");
    let changes = Changes::of_paths(&root, [root.join("content/briefs/trade/a.png").as_path()]);
    let outcome = workspace.rebuild(&changes);
    assert_eq!(outcome.errors, 0, "{}", outcome.report);
    let update = outcome.update.expect("the preview changes");
    let file = update
        .pages
        .iter()
        .find(|(path, _)| path.as_str() == "briefs/trade/a.png")
        .map(|(_, bytes)| bytes.clone())
        .expect("the image is copied again");
    assert_eq!(file, png(20, 10));
    let page = update
        .pages
        .iter()
        .find(|(path, _)| path.as_str() == "briefs/trade/index.html")
        .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
        .expect("its page is made again");
    assert!(page.contains("width=\"20\" height=\"10\""), "{page}");
    // And the page is what a full build makes.
    let full = dossier::build(&root, &overrides).pages.expect("builds");
    let built = full
        .iter()
        .find(|(path, _)| path.as_str() == "briefs/trade/index.html")
        .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
        .expect("the page");
    assert_eq!(page, built);
}

#[test]
fn the_gitignore_of_a_new_site_leaves_out_the_image_cache() {
    for language in ["fr", "en"] {
        let text = fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("src/cli/scaffold")
                .join(language)
                .join("gitignore"),
        )
        .expect("read");
        assert!(
            text.lines().any(|l| l == ".public.dossier-*"),
            "`.public.dossier-cache/` and the lock file are covered in {language}"
        );
    }
}

/// Every file under `dir`, as paths relative to it.
fn walk(dir: &Path) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .expect("inside")
                .to_string_lossy()
                .into_owned()
        })
        .collect()
}
