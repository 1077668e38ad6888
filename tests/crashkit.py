"""kill -9 a real psn process at a chosen point of a publish, rerun it, count what the emulator holds.

Shared by the crash matrix (tests/soak/test_crash_matrix.py) and its quick slice
(tests/e2e/test_crash_quick.py). Each trial gets a fresh copy of a connected home (database,
secrets file, sandbox world), serves that world over HTTP on 127.0.0.1 and runs psn as a real
subprocess (`PSN_SANDBOX_URL`, `--sandbox`, `PSN_SECRETS=file`), started as
`sh -c 'echo $$ > PIDFILE; exec psn …'` so the sandbox knows its pid before its first request.

A kill point is either a request (the sandbox's `kill` fault SIGKILLs psn when that request
arrives: before the emulator handles it, or after — the platform acted, psn never heard) or a
checkpoint step (`PSN_CRASH_AFTER_STEP`: psn exits 137 right after saving it). After the kill,
`psn post retry ID` runs until the post is settled (bounded), then the emulator's state is counted.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from psn.platforms.instagram.probe import make_jpeg, make_mp4
from psn.sandbox.server import serve_in_thread
from psn.sandbox.world import SandboxWorld

MIB = 1024 * 1024
MAX_RETRIES = 3
SETTLED = ("published", "draft", "scheduled")
KILLED = (-9, 137)  # SIGKILL from the sandbox, os._exit(137) from PSN_CRASH_AFTER_STEP
WP_SITE = "wordpress-wp.example.com"
WP_FIELDS = ("--field", "site_url=https://wp.example.com", "--field", "username=demo",
             "--field", "application_password=abcd EFGH 1234 ijkl MNOP 6789")


def sandbox_home(home: Path) -> Path:
    return home / "data" / "sandbox-home"


def world_of(home: Path) -> SandboxWorld:
    return SandboxWorld(sandbox_home(home) / "data" / "sandbox-world")


# -- what the emulator holds --------------------------------------------------------------------


@dataclass
class Tally:
    """What one flow left on the emulator: duplicates and losses (both must be 0), the platform id
    psn should point at, and harmless leftovers (an orphan container, upload or attachment)."""

    duplicates: int = 0
    lost: int = 0
    post_id: str = ""
    leftovers: int = 0
    problems: list[str] = field(default_factory=list)


def count_x(world: SandboxWorld, parts: list[str], ignore: set[str]) -> Tally:
    from psn.sandbox.x import XEmulator

    mine = [t for t in XEmulator(world).posts_by_creator() if t["id"] not in ignore]
    texts = Counter(t["text"] for t in mine)
    tally = Tally(duplicates=sum(max(0, texts[p] - 1) for p in parts), lost=sum(texts[p] == 0 for p in parts))
    by_text = {t["text"]: t for t in mine}
    if tally.lost == 0:
        chain = [by_text[p] for p in parts]
        tally.post_id = chain[0]["id"]
        if any(b["reply_to"] != a["id"] for a, b in itertools.pairwise(chain)):
            tally.problems.append("the thread's parts are not chained")
        if len(chain[0]["media_ids"]) != 1:
            tally.problems.append("the first part lost its image")
    return tally


def count_instagram(world: SandboxWorld, caption: str, children: int, ignore: set[str]) -> Tally:
    from psn.sandbox.instagram import InstagramEmulator

    emulator = InstagramEmulator(world)
    posts = [m for m in emulator.published() if m["caption"] == caption and m["id"] not in ignore]
    tally = Tally(duplicates=max(0, len(posts) - 1), lost=int(not posts))
    containers = emulator.containers()
    published = [c for c in containers.values() if c["status"] == "PUBLISHED"]
    if len(published) != len(posts):
        tally.problems.append(f"{len(published)} containers published for {len(posts)} posts")
    if posts:
        tally.post_id = posts[0]["id"]
        used = set(posts[0]["children"]) | {c_id for c_id, c in containers.items() if c["status"] == "PUBLISHED"}
        tally.leftovers = len(set(containers) - used)
        if posts[0]["media_type"] != "CAROUSEL_ALBUM" or len(posts[0]["children"]) != children:
            tally.problems.append("the carousel is not whole")
    return tally


def count_tiktok(world: SandboxWorld, title: str, ignore: set[str]) -> Tally:
    from psn.sandbox.tiktok import TikTokEmulator

    posts = [p for p in TikTokEmulator.posts(world) if p["kind"] == "video"]
    publishes = TikTokEmulator.publishes(world)
    tally = Tally(duplicates=max(0, len(posts) - 1), lost=int(not posts))
    tally.leftovers = sum(p["status"] != "PUBLISH_COMPLETE" for p in publishes.values())
    if posts:  # a SELF_ONLY post has no public post id: psn keeps the publish id
        tally.post_id = posts[0]["publish_id"]
    return tally


def count_wordpress(world: SandboxWorld, title: str, tags: set[str], categories: set[str], ignore: set[str],
                    ) -> Tally:
    site = world.read(WP_SITE)
    posts = [p for p in site.get("posts", {}).values() if p["title"] == title and str(p["id"]) not in ignore]
    tally = Tally(duplicates=max(0, len(posts) - 1), lost=int(not posts))
    terms = site.get("terms", {})
    for taxonomy in ("tags", "categories"):
        names = Counter(t["name"] for t in terms.get(taxonomy, {}).values())
        tally.duplicates += sum(n - 1 for n in names.values() if n > 1)
    if posts:
        post = posts[0]
        tally.post_id = str(post["id"])
        names = {t: {str(i): term["name"] for i, term in terms.get(t, {}).items()} for t in ("tags", "categories")}
        if {names["tags"].get(str(i)) for i in post["tags"]} != tags:
            tally.problems.append("the tags are wrong")
        if {names["categories"].get(str(i)) for i in post["categories"]} != categories:
            tally.problems.append("the categories are wrong")
        if str(post["featured_media"]) not in site.get("media", {}):
            tally.problems.append("the featured image is missing")
        tally.leftovers = len(site.get("media", {})) - 1
    return tally


# -- the four flows -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Flow:
    name: str
    platform: str
    argv: tuple[str, ...]
    """After `psn --sandbox --json`; {dir} is the folder holding the flow's media files."""
    count: Callable[[SandboxWorld, set[str]], Tally]
    """What the emulator holds, leaving out the ids in the set (the older lookalikes a trial seeded)."""
    creates: tuple[str, str] = ("POST", "")
    """(method, path ending) of the requests that make the post: lookalike and rerun trials kill psn there."""
    seed_lookalike: Callable[[SandboxWorld], set[str]] | None = None
    """Put an older post that looks like this one on the emulator (a weekly series); returns its ids."""
    prepare: Callable[[Path, SandboxWorld], None] | None = None
    """Set the trial's home up before the first run (e.g. psn's own budget pause already in force)."""
    after_kill: Callable[[SandboxWorld], None] | None = None
    """What happens between the kill and the retries (e.g. the day passes and the pause lifts)."""


