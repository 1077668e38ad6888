"""The sandbox is psn's second reading of each contract (issue 17): it finds its own emulators and
signs, counts and probes with its own code. These tests hold the two readings against each other
where they must agree, and pin the emulator's reading where psn's client reads the contract wrong."""

from __future__ import annotations

import importlib
import json

import pytest

from psn.platforms.facebook import webhooks as meta_webhooks
from psn.platforms.instagram import probe
from psn.platforms.instagram import webhooks as instagram_webhooks
from psn.platforms.registry import all_specs
from psn.platforms.tiktok import webhooks as tiktok_webhooks
from psn.platforms.x import rules as x_rules
from psn.sandbox import catalog, signing, x_text
from psn.sandbox.instagram import limits, mp4


def test_the_sandbox_finds_an_emulator_for_every_platform_that_names_one(tmp_path):
    from psn.sandbox.world import SandboxWorld

    hosts = catalog.load_emulators(SandboxWorld(tmp_path))
    for spec in all_specs().values():
        if not spec.emulator:
            continue
        module, _, name = spec.emulator.partition(":")
        cls = getattr(importlib.import_module(module), name)
        assert {type(hosts[h]) for h in cls.hosts} == {cls}, spec.name


def test_meta_deliveries_verify_with_psns_verifiers():
    body = json.dumps({"object": "page", "entry": [{"id": "1", "note": "café ✓"}]}, ensure_ascii=True).encode()
    header = {signing.META_HEADER: signing.meta_signature("app-secret", body)}
    assert meta_webhooks.signature_valid("app-secret", body, header)
    assert instagram_webhooks.signature_valid(header, body, "app-secret")
    assert not meta_webhooks.signature_valid("other-secret", body, header)


def test_tiktok_deliveries_verify_with_psns_verifier():
    body = b'{"event":"post.publish.complete"}'
    t, s = tiktok_webhooks.signature_parts(signing.tiktok_signature("client-secret", 1770210873, body))
    assert t == 1770210873
    assert s == tiktok_webhooks.signature("client-secret", 1770210873, body)


@pytest.mark.parametrize(("text", "weight"), [
    ("a" * 280, 280), ("日本語", 6), ("café", 4), ("👨‍👩‍👧", 2), ("🇫🇷🇩🇪", 4), ("👍🏽", 2),
    ("read https://example.com/a/very/long/path/indeed", 5 + 23), ("—", 1), ("‘quoted’", 8),
])
def test_the_x_emulator_counts_as_x_documents(text, weight):
    assert x_text.weighted_length(text) == weight
    assert x_rules.weighted_length(text) == weight  # psn's validator agrees where both read the same rule


@pytest.mark.parametrize("keycap", ["1️⃣", "#️⃣", "5\u20e3"])
def test_psn_counts_a_keycap_emoji_as_x_does(keycap):
    """Found by the independent reading (issue 17): psn weighed a keycap as 1, X weighs it 2, so a
    post of many keycaps passed psn's check and X refused it."""
    assert x_rules.weighted_length(keycap) == x_text.weighted_length(keycap) == 2
    assert x_rules.weighted_length("a1️⃣b") == 4


def test_instagram_caption_limits():
    assert not limits.caption("#a " * 30 + "@b " * 20 + "x").too_much()
    assert limits.caption("#a " * 31).too_much()
    assert limits.caption("@b " * 21).too_much()
    assert limits.caption("x" * 2201).too_much()
    assert limits.caption("C# and a@b.com and # alone").hashtags == 0
    assert limits.caption("C# and a@b.com and # alone").mentions == 0


@pytest.mark.parametrize(("width", "height", "ok"), [(1080, 1350, True), (1080, 1351, True), (1080, 1400, False),
                                                    (1910, 1000, True), (1920, 1000, False), (0, 10, False)])
def test_instagram_feed_aspect(width, height, ok):
    assert limits.feed_aspect_ok(width, height) is ok


@pytest.mark.parametrize("version", [0, 1])
def test_the_emulators_video_reader_reads_what_psn_uploads(version):
    data = probe.make_mp4(12.5, version=version)
    assert mp4.read_video(data) == mp4.Video("mp4", 12.5)
    assert mp4.read_video(probe.make_mp4(4, brand=b"qt  ")).format == "mov"
    assert mp4.read_video(b"not a video at all").format == "unknown"
