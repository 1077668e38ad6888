"""What the secrets sweep does with psn before it scans (see secrets_sweep.py): the demo, typed
secrets, forced errors that echo tokens, and the programs psn starts."""

from __future__ import annotations

import contextlib
import io
import json
import os
import time
from pathlib import Path

from reliability.secrets_sweep import (
    BLOG_SECRET,
    MARKER,
    EchoServer,
    Evidence,
    Psn,
    closed_port,
    dumped,
    environment,
    fake_programs,
    process_view,
    sandbox_world,
    stored_tokens,
    typed,
)

TYPED = {name: typed(name) for name in (
    "x-client-secret", "linkedin-client-secret", "instagram-client-secret", "facebook-client-secret",
    "facebook-verify-token", "webhook-x", "webhook-instagram-verify", "notify-hook", "smtp-password", "llm-key",
    "llm-key-in-env", "apprise-password", "apprise-token",
)}
TYPED["blog-secret"] = BLOG_SECRET


def run_demo(home: Path, evidence: Evidence, json_output: bool, subprocesses: bool) -> None:
    """`psn demo` (or `psn --json demo`) in `home`, every emulator minting marked tokens."""
    sandbox_world(home).set_token_marker(MARKER)
    psn = Psn(home, evidence, subprocesses)
    code = psn(*(["--json"] if json_output else []), "demo", "--home", str(home))
    assert code == 0, list(evidence.outputs.items())[-2:]


def run_demo_every_command_json(home: Path, evidence: Evidence) -> None:
    """The demo in this process with each of its commands run with --json and its output kept
    (`psn --json demo` itself prints only a summary)."""
    from psn.cli.demo import runner

    def recorded(demo: runner.Demo, *args: str, expect: int = 0) -> int:
        from psn.cli import main, state

        saved, out, err = state.current(), io.StringIO(), io.StringIO()
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = main(["--sandbox", "--json", *args])
        finally:
            state._current = saved
        evidence.add(f"demo: psn --json {' '.join(args)}"[:160], out.getvalue() + err.getvalue(), code)
        demo.commands_run += 1
        assert code == expect, f"demo: psn {' '.join(args)} exited {code}: {out.getvalue()[-800:]}"
        return code

    sandbox_world(home).set_token_marker(MARKER)
    plain, runner.Demo.psn = runner.Demo.psn, recorded  # type: ignore[method-assign]
    try:
        runner.run_demo(home, echo=False)
    finally:
        runner.Demo.psn = plain  # type: ignore[method-assign]


def typed_secrets(psn: Psn) -> None:
    """Secrets a creator types at setup, through flags or stdin."""
    t = TYPED
    expect(psn, 0, "-v", "setup", "x", "--field", f"client_secret={t['x-client-secret']}")
    expect(psn, 0, "--json", "setup", "linkedin", "--field", "client_id=sweep-linkedin-app",
           "--field", f"client_secret={t['linkedin-client-secret']}")
    expect(psn, 0, "setup", "instagram", "--field", f"client_secret={t['instagram-client-secret']}")
    expect(psn, 0, "--json", "setup", "facebook", "--field", f"client_secret={t['facebook-client-secret']}",
           "--field", f"webhook_verify_token={t['facebook-verify-token']}")
    expect(psn, 0, "-v", "setup", "blog", "--field", "endpoint_url=https://blog.example.com/hooks/psn",
           "--field", f"secret={t['blog-secret']}")
    expect(psn, 0, "webhooks", "secret", "x", stdin=t["webhook-x"])
    expect(psn, 0, "--json", "webhooks", "secret", "instagram", "--verify-token", stdin=t["webhook-instagram-verify"])
    expect(psn, 0, "--json", "notify", "secret", "smtp-password", stdin=t["smtp-password"])


def notification_channels(psn: Psn, echo: EchoServer) -> None:
    """A webhook that answers 500 echoing its (secret) URL, SMTP that refuses the connection."""
    expect(psn, 0, "notify", "secret", "webhook-url", stdin=f"{echo.url}/hook/{TYPED['notify-hook']}")
    host = echo.url.split("://", 1)[1]
    apprise_url = f"json://sweeper:{TYPED['apprise-password']}@{host}/hook/{TYPED['apprise-token']}"
    expect(psn, 0, "--json", "notify", "add", "--name", "sweep", stdin=apprise_url)  # an Apprise channel, too
    expect(psn, 0, "notify", "list")
    for key, value in (("notify.channels", '["log", "webhook", "email"]'), ("notify.email_host", "127.0.0.1"),
                       ("notify.email_port", str(closed_port())), ("notify.email_security", "none"),
                       ("notify.email_user", "sweeper"), ("notify.email_to", "me@example.com")):
        expect(psn, 0, "config", "set", key, value)
    expect(psn, "fail", "--json", "notify", "test")
    expect(psn, "fail", "-v", "notify", "test")
    expect(psn, 0, "notify", "queue", "Sweep note", "--body", "delivered by the daemon")
    expect(psn, "any", "-v", "daemon", "run", "--once")
    expect(psn, 0, "--json", "notify", "history")
    expect(psn, 0, "config", "set", "notify.channels", '["log"]')
    expect(psn, 0, "notify", "remove", "sweep")


