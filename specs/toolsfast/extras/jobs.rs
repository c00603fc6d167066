//! Submit a conversion or compression, wait for the job with backoff, and download its output
//! as a stream, in one call, with a progress callback.
//!
//! ```no_run
//! # async fn run() -> Result<(), toolsfast::extras::jobs::WaitError> {
//! use toolsfast::extras::jobs::WaitOptions;
//!
//! let client = toolsfast::Client::from_env()?;
//! let upload = toolsfast::FilePart::bytes(b"hello".to_vec()).file_name("hello.txt");
//! let done = client
//!     .convert_and_download(
//!         client.create_conversion("pdf").file(upload),
//!         &WaitOptions::default(),
//!         |p| println!("{} {:?}%", p.status, p.percent),
//!     )
//!     .await?;
//! let pdf = done.output.collect().await?; // or read `done.output` chunk by chunk
//! # let _ = pdf;
//! # Ok(())
//! # }
//! ```
//!
//! Polling is bounded by a number of polls and by a total time ([`WaitOptions`]); each poll
//! goes through the client's own retry policy, so a 429 or 5xx while waiting is retried before
//! it ends the wait. A job that ends `Failed` or `Canceled` is a [`WaitError`] carrying the
//! job's error code and detail.

use std::fmt;
use std::time::Duration;

use tokio::time::Instant;

use crate::operations::{CreateCompressionBuilder, CreateConversionBuilder};
use crate::types::{Job, JobStatus};
use crate::{ByteStream, Client, Error};

/// How often and how long to poll a job.
///
/// The first poll is immediate; the delay before the next one starts at `initial_interval`
/// and is multiplied by `multiplier` after each poll, up to `max_interval`. Waiting stops with
/// [`WaitError::TimedOut`] after `max_polls` polls or once `timeout` has passed, whichever
/// comes first.
#[derive(Debug, Clone, PartialEq)]
pub struct WaitOptions {
    initial_interval: Duration,
    max_interval: Duration,
    multiplier: f64,
    max_polls: u32,
    timeout: Duration,
}

impl Default for WaitOptions {
    /// 1 s, growing by half each poll up to 10 s; at most 200 polls or 30 minutes.
    fn default() -> Self {
        WaitOptions {
            initial_interval: Duration::from_secs(1),
            max_interval: Duration::from_secs(10),
            multiplier: 1.5,
            max_polls: 200,
            timeout: Duration::from_secs(30 * 60),
        }
    }
}

impl WaitOptions {
    /// The delay before the second poll.
    pub fn initial_interval(mut self, delay: Duration) -> Self {
        self.initial_interval = delay;
        self
    }

    /// The longest delay between two polls.
    pub fn max_interval(mut self, delay: Duration) -> Self {
        self.max_interval = delay;
        self
    }

    /// How much the delay grows after each poll (values below 1.0 count as 1.0).
    pub fn multiplier(mut self, multiplier: f64) -> Self {
        self.multiplier = if multiplier.is_finite() {
            multiplier.max(1.0)
        } else {
            1.0
        };
        self
    }

    /// The most polls to make (at least 1).
    pub fn max_polls(mut self, polls: u32) -> Self {
        self.max_polls = polls.max(1);
        self
    }

    /// The longest time to wait, from the first poll.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    fn next_delay(&self, delay: Duration) -> Duration {
        delay.mul_f64(self.multiplier).min(self.max_interval)
    }
}

/// What the progress callback receives after each poll.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Progress {
    /// The job's ID.
    pub job_id: String,
    /// Its status at this poll.
    pub status: JobStatus,
    /// Completion from 0 to 100, when the server reports it.
    pub percent: Option<f64>,
    /// The processing phase, when the server reports it.
    pub phase: Option<String>,
    /// Which poll this is, from 1.
    pub poll: u32,
}

