"""Numbers and scale: "15 invoices a month", "2M a day", 「月40件」 → volume per month."""

from __future__ import annotations

import re

from app.extraction.clauses import sentence_spans

_NUM = (
    r"(?:~|about |around |roughly |approx\.? |約|およそ)?(\d[\d,]*(?:\.\d+)?)\s*"
    r"(k|m|million|thousand|hundred|billion|万|千|億)?"
)
_PERIOD_EN = {
    "hour": 720.0, "day": 30.0, "daily": 30.0, "week": 4.3, "weekly": 4.3, "month": 1.0,
    "monthly": 1.0, "quarter": 1 / 3, "year": 1 / 12, "yearly": 1 / 12, "annually": 1 / 12,
    "annual": 1 / 12, "night": 30.0, "shift": 60.0,
}  # fmt: skip
_PERIOD_JA = {"時間": 720.0, "日": 30.0, "週": 4.3, "月": 1.0, "四半期": 1 / 3, "年": 1 / 12}
_MULT = {
    "k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6, "hundred": 100.0, "billion": 1e9,
    "万": 1e4, "千": 1e3, "億": 1e8,
}  # fmt: skip

# "250 support tickets a day", "2M card transactions per day", "40 requests/month"
_EN_RATE = re.compile(
    _NUM + r"\s+(?:[A-Za-z\-]+(?:\s+|(?=/))){0,4}?(?:a|an|per|each|every|/)\s*"
    r"(hour|day|week|month|quarter|year|night|shift)\b"
    r"|" + _NUM + r"\s+(?:[A-Za-z\-]+\s+){0,3}?(daily|weekly|monthly|yearly|annually)\b",
    re.IGNORECASE,
)
# 「月40件」「1日あたり200件」「年に数件」「毎月15枚」
_JA_RATE = re.compile(
    r"(?<![\d０-９])(?:毎|1|一|１)?(時間|日|週|月|四半期|年)(?:に|あたり|当たり|間|で|平均)?\s*"
    r"(?:約|およそ)?(?:\d[\d,]*\s*[〜~～\-－]\s*)?(\d[\d,]*(?:\.\d+)?)\s*(万|千|億)?\s*"
    r"(?:件|枚|個|回|人|通|本|台|点|名|行|社)"
)
_JA_FEW = re.compile(
    r"(?<![\d０-９])(?:年|月)に?(?:数|1|一|２|2|3|三)(?:件|回|度)(?:しか|程度|ほど|くらい|ぐらい)"
    r"|(?:生徒|顧客|利用者|会員|患者)(?:数)?(?:は|って|が)?(?:今|現在|全部で)?"
    r"\s*(?<![\d０-９])\d{1,2}(?:人|名)(?![\d０-９])"
    r"|ごく(?:わずか|少数)|(?:年|月)(?:に|間)?数件"
)
_EN_FEW = re.compile(
    r"\b(?:a (?:few|couple of|handful of)|once or twice|one or two|a dozen|maybe \d{1,2})\b"
    r"(?!\s*(?:million|billion|thousand|hundred|dozen|k\b|m\b))"
    r"[^.]{0,30}?"
    r"\b(?:a|per|each)\s+(?:week|month|quarter|year)\b"
    r"|\b(?:once|twice) (?:a|per|each) (?:quarter|year)\b|\b(?:\d|a few) times (?:a|per) year\b"
    r"|\b\d{1,2} (?:(?!(?:since|from|until|by|as|in|of|over|for|during)\b)[\w-]+ ){0,2}"
    r"(?:last|this) year\b"
    r"|\bonly (?:about |around |roughly )?\d{1,2} (?:people|users|customers|cases|requests|orders"
    r"|items|staff)\b",
    re.IGNORECASE,
)
# Amounts that are durations or sizes, not volumes: skip "3 years of data", "30-90 days later".
_NOT_ITEMS = re.compile(r"^(?:years?|months?|days?|weeks?|hours?|minutes?|%|percent)\b", re.I)

