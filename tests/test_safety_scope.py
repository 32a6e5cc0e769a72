"""Safety rules that hold whatever the extractor reads, and when fairness / data_rights do
not apply (n/a) — in both languages, through `assess` as a user runs it."""

from __future__ import annotations

import pytest

from app.assess import assess
from app.backends import make_backends
from app.config import Settings
from app.extraction.clauses import split_clauses
from app.extraction.cue_table import required_factors
from app.extraction.rules import rules
from app.extraction.statements import load_statements
from app.runtime import get_runtime


@pytest.fixture
def backends(settings: Settings):
    return make_backends(settings, get_runtime(settings))


# Decisions about people, fully automated: never "ML fits", and fairness is never n/a.
PEOPLE_UNREVIEWED = [
    "We get 3,000 job applications a month and want a model trained on five years of past "
    "hiring decisions to auto-reject the bottom half, with no recruiter looking at them.",
    "Our bank wants to cut credit limits automatically from a risk score; we have ten years "
    "of repayment history and the change is applied with no human review.",
    "The council wants benefit payments suspended automatically when the fraud score is "
    "high. We have every case since 2015 with its outcome. No caseworker checks it first.",
    "In the ER we want the AI to assign triage levels on arrival, fully automated, without "
    "a nurse checking. We have 400k past visits with the assigned level and outcome.",
    "We want to pick who gets promoted from an attrition and performance score, fully "
    "automatically. HR has ten years of reviews and promotion decisions.",
    "毎月3,000件の応募があり、過去5年の採用結果を学習したモデルで書類選考を自動で不合格に"
    "したい。人事担当者の確認は挟まない予定です。",
    "与信限度額をリスクスコアで自動的に引き下げたい。10年分の返済履歴があり、担当者の確認なしで"
    "反映します。",
    "生活保護の支給停止をスコアで自動判定したい。過去の全ケースと結果は記録済みで、ケースワーカーの"
    "確認は省略する方針です。",
    "救急外来のトリアージをAIで完全自動化したい。看護師の確認はなくす。過去40万件の受診記録と"
    "判定結果があります。",
    "昇進の候補者を離職予測スコアで自動的に選別したい。人事評価と昇進の記録は10年分あります。"
    "人の確認はありません。",
    # Insurance claims paid or denied by the model alone (blind round 5)
    "We get 18,000 health claims a month and want the model to deny the weak claims itself; "
    "five years of adjusters' pay/deny decisions are logged. No adjuster checks the denials.",
    "入院給付金の請求は月に約1万8千件あり、AIで支払・不支払を判定してそのまま確定させたい。"
    "過去5年分の査定結果は全件残っています。査定担当の確認は挟まない方針です。",
    # Said indirectly (blind round 8): nobody will look at the rejected ones any more, the
    # rejection mail goes out from the system, no reasons and nowhere to ask.
    "アルバイト応募は月4,000件ほどで、過去の採否結果5年分を学習させたスコアで下位半分を落とします。"
    "落ちた方の応募書類を人が見ることはもうなくなります。理由はお伝えせず、問い合わせ窓口も"
    "設けません。",
    "奨学金の申請は年に2,000件あり、過去の審査結果でモデルを作って、システムから自動で"
    "不採択のお知らせメールを送る予定です。",
    "About 4,000 applications a month; a score trained on five years of past hiring outcomes "
    "drops the lower half. We won't tell applicants the reason and there is no contact point "
    "for appeals.",
]


@pytest.mark.parametrize("text", PEOPLE_UNREVIEWED)
def test_unreviewed_decisions_about_people_never_get_ml_fit(backends, text: str) -> None:
    a = assess(text, backends=backends)
    assert a.verdict != "ml_fit", a.statuses
    assert a.criterion("fairness").status not in ("n/a", "unknown")