def language_model(psn: Psn, echo: EchoServer) -> None:
    """An OpenAI-compatible server that answers 401 quoting the API key it was sent."""
    expect(psn, "fail", "--json", "setup", "llm", "--provider", "openai", "--base-url", f"{echo.url}/v1",
           "--api-key-stdin", stdin=TYPED["llm-key"])  # the live check before saving: refused, nothing saved
    expect(psn, 0, "--json", "setup", "llm", "--provider", "openai", "--base-url", f"{echo.url}/v1",
           "--api-key-stdin", "--no-check", stdin=TYPED["llm-key"])
    expect(psn, "fail", "--json", "post", "Flaky tests come from shared state", "-p", "x", "--dry-run")
    expect(psn, "fail", "-v", "post", "Flaky tests come from shared state", "-p", "x", "--dry-run")
    expect(psn, 0, "--json", "setup", "llm", "--provider", "offline")


def forced_platform_errors(psn: Psn, home: Path) -> None:
    """Errors whose bodies and headers echo the account's own tokens, a 401 that makes psn refresh,
    a refresh that fails quoting the refresh token, and a timeout on a URL carrying access_token."""
    world = sandbox_world(home)
    world.inject("x", path="/2/tweets", method="POST", status=401)  # psn refreshes once, then posts
    expect(psn, 0, "-v", "post", "-p", "x", "-t", "After a refresh", "--yes")
    for flags in (["--json"], ["-v"]):
        x = stored_tokens(home, "x")
        echo = f"token {x['access_token']} (refresh {x['refresh_token']}) is not allowed here"
        world.inject("x", path="/2/tweets", method="POST", status=400,
                     body={"title": "Invalid Request", "detail": echo, "type": "about:blank"},
                     headers={"x-echo": x["access_token"], "www-authenticate": f'Bearer realm="{x["access_token"]}"'})
        expect(psn, "fail", *flags, "post", "-p", "x", "-t", f"Echoed {flags[0]}", "--yes")
        world.inject("x", path="/2/oauth2/token", status=400,
                     body={"error": "invalid_request", "error_description": f"{x['refresh_token']} was revoked"})
        expect(psn, "fail", *flags, "accounts", "refresh", "x")
        # An answer psn cannot parse: the exception (and the traceback in the log) quotes the token.
        world.inject("x", path="/2/tweets", method="POST", status=201,
                     body={"data": {"id": {"echo": x["access_token"]}, "text": x["refresh_token"]}})
        expect(psn, 1, *flags, "post", "-p", "x", "-t", f"Odd answer {flags[0]}", "--yes")
        clear_faults(world)
    expect(psn, 0, "setup", "x", "--field", f"client_secret={TYPED['x-client-secret']}")  # a working account again
    linkedin = stored_tokens(home, "linkedin")
    world.inject("linkedin", method="POST", status=401, times=2,
                 body={"message": f"Invalid access token {linkedin['access_token']}", "serviceErrorCode": 65600})
    expect(psn, "fail", "--json", "post", "-p", "linkedin", "-t", "LinkedIn refused", "--yes")
    clear_faults(world)
    world.inject("instagram", method="GET", kind="timeout", times=20)
    expect(psn, "any", "-v", "analytics", "pull")
    expect(psn, "any", "--json", "accounts", "health")
    clear_faults(world)


def clear_faults(world) -> None:  # type: ignore[no-untyped-def]
    with world.state("_faults") as faults:
        faults["rules"] = []


def readers(psn: Psn) -> None:
    """Everything that shows state, in both output modes."""
    for command in (["doctor"], ["accounts", "list"], ["config", "show"], ["post", "list"],
                    ["events", "--limit", "200"], ["notify", "history"], ["daemon", "status"],
                    ["daemon", "logs", "-n", "200"], ["sandbox", "status"]):
        expect(psn, "any", "--json", *command)
        expect(psn, "any", "-v", *command)