# Effort or money per item that makes a small volume still worth it.
_HEAVY_ITEM = re.compile(
    r"\b\d+(?:\.\d+)?\s?(?:hours?|hrs?|days?|person-days?)\b[^.]{0,30}\b(?:on|per|for)"
    r" (?:each|every|one|a single)\b"
    r"|\b(?:each|every one|one|a single|per) (?:\w+ ){0,3}(?:takes?|costs?|means|is worth|loses?)"
    r" (?:us )?(?:about |roughly |~|up to |around )?(?:\d+ (?:hours?|days?)|[$¥€£]\s?\d[\d,]{2,}"
    r"|(?:eur|usd|gbp|jpy) ?\d[\d,]{2,})"
    r"|[$¥€£]\s?\d[\d,.]*\s?(?:k|m|million)\b|\b\d[\d,.]*\s?(?:k|m|million)\s?(?:eur|usd|dollars|euros)\b"
    r"|(?:1|一|１)(?:件|回|名|人|台|個|現場|店舗|社|本|枚|便|日)(?:あたり|につき|当たり|に)[^。]{0,30}"
    r"(?:\d+\s?(?:時間|日)|\d[\d,.]*\s?(?:万|億)円)",
    re.IGNORECASE,
)
# Money or hours stated anywhere in a text: a small volume is then not evidence of tiny value.
VALUE_EVIDENCE = re.compile(
    r"[$¥€£]\s?\d|\b(?:eur|usd|gbp|jpy)\s?\d|\b\d[\d,.]*\s?(?:k|m|million|thousand|billion)?\s?"
    r"(?:dollars|euros?|yen|usd|eur)\b|\d[\d,.]*\s?(?:万|億|千)?円|\b(?:full[- ]time|FTEs?)\b"
    r"|\b\d[\d,.]*\s?(?:person-)?hours? (?:a|per|each|every) (?:week|month|day)"
    r"|(?:毎月|月|年間|週)(?:に)?(?:延べ)?\s?\d[\d,.]*\s?時間"
    r"|\b(?:a few|several|many|tens of|hundreds of) (?:million|billion)\b"
    r"|数(?:十|百|千)?(?:万|億)円|人手不足|損失|違約金|罰金|fines?\b|\bpenalt",
    re.IGNORECASE,
)
# What it costs to build or buy the system is not value at stake.
_BUILD_COST = re.compile(
    r"\b(?:quot\w*|budget\w*|to build|to develop|licen[cs]\w*|vendor|subscription|invest\w*"
    r"|(?:their|its|the vendor['’]s) (?:price|fee|pricing))\b"
    r"|予算|見積|開発費|導入費|ライセンス|構築費|投資|料金|月額|年額|利用料|円だって|は高い",
    re.IGNORECASE,
)


def has_value_evidence(text: str) -> bool:
    """Money, hours or staff at stake stated in some sentence that is not about build cost."""
    for start, end in sentence_spans(text):
        sentence = text[start:end]
        if VALUE_EVIDENCE.search(sentence) and not _BUILD_COST.search(sentence):
            return True
    return False


TINY_PER_MONTH = 100.0
LARGE_PER_MONTH = 3000.0


def _value(num: str, mult: str | None) -> float:
    value = float(num.replace(",", ""))
    if mult:
        value *= _MULT[mult.lower()] if mult.lower() in _MULT else _MULT[mult]
    return value


def volumes_per_month(text: str) -> list[float]:
    out: list[float] = []
    for m in _EN_RATE.finditer(text):
        first = m.group(1) is not None
        num, mult, period = m.group(1, 2, 3) if first else m.group(4, 5, 6)
        num_end = max(m.end(1 if first else 4), m.end(2 if first else 5))
        tail = text[num_end : m.end()].strip()
        if _NOT_ITEMS.match(tail) or (mult is None and _follows_money(text, m.start())):
            continue
        out.append(_value(num, mult) * _PERIOD_EN[period.lower()])
    for m in _JA_RATE.finditer(text):
        out.append(_value(m.group(2), m.group(3)) * _PERIOD_JA[m.group(1)])
    for m in re.finditer(_NUM + r"\s*(?:件|枚|回|通)\s*(?:/|／)\s*(日|週|月|年)", text):
        out.append(_value(m.group(1), m.group(2)) * _PERIOD_JA[m.group(3)])
    return out


