//! FastPix: HTTP Basic auth; media, playlists, live streams, signing keys and video data.
//! Many path parameters are `format: uuid`; live-stream IDs are free strings.

use std::time::Duration;

use fastpix::types;
use fastpix::{Client, RetryPolicy};
use serde_json::json;

use crate::{Call, UUID_A, UUID_B, UUID_C, body, call, done};

const MEDIA_ID: &str = UUID_A;
const TRACK_ID: &str = UUID_B;
const PLAYBACK_ID: &str = UUID_C;
const UPLOAD_ID: &str = "9b2e4c1a-7d3f-4e8a-b6c5-0f1e2d3c4b5a";
const PLAYLIST_ID: &str = "5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d";
const DRM_ID: &str = "c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f";
const SIGNING_KEY_ID: &str = "d4e5f6a7-b8c9-4d0e-9f1a-2b3c4d5e6f7a";
const LIVESTREAM_UUID: &str = "e7f8a9b0-c1d2-4e3f-a4b5-c6d7e8f9a0b1";
const STREAM_ID: &str = "a09f3e958235b2e3e2c9f1c6b7a4d5e6";
const STREAM_PLAYBACK_ID: &str = "632029b4-6d77-4ca6-9a1d-4e5f6a7b8c9d";
const SIMULCAST_ID: &str = "7a3b1c2d9e8f7a6b5c4d3e2f1a0b9c8d";
const VIEW_ID: &str = "b1a2c3d4e5f60718293a4b5c6d7e8f90";

pub struct Clients {
    api: Client,
}

impl Clients {
    pub fn new(base_url: &str) -> Result<Self, String> {
        let api = Client::builder()
            .base_url(base_url)
            .basic_auth("e2e-access-token-id", "e2e-secret-key")
            .retry_policy(RetryPolicy::none())
            .attempt_timeout(Duration::from_secs(20))
            .build()
            .map_err(|e| e.to_string())?;
        Ok(Clients { api })
    }

