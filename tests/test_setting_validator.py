"""prompts.setting_validator: a question re-asks a bad answer with the setting's own message (the one
`psn config set` gives), and accepts what the setting accepts."""

from __future__ import annotations

import pytest

from psn.cli.prompts import setting_validator
from psn.core.config import set_value, value_problem
from psn.core.errors import ConfigError


@pytest.mark.parametrize(("key", "answer", "message"), [
    ("engage.quiet_hours", "10pm-7am", "quiet_hours looks like 22:00-07:00 (or empty for none)"),
    ("general.timezone", "Mars/Olympus", "unknown timezone 'Mars/Olympus'; use an IANA name such as Europe/Paris"),
    ("engage.cooldown_minutes", "-5", "Input should be greater than or equal to 0"),
    ("engage.cooldown_minutes", "ten", "Input should be a valid integer"),
])
def test_a_bad_answer_gets_the_message_config_set_gives(tmp_path, key, answer, message):
    assert message in setting_validator(key)(answer)
    with pytest.raises(ConfigError) as refused:
        set_value(tmp_path / "config.toml", key, f'"{answer}"' if not answer.lstrip("-").isdigit() else answer)
    assert message in refused.value.message


@pytest.mark.parametrize(("key", "answer"), [
    ("engage.quiet_hours", "22:00-07:00"), ("engage.quiet_hours", ""), ("general.timezone", " Europe/Paris "),
    ("engage.cooldown_minutes", "10"),
])
def test_a_valid_answer_passes(key, answer):
    assert setting_validator(key)(answer) is True
    assert value_problem(key, answer.strip()) is None