THREAD = ["Crash-safe threads, part one", "Part two follows the first", "Part three closes the thread"]
CAPTION = "Three looks, one carousel"
WP_TITLE = "Launch notes"

def count_instagram_reel(world: SandboxWorld, caption: str, ignore: set[str]) -> Tally:
    from psn.sandbox.instagram import InstagramEmulator

    emulator = InstagramEmulator(world)
    posts = [m for m in emulator.published() if m["caption"] == caption and m["id"] not in ignore]
    tally = Tally(duplicates=max(0, len(posts) - 1), lost=int(not posts))
    containers = emulator.containers()
    if posts:
        tally.post_id = posts[0]["id"]
        tally.leftovers = sum(1 for c in containers.values() if c["status"] != "PUBLISHED")
        if posts[0]["media_product_type"] != "REELS":
            tally.problems.append(f"posted as {posts[0]['media_product_type']}, not a reel")
    return tally


def count_linkedin(world: SandboxWorld, text: str, ignore: set[str]) -> Tally:
    from psn.sandbox.linkedin import LinkedInEmulator

    posts = [p for p in LinkedInEmulator(world).posts() if p["text"] == text and p["urn"] not in ignore]
    tally = Tally(duplicates=max(0, len(posts) - 1), lost=int(not posts))
    tally.post_id = posts[0]["urn"] if posts else ""
    return tally


