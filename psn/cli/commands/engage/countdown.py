"""A live countdown to the end of the cooldown, exact to the second, that a key can stop.

It reads the session's clock (so PSN_CLOCK_FILE can move it in tests) and ends by itself when the
moment comes: "ready", or "later" / "q" when the person stops waiting.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any


def countdown(clock: Any, ready: datetime, timezone: str) -> str:
    import asyncio

    from prompt_toolkit.application import Application
    from prompt_toolkit.key_binding import KeyBindings
    from prompt_toolkit.layout import Layout, Window
    from prompt_toolkit.layout.controls import FormattedTextControl

    from psn.engage.pacing import wait_text

    bindings = KeyBindings()
    for key in ("l", "q"):
        bindings.add(key)(lambda event, k=key: event.app.exit(result=k))
    bindings.add("c-c")(lambda event: event.app.exit(exception=KeyboardInterrupt))

    def line() -> str:
        return f"Cooling down — next send at {wait_text(ready, clock.now(), timezone)}  [l/q] "

    app: Any = Application(layout=Layout(Window(FormattedTextControl(line), height=1)), key_bindings=bindings,
                           refresh_interval=0.25)

    async def watch() -> None:
        while clock.now() < ready:
            await asyncio.sleep(0.1)
        app.exit(result="ready")

    return str(app.run(pre_run=lambda: app.create_background_task(watch())))
