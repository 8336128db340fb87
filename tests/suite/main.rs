//! The integration tests of dossier: one binary (STYLE §4). Each module
//! drives the real `dossier` binary on fixture sites copied by
//! [`support::TestSite`].

mod acled;
mod build;
mod check;
mod cli;
mod dropped;
mod fuzz;
mod git;
mod hostile;
mod images;
mod incremental;
mod links;
mod memo;
mod oracle;
mod output;
mod parity;
mod pictures;
mod publish;
mod reader;
mod serve;
mod support;
mod tradecraft;
mod translations;
