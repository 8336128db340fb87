use super::*;

fn node(key: &str, kind: ActorKind) -> Node {
    Node {
        key: key.into(),
        name: key.replace('-', " "),
        url: Some(format!("/actors/{key}/")),
        kind,
    }
}

fn tie(key: &str, affiliation: Option<&str>, shared: u32) -> Tie {
    Tie {
        node: node(key, ActorKind::Person),
        affiliation: affiliation.map(String::from),
        shared_events: shared,
        note: format!("{shared} événements communs"),
    }
}

fn words() -> NetworkWords {
    NetworkWords {
        kinds: vec![(ActorKind::ArmedGroup, "groupe armé".into())],
        affiliation: "affiliation".into(),
        shared_events: "événements communs".into(),
    }
}

fn spec(ties: Vec<Tie>) -> EgoSpec {
    EgoSpec {
        id: "network".into(),
        title: "Réseau de l’armée malienne".into(),
        described_by: Some("ties".into()),
        ego: node("armee-malienne", ActorKind::StateInstitution),
        ties,
        words: words(),
    }
}

fn distance(a: [f64; 2], b: [f64; 2]) -> f64 {
    (a[0] - b[0]).hypot(a[1] - b[1])
}

#[test]
fn ego_layouts_of_up_to_twenty_nodes_never_overlap() {
    for total in 1..=20 {
        for left in 0..=total {
            let (points, height) = ego_layout(left, total - left);
            assert_eq!(points.len(), total + 1);
            for (i, a) in points.iter().enumerate() {
                assert!(a[0] > 0.0 && a[0] < EGO_W && a[1] > 0.0 && a[1] < height);
                for b in &points[i + 1..] {
                    let min = if i == 0 {
                        EGO_R + NODE_R + 4.0
                    } else {
                        2.0 * NODE_R + 4.0
                    };
                    assert!(distance(*a, *b) >= min, "{left}/{total}: {a:?} {b:?}");
                }
            }
            // Names on one side are a row apart: their lines never meet.
            for side in [&points[1..=left], &points[left + 1..]] {
                for pair in side.windows(2) {
                    assert!((pair[1][1] - pair[0][1]).abs() >= ROW_H - 0.01);
                }
            }
        }
    }
}

#[test]
fn affiliations_go_left_and_shared_events_right() {
    let picture = ego(&spec(vec![
        tie("jnim", None, 3),
        tie("ministere-defense-mali", Some("tutelle, depuis 2012"), 0),
        tie("cedeao", None, 1),
    ]));
    let doc = roxmltree::Document::parse(&picture.svg).expect("well-formed");
    let x_of = |name: &str| -> f64 {
        doc.descendants()
            .find(|n| {
                n.has_tag_name("a") && n.attribute("href") == Some(&*format!("/actors/{name}/"))
            })
            .and_then(|a| a.children().find(|c| c.has_tag_name("circle")))
            .and_then(|c| c.attribute("cx"))
            .and_then(|x| x.parse().ok())
            .expect("a node")
    };
    assert!(x_of("ministere-defense-mali") < EGO_W / 2.0);
    assert!(x_of("jnim") > EGO_W / 2.0);
    assert!(picture.svg.contains("tutelle, depuis 2012"));
    assert!(picture.svg.contains("3 événements communs"));
}

#[test]
fn the_ego_network_is_an_accessible_group_of_named_links() {
    let picture = ego(&spec(vec![tie("jnim", None, 3), tie("apa", None, 1)]));
    let doc = roxmltree::Document::parse(&picture.svg).expect("well-formed");
    let root = doc.root_element();
    assert_eq!(root.attribute("role"), Some("group"));
    assert_eq!(root.attribute("aria-labelledby"), Some("network-title"));
    assert_eq!(root.attribute("aria-describedby"), Some("ties"));
    let links: Vec<_> = doc.descendants().filter(|n| n.has_tag_name("a")).collect();
    assert_eq!(links.len(), 2, "the ego is the page itself: not a link");
    for a in links {
        let title = a.first_element_child().expect("a title");
        assert!(title.has_tag_name("title"));
        assert!(title.text().is_some_and(|t| t.contains(" — ")));
    }
    assert!(picture.legend.contains("événements communs"));
    assert!(
        !picture.legend.contains(">affiliation<"),
        "no affiliation drawn"
    );
}

