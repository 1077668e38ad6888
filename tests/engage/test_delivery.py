"""The approval guard: exact text, once, caps, cooldown, blocklist at send time, API vs hand-off —
and no other module in psn can call an adapter's reply."""

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from psn.core.errors import BadInput, RateLimited
from psn.engage import delivery
from psn.engage import opportunities as opp
from psn.platforms.base import Candidate, Capabilities, ReplyPolicy, ReplyResult
from psn.platforms.errors import NotAllowedViaApi

NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)


class FakeAdapter:
    name = "x"

    def __init__(self, policy=ReplyPolicy.SUMMONED, refuse=False):
        self.capabilities = Capabilities(formats=["text"], reply=policy, engagement_types=["reply"])
        self.sent: list[tuple[str, str]] = []
        self.refuse = refuse

    def reply(self, target, text):
        if self.refuse:
            raise NotAllowedViaApi("not mentioned", platform="x")
        self.sent.append((target.post_id, text))
        return ReplyResult(platform_reply_id=f"r{len(self.sent)}", url=f"https://x.com/me/status/r{len(self.sent)}")


def seed(db, settings, post_id="1", summoned=True, author="dana"):
    c = Candidate(platform="x", post_id=post_id, url=f"https://x.com/a/status/{post_id}", text="static site tips",
                  author_handle=author, author_followers=5000, posted_at=NOW, summoned=summoned)
    result = opp.ingest(db, [c], settings=settings, keywords=["static site"], engagement_types={"x": ["reply"]},
                        now=NOW, source="search")
    return result.new[0]


def test_api_reply_needs_matching_approval_and_sends_once(db, settings):
    oid, adapter = seed(db, settings), FakeAdapter()
    approval = delivery.approve(db, oid, "Great point!", NOW)
    with pytest.raises(BadInput, match="not approved"):
        delivery.send_approved(db, settings, approval, "Great point!!", adapter, NOW)
    forged = approval.model_copy(update={"text_hash": delivery.text_hash("other")})
    with pytest.raises(BadInput):
        delivery.send_approved(db, settings, forged, "other", adapter, NOW)
    done = delivery.send_approved(db, settings, approval, "Great point!", adapter, NOW)
    assert done.kind == "api" and adapter.sent == [("1", "Great point!")]
    assert opp.get(db, oid).status == "engaged"
    with pytest.raises(BadInput, match="already used"):
        delivery.send_approved(db, settings, approval, "Great point!", adapter, NOW + timedelta(hours=1))
    assert len(adapter.sent) == 1


def test_unapproved_record_never_sends(db, settings):
    from psn.store.engage_tables import Approval

    oid, adapter = seed(db, settings), FakeAdapter()
    fake = Approval(id=999, opportunity_id=oid, text="hi", text_hash=delivery.text_hash("hi"), approved_at=NOW)
    with pytest.raises(BadInput):
        delivery.send_approved(db, settings, fake, "hi", adapter, NOW)
    assert adapter.sent == []


def test_unsummoned_on_x_is_a_handoff_then_confirmed(db, settings):
    oid, adapter = seed(db, settings, summoned=False), FakeAdapter()
    approval = delivery.approve(db, oid, "Nice", NOW)
    done = delivery.send_approved(db, settings, approval, "Nice", adapter, NOW)
    assert done.kind == "handoff" and adapter.sent == [] and done.url.endswith("/1")
    assert opp.get(db, oid).status == "yes"  # approved: accepted, out of triage, not yet engaged
    delivery.confirm_handoff(db, approval, "Nice", NOW, sent=True)
    assert opp.get(db, oid).status == "engaged"


def test_platform_refusal_becomes_handoff_and_cancel_releases(db, settings):
    oid = seed(db, settings)
    approval = delivery.approve(db, oid, "Nice", NOW)
    done = delivery.send_approved(db, settings, approval, "Nice", FakeAdapter(refuse=True), NOW)
    assert done.kind == "handoff" and "not mentioned" in done.reason
    delivery.confirm_handoff(db, approval, "Nice", NOW, sent=False)
    again = delivery.send_approved(db, settings, approval, "Nice", FakeAdapter(), NOW)
    assert again.kind == "api"