impl Progress {
    fn of(job: &Job, poll: u32) -> Progress {
        let progress = job.progress.as_ref();
        Progress {
            job_id: job.id.clone(),
            status: job.status.clone(),
            percent: progress.and_then(|p| p.percent),
            phase: progress.and_then(|p| p.phase.clone().into_option()),
            poll,
        }
    }
}

/// A finished job and its output.
#[non_exhaustive]
pub struct Finished {
    /// The job as last polled (status `Succeeded`, with its metrics and output summary).
    pub job: Job,
    /// The output file (a ZIP archive when there are several), as a stream of chunks.
    pub output: ByteStream,
}

impl fmt::Debug for Finished {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Finished")
            .field("job", &self.job)
            .field("content_type", &self.output.content_type())
            .finish_non_exhaustive()
    }
}

/// Why a job's output could not be had.
#[derive(Debug)]
#[non_exhaustive]
pub enum WaitError {
    /// A request failed: submitting, polling or downloading.
    Api(Error),
    /// The job ended `Failed`.
    Failed {
        /// The job as last polled.
        job: Box<Job>,
        /// The job's machine-readable failure code, if it gave one.
        code: Option<String>,
        /// The job's explanation, if it gave one.
        detail: Option<String>,
    },
    /// The job ended `Canceled`.
    Canceled {
        /// The job as last polled.
        job: Box<Job>,
    },
    /// The job had not finished when the polls or the time of [`WaitOptions`] ran out. It may
    /// still finish: wait again with its ID.
    TimedOut {
        /// The job as last polled.
        job: Box<Job>,
        /// How many polls were made.
        polls: u32,
        /// How long the wait took.
        elapsed: Duration,
    },
}

impl WaitError {
    /// The job, for every error but a failed request.
    pub fn job(&self) -> Option<&Job> {
        match self {
            WaitError::Api(_) => None,
            WaitError::Failed { job, .. }
            | WaitError::Canceled { job }
            | WaitError::TimedOut { job, .. } => Some(job),
        }
    }
}

impl fmt::Display for WaitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WaitError::Api(e) => e.fmt(f),
            WaitError::Failed { job, code, detail } => {
                write!(f, "job {} failed", job.id)?;
                if let Some(code) = code {
                    write!(f, ": {code}")?;
                }
                if let Some(detail) = detail {
                    write!(f, ": {detail}")?;
                }
                Ok(())
            }
            WaitError::Canceled { job } => write!(f, "job {} was canceled", job.id),
            WaitError::TimedOut {
                job,
                polls,
                elapsed,
            } => write!(
                f,
                "job {} still {} after {polls} polls in {:.1} s",
                job.id,
                job.status,
                elapsed.as_secs_f64()
            ),
        }
    }
}

impl std::error::Error for WaitError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WaitError::Api(e) => Some(e),
            _ => None,
        }
    }
}

impl From<Error> for WaitError {
    fn from(e: Error) -> Self {
        WaitError::Api(e)
    }
}

/// The two kinds of job; their endpoints mirror each other.
#[derive(Debug, Clone, Copy)]
enum Kind {
    Conversion,
    Compression,
}