#[test]
fn the_same_ties_in_any_order_draw_the_same_bytes() {
    let ties = vec![
        tie("b", None, 2),
        tie("a", None, 2),
        tie("c", Some("membre"), 0),
    ];
    let mut reversed = ties.clone();
    reversed.reverse();
    assert_eq!(ego(&spec(ties)), ego(&spec(reversed)));
    assert!(ego(&spec(vec![])).is_empty());
}

#[test]
fn many_ties_are_cut_to_the_strongest() {
    let ties: Vec<Tie> = (0..50)
        .map(|i| tie(&format!("actor-{i:02}"), None, i))
        .collect();
    let picture = ego(&spec(ties));
    assert_eq!(picture.svg.matches("<a ").count(), MAX_TIES);
    assert!(picture.svg.contains("actor 49"));
    assert!(!picture.svg.contains("actor 00"));
}

#[test]
fn long_names_are_shortened_on_the_picture_but_whole_in_the_tooltip() {
    let mut long = tie("x", None, 1);
    long.node.name = "Ministère de la Défense et des Anciens Combattants du Mali".into();
    let picture = ego(&spec(vec![long]));
    assert!(
        picture
            .svg
            .contains("<title>Ministère de la Défense et des Anciens Combattants du Mali — ")
    );
    assert!(picture.svg.contains(">Ministère de la Défense…</text>"));
}

#[test]
fn circle_layouts_keep_neighbours_apart() {
    for n in [1, 2, 20, 150] {
        let (points, size) = circle_layout(n, 150.0);
        for (i, (a, _)) in points.iter().enumerate() {
            assert!(a[0] > 0.0 && a[0] < size && a[1] > 0.0 && a[1] < size);
            for (b, _) in &points[i + 1..] {
                assert!(distance(*a, *b) >= 14.9, "{n}: {a:?} {b:?}");
            }
        }
    }
}

fn whole_spec(n: usize) -> WholeSpec {
    let kinds = [
        ActorKind::Person,
        ActorKind::ArmedGroup,
        ActorKind::StateInstitution,
    ];
    let nodes: Vec<Node> = (0..n)
        .map(|i| node(&format!("actor-{i:03}"), kinds[i % 3]))
        .collect();
    let links = (1..n)
        .map(|i| Link {
            a: format!("actor-{:03}", i - 1),
            b: format!("actor-{i:03}"),
            weight: u32::try_from(i % 4).expect("small"),
            affiliation: i % 5 == 0,
        })
        .chain(std::iter::once(Link {
            a: "actor-000".into(),
            b: "nobody".into(),
            weight: 1,
            affiliation: false,
        }))
        .collect();
    WholeSpec {
        id: "actors-network".into(),
        title: "Réseau des acteurs".into(),
        described_by: None,
        nodes,
        links,
        words: words(),
    }
}

#[test]
fn the_whole_network_is_drawn_up_to_its_limit() {
    let small = whole(&whole_spec(12)).expect("12 actors");
    let doc = roxmltree::Document::parse(&small.svg).expect("well-formed");
    assert_eq!(
        doc.descendants().filter(|n| n.has_tag_name("a")).count(),
        12
    );
    // 11 links between known actors; the one to `nobody` is left out.
    let edges = doc
        .descendants()
        .filter(|n| {
            n.attribute("class")
                .is_some_and(|c| c.starts_with("pic-edge"))
        })
        .count();
    assert_eq!(edges, 11);
    assert!(small.legend.contains("groupe armé"));
    assert!(whole(&whole_spec(MAX_WHOLE_NODES)).is_some());
    assert!(whole(&whole_spec(MAX_WHOLE_NODES + 1)).is_none());
    assert!(whole(&whole_spec(0)).is_none());
}

#[test]
fn the_whole_network_does_not_depend_on_the_order_of_its_input() {
    let a = whole_spec(30);
    let mut b = a.clone();
    b.nodes.reverse();
    b.links.reverse();
    assert_eq!(whole(&a), whole(&b));
}

#[test]
fn names_on_the_left_half_are_turned_to_read_outward() {
    let picture = whole(&whole_spec(8)).expect("drawn");
    // 8 nodes: the sixth (index 5) is at 135° past the top, on the left.
    let doc = roxmltree::Document::parse(&picture.svg).expect("well-formed");
    let texts: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .collect();
    let right = texts[1].attribute("text-anchor");
    let left = texts[5].attribute("text-anchor");
    assert_eq!((right, left), (None, Some("end")));
}
