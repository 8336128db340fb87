//! The memo against the index made from scratch ([`super::super::words_index`]),
//! the oracle: on fixed cases, on random edit sequences, and across a save
//! and a load.

use proptest::prelude::*;

use super::*;
use crate::render::search::words_index;

fn index(memo: &mut WordMemo, bodies: &[String]) -> String {
    let keys: Vec<u128> = bodies.iter().map(|b| key(b)).collect();
    let read = |k: usize| Ok::<_, ()>(std::borrow::Cow::Borrowed(bodies[k].as_str()));
    String::from_utf8(memo.index(&keys, &read).unwrap()).unwrap()
}

fn oracle(bodies: &[String]) -> String {
    let bodies: Vec<&str> = bodies.iter().map(String::as_str).collect();
    String::from_utf8(words_index(&bodies)).unwrap()
}

#[test]
fn the_memo_writes_what_the_oracle_writes() {
    let bodies: Vec<String> = [
        "Les Sénégalais et le Mali",
        "",
        "Mali Mali [[actors/jnim|le JNIM]] https://x.org/a œuvre",
        "",
        "anticonstitutionnellement ÉTAT état Etat",
    ]
    .map(String::from)
    .to_vec();
    for mut memo in [WordMemo::default(), WordMemo::serving()] {
        assert_eq!(index(&mut memo, &bodies), oracle(&bodies));
        // Again, every body known.
        assert_eq!(index(&mut memo, &bodies), oracle(&bodies));
    }
}

#[test]
fn an_edit_of_one_body_is_patched_in_and_reads_that_body_only() {
    let mut bodies: Vec<String> = (0..200)
        .map(|k| format!("mot{k} commun texte{} fin", k % 7))
        .collect();
    let mut memo = WordMemo::serving();
    index(&mut memo, &bodies);
    let words_before = memo.lexicon.words.len();
    bodies[57] = "commun nouveau Mot3 texte9".into();
    assert_eq!(index(&mut memo, &bodies), oracle(&bodies));
    // The last index is kept for the next save.
    let last = memo.last.as_ref().expect("serving keeps the last index");
    assert_eq!(last.keys.len(), 200);
    assert_eq!(
        memo.lexicon.words.len(),
        words_before + 2,
        "nouveau, texte9"
    );
    assert_eq!(memo.bodies.len(), 200, "the old body is forgotten");
}

#[test]
fn words_no_body_holds_are_dropped_when_they_pile_up() {
    let mut bodies: Vec<String> = vec!["stable".into(); 3];
    let mut memo = WordMemo::serving();
    for round in 0..3000 {
        bodies[round % 3] = format!("stable unique{round}x extra{round}y");
        assert_eq!(index(&mut memo, &bodies), oracle(&bodies), "round {round}");
    }
    assert!(
        memo.lexicon.words.len() < 4096 + 100,
        "{}",
        memo.lexicon.words.len()
    );
}

#[test]
fn a_saved_memo_is_read_back_and_reads_no_body_again() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("cache").join("words");
    let bodies: Vec<String> = (0..50).map(|k| format!("corps numéro{k} Été")).collect();
    let mut memo = WordMemo::default();
    let first = index(&mut memo, &bodies);
    memo.save(&file);
    let mut again = WordMemo::load(&file);
    assert_eq!(again.bodies.len(), 50);
    assert_eq!(index(&mut again, &bodies), first);
    assert_eq!(
        (again.learnt, again.forgotten, again.renumbered),
        (0, 0, false),
        "nothing read, nothing to save"
    );
}

/// A build that changes a few bodies (1 % or less of those kept) leaves
/// the memo as it was: the next build reads their words again. More, and
/// it is written again and knows them.
#[test]
fn a_few_bodies_changed_leave_the_memo_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("words");
    let mut bodies: Vec<String> = (0..200).map(|k| format!("corps{k} texte")).collect();
    let mut memo = WordMemo::default();
    index(&mut memo, &bodies);
    memo.save(&file);
    let kept = std::fs::read(&file).unwrap();
    bodies[0] = "corps changé".to_string();
    let mut memo = WordMemo::load(&file);
    assert_eq!(index(&mut memo, &bodies), oracle(&bodies));
    memo.save(&file);
    assert_eq!(
        std::fs::read(&file).unwrap(),
        kept,
        "one learnt, one forgotten: 2 of 200"
    );
    bodies[1] = "corps changé aussi".to_string();
    let mut memo = WordMemo::load(&file);
    assert_eq!(index(&mut memo, &bodies), oracle(&bodies));
    assert_eq!(
        (memo.learnt, memo.forgotten),
        (2, 2),
        "the first change read again"
    );
    memo.save(&file);
    let mut memo = WordMemo::load(&file);
    assert_eq!(index(&mut memo, &bodies), oracle(&bodies));
    assert_eq!(memo.learnt, 0, "written again, and known");
}

