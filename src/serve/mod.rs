//! `confpress serve`: build the site in memory, serve it on a local address, rebuild on every
//! change and tell open pages to reload.
//!
//! The pieces:
//! - [`rebuild`] compiles the site again after a change, re-parsing only changed files and
//!   keeping the compiled templates;
//! - [`site`] holds the last good build as an immutable [`site::Snapshot`], swapped whole;
//! - [`http`] answers requests from the snapshot (a small pool of worker threads);
//! - [`events`] streams rebuild events to open pages (server-sent events) and reports status;
//! - [`watch`] turns file-system events into one set of changes per burst.
//!
//! A failed rebuild never replaces the snapshot: pages keep being served from the last good
//! build, with the errors shown over them. Nothing is written to disk.

pub mod events;
pub mod http;
pub mod rebuild;
pub mod site;
pub mod watch;

use std::net::{SocketAddr, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use serde_json::json;

use crate::diag::{Diagnostic, Diagnostics};
use crate::pipeline::BuildOptions;
use rebuild::{Builder, Changes};
use site::{Entry, Snapshot};

/// Threads answering requests (event streams get a thread each, on top).
const WORKERS: usize = 8;

/// What to serve and where.
#[derive(Debug, Clone)]
pub struct Config {
    pub site_dir: PathBuf,
    /// Address to bind: an IP address or a host name (`127.0.0.1`, `::1`, `localhost`).
    pub bind: String,
    /// 0 = any free port.
    pub port: u16,
    /// Build options; `base_url` is replaced by the server's own address.
    pub opts: BuildOptions,
    /// Warnings fail a build.
    pub strict: bool,
}

/// The outcome of the latest build, for the status endpoint, new event streams and the page
/// shown while nothing has built.
#[derive(Debug, Clone, Default)]
pub struct Status {
    /// Builds attempted so far (the first build is 1).
    pub build: u64,
    pub ok: bool,
    /// The build being served (0 = none yet).
    pub serving: u64,
    pub pages: usize,
    pub elapsed_ms: f64,
    /// The latest build's diagnostics (its warnings when it succeeded), sorted.
    pub diagnostics: Vec<Diagnostic>,
    /// Each diagnostic rendered as the terminal shows it, with its source line.
    pub texts: Vec<String>,
}

impl Status {
    fn new(build: u64, ok: bool, serving: u64, pages: usize, elapsed: Duration, diags: &Diagnostics, site_dir: &Path) -> Status {
        let diagnostics = diags.clone().sorted();
        let mut sources: std::collections::HashMap<PathBuf, Option<String>> = Default::default();
        let texts = diagnostics
            .iter()
            .map(|d| {
                let source = sources.entry(d.file.clone()).or_insert_with(|| std::fs::read_to_string(site_dir.join(&d.file)).ok());
                d.render(source.as_deref())
            })
            .collect();
        Status { build, ok, serving, pages, elapsed_ms: elapsed.as_secs_f64() * 1000.0, diagnostics, texts }
    }
}

/// Shared by the request threads and the rebuild thread.
pub struct State {
    snapshot: RwLock<Arc<Snapshot>>,
    status: RwLock<Arc<Status>>,
    hub: events::Hub,
    /// The site folder, canonical: nothing outside it is ever served.
    site_root: PathBuf,
    /// `<site>/static`, where static files are read from.
    static_root: PathBuf,
    /// Identifies this server process to open pages (a restart makes them reload).
    instance: String,
    live_script: Arc<Entry>,
}

impl State {
    fn snapshot(&self) -> Arc<Snapshot> {
        self.snapshot.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn status(&self) -> Arc<Status> {
        self.status.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn set_status(&self, status: Status) {
        *self.status.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(status);
    }

    fn set_snapshot(&self, snapshot: Snapshot) {
        *self.snapshot.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(snapshot);
    }
}

/// What the server reports to its caller (the command line prints these).
#[derive(Debug)]
pub enum Report {
    Built {
        build: u64,
        elapsed: Duration,
        pages: usize,
        /// Pages rendered again (the others were unchanged and reused).
        rendered: usize,
        /// Pages and assets whose bytes changed.
        changed_files: usize,
        /// Content files parsed again.
        reparsed: usize,
        /// What changed on disk (`sessions/a.md` …), empty for the first build.
        trigger: String,
        /// `reload` or `css`.
        notified: &'static str,
        warnings: Diagnostics,
    },
    Failed {
        build: u64,
        elapsed: Duration,
        trigger: String,
        diags: Diagnostics,
    },
    /// Something went wrong beside the build (the file watcher, the exports); the server keeps
    /// serving.
    Problem(String),
}

/// A running server.
pub struct Server {
    /// `http://127.0.0.1:1111/`
    pub url: String,
    pub addr: SocketAddr,
    /// Builds and problems, starting with the first build's.
    pub reports: Receiver<Report>,
}

/// Binds the address, builds the site, starts answering requests and watching for changes.
/// Returns once the first build is done (whether it succeeded or not: a failed first build is
/// served as an error page until the site builds).
pub fn start(config: Config) -> Result<Server, String> {
    let site_root =
        config.site_dir.canonicalize().map_err(|e| format!("cannot open the site folder {}: {e}", config.site_dir.display()))?;
    if !site_root.is_dir() {
        return Err(format!("{} is not a folder", config.site_dir.display()));
    }
    let addrs: Vec<SocketAddr> =
        (config.bind.as_str(), config.port).to_socket_addrs().map_err(|e| format!("cannot use --bind {}: {e}", config.bind))?.collect();
    let server = tiny_http::Server::http(&addrs[..]).map_err(|e| format!("cannot listen on {}:{}: {e}", config.bind, config.port))?;
    let addr = server.server_addr().to_ip().ok_or("the server has no IP address")?;
    let url = local_url(addr);

    let mut opts = config.opts.clone();
    opts.base_url = Some(url.clone());
    let state = Arc::new(State {
        snapshot: RwLock::new(Arc::new(Snapshot::default())),
        status: RwLock::new(Arc::new(Status::default())),
        hub: events::Hub::default(),
        static_root: site_root.join("static"),
        site_root: site_root.clone(),
        instance: format!("{:x}", jiff::Timestamp::now().as_nanosecond() as u64 ^ u64::from(std::process::id())),
        live_script: Arc::new(Entry::new("live.js", include_bytes!("live.js").to_vec(), jiff::Timestamp::now())),
    });

    let (reports_tx, reports) = mpsc::channel();
    // Watch before the first build, so nothing saved during it is missed.
    let mut watch = match watch::Watch::new(&site_root) {
        Ok(w) => Some(w),
        Err(e) => {
            let _ = reports_tx.send(Report::Problem(format!("cannot watch {}: {e}; changes will not be picked up", site_root.display())));
            None
        }
    };
    let mut builder = Builder::new(&site_root, opts, config.strict);
    let everything = Changes { everything: true, ..Changes::default() };
    let exporter = Exporter::start(reports_tx.clone()).map_err(|e| format!("cannot start a thread: {e}"))?;
    run_build(&state, &mut builder, &exporter, &everything, Instant::now(), &reports_tx);
    if let Some(w) = &mut watch
        && let Err(e) = w.set_theme_dir(builder.theme_dir())
    {
        let _ = reports_tx.send(Report::Problem(format!("cannot watch the theme folder: {e}")));
    }

    let server = Arc::new(server);
    for i in 0..WORKERS {
        let server = Arc::clone(&server);
        let state = Arc::clone(&state);
        std::thread::Builder::new()
            .name(format!("confpress-http-{i}"))
            .spawn(move || {
                while let Ok(req) = server.recv() {
                    // A panic answering one request must not take the worker down with it.
                    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| http::handle(req, &state)));
                }
            })
            .map_err(|e| format!("cannot start a server thread: {e}"))?;
    }
    if let Some(watch) = watch {
        let state = Arc::clone(&state);
        std::thread::Builder::new()
            .name("confpress-watch".into())
            .spawn(move || rebuild_loop(watch, builder, &exporter, &state, &reports_tx))
            .map_err(|e| format!("cannot start the watcher thread: {e}"))?;
    }
    Ok(Server { url, addr, reports })
}

/// The URL pages link to: the bound address, with loopback standing in for "any address".
fn local_url(addr: SocketAddr) -> String {
    let ip = addr.ip();
    let host = match ip {
        std::net::IpAddr::V4(v4) if v4.is_unspecified() => "127.0.0.1".to_string(),
        std::net::IpAddr::V6(v6) if v6.is_unspecified() => "[::1]".to_string(),
        std::net::IpAddr::V4(v4) => v4.to_string(),
        std::net::IpAddr::V6(v6) => format!("[{v6}]"),
    };
    format!("http://{host}:{}/", addr.port())
}

fn rebuild_loop(mut watch: watch::Watch, mut builder: Builder, exporter: &Exporter, state: &Arc<State>, reports: &Sender<Report>) {
    while let Some(changes) = watch.next() {
        run_build(state, &mut builder, exporter, &changes, Instant::now(), reports);
        if let Err(e) = watch.set_theme_dir(builder.theme_dir()) {
            let _ = reports.send(Report::Problem(format!("cannot watch the theme folder: {e}")));
        }
    }
    let _ = reports.send(Report::Problem("the file watcher stopped; changes will not be picked up".into()));
}

/// Builds once, publishes the result (snapshot, status, event), computes the exports and
/// reports it all.
fn run_build(state: &State, builder: &mut Builder, exporter: &Exporter, changes: &Changes, started: Instant, reports: &Sender<Report>) {
    let previous = state.status();
    let build = previous.build + 1;
    let rebuilt = crate::timing::timed("rebuild", || builder.rebuild(changes));
    let trigger = if changes.everything { String::new() } else { rebuild::describe(changes) };
    match rebuilt.result {
        Ok(out) => {
            let old = state.snapshot();
            let statics = out.conf.static_files.iter().map(|p| p.to_string_lossy().replace('\\', "/")).collect();
            let exports = Arc::new(site::Exports::pending());
            let snapshot = Snapshot { build, files: out.files.clone(), exports: Arc::clone(&exports), statics };
            let changed = snapshot.changed_since(&old);
            // Stylesheets alone changed (generated or static): swap them instead of reloading.
            let static_changed: Vec<&PathBuf> = changes.paths.iter().filter(|p| p.starts_with("static")).collect();
            let css_only = previous.ok
                && old.build > 0
                && !changes.everything
                && !(changed.is_empty() && static_changed.is_empty())
                && changed.iter().all(|p| p.ends_with(".css"))
                && static_changed.iter().all(|p| p.extension().is_some_and(|e| e == "css"))
                && changes.paths.iter().all(|p| p.starts_with("static") || p.starts_with("templates") || p.starts_with("themes"));
            state.set_snapshot(snapshot);
            let elapsed = started.elapsed();
            state.set_status(Status::new(build, true, build, out.page_count, elapsed, &out.diags, &state.site_root));
            let notified = if css_only { "css" } else { "reload" };
            let mut files: Vec<String> = changed.iter().filter(|p| p.ends_with(".css")).cloned().collect();
            files.extend(static_changed.iter().map(|p| p.to_string_lossy().replace('\\', "/")));
            state.hub.broadcast(&events::event(notified, &json!({"build": build, "serving": build, "files": files})));
            // The pages are out; the exports follow (requests for them wait until they are set).
            exporter.submit(Box::new(out.exports()), exports);
            let _ = reports.send(Report::Built {
                build,
                elapsed,
                pages: out.page_count,
                rendered: out.rendered,
                changed_files: changed.len(),
                reparsed: rebuilt.reparsed,
                trigger,
                notified,
                warnings: out.diags,
            });
        }
        Err(diags) => {
            let elapsed = started.elapsed();
            let status = Status::new(build, false, previous.serving, previous.pages, elapsed, &diags, &state.site_root);
            let message = events::error_event(&status);
            state.set_status(status);
            state.hub.broadcast(&message);
            let _ = reports.send(Report::Failed { build, elapsed, trigger, diags });
        }
    }
}

/// Makes the calling thread yield to the rebuilds (Linux: nice 10; elsewhere nothing).
fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority has no memory effects; on Linux, PRIO_PROCESS with 0 names the calling
    // thread only. Failing is harmless: the thread keeps its priority.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 10);
    }
}

