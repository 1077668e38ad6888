"""A scheduled post is published by the daemon; when none is running, say so and how to start one,
rather than let the time pass silently."""

from __future__ import annotations


def daemon_note(context) -> str | None:  # type: ignore[no-untyped-def]
    """None when a daemon runs for this home; otherwise what to run."""
    from psn.daemon.install import unit_state
    from psn.daemon.process import probe

    if probe(context.paths.run_dir).running:
        return None
    sandbox = " --sandbox" if context.sandbox else ""
    if unit_state().get("installed"):
        return (f"The psn daemon is installed but not running, so nothing will publish this on time: "
                f"start it with `psn{sandbox} daemon start`.")
    return (f"No psn daemon is running, so nothing will publish this on time: start one with "
            f"`psn{sandbox} daemon start`, or `psn{sandbox} daemon install` to run it whenever you log in.")
