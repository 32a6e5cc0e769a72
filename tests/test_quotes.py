"""What a proposal quotes of the user's text: their point, never a ticket field, a channel
name, a minutes header or the next speaker's name run into the sentence."""

from __future__ import annotations

import pytest

from app.proposal.parts import problem_quote
from app.proposal.templates import get
from app.quotes import utterance_spans
from app.text import is_metadata

SLACK = """#cc-genai-poc
伊藤（CC企画） 14:03
お疲れ様です！
通話要約PoCの件、まとめます🙏
・対象：モバイルのインバウンド窓口（1日約9,000コール）
・今：通話後にオペレーターが対応履歴をCRMに手入力。
"""

THREAD = """random q — could the data team train a model to predict sales tax on our quotes?
our tax estimates are off by a few % on like 1 in 10 quotes
Mark (Billing Eng): we already pay for Avalara and the invoice side calls it
"""

TICKET = """[SUP-1207] EPIC: AI Support Agent
Status: 未定 / Labels: genai, q1-okr
Tier-1チケットの返金・プラン変更を自動化して、一次回答時間を短くしたい。
"""


def test_ticket_fields_channel_names_and_minutes_headers_are_not_quotable() -> None:
    assert is_metadata("Status: 未定 / Labels: genai, q1-okr")
    assert is_metadata("文章を読み書きする業務（#cc-genai-poc）")
    assert is_metadata("Minutes Meeting #7 | Tuesday, March 4 | Ops Center, Room B")
    assert not is_metadata("We lost about 8% of production last autumn to whitefly.")
    assert not is_metadata("issue #7 was fixed in C# code")


def test_problem_quote_is_one_speakers_point_without_header_or_greeting() -> None:
    limits = get("limits")
    ja = problem_quote(SLACK, "ja", limits)
    assert ja.startswith("通話要約PoCの件") and "1日約9,000コール" in ja
    assert "14:03" not in ja and "お疲れ様" not in ja and "#cc" not in ja
    en = problem_quote(THREAD, "en", limits)
    assert en.startswith("random q") and "Mark" not in en and "Avalara" not in en
    assert "Labels" not in problem_quote(TICKET, "ja", limits)


def test_a_new_speaker_or_list_item_ends_an_utterance_without_a_full_stop() -> None:
    pieces = [THREAD[a:b] for a, b in utterance_spans(THREAD)]
    assert any(p.startswith("Mark (Billing Eng):") for p in pieces)
    assert not any("differs" in p and "Mark" in p for p in pieces)
    items = [SLACK[a:b] for a, b in utterance_spans(SLACK)]
    assert any(p.startswith("・対象") for p in items) and any(p.startswith("・今") for p in items)


def test_ticket_keys_and_letter_addressees_are_not_the_users_point() -> None:
    from app.proposal.parts import problem_quote
    from app.proposal.templates import get

    assert is_metadata("ED-DIGI-88  Auto-redirect low-acuity walk-ins from the kiosk")
    assert is_metadata("CITY-IT-5521: Pilot")
    assert not is_metadata("COVID-19 changed demand for every store.")
    assert not is_metadata("GPT-4 drafts the reply and an agent edits it.")
    letter = ("株式会社〇〇システムズ 営業部 長谷川様\n\nいつもお世話になっております。\n"
              "運転士約310名の勤務表を、助役2名がExcelで毎月作っています。")
    quote = problem_quote(letter, "ja", get("limits"))
    assert quote.startswith("運転士約310名") and "長谷川様" not in quote


LONG = ("Of the 1,100 questions a month, 62% are tagged as policy questions by the advisors "
        "when they close them, and the rest are split across payroll, benefits and leave.")
RUN_ON = ("The support team closes around 41,000 tickets a quarter through the portal and most "
          "of them are routed by the tier-one agents who read every ticket by hand before "
          "assigning it to a resolver group, which takes time.")


def test_a_long_english_quote_ends_at_a_clause_not_mid_phrase() -> None:
    from app.quotes import quote_of

    assert quote_of(LONG, LONG, 90) == ("Of the 1,100 questions a month, 62% are tagged as "
                                        "policy questions by the advisors when they close them")
    assert quote_of(RUN_ON, RUN_ON, 90) == ("The support team closes around 41,000 tickets a "
                                            "quarter through the portal")


@pytest.mark.parametrize(("text", "expected"), [
    ("佐藤(会員戦略) 10:14 例の退会予測の件、来月から試験やりたいので一回整理させてください",
     "例の退会予測の件、来月から試験やりたいので一回整理させてください"),
    ("Jess (GM): hey all — can we use ML to predict yield for the blueberry blocks this season?",
     "hey all — can we use ML to predict yield for the blueberry blocks this season?"),
])
def test_a_quote_of_a_chat_line_leaves_out_who_typed_it_when(text, expected) -> None:
    from app.quotes import quote_span

    assert quote_span(text, len(text) - 8, len(text) - 2) == expected
