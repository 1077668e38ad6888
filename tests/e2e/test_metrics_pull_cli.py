"""`psn analytics pull -p PLATFORM` through the real CLI against the emulators, for the platforms that
declare metrics and had no journey of their own: what the platform counts is stored and shown by
`psn analytics show`."""

from __future__ import annotations

from psn.platforms.instagram.probe import make_jpeg


def pull_and_show(cli, platform: str, content_id: int) -> dict:  # type: ignore[no-untyped-def]
    assert cli("--sandbox", "sandbox", "advance", "6h").exit_code == 0
    pulled = cli("--sandbox", "--json", "analytics", "pull", "-p", platform)
    assert pulled.exit_code == 0, pulled.stdout
    [row] = pulled.json()["data"]["platforms"]
    assert (row["platform"], row["measured"], row["error"]) == (platform, 1, None)
    shown = cli("--sandbox", "--json", "analytics", "show", str(content_id))
    return shown.json()["data"]["snapshots"][-1]


def test_facebook_page_post_metrics_are_pulled_and_shown(cli, monkeypatch):
    monkeypatch.setenv("PSN_SECRETS", "file")
    assert cli("--sandbox", "setup", "facebook").exit_code == 0
    posted = cli("--sandbox", "--json", "post", "-p", "facebook", "-t", "Measure me", "--yes")
    snapshot = pull_and_show(cli, "facebook", posted.json()["data"]["published"][0]["id"])
    assert snapshot["views"] > 0  # the emulator's post_media_view


def test_instagram_media_metrics_are_pulled_and_shown(cli, tmp_path):
    assert cli("--sandbox", "setup", "instagram").exit_code == 0
    assert cli("--sandbox", "config", "set", "instagram.media_host_command",
               "echo https://cdn.example.com/{hash}{ext}").exit_code == 0
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(make_jpeg(1080, 1350))
    posted = cli("--sandbox", "--json", "post", "-p", "instagram", "-t", "Measure me", "--media", str(photo), "--yes")
    assert posted.exit_code == 0, posted.stdout
    snapshot = pull_and_show(cli, "instagram", posted.json()["data"]["published"][0]["id"])
    assert snapshot["views"] + snapshot["likes"] > 0
