use super::*;
use crate::date::Precision;
use crate::diagnostic::Sources;

/// The header of ACLED's current export, in its order.
const HEADER: &str = "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp";

fn read_text(text: &str) -> (Vec<Row>, Vec<String>) {
    let mut sources = Sources::default();
    let file = sources.add("data/acled.csv", text.to_string());
    let mut diags = Diagnostics::default();
    let rows = read(file, sources.text(file), &mut diags);
    let problems = diags
        .sorted(&sources)
        .iter()
        .map(|d| {
            let at = sources.line_col(d.span);
            format!("{}: {}", at.line, d.problem)
        })
        .collect();
    (rows, problems)
}

#[test]
fn reads_the_columns_of_a_current_export() {
    let text = format!(
        "{HEADER}\nMLI1234,2025-07-01,2025,1,Political violence,Battles,Armed clash,JNIM: Group for Support of Islam and Muslims,,Rebel group,Military Forces of Mali (2021-),Wagner Group; Africa Corps,State forces,Rebel group-State forces,,466,Western Africa,Mali,Kayes,Kayes,Diboli,Diboli,14.53,-12.12,1,APA; Twitter,National,\"On 1 July 2025, JNIM attacked positions near Diboli, \"\"a first\"\".\",12,,1751500000\n"
    );
    let (rows, problems) = read_text(&text);
    assert!(problems.is_empty(), "{problems:?}");
    let row = &rows[0];
    assert_eq!(row.id, "MLI1234");
    assert_eq!(row.slug(), "acled-mli1234");
    assert_eq!(row.date.to_string(), "2025-07-01");
    assert_eq!(row.kind(), EventKind::Battle);
    assert_eq!(
        row.actors,
        [
            "JNIM: Group for Support of Islam and Muslims",
            "Military Forces of Mali (2021-)"
        ]
    );
    assert_eq!(row.associated, ["Wagner Group", "Africa Corps"]);
    assert_eq!(row.iso, Some(466));
    assert_eq!(row.admin, ["Kayes", "Kayes", "Diboli"]);
    assert_eq!((row.lat, row.lon), (Some(14.53), Some(-12.12)));
    assert_eq!(row.sources, ["APA", "Twitter"]);
    assert_eq!(
        row.notes.as_deref(),
        Some("On 1 July 2025, JNIM attacked positions near Diboli, \"a first\".")
    );
    assert_eq!(row.fatalities, Some(12));
}

#[test]
fn columns_are_found_by_name_in_any_order_and_unknown_ones_ignored() {
    let text = "notes,Event_Date,mystery,EVENT_ID_CNTY,fatalities\nA clash.,2024-05-12,x,NER99,3\n";
    let (rows, problems) = read_text(text);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(rows[0].id, "NER99");
    assert_eq!(rows[0].notes.as_deref(), Some("A clash."));
    assert_eq!(rows[0].fatalities, Some(3));
}

#[test]
fn older_exports_give_their_ids_and_dates() {
    let text = "data_id,iso,event_id_no_cnty,event_date,inter1,event_type\n7731,466,1234,12 May 2024,2,Riots\n7732,466,1235,3-Feb-2024,1,Protests\n";
    let (rows, problems) = read_text(text);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(rows[0].id, "466-1234");
    assert_eq!(rows[0].date.to_string(), "2024-05-12");
    assert_eq!(rows[1].date.to_string(), "2024-02-03");
    assert_eq!(rows[0].kind(), EventKind::Protest);
}

#[test]
fn time_precision_three_keeps_the_month_only() {
    let text = "event_id_cnty,event_date,time_precision\nA1,2025-07-15,1\nA2,2025-07-15,2\nA3,2025-07-15,3\n";
    let (rows, _) = read_text(text);
    let precisions: Vec<Precision> = rows.iter().map(|r| r.date.precision()).collect();
    assert_eq!(
        precisions,
        [Precision::Day, Precision::Day, Precision::Month]
    );
    assert_eq!(rows[2].date.to_string(), "2025-07");
}

#[test]
fn a_bom_and_crlf_line_ends_change_nothing() {
    let text = "\u{feff}event_id_cnty,event_date,location\r\nMLI1,2025-07-01,Diboli\r\nMLI2,2025-07-02,Kayes\r\n";
    let (rows, problems) = read_text(text);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1].location.as_deref(), Some("Kayes"));
}

#[test]
fn a_file_with_only_a_header_has_no_rows_and_no_problem() {
    let (rows, problems) = read_text(&format!("{HEADER}\n"));
    assert!(rows.is_empty());
    assert!(problems.is_empty(), "{problems:?}");
}

#[test]
fn bad_rows_are_located_by_line_and_column_and_the_others_load() {
    let text = "event_id_cnty,event_date,latitude,longitude,fatalities,geo_precision\nMLI1,2025-07-01,14.5,-12.1,3,1\nMLI2,31 Febtember 2025,14.5,-12.1,3,1\nMLI3,2025-07-03,95,-12.1,-2,7\nMLI4,2025-07-04\nMLI5,2025-07-05,14.5,-12.1,0,2\n";
    let (rows, problems) = read_text(text);
    let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["MLI1", "MLI3", "MLI5"]);
    assert_eq!(
        problems,
        [
            "3: this row's `event_date`: `31 Febtember 2025` is not a date; ACLED writes `2024-05-12` or `12 May 2024`",
            "4: this row's `fatalities`: `-2` is not a whole number, 0 or more",
            "4: this row's `geo_precision`: `7` is not 1, 2 or 3",
            "4: this row's `latitude`: `95` is not a latitude (between -90 and 90)",
            "5: this row cannot be read: the row has 2 cells where the header has 6",
        ]
    );
}

#[test]
fn a_file_without_ids_or_dates_says_which_column_is_missing() {
    let (rows, problems) = read_text("id,date\n1,2025-07-01\n");
    assert!(rows.is_empty());
    assert_eq!(
        problems,
        [
            "1: the header has no column `event_date`",
            "1: the header has no column `event_id_cnty`",
        ]
    );
}

#[test]
fn acled_types_map_to_dossier_kinds() {
    let cases = [
        ("Battles", "Armed clash", EventKind::Battle),
        (
            "Explosions/Remote violence",
            "Air/drone strike",
            EventKind::Attack,
        ),
        (
            "Violence against civilians",
            "Abduction/forced disappearance",
            EventKind::Attack,
        ),
        ("Protests", "Peaceful protest", EventKind::Protest),
        ("Riots", "Mob violence", EventKind::Protest),
        ("Strategic developments", "Agreement", EventKind::Agreement),
        (
            "Strategic developments",
            "Non-violent transfer of territory",
            EventKind::Withdrawal,
        ),
        (
            "Strategic developments",
            "Looting/property destruction",
            EventKind::Attack,
        ),
        ("Strategic developments", "Arrests", EventKind::Other),
        ("Something new", "", EventKind::Other),
    ];
    for (event, sub, kind) in cases {
        assert_eq!(kind_of(Some(event), Some(sub)), kind, "{event} / {sub}");
    }
}
