"""Readings a real text tricks a naive cue into: a ticket field, a confirmation worded as a
negation, "not perfect", a small count next to a large volume, a rule shown to fail in the
next sentence, handwriting that is the input of a document reader."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.config import PROJECT_ROOT
from app.extraction import extract_statuses
from app.extraction.model import extractor_model
from app.knowledge import cached_knowledge
from app.text import clean_input, detect_language

RUBRIC = cached_knowledge(PROJECT_ROOT / "knowledge").rubric


@pytest.fixture(scope="module")
def read(tmp_path_factory):
    cache: Path = tmp_path_factory.mktemp("extractor-cache")
    extractor_model(cache)

    def run(text: str) -> dict[str, str]:
        clean = clean_input(text).text
        found = extract_statuses(clean, detect_language(clean), None, cache_dir=cache,
                                 rubric=RUBRIC)
        return {cid: f.status for cid, f in found.items()}

    return run


def test_a_ticket_field_named_labels_is_not_a_fact_about_labels(read) -> None:
    text = ("MNT-2291 spindle failure prediction\n"
            "Reporter: r.okafor   Prio: P3   Labels: ai-initiative\n"
            "We want to predict bearing failures a week ahead so maintenance can plan the swap.")
    assert read(text)["labels"] == "unknown"


def test_items_checked_and_not_changed_are_confirmations_not_missing_labels(read) -> None:
    text = ("Sellers pick a category for every listing. Moderators fix the wrong ones, and the "
            "listings which moderators checked and not changed are marked as \"verified\".")
    assert read(text)["labels"] != "unmet"


def test_not_perfect_is_not_an_intolerable_error(read) -> None:
    text = "完売時刻はPOSの最終販売時刻からある程度推定できるけど完璧じゃないです。"
    assert read(text)["error_cost"] != "unmet"
    strict = "誤判定は1件も許されない。誰も確認せずに自動で確定します。"
    assert read(strict)["error_cost"] == "unmet"


def test_a_small_count_of_something_else_does_not_make_a_large_volume_tiny(read) -> None:
    text = ("市民からの問い合わせは月に約3,000件あり、職員が例規集やFAQを探して回答しています。"
            "例規の改正が頻繁（議会ごと、年4回）。")
    assert read(text)["impact"] != "unmet"
    assert read("対象の申請は年に2件ほどしかありません。")["impact"] == "unmet"


def test_a_formula_shown_to_fail_in_the_next_sentence_is_a_reason_to_learn(read) -> None:
    text = ("today the health score is a hand-weighted formula (logins, NPS, tickets).\n"
            "backtested on last year's renewals it's basically a coin flip, AUC 0.61.")
    assert read(text)["ml_needed"] != "unmet"


def test_handwriting_is_the_input_of_a_document_reader_not_missing_data(read) -> None:
    extraction = ("OCRとLLMで診断書の項目を抽出して入力画面にpre-fillします。"
                  "手書きの診断書が心配です、癖字の先生が多いので。")
    assert read(extraction)["data_logged"] != "unmet"
    binder = "The maintenance log is a paper binder at the cell, not digitized."
    assert read(binder)["data_logged"] == "unmet"


def test_a_question_in_the_text_is_not_evidence_that_something_is_there(read) -> None:
    text = ("We run 300 solar inverters across 12 sites.\n"
            "And how do you know which inverter actually failed, when, and why?")
    assert read(text)["labels"] != "met"


@pytest.mark.parametrize(("text", "criterion"), [
    ("お渡しする場合は業務委託契約（秘密保持・再委託禁止）を結ぶ形になります。", "data_rights"),
    ("Proposal: train on 2019+ and use pre-2019 only for sanity checks.", "data_rights"),
    ("うち約6割が写真査定（アジャスター立会いなし）。", "data_logged"),
])
def test_ordinary_conditions_are_not_blockers(read, text, criterion) -> None:
    assert read(text)[criterion] != "unmet"


def test_a_learned_unmet_no_cue_backs_is_offered_as_partial_where_it_proved_unreliable() -> None:
    from app.extraction import Finding
    from app.extraction.decide import Params, fuse

    learned = Finding("unmet", "No ticket text leaves our infra.", 0.89, "model")
    p = Params(model_unmet_trusted=("error_cost",), unmet_needs_adverse=False)
    none = Finding("unknown", "", 0.0, "rule")
    assert fuse(none, learned, "success_metric", p).status == "partial"
    assert fuse(none, learned, "error_cost", p).status == "unmet"
    cue = Finding("unmet", "No one measures it.", 0.7, "rule")
    assert fuse(cue, learned, "success_metric", p).status == "unmet"


@pytest.mark.parametrize("text", [
    ("The model is trained on eight years of completed audits, with the final assessed adjustment "
     "recorded. For returns scoring above 0.9 the system would automatically generate and mail a "
     "notice with a 10% penalty, without assignment to an auditor. Nobody has checked notice "
     "rates by industry or area. The only recourse is a formal appeal that takes six to nine "
     "months."),
    ("過去8年分の調査結果と追徴額が記録されています。スコアが0.9以上の申告は調査官に回さず、"
     "自動で通知を送付する案です。地域別の通知率はまだ誰も確認していない。"
     "不服申し立ては審判所への申し立てしかない。"),
])
def test_automatic_penalty_notices_nobody_reviews_never_read_as_ml_fit(read, text) -> None:
    found = read(text)
    assert "unmet" in (found["human_in_loop"], found["fairness"])
    assert RUBRIC.decide_verdict(found) != "ml_fit"


@pytest.mark.parametrize("text", [
    ("運行管理システムに勤務自動作成モジュールが入っており、制約条件を登録すれば最適化で"
     "勤務表を自動生成できる、ただし条件の登録がされておらず一度も使われていない。"),
    "Our TMS already has a routing module that can do this once the lane rules are configured.",
])
def test_a_tool_already_owned_that_does_the_job_once_configured_means_no_ml(read, text) -> None:
    assert read(text)["ml_needed"] == "unmet"


def test_an_agent_that_books_and_cancels_without_a_coordinator_has_no_human_review(read) -> None:
    text = ("When a carrier rejects a tender, the agent cancels it, re-tenders and books the best "
            "spot quote up to $15k, then emails the new ETA. All without a coordinator.")
    assert read(text)["human_in_loop"] == "unmet"


@pytest.mark.parametrize("text", [
    ("Any defect report the model predicts as Routine with confidence > 0.8 is closed "
     "automatically and removed from the engineer queue. No manual sampling of auto-closed "
     "reports: the point is to save engineer time."),
    "Low-risk tickets get auto-closed by the classifier; nobody else is involved.",
])
def test_reports_closed_automatically_with_no_sampling_have_no_human_review(read, text) -> None:
    assert read(text)["human_in_loop"] == "unmet"


def test_automation_ruled_out_as_a_non_goal_is_not_the_plan(read) -> None:
    text = ("Analysts review every alert the model ranks. Non-goals: reducing headcount; "
            "auto-closing alerts (explicitly out of scope for v1).")
    assert read(text)["human_in_loop"] != "unmet"


def test_inputs_missing_on_the_day_of_the_decision(read) -> None:
    text = ("I could train something on our own history, but on the day we set prices the model "
            "wouldn't have the inputs that actually move the price.")
    assert read(text)["serving_data"] == "unmet"


@pytest.mark.parametrize("text", [
    ("Approximately 62% are auto-coded by the coding module using exact match against the "
     "synonym list; coders do the rest by hand."),
    ("Who gets called is decided by a rule we set up in 2021: contract ends within 60 days. "
     "It misses most of the customers who actually leave."),
])
def test_a_rule_that_covers_part_or_falls_short_today_is_not_the_answer(read, text) -> None:
    assert read(text)["ml_needed"] != "unmet"


def test_a_polite_request_is_not_a_missing_review(read) -> None:
    assert read("逸脱報告の分類、AIで下書きだけでも出せません？")["human_in_loop"] != "unmet"
    assert read("AIの判定は誰も確認せずにそのまま登録されます。")["human_in_loop"] == "unmet"


def test_the_positives_counted_are_not_the_volume_decided_on(read) -> None:
    text = "中退する学生は年に80人くらい（学生数6,500人）で、全員の出欠と成績が記録されています。"
    assert read(text)["impact"] != "unmet"


@pytest.mark.parametrize("text", [
    "We want the LLM to *draft* replies in Zendesk for the returns queue; agents edit and send.",
    "通話記録の要約をLLMで作りたい。オペレーターが確認して保存します。",
    "請求書PDFから取引先名と金額を抽出して会計システムに入力したい。",
])
def test_reading_or_writing_free_text_needs_learned_language_skills(read, text) -> None:
    assert read(text)["ml_needed"] == "met"


def test_a_volume_written_with_a_slash_is_a_volume(read) -> None:
    from app.extraction.scale import volumes_per_month

    assert volumes_per_month("volume: ~2,800 tickets/day across all queues") == [84000.0]
    assert read("Volume is ~2,800 tickets/day across all queues.")["impact"] != "unknown"


def test_the_teams_finished_outputs_are_reference_labels(read) -> None:
    text = "We have 18 months of tickets with the final agent replies in the warehouse."
    assert read(text)["labels"] in ("met", "partial")


@pytest.mark.parametrize("text", [
    "勤怠システムに標準機能で「残業時間アラート」っていうのがあって、設定してないだけです。",
    "取引銀行のバーチャル口座サービスで解決できます。入金された口座番号で取引先が特定できます。",
    ("Every reply is one of six fixed messages chosen by the order's status, and the help desk "
     "supports macros with placeholders."),
])
def test_a_feature_or_service_that_already_gives_the_answer_means_no_ml(read, text) -> None:
    assert read(text)["ml_needed"] == "unmet"


def test_a_vendors_price_is_not_value_at_stake_and_a_tiny_roster_is_tiny(read) -> None:
    permits = ("We get around 70 permit applications a year. Their price for a town our size "
               "is $30,000 a year.")
    assert read(permits)["impact"] == "unmet"
    assert read("うちの生徒って今38人ですよね。去年やめたのは6人です。")["impact"] == "unmet"
    assert read("うちは住宅リフォーム会社で、社員30人くらいです。")["impact"] != "unmet"


def test_automatic_card_loan_declines_are_a_decision_about_people_without_review(read) -> None:
    text = ("カードローンの審査、スコアが低い申込は否決も全部自動にしたいです。\n"
            "今は否決方向のやつは必ず審査担当が一回見てますけど、それも無くす想定です。")
    found = read(text)
    assert found["fairness"] != "n/a" and found["human_in_loop"] == "unmet"
    assert RUBRIC.decide_verdict(found) != "ml_fit"


def test_nurses_who_would_never_see_the_patient_are_no_review(read) -> None:
    text = ("The kiosk model returns a suggested acuity and low-acuity walk-ins are redirected. "
            "Triage nurses would not see these patients at all.")
    assert read(text)["human_in_loop"] == "unmet"
    assert read("I'll be checking in with each of you personally.")["ml_needed"] != "unmet"


@pytest.mark.parametrize(("text", "criterion"), [
    ("誤検知はどうする？\nそうっすね、そこは閾値で調整", "ml_needed"),
    ("部長からは「件数が少なければ問題ない」との見解でございます。", "impact"),
    ("先日の打合せで口頭でお伝えした件につき、改めて要件を整理いたしました。", "data_logged"),
])
def test_tuning_a_threshold_a_conditional_and_a_spoken_briefing_are_not_gaps(
        read, text, criterion) -> None:
    assert read(text)[criterion] != "unmet"


def test_a_no_show_rate_is_a_measure_not_a_negation(read) -> None:
    found = read("船橋と市川の2店舗で2か月試して、残り3店舗と no-show 率・ピット稼働率を比べる。")
    assert found["success_metric"] != "unmet"
    assert read("We have no data on no-shows yet.")["data_logged"] == "unmet"  # still a negation


def test_a_shadow_run_nobody_sees_is_not_an_unreviewed_decision(read) -> None:
    text = "Then 4 weeks shadow on two lines (model predicts, nobody sees it, we compare)."
    assert read(text)["human_in_loop"] != "unmet"


def test_saying_no_personal_data_is_used_is_not_a_rights_gap(read) -> None:
    assert read("エンドユーザーの住所などの個人情報は使わない想定です。")["data_rights"] != "unmet"
    gap = "We have five years of patient records and no ethics review or consent for this use."
    assert read(gap)["data_rights"] == "unmet"  # a real gap is still one


# An agent that writes into a system of record with no one approving, and a check that skips
# the pharmacist: no review, whatever else is in place (a reading that once said "reviewed"
# because the *LLM agent* "reads each email").
NO_REVIEW = [
    ("We get about 400 booking-change emails a day from shipping lines. We want an LLM agent "
     "that reads each email and updates the vessel booking in our terminal operating system "
     "directly via its API. We have 2 years of emails and the changes our clerks made, all "
     "logged. The agent writes the change itself; nobody approves it before it goes into the "
     "system. Success = handling time down 60%."),
    ("薬剤部では1日約800件の処方を薬剤師が監査しています。過去5年分の処方データと疑義照会の記録が"
     "電子カルテに残っています。AIが処方をチェックして、問題なしと判定したものは薬剤師を通さずに"
     "そのまま調剤に回す運用にしたいです。目標は監査時間を半分にすること。"),
]


@pytest.mark.parametrize("text", NO_REVIEW, ids=["en-agent-writeback", "ja-skip-pharmacist"])
def test_nobody_approving_is_no_human_review(read, text) -> None:
    assert read(text)["human_in_loop"] == "unmet"


def test_an_ai_agent_reading_is_not_a_person_reviewing(read) -> None:
    text = ("We want an AI agent that reads each supplier invoice and posts it to the ledger. "
            "About 3,000 invoices a month.")
    assert read(text)["human_in_loop"] != "met"


def test_nobody_checking_in_to_a_room_is_not_about_review(read) -> None:
    text = ("Facilities suggested releasing a booking if nobody checks in on the room tablet "
            "within 10 minutes.")
    assert read(text)["human_in_loop"] != "unmet"


# A review in name only, and software acting alone (texts of my own; the cues come from a
# tuning set of dangerous cases, eval/tuning/safety_r6.yaml).
NAME_ONLY = [
    ("Since launch the model's approve/decline call lands in the underwriters' queue. They filter "
     "by 'approve', select all and confirm; about 450 files an hour."),
    "現場では、AIの判定を見てOK押してるだけです。私は1時間で300件くらい処理してます。",
    ("The vendor's agent autonomously executes supplier payments via the bank API once an "
     "invoice matches a vendor."),
    "社長は、振込の承認をなくしたいと言っています。AIが請求書を読んで振込まで行う想定です。",
    "60点未満の応募書類は、担当者が読むことはありません。",
    "Below the cutoff, the rejection email goes out automatically the same day.",
]


@pytest.mark.parametrize("text", NAME_ONLY)
def test_a_review_in_name_only_or_none_is_no_human_review(read, text) -> None:
    assert read(text)["human_in_loop"] == "unmet"


@pytest.mark.parametrize("text", [
    ("Approval rates have not been broken down by age or zip code; the model doesn't use age "
     "so we assumed it's fine."),
    "性別や年齢による否認率の差については検証を行っていません。",
    "不合格の理由は開示しない。再審査の申し出は受け付けない。",
])
def test_unchecked_groups_or_no_recourse_is_a_fairness_gap(read, text) -> None:
    # (each a decision about people: a loan, a credit line, an admission)
    assert read("We decide on applicants' loans. " + text)["fairness"] == "unmet"


def test_rubber_stamping_named_as_a_risk_is_not_todays_practice(read) -> None:
    text = ("Agents edit the drafted reply before sending. Honestly the real risk is "
            "rubber-stamping once they trust it.")
    assert read(text)["human_in_loop"] != "unmet"


@pytest.mark.parametrize("text", [
    "結論から言うと、今回の目的ならAIを作る必要はなさそうです。経費システムの連携で正しい運賃が自動で計算されます。",
    "問い合わせの急増はアプリのバグでした。ログイン画面のリンクを修正すれば減るはずです。",
    ("All the lapsed renewals had a correct end date. The date is already in the system; the "
     "reminder task was switched off."),
    "Suggested fix: lock the weight field to kg on every device and add a plausibility warning.",
])
def test_a_fix_that_needs_no_model_settles_ml_needed(read, text) -> None:
    assert read(text)["ml_needed"] == "unmet"


# Texts that only sound like a gap (cues tuned on eval/tuning/falsealarm_r6.yaml; own texts).
@pytest.mark.parametrize(("text", "criterion"), [
    ("Every suggestion has a 'not relevant' button and each click is logged with the case id.",
     "data_logged"),
    ("The score uses the three years of claims we already hold in the warehouse. No new data "
     "sources.", "data_logged"),
    ("This is not a real-time thing: the forecast is made the evening before from the same "
     "fields the planners see.", "serving_data"),
    ("去年までは紙の日報だったけど、2022年からは全部タブレットで入力していて、3年分たまっています。",
     "data_logged"),
    ("We used to track returns in email, but since 2021 every return and its reason is in the "
     "WMS.", "data_logged"),
    ("「前にAIなんて要らないって言ってませんでした？」と聞かれましたが、ルールでは月2割しか当たらず、"
     "実績データは5年分あります。", "ml_needed"),
])
def test_what_only_sounds_like_a_gap_is_not_one(read, text, criterion) -> None:
    assert read(text)[criterion] != "unmet"


def test_a_vendor_terms_line_in_a_privacy_paragraph_is_not_a_rule_that_decides(read) -> None:
    text = ("個人情報の確認結果です。診断書は要配慮個人情報ですが、"
            "利用目的の範囲内なので新たな同意は不要と法務が確認しました。"
            "委託先との契約は国内リージョンのみで、入力データは学習に使いません。"
            "ベンダーの規約にも明記ありです。読み取りはOCRでは項目の3割を取り違えていました。")
    assert read(text)["ml_needed"] != "unmet"


@pytest.mark.parametrize("text", [
    "契約上、モデル開発への二次利用は患者ごとの書面同意がある場合に限られます。同意済みは全体の3%程度です。",
    ("Secondary use requires written consent, and only about 2% of customers have given "
     "consent so far."),
])
def test_consent_that_few_have_given_is_a_rights_gap(read, text) -> None:
    assert read(text)["data_rights"] == "unmet"


@pytest.mark.parametrize("text", [
    "基幹システムには支払額が残るだけで、減額が不正によるものかどうかは区別されていません。",
    "The system keeps the final amount but does not distinguish fraud from ordinary adjustments.",
])
def test_an_outcome_the_records_do_not_tell_apart_is_no_label(read, text) -> None:
    assert read(text)["labels"] == "unmet"


@pytest.mark.parametrize(("text", "criterion"), [
    ("前回「検査画像は保存していない」とお答えしましたが、訂正させてください。実際は2019年から全数の画像が"
     "サーバーに残っています。", "data_logged"),
    ("毎日15時に、病棟ごとの転倒リスクを一覧表示します。過去3年の転倒記録と看護記録があります。",
     "ml_needed"),
    ("最終粘度が規格外れになるバッチが年に約5%あり、その予兆を掴みたい。", "ml_needed"),
])
def test_a_retraction_a_list_view_and_the_event_to_predict_are_not_gaps(read, text,
                                                                      criterion) -> None:
    assert read(text)[criterion] != "unmet"


def test_a_question_quoted_inside_a_statement_still_settles(read) -> None:
    # The sentence splitter cuts at the "?"; the text goes on, so it is a statement.
    text = ('The web form could simply add a "which service is this about?" dropdown (free, the '
            'form builder supports it) and I would still check the assignment.')
    assert read(text)["ml_needed"] == "unmet"


def test_no_planner_step_is_no_human_review(read) -> None:
    text = ("The agent extracts the fields, calls the TOS API directly to update the vessel visit "
            "and sends the confirmation to the line. No planner step.")
    assert read(text)["human_in_loop"] == "unmet"


@pytest.mark.parametrize("text", [
    ("現行の電子カルテには用量チェック機能が既に可能である。デモの判定ロジックは医薬品データベースの照合で、"
     "学習によって判定が変わる仕組みではない。"),
    "アラート設定の見直しと腎機能チェックの有効化で、大部分は防げると考える。",
])
def test_a_check_the_system_already_has_settles_that_no_model_is_needed(read, text) -> None:
    assert read(text)["ml_needed"] == "unmet"


@pytest.mark.parametrize("text", [
    "Ops asked for an AI that predicts the expiry date on each label. QA: expiry is the packing"
    " date plus the fixed shelf life on the spec sheet. There's nothing to predict.",
    "Billing BI: the contract end date is a field on every account. A SQL query gives you the"
    " exact list each month, no model needed.",
    "Turns out the carrier lookup we already license answers this. PM: fine, re-scoping this to"
    " integration.",
    "在庫引当てをAIで予測したいという相談。倉庫システムで品番を引けば、"
    "予測しなくても引当て可能数が全部正確に出ます。",
    "配車の順番をAIで、と言われましたが、運行管理システムにその並べ替え機能がありますよ。誰も使ってないだけです。",
    "結論、AIじゃなくていいってことになりました。連携の問題です。",
    "勤怠ソフトに自動配車の機能がもともと入っていたので、AIの予算取りは一旦なしにします。",
    "小テストは選択式なので、採点ソフトで正答と照合すれば点数が自動で出ます。",
    "Benefit eligibility is set by the state: income below a published threshold for the"
    " household size.",
    "The PLC can already do that, it's just a parameter: stop the press at the count limit.",
    "The duplicate-payment check exists but was switched on at 12 of our 40 sites.",
])
def test_a_thread_that_concludes_the_answer_is_already_determined_means_no_ml(read, text) -> None:
    assert read(text)["ml_needed"] == "unmet"


@pytest.mark.parametrize(("text", "criterion"), [
    # what a vendor may do with the data is about permission, not about what is logged
    ("Every claim since 2019 is in the claims system. Nothing is shared with third parties and"
     " the vendor does not use it to train their models.", "data_logged"),
    # people, not data
    ("All orders since 2020 are in the ERP. We don't have any data scientists, though.",
     "data_logged"),
    # the records are read on a tablet; only the summary is handwritten
    ("夜勤リーダーが夜間の記録をタブレットで見返して、申し送り用に手書きでまとめています。",
     "data_logged"),
    # the photo of a handwritten board is the image the model reads
    ("工事写真は月2万枚。ほとんどが手書き黒板の写真です。", "data_logged"),
    ("協力会社さんが撮ってくる写真はまだ手書きの黒板が多い。", "data_logged"),
    # a table mapping old categories to new ones is a migration step, not the answer
    ("カテゴリ改定の件、旧→新の対応表があるので過去分はそれで寄せます。", "ml_needed"),
    # how the outcome is defined is about labels
    ("A lapse is final after the 60-day grace period, so we know within about two months.",
     "ml_needed"),
    # a cold start for one new client, next to years of logged shipments
    ("Three years of shipments are in the WMS. For the new client starting in May there is no"
     " history yet.", "data_logged"),
    # a count of systems since last year is not a small volume of cases
    ("Orders are logged in 2 systems since last year, about 30,000 a month.", "impact"),
    # a harm the writer denies
    ("人の振り分けミスは後工程で直しているので、致命的にはならないです。", "error_cost"),
    ("誤判定があっても再検査で拾えるので、致命的な問題ではないです。", "error_cost"),
    # the category a person picks when closing the ticket is the label, known for training
    ("オペレーターは対応完了時に必ずカテゴリを付け直してクローズしています。", "serving_data"),
])
def test_sentences_that_only_sound_like_a_gap(read, text, criterion) -> None:
    assert read(text)[criterion] != "unmet"


@pytest.mark.parametrize(("text", "criterion"), [
    ("新規荷主が1月から入る件は、過去データが無いので最初は手で見積もります。", "data_logged"),
    ("書類の仕分けはモデルでやりたい。ここはAIいらないです、ファイル名の付け替えはルールで。",
     "ml_needed"),
])
def test_a_gap_in_one_part_is_partial_not_a_blocker(read, text, criterion) -> None:
    assert read(text)[criterion] == "partial"


@pytest.mark.parametrize("text", [
    "退学者は年に80人くらい(学生数6,500人)。早めに気づいて面談につなげたい。",
    "About 40 claims a year turn out to be staged, out of 120,000 policyholders.",
    "異物混入のクレームは年に数件ですが、1件でも回収になると数千万円の損失になります。",
])
def test_a_small_count_of_costly_or_rare_events_is_not_a_small_problem(read, text) -> None:
    assert read(text)["impact"] != "unmet"


@pytest.mark.parametrize("text", [
    "We want to forecast daily call volume for staffing. Five years of call records per"
    " half hour are stored in the ACD system.",
    "来月の出荷量を予測して人員を決めたい。過去3年分の出荷実績はWMSにすべて記録されています。",
])
def test_a_forecast_of_a_logged_quantity_has_its_history_as_labels(read, text) -> None:
    found = read(text)
    assert found["data_logged"] == "met"
    assert found["labels"] in ("partial", "met")


@pytest.mark.parametrize(("text", "criterion"), [
    ("- Originally I wrote here that we don't know which claims were fraud. Every claim is"
     " marked fraud or not at closure.", "labels"),
    ("I honestly don't know which of these ideas is realistic, and I don't want us promising"
     " something the team can't deliver.", "action"),
])
def test_a_retraction_or_the_writers_own_doubt_is_not_a_gap(read, text, criterion) -> None:
    assert read(text)[criterion] != "unmet"


@pytest.mark.parametrize(("text", "criterion"), [
    ("The bot reads the ticket and calls the refund and cancel endpoints itself. No human in the"
     " middle. Refunds can't be undone once the payment provider runs them.", "human_in_loop"),
    ("The bot reads the ticket and calls the refund and cancel endpoints itself. No human in the"
     " middle. Refunds can't be undone once the payment provider runs them.", "error_cost"),
    ("予測が基準を下回ったロットは、人の確認を挟まずに自動で廃棄にします。捨てたら戻せないです。",
     "error_cost"),
    ("スコアが高い社員は自動で選抜リストから外す。本人にも上司にも理由は言わない。", "fairness"),
    ("外された人は外されたことも分からないし、異議を言う機会もない。", "fairness"),
    ("Flagged drivers are deactivated; the appeal form auto-replies that the decision is final.",
     "fairness"),
])
def test_irreversible_unreviewed_actions_and_decisions_without_recourse_are_gaps(
        read, text, criterion) -> None:
    assert read(text)[criterion] == "unmet"


@pytest.mark.parametrize(("text", "criterion"), [
    ("We can score every account, but we haven't worked out what we'd do with the list.",
     "action"),
    ("予測リストをもらっても、誰が学生に連絡するのか決まってないです。", "action"),
    ("Our privacy officer says training on the photos needs new consent or an ethics-board"
     " approval, and we haven't started either.", "data_rights"),
    ("アプリの同意書は診療の提供しかカバーしていません。", "data_rights"),
    ("出欠は残っていますが、誰が退学したかは卒業時に消す決まりで、一件も残っていません。",
     "labels"),
    ("Repairs are logged per site and nobody links the warranty returns back to a unit.",
     "labels"),
])
def test_undecided_actions_missing_consent_and_erased_outcomes_are_gaps(read, text, criterion
                                                                        ) -> None:
    assert read(text)[criterion] == "unmet"


@pytest.mark.parametrize(("text", "criterion"), [
    ("請求書はLLMとAI-OCRで取引先・日付・金額・税率を抜いて、経理が確認してから登録します。",
     "ml_needed"),
    ("A hosted vision-language API extracts the vendor, date, total and tax rate from each"
     " invoice; a clerk checks each one.", "ml_needed"),
    ("- いきなり全自動にはしない。最初は検査員が全数を見直す。", "human_in_loop"),
])
def test_a_learned_extractor_or_a_plan_that_keeps_people_in_is_no_gap(read, text, criterion
                                                                      ) -> None:
    assert read(text)[criterion] != "unmet"


@pytest.mark.parametrize(("text", "criterion"), [
    ("翌日の来店数の見込みを出してもらい、それを見て店長が発注数を決める形です。", "action"),
    ("Each rep would get a ranked list every morning of the trials worth a call.", "action"),
    ("まず1店舗で3か月試し、廃棄率を前年同期や残り4店舗と比べたいです。", "success_metric"),
    ("We'd split the reps' lists 50/50 between the score and today's rule and compare"
     " conversion rates after eight weeks.", "success_metric"),
    ("受注は全件残っていて、各注文が最終的に出荷／キャンセル／返品のどれになったかが記録されています。",
     "labels"),
    ("Every trial since 2022 is logged in the CRM along with whether it converted to paid.",
     "labels"),
])
def test_indirect_statements_that_a_gate_is_in_place(read, text, criterion) -> None:
    assert read(text)[criterion] == "met"


@pytest.mark.parametrize(("text", "criterion", "expected"), [
    # a threshold on a model's score is how the model is used, not a rule that solves it
    ("Accounts with a score > 0.9 in three matches get a permanent ban, applied automatically"
     " by the nightly job.", "ml_needed", "not unmet"),
    ("Accounts with a score > 0.9 in three matches get a permanent ban, applied automatically"
     " by the nightly job.", "human_in_loop", "unmet"),
    ("スコア50未満は自動で不採用メールを送り、50以上だけ担当者のキューに入ります。", "ml_needed",
     "not unmet"),
    # today's threshold lets the hard cases through: a reason to learn
    ("今の検査機は濃淡のしきい値で判定していて、細い骨片はすり抜けるケースがあります。",
     "ml_needed", "not unmet"),
    # attributes kept from the model on purpose
    ("The model will not see name, photo, date of birth or gender.", "serving_data", "not unmet"),
    ("New styles have no history, but every store's sales by size are in the POS since 2019.",
     "data_logged", "not unmet"),
    ("Downgrades purge the data above the plan limit after 24 hours; that's not reversible.",
     "error_cost", "partial"),
    ("ブランドごとのサイズチャートは全部もらっていて、1対1に決まってるので推定する余地はないです。",
     "ml_needed", "unmet"),
    ("Riverside is our only building here: 38 units, 6 non-renewals last year.", "impact",
     "unmet"),
])
def test_round_seven_readings(read, text, criterion, expected) -> None:
    status = read(text)[criterion]
    assert status != "unmet" if expected == "not unmet" else status == expected
