"""`extract_statuses`: one Finding per rubric criterion from a free-text problem description.

Two layers vote per clause:
- rules (app.extraction.rules + cues_*): bilingual cue patterns with negation scope, and
  volumes parsed from numbers (app.extraction.scale);
- a learned layer (app.extraction.knn): the nearest labelled statements from
  data/statements.yaml, embedded with the configured model.
The strongest vote per criterion decides its status; the sentence that carried it is the
evidence. A criterion nobody voted on is then filled, if it can be, by a softmax classifier
trained on the same statements (app.extraction.classifier), which never alone makes
ml_needed, impact or outcome unmet. Otherwise it stays `unknown`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app.extraction.clauses import split_clauses
from app.extraction.rules import Hit, rule_hits
from app.extraction.scale import has_value_evidence
from app.rubric import Rubric, Status

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings

MIN_CONFIDENCE = 0.3
SKIP_KNN_CONF = 0.6
SKIP_CLF_CONF = 0.6  # 0.7 lets the classifier read more clauses (+recall, ~1.6x embedding)
KNN_MIN_UNMET = 0.45
# When two statuses are this close, the more cautious one wins (unmet > partial > met).
_TIE_MARGIN = 0.05
_CAUTION = {"unmet": 2, "partial": 1, "met": 0}
# An unmet on these ends the assessment as not_ml: it must win outright, not on a near tie.
_STRICT = {"ml_needed", "impact"}


@dataclass(frozen=True)
class Finding:
    status: Status
    evidence: str
    confidence: float


UNKNOWN = Finding("unknown", "", 0.0)


def extract_statuses(
    text: str,
    lang: str,
    embeddings: Embeddings | None,
    cache_dir: Path | None,
    rubric: Rubric,
) -> dict[str, Finding]:
    """A Finding for every criterion of the rubric, in its order (`unknown` where the
    extractor has no data for a criterion).

    `lang` is accepted for the interface; the cues are bilingual and run on every clause,
    because problem descriptions often mix Japanese and English.
    """
    clauses = split_clauses(text or "")
    hits = _guard(rule_hits(clauses), text or "")
    fill: list[Hit] = []
    if embeddings is not None and clauses:
        from app.extraction.classifier import classifier_hits
        from app.extraction.knn import bank, embed_clauses, knn_hits

        # The learned layers read only what the cues left open: clauses with no confident cue
        # (a clause with a strong cue gains little from a vote, and this saves embedding time).
        # kNN skips clauses with a cue of SKIP_KNN_CONF, the classifier those of SKIP_CLF_CONF.
        best: dict[int, float] = defaultdict(float)
        for h in hits:
            best[id(h.clause)] = max(best[id(h.clause)], h.conf)
        open_clauses = [c for c in clauses if best[id(c)] < SKIP_CLF_CONF]
        if open_clauses:
            b = bank(embeddings, cache_dir)
            vectors = embed_clauses([c.text for c in open_clauses], embeddings)
            knn_idx = [i for i, c in enumerate(open_clauses) if best[id(c)] < SKIP_KNN_CONF]
            if knn_idx:
                hits.extend(knn_hits([open_clauses[i] for i in knn_idx], embeddings, cache_dir,
                                     vectors=vectors[knn_idx], b=b))
            # The trained classifier only fills criteria that rules and kNN left unknown.
            fill = _guard(classifier_hits(open_clauses, vectors, b, cache_dir), text or "")
    return decide(hits, rubric.ids, fill)


# A rule, table or threshold that is described as failing is a reason FOR learning, not against.
_RULE_FAILS = re.compile(
    r"\b(?:can['’]?t keep up|(?:does|do|did)n['’]?t (?:work|cope|scale|catch)|misses|missed"
    r"|miss(?:ing)? (?:most|many|a lot)"
    r"|find(?:s)? nothing|found nothing|false (?:alarms?|positives?)|only (?:catches|finds|flags)"
    r"|mis-?(?:tagged|routed|classified|labell?ed)|too (?:many|crude|coarse|simple)|wasted"
    r"|breaks? down|out of date|stopped working|(?:is|are) wrong|gets? it wrong|dropped it"
    r"|gave up on|covers? (?:only |about |roughly |around |~)?\d+\s?%"
    r"|the rest (?:land|go|end up|fall))\b"
    r"|追いつかない|手遅れ|(?<!を)外れ(?:る|が多)|漏れ(?:る|が)|見逃(?:し|す)|空振り|うまくいかない|限界"
    r"|対応しきれ|無駄足|拾えない|捉えられない|表せない|書ききれない"
    r"|では(?:無理|足りない|不十分|難しい)",
    re.IGNORECASE,
)
_NOTHING_MISSED = re.compile(
    r"\b(?:nothing|none|no \w+) (?:has|have|had)? ?(?:ever )?(?:been )?missed\b"
    r"|見逃し(?:は|も)?(?:ゼロ|ない|なし|ありません)",
    re.IGNORECASE,
)
# Sentences about permission to use data: "defined by our rules" there is not about the answer.
_RIGHTS_CONTEXT = re.compile(
    r"\b(?:privacy|consent|gdpr|personal data|legal|lawful|data protection)\b"
    r"|個人情報|同意|利用目的|法務|プライバシー",
    re.IGNORECASE,
)


def _guard(hits: list[Hit], text: str) -> list[Hit]:
    """Drop votes that the rest of the sentence or the document contradicts.

    - `ml_needed` unmet (a rule/table/lookup decides) when the same sentence says that rule
      fails, or when the sentence is about data permissions;
    - `impact` unmet from a small count when the text states money or hours at stake;
    - `outcome` unmet ("an AI project") when a business effect is stated elsewhere.
    """
    valued = has_value_evidence(text)
    goal_stated = any(
        h.criterion == "outcome" and h.status == "met" and h.conf >= 0.5 for h in hits
    )
    out: list[Hit] = []
    for hit in hits:
        if hit.criterion == "ml_needed" and hit.status == "unmet":
            sentence = hit.clause.sentence
            fails = _RULE_FAILS.search(sentence) and not _NOTHING_MISSED.search(sentence)
            if fails or _RIGHTS_CONTEXT.search(hit.clause.text):
                continue
        if hit.source == "knn" and hit.status == "unmet" and hit.conf < KNN_MIN_UNMET:
            # A weak nearest-neighbour vote may fill a gap, but not fail a gate on its own.
            continue
        if hit.criterion == "outcome" and hit.status == "unmet" and (goal_stated or valued):
            # "an ML project" is only goal-less when no business effect is stated anywhere.
            continue
        if hit.criterion == "impact" and hit.status == "unmet" and hit.source == "scale" and valued:
            hit = Hit(hit.criterion, "partial", 0.4, hit.clause, hit.source)
        out.append(hit)
    return out


def decide(hits: list[Hit], ids: tuple[str, ...], fill: list[Hit] | None = None
           ) -> dict[str, Finding]:
    """Per-criterion decision; `fill` votes count only where `hits` leave a criterion unknown."""
    by_criterion: dict[str, list[Hit]] = defaultdict(list)
    for hit in hits:
        by_criterion[hit.criterion].append(hit)
    findings = {cid: _decide_one(by_criterion.get(cid, []), cid) for cid in ids}
    if fill:
        extra: dict[str, list[Hit]] = defaultdict(list)
        for hit in fill:
            extra[hit.criterion].append(hit)
        for cid, found in findings.items():
            if found.status == "unknown" and extra.get(cid):
                findings[cid] = _decide_one(extra[cid], cid)
    return _infer(findings)


# Words for a recorded decision or outcome: logged manual work carries its own answers.
_DECISION_WORDS = re.compile(
    r"\b(?:decision|decided|decides|assigned|approved|rejected|declined|routed|tagged|labell?ed"
    r"|categori[sz]ed|classified|outcomes?|results?|resolution|final (?:price|team|category)"
    r"|which (?:team|category|agent)|who (?:handled|approved))\b"
    r"|判定|判断|結果|分類|振り分け|担当(?:者|チーム)?(?:が|を|の)|承認|却下|否決|査定|成約|合否|対応履歴",
    re.IGNORECASE,
)


def _infer(findings: dict[str, Finding]) -> dict[str, Finding]:
    """Cross-criterion inferences the rubric implies (skipped for criteria it lacks)."""
    if not _INFERRED <= set(findings):
        return findings
    err, hitl = findings["error_cost"], findings["human_in_loop"]
    # A costly error (partial: known but severe) with nobody reviewing is not tolerable.
    if err.status == "partial" and hitl.status == "unmet":
        conf = min(err.confidence, hitl.confidence)
        findings["error_cost"] = Finding("unmet", err.evidence, conf)
    # DESIGN: error cost is met when wrong predictions are "caught by review".
    if err.status == "unknown" and hitl.status == "met":
        findings["error_cost"] = Finding("partial", hitl.evidence, hitl.confidence * 0.8)
    # Real-world ML automates manual work that is already logged (the seed article): when
    # the logged data records the people's decisions or outcomes, those are labels.
    logged, labels = findings["data_logged"], findings["labels"]
    if (labels.status == "unknown" and logged.status == "met"
            and _DECISION_WORDS.search(logged.evidence)):
        findings["labels"] = Finding("partial", logged.evidence, logged.confidence * 0.8)
    # DESIGN: success needs a measurable metric and a way to verify the effect (A/B, pilot).
    # A pilot or trial is that way; a measured baseline of a stated outcome is the metric.
    metric, mvp = findings["success_metric"], findings["mvp"]
    if metric.status == "unknown":
        if mvp.status == "met" and _TRIAL_WORDS.search(mvp.evidence):
            findings["success_metric"] = Finding("partial", mvp.evidence, mvp.confidence * 0.7)
        elif findings["outcome"].status == "met" and findings["baseline"].status == "met":
            base = findings["baseline"]
            findings["success_metric"] = Finding("partial", base.evidence, base.confidence * 0.6)
    return findings


_INFERRED = {"error_cost", "human_in_loop", "data_logged", "labels", "success_metric", "mvp",
             "outcome", "baseline"}
_TRIAL_WORDS = re.compile(
    r"\b(?:pilot|trial|shadow|proof[- ]of[- ]concept|poc|side by side|in parallel)\b"
    r"|パイロット|試験(?:導入|運用)|トライアル|PoC|ＰｏＣ|実証|並行(?:して|運用)|シャドー",
    re.IGNORECASE,
)


def _decide_one(hits: list[Hit], criterion: str = "") -> Finding:
    if not hits:
        return UNKNOWN
    best: dict[str, Hit] = {}
    count: dict[str, int] = defaultdict(int)
    for hit in hits:
        if hit.status not in _CAUTION:
            continue
        count[hit.status] += 1
        if hit.status not in best or hit.conf > best[hit.status].conf:
            best[hit.status] = hit
    # A second sentence or layer agreeing adds a little weight, once: many weak generic cues
    # must not outvote one specific cue.
    score = {s: best[s].conf + (0.05 if count[s] > 1 else 0.0) for s in best}
    if not score:
        return UNKNOWN
    top = max(score.values())
    if top < MIN_CONFIDENCE:
        return UNKNOWN
    margin = 0.0 if criterion in _STRICT else _TIE_MARGIN
    contenders = [s for s, v in score.items() if v >= top - margin]
    status = max(contenders, key=lambda s: (_CAUTION[s], score[s]))
    hit = best[status]
    return Finding(status, hit.clause.sentence, round(min(score[status], 1.0), 3))  # type: ignore[arg-type]
