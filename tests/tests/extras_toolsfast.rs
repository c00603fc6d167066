//! Tools.FAST extras: submit → wait with backoff → download as a stream, in one call, with a
//! progress callback; failed, canceled and never-finishing jobs end the wait with a typed error.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::StreamExt;
use serde_json::{Value, json};
use toolsfast::extras::jobs::{Progress, WaitError, WaitOptions};
use toolsfast::types::JobStatus;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const JOB: &str = "job-42";

fn client(server: &MockServer) -> toolsfast::Client {
    toolsfast::Client::builder()
        .base_url(server.uri())
        .api_key_header("fast_test_key")
        .retry_policy(toolsfast::RetryPolicy::none())
        .build()
        .expect("client builds")
}

/// Polls every millisecond, so the tests take no time.
fn fast() -> WaitOptions {
    WaitOptions::default()
        .initial_interval(Duration::from_millis(1))
        .max_interval(Duration::from_millis(2))
}

fn job(status: &str, percent: Option<f64>) -> Value {
    let mut job = json!({"id": JOB, "status": status});
    if let Some(p) = percent {
        job["progress"] = json!({"percent": p, "phase": "converting"});
    }
    job
}

/// Answers the status polls of `kind` ("convert" or "compress") with `states`, one each, the
/// last one for every later poll.
async fn mount_polls(server: &MockServer, kind: &str, states: &[Value]) {
    let (last, first) = states.split_last().expect("at least one state");
    for state in first {
        Mock::given(method("GET"))
            .and(path(format!("/{kind}/job/{JOB}")))
            .respond_with(ResponseTemplate::new(200).set_body_json(state))
            .up_to_n_times(1)
            .mount(server)
            .await;
    }
    Mock::given(method("GET"))
        .and(path(format!("/{kind}/job/{JOB}")))
        .respond_with(ResponseTemplate::new(200).set_body_json(last))
        .mount(server)
        .await;
}

async fn mount_submit(server: &MockServer, kind: &str) {
    Mock::given(method("POST"))
        .and(path(format!("/{kind}")))
        .respond_with(
            ResponseTemplate::new(202).set_body_json(json!({"id": JOB, "status": "Queued"})),
        )
        .expect(1)
        .mount(server)
        .await;
}

async fn mount_download(server: &MockServer, kind: &str, body: &[u8]) {
    Mock::given(method("GET"))
        .and(path(format!("/{kind}/job/{JOB}/download")))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", "application/pdf")
                .set_body_bytes(body.to_vec()),
        )
        .expect(1)
        .mount(server)
        .await;
}

fn seen(progress: &[Progress]) -> Vec<(JobStatus, Option<f64>, u32)> {
    progress
        .iter()
        .map(|p| (p.status.clone(), p.percent, p.poll))
        .collect()
}

#[tokio::test]
async fn convert_and_download_submits_waits_and_streams_the_output() {
    let server = MockServer::start().await;
    mount_submit(&server, "convert").await;
    mount_polls(
        &server,
        "convert",
        &[
            job("Queued", None),
            job("Running", Some(50.0)),
            job("Succeeded", Some(100.0)),
        ],
    )
    .await;
    let pdf: Vec<u8> = (0..50_000u32).map(|i| (i % 251) as u8).collect();
    mount_download(&server, "convert", &pdf).await;

    let client = client(&server);
    let seen_progress = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&seen_progress);
    let upload = toolsfast::FilePart::bytes(b"hello".to_vec()).file_name("hello.txt");
    // The future owns what it needs, like every call's: it can be spawned.
    let task = tokio::spawn(client.convert_and_download(
        client.create_conversion("pdf").file(upload),
        &fast(),
        move |p| sink.lock().unwrap().push(p),
    ));
    let done = task.await.unwrap().expect("the job succeeds");
    let progress = seen_progress.lock().unwrap().clone();

    assert_eq!(
        seen(&progress),
        [
            (JobStatus::Queued, None, 1),
            (JobStatus::Running, Some(50.0), 2),
            (JobStatus::Succeeded, Some(100.0), 3),
        ]
    );
    assert!(progress.iter().all(|p| p.job_id == JOB));
    assert_eq!(progress[1].phase.as_deref(), Some("converting"));
    assert_eq!(done.job.status, JobStatus::Succeeded);
    assert_eq!(done.output.content_type(), Some("application/pdf"));

    let mut output = done.output;
    let mut bytes = Vec::new();
    while let Some(chunk) = output.next().await {
        bytes.extend_from_slice(&chunk.unwrap());
    }
    assert_eq!(bytes, pdf);
}

#[tokio::test]
async fn compress_and_download_uses_the_compress_endpoints() {
    let server = MockServer::start().await;
    mount_submit(&server, "compress").await;
    mount_polls(
        &server,
        "compress",
        &[job("Running", Some(10.0)), job("Succeeded", None)],
    )
    .await;
    mount_download(&server, "compress", b"small").await;

    let client = client(&server);
    let polls = Arc::new(AtomicU32::new(0));
    let counter = Arc::clone(&polls);
    let upload = toolsfast::FilePart::bytes(b"big".to_vec()).file_name("big.png");
    let done = client
        .compress_and_download(
            client.create_compression().file(upload),
            &fast(),
            move |_| {
                counter.fetch_add(1, Ordering::SeqCst);
            },
        )
        .await
        .unwrap();
    assert_eq!(polls.load(Ordering::SeqCst), 2);
    assert_eq!(&done.output.collect().await.unwrap()[..], b"small");
}

