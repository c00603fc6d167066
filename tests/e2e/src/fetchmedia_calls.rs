//! FetchMedia: any of three key schemes (the `X-API-KEY` header here), a multipart upload,
//! and two downloads that answer with a redirect (followed to [`crate::redirect::Target`]).

use std::time::Duration;

use fetchmedia::{Client, FilePart, RetryPolicy};
use serde_json::json;

use crate::redirect::{self, Target};
use crate::{Call, UUID_A, UUID_B, UUID_C, body, call, done, download};

const KEY: &str = "fm_e2e_0123456789";

pub struct Clients {
    api: Client,
    /// Same credentials, with a resolver that sends the redirect's host to `target`.
    redirected: Client,
    target: Target,
}

impl Clients {
    pub fn new(base_url: &str, target: Target) -> Result<Self, String> {
        let build = |http: Option<reqwest::Client>| {
            let mut builder = Client::builder()
                .base_url(base_url)
                .api_key_header(KEY)
                .retry_policy(RetryPolicy::none())
                .timeout(Duration::from_secs(20));
            if let Some(http) = http {
                builder = builder.http_client(http);
            }
            builder.build().map_err(|e| e.to_string())
        };
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .timeout(Duration::from_secs(20))
            .resolve(redirect::HOST, target.addr())
            .build()
            .map_err(|e| format!("cannot build the HTTP client: {e}"))?;
        Ok(Clients {
            api: build(None)?,
            redirected: build(Some(http))?,
            target,
        })
    }

    pub fn calls(&self) -> Vec<Call<'_>> {
        let c = &self.api;
        let r = &self.redirected;
        let target = &self.target;
        let video = "https://example.com/media/clip.mp4";
        vec![
            call!("createFetch", {
                let b = body(json!({"url": video, "webhook": "https://example.com/hooks/fetch"}))?;
                done(c.create_fetch(b).send().await)
            }),
            call!(
                "getFetchMetadata",
                done(c.get_fetch_metadata(video).send().await)
            ),
            call!("postFetchMetadata", {
                let b = body(json!({"url": video}))?;
                done(c.post_fetch_metadata(b).send().await)
            }),
            call!("getFetch", done(c.get_fetch(UUID_A).send().await)),
            call!("downloadFetchedFile", {
                let bytes =
                    download(r.download_fetched_file(UUID_A, "clip.mp4").send().await).await?;
                target.check_hop(&bytes, &[KEY])
            }),
            call!(
                "listFiles",
                done(c.list_files().limit(10).offset(0).send().await)
            ),
            call!(
                "createFile",
                done(
                    c.create_file()
                        .file(
                            FilePart::bytes(&b"\x00\x00\x00\x18ftypmp42 e2e"[..])
                                .file_name("clip.mp4")
                        )
                        .send()
                        .await
                )
            ),
            call!("getFile", done(c.get_file(UUID_B).send().await)),
            call!("deleteFile", done(c.delete_file(UUID_B).send().await)),
            call!("downloadFile", {
                let bytes = download(r.download_file(UUID_B).send().await).await?;
                target.check_hop(&bytes, &[KEY])
            }),
            call!(
                "listCommands",
                done(c.list_commands().limit(5).offset(10).send().await)
            ),
            call!("createCommand", {
                let b = body(json!({
                    "ffmpeg_command": "-i {{in_1}} -vf scale=640:-2 {{out_1}}",
                    "input_files": {"in_1": video},
                    "output_files": {"out_1": "small.mp4"},
                    "webhook": "https://example.com/hooks/command"
                }))?;
                done(c.create_command(b).send().await)
            }),
            call!("getCommand", done(c.get_command(UUID_C).send().await)),
            call!(
                "fetchTiktokVideo",
                done(
                    c.fetch_tiktok_video("https://www.tiktok.com/@e2e/video/7311111111111111111")
                        .send()
                        .await
                )
            ),
        ]
    }
}
