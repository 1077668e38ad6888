"""The publishing pipeline. Public functions (see each module's docstring):

- `records.create_publish(ctx, request, status=..., scheduled_at=..., ...)` → a `published_content`
  row (draft / approved / scheduled) with its idempotency key; nothing is sent.
- `pipeline.run_publish(ctx, content_id)` → claims the row, publishes through the platform's
  adapter with per-step checkpoints, records the outcome. Safe to call again after a crash:
  it resumes from the saved steps and never posts twice.
- `pipeline.publish_now(ctx, request, ...)` → validate locally, record, run.
- `pipeline.publish_due(ctx, now)` → every approved scheduled row whose time has come (the daemon).
- `pipeline.resume_stuck(ctx, older_than)` → rows left in `publishing` by a dead process.
- `records.list_content / get_content / cancel`.
"""
