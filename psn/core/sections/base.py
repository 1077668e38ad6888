"""The base of every config section: unknown keys are refused, field docstrings are the help text
(read only when asked, by psn.core.config.describe: pydantic's use_attribute_docstrings re-reads
every section's source on each start, a third of building the settings), and no number may be NaN or
infinite (TOML allows both; no setting of psn means either).

Two shapes are checked for every section by name, so a new platform's hosts and ports are covered
without a validator of their own: a `*_url` setting is empty or an http(s) address, a `*_port`
setting is a TCP port.
"""

from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationInfo, field_validator


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True, allow_inf_nan=False)

    @field_validator("*")
    @classmethod
    def _address_shapes(cls, value: Any, info: ValidationInfo) -> Any:
        name = info.field_name or ""
        if name.endswith("_url") and isinstance(value, str) and value and not value.startswith(("https://", "http://")):
            raise ValueError(f"{value!r} is not a web address; give one that starts with https://")
        if name.endswith("_port") and isinstance(value, int) and not 1 <= value <= 65535:
            raise ValueError(f"{value} is not a port; use 1 to 65535")
        return value
