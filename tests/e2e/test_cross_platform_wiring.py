"""Services one platform gets from psn or from another connected platform."""

from psn.accounts.wiring import adapter_for


def test_instagram_gets_a_persisted_hashtag_budget(cli):
    assert cli("--sandbox", "setup", "instagram").exit_code == 0
    from psn.cli.state import ctx

    adapter, _ = adapter_for(ctx(), "instagram")
    assert adapter.hashtag_search is not None


def test_connected_wordpress_hosts_media_for_instagram(cli):
    assert cli("--sandbox", "setup", "instagram").exit_code == 0
    from psn.cli.state import ctx, current

    assert adapter_for(ctx(), "instagram")[0].publisher.media_host is None  # where the publisher fetches from
    fields = ("--field", "site_url=https://wp.example.com", "--field", "username=demo",
              "--field", "application_password=abcd EFGH 1234 ijkl MNOP 6789")
    assert cli("--sandbox", "setup", "wordpress", *fields).exit_code == 0
    current()._context = None
    host = adapter_for(ctx(), "instagram")[0].publisher.media_host
    assert host is not None and host.capabilities.hosts_media


def test_webhook_events_reach_the_audience(cli, monkeypatch):
    import psn.audience.deliveries as deliveries
    from psn.cli.state import ctx, current
    from psn.platforms.base import WebhookEvent
    from psn.webhooks.receiver import Receiver

    seen = []
    monkeypatch.setattr(deliveries, "apply_events", lambda db, events, now: seen.extend(events))
    current().sandbox = True
    receiver = Receiver(ctx())
    event = WebhookEvent(platform="whatsapp", kind="message_status", object_id="wamid.1", delivery_id="d1")
    receiver._store("whatsapp", "d1", [event])
    assert seen == [event]
