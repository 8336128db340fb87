//! The command line (DESIGN §5): parsing with clap, running a command,
//! printing its problems and a summary, and the exit code.
//!
//! Exit codes: 0 success; 1 problems in the site (or warnings with
//! `--deny-warnings`); 2 the command itself failed (bad usage, no site found,
//! output refused, disk errors).
//!
//! `init` and `new` write what the `scaffold` module holds; `init` is the
//! one command that needs no site.

mod scaffold;
mod translate;

use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand, ValueEnum};

use crate::config::{self, Overrides};
use crate::content::Kind;
use crate::diagnostic::{self, Severity};
use crate::i18n::Language;
use crate::output::{self, IfBusy};

/// dossier: a static site generator for briefing notes.
#[derive(Debug, Parser)]
#[command(name = "dossier", version, about)]
pub struct Cli {
    /// The site folder (the one holding site.yaml). Default: the current
    /// folder or the nearest parent holding site.yaml.
    #[arg(long, global = true, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into public/ (or --output DIR): the whole site or nothing.
    Build {
        /// Where to write the site; relative to the current folder. Default: public/ in the site root.
        #[arg(long, value_name = "DIR")]
        output: Option<PathBuf>,
        /// Build drafts too.
        #[arg(long)]
        drafts: bool,
        /// Use this base URL instead of site.yaml's `base_url`.
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Build pages marked TLP:RED too (for their named recipients only).
        #[arg(long)]
        allow_red: bool,
        /// Fail (exit 1) on warnings too.
        #[arg(long)]
        deny_warnings: bool,
        /// Print how long each stage took, on standard error.
        #[arg(long)]
        timings: bool,
        /// Fail at once (exit 2) if another build is writing the same
        /// output, instead of waiting for it to finish.
        #[arg(long)]
        no_wait: bool,
        /// Make every file again: ignore what earlier builds kept beside
        /// the output (the files they made, the words of search, the
        /// lighter copies of images), and keep this build's for the next.
        #[arg(long)]
        clean: bool,
    },
    /// Preview the site at http://127.0.0.1:1111/, rebuilt and reloaded on every change; writes nothing.
    Serve {
        /// The port to listen on (0 picks a free one).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on; the default keeps the preview on this machine.
        #[arg(long, default_value = "127.0.0.1", value_name = "ADDRESS")]
        bind: std::net::IpAddr,
        /// Show drafts too, with a banner.
        #[arg(long)]
        drafts: bool,
        /// Show pages marked TLP:RED too.
        #[arg(long)]
        allow_red: bool,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
    },
    /// Check the whole site and report every problem; writes nothing.
    Check {
        /// How to print problems: for people, or as one JSON array for editors and CI.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Check drafts as if they were published.
        #[arg(long)]
        drafts: bool,
        /// Accept pages marked TLP:RED, as `build --allow-red` does.
        #[arg(long)]
        allow_red: bool,
        /// Fail (exit 1) on warnings too.
        #[arg(long)]
        deny_warnings: bool,
        /// Print how long each stage took, on standard error.
        #[arg(long)]
        timings: bool,
        /// Also warn once for each actor name of the data files that no
        /// actor answers to (otherwise one line counts them).
        #[arg(long)]
        verbose: bool,
    },
    /// Create a new site: site.yaml, a sample brief, country, actor and
    /// event, and a .gitignore. The folder must be new or empty.
    Init {
        /// The folder of the new site, created if needed. Default: the current folder.
        #[arg(value_name = "DIR")]
        dir: Option<PathBuf>,
        /// Language of the site and of its sample documents.
        #[arg(long, value_enum, default_value_t = SiteLanguage::En)]
        language: SiteLanguage,
        /// Also write a GitHub Actions workflow that checks the site on
        /// every push and publishes it to GitHub Pages
        /// (.github/workflows/briefs.yml).
        #[arg(long)]
        github_actions: bool,
    },
    /// Write a new document into content/ and print its path; never overwrites.
    New {
        /// What to write.
        #[arg(value_enum)]
        kind: NewKind,
        /// Its title (brief, event) or name (country, actor), between quotes.
        title: String,
        /// Its date, YYYY-MM-DD (an event also takes YYYY-MM or YYYY). Default: today.
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
        /// Its slug (the file name). Default: the title, slugified.
        #[arg(long)]
        slug: Option<String>,
        /// Write a bundle, content/<kind>/<slug>/index.md, a folder that
        /// also holds the document's images and attachments.
        #[arg(long)]
        bundle: bool,
        /// Write a translation into this language (one of the site's
        /// `languages` after the first) of the document `--translation-of`
        /// names: content/<kind>/<slug>.<lang>.md.
        #[arg(long, value_enum, requires = "translation_of")]
        lang: Option<SiteLanguage>,
        /// The slug of the document to translate (with `--lang`).
        #[arg(long, value_name = "SLUG", requires = "lang", conflicts_with_all = ["date", "slug", "bundle"])]
        translation_of: Option<String>,
    },
}

