"""X (Twitter) API v2: OAuth 2.0 + PKCE, posts and threads, v2 media upload, recent search, metrics."""
