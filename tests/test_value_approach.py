"""Numbers in both languages, the value sketch built from them, and the recommended approach
(no index needed: these are pure functions over the user's text)."""

from __future__ import annotations

import pytest
from test_proposal import assessment, compose

from app.approach import recommend
from app.numbers import find_quantities
from app.value import money, sketch


def _one(text: str, kind: str):
    found = [q for q in find_quantities(text) if q.kind == kind]
    assert found, f"no {kind} in {text!r}: {find_quantities(text)}"
    return found[0]


@pytest.mark.parametrize(("text", "kind", "low", "per", "quote"), [
    ("We ship about 1.2 million orders a year.", "count", 1.2e6, "year",
     "about 1.2 million orders a year"),
    ("we record ~800\ncalls a week on Zoom", "count", 800, "week", "~800\ncalls a week"),
    ("Agents spend around 9 minutes per ticket.", "minutes", 9, "case",
     "around 9 minutes per ticket"),
    ("Each ticket costs $4.50 to handle.", "money", 4.5, "case", "$4.50"),
    ("clerk time costs roughly $1.2 million a year", "money", 1.2e6, "year",
     "roughly $1.2 million a year"),
    ("社員から月に約1,800件の問い合わせが届きます。", "count", 1800, "month", "月に約1,800件"),
    ("担当者は1件あたり平均6分かけています。", "minutes", 6, "case", "1件あたり平均6分"),
    ("受電は1日約3,000件。", "count", 3000, "day", "1日約3,000件"),
    ("単価は¥4,000/件です。", "money", 4000, "case", "¥4,000/件"),
    ("損失は年間約1.2億円と試算。", "money", 1.2e8, "year", "年間約1.2億円"),
    ("改善は2割を見込む。", "percent", 0.2, None, "2割"),
    ("誤配送は18%です。", "percent", 0.18, None, "18%"),
    ("Under-quotes leak roughly $180k/quarter.", "money", 1.8e5, "quarter",
     "roughly $180k/quarter"),
    ("取りこぼしは四半期で約1,800万円。", "money", 1.8e7, "quarter", "四半期で約1,800万円"),
])
def test_quantities_in_both_languages_keep_the_users_words(text, kind, low, per, quote) -> None:
    q = _one(text, kind)
    assert q.low == pytest.approx(low) and q.per == per
    assert q.text == quote and q.text in text


def test_history_and_bare_numbers_are_not_volumes() -> None:
    assert not [q for q in find_quantities("We have 3 years of logs and 4,000 staff.")
                if q.kind == "count" and q.per]
    assert not [q for q in find_quantities("3年分のログがあります。") if q.kind == "count"]


def test_value_sketch_is_volume_times_value_per_case_times_improvement() -> None:
    text = ("Our desk handles about 2,300 tickets a month. "
            "Agents spend around 9 minutes per ticket.")
    v = sketch(text, "en", "off_the_shelf", "ml_fit")
    assert v.currency == "USD" and not v.missing
    per_year = 2300 * 12
    # 9 minutes at the assumed $40-60 an hour, times the assumed 20-40 % improvement.
    assert v.value == pytest.approx((per_year * 9 / 60 * 40 * 0.2, per_year * 9 / 60 * 60 * 0.4))
    assert v.build[0] < v.build[1] and v.run and v.run[0] < v.run[1]
    assert money(v.value, "USD", "en") == "$33k–$99k"


def test_value_sketch_in_yen_and_what_is_missing() -> None:
    v = sketch("返信は月に約4,500件、1件あたり約600円かかっています。", "ja", "off_the_shelf",
               "ml_fit")
    assert v.currency == "JPY" and v.value is not None
    yen = money(v.value, "JPY", "ja")
    assert yen.startswith("約") and yen.endswith("円")
    assert sketch("注文は1日200件です。", "ja", "custom_model", "ml_fit").missing == (
        "value_per_case",)
    assert sketch("AIを使いたい。", "ja", "custom_model", "needs_info").missing == (
        "volume", "value_per_case")


def test_minutes_and_seconds_are_one_duration_and_a_bare_japanese_number_no_volume() -> None:
    acw = [q for q in find_quantities("ACW（後処理）が平均2分40秒。") if q.kind == "minutes"]
    assert len(acw) == 1 and acw[0].low == pytest.approx(2 + 40 / 60)
    assert not [q for q in find_quantities("月5万円だって。年60万は高いか") if q.kind == "count"]


def test_an_average_handling_time_is_the_time_per_case_but_a_waiting_time_is_not() -> None:
    calls = "モバイル窓口は1日約9,000コール。通話後の入力（ACW）が平均2分40秒かかっています。"
    v = sketch(calls, "ja", "off_the_shelf", "ml_fit")
    assert v.basis == "per_case" and not v.missing and v.value is not None
    wait = "問い合わせは月約4,500件。一次回答時間（FRT）は今の平均6時間です。"
    assert sketch(wait, "ja", "off_the_shelf", "ml_fit").missing == ("value_per_case",)


