use std::process::ExitCode;

use clap::Parser as _;

/// mimalloc instead of the system allocator: a build allocates and frees
/// millions of small strings and Tera values on every core, and glibc's
/// malloc took 15% of a 10,000-brief build's CPU time (issue #6).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    dossier::cli::run(dossier::cli::Cli::parse())
}
