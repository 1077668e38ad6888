"""OAuth: the redirect's state must match, a PKCE code is never exchanged without its verifier (and
the platform refuses a wrong one), and the loopback callback listens on 127.0.0.1 only, for one
redirect or until its timeout, then refuses connections."""

from __future__ import annotations

import dataclasses
import http.client
import socket
import threading
from datetime import UTC, datetime

import pytest

from psn.core.errors import BadInput, NotAuthorised, PsnError
from psn.platforms import oauth
from psn.platforms.oauth import LoopbackCallback, code_from_redirect

STATE = "s7Zq0kL2-real-state"
BASE = "http://127.0.0.1:8765/callback"


@pytest.mark.parametrize(("query", "error"), [
    ("state=forged&code=c", BadInput),
    ("code=c", BadInput),  # a code without state
    ("state=&code=c", BadInput),
    (f"state={STATE[:-1]}&code=c", BadInput),
    (f"state={STATE.upper()}&code=c", BadInput),
    (f"state={STATE}x&code=c", BadInput),
    ("state=%C3%A9t%C3%A9&code=c", BadInput),  # non-ASCII: a mismatch, not a TypeError from compare_digest
    ("state=%ED%A0%80&code=c", BadInput),  # an invalid UTF-8 sequence
    (f"state=forged&state={STATE}&code=c", BadInput),  # the first value is the one checked
    (f"state={STATE}", BadInput),  # no code
    (f"state={STATE}&code=", BadInput),
    (f"state={STATE}&error=access_denied&error_description=The+user+denied", NotAuthorised),
    ("error=access_denied", NotAuthorised),  # the platform's refusal wins, state or not
    ("", BadInput),
])
def test_redirects_that_are_refused(query, error):
    with pytest.raises(error):
        code_from_redirect(f"{BASE}?{query}", STATE)


def test_the_genuine_redirect_gives_its_code():
    assert code_from_redirect(f"{BASE}?state={STATE}&code=AQ%2Fc-1", STATE) == "AQ/c-1"


def test_an_empty_expected_state_accepts_nothing():
    with pytest.raises(BadInput):
        code_from_redirect(f"{BASE}?state=&code=c", "")  # compare_digest("", "") alone would say equal


# -- PKCE ----------------------------------------------------------------------------------------


def _sandbox(platform: str):
    """A sandbox context (isolated home) and a function that connects `platform` in it."""
    from psn.accounts.connect import connect_account, sandbox_redirect
    from psn.context import AppContext
    from psn.core.clock import FixedClock
    from psn.platforms.registry import get_spec

    ctx = AppContext.create(sandbox=True, clock=FixedClock(datetime(2026, 11, 21, 12, tzinfo=UTC)))
    fields = {f: f"sandbox-{f}" for f in get_spec(platform).connect.app_fields}
    return ctx, lambda: connect_account(ctx, platform, fields, sandbox_redirect(ctx))


def _replace_verifier(platform: str, monkeypatch, verifier: str | None) -> None:
    """The authorization request psn builds, with its PKCE verifier lost or swapped."""
    module = __import__(f"psn.platforms.{platform}.oauth", fromlist=["authorization_request"])
    real = module.authorization_request
    monkeypatch.setattr(module, "authorization_request",
                        lambda *a, **k: dataclasses.replace(real(*a, **k), code_verifier=verifier))


def _token_calls(ctx) -> list[str]:
    from psn.accounts.wiring import sandbox_world

    log = sandbox_world(ctx).root / "requests.log"
    lines = log.read_text().splitlines() if log.exists() else []
    return [line for line in lines if "oauth" in line and "token" in line and " POST " in line]


def _stored_accounts(ctx) -> int:
    from psn.accounts.store import list_accounts

    return len(list_accounts(ctx))


@pytest.mark.parametrize("platform", ["x", "tiktok"])
def test_a_code_is_never_exchanged_without_its_pkce_verifier(platform, monkeypatch):
    _replace_verifier(platform, monkeypatch, None)
    ctx, connect = _sandbox(platform)
    with pytest.raises(BadInput, match="PKCE verifier"):
        connect()
    assert _token_calls(ctx) == [] and _stored_accounts(ctx) == 0


