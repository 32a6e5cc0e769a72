"""Consistency checks of a proposal, run on every eval scenario and on every LLM draft:

- `plan_matches_verdict`: not_ml has no model-building step at all; not_yet fixes first, and
  no model-building step comes before its fix-first phase ends; needs_info settles questions
  first; ml_fit has an MVP launched in shadow or with review;
- `quotes_intact`: every quote is the user's own words, and every number in it is whole;
  no number anywhere is cut ("1. 2 million");
- `citations_valid`: every [card-id] is a card the proposal was given, and the references
  list exactly the cards cited;
- `length`: the body (all but the references) is within the page budget;
- `language`: the proposal is written in the user's language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.numbers import flatten, number_tokens
from app.proposal.templates import CITATION, get, heading, phase_prefix

# Quotes of the user's words: “…” in English, 「…」 in Japanese, and the problem blockquote.
_QUOTES = re.compile(r"“([^”]+)”|「([^」]+)」")
_BROKEN_NUMBER = re.compile(r"\d[.,]\s+\d")
_JA_CHAR = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
_WORD = re.compile(r"[A-Za-z0-9][\w'’.,%-]*")
_MARKUP = re.compile(r"[#*_>`|]|^\s*(?:[-+]|\d+\.)\s", re.M)


@dataclass(frozen=True)
class Check:
    name: str
    passed: bool
    detail: str = ""


def _section(markdown: str, key: str, lang: str) -> str:
    title = heading(key, lang)
    m = re.search(rf"^##\s+{re.escape(title)}\s*$", markdown, re.M)
    if not m:
        return ""
    rest = markdown[m.end():]
    nxt = re.search(r"^##\s", rest, re.M)
    return rest[:nxt.start()] if nxt else rest


def body_of(markdown: str, lang: str) -> str:
    """The proposal without its references section."""
    m = re.search(rf"^##\s+{re.escape(heading('refs', lang))}\s*$", markdown, re.M)
    return markdown[:m.start()] if m else markdown


def length(markdown: str, lang: str) -> int:
    """Words (en) or characters without spaces (ja) of the body, markup and citations left out."""
    text = _MARKUP.sub(" ", CITATION.sub("", body_of(markdown, lang)))
    if lang == "ja":
        return len(re.sub(r"\s", "", text))
    return len(_WORD.findall(text))


def _phases(plan: str, lang: str) -> list[tuple[str | None, str]]:
    """(phase key or None, line) for every line of the plan section."""
    keys = list(get("plan.phase"))
    prefixes = {k: phase_prefix(k, lang) for k in keys}
    out: list[tuple[str | None, str]] = []
    current: str | None = None
    for line in plan.splitlines():
        if not line.strip():
            continue
        bare = re.sub(r"[*#_]", "", line).strip()
        for k, prefix in prefixes.items():
            if bare.startswith(prefix):
                current = k
                break
        out.append((current, line))
    return out


def check_plan(markdown: str, verdict: str, lang: str) -> Check:
    plan = _section(markdown, "plan", lang)
    if not plan.strip():
        return Check("plan_matches_verdict", False, "no plan section")
    model = re.compile(get(f"model_steps.{lang}"), re.IGNORECASE)
    lines = _phases(plan, lang)
    steps = [(k, line) for k, line in lines if re.match(r"\s*(?:\d+\.|[-*])\s", line)]
    if verdict == "not_ml":
        bad = [line for _, line in steps if model.search(line)]
        if not any(k == "nonml" for k, _ in lines):
            return Check("plan_matches_verdict", False, "no non-ML fix phase")
        return Check("plan_matches_verdict", not bad,
                     f"model-building step in a not_ml plan: {bad[0][:80]}" if bad else "")
    first = {"not_yet": "fix", "needs_info": "questions", "ml_fit": "mvp"}[verdict]
    if not any(k == first for k, _ in steps):
        return Check("plan_matches_verdict", False, f"no '{phase_prefix(first, lang)}' phase")
    if verdict in ("not_yet", "needs_info"):
        # Everything up to the end of the first phase: no model-building step.
        end = max(i for i, (k, _) in enumerate(steps) if k == first)
        bad = [line for k, line in steps[:end + 1] if model.search(line)]
        if bad:
            return Check("plan_matches_verdict", False,
                         f"model-building step before the '{first}' phase ends: {bad[0][:80]}")
        return Check("plan_matches_verdict", True)
    launch = re.compile(r"shadow|review|シャドー|確認", re.IGNORECASE)
    if not any(launch.search(line) for _, line in steps):
        return Check("plan_matches_verdict", False, "no launch in shadow or with review")
    return Check("plan_matches_verdict", True)


def check_quotes(markdown: str, problem: str, lang: str) -> Check:
    """Every quote is the user's own words, with every number whole."""
    source = flatten(problem)
    tokens = set(number_tokens(source))
    body = body_of(markdown, lang)
    quoted_block = re.findall(r"^>\s?(.+)$", body, re.M)
    rest = re.sub(r"^>.*$", " ", body, flags=re.M)
    quotes = [flatten(a or b) for a, b in _QUOTES.findall(rest)]
    quotes += [flatten(m) for m in quoted_block]
    for q in quotes:
        if q not in source:
            return Check("quotes_intact", False, f"not the user's words: “{q[:80]}”")
        cut = [n for n in number_tokens(q) if n not in tokens]
        if cut:
            return Check("quotes_intact", False, f"number changed in a quote: {cut[0]}")
        # A quote may not start or end inside a number of the source.
        at = source.find(q)
        before, after = source[at - 1:at] if at else "", source[at + len(q):at + len(q) + 1]
        if (q[:1].isdigit() and before.isdigit()) or (q[-1:].isdigit() and after.isdigit()):
            return Check("quotes_intact", False, f"quote cuts a number: “{q[:80]}”")
    unlisted = re.sub(r"^\s*\d+\.\s", "", body, flags=re.M)  # "1. 1〜2週目" is a list item
    broken = [m.group(0) for m in _BROKEN_NUMBER.finditer(unlisted)
              if m.group(0) not in source]
    if broken:
        return Check("quotes_intact", False, f"number cut apart: “{broken[0]}”")
    return Check("quotes_intact", True, f"{len(quotes)} quote(s)")


