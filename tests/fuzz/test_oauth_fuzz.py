"""The OAuth redirect, fuzzed: only the exact state gives the code, and whatever the URL holds the
answer is the code, BadInput or NotAuthorised — never another exception."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from hypothesis import given
from hypothesis import strategies as st

from psn.core.errors import BadInput, NotAuthorised
from psn.platforms.oauth import code_from_redirect

EXPECTED = "s7Zq0kL2-real-state"
STATES = st.text(max_size=40) | st.just(EXPECTED) | st.sampled_from([EXPECTED[:-1], EXPECTED + "x", EXPECTED.upper()])


@given(state=STATES, code=st.text(min_size=1, max_size=30))
def test_only_the_exact_state_gives_the_code(state, code):
    url = "http://127.0.0.1:8765/callback?" + urlencode({"state": state, "code": code})
    if state == EXPECTED:
        assert code_from_redirect(url, EXPECTED) == code
    else:
        with pytest.raises(BadInput):
            code_from_redirect(url, EXPECTED)


@given(url=st.text(max_size=200) | st.builds(lambda q: "http://127.0.0.1:1/callback?" + q, st.text(max_size=120)))
def test_any_pasted_url_is_the_code_or_a_typed_refusal(url):
    try:
        code = code_from_redirect(url, EXPECTED)
    except (BadInput, NotAuthorised):
        return
    assert code and f"state={EXPECTED}" in url
