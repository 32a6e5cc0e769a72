"""From clause-level votes to one Finding per criterion.

Two sources vote: the cue rules (app.extraction.rules; hits guarded against what the rest
of the sentence or document contradicts) and the learned layer (app.extraction.learned;
calibrated probabilities per clause). `combine` fuses them per criterion; `infer` then
applies the cross-criterion inferences the rubric implies.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from app.extraction.clauses import Clause
from app.extraction.rules import Hit
from app.extraction.scale import has_value_evidence
from app.rubric import Status
from app.text import is_metadata

MIN_CONFIDENCE = 0.3
# When two statuses are this close, the more cautious one wins (unmet > partial > met).
_TIE_MARGIN = 0.05
_CAUTION = {"unmet": 3, "partial": 2, "met": 1, "n/a": 0}
# An unmet on these ends the assessment as not_ml: it must win outright, not on a near tie.
_STRICT = {"ml_needed", "impact"}


@dataclass(frozen=True)
class Finding:
    status: Status
    evidence: str
    confidence: float
    source: str = ""  # "rule", "model", "both", "scope", "inferred" (what decided it)


UNKNOWN = Finding("unknown", "", 0.0)


@dataclass(frozen=True)
class Params:
    """How the sources are fused; chosen by bench/extraction_models.py on held-out data."""

    threshold: float = 0.5  # a learned status below this probability is not reported
    unmet_threshold: float = 0.65  # a learned `unmet` alone needs this much (it fails gates)
    rule_min: float = 0.3  # rule findings below this are ignored
    agree_bonus: float = 0.15  # both sources agree: confidence rises by this share of the gap
    rule_priority: float = 0.6  # a cue this confident wins a disagreement with the model
    never_unmet_alone: tuple[str, ...] = ("ml_needed", "impact", "outcome")
    use_model: bool = True
    use_rules: bool = True
    use_scope: bool = True
    # A learned `unmet` with no cue agreeing must come from a sentence that says something
    # is missing, negated or harmful: on text unlike the statement banks, the n-grams read
    # "unmet" into plain statements ("the next person acts on it") far more often than not.
    unmet_needs_adverse: bool = True
    # A learned `unmet` that no cue agrees with is reported as `partial` (offered for
    # correction, never failing a gate on its own), except for the criteria listed here,
    # whose learned unmets held up on the blind sets (bench: per-criterion precision).
    model_unmet_trusted: tuple[str, ...] | None = None


# A rule, table or threshold that is described as failing is a reason FOR learning, not against.
_RULE_FAILS = re.compile(
    r"\b(?:can['’]?t keep up|(?:does|do|did)n['’]?t (?:work|cope|scale|catch)|misses|missed"
    r"|miss(?:ing)? (?:most|many|a lot)"
    r"|find(?:s)? nothing|found nothing|false (?:alarms?|positives?)|only (?:catches|finds|flags)"
    r"|mis-?(?:tagged|routed|classified|labell?ed)|too (?:many|crude|coarse|simple)|wasted"
    r"|breaks? down|out of date|stopped working|(?:is|are) wrong|gets? it wrong|dropped it"
    r"|gave up on|covers? (?:only |about |roughly |around |~)?\d+\s?%"
    r"|the rest (?:land|go|end up|fall)|coin[- ]?flip|no better than (?:chance|random|guessing)"
    r"|(?:mostly |largely |just |all )?ignored?(?: it| them)?|nobody (?:trusts|uses) (?:it|them)"
    r"|(?:about |approximately |roughly |around |~)?\d+\s?% (?:of \w+ )?(?:are|is|get|gets|can be)"
    r" (?:auto-?\w+|automatically \w+|handled|matched|covered|caught))\b"
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


# What an unmet sentence says, in some form: something is missing, not done, unknown, or
# harmful. (English and Japanese; mixed text is common.)
_ADVERSE = re.compile(
    r"\b(?:no|not|never|none|nothing|nobody|neither|nor|without|lack\w*|missing|only|unless"
    r"|yet|unclear|unknown|unsure|lost|deleted|discarded|overwritten|gone|stale|manual(?:ly)?"
    r"|paper|spreadsheets?|hard to|impossible|risk\w*|serious|severe|catastroph\w*|fatal"
    r"|danger\w*|harm\w*|unsafe|lawsuits?|liab\w*|bias\w*|discriminat\w*|unfair|complain\w*"
    r"|wrong\w*|errors?|mistakes?|fail\w*|can['’]?t|cannot|won['’]?t|wouldn['’]?t)\b"
    r"|n['’]t\b"
    r"|な(?:い|く|し|かっ)|ません|ず(?:に|、|。|$)|無し|未(?:定|記録|整備|確認|実施|着手)|不明|不足|欠(?:け|損)"
    r"|まだ|しか|だけ|のみ|消え|削除|捨て|紙|手書き|わから|分から|危険|重大|深刻|訴訟|偏|差別|不公平"
    r"|誤|間違|ミス|失敗|苦情|クレーム",
    re.IGNORECASE,
)


def adverse(sentence: str) -> bool:
    """The sentence states a lack, a negation or a harm (what an unmet finding rests on)."""
    return bool(_ADVERSE.search(sentence))


def rule_fails(sentence: str) -> bool:
    return bool(_RULE_FAILS.search(sentence)) and not _NOTHING_MISSED.search(sentence)


def tentative(text: str) -> bool:
    """A plan still being weighed ("we might later...", 「段階的に検討」)."""
    return bool(_TENTATIVE.search(text))


def about_rights(text: str) -> bool:
    """A sentence about permission to use data ("our rules allow it" is not about the answer)."""
    return bool(_RIGHTS_CONTEXT.search(text))


# "No customer or personal data is involved": about permission (or n/a), not about logging.
_PERSONAL_DATA = re.compile(r"\b(?:personal|customer|patient|sensitive|private) (?:\w+ )?data\b"
                            r"|\bpii\b|個人(?:情報|データ)|顧客データ|要配慮", re.IGNORECASE)
# How data is handled by a vendor or a tenant ("no data leaves the tenant", "zero data
# retention", 「データ保持なし」): about permission, not about whether the process is logged.
_DATA_HANDLING = re.compile(
    r"\b(?:data (?:retention|residency|leaves|leaving|is sent to|sharing agreement)"
    r"|zero (?:data )?retention|retention polic\w*"
    r"|leaves? (?:the|our) (?:tenant|network|country|premises)|on-?prem\w*"
    r"|train(?:ing|s)? on (?:our|customer|your) data|enterprise agreement)\b"
    r"|(?:データ)?保持(?:なし|しない|されない)|持ち出|外部(?:に|へ)(?:出|送)|リージョン|閉域|オンプレ|学習(?:に|には)?(?:使わ|利用しな)",
    re.IGNORECASE,
)
# "We never recorded which returns turned out to be fraud": the records exist, the outcome
# is what is missing.
_OUTCOME_MISSING = re.compile(
    r"\bwhich (?:\w+ ){0,3}(?:were|was|turned out|actually|ended up|proved)\b"
    r"|\bwhat (?:\w+ ){0,4}(?:actually )?(?:achieved|happened|resulted|became of)\b"
    r"|\b(?:never|not|n['’]t) (?:\w+ ){0,2}(?:marked|flagged|tagged|labell?ed|recorded)"
    r" (?:which|whether|what)\b"
    r"|(?:どれが|どの\w{0,6}が|実際に)[^。]{0,20}(?:だったか|なったか|したか)[^。]{0,10}(?:記録|残|付け)",
    re.IGNORECASE,
)
# Plans still being weighed: "we may later skip the review" is not "nobody reviews".
_TENTATIVE = re.compile(r"\b(?:consider\w*|might|may (?:later|eventually)|eventually"
                        r"|in (?:a )?later phase|phase \d|someday|down the line)\b"
                        r"|検討|段階的|将来的|ゆくゆく|いずれ|可能性", re.IGNORECASE)


_CONTRAST_AFTER = re.compile(r"\s*(?:[,;—–-]\s*)*(?:but|however|although|though|yet)\b"
                             r"|\s*(?:ただし|しかし|一方で?)", re.IGNORECASE)


# Facts about data, where "none for X, but Y has it" means partly there (a contrast elsewhere
# is often a preference: "a rule would do, but we thought a model would be smarter").
_DATA_FACTS = {"data_logged", "labels", "serving_data"}


# A task of reading documents (extraction, OCR): paper and handwriting are its input.
_READS_DOCUMENTS = re.compile(
    r"\b(?:OCR|extract\w*|pre-?fill\w*|key(?:ing)? in|data entry|parse|parsing)\b"
    r"|読み取|抽出|転記|入力作業|手入力|データ入力|項目.{0,6}入力|OCR", re.IGNORECASE)
_PAPER = re.compile(r"\b(?:paper|handwrit\w*|scanned|faxe?d?)\b|紙|手書き|癖字|FAX|ファクス",
                    re.IGNORECASE)


# The rule or formula in use today (the baseline), as opposed to one proposed as the answer.
_TODAYS_RULE = re.compile(
    r"\b(?:decided|chosen|picked|selected|flagged|scored|ranked) by (?:a|the|our) (?:\w+ )?"
    r"(?:rule|formula|score|threshold)s? (?:we|that we|they) (?:set up|built|wrote|use|have used)"
    r"|\b(?:today|currently|right now)\b[^.]{0,40}\b(?:rule|formula|score|threshold)s?\b"
    r"|(?:現在|現状|今)は[^。]{0,30}(?:ルール|計算式|スコア|閾値|しきい値)", re.IGNORECASE)


def _next_sentence(text: str, clause: Clause) -> str:
    """The sentence after the clause's: "a hand-weighted formula." is often followed by
    "it's basically a coin flip." """
    at = text.find(clause.sentence)
    if at < 0:
        return ""
    rest = text[at + len(clause.sentence):]
    m = re.match(r"\s*([^\n.。!?！？]*[.。!?！？]?)", rest)
    return m.group(1) if m else ""


def _after(clause: Clause) -> str:
    """What follows the clause inside its sentence."""
    sentence = clause.sentence
    tail = clause.text[-12:]
    at = sentence.find(tail)
    return sentence[at + len(tail):] if at >= 0 else ""


def guard(hits: list[Hit], text: str) -> list[Hit]:
    """Drop rule votes that the rest of the sentence or the document contradicts.

    - `ml_needed` unmet (a rule/table/lookup decides) when the same sentence says that rule
      fails, or when the sentence is about data permissions;
    - `impact` unmet from a small count when the text states money or hours at stake;
    - `outcome` unmet ("an AI project") when a business effect is stated elsewhere.
    """
    valued = has_value_evidence(text)
    # A stated volume that is not small: a small count elsewhere counts something else
    # ("the rules change 4 times a year" next to "1,400 inquiries a month").
    sized = any(h.criterion == "impact" and h.source == "scale" and h.status != "unmet"
                for h in hits)
    reads_documents = bool(_READS_DOCUMENTS.search(text))
    goal_stated = any(
        h.criterion == "outcome" and h.status == "met" and h.conf >= 0.5 for h in hits
    )
    out: list[Hit] = []
    for hit in hits:
        if is_metadata(hit.clause.text):
            continue  # "Labels: ai-initiative" is a ticket field, not a fact of the problem
        sentence = hit.clause.sentence
        if hit.status == "met" and hit.criterion == "human_in_loop" \
                and (_WHETHER.search(sentence) or _TODAY_BUT.search(sentence)):
            continue  # "asked whether recruiters should double-check" is not a review step
        if hit.status == "met" and _QUESTION_END.search(hit.clause.sentence):
            continue  # "how do you know which inverter failed?" asks; it does not tell
        if hit.status == "unmet" and _REQUEST.search(hit.clause.sentence):
            continue  # 「下書きだけでも出せません？」 is a request; its negation is politeness
        if hit.criterion == "ml_needed" and hit.status == "unmet":
            if (rule_fails(hit.clause.sentence + " " + _next_sentence(text, hit.clause))
                    or about_rights(hit.clause.text)):
                continue
            if _TODAYS_RULE.search(hit.clause.sentence) and rule_fails(text):
                continue  # the rule in use today, which the text says falls short
        if hit.criterion == "impact" and hit.status == "unmet" and hit.source == "scale" \
                and sized:
            continue
        if hit.criterion == "data_logged" and hit.status == "unmet" and reads_documents \
                and _PAPER.search(hit.clause.text):
            continue  # paper or handwriting is the input a document reader reads, not a gap
        if hit.criterion in ("data_logged", "labels") and hit.status == "unmet" \
                and (_PERSONAL_DATA.search(hit.clause.text)
                     or _DATA_HANDLING.search(hit.clause.sentence)):
            continue
        if hit.criterion == "data_logged" and hit.status == "unmet" \
                and _OUTCOME_MISSING.search(hit.clause.sentence):
            continue  # the records exist; what they lack is the outcome (labels' concern)
        if hit.status == "unmet" and hit.source == "rule" and hit.criterion in _DATA_FACTS \
                and _CONTRAST_AFTER.match(_after(hit.clause)):
            # "no outcome for those — but the audit sample gives one": only partly missing
            hit = Hit(hit.criterion, "partial", min(hit.conf, 0.5), hit.clause, hit.source)
        if hit.criterion == "human_in_loop" and hit.status == "unmet" \
                and _TENTATIVE.search(hit.clause.sentence):
            hit = Hit(hit.criterion, "partial", min(hit.conf, 0.5), hit.clause, hit.source)
        if hit.criterion == "outcome" and hit.status == "unmet" and (goal_stated or valued):
            # "an ML project" is only goal-less when no business effect is stated anywhere.
            continue
        if hit.criterion == "impact" and hit.status == "unmet" and hit.source == "scale" and valued:
            hit = Hit(hit.criterion, "partial", 0.4, hit.clause, hit.source)
        out.append(hit)
    return out


def decide_rules(hits: list[Hit], criterion: str = "") -> Finding:
    """The rules' finding for one criterion: the strongest vote, the cautious one on a tie."""
    best: dict[str, Hit] = {}
    count: dict[str, int] = defaultdict(int)
    for hit in hits:
        if hit.status not in _CAUTION:
            continue
        count[hit.status] += 1
        if hit.status not in best or hit.conf > best[hit.status].conf:
            best[hit.status] = hit
    # A second sentence agreeing adds a little weight, once: many weak generic cues must not
    # outvote one specific cue.
    score = {s: best[s].conf + (0.05 if count[s] > 1 else 0.0) for s in best}
    if not score:
        return UNKNOWN
    top = max(score.values())
    if top < MIN_CONFIDENCE:
        return UNKNOWN
    margin = 0.0 if criterion in _STRICT else _TIE_MARGIN
    contenders = [s for s, v in score.items() if v >= top - margin]
    status = max(contenders, key=lambda s: (_CAUTION[s], score[s]))
    return Finding(status, best[status].clause.sentence,  # type: ignore[arg-type]
                   round(min(score[status], 1.0), 3), "rule")