def check_citations(markdown: str, lang: str, supplied: tuple[str, ...] | list[str],
                    cited: tuple[str, ...] | list[str]) -> Check:
    body = body_of(markdown, lang)
    ours = _QUOTES.sub(" ", re.sub(r"^>.*$", " ", body, flags=re.M))  # not the user's words
    in_body = list(dict.fromkeys(CITATION.findall(ours)))
    refs = markdown[len(body):]
    listed = re.findall(r"^\s*-\s*\[([a-z0-9-]+)\]", refs, re.M)
    invented = [c for c in in_body if c not in supplied]
    if invented:
        return Check("citations_valid", False, f"cites a card it was not given: {invented[0]}")
    if set(listed) != set(in_body) or set(cited) != set(in_body):
        missing = sorted(set(in_body) ^ set(listed))
        return Check("citations_valid", False, f"references and citations differ: {missing[:3]}")
    return Check("citations_valid", True, f"{len(in_body)} card(s)")


def check_length(markdown: str, lang: str) -> Check:
    budget = get(f"budget.{lang}")
    n = length(markdown, lang)
    unit = "words" if lang == "en" else "文字"
    return Check("length", n <= budget["max"], f"{n} {unit} (budget {budget['max']})")


def check_language(markdown: str, lang: str) -> Check:
    """The prose outside quotes and references is in the user's language."""
    body = body_of(markdown, lang)
    prose = _QUOTES.sub(" ", re.sub(r"^>.*$", " ", body, flags=re.M))
    prose = CITATION.sub(" ", prose)
    ja = len(_JA_CHAR.findall(prose))
    latin = len(re.findall(r"[A-Za-z]{2,}", prose))
    ok = (ja > latin * 2.5) if lang == "ja" else ja <= max(5, latin // 50)
    return Check("language", ok, f"{ja} Japanese characters, {latin} Latin words")


def check_proposal(markdown: str, *, problem: str, verdict: str, lang: str,
                   supplied: tuple[str, ...] | list[str],
                   cited: tuple[str, ...] | list[str]) -> list[Check]:
    """Every check on one proposal."""
    return [check_plan(markdown, verdict, lang), check_quotes(markdown, problem, lang),
            check_citations(markdown, lang, supplied, cited), check_length(markdown, lang),
            check_language(markdown, lang)]
