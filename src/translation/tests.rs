//! Unit tests of the languages of `site.yaml` and the merging of
//! translations.

use super::*;

#[test]
fn an_edition_of_the_default_language_has_no_prefix() {
    let edition = Edition::default();
    assert!(edition.is_default());
    assert!(edition.renders(RouteKind::Asset(0)));
}
