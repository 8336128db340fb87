//! The site language: UI strings and dates in words, in French and English
//! (DESIGN §2 `language`).
//!
//! Templates never hold words of their own language: they print fields of
//! [`Strings`], so one theme serves both languages. Dates follow each
//! language's usage ("1er juillet 2025", "16 September 2023").

use chrono::{Datelike, Locale, NaiveDate};
use serde::Serialize;

use crate::date::{PartialDate, Precision};

/// The languages a site can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// French.
    Fr,
    /// English.
    En,
}

impl Language {
    /// Every language with its code, for parsing and "did you mean".
    pub const ALL: [(&'static str, Language); 2] = [("fr", Language::Fr), ("en", Language::En)];

    /// The BCP 47 code used in `lang` attributes.
    pub fn code(self) -> &'static str {
        match self {
            Language::Fr => "fr",
            Language::En => "en",
        }
    }

    /// The UI strings of the language.
    pub fn strings(self) -> &'static Strings {
        match self {
            Language::Fr => &FR,
            Language::En => &EN,
        }
    }

    fn locale(self) -> Locale {
        match self {
            Language::Fr => Locale::fr_FR,
            Language::En => Locale::en_GB,
        }
    }
}

/// A full date in words: "16 septembre 2023", "1er juillet 2025",
/// "16 September 2023".
///
/// ```
/// use chrono::NaiveDate;
/// use dossier::i18n::{format_day, Language};
/// let d = NaiveDate::from_ymd_opt(2025, 7, 1).unwrap();
/// assert_eq!(format_day(d, Language::Fr), "1er juillet 2025");
/// assert_eq!(format_day(d, Language::En), "1 July 2025");
/// ```
pub fn format_day(day: NaiveDate, lang: Language) -> String {
    let month = month_name(day.month(), lang);
    match (lang, day.day()) {
        (Language::Fr, 1) => format!("1er {month} {}", day.year()),
        _ => format!("{} {month} {}", day.day(), day.year()),
    }
}

/// A date at its own precision: "juillet 2025", "2025", or a full date.
pub fn format_partial(date: PartialDate, lang: Language) -> String {
    match date.precision() {
        Precision::Day => format_day(date.start(), lang),
        Precision::Month => month_year(date.year(), date.start().month(), lang),
        Precision::Year => date.year().to_string(),
    }
}

/// "juillet 2025" / "July 2025".
pub fn month_year(year: i32, month: u32, lang: Language) -> String {
    format!("{} {year}", month_name(month, lang))
}

/// The month's name in the language, lowercase in French as French writes it.
pub fn month_name(month: u32, lang: Language) -> String {
    NaiveDate::from_ymd_opt(2000, month.clamp(1, 12), 1)
        .expect("a month between 1 and 12 has a first day")
        .format_localized("%B", lang.locale())
        .to_string()
}

/// An actor kind in words: (singular, plural for group headings).
pub fn actor_kind(kind: &str, lang: Language) -> (&'static str, &'static str) {
    match (kind, lang) {
        ("person", Language::Fr) => ("personne", "Personnes"),
        ("person", Language::En) => ("person", "People"),
        ("armed-group", Language::Fr) => ("groupe armé", "Groupes armés"),
        ("armed-group", Language::En) => ("armed group", "Armed groups"),
        ("state-institution", Language::Fr) => ("institution publique", "Institutions publiques"),
        ("state-institution", Language::En) => ("state institution", "State institutions"),
        ("political-party", Language::Fr) => ("parti politique", "Partis politiques"),
        ("political-party", Language::En) => ("political party", "Political parties"),
        ("international-organization", Language::Fr) => (
            "organisation internationale",
            "Organisations internationales",
        ),
        ("international-organization", Language::En) => {
            ("international organization", "International organizations")
        }
        ("company", Language::Fr) => ("entreprise", "Entreprises"),
        ("company", Language::En) => ("company", "Companies"),
        ("media", Language::Fr) => ("média", "Médias"),
        ("media", Language::En) => ("media", "Media"),
        (_, Language::Fr) => ("autre", "Autres"),
        (_, Language::En) => ("other", "Others"),
    }
}

