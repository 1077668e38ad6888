"""Approved replies not sent yet: the cooldown told to the second, hand-offs unpaced, the queue's
rules (newest approval only, closed conversations out), and answered conversations leaving the
alert queue and the digest."""

from datetime import timedelta

import pytest
from test_delivery import NOW, FakeAdapter, seed

from psn.engage import delivery, pacing, waiting
from psn.engage import opportunities as opp
from psn.platforms.base import ReplyPolicy


def test_countdown_is_exact_to_the_second_in_the_creators_timezone():
    ready = NOW + timedelta(minutes=5, seconds=12)
    assert pacing.wait_text(ready, NOW + timedelta(seconds=39), "UTC") == "12:05:12 (in 4m 33s)"
    assert pacing.wait_text(ready, NOW, "Europe/Paris") == "13:05:12 (in 5m 12s)"
    # a part second rounds up: "in 0s" never shows while the send is still refused
    assert pacing.seconds_until(ready, ready - timedelta(milliseconds=300)) == 1
    assert pacing.span(3725) == "1h 02m 05s" and pacing.span(9) == "9s"


def test_cooldown_refusal_carries_the_moment_it_ends(db, settings):
    settings.cooldown_minutes = 5
    adapter = FakeAdapter(policy=ReplyPolicy.ANY)
    a1 = delivery.approve(db, seed(db, settings, "1"), "one", NOW)
    a2 = delivery.approve(db, seed(db, settings, "2"), "two", NOW)
    delivery.send_approved(db, settings, a1, "one", adapter, NOW)
    with pytest.raises(pacing.CoolingDown) as refused:
        delivery.send_approved(db, settings, a2, "two", adapter, NOW + timedelta(seconds=39), "Europe/Paris")
    assert refused.value.ready_at == NOW + timedelta(minutes=5)
    assert "next send at 13:05:00 (in 4m 21s)" in refused.value.message
    assert [w.approval.text for w in waiting.waiting(db)] == ["two"]  # kept, exact text
    assert opp.pending(db) == []  # approved means accepted: it is not offered for triage again


def test_a_handoff_is_not_paced_and_does_not_start_a_cooldown(db, settings):
    settings.cooldown_minutes = 5
    api = FakeAdapter(policy=ReplyPolicy.SUMMONED)
    by_hand = delivery.approve(db, seed(db, settings, "1", summoned=False), "by hand", NOW)
    done = delivery.send_approved(db, settings, by_hand, "by hand", api, NOW)
    assert done.kind == "handoff"
    delivery.confirm_handoff(db, by_hand, "by hand", NOW, sent=True)
    after = delivery.approve(db, seed(db, settings, "2"), "through the API", NOW)
    assert delivery.send_approved(db, settings, after, "through the API", api, NOW).kind == "api"
    # ...and a hand-off right after an API send is not held back either
    third = delivery.approve(db, seed(db, settings, "3", summoned=False), "again by hand", NOW)
    assert delivery.send_approved(db, settings, third, "again by hand", api, NOW).kind == "handoff"


def test_queue_holds_the_newest_approval_of_open_conversations_only(db, settings):
    first = seed(db, settings, "1")
    delivery.approve(db, first, "old wording", NOW)
    delivery.approve(db, first, "new wording", NOW)
    declined = seed(db, settings, "2")
    delivery.approve(db, declined, "never mind", NOW)
    opp.decide(db, declined, "no", NOW)
    assert [w.approval.text for w in waiting.waiting(db)] == ["new wording"]
    assert waiting.waiting_opportunity_ids(db) == {first}
    with pytest.raises(Exception, match="No approved reply 1 is waiting"):
        waiting.pick(db, 1)  # the superseded approval cannot be sent


def test_answered_or_declined_conversations_leave_alerts_and_digest(db, settings):
    from psn.notify.queue import queued, recent

    answered, declined, open_one = seed(db, settings, "1"), seed(db, settings, "2"), seed(db, settings, "3")
    assert len(queued(db, "push")) == 3  # summoned: each raised an alert
    delivery.approve(db, answered, "On it", NOW)
    opp.decide(db, declined, "no", NOW)
    assert [n.dedupe_key for n in queued(db, "push")] == [f"engage.opportunity:{open_one}"]
    assert {n["status"] for n in recent(db)} == {"queued", "withdrawn"}
