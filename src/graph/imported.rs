//! The names of imported events resolved (issue #18): a row of an ACLED
//! export names its actors and country in words (`JNIM: Group for Support
//! of Islam and Muslims`, `Mali`, `466`), not by slug. Each is looked up as
//! a wiki link is (a slug, else a name or alias ignoring case and
//! accents), and written on the event as the slug of what it names, so
//! that the rest of the graph sees ordinary references.
//!
//! An actor no document names is not an error: it is counted in an
//! [`Unresolved`] list, with the closest known name as a suggestion, for
//! the page `/data/unresolved/` and `check`. A country that cannot be
//! resolved is left out the same way (its name is on the row).

use std::collections::{BTreeMap, HashMap};

use super::{DocIndex, Named, Names};
use crate::content::{DocId, Document, FieldRef, Kind, Meta};
use crate::diagnostic::{Span, nearest};
use crate::slug::match_key;

/// A name of an imported row that no actor answers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unresolved {
    /// The name as first written.
    pub name: String,
    /// How many rows name it.
    pub count: usize,
    /// The closest known actor name, and the actor, when one is close.
    pub suggestion: Option<(String, DocIndex)>,
    /// The first row naming it, for `check --verbose`.
    pub first: Span,
}

/// Resolves the names of every imported event of `docs` into references,
/// and returns the actor names nothing answers to, most frequent first.
pub(super) fn resolve(
    docs: &mut [Document],
    names: &Names,
    by_id: &HashMap<DocId, DocIndex>,
) -> Vec<Unresolved> {
    if !docs.iter().any(is_imported) {
        return Vec::new();
    }
    let by_iso2: HashMap<String, DocIndex> = docs
        .iter()
        .enumerate()
        .filter_map(|(i, d)| match &d.meta {
            Meta::Country(c) => Some((c.iso2.to_ascii_uppercase(), i)),
            _ => None,
        })
        .collect();
    let slugs: Vec<String> = docs.iter().map(|d| d.id.slug.to_string()).collect();
    let kinds: Vec<Kind> = docs.iter().map(|d| d.id.kind).collect();
    let lookup = |name: &str, kind: Kind| -> Option<DocIndex> {
        one_of_kind(names, &kinds, name, kind).or_else(|| {
            // `kind/slug`, as a wiki link may write it.
            let (folder, slug) = name.split_once('/')?;
            let id = DocId {
                kind: Kind::from_folder(folder).filter(|k| *k == kind)?,
                slug: crate::slug::Slug::parse(slug).ok()?,
            };
            by_id.get(&id).copied()
        })
    };
    let mut missing: BTreeMap<String, Unresolved> = BTreeMap::new();
    for doc in docs.iter_mut() {
        let Meta::Event(event) = &mut doc.meta else {
            continue;
        };
        let Some(row) = event.imported.as_deref() else {
            continue;
        };
        let mut actors: Vec<FieldRef> = Vec::new();
        for name in row.actors.iter().chain(&row.associated) {
            match lookup(name, Kind::Actor) {
                Some(i) => actors.push(FieldRef {
                    slug: slugs[i].clone(),
                    span: row.span,
                    field: "actors",
                    kind: Kind::Actor,
                }),
                None => {
                    missing
                        .entry(match_key(name))
                        .or_insert_with(|| Unresolved {
                            name: name.clone(),
                            count: 0,
                            suggestion: None,
                            first: row.span,
                        })
                        .count += 1;
                }
            }
        }
        let country = row
            .country
            .as_deref()
            .and_then(|name| {
                lookup(name, Kind::Country)
                    .or_else(|| by_iso2.get(&name.trim().to_ascii_uppercase()).copied())
            })
            .or_else(|| {
                let code = rust_iso3166::from_numeric(row.iso?)?;
                by_iso2.get(code.alpha2).copied()
            })
            .map(|i| FieldRef {
                slug: slugs[i].clone(),
                span: row.span,
                field: "countries",
                kind: Kind::Country,
            });
        for r in actors {
            if !event.actors.iter().any(|a| a.slug == r.slug) {
                event.actors.push(r);
            }
        }
        if let Some(country) = country {
            if let Some(location) = &mut event.location
                && location.country.is_none()
            {
                location.country = Some(FieldRef {
                    field: "location.country",
                    ..country.clone()
                });
            }
            if !event.countries.iter().any(|c| c.slug == country.slug) {
                event.countries.push(country);
            }
        }
    }
    let known: Vec<(&str, DocIndex)> = docs
        .iter()
        .enumerate()
        .filter(|(_, d)| d.id.kind == Kind::Actor)
        .flat_map(|(i, d)| {
            std::iter::once(d.title())
                .chain(d.meta.aliases().iter().map(String::as_str))
                .map(move |name| (name, i))
        })
        .collect();
    let mut list: Vec<Unresolved> = missing
        .into_values()
        .map(|mut u| {
            u.suggestion = suggest(&u.name, &known);
            u
        })
        .collect();
    list.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
    list
}

fn is_imported(doc: &Document) -> bool {
    matches!(&doc.meta, Meta::Event(e) if e.imported.is_some())
}

/// The one document of `kind` that answers to `name` as a slug, or as a
/// title or alias by its [`match_key`]; `None` when none or several do.
fn one_of_kind(names: &Names, kinds: &[Kind], name: &str, kind: Kind) -> Option<DocIndex> {
    let of_kind = |list: Option<&Vec<Named>>| -> Vec<DocIndex> {
        list.into_iter()
            .flatten()
            .filter_map(|n| match n {
                Named::Doc(i) if kinds[*i] == kind => Some(*i),
                _ => None,
            })
            .collect()
    };
    let name = name.trim();
    for found in [
        of_kind(names.by_slug.get(name)),
        of_kind(names.by_name.get(&match_key(name))),
    ] {
        if let [one] = found.as_slice() {
            return Some(*one);
        }
    }
    None
}

/// The closest known actor name to `name`: by edit distance, else one
/// whose words hold the other's (`JNIM` for `JNIM: Group for Support of
/// Islam and Muslims`).
fn suggest(name: &str, known: &[(&str, DocIndex)]) -> Option<(String, DocIndex)> {
    if let Some(near) = nearest(name, known.iter().map(|(k, _)| *k)) {
        let (_, i) = known.iter().find(|(k, _)| *k == near)?;
        return Some((near.to_string(), *i));
    }
    let key = match_key(name);
    let words = |k: &str| -> Vec<String> {
        k.split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.len() > 2)
            .map(str::to_string)
            .collect()
    };
    let wanted = words(&key);
    known
        .iter()
        .filter(|(k, _)| {
            let theirs = words(&match_key(k));
            !theirs.is_empty() && theirs.iter().all(|w| wanted.contains(w))
        })
        .max_by_key(|(k, _)| (k.len(), std::cmp::Reverse(*k)))
        .map(|(k, i)| ((*k).to_string(), *i))
}

#[cfg(test)]
mod tests {
    use super::suggest;

    #[test]
    fn suggests_a_close_name_or_one_whose_words_it_holds() {
        let known = [("JNIM", 0), ("Forces armées maliennes", 1), ("Wagner", 2)];
        assert_eq!(
            suggest("JNIM: Group for Support of Islam and Muslims", &known),
            Some(("JNIM".to_string(), 0))
        );
        assert_eq!(suggest("Wagnr", &known), Some(("Wagner".to_string(), 2)));
        assert_eq!(suggest("Civilians (Mali)", &known), None);
    }
}
