"""Language-model providers: Anthropic, OpenAI-compatible servers, and the offline composer.

Features never talk to a provider directly: `psn.llm.registry.open_llm` returns an `LLM` that
meters every call (tokens, estimated cost, duration) into the `llm_calls` table.
"""
