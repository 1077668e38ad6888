"""Prompt templates: all render with StrictUndefined, carry their protected blocks, split into
system / user, and a rewritten version that loses a protected block is refused."""

import pytest

from psn.generate.formats import FORMATS
from psn.generate.limits import limits_for
from psn.generate.templates import (
    PromptTemplateError,
    check_protected_blocks,
    missing_required_blocks,
    protected_blocks,
    read_template,
    render_body,
    split_messages,
    template_names,
)
from psn.generate.variables import pick_format_variables, post_variables, reply_variables
from psn.llm.brief import find_brief

EXPECTED = {
    "post/x-single", "post/x-thread", "post/linkedin-post", "post/instagram-image", "post/instagram-carousel",
    "post/instagram-reel", "post/instagram-story", "post/tiktok-video", "post/tiktok-photo", "post/facebook-post",
    "post/wordpress-article", "post/blog-article", "post/whatsapp-message", "reply", "pick-format", "repurpose",
    "learn/critique", "learn/mutate", "learn/crossover",
}


def test_every_template_exists_and_partials_are_not_templates():
    names = set(template_names())
    assert names == EXPECTED
    assert {spec.template for spec in FORMATS} <= names


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_template_has_voice_and_rules_blocks(name):
    body = read_template(name)
    assert missing_required_blocks(body) == []
    if not name.startswith("learn/"):
        assert "output" in protected_blocks(body)


@pytest.mark.parametrize("spec", FORMATS, ids=lambda s: s.template)
def test_post_templates_render_with_the_service_variables(spec, voice):
    variables = post_variables(
        idea="An idea worth posting.", spec=spec, limits=limits_for(spec.platform, spec.name), voice=voice,
        hashtags=["python"], media="", variant=0, personal_max=None,
    )
    prompt = render_body(read_template(spec.template), variables, name=spec.template)
    assert prompt.system and prompt.user
    assert "An idea worth posting." in prompt.user
    assert "python testing" in prompt.system  # the voice block
    assert "psn:begin" not in prompt.system + prompt.user  # markers are comments
    brief = find_brief(prompt.user)
    assert brief is not None and brief["platform"] == spec.platform and brief["format"] == spec.name


def test_reply_and_pick_format_templates_render(voice):
    reply = render_body(read_template("reply"), reply_variables(
        voice=voice, platform="x", post_text="Hot take", author="bob", count=3, limit=280, variant=0))
    assert "Hot take" in reply.user and "280" in reply.user
    pick = render_body(read_template("pick-format"), pick_format_variables(
        idea="Idea", platform="instagram", voice=voice, media="", suggested={"format": "reel", "reason": "r"},
        names=["reel", "carousel"]))
    assert "- reel: Reel (needs video)" in pick.user and "- image" not in pick.user


def test_a_missing_variable_is_an_error_not_an_empty_string():
    with pytest.raises(PromptTemplateError, match="does not provide") as caught:
        render_body("Hello {{ nobody }}", {}, name="post/x-single")
    assert "prompts/post/x-single.j2" in (caught.value.hint or "")


def test_a_broken_template_is_reported():
    with pytest.raises(PromptTemplateError, match="not a valid template"):
        render_body("{% if %}", {}, name="reply")


def test_unknown_template_suggests_close_names():
    with pytest.raises(PromptTemplateError) as caught:
        read_template("post/x-singel")
    assert "post/x-single" in (caught.value.hint or "")
    for sneaky in ("../pyproject", "_partials/voice"):
        with pytest.raises(PromptTemplateError):
            read_template(sneaky)


def test_split_messages():
    assert split_messages("sys\n--- user ---\nuser") .system == "sys"
    assert split_messages("only user").system == ""
    assert split_messages("a\n\n\n\nb").user == "a\n\nb"


BODY = "{# psn:begin voice #}V{# psn:end voice #}\nfree text\n{# psn:begin rules #}R{# psn:end rules #}"


def test_rewrites_may_change_free_text_only():
    check_protected_blocks(BODY, BODY.replace("free text", "better text"))
    with pytest.raises(PromptTemplateError, match="rules block is missing"):
        check_protected_blocks(BODY, BODY.split("\n")[0])
    with pytest.raises(PromptTemplateError, match="voice block was changed"):
        check_protected_blocks(BODY, BODY.replace("V{#", "W{#"))
    with pytest.raises(PromptTemplateError, match="not closed"):
        check_protected_blocks(BODY, BODY + "\n{# psn:begin extra #} dangling")
