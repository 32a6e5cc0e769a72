"""The LLM drafter: rewrites the offline proposal from the same facts and the same cards.

Invented citations are removed and the references are rebuilt by mlscope; a failure keeps
the offline draft, with a notice.
"""

from __future__ import annotations

import logging

from langchain_core.messages import HumanMessage, SystemMessage

from app.backends import ProposalDraft
from app.backends.llm_answer import LANGUAGE_NAME, cards_block
from app.backends.streaming import clean_citations, invoke_text
from app.errors import LLMError
from app.prompts import load_prompt
from app.propose import references, split_references
from app.providers import ChatProvider
from app.runtime import Runtime

log = logging.getLogger(__name__)

PROPOSAL_MAX_TOKENS = 1800
CARD_CHARS = 900
OFFLINE_DRAFT = {"en": "Showing the offline draft.",
                 "ja": "オフラインで作成した下書きを表示しています。"}


class LLMDrafter:
    def __init__(self, rt: Runtime, provider: ChatProvider) -> None:
        self.rt = rt
        self.provider = provider
        self.model = provider.chat_model(rt.settings, streaming=False,
                                         max_tokens=PROPOSAL_MAX_TOKENS)

    def draft(self, assessment, offline: ProposalDraft) -> ProposalDraft:
        lang = assessment.language
        knowledge = self.rt.knowledge
        allowed = list(dict.fromkeys(
            [*offline.cited, *(c for r in assessment.criteria for c in r.cards)]))
        allowed = [c for c in allowed if c in knowledge.cards]
        system = load_prompt("propose_system").render(
            language=LANGUAGE_NAME[lang], cards=cards_block(allowed, knowledge, lang, CARD_CHARS),
            draft=split_references(offline.markdown, lang))
        try:
            text = invoke_text(self.model, [SystemMessage(system),
                                            HumanMessage(assessment.problem)],
                               self.provider, self.rt.settings)
            text, used, dropped = clean_citations(text, allowed)
            if len(text.strip()) < 200 or "#" not in text:
                raise LLMError("The LLM returned no usable proposal (too short or without "
                               "sections).")
        except LLMError as exc:
            log.warning("LLM proposal failed; using the offline draft: %s", exc)
            return ProposalDraft(mode=offline.mode, markdown=offline.markdown,
                                 cited=offline.cited,
                                 notices=(*offline.notices, f"{exc} {OFFLINE_DRAFT[lang]}"))
        if dropped:
            log.info("dropped %d invented citation(s) from the LLM proposal", len(dropped))
        used = list(dict.fromkeys(used))
        markdown = text.rstrip() + "\n\n" + references(used, knowledge, lang)
        return ProposalDraft(mode="llm", markdown=markdown, cited=tuple(used))
