"""The LinkedIn emulator follows the contract a real client depends on (contracts §8)."""

from __future__ import annotations

import httpx
import pytest

from psn.sandbox.transport import dispatch

API = "https://api.linkedin.com"
VERSIONED = {"LinkedIn-Version": "202610", "X-Restli-Protocol-Version": "2.0.0"}
RATE_HEADERS = ("retry-after", "x-ratelimit-reset", "x-rate-limit-reset", "x-ratelimit-remaining")


@pytest.fixture
def http(transport):
    with httpx.Client(transport=transport) as client:
        yield client


@pytest.fixture
def token(emulator) -> str:
    return emulator.issue_token()["access_token"]


def headers(token: str, **extra: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", **VERSIONED, **extra}


def post_body(text: str = "hi", **extra) -> dict:
    return {"author": "urn:li:person:Sbx0Creator", "commentary": text, "visibility": "PUBLIC",
            "distribution": {"feedDistribution": "MAIN_FEED"}, "lifecycleState": "PUBLISHED", **extra}


def test_a_missing_version_is_a_400(http, token):
    answer = http.post(f"{API}/rest/posts", json=post_body(), headers={"Authorization": f"Bearer {token}",
                                                                        "X-Restli-Protocol-Version": "2.0.0"})
    assert answer.status_code == 400 and answer.json()["code"] == "VERSION_MISSING"


@pytest.mark.parametrize("version", ["202401", "2026-10", "20261001"])
def test_old_or_malformed_versions_are_426(http, token, version):
    answer = http.post(f"{API}/rest/posts", json=post_body(), headers=headers(token, **{"LinkedIn-Version": version}))
    assert answer.status_code == 426
    assert answer.json() == {"status": 426, "code": "NONEXISTENT_VERSION",
                             "message": f"Requested version {version} is not active"}


def test_the_floor_is_configurable(http, token, emulator):
    emulator.set_version_floor("202611")
    assert http.post(f"{API}/rest/posts", json=post_body(), headers=headers(token)).status_code == 426


def test_the_restli_protocol_header_is_required(http, token):
    answer = http.post(f"{API}/rest/posts", json=post_body(),
                       headers={"Authorization": f"Bearer {token}", "LinkedIn-Version": "202610"})
    assert answer.status_code == 400


def test_create_answers_201_with_an_empty_body_and_x_restli_id(http, token):
    answer = http.post(f"{API}/rest/posts", json=post_body(), headers=headers(token))
    assert answer.status_code == 201 and answer.content == b""
    assert answer.headers["x-restli-id"].startswith("urn:li:share:")


@pytest.mark.parametrize("body, fragment", [
    ({k: v for k, v in post_body().items() if k != "author"}, "ERROR :: /author :: field is required"),
    (post_body(surprise=True), "ERROR :: /surprise :: unrecognized field"),
    (post_body(content={"multiImage": {"images": [{"id": "urn:li:image:x"}]}}), "between 2 and 20"),
])
def test_schema_errors_are_422(http, token, body, fragment):
    answer = http.post(f"{API}/rest/posts", json=body, headers=headers(token))
    assert answer.status_code == 422 and fragment in answer.json()["message"]


def test_duplicates_are_422_duplicate_post(http, token):
    first = http.post(f"{API}/rest/posts", json=post_body("same"), headers=headers(token)).headers["x-restli-id"]
    answer = http.post(f"{API}/rest/posts", json=post_body("same"), headers=headers(token))
    body = answer.json()
    assert answer.status_code == 422 and first in body["message"]
    assert body["errorDetails"]["inputErrors"][0]["code"] == "DUPLICATE_POST"


def test_the_daily_limit_is_a_429_without_any_header(http, token, emulator):
    emulator.set_daily_post_limit(0)
    answer = http.post(f"{API}/rest/posts", json=post_body(), headers=headers(token))
    assert answer.status_code == 429
    assert not any(name in answer.headers for name in RATE_HEADERS)


def test_tokens_live_60_days(http, token, clock):
    clock.advance(days=60)
    answer = http.get(f"{API}/v2/userinfo", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 401 and answer.json()["serviceErrorCode"] == 65601


def test_userinfo_needs_openid(http, emulator):
    token = emulator.issue_token(("w_member_social",))["access_token"]
    assert http.get(f"{API}/v2/userinfo", headers={"Authorization": f"Bearer {token}"}).status_code == 403


def initialize(http, token, kind="images", **request) -> dict:
    body = {"initializeUploadRequest": {"owner": "urn:li:person:Sbx0Creator", **request}}
    answer = http.post(f"{API}/rest/{kind}?action=initializeUpload", json=body, headers=headers(token))
    assert answer.status_code == 200
    return answer.json()["value"]


def test_an_image_must_be_uploaded_and_processed_before_it_is_posted(http, token, clock):
    value = initialize(http, token)
    assert value["uploadUrl"].startswith("https://api.linkedin.com/dms-uploads/")
    content = {"media": {"id": value["image"]}}
    assert http.post(f"{API}/rest/posts", json=post_body(content=content), headers=headers(token)).status_code == 422
    assert http.put(value["uploadUrl"], content=b"png").status_code == 401  # the PUT needs the bearer too
    assert http.put(value["uploadUrl"], content=b"png", headers={"Authorization": f"Bearer {token}"}).status_code == 201
    answer = http.post(f"{API}/rest/posts", json=post_body("a", content=content), headers=headers(token))
    assert answer.status_code == 422 and "PROCESSING" in answer.json()["message"]
    clock.advance(seconds=5)
    answer = http.post(f"{API}/rest/posts", json=post_body("b", content=content), headers=headers(token))
    assert answer.status_code == 201


def test_a_forged_upload_url_is_refused(http, token):
    value = initialize(http, token)
    forged = value["uploadUrl"].split("?")[0] + "?sig=0000"
    assert http.put(forged, content=b"x", headers={"Authorization": f"Bearer {token}"}).status_code == 403


def test_video_parts_answer_etags_that_finalize_must_list_in_order(http, token, monkeypatch):
    monkeypatch.setattr("psn.sandbox.linkedin_media.PART_BYTES", 40 * 1024)
    value = initialize(http, token, "videos", fileSizeBytes=100 * 1024, uploadCaptions=False, uploadThumbnail=False)
    parts = value["uploadInstructions"]
    assert [(p["firstByte"], p["lastByte"]) for p in parts] == [(0, 40959), (40960, 81919), (81920, 102399)]
    auth = {"Authorization": f"Bearer {token}"}
    assert http.put(parts[0]["uploadUrl"], content=b"short", headers=auth).status_code == 400
    etags = [http.put(p["uploadUrl"], content=b"v" * (p["lastByte"] - p["firstByte"] + 1), headers=auth)
             .headers["etag"] for p in parts]

    def finalize(ids):
        body = {"finalizeUploadRequest": {"video": value["video"], "uploadToken": "", "uploadedPartIds": ids}}
        return http.post(f"{API}/rest/videos?action=finalizeUpload", json=body, headers=headers(token))

    assert finalize(list(reversed(etags))).status_code == 400
    assert finalize(etags).status_code == 200
    status_url = f"{API}/rest/videos/{value['video']}"
    assert [http.get(status_url, headers=headers(token)).json()["status"] for _ in range(2)] == ["PROCESSING",
                                                                                                 "AVAILABLE"]


def test_upload_urls_point_back_through_the_loopback_server(world, emulator, token):
    request = httpx.Request("POST", "http://127.0.0.1:9999/api.linkedin.com/rest/images?action=initializeUpload",
                            headers=headers(token),
                            json={"initializeUploadRequest": {"owner": "urn:li:person:Sbx0Creator"}})
    answer = dispatch(world, emulator, request, "/rest/images", "http://127.0.0.1:9999/api.linkedin.com")
    assert answer.json()["value"]["uploadUrl"].startswith("http://127.0.0.1:9999/api.linkedin.com/dms-uploads/")


def test_authorize_auto_approves_on_www_linkedin_com(http):
    answer = http.get("https://www.linkedin.com/oauth/v2/authorization", params={
        "response_type": "code", "client_id": "c", "redirect_uri": "http://127.0.0.1:8766/callback", "state": "s1",
        "scope": "openid profile email w_member_social"})
    assert answer.status_code == 302
    assert answer.headers["location"].startswith("http://127.0.0.1:8766/callback?code=AQ")
    assert answer.headers["location"].endswith("&state=s1")


def test_a_code_works_once(http):
    location = http.get("https://www.linkedin.com/oauth/v2/authorization", params={
        "response_type": "code", "client_id": "c", "redirect_uri": "http://127.0.0.1/cb", "state": "s",
        "scope": "openid"}).headers["location"]
    code = httpx.URL(location).params["code"]
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": "http://127.0.0.1/cb",
            "client_id": "c", "client_secret": "secret"}
    first = http.post("https://www.linkedin.com/oauth/v2/accessToken", data=form)
    assert first.status_code == 200 and first.json()["expires_in"] == 5184000 and "id_token" in first.json()
    again = http.post("https://www.linkedin.com/oauth/v2/accessToken", data=form)
    assert again.status_code == 400 and again.json()["error"] == "invalid_request"
