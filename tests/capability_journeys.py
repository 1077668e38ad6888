"""Which journey proves each capability a platform declares (checked by tests/test_capabilities_reached.py).

A capability is one of: `format:<name>` for each of `capabilities.formats`, `reply:<policy>` when
the policy is not `none`, and each flag that is true (conversations, search, metrics, webhooks,
webhook_subscription, native_scheduling, threads, carousels, hosts_media). Its journey is a test
(`file::name`) that drives the real `psn` command against the sandbox and asserts what a person
sees and what is stored. To add a capability: declare it, write its journey, add one line here.

`PENDING` holds the capabilities whose journey is being written on another branch (named), or by
nobody yet ("unassigned"): the check prints them on every run; the lead empties it at merge.
"""

from __future__ import annotations

E2E = "tests/e2e"
WP = f"{E2E}/test_wordpress_conversations_cli.py"
IG = "tests/platforms/instagram/test_cli_e2e.py"
HOOKS = f"{E2E}/test_webhooks_serve_cli.py::test_signed_deliveries_are_stored_once_and_forged_ones_refused"
CONV = "tests/journeys/test_conversations.py"
FB = f"{E2E}/test_facebook_journeys.py"
LINKS = f"{E2E}/test_post_links_media_cli.py::test_a_link_goes_where_each_platform_takes_it"
FORMATS = f"{E2E}/test_post_formats_cli.py::test_given_text_and_media_publish_in_each_format"
WA_MEDIA = f"{E2E}/test_whatsapp_cli.py::test_image_video_and_document_inside_the_window"

