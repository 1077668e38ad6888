"""Demo: connect sandbox TikTok, upload a video in chunks as an inbox draft, meet the audit rules,
then post a public video and a photo post once the app is audited."""

from pathlib import Path

ORDER = 35
TITLE = "TikTok: chunked video upload, drafts until audited, photo posts (sandbox)"
MIB = 1024 * 1024


def run(demo) -> None:  # type: ignore[no-untyped-def]
    demo.say("Connecting TikTok: Login Kit for desktop apps (PKCE whose challenge is hex-encoded SHA-256).")
    demo.psn("setup", "tiktok")
    clip = _video(demo.home / "behind-the-scenes.mp4")
    demo.say("5 MiB chunks so this 12 MiB demo video goes in three pieces (the default is 64 MB); the file")
    demo.say("streams from disk one piece at a time, so memory stays flat whatever its size.")
    demo.psn("config", "set", "tiktok.chunk_size", str(5 * MIB))
    demo.say("An unaudited TikTok app may only post privately, so psn uploads a draft to your TikTok inbox:")
    demo.psn("post", "-p", "tiktok", "-t", "Behind the scenes #fyp", "--media", str(clip), "--yes")
    demo.say("Asking an unaudited app for a public post is refused before anything is sent (exit code 2):")
    demo.psn("post", "-p", "tiktok", "--media", str(clip), "-o", "privacy=public", "--yes", expect=2)
    demo.say("Once TikTok has audited the app (simulated here), tell psn, and choose who sees each post:")
    _audit_the_sandbox_app()
    demo.psn("config", "set", "tiktok.audited", "true")
    demo.psn("post", "-p", "tiktok", "-t", "Now on my public profile", "--media", str(clip),
             "-o", "privacy=public", "-o", "allow_comment=true", "--yes")
    demo.say("Photo posts: TikTok pulls up to 35 images from a domain verified for your app.")
    demo.psn("post", "-p", "tiktok", "--title", "Lookbook", "-t", "Autumn set #ootd",
             "--media-url", "https://media.example.com/look/1.jpg",
             "--media-url", "https://media.example.com/look/2.jpg", "-o", "privacy=public", "--yes")
    demo.psn("post", "list", "--platform", "tiktok")


def _video(path: Path) -> Path:
    with path.open("wb") as handle:
        handle.truncate(12 * MIB)  # zeros: the emulator counts bytes, it never decodes them
    return path


def _audit_the_sandbox_app() -> None:
    from psn.core.paths import resolve_paths
    from psn.sandbox.tiktok import TikTokEmulator
    from psn.sandbox.world import SandboxWorld

    TikTokEmulator.configure(SandboxWorld(resolve_paths(sandbox=True).sandbox_dir), audited=True)
