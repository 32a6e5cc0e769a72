"""The proposal a manager reads: sections, a plan that matches the verdict, the user's words
and numbers intact, citations, the page budget, both languages; the checks that guard all
of it (and fail when they should); the Word export."""

from __future__ import annotations

import io
import re
import time
import zipfile

import pytest
from docx import Document
from docx.oxml.ns import qn

from app.assess import Assessment, build_assessment
from app.config import PROJECT_ROOT
from app.extraction import Finding
from app.knowledge import cached_knowledge
from app.proposal.checks import check_proposal, length
from app.proposal.compose import compose_proposal
from app.proposal.docx import EAST_ASIAN_FONT, to_docx

from conftest import run_cli

KNOWLEDGE = cached_knowledge(PROJECT_ROOT / "knowledge")
RUBRIC = KNOWLEDGE.rubric

ORDERS = ("We process about 1.2 million orders a year, and every order is routed by hand. "
          "Each misrouted order costs about $4.50 to fix. Three years of routing decisions "
          "are logged in our warehouse, with the team that finally handled each order.")
ORDERS_JA = ("問い合わせは月に約1,800件あり、担当者は1件あたり平均6分かけて回答しています。"
             "過去2年分の問い合わせと回答はメールアーカイブに残っています。")


def assessment(problem: str, lang: str = "en", source: str = "text",
               **statuses: str | tuple[str, str]) -> Assessment:
    """An assessment with exactly these statuses (the rest met), evidence from the text."""
    decided = {}
    for cid in RUBRIC.ids:
        value = statuses.get(cid, "met")
        status, evidence = value if isinstance(value, tuple) else (value, "")
        decided[cid] = (Finding(status, evidence, 0.8), source)  # type: ignore[arg-type]
    return build_assessment(problem, lang, decided, KNOWLEDGE, mode="offline", notices=[],
                            started=time.perf_counter())


def compose(a: Assessment) -> tuple[str, list[str], list[str]]:
    return compose_proposal(a, KNOWLEDGE)


def checks_of(a: Assessment, markdown: str, supplied, cited) -> dict[str, str]:
    """The failing checks, by name, with their detail."""
    return {c.name: c.detail for c in check_proposal(
        markdown, problem=a.problem, verdict=a.verdict, lang=a.language, supplied=supplied,
        cited=cited) if not c.passed}


def plan_of(markdown: str, title: str = "Plan") -> str:
    return markdown.split(f"## {title}", 1)[1].split("\n## ", 1)[0]


GATE_UNKNOWN = dict.fromkeys(RUBRIC.gates()[:5], "unknown")
CASES = {
    "ml_fit": {},
    "not_yet": {"labels": ("unmet", "nobody records which team handled it")},
    "not_ml": {"ml_needed": ("unmet", "Three years of routing decisions are logged")},
    "needs_info": GATE_UNKNOWN,
}


@pytest.mark.parametrize("verdict", list(CASES))
def test_every_verdict_gives_a_sendable_proposal_that_passes_its_checks(verdict: str) -> None:
    a = assessment(ORDERS, **CASES[verdict])
    assert a.verdict == verdict
    md, cited, supplied = compose(a)
    assert checks_of(a, md, supplied, cited) == {}
    for heading in ("Summary", "Approach and why", "Plan", "Success metrics",
                    "Value sketch (estimate)", "Risks and mitigations", "Open questions",
                    "References"):
        assert f"## {heading}" in md
    summary = md.split("## Summary", 1)[1].split("\n## ", 1)[0]
    for ask in ("People:", "Time:", "Money:", "Data access:", "Decision wanted:"):
        assert ask in summary
    decision = summary.split("Decision wanted:", 1)[1].split("\n", 1)[0]
    said = {"ml_fit": "pilot", "not_yet": "Labels", "not_ml": "without a model",
            "needs_info": "questions"}[verdict]
    assert said.lower() in decision.lower(), decision
    assert "Status: unknown" not in md  # no rubric dump
    assert length(md, "en") <= 900


def test_not_yet_fixes_first_then_the_mvp() -> None:
    a = assessment(ORDERS, labels="unmet")
    md, _, _ = compose(a)
    plan = plan_of(md)
    fix, mvp = plan.index("First, fix"), plan.index("Then, the MVP")
    assert fix < mvp
    assert RUBRIC.criteria["labels"].fix["en"].split(";")[0] in plan[fix:mvp]
    steps = [line for line in plan[fix:mvp].splitlines() if re.match(r"\d+\. ", line)]
    assert steps and not any(re.search(r"model|shadow", s, re.I) for s in steps)
    assert "Not yet" in md.split("## Approach", 1)[0]


