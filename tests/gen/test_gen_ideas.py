"""The idea bank lifecycle."""

from datetime import timedelta

import pytest

from psn.core.errors import BadInput
from psn.ideas.bank import (
    IdeaChanges,
    add_idea,
    consume_idea,
    edit_idea,
    get_idea,
    kill_idea,
    list_ideas,
    promote_idea,
)


def test_add_and_get(db, clock):
    idea = add_idea(db, "  Why flaky tests are a design smell  ", at=clock.now(), pillar="testing",
                    platforms=["x", "linkedin"], format="thread", urgency="high")
    assert idea.text == "Why flaky tests are a design smell" and idea.stage == "spark" and idea.usable
    assert get_idea(db, idea.id, clock.now()) == idea


def test_bad_input_stores_nothing(db, clock):
    for kwargs in ({"text": " "}, {"text": "x", "stage": "used"}, {"text": "x", "urgency": "asap"},
                   {"text": "x", "expires_at": clock.now() - timedelta(days=1)}, {"text": "x" * 5001}):
        with pytest.raises(BadInput):
            add_idea(db, at=clock.now(), **kwargs)
    assert list_ideas(db, clock.now(), include_closed=True) == []


def test_lifecycle_spark_seed_ready_used(db, clock):
    idea = add_idea(db, "An idea", at=clock.now())
    assert promote_idea(db, idea.id, clock.now()).stage == "seed"
    assert promote_idea(db, idea.id, clock.now()).stage == "ready"
    with pytest.raises(BadInput, match="already ready"):
        promote_idea(db, idea.id, clock.now())
    used = consume_idea(db, idea.id, clock.now())
    assert used.stage == "used" and used.used_at == clock.now() and not used.usable
    with pytest.raises(BadInput, match="is used"):
        consume_idea(db, idea.id, clock.now())


def test_promote_only_forward(db, clock):
    idea = add_idea(db, "An idea", at=clock.now(), stage="seed")
    with pytest.raises(BadInput, match="only move forward"):
        promote_idea(db, idea.id, clock.now(), to="spark")
    assert promote_idea(db, idea.id, clock.now(), to="ready").stage == "ready"


def test_kill_needs_a_reason_and_is_final(db, clock):
    idea = add_idea(db, "Meh", at=clock.now())
    with pytest.raises(BadInput, match="why"):
        kill_idea(db, idea.id, "  ", clock.now())
    killed = kill_idea(db, idea.id, "done to death", clock.now())
    assert killed.stage == "killed" and killed.kill_reason == "done to death"
    with pytest.raises(BadInput, match="killed"):
        promote_idea(db, idea.id, clock.now())
    with pytest.raises(BadInput, match="already killed"):
        kill_idea(db, idea.id, "again", clock.now())


def test_timely_ideas_expire(db, clock):
    idea = add_idea(db, "Black Friday take", at=clock.now(), expires_at=clock.now() + timedelta(days=2))
    later = clock.now() + timedelta(days=3)
    assert get_idea(db, idea.id, later).expired
    assert list_ideas(db, later) == []
    assert [i.id for i in list_ideas(db, later, include_closed=True)] == [idea.id]
    with pytest.raises(BadInput, match="expired") as caught:
        consume_idea(db, idea.id, later)
    assert "--no-expiry" in (caught.value.hint or "")
    with pytest.raises(BadInput, match="expired"):
        promote_idea(db, idea.id, later)
    revived = edit_idea(db, idea.id, IdeaChanges(clear_expiry=True), later)  # editing revives it
    assert consume_idea(db, revived.id, later).stage == "used"


def test_list_filters_and_order(db, clock):
    low = add_idea(db, "low", at=clock.now(), urgency="low", pillar="a")
    high = add_idea(db, "high", at=clock.now(), urgency="high", pillar="b", platforms=["x"])
    normal = add_idea(db, "normal", at=clock.now(), platforms=["linkedin"])
    assert [i.id for i in list_ideas(db, clock.now())] == [high.id, normal.id, low.id]
    assert [i.id for i in list_ideas(db, clock.now(), pillar="a")] == [low.id]
    assert [i.id for i in list_ideas(db, clock.now(), platform="x")] == [high.id, low.id]
    kill_idea(db, low.id, "no", clock.now())
    assert [i.id for i in list_ideas(db, clock.now(), stages=["killed"])] == [low.id]
    with pytest.raises(BadInput, match="Unknown stage"):
        list_ideas(db, clock.now(), stages=["rotten"])


def test_edit(db, clock):
    idea = add_idea(db, "Old text", at=clock.now(), pillar="x")
    edited = edit_idea(db, idea.id, IdeaChanges(text="New text", pillar="", platforms=["tiktok"], urgency="high",
                                                expires_at=clock.now() + timedelta(days=1)), clock.now())
    assert (edited.text, edited.pillar, edited.platforms, edited.urgency) == ("New text", None, ["tiktok"], "high")
    with pytest.raises(BadInput, match="Nothing to change"):
        edit_idea(db, idea.id, IdeaChanges(), clock.now())
    with pytest.raises(BadInput, match="past"):
        edit_idea(db, idea.id, IdeaChanges(expires_at=clock.now() - timedelta(days=1)), clock.now())
    assert get_idea(db, idea.id, clock.now()).expires_at == clock.now() + timedelta(days=1)  # nothing stored


def test_engage_flow_can_add_with_a_source(db, clock):
    idea = add_idea(db, "Reply sparked this", at=clock.now(), source="engage", source_ref="x:1790")
    assert (idea.source, idea.source_ref) == ("engage", "x:1790")


def test_unknown_idea(db, clock):
    with pytest.raises(BadInput, match="no idea 42"):
        get_idea(db, 42, clock.now())