_WORDS = re.compile(r"[A-Za-z]{2,}")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")
MIN_WORDS = 6  # a clause shorter than this (a heading, "Go-live moved to Sep 2.") does not vote
MIN_CJK = 8
# "Today a reviewer checks every decline, but…": the review the plan is about to remove.
_TODAY_BUT = re.compile(r"^(?:今は|現在は|現状は|いまは)[^。]*(?:けど|けれど|が、)"
                        r"|^(?:today|currently|right now)\b[^.]*\bbut\b", re.IGNORECASE)
_WHETHER = re.compile(
    r"\b(?:whether|if) (?:we|they|you|it|recruiters|staff|someone|anyone)"
    r" (?:should|could|need to|ought to|would)\b|すべきか|するべきか|した方がいいか", re.IGNORECASE)
_REQUEST = re.compile(r"(?:ません|ないです|ない)か?[？?]\s*$|(?:ません|ないです)か[。]?\s*$"
                      r"|\b(?:can['’]t|couldn['’]t|won['’]t) (?:we|you)\b[^.?]*\?\s*$")
_QUESTION_END = re.compile(r"[?？]\s*[)）」』\"']?\s*$")


def substantive(clause: Clause) -> bool:
    """Long enough to state a fact, and not a question: headings, one-word replies and
    "how would we measure it?" are not evidence."""
    text = clause.text
    if _QUESTION_END.search(clause.sentence):
        return False
    return len(_WORDS.findall(text)) >= MIN_WORDS or len(_CJK.findall(text)) >= MIN_CJK