#[test]
fn a_memo_file_that_is_not_exactly_ours_is_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("words");
    let bodies: Vec<String> = (0..20).map(|k| format!("corps{k} texte")).collect();
    let mut memo = WordMemo::default();
    index(&mut memo, &bodies);
    memo.save(&file);
    let good = std::fs::read(&file).unwrap();
    assert!(!WordMemo::load(&file).bodies.is_empty());
    let mut cases: Vec<Vec<u8>> = vec![
        Vec::new(),
        good[..good.len() / 2].to_vec(),
        good[..good.len() - 1].to_vec(),
        [good.as_slice(), b"x"].concat(),
    ];
    // Another version.
    let mut version = good.clone();
    version[15] = b'9';
    cases.push(version);
    // One byte changed anywhere.
    for at in [0, 20, good.len() / 2, good.len() - 20, good.len() - 1] {
        let mut flipped = good.clone();
        flipped[at] ^= 0x10;
        cases.push(flipped);
    }
    for (n, bytes) in cases.iter().enumerate() {
        std::fs::write(&file, bytes).unwrap();
        let mut loaded = WordMemo::load(&file);
        assert!(loaded.bodies.is_empty(), "case {n} was trusted");
        assert_eq!(index(&mut loaded, &bodies), oracle(&bodies), "case {n}");
    }
    assert!(WordMemo::load(&dir.path().join("none")).bodies.is_empty());
}

/// One change to the list of bodies.
#[derive(Debug, Clone)]
enum Edit {
    Set(usize, String),
    Insert(usize, String),
    Remove(usize),
    Swap(usize, usize),
}

fn body() -> impl Strategy<Value = String> {
    let word = prop::sample::select(vec![
        "mali",
        "Mali",
        "Sénégal",
        "senegal",
        "œuvre",
        "le",
        "de",
        "jnim",
        "ÉTAT",
        "état",
        "anticonstitutionnellement",
        "x1",
        "2025",
        "[[actors/jnim|le JNIM]]",
        "https://e.org/a",
        "[lien](https://e.org/b)",
        "<span>",
        "{#id}",
        "Straße",
        "Ørsted",
    ]);
    prop::collection::vec(word, 0..12).prop_map(|w| w.join(" "))
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        4 => (0..40usize, body()).prop_map(|(k, b)| Edit::Set(k, b)),
        1 => (0..40usize, body()).prop_map(|(k, b)| Edit::Insert(k, b)),
        1 => (0..40usize).prop_map(Edit::Remove),
        1 => (0..40usize, 0..40usize).prop_map(|(a, b)| Edit::Swap(a, b)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn random_edits_give_the_oracle_s_bytes(
        start in prop::collection::vec(body(), 0..30),
        edits in prop::collection::vec(edit(), 1..25),
    ) {
        let mut bodies = start;
        let mut serving = WordMemo::serving();
        let mut building = WordMemo::default();
        prop_assert_eq!(index(&mut serving, &bodies), oracle(&bodies));
        prop_assert_eq!(index(&mut building, &bodies), oracle(&bodies));
        for edit in edits {
            let n = bodies.len();
            match edit {
                Edit::Set(k, b) if n > 0 => bodies[k % n] = b,
                Edit::Insert(k, b) => bodies.insert(k % (n + 1), b),
                Edit::Remove(k) if n > 0 => {
                    bodies.remove(k % n);
                }
                Edit::Swap(a, b) if n > 0 => bodies.swap(a % n, b % n),
                _ => {}
            }
            let expected = oracle(&bodies);
            prop_assert_eq!(index(&mut serving, &bodies), expected.clone());
            prop_assert_eq!(index(&mut building, &bodies), expected);
        }
    }
}