/// An event kind in words.
pub fn event_kind(kind: &str, lang: Language) -> &'static str {
    match (kind, lang) {
        ("attack", Language::Fr) => "attaque",
        ("attack", Language::En) => "attack",
        ("battle", Language::Fr) => "combat",
        ("battle", Language::En) => "battle",
        ("visit", Language::Fr) => "visite",
        ("visit", Language::En) => "visit",
        ("meeting", Language::Fr) => "rencontre",
        ("meeting", Language::En) => "meeting",
        ("agreement", Language::Fr) => "accord",
        ("agreement", Language::En) => "agreement",
        ("patrol", Language::Fr) => "patrouille",
        ("patrol", Language::En) => "patrol",
        ("withdrawal", Language::Fr) => "retrait",
        ("withdrawal", Language::En) => "withdrawal",
        ("protest", Language::Fr) => "manifestation",
        ("protest", Language::En) => "protest",
        ("election", Language::Fr) => "élection",
        ("election", Language::En) => "election",
        ("economic", Language::Fr) => "économie",
        ("economic", Language::En) => "economic",
        (_, Language::Fr) => "autre",
        (_, Language::En) => "other",
    }
}

/// The words of the default theme, one field per place they appear; the
/// field names are what templates use (`{{ t.key_points }}`).
#[derive(Debug, Serialize)]
#[allow(missing_docs)]
pub struct Strings {
    pub skip_to_content: &'static str,
    pub main_menu: &'static str,
    pub home: &'static str,
    pub briefs: &'static str,
    pub countries: &'static str,
    pub actors: &'static str,
    pub events: &'static str,
    pub tags: &'static str,
    pub brief: &'static str,
    pub country: &'static str,
    pub actor: &'static str,
    pub event: &'static str,
    pub page: &'static str,
    pub pages: &'static str,
    pub latest_briefs: &'static str,
    pub recent_events: &'static str,
    pub all_briefs: &'static str,
    pub all_events: &'static str,
    pub all_countries: &'static str,
    pub key_points: &'static str,
    pub notes: &'static str,
    pub back_to_text: &'static str,
    pub summary: &'static str,
    pub confidence: &'static str,
    pub confidence_low: &'static str,
    pub confidence_moderate: &'static str,
    pub confidence_high: &'static str,
    pub as_of: &'static str,
    pub published: &'static str,
    pub updated: &'static str,
    pub by: &'static str,
    pub sources: &'static str,
    pub related_briefs: &'static str,
    pub linked_from: &'static str,
    pub in_this_brief: &'static str,
    pub referenced_by: &'static str,
    pub capital: &'static str,
    pub region: &'static str,
    pub iso2: &'static str,
    pub aliases: &'static str,
    pub timeline: &'static str,
    pub role: &'static str,
    pub kind: &'static str,
    pub affiliations: &'static str,
    pub affiliated: &'static str,
    pub since: &'static str,
    pub until: &'static str,
    pub since_period: &'static str,
    pub until_period: &'static str,
    pub not_found: &'static str,
    pub not_found_text: &'static str,
    pub footer_menu: &'static str,
    pub data: &'static str,
    pub events_csv: &'static str,
    pub events_json: &'static str,
    pub events_geojson: &'static str,
    pub graph_json: &'static str,
    pub follow: &'static str,
    pub search: &'static str,
    pub search_label: &'static str,
    pub search_placeholder: &'static str,
    pub search_button: &'static str,
    pub search_no_results: &'static str,
    pub search_one_result: &'static str,
    pub search_results: &'static str,
    pub digest: &'static str,
    pub previous_month: &'static str,
    pub next_month: &'static str,
    pub no_country: &'static str,
    pub digest_of_month: &'static str,
    pub identifiers: &'static str,
    pub date: &'static str,
    pub end: &'static str,
    pub location: &'static str,
    pub fatalities: &'static str,
    pub briefs_citing: &'static str,
    pub previous_page: &'static str,
    pub next_page: &'static str,
    pub pagination: &'static str,
    pub page_n_of: &'static str,
    pub draft: &'static str,
    pub nothing_yet: &'static str,
    pub built_with: &'static str,
    pub tagged: &'static str,
    pub count_briefs: &'static str,
    pub breadcrumb: &'static str,
    pub profile: &'static str,
    pub revision_history: &'static str,
    pub edit_this_page: &'static str,
    // issue 15: reading aids, event filters, sharing.
    pub contents: &'static str,
    pub table_scrolls: &'static str,
    pub date_within_year: &'static str,
    pub date_within_month: &'static str,
    pub filters: &'static str,
    pub by_kind: &'static str,
    pub by_year: &'static str,
    pub by_country: &'static str,
    pub by_actor: &'static str,
    pub all_events_filter: &'static str,
    pub all_actors: &'static str,
    pub events_of_kind: &'static str,
    pub events_of_year: &'static str,
    pub search_browse: &'static str,
    pub printed_on: &'static str,
    pub task_done: &'static str,
    pub task_to_do: &'static str,
}