def decide_model(classes: Sequence[str], probs: np.ndarray, clauses: Sequence[Clause],
                 mask: np.ndarray | None = None) -> tuple[Finding, dict[str, float]]:
    """The learned layer's finding for one criterion (before thresholds), and the best
    probability of each status over the clauses (`mask`: the clauses that may vote)."""
    if len(clauses) == 0 or (mask is not None and not mask.any()):
        return UNKNOWN, {}
    if mask is not None:
        probs = np.where(mask[:, None], probs, 0.0)
    best: dict[str, float] = {}
    where: dict[str, int] = {}
    for k, status in enumerate(classes):
        if k == 0:
            continue  # `none`
        i = int(np.argmax(probs[:, k]))
        best[status], where[status] = float(probs[i, k]), i
    top = max(best.values())
    contenders = [s for s, v in best.items() if v >= top - _TIE_MARGIN]
    status = max(contenders, key=lambda s: (_CAUTION.get(s, 0), best[s]))
    return (Finding(status, clauses[where[status]].sentence,  # type: ignore[arg-type]
                    round(best[status], 3), "model"), best)


def fuse(rule: Finding, model: Finding, criterion: str, p: Params) -> Finding:
    """One criterion's finding from the two sources."""
    r_ok = p.use_rules and rule.status != "unknown" and rule.confidence >= p.rule_min
    m_ok = p.use_model and model.status != "unknown" and model.confidence >= p.threshold
    if m_ok and model.status == "unmet" and model.confidence < p.unmet_threshold:
        m_ok = False
    if m_ok and model.status == "unmet" and criterion in p.never_unmet_alone and not (
            r_ok and rule.status == "unmet"):
        m_ok = False  # "not ML" and "no goal" need an explicit cue, never the model alone
    if m_ok and model.status == "unmet" and p.unmet_needs_adverse and not adverse(
            model.evidence) and not (r_ok and rule.status == "unmet"):
        m_ok = False
    if (m_ok and model.status == "unmet" and p.model_unmet_trusted is not None
            and criterion not in p.model_unmet_trusted and not (r_ok and rule.status == "unmet")):
        model = Finding("partial", model.evidence, model.confidence, model.source)
    if r_ok and m_ok:
        if rule.status == model.status:
            top = max(rule.confidence, model.confidence)
            return Finding(rule.status, rule.evidence, round(top + p.agree_bonus * (1 - top), 3),
                           "both")
        if rule.confidence >= p.rule_priority:
            return rule
        return rule if rule.confidence >= model.confidence else model
    if r_ok:
        return rule
    if m_ok:
        return model
    return UNKNOWN


