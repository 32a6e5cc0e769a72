"""The value sketch of a proposal: a yearly value range (volume × value per case × an
improvement range) against a build-and-run cost range, from the numbers the user gave.

Every figure that is not the user's own comes from app/data/value.yaml and is shown to the
reader as an assumption; the sketch is always labelled an estimate. When the text lacks the
numbers, `missing` names exactly the ones needed, so the open questions can ask for them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from app.numbers import Quantity, find_quantities, sentence_of

DATA = Path(__file__).parent / "data" / "value.yaml"
Range = tuple[float, float]


@dataclass(frozen=True)
class Effort:
    people: Range
    weeks: Range


@dataclass(frozen=True)
class ValueSketch:
    currency: str
    approach: str
    effort: Effort  # to the next decision (the ask)
    build_effort: Effort  # behind the build cost
    build: Range  # people × weeks × engineer-week cost
    run: Range | None  # per year: maintenance share + per-case running cost × volume
    improvement: Range
    volume: Quantity | None = None
    per_case: Quantity | None = None  # money or minutes per case
    pool: Quantity | None = None  # money at stake per period, stated directly
    hourly: Range | None = None  # used when the value per case is in minutes
    value: Range | None = None  # per year
    basis: str = ""  # "per_case" | "pool": which of the user's figures the value rests on
    missing: tuple[str, ...] = field(default=())  # "volume" | "value_per_case"

    @property
    def volume_per_year(self) -> Range | None:
        return self.volume.per_year() if self.volume else None


@lru_cache(maxsize=1)
def assumptions() -> dict:
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))


def _currency(quantities: list[Quantity], lang: str) -> str:
    for q in quantities:
        if q.kind == "money" and q.currency:
            return q.currency
    return assumptions()["default_currency"][lang]


# "ACW averages 2 min 40 s", 「後処理が平均2分40秒」: an average duration is the time per case.
_AVERAGE = re.compile(r"平均|1件|一件|毎回|average|on average|avg\b|each|typically", re.I)
# ...but a waiting or response time is elapsed time, not anyone's work.
_WAIT = re.compile(r"回答時間|応答時間|待ち|リードタイム|納期|反映|掲載まで|遅い|遅れ|遅延|経過|"
                   r"response time|wait|turnaround|lead time|resolution time|time[- ]to[- ]\w+|"
                   r"delay|until|FRT", re.I)


# Hours of work a person spends, as opposed to hours a case waits.
_EFFORT = re.compile(
    r"作業|工数|手作業|対応に|入力に|確認に|担当者が|スタッフが|かけて|spends?|spent|staff|"
    r"agents? (?:take|spend)|person-hours?|work(?:ing)? time|handling|effort|"
    r"to (?:review|process|handle|check|enter|prepare)", re.I)


def _staff_time(text: str, q: Quantity) -> bool:
    """A duration that is staff time: never a wait, a delay or time-to-resolve, and from four
    hours up only where the sentence says someone works it ("adds 9.5 hours to
    time-to-resolve" is a delay; valued as staff time it made a blind reader's $19M-$84M)."""
    sentence = sentence_of(text, q)
    if _WAIT.search(sentence):
        return False
    return q.low < 240 or bool(_EFFORT.search(sentence))


def _about_building(text: str, q: Quantity) -> bool:
    return bool(re.search(assumptions()["build_cost_words"], sentence_of(text, q), re.I))


def effort_for(approach: str, verdict: str) -> Effort:
    """People and weeks to the first decision point for this approach and verdict."""
    data = assumptions()
    if verdict == "needs_info":
        return Effort(people=(1, 1), weeks=tuple(data["settle_weeks"]))  # type: ignore[arg-type]
    kind = "rules" if verdict == "not_ml" else approach
    e = data["effort"][kind]
    weeks = tuple(e["weeks"])
    if verdict == "not_yet":
        fix = data["fix_first_weeks"]
        weeks = (weeks[0] + fix[0], weeks[1] + fix[1])
    return Effort(people=tuple(e["people"]), weeks=weeks)  # type: ignore[arg-type]


def sketch(text: str, lang: str, approach: str, verdict: str) -> ValueSketch:
    """The value sketch for `text`, with what is missing to complete it."""
    data = assumptions()
    quantities = find_quantities(text)
    currency = _currency(quantities, lang)
    kind = "rules" if verdict == "not_ml" else approach
    effort = effort_for(approach, verdict)
    # While questions are open, the cost to weigh is the likely route's, not the questions'.
    build_effort = effort_for(approach, "ml_fit") if verdict == "needs_info" else effort
    pw = data["person_week"][currency]
    build = (build_effort.people[0] * build_effort.weeks[0] * pw[0],
             build_effort.people[1] * build_effort.weeks[1] * pw[1])
    # The volume is the largest stated rate: "15,000 lines a day" is the work, "re-slotted
    # twice a year" an event in it (a blind reader's "¥1,200 a year" for a 40-picker centre).
    volume = max((q for q in quantities if q.kind == "count" and q.per_year()),
                 key=lambda q: q.per_year()[1], default=None)
    money_case = next((q for q in quantities if q.kind == "money" and q.per == "case"
                       and not _about_building(text, q)), None)
    # Under a minute "per unit" is a cycle time, not the handling time of a case.
    minutes_case = next((q for q in quantities if q.kind == "minutes" and q.per == "case"
                         and q.low >= 1 and _staff_time(text, q)), None) or next(
        (q for q in quantities if q.kind == "minutes" and q.per is None and q.low >= 1
         and _AVERAGE.search(sentence_of(text, q)) and _staff_time(text, q)),
        None)
    # The money at stake is the largest yearly figure: "a $15/month discount" is a price,
    # "$3.1M a year goes on discounts" the pool it adds up to.
    pool = max((q for q in quantities if q.kind == "money" and q.per_year()
                and not _about_building(text, q)),
               key=lambda q: q.per_year()[1], default=None)
    per_case = money_case or minutes_case
    improvement: Range = tuple(data["improvement"][kind])  # type: ignore[assignment]
    share = data["maintenance_share"][kind]
    run_fixed = (share[0] * 52 * pw[0], share[1] * 52 * pw[1])
    run: Range | None = run_fixed
    value: Range | None = None
    hourly: Range | None = None
    missing: list[str] = []
    vol = volume.per_year() if volume else None
    if vol:
        rate = data["usd_rate"][currency]
        cost = data["per_case_usd"][kind]
        run = (run_fixed[0] + vol[0] * cost[0] * rate, run_fixed[1] + vol[1] * cost[1] * rate)
    # The user's own figures first: money per case, then money at stake, then minutes.
    basis = ""
    per_case = money_case or (None if pool else minutes_case)
    if vol and per_case:
        basis = "per_case"
        if per_case.kind == "money":
            each: Range = (per_case.low, per_case.high)
        else:
            hourly = tuple(data["hourly_cost"][currency])  # type: ignore[assignment]
            each = (per_case.low / 60 * hourly[0], per_case.high / 60 * hourly[1])
        value = (vol[0] * each[0] * improvement[0], vol[1] * each[1] * improvement[1])
    elif pool:
        basis = "pool"
        stated = pool.per_year() or (pool.low, pool.high)
        value = (stated[0] * improvement[0], stated[1] * improvement[1])
    else:
        if not vol:
            missing.append("volume")
        missing.append("value_per_case")
    return ValueSketch(currency=currency, approach=kind, effort=effort,
                       build_effort=build_effort, build=build, run=run,
                       improvement=improvement, volume=volume, per_case=per_case or minutes_case,
                       pool=pool, hourly=hourly, value=value, missing=tuple(missing),
                       basis=basis)


# -- formatting ----------------------------------------------------------------------------
_SIGN = {"USD": "$", "EUR": "€", "GBP": "£"}


def _round2(x: float) -> float:
    """Two significant digits: estimates should not look precise."""
    if x == 0:
        return 0.0
    from math import floor, log10

    digits = 1 - int(floor(log10(abs(x))))
    return round(x, digits)


def _short_en(x: float) -> str:
    x = _round2(x)
    for size, suffix in ((1e9, "bn"), (1e6, "M"), (1e3, "k")):
        if abs(x) >= size:
            return f"{_plain(x / size)}{suffix}"
    return _plain(x)


def _short_ja(x: float) -> str:
    x = _round2(x)
    for size, suffix in ((1e8, "億"), (1e4, "万")):
        if abs(x) >= size:
            return f"{_plain(x / size)}{suffix}"
    return _plain(x)


def _plain(x: float) -> str:
    """2,300 / 44 / 1.5 / 0.05: never scientific notation."""
    if abs(x) >= 100:
        return f"{x:,.0f}"
    return f"{x:.2f}".rstrip("0").rstrip(".") if abs(x) < 10 else f"{x:.1f}".rstrip("0").rstrip(".")


def money(r: Range, currency: str, lang: str) -> str:
    """A money range in the reader's idiom: "$290k–$430k", 「約290万〜430万円」."""
    lo, hi = r
    if currency == "JPY" and lang == "ja":
        body = _short_ja(lo) if _round2(lo) == _round2(hi) else f"{_short_ja(lo)}〜{_short_ja(hi)}"
        return f"約{body}円"
    if currency == "JPY":
        body = _short_en(lo) if _round2(lo) == _round2(hi) else f"{_short_en(lo)}–{_short_en(hi)}"
        return f"¥{body}"
    sign = _SIGN.get(currency, "")
    if _round2(lo) == _round2(hi):
        return f"{sign}{_short_en(lo)}"
    return f"{sign}{_short_en(lo)}–{sign}{_short_en(hi)}"


def count(r: Range, lang: str) -> str:
    lo, hi = r
    fmt = _short_ja if lang == "ja" else _short_en
    if _round2(lo) == _round2(hi):
        return fmt(lo)
    return f"{fmt(lo)}〜{fmt(hi)}" if lang == "ja" else f"{fmt(lo)}–{fmt(hi)}"


def share(r: Range, lang: str) -> str:
    lo, hi = (round(v * 100) for v in r)
    return f"{lo}〜{hi}%" if lang == "ja" else f"{lo}–{hi} %"


def span(r: Range, lang: str) -> str:
    lo, hi = (f"{v:g}" for v in r)
    if lo == hi:
        return lo
    return f"{lo}〜{hi}" if lang == "ja" else f"{lo}–{hi}"
