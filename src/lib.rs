//! dossier: a static site generator for briefing notes.
//!
//! The pipeline is values passed between stages (STYLE §1, DESIGN §8):
//! [`config::load`] → [`content::load`] → [`graph::link`] → [`plan::plan`]
//! (every output file's route) → [`check::run`] → [`render::site_into`]
//! (with the site's [`git::history`]) → a [`render::Sink`]: the
//! [`output::Staging`] folder of `build`, which receives each file as it is
//! made and is swapped in at the end, or nothing for `check`, which makes
//! every file `build` makes. [`serve`] runs the same stages in memory and
//! again on each change. Every stage pushes the problems it finds into one
//! [`diagnostic::Diagnostics`] list and carries on, so that a run reports
//! every problem at once. docs/architecture.md draws the whole.

pub mod check;
pub mod cli;
pub mod config;
pub mod content;
pub mod date;
pub mod diagnostic;
pub mod git;
pub mod graph;
pub mod i18n;
pub mod images;
pub mod kept;
pub mod markdown;
pub mod output;
pub mod pictures;
pub mod plan;
pub mod render;
pub mod serve;
pub mod slug;
pub mod tradecraft;
pub mod translation;
pub mod typography;
pub mod unchanged;
pub mod utf8;
pub mod yaml;

use std::path::Path;

use config::{Config, Overrides};
use diagnostic::{Diagnostics, Sources};
use render::Pages;

