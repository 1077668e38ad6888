"""The provider interface and the values that cross it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Protocol
from urllib.parse import urlparse

Role = Literal["user", "assistant"]


@dataclass(frozen=True)
class Message:
    role: Role
    content: str


@dataclass(frozen=True)
class Completion:
    text: str
    provider: str
    model: str
    input_tokens: int = 0
    output_tokens: int = 0
    attempts: int = 1
    stop_reason: str | None = None
    offline: bool = False
    """True when no language model wrote this (the offline composer): the UI must say so."""


@dataclass(frozen=True)
class ProviderInfo:
    name: str
    model: str
    base_url: str
    offline: bool
    needs_key: bool
    notes: list[str] = field(default_factory=list)


class Provider(Protocol):
    info: ProviderInfo

    def complete(self, system: str, messages: list[Message], max_tokens: int, temperature: float) -> Completion:
        """Send one conversation; return the model's text and its token usage."""
        ...


LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", "0.0.0.0"})  # noqa: S104 - names to compare, not a bind


def is_local(base_url: str) -> bool:
    """A model served on this machine (Ollama, LM Studio, vLLM): no key needed, no cost."""
    return (urlparse(base_url).hostname or "") in LOCAL_HOSTS
