"""The uploader's waiting rules and failure cases (pytest-httpx)."""

from __future__ import annotations

import pytest

from psn.platforms.errors import PlatformError, Unavailable
from psn.platforms.linkedin.spec import make_adapter
from psn.platforms.linkedin.uploads import GRACE_SECONDS

API = "https://api.linkedin.com"
STATUS = f"{API}/rest/images/urn%3Ali%3Aimage%3AC4E"


@pytest.fixture
def uploader(make_deps):
    return make_adapter(make_deps(media_wait_seconds=20)).uploader


def test_a_personal_token_that_cannot_read_media_status_waits_a_grace_period(uploader, httpx_mock, sleeps):
    httpx_mock.add_response(method="GET", url=STATUS, status_code=403,
                            json={"status": 403, "serviceErrorCode": 100, "code": "ACCESS_DENIED", "message": "no"})
    uploader.wait_until_available("image", "urn:li:image:C4E", "a.png")
    assert sleeps == [GRACE_SECONDS]


def test_processing_that_never_ends_gives_up_and_keeps_the_upload(uploader, httpx_mock, sleeps):
    httpx_mock.add_response(method="GET", url=STATUS, json={"status": "PROCESSING"}, is_reusable=True)
    with pytest.raises(Unavailable) as err:
        uploader.wait_until_available("image", "urn:li:image:C4E", "a.png")
    assert "psn post retry" in err.value.hint
    assert sleeps == [1.0, 2.0, 4.0, 8.0, 16.0]  # backs off; 31 s waited ≥ the 20 s allowed


def test_an_image_is_initialized_then_put_then_checked(uploader, httpx_mock, checkpoint, tmp_path):
    path = tmp_path / "a.png"
    path.write_bytes(b"\x89PNG-bytes")
    httpx_mock.add_response(method="POST", url=f"{API}/rest/images?action=initializeUpload",
                            json={"value": {"uploadUrl": "https://www.linkedin.com/dms-uploads/sp/1",
                                            "image": "urn:li:image:C4E", "uploadUrlExpiresAt": 1}})
    httpx_mock.add_response(method="PUT", url="https://www.linkedin.com/dms-uploads/sp/1",
                            match_content=b"\x89PNG-bytes", match_headers={"Content-Type": "image/png"},
                            status_code=201)
    httpx_mock.add_response(method="GET", url=STATUS, json={"status": "AVAILABLE"})
    assert uploader.upload(path, "image", "urn:li:person:1", "media:0", checkpoint) == "urn:li:image:C4E"
    assert checkpoint.get("media:0") == "urn:li:image:C4E"


def test_a_video_part_without_an_etag_stops_the_upload(uploader, httpx_mock, checkpoint, tmp_path):
    path = tmp_path / "v.mp4"
    path.write_bytes(b"v" * 10)
    httpx_mock.add_response(method="POST", url=f"{API}/rest/videos?action=initializeUpload",
                            json={"value": {"video": "urn:li:video:1", "uploadToken": "", "uploadInstructions": [
                                {"uploadUrl": "https://www.linkedin.com/dms-uploads/v/0", "firstByte": 0,
                                 "lastByte": 9}]}})
    httpx_mock.add_response(method="PUT", url="https://www.linkedin.com/dms-uploads/v/0", match_content=b"v" * 10)
    with pytest.raises(PlatformError) as err:
        uploader.upload(path, "video", "urn:li:person:1", "media:0", checkpoint)
    assert "no ETag" in err.value.message
    assert checkpoint.get("media:0") is None
