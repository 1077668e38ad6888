"""Webhook: POST a JSON body rendered from a Jinja2 template to a URL kept in the keyring.

`universal` carries the fields ntfy (topic/title/message/priority/tags, posted to the server's
root URL), Slack (`text`) and Discord (`content`) read; each ignores the others. The `ntfy`,
`slack` and `discord` presets send only their own fields, and any other value of
`notify.webhook_template` is a path to a template of your own. The URL is a secret (Slack and
Discord URLs embed a token), so it is never stored in config and never shown in errors.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from psn.core.failures import in_words
from psn.notify.channels import ChannelProblem, DeliveryFailed
from psn.notify.message import Message

NAME = "webhook"
SECRET_NAME = "notify.webhook_url"
DISCORD_LIMIT = 2000  # Discord refuses longer `content`

TEMPLATES = {
    "universal": """{
  {%- if topic %}
  "topic": {{ topic | json }},
  {%- endif %}
  "title": {{ title | json }},
  "message": {{ body | json }},
  "priority": {{ ntfy_priority }},
  "tags": {{ [kind] | json }},
  "text": {{ text | json }},
  "content": {{ content | json }}
}""",
    "ntfy": """{"topic": {{ topic | json }}, "title": {{ title | json }}, "message": {{ body | json }}, \
"priority": {{ ntfy_priority }}, "tags": {{ [kind] | json }}}""",
    "slack": """{"text": {{ text | json }}}""",
    "discord": """{"content": {{ content | json }}}""",
}


def template_variables(message: Message, topic: str) -> dict[str, Any]:
    return {
        "kind": message.kind, "title": message.title, "body": message.body, "priority": message.priority,
        "ntfy_priority": 4 if message.priority == "push" else 3, "topic": topic, "text": message.text,
        "content": message.text[:DISCORD_LIMIT],
        "created_at": message.created_at.isoformat() if message.created_at else "",
    }


def load_template(choice: str) -> str:
    if choice in TEMPLATES:
        return TEMPLATES[choice]
    path = Path(choice).expanduser()
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DeliveryFailed(f"webhook template {path} cannot be read ({in_words(exc)})") from None


def render_body(template_text: str, message: Message, topic: str) -> str:
    from jinja2 import StrictUndefined, TemplateError
    from jinja2.sandbox import SandboxedEnvironment

    env = SandboxedEnvironment(autoescape=False, undefined=StrictUndefined)
    env.filters["json"] = _json_filter
    try:
        body = env.from_string(template_text).render(**template_variables(message, topic))
        json.loads(body)
    except TemplateError as exc:
        raise DeliveryFailed(f"webhook template error: {exc}") from None
    except ValueError as exc:
        raise DeliveryFailed(f"webhook template did not produce JSON: {exc}") from None
    return body


def _json_filter(value: Any) -> str:
    from jinja2 import Undefined

    if isinstance(value, Undefined):
        value._fail_with_undefined_error()  # raises UndefinedError naming the variable
    return json.dumps(value, ensure_ascii=False)


class WebhookChannel:
    name = NAME

    def __init__(self, url: str | None, template: str = "universal", topic: str = "", timeout_s: float = 10.0) -> None:
        self.url = url
        self.template = template
        self.topic = topic
        self.timeout_s = timeout_s

    def problem(self) -> ChannelProblem | None:
        if not self.url:
            return ChannelProblem("not_configured", "no webhook URL: run `psn notify secret webhook-url`")
        if self.template == "ntfy" and not self.topic:
            return ChannelProblem("not_configured", "the ntfy template needs notify.webhook_topic")
        return None

    def send(self, message: Message) -> None:
        import httpx

        body = render_body(load_template(self.template), message, self.topic)
        try:
            response = httpx.post(str(self.url), content=body.encode("utf-8"), timeout=self.timeout_s,
                                  headers={"Content-Type": "application/json"})
        except httpx.HTTPError as exc:  # its text names the URL, which is a secret: say only what kind
            raise DeliveryFailed(f"webhook unreachable ({in_words(exc)})") from None
        if response.status_code >= 300:
            raise DeliveryFailed(f"webhook answered HTTP {response.status_code}")


def build(app: Any) -> WebhookChannel:
    settings = app.settings.notify
    return WebhookChannel(app.secrets.get(SECRET_NAME), settings.webhook_template, settings.webhook_topic)
