//! Tools.FAST: `X-Fast-Api-Key` header, multipart uploads, binary downloads.

use std::time::Duration;

use toolsfast::{Client, FilePart, RetryPolicy};

use crate::{Call, call, done, download};

const JOB_ID: &str = "job_01HZX3V7K2M9Q4R8T6W1Y5B0C3";

pub struct Clients {
    api: Client,
}

impl Clients {
    pub fn new(base_url: &str) -> Result<Self, String> {
        let api = Client::builder()
            .base_url(base_url)
            .api_key_header("e2e-tools-fast-key")
            .retry_policy(RetryPolicy::none())
            .attempt_timeout(Duration::from_secs(20))
            .build()
            .map_err(|e| e.to_string())?;
        Ok(Clients { api })
    }

    pub fn calls(&self) -> Vec<Call<'_>> {
        let c = &self.api;
        let docx = || FilePart::bytes(&b"PK\x03\x04 e2e document"[..]).file_name("report.docx");
        let png = || FilePart::bytes(&b"\x89PNG\r\n\x1a\n e2e image"[..]).file_name("photo.png");
        vec![
            call!(
                "createConversion",
                done(
                    c.create_conversion("pdf")
                        .file(docx())
                        .source_format("docx")
                        .webhook_url("https://example.com/hooks/convert")
                        .webhook_secret("0123456789abcdef0123")
                        .send()
                        .await
                )
            ),
            call!(
                "getConversionJob",
                done(c.get_conversion_job(JOB_ID).send().await)
            ),
            call!(
                "deleteConversionJob",
                done(c.delete_conversion_job(JOB_ID).send().await)
            ),
            call!("downloadConversionOutput", {
                let bytes = download(c.download_conversion_output(JOB_ID).send().await).await?;
                Ok(format!("{} bytes streamed", bytes.len()))
            }),
            call!(
                "cancelConversionJob",
                done(c.cancel_conversion_job(JOB_ID).send().await)
            ),
            call!("listConversions", done(c.list_conversions().send().await)),
            call!(
                "getConvertOptionsSchema",
                done(c.get_convert_options_schema().send().await)
            ),
            call!(
                "getConversionOptionsSchema",
                done(c.get_conversion_options_schema("docx", "pdf").send().await)
            ),
            call!(
                "getConvertEntitlements",
                done(c.get_convert_entitlements().send().await)
            ),
            call!(
                "createCompression",
                done(
                    c.create_compression()
                        .file(png())
                        .source_format("png")
                        .send()
                        .await
                )
            ),
            call!(
                "getCompressionJob",
                done(c.get_compression_job(JOB_ID).send().await)
            ),
            call!(
                "deleteCompressionJob",
                done(c.delete_compression_job(JOB_ID).send().await)
            ),
            call!("downloadCompressionOutput", {
                let bytes = download(c.download_compression_output(JOB_ID).send().await).await?;
                Ok(format!("{} bytes streamed", bytes.len()))
            }),
            call!(
                "cancelCompressionJob",
                done(c.cancel_compression_job(JOB_ID).send().await)
            ),
            call!(
                "getCompressOptionsSchema",
                done(c.get_compress_options_schema().send().await)
            ),
            call!(
                "getCompressFormatOptionsSchema",
                done(c.get_compress_format_options_schema("png").send().await)
            ),
            call!(
                "getCompressEntitlements",
                done(c.get_compress_entitlements().send().await)
            ),
        ]
    }
}
