"""TikTok: Login Kit v2 (desktop PKCE), Content Posting API, Display API, webhooks, discovery."""
