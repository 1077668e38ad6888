"""[llm]: which language model writes drafts. The offline composer (no key, no network) is the default."""

from typing import Literal

from pydantic import field_validator

from psn.core.sections.base import Section


class LLMSettings(Section):
    provider: Literal["offline", "anthropic", "openai"] = "offline"
    """offline (deterministic composer, no network), anthropic, or openai (any OpenAI-compatible server)."""
    model: str = ""
    """Model name; empty means the provider's default (see docs/voice-and-generation.md)."""
    base_url: str = ""
    """API base URL; empty means the provider's own (Ollama: http://localhost:11434/v1)."""
    timeout_seconds: float = 60.0
    """How long one request may take before it is retried."""
    max_retries: int = 3
    """Retries after a timeout, 429 or 5xx (LLM calls are safe to repeat)."""
    temperature: float = 0.7
    """Sampling temperature for drafts (0 = most predictable)."""
    max_tokens: int = 1500
    """Upper bound on the tokens one draft may use."""
    input_price_per_mtok: float = -1.0
    """USD per million input tokens for cost estimates; -1 uses psn's built-in table."""
    output_price_per_mtok: float = -1.0
    """USD per million output tokens for cost estimates; -1 uses psn's built-in table."""

    @field_validator("base_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if value and not value.startswith(("http://", "https://")):
            raise ValueError("base_url must start with http:// or https://")
        return value.rstrip("/")

    @field_validator("timeout_seconds")
    @classmethod
    def _positive_timeout(cls, value: float) -> float:
        if value <= 0:
            raise ValueError("timeout_seconds must be more than 0")
        return value

    @field_validator("max_retries")
    @classmethod
    def _bounded_retries(cls, value: int) -> int:
        if not 0 <= value <= 10:
            raise ValueError("max_retries must be between 0 and 10")
        return value

    @field_validator("temperature")
    @classmethod
    def _temperature_range(cls, value: float) -> float:
        if not 0 <= value <= 2:
            raise ValueError("temperature must be between 0 and 2")
        return value

    @field_validator("max_tokens")
    @classmethod
    def _positive_tokens(cls, value: int) -> int:
        if value < 16:
            raise ValueError("max_tokens must be at least 16")
        return value
