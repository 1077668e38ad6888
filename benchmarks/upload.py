"""TikTok FILE_UPLOAD: psn's chunked upload against `curl -T`, both over real HTTP on loopback.

Run: `.venv/bin/python benchmarks/upload.py` (add `--size-mib 256` for a quicker run).

A 1 GiB file is written once; the sandbox (TikTok emulator) is served by psn/sandbox/server.py
on 127.0.0.1. psn publishes it in a child process (inbox upload, 64,000,000-byte chunks) whose
peak RSS is read with getrusage in that child; then curl PUTs the same file to a fresh upload URL
of the same server in one request (the emulator reads and counts every byte, then refuses the
single over-sized range, as TikTok would: only the transfer time matters here).

Targets (issue #5): psn's peak RSS ≤ 64 MB; psn's upload throughput ≥ 0.8 × curl's.
Exit status 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MIB = 1024 * 1024
APP = {"client_key": "bench-client-key", "client_secret": "bench-client-secret"}
HOSTS = ("open.tiktokapis.com", "www.tiktok.com")


def write_file(path: Path, size: int) -> None:
    block = os.urandom(MIB)
    with path.open("wb") as handle:
        for _ in range(size // MIB):
            handle.write(block)
        handle.write(block[: size % MIB])


def urls(base: str) -> dict[str, str]:
    return {"api": f"{base}/open.tiktokapis.com", "authorize": f"{base}/www.tiktok.com/v2/auth/authorize/"}


def connect(base: str) -> dict:
    """A real Login Kit round trip against the served emulator; returns the token set as JSON."""
    import httpx

    from psn.platforms.oauth import code_from_redirect
    from psn.platforms.registry import AdapterDeps
    from psn.platforms.tiktok.spec import TikTokConnector

    connector = TikTokConnector(AdapterDeps(urls=urls(base), settings={}, app=APP))
    request = connector.authorize("http://127.0.0.1:8766/callback")
    redirect = httpx.get(request.url).headers["location"]
    return connector.exchange(request, code_from_redirect(redirect, request.state)).model_dump(mode="json")


def child(config: dict) -> dict:
    """Runs in its own process: publish the file through psn's adapter, report time and peak RSS."""
    import resource

    from psn.core.sections.tiktok import TikTokSettings
    from psn.platforms.base import MediaItem, PublishRequest, TokenSet
    from psn.platforms.oauth import MemoryTokenStore
    from psn.platforms.registry import AdapterDeps
    from psn.platforms.tiktok.spec import make_adapter

    baseline_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    deps = AdapterDeps(urls=urls(config["base"]), settings=TikTokSettings().model_dump(), app=APP,
                       tokens=MemoryTokenStore(TokenSet(**config["tokens"])), sleep=lambda _: None)
    adapter = make_adapter(deps)
    marks: list[float] = []
    adapter.on_progress = lambda progress: marks.append(time.perf_counter())
    checkpoint = _MemoryCheckpoint()
    started = time.perf_counter()
    request = PublishRequest(platform="tiktok", format="video", text="benchmark",
                             media=[MediaItem(kind="video", path=Path(config["file"]))], options={"mode": "inbox"})
    result = adapter.publish(request, checkpoint)
    return {"total_s": time.perf_counter() - started, "upload_s": marks[-1] - marks[0] if marks else 0.0,
            "peak_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "baseline_rss_kb": baseline_kb,
            "status": result.status, "publish_id": result.raw.get("publish_id")}


class _MemoryCheckpoint:
    def __init__(self) -> None:
        self.values: dict[str, str] = {}

    def get(self, step: str) -> str | None:
        return self.values.get(step)

    def save(self, step: str, value: str) -> None:
        self.values[step] = value

    def begin(self, step: str) -> None:
        return None

    def in_flight(self, step: str) -> bool:
        return False


def curl_upload(base: str, tokens: dict, path: Path) -> dict:
    """A fresh upload URL for the same file, then one `curl -T` PUT of the whole file to it."""
    import httpx

    from psn.platforms.base import TokenSet
    from psn.platforms.oauth import MemoryTokenStore
    from psn.platforms.registry import AdapterDeps
    from psn.platforms.tiktok import rules
    from psn.platforms.tiktok.spec import make_adapter

    adapter = make_adapter(AdapterDeps(urls=urls(base), settings={}, app=APP,
                                       tokens=MemoryTokenStore(TokenSet(**tokens))))
    size = path.stat().st_size
    plan = rules.plan_chunks(size)
    init = adapter.client.init_inbox_video({"source": "FILE_UPLOAD", "video_size": size,
                                            "chunk_size": plan.chunk_size, "total_chunk_count": plan.total_chunk_count})
    url = httpx.URL(init.upload_url or "")
    # curl -T appends the file name to a URL whose path ends in "/" (TikTok's do): --request-target
    # keeps the request line byte-identical to the upload URL.
    target = url.raw_path.decode()
    command = ["curl", "-sS", "-T", str(path), "--request-target", target, "-H", "Content-Type: video/mp4",
               "-H", f"Content-Range: bytes 0-{size - 1}/{size}", "-o", os.devnull,
               "-w", "%{http_code} %{size_upload} %{time_total}", str(url)]
    started = time.perf_counter()
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout.split()
    elapsed = time.perf_counter() - started
    return {"status": int(out[0]), "uploaded": int(float(out[1])), "curl_time_s": float(out[2]), "wall_s": elapsed}


