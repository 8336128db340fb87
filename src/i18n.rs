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

/// A pattern of [`Strings`] with its `{name}` slots filled: words whose
/// order differs between languages ("Carte des événements : {what}").
///
/// ```
/// use dossier::i18n::fill;
/// assert_eq!(fill("{name}: {count}", &[("name", "Mali"), ("count", "3")]), "Mali: 3");
/// ```
pub fn fill(pattern: &str, values: &[(&str, &str)]) -> String {
    let mut out = pattern.to_string();
    for (key, value) in values {
        out = out.replace(&format!("{{{key}}}"), value);
    }
    out
}

/// A count in words, singular or plural as the language has it: French
/// puts 0 and 1 in the singular ("0 événement"), English only 1.
///
/// ```
/// use dossier::i18n::{count, Language};
/// assert_eq!(count(0, "{n} événement", "{n} événements", Language::Fr), "0 événement");
/// assert_eq!(count(0, "{n} event", "{n} events", Language::En), "0 events");
/// ```
pub fn count(n: u64, one: &str, many: &str, lang: Language) -> String {
    let singular = match lang {
        Language::Fr => n < 2,
        Language::En => n == 1,
    };
    fill(if singular { one } else { many }, &[("n", &n.to_string())])
}

/// A month's short name for the axis of a chart ("janv.", "Jan").
pub fn month_short(month: u32, lang: Language) -> String {
    NaiveDate::from_ymd_opt(2000, month.clamp(1, 12), 1)
        .expect("a month between 1 and 12 has a first day")
        .format_localized("%b", lang.locale())
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
    // issue 14: analytic tradecraft (likelihood, grades, markings, trends)
    pub likelihood: &'static str,
    pub legend: &'static str,
    pub legend_intro: &'static str,
    pub yardstick: &'static str,
    pub term: &'static str,
    pub range: &'static str,
    pub first_row: &'static str,
    pub second_row: &'static str,
    pub rows_note: &'static str,
    pub gaps_note: &'static str,
    pub reference: &'static str,
    pub confidence_levels: &'static str,
    pub confidence_note: &'static str,
    pub source_grades: &'static str,
    pub reliability: &'static str,
    pub credibility: &'static str,
    pub grade: &'static str,
    pub grades_note: &'static str,
    pub archived: &'static str,
    pub handling: &'static str,
    pub markings_note: &'static str,
    pub trends: &'static str,
    pub trend: &'static str,
    pub alert: &'static str,
    pub computed: &'static str,
    pub computed_note: &'static str,
    pub average_before: &'static str,
    pub change: &'static str,
    pub trends_by_month: &'static str,
    pub indicators: &'static str,
    pub indicator: &'static str,
    pub status: &'static str,
    pub open_indicators: &'static str,
    pub publisher: &'static str,
    pub cited_by: &'static str,
    pub citations: &'static str,
    pub source: &'static str,
    pub month: &'static str,
    pub no_sources_yet: &'static str,
    pub low_baseline: &'static str,
    // issue 12: images and attachments.
    /// The heading of a brief's attached files.
    pub attachments: &'static str,
    // issue 13: pictures. `{…}` marks a value filled in by `render`.
    pub map_of: &'static str,
    pub locator_of: &'static str,
    pub map_range: &'static str,
    pub map_approximate: &'static str,
    pub map_unlocated: &'static str,
    pub map_unlocated_capped: &'static str,
    pub map_fatalities: &'static str,
    pub map_unlocated_title: &'static str,
    pub compass_north: &'static str,
    pub compass_south: &'static str,
    pub compass_east: &'static str,
    pub compass_west: &'static str,
    pub open_street_map: &'static str,
    pub activity: &'static str,
    pub activity_of: &'static str,
    pub activity_events: &'static str,
    pub activity_fatalities: &'static str,
    pub sparkline_of: &'static str,
    pub count_events_one: &'static str,
    pub count_events: &'static str,
    pub count_fatalities_one: &'static str,
    pub count_fatalities: &'static str,
    pub count_shared_one: &'static str,
    pub count_shared: &'static str,
    pub count_unplaced_one: &'static str,
    pub count_unplaced: &'static str,
    pub network: &'static str,
    pub network_of: &'static str,
    pub network_all: &'static str,
    pub network_affiliation: &'static str,
    pub network_shared: &'static str,
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
    // issue 18: events from data (ACLED).
    pub acled: &'static str,
    pub acled_id: &'static str,
    pub acled_type: &'static str,
    pub acled_disorder: &'static str,
    pub admin_areas: &'static str,
    pub associated_actors: &'static str,
    pub geo_precision: &'static str,
    pub geo_precision_1: &'static str,
    pub geo_precision_2: &'static str,
    pub geo_precision_3: &'static str,
    pub time_precision: &'static str,
    pub time_precision_1: &'static str,
    pub time_precision_2: &'static str,
    pub time_precision_3: &'static str,
    pub imported_from: &'static str,
    pub unresolved_title: &'static str,
    pub unresolved_intro: &'static str,
    pub unresolved_none: &'static str,
    pub unresolved_name: &'static str,
    pub unresolved_rows: &'static str,
    pub unresolved_suggestion: &'static str,
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
    // issue 14: analytic tradecraft
    likelihood: "Probabilité",
    legend: "Échelles et codes",
    legend_intro: "Les mots de probabilité, les cotes des sources, les marquages de diffusion et les tendances employés dans les notes de ce site, et ce que chacun veut dire.",
    yardstick: "Échelle de probabilité",
    term: "Terme",
    range: "Fourchette",
    first_row: "Première série",
    second_row: "Seconde série",
    rows_note: "Les deux séries donnent les mêmes fourchettes ; une note n’emploie que l’une des deux.",
    gaps_note: "Les fourchettes laissent des écarts entre elles : un jugement qui y tomberait doit être placé d’un côté ou de l’autre.",
    reference: "Référence",
    confidence_levels: "Niveaux de confiance",
    confidence_note: "La confiance porte sur le fondement du jugement (sources, raisonnement) ; la probabilité, sur l’événement. Les deux sont donnés séparément.",
    source_grades: "Cotation des sources",
    reliability: "Fiabilité de la source",
    credibility: "Crédibilité de l’information",
    grade: "Cote",
    grades_note: "La cote réunit la fiabilité de la source (lettre) et la crédibilité de l’information (chiffre), selon le code de l’OTAN : « B2 ». F et 6 signifient qu’il n’y a rien pour en juger.",
    archived: "copie archivée",
    handling: "Diffusion",
    markings_note: "Seules les pages TLP:CLEAR ou sans marquage figurent dans les flux, la recherche, les exports et le plan du site.",
    trends: "Tendances du mois",
    trend: "Tendance",
    alert: "Alerte",
    computed: "calculée",
    computed_note: "Tendance calculée d’après les événements du site (seuils de variation d’ACLED), sans jugement d’analyste.",
    average_before: "moyenne des trois mois précédents",
    change: "variation",
    trends_by_month: "Tendances mois par mois",
    indicators: "Indicateurs",
    indicator: "Indicateur",
    status: "Statut",
    open_indicators: "Indicateurs à suivre",
    publisher: "Éditeur",
    cited_by: "Citée par",
    citations: "Citations",
    source: "Source",
    month: "Mois",
    no_sources_yet: "Aucune source pour l’instant.",
    low_baseline: "base trop faible pour en juger",
    // issue 12: images and attachments.
    attachments: "Pièces jointes",
    // issue 13: pictures
    map_of: "Carte des événements\u{202f}: {what}",
    locator_of: "Localisation\u{202f}: {what}",
    map_range: "{from} – {to}",
    map_approximate: "lieu approximatif",
    map_unlocated: "événements sans coordonnées, comptés sur leur pays",
    map_unlocated_capped: "événements sans coordonnées, ou au-delà des {n} plus récents, comptés sur leur pays",
    map_fatalities: "taille\u{202f}: nombre de victimes, quand il est connu",
    map_unlocated_title: "{name}\u{202f}: {count}",
    compass_north: "N",
    compass_south: "S",
    compass_east: "E",
    compass_west: "O",
    open_street_map: "Voir sur OpenStreetMap",
    activity: "Activité",
    activity_of: "{name}\u{202f}: événements et victimes par mois",
    activity_events: "Événements par mois",
    activity_fatalities: "Victimes par mois",
    sparkline_of: "{name}\u{202f}: {count} de {from} à {to}",
    count_events_one: "{n} événement",
    count_events: "{n} événements",
    count_fatalities_one: "{n} victime",
    count_fatalities: "{n} victimes",
    count_shared_one: "{n} événement commun",
    count_unplaced_one: "{n} événement non placé sur la carte",
    count_unplaced: "{n} événements non placés sur la carte",
    count_shared: "{n} événements communs",
    network: "Réseau",
    network_of: "{name}\u{202f}: affiliations et acteurs des mêmes événements",
    network_all: "Réseau des acteurs",
    network_affiliation: "affiliation",
    network_shared: "événements communs (trait plus épais\u{202f}: plus nombreux)",
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
    // issue 18: events from data (ACLED).
    acled: "Données ACLED",
    acled_id: "Identifiant ACLED",
    acled_type: "Type ACLED",
    acled_disorder: "Catégorie ACLED",
    admin_areas: "Territoire",
    associated_actors: "Acteurs associés (ACLED)",
    geo_precision: "Précision du lieu",
    geo_precision_1: "le lieu même",
    geo_precision_2: "près du lieu, ou dans son district",
    geo_precision_3: "la région seulement, placé à son chef-lieu",
    time_precision: "Précision de la date",
    time_precision_1: "le jour",
    time_precision_2: "la semaine, dont un jour est indiqué",
    time_precision_3: "le mois",
    imported_from: "Importé de",
    unresolved_title: "Noms non résolus des données",
    unresolved_intro: "Ces acteurs sont nommés par des lignes des fichiers de données, mais aucun acteur du site ne porte ce nom ni cet alias. Ajoutez le nom aux alias d’un acteur (aliases), ou créez l’acteur.",
    unresolved_none: "Chaque acteur nommé par les données est résolu.",
    unresolved_name: "Nom dans les données",
    unresolved_rows: "Lignes",
    unresolved_suggestion: "Acteur le plus proche",
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
    // issue 14: analytic tradecraft
    likelihood: "Likelihood",
    legend: "Scales and codes",
    legend_intro: "The words of likelihood, source grades, handling markings and trends used in this site’s briefs, and what each one means.",
    yardstick: "Probability yardstick",
    term: "Term",
    range: "Range",
    first_row: "First row",
    second_row: "Second row",
    rows_note: "Both rows give the same ranges; a brief uses one of them only.",
    gaps_note: "The ranges leave gaps between them: a judgement that falls in one must be placed on one side or the other.",
    reference: "Reference",
    confidence_levels: "Confidence levels",
    confidence_note: "Confidence is about the basis of a judgement (sources, reasoning); likelihood is about the event. Each is given on its own.",
    source_grades: "Source grades",
    reliability: "Source reliability",
    credibility: "Information credibility",
    grade: "Grade",
    grades_note: "A grade joins the reliability of the source (a letter) and the credibility of the information (a digit), as in the NATO code: “B2”. F and 6 mean there is nothing to judge by.",
    archived: "archived copy",
    handling: "Handling",
    markings_note: "Only TLP:CLEAR and unmarked pages go into the feeds, search, exports and sitemap.",
    trends: "Trends of the month",
    trend: "Trend",
    alert: "Alert",
    computed: "computed",
    computed_note: "Computed from the site’s events (ACLED’s change thresholds), not judged by an analyst.",
    average_before: "average of the three previous months",
    change: "change",
    trends_by_month: "Trends month by month",
    indicators: "Indicators",
    indicator: "Indicator",
    status: "Status",
    open_indicators: "Open indicators",
    publisher: "Publisher",
    cited_by: "Cited by",
    citations: "Citations",
    source: "Source",
    month: "Month",
    no_sources_yet: "No sources yet.",
    low_baseline: "too few to judge",
    // issue 12: images and attachments.
    attachments: "Attachments",
    // issue 13: pictures
    map_of: "Map of events: {what}",
    locator_of: "Location: {what}",
    map_range: "{from} – {to}",
    map_approximate: "approximate place",
    map_unlocated: "events without coordinates, counted on their country",
    map_unlocated_capped: "events without coordinates, or beyond the {n} most recent, counted on their country",
    map_fatalities: "size: fatalities, where known",
    map_unlocated_title: "{name}: {count}",
    compass_north: "N",
    compass_south: "S",
    compass_east: "E",
    compass_west: "W",
    open_street_map: "See on OpenStreetMap",
    activity: "Activity",
    activity_of: "{name}: events and fatalities per month",
    activity_events: "Events per month",
    activity_fatalities: "Fatalities per month",
    sparkline_of: "{name}: {count} from {from} to {to}",
    count_events_one: "{n} event",
    count_events: "{n} events",
    count_fatalities_one: "{n} fatality",
    count_fatalities: "{n} fatalities",
    count_shared_one: "{n} shared event",
    count_unplaced_one: "{n} event not placed on the map",
    count_unplaced: "{n} events not placed on the map",
    count_shared: "{n} shared events",
    network: "Network",
    network_of: "{name}: affiliations and actors of the same events",
    network_all: "Network of actors",
    network_affiliation: "affiliation",
    network_shared: "shared events (the thicker, the more)",
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
    // issue 18: events from data (ACLED).
    acled: "ACLED data",
    acled_id: "ACLED id",
    acled_type: "ACLED type",
    acled_disorder: "ACLED category",
    admin_areas: "Area",
    associated_actors: "Associated actors (ACLED)",
    geo_precision: "Location precision",
    geo_precision_1: "the place itself",
    geo_precision_2: "near the place, or in its district",
    geo_precision_3: "the region only, placed at its capital",
    time_precision: "Date precision",
    time_precision_1: "the day",
    time_precision_2: "the week, one of its days given",
    time_precision_3: "the month",
    imported_from: "Imported from",
    unresolved_title: "Unresolved names in the data",
    unresolved_intro: "These actors are named by rows of the data files, but no actor of the site has this name or alias. Add the name to an actor’s aliases, or create the actor.",
    unresolved_none: "Every actor the data names is resolved.",
    unresolved_name: "Name in the data",
    unresolved_rows: "Rows",
    unresolved_suggestion: "Closest actor",
};