static FR: Strings = Strings {
    skip_to_content: "Aller au contenu",
    main_menu: "Menu principal",
    home: "Accueil",
    briefs: "Notes",
    countries: "Pays",
    actors: "Acteurs",
    events: "Événements",
    tags: "Thèmes",
    brief: "Note",
    country: "Pays",
    actor: "Acteur",
    event: "Événement",
    page: "Page",
    pages: "Pages",
    latest_briefs: "Dernières notes",
    recent_events: "Événements récents",
    all_briefs: "Toutes les notes",
    all_events: "Toute la chronologie",
    all_countries: "Tous les pays",
    key_points: "Points clés",
    notes: "Notes",
    back_to_text: "Revenir au texte",
    summary: "Résumé",
    confidence: "Niveau de confiance",
    confidence_low: "faible",
    confidence_moderate: "modéré",
    confidence_high: "élevé",
    as_of: "Informations arrêtées au",
    published: "Publiée le",
    updated: "Mise à jour le",
    by: "Par",
    sources: "Sources",
    related_briefs: "Notes liées",
    linked_from: "Citée par",
    in_this_brief: "Dans cette note",
    referenced_by: "Mentionné dans",
    capital: "Capitale",
    region: "Région",
    iso2: "Code ISO",
    aliases: "Autres noms",
    timeline: "Chronologie",
    role: "Rôle",
    kind: "Type",
    affiliations: "Affiliations",
    affiliated: "Acteurs affiliés",
    since: "depuis le",
    until: "jusqu’au",
    since_period: "depuis",
    until_period: "jusqu’en",
    not_found: "Page introuvable",
    not_found_text: "Cette adresse ne correspond à aucune page du site. Ces rubriques peuvent vous aider\u{202F}:",
    footer_menu: "Pages du site",
    data: "Données",
    events_csv: "Événements (CSV)",
    events_json: "Événements (JSON)",
    events_geojson: "Événements (GeoJSON)",
    graph_json: "Graphe des liens (JSON)",
    follow: "Suivre (flux Atom)",
    search: "Recherche",
    search_label: "Rechercher dans le site",
    search_placeholder: "Sénégal, JNIM, carburant…",
    search_button: "Rechercher",
    search_no_results: "Aucun résultat.",
    search_one_result: "1 résultat",
    search_results: "résultats",
    digest: "Synthèse mensuelle",
    previous_month: "Mois précédent",
    next_month: "Mois suivant",
    no_country: "Sans pays",
    digest_of_month: "Synthèse du mois",
    identifiers: "Identifiants",
    date: "Date",
    end: "Fin",
    location: "Lieu",
    fatalities: "Victimes",
    briefs_citing: "Notes citant cet événement",
    previous_page: "Page précédente",
    next_page: "Page suivante",
    pagination: "Pagination",
    page_n_of: "Page",
    draft: "Brouillon",
    nothing_yet: "Rien pour l’instant.",
    built_with: "Publié avec dossier",
    tagged: "Thème",
    count_briefs: "notes",
    breadcrumb: "Fil d’Ariane",
    profile: "Profil",
    revision_history: "Historique des révisions",
    edit_this_page: "Modifier cette page",
    contents: "Sommaire",
    table_scrolls: "Tableau, défile horizontalement",
    date_within_year: "date précise inconnue",
    date_within_month: "jour inconnu",
    filters: "Filtrer les événements",
    by_kind: "Par type",
    by_year: "Par année",
    by_country: "Par pays",
    by_actor: "Par acteur",
    all_events_filter: "Tous",
    all_actors: "Tous les acteurs",
    events_of_kind: "Événements de type",
    events_of_year: "Événements de",
    search_browse: "Sans JavaScript, la recherche ne peut pas s’exécuter dans votre navigateur. Parcourez le site par ses listes\u{202F}:",
    printed_on: "Imprimé le",
    task_done: "Fait",
    task_to_do: "À faire",
};

