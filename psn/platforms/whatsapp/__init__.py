"""whatsapp platform package."""
