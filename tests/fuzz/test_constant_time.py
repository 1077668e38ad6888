"""Every signature, verify-token, CRC and OAuth-state check is decided by hmac.compare_digest.

Two proofs: (1) a spy replaces hmac.compare_digest; when it says "equal" a forged value passes,
when it says "different" a genuine one fails, so nothing else (an `==`) decides; (2) an AST scan of
psn/webhooks and psn/platforms finds no `==`/`!=`/`in` on a signature-like value."""

from __future__ import annotations

import ast
import hmac
import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from psn.core.errors import BadInput
from tests.webhooks.support import SECRET, STAMP, signature

NOW = datetime.fromtimestamp(STAMP, UTC)
BODY = b'{"object": "page", "entry": []}'
TOKEN = "verify-token"
BLOG_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"


def _blog(forged: bool) -> bool:
    from psn.platforms.blog import signing

    headers = signing.headers(BLOG_SECRET, "msg_1", STAMP, BODY)
    if forged:
        headers["webhook-signature"] = "v1,AAAA"
    return signing.verify(BLOG_SECRET, headers, BODY, NOW)


def _oauth_state(forged: bool) -> bool:
    from psn.platforms.oauth import code_from_redirect

    try:
        code_from_redirect(f"http://127.0.0.1:1/cb?code=c&state={'forged' if forged else 'real-state'}", "real-state")
    except BadInput:
        return False
    return True


def _x_adapter(forged: bool) -> bool:
    from psn.platforms.x.adapter import XAdapter

    sig = "sha256=AAAA" if forged else signature("x", BODY)
    return XAdapter.__new__(XAdapter).verify_webhook({"X-Twitter-Webhooks-Signature": sig}, BODY, {}, secret=SECRET)


def _checks() -> dict[str, Callable[[bool], bool]]:
    """name → check(forged) → accepted?"""
    from psn.platforms.facebook import webhooks as facebook
    from psn.platforms.instagram import webhooks as instagram
    from psn.platforms.tiktok import webhooks as tiktok
    from psn.webhooks import signatures

    def sig(platform: str, forged: bool) -> str:
        return signature(platform, BODY, secret="forged" if forged else SECRET)

    def query(forged: bool) -> dict[str, str]:
        return {"hub.mode": "subscribe", "hub.verify_token": "guess" if forged else TOKEN, "hub.challenge": "42"}

    return {
        "receiver meta": lambda f: signatures.verify_meta({"x-hub-signature-256": sig("instagram", f)}, BODY, SECRET),
        "receiver x": lambda f: signatures.verify_x({"x-twitter-webhooks-signature": sig("x", f)}, BODY, SECRET),
        "receiver tiktok": lambda f: signatures.verify_tiktok({"tiktok-signature": sig("tiktok", f)}, BODY, SECRET,
                                                              NOW) == "ok",
        "receiver meta challenge": lambda f: signatures.meta_challenge(query(f), TOKEN) is not None,
        "facebook signature": lambda f: facebook.signature_valid(SECRET, BODY, {"X-Hub-Signature-256": sig("facebook",
                                                                                                           f)}),
        "facebook challenge": lambda f: facebook.challenge(query(f), TOKEN) is not None,
        "instagram signature": lambda f: instagram.signature_valid({"X-Hub-Signature-256": sig("instagram", f)}, BODY,
                                                                   SECRET),
        "instagram challenge": lambda f: instagram.subscription_challenge(query(f), TOKEN) is not None,
        "tiktok adapter": lambda f: tiktok.verify({"TikTok-Signature": sig("tiktok", f)}, BODY, SECRET, NOW),
        "x adapter": _x_adapter,
        "standard webhooks (blog)": _blog,
        "oauth state": _oauth_state,
    }


CHECKS = _checks()


@pytest.mark.parametrize("name", CHECKS)
def test_compare_digest_alone_decides(name, monkeypatch):
    check = CHECKS[name]
    assert check(False) is True and check(True) is False  # the genuine value passes, the forged one fails
    calls = []

    def spy(verdict: bool):
        def compare(a, b):
            calls.append((a, b))
            return verdict
        return compare

    monkeypatch.setattr(hmac, "compare_digest", spy(True))
    assert check(True) is True, "a forged value must pass when compare_digest says equal: nothing else decides"
    monkeypatch.setattr(hmac, "compare_digest", spy(False))
    assert check(False) is False, "a genuine value must fail when compare_digest says different"
    assert calls and all(isinstance(a, bytes) and isinstance(b, bytes) for a, b in calls)


# -- the AST scan -----------------------------------------------------------------------------

SCANNED = ("psn/webhooks", "psn/platforms")
SUSPECT = re.compile(r"sig|digest|hmac|\bmac\b|expected|verify_token|challenge|crc|verifier|response_token|secret",
                     re.I)
EQUALITY = (ast.Eq, ast.NotEq, ast.In, ast.NotIn)


def _is_length(node: ast.expr) -> bool:
    """len(secret) != 24 compares a length, which says nothing about the secret's value."""
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "len"


def equality_on_secrets(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Compare) or not any(isinstance(op, EQUALITY) for op in node.ops):
            continue
        operands = [node.left, *node.comparators]
        if any(isinstance(o, ast.Constant) and o.value is None for o in operands):
            continue
        if any(SUSPECT.search(ast.unparse(o)) and not _is_length(o) for o in operands):
            found.append(f"{node.lineno}: {ast.unparse(node)}")
    return found


def test_the_scan_finds_what_it_looks_for():
    assert equality_on_secrets("ok = given == expected") == ["1: given == expected"]
    assert equality_on_secrets("ok = header['sig'] != hmac.new(k, b, h).hexdigest()")
    assert equality_on_secrets("ok = expected_state != given") == ["1: expected_state != given"]
    assert equality_on_secrets("ok = given_sig in accepted") == ["1: given_sig in accepted"]
    assert not equality_on_secrets("ok = same(given, expected)\nbad = len(secret) != 24\nx = sig is None")


def test_no_equality_on_signature_values_in_webhooks_or_platforms():
    root = Path(__file__).resolve().parents[2]
    offenders = [f"{path.relative_to(root)}:{hit}" for folder in SCANNED
                 for path in sorted((root / folder).rglob("*.py"))
                 for hit in equality_on_secrets(path.read_text(encoding="utf-8"))]
    assert offenders == []
