"""WhatsApp adapter: for a creator, "publishing" means sending to their own opted-in audience.

A send is a loop over recipients with one checkpoint step per contact (`to:<wa_id>`), so a rerun
after a crash never messages anyone twice. A step whose call was refused outright is saved as
`failed:<why>` (nothing was sent, so a rerun may try again); a step begun and never answered is
*uncertain* and is not resent. Templates are fetched and their variables checked before the
first message goes out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from psn.core.clock import Clock, SystemClock
from psn.core.errors import BadInput, PartialSuccess
from psn.core.validation import reason
from psn.platforms.base import (
    AccountInfo,
    Candidate,
    Capabilities,
    Checkpoint,
    EngagementMetrics,
    MediaItem,
    PublishRequest,
    PublishResult,
    PublishStatus,
    ReplyPolicy,
    ReplyResult,
    WebhookEvent,
)
from psn.platforms.errors import PlatformError, RateLimitedError, Rejected, UncertainOutcome
from psn.platforms.facebook import webhooks
from psn.platforms.facebook.graph import require_live_version, version_info
from psn.platforms.whatsapp import rules, templates
from psn.platforms.whatsapp.client import WhatsAppClient, media_message, template_message, text_message
from psn.platforms.whatsapp.events import INBOUND, parse_events
from psn.platforms.whatsapp.recipients import ListedRecipients, Recipient, RecipientBook

FORMATS = ["template", "text", "image", "video", "document"]
CAPABILITIES = Capabilities(
    formats=FORMATS,
    media_kinds=["image", "video", "document"],
    max_media=1,
    reply=ReplyPolicy.OWN_POSTS,
    engagement_types=["reply"],
    search=False,
    metrics=False,
    webhooks=True,
    notes=[
        "Sends to your own audience, and only to contacts with a recorded opt-in.",
        "Outside the 24 h after a contact's last message only approved templates can be sent.",
        "No post metrics: delivery statuses (sent, delivered, read, failed) arrive by webhook.",
    ],
)
STOPPERS = (RateLimitedError,)
SENT_STATUS = "status:"
"""Checkpoint prefix for Meta's own word on an accepted template send (held, paused), per recipient."""
"""Errors that concern the whole number, not one contact: stop the loop, keep the progress."""


@dataclass
class _Plan:
    kind: str
    people: list[Recipient]
    template: templates.TemplateRequest | None = None


