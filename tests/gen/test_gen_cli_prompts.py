"""`psn prompts list|show|diff` through the real CLI."""


def rows(cli):
    return {row["name"]: row for row in cli("--json", "prompts", "list").json()["data"]}


def test_list_before_and_after_a_template_is_used(cli):
    before = rows(cli)
    assert before["post/x-thread"] == {"name": "post/x-thread", "versions": 0, "current": None}
    assert len(before) == 19
    cli("setup", "voice", "--archetype", "educator", "--pillar", "testing")
    cli("voice", "preview", "An idea. With points. And more. And more.", "-p", "x", "--format", "thread")
    after = rows(cli)["post/x-thread"]
    assert after["versions"] == 1 and after["current"]["generation"] == 0 and after["current"]["origin"] == "file"


def test_show_file_and_versions(cli):
    shown = cli("prompts", "show", "post/linkedin-post")
    assert shown.exit_code == 0 and "{# psn:begin voice #}" in shown.stdout
    assert cli("--json", "prompts", "show", "post/linkedin-post").json()["data"]["id"] is None
    unknown = cli("--json", "prompts", "show", "post/linkedn-post")
    assert unknown.exit_code == 2 and "post/linkedin-post" in unknown.json()["error"]["hint"]
    assert cli("prompts", "show", "post/x-single", "--version", "5").exit_code == 2


def test_diff_between_generation_zero_and_an_evolved_version(cli):
    from psn.cli.state import ctx
    from psn.generate.prompt_versions import add_version, current_version

    context = ctx()
    base = current_version(context.db, "post/x-single", context.clock.now())
    evolved = add_version(context.db, "post/x-single", base.body.replace("short sentences", "very short sentences"),
                          parent_ids=[base.id], at=context.clock.now())
    data = cli("--json", "prompts", "diff", "post/x-single").json()["data"]
    assert data["from"].endswith("(generation 0)") and data["to"].endswith("(generation 1)")
    assert "+- One idea, stated plainly, in very short sentences" in data["diff"]
    same = cli("prompts", "diff", "post/x-single", "--from", str(evolved.id), "--to", str(evolved.id))
    assert "No differences" in same.stdout
    shown = cli("--json", "prompts", "show", "post/x-single").json()["data"]
    assert shown["id"] == evolved.id and shown["generation"] == 1
    file_diff = cli("--json", "prompts", "diff", "post/x-single", "--from", "file").json()["data"]
    assert file_diff["from"] == "prompts/post/x-single.j2"
    assert cli("prompts", "diff", "post/x-single", "--from", "abc").exit_code == 2
    assert cli("prompts", "diff", "post/linkedin-post", "--to", str(evolved.id)).exit_code == 2


def test_diff_of_an_unused_template_is_empty(cli):
    assert "No differences" in cli("prompts", "diff", "reply").stdout