def test_not_ml_plan_has_no_model_at_all() -> None:
    a = assessment(ORDERS, ml_needed="unmet")
    md, _, _ = compose(a)
    plan = plan_of(md)
    assert "The fix, without a model" in plan
    assert not re.search(r"shadow|MVP|train|fine-tun|build the .*model", plan, re.I)
    assert "Do not build a model" in md and a.approach and a.approach.kind == "rules"


def test_needs_info_asks_the_deciding_questions_and_says_who_answers() -> None:
    a = assessment("We want to use AI for our orders.", **GATE_UNKNOWN)
    md, _, _ = compose(a)
    plan = plan_of(md)
    assert "Questions to settle first" in plan
    # The value question is replaced by exactly the numbers missing; the next gate follows.
    # The interview asks a not_ml gate first (it could end the assessment).
    assert a.follow_up_ids[0] in RUBRIC.gates("not_ml")
    first_gate = next(c for c in a.follow_up_ids if c != "impact")
    assert a.follow_up_questions[a.follow_up_ids.index(first_gate)] in plan
    assert re.search(r"— the (?:business|data|process) owner|legal", plan)
    # No numbers in the text: the open questions ask for exactly the ones the value needs.
    assert "How many cases a month" in md and "What does one case cost today" in md
    assert "Not enough numbers yet" in md


def test_ml_fit_plan_launches_in_shadow_or_with_review_then_scales() -> None:
    md, _, _ = compose(assessment(ORDERS))
    plan = plan_of(md)
    assert re.search(r"shadow mode|review", plan) and "Scale" in plan


def test_numbers_and_quotes_are_the_users_words() -> None:
    a = assessment(ORDERS, labels=("partial", "Three years of routing decisions are logged "
                                              "in our warehouse"))
    md, _, _ = compose(a)
    assert "1.2 million" in md and "1. 2" not in md
    assert "> We process about 1.2 million orders a year" in md
    assert "“about 1.2 million orders a year”" in md  # the value sketch quotes the volume
    for quote in re.findall(r"“([^”]+)”", md.split("## References")[0]):
        assert " ".join(quote.split()) in " ".join(ORDERS.split())


def test_an_answer_typed_or_clicked_is_never_quoted() -> None:
    a = assessment(ORDERS, source="answer", labels=("unmet", "Yes"))
    md, _, _ = compose(a)
    assert "“Yes”" not in md and "(“Yes" not in md


def test_value_sketch_is_an_estimate_with_its_assumptions() -> None:
    md, _, _ = compose(assessment(ORDERS))
    value = md.split("## Value sketch (estimate)", 1)[1].split("\n## ", 1)[0]
    assert "Yearly value:" in value and "(estimate)" in value and "assumed" in value
    assert "“about $4.50”" in value or "“$4.50”" in value


def test_japanese_proposal_reads_in_japanese_within_budget() -> None:
    a = assessment(ORDERS_JA, "ja", labels="unmet")
    md, cited, supplied = compose(a)
    assert checks_of(a, md, supplied, cited) == {}
    assert "## 概要" in md and "**まず整えること" in md and "## 参考（ナレッジカード）" in md
    assert "「月に約1,800件」" in md and "「1件あたり平均6分」" in md
    assert length(md, "ja") <= 2000


def test_the_checks_fail_on_a_proposal_that_breaks_them() -> None:
    a = assessment(ORDERS, labels="unmet")
    md, cited, supplied = compose(a)
    early_model = md.replace("**\n\n1. ", "**\n\n1. Train a first model in shadow mode.\n2. ", 1)
    assert "plan_matches_verdict" in checks_of(a, early_model, supplied, cited)
    cut = md.replace("1.2 million", "1. 2 million")
    assert "quotes_intact" in checks_of(a, cut, supplied, cited)
    made_up = md.replace("## Plan", "“We will save 90 % of costs”\n\n## Plan")
    assert "not the user's words" in checks_of(a, made_up, supplied, cited)["quotes_intact"]
    invented = md.replace("## Plan", "This always works [magic-card].\n\n## Plan")
    assert "magic-card" in checks_of(a, invented, supplied, cited)["citations_valid"]
    dropped = re.sub(r"^- \[[a-z0-9-]+\].*\n", "", md, count=1, flags=re.M)
    assert "citations_valid" in checks_of(a, dropped, supplied, cited)
    long = md.replace("## Plan", ("word " * 950) + "\n\n## Plan")
    assert "length" in checks_of(a, long, supplied, cited)
    wrong_lang = md.replace("## Plan", "これは日本語で書かれた段落です。" * 20 + "\n\n## Plan")
    assert "language" in checks_of(a, wrong_lang, supplied, cited)
    not_ml = assessment(ORDERS, ml_needed="unmet")
    md2, cited2, supplied2 = compose(not_ml)
    with_model = md2.replace("**\n\n1. ", "**\n\n1. Build a model in shadow mode.\n2. ", 1)
    assert "plan_matches_verdict" in checks_of(not_ml, with_model, supplied2, cited2)


