"""Receive platform webhooks: verify the signature over the raw body, refuse forged, stale,
replayed and oversized deliveries, and normalise what remains into engagement events.

Webhooks are optional: every number also arrives through `psn analytics pull`. To receive them
on a laptop, expose `psn webhooks serve` through a tunnel (cloudflared, ngrok, tailscale funnel)
and register https://<tunnel>/webhooks/<platform> in the platform's developer console.
"""
