"""FILE_UPLOAD over pytest-httpx: sequential Content-Range PUTs streamed from disk, retries that
re-read the same bytes, 416 resync, 403 expiry, and the progress callback."""

import itertools

import pytest

from psn.platforms.errors import Unavailable
from psn.platforms.http import HttpClient
from psn.platforms.tiktok import rules
from psn.platforms.tiktok.client import TikTokClient
from psn.platforms.tiktok.errors import UploadExpired, classify, classify_upload
from psn.platforms.tiktok.upload import PIECE_BYTES, ChunkedUpload, FileSlice

UPLOAD_URL = "https://open-upload.tiktokapis.com/video/?upload_id=67890&upload_token=Xza123"
SIZE = 16 * 1024 * 1024 + 123


@pytest.fixture
def video(tmp_path):
    path = tmp_path / "clip.mp4"
    pattern = bytes(range(256)) * 4096  # 1 MiB that differs byte to byte, so misplaced slices show
    with path.open("wb") as handle:
        for _ in range(SIZE // len(pattern)):
            handle.write(pattern)
        handle.write(pattern[: SIZE % len(pattern)])
    return path


@pytest.fixture
def client():
    api = HttpClient("tiktok", "https://open.tiktokapis.com", classify, sleep=lambda s: None)
    uploads = HttpClient("tiktok", "https://open.tiktokapis.com", classify_upload, sleep=lambda s: None)
    return TikTokClient(api, uploads)


def plan():
    return rules.plan_chunks(SIZE, rules.MIN_CHUNK)


def test_chunks_are_put_in_order_with_exact_headers(httpx_mock, client, video):
    p = plan()
    assert p.total_chunk_count == 3
    for status in (206, 206, 201):
        httpx_mock.add_response(method="PUT", url=UPLOAD_URL, status_code=status)
    ChunkedUpload(client, video, p, "video/mp4").run(UPLOAD_URL)
    data = video.read_bytes()
    for request, (first, last) in zip(httpx_mock.get_requests(), p.spans(), strict=True):
        assert str(request.url) == UPLOAD_URL  # verbatim, upload token included
        assert request.headers["content-type"] == "video/mp4"
        assert request.headers["content-range"] == f"bytes {first}-{last}/{SIZE}"
        assert request.headers["content-length"] == str(last - first + 1)
        assert "authorization" not in request.headers  # the bearer token never goes to the upload host
        assert "transfer-encoding" not in request.headers
        assert request.read() == data[first : last + 1]


def test_a_5xx_retries_the_same_chunk_from_disk(httpx_mock, client, video):
    httpx_mock.add_response(status_code=206)
    httpx_mock.add_response(status_code=503)
    httpx_mock.add_response(status_code=206)
    httpx_mock.add_response(status_code=201)
    ChunkedUpload(client, video, plan(), "video/mp4").run(UPLOAD_URL)
    requests = httpx_mock.get_requests()
    assert [r.headers["content-range"] for r in requests].count(requests[1].headers["content-range"]) == 2
    assert requests[1].read() == requests[2].read()


def test_a_5xx_that_persists_is_unavailable(httpx_mock, client, video):
    httpx_mock.add_response(status_code=500, is_reusable=True)
    with pytest.raises(Unavailable):
        ChunkedUpload(client, video, plan(), "video/mp4").run(UPLOAD_URL)


def test_416_resyncs_to_what_tiktok_holds(httpx_mock, client, video):
    p = plan()
    held = p.span(1)[1]  # TikTok already has chunks 0 and 1
    httpx_mock.add_response(status_code=416, headers={"Content-Range": f"bytes 0-{held}/{SIZE}"})
    httpx_mock.add_response(status_code=201)
    ChunkedUpload(client, video, p, "video/mp4").run(UPLOAD_URL)
    assert [r.headers["content-range"] for r in httpx_mock.get_requests()] == [
        f"bytes 0-{p.span(0)[1]}/{SIZE}", f"bytes {held + 1}-{SIZE - 1}/{SIZE}"]


def test_416_that_does_not_fall_on_a_chunk_boundary_restarts(httpx_mock, client, video):
    httpx_mock.add_response(status_code=416, headers={"Content-Range": f"bytes 0-99/{SIZE}"})
    with pytest.raises(UploadExpired):
        ChunkedUpload(client, video, plan(), "video/mp4").run(UPLOAD_URL)


@pytest.mark.parametrize("status", [403, 404])
def test_an_expired_or_unknown_url_asks_for_a_new_init(httpx_mock, client, video, status):
    httpx_mock.add_response(status_code=206)
    httpx_mock.add_response(status_code=status)
    with pytest.raises(UploadExpired):
        ChunkedUpload(client, video, plan(), "video/mp4").run(UPLOAD_URL)
    assert len(httpx_mock.get_requests()) == 2  # not retried: the URL is dead


def test_206_on_the_last_chunk_is_an_error(httpx_mock, client, video):
    from psn.platforms.errors import Rejected

    httpx_mock.add_response(status_code=206, is_reusable=True)
    with pytest.raises(Rejected):
        ChunkedUpload(client, video, plan(), "video/mp4").run(UPLOAD_URL)


def test_progress_reports_bytes_rate_and_eta(httpx_mock, client, video):
    for status in (206, 206, 201):
        httpx_mock.add_response(status_code=status)
    seen = []
    ticks = itertools.count(0.0, 0.5)  # a fake monotonic clock: half a second per reading
    upload = ChunkedUpload(client, video, plan(), "video/mp4", progress=seen.append, monotonic=lambda: next(ticks))
    upload.run(UPLOAD_URL)
    sent = [p.sent for p in seen]
    assert sent == sorted(sent) and sent[-1] == SIZE and all(p.total == SIZE for p in seen)
    assert {p.chunk for p in seen} == {1, 2, 3} and all(p.chunks == 3 for p in seen)
    assert seen[-1].rate > 0 and seen[-1].eta == 0
    assert any(p.eta and p.eta > 0 for p in seen[:-1])


def test_file_slices_stream_in_small_pieces_and_can_be_read_again(video):
    first, last = 1000, 1000 + 3 * PIECE_BYTES + 17
    piece_sizes = []
    chunk = FileSlice(video, first, last, on_piece=piece_sizes.append)
    once, twice = b"".join(chunk), b"".join(chunk)
    assert once == twice == video.read_bytes()[first : last + 1]
    assert max(piece_sizes) <= PIECE_BYTES  # memory stays at one piece, whatever the chunk size


def test_a_file_that_shrinks_mid_upload_fails_loudly(tmp_path):
    path = tmp_path / "short.mp4"
    path.write_bytes(b"x" * 10)
    with pytest.raises(OSError):
        b"".join(FileSlice(path, 0, 99))