/// Computes exports on a thread of its own, so the next rebuild need not wait for them.
/// When builds come faster than exports, only the newest build's are computed, and every
/// build still waiting gets them (newer than what it asked for, never older).
///
/// The exports run in a thread pool of their own at a lower priority: an edit saved while the
/// last build's calendars are still being written is rebuilt at full speed, and the exports
/// take what CPU is left.
struct Exporter {
    jobs: Sender<ExportJob>,
}

type ExportFn = Box<dyn FnOnce() -> Vec<crate::sink::OutFile> + Send>;

struct ExportJob {
    compute: ExportFn,
    target: Arc<site::Exports>,
}

impl Exporter {
    fn start(reports: Sender<Report>) -> std::io::Result<Exporter> {
        let (jobs, rx) = mpsc::channel::<ExportJob>();
        let pool = rayon::ThreadPoolBuilder::new()
            .thread_name(|i| format!("confpress-exports-{i}"))
            .start_handler(|_| lower_priority())
            .build()
            .map_err(std::io::Error::other)?;
        std::thread::Builder::new().name("confpress-exports".into()).spawn(move || {
            lower_priority();
            let mut last: Option<std::collections::HashMap<String, Arc<Entry>>> = None;
            while let Ok(mut job) = rx.recv() {
                let mut waiting = vec![Arc::clone(&job.target)];
                while let Ok(newer) = rx.try_recv() {
                    waiting.push(Arc::clone(&newer.target));
                    job = newer;
                }
                let now = jiff::Timestamp::now();
                let entries = match crate::timing::timed("exports", || {
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| pool.install(job.compute)))
                }) {
                    Ok(files) => site::Exports::entries(files, last.as_ref(), now),
                    Err(_) => {
                        let _ = reports.send(Report::Problem(
                            "computing the exports (calendars, schedule files, feeds) failed; they are not served".into(),
                        ));
                        Default::default()
                    }
                };
                for target in waiting {
                    target.set(entries.clone());
                }
                last = Some(entries);
            }
        })?;
        Ok(Exporter { jobs })
    }

    fn submit(&self, compute: ExportFn, target: Arc<site::Exports>) {
        if let Err(mpsc::SendError(job)) = self.jobs.send(ExportJob { compute, target }) {
            // The export thread is gone: compute here rather than leave requests waiting.
            job.target.set(site::Exports::entries((job.compute)(), None, jiff::Timestamp::now()));
        }
    }
}
