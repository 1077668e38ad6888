"""Every Cloud API endpoint psn calls: exact URL, headers and body (each also checked against the
spec), and the error codes that matter mapped to typed errors with clear hints."""

from __future__ import annotations

import json

import pytest
from wa_support import GRAPH, check_request

from psn.core.errors import BadInput, ExitCode
from psn.platforms.errors import AuthExpired, RateLimitedError, Rejected
from psn.platforms.whatsapp.client import template_message, text_message
from psn.platforms.whatsapp.notify import send_to_self
from psn.sandbox import whatsapp as emu

PHONE, WABA = emu.PHONE_NUMBER_ID, emu.WABA_ID
HEADERS = {"Authorization": f"Bearer {emu.TOKEN}", "User-Agent": "psn/0.1.0"}
ACCEPTED = {"messaging_product": "whatsapp", "contacts": [{"input": "15551234567", "wa_id": "15551234567"}],
            "messages": [{"id": "wamid.ABC", "message_status": "accepted"}]}


def wa_error(code: int, message: str, details: str = "") -> dict:
    return {"error": {"message": message, "type": "OAuthException", "code": code,
                      "error_data": {"messaging_product": "whatsapp", "details": details}, "fbtrace_id": "Az"}}


def test_send_posts_exact_json(httpx_mock, adapter):
    httpx_mock.add_response(method="POST", url=f"{GRAPH}/{PHONE}/messages",
                            match_headers={**HEADERS, "Content-Type": "application/json"},
                            match_json={"messaging_product": "whatsapp", "recipient_type": "individual",
                                        "to": "15551234567", "type": "text",
                                        "text": {"body": "Hi", "preview_url": False}},
                            json=ACCEPTED)
    sent = adapter.client.send(text_message("15551234567", "Hi"))
    assert (sent.id, sent.message_status, sent.wa_id) == ("wamid.ABC", "accepted", "15551234567")
    check_request(httpx_mock.get_request())


def test_templates_are_read_by_name(httpx_mock, adapter):
    httpx_mock.add_response(url=f"{GRAPH}/{WABA}/message_templates", match_headers=HEADERS, match_params={
        "name": "psn_new_post", "fields": "name,language,status,category,parameter_format,components",
        "limit": "100"}, json={"data": [{"name": "psn_new_post", "language": "en_US", "status": "APPROVED",
                                         "components": [{"type": "BODY", "text": "{{1}}"}]}]})
    [template] = adapter.client.templates("psn_new_post")
    assert template.language == "en_US"
    check_request(httpx_mock.get_request())


def test_phone_number(httpx_mock, adapter):
    httpx_mock.add_response(url=f"{GRAPH}/{PHONE}?fields=id%2Cdisplay_phone_number%2Cverified_name%2Cquality_rating",
                            match_headers=HEADERS, json={"id": PHONE, "display_phone_number": "15550783881",
                                                         "verified_name": "Me", "quality_rating": "GREEN"})
    assert adapter.client.phone_number().verified_name == "Me"
    check_request(httpx_mock.get_request())


def test_media_upload_is_multipart(httpx_mock, adapter, tmp_path):
    photo = tmp_path / "a.jpg"
    photo.write_bytes(b"\xff\xd8")
    httpx_mock.add_response(method="POST", url=f"{GRAPH}/{PHONE}/media", match_headers=HEADERS,
                            match_data={"messaging_product": "whatsapp", "type": "image/jpeg"},
                            match_files={"file": ("a.jpg", b"\xff\xd8", "image/jpeg")}, json={"id": "4490"})
    assert adapter.client.upload_media(photo, "image/jpeg") == "4490"
    check_request(httpx_mock.get_request())


@pytest.mark.parametrize(("status", "code", "error_type", "exit_code", "fragment"), [
    (400, 132000, Rejected, ExitCode.PLATFORM_REJECTED, "number of template variables"),
    (400, 131030, Rejected, ExitCode.PLATFORM_REJECTED, "allow-list"),
    (400, 131047, Rejected, ExitCode.PLATFORM_REJECTED, "template instead"),
    (401, 190, AuthExpired, ExitCode.NOT_CONFIGURED, "psn setup whatsapp"),
    (400, 131056, RateLimitedError, ExitCode.RATE_LIMITED, "same contact"),
    (400, 80007, RateLimitedError, ExitCode.RATE_LIMITED, "throttling"),
])
def test_error_codes_are_mapped(httpx_mock, adapter, status, code, error_type, exit_code, fragment):
    httpx_mock.add_response(method="POST", status_code=status, json=wa_error(code, f"(#{code}) title", "details"))
    with pytest.raises(error_type) as caught:
        adapter.client.send(text_message("15551234567", "Hi"))
    assert caught.value.exit_code == exit_code
    assert fragment in (caught.value.hint or "")
    assert "details" in caught.value.message  # Meta's error_data.details, not the title


def test_throughput_429_is_retried_after_a_backoff(httpx_mock, deps):
    from psn.platforms.whatsapp.spec import make_adapter

    slept: list[float] = []
    deps.sleep = slept.append
    adapter = make_adapter(deps)
    httpx_mock.add_response(method="POST", status_code=429, json=wa_error(130429, "(#130429) Rate limit hit"))
    httpx_mock.add_response(method="POST", json=ACCEPTED)
    assert adapter.client.send(text_message("15551234567", "Hi")).id == "wamid.ABC"
    assert len(slept) == 1 and slept[0] > 0
    assert len(httpx_mock.get_requests()) == 2  # a 429 was not processed: sending again is safe


def test_notification_to_self_uses_the_template_when_configured(httpx_mock, adapter):
    httpx_mock.add_response(method="POST", json=ACCEPTED)
    wamid = send_to_self(adapter.client, "+1 555 123 4567", "3 replies are waiting", template="psn_notify")
    sent = json.loads(httpx_mock.get_request().content)
    assert wamid == "wamid.ABC" and sent["to"] == "15551234567"
    assert sent["template"] == {"name": "psn_notify", "language": {"policy": "deterministic", "code": "en_US"},
                                "components": [{"type": "body", "parameters": [{"type": "text",
                                                                                 "text": "3 replies are waiting"}]}]}
    check_request(httpx_mock.get_request())


def test_notification_to_self_without_a_template_is_text(httpx_mock, adapter):
    httpx_mock.add_response(method="POST", json=ACCEPTED)
    adapter.notify_self("hello me", to="15551234567")
    assert json.loads(httpx_mock.get_request().content)["text"] == {"body": "hello me", "preview_url": False}


def test_notification_needs_your_number(adapter):
    with pytest.raises(BadInput, match="your own WhatsApp number"):
        send_to_self(adapter.client, "", "x")


def test_template_message_shape():
    assert template_message("1", "t", "fr", [])["template"] == {"name": "t",
                                                                 "language": {"policy": "deterministic", "code": "fr"}}
