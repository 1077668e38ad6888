"""The WhatsApp adapter: opt-in, the 24 h window and template variables checked before anything is
sent; one message per contact, checkpointed; partial failures; webhooks."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from wa_support import GRAPH, NOW, Crash, MemoryCheckpoint

from psn.core.errors import BadInput, ExitCode, PartialSuccess
from psn.platforms.base import MediaItem, PublishRequest
from psn.platforms.errors import RateLimitedError, Rejected, UncertainOutcome
from psn.platforms.facebook.webhooks import sign
from psn.platforms.whatsapp.events import INBOUND, STATUS
from psn.sandbox import whatsapp as emu

PHONE, WABA = emu.PHONE_NUMBER_ID, emu.WABA_ID
ANA, BO, CY = "447700900001", "447700900002", "447700900003"
TEMPLATE = {"name": "psn_new_post", "language": "en_US", "status": "APPROVED",
            "components": [{"type": "BODY", "text": "New from {{1}}: {{2}}"}]}


def people(*rows: tuple[str, bool, timedelta | None]) -> list[dict]:
    return [{"wa_id": w, "opted_in": o, "last_inbound_at": (NOW - ago).isoformat() if ago is not None else None}
            for w, o, ago in rows]


def template_send(recipients: list[dict], body: list[str], **options) -> PublishRequest:  # type: ignore[no-untyped-def]
    return PublishRequest(platform="whatsapp", format="template", idempotency_key="k1", options={
        "recipients": recipients, "template": {"name": "psn_new_post", "language": "en_US", "body": body}, **options})


def accepted(wamid: str) -> dict:
    return {"messaging_product": "whatsapp", "contacts": [{"input": "x", "wa_id": "x"}],
            "messages": [{"id": wamid, "message_status": "accepted"}]}


def templates_response(httpx_mock, *templates: dict) -> None:  # type: ignore[no-untyped-def]
    httpx_mock.add_response(url=f"{GRAPH}/{WABA}/message_templates?name=psn_new_post&fields=name%2Clanguage%2C"
                                "status%2Ccategory%2Cparameter_format%2Ccomponents&limit=100",
                            json={"data": list(templates or [TEMPLATE])})


@pytest.mark.parametrize(("request_", "fragment"), [
    (template_send(people((ANA, True, None), (BO, False, None)), ["a", "b"], to=[BO]), "No recorded opt-in"),
    (template_send(people((ANA, True, None)), ["a", "b"], to=["+44 7700 900009"]), "Not in your WhatsApp audience"),
    (template_send(people((BO, False, None)), ["a", "b"]), "No opted-in WhatsApp contacts"),
    (PublishRequest(platform="whatsapp", format="text", text="hi",
                    options={"recipients": people((ANA, True, timedelta(hours=25)))}), "last 24 h"),
    (PublishRequest(platform="whatsapp", format="text", text="", options={"recipients": people((ANA, True,
                                                                                                timedelta(1)))}),
     "24 h"),
    (PublishRequest(platform="whatsapp", format="template", options={"recipients": people((ANA, True, None))}),
     "name and language"),
    (PublishRequest(platform="whatsapp", format="story", options={"recipients": people((ANA, True, None))}),
     "not 'story'"),
    (PublishRequest(platform="whatsapp", format="text", text="hi"), "psn whatsapp send"),
])
def test_bad_input_is_refused_before_anything_is_sent(adapter, request_, fragment):
    with pytest.raises(BadInput) as caught:  # no responses registered: any request would fail the test
        adapter.validate(request_)
    assert fragment in caught.value.message + (caught.value.hint or "")
    assert caught.value.exit_code == ExitCode.BAD_INPUT


def test_wrong_variable_count_is_refused_after_reading_the_template_only(httpx_mock, adapter):
    templates_response(httpx_mock)
    with pytest.raises(BadInput, match="takes 2 body variable"):
        adapter.publish(template_send(people((ANA, True, None)), ["only one"]), MemoryCheckpoint())
    assert [r.method for r in httpx_mock.get_requests()] == ["GET"]


@pytest.mark.parametrize(("available", "fragment"), [
    ([], "no template named"),
    ([{**TEMPLATE, "language": "en"}], "no 'en_US' translation"),
    ([{**TEMPLATE, "status": "PAUSED"}], "PAUSED"),
])
def test_template_must_exist_in_that_language_and_be_approved(httpx_mock, adapter, available, fragment):
    httpx_mock.add_response(json={"data": available})
    with pytest.raises(BadInput, match=fragment):
        adapter.publish(template_send(people((ANA, True, None)), ["a", "b"]), MemoryCheckpoint())


def test_template_broadcast_sends_one_message_per_opted_in_contact(httpx_mock, adapter):
    templates_response(httpx_mock)
    for wamid in ("wamid.1", "wamid.2"):
        httpx_mock.add_response(method="POST", url=f"{GRAPH}/{PHONE}/messages", json=accepted(wamid))
    checkpoint = MemoryCheckpoint()
    result = adapter.publish(template_send(people((ANA, True, None), (BO, False, None), (CY, True, None)),
                                           ["Ana", "Post"]), checkpoint)
    sent = [json.loads(r.content) for r in httpx_mock.get_requests(method="POST")]
    assert [m["to"] for m in sent] == [ANA, CY]
    assert sent[0]["template"]["components"] == [{"type": "body", "parameters": [
        {"type": "text", "text": "Ana"}, {"type": "text", "text": "Post"}]}]
    assert checkpoint.values == {f"to:{ANA}": "wamid.1", f"to:{CY}": "wamid.2"}
    assert result.part_ids == ["wamid.1", "wamid.2"] and result.raw["recipients"] == {ANA: "wamid.1", CY: "wamid.2"}


def test_text_only_to_contacts_inside_the_window_when_asked(httpx_mock, adapter):
    httpx_mock.add_response(method="POST", json=accepted("wamid.9"))
    recipients = people((ANA, True, timedelta(hours=2)), (BO, True, timedelta(hours=30)))
    result = adapter.publish(PublishRequest(platform="whatsapp", format="text", text="Live now!",
                                            options={"recipients": recipients, "in_window_only": True}),
                             MemoryCheckpoint())
    assert result.raw["recipients"] == {ANA: "wamid.9"}


def test_image_is_uploaded_once_for_everyone(httpx_mock, adapter, tmp_path):
    photo = tmp_path / "a.png"
    photo.write_bytes(b"\x89PNG")
    httpx_mock.add_response(method="POST", url=f"{GRAPH}/{PHONE}/media", json={"id": "m1"})
    httpx_mock.add_response(method="POST", url=f"{GRAPH}/{PHONE}/messages", json=accepted("wamid.a"))
    httpx_mock.add_response(method="POST", url=f"{GRAPH}/{PHONE}/messages", json=accepted("wamid.b"))
    checkpoint = MemoryCheckpoint()
    adapter.publish(PublishRequest(platform="whatsapp", format="image", text="Look", media=[
        MediaItem(kind="image", path=photo)], options={"recipients": people((ANA, True, timedelta(hours=1)),
                                                                            (BO, True, timedelta(minutes=5)))}),
        checkpoint)
    sent = [json.loads(r.content) for r in httpx_mock.get_requests(url=f"{GRAPH}/{PHONE}/messages")]
    assert [m["image"] for m in sent] == [{"id": "m1", "caption": "Look"}] * 2
    assert checkpoint.values["media"] == "m1"


def test_a_refused_contact_does_not_stop_the_others(httpx_mock, adapter):
    templates_response(httpx_mock)
    httpx_mock.add_response(method="POST", json=accepted("wamid.1"))
    httpx_mock.add_response(method="POST", status_code=400, json={"error": {
        "message": "(#131030) Recipient phone number not in allowed list", "code": 131030, "type": "OAuthException"}})
    httpx_mock.add_response(method="POST", json=accepted("wamid.3"))
    checkpoint = MemoryCheckpoint()
    with pytest.raises(PartialSuccess) as caught:
        adapter.publish(template_send(people((ANA, True, None), (BO, True, None), (CY, True, None)), ["a", "b"]),
                        checkpoint)
    assert caught.value.exit_code == ExitCode.PARTIAL
    assert list(caught.value.details["failed"]) == [BO]
    assert checkpoint.values[f"to:{BO}"] == "failed:131030"
    # the retry sends to the refused contact only (this adapter still holds the template it read)
    httpx_mock.add_response(method="POST", json=accepted("wamid.2"))
    result = adapter.publish(template_send(people((ANA, True, None), (BO, True, None), (CY, True, None)),
                                           ["a", "b"]), checkpoint)
    assert result.raw["recipients"] == {ANA: "wamid.1", BO: "wamid.2", CY: "wamid.3"}


def test_a_throttle_stops_the_loop_and_keeps_the_progress(httpx_mock, adapter):
    templates_response(httpx_mock)
    httpx_mock.add_response(method="POST", json=accepted("wamid.1"))
    for _ in range(3):  # the HTTP client's own attempts
        httpx_mock.add_response(method="POST", status_code=429, json={"error": {
            "message": "(#130429) Rate limit hit", "code": 130429, "type": "OAuthException"}})
    checkpoint = MemoryCheckpoint()
    with pytest.raises(PartialSuccess, match="1 were not tried"):
        adapter.publish(template_send(people((ANA, True, None), (BO, True, None), (CY, True, None)), ["a", "b"]),
                        checkpoint)
    assert f"to:{CY}" not in checkpoint.values


def test_all_failing_raises_the_platform_error(httpx_mock, adapter):
    templates_response(httpx_mock)
    for _ in range(3):
        httpx_mock.add_response(method="POST", status_code=429, json={"error": {"code": 131056, "message": "pair"}})
    with pytest.raises(RateLimitedError):
        adapter.publish(template_send(people((ANA, True, None)), ["a", "b"]), MemoryCheckpoint())


def test_crash_after_a_send_then_rerun_messages_nobody_twice(httpx_mock, adapter):
    templates_response(httpx_mock)
    httpx_mock.add_response(method="POST", json=accepted("wamid.1"))
    checkpoint = MemoryCheckpoint(crash_after=f"to:{ANA}")
    request = template_send(people((ANA, True, None), (BO, True, None)), ["a", "b"])
    with pytest.raises(Crash):
        adapter.publish(request, checkpoint)
    httpx_mock.add_response(method="POST", json=accepted("wamid.2"))  # the template is not read again
    result = adapter.publish(request, checkpoint)
    assert [json.loads(r.content)["to"] for r in httpx_mock.get_requests(method="POST")] == [ANA, BO]
    assert result.raw["recipients"] == {ANA: "wamid.1", BO: "wamid.2"}


def test_an_unanswered_send_is_never_repeated(httpx_mock, adapter):
    templates_response(httpx_mock)
    checkpoint = MemoryCheckpoint()
    checkpoint.begin(f"to:{ANA}")
    with pytest.raises(UncertainOutcome):
        adapter.publish(template_send(people((ANA, True, None)), ["a", "b"]), checkpoint)
    assert httpx_mock.get_requests(method="POST") == []


def test_pacing_between_sends(httpx_mock, deps):
    from psn.platforms.whatsapp.spec import make_adapter

    deps.settings["messages_per_second"] = 4
    slept: list[float] = []
    clock = [100.0]  # real time passes only while psn sleeps: the sends themselves are instant

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        clock[0] += seconds

    deps.sleep = sleep
    adapter = make_adapter(deps)
    adapter.pacer.monotonic = lambda: clock[0]
    templates_response(httpx_mock)
    for n in range(3):
        httpx_mock.add_response(method="POST", json=accepted(f"wamid.{n}"))
    adapter.publish(template_send(people((ANA, True, None), (BO, True, None), (CY, True, None)), ["a", "b"]),
                    MemoryCheckpoint())
    assert slept == [0.25, 0.25]


def test_reply_only_inside_the_window(httpx_mock, adapter):
    from psn.platforms.base import Candidate

    fresh = Candidate(platform="whatsapp", post_id="wamid.in", url="", text="hi?", author_id=ANA,
                      posted_at=NOW - timedelta(hours=1))
    httpx_mock.add_response(method="POST", json=accepted("wamid.r"))
    assert adapter.reply(fresh, "Hello!").platform_reply_id == "wamid.r"
    assert json.loads(httpx_mock.get_request().content)["context"] == {"message_id": "wamid.in"}
    with pytest.raises(Rejected, match="template") as late:
        adapter.reply(fresh.model_copy(update={"posted_at": NOW - timedelta(hours=25)}), "Hello?")
    assert late.value.nothing_sent


def test_status_and_inbound_webhooks(adapter):
    body = json.dumps({"object": "whatsapp_business_account", "entry": [{"id": WABA, "changes": [
        {"field": "messages", "value": {
            "statuses": [{"id": "wamid.1", "status": "failed", "timestamp": "1767225600", "recipient_id": ANA,
                          "errors": [{"code": 131047, "title": "Re-engagement message",
                                      "error_data": {"details": "24 hours passed"}}]},
                         {"id": "wamid.2", "status": "read", "timestamp": "1767225601", "recipient_id": BO,
                          "conversation": {"id": "c", "origin": {"type": "utility"}},
                          "pricing": {"billable": True, "pricing_model": "CBP", "category": "utility"}}],
            "contacts": [{"profile": {"name": "Cy"}, "wa_id": CY}],
            "messages": [{"from": CY, "id": "wamid.in", "timestamp": "1767225602", "type": "text",
                          "text": {"body": "hello"}}]}}]}]}).encode()
    headers = {"X-Hub-Signature-256": sign(emu.APP_SECRET, body)}
    assert adapter.verify_webhook(headers, body, {})
    assert not adapter.verify_webhook({"X-Hub-Signature-256": sign("wrong", body)}, body, {})
    events = adapter.parse_webhook(headers, body)
    assert [(e.kind, e.object_id) for e in events] == [(STATUS, "wamid.1"), (STATUS, "wamid.2"),
                                                        (INBOUND, "wamid.in")]
    assert events[0].data["error_code"] == 131047 and "24 hours" in events[0].data["error"]
    assert events[1].data["pricing_model"] == "CBP" and events[1].data["category"] == "utility"
    assert events[2].data == {"from": CY, "name": "Cy", "type": "text", "text": "hello"}
    query = {"hub.mode": "subscribe", "hub.verify_token": "verify-me", "hub.challenge": "42"}
    assert adapter.verify_webhook({}, b"", query)
