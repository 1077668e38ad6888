"""Message templates: what an approved template needs, and the `components` psn sends for it.

psn fetches the template from the WABA's message_templates *before* sending and checks the
variables given against it, so a wrong count is a local error (exit 2, nothing sent) instead of
a 132000 from Meta for every recipient.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel

from psn.core.errors import BadInput
from psn.platforms.whatsapp import rules

PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z0-9_]+)\s*\}\}")
MEDIA_HEADERS = {"IMAGE": "image", "VIDEO": "video", "DOCUMENT": "document"}


class Template(BaseModel):
    name: str
    language: str
    status: str = "APPROVED"
    category: str = ""
    parameter_format: str = "POSITIONAL"
    components: list[dict[str, Any]] = []


class TemplateNeeds(BaseModel):
    """What a template asks for: placeholder names per part (positional ones are "1", "2", …)."""

    header_media: str | None = None
    header: list[str] = []
    body: list[str] = []
    buttons: dict[str, list[str]] = {}
    """URL buttons with a variable, by button index."""


class TemplateRequest(BaseModel):
    """What the user asks to send (`options["template"]`)."""

    name: str
    language: str
    body: list[str] | dict[str, str] = []
    header: list[str] | dict[str, str] = []
    buttons: dict[str, str] = {}
    header_media_link: str | None = None


def placeholders(text: str) -> list[str]:
    seen: list[str] = []
    for name in PLACEHOLDER.findall(text or ""):
        if name not in seen:
            seen.append(name)
    return seen


def needs(template: Template) -> TemplateNeeds:
    out = TemplateNeeds()
    for component in template.components:
        kind = str(component.get("type", "")).upper()
        if kind == "HEADER":
            fmt = str(component.get("format", "TEXT")).upper()
            if fmt in MEDIA_HEADERS:
                out.header_media = MEDIA_HEADERS[fmt]
            elif fmt == "TEXT":
                out.header = placeholders(component.get("text", ""))
        elif kind == "BODY":
            out.body = placeholders(component.get("text", ""))
        elif kind == "BUTTONS":
            for index, button in enumerate(component.get("buttons", [])):
                if str(button.get("type", "")).upper() == "URL" and placeholders(button.get("url", "")):
                    out.buttons[str(index)] = placeholders(button["url"])
    return out


def pick(templates: list[Template], name: str, language: str) -> Template:
    """The approved translation asked for, or BadInput saying what exists."""
    named = [t for t in templates if t.name == name]
    if not named:
        raise BadInput(f"Your WhatsApp Business Account has no template named {name!r}.",
                       hint="Create it in WhatsApp Manager and wait for approval, or check the spelling.")
    exact = [t for t in named if t.language == language]
    if not exact:
        languages = ", ".join(sorted(t.language for t in named))
        raise BadInput(f"Template {name!r} has no {language!r} translation (the code must match exactly).",
                       hint=f"Available: {languages}.")
    template = exact[0]
    if template.status.upper() != "APPROVED":
        raise BadInput(f"Template {name!r} ({language}) is {template.status}, not APPROVED.",
                       hint="Only approved templates can be sent; see WhatsApp Manager.")
    return template


def for_template(template: Template, request: TemplateRequest) -> TemplateRequest:
    """Variables as the template takes them: a NAMED template's header and body variables given as
    NAME=VALUE items (`--header-var first_name=Alice`) become names; a positional one keeps its list
    as written (a value may itself hold "=")."""
    if template.parameter_format.upper() != "NAMED":
        return request
    return request.model_copy(update={"body": _pairs(request.body), "header": _pairs(request.header)})


def _pairs(given: list[str] | dict[str, str]) -> list[str] | dict[str, str]:
    if isinstance(given, dict) or not given or not all("=" in str(v) for v in given):
        return given
    return dict(str(v).split("=", 1) for v in given)


def check(template: Template, request: TemplateRequest, media_given: bool) -> TemplateNeeds:
    """Refuse any mismatch between the variables given and what the template defines."""
    request = for_template(template, request)
    need = needs(template)
    _same("body", need.body, request.body, template)
    _same("header", need.header, request.header, template)
    if need.header_media and not (media_given or request.header_media_link):
        raise BadInput(f"Template {template.name!r} has a {need.header_media} header; attach one.",
                       hint=f"Give the {need.header_media} as media (a file or an https URL).")
    if not need.header_media and (media_given or request.header_media_link):
        raise BadInput(f"Template {template.name!r} has no media header; psn would drop the media.",
                       hint="Remove the media, or choose a template with an image/video/document header.")
    if set(request.buttons) != set(need.buttons):
        raise BadInput(f"Template {template.name!r} takes a variable for URL button(s) "
                       f"{sorted(need.buttons) or 'none'}; got {sorted(request.buttons) or 'none'}.",
                       hint="Give one value per URL button with a variable.")
    return need


def _same(part: str, wanted: list[str], given: list[str] | dict[str, str], template: Template) -> None:
    values = list(given.values()) if isinstance(given, dict) else list(given)
    if len(values) != len(wanted):
        raise BadInput(f"Template {template.name!r} takes {len(wanted)} {part} variable(s); got {len(values)}.",
                       hint=f"Give exactly {len(wanted)}: {', '.join('{{' + w + '}}' for w in wanted) or 'none'}.",
                       limit=len(wanted), value=len(values))
    named = template.parameter_format.upper() == "NAMED"
    if (named and wanted and not isinstance(given, dict)) or (isinstance(given, dict) and set(given) != set(wanted)):
        raise BadInput(f"Template {template.name!r} has {part} variables {', '.join(wanted)}; "
                       f"got {', '.join(map(str, given)) if isinstance(given, dict) else 'a list'}.",
                       hint="Give them as name=value pairs with exactly those names.")
    for value in values:
        if not str(value).strip() or len(str(value)) > rules.TEMPLATE_PARAM_MAX_CHARS:
            raise BadInput(f"A {part} variable of {template.name!r} is empty or longer than "
                           f"{rules.TEMPLATE_PARAM_MAX_CHARS} characters.", hint="Fix the value.")


def components(template: Template, request: TemplateRequest, media: dict[str, str] | None) -> list[dict[str, Any]]:
    """The `components` array for a send; `media` is {"id": …} or {"link": …} for a media header."""
    request = for_template(template, request)
    need = needs(template)
    named = template.parameter_format.upper() == "NAMED"
    out: list[dict[str, Any]] = []
    if need.header_media and media:
        out.append({"type": "header", "parameters": [{"type": need.header_media, need.header_media: media}]})
    elif need.header:
        out.append({"type": "header", "parameters": _text_params(need.header, request.header, named)})
    if need.body:
        out.append({"type": "body", "parameters": _text_params(need.body, request.body, named)})
    for index in sorted(need.buttons, key=int):
        out.append({"type": "button", "sub_type": "url", "index": index,
                    "parameters": [{"type": "text", "text": request.buttons[index]}]})
    return out


def _text_params(names: list[str], given: list[str] | dict[str, str], named: bool) -> list[dict[str, str]]:
    values = [given[n] for n in names] if isinstance(given, dict) else list(given)
    if named:
        return [{"type": "text", "parameter_name": n, "text": v} for n, v in zip(names, values, strict=True)]
    return [{"type": "text", "text": v} for v in values]
