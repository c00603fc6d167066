//! Streampixel: credentials travel inside the request (JSON body fields on POST, query
//! parameters on GET); Prism requires them as declared request fields.

use std::time::Duration;

use serde_json::json;
use streampixel::{Client, RetryPolicy};

use crate::{Call, body, call, done};

const PROJECT_ID: &str = "65f1c2d3e4b5a6978899aabb";

pub struct Clients {
    api: Client,
}

impl Clients {
    pub fn new(base_url: &str) -> Result<Self, String> {
        let api = Client::builder()
            .base_url(base_url)
            .streampixel_key("e2e-api-key", "e2e-user-id")
            .retry_policy(RetryPolicy::none())
            .attempt_timeout(Duration::from_secs(20))
            .build()
            .map_err(|e| e.to_string())?;
        Ok(Clients { api })
    }

    pub fn calls(&self) -> Vec<Call<'_>> {
        let c = &self.api;
        vec![
            call!("uploadFile", {
                let b = body(json!({
                    "projectId": PROJECT_ID,
                    "fileUrl": "https://example.com/builds/build-42.zip",
                    "autoRelease": false
                }))?;
                done(c.upload_file(b).send().await)
            }),
            call!("distributeFile", {
                let b =
                    body(json!({"projectId": PROJECT_ID, "uploadId": "66a1b2c3d4e5f60718293a4b"}))?;
                done(c.distribute_file(b).send().await)
            }),
            call!(
                "getUserStats",
                done(c.get_user_stats(PROJECT_ID).send().await)
            ),
            call!(
                "getLiveStats",
                done(c.get_live_stats(PROJECT_ID).send().await)
            ),
            call!(
                "getProjectsStatus",
                done(c.get_projects_status().send().await)
            ),
            call!("testWebhook", {
                let b = body(json!({"projectId": PROJECT_ID}))?;
                done(c.test_webhook(b).send().await)
            }),
        ]
    }
}
