//! Body links go where their source says, whatever stands around them
//! (issue #11): a property test over random sequences of every form of
//! link, built in process (STYLE §8.6), comparing each `href` and `src` of
//! the page with the target its source names, in order.

use std::fs;
use std::path::Path;

use dossier::config::Overrides;
use dossier::render::UrlPath;
use proptest::prelude::*;

/// One link of a body: its Markdown, and the `href` (or `src`) it must
/// become on a site served under `/sub/`. The brief links from
/// `content/briefs/b.md`, whose body has a heading "Contexte".
#[derive(Debug, Clone)]
struct Form {
    markdown: String,
    href: String,
}

fn form(markdown: &str, href: &str) -> Form {
    Form {
        markdown: markdown.to_string(),
        href: href.to_string(),
    }
}

/// Every form of link a body may hold, numbered so that two links of one
/// form differ.
fn forms(n: usize) -> Vec<Form> {
    vec![
        form(
            &format!("[the report](https://example.com/report/{n})"),
            &format!("https://example.com/report/{n}"),
        ),
        form(
            "[write](mailto:desk@example.org)",
            "mailto:desk@example.org",
        ),
        form(
            &format!("<https://auto.example.org/{n}>"),
            &format!("https://auto.example.org/{n}"),
        ),
        form("[[mali]]", "/sub/countries/mali/"),
        form("[[jnim|le groupe]]", "/sub/actors/jnim/"),
        form("[[countries/senegal]]", "/sub/countries/senegal/"),
        form("[[mali#Sécurité]]", "/sub/countries/mali/#securite"),
        form(
            "[[countries/mali#securite|la sécurité]]",
            "/sub/countries/mali/#securite",
        ),
        form(
            "[[Jama'at Nusrat al-Islam wal-Muslimin]]",
            "/sub/actors/jnim/",
        ),
        form("[la fiche](../actors/jnim.md)", "/sub/actors/jnim/"),
        form(
            "[la section](../countries/mali.md#securite)",
            "/sub/countries/mali/#securite",
        ),
        form("[plus haut](#contexte)", "#contexte"),
        form("[les pays](/countries/)", "/sub/countries/"),
        form("![la carte](/img/carte.png)", "/sub/img/carte.png"),
        form(
            &format!("![une photo](https://img.example.org/{n}.jpg)"),
            &format!("https://img.example.org/{n}.jpg"),
        ),
        form("[une note][note]", "https://notes.example.org/"),
        form("[[blocus]]", "/sub/events/blocus/"),
    ]
}

/// The fixed part of the site: the documents the links name.
fn write_site(root: &Path) {
    let files = [
        (
            "site.yaml",
            "title: T\nbase_url: https://example.org/\nlanguage: fr\n",
        ),
        (
            "content/countries/mali.md",
            "---\nname: Mali\niso2: ML\n---\n## Sécurité\n\nTexte.\n",
        ),
        (
            "content/countries/senegal.md",
            "---\nname: Sénégal\niso2: SN\n---\n",
        ),
        (
            "content/actors/jnim.md",
            "---\nname: JNIM\nkind: armed-group\naliases: [\"Jama'at Nusrat al-Islam wal-Muslimin\"]\n---\n",
        ),
        (
            "content/events/blocus.md",
            "---\ntitle: Blocus\ndate: 2025-07\ncountries: [mali]\n---\n",
        ),
        ("static/img/carte.png", "png"),
    ];
    for (path, text) in files {
        let path = root.join(path);
        fs::create_dir_all(path.parent().expect("a folder")).expect("mkdir");
        fs::write(path, text).expect("write");
    }
}

/// The `href`s and `src`s of the body of the brief page, in order (the
/// notes section, which a footnote adds, left out).
fn body_targets(html: &str) -> Vec<String> {
    let start = html.find("<div class=\"prose\">").expect("a body") + 19;
    let end = html[start..].find("</div>").expect("its end") + start;
    let body = &html[start..end];
    let mut found = Vec::new();
    let mut rest = body;
    while let Some(at) = rest.find([' ', '<']) {
        rest = &rest[at + 1..];
        for attribute in ["href=\"", "src=\""] {
            if let Some(value) = rest.strip_prefix(attribute) {
                let value = &value[..value.find('"').expect("a closing quote")];
                found.push(value.replace("&amp;", "&"));
            }
        }
    }
    found
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Every link of a body, in any order with any text between, is
    /// written with the target its own source names.
    #[test]
    fn every_link_goes_where_its_source_says(
        picks in prop::collection::vec((0usize..17, "[a-z]{0,8}( [a-z]{1,6}){0,2}"), 1..14),
    ) {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let root = dir.path();
        write_site(root);
        let mut body = String::from("## Contexte\n\n");
        let mut expected = Vec::new();
        for (n, (pick, words)) in picks.iter().enumerate() {
            let form = forms(n)[*pick].clone();
            body.push_str(&format!("{words} {} ", form.markdown));
            expected.push(form.href);
        }
        body.push_str("\n\n[note]: https://notes.example.org/\n");
        let brief = format!(
            "---\ntitle: B\ndate: 2025-07-03\nsources: [APA]\ncountries: [mali]\n---\n{body}"
        );
        fs::create_dir_all(root.join("content/briefs")).expect("mkdir");
        fs::write(root.join("content/briefs/b.md"), brief).expect("write");
        let overrides = Overrides {
            base_url: Some("https://example.org/sub/".to_string()),
            drafts: false,
            allow_red: false,
            image_cache: None,
        };
        let built = dossier::build(root, &overrides);
        let problems = dossier::diagnostic::human(&built.diagnostics, &built.sources, false);
        let pages = built.pages.expect(&problems);
        let page = &pages[&UrlPath::file("briefs/b/index.html")];
        let html = String::from_utf8_lossy(page);
        prop_assert_eq!(body_targets(&html), expected, "{}", body);
    }
}
