"""A quick slice of the kill -9 matrix (tests/soak/test_crash_matrix.py, `make soak`): one kill point
per flow, each a real psn process SIGKILLed by the sandbox served over HTTP, then `psn post retry`.
Each trial must end with exactly the expected post on the emulator: no duplicate, nothing lost,
no "uncertain" stop. The four trials run side by side (each has its own home, world and server)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from tests.crashkit import FLOWS, KillPoint, make_lab, table

POINTS = {
    # Instagram published the carousel; psn never heard: the retry finds it, never publishes twice.
    "instagram": KillPoint("media_publish (after)", method="POST", path="/media_publish", after=True),
    # TikTok holds every byte of the video; the retry polls that publish, never uploads it again.
    "tiktok": KillPoint("last chunk (after)", method="PUT", path="/video/", skip=2, after=True),
    # The third part never reached X, and an older thread with the same words is on the profile.
    "x": KillPoint("third part (before) + lookalike", method="POST", path="/2/tweets", skip=2, lookalike=True),
    # The post never reached WordPress: the retry looks, finds nothing, creates it once.
    "wordpress": KillPoint("create post (before)", method="POST", path="/wp/v2/posts"),
}


def test_killed_mid_publish_then_retried_leaves_exactly_one_post(cli, monkeypatch, tmp_path):
    lab = make_lab(cli, monkeypatch, tmp_path, list(POINTS))
    with ThreadPoolExecutor(max_workers=len(POINTS)) as pool:
        outcomes = list(pool.map(lambda name: lab.trial(FLOWS[name], POINTS[name]), POINTS))
    assert all(o.killed for o in outcomes), table(outcomes)
    assert [(o.tally.duplicates, o.tally.lost, o.uncertain, o.tally.problems) for o in outcomes] == \
        [(0, 0, "", [])] * len(POINTS), table(outcomes)
    assert [(o.status, o.reruns) for o in outcomes] == [("published", 1)] * len(POINTS), table(outcomes)
