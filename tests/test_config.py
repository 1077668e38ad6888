from pathlib import Path

import pytest

from psn.core.config import env_name, known_keys, load_config, parse_text_value, set_value
from psn.core.errors import ConfigError


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_defaults_when_no_file(tmp_path):
    loaded = load_config(tmp_path / "config.toml", environ={})
    assert loaded.get("general.timezone") == "UTC"
    assert loaded.sources == {}


def test_precedence_default_file_env_flag(tmp_path):
    path = write(tmp_path / "c.toml", '[general]\ntimezone = "Europe/Paris"\n[log]\nlevel = "warning"\n')
    env = {"PSN_LOG_LEVEL": "error", "PSN_GENERAL_REVIEW_BEFORE_PUBLISH": "false"}
    loaded = load_config(path, environ=env, flags={"general.timezone": "Asia/Tokyo"})
    assert loaded.get("general.timezone") == "Asia/Tokyo"
    assert loaded.sources["general.timezone"] == "flag"
    assert loaded.get("log.level") == "error"
    assert loaded.sources["log.level"] == "env"
    assert loaded.get("general.review_before_publish") is False
    explained = {row["key"]: row for row in loaded.explain()}
    assert explained["database.url"]["source"] == "default"


def test_env_names_are_derived_from_keys():
    assert env_name("database.url") == "PSN_DATABASE_URL"
    assert all(env_name(k).startswith("PSN_") for k in known_keys())


@pytest.mark.parametrize(
    "text, fragment",
    [
        ('[general]\ntimezone = "Nowhere/Land"\n', "general.timezone"),
        ("[general]\nfoo = 1\n", "general.foo"),
        ("[log]\nlevel = \"loud\"\n", "log.level"),
        ("not toml = = =", "not valid TOML"),
    ],
)
def test_bad_config_file_names_the_problem(tmp_path, text, fragment):
    path = write(tmp_path / "c.toml", text)
    with pytest.raises(ConfigError) as err:
        load_config(path, environ={})
    assert fragment in err.value.message


def test_bad_env_value_names_the_variable(tmp_path):
    with pytest.raises(ConfigError) as err:
        load_config(tmp_path / "c.toml", environ={"PSN_LOG_LEVEL": "loud"})
    assert "PSN_LOG_LEVEL" in err.value.message


def test_set_value_validates_before_writing(tmp_path):
    path = tmp_path / "c.toml"
    assert set_value(path, "general.timezone", "Europe/Berlin") == "Europe/Berlin"
    before = path.read_bytes()
    with pytest.raises(ConfigError):
        set_value(path, "general.timezone", "Bad/Zone")
    with pytest.raises(ConfigError) as err:
        set_value(path, "general.timezne", "UTC")
    assert "general.timezone" in (err.value.hint or "")
    assert path.read_bytes() == before
    assert oct(path.stat().st_mode & 0o777) == "0o600"


def test_parse_text_value():
    assert parse_text_value("true") is True
    assert parse_text_value("5") == 5
    assert parse_text_value('["a", "b"]') == ["a", "b"]
    assert parse_text_value("Europe/Paris") == "Europe/Paris"


def test_text_settings_keep_digits_as_typed(tmp_path):
    from psn.core.config import parse_text_value

    assert parse_text_value("1029384757", "facebook.page_id") == "1029384757"
    assert parse_text_value('"1029384757"', "facebook.page_id") == "1029384757"  # quoting still works
    assert parse_text_value("12", "facebook.schedule_min_minutes") == 12
    assert parse_text_value('["a"]', "notify.channels") == ["a"]
    env = {"PSN_FACEBOOK_PAGE_ID": "1029384757"}
    assert load_config(tmp_path / "none.toml", environ=env).settings.facebook.page_id == "1029384757"


def test_every_keys_description_is_its_field_docstring_read_when_asked():
    """Sections no longer pay pydantic's use_attribute_docstrings on every start; describe() reads the same
    docstrings on demand."""
    from pydantic._internal._docs_extraction import extract_docstrings_from_cls

    from psn.core.config import _walk, describe
    from psn.core.settings import Settings

    described = 0
    for section_name, info in Settings.model_fields.items():
        section = info.annotation
        expected = {}
        for owner in reversed(section.__mro__[:-1]):
            if isinstance(owner, type) and owner.__module__.startswith("psn."):
                expected |= extract_docstrings_from_cls(owner, use_inspect=True)
        for key, _ in _walk(section, f"{section_name}."):
            name = key.split(".")[-1]
            assert describe(key) == expected.get(name, ""), key
            described += bool(expected.get(name))
    assert described > 50
    assert describe("general.timezone")
