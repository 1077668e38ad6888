"""Every request psn builds for WhatsApp, validated against Meta's OpenAPI description
(tests/specs/whatsapp-business-messaging-openapi.yaml), and the description's quirks shown real."""

from __future__ import annotations

import httpx
import pytest
from wa_support import GRAPH, check_request, raw_spec

from psn.platforms.whatsapp import templates
from psn.platforms.whatsapp.client import media_message, template_message, text_message

HEADERS = {"User-Agent": "psn/0.1.0", "Authorization": "Bearer EAAGsandboxWhatsAppSystemUserToken"}
BASE = {"messaging_product": "whatsapp", "recipient_type": "individual"}
TEMPLATES = {t["name"] + "/" + t["language"]: templates.Template(status="APPROVED", **t) for t in [
    {"name": "psn_new_post", "language": "en_US", "components": [{"type": "BODY", "text": "New from {{1}}: {{2}}"}]},
    {"name": "psn_named", "language": "en_US", "parameter_format": "NAMED",
     "components": [{"type": "BODY", "text": "Hi {{first_name}}"}]},
    {"name": "psn_photo_drop", "language": "en_US",
     "components": [{"type": "HEADER", "format": "IMAGE"}, {"type": "BODY", "text": "{{1}}"}]},
    {"name": "psn_title", "language": "fr",
     "components": [{"type": "HEADER", "format": "TEXT", "text": "{{1}}"}, {"type": "BODY", "text": "Bonjour"}]},
    {"name": "psn_read_more", "language": "en_US", "components": [
        {"type": "BODY", "text": "{{1}}"},
        {"type": "BUTTONS", "buttons": [{"type": "URL", "url": "https://example.com/{{1}}"}]}]},
]}


def send(message: dict) -> httpx.Request:
    return httpx.Request("POST", f"{GRAPH}/106540352242922/messages", json={**BASE, **message}, headers=HEADERS)


def template(name: str, **given) -> dict:  # type: ignore[no-untyped-def]
    chosen = TEMPLATES[name]
    request = templates.TemplateRequest(name=chosen.name, language=chosen.language, **given)
    media = {"link": "https://cdn.example/p.jpg"} if request.header_media_link else None
    return template_message("15551234567", chosen.name, chosen.language, templates.components(chosen, request, media))


MESSAGES = {
    "text": text_message("15551234567", "Your order shipped: https://t.example/abc", preview_url=True),
    "reply": {**text_message("15551234567", "Thanks!"), "context": {"message_id": "wamid.HBgL"}},
    "image by id": media_message("15551234567", "image", {"id": "1037543291543636"}, caption="Invoice"),
    "image by link": media_message("15551234567", "image", {"link": "https://cdn.example/p.jpg"}),
    "video": media_message("15551234567", "video", {"id": "1"}, caption="Clip"),
    "document": media_message("15551234567", "document", {"id": "2"}),
    "template positional": template("psn_new_post/en_US", body=["Ana", "My post"]),
    "template named": template("psn_named/en_US", body={"first_name": "Ana"}),
    "template media header": template("psn_photo_drop/en_US", body=["Look"],
                                      header_media_link="https://cdn.example/p.jpg"),
    "template text header": template("psn_title/fr", header=["Titre"]),
    "template url button": template("psn_read_more/en_US", body=["Read"], buttons={"0": "post-1"}),
    "template without variables": template_message("15551234567", "hello_world", "en_US", []),
}


@pytest.mark.parametrize("name", MESSAGES)
def test_every_message_psn_builds_matches_the_spec(name):
    check_request(send(MESSAGES[name]))


def test_phone_number_and_templates_reads_match_the_spec():
    check_request(httpx.Request("GET", f"{GRAPH}/106540352242922", headers=HEADERS,
                                params={"fields": "id,display_phone_number,verified_name,quality_rating"}))
    check_request(httpx.Request("GET", f"{GRAPH}/102290129340398/message_templates", headers=HEADERS,
                                params={"name": "psn_new_post", "fields": "name,language", "limit": "100"}))


def test_media_upload_matches_the_spec():
    request = httpx.Request("POST", f"{GRAPH}/106540352242922/media", headers=HEADERS,
                            data={"messaging_product": "whatsapp", "type": "image/jpeg"},
                            files={"file": ("a.jpg", b"\xff\xd8", "image/jpeg")})
    check_request(request)


def test_the_spec_refuses_a_charset_a_bare_user_agent_and_a_missing_bearer():
    """Why psn sends exactly `application/json` and `psn/<version>`."""
    with pytest.raises(Exception, match="Content-Type"):
        check_request(httpx.Request("POST", f"{GRAPH}/1/messages", content=b"{}",
                                    headers={**HEADERS, "Content-Type": "application/json; charset=utf-8"}))
    with pytest.raises(Exception, match="User-Agent"):
        check_request(httpx.Request("POST", f"{GRAPH}/1/messages", json={**BASE, **MESSAGES["template positional"]},
                                    headers={**HEADERS, "User-Agent": "psn"}))
    with pytest.raises(Exception, match=r"[Ss]ecurity"):
        check_request(httpx.Request("POST", f"{GRAPH}/1/messages", json={**BASE, **MESSAGES["template positional"]},
                                    headers={"User-Agent": "psn/0.1.0", "Authorization": "Token x"}))


def test_quirk_strict_branches_reject_the_specs_own_text_example():
    """The published description rejects its own "Send Text Message" example (quirk 2)."""
    example = raw_spec()["paths"]["/{Version}/{Phone-Number-ID}/messages"]["post"]["requestBody"]["content"][
        "application/json"]["examples"]["Send Text Message"]["value"]
    request = httpx.Request("POST", f"{GRAPH}/1/messages", json=example, headers=HEADERS)
    with pytest.raises(Exception, match="body"):
        check_request(request, patched=False)
    check_request(request)


def test_quirk_button_index_pattern_refuses_zero():
    with pytest.raises(Exception, match="body"):
        check_request(send(MESSAGES["template url button"]), patched=False)


def test_quirk_language_policy_is_required_so_psn_sends_it():
    message = template_message("15551234567", "hello_world", "en_US", [])
    assert message["template"]["language"] == {"policy": "deterministic", "code": "en_US"}
    message["template"]["language"].pop("policy")
    with pytest.raises(Exception, match="body"):
        check_request(send(message))


def test_unknown_keys_are_still_refused_after_the_patch():
    with pytest.raises(Exception, match="body"):
        check_request(send({**MESSAGES["text"], "surprise": True}))
