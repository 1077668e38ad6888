"""The one in-memory Checkpoint the platform tests use, with crash injection.

A `Crash` stands for the process dying at a chosen point: right after a step is saved (the id
reached disk), right before a save (the call went through, its answer was never recorded), or
right after a step is begun (the call may not have been sent).
"""

from __future__ import annotations


class Crash(Exception):
    """Stands for the process dying at that point."""


class MemoryCheckpoint:
    def __init__(self, crash_after: str | None = None, crash_before: str | None = None,
                 crash_after_begin: str | None = None) -> None:
        self.values: dict[str, str] = {}
        self.begun: set[str] = set()
        self.crash_after, self.crash_before, self.crash_after_begin = crash_after, crash_before, crash_after_begin

    # TikTok's tests name the after-save crash this way
    @property
    def crash_after_save(self) -> str | None:
        return self.crash_after

    @crash_after_save.setter
    def crash_after_save(self, step: str | None) -> None:
        self.crash_after = step

    def get(self, step: str) -> str | None:
        return self.values.get(step)

    def begin(self, step: str) -> None:
        self.begun.add(step)
        if step == self.crash_after_begin:
            self.crash_after_begin = None
            raise Crash(f"crashed after beginning {step}")

    def in_flight(self, step: str) -> bool:
        return step in self.begun and step not in self.values

    def save(self, step: str, value: str) -> None:
        if step == self.crash_before:
            self.crash_before = None
            raise Crash(step)
        self.values[step] = value
        if step == self.crash_after:
            self.crash_after = None
            raise Crash(step)


class CrashingCheckpoint(MemoryCheckpoint):
    """Dies right after saving `step` (once), like a kill -9 after the id reached disk."""

    def __init__(self, crash_after: str) -> None:
        super().__init__(crash_after=crash_after)