#[tokio::test]
async fn a_failed_job_is_an_error_with_its_code_and_detail() {
    let server = MockServer::start().await;
    mount_submit(&server, "convert").await;
    let mut failed = job("Failed", Some(30.0));
    failed["error"] =
        json!({"code": "convert.unsupported_input", "detail": "The file is not a DOCX"});
    mount_polls(&server, "convert", &[job("Running", Some(30.0)), failed]).await;
    // No download may be attempted.
    Mock::given(method("GET"))
        .and(path(format!("/convert/job/{JOB}/download")))
        .respond_with(ResponseTemplate::new(500))
        .expect(0)
        .mount(&server)
        .await;

    let client = client(&server);
    let upload = toolsfast::FilePart::bytes(b"x".to_vec()).file_name("x.docx");
    let err = client
        .convert_and_download(
            client.create_conversion("pdf").file(upload),
            &fast(),
            |_| {},
        )
        .await
        .unwrap_err();
    let WaitError::Failed { job, code, detail } = &err else {
        panic!("expected a failed job, got {err:?}");
    };
    assert_eq!(job.id, JOB);
    assert_eq!(code.as_deref(), Some("convert.unsupported_input"));
    assert_eq!(detail.as_deref(), Some("The file is not a DOCX"));
    let message = err.to_string();
    assert!(
        message.contains(JOB) && message.contains("convert.unsupported_input"),
        "{message}"
    );
}

#[tokio::test]
async fn a_canceled_job_is_an_error() {
    let server = MockServer::start().await;
    mount_polls(&server, "convert", &[job("Canceled", None)]).await;
    let err = client(&server)
        .wait_for_conversion(JOB, &fast(), |_| {})
        .await
        .unwrap_err();
    assert!(matches!(err, WaitError::Canceled { .. }), "{err:?}");
    assert_eq!(err.job().map(|j| j.id.as_str()), Some(JOB));
}

#[tokio::test]
async fn polling_is_bounded_by_the_number_of_polls() {
    let server = MockServer::start().await;
    mount_polls(&server, "convert", &[job("Running", Some(5.0))]).await;
    let polled = Arc::new(AtomicU32::new(0));
    let counter = Arc::clone(&polled);
    let err = client(&server)
        .wait_for_conversion(JOB, &fast().max_polls(4), move |_| {
            counter.fetch_add(1, Ordering::SeqCst);
        })
        .await
        .unwrap_err();
    let polls = polled.load(Ordering::SeqCst);
    let WaitError::TimedOut {
        job, polls: made, ..
    } = &err
    else {
        panic!("expected a timeout, got {err:?}");
    };
    assert_eq!((*made, polls), (4, 4));
    assert_eq!(job.status, JobStatus::Running);
    assert_eq!(server.received_requests().await.unwrap().len(), 4);
}

#[tokio::test]
async fn polling_is_bounded_by_time() {
    let server = MockServer::start().await;
    mount_polls(&server, "compress", &[job("Queued", None)]).await;
    let options = WaitOptions::default()
        .initial_interval(Duration::from_millis(20))
        .max_interval(Duration::from_millis(20))
        .max_polls(1_000)
        .timeout(Duration::from_millis(150));
    let started = std::time::Instant::now();
    let err = client(&server)
        .wait_for_compression(JOB, &options, |_| {})
        .await
        .unwrap_err();
    let WaitError::TimedOut { polls, elapsed, .. } = err else {
        panic!("expected a timeout, got {err:?}");
    };
    assert!(elapsed >= Duration::from_millis(150), "{elapsed:?}");
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(
        (2..=12).contains(&polls),
        "{polls} polls in 150 ms at 20 ms"
    );
}

#[tokio::test]
async fn the_delay_between_polls_grows_up_to_the_maximum() {
    let server = MockServer::start().await;
    mount_polls(
        &server,
        "convert",
        &[
            job("Queued", None),
            job("Queued", None),
            job("Queued", None),
            job("Queued", None),
            job("Succeeded", None),
        ],
    )
    .await;
    let options = WaitOptions::default()
        .initial_interval(Duration::from_millis(10))
        .multiplier(2.0)
        .max_interval(Duration::from_millis(40));
    let polled = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&polled);
    client(&server)
        .wait_for_conversion(JOB, &options, move |_| {
            sink.lock().unwrap().push(std::time::Instant::now())
        })
        .await
        .unwrap();
    let times = polled.lock().unwrap().clone();
    let gaps: Vec<Duration> = times.windows(2).map(|w| w[1] - w[0]).collect();
    // 10, 20, 40, 40 ms (sleeps are at least that long).
    let floors = [10, 20, 40, 40].map(Duration::from_millis);
    for (gap, floor) in gaps.iter().zip(floors) {
        assert!(*gap >= floor, "gaps {gaps:?}");
    }
}

#[tokio::test]
async fn an_api_error_while_polling_ends_the_wait() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/convert/job/{JOB}")))
        .respond_with(
            ResponseTemplate::new(404)
                .set_body_json(json!({"error": "jobs.not_found", "detail": "No such job"})),
        )
        .mount(&server)
        .await;
    let err = client(&server)
        .wait_for_conversion(JOB, &fast(), |_| {})
        .await
        .unwrap_err();
    let WaitError::Api(api) = &err else {
        panic!("expected an API error, got {err:?}");
    };
    assert_eq!(api.status().map(|s| s.as_u16()), Some(404));
    assert!(err.job().is_none());
}