def test_a_cap_or_a_total_is_not_money_per_case() -> None:
    for text in ("We approve term loans up to $150k with a fully automated decision.",
                 "gross churn last FY was 11% of ARR ≈ $6.8M\nana: - every renewal is late"):
        assert not [q for q in find_quantities(text) if q.per == "case"], text
    assert _one("it costs $4.50 a ticket", "money").per == "case"


def test_money_at_stake_is_the_yearly_pool_not_a_monthly_price() -> None:
    text = ("We give the people we call a $15/month discount anyway. Finance estimates "
            "~$3.1M a year goes on discounts to people who would have stayed.")
    v = sketch(text, "en", "custom_model", "ml_fit")
    assert v.basis == "pool" and v.pool is not None and v.pool.per_year()[0] == 3_100_000
    assert v.value is not None and v.value[0] >= 3_100_000 * 0.05


def _approach(text: str, lang: str = "en", verdict: str = "ml_fit", unmet: str = ""):
    findings = {unmet: ("unmet", text)} if unmet else {}
    return recommend(text, lang, verdict, findings, ("ml_needed", "impact"))


def test_approach_follows_the_build_vs_buy_ladder() -> None:
    rag = _approach("Retrieve the relevant Confluence pages and have an LLM draft an answer; "
                    "agents edit it before sending.")
    assert rag.kind == "off_the_shelf" and "“" in rag.reasons[0]
    tuned = _approach("We tried prompting a general LLM with twenty examples and it was right "
                      "61 % of the time; we want to fine-tune an open model on 480,000 coded "
                      "work orders.")
    assert tuned.kind == "fine_tune"
    forecast = _approach("Forecast next-day shipments from three years of shipment lines.")
    assert forecast.kind == "custom_model"
    ja = _approach("通話テキストから生成AIで要約の下書きを作る。", lang="ja")
    assert ja.kind == "off_the_shelf" and "「" in ja.reasons[0]
    rule = _approach("The tax engine already returns the exact tax for each line.",
                     verdict="not_ml", unmet="ml_needed")
    assert rule.kind == "rules" and "already returns the exact tax" in rule.reasons[0]


def test_an_llm_named_inside_japanese_text_and_a_product_on_offer_are_bought_first() -> None:
    chat = _approach("約款をチャットで聞けるやつ作りたい。ChatGPTみたいな感じで。", lang="ja",
                     verdict="needs_info")
    assert chat.kind == "off_the_shelf" and "ChatGPT" in chat.reasons[0]
    pests = _approach("At a grower meeting someone mentioned cameras that spot whiteflies "
                      "automatically. We lost 8% of production last autumn.", verdict="needs_info")
    assert pests.kind == "off_the_shelf" and "cameras that spot whiteflies" in pests.reasons[0]
    own = _approach("Rank feeder segments by predicted outage risk from our vendor's 10 years "
                    "of trimming records and outage logs.")
    assert own.kind == "custom_model"


def test_every_approach_names_its_trade_offs() -> None:
    a = _approach("Summarise customer calls with an LLM API; recordings contain customer names.")
    joined = " ".join(a.reasons)
    assert "Data leaving the company" in joined and len(a.reasons) <= 3


def test_a_daily_volume_counts_working_days_and_says_so() -> None:
    text = "1日約400件の書類を入力しています。1件あたり平均5分かかります。"
    v = sketch(text, "ja", "off_the_shelf", "ml_fit")
    assert v.volume_per_year == pytest.approx((400 * 250, 400 * 250))
    markdown, _, _ = compose(assessment(text, "ja"))
    assert "稼働日を年250日として年間約10万件" in markdown


def test_the_volume_is_the_work_not_an_occasional_event_in_it() -> None:
    text = ("We do about 2 big re-slottings a year. The centre ships about 15,000 order lines a "
            "day with 40 pickers, and each line takes about 1 minute to pick.")
    v = sketch(text, "en", "custom_model", "ml_fit")
    assert v.volume is not None and v.volume.text == "about 15,000 order lines a day"


@pytest.mark.parametrize("text", [
    ("Volume is about 14k tickets per month. Each bounce adds a median of 9.5 hours to "
     "time-to-resolve."),
    "レビューは月に約4万件です。掲載まで平均で26時間くらいかかっています。",
])
def test_a_wait_or_a_delay_is_not_staff_time(text) -> None:
    v = sketch(text, "en" if text.isascii() else "ja", "custom_model", "ml_fit")
    assert v.per_case is None and "value_per_case" in v.missing


def test_hours_someone_works_are_staff_time() -> None:
    text = "We close about 300 files a month. A case handler spends about 5 hours on each file."
    v = sketch(text, "en", "custom_model", "ml_fit")
    assert v.per_case is not None and v.per_case.low == 300