SOLVED_BY_RULE = [
    "Customers ask for their delivery zone. The national postal API already returns the "
    "exact zone for any address; we get 20,000 requests a month and want ML to predict it.",
    "The shipping fee is fully determined by the carrier's rate card: weight band times zone. "
    "We ship 80,000 parcels a month and logged every fee. Could a model predict the fee?",
    "Overtime pay is set by law and our rules: the premium rate is a formula of hours. We "
    "have three years of payroll data and 800 staff; the CFO wants AI to compute it.",
    "Our finance team wants ML for the use-tax on invoices, but the rate is fixed by "
    "regulation for each product category, so it is just a lookup in the tax table.",
    "送料は運送会社との契約の料金表で重量とサイズと配送先から一意に決まります。月8万件の"
    "出荷データがあり、AIで送料を予測したいという相談です。",
    "割増賃金は労働基準法と就業規則の計算式で決まります。勤怠データは3年分ありますが、"
    "残業代をAIで計算したいそうです。",
    "学区は規則の別表で住所ごとに定められていて、対応表との照合で判定できます。月500件の"
    "転入届があり、AIで判定できないかと言われています。",
    "郵便番号から配送エリアを出すのは既存のAPIで正確に取得できます。それでも機械学習で"
    "予測したいという要望があります。",
    # blind round 5's phrasings (after scoring)
    "Partners want AI to predict filing deadlines. Once a trigger is entered, our calendaring "
    "software computes the dates from the court rules exactly; 300 matters a month.",
    "We want ML to find students with missing immunization forms; 'form received' is already "
    "a checkbox on each student record, 12,000 students.",
    "清掃の順番をAIで最適化したい。PMSにチェックアウト済みフラグと到着予定時刻があり、"
    "その順で並べれば終わりです。客室は月に約9,000室。",
    "源泉徴収税額は勘定系が約定ごとに確定的に計算しています。問い合わせは月2,000件、"
    "AIで答えたいとのことです。",
]


@pytest.mark.parametrize("text", SOLVED_BY_RULE)
def test_a_problem_a_rule_or_api_already_solves_never_gets_ml_fit(backends, text: str) -> None:
    a = assess(text, backends=backends)
    assert a.verdict == "not_ml", a.statuses
    assert a.criterion("ml_needed").status == "unmet"
    assert a.criterion("ml_needed").evidence in a.problem


def test_a_failing_rule_is_a_reason_for_ml_not_against(backends) -> None:
    text = ("Today a keyword rule table routes tickets, but it misroutes a third of them and "
            "can't keep up with new products. We log 300 tickets a day with the final team.")
    a = assess(text, backends=backends)
    assert a.criterion("ml_needed").status != "unmet"


@pytest.mark.parametrize("text", [
    "We want to predict bearing failures on our 40 conveyor motors from vibration and "
    "temperature sensors. Five years of readings and every failure are logged.",
    "プレス機の振動と温度のセンサーデータから故障を予測したい。5年分の記録と故障履歴があります。",
])
def test_no_people_and_no_personal_data_means_not_applicable(backends, text: str) -> None:
    a = assess(text, backends=backends)
    assert a.criterion("fairness").status == "n/a"
    assert a.criterion("data_rights").status == "n/a"
    known, applicable = a.coverage
    assert applicable == len(a.criteria) - 2  # n/a is left out of the applicable criteria


@pytest.mark.parametrize("text", [
    "We want to score loan applicants from their credit history.",
    "応募者の書類選考をAIで支援したい。",
])
def test_decisions_about_people_make_fairness_apply(backends, text: str) -> None:
    a = assess(text, backends=backends)
    assert a.criterion("fairness").status not in ("n/a", "unknown")
    assert a.criterion("data_rights").status != "n/a"


def test_labelled_as_fraud_or_not_is_not_a_negation(backends) -> None:
    text = ("We process 2M card transactions a day and every chargeback is labelled as "
            "fraud or not by the disputes team.")
    a = assess(text, backends=backends)
    assert a.criterion("labels").status != "unmet"


