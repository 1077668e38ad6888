"""wordpress platform package."""
