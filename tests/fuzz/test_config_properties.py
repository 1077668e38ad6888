"""Config validators: every bounded number accepts exactly its range and refuses one past either
end, and `psn config set` on any key with any text either stores a value that reads back the same
or refuses with a ConfigError and leaves the file as it was."""

from __future__ import annotations

import annotated_types
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from psn.core.config import _walk, known_keys, load_config, set_value
from psn.core.errors import BadInput
from psn.core.settings import Settings
from tests.examples import scaled

# Ranges enforced by field validators rather than Field(ge=…, le=…): (low, high), None = unbounded.
VALIDATOR_BOUNDS = {
    "generation.duplicate_window_days": (0, 365),
    "generation.x_max_weighted_length": (1, 25_000),
    "generation.instagram_max_hashtags": (0, 30),
    "analytics.fresh_days": (1, None),
    "analytics.warm_days": (1, None),
    "analytics.warm_every_days": (1, None),
    "analytics.max_posts_per_run": (1, None),
}


def _field_bounds() -> dict[str, tuple[int | None, int | None]]:
    bounds: dict[str, tuple[int | None, int | None]] = {}
    for key, info in _walk(Settings):
        if info.annotation is not int:
            continue
        low = next((m.ge for m in info.metadata if isinstance(m, annotated_types.Ge)), None)
        high = next((m.le for m in info.metadata if isinstance(m, annotated_types.Le)), None)
        if low is not None or high is not None:
            bounds[key] = (low, high)
    return {**bounds, **VALIDATOR_BOUNDS}


BOUNDS = _field_bounds()


def test_the_bounds_table_found_the_constrained_fields():
    assert {"engage.cap_x", "engage.cooldown_minutes", "daemon.keep_history_days", "tiktok.chunk_size",
            "notify.email_port"} <= set(BOUNDS)


def _fresh(path, key: str) -> None:  # type: ignore[no-untyped-def]
    path.unlink(missing_ok=True)
    if key == "engage.auto_tune_min_weight":  # the pair must stay ordered: open the other end first
        set_value(path, "engage.auto_tune_max_weight", "100")
    if key == "engage.auto_tune_max_weight":
        set_value(path, "engage.auto_tune_min_weight", "0")


@pytest.mark.parametrize("key", sorted(BOUNDS))
def test_each_end_of_a_range_is_accepted_and_one_past_it_refused_leaving_the_file(key, tmp_path):
    low, high = BOUNDS[key]
    path = tmp_path / f"{key}.toml"
    for end in (low, high):
        if end is None:
            continue
        _fresh(path, key)
        assert set_value(path, key, str(end)) == end
        assert load_config(path, environ={}).get(key) == end
    before = path.read_text()
    for outside in ([low - 1] if low is not None else []) + ([high + 1] if high is not None else []):
        with pytest.raises(BadInput):
            set_value(path, key, str(outside))
        assert path.read_text() == before  # refused: the file is untouched


# The ends are checked exactly above, so a few values drawn inside each range suffice here (each
# example writes and validates a whole config file; `make fuzz` draws many more).
@pytest.mark.parametrize("key", sorted(BOUNDS))
@given(data=st.data())
@settings(max_examples=scaled(10), suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_numbers_within_a_range_are_stored_and_read_back(key, data, tmp_path):
    low, high = BOUNDS[key]
    inside = data.draw(st.integers(min_value=low, max_value=high if high is not None else (low or 0) + 10**6))
    path = tmp_path / f"{key}.toml"
    _fresh(path, key)
    assert set_value(path, key, str(inside)) == inside
    assert load_config(path, environ={}).get(key) == inside


TEXTS = (st.integers().map(str) | st.floats(allow_nan=False).map(repr) | st.sampled_from(
    ["true", "false", "[]", '["a", "b"]', '"09:00"', "25:00", "22:00-07:00", "Europe/Paris", "Mars/Olympus", "{}",
     '{x = ["08:00"]}', '"#python"', '["two words"]', "nan", "inf", "-0", "1e999", '"every 3h"'])
         | st.text(max_size=30))


@given(key=st.sampled_from(known_keys()), text=TEXTS)
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_config_set_stores_a_value_that_reads_back_or_refuses_and_changes_nothing(key, text, tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('[general]\ntimezone = "UTC"\n')
    before = path.read_text()
    try:
        value = set_value(path, key, text)
    except BadInput:
        assert path.read_text() == before
        return
    reread = load_config(path, environ={}).get(key)
    assert reread == value or (hasattr(value, "model_dump") and reread.model_dump() == value.model_dump())


FLOAT_KEYS = [*sorted(key for key, info in _walk(Settings) if info.annotation is float), "analytics.weights"]


@pytest.mark.parametrize("key", FLOAT_KEYS)
@pytest.mark.parametrize("text", ["nan", "inf", "-inf", "+inf"])
def test_no_setting_takes_nan_or_infinity(key, text, tmp_path):
    """Regression: TOML's nan/inf passed `value <= 0`-style checks (llm.timeout_seconds = nan, prices…)."""
    path = tmp_path / "config.toml"
    value = f"{{share = {text}}}" if key == "analytics.weights" else text
    with pytest.raises(BadInput):
        set_value(path, key, value)
    assert not path.exists()


@pytest.mark.parametrize("key", ["x.price_post", "x.price_post_with_url", "x.price_post_read", "x.price_user_read",
                                 "x.price_owned_read", "blog.timeout_seconds"])
@given(amount=st.floats(min_value=-1e6, max_value=1e6))
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_prices_are_never_negative_and_timeouts_always_positive(key, amount, tmp_path):
    path = tmp_path / f"{key}.toml"
    path.unlink(missing_ok=True)
    allowed = amount > 0 if key.endswith("timeout_seconds") else amount >= 0
    if allowed:
        assert set_value(path, key, repr(amount)) == amount
    else:
        with pytest.raises(BadInput):
            set_value(path, key, repr(amount))
