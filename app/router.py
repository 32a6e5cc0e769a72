"""Route a chat message: a business-problem description, a principles question, or a
request for a proposal. Rule-based and bilingual, so it behaves the same offline and online.
"""

from __future__ import annotations

import re
from typing import Literal

Route = Literal["assess", "qa", "propose"]

_PROPOSE = re.compile(
    r"\b(draft|write|make|create|prepare|generate)\b[^.?!\n]{0,40}\b(proposal|project plan|"
    r"one-pager|design doc)\b|\bproposal\b\s*(please|for this)|"
    r"提案書|企画書|プロポーザル|提案を(書|作|まとめ)|計画書を(書|作)",
    re.I,
)
_FIRST_PERSON = re.compile(
    r"\b(we|we're|we've|our|ours|us|my team|our team|my company|i run|i manage)\b|"
    r"弊社|当社|自社|うちの|うちでは|(?:^|[、。\s])うちは|私たち|我々|わが社|我が社|私の(会社|部署|チーム)|当部署|当店|"
    r"(店|会社|病院|図書館|工場|部署|チーム|事務所|銀行|学校)(です|では)|をやっています|を営んで|"
    r"を運営して",
    re.I,
)
_DESIRE = re.compile(
    r"\b(want to|would like to|we'd like|hoping to|plan to|planning to|thinking of|"
    r"considering|trying to|need to|looking to)\b|たい(です|と|。|のですが|んです)|したい|"
    r"させたい|できないか|したいと考え|検討して|考えています|減らしたい|自動化",
    re.I,
)
_DATA_PROCESS = re.compile(
    r"\b(data|logs?|logged|records?|database|spreadsheets?|excel|csv|tickets?|customers?|"
    r"orders?|invoices?|claims?|transactions?|sensors?|staff|manually|by hand|per day|a day|"
    r"per month|a month|per week|each week|history|labels?|operators?|agents?)\b|"
    r"データ|ログ|記録|履歴|顧客|注文|受注|伝票|請求|問い合わせ|問合せ|チケット|センサ|担当|"
    r"手作業|目視|毎日|毎月|毎週|件|人で|名で|台帳|エクセル|Excel|スプレッドシート",
    re.I,
)
_NUMBER = re.compile(r"\d|[一二三四五六七八九十百千万億]+(件|人|名|時間|円|%|割)")
_PRINCIPLE_QUESTION = re.compile(
    r"^\s*(what|why|how|when|which|who|is|are|does|do|should|can|could|explain|tell me|"
    r"define)\b|とは[？?]?\s*$|とは何|って何|なぜ|どうして|教えて|ですか[？?]?\s*$|"
    r"でしょうか[？?]?\s*$|[?？]\s*$",
    re.I,
)
_ML_MENTION = re.compile(r"\b(ai|ml|machine learning|a model|predict\w*)\b|AI|機械学習|予測|"
                         r"モデル", re.I)
_SENTENCE = re.compile(r"[.!?。！？\n]+")


def problem_score(message: str) -> int:
    """How much the message reads like someone describing their own business situation."""
    text = message.strip()
    sentences = [s for s in _SENTENCE.split(text) if len(s.strip()) > 3]
    ja = bool(re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", text))
    score = 0
    score += 2 if _FIRST_PERSON.search(text) else 0
    score += 1 if _NUMBER.search(text) else 0
    desire = bool(_DESIRE.search(text))
    score += 1 if desire else 0
    # "We want to use AI for X" is a (vague) problem to assess: the follow-ups will ask.
    score += 2 if desire and _ML_MENTION.search(text) else 0
    score += min(2, len(set(m.group(0).lower() for m in _DATA_PROCESS.finditer(text))))
    score += min(2, max(0, len(sentences) - 1))
    score += 1 if len(text) > (60 if ja else 160) else 0
    if _PRINCIPLE_QUESTION.search(text) and len(sentences) <= 1:
        score -= 3
    elif re.search(r"[?？]\s*$", text) and len(sentences) <= 2 and not desire:
        score -= 2  # a short situation plus a question: answer it, do not assess
    return score


# A role stated casually (「CSのリードをしてます」): the user's own case for the answer, though
# not by itself a reason to route the message to an assessment.
_OWN_ROLE = re.compile(r"(リード|担当|責任者|エンジニア|マネージャー|PM|PdM|情シス|部長|課長)を?"
                       r"(やって|して)い?ます")


def describes_own_case(message: str) -> bool:
    """The message speaks of the user's own situation (answer it, and apply it to the case)."""
    first_person = _FIRST_PERSON.search(message) or _OWN_ROLE.search(message)
    return bool(first_person) and problem_score(message) >= 1


def is_problem_description(message: str) -> bool:
    return problem_score(message) >= 5


def wants_proposal(message: str) -> bool:
    return bool(_PROPOSE.search(message))


def route(message: str) -> Route:
    """"propose" for a proposal request, "assess" for a problem description, else "qa"."""
    if wants_proposal(message):
        return "propose"
    if is_problem_description(message):
        return "assess"
    return "qa"