class WhatsAppAdapter:
    name = "whatsapp"
    capabilities = CAPABILITIES

    def __init__(self, client: WhatsAppClient, clock: Clock | None = None, audience: RecipientBook | None = None,
                 window_hours: int = 24, pacer: rules.Pacer | None = None, app_secret: str = "",
                 verify_token: str = "", notify: dict[str, str] | None = None) -> None:
        self.client = client
        self.clock = clock or SystemClock()
        self.audience = audience
        self.window_hours = window_hours
        self.pacer = pacer or rules.Pacer(20)
        self.app_secret = app_secret
        self.verify_token = verify_token
        self.notify = notify or {}

    def account(self) -> AccountInfo:
        phone = self.client.phone_number()
        info = version_info(self.client.version, self.clock.now().date())
        return AccountInfo(platform_user_id=phone.id, handle=phone.display_phone_number,
                           display_name=phone.verified_name,
                           extra={"waba_id": self.client.waba_id, "quality_rating": phone.quality_rating,
                                  "graph_version": info.model_dump(mode="json"), "graph_version_note": info.summary()})

    # validate ------------------------------------------------------------------------------------

    def validate(self, request: PublishRequest) -> None:
        plan = self._plan(request)
        if plan.template is not None:
            self._checked_template(plan.template, request)  # a read: only Meta knows the template's variables

    def _checked_template(self, wanted: templates.TemplateRequest, request: PublishRequest) -> templates.Template:
        template = templates.pick(self.client.templates(wanted.name), wanted.name, wanted.language)
        templates.check(template, wanted, media_given=bool(request.media))
        return template

    def _plan(self, request: PublishRequest) -> _Plan:
        """Every local check: version, format, audience and opt-in, the 24 h window, media limits."""
        require_live_version(self.client.version, self.clock.now().date(), "whatsapp", "whatsapp.graph_version")
        if request.format not in FORMATS:
            raise BadInput(f"WhatsApp sends {', '.join(FORMATS)}; not {request.format!r}.", hint="Choose one of those.")
        if len(request.media) > 1:
            raise BadInput("A WhatsApp message carries one media file.", hint="Send the others separately.")
        if request.format == "template":
            kind = "template"
        else:
            kind = request.media[0].kind if request.media else request.format
        people = self._audience(request)
        if kind == "template":
            if request.media:
                _check_file(request.media[0])
            return _Plan(kind, people, _template_request(request.options.get("template")))
        people = self._inside_window(people, bool(request.options.get("in_window_only")))
        if kind == "text":
            _check_text(request.text)
        else:
            _check_media(kind, request)
        return _Plan(kind, people)

    def _audience(self, request: PublishRequest) -> list[Recipient]:
        if self.audience is None and "recipients" not in request.options:
            raise BadInput("A WhatsApp send goes to your audience, which this command does not know.",
                           hint="Use `psn whatsapp send` (it sends to your opted-in contacts).")
        book = self.audience or ListedRecipients(request.options.get("recipients") or [])
        wanted = [rules.normalize_wa_id(w) for w in request.options.get("to") or []] or None
        people = book.recipients(wanted)
        if wanted:
            unknown = sorted(set(wanted) - {p.wa_id for p in people})
            if unknown:
                raise BadInput(f"Not in your WhatsApp audience: {', '.join(unknown)}.",
                               hint="Add them with `psn whatsapp contacts add NUMBER --opt-in SOURCE`.")
            refused = [p.wa_id for p in people if not p.opted_in]
            if refused:
                raise BadInput(f"No recorded opt-in for {', '.join(refused)}: psn never messages them.",
                               hint="Record where they agreed: `psn whatsapp contacts add NUMBER --opt-in SOURCE`.")
        people = [p for p in people if p.opted_in]
        if not people:
            raise BadInput("No opted-in WhatsApp contacts to send to.",
                           hint="Add contacts with `psn whatsapp contacts add` or `import`.")
        return people

    def _inside_window(self, people: list[Recipient], only_inside: bool) -> list[Recipient]:
        now = self.clock.now()
        inside = [p for p in people if rules.in_window(p.last_inbound_at, now, self.window_hours)]
        if len(inside) == len(people):
            return people
        if only_inside and inside:
            return inside
        outside = len(people) - len(inside)
        raise BadInput(f"{outside} of {len(people)} contact(s) have not written to you in the last "
                       f"{self.window_hours} h, so WhatsApp only allows a template for them.",
                       hint="Send an approved template (--template NAME), or only to contacts inside the window.")

    # publish -------------------------------------------------------------------------------------

    def publish(self, request: PublishRequest, checkpoint: Checkpoint) -> PublishResult:
        plan = self._plan(request)
        template = None
        if plan.template is not None:  # fetched and checked again: it may have changed since validate
            template = self._checked_template(plan.template, request)
        media = self._media_ref(request, checkpoint)
        sent: dict[str, str] = {}
        failures: dict[str, PlatformError] = {}
        for person in plan.people:
            outcome = self._send_one(person, plan, template, media, request, checkpoint)
            if isinstance(outcome, str):
                sent[person.wa_id] = outcome
                continue
            failures[person.wa_id] = outcome
            if isinstance(outcome, STOPPERS):
                break
        return self._outcome(plan, sent, failures)

    def _send_one(self, person: Recipient, plan: _Plan, template: templates.Template | None,
                  media: dict[str, str] | None, request: PublishRequest, checkpoint: Checkpoint) -> str | PlatformError:
        step = f"to:{person.wa_id}"
        done = checkpoint.get(step)
        if done and not done.startswith("failed:"):
            return done
        if not done and checkpoint.in_flight(step):
            return UncertainOutcome(f"WhatsApp: the message to {person.wa_id} may already have been sent.",
                                    "Check the chat in WhatsApp; psn does not send it twice.", platform="whatsapp")
        message = self._message(person.wa_id, plan, template, media, request)
        self.pacer.wait()
        self.client.http.preflight("posting")  # a local pause must stop us before the step is begun
        checkpoint.begin(step)
        try:
            sent = self.client.send(message)
        except (Rejected, RateLimitedError) as exc:  # refused outright: nothing went out
            checkpoint.save(step, f"failed:{exc.code}")
            return exc
        checkpoint.save(step, sent.id)
        if sent.message_status and sent.message_status != "accepted":  # held or paused: Meta's word, kept
            checkpoint.save(f"{SENT_STATUS}{person.wa_id}", sent.message_status)
        if self.audience is not None:
            self.audience.record_sent(person.wa_id, sent.id, plan.kind, request.idempotency_key, self.clock.now(),
                                      sent.message_status or "accepted")
        return sent.id

    def _message(self, to: str, plan: _Plan, template: templates.Template | None, media: dict[str, str] | None,
                 request: PublishRequest) -> dict[str, Any]:
        if template is not None and plan.template is not None:
            parts = templates.components(template, plan.template, media)
            return template_message(to, template.name, template.language, parts)
        if plan.kind == "text":
            return text_message(to, request.text, preview_url="https://" in request.text)
        return media_message(to, plan.kind, media or {}, caption=request.text)

    def _media_ref(self, request: PublishRequest, checkpoint: Checkpoint) -> dict[str, str] | None:
        """Upload once per send (checkpointed); an https URL is passed as a link instead."""
        tpl = request.options.get("template") or {}
        if not request.media:
            return {"link": tpl["header_media_link"]} if tpl.get("header_media_link") else None
        item = request.media[0]
        if item.url:
            return {"link": item.url}
        media_id = checkpoint.get("media")
        if not media_id:
            assert item.path is not None
            mime = rules.MEDIA_LIMITS[item.kind][0][item.path.suffix.lower()]
            media_id = self.client.upload_media(item.path, mime)
            checkpoint.save("media", media_id)
        return {"id": media_id}

    def _outcome(self, plan: _Plan, sent: dict[str, str], failures: dict[str, PlatformError]) -> PublishResult:
        if failures and not sent:
            raise next(iter(failures.values()))
        if failures:
            skipped = len(plan.people) - len(sent) - len(failures)
            raise PartialSuccess(
                f"WhatsApp: sent to {len(sent)} of {len(plan.people)} contacts; {len(failures)} failed"
                + (f" and {skipped} were not tried" if skipped else "") + ".",
                "`psn post retry` sends to the rest only (those already sent are skipped).",
                failed={wa: f"{e.message}" for wa, e in failures.items()},
            )
        ids = list(sent.values())
        return PublishResult(platform_post_id=ids[0], part_ids=ids, status=PublishStatus.PUBLISHED,
                             raw={"recipients": sent, "kind": plan.kind})

    def status(self, platform_post_id: str) -> PublishStatus:
        return PublishStatus.PUBLISHED  # accepted; per-contact delivery arrives by webhook

    # engagement ----------------------------------------------------------------------------------

    def fetch_metrics(self, platform_post_ids: list[str]) -> dict[str, EngagementMetrics]:
        return {}

    def discover(self, keywords: list[str], limit: int = 25) -> list[Candidate]:
        return []

    def reply(self, target: Candidate, text: str) -> ReplyResult:
        """Answer a contact's message in its thread: only inside their 24 h window."""
        _check_text(text)
        if not rules.in_window(target.posted_at, self.clock.now(), self.window_hours):
            # WhatsApp's rule, checked here so nothing is sent: a refusal, so the approval stays usable.
            error = Rejected(f"{target.author_id} wrote more than {self.window_hours} h ago; WhatsApp only allows "
                             "a template now.",
                             "Send an approved template instead (`psn whatsapp send --template NAME`).",
                             platform="whatsapp")
            error.nothing_sent = True
            raise error
        message = {**text_message(target.author_id, text), "context": {"message_id": target.post_id}}
        return ReplyResult(platform_reply_id=self.client.send(message).id)

    def candidate_from_webhook(self, event: WebhookEvent) -> Candidate | None:
        """A contact wrote to the creator's number: a conversation `psn engage` answers in its thread
        (`reply` quotes the message with `context.message_id`) while the 24 h window is open."""
        sender = str(event.data.get("from") or "") if isinstance(event.data, dict) else ""
        if event.kind != INBOUND or not event.object_id or not sender:
            return None
        kind = str(event.data.get("type") or "message")
        return Candidate(platform="whatsapp", post_id=event.object_id, url=f"https://wa.me/{sender}",
                         text=str(event.data.get("text") or f"({kind})"), author_id=sender, author_handle=sender,
                         author_name=str(event.data.get("name") or ""), posted_at=event.occurred_at,
                         summoned=True, on_own_post=True, raw={"kind": "message"})

    def notify_self(self, text: str, to: str | None = None, template: str | None = None,
                    language: str | None = None) -> str:
        """The notification channel: a message to your own number (settings `whatsapp.notify_*`).
        Returns the wamid."""
        from psn.platforms.whatsapp.notify import send_to_self

        n = self.notify
        return send_to_self(self.client, to or n.get("to", ""), text, template=template or n.get("template", ""),
                            language=language or n.get("language") or "en_US")

    # webhooks ------------------------------------------------------------------------------------

    def verify_webhook(self, headers: dict[str, str], body: bytes, query: dict[str, str]) -> bool:
        return webhooks.verify(headers, body, query, self.app_secret, self.verify_token)

    def parse_webhook(self, headers: dict[str, str], body: bytes) -> list[WebhookEvent]:
        return parse_events(body)


