"""WhatsApp (Cloud API) in the platform registry."""

from __future__ import annotations

from dataclasses import dataclass

from psn.core.errors import BadInput
from psn.platforms.base import TokenSet
from psn.platforms.facebook.graph import graph_classifier
from psn.platforms.http import HttpClient
from psn.platforms.oauth import RefreshingCredentials, StaticCredentials
from psn.platforms.ratelimit import meta_retry_at
from psn.platforms.registry import AdapterDeps, ConnectSpec, PlatformSpec, build_http
from psn.platforms.whatsapp import rules
from psn.platforms.whatsapp.adapter import CAPABILITIES, WhatsAppAdapter
from psn.platforms.whatsapp.client import WhatsAppClient

DEFAULT_URLS = {"api": "https://graph.facebook.com"}
DEFAULT_VERSION = "v26.0"
HINTS = {code: f"{meaning[0].capitalize()}. {meaning[1]}" for code, meaning in rules.ERRORS.items()}
HINTS[190] = "The system-user token is no longer valid: generate a new one and run `psn setup whatsapp`."

INSTRUCTIONS = """\
1. In Meta Business Suite → Business settings → Accounts → WhatsApp accounts, note the
   WhatsApp Business Account (WABA) id; in WhatsApp Manager → Phone numbers, the phone number id
   (not the number itself).
2. Business settings → Users → System users: add one, assign it your app and the WABA, and
   generate a token with whatsapp_business_messaging and whatsapp_business_management,
   expiry "Never" (the App Dashboard's temporary token dies after 24 h).
3. Optional, for delivery receipts: your app's App Secret (App settings → Basic) and a webhook
   verify token of your choosing; subscribe the app to the WABA's `messages` field.
psn only messages contacts with a recorded opt-in (`psn whatsapp contacts add … --opt-in SOURCE`)."""


def _version(deps: AdapterDeps) -> str:
    return str(deps.settings.get("graph_version") or DEFAULT_VERSION)


def _http(deps: AdapterDeps, credentials: object = None) -> HttpClient:
    classify = graph_classifier("whatsapp", "WhatsApp", deps.clock, HINTS)
    return build_http(deps, "whatsapp", deps.urls["api"], classify, meta_retry_at, credentials)


def _ids(deps: AdapterDeps) -> tuple[str, str]:
    extra = deps.tokens.load().extra if deps.tokens is not None else {}
    phone = deps.app.get("phone_number_id") or extra.get("phone_number_id", "")
    waba = deps.app.get("waba_id") or extra.get("waba_id", "")
    return phone, waba


def make_adapter(deps: AdapterDeps) -> WhatsAppAdapter:
    credentials = RefreshingCredentials(deps.tokens, None, deps.clock) if deps.tokens else None
    phone, waba = _ids(deps)
    client = WhatsAppClient(_http(deps, credentials), _version(deps), phone, waba, memo=deps.extras.get("lookups"))
    s = deps.settings
    extra = {"sleep": deps.sleep} if deps.sleep is not None else {}
    pacer = rules.Pacer(int(s.get("messages_per_second", 20)), **extra)
    return WhatsAppAdapter(client, deps.clock, window_hours=int(s.get("window_hours", 24)), pacer=pacer,
                           app_secret=deps.app.get("app_secret", ""),
                           verify_token=deps.app.get("webhook_verify_token", ""),
                           notify={"to": str(s.get("notify_to", "")), "template": str(s.get("notify_template", "")),
                                   "language": str(s.get("notify_language", "en_US"))})


@dataclass
class WhatsAppConnector:
    deps: AdapterDeps

    def connect(self, fields: dict[str, str]) -> TokenSet:
        """Check the ids and the token against the API before anything is stored."""
        phone, waba, token = (fields.get(k, "").strip() for k in ("phone_number_id", "waba_id", "access_token"))
        for name, value in (("phone number id", phone), ("WABA id", waba)):
            if not value or value.startswith("+") or " " in value:
                raise BadInput(f"The {name} is an id from WhatsApp Manager; got {value!r}.",
                               hint="Copy the id shown under the number, not the phone number itself.")
        if not token:
            raise BadInput("The system-user access token is missing.", hint="Generate one in Business settings.")
        client = WhatsAppClient(_http(self.deps, StaticCredentials({"Authorization": f"Bearer {token}"})),
                                _version(self.deps), phone, waba)
        client.phone_number()
        client.templates()  # proves the token reaches the WABA's templates too
        return TokenSet(access_token=token, token_type="system_user",
                        scopes=["whatsapp_business_messaging", "whatsapp_business_management"],
                        extra={"phone_number_id": phone, "waba_id": waba})

    def revoke(self, tokens: TokenSet) -> None:
        """System-user tokens are revoked in Business settings; psn only forgets it."""


SPEC = PlatformSpec(
    name="whatsapp",
    title="WhatsApp",
    capabilities=CAPABILITIES,
    default_urls=DEFAULT_URLS,
    connect=ConnectSpec(kind="token", instructions=INSTRUCTIONS, scopes=("whatsapp_business_messaging",
                                                                         "whatsapp_business_management"),
                        app_fields=("phone_number_id", "waba_id", "access_token", "app_secret",
                                    "webhook_verify_token"),
                        secret_fields=("access_token", "app_secret", "webhook_verify_token"),
                        optional_fields=("app_secret", "webhook_verify_token"),
                        field_help={"phone_number_id": "Phone number ID (WhatsApp Manager → Phone numbers)",
                                    "waba_id": "WhatsApp Business Account ID",
                                    "access_token": "System-user access token",
                                    "app_secret": "App Secret, to check delivery webhooks (optional)",
                                    "webhook_verify_token": "Webhook verify token of your choosing (optional)"}),
    make_adapter=make_adapter,
    make_connector=WhatsAppConnector,
    emulator="psn.sandbox.meta_graph:MetaGraphEmulator",
)
