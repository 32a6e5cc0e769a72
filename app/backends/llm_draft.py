"""The LLM drafter: rewrites the offline proposal from the same facts and the same cards.

Invented citations are removed and the references are rebuilt by mlscope. The rewrite must
pass the same consistency checks as the offline draft (app.proposal.checks: plan matches
the verdict, quotes and numbers intact, citations, length, language); a failure of the
call or of a check keeps the offline draft, with a notice.
"""

from __future__ import annotations

import logging

from langchain_core.messages import HumanMessage, SystemMessage

from app.backends import ProposalDraft
from app.backends.llm_answer import LANGUAGE_NAME, cards_block
from app.backends.streaming import clean_citations, invoke_text
from app.errors import LLMError
from app.prompts import load_prompt
from app.proposal.checks import check_proposal
from app.proposal.templates import get, heading, phase_prefix
from app.propose import references, split_references
from app.providers import ChatProvider
from app.runtime import Runtime

log = logging.getLogger(__name__)

PROPOSAL_MAX_TOKENS = 1800
CARD_CHARS = 900
OFFLINE_DRAFT = {"en": "Showing the offline draft.",
                 "ja": "オフラインで作成した下書きを表示しています。"}
SECTIONS = ("summary", "approach", "plan", "metrics", "value", "risks", "open")


class LLMDrafter:
    def __init__(self, rt: Runtime, provider: ChatProvider) -> None:
        self.rt = rt
        self.provider = provider
        self.model = provider.chat_model(rt.settings, streaming=False,
                                         max_tokens=PROPOSAL_MAX_TOKENS)

    def draft(self, assessment, offline: ProposalDraft) -> ProposalDraft:
        lang = assessment.language
        knowledge = self.rt.knowledge
        allowed = list(dict.fromkeys([*offline.cited, *offline.supplied,
                                      *(c for r in assessment.criteria for c in r.cards)]))
        allowed = [c for c in allowed if c in knowledge.cards]
        budget = get(f"budget.{lang}")
        system = load_prompt("propose_system").render(
            language=LANGUAGE_NAME[lang], cards=cards_block(allowed, knowledge, lang, CARD_CHARS),
            draft=split_references(offline.markdown, lang),
            headings=", ".join(f"“{heading(k, lang)}”" for k in SECTIONS),
            phases=", ".join(f"“{phase_prefix(k, lang)}”" for k in get("plan.phase")),
            budget=f"{budget['max']} {'words' if budget['unit'] == 'words' else '文字'}")
        try:
            text = invoke_text(self.model, [SystemMessage(system),
                                            HumanMessage(assessment.problem)],
                               self.provider, self.rt.settings)
            text, used, dropped = clean_citations(text, allowed)
            if len(text.strip()) < 200 or "#" not in text:
                raise LLMError("The LLM returned no usable proposal (too short or without "
                               "sections).")
            used = list(dict.fromkeys(used))
            markdown = text.rstrip() + "\n\n" + references(used, knowledge, lang)
            failed = [c for c in check_proposal(
                markdown, problem=assessment.problem, verdict=assessment.verdict, lang=lang,
                supplied=allowed, cited=used) if not c.passed]
            if failed:
                raise LLMError(f"The LLM proposal failed a check ({failed[0].name}: "
                               f"{failed[0].detail}).")
        except LLMError as exc:
            log.warning("LLM proposal failed; using the offline draft: %s", exc)
            return ProposalDraft(mode=offline.mode, markdown=offline.markdown,
                                 cited=offline.cited, supplied=offline.supplied,
                                 notices=(*offline.notices, f"{exc} {OFFLINE_DRAFT[lang]}"))
        if dropped:
            log.info("dropped %d invented citation(s) from the LLM proposal", len(dropped))
        return ProposalDraft(mode="llm", markdown=markdown, cited=tuple(used),
                             supplied=tuple(allowed))
