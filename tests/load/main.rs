//! The load and attack tests of `dossier serve` (issue 7, point 4): real
//! sockets, tens of seconds, thousands of requests. A test target of its
//! own, which the default `cargo test` does not run (STYLE §8.6, `test =
//! false` in Cargo.toml) and `.ci/run` runs with `cargo test --test load`.

mod serve_load;
// The harness of the main suite: this target uses only its site copies
// and its server.
#[allow(dead_code)]
#[path = "../suite/support.rs"]
mod support;
