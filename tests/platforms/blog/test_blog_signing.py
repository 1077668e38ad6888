"""Standard Webhooks signatures: psn against the spec's test vector, and the receiver's rules."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from psn.core.errors import BadInput
from psn.platforms.blog import signing

VECTOR_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
VECTOR_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek"
VECTOR_TS = 1614265330
VECTOR_BODY = b'{"test": 2432232314}'
VECTOR_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


def test_the_spec_test_vector():
    assert signing.sign(VECTOR_SECRET, VECTOR_ID, VECTOR_TS, VECTOR_BODY) == VECTOR_SIGNATURE
    headers = signing.headers(VECTOR_SECRET, VECTOR_ID, VECTOR_TS, VECTOR_BODY)
    assert headers == {"webhook-id": VECTOR_ID, "webhook-timestamp": "1614265330",
                       "webhook-signature": VECTOR_SIGNATURE}


def test_receiver_rules_tolerance_and_rotation():
    at = datetime.fromtimestamp(VECTOR_TS, UTC)
    good = {"webhook-id": VECTOR_ID, "webhook-timestamp": str(VECTOR_TS), "webhook-signature": VECTOR_SIGNATURE}
    assert signing.verify(VECTOR_SECRET, good, VECTOR_BODY, at + timedelta(minutes=5))
    assert not signing.verify(VECTOR_SECRET, good, VECTOR_BODY, at + timedelta(minutes=5, seconds=1))
    assert not signing.verify(VECTOR_SECRET, good, VECTOR_BODY, at - timedelta(minutes=6))
    rotated = {**good, "webhook-signature": f"v1a,bogus v1,AAAA {VECTOR_SIGNATURE}"}
    assert signing.verify(VECTOR_SECRET, rotated, VECTOR_BODY, at)
    assert not signing.verify(VECTOR_SECRET, {**good, "webhook-signature": "v2,whatever"}, VECTOR_BODY, at)
    assert not signing.verify(VECTOR_SECRET, {k: v for k, v in good.items() if k != "webhook-id"}, VECTOR_BODY, at)
    assert not signing.verify(VECTOR_SECRET, good, VECTOR_BODY.replace(b" ", b""), at)  # never re-serialise
    assert not signing.verify(VECTOR_SECRET, {**good, "webhook-timestamp": "¹⁶¹"}, VECTOR_BODY, at)


@pytest.mark.parametrize(("secret", "fragment"), [
    ("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "whsec_"),
    ("whsec_not base64!", "base64"),
    ("whsec_c2hvcnQ=", "decodes to 5 bytes"),
])
def test_secrets_are_checked(secret, fragment):
    with pytest.raises(BadInput, match=fragment):
        signing.decode_secret(secret)


def test_generated_secrets_and_ids_are_valid():
    assert len(signing.decode_secret(signing.generate_secret())) == 32
    message_id = signing.new_message_id()
    assert message_id.startswith("msg_") and "." not in message_id


@given(st.binary(max_size=200), st.integers(min_value=1_600_000_000, max_value=2_000_000_000), st.binary(min_size=1,
                                                                                                         max_size=8))
def test_any_change_to_the_body_breaks_the_signature(body, stamp, extra):
    signature = signing.sign(VECTOR_SECRET, VECTOR_ID, stamp, body)
    at = datetime.fromtimestamp(stamp, UTC)
    headers = {"webhook-id": VECTOR_ID, "webhook-timestamp": str(stamp), "webhook-signature": signature}
    assert signing.verify(VECTOR_SECRET, headers, body, at)
    assert not signing.verify(VECTOR_SECRET, headers, body + extra, at)