    pub fn calls(&self) -> Vec<Call<'_>> {
        let c = &self.api;
        vec![
            // Media.
            call!("create-media", {
                let b = body(json!({
                    "inputs": [{"type": "video", "url": "https://static.fastpix.io/fp-sample-video.mp4"}],
                    "accessPolicy": "public",
                    "metadata": {"key1": "value1"},
                    "title": "e2e",
                    "maxResolution": "1080p",
                    "mediaQuality": "standard",
                    "summary": {"generate": true, "summaryLength": 100},
                    "chapters": true,
                    "moderation": {"type": "av"},
                    "accessRestrictions": restrictions()
                }))?;
                done(c.create_media(b).send().await)
            }),
            call!(
                "list-media",
                done(
                    c.list_media()
                        .limit(20)
                        .offset(1)
                        .order_by(types::SortOrder::Desc)
                        .send()
                        .await
                )
            ),
            call!(
                "list-live-clips",
                done(c.list_live_clips(LIVESTREAM_UUID).limit(5).send().await)
            ),
            call!("get-media", done(c.get_media(MEDIA_ID).send().await)),
            call!("updated-media", {
                let b = body(
                    json!({"metadata": {"user": "e2e"}, "title": "E2E title", "creatorId": "e2e-creator"}),
                )?;
                done(c.updated_media(MEDIA_ID, b).send().await)
            }),
            call!("delete-media", done(c.delete_media(MEDIA_ID).send().await)),
            call!("Add-media-track", {
                let b = body(json!({"tracks": {
                    "url": "https://static.fastpix.io/music-1.mp3",
                    "type": "audio",
                    "languageCode": "it",
                    "languageName": "Italian"
                }}))?;
                done(c.add_media_track(MEDIA_ID, b).send().await)
            }),
            call!(
                "cancel-upload",
                done(c.cancel_upload(UPLOAD_ID).send().await)
            ),
            call!("update-media-track", {
                let b = body(json!({
                    "url": "https://example.com/subtitles/fr.vtt",
                    "languageCode": "fr",
                    "languageName": "French"
                }))?;
                done(c.update_media_track(MEDIA_ID, TRACK_ID, b).send().await)
            }),
            call!(
                "delete-media-track",
                done(c.delete_media_track(MEDIA_ID, TRACK_ID).send().await)
            ),
            call!("Generate-subtitle-track", {
                let b = body(
                    json!({"languageName": "English", "languageCode": "en-US", "metadata": {"k": "v"}}),
                )?;
                done(
                    c.generate_subtitle_track(MEDIA_ID, TRACK_ID, b)
                        .send()
                        .await,
                )
            }),
            call!("update-media-summary", {
                let b = body(json!({"generate": true, "summaryLength": 120}))?;
                done(c.update_media_summary(MEDIA_ID, b).send().await)
            }),
            call!(
                "get-media-summary",
                done(c.get_media_summary(MEDIA_ID).send().await)
            ),
            call!("update-media-chapters", {
                let b = body(json!({"chapters": true}))?;
                done(c.update_media_chapters(MEDIA_ID, b).send().await)
            }),
            call!("update-media-named-entities", {
                let b = body(json!({"namedEntities": true}))?;
                done(c.update_media_named_entities(MEDIA_ID, b).send().await)
            }),
            call!("update-media-moderation", {
                let b = body(json!({"moderation": {"type": "video"}}))?;
                done(c.update_media_moderation(MEDIA_ID, b).send().await)
            }),
            call!("updated-source-access", {
                let b = body(json!({"sourceAccess": true}))?;
                done(c.updated_source_access(MEDIA_ID, b).send().await)
            }),
            call!("updated-mp4Support", {
                let b = body(json!({"mp4Support": "capped_4k"}))?;
                done(c.updated_mp4_support(MEDIA_ID, b).send().await)
            }),
            call!(
                "retrieveMediaInputInfo",
                done(c.retrieve_media_input_info(MEDIA_ID).send().await)
            ),
            // Playback IDs of media.
            call!("create-media-playback-id", {
                let b = body(json!({
                    "accessPolicy": "public",
                    "accessRestrictions": restrictions(),
                    "resolution": "1080p"
                }))?;
                done(c.create_media_playback_id(MEDIA_ID, b).send().await)
            }),
            call!(
                "list-playback-ids",
                done(c.list_playback_ids(MEDIA_ID).send().await)
            ),
            call!(
                "delete-media-playback-id",
                done(
                    c.delete_media_playback_id(MEDIA_ID, PLAYBACK_ID)
                        .send()
                        .await
                )
            ),
            // Uploads and clips.
            call!("direct-upload-video-media", {
                let b = body(json!({
                    "corsOrigin": "*",
                    "pushMediaSettings": {
                        "accessPolicy": "private",
                        "metadata": {"source": "e2e"},
                        "maxResolution": "720p"
                    }
                }))?;
                done(c.direct_upload_video_media(b).send().await)
            }),
            call!(
                "list-uploads",
                done(
                    c.list_uploads()
                        .limit(10)
                        .offset(1)
                        .order_by(types::SortOrder::Asc)
                        .send()
                        .await
                )
            ),
            call!(
                "get-media-clips",
                done(c.get_media_clips(MEDIA_ID).offset(1).limit(10).send().await)
            ),
            // Playlists.
            call!("create-a-playlist", {
                let b = body(json!({
                    "name": "E2E smart playlist",
                    "referenceId": "e2e-smart-1",
                    "type": "smart",
                    "description": "created by cargo xtask e2e",
                    "playOrder": "createdDate DESC",
                    "limit": 100,
                    "metadata": {"createdDate": {"startDate": "2024-01-01", "endDate": "2024-12-31"}}
                }))?;
                done(c.create_a_playlist(b).send().await)
            }),
            call!(
                "get-all-playlists",
                done(c.get_all_playlists().limit(10).offset(1).send().await)
            ),
            call!(
                "get-playlist-by-id",
                done(c.get_playlist_by_id(PLAYLIST_ID).send().await)
            ),
            call!("update-a-playlist", {
                let b = body(json!({"name": "E2E playlist", "description": "renamed"}))?;
                done(c.update_a_playlist(PLAYLIST_ID, b).send().await)
            }),
            call!(
                "delete-a-playlist",
                done(c.delete_a_playlist(PLAYLIST_ID).send().await)
            ),
            call!("add-media-to-playlist", {
                let b = body(media_ids())?;
                done(c.add_media_to_playlist(PLAYLIST_ID, b).send().await)
            }),
            call!("change-media-order-in-playlist", {
                let b = body(media_ids())?;
                done(
                    c.change_media_order_in_playlist(PLAYLIST_ID, b)
                        .send()
                        .await,
                )
            }),
            call!("delete-media-from-playlist", {
                let b = body(media_ids())?;
                done(c.delete_media_from_playlist(PLAYLIST_ID, b).send().await)
            }),
            call!(
                "get-playback-id",
                done(c.get_playback_id(MEDIA_ID, PLAYBACK_ID).send().await)
            ),
            call!("update-domain-restrictions", {
                let b =
                    body(json!({"defaultPolicy": "deny", "allow": ["example.com"], "deny": []}))?;
                done(
                    c.update_domain_restrictions(MEDIA_ID, PLAYBACK_ID, b)
                        .send()
                        .await,
                )
            }),
            call!("update-user-agent-restrictions", {
                let b =
                    body(json!({"defaultPolicy": "allow", "allow": [], "deny": ["BadBot/1.0"]}))?;
                done(
                    c.update_user_agent_restrictions(MEDIA_ID, PLAYBACK_ID, b)
                        .send()
                        .await,
                )
            }),
            // DRM.
            call!(
                "getDrmConfiguration",
                done(c.get_drm_configuration().offset(1).limit(10).send().await)
            ),
            call!(
                "getDrmConfigurationById",
                done(c.get_drm_configuration_by_id(DRM_ID).send().await)
            ),
            // Live streams.
            call!("create-new-stream", {
                let b = body(json!({
                    "playbackSettings": {"accessPolicy": "public"},
                    "inputMediaSettings": {
                        "maxResolution": "1080p",
                        "reconnectWindow": 60,
                        "mediaPolicy": "public",
                        "metadata": {"livestream_name": "e2e"},
                        "enableDvrMode": false
                    }
                }))?;
                done(c.create_new_stream(b).send().await)
            }),
            call!(
                "get-all-streams",
                done(
                    c.get_all_streams()
                        .limit(10)
                        .offset(1)
                        .order_by(types::GetAllStreamsOrderBy::Desc)
                        .send()
                        .await
                )
            ),
            call!(
                "get-live-stream-viewer-count-by-id",
                done(c.get_live_stream_viewer_count_by_id(STREAM_ID).send().await)
            ),
            call!(
                "get-live-stream-by-id",
                done(c.get_live_stream_by_id(STREAM_ID).send().await)
            ),
            call!(
                "delete-live-stream",
                done(c.delete_live_stream(STREAM_ID).send().await)
            ),
            call!("update-live-stream", {
                let b = body(
                    json!({"metadata": {"livestream_name": "renamed"}, "reconnectWindow": 120}),
                )?;
                done(c.update_live_stream(STREAM_ID, b).send().await)
            }),
            call!(
                "enable-live-stream",
                done(c.enable_live_stream(STREAM_ID).send().await)
            ),
            call!(
                "disable-live-stream",
                done(c.disable_live_stream(STREAM_ID).send().await)
            ),
            call!(
                "complete-live-stream",
                done(c.complete_live_stream(STREAM_ID).send().await)
            ),
            call!("create-playbackId-of-stream", {
                let b = body(json!({"accessPolicy": "private"}))?;
                done(c.create_playback_id_of_stream(STREAM_ID, b).send().await)
            }),
            call!(
                "delete-playbackId-of-stream",
                done(
                    c.delete_playback_id_of_stream(STREAM_ID, STREAM_PLAYBACK_ID)
                        .send()
                        .await
                )
            ),
            call!(
                "get-live-stream-playback-id",
                done(
                    c.get_live_stream_playback_id(STREAM_ID, STREAM_PLAYBACK_ID)
                        .send()
                        .await
                )
            ),
            call!("create-simulcast-of-stream", {
                let b = body(json!({
                    "url": "rtmp://live.example.com/app",
                    "streamKey": "e2e-stream-key",
                    "metadata": {"simulcast_name": "e2e"}
                }))?;
                done(c.create_simulcast_of_stream(STREAM_ID, b).send().await)
            }),
            call!(
                "delete-simulcast-of-stream",
                done(
                    c.delete_simulcast_of_stream(STREAM_ID, SIMULCAST_ID)
                        .send()
                        .await
                )
            ),
            call!(
                "get-specific-simulcast-of-stream",
                done(
                    c.get_specific_simulcast_of_stream(STREAM_ID, SIMULCAST_ID)
                        .send()
                        .await
                )
            ),
            call!("update-specific-simulcast-of-stream", {
                let b =
                    body(json!({"isEnabled": false, "metadata": {"simulcast_name": "paused"}}))?;
                done(
                    c.update_specific_simulcast_of_stream(STREAM_ID, SIMULCAST_ID, b)
                        .send()
                        .await,
                )
            }),
            // Signing keys.
            call!(
                "create_signing_key",
                done(c.create_signing_key().send().await)
            ),
            call!(
                "list_signing_keys",
                done(c.list_signing_keys().limit(10).offset(1).send().await)
            ),
            call!(
                "delete_signing_key",
                done(c.delete_signing_key(SIGNING_KEY_ID).send().await)
            ),
            call!(
                "get-signing_key_by_id",
                done(c.get_signing_key_by_id(SIGNING_KEY_ID).send().await)
            ),
            // Video data.
            call!(
                "list_video_views",
                done(
                    c.list_video_views()
                        .timespan(types::ListVideoViewsTimespan::V24Hours)
                        .filterby("browser_name:Chrome")
                        .limit(10)
                        .offset(1)
                        .order_by("view_end")
                        .sort_order("desc")
                        .send()
                        .await
                )
            ),
            call!(
                "get_video_view_details",
                done(c.get_video_view_details(VIEW_ID).send().await)
            ),
            call!(
                "list_by_top_content",
                done(
                    c.list_by_top_content()
                        .timespan(types::ListByTopContentTimespan::V7Days)
                        .limit(5)
                        .send()
                        .await
                )
            ),
            call!("list_dimensions", done(c.list_dimensions().send().await)),
            call!(
                "list_filter_values_for_dimension",
                done(
                    c.list_filter_values_for_dimension(
                        types::ListFilterValuesForDimensionDimensionsId::BrowserName,
                    )
                    .send()
                    .await
                )
            ),
            call!(
                "list_breakdown_values",
                done(
                    c.list_breakdown_values(types::ListBreakdownValuesMetricId::Views)
                        .timespan(types::ListBreakdownValuesTimespan::V30Days)
                        .group_by("browser_name")
                        .sort_order(types::ListBreakdownValuesSortOrder::Desc)
                        .send()
                        .await
                )
            ),
            call!(
                "list_overall_values",
                done(
                    c.list_overall_values(
                        types::ListOverallValuesMetricId::QualityOfExperienceScore
                    )
                    .measurement("avg")
                    .send()
                    .await
                )
            ),
            call!(
                "get_timeseries_data",
                done(
                    c.get_timeseries_data(types::GetTimeseriesDataMetricId::Views)
                        .group_by(types::GetTimeseriesDataGroupBy::Hour)
                        .send()
                        .await
                )
            ),
            call!(
                "list_comparison_values",
                done(
                    c.list_comparison_values()
                        .dimension(types::ListComparisonValuesDimension::BrowserName)
                        .value("Chrome")
                        .send()
                        .await
                )
            ),
            call!("list_errors", done(c.list_errors().limit(5).send().await)),
        ]
    }
}

/// Domain and user-agent restrictions, as media and playback IDs take them.
fn restrictions() -> serde_json::Value {
    json!({
        "domains": {"defaultPolicy": "allow", "allow": ["example.com"], "deny": ["blocked.example"]},
        "userAgents": {"defaultPolicy": "deny", "allow": ["Mozilla/5.0"], "deny": []}
    })
}

fn media_ids() -> serde_json::Value {
    json!({"mediaIds": [MEDIA_ID, UUID_B]})
}
