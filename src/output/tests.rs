use super::*;

#[test]
fn output_paths_stay_inside() {
    assert!(is_inside("briefs/x/index.html"));
    assert!(is_inside("404.html"));
    for bad in ["", "../x", "/etc/passwd", "a/../../b", "./x"] {
        assert!(!is_inside(bad), "{bad}");
    }
}
