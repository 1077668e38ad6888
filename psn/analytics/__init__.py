"""Analytics: measure published content, normalise engagement, score and report it."""
