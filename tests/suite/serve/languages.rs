//! `serve` on a site of two languages (issue 16): every language is served,
//! and every rebuild after an edit of an original, a translation or a file
//! only a translation shows gives the pages a full build gives.

use std::fs;

use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

use super::{Served, assert_ok};
use crate::support::{TestSite, fixtures};

/// A text for a file of the site, or the file removed.
#[derive(Debug, Clone, Copy)]
enum Version {
    Text(&'static str),
    Image(&'static str),
    Absent,
}

/// The files the edits play on, each with the versions it may take; the
/// first is the fixture's own. Any mix of versions is a site without
/// errors.
const FILES: [(&str, &[Version]); 8] = [
    (
        "content/briefs/blocus-carburant.en.md",
        &[
            Version::Text(
                "---\ntitle: The fuel blockade in Mali\nsummary: JNIM is choking Bamako.\nkey_points:\n  - The blockade will last.\n---\n[[Support Group]] blocks the roads to [[Sénégal|Senegal]]. See [[Republic of Mali]].\n\nRead the event under its French name: [[Blocus du carburant|the blockade]].\n",
            ),
            Version::Text(
                "---\ntitle: The fuel blockade in Mali\nsummary: JNIM is choking Bamako.\n---\n[[Support Group]] closes the roads. Read [[note-dakar]] too.\n",
            ),
            Version::Text(
                "---\ntitle: Mali's fuel blockade\n---\nA shorter English version, on [[senegal]].\n",
            ),
            Version::Absent,
        ],
    ),
    (
        "content/briefs/blocus-carburant.md",
        &[
            Version::Text(
                "---\ntitle: Le blocus du carburant au Mali\ndate: 2025-09-10\nsummary: Le JNIM asphyxie Bamako.\ncountries: [mali, senegal]\nactors: [jnim]\nevents: [blocus]\ntags: [Sécurité, Économie]\nkey_points:\n  - text: Le blocus durera.\n    likelihood: likely\n---\nLe [[jnim]] bloque les routes vers [[Sénégal|le Sénégal]]. Voir [[République du Mali]].\n\nVoir aussi [[note-dakar]].\n",
            ),
            // A body edit of an original.
            Version::Text(
                "---\ntitle: Le blocus du carburant au Mali\ndate: 2025-09-10\nsummary: Le JNIM asphyxie Bamako.\ncountries: [mali, senegal]\nactors: [jnim]\nevents: [blocus]\ntags: [Sécurité, Économie]\nkey_points:\n  - text: Le blocus durera.\n    likelihood: likely\n---\nLe [[jnim]] ferme les routes. Voir [[République du Mali]].\n",
            ),
            // What a translation inherits: its date, countries, tags.
            Version::Text(
                "---\ntitle: Le blocus du carburant au Mali\ndate: 2025-10-02\nsummary: Le JNIM asphyxie Bamako.\ncountries: [mali]\nactors: [jnim]\nevents: [blocus]\ntags: [Économie]\nkey_points:\n  - text: Le blocus durera.\n    likelihood: likely\n---\nLe [[jnim]] bloque les routes vers [[Sénégal|le Sénégal]].\n",
            ),
        ],
    ),
    (
        "content/briefs/note-dakar.md",
        &[
            Version::Text(
                "---\ntitle: Note de Dakar\ndate: 2025-08-01\ncountries: [senegal]\ntags: [Diplomatie]\n---\nUne note non traduite sur le [[senegal]].\n",
            ),
            Version::Text(
                "---\ntitle: Note de Dakar, revue\ndate: 2025-08-03\ncountries: [senegal, mali]\ntags: [Diplomatie]\n---\nUne note revue sur le [[senegal]].\n\n![La carte](carte-en.png)\n",
            ),
        ],
    ),
    (
        "content/briefs/note-dakar.en.md",
        &[
            Version::Absent,
            Version::Text("---\ntitle: Dakar note\n---\n![The map](carte-en.png)\n"),
            Version::Text(
                "---\ntitle: The Dakar note\nsummary: Untranslated no more.\n---\nOn [[Senegal]].\n",
            ),
        ],
    ),
    (
        "content/briefs/carte-en.png",
        &[
            Version::Image("images/content/briefs/shared chart.png"),
            Version::Image("images/content/briefs/trade/wide.png"),
        ],
    ),
    (
        "content/countries/senegal.en.md",
        &[
            Version::Absent,
            Version::Text(
                "---\nname: Senegal\naliases: [Republic of Senegal]\n---\nSenegal borders the Atlantic.\n",
            ),
            Version::Text("---\nname: Senegal (Republic)\n---\nOn the Atlantic.\n"),
        ],
    ),
    (
        "content/countries/senegal.md",
        &[
            Version::Text(
                "---\nname: Sénégal\niso2: SN\ncapital: Dakar\naliases: [République du Sénégal]\n---\nLe Sénégal borde l'Atlantique.\n",
            ),
            Version::Text(
                "---\nname: Sénégal (République)\niso2: SN\ncapital: Dakar\naliases: [République du Sénégal, Senegal]\n---\nLe Sénégal, sur l'Atlantique.\n",
            ),
        ],
    ),
    (
        "content/briefs/carte/index.en.md",
        &[
            Version::Text(
                "---\ntitle: Map of the roads\n---\nThe roads of [[mali]].\n\n![Map of the roads](routes.svg)\n",
            ),
            Version::Text("---\ntitle: Road map\n---\nThe roads of [[mali]], redrawn.\n"),
            Version::Absent,
        ],
    ),
];

/// The `translations` fixture served, with the image its edits show.
fn start() -> Served {
    let site = TestSite::fixture("translations");
    let image = fs::read(fixtures().join("images/content/briefs/shared chart.png")).expect("image");
    fs::write(site.root().join("content/briefs/carte-en.png"), image).expect("write");
    Served::start(site)
}

/// Puts file `file` of [`FILES`] in its version `version`, and rebuilds.
fn put(served: &mut Served, file: usize, version: usize) -> super::Outcome {
    let (path, versions) = FILES[file];
    let at = served.site.root().join(path);
    match versions[version % versions.len()] {
        Version::Text(text) => fs::write(&at, text).expect("write"),
        Version::Image(from) => {
            fs::write(&at, fs::read(fixtures().join(from)).expect("image")).expect("write")
        }
        Version::Absent => {
            if at.exists() {
                fs::remove_file(&at).expect("remove");
            }
        }
    }
    served.changed(&[path])
}

#[test]
fn every_language_is_served_and_follows_edits() {
    let mut served = start();
    served.assert_same_as_full_build();
    assert_eq!(served.get("/en/briefs/blocus-carburant/").status, 200);
    assert_eq!(served.get("/en/countries/senegal/").status, 200);
    assert_eq!(served.get("/en/briefs/note-dakar/").status, 404);
    // A translation's body.
    let outcome = served.edit(
        "content/briefs/blocus-carburant.en.md",
        "blocks the roads",
        "closes the roads",
    );
    assert_ok(&outcome);
    assert!(
        served
            .get("/en/briefs/blocus-carburant/")
            .text()
            .contains("closes the roads")
    );
    served.assert_same_as_full_build();
    // An original's front matter shows in both languages.
    let outcome = served.edit(
        "content/briefs/blocus-carburant.md",
        "date: 2025-09-10",
        "date: 2025-10-02",
    );
    assert_ok(&outcome);
    for url in ["/briefs/blocus-carburant/", "/en/briefs/blocus-carburant/"] {
        assert!(served.get(url).text().contains("2025-10-02"), "{url}");
    }
    served.assert_same_as_full_build();
    // A new translation: its page, and the original's language switcher.
    let outcome = served.write(
        "content/briefs/note-dakar.en.md",
        "---\ntitle: Dakar note\n---\n![The map](carte-en.png)\n",
    );
    assert_ok(&outcome);
    assert_eq!(served.get("/en/briefs/note-dakar/").status, 200);
    assert_eq!(served.get("/briefs/note-dakar/carte-en.png").status, 200);
    assert!(
        served
            .get("/briefs/note-dakar/")
            .text()
            .contains("hreflang=\"en\"")
    );
    served.assert_same_as_full_build();
    // Gone again.
    let outcome = served.remove("content/briefs/note-dakar.en.md");
    assert_ok(&outcome);
    assert_eq!(served.get("/en/briefs/note-dakar/").status, 404);
    assert_eq!(served.get("/briefs/note-dakar/carte-en.png").status, 404);
    served.assert_same_as_full_build();
}

/// Puts the files in the versions `steps` say, one after the other; after
/// each rebuild, the served pages must be a full build's.
fn run(steps: &[(usize, usize)]) -> Result<(), TestCaseError> {
    let mut served = start();
    for (n, &(file, version)) in steps.iter().enumerate() {
        let outcome = put(&mut served, file, version);
        prop_assert_eq!(outcome.errors, 0, "step {}: {}", n, outcome.report);
        let same = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            served.assert_same_as_full_build()
        }));
        prop_assert!(same.is_ok(), "after step {} of {:?}", n, steps);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        // Each step is a rebuild and a full build of a small site.
        cases: 10,
        max_shrink_iters: 32,
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_edits_of_originals_and_translations_serve_what_a_build_makes(
        steps in prop::collection::vec((0..FILES.len(), 0..4usize), 1..10)
    ) {
        run(&steps)?;
    }
}
