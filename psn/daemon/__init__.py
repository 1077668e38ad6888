"""The background daemon: runs psn's jobs on schedules, records every run, shuts down cleanly.

Jobs live one per module in psn/daemon/jobs/ and are discovered by name (see jobs/__init__.py).
The daemon never writes APScheduler's job store from another process: the CLI writes psn's own
tables and jobs poll them, because a sleeping scheduler does not see jobs added elsewhere.
"""