def _follows_money(text: str, start: int) -> bool:
    return start > 0 and text[start - 1] in "$¥€£"


# "a few errors a year" counts mistakes, not the cases the decision is made on.
_MISTAKES_BEFORE = re.compile(
    r"(?:ミス|間違い|誤り|エラー|事故|不良|クレーム|苦情|漏れ|トラブル|障害)[^。、]{0,6}$"
    r"|\b(?:errors?|mistakes?|incidents?|complaints?|misses|failures?|outages?)\b[^.,]{0,25}$",
    re.IGNORECASE,
)


# "30 confirmed fraud cases a year" counts the positives, not the cases decided on.
_POSITIVES = re.compile(r"(?:不正|詐欺|確定(?:件数|事案)|退学|中退|休学|離職|退職|解約)"
                        r"|\b(?:fraud cases|dropouts?|drop out|churn(?:ed|ers)?|leavers"
                        r"|resign\w*)\b"
                        r"|\b(?:confirmed|proven) (?:\w+ )?(?:fraud|cases)\b", re.IGNORECASE)


# "can see up to 15 a month" is the capacity to act, not the volume of cases.
_CAPACITY = re.compile(r"まで(?:なら)?(?:対応|面談|処理|訪問|架電|確認)?(?:でき|可能)"
                       r"|対応できる(?:のは|数)"
                       r"|\b(?:can|could) (?:only )?(?:handle|call|see|visit|process|review|take)"
                       r" (?:up to|at most|about|around|roughly)?\b|\bcapacity\b", re.IGNORECASE)


# A large population stated beside the small count: 「学生数6,500人」, "of 12,000 customers".
_POPULATION = re.compile(
    r"(?:学生|生徒|社員|従業員|職員|会員|顧客|患者|利用者|契約者|在籍)数?(?:は|が)?\s*(?:約|およそ)?"
    r"\d[\d,]{3,}\s*(?:人|名)|(?:約|およそ)?\d{1,3}(?:,\d{3})+\s*(?:人|名)|\d+(?:\.\d+)?万(?:人|名)"
    r"|\b(?:of|out of|among) (?:about |around |roughly |~)?\d{1,3}(?:,\d{3})+ (?:\w+ )?"
    r"(?:students|customers|employees|staff|members|patients|users|accounts|policyholders)\b",
    re.IGNORECASE)


def scale_findings(clause: str) -> list[tuple[str, str, float]]:
    """(criterion, status, confidence) implied by the volumes stated in one clause."""
    skip = _POSITIVES.search(clause) or _CAPACITY.search(clause)
    vols = [] if skip else volumes_per_month(clause)
    few = _JA_FEW.search(clause) or _EN_FEW.search(clause)
    if few and not _MISTAKES_BEFORE.search(clause[:few.start()]):
        vols.append(5.0)
    if not vols:
        return []
    top = max(vols)
    if top < TINY_PER_MONTH:
        if _POPULATION.search(clause):
            # "80 a year (of 6,500 students)": the few are the cases of interest in a large
            # population the decision is made on.
            return [("impact", "partial", 0.35)]
        if _HEAVY_ITEM.search(clause):
            # Few cases, but each costs hours or real money: not tiny in value.
            return [("impact", "partial", 0.45)]
        return [("impact", "unmet", 0.62)]
    if top >= LARGE_PER_MONTH:
        return [("impact", "met", 0.5), ("feasibility", "partial", 0.2)]
    return [("impact", "partial", 0.35)]