def test_word_export_has_headings_lists_references_and_a_japanese_font() -> None:
    a = assessment(ORDERS_JA, "ja", labels="unmet")
    md, _, _ = compose(a)
    start = time.perf_counter()
    data = to_docx(md, "ja")
    assert time.perf_counter() - start < 1.0
    doc = Document(io.BytesIO(data))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert "概要" in headings and "参考（ナレッジカード）" in headings
    assert any(p.style.name == "List Bullet" for p in doc.paragraphs)
    assert any(p.style.name == "List Number" for p in doc.paragraphs)
    refs = [p.text for p in doc.paragraphs if p.text.startswith("[criterion-labels]")]
    assert refs, "the references section lists the cited cards"
    fonts = doc.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == EAST_ASIAN_FONT
    heading_fonts = doc.styles["Heading 1"].element.rPr.find(qn("w:rFonts"))
    assert heading_fonts.get(qn("w:eastAsia")) == EAST_ASIAN_FONT
    assert "**" not in " ".join(p.text for p in doc.paragraphs)  # Markdown became formatting


def test_cli_propose_writes_word_or_markdown(cli_env, tmp_path) -> None:
    out = tmp_path / "proposal.docx"
    proc = run_cli(["propose", "-", "--out", str(out)], cli_env, stdin=ORDERS)
    assert proc.returncode == 0, proc.stderr
    assert zipfile.is_zipfile(out)
    doc = Document(str(out))
    assert any(p.text == "Summary" for p in doc.paragraphs)
    md = tmp_path / "proposal.md"
    proc = run_cli(["propose", "-", "--out", str(md)], cli_env, stdin=ORDERS)
    assert proc.returncode == 0 and md.read_text(encoding="utf-8").startswith("# Proposal")


def test_the_target_the_user_named_is_the_success_measure_quoted_once() -> None:
    text = ("## Goal\n自動車保険の写真査定は年間約10万件、1件あたり平均45分です。\n"
            "目標は査定時間30%削減、再査定率は悪化させないこと。\n"
            "過去3年分の査定結果は写真と紐づいて記録されています。")
    markdown, _, _ = compose(assessment(text, "ja"))
    metrics = plan_of(markdown, "成功の指標と効果の確かめ方")
    assert "「目標は査定時間30%削減、再査定率は悪化させないこと」" in metrics
    after_summary = markdown.split("## 進め方", 1)[1]  # the summary quotes the opening
    assert after_summary.count("目標は査定時間30%削減") == 1 and "## Goal" not in metrics


CHAT = ("ana (CS Ops): renewal-risk model, pls poke holes\n"
        "ana: - 2,300 active accounts, 14 CSMs\n"
        "ana: - every renewal closes as renewed or churned in SFDC, ~7k renewal events\n"
        "ben 10:05 we could run it in shadow for 4 wks and compare renewal rate vs the rest\n"
        "ana 10:06 KPIは部長の目標に入ってます\n")


def test_the_teams_own_plan_is_taken_up_in_their_words_without_the_speaker() -> None:
    markdown, _, _ = compose(assessment(CHAT))
    plan = plan_of(markdown)
    assert "“we could run it in shadow for 4 wks and compare renewal rate vs the rest”" in plan
    assert "ben 10:05" not in markdown and "10:06" not in markdown


def test_open_questions_ask_only_what_the_text_left_unknown() -> None:
    a = assessment(CHAT, labels="unknown", ml_needed=("unmet", "2,300 active accounts, 14 CSMs"))
    markdown, _, _ = compose(a)
    opened = plan_of(markdown, "Open questions")
    assert "Did I read this right" not in markdown
    assert a.follow_up_questions[a.follow_up_ids.index("labels")] in opened
    assert "ML is needed" not in opened


def test_an_evidence_quote_stops_at_the_next_speakers_line() -> None:
    a = assessment(CHAT, error_cost=("partial", "2,300 active accounts, 14 CSMs\nana: - every"))
    markdown, _, _ = compose(a)
    assert "“2,300 active accounts, 14 CSMs”" in markdown and "CSMs ana" not in markdown


def test_needs_info_recommends_no_route_yet_and_sizes_what_it_can() -> None:
    text = ("We get about 2,300 claims a month and wonder whether ML could help triage them. "
            "Nothing is decided yet.")
    unknown = {c: "unknown" for c in ("ml_needed", "action", "labels", "serving_data",
                                      "error_cost", "success_metric")}
    a = assessment(text, **unknown)
    assert a.verdict == "needs_info"
    markdown, _, _ = compose(a)
    approach = plan_of(markdown, "Approach and why")
    assert "If the answers show ML fits" in approach and "Recommended:" not in approach
    value = plan_of(markdown, "Value sketch (estimate)")
    assert "“about 2,300 claims a month”, about 28k a year" in value


