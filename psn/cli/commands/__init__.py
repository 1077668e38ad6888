"""One module per top-level command. Each defines ORDER and register(app); see psn/cli/app.py."""
