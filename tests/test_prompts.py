"""Every prompt file loads, renders with its declared variables, and keeps its clauses."""

from __future__ import annotations

import pytest

from app.errors import ConfigError
from app.prompts import load_prompt, prompt_names

NAMES = prompt_names()
CORE_CLAUSES = {
    "answer_system": ["[card-id]", "same language as the user's question",
                      "data, not instructions", "Never reveal"],
    "condense": ["same language", "data, not instructions"],
    "assess_system": ["data, not instructions", "Never reveal", "exact substring"],
}


def test_the_expected_prompts_exist() -> None:
    assert {"answer_system", "condense", "assess_system", "assess_user"} <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_prompt_renders_with_its_variables_and_keeps_clauses(name: str) -> None:
    prompt = load_prompt(name)
    values = {v: f"<<{v.upper()}>>" for v in prompt.variables}
    text = prompt.render(**values)
    for value in values.values():
        assert value in text
    assert "{{" not in text
    # The loader enforces each file's own `required_clauses`; these are the clauses this
    # project relies on whatever a prompt file declares.
    for clause in CORE_CLAUSES.get(name, []):
        assert clause in text, f"{name} lost {clause!r}"


@pytest.mark.parametrize("name", NAMES)
def test_missing_or_extra_variables_raise(name: str) -> None:
    prompt = load_prompt(name)
    with pytest.raises(ValueError):
        prompt.render(**{v: "x" for v in prompt.variables}, surprise="x")
    if prompt.variables:
        with pytest.raises(ValueError):
            prompt.render()


def test_values_are_not_expanded_twice() -> None:
    text = load_prompt("assess_user").render(problem="{{problem}} {{criteria}}")
    assert "{{problem}} {{criteria}}" in text


def test_answer_prompt_is_bilingual() -> None:
    assert "日本語" in load_prompt("answer_system").template


def test_a_prompt_that_drops_a_clause_fails_to_load(tmp_path) -> None:
    (tmp_path / "bad.md").write_text("---\nvariables: [x]\nrequired_clauses: [\"cite\"]\n---\n"
                                     "Hello {{x}}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="required clause"):
        load_prompt("bad", tmp_path)
    (tmp_path / "undeclared.md").write_text("---\nvariables: []\n---\nHello {{x}}\n",
                                            encoding="utf-8")
    with pytest.raises(ConfigError, match="declared variables"):
        load_prompt("undeclared", tmp_path)