def pause_linkedin_posting(home: Path, world: SandboxWorld) -> None:
    """psn's own budget ledger holds LinkedIn posting back for an hour (after a 429 earlier today)."""
    database = sandbox_home(home) / "data" / "psn.db"
    lifts = (world.now() + timedelta(hours=1)).strftime("%Y-%m-%d %H:%M:%S.%f")
    with sqlite3.connect(database) as conn:
        conn.execute("INSERT OR REPLACE INTO rate_budgets (platform, operation, blocked_until, updated_at) "
                     "VALUES ('linkedin', 'posting', ?, ?)", (lifts, lifts))


def seed_x(world: SandboxWorld) -> set[str]:
    """Two days ago the creator posted a thread with the very same words."""
    from psn.sandbox.x import CREATOR, XEmulator

    emulator, at, ids = XEmulator(world), world.now() - timedelta(days=2), []
    with world.state("x") as state:
        emulator._seeded(state)
        for text in THREAD:
            ids.append(emulator._store_tweet(state, CREATOR["id"], text, at, reply_to=ids[-1] if ids else None)["id"])
    return set(ids)


def seed_instagram(world: SandboxWorld) -> set[str]:
    """Yesterday's carousel had the same caption."""
    from psn.sandbox.instagram.common import STATE, fresh_state, graph_time, next_id

    with world.state(STATE) as state:
        fresh_state(state)
        media_id = next_id(state, "1792")
        state["media"][media_id] = {
            "id": media_id, "owner": state["account"]["user_id"], "media_type": "CAROUSEL_ALBUM",
            "media_product_type": "FEED", "caption": CAPTION, "permalink": f"https://www.instagram.com/p/C{media_id}/",
            "shortcode": f"C{media_id}", "timestamp": graph_time(world.now() - timedelta(days=1)), "like_count": 0,
            "comments_count": 0, "username": state["account"]["username"], "children": [], "shared_to_facebook": False}
    return {media_id}


def seed_wordpress(world: SandboxWorld) -> set[str]:
    """Last week's post had the same title."""
    from psn.sandbox.wordpress_site import SiteState

    with SiteState(world, "wp.example.com", world.now() - timedelta(days=7)) as site:
        post = site.new_post("posts", {"title": WP_TITLE, "content": "Last week.", "status": "publish"}, 1,
                             "https://wp.example.com/", True)
    return {str(post["id"])}


REEL_CAPTION = "One reel, uploaded once"
PAUSED_TEXT = "Held back by psn's own pause, then sent once"

