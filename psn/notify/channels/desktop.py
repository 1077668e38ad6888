"""Desktop notifications: notify-send on Linux, osascript on macOS, when a desktop is there."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from typing import Any

from psn.core.failures import in_words
from psn.core.secrets import child_environment
from psn.notify.channels import ChannelProblem, DeliveryFailed
from psn.notify.message import Message

NAME = "desktop"
# Title and body travel as osascript arguments, never spliced into the script: no quoting bugs.
APPLESCRIPT = ["on run argv", "display notification (item 2 of argv) with title (item 1 of argv)", "end run"]


class DesktopChannel:
    name = NAME

    def __init__(self, platform: str = sys.platform, which: Callable[[str], str | None] = shutil.which,
                 run: Callable[..., Any] = subprocess.run, environ: dict[str, str] | None = None) -> None:
        self.platform = platform
        self.which = which
        self.run = run
        self.environ = os.environ if environ is None else environ

    def _tool(self) -> str | None:
        if self.platform == "darwin":
            return self.which("osascript")
        if self.platform.startswith("linux"):
            return self.which("notify-send")
        return None

    def problem(self) -> ChannelProblem | None:
        if self.platform.startswith("linux"):
            if not any(self.environ.get(v) for v in ("DBUS_SESSION_BUS_ADDRESS", "DISPLAY", "WAYLAND_DISPLAY")):
                return ChannelProblem("unavailable", "no desktop session here")
            if not self._tool():
                return ChannelProblem("unavailable", "notify-send is not installed (package libnotify-bin)")
            return None
        if self.platform == "darwin":
            return None if self._tool() else ChannelProblem("unavailable", "osascript not found")
        return ChannelProblem("unavailable", f"no desktop notifications on {self.platform} yet")

    def command(self, message: Message) -> list[str]:
        tool = self._tool() or ""
        if self.platform == "darwin":
            script = [part for line in APPLESCRIPT for part in ("-e", line)]
            return [tool, *script, message.title, message.body or " "]
        urgency = "normal" if message.priority == "push" else "low"
        return [tool, "--app-name=psn", f"--urgency={urgency}", "--", message.title, message.body]

    def send(self, message: Message) -> None:
        try:
            self.run(self.command(message), check=True, capture_output=True, timeout=10,
                     env=child_environment(self.environ))
        except (OSError, subprocess.SubprocessError) as exc:
            raise DeliveryFailed(f"desktop notification failed: {in_words(exc)}") from None


def build(app: Any) -> DesktopChannel:
    return DesktopChannel()
