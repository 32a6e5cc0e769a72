"""Quantities in a user's text, in both languages: "about 2,300 tickets a month", "$4.50 per
ticket", 「1件あたり平均6分」, 「月に約1,800件」, 「年間約3億円」, "18 %", 「2割」.

Each quantity keeps the exact span of the text it came from, so a proposal can quote the
user's words with the number intact. Durations of history ("3 years of logs") are not volumes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.extraction.clauses import sentence_spans

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_MULT_WORDS = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "million": 1e6, "bn": 1e9,
               "billion": 1e9, "千": 1e3, "万": 1e4, "億": 1e8}
_TOKEN = re.compile(
    rf"(?<![0-9A-Za-z.,])(?P<a>{_NUM})(?:\s*(?:-|–|〜|～|~|to)\s*(?P<b>{_NUM}))?"
    r"(?:\s*(?P<mult>億|万|千|(?:k|K|m|M|mn|bn|million|thousand|billion)\b))?"
    rf"(?:(?P<c>{_NUM})万)?"
)
_CURRENCY_SIGN = {"$": "USD", "¥": "JPY", "€": "EUR", "£": "GBP", "US$": "USD"}
_CURRENCY_AFTER = re.compile(
    r"^\s*(?P<cur>円|ドル|ユーロ|(?:yen|dollars?|usd|eur|euros?|gbp|jpy)(?![a-z]))", re.IGNORECASE)
_CURRENCY_CODE = {"円": "JPY", "yen": "JPY", "jpy": "JPY", "ドル": "USD", "dollar": "USD",
                  "dollars": "USD", "usd": "USD", "eur": "EUR", "euro": "EUR", "euros": "EUR",
                  "ユーロ": "EUR", "gbp": "GBP"}
_PERCENT_AFTER = re.compile(r"^\s*(?:%|％|percent\b|per cent\b|パーセント)", re.IGNORECASE)
_WARI_AFTER = re.compile(r"^割(?!引|り|合|増|高|安)")
_DURATION_AFTER = re.compile(
    r"^\s*(?P<u>seconds?|secs?|minutes?|mins?|hours?|hrs?|秒|分(?!の|析|類|野|布|散|岐|割|離|解|量)"
    r"|時間)(?![a-z])", re.IGNORECASE)
_MINUTES = {"sec": 1 / 60, "秒": 1 / 60, "min": 1.0, "分": 1.0, "hou": 60.0, "hr": 60.0,
            "時間": 60.0}
_HISTORY_AFTER = re.compile(
    r"^\s*(?:years?|months?|weeks?|days?|年分|か月分|ヶ月分|カ月分|日分|年間分|年以上)",
    re.IGNORECASE)
_SECONDS_AFTER = re.compile(r"^(\d{1,2})\s*秒")
_JA_COUNTER = re.compile(r"^\s*(?:件|通|枚|個|回|人|名|台|本|点|社|行|便|店舗|案件|コール)")

_EN_PERIOD = re.compile(
    r"^(?:[^.;\n\d]{0,40}?)\b(?:a|an|per|each|every|/)\s*(?P<p>hour|day|week|month|quarter|year)\b"
    r"|^(?:[^.;\n\d]{0,40}?)\b(?P<q>hourly|daily|weekly|monthly|quarterly|yearly|annually)\b"
    r"|^\s*/\s*(?P<r>hour|day|week|month|quarter|qtr|year|yr|mo)\b",
    re.IGNORECASE)
_JA_PERIOD_BEFORE = re.compile(
    r"(?P<p>四半期|毎時|毎日|毎週|毎月|毎年|1日|一日|1週間?|1か月|1ヶ月|1カ月|1年|年間|月間|週間|日に|月に|年に|週に"
    r"|(?<![0-9])日|(?<![0-9])月|(?<![0-9])年|(?<![0-9])週)(?:あたり|当たり|に|で|平均|間)?"
    r"(?:約|およそ|平均|ざっくり|ほぼ|最大)?\s*$")
_JA_PERIOD_AFTER = re.compile(r"^[^。\n\d]{0,6}?(?:/|／|per\s*)(?P<p>四半期|日|週|月|年)")
_PERIOD_CANON = {"hour": "hour", "hourly": "hour", "毎時": "hour", "day": "day", "daily": "day",
                 "日": "day", "毎日": "day", "1日": "day", "一日": "day", "日に": "day",
                 "week": "week", "weekly": "week", "週": "week", "毎週": "week", "1週": "week",
                 "1週間": "week", "週間": "week", "週に": "week", "month": "month", "mo": "month",
                 "monthly": "month", "月": "month", "毎月": "month", "1か月": "month",
                 "1ヶ月": "month", "1カ月": "month", "月間": "month", "月に": "month",
                 "quarter": "quarter", "quarterly": "quarter", "qtr": "quarter",
                 "四半期": "quarter", "year": "year", "yr": "year",
                 "yearly": "year", "annually": "year", "年": "year", "毎年": "year",
                 "1年": "year", "年間": "year", "年に": "year"}
# Business volumes: a day is a working day (250 a year), an hour a working hour.
PER_YEAR = {"hour": 2000.0, "day": 250.0, "week": 52.0, "month": 12.0, "quarter": 4.0,
            "year": 1.0}
# "per ticket", "for each one", "after each call", "an invoice" (after the number); 「1件あたり」.
# "$4.50 a ticket", "$12 per claim to handle": "a" only right after the amount; never across a
# colon or a dash ("≈ $6.8M ana: - every renewal" is another speaker's line).
_EN_PER_CASE = re.compile(
    r"^(?:\s*(?:a|an)|[^.;:\n\d–—-]{0,30}?\b(?:per|each|every|for each|after each|on each))\s+"
    r"(?!hour|day|week|month|quarter|year|minute|second|time\b)[a-z][\w-]*", re.IGNORECASE)
_EN_PER_CASE_BEFORE = re.compile(
    r"\b(?:each|every|per|one|a single)\s+(?:[\w-]+\s+){0,3}(?:takes?|costs?|needs?|is worth|"
    r"loses?|means)\s+(?:us\s+)?(?:about|around|roughly|approximately|~|up to|nearly|almost)?\s*"
    r"[$¥€£]?\s*$", re.IGNORECASE)
_JA_PER_CASE_BEFORE = re.compile(
    r"(?:1|一)(?:件|通|枚|個|回|人|名|台|本|コール|案件|問)(?:あたり|当たり|につき|に)?"
    r"[^。、\n\d]{0,10}$")
_JA_PER_CASE_AFTER = re.compile(r"^[^。\n\d]{0,4}?(?:/|／)(?:件|通|枚|個|回|人|台|本)")
_LEAD = re.compile(r"(?:about|around|roughly|approximately|approx\.|nearly|almost|over|more than"
                   r"|under|up to|some|~|約|およそ|ざっくり|平均|最大)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Quantity:
    low: float
    high: float
    kind: str  # "count" | "money" | "minutes" | "percent"
    per: str | None  # a period ("day", "month" ...), "case", or None
    currency: str | None
    text: str  # the exact words of the user's text that state it
    start: int
    end: int

    @property
    def mid(self) -> float:
        return (self.low + self.high) / 2

    def per_year(self) -> tuple[float, float] | None:
        """(low, high) per year when the quantity is a rate over a period."""
        if self.per not in PER_YEAR:
            return None
        k = PER_YEAR[self.per]
        return self.low * k, self.high * k


def _num(raw: str) -> float:
    return float(raw.replace(",", ""))


def _scaled(m: re.Match) -> tuple[float, float]:
    mult = _MULT_WORDS.get((m.group("mult") or "").lower(), 1.0)
    low = _num(m.group("a")) * mult
    high = _num(m.group("b")) * mult if m.group("b") else low
    if m.group("c"):  # 1億2,000万
        extra = _num(m.group("c")) * 1e4
        low, high = low + extra, high + extra
    return low, high


def _sign_before(text: str, start: int) -> tuple[str | None, int]:
    head = text[max(0, start - 3):start]
    for sign in ("US$", "$", "¥", "€", "£"):
        if head.rstrip().endswith(sign):
            return _CURRENCY_SIGN[sign], start - len(head) + head.rstrip().rfind(sign)
    return None, start


Span = tuple[int, int]


def _period(text: str, start: int, end: int) -> tuple[str | None, Span]:
    """The period a rate is stated over, and the span of the words that state it."""
    tail = text[end:end + 60]
    m = _EN_PERIOD.match(tail)
    if m:
        word = (m.group("p") or m.group("q") or m.group("r")).lower()
        return _PERIOD_CANON.get(word), (start, end + m.end())
    head = max(0, start - 12)
    m = _JA_PERIOD_BEFORE.search(text[head:start])
    if m:
        return _PERIOD_CANON.get(m.group("p")), (head + m.start(), end)
    m = _JA_PERIOD_AFTER.match(tail)
    if m:
        return _PERIOD_CANON.get(m.group("p")), (start, end + m.end())
    return None, (start, end)


def _per_case(text: str, start: int, end: int) -> Span | None:
    """The span of a quantity with the words that make it "per case", or None."""
    tail, before = text[end:end + 40], text[max(0, start - 60):start]
    head = max(0, start - 18)
    if m := _JA_PER_CASE_BEFORE.search(text[head:start]):
        return head + m.start(), end
    if m := _JA_PER_CASE_AFTER.match(tail):
        return start, end + m.end()
    if m := _EN_PER_CASE.match(tail):
        return start, end + m.end()
    if _EN_PER_CASE_BEFORE.search(before):
        return start, end
    return None


def _lead_start(text: str, start: int) -> int:
    window = text[max(0, start - 16):start]
    m = _LEAD.search(window)
    return start - (len(window) - m.start()) if m else start


_CJK = r"\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef"


def flatten(text: str) -> str:
    """One line: whitespace collapsed, and dropped where a line break split Japanese text."""
    text = re.sub(rf"(?<=[{_CJK}])\s*\n\s*(?=[{_CJK}])", "", text)
    return re.sub(r"\s+", " ", text).strip()


def find_quantities(text: str) -> list[Quantity]:
    """Every money, duration, percentage and count-with-unit quantity in `text`."""
    original = text
    # Line breaks inside a paragraph (wrapped text) must not hide "800\ncalls a week";
    # the replacement keeps every offset.
    text = re.sub(r"(?<!\n)\n(?!\n)", " ", text)
    out: list[Quantity] = []
    consumed = 0  # "2分40秒": the seconds belong to the minutes before them
    for m in _TOKEN.finditer(text):
        start, end = m.start(), m.end()
        if start < consumed:
            continue
        if text[end:end + 1] in "/" and text[end + 1:end + 2].isdigit():
            continue  # a date like 3/14
        low, high = _scaled(m)
        tail = text[end:end + 24]
        currency, sign_at = _sign_before(text, start)
        kind: str | None = None
        unit_end = end
        if currency:
            kind, start = "money", sign_at
        elif cur := _CURRENCY_AFTER.match(tail):
            word = cur.group("cur").lower()
            kind, currency = "money", _CURRENCY_CODE.get(word, _CURRENCY_CODE.get(word[:-1]))
            unit_end = end + cur.end()
        elif pct := _PERCENT_AFTER.match(tail):
            kind, unit_end = "percent", end + pct.end()
            low, high = low / 100, high / 100
        elif _WARI_AFTER.match(tail) and high <= 10:
            kind, unit_end = "percent", end + 1
            low, high = low / 10, high / 10
        elif dur := _DURATION_AFTER.match(tail):
            factor = next(v for k, v in _MINUTES.items() if dur.group("u").lower().startswith(k))
            kind, unit_end = "minutes", end + dur.end()
            low, high = low * factor, high * factor
            if dur.group("u") == "分" and (sec := _SECONDS_AFTER.match(text[unit_end:])):
                low, high = low + int(sec.group(1)) / 60, high + int(sec.group(1)) / 60
                unit_end += sec.end()
                consumed = unit_end
        elif _HISTORY_AFTER.match(tail):
            continue
        elif counter := _JA_COUNTER.match(tail):
            kind, unit_end = "count", end + counter.end()
        elif re.match(r"\s*[A-Za-z]", tail):
            kind = "count"  # "6,000 proactive calls a week"
        else:
            continue  # 「年60万は高い」: a Japanese number without a counter is no volume
        per: str | None = None
        span = (_lead_start(text, start), unit_end)
        if kind != "percent":
            per, (p_start, p_end) = _period(text, start, unit_end)
            span = (min(span[0], p_start), p_end)
            case = _per_case(text, start, unit_end) if kind != "count" and not per else None
            if case is not None:
                per, span = "case", (min(span[0], case[0]), case[1])
        if kind == "count" and per is None and (not _JA_COUNTER.match(tail) or high <= 1):
            continue  # a bare number with neither unit nor period ("1件あたり") is no volume
        q_start, q_end = span
        out.append(Quantity(low=low, high=high, kind=kind, per=per, currency=currency,
                            text=original[q_start:q_end].strip(), start=q_start, end=q_end))
    return out


def sentence_of(text: str, q: Quantity) -> str:
    """The sentence of `text` that states `q`."""
    for start, end in sentence_spans(text):
        if start <= q.start < end:
            return text[start:end]
    return text


def number_tokens(text: str) -> list[str]:
    """Every whole number in `text` as written ("1.2", "2,300", "3"): used to check quotes."""
    return [m.group(0) for m in re.finditer(rf"(?<![\d.,])(?:{_NUM})(?![\d])", text)]
