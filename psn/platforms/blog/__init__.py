"""blog platform package."""