def test_cap_and_cooldown_checked_at_send_time(db, settings):
    settings.cap_x, settings.cooldown_minutes = 1, 5
    adapter = FakeAdapter(policy=ReplyPolicy.ANY)
    a1 = delivery.approve(db, seed(db, settings, "1"), "one", NOW)
    a2 = delivery.approve(db, seed(db, settings, "2"), "two", NOW)
    delivery.send_approved(db, settings, a1, "one", adapter, NOW)
    with pytest.raises(RateLimited, match="Daily cap"):
        delivery.send_approved(db, settings, a2, "two", adapter, NOW + timedelta(minutes=10))
    settings.cap_x = 5
    with pytest.raises(RateLimited, match="Cooling down"):
        delivery.send_approved(db, settings, a2, "two", adapter, NOW + timedelta(minutes=4))
    assert delivery.send_approved(db, settings, a2, "two", adapter, NOW + timedelta(minutes=5)).kind == "api"
    # the cap resets on the next local day
    settings.cap_x = 2
    a3 = delivery.approve(db, seed(db, settings, "3"), "three", NOW)
    with pytest.raises(RateLimited, match="Daily cap"):
        delivery.send_approved(db, settings, a3, "three", adapter, NOW + timedelta(hours=1))
    assert delivery.send_approved(db, settings, a3, "three", adapter, NOW + timedelta(hours=13)).kind == "api"


def test_blocklist_rechecked_at_send_time(db, settings):
    oid, adapter = seed(db, settings, author="dana"), FakeAdapter()
    approval = delivery.approve(db, oid, "hello", NOW)
    settings.blocked_authors = ["dana"]
    with pytest.raises(BadInput, match="blocked"):
        delivery.send_approved(db, settings, approval, "hello", adapter, NOW)
    assert adapter.sent == []


def test_nothing_else_in_psn_calls_an_adapter_reply():
    root = Path(__file__).resolve().parents[2] / "psn"
    callers = sorted(str(p.relative_to(root)) for p in root.rglob("*.py")
                     if not {"platforms", "sandbox"} & set(p.relative_to(root).parts)
                     and re.search(r"\.reply\(", p.read_text(encoding="utf-8")))
    assert callers == ["engage/delivery.py"]


class FailingAdapter(FakeAdapter):
    """Posts the reply, then fails as a platform might: the answer lost (5xx/timeout) or a refusal."""

    def __init__(self, error, posted=True):
        super().__init__(policy=ReplyPolicy.ANY)
        self.error, self.posted = error, posted

    def reply(self, target, text):
        if self.posted:
            self.sent.append((target.post_id, text))
        raise self.error


def test_a_lost_answer_keeps_the_claim_and_blocks_a_second_reply_until_confirmed(db, settings):
    from psn.platforms.errors import Unavailable, UncertainOutcome

    oid, adapter = seed(db, settings), FailingAdapter(Unavailable("503 from x", platform="x"))
    first = delivery.approve(db, oid, "Great point!", NOW)
    with pytest.raises(UncertainOutcome) as caught:
        delivery.send_approved(db, settings, first, "Great point!", adapter, NOW)
    assert f"psn engage confirm {first.id} --sent" in caught.value.hint
    assert adapter.sent == [("1", "Great point!")]  # it did go out
    second = delivery.approve(db, oid, "Great point!", NOW)  # `psn engage reply ID --approve` again
    with pytest.raises(BadInput, match=f"approval {first.id}"):
        delivery.send_approved(db, settings, second, "Great point!", FakeAdapter(), NOW)
    from psn.engage.history import awaiting_confirmation

    assert [r["approval_id"] for r in awaiting_confirmation(db)] == [first.id]  # `psn engage history` lists it
    delivery.confirm_handoff(db, first, "Great point!", NOW, sent=True)  # the creator saw it there
    assert opp.get(db, oid).status == "engaged" and awaiting_confirmation(db) == []


def test_not_sent_after_checking_lets_the_reply_go(db, settings):
    from psn.platforms.errors import UncertainOutcome

    oid = seed(db, settings)
    first = delivery.approve(db, oid, "Hi", NOW)
    with pytest.raises(UncertainOutcome):
        delivery.send_approved(db, settings, first, "Hi", FailingAdapter(RuntimeError("boom"), posted=False), NOW)
    delivery.confirm_handoff(db, first, "Hi", NOW, sent=False)
    adapter = FakeAdapter(policy=ReplyPolicy.ANY)
    assert delivery.send_approved(db, settings, first, "Hi", adapter, NOW).kind == "api"
    assert adapter.sent == [("1", "Hi")]


@pytest.mark.parametrize("error_name", ["Rejected", "AuthExpired", "RateLimitedError", "PermissionDenied"])
def test_a_definite_refusal_releases_the_approval(db, settings, error_name):
    import psn.platforms.errors as errors

    oid = seed(db, settings)
    approval = delivery.approve(db, oid, "Hi", NOW)
    error = getattr(errors, error_name)("no", platform="x")
    with pytest.raises(type(error)):
        delivery.send_approved(db, settings, approval, "Hi", FailingAdapter(error, posted=False), NOW)
    adapter = FakeAdapter(policy=ReplyPolicy.ANY)
    assert delivery.send_approved(db, settings, approval, "Hi", adapter, NOW).kind == "api"
