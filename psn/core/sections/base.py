"""The base of every config section: unknown keys are refused, field docstrings are the help text,
and no number may be NaN or infinite (TOML allows both; no setting of psn means either)."""

from pydantic import BaseModel, ConfigDict


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True, use_attribute_docstrings=True,
                              allow_inf_nan=False)
