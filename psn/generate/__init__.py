"""Writing drafts: formats and limits per platform, prompts, the generation service, fixes and
near-duplicate checks. Uses the voice profile (psn.voice) and a language model (psn.llm)."""
