//! Builds the application and the server. Binding happens here so tests can ask for port 0
//! and read back the port they got.

use std::net::TcpListener;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use actix_web::dev::Server;
use actix_web::dev::Service;
use actix_web::{middleware, web, App, HttpServer};
use tracing_actix_web::TracingLogger;

use crate::app::error::AppError;
use crate::auth::throttle::LoginThrottle;
use crate::clock::{Clock, SystemClock};
use crate::config::Settings;
use crate::db::{migrations, Db};
use crate::jobs::mail_delivery::{Channel, DeliveryWorker};
use crate::limits::Limits;
use crate::notify::sms_transport::SmsTransport;
use crate::notify::transport::MailTransport;
pub use crate::state::AppState;
use crate::telemetry::HttpMetrics;
use crate::telemetry::RedactedRootSpan;

/// A built, bound, not yet running server (and the metrics server when configured).
pub struct Application {
    port: u16,
    server: Server,
    metrics: Option<(u16, Server)>,
    state: web::Data<AppState>,
    workers: Vec<std::thread::JoinHandle<()>>,
}

/// The Content-Security-Policy of every answer: scripts, styles and connections only from
/// this server (no inline script or style), images also from the map tile server.
pub fn content_security_policy(map_tiles: Option<&str>) -> String {
    let tiles = map_tiles
        .and_then(|t| {
            t.split_once("://").map(|(scheme, rest)| format!(" {scheme}://{}", rest.split('/').next().unwrap_or("")))
        })
        .unwrap_or_default();
    format!(
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:{tiles}; \
         connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
         frame-ancestors 'none'"
    )
}

/// The server of `FIELDFIX_METRICS_BIND`: `/metrics` and nothing else.
fn metrics_server(bind: &str, state: web::Data<AppState>) -> anyhow::Result<(u16, Server)> {
    let listener = TcpListener::bind(bind)?;
    let port = listener.local_addr()?.port();
    let server = HttpServer::new(move || {
        App::new()
            .app_data(state.clone())
            .app_data(crate::http::metrics::MetricsListener)
            .route("/metrics", web::get().to(crate::http::metrics::metrics))
    })
    .workers(1)
    .listen(listener)?
    .run();
    Ok((port, server))
}

/// Opens the database and applies pending migrations; returns the pool.
pub fn prepare_database(settings: &Settings) -> Result<Db, AppError> {
    let sync = crate::db::pool::SqliteSync::parse(&settings.sqlite_synchronous)?;
    let db = Db::connect_with(&settings.database_url, settings.pool_size, sync)?;
    let mut conn = db.get()?;
    migrations::run_pending(&mut conn)?;
    Ok(db)
}

impl Application {
    /// Migrates, binds `settings.bind` and builds the server with the real clock.
    pub fn build(settings: Settings) -> anyhow::Result<Application> {
        Self::build_with_clock(settings, Arc::new(SystemClock))
    }