@pytest.mark.parametrize("platform", ["x", "tiktok"])
def test_the_platform_refuses_a_wrong_pkce_verifier(platform, monkeypatch):
    _replace_verifier(platform, monkeypatch, "W" * 64)
    ctx, connect = _sandbox(platform)
    with pytest.raises(PsnError):
        connect()
    assert len(_token_calls(ctx)) == 1 and _stored_accounts(ctx) == 0


@pytest.mark.parametrize("platform", ["x", "tiktok"])
def test_the_right_verifier_connects(platform):
    ctx, connect = _sandbox(platform)
    assert connect().platform == platform
    assert len(_token_calls(ctx)) == 1 and _stored_accounts(ctx) == 1


# -- the loopback callback -----------------------------------------------------------------------


def _get(port: int, path: str, host: str = "127.0.0.1") -> int:
    conn = http.client.HTTPConnection(host, port, timeout=5)
    conn.request("GET", path)
    status = conn.getresponse().status
    conn.close()
    return status


def _waiting(callback: LoopbackCallback) -> tuple[threading.Thread, dict]:
    result: dict = {}
    thread = threading.Thread(target=lambda: result.update(url=callback.wait()), daemon=True)
    thread.start()
    return thread, result


def _refused(port: int, host: str = "127.0.0.1") -> bool:
    try:
        socket.create_connection((host, port), timeout=2).close()
    except (ConnectionRefusedError, OSError):
        return True
    return False


def _other_address() -> str | None:
    """An address of this machine that is not loopback (no packet is sent), or None."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))
            address = probe.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") else address


def test_the_live_socket_is_bound_to_loopback_only():
    with LoopbackCallback(port=0, timeout=5) as callback:
        host, port = callback._server.socket.getsockname()[:2]
        assert host == "127.0.0.1"
        other = _other_address()
        if other is not None:
            assert _refused(port, other), f"reachable on {other}"
        assert _refused(port, "::1") or socket.has_ipv6 is False


def test_one_redirect_then_connection_refused():
    with LoopbackCallback(port=0, timeout=5) as callback:
        port = callback.bound_port
        thread, result = _waiting(callback)
        assert _get(port, "/callback?code=c1&state=s1") == 200
        thread.join(5)
        assert result["url"] == f"http://127.0.0.1:{port}/callback?code=c1&state=s1"
        assert _refused(port)  # still inside the `with`: wait() already stopped listening
    assert _refused(port)


def test_other_paths_do_not_count_as_the_redirect():
    with LoopbackCallback(port=0, timeout=5) as callback:
        port = callback.bound_port
        thread, result = _waiting(callback)
        assert _get(port, "/favicon.ico") == 404
        assert _get(port, "/?code=stolen&state=s1") == 404
        assert _get(port, "/callback?code=c2&state=s2") == 200
        thread.join(5)
    assert result["url"].endswith("/callback?code=c2&state=s2")


def test_timeout_returns_none_and_stops_listening():
    with LoopbackCallback(port=0, timeout=0.3) as callback:
        port = callback.bound_port
        assert callback.wait() is None
        assert _refused(port)


def test_a_silent_client_cannot_hold_the_callback(monkeypatch):
    monkeypatch.setattr(oauth._CallbackHandler, "timeout", 0.3)
    with LoopbackCallback(port=0, timeout=10) as callback:
        port = callback.bound_port
        thread, result = _waiting(callback)
        silent = socket.create_connection(("127.0.0.1", port), timeout=5)  # connects, never sends
        assert _get(port, "/callback?code=c3&state=s3") == 200
        thread.join(5)
        silent.close()
    assert result["url"].endswith("/callback?code=c3&state=s3")


@pytest.mark.parametrize(("query", "error"), [("error=access_denied&state=s1", NotAuthorised), ("code=c9", BadInput)])
def test_a_refused_or_stateless_redirect_through_the_callback(query, error):
    with LoopbackCallback(port=0, timeout=5) as callback:
        thread, result = _waiting(callback)
        assert _get(callback.bound_port, f"/callback?{query}") == 200
        thread.join(5)
    with pytest.raises(error):
        code_from_redirect(result["url"], "s1")


def test_a_busy_port_is_bad_input():
    with LoopbackCallback(port=0, timeout=1) as first:
        with pytest.raises(BadInput, match="busy"):
            LoopbackCallback(port=first.bound_port).__enter__()