JOURNEYS: dict[tuple[str, str], str] = {
    ("blog", "format:article"): f"{E2E}/test_blog_cli.py::test_publish_maps_the_receivers_answer",
    ("blog", "native_scheduling"):
        f"{E2E}/test_blog_cli.py::test_a_scheduled_article_is_handed_over_then_shown_published_at_its_time",

    ("facebook", "format:text"): f"{E2E}/test_facebook_cli.py::test_each_format",
    ("facebook", "format:photo"): f"{E2E}/test_facebook_cli.py::test_each_format",
    ("facebook", "format:image"): f"{E2E}/test_facebook_cli.py::test_each_format",
    ("facebook", "format:photos"): f"{E2E}/test_facebook_cli.py::test_each_format",
    ("facebook", "format:video"): f"{E2E}/test_facebook_cli.py::test_each_format",
    ("facebook", "carousels"): f"{E2E}/test_facebook_cli.py::test_each_format",
    ("facebook", "metrics"): f"{E2E}/test_metrics_pull_cli.py::test_facebook_page_post_metrics_are_pulled_and_shown",

    ("instagram", "format:image"): f"{IG}::test_feed_image",
    ("instagram", "format:carousel"): f"{IG}::test_carousel_of_images_and_a_video",
    ("instagram", "carousels"): f"{IG}::test_carousel_of_images_and_a_video",
    ("instagram", "format:reel"): f"{IG}::test_reel_uploads_the_video_directly",
    ("instagram", "metrics"): f"{E2E}/test_metrics_pull_cli.py::test_instagram_media_metrics_are_pulled_and_shown",

    ("linkedin", "format:text"): f"{E2E}/test_linkedin_cli.py::test_connect_and_post_text_that_reads_as_written",
    ("linkedin", "format:image"): f"{E2E}/test_linkedin_cli.py::test_every_media_format",
    ("linkedin", "format:carousel"): f"{E2E}/test_linkedin_cli.py::test_every_media_format",
    ("linkedin", "format:document"): f"{E2E}/test_linkedin_cli.py::test_every_media_format",
    ("linkedin", "format:video"): f"{E2E}/test_linkedin_cli.py::test_every_media_format",
    ("linkedin", "carousels"): f"{E2E}/test_linkedin_cli.py::test_every_media_format",

    ("tiktok", "format:video"): f"{E2E}/test_tiktok_cli.py::test_audited_public_video_and_photo_posts",
    ("tiktok", "format:photo"): f"{E2E}/test_tiktok_cli.py::test_audited_public_video_and_photo_posts",
    ("tiktok", "carousels"): f"{E2E}/test_tiktok_cli.py::test_audited_public_video_and_photo_posts",
    ("tiktok", "search"):
        f"{E2E}/test_tiktok_cli.py::test_engage_monitor_reaches_tiktok_discovery_and_scores_what_it_finds",
    ("tiktok", "metrics"): f"{E2E}/test_tiktok_cli.py::test_metrics_and_followers_are_pulled",
    ("tiktok", "webhooks"): f"{E2E}/test_tiktok_cli.py::test_access_removed_in_the_tiktok_app_disconnects_the_account",

    ("whatsapp", "format:template"): f"{E2E}/test_whatsapp_cli.py::test_template_to_opted_in_contacts_then_statuses",
    ("whatsapp", "format:text"): f"{E2E}/test_whatsapp_cli.py::test_text_inside_the_window_after_the_contact_wrote",
    ("whatsapp", "webhooks"): f"{E2E}/test_whatsapp_cli.py::test_template_to_opted_in_contacts_then_statuses",

    ("wordpress", "format:article"):
        f"{E2E}/test_wordpress_cli.py::test_article_with_terms_and_featured_image_returns_the_real_link",
    ("wordpress", "format:page"):
        f"{E2E}/test_wordpress_cli.py::test_psn_post_takes_the_first_line_as_title_and_pages_work",
    ("wordpress", "conversations"): f"{WP}::test_a_reader_comment_is_found_answered_in_its_thread_and_counted",
    ("wordpress", "reply:own_posts"):
        "tests/journeys/test_wordpress_engage.py::test_a_reader_comment_is_answered_in_its_thread_with_the_text_approved",
    ("wordpress", "metrics"): f"{WP}::test_a_reader_comment_is_found_answered_in_its_thread_and_counted",
    ("wordpress", "native_scheduling"):
        f"{WP}::test_a_post_wordpress_schedules_is_shown_published_once_the_site_publishes_it",
    ("wordpress", "hosts_media"):
        f"{E2E}/test_cross_platform_wiring.py::test_connected_wordpress_hosts_media_for_instagram",

    ("x", "format:text"): f"{E2E}/test_x_cli.py::test_connect_and_post",
    ("x", "format:thread"): f"{E2E}/test_x_cli.py::test_thread_with_image",
    ("x", "threads"): f"{E2E}/test_x_cli.py::test_thread_with_image",
    ("x", "search"): "tests/engage/test_cli_discovery.py::test_monitor_finds_scores_and_drafts",
    ("x", "conversations"):
        f"{E2E}/test_x_conversations_cli.py::test_replies_under_your_post_are_found_and_answered_in_place",
    ("x", "reply:summoned"): "tests/engage/test_cli_reply.py::test_api_reply_records_the_approval_of_exactly_that_text",
    ("x", "metrics"): f"{E2E}/test_x_answers.py::test_metrics_read_repost_count",

    **{(p, "webhooks"): HOOKS for p in ("x", "instagram", "facebook")},

    # comments on the creator's posts and mentions: found, answered through the API, logged
    ("facebook", "conversations"): f"{CONV}::test_a_comment_on_your_post_is_found_answered_in_the_session_and_logged",
    ("instagram", "conversations"): f"{CONV}::test_a_comment_on_your_post_is_found_answered_in_the_session_and_logged",
    ("facebook", "reply:own_posts"):
        f"{CONV}::test_the_daemon_job_and_pasting_your_own_post_reach_the_same_conversations",
    ("instagram", "reply:own_posts"): f"{CONV}::test_instagram_webhooks_and_reply_commands_reach_comments_and_mentions",
    ("facebook", "webhook_subscription"):
        f"{CONV}::test_facebook_webhooks_verify_with_the_setup_token_and_store_feed_comments",
    ("instagram", "webhook_subscription"):
        f"{CONV}::test_instagram_webhooks_and_reply_commands_reach_comments_and_mentions",

    ("linkedin", "reply:any"):
        f"{E2E}/test_linkedin_conversations_cli.py::test_monitor_says_why_and_a_pasted_comment_is_answered_under_it",
    ("whatsapp", "reply:own_posts"):
        f"{E2E}/test_whatsapp_conversations_cli.py::test_an_inbound_message_is_answered_in_its_thread_within_the_window",
    ("facebook", "native_scheduling"): f"{FB}::test_at_schedules_natively_inside_facebooks_window",
    ("facebook", "format:link"): LINKS,
    ("linkedin", "format:article"): LINKS,
    ("instagram", "format:story"): FORMATS,
    ("whatsapp", "format:image"): WA_MEDIA,
    ("whatsapp", "format:video"): WA_MEDIA,
    ("whatsapp", "format:document"): WA_MEDIA,
}

# (platform, capability) → the branch writing its journey ("unassigned": nobody yet, the lead decides)
PENDING: dict[tuple[str, str], str] = {
}
