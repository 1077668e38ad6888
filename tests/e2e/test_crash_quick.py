"""A quick slice of the kill -9 matrix (tests/soak/test_crash_matrix.py, `make soak`): one kill point
per flow, each a real psn process SIGKILLed by the sandbox served over HTTP, then `psn post retry`.
Each trial must end with exactly the expected post on the emulator: no duplicate, nothing lost,
no "uncertain" stop. The four trials run side by side (each has its own home, world and server)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from tests.crashkit import FLOWS, LOCAL_PAUSE, KillPoint, make_lab, table

POINTS = {
    # Instagram published the carousel; psn never heard: the retry finds it, never publishes twice.
    "instagram": KillPoint("media_publish (after)", method="POST", path="/media_publish", after=True),
    # TikTok holds every byte of the video; the retry polls that publish, never uploads it again.
    "tiktok": KillPoint("last chunk (after)", method="PUT", path="/video/", skip=2, after=True),
    # The third part never reached X, and an older thread with the same words is on the profile.
    "x": KillPoint("third part (before) + lookalike", method="POST", path="/2/tweets", skip=2, lookalike=True),
    # The post never reached WordPress: the retry looks, finds nothing, creates it once.
    "wordpress": KillPoint("create post (before)", method="POST", path="/wp/v2/posts"),
    # The reel's bytes reached Instagram; psn never noted it. The retry asks the container, never
    # uploads again (Instagram refuses a second upload to the same container).
    "instagram-reel": KillPoint("rupload (after)", method="POST", path="/ig-api-upload", after=True),
}
PAUSED = KillPoint("right after psn's own pause", step="local-pause")


def _platforms(names: list[str]) -> list[str]:
    return sorted({FLOWS[name].platform for name in names})


def test_killed_mid_publish_then_retried_leaves_exactly_one_post(cli, monkeypatch, tmp_path):
    lab = make_lab(cli, monkeypatch, tmp_path, _platforms(list(POINTS)))
    with ThreadPoolExecutor(max_workers=len(POINTS)) as pool:
        outcomes = list(pool.map(lambda name: lab.trial(FLOWS[name], POINTS[name]), POINTS))
    assert all(o.killed for o in outcomes), table(outcomes)
    assert [(o.tally.duplicates, o.tally.lost, o.uncertain, o.tally.problems) for o in outcomes] == \
        [(0, 0, "", [])] * len(POINTS), table(outcomes)
    assert [(o.status, o.reruns) for o in outcomes] == [("published", 1)] * len(POINTS), table(outcomes)


def test_killed_right_after_a_local_pause_then_retried_posts_once(cli, monkeypatch, tmp_path):
    """psn paused itself (its budget ledger) and was killed before it could record why. Nothing was
    sent, so no step may look as if it went out: once the pause lifts, the retry posts exactly once."""
    lab = make_lab(cli, monkeypatch, tmp_path, [LOCAL_PAUSE.platform])
    outcome = lab.trial(LOCAL_PAUSE, PAUSED)
    assert outcome.killed and outcome.ok, table([outcome])
    assert outcome.status == "published", table([outcome])