def combine(criteria: Sequence[str], clauses: Sequence[Clause], hits: list[Hit],
            probs: Mapping[str, np.ndarray] | None, heads: Mapping[str, Sequence[str]],
            p: Params) -> dict[str, Finding]:
    by_criterion: dict[str, list[Hit]] = defaultdict(list)
    for hit in hits:
        by_criterion[hit.criterion].append(hit)
    out = {}
    mask = np.array([substantive(c) for c in clauses], dtype=bool)
    for cid in criteria:
        rule = decide_rules(by_criterion.get(cid, []), cid)
        model = UNKNOWN
        if probs is not None and cid in probs and len(clauses):
            model, _ = decide_model(heads[cid], probs[cid], clauses, mask)
        out[cid] = fuse(rule, model, cid, p)
    return out


# Words for a recorded decision or outcome: logged manual work carries its own answers.
_DECISION_WORDS = re.compile(
    r"\b(?:decision|decided|decides|assigned|approved|rejected|declined|routed|tagged|labell?ed"
    r"|categori[sz]ed|classified|outcomes?|results?|resolution|final (?:price|team|category)"
    r"|which (?:team|category|agent)|who (?:handled|approved))\b"
    r"|判定|判断|結果|分類|振り分け|担当(?:者|チーム)?(?:が|を|の)|承認|却下|否決|査定|成約|合否|対応履歴",
    re.IGNORECASE,
)
_TRIAL_WORDS = re.compile(
    r"\b(?:pilot|trial|shadow|proof[- ]of[- ]concept|poc|side by side|in parallel)\b"
    r"|パイロット|試験(?:導入|運用)|トライアル|PoC|ＰｏＣ|実証|並行(?:して|運用)|シャドー",
    re.IGNORECASE,
)
_INFERRED = {"error_cost", "human_in_loop", "data_logged", "labels", "success_metric", "mvp",
             "outcome", "baseline"}


