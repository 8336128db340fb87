use std::process::ExitCode;

use clap::Parser as _;

fn main() -> ExitCode {
    dossier::cli::run(dossier::cli::Cli::parse())
}