static EN: Strings = Strings {
    skip_to_content: "Skip to content",
    main_menu: "Main menu",
    home: "Home",
    briefs: "Briefs",
    countries: "Countries",
    actors: "Actors",
    events: "Events",
    tags: "Tags",
    brief: "Brief",
    country: "Country",
    actor: "Actor",
    event: "Event",
    page: "Page",
    pages: "Pages",
    latest_briefs: "Latest briefs",
    recent_events: "Recent events",
    all_briefs: "All briefs",
    all_events: "Full timeline",
    all_countries: "All countries",
    key_points: "Key points",
    notes: "Notes",
    back_to_text: "Back to the text",
    summary: "Summary",
    confidence: "Confidence",
    confidence_low: "low",
    confidence_moderate: "moderate",
    confidence_high: "high",
    as_of: "Information as of",
    published: "Published",
    updated: "Updated",
    by: "By",
    sources: "Sources",
    related_briefs: "Related briefs",
    linked_from: "Linked from",
    in_this_brief: "In this brief",
    referenced_by: "Referenced by",
    capital: "Capital",
    region: "Region",
    iso2: "ISO code",
    aliases: "Also known as",
    timeline: "Timeline",
    role: "Role",
    kind: "Type",
    affiliations: "Affiliations",
    affiliated: "Affiliated actors",
    since: "since",
    until: "until",
    since_period: "since",
    until_period: "until",
    not_found: "Page not found",
    not_found_text: "No page of this site has this address. These sections may help:",
    footer_menu: "Site pages",
    data: "Data",
    events_csv: "Events (CSV)",
    events_json: "Events (JSON)",
    events_geojson: "Events (GeoJSON)",
    graph_json: "Link graph (JSON)",
    follow: "Follow (Atom feed)",
    search: "Search",
    search_label: "Search the site",
    search_placeholder: "Senegal, JNIM, fuel…",
    search_button: "Search",
    search_no_results: "No results.",
    search_one_result: "1 result",
    search_results: "results",
    digest: "Monthly digest",
    previous_month: "Previous month",
    next_month: "Next month",
    no_country: "No country",
    digest_of_month: "Digest of the month",
    identifiers: "Identifiers",
    date: "Date",
    end: "End",
    location: "Location",
    fatalities: "Fatalities",
    briefs_citing: "Briefs citing this event",
    previous_page: "Previous page",
    next_page: "Next page",
    pagination: "Pagination",
    page_n_of: "Page",
    draft: "Draft",
    nothing_yet: "Nothing yet.",
    built_with: "Built with dossier",
    tagged: "Tag",
    count_briefs: "briefs",
    breadcrumb: "Breadcrumb",
    profile: "Profile",
    revision_history: "Revision history",
    edit_this_page: "Edit this page",
    contents: "Contents",
    table_scrolls: "Table, scrolls sideways",
    date_within_year: "exact date unknown",
    date_within_month: "day unknown",
    filters: "Filter events",
    by_kind: "By kind",
    by_year: "By year",
    by_country: "By country",
    by_actor: "By actor",
    all_events_filter: "All",
    all_actors: "All actors",
    events_of_kind: "Events of kind",
    events_of_year: "Events of",
    search_browse: "Without JavaScript, search cannot run in your browser. Browse the site through its lists:",
    printed_on: "Printed on",
    task_done: "Done",
    task_to_do: "To do",
};

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn french_dates_use_lowercase_months_and_premier() {
        assert_eq!(
            format_day(day(2023, 9, 16), Language::Fr),
            "16 septembre 2023"
        );
        assert_eq!(
            format_day(day(2025, 7, 1), Language::Fr),
            "1er juillet 2025"
        );
        assert_eq!(format_day(day(2025, 8, 15), Language::Fr), "15 août 2025");
    }

    #[test]
    fn english_dates_are_day_month_year() {
        assert_eq!(
            format_day(day(2023, 9, 16), Language::En),
            "16 September 2023"
        );
    }

    #[test]
    fn partial_dates_print_at_their_precision() {
        let p = |t| PartialDate::parse(t).unwrap();
        assert_eq!(format_partial(p("2025-07"), Language::Fr), "juillet 2025");
        assert_eq!(format_partial(p("2025-07"), Language::En), "July 2025");
        assert_eq!(format_partial(p("2025"), Language::Fr), "2025");
        assert_eq!(
            format_partial(p("2025-07-01"), Language::Fr),
            "1er juillet 2025"
        );
    }
}