/// What a run of the pipeline produced: the problems, and where the pages
/// went when rendering was asked for and nothing stood in the way.
pub struct Build<Out = Pages> {
    /// Every file the diagnostics point into.
    pub sources: Sources,
    /// Every problem found.
    pub diagnostics: Diagnostics,
    /// The checked configuration, when `site.yaml` was usable.
    pub config: Option<Config>,
    /// The rendered pages; `None` when any error was found.
    pub pages: Option<Out>,
    /// Why the pages could not be put where they were to go: an output
    /// folder refused, or one that could not be prepared.
    pub output_error: Option<anyhow::Error>,
    /// How long each stage took, in order (`dossier build --timings`).
    pub timings: Vec<(&'static str, std::time::Duration)>,
    /// How many images were decoded for lighter copies, and how many
    /// copies came from the cache (issue #12).
    pub images: images::Stats,
    /// The actor names of imported rows that no actor answers to, for
    /// `check`'s summary (issue #18).
    pub unresolved: Vec<graph::Unresolved>,
    /// How many files were kept from the previous build instead of being
    /// made again (issue 17).
    pub kept: usize,
    /// How many texts (bodies for their links, front matters for their
    /// YAML) were read from the parse memo, and how many were parsed.
    pub parsed: (usize, usize),
    /// How many documents' files were known from the previous build
    /// (unchanged since), and how many were read (issue 17).
    pub read: (usize, usize),
}

/// Runs the pipeline on the site at `root`: load, link, plan, check the
/// rules that span documents, and (when no error was found) render every
/// file with the site's git history, into memory. Writes nothing.
pub fn build(root: &Path, overrides: &Overrides) -> Build {
    let built = build_into(root, overrides, None, || {
        Ok(std::sync::Mutex::new(Pages::new()))
    });
    Build {
        sources: built.sources,
        diagnostics: built.diagnostics,
        config: built.config,
        pages: built.pages.map(|p| {
            p.into_inner()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        }),
        output_error: built.output_error,
        timings: built.timings,
        images: built.images,
        unresolved: built.unresolved,
        kept: built.kept,
        parsed: built.parsed,
        read: built.read,
    }
}

/// Runs the pipeline like [`build`], rendering into the sink that `open`
/// makes (`build` writes to an [`output::Staging`] folder as it renders).
/// `open` is called only once the content and the templates are known to
/// be free of errors, so that a broken site touches no output at all; the
/// sink is returned only if rendering found no error either.
///
/// `git log` runs on a thread of its own while the content loads and links:
/// it is another process, so its time is hidden behind ours (on 10,000
/// briefs in 1,000 commits it takes about half a second). The atlas of
/// country outlines ([`pictures::atlas::Atlas`], about 23 ms to decode) is
/// loaded on another, for `check`'s coordinates and the pictures (issue 13).
///
/// `seen`: what `build` found the files to be before it began, when it
/// compared them with the last build's record; a file found there is not
/// statted again.
pub fn build_into<S: render::Sink>(
    root: &Path,
    overrides: &Overrides,
    seen: Option<&unchanged::Seen>,
    open: impl FnOnce() -> anyhow::Result<S>,
) -> Build<S> {
    std::thread::scope(|threads| {
        let mut history = Some(threads.spawn(|| git::history(root)));
        let joined = |history: &mut Option<std::thread::ScopedJoinHandle<'_, git::History>>| {
            history
                .take()
                .map(|h| h.join().unwrap_or_default())
                .unwrap_or_default()
        };
        let atlas = threads.spawn(pictures::atlas::Atlas::embedded);
        let mut sources = Sources::default();
        let mut diags = Diagnostics::default();
        let mut clock = Clock::start();
        let config = config::load(root, overrides, &mut sources, &mut diags);
        let mut pages = None;
        let mut output_error = None;
        let mut images = images::Stats::default();
        let mut unresolved = Vec::new();
        let mut kept_files = 0;
        let mut parsed = (0, 0);
        let mut read = (0, 0);
        if let Some(config) = &config {
            // What earlier builds into this output learnt (issue 17);
            // `check` reads it and writes nothing.
            let kept = config.image_cache.as_ref().map(|c| Kept {
                dir: c.beside("build"),
                saving: c.write,
                trust: c.trust,
            });
            // The three memos are read side by side: 315 MB at 100,000
            // briefs, 0.6 s one after the other.
            let ((parse_memo, memo), known) = rayon::join(
                || {
                    rayon::join(
                        || {
                            kept.as_ref().map_or_else(content::ParseMemo::default, |k| {
                                content::ParseMemo::load(&k.dir.join(PARSED), k.trust, k.saving)
                            })
                        },
                        // What pages learnt: a build learns the words of
                        // each body as it loads it, then releases the body.
                        || {
                            kept.as_ref().map_or_else(render::Memo::default, |k| {
                                render::Memo::load(&k.dir, k.saving, k.trust)
                            })
                        },
                    )
                },
                // What the last build read of each file: one whose stamp
                // did not change since is not read again.
                || {
                    kept.as_ref()
                        .filter(|k| k.saving)
                        .map_or_else(content::ReadMemo::default, |k| {
                            content::ReadMemo::load(&k.dir, k.trust)
                        })
                },
            );
            let learn = |keys: &[u128], bodies: &[&str]| memo.learn_words(keys, bodies);
            clock.lap("read what was learnt");
            let release = content::Release {
                root: &config.root,
                learn: &learn,
                known: &known,
                seen,
            };
            // `check` keeps the bodies: it keeps no memo of their words,
            // and would read each twice again.
            let release = kept.as_ref().is_some_and(|k| k.saving).then_some(&release);
            let mut corpus = content::load(config, &parse_memo, release, &mut sources, &mut diags);
            parsed = parse_memo.counts();
            let mut parse_memo = Some(parse_memo);
            // Issue 16: the translation files make the other languages.
            let translations = translation::take(&mut corpus, &sources, &mut diags);
            let mut others =
                translation::link_others(&corpus, &translations, config, &sources, &mut diags);
            let status_corpus =
                (!translations.is_empty() || config.is_multilingual()).then(|| corpus.docs.clone());
            clock.lap("load");
            let mut graph = graph::link(corpus, config.drafts, &sources, &mut diags);
            if release.is_some() {
                // `build` links once: what only linking reads goes now.
                graph.forget_names();
                others.iter_mut().for_each(|o| o.graph.forget_names());
            }
            clock.lap("link");
            let (templates, assets) = render::theme::load(root, &mut sources, &mut diags);
            let statics = plan::scan_statics(root, &mut sources, &mut diags);
            let mut plans = Vec::with_capacity(1 + others.len());
            for other in &others {
                let mut found = Diagnostics::default();
                plans.push(plan::plan(
                    &other.graph,
                    &other.config,
                    assets.clone(),
                    statics.clone(),
                    &sources,
                    &mut found,
                ));
                translation::keep_own(found, &other.translated, &mut diags);
            }
            plans.insert(
                0,
                plan::plan(&graph, config, assets, statics, &sources, &mut diags),
            );
            translation::finish_plans(&mut plans, &graph, &others);
            clock.lap("theme and plan");
            let atlas = atlas
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            clock.lap("atlas (wait)");
            check::run(&graph, config, &sources, &atlas, &mut diags);
            let mut history_now = None;
            if let Some(docs) = status_corpus {
                let found = joined(&mut history);
                let originals = content::Corpus {
                    docs,
                    ..content::Corpus::default()
                };
                plans[0].edition.status = translation::outdated(
                    &originals,
                    &translations,
                    &config.languages,
                    &found,
                    &sources,
                    &mut diags,
                );
                history_now = Some(found);
            }
            clock.lap("check");
            unresolved = graph.unresolved().to_vec();
            if let (false, Some(templates)) = (diags.has_errors(), templates) {
                let opened = open();
                clock.lap("open the output");
                match opened {
                    Ok(sink) => {
                        // Written while pages render: 13 MB and a sync
                        // at 10,000 briefs, on a core of its own.
                        if let Some(save) = keep_parsed(parse_memo.take(), kept.as_ref(), true) {
                            threads.spawn(save);
                        }
                        let history = history_now.unwrap_or_else(|| joined(&mut history));
                        clock.lap("git history (wait)");
                        if let Some(Kept {
                            dir, saving: true, ..
                        }) = &kept
                        {
                            // One `search-words.json` per language.
                            memo.keep_words_early(dir, plans.len());
                        }
                        let graphs = std::iter::once((&graph, config))
                            .chain(others.iter().map(|o| (&o.graph, &o.config)));
                        for ((graph, config), plan) in graphs.zip(&plans) {
                            let made = render::site_into(
                                render::Scope::All,
                                &memo,
                                graph,
                                plan,
                                config,
                                &history,
                                &atlas,
                                &templates,
                                &sources,
                                &mut diags,
                                &sink,
                            );
                            images.decoded += made.decoded;
                            images.reused += made.reused;
                            if diags.has_errors() {
                                break;
                            }
                        }
                        clock.lap("render and write");
                        kept_files = memo.pages().map_or(0, render::pages::PageMemo::kept);
                        if let Some(Kept {
                            dir, saving: true, ..
                        }) = &kept
                            && !diags.has_errors()
                        {
                            memo.save(dir);
                            clock.lap("keep what was learnt");
                        }
                        pages = (!diags.has_errors()).then_some(sink);
                    }
                    Err(error) => output_error = Some(error),
                }
            }
            if let Some(save) = keep_parsed(parse_memo.take(), kept.as_ref(), false) {
                save();
            }
            read = known.counts();
            if let Some(Kept {
                dir, saving: true, ..
            }) = &kept
            {
                known.save(dir, &sources);
            }
        }
        // The report quotes the lines it names, in bodies released too.
        sources.restore_quoted(&diags);
        Build {
            sources,
            diagnostics: diags,
            config,
            pages,
            output_error,
            timings: clock.laps,
            images,
            unresolved,
            kept: kept_files,
            parsed,
            read,
        }
    })
}

