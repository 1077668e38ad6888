"""The learning loop: per-channel prompt versions evolved from engagement (see psn/learn/cycle.py)."""
