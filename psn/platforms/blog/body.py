"""The webhook body: a Jinja2 template the user can replace (`blog.body_template`), rendered in a
sandbox (the template is user-supplied) and required to produce valid JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from psn.core.errors import BadInput

BUILTIN = Path(__file__).with_name("body.json.j2")
MAX_BYTES = 1024 * 1024  # psn's cap; Standard Webhooks prefers thin payloads (< 20 KB)


def template_source(path: str = "") -> tuple[str, str]:
    """(template text, where it came from)."""
    source = Path(path).expanduser() if path else BUILTIN
    try:
        return source.read_text(encoding="utf-8"), str(source)
    except OSError as exc:
        raise BadInput(f"Cannot read the blog body template {source}: {exc.strerror}.",
                       hint="Fix `blog.body_template`, or unset it to use psn's built-in template.") from None


def render(values: dict[str, Any], path: str = "") -> bytes:
    """The exact bytes to sign and send."""
    from jinja2 import TemplateError
    from jinja2.sandbox import SandboxedEnvironment

    text, origin = template_source(path)
    env = SandboxedEnvironment(autoescape=False, keep_trailing_newline=False)
    try:
        rendered = env.from_string(text).render(**values)
    except TemplateError as exc:
        raise BadInput(f"The blog body template {origin} failed: {exc}.", hint="Fix the template.") from None
    try:
        data = json.loads(rendered)
    except ValueError as exc:
        raise BadInput(f"The blog body template {origin} does not produce valid JSON ({exc.msg} at line "
                       f"{exc.lineno}).", hint="Wrap every value in `|tojson`.") from None
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if len(body) > MAX_BYTES:
        raise BadInput(f"The webhook body is {len(body):,} bytes; psn sends at most {MAX_BYTES:,} (1 MB).",
                       hint="Send a shorter post, or only an excerpt and the canonical URL.", limit=MAX_BYTES,
                       value=len(body))
    return body