/// The file of the parse memo, in the build's cache folder.
const PARSED: &str = "parsed";

/// Where and how a command keeps what builds learn between runs (issue
/// 17), from its cache folder's settings ([`config::ImageCache`]).
struct Kept {
    /// The build's cache folder (`.public.dossier-cache/build/`).
    dir: std::path::PathBuf,
    /// Whether this run keeps what it learns (`build`; not `check`).
    saving: bool,
    /// Whether what earlier runs kept is used (not `build --clean`).
    trust: bool,
}

/// What keeps what loading parsed for the next build (issue 17), when the
/// command keeps things ([`Kept::saving`]; not `check`). Only once the output is
/// `accepted` (its folder checked and locked), or when an earlier build
/// into it made the cache folder already: a site with errors keeps its
/// parse for the next attempt, and an output refused gets no folder
/// beside it.
fn keep_parsed(
    memo: Option<content::ParseMemo>,
    kept: Option<&Kept>,
    accepted: bool,
) -> Option<impl FnOnce() + Send + use<>> {
    let (Some(memo), Some(kept)) = (memo, kept.filter(|k| k.saving)) else {
        return None;
    };
    let file = kept.dir.join(PARSED);
    (accepted || kept.dir.is_dir()).then_some(move || memo.save(&file))
}

/// Stage durations, for `--timings`: measuring is cheap enough to do always.
struct Clock {
    last: std::time::Instant,
    laps: Vec<(&'static str, std::time::Duration)>,
}

impl Clock {
    fn start() -> Clock {
        Clock {
            last: std::time::Instant::now(),
            laps: Vec::new(),
        }
    }

    /// Records the time since the previous lap under `stage`.
    fn lap(&mut self, stage: &'static str) {
        let now = std::time::Instant::now();
        self.laps.push((stage, now - self.last));
        self.last = now;
    }
}