FLOWS = {
    "instagram": Flow("instagram carousel", "instagram",
                      ("post", "-p", "instagram", "-t", CAPTION, "--media", "{dir}/look1.jpg", "--media",
                       "{dir}/look2.jpg", "--media", "{dir}/look3.jpg", "--yes"),
                      lambda w, ignore: count_instagram(w, CAPTION, 3, ignore), ("POST", "/media_publish"),
                      seed_instagram),
    "tiktok": Flow("tiktok chunked video", "tiktok",
                   ("post", "-p", "tiktok", "-t", "once, in three chunks", "--media", "{dir}/clip.mp4", "-o",
                    "privacy=private", "--yes"),
                   lambda w, ignore: count_tiktok(w, "once, in three chunks", ignore), ("PUT", "/video/")),
    "x": Flow("x thread + image", "x",
              ("post", "-p", "x", "-t", "\n\n".join(THREAD), "--thread", "--media", "{dir}/pic.png", "--yes"),
              lambda w, ignore: count_x(w, THREAD, ignore), ("POST", "/2/tweets"), seed_x),
    "wordpress": Flow("wordpress post", "wordpress",
                      ("article", "-p", "wordpress", "--title", WP_TITLE, "-t", "First paragraph.\n\nSecond one.",
                       "--tag", "python", "--tag", "launch", "--category", "News", "--featured", "{dir}/hero.jpg",
                       "--yes"),
                      lambda w, ignore: count_wordpress(w, WP_TITLE, {"python", "launch"}, {"News"}, ignore),
                      ("POST", "/wp/v2/posts"), seed_wordpress),
    "instagram-reel": Flow("instagram reel (resumable)", "instagram",
                           ("post", "-p", "instagram", "-t", REEL_CAPTION, "--media", "{dir}/reel.mp4", "--yes"),
                           lambda w, ignore: count_instagram_reel(w, REEL_CAPTION, ignore), ("POST", "/media_publish")),
}

LOCAL_PAUSE = Flow("linkedin, locally paused", "linkedin", ("post", "-p", "linkedin", "-t", PAUSED_TEXT, "--yes"),
                   lambda w, ignore: count_linkedin(w, PAUSED_TEXT, ignore), ("POST", "/rest/posts"),
                   prepare=pause_linkedin_posting, after_kill=lambda world: world.advance(2 * 3600))
"""Not in FLOWS: its uninterrupted run is refused by the pause, so it has no baseline to kill at every
request; its kill point is right after psn paused itself (`local-pause`)."""


