"""Local emulators of every platform API: stateful, faithful to each contract, no network.

Used in-process through `SandboxTransport` (an httpx transport) or over real HTTP on loopback
(`psn sandbox serve`). The world is persisted under the sandbox home, so separate CLI runs see
one world. Tests get hooks: advance time, inject 429/5xx/timeouts, seed posts and metrics.
"""
