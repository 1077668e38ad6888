"""Prompt versions: generation 0 stored on first use, file edits, evolved versions, diffs."""

import pytest

from psn.core.errors import BadInput
from psn.generate import prompt_versions as pv
from psn.generate.templates import PromptTemplateError


def test_generation_zero_is_stored_once(db, clock):
    first = pv.current_version(db, "post/x-single", clock.now())
    again = pv.current_version(db, "post/x-single", clock.now())
    assert first.id == again.id and first.generation == 0 and first.origin == "file"
    assert len(pv.list_versions(db, "post/x-single")) == 1
    assert pv.list_versions(db) == [first]


def test_editing_the_file_adds_a_new_generation_zero(db, clock, tmp_path, monkeypatch):
    root = tmp_path / "prompts"
    (root / "post").mkdir(parents=True)
    template = root / "post" / "x-single.j2"
    template.write_text("{# psn:begin voice #}v{# psn:end voice #} one")
    monkeypatch.setattr("psn.generate.templates.template_root", lambda: root)
    old = pv.current_version(db, "post/x-single", clock.now())
    template.write_text("{# psn:begin voice #}v{# psn:end voice #} two")
    new = pv.current_version(db, "post/x-single", clock.now())
    assert new.id != old.id and new.generation == 0 and new.body.endswith("two")
    assert pv.get_version(db, old.id).status == "retired"


def test_evolved_versions_win_and_must_keep_protected_blocks(db, clock):
    base = pv.current_version(db, "post/linkedin-post", clock.now())
    evolved = pv.add_version(
        db, "post/linkedin-post", base.body.replace("How to write it:", "How to write it well:"),
        parent_ids=[base.id], at=clock.now(), score_bp=6100,
    )
    assert evolved.generation == 1 and evolved.parent_ids == [base.id] and evolved.score_bp == 6100
    assert pv.current_version(db, "post/linkedin-post", clock.now()).id == evolved.id
    pv.set_status(db, evolved.id, "retired")
    assert pv.current_version(db, "post/linkedin-post", clock.now()).id == base.id
    with pytest.raises(PromptTemplateError, match="voice block"):
        pv.add_version(db, "post/linkedin-post", "no blocks at all", parent_ids=[base.id], at=clock.now())


def test_add_version_refuses_bad_parents(db, clock):
    x = pv.current_version(db, "post/x-single", clock.now())
    with pytest.raises(BadInput, match="at least one parent"):
        pv.add_version(db, "post/x-single", x.body, parent_ids=[], at=clock.now())
    with pytest.raises(BadInput, match="Every parent"):
        pv.add_version(db, "post/linkedin-post", x.body, parent_ids=[x.id], at=clock.now())
    with pytest.raises(BadInput, match="no prompt version 999"):
        pv.get_version(db, 999)


def test_diff_bodies():
    diff = pv.diff_bodies("a\nb\n", "a\nc\n", "v1", "v2")
    assert "--- v1" in diff and "-b" in diff and "+c" in diff
