"""facebook platform package."""