/// The languages `init` writes a site in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SiteLanguage {
    /// French.
    Fr,
    /// English.
    En,
}

/// The kinds of document `new` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NewKind {
    /// A briefing note, in content/briefs/.
    Brief,
    /// A country, in content/countries/.
    Country,
    /// An actor, in content/actors/.
    Actor,
    /// An event, in content/events/.
    Event,
}

/// Output format of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// `path:line:column: error: message`, the source line and a suggestion.
    Human,
    /// One JSON array of `{file, line, column, severity, message}`.
    Json,
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> ExitCode {
    let current = match std::env::current_dir() {
        Ok(dir) => dir,
        Err(error) => return fail(&format!("cannot read the current folder: {error}")),
    };
    if let Command::Init {
        dir,
        language,
        github_actions,
    } = &cli.command
    {
        let dir = dir.as_deref().or(cli.root.as_deref());
        return init(
            &dir.map_or_else(|| current.clone(), |d| current.join(d)),
            *language,
            *github_actions,
        );
    }
    let Some(root) = config::find_root(cli.root.as_deref(), &current) else {
        return fail(
            "no site.yaml here or in any parent folder; run dossier inside a site, or pass --root DIR",
        );
    };
    match cli.command {
        Command::Build {
            output,
            drafts,
            base_url,
            allow_red,
            deny_warnings,
            timings,
            no_wait,
            clean,
        } => {
            let output = output.unwrap_or_else(|| root.join("public"));
            build(
                &root,
                &output,
                Overrides {
                    base_url,
                    drafts,
                    allow_red,
                    image_cache: Some(config::ImageCache {
                        dir: crate::output::image_cache(&output),
                        write: true,
                        trust: !clean,
                    }),
                },
                deny_warnings,
                timings,
                no_wait,
            )
        }
        Command::Serve {
            port,
            bind,
            drafts,
            allow_red,
            open,
        } => match crate::serve::run(crate::serve::Options {
            root,
            port,
            bind,
            drafts,
            allow_red,
            open,
        }) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => fail(&format!("{error:#}")),
        },
        Command::Check {
            format,
            drafts,
            allow_red,
            deny_warnings,
            timings,
            verbose,
        } => check(
            &root,
            Overrides {
                base_url: None,
                drafts,
                allow_red,
                // What `build` made is read, and nothing is written.
                image_cache: Some(config::ImageCache {
                    dir: crate::output::image_cache(&root.join("public")),
                    write: false,
                    trust: true,
                }),
            },
            format,
            deny_warnings,
            timings,
            verbose,
        ),
        Command::New {
            kind,
            title,
            lang: Some(lang),
            translation_of: Some(original),
            ..
        } => new_translation(
            &root,
            &current,
            match kind {
                NewKind::Brief => Kind::Brief,
                NewKind::Country => Kind::Country,
                NewKind::Actor => Kind::Actor,
                NewKind::Event => Kind::Event,
            },
            &title,
            match lang {
                SiteLanguage::Fr => Language::Fr,
                SiteLanguage::En => Language::En,
            },
            &original,
        ),
        Command::New {
            kind,
            title,
            date,
            slug,
            bundle,
            ..
        } => new(
            &root,
            &current,
            &scaffold::NewDocument {
                kind: match kind {
                    NewKind::Brief => Kind::Brief,
                    NewKind::Country => Kind::Country,
                    NewKind::Actor => Kind::Actor,
                    NewKind::Event => Kind::Event,
                },
                title: &title,
                date: date.as_deref(),
                slug: slug.as_deref(),
                bundle,
            },
        ),
        Command::Init { .. } => unreachable!("init needs no site and returned above"),
    }
}