    /// Like [`Application::build`] with a chosen clock (tests move time with a manual clock).
    pub fn build_with_clock(settings: Settings, clock: Arc<dyn Clock>) -> anyhow::Result<Application> {
        let db = prepare_database(&settings)?;
        let listener = TcpListener::bind(&settings.bind)?;
        let port = listener.local_addr()?.port();
        let stop = Arc::new(AtomicBool::new(false));
        if settings.phone_region.parse::<phonenumber::country::Id>().is_err() {
            anyhow::bail!("FIELDFIX_PHONE_REGION: {:?} is not a region code such as CN", settings.phone_region);
        }
        let instance = format!("{}-{}", std::process::id(), crate::domain::ids::new_token().get(..8).unwrap_or("x"));
        let worker = |channel| DeliveryWorker {
            db: db.clone(),
            clock: clock.clone(),
            channel,
            public_url: settings.public_url.clone(),
            instance: instance.clone(),
        };
        let delivery_poll = std::time::Duration::from_millis(settings.mail_poll_ms);
        let mail = worker(Channel::Mail {
            transport: MailTransport::from_settings(settings.smtp_url.as_deref(), &settings.mail_dir)?,
            from: settings.mail_from.clone(),
        })
        .spawn(delivery_poll, stop.clone())?;
        let sms = worker(Channel::Sms(SmsTransport::new(settings.kannel(), &settings.sms_dir)?))
            .spawn(delivery_poll, stop.clone())?;
        let poll = std::time::Duration::from_millis(settings.jobs_poll_ms);
        let jobs = crate::jobs::spawn_scheduler(db.clone(), clock.clone(), poll, stop.clone())?;
        let limits = Limits::from_settings(&settings)?;
        let geocoder = settings.geocoder_url.as_deref().map(|u| Arc::new(crate::geocoder::Geocoder::new(u)));
        let state = web::Data::new(AppState {
            geocoder,
            geocodes_per_address: crate::auth::rate::RateLimiter::new(
                crate::http::places::GEOCODES_PER_ADDRESS_MINUTE,
                chrono::Duration::minutes(1),
            ),
            limits,
            db,
            clock,
            settings,
            throttle: LoginThrottle::default(),
            sign_in_mail: Default::default(),
            messages_per_address: crate::auth::rate::RateLimiter::new(
                crate::http::conversation::MESSAGES_PER_ADDRESS_HOUR,
                chrono::Duration::hours(1),
            ),
            sign_in_codes: Default::default(),
            contact_changes: crate::auth::link_limit::SignInMailLimit::new(
                crate::auth::link_limit::CONTACT_PER_LINK,
                crate::auth::link_limit::PER_ADDRESS,
            ),
            stop,
            replans: tokio::sync::Semaphore::new(1),
            photo_uploads: Default::default(),
            password_hashing: tokio::sync::Semaphore::new(crate::auth::password::CONCURRENT_HASHING),
            http_metrics: HttpMetrics::default(),
        });
        let server_state = state.clone();
        let csp = content_security_policy(state.settings.map_tiles.as_deref());
        let metrics = match state.settings.metrics_bind.as_deref() {
            Some(bind) => Some(metrics_server(bind, state.clone())?),
            None => None,
        };
        let server = HttpServer::new(move || {
            App::new()
                .wrap(middleware::from_fn(crate::http::guard::check_request))
                .wrap(middleware::from_fn(crate::http::cache::no_store_on_api))
                .wrap(middleware::from_fn(crate::http::lang::localize_problems))
                .wrap(TracingLogger::<RedactedRootSpan>::new())
                .wrap(
                    middleware::DefaultHeaders::new()
                        .add(("X-Content-Type-Options", "nosniff"))
                        .add(("Referrer-Policy", "no-referrer"))
                        .add(("X-Frame-Options", "DENY"))
                        .add(("Content-Security-Policy", csp.clone())),
                )
                .app_data(server_state.clone())
                .wrap(middleware::from_fn(crate::http::head::route_head_as_get))
                .wrap_fn(|req, srv| {
                    let started = std::time::Instant::now();
                    let method = req.method().to_string();
                    let state = req.app_data::<web::Data<AppState>>().cloned();
                    let in_flight = state.clone().map(crate::http::metrics::InFlight::start);
                    let call = srv.call(req);
                    async move {
                        let res = call.await?;
                        let route = res.request().match_pattern().unwrap_or_else(|| "unmatched".to_string());
                        if let Some(state) = state {
                            state.http_metrics.observe(&method, &route, res.status().as_u16(), started.elapsed());
                        }
                        drop(in_flight);
                        Ok(res)
                    }
                })
                .configure(crate::http::configure)
        })
        .listen(listener)?
        .run();
        Ok(Application { port, server, metrics, state, workers: vec![mail, sms, jobs] })
    }

    /// The port the server listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The shared state (tests use it to reach the database directly).
    pub fn state(&self) -> web::Data<AppState> {
        self.state.clone()
    }

    /// The port of the metrics address, when `FIELDFIX_METRICS_BIND` is set.
    pub fn metrics_port(&self) -> Option<u16> {
        self.metrics.as_ref().map(|(port, _)| *port)
    }

    /// Serves until the server is stopped (SIGTERM or SIGINT: no new connections, requests
    /// in flight are finished), then lets the mail worker and the job scheduler finish their
    /// current round and waits for them.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let served = match self.metrics {
            Some((_, metrics)) => {
                let (main, side) = futures_util::future::join(self.server, metrics).await;
                main.and(side)
            }
            None => self.server.await,
        };
        self.state.stop.store(true, std::sync::atomic::Ordering::SeqCst);
        let workers = self.workers;
        actix_web::rt::task::spawn_blocking(move || {
            for worker in workers {
                if worker.join().is_err() {
                    tracing::error!("a background worker panicked");
                }
            }
        })
        .await
        .map_err(std::io::Error::other)?;
        tracing::info!("stopped: requests in flight answered, background rounds finished");
        served
    }
}