def make_media(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, (width, height) in {"look1.jpg": (1080, 1350), "look2.jpg": (1080, 1080),
                                  "look3.jpg": (1080, 1080), "hero.jpg": (1200, 800)}.items():
        (folder / name).write_bytes(make_jpeg(width, height))
    (folder / "pic.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"1" * 64)
    (folder / "reel.mp4").write_bytes(make_mp4(14.0))
    with (folder / "clip.mp4").open("wb") as handle:  # sparse: three chunks of 5 MiB, the last 6 MiB + 5 bytes
        handle.truncate(16 * MIB + 5)
    return folder


def connect_all(cli: Callable[..., Any], platforms: list[str]) -> None:
    """Connect the flows' accounts in the current PSN_HOME (in-process; PSN_SECRETS=file so a child sees them)."""
    setup_args = {"wordpress": WP_FIELDS}
    for platform in platforms:
        result = cli("--sandbox", "--json", "setup", platform, *setup_args.get(platform, ()))
        assert result.exit_code == 0, result.stdout + result.stderr
    settings = {"instagram": ("instagram.media_host_command", "echo https://cdn.example.com/{hash}{ext}"),
                "tiktok": ("tiktok.chunk_size", str(5 * MIB))}
    for platform in platforms:
        if platform in settings:
            assert cli("--sandbox", "config", "set", *settings[platform]).exit_code == 0
    if "tiktok" in platforms:  # an unaudited app may post SELF_ONLY to a private account
        from psn.sandbox.tiktok import TikTokEmulator

        TikTokEmulator.configure(world_of(Path(os.environ["PSN_HOME"])), private_account=True)


def make_lab(cli: Callable[..., Any], monkeypatch: Any, tmp_path: Path, platforms: list[str]) -> Lab:
    """Connect `platforms` in this test's PSN_HOME: the template every trial copies."""
    monkeypatch.setenv("PSN_SECRETS", "file")  # a child process cannot see the in-memory keyring
    connect_all(cli, platforms)
    return Lab(Path(os.environ["PSN_HOME"]), tmp_path / "trials", make_media(tmp_path / "media"))


# -- one trial ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class KillPoint:
    """Where psn dies: at a request (`skip` matching requests go through first; `after`: once the
    platform acted) or right after a checkpoint step is saved."""

    label: str
    step: str = ""
    method: str = ""
    path: str = ""
    skip: int = 0
    after: bool = False
    lookalike: bool = False
    """An older post that looks like this one is on the emulator first."""
    same_command: bool = False
    """After the kill the creator runs the very same command again, instead of `psn post retry ID`."""


@dataclass
class Outcome:
    flow: str
    point: str
    killed: bool
    status: str
    reruns: int
    tally: Tally
    uncertain: str = ""
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.killed and not (self.tally.duplicates or self.tally.lost or self.tally.problems or self.uncertain)


@dataclass
class Lab:
    """A connected template home; every trial runs in a fresh copy of it."""

    template: Path
    work: Path
    media: Path
    numbers: Iterator[int] = field(default_factory=lambda: itertools.count(1))
    """Trials may run in parallel threads: each takes the next number (atomic under the GIL)."""

    def fresh_home(self) -> Path:
        home = self.work / f"trial-{next(self.numbers)}"
        shutil.copytree(self.template, home)
        return home

    def baseline(self, flow: Flow) -> tuple[list[tuple[str, str]], list[str]]:
        """An uninterrupted run: the (method, path) of each request it made, and its checkpoint steps."""
        home = self.fresh_home()
        world = world_of(home)
        log = world.root / "requests.log"
        log.unlink(missing_ok=True)
        with served(world) as url:
            proc = run_psn(home, url, self.argv(flow))
        assert proc.returncode == 0, proc.stdout + proc.stderr
        tally = flow.count(world, set())
        assert not (tally.duplicates or tally.lost or tally.problems), tally
        requests = [(line.split()[2], line.split()[3]) for line in log.read_text().splitlines()]
        steps = (latest_row(home) or {})["steps"]
        return requests, sorted((s for s, e in steps.items() if e.get("state") == "done"), key=lambda s: steps[s]["at"])

    def argv(self, flow: Flow) -> list[str]:
        return ["--sandbox", "--json", *(a.replace("{dir}", str(self.media)) for a in flow.argv)]

    def trial(self, flow: Flow, point: KillPoint) -> Outcome:
        started = time.monotonic()
        home = self.fresh_home()
        world = world_of(home)
        seeded = flow.seed_lookalike(world) if point.lookalike and flow.seed_lookalike else set()
        if flow.prepare is not None:
            flow.prepare(home, world)
        with served(world) as url:
            if point.step:
                first = run_psn(home, url, self.argv(flow), {"PSN_CRASH_AFTER_STEP": point.step})
            else:
                world.inject("*", method=point.method, path=point.path, kind="kill", after=point.after,
                             skip=point.skip, pid_file=str(home / "psn.pid"))
                first = run_psn(home, url, self.argv(flow))
                with world.state("_faults") as faults:
                    faults["rules"] = []  # a point the run never reached must not strike the rerun
            if flow.after_kill is not None:
                flow.after_kill(world)
            status, reruns, uncertain = rerun(home, url, self.argv(flow), point.same_command)
            tally = flow.count(world, seeded)
        row = latest_row(home)
        if row and status in SETTLED and tally.post_id and (row["platform_post_id"] or "") != tally.post_id:
            tally.problems.append(f"psn points at {row['platform_post_id']}, the post is {tally.post_id}")
        return Outcome(flow.name, point.label, first.returncode in KILLED, status, reruns, tally, uncertain,
                       time.monotonic() - started)


def rerun(home: Path, url: str, argv: list[str], same_command: bool = False) -> tuple[str, int, str]:
    """Retry until settled (bounded): (psn's final status, how many reruns, the uncertain reason if it stopped)."""
    row = latest_row(home)
    reruns = 0
    if row is None or same_command:  # not even recorded, or the creator simply runs the command again
        run_psn(home, url, argv)
        reruns, row = 1, latest_row(home)
        if row is None:
            return "missing", reruns, ""
    status, uncertain = row["status"], ""
    while status not in SETTLED and reruns < MAX_RETRIES:
        reruns += 1
        proc = run_psn(home, url, ["--sandbox", "--json", "post", "retry", str(row["id"])])
        answer = json.loads(proc.stdout or "{}")
        if answer.get("ok"):
            status = answer["data"]["status"]
            continue
        error = answer.get("error") or {"kind": "crash", "message": proc.stderr[-300:]}
        status = f"failed:{error['kind']}"
        if error["kind"] == "uncertain_outcome":
            uncertain = error["message"]
            break
    return status, reruns, uncertain


# -- processes ----------------------------------------------------------------------------------


@contextmanager
def served(world: SandboxWorld) -> Iterator[str]:
    """The world over HTTP on 127.0.0.1 for the length of a block."""
    server, url = serve_in_thread(world)
    try:
        yield url
    finally:
        server.shutdown()
        server.server_close()


def run_psn(home: Path, url: str, argv: list[str], extra_env: dict[str, str] | None = None,
            ) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PSN_HOME": str(home), "PSN_SECRETS": "file", "PSN_SANDBOX_URL": url, **(extra_env or {})}
    pid_file = home / "psn.pid"
    command = ["sh", "-c", f'echo $$ > "{pid_file}"; exec "$0" "$@"', sys.executable, "-m", "psn", *argv]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=180)


def latest_row(home: Path) -> dict[str, Any] | None:
    database = sandbox_home(home) / "data" / "psn.db"
    with sqlite3.connect(database) as conn:
        row = conn.execute("SELECT id, status, steps, platform_post_id FROM published_content "
                           "ORDER BY id DESC LIMIT 1").fetchone()
    if row is None:
        return None
    steps = json.loads(row[2] or "{}")
    return {"id": row[0], "status": row[1], "steps": steps, "platform_post_id": row[3]}


def kill_points(flow: Flow, requests: list[tuple[str, str]], steps: list[str]) -> list[KillPoint]:
    """Every request of a baseline run, killed before and after the platform acted, and every step;
    then the requests that make the post again, with an older lookalike post already there."""
    points = []
    for index, (method, path) in enumerate(requests):
        for after in (False, True):
            points.append(KillPoint(f"#{index + 1} {_label((method, path), after)}", skip=index, after=after))
    points += [KillPoint(f"step {step} saved", step=step) for step in steps]
    creating = [i for i, request in enumerate(requests) if request[0] == flow.creates[0]
                and request[1].endswith(flow.creates[1])]
    for index in creating if flow.seed_lookalike else []:
        for after in (False, True):
            label = f"#{index + 1} {_label(requests[index], after)} + lookalike"
            points.append(KillPoint(label, skip=index, after=after, lookalike=True))
    for after in (False, True):  # the creator reruns the same command rather than `psn post retry ID`
        label = f"#{creating[-1] + 1} {_label(requests[creating[-1]], after)}, same cmd"
        points.append(KillPoint(label, skip=creating[-1], after=after, same_command=True))
    return points


def _label(request: tuple[str, str], after: bool) -> str:
    return f"{request[0]} {_short(request[1])} ({'after' if after else 'before'})"


def _short(path: str) -> str:
    return "/".join("…" if part.isdigit() and len(part) > 6 else part for part in path.split("/"))


def table(outcomes: list[Outcome]) -> str:
    head = f"{'flow':<22} {'kill point':<56} {'outcome':<22} {'dup':>3} {'lost':>4} {'left':>4}  uncertain / problems"
    lines = [head, "-" * len(head)]
    for o in outcomes:
        outcome = f"{o.status} after {o.reruns}" if o.killed else f"NOT KILLED ({o.status})"
        notes = "; ".join([o.uncertain, *o.tally.problems]).strip("; ")
        lines.append(f"{o.flow:<22} {o.point[:56]:<56} {outcome:<22} {o.tally.duplicates:>3} {o.tally.lost:>4} "
                     f"{o.tally.leftovers:>4}  {notes}")
    return "\n".join(lines)