def children(psn: Psn, tmp: Path, home: Path, evidence: Evidence) -> None:
    """The programs psn starts get no secret in their arguments or environment — even one given to
    psn itself through PSN_LLM_API_KEY."""
    from psn.platforms.instagram.probe import make_jpeg

    dumps = tmp / "child-dumps"
    fakebin = fake_programs(tmp / "fakebin", dumps)
    photo = tmp / "photo.jpg"
    photo.write_bytes(make_jpeg(1080, 1080))
    variables = {"PATH": f"{fakebin}:{os.environ.get('PATH', '')}", "DISPLAY": ":0", "VISUAL": None,
                 "BROWSER": str(fakebin / "fake-browser"), "EDITOR": str(fakebin / "fake-editor"),
                 "PSN_LLM_API_KEY": TYPED["llm-key-in-env"]}
    psn.env = {"PATH": variables["PATH"], "DISPLAY": ":0", "PSN_LLM_API_KEY": TYPED["llm-key-in-env"]}
    expect(psn, 0, "config", "set", "instagram.media_host_command", f"{fakebin / 'media-host'} {{path}}")
    expect(psn, 0, "--json", "post", "-p", "instagram", "-t", "Hosted by a command", "--media", str(photo), "--yes")
    expect(psn, 0, "config", "set", "notify.channels", '["desktop"]')
    expect(psn, 0, "notify", "test")
    with environment({**variables, "PSN_HOME": str(home), "PSN_SANDBOX": "1", "PSN_SECRETS": "file"}):
        hand_offs()
    _wait_for(lambda: len(list(dumps.glob("fake-browser-*"))) > 0, "the browser stand-in")
    psn.env = {}
    daemon(psn, home, evidence)
    for name, data in dumped(dumps).items():
        evidence.add(name, data)
    expected = {"media-host", "notify-send", "fake-editor", "fake-browser"}
    seen = {path.name.rsplit("-", 1)[0] for path in dumps.glob("*")}
    assert expected <= seen, f"children that never ran: {expected - seen}"


def hand_offs() -> None:
    """The engage hand-off (browser, clipboard) and the editor, called as the session calls them."""
    from psn.cli.commands.engage.session import _copy, _open
    from psn.cli.prompts import edit_text

    _open("https://x.com/dana_dev/status/1960000000000000001")
    _copy("Thanks for asking: every test gets its own temp directory.")
    edit_text("A draft to edit")


def daemon(psn: Psn, home: Path, evidence: Evidence) -> None:
    """`psn daemon start`: the daemon's command line and environment, read from /proc."""
    expect(psn, 0, "--json", "daemon", "start")
    pid = int((home / "data" / "sandbox-home" / "state" / "run" / "daemon.pid").read_text().split()[0])
    try:
        evidence.add(f"daemon process {pid} (argv + environment)", process_view(pid))
        data = home / "data" / "sandbox-home" / "data"
        for journal in (data / "psn.db-wal", data / "psn.db-shm"):  # gone once the last connection closes
            if journal.exists():
                evidence.add(f"{journal.name} (while the daemon ran)", journal.read_bytes())
    finally:
        expect(psn, 0, "--json", "daemon", "stop")


def _wait_for(condition, what: str, timeout_s: float = 30.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.05)


def expect(psn: Psn, code: int | str, *args: str, stdin: str = "") -> int:
    """Run one command; 0/N: that exit code, "fail": any non-zero (the forced error happened), "any"."""
    got = psn(*args, stdin=stdin)
    if code == "fail":
        assert got != 0, f"psn {' '.join(args)} should have failed"
    elif code != "any":
        last = list(psn.evidence.outputs.values())[-2:]
        assert got == code, f"psn {' '.join(args)} exited {got}, expected {code}: {[b[-800:] for b in last]}"
    return got


def run_everything(tmp: Path, subprocesses: bool, both_demos: bool) -> tuple[list[Path], Evidence]:
    """The demo with every command's --json output kept, then the rest in its home; with
    `both_demos`, `psn --json demo` and `psn demo` too, each in a home of its own."""
    evidence = Evidence()
    home = tmp / "demo-each-json"
    run_demo_every_command_json(home, evidence)
    homes = [home]
    if both_demos:
        for name, json_output in (("demo-json", True), ("demo-human", False)):
            run_demo(tmp / name, evidence, json_output=json_output, subprocesses=subprocesses)
            homes.append(tmp / name)
    psn = Psn(home, evidence, subprocesses)
    with EchoServer() as echo:
        typed_secrets(psn)
        notification_channels(psn, echo)
        language_model(psn, echo)
        forced_platform_errors(psn, home)
        readers(psn)
        children(psn, tmp, home, evidence)
        evidence.add("echo server requests (count only)", json.dumps(len(echo.requests)))
    return homes, evidence