RISKS = {"en": "Risks and mitigations", "ja": "リスクと対策"}


@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("The ED triage kiosk scores each walk-in patient and sends the lowest band to their GP.",
     "en", "**Patient safety**"),
    ("救急外来の受付で、患者の症状入力から緊急度を判定し、低い人は近隣の診療所へ案内したい。",
     "ja", "**患者の安全**"),
    ("We want ChatGPT to summarise the case notes our social workers write about each family.",
     "en", "**Sensitive records in an outside service**"),
    ("介護記録を生成AIに入れて申し送りを自動で作りたい。",
     "ja", "**外部サービスに渡す要配慮個人情報**"),
    ("We screen 9,000 loan applicants a year and want a model to decline the weakest ones.",
     "en", "**Decisions about people in a regulated area**"),
    ("書類選考の応募者を年間8,000人、スコアで自動的に絞り込みたい。",
     "ja", "**規制のある分野での人に関する判断**"),
])
def test_the_domains_own_blocker_leads_the_risks(text: str, lang: str, expected: str) -> None:
    markdown, cited, supplied = compose(assessment(text, lang))
    risks = plan_of(markdown, RISKS[lang])
    assert risks.lstrip().startswith(f"- {expected}")
    assert re.search(r"\[(?:criterion-error-cost|appi-personal-data|eu-ai-act)\]", risks)
    a = assessment(text, lang)
    assert checks_of(a, markdown, supplied, cited) == {}


@pytest.mark.parametrize(("text", "lang"), [
    ("Our line-3 vision system flags scratched panels; we want fewer false rejects. "
     "The vendor's cloud API is one option, and fault diagnosis logs go back 3 years.", "en"),
    ("システム障害の一次切り分けを、過去の障害チケットから自動で推定したい。"
     "採用するならクラウド。", "ja"),
])
def test_a_factory_or_it_text_gets_no_domain_blocker(text: str, lang: str) -> None:
    markdown, _, _ = compose(assessment(text, lang))
    risks = plan_of(markdown, RISKS[lang])
    for word in ("Patient safety", "Sensitive records", "regulated area", "患者の安全",
                 "要配慮個人情報", "規制のある分野"):
        assert word not in risks


@pytest.mark.parametrize(("text", "lang", "line"), [
    ("Triage kiosk for walk-ins. Go-live requested for next month by the vendor. "
     "We see about 40,000 walk-ins a year.", "en",
     "- Time: {w} weeks to the next decision; your text sets the date "
     "(“Go-live requested for next month by the vendor”)."),
    ("問い合わせは月に約1,800件です。4月までにリリースしたいと考えています。", "ja",
     "- 期間：次の判断まで{w}週間。本文の期日は「4月までにリリースしたいと考えています」です。"),
])
def test_the_authors_own_date_stands_next_to_the_plans_weeks(text, lang, line) -> None:
    markdown, cited, supplied = compose(assessment(text, lang))
    weeks = re.search(r"(?:Time: |期間：次の判断まで)(\d+[–〜~-]\d+|\d+)", markdown).group(1)
    assert line.format(w=weeks) in markdown
    assert checks_of(assessment(text, lang), markdown, supplied, cited) == {}


def test_a_past_date_or_a_subject_line_is_not_the_authors_deadline() -> None:
    for text in ("Subject: pilot by March\nWe started logging in 2021 and launched the portal "
                 "in 2022.", "Moodleは今年の4月に全学導入したばかりです。"):
        markdown, _, _ = compose(assessment(text))
        assert "your text sets the date" not in markdown and "本文の期日" not in markdown


def test_the_teams_own_way_to_check_the_effect_is_the_verification() -> None:
    text = ("We route 41,000 tickets a quarter by hand. Plan: 6 weeks in the Southeast region "
            "vs other regions; track cycle time and reassignment rate.")
    markdown, _, _ = compose(assessment(text))
    metrics = plan_of(markdown, "Success metrics and how the effect will be verified")
    assert ("Verification, as you plan it: “6 weeks in the Southeast region vs other regions; "
            "track cycle time and reassignment rate”") in metrics
    ja = "査定は月に約2,000件です。3店舗でパイロットし、他店舗と比較します。"
    metrics = plan_of(compose(assessment(ja, "ja"))[0], "成功の指標と効果の確かめ方")
    assert "確かめ方（ご計画のとおり）：「3店舗でパイロットし、他店舗と比較します」" in metrics


def test_a_sample_said_not_to_be_random_is_not_a_verification_plan() -> None:
    text = ("We inspect 5,000 meters a year. The inspections we did are not a random sample, "
            "so the hit rate is biased.")
    metrics = plan_of(compose(assessment(text))[0],
                      "Success metrics and how the effect will be verified")
    assert "as you plan it" not in metrics and "similar group that keeps today's process" in metrics
