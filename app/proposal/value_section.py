"""The proposal's value sketch section: the user's volume and value per case (quoted), the
improvement assumed for the approach, yearly value against the cost, or what is missing to
size it. A part of app.proposal.compose.Composer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.numbers import flatten
from app.proposal.templates import get, heading
from app.value import ValueSketch, assumptions, count, money, share, span

if TYPE_CHECKING:
    from app.approach import Approach
    from app.proposal.compose import Draft


class ValueSection:
    d: Draft
    lang: str
    value: ValueSketch
    approach: Approach

    def value_section(self) -> None:
        d, lang, v = self.d, self.lang, self.value
        t = get("value")
        d.add(f"## {heading('value', lang)}", "")
        if v.value is None:
            if v.missing == ("value_per_case",) and v.volume and v.volume_per_year:
                d.add(d.text(t["missing_with_volume"], volume=self._volume_line(v)), "")
                return
            names = get("summary.join")[lang].join(
                t["missing_names"][name][lang] for name in v.missing)
            d.add(d.text(t["missing"], what=names), "")
            return
        lines: list[str] = []
        per_year = v.volume_per_year
        if v.basis == "per_case" and v.volume and v.per_case and per_year:
            lines.append(self._volume_line(v))
            lines.append(self._per_case_line(v))
            if v.pool:
                lines.append(d.text(t["pool_also"], quote=flatten(v.pool.text)))
        elif v.pool:
            lines.append(d.text(t["pool"], quote=flatten(v.pool.text)))
            if v.volume and per_year:
                lines.append(self._volume_line(v))
        lines.append(d.text(t["improvement"], share=share(v.improvement, lang),
                            label=self.approach.short))
        lines.append(d.text(t["yearly"], value=money(v.value, v.currency, lang)))
        pw = assumptions()["person_week"][v.currency]
        lines.append(d.text(t["cost"], build=money(v.build, v.currency, lang),
                            people=span(v.build_effort.people, lang),
                            weeks=span(v.build_effort.weeks, lang),
                            pw=money(tuple(pw), v.currency, lang),
                            run=money(v.run or (0, 0), v.currency, lang)))
        run = v.run or (0.0, 0.0)
        verdict = "covers" if v.value[0] >= run[1] else "maybe" if v.value[1] >= run[0] else "short"
        lines.append(d.text(t["verdict"][verdict]))
        d.add(*(f"- {line}" for line in lines))
        d.add("", d.text(t["note"]), "")

    def _volume_line(self, v: ValueSketch) -> str:
        t = get("value")
        assert v.volume is not None and v.volume_per_year is not None
        if v.volume.per == "year":
            return self.d.text(t["volume_year"], quote=flatten(v.volume.text))
        return self.d.text(t["volume_days" if v.volume.per == "day" else "volume"],
                           quote=flatten(v.volume.text),
                           n=count(v.volume_per_year, self.lang))

    def _per_case_line(self, v: ValueSketch) -> str:
        t = get("value")
        assert v.per_case is not None
        if v.per_case.kind == "money":
            return self.d.text(t["per_case_money"], quote=flatten(v.per_case.text))
        return self.d.text(t["per_case_minutes"], quote=flatten(v.per_case.text),
                           hourly=money(v.hourly or (0, 0), v.currency, self.lang))
