# ruff: noqa: E501 - one command a line reads best, and nobody edits this file by hand
"""What `psn --help` lists, so it lists it without importing a command module (psn/cli/lazytree.py).

Written by `python -m psn.cli.lazytree` from the modules in psn/cli/commands/ (do not edit by hand);
tests/test_command_index.py fails, saying to run it, when a module's commands, GROUP, ORDER or
description no longer match. A module missing here still works, read the slow way.
"""

from __future__ import annotations

# command name → (module, section, ORDER, one-line description, hidden)
INDEX: dict[str, tuple[str, str, int, str, bool]] = {
    'accounts': ('accounts', 'Accounts and channels', 20, 'Connected accounts: expiry, scopes, health, spend.', False),
    'analytics': ('analytics', 'Workflow', 50, 'Measure published content and see what worked.', False),
    'article': ('article', 'Your content', 32, 'Publish an article (title, tags, excerpt, featured image, schedule) to WordPress or your blog.', False),
    'campaigns': ('campaigns', 'Your content', 52, 'Campaigns: content tagged with `psn post --campaign NAME`.', False),
    'config': ('config', 'Settings and troubleshooting', 80, 'Show and change settings (config.toml < PSN_* env < flags).', False),
    'daemon': ('daemon', 'Workflow', 70, 'Background jobs: scheduled posts, monitoring, metrics, notifications.', False),
    'demo': ('demo', 'Settings and troubleshooting', 95, 'Run the psn workflow end to end against local emulators (no accounts, no network).', False),
    'doctor': ('doctor', 'Settings and troubleshooting', 90, 'Check this installation: paths, config sources, secrets store, database.', False),
    'engage': ('engage', 'Workflow', 40, 'Find conversations worth joining and reply (after your approval).', False),
    'events': ('events', 'Settings and troubleshooting', 54, 'The local event log; --follow keeps printing new events (Ctrl-C stops).', False),
    'hashtags': ('hashtags', 'Your content', 47, "Instagram's hashtag pool: tags from your best posts, your own picks and hashtag search.", False),
    'ideas': ('ideas', 'Your content', 30, 'Your idea bank: capture, grow (spark → seed → ready), kill, and post ideas.', False),
    'learn': ('learn', 'Your content', 55, "Evolve each channel's prompt from what performed.", False),
    'notify': ('notify', 'Accounts and channels', 75, 'Notifications: add channels (Apprise URLs), test them, see what was sent.', False),
    'post': ('post', 'Workflow', 30, 'Write, publish and manage posts.', False),
    'prompts': ('prompts', 'Your content', 60, 'The prompt templates behind drafts and replies, and their versions.', False),
    'sandbox': ('sandbox', 'Settings and troubleshooting', 92, 'Local emulators of every platform (used by --sandbox, the demo and tests).', False),
    'setup': ('setup', 'Workflow', 10, 'Set up psn: alone, a wizard through every step (voice, timezone, writer, platforms, engagement); or name one step.', False),
    'voice': ('voice', 'Your content', 25, 'Your voice profile: show, edit, export, and preview drafts in it.', False),
    'webhooks': ('webhooks', 'Accounts and channels', 56, 'Receive platform webhooks (optional; `psn analytics pull` works without).', False),
    'whatsapp': ('whatsapp', 'Accounts and channels', 45, 'Your WhatsApp audience (opted-in contacts) and delivery records.', False),
}
