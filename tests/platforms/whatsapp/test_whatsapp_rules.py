"""Property tests: delivery statuses never move backwards, numbers normalise, templates count."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from wa_support import NOW

from psn.core.errors import BadInput
from psn.platforms.whatsapp import rules, templates

STATUSES = ["sent", "delivered", "read", "failed", "accepted"]


@given(st.lists(st.sampled_from(STATUSES), min_size=1, max_size=12))
def test_any_arrival_order_ends_at_the_furthest_status(arrivals):
    current = None
    for status in arrivals:
        previous = current
        current = rules.advance_status(current, status)
        assert previous is None or rules.STATUS_RANK[current] >= rules.STATUS_RANK[previous]
    assert current == max(arrivals, key=rules.STATUS_RANK.__getitem__)


@given(st.permutations(["sent", "delivered", "read"]))
def test_read_wins_whatever_the_order(order):
    current = None
    for status in order:
        current = rules.advance_status(current, status)
    assert current == "read"


def test_failed_does_not_undo_a_delivery_but_beats_sent():
    assert rules.advance_status("delivered", "failed") == "delivered"
    assert rules.advance_status("sent", "failed") == "failed"


@given(st.from_regex(r"[1-9][0-9]{7,14}", fullmatch=True), st.sampled_from(["+", "00", ""]),
       st.sampled_from([" ", "-", ""]))
def test_numbers_normalise_to_digits(digits, prefix, separator):
    spaced = separator.join([digits[:3], digits[3:]]) if separator else digits
    assert rules.normalize_wa_id(prefix + spaced) == digits


@pytest.mark.parametrize("raw", ["hello", "0044", "+12", "07700 900123", "+1 (555) 12a", "+٤٤٧٧٠٠٩٠٠١٢٣"])
def test_bad_numbers_are_refused(raw):
    with pytest.raises(BadInput):
        rules.normalize_wa_id(raw)


@given(st.integers(min_value=0, max_value=6), st.integers(min_value=0, max_value=6))
def test_body_variable_count_must_match(wanted, given_count):
    body = " ".join(f"{{{{{i}}}}}" for i in range(1, wanted + 1))
    template = templates.Template(name="t", language="en", components=[{"type": "BODY", "text": body}])
    request = templates.TemplateRequest(name="t", language="en", body=["v"] * given_count)
    if wanted == given_count:
        templates.check(template, request, media_given=False)
    else:
        with pytest.raises(BadInput):
            templates.check(template, request, media_given=False)


def test_repeated_placeholders_count_once():
    assert templates.placeholders("{{1}} and {{ 1 }} then {{2}}") == ["1", "2"]


def test_needs_of_a_full_template():
    template = templates.Template(name="t", language="en", components=[
        {"type": "HEADER", "format": "VIDEO"}, {"type": "BODY", "text": "{{1}}"},
        {"type": "BUTTONS", "buttons": [{"type": "QUICK_REPLY", "text": "Stop"},
                                        {"type": "URL", "url": "https://x/{{1}}"}]}])
    need = templates.needs(template)
    assert (need.header_media, need.body, need.buttons) == ("video", ["1"], {"1": ["1"]})


def test_window():
    assert rules.in_window(NOW - timedelta(hours=23, minutes=59), NOW)
    assert not rules.in_window(NOW - timedelta(hours=24), NOW)
    assert not rules.in_window(None, NOW)


def test_pacer_spaces_sends_in_real_time():
    clock = [10.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        clock[0] += seconds

    pacer = rules.Pacer(2, sleep=sleep, monotonic=lambda: clock[0])
    for _ in range(3):
        pacer.wait()
    clock[0] += 5
    pacer.wait()
    assert slept == [0.5, 0.5]
