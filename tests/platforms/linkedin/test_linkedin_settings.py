"""The [linkedin] config section: keys, environment variables and validation."""

from __future__ import annotations

from psn.core.config import env_name, known_keys, load_config


def test_keys_and_variables():
    keys = set(known_keys())
    assert {"linkedin.api_url", "linkedin.version", "linkedin.analytics_enabled", "linkedin.redirect_port"} <= keys
    assert env_name("linkedin.version") == "PSN_LINKEDIN_VERSION"


def test_the_url_fields_map_to_the_specs_url_names():
    from psn.core.sections.linkedin import LinkedInSettings
    from psn.platforms.linkedin.spec import DEFAULT_URLS

    urls = {k[:-4]: v for k, v in LinkedInSettings().model_dump().items() if k.endswith("_url")}
    assert urls == DEFAULT_URLS


def test_environment_overrides(tmp_path):
    loaded = load_config(tmp_path / "c.toml", environ={"PSN_LINKEDIN_VERSION": "202608",
                                                       "PSN_LINKEDIN_API_URL": "http://127.0.0.1:9/api.linkedin.com"})
    assert loaded.get("linkedin.version") == "202608"
    assert loaded.get("linkedin.api_url") == "http://127.0.0.1:9/api.linkedin.com"


def test_config_set_refuses_a_malformed_version(cli):
    bad = cli("--json", "config", "set", "linkedin.version", "2026-10")
    assert bad.exit_code == 2 and "YYYYMM" in bad.stdout
    assert cli("config", "set", "linkedin.version", "202609").exit_code == 0
    assert cli("--json", "config", "get", "linkedin.version").json()["data"]["value"] == "202609"


def test_config_set_normalises_visibility(cli):
    assert cli("config", "set", "linkedin.visibility", "connections").exit_code == 0
    assert cli("--json", "config", "get", "linkedin.visibility").json()["data"]["value"] == "CONNECTIONS"
    assert cli("config", "set", "linkedin.visibility", "friends").exit_code == 2