impl Client {
    /// Submits a conversion, waits for it and opens its output.
    ///
    /// `submit` is a [`Client::create_conversion`] request, ready to send (normally made from
    /// this same client); `progress` is called after every poll. The future owns what it
    /// needs, like every call's: `tokio::spawn(client.convert_and_download(..))` works.
    pub fn convert_and_download(
        &self,
        submit: CreateConversionBuilder,
        options: &WaitOptions,
        progress: impl FnMut(Progress) + Send + 'static,
    ) -> impl Future<Output = Result<Finished, WaitError>> + Send + 'static {
        let submitted = submit.send();
        let id = async move { Ok(submitted.await?.id) };
        self.submit_then_finish(Kind::Conversion, id, options, progress)
    }

    /// Submits a compression, waits for it and opens its output.
    ///
    /// `submit` is a [`Client::create_compression`] request, ready to send (normally made from
    /// this same client); `progress` is called after every poll. The future owns what it
    /// needs: it can be spawned.
    pub fn compress_and_download(
        &self,
        submit: CreateCompressionBuilder,
        options: &WaitOptions,
        progress: impl FnMut(Progress) + Send + 'static,
    ) -> impl Future<Output = Result<Finished, WaitError>> + Send + 'static {
        let submitted = submit.send();
        let id = async move { Ok(submitted.await?.id) };
        self.submit_then_finish(Kind::Compression, id, options, progress)
    }

    /// Polls a conversion job until it succeeds, fails or is canceled. The future owns what
    /// it needs: it can be spawned.
    pub fn wait_for_conversion(
        &self,
        id: impl Into<String>,
        options: &WaitOptions,
        progress: impl FnMut(Progress) + Send + 'static,
    ) -> impl Future<Output = Result<Job, WaitError>> + Send + 'static {
        let (client, id, options) = (self.clone(), id.into(), options.clone());
        async move {
            client
                .wait_for(Kind::Conversion, &id, &options, progress)
                .await
        }
    }

    /// Polls a compression job until it succeeds, fails or is canceled. The future owns what
    /// it needs: it can be spawned.
    pub fn wait_for_compression(
        &self,
        id: impl Into<String>,
        options: &WaitOptions,
        progress: impl FnMut(Progress) + Send + 'static,
    ) -> impl Future<Output = Result<Job, WaitError>> + Send + 'static {
        let (client, id, options) = (self.clone(), id.into(), options.clone());
        async move {
            client
                .wait_for(Kind::Compression, &id, &options, progress)
                .await
        }
    }

    /// Waits for the job `submitted` creates, then opens its output; owns what it needs.
    fn submit_then_finish(
        &self,
        kind: Kind,
        submitted: impl Future<Output = Result<String, Error>> + Send + 'static,
        options: &WaitOptions,
        progress: impl FnMut(Progress) + Send + 'static,
    ) -> impl Future<Output = Result<Finished, WaitError>> + Send + 'static {
        let (client, options) = (self.clone(), options.clone());
        async move {
            let id = submitted.await?;
            client.finish(kind, id, options, progress).await
        }
    }

    async fn finish(
        &self,
        kind: Kind,
        id: String,
        options: WaitOptions,
        progress: impl FnMut(Progress),
    ) -> Result<Finished, WaitError> {
        let job = self.wait_for(kind, &id, &options, progress).await?;
        let output = match kind {
            Kind::Conversion => self.download_conversion_output(id).send().await?,
            Kind::Compression => self.download_compression_output(id).send().await?,
        };
        Ok(Finished { job, output })
    }

    async fn wait_for(
        &self,
        kind: Kind,
        id: &str,
        options: &WaitOptions,
        mut progress: impl FnMut(Progress),
    ) -> Result<Job, WaitError> {
        let start = Instant::now();
        let mut delay = options.initial_interval;
        let mut poll = 0;
        loop {
            poll += 1;
            let job = match kind {
                Kind::Conversion => self.get_conversion_job(id).send().await?,
                Kind::Compression => self.get_compression_job(id).send().await?,
            };
            progress(Progress::of(&job, poll));
            match job.status {
                JobStatus::Succeeded => return Ok(job),
                JobStatus::Failed => {
                    let error = job.error.clone().into_option().unwrap_or_default();
                    return Err(WaitError::Failed {
                        job: Box::new(job),
                        code: error.code,
                        detail: error.detail.into_option(),
                    });
                }
                JobStatus::Canceled => return Err(WaitError::Canceled { job: Box::new(job) }),
                // Queued, Running, or a status this crate does not know yet: keep waiting.
                _ => {}
            }
            let elapsed = start.elapsed();
            if poll >= options.max_polls || elapsed >= options.timeout {
                return Err(WaitError::TimedOut {
                    job: Box::new(job),
                    polls: poll,
                    elapsed,
                });
            }
            tokio::time::sleep(delay.min(options.timeout - elapsed)).await;
            delay = options.next_delay(delay);
        }
    }
}