// issue 12: images and attachments.
/// A file's size in words, in decimal units and the site language, with
/// one decimal below 10: "340 kB", "1.2 MB" ("340 ko", "1,2 Mo" in French).
///
/// ```
/// use dossier::i18n::{Language, format_size};
/// assert_eq!(format_size(999, Language::En), "999 bytes");
/// assert_eq!(format_size(1_234_567, Language::Fr), "1,2\u{a0}Mo");
/// assert_eq!(format_size(340_000, Language::En), "340\u{a0}kB");
/// ```
pub fn format_size(bytes: u64, lang: Language) -> String {
    let (units, bytes_word) = match lang {
        Language::Fr => (["ko", "Mo", "Go"], "octets"),
        Language::En => (["kB", "MB", "GB"], "bytes"),
    };
    if bytes < 1000 {
        return format!("{bytes} {bytes_word}");
    }
    let mut value = bytes as f64 / 1000.0;
    let mut unit = 0;
    while value >= 999.5 && unit + 1 < units.len() {
        value /= 1000.0;
        unit += 1;
    }
    let number = if value < 9.95 {
        format!("{value:.1}")
    } else {
        format!("{value:.0}")
    };
    let number = match lang {
        Language::Fr => number.replace('.', ","),
        Language::En => number,
    };
    format!("{number}\u{a0}{}", units[unit])
}

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
