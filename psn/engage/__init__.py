"""The engagement engine: find conversations worth joining, score them, draft replies, and send
only what the creator approved (the approval guard lives in psn/engage/delivery.py)."""