def test_cue_prefilter_never_skips_a_cue_that_matches() -> None:
    """Each cue's required literal factors are a pure speed-up: on every statement, a cue
    whose regex matches always passes its prefilter."""
    texts = list(load_statements().texts)
    for rule in rules():
        for text in texts:
            if rule.pattern.search(text):
                assert rule.may_match(text.lower()), (rule.pattern.pattern[:60], text)


def test_required_factors_of_simple_patterns() -> None:
    assert required_factors(r"\bhuman[- ]in[- ]the[- ]loop|hitl") == ("hitl", "human")
    assert required_factors(r"(?:cost|time)s? (?:by|to) \d") in (("cost", "time"),
                                                                ("by", "to"))
    assert required_factors(r"\d+\s?(?:%|percent)") == ("%", "percent")
    assert required_factors(r"[A-Z]\d+|\d+x") is None  # a branch with nothing literal


def test_long_mixed_input_is_read_whole(backends) -> None:
    filler = "Status update from the weekly sync; nothing decided on this item. " * 60
    text = (filler + "We log every order in Postgres since 2019. "
            "最終判断は必ずオペレーターが行います。" + filler)[:8000]
    a = assess(text, backends=backends)
    assert a.criterion("data_logged").status == "met"
    assert a.criterion("human_in_loop").status == "met"
    for c in a.criteria:
        assert c.evidence == "" or c.evidence in a.problem or c.source == "answer"
    assert len(split_clauses(text)) > 50


@pytest.mark.parametrize(("text", "per_month"), [
    ("月3万件の問い合わせ", 30000.0), ("1日約150通のメール", 4500.0),
    ("1.2 million orders a year", 100000.0), ("問い合わせは500件/月", 500.0),
    ("延滞者は月に5〜6人程度", 6.0),
])
def test_numbers_and_units_become_volumes(text: str, per_month: float) -> None:
    from app.extraction.scale import volumes_per_month

    assert volumes_per_month(text) == [pytest.approx(per_month)]


def test_capacity_and_confirmed_positives_are_not_volumes(backends) -> None:
    a = assess("退院支援看護師は3名おり、週に20名程度まで対応できます。電子カルテには10年分の入退院"
               "記録があります。", backends=backends)
    assert a.criterion("impact").status != "unmet"


def test_nobody_reviewing_with_unstated_error_cost_is_not_ml_fit(backends) -> None:
    text = ("We log 40,000 supplier invoices a month with the approved amount. The model would "
            "approve payments automatically, with no human review. Legal approved the data use.")
    a = assess(text, backends=backends)
    assert a.criterion("human_in_loop").status == "unmet"
    assert a.criterion("error_cost").status == "unmet"
    assert a.verdict != "ml_fit"


# Gaps said in passing (blind rounds 6 and 8): each is read unmet, and none ends at "ML fits".
STATED_GAPS = [
    ("We have 2,500 web leads a month, all in the CRM, but right now I genuinely can't say "
     "which leads turned into sales: the deals live in another system with no lead id.", "labels"),
    ("問い合わせは月2,500件でCRMに全部ありますが、どの問い合わせが成約につながったかは"
     "今のところ分からないです。", "labels"),
    ("The scheduler sends tonight's plan straight to the autonomous sprayers with no sign-off. "
     "Eight years of weather and scout data are logged. Last time one missed window cost us "
     "most of the harvest on two fields, and the spray only protects: there's no catching up.",
     "error_cost"),
]


@pytest.mark.parametrize(("text", "criterion"), STATED_GAPS)
def test_a_gap_said_in_passing_is_unmet_and_never_ml_fit(backends, text: str,
                                                         criterion: str) -> None:
    a = assess(text, backends=backends)
    assert a.criterion(criterion).status == "unmet", a.statuses
    assert a.verdict != "ml_fit"
