"""The creator's own WhatsApp audience: contacts with a recorded opt-in, the 24 h window, and
per-contact delivery records kept current from status webhooks."""