def _template_request(raw: Any) -> templates.TemplateRequest:
    if not isinstance(raw, dict):
        raise BadInput("A template send needs the template's name and language.",
                       hint="e.g. --template psn_new_post --language en_US --var 'My post'.")
    try:
        return templates.TemplateRequest(**raw)
    except ValidationError as exc:
        raise BadInput(f"The template request is incomplete: {reason(exc.errors()[0])}.",
                       hint="Give at least the template name and its language code.") from None


def _check_text(text: str) -> None:
    if not text.strip():
        raise BadInput("The message is empty.", hint="Write something to send.")
    if len(text) > rules.TEXT_MAX_CHARS:
        raise BadInput(f"The message is {len(text)} characters; WhatsApp takes {rules.TEXT_MAX_CHARS}.",
                       hint="Shorten it.", limit=rules.TEXT_MAX_CHARS, value=len(text))


def _check_media(kind: str, request: PublishRequest) -> None:
    if not request.media:
        raise BadInput(f"A {kind} message needs the file.", hint="Attach it.")
    if kind not in rules.MEDIA_LIMITS or request.format not in ("text", kind):
        raise BadInput(f"WhatsApp sends image, video or document media; got {kind} for a {request.format} message.",
                       hint="Match the format to the file.")
    if len(request.text) > rules.CAPTION_MAX_CHARS:
        raise BadInput(f"The caption is {len(request.text)} characters; WhatsApp takes {rules.CAPTION_MAX_CHARS}.",
                       hint="Shorten it.", limit=rules.CAPTION_MAX_CHARS, value=len(request.text))
    _check_file(request.media[0])


def _check_file(item: MediaItem) -> None:
    if item.kind not in rules.MEDIA_LIMITS:
        raise BadInput(f"WhatsApp sends image, video or document media, not {item.kind}.", hint="Convert the file.")
    if item.url:
        if not item.url.startswith("https://"):
            raise BadInput("WhatsApp fetches media links over https only.", hint="Use an https URL or a file.")
        return
    types, limit = rules.MEDIA_LIMITS[item.kind]
    if item.path is None or not item.path.is_file():
        raise BadInput(f"Media file not found: {item.path}.", hint="Check the path.")
    if item.path.suffix.lower() not in types:
        raise BadInput(f"WhatsApp does not take {item.path.name!r} as {item.kind}.",
                       hint=f"Use one of: {', '.join(sorted(types))}.")
    size = item.path.stat().st_size
    if not 0 < size <= limit:
        raise BadInput(f"{item.path.name} is {size // 1024} KB; WhatsApp takes up to {limit // 1024} KB for "
                       f"{item.kind}.", hint="Compress it.", limit=limit, value=size)
