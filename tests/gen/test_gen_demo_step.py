"""The demo's generation step runs green against the sandbox home."""


def test_demo_includes_voice_ideas_and_drafts(cli):
    result = cli("--json", "demo")
    assert result.exit_code == 0, result.stdout[-2000:]
    data = result.json()["data"]
    assert "Your voice, an idea, and drafts for three platforms" in data["steps"]