def infer(findings: dict[str, Finding]) -> dict[str, Finding]:
    """Cross-criterion inferences the rubric implies (skipped for criteria it lacks)."""
    if not _INFERRED <= set(findings):
        return findings
    err, hitl = findings["error_cost"], findings["human_in_loop"]
    # A costly error (partial: known but severe) with nobody reviewing is not tolerable, and
    # with nobody reviewing, an error cost nobody has stated is not "caught by review"
    # either (DESIGN): the cost must be known before an automated decision ships.
    if err.status in ("partial", "unknown") and hitl.status == "unmet":
        conf = min(err.confidence, hitl.confidence) if err.status == "partial" \
            else round(hitl.confidence * 0.7, 3)
        evidence = err.evidence if err.status == "partial" else hitl.evidence
        findings["error_cost"] = Finding("unmet", evidence, conf, "inferred")
    # DESIGN: error cost is met when wrong predictions are "caught by review".
    if err.status == "unknown" and hitl.status == "met":
        findings["error_cost"] = Finding("partial", hitl.evidence, hitl.confidence * 0.8,
                                         "inferred")
    # Real-world ML automates manual work that is already logged (the seed article): when
    # the logged data records the people's decisions or outcomes, those are labels.
    logged, labels = findings["data_logged"], findings["labels"]
    if (labels.status == "unknown" and logged.status == "met"
            and _DECISION_WORDS.search(logged.evidence)):
        findings["labels"] = Finding("partial", logged.evidence, logged.confidence * 0.8,
                                     "inferred")
    # DESIGN: success needs a measurable metric and a way to verify the effect (A/B, pilot).
    # A pilot or trial is that way; a measured baseline of a stated outcome is the metric.
    metric, mvp = findings["success_metric"], findings["mvp"]
    if metric.status == "unknown":
        if mvp.status == "met" and _TRIAL_WORDS.search(mvp.evidence):
            findings["success_metric"] = Finding("partial", mvp.evidence, mvp.confidence * 0.7,
                                                 "inferred")
        elif findings["outcome"].status == "met" and findings["baseline"].status == "met":
            base = findings["baseline"]
            findings["success_metric"] = Finding("partial", base.evidence,
                                                 base.confidence * 0.6, "inferred")
    return findings
