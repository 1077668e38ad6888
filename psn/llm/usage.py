"""Every model call leaves a row: provider, model, purpose, tokens, estimated cost, duration.

`LLM` is what features use: a provider plus the metering. A failed call is recorded too (with
its error kind), so `psn doctor` can show that a provider keeps failing.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime, timedelta

from pydantic import BaseModel
from sqlalchemy import func, or_
from sqlmodel import col, select

from psn.core.clock import Clock
from psn.core.errors import PsnError
from psn.llm.base import Completion, Message, Provider, is_local
from psn.llm.errors import LLMUnusable
from psn.llm.pricing import estimate_cost_micros
from psn.llm.progress import watching
from psn.store.db import Database
from psn.store.generation_tables import LLMCallRow

CUT_OFF = frozenset({"length", "max_tokens"})  # OpenAI-style finish_reason, Anthropic's stop_reason


class UsageSummary(BaseModel):
    since: datetime
    calls: int
    failed: int
    input_tokens: int
    output_tokens: int
    cost_usd: float
    cost_unknown_calls: int


@dataclass
class LLM:
    provider: Provider
    db: Database
    clock: Clock
    max_tokens: int = 1500
    temperature: float = 0.7
    price_override: tuple[float, float] | None = None

    @property
    def offline(self) -> bool:
        return self.provider.info.offline

    def complete(
        self, system: str, messages: list[Message], *, purpose: str, prompt_version_id: int | None = None,
        max_tokens: int | None = None, accept: Callable[[Completion], object] | None = None,
    ) -> Completion:
        """One metered call. `max_tokens` sizes the answer for its purpose (a format name needs a
        few tokens, a reply a few sentences); `llm.max_tokens` is the ceiling for every call.
        `accept` raises `LLMUnusable` for an answer the caller cannot use: the call is then
        recorded as failed (with its tokens), the same as an empty answer."""
        started = time.perf_counter()
        budget = min(max_tokens, self.max_tokens) if max_tokens else self.max_tokens
        completion: Completion | None = None
        try:
            with nullcontext() if self.offline else watching(purpose, self.provider.info.model):
                completion = self.provider.complete(system, messages, budget, self.temperature)
            if not completion.text.strip():
                raise LLMUnusable(f"The model's answer was empty (it stopped: {completion.stop_reason or 'unknown'}).")
            if completion.stop_reason in CUT_OFF:  # half a JSON object or half a post is never used
                raise LLMUnusable(f"The model's answer was cut off at {budget} tokens.", answer=completion.text,
                                  hint="Raise llm.max_tokens if this keeps happening (`psn config set "
                                       "llm.max_tokens N`), or try again.")
            if accept is not None:
                accept(completion)
        except PsnError as exc:
            attempts = completion.attempts if completion else int(exc.details.get("attempts") or 1)  # type: ignore[call-overload]
            self._record(purpose, prompt_version_id, completion, started, error=exc.kind, attempts=attempts)
            raise
        except KeyboardInterrupt:  # Ctrl-C while waiting: the call still leaves its row
            self._record(purpose, prompt_version_id, None, started, error="interrupted")
            raise
        self._record(purpose, prompt_version_id, completion, started)
        return completion

    def _record(
        self, purpose: str, prompt_version_id: int | None, completion: Completion | None, started: float,
        error: str | None = None, attempts: int = 1,
    ) -> None:
        info = self.provider.info
        model = completion.model if completion else info.model
        tokens_in = completion.input_tokens if completion else 0
        tokens_out = completion.output_tokens if completion else 0
        local = info.offline or is_local(info.base_url)
        cost = estimate_cost_micros(model, tokens_in, tokens_out, local=local, override=self.price_override)
        row = LLMCallRow(
            called_at=self.clock.now(),
            provider=info.name,
            model=model,
            purpose=purpose,
            prompt_version_id=prompt_version_id,
            input_tokens=tokens_in,
            output_tokens=tokens_out,
            cost_usd_micros=cost,
            duration_ms=round((time.perf_counter() - started) * 1000),
            attempts=completion.attempts if completion else attempts,
            ok=error is None,
            error=error,
        )
        with self.db.session() as session:
            session.add(row)


def usage_summary(db: Database, now: datetime, days: int = 30, provider: str | None = None,
                  model: str | None = None) -> UsageSummary:
    """Totals since `days` ago; with `provider` (and `model`) only that provider's (model's) calls.
    A model matches its dated versions too: asked for claude-sonnet-4-5, a server answers as
    claude-sonnet-4-5-20250929."""
    since = now - timedelta(days=days)
    query = select(
        func.count(),
        func.coalesce(func.sum(LLMCallRow.input_tokens), 0),
        func.coalesce(func.sum(LLMCallRow.output_tokens), 0),
        func.coalesce(func.sum(LLMCallRow.cost_usd_micros), 0),
        func.count().filter(LLMCallRow.ok == False),  # noqa: E712 - SQL expression, not a Python comparison
        func.count().filter(LLMCallRow.cost_usd_micros.is_(None)),  # type: ignore[union-attr]
    ).where(LLMCallRow.called_at >= since)
    if provider is not None:
        query = query.where(LLMCallRow.provider == provider)
    if model:
        query = query.where(or_(LLMCallRow.model == model, col(LLMCallRow.model).startswith(f"{model}-")))
    with db.session() as session:
        calls, tokens_in, tokens_out, micros, failed, unknown = session.exec(query).one()
    return UsageSummary(
        since=since, calls=calls, failed=failed, input_tokens=tokens_in, output_tokens=tokens_out,
        cost_usd=round(micros / 1_000_000, 6), cost_unknown_calls=unknown,
    )


def last_call(db: Database, provider: str, model: str) -> LLMCallRow | None:
    """The newest call to this provider and model (a dated version of the model counts too)."""
    query = (select(LLMCallRow).where(LLMCallRow.provider == provider)
             .where(or_(LLMCallRow.model == model, col(LLMCallRow.model).startswith(f"{model}-")))
             .order_by(col(LLMCallRow.id).desc()).limit(1))
    with db.session() as session:
        return session.exec(query).first()