fn fail(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}

fn color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// Whether the problems found make the command fail.
fn failed(diags: &diagnostic::Diagnostics, deny_warnings: bool) -> bool {
    diags.has_errors() || (deny_warnings && diags.count(Severity::Warning) > 0)
}

/// Says why the output could not be taken: another build holds it
/// (`--no-wait`), or the file system refused.
fn output_failure(error: &anyhow::Error) -> ExitCode {
    if error.downcast_ref::<output::Busy>().is_some() {
        return fail(&format!(
            "{error:#}; run this build again once it is done, or without `--no-wait` to wait for it"
        ));
    }
    fail(&format!("{error:#}"))
}

/// Prints how long each stage of a build took (`--timings`), the swap of
/// the output (`finish`) when it came to that, and what was kept from the
/// previous build (issue 17).
fn print_timings<S>(result: &crate::Build<S>, finish: Option<std::time::Duration>) {
    let crate::Build {
        timings,
        kept,
        parsed: (recalled, parsed),
        read: (known, read),
        ..
    } = result;
    for (stage, took) in timings.iter().chain(&finish.map(|f| ("finish", f))) {
        eprintln!("{stage:>20}: {:>6} ms", took.as_millis());
    }
    eprintln!(
        "{:>20}: {kept:>6} files kept from the previous build",
        "unchanged"
    );
    eprintln!(
        "{:>20}: {recalled:>6} of {} texts read from the previous build's parse",
        "parsed",
        recalled + parsed
    );
    eprintln!(
        "{:>20}: {read:>6} of {} files read, the others unchanged since the previous build",
        "read",
        known + read
    );
}

/// What `build` prints when the site did not change since the last build,
/// which left the output as it should be: what that build printed.
fn replay(
    said: &crate::unchanged::Said,
    output: &Path,
    timings: bool,
    started: Instant,
) -> ExitCode {
    if color() {
        eprint!("{}", said.colored);
    } else {
        eprint!("{}", said.plain);
    }
    if timings {
        eprintln!(
            "{:>20}: {:>6} files kept from the previous build",
            "unchanged", said.files
        );
    }
    println!(
        "built {} pages ({} files) in {} ms into {}",
        said.pages,
        said.files,
        started.elapsed().as_millis(),
        output.display()
    );
    println!("nothing changed since the last build: the output is as it was");
    ExitCode::SUCCESS
}

/// How many warnings `build` prints in full; `check` prints them all.
const MAX_BUILD_WARNINGS: usize = 20;

