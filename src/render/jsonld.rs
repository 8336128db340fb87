//! schema.org JSON-LD for every page (DESIGN §4): `Article` for briefs,
//! `Event`, `Person` or `Organization` for actors, `Country`, and
//! `WebSite`/`CollectionPage`/`WebPage` for the rest.
//!
//! The JSON goes inside a `<script>` element, where the HTML parser ends the
//! element at the first `</script`: [`to_script`] escapes `<`, `>` and `&`
//! (and the JavaScript line separators) so front matter can never close it.

use serde_json::{Map, Value, json};

use crate::content::{ActorKind, Meta};

/// JSON text safe inside `<script type="application/ld+json">`.
///
/// ```
/// use serde_json::json;
/// let text = dossier::render::jsonld::to_script(&json!({"name": "</script><b>"}));
/// assert!(!text.contains('<') && !text.contains('>'));
/// ```
pub fn to_script(value: &Value) -> String {
    serde_json::to_string(value)
        .expect("JSON values serialize")
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

/// What a page of a document says of itself, given what only the renderer
/// knows: its absolute URL, the absolute URLs of documents it names, and
/// dates already in ISO form.
pub struct DocFacts<'a> {
    /// The page's absolute URL.
    pub url: &'a str,
    /// The site's language code.
    pub lang: &'a str,
    /// The site title, as publisher.
    pub site_title: &'a str,
    /// The site's absolute root URL.
    pub site_url: &'a str,
    /// (name, absolute URL) of the countries, actors and events the page is about.
    pub about: Vec<(String, String)>,
    /// A brief's publication date (ISO).
    pub published: Option<String>,
    /// A brief's last update (ISO).
    pub modified: Option<String>,
}

/// The JSON-LD of a document's page.
pub fn document(meta: &Meta, facts: &DocFacts<'_>) -> Value {
    let mut node = Map::new();
    node.insert("@context".into(), json!("https://schema.org"));
    node.insert("url".into(), json!(facts.url));
    let about: Vec<Value> = facts
        .about
        .iter()
        .map(|(name, url)| json!({"@type": "Thing", "name": name, "url": url}))
        .collect();
    match meta {
        Meta::Brief(b) => {
            node.insert("@type".into(), json!("Article"));
            node.insert("headline".into(), json!(b.title));
            node.insert(
                "inLanguage".into(),
                json!(b.lang.map_or(facts.lang, |l| l.code())),
            );
            node.insert("datePublished".into(), json!(facts.published));
            node.insert(
                "dateModified".into(),
                json!(facts.modified.as_ref().or(facts.published.as_ref())),
            );
            if let Some(summary) = &b.summary {
                node.insert("description".into(), json!(summary));
            }
            let authors: Vec<Value> = b
                .authors
                .iter()
                .map(|a| json!({"@type": "Person", "name": a}))
                .collect();
            if !authors.is_empty() {
                node.insert("author".into(), Value::Array(authors));
            }
            if !b.tags.is_empty() {
                node.insert(
                    "keywords".into(),
                    json!(
                        b.tags
                            .iter()
                            .map(|t| t.text.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                );
            }
            node.insert(
                "publisher".into(),
                json!({"@type": "Organization", "name": facts.site_title, "url": facts.site_url}),
            );
            if !about.is_empty() {
                node.insert("about".into(), Value::Array(about));
            }
        }
        Meta::Country(c) => {
            node.insert("@type".into(), json!("Country"));
            node.insert("name".into(), json!(c.name));
            node.insert("identifier".into(), json!(c.iso2));
            if !c.aliases.is_empty() {
                node.insert("alternateName".into(), json!(c.aliases));
            }
        }
        Meta::Actor(a) => {
            let kind = if a.kind == ActorKind::Person {
                "Person"
            } else {
                "Organization"
            };
            node.insert("@type".into(), json!(kind));
            node.insert("name".into(), json!(a.name));
            if !a.aliases.is_empty() {
                node.insert("alternateName".into(), json!(a.aliases));
            }
            if let Some(role) = &a.role {
                node.insert("description".into(), json!(role));
            }
            let same_as: Vec<String> = a
                .ids
                .iter()
                .filter(|(scheme, value)| {
                    scheme == "wikidata" && value.chars().all(|c| c.is_ascii_alphanumeric())
                })
                .map(|(_, value)| format!("https://www.wikidata.org/wiki/{value}"))
                .collect();
            if !same_as.is_empty() {
                node.insert("sameAs".into(), json!(same_as));
            }
        }
        Meta::Event(e) => {
            node.insert("@type".into(), json!("Event"));
            node.insert("name".into(), json!(e.title));
            node.insert("startDate".into(), json!(e.date.to_string()));
            if let Some(end) = e.end {
                node.insert("endDate".into(), json!(end.to_string()));
            }
            if let Some(location) = &e.location {
                let mut place = Map::new();
                place.insert("@type".into(), json!("Place"));
                if let Some(name) = &location.name {
                    place.insert("name".into(), json!(name));
                }
                if let (Some(lat), Some(lon)) = (location.lat, location.lon) {
                    place.insert(
                        "geo".into(),
                        json!({"@type": "GeoCoordinates", "latitude": lat, "longitude": lon}),
                    );
                }
                node.insert("location".into(), Value::Object(place));
            }
            if !about.is_empty() {
                node.insert("about".into(), Value::Array(about));
            }
        }
        Meta::Page(p) => {
            node.insert("@type".into(), json!("WebPage"));
            node.insert("name".into(), json!(p.title));
        }
        Meta::Source(s) => {
            // A source document is an outlet or an agency (issue #14).
            node.insert("@type".into(), json!("Organization"));
            node.insert("name".into(), json!(s.name));
            if let Some(url) = s.url.as_deref().filter(|u| {
                let lower = u.to_ascii_lowercase();
                lower.starts_with("https://") || lower.starts_with("http://")
            }) {
                node.insert("sameAs".into(), json!(url));
            }
        }
        Meta::Watch(w) => {
            node.insert("@type".into(), json!("WebPage"));
            node.insert("name".into(), json!(w.title));
        }
    }
    Value::Object(node)
}

/// The JSON-LD of a page that is not a document's: the home page is the
/// `WebSite`, lists are `CollectionPage`s.
pub fn listing(kind: &str, name: &str, url: &str, lang: &str) -> Value {
    json!({
        "@context": "https://schema.org",
        "@type": kind,
        "name": name,
        "url": url,
        "inLanguage": lang,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_text_cannot_close_the_element() {
        let text =
            to_script(&json!({"headline": "a </script><script>alert(1)</script> & b\u{2028}"}));
        assert!(!text.contains("</script"), "{text}");
        assert!(!text.contains('<') && !text.contains('&') && !text.contains('\u{2028}'));
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            back["headline"],
            "a </script><script>alert(1)</script> & b\u{2028}"
        );
    }
}
