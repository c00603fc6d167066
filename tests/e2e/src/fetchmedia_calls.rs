//! FetchMedia: any of three key schemes (`X-API-KEY` header, Bearer token, `?key=`), each used
//! by some calls; a multipart upload; and two downloads that answer with a redirect, followed
//! to [`crate::redirect::Target`], which checks that no credential crossed to that origin.

use std::time::Duration;

use fetchmedia::{Client, FilePart, RetryPolicy};
use serde_json::json;

use crate::redirect::{self, Target};
use crate::{Call, UUID_A, UUID_B, UUID_C, body, call, done, download};

const KEY: &str = "fm_e2e_0123456789";

#[derive(Clone, Copy)]
enum Scheme {
    Header,
    Bearer,
    Query,
}

pub struct Clients {
    /// `X-API-KEY`.
    api: Client,
    bearer: Client,
    query: Client,
    /// Header and query key, with a resolver that sends the redirect's host to `target`.
    redirected_header: Client,
    redirected_query: Client,
    target: Target,
}

impl Clients {
    pub fn new(base_url: &str, target: Target) -> Result<Self, String> {
        let build = |scheme: Scheme, http: Option<reqwest::Client>| {
            let mut builder = Client::builder()
                .base_url(base_url)
                .retry_policy(RetryPolicy::none())
                .attempt_timeout(Duration::from_secs(20));
            builder = match scheme {
                Scheme::Header => builder.api_key_header(KEY),
                Scheme::Bearer => builder.bearer_auth(KEY),
                Scheme::Query => builder.api_key_query(KEY),
            };
            if let Some(http) = http {
                builder = builder.http_client(http);
            }
            builder.build().map_err(|e| e.to_string())
        };
        let resolving = || {
            reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .no_proxy()
                .timeout(Duration::from_secs(20))
                .resolve(redirect::HOST, target.addr())
                .build()
                .map_err(|e| format!("cannot build the HTTP client: {e}"))
        };
        Ok(Clients {
            api: build(Scheme::Header, None)?,
            bearer: build(Scheme::Bearer, None)?,
            query: build(Scheme::Query, None)?,
            redirected_header: build(Scheme::Header, Some(resolving()?))?,
            redirected_query: build(Scheme::Query, Some(resolving()?))?,
            target,
        })
    }

    pub fn calls(&self) -> Vec<Call<'_>> {
        let c = &self.api;
        let (bearer, query) = (&self.bearer, &self.query);
        let target = &self.target;
        let video = "https://example.com/media/clip.mp4";
        vec![
            call!("createFetch", {
                let b = body(json!({"url": video, "webhook": "https://example.com/hooks/fetch"}))?;
                done(bearer.create_fetch(b).send().await)
            }),
            call!(
                "getFetchMetadata",
                done(query.get_fetch_metadata(video).send().await)
            ),
            call!("postFetchMetadata", {
                let b = body(json!({"url": video}))?;
                done(c.post_fetch_metadata(b).send().await)
            }),
            call!("getFetch", done(c.get_fetch(UUID_A).send().await)),
            call!("downloadFetchedFile", {
                let bytes = download(
                    self.redirected_header
                        .download_fetched_file(UUID_A, "clip.mp4")
                        .send()
                        .await,
                )
                .await?;
                target.check_hop(&bytes, &[KEY])
            }),
            call!(
                "listFiles",
                done(query.list_files().limit(10).offset(0).send().await)
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
                let bytes =
                    download(self.redirected_query.download_file(UUID_B).send().await).await?;
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
                    bearer
                        .fetch_tiktok_video("https://www.tiktok.com/@e2e/video/7311111111111111111")
                        .send()
                        .await
                )
            ),
        ]
    }
}