fn build(
    root: &Path,
    output: &Path,
    overrides: Overrides,
    deny_warnings: bool,
    timings: bool,
    no_wait: bool,
) -> ExitCode {
    let started = Instant::now();
    // One build at a time per output (issue 19): another build's output
    // is waited for, said once, unless `--no-wait`.
    let waiting = |output: &Path| {
        eprintln!(
            "waiting for another build of `{}` to finish…",
            output.display()
        );
    };
    let if_busy = if no_wait {
        IfBusy::Fail
    } else {
        IfBusy::Wait(&waiting)
    };
    // A site that did not change since the last build: nothing to do
    // (issue 17). `--clean` makes everything again.
    let began = std::time::SystemTime::now();
    let record_file = crate::output::image_cache(output)
        .with_file_name("build")
        .join("unchanged");
    let settings = overrides
        .image_cache
        .as_ref()
        .filter(|c| c.trust)
        .and_then(|_| crate::unchanged::settings(root, &format!("{overrides:?} {deny_warnings}")));
    let mut seen = None;
    if let Some(settings) = &settings
        && let Some(record) = crate::unchanged::Record::load(&record_file)
    {
        let (same, stats) = record.still(root, settings);
        if same {
            // Not held while the output is statted: a build after an
            // output changed by hand (rare) stats the site again.
            drop(stats);
            match crate::output::untouched(output, if_busy) {
                Ok(true) => return replay(&record.said, output, timings, started),
                Ok(false) => {}
                Err(error) => return output_failure(&error),
            }
        } else {
            seen = Some(stats);
        }
    }
    crate::unchanged::Record::forget(&record_file);
    // Pages are written to a staging folder as they are rendered; the
    // output itself changes only in the swap at the end.
    let mut result = crate::build_into(root, &overrides, seen.as_ref(), || {
        crate::output::Staging::open(output, root, if_busy)
    });
    if !result.diagnostics.is_empty() {
        eprint!(
            "{}",
            diagnostic::human_with_limit(
                &result.diagnostics,
                &result.sources,
                color(),
                MAX_BUILD_WARNINGS
            )
        );
    }
    if let Some(error) = result.output_error {
        return output_failure(&error);
    }
    if failed(&result.diagnostics, deny_warnings) {
        if timings {
            print_timings(&result, None);
        }
        eprintln!("build failed: nothing was written; the previous output is untouched");
        return ExitCode::from(1);
    }
    let Some(staging) = result.pages.take() else {
        return fail("nothing was rendered");
    };
    let swapping = Instant::now();
    let written = match staging.finish() {
        Ok(written) => written,
        Err(error) => return fail(&format!("{error:#}")),
    };
    if timings {
        print_timings(&result, Some(swapping.elapsed()));
    }
    println!(
        "built {} pages ({} files) in {} ms into {}",
        written.pages,
        written.files,
        started.elapsed().as_millis(),
        output.display()
    );
    // What the next build needs to see that nothing changed (issue 17).
    if let Some(settings) = &settings {
        let printed = |colored: bool| {
            if result.diagnostics.is_empty() {
                return String::new();
            }
            diagnostic::human_with_limit(
                &result.diagnostics,
                &result.sources,
                colored,
                MAX_BUILD_WARNINGS,
            )
        };
        let said = crate::unchanged::Said {
            plain: printed(false),
            colored: printed(true),
            pages: written.pages,
            files: written.files,
        };
        let read = result.sources.files().map(|(path, _)| path.to_path_buf());
        if let Some(record) =
            crate::unchanged::Record::of(root, read, settings, began, said, seen.as_ref())
        {
            record.save(&record_file);
        }
    }
    // Issue #12: what the lighter copies of large images cost.
    let images = result.images;
    if images.decoded + images.reused > 0 {
        println!(
            "images: {} decoded for lighter copies, {} copies from the cache",
            images.decoded, images.reused
        );
    }
    ExitCode::SUCCESS
}

