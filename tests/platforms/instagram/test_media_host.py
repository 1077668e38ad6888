"""Public URLs for local files: a given URL, a MediaHost, or the user's upload command."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import pytest

from psn.core.errors import BadInput, NotConfigured
from psn.platforms.base import MediaItem
from psn.platforms.instagram.media_host import CommandMediaHost, MediaHost, public_url, render_command


def test_a_given_url_is_used_as_is(tmp_path):
    item = MediaItem(kind="image", path=tmp_path / "a.jpg", url="https://cdn.example.com/a.jpg")
    assert public_url(item, None) == "https://cdn.example.com/a.jpg"


def test_nothing_configured_names_every_way_out(tmp_path):
    with pytest.raises(BadInput) as err:
        public_url(MediaItem(kind="image", path=tmp_path / "a.jpg"), None)
    assert err.value.exit_code == 2
    for way in ("--media-url", "WordPress", "instagram.media_host_command"):
        assert way in err.value.hint


def test_a_media_host_object_is_asked(tmp_path):
    class Library:
        def __init__(self) -> None:
            self.hosted: list[Path] = []

        def host(self, path: Path) -> str:
            self.hosted.append(path)
            return f"https://blog.example.com/wp-content/uploads/{path.name}"

    library = Library()
    assert isinstance(library, MediaHost)
    url = public_url(MediaItem(kind="image", path=tmp_path / "a.jpg"), library)
    assert url == "https://blog.example.com/wp-content/uploads/a.jpg" and library.hosted == [tmp_path / "a.jpg"]


def test_placeholders_are_shell_quoted_so_names_cannot_inject(tmp_path):
    evil = tmp_path / "x; touch pwned; $(id).jpg"
    evil.write_bytes(b"data")
    command = render_command("cp {path} /bucket/{name} && echo https://m.example/{hash}{ext}", evil)
    assert shlex.quote(str(evil.resolve())) in command
    assert "'x; touch pwned; $(id).jpg'" in command


def test_the_command_runs_and_its_last_line_is_the_url(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    evil = tmp_path / "x; touch pwned.jpg"
    evil.write_bytes(b"data")
    bucket = tmp_path / "bucket"
    bucket.mkdir()
    py = shlex.quote(sys.executable)
    template = (f"{py} -c 'import shutil,sys; shutil.copy(sys.argv[1], sys.argv[2])' {{path}} {bucket}/{{hash}}{{ext}}"
                " && echo uploading… && echo https://media.example.com/{hash}{ext}")
    url = CommandMediaHost(template).host(evil)
    assert url.startswith("https://media.example.com/") and url.endswith(".jpg")
    assert not (tmp_path / "pwned.jpg").exists() and not (tmp_path / "pwned").exists()
    assert len(list(bucket.iterdir())) == 1


def test_a_failing_command_reports_its_error_without_secrets(tmp_path):
    from psn.core.redact import register_secret

    register_secret("super-secret-key-123")
    image = tmp_path / "a.jpg"
    image.write_bytes(b"x")
    with pytest.raises(NotConfigured) as err:
        CommandMediaHost("echo 'auth failed for super-secret-key-123' >&2; exit 7").host(image)
    assert "exit 7" in err.value.message and "super-secret-key-123" not in err.value.message


def test_a_command_that_prints_no_url_is_refused(tmp_path):
    image = tmp_path / "a.jpg"
    image.write_bytes(b"x")
    with pytest.raises(NotConfigured) as err:
        CommandMediaHost("echo done").host(image)
    assert "last line" in err.value.message


def test_a_slow_command_times_out(tmp_path):
    image = tmp_path / "a.jpg"
    image.write_bytes(b"x")
    with pytest.raises(NotConfigured) as err:
        CommandMediaHost(f"{shlex.quote(sys.executable)} -c 'import time; time.sleep(5)'", timeout=0.2).host(image)
    assert "did not finish" in err.value.message
