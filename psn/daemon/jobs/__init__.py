"""Background jobs, one module each, discovered by name.

A job module defines:

    NAME = "digest"                 # unique; the key in [daemon] schedules
    SCHEDULE = "daily 18:00"        # default: every 5m | daily HH:MM | cron … | off
    DESCRIPTION = "One line for `psn daemon status`."
    ORDER = 50                      # optional: within one tick, lower runs first


    def run(ctx: JobContext) -> JobOutcome: ...

Rules that keep the daemon safe:
- Do each unit of work (one post, one notification) in its own short write transaction, and
  call `ctx.check_stop()` between units: on SIGTERM it raises, the open transaction rolls back
  and the run is recorded as interrupted. Never hold a write transaction across network calls.
- Use `ctx.now` / `ctx.clock`, never `datetime.now()`: tests move time without sleeping.
- Raise on failure; the runner records the error and the other jobs carry on.
- Return `JobOutcome.idle()` when there was nothing to do (logged quietly, pruned sooner).
"""