fn check(
    root: &Path,
    overrides: Overrides,
    format: Format,
    deny_warnings: bool,
    timings: bool,
    verbose: bool,
) -> ExitCode {
    let started = Instant::now();
    // Everything `build` makes is made, and nothing is kept: `check`
    // rejects exactly what `build` rejects (issue #11).
    let mut result = crate::build_into(root, &overrides, None, || Ok(crate::render::Discard));
    if verbose {
        for u in &result.unresolved {
            let help = match &u.suggestion {
                Some((name, _)) => format!(
                    "the closest actor is `{name}`: if it is that one, add `{}` to its `aliases`; otherwise create the actor",
                    u.name
                ),
                None => format!(
                    "add `{}` to an actor's `aliases`, or create the actor",
                    u.name
                ),
            };
            result.diagnostics.push(
                diagnostic::Diagnostic::warning(
                    u.first,
                    diagnostic::Problem::UnresolvedActor {
                        name: u.name.clone(),
                        count: u.count,
                    },
                )
                .with_help(help),
            );
        }
    }
    let printing = Instant::now();
    match format {
        Format::Json => println!("{}", diagnostic::json(&result.diagnostics, &result.sources)),
        Format::Human => {
            if !result.diagnostics.is_empty() {
                eprint!(
                    "{}",
                    diagnostic::human(&result.diagnostics, &result.sources, color())
                );
            } else {
                eprintln!("no problems found in {} ms", started.elapsed().as_millis());
            }
        }
    }
    if !result.unresolved.is_empty() && format == Format::Human {
        let rows: usize = result.unresolved.iter().map(|u| u.count).sum();
        let names = result.unresolved.len();
        let (name_word, row_word, verb) = (
            if names == 1 { "name" } else { "names" },
            if rows == 1 { "mention" } else { "mentions" },
            if names == 1 { "matches" } else { "match" },
        );
        let more = if verbose {
            ""
        } else {
            " (`check --verbose` warns for each)"
        };
        eprintln!(
            "{names} actor {name_word} of the data files ({rows} {row_word}) {verb} no actor: listed on /data/unresolved/{more}"
        );
    }
    if timings {
        let printed = ("print problems", printing.elapsed());
        for (stage, took) in result.timings.iter().chain([&printed]) {
            eprintln!("{stage:>20}: {:>6} ms", took.as_millis());
        }
    }
    if failed(&result.diagnostics, deny_warnings) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn init(dir: &Path, language: SiteLanguage, github_actions: bool) -> ExitCode {
    let language = match language {
        SiteLanguage::Fr => Language::Fr,
        SiteLanguage::En => Language::En,
    };
    match scaffold::init(dir, language, github_actions) {
        Ok(files) => {
            for file in files {
                println!("created {file}");
            }
            println!(
                "new site in {}: run `dossier serve` there to preview it, `dossier build` to build it into public/",
                dir.display()
            );
            if github_actions {
                println!(
                    "before the workflow's first run: set the repository variable DOSSIER_GIT to the git address dossier is installed from, and Pages → Source to \"GitHub Actions\" (see the workflow's first lines)"
                );
            }
            ExitCode::SUCCESS
        }
        Err(error) => fail(&format!("{error:#}")),
    }
}

/// `dossier new … --lang L --translation-of SLUG` (issue 16).
fn new_translation(
    root: &Path,
    current: &Path,
    kind: Kind,
    title: &str,
    language: Language,
    original: &str,
) -> ExitCode {
    let mut sources = diagnostic::Sources::default();
    let mut diags = diagnostic::Diagnostics::default();
    let Some(config) = config::load(root, &Overrides::default(), &mut sources, &mut diags) else {
        eprint!("{}", diagnostic::human(&diags, &sources, color()));
        return ExitCode::from(1);
    };
    let today = chrono::Local::now().date_naive();
    match translate::new_translation(&config, kind, title, language, original, today) {
        Ok(path) => {
            println!("{}", path.strip_prefix(current).unwrap_or(&path).display());
            ExitCode::SUCCESS
        }
        Err(error) => fail(&format!("{error:#}")),
    }
}

fn new(root: &Path, current: &Path, doc: &scaffold::NewDocument<'_>) -> ExitCode {
    let mut sources = diagnostic::Sources::default();
    let mut diags = diagnostic::Diagnostics::default();
    // The site's language chooses the words of the new file.
    let Some(config) = config::load(root, &Overrides::default(), &mut sources, &mut diags) else {
        eprint!("{}", diagnostic::human(&diags, &sources, color()));
        return ExitCode::from(1);
    };
    let today = chrono::Local::now().date_naive();
    match scaffold::new_document(root, config.language, doc, today) {
        Ok(path) => {
            println!("{}", path.strip_prefix(current).unwrap_or(&path).display());
            ExitCode::SUCCESS
        }
        Err(error) => fail(&format!("{error:#}")),
    }
}
