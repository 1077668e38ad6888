"""What a person sees while psn publishes: a rich progress bar for large uploads (bytes, rate,
time left) on stderr, and the notes a platform returns ("uploaded as a draft because…").

The publishing pipeline finds the reporter in `ctx.extras["publish_reporter"]`; with --json the
bar stays off so stdout remains one JSON document, and the notes go into the JSON instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

MB = 1_000_000


@dataclass
class PublishReporter:
    draw: bool
    notes: dict[int, list[str]] = field(default_factory=dict)
    _bar: Any = None
    _task: Any = None

    def progress(self, update: Any) -> None:
        """`update` has sent, total, rate (bytes/s), eta (s or None), chunk, chunks."""
        if not self.draw:
            return
        if self._bar is None:
            self._start(update.total)
        eta = f"{update.eta:,.0f} s left" if update.eta is not None else "…"
        self._bar.update(self._task, completed=update.sent, total=update.total,
                         detail=f"chunk {update.chunk}/{update.chunks} · {update.rate / MB:,.1f} MB/s · {eta}")

    def _start(self, total: int) -> None:
        from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn

        from psn.cli.output import _console

        columns = (TextColumn("uploading"), BarColumn(), DownloadColumn(), TextColumn("{task.fields[detail]}"))
        self._bar = Progress(*columns, console=_console(stderr=True), transient=True)
        self._task = self._bar.add_task("upload", total=total, detail="")
        self._bar.start()

    def note(self, content_id: int, text: str) -> None:
        self.notes.setdefault(content_id, []).append(text)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None


@contextmanager
def publish_reporting(ctx: Any) -> Iterator[PublishReporter]:
    from psn.cli.state import current

    reporter = PublishReporter(draw=not current().json)
    ctx.extras["publish_reporter"] = reporter
    try:
        yield reporter
    finally:
        reporter.close()
        ctx.extras.pop("publish_reporter", None)