def run(size: int, rounds: int) -> int:
    from psn.sandbox.server import serve_in_thread
    from psn.sandbox.tiktok import TikTokEmulator
    from psn.sandbox.world import SandboxWorld

    # The emulator's bookkeeping (a JSON file rewritten a few times per request) goes to memory when
    # it can: on a disk it costs ~10 ms per chunk, which is the emulator's cost, not the upload's.
    shm = "/dev/shm" if Path("/dev/shm").is_dir() else None
    with tempfile.TemporaryDirectory(prefix="psn-bench-upload-") as tmp, \
            tempfile.TemporaryDirectory(prefix="psn-bench-world-", dir=shm) as world_dir:
        folder = Path(tmp)
        video = folder / "video.mp4"
        write_file(video, size)
        world = SandboxWorld(Path(world_dir))
        emulator = TikTokEmulator(world)
        # every round leaves two drafts in the inbox; processing is instant so no poll has to wait
        TikTokEmulator.configure(world, pending_share_cap=1000, processing_seconds=0)
        server, base = serve_in_thread(world, emulators={h: emulator for h in emulator.hosts})
        try:
            tokens = connect(base)
            subprocess.run(["cat", str(video)], stdout=subprocess.DEVNULL, check=True)  # same warm page cache
            config = json.dumps({"base": base, "tokens": tokens, "file": str(video)})
            psn_runs, curl_runs = [], []
            for _ in range(rounds):  # alternate, so both see the same machine noise
                world.advance(60)  # TikTok allows 6 inits a minute; move the sandbox clock, not the wall clock
                done = subprocess.run([sys.executable, __file__, "--child"], input=config, capture_output=True,
                                      text=True)
                if done.returncode:
                    sys.exit(f"the psn upload failed:\n{done.stderr[-3000:]}")
                psn_runs.append(json.loads(done.stdout))
                curl_runs.append(curl_upload(base, tokens, video))
        finally:
            server.shutdown()
        publishes = TikTokEmulator.publishes(world)
        received = min(publishes[run["publish_id"]]["received"] for run in psn_runs)
        return report(size, psn_runs, curl_runs, received)


def report(size: int, psn_runs: list[dict], curl_runs: list[dict], received: int) -> int:
    """Best of the rounds for each (the least disturbed run), every round listed."""
    psn = min(psn_runs, key=lambda r: r["upload_s"])
    curl = min(curl_runs, key=lambda r: r["curl_time_s"])
    psn_rate = size / psn["upload_s"] / MIB
    curl_rate = curl["uploaded"] / curl["curl_time_s"] / MIB
    ratio = psn_rate / curl_rate
    rss_mb = max(r["peak_rss_kb"] for r in psn_runs) / 1024
    print(f"file:            {size / MIB:,.0f} MiB, {len(psn_runs)} rounds (best of each shown); "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} (other work skews both)")
    print(f"psn upload:      {psn['upload_s']:.2f} s  {psn_rate:,.0f} MiB/s  (whole publish {psn['total_s']:.2f} s, "
          f"status {psn['status']}, emulator received {received:,} bytes)")
    print(f"curl -T:         {curl['curl_time_s']:.2f} s  {curl_rate:,.0f} MiB/s  ({curl['uploaded']:,} bytes sent; "
          f"the emulator answered {curl['status']} to the single over-sized range after reading it all)")
    print("rounds (s):      psn " + " ".join(f"{r['upload_s']:.2f}" for r in psn_runs)
          + " | curl " + " ".join(f"{r['curl_time_s']:.2f}" for r in curl_runs)
          + f"   (medians: psn {statistics.median(r['upload_s'] for r in psn_runs):.2f}, "
          f"curl {statistics.median(r['curl_time_s'] for r in curl_runs):.2f})")
    print(f"throughput:      psn / curl = {ratio:.2f}   (target ≥ 0.80) {'PASS' if ratio >= 0.8 else 'FAIL'}")
    print(f"psn peak RSS:    {rss_mb:.1f} MiB, worst round (after imports {psn['baseline_rss_kb'] / 1024:.1f} MiB)   "
          f"(target ≤ 64 MB) {'PASS' if rss_mb * MIB <= 64e6 else 'FAIL'}")
    return 0 if ratio >= 0.8 and rss_mb * MIB <= 64e6 and received == size else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mib", type=int, default=1024)
    parser.add_argument("--rounds", type=int, default=7, help="psn and curl alternate; the best of each counts")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(json.loads(sys.stdin.read()))))
        return 0
    return run(args.size_mib * MIB, args.rounds)


if __name__ == "__main__":
    sys.exit(main())
