"""Estimated cost of a call, from a small dated price table or the creator's own prices.

Prices change; the table is a best effort (USD per million tokens, list prices as of late
2025). `llm.input_price_per_mtok` / `llm.output_price_per_mtok` override it. Local servers cost
nothing; an unknown hosted model has an unknown cost (None), never a guessed one.
"""

from __future__ import annotations

# model-name prefix → (input, output) USD per million tokens; the longest matching prefix wins
PRICES_PER_MTOK: dict[str, tuple[float, float]] = {
    "claude-opus-4-5": (5.0, 25.0),
    "claude-opus-4": (15.0, 75.0),
    "claude-sonnet-4": (3.0, 15.0),
    "claude-3-7-sonnet": (3.0, 15.0),
    "claude-3-5-sonnet": (3.0, 15.0),
    "claude-haiku-4-5": (1.0, 5.0),
    "claude-3-5-haiku": (0.8, 4.0),
    "gpt-4o-mini": (0.15, 0.60),
    "gpt-4o": (2.50, 10.0),
    "gpt-4.1-nano": (0.10, 0.40),
    "gpt-4.1-mini": (0.40, 1.60),
    "gpt-4.1": (2.0, 8.0),
    "gpt-5-nano": (0.05, 0.40),
    "gpt-5-mini": (0.25, 2.0),
    "gpt-5": (1.25, 10.0),
}


def price_for(model: str) -> tuple[float, float] | None:
    matches = [prefix for prefix in PRICES_PER_MTOK if model.startswith(prefix)]
    return PRICES_PER_MTOK[max(matches, key=len)] if matches else None


def estimate_cost_micros(
    model: str,
    input_tokens: int,
    output_tokens: int,
    *,
    local: bool = False,
    override: tuple[float, float] | None = None,
) -> int | None:
    """Millionths of a USD (integers keep sums exact), or None when the price is unknown."""
    if local:
        return 0
    prices = override or price_for(model)
    if prices is None:
        return None
    per_input, per_output = prices
    # USD per million tokens × tokens = micro-USD exactly
    return round(per_input * input_tokens + per_output * output_tokens)
