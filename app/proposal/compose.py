"""The offline proposal: one to two pages a manager can act on, composed from an assessment
and the templates (app/proposal/templates.yaml) — summary with the ask, approach and why, a
plan that matches the verdict, metrics and verification, a value sketch, risks, open
questions and references to the cards it cites.

It quotes only the user's own text (never an answer typed or clicked), through
app.quotes, so numbers stay whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from app.approach import Approach, recommend
from app.assess import Assessment, CriterionResult
from app.knowledge import Knowledge
from app.numbers import flatten
from app.proposal.checks import length
from app.proposal.parts import (
    HEADER_LINE,
    cite,
    deadline_quote,
    first_sentence,
    inline,
    labels,
    ours,
    problem_quote,
    questions,
    quote_evidence,
    references,
    split_references,
)
from app.proposal.templates import CITATION, fill, get, heading
from app.quotes import quote_span, speaker_end, utterance_spans
from app.text import is_metadata
from app.value import ValueSketch, assumptions, count, money, share, sketch, span

__all__ = ["compose_proposal", "references", "split_references"]


@dataclass
class Draft:
    """The Markdown lines being written and the cards they cite (in order)."""

    lang: str
    knowledge: Knowledge
    lines: list[str] = field(default_factory=list)
    cited: dict[str, None] = field(default_factory=dict)

    def text(self, template: dict[str, str] | str, **values: object) -> str:
        """A template in the reader's language, filled, with citations kept only for cards
        that exist (and recorded as cited)."""
        raw = template if isinstance(template, str) else template[self.lang]
        # Quotation marks belong to the user's words only: the template's own become 『』.
        raw = re.sub(r"「(?!\{quote\})", "『", raw)
        raw = re.sub(r"(?<!\{quote\})」", "』", raw)

        def keep(m: re.Match) -> str:
            if m.group(1) in self.knowledge.cards:
                self.cited.setdefault(m.group(1), None)
                return m.group(0)
            return ""

        # Citations are ours, in the template; values (the user's words) are never touched.
        return fill(CITATION.sub(keep, raw), **values)

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)


class Composer:
    def __init__(self, a: Assessment, knowledge: Knowledge, limits: dict | None = None) -> None:
        self.limits = limits or get("limits")
        self.a = a
        self.k = knowledge
        self.lang = a.language
        self.d = Draft(self.lang, knowledge)
        self.approach: Approach = a.approach or recommend(
            a.problem, self.lang, a.verdict, {c.id: (c.status, c.evidence) for c in a.criteria},
            knowledge.rubric.gates("not_ml"))
        self.value = sketch(a.problem, self.lang, self.approach.kind, a.verdict)
        self.deciding = (knowledge.rubric.deciding(a.verdict, a.statuses)
                         if a.verdict in ("not_ml", "not_yet") else [])
        self.questions = questions(a, knowledge, self.value)
        first = self.limits["questions_first"]
        self.plan_questions = self.questions[:first] if a.verdict == "needs_info" else []
        self.open_questions = self.questions[len(self.plan_questions):]
        self._quoted: set[str] = set()

    def _quote(self, c: CriterionResult, limit: int) -> str | None:
        """The user's words behind `c`, or None when this proposal has quoted them already:
        the same sentence shown as evidence for three things reads as padding."""
        q = quote_evidence(self.a.problem, c, limit)
        if q is None or q in self._quoted:
            return None
        self._quoted.add(q)
        return q

    # -- sections ------------------------------------------------------------------------
    def summary(self) -> None:
        a, d, lang, v = self.a, self.d, self.lang, self.value
        quote = problem_quote(a.problem, lang, self.limits)
        d.add(f"## {heading('summary', lang)}", "")
        if quote:
            d.add(d.text(get("summary.problem")), "", f"> {quote}", "")
        else:
            d.add(d.text(get("summary.no_quote")), "")
        rec = get(f"summary.recommendation.{a.verdict}")
        d.add(d.text(rec, approach=self.approach.short,
                     blockers=labels(self.deciding, self.k, lang), n=len(self.plan_questions)),
              "")
        ask = get("summary.ask")
        people = self._people()
        weeks = span(v.effort.weeks, lang)
        room = self.limits.get("deadline_chars", 0)
        due = deadline_quote(a.problem, room) if room else None
        d.add(d.text(get("summary.ask_title")), "", "- " + d.text(ask["people"], people=people),
              "- " + (d.text(ask["time_own"], weeks=weeks, quote=due) if due
                      else d.text(ask["time"], weeks=weeks)))
        if a.verdict == "needs_info":
            d.add("- " + d.text(ask["money_none"]))
        else:
            d.add("- " + d.text(ask["money"], build=money(v.build, v.currency, lang),
                                run=money(v.run or (0, 0), v.currency, lang)))
        d.add("- " + d.text(ask["data"], data=self._data_access()),
              "- " + d.text(ask["decision"][a.verdict], weeks=weeks,
                            blockers=labels(self.deciding, self.k, lang)), "")

    def _people(self) -> str:
        people = get("summary.people")
        if self.a.verdict == "needs_info":
            whos = list(dict.fromkeys(q.who for q in self.plan_questions))
            return self.d.text(people["settle"], who=get("summary.list_sep")[self.lang].join(whos))
        if self.approach.kind == "rules":
            return self.d.text(people["rules"])
        return self.d.text(people["build"], n=span(self.value.effort.people, self.lang))

    def _data_access(self) -> str:
        data = get("summary.data")
        if self.a.verdict == "needs_info":
            return self.d.text(data["settle"])
        if self.approach.kind == "rules":
            return self.d.text(data["rules"])
        rubric = self.k.rubric
        for c in self.a.criteria:
            if (rubric.criteria[c.id].proposal_section == "data" and c.status in ("met", "partial")
                    and (q := self._quote(c, 60))):
                return self.d.text(data["quoted"], quote=q)
        return self.d.text(data["generic"])

    def approach_section(self) -> None:
        d = self.d
        lead = "approach.lead_tentative" if self.a.verdict == "needs_info" else "approach.lead"
        d.add(f"## {heading('approach', self.lang)}", "",
              d.text(get(lead), label=self.approach.label), "")
        # Before the questions are settled, the route's one reason is enough: its trade-offs
        # are for the proposal that follows the answers.
        n = 1 if self.a.verdict == "needs_info" else self.limits["reasons"]
        d.add(*(f"- {r}" for r in self.approach.reasons[:n]))
        d.add("", d.text(get("approach.card")), "")

    def plan(self) -> None:
        a, d, lang, k = self.a, self.d, self.lang, self.k
        phase = get("plan.phase")
        d.add(f"## {heading('plan', lang)}", "")
        def mvp() -> list[str]:
            return [d.text(step) for step in get(f"plan.mvp.{self.approach.kind}")]

        if a.verdict == "not_ml":
            steps = [d.text(ours(cite(k.rubric.criteria[c].fix[lang],
                                       k.rubric.criteria[c].cards[0]))) for c in self.deciding]
            steps += [d.text(get("plan.nonml.measure")), d.text(get("plan.nonml.revisit"))]
            self._phase(phase["nonml"], steps)
        elif a.verdict == "not_yet":
            fixes = [d.text(ours(cite(k.rubric.criteria[c].fix[lang],
                                       k.rubric.criteria[c].cards[0]))) for c in self.deciding]
            self._phase(phase["fix"], fixes, weeks=self._fix_weeks())
            self._phase(phase["then_mvp"], [re.sub(r"^[^:：]*週目：|^Weeks? [\d–-]+: ", "", s)
                                            for s in mvp()], lead=self._own_plan())
        elif a.verdict == "needs_info":
            qs = [d.text(get("plan.question"), question=q.text, who=q.who)
                  for q in self.plan_questions]
            self._phase(phase["questions"], qs, weeks=span((self.value.effort.weeks[1],) * 2,
                                                           lang))
            self._phase(phase["then_decide"], [d.text(s) for s in get("plan.decide")])
        else:
            self._phase(phase["mvp"], mvp(), lead=self._own_plan())

    def _own_plan(self) -> str:
        """The team's own plan in their words, when the text has one (ml_fit and not_yet):
        a manager should see their plan taken up, not replaced by a generic one."""
        pattern = re.compile(get("plan.own_words"), re.IGNORECASE)
        span_of_time = re.compile(get("plan.own_span"), re.IGNORECASE)
        for start, end in utterance_spans(self.a.problem):
            sentence = self.a.problem[start:end]
            if (not pattern.search(sentence) or not span_of_time.search(sentence)
                    or is_metadata(sentence) or HEADER_LINE.search(sentence)):
                continue
            q = quote_span(self.a.problem, start, end, limit=110)
            q = q[speaker_end(q):]
            if q and len(q) >= 12 and q not in self._quoted:
                self._quoted.add(q)
                return self.d.text(get(f"plan.own.{self.a.verdict}"), quote=q)
        return ""

    def _fix_weeks(self) -> str:
        return f"{assumptions()['fix_first_weeks'][1]:g}"

    def _phase(self, title: dict[str, str], steps: list[str], lead: str = "",
               **values: object) -> None:
        self.d.add(f"**{self.d.text(title, **values)}**", "")
        if lead:
            self.d.add(lead, "")
        self.d.add(*(f"{n}. {s}" for n, s in enumerate(steps, 1)))
        self.d.add("")

    def metrics(self) -> None:
        a, d, lang = self.a, self.d, self.lang
        m = get("metrics")
        d.add(f"## {heading('metrics', lang)}", "")
        quote = next((q for c in a.criteria
                      if self.k.rubric.criteria[c.id].proposal_section == "metrics"
                      and self.k.rubric.criteria[c.id].gate
                      and c.status in ("met", "partial")
                      and (q := quote_evidence(a.problem, c, 80)) and q not in self._quoted
                      and re.search(m["metric_words"], q, re.IGNORECASE)),
                     None)
        if quote:
            self._quoted.add(quote)
        target = self._target_quote(m["target_words"])
        outcome = None if target or quote else self._outcome_quote()
        lines = [d.text(m["success_target"], quote=target) if target
                 else d.text(m["success_quoted"], quote=quote) if quote
                 else d.text(m["success_outcome"], quote=outcome) if outcome
                 else d.text(m["success_generic"]),
                 d.text(m["failure"][self.approach.kind])]
        # The team's own way to check the effect (A/B districts, a randomised half) first.
        own = self._target_quote(m["verify_words"], number=False)
        if own and (re.search(m["verify_not"], own, re.IGNORECASE)
                    or (len(own.split()) < 4 and len(own) < 12)):
            own = None  # "the inspections are not a random sample"; a one-word bullet
        lines.append(d.text(m["verify"]["own"], quote=own) if own
                     else d.text(m["verify"]["default"]))
        if self.approach.kind in ("off_the_shelf", "fine_tune"):
            lines.append(d.text(m["verify"]["generated"]))
        d.add(*(f"- {line}" for line in lines))
        d.add("")

    def _outcome_quote(self) -> str | None:
        """The user's words for the outcome they want (the ungated problem criterion), so
        the success measure is theirs rather than an example of ours."""
        rubric = self.k.rubric
        for c in self.a.criteria:
            crit = rubric.criteria[c.id]
            if (crit.proposal_section == "problem" and crit.gate is None
                    and c.status in ("met", "partial") and (q := self._quote(c, 80))):
                return q
        return None

    def _target_quote(self, words: str, number: bool = True) -> str | None:
        """The first sentence of the user's that matches `words` (and names a number, with
        `number`), quoted: a target they set, or the way they will check the effect."""
        pattern = re.compile(words, re.IGNORECASE | re.ASCII)
        for start, end in utterance_spans(self.a.problem):
            sentence = self.a.problem[start:end]
            sentence = sentence[speaker_end(sentence):]  # "西村 10:08" is not a number of theirs
            if (pattern.search(sentence) and (not number or re.search(r"\d", sentence))
                    and not is_metadata(sentence) and not HEADER_LINE.search(sentence)):
                q = quote_span(self.a.problem, start, end, limit=90)
                q = q[speaker_end(q):]
                if q and q not in self._quoted:
                    self._quoted.add(q)
                    return q
        return None

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

    def risks(self) -> None:
        a, d, lang, k = self.a, self.d, self.lang, self.k
        r = get("risks")
        limit = self.limits["risks"]
        def applies(item: dict) -> bool:
            when = item.get("when") or []
            return a.verdict not in item.get("not_for", ()) and all(
                re.search(r["cues"][cue], a.problem, re.IGNORECASE)
                for cue in ([when] if isinstance(when, str) else when))

        # The domain's own blockers first: they are what a reader looks for in this case.
        # (Filled only once they are sure to be shown: filling a template records its cards.)
        domain = [x for x in r["domain"] if applies(x)][:min(r["domain_limit"], limit - 1)]
        trades = [x for x in r["approach"][self.approach.kind] if applies(x)]
        trades = trades[:max(0, limit - len(domain))]
        items = [d.text(x) for x in domain]
        shown = set(self.deciding)
        pending = [c for c in a.criteria if c.status in ("unmet", "partial") and c.id not in shown
                   and k.rubric.criteria[c.id].section in get("risks.sections")]
        pending.sort(key=lambda c: (k.rubric.criteria[c.id].gate is None, c.status != "unmet"))
        for c in pending[:max(0, limit - len(items) - len(trades))]:
            crit = k.rubric.criteria[c.id]
            q = self._quote(c, 60)
            items.append(d.text(r["item"], label=ours(crit.label[lang]),
                                state=k.rubric.status_labels[c.status][lang],
                                quote=fill(r["quote"][lang], quote=q) if q else "",
                                fix=d.text(ours(cite(first_sentence(crit.fix[lang]),
                                                      crit.cards[0])))))
        items += [d.text(x) for x in trades]
        d.add(f"## {heading('risks', lang)}", "")
        d.add(*(f"- {item}" for item in items[:limit]))
        d.add("")

    def open_section(self) -> None:
        d, lang, k = self.d, self.lang, self.k
        d.add(f"## {heading('open', lang)}", "")
        if not self.open_questions:
            d.add(d.text(get("open.none")), "")
            return
        cap = self.limits["questions_full"]
        full = [q for q in self.open_questions if q.full][:cap]
        rest = [q for q in self.open_questions if q not in full]
        d.add(*(f"- {d.text(get('open.item'), question=q.text, who=q.who)}" for q in full))
        by_who: dict[str, list[str]] = {}
        for q in rest:
            label = ours(inline(k.rubric.criteria[q.cid].label[lang]))
            if label not in by_who.setdefault(q.who, []):
                by_who[q.who].append(label)
        sep = get("summary.list_sep")[lang]
        d.add(*(f"- {d.text(get('open.also'), who=who, labels=sep.join(labels))}"
                for who, labels in by_who.items()))
        d.add("")

    def compose(self) -> tuple[str, list[str]]:
        a, d, lang = self.a, self.d, self.lang
        d.add(f"# {d.text(get(f'title.{a.verdict}'))}", "",
              f"_{d.text(get('draft_note'), mode=a.mode)}_", "")
        self.summary()
        self.approach_section()
        self.plan()
        self.metrics()
        self.value_section()
        self.risks()
        self.open_section()
        cited = list(d.cited)
        return "\n".join(d.lines).rstrip() + "\n\n" + references(cited, self.k, lang), cited

    def supplied_cards(self) -> list[str]:
        """Every card this proposal could cite: the assessment's, the approach's and the
        templates' (what the LLM drafter is given and may cite)."""
        ids = [*self.d.cited, *(c for r in self.a.criteria for c in r.cards),
               *self.approach.cards]
        return [c for c in dict.fromkeys(ids) if c in self.k.cards]


def compose_proposal(a: Assessment, knowledge: Knowledge) -> tuple[str, list[str], list[str]]:
    """(Markdown, cited cards, supplied cards) of the offline proposal, within the page
    budget: a draft that runs over is composed again with tighter limits."""
    limits = get("limits")
    budget = get(f"budget.{a.language}")["max"]
    for tighter in [{}, *get("tighter")]:
        composer = Composer(a, knowledge, {**limits, **tighter})
        markdown, cited = composer.compose()
        if length(markdown, a.language) <= budget:
            break
    return markdown, cited, composer.supplied_cards()
