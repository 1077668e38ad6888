"""Connecting LinkedIn for real (not `--sandbox`): psn opens the browser, LinkedIn redirects to
psn's loopback callback, and the page and the terminal say what happened. The "LinkedIn" here is
the sandbox server on 127.0.0.1 (psn pointed at it through its linkedin.*_url settings), and the
"browser" is this test: it reads the address psn opened and follows it as a browser would.

One journey: a refusal in the browser (the callback page and psn both show LinkedIn's error, and
nothing is saved), a connection, a reconnect that reuses the saved app without asking for it, and
`--new-app`, which asks again."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import pytest

from tests.journeys.terminal import Terminal, journey_env, psn_executable

BROWSER_SCRIPT = "import sys, pathlib; pathlib.Path(sys.argv[1]).write_text(sys.argv[2])\n"


@pytest.fixture
def linkedin_server(tmp_path: Path):
    """The LinkedIn emulator over HTTP, as `psn sandbox serve` runs it."""
    from psn.sandbox.server import make_server
    from psn.sandbox.world import SandboxWorld

    server = make_server(SandboxWorld(tmp_path / "world"), port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def real_env(tmp_path: Path, linkedin_server: str) -> dict[str, str]:
    opened = tmp_path / "opened-url"
    script = tmp_path / "browser.py"
    script.write_text(BROWSER_SCRIPT)
    return {
        "PSN_LINKEDIN_API_URL": f"{linkedin_server}/api.linkedin.com",
        "PSN_LINKEDIN_AUTHORIZE_URL": f"{linkedin_server}/www.linkedin.com/oauth/v2/authorization",
        "PSN_LINKEDIN_TOKEN_URL": f"{linkedin_server}/www.linkedin.com/oauth/v2/accessToken",
        "PSN_LINKEDIN_REVOKE_URL": f"{linkedin_server}/www.linkedin.com/oauth/v2/revoke",
        "BROWSER": f"{sys.executable} {script} {opened} %s",
        "OPENED": str(opened),
    }


def opened_url(env: dict[str, str], term: Terminal) -> str:
    term.wait_for("Opening your browser")
    path = Path(env["OPENED"])
    for _ in range(200):
        if path.exists() and path.read_text():
            url = path.read_text()
            path.unlink()
            return url
        term.settle(0.05, timeout=1)
    raise AssertionError("psn never opened the browser")


def approve_in_browser(url: str) -> httpx.Response:
    """LinkedIn's consent (the emulator approves at once), then the redirect to psn's callback."""
    with httpx.Client(follow_redirects=False, timeout=10) as browser:
        consent = browser.get(url)
        assert consent.status_code == 302, consent.text
        return browser.get(consent.headers["location"])


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def stored_app(home: Path, env: dict[str, str]) -> str:
    done = subprocess.run([psn_executable(), "--json", "accounts", "list"], env=journey_env(home, env),
                          capture_output=True, text=True, timeout=60, check=False)
    return done.stdout


def test_refusal_connect_reconnect_and_new_app(terminal, home, real_env):
    port = str(free_port())
    # 1. The person refuses in LinkedIn: LinkedIn redirects with error + error_description.
    term = terminal("setup", "linkedin", "--port", port, env=real_env)
    term.wait_for("Client ID (Auth tab):")
    term.answer("my-linkedin-app")
    term.wait_for("Primary Client Secret (Auth tab):")
    term.answer("s3cret-value")
    url = opened_url(real_env, term)
    state = parse_qs(urlsplit(url).query)["state"][0]
    refusal = {"error": "user_cancelled_authorize", "error_description": "The user cancelled the authorization",
               "state": state}
    page = httpx.get(f"http://127.0.0.1:{port}/callback?{urlencode(refusal)}", timeout=10)
    assert "psn was not connected" in page.text and "connected.</h2>" not in page.text.replace("not connected", "")
    assert "The user cancelled the authorization (user_cancelled_authorize)" in page.text
    screen = term.wait_for("refused the connection")
    assert "The user cancelled the authorization (user_cancelled_authorize)" in " ".join(screen.split())
    assert "Connected LinkedIn" not in term.history()
    assert term.wait_exit() == 3
    assert json.loads(stored_app(home, real_env))["data"] == []  # nothing saved

    # 2. Approved: connected, and the page does not claim more than it knows.
    term = terminal("setup", "linkedin", "--port", port, env=real_env)
    term.wait_for("Client ID (Auth tab):")
    term.answer("my-linkedin-app")
    term.wait_for("Primary Client Secret (Auth tab):")
    term.answer("s3cret-value")
    page = approve_in_browser(opened_url(real_env, term))
    assert page.status_code == 200 and "psn received your approval" in page.text
    term.wait_for("Connected LinkedIn as @Sandbox Creator")
    assert term.wait_exit() == 0

    # 3. Reconnecting reuses the saved app, says so, and never asks for it.
    term = terminal("setup", "linkedin", "--port", port, env=real_env)
    screen = " ".join(term.wait_for("Opening your browser").split())
    assert "Using your saved LinkedIn app (client_id my-linkedin-app, client_secret)" in screen
    assert "psn setup linkedin --new-app" in screen and "Client ID (Auth tab):" not in term.history()
    assert "s3cret-value" not in term.history()
    approve_in_browser(opened_url(real_env, term))  # the emulator checks the saved secret
    term.wait_for("Connected LinkedIn as @Sandbox Creator")
    assert term.wait_exit() == 0

    # 4. --new-app asks again; Ctrl-C there keeps the saved app and the connection.
    term = terminal("setup", "linkedin", "--new-app", "--port", port, env=real_env)
    term.wait_for("Client ID (Auth tab):")
    assert "Using your saved" not in term.history()
    term.press("ctrl-c")
    assert term.wait_exit() == 130
    [account] = json.loads(stored_app(home, real_env))["data"]
    assert account["platform"] == "linkedin" and account["status"] == "connected"
