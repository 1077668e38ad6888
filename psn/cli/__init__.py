"""The command-line interface. Only `typer` is imported at module level (see ARCHITECTURE.md)."""

from psn.cli.app import app, main

__all__ = ["app", "main"]
