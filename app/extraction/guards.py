"""Guards on the cue rules' votes: what the rest of a sentence or of the document says
against a vote ("the rule we use today misses most of them", "checked and not changed", a
ticket field, a question, a polite request), and the sentence readings the fusion and the
scope rules share (`adverse`, `rule_fails`, `tentative`, `about_rights`)."""

from __future__ import annotations

import re

from app.extraction.clauses import Clause
from app.extraction.cues_scope import NOT_APPLIES
from app.extraction.rules import Hit
from app.extraction.scale import has_value_evidence
from app.text import is_metadata

# "Today a reviewer checks every decline, but…": the review the plan is about to remove.
_TODAY_BUT = re.compile(r"^(?:今は|現在は|現状は|いまは)[^。]*(?:けど|けれど|が、)"
                        r"|^(?:today|currently|right now)\b[^.]*\bbut\b", re.IGNORECASE)
# Shadow mode is review by design: "model predicts, nobody sees it, we compare" is not an
# unreviewed decision.
_SHADOW = re.compile(r"\bshadow\w*|シャドー|シャドウ|裏で(?:動か|回)", re.IGNORECASE)
# "No personal data is used": the scope rules' own reading that data rights do not apply
# (app.extraction.cues_scope.NOT_APPLIES); its negation is not a gap.
_NO_PERSONAL = [re.compile(p, re.IGNORECASE) for p in NOT_APPLIES["data_rights"]]
_WHETHER = re.compile(
    r"\b(?:whether|if) (?:we|they|you|it|recruiters|staff|someone|anyone)"
    r" (?:should|could|need to|ought to|would)\b|すべきか|するべきか|した方がいいか", re.IGNORECASE)
_REQUEST = re.compile(r"(?:ません|ないです|ない)か?[？?]\s*$|(?:ません|ないです)か[。]?\s*$"
                      r"|\b(?:can['’]t|couldn['’]t|won['’]t) (?:we|you)\b[^.?]*\?\s*$")
QUESTION_END = re.compile(r"[?？]\s*[)）」』\"']?\s*$")


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
    r"|では(?:無理|足りない|不十分|難しい)|(?:ため|ので|から)[^。]{0,20}使われなくな"
    r"|(?:大きく|かなり|すごく)(?:振れ|ぶれ|ブレ|変動)|すり抜け",
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
_PERSONAL_DATA = re.compile(r"\b(?:personal|customer|patient|sensitive|private|medical|health)"
                            r" (?:\w+ )?data\b"
                            r"|\bpii\b|個人(?:情報|データ)|顧客データ|要配慮", re.IGNORECASE)
# How data is handled by a vendor or a tenant ("no data leaves the tenant", "zero data
# retention", 「データ保持なし」): about permission, not about whether the process is logged.
_DATA_HANDLING = re.compile(
    r"\b(?:data (?:retention|residency|leaves|leaving|is sent to|sharing agreement)"
    r"|zero (?:data )?retention|retention polic\w*"
    r"|leaves? (?:the|our) (?:tenant|network|country|premises)|on-?prem\w*"
    r"|train(?:ing|s)? on (?:our|customer|your) data|enterprise agreement"
    r"|third[- ]part(?:y|ies)|(?:used|use it|uses it) (?:to|for) train(?:ing)?"
    r" (?:their|its|the vendor['’]s)"
    r"|data enrichment)\b"
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
    r"|読み取|抽出|抜き出|(?:を|も)抜いて|転記|入力作業|手入力|データ入力|項目.{0,6}入力|OCR",
    re.IGNORECASE)
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


# 「ベンダーの規約にも明記あり」 in a paragraph about personal data is about the data's use,
# not a rule that decides the answer.
_TERMS = re.compile(r"規約|契約|約款|\bterms\b|\bcontract\b", re.IGNORECASE)
RIGHTS_WINDOW = 300


def _before(text: str, clause: Clause, chars: int) -> str:
    """Up to `chars` characters of the text before the clause's sentence."""
    at = text.find(clause.sentence)
    return text[max(0, at - chars):at] if at > 0 else ""


def _after(clause: Clause) -> str:
    """What follows the clause inside its sentence."""
    sentence = clause.sentence
    tail = clause.text[-12:]
    at = sentence.find(tail)
    return sentence[at + len(tail):] if at >= 0 else ""


# A statement the writer takes back in the same sentence.
_RETRACTED = re.compile(r"訂正(?:させて|します|いたします|です)|撤回(?:します|させて)|言い間違い"
                        r"|\bcorrection:|\bi (?:misspoke|was wrong)\b|\bscratch that\b"
                        r"|\boriginally (?:i|we) (?:wrote|said|thought)\b"
                        r"|\b(?:i|we) (?:wrote|said) earlier\b"
                        r"|前(?:回|に)[^。]{0,30}(?:と書きましたが|と言いましたが|と書いたけど|と言ったけど)",
                        re.IGNORECASE)
# Gaps a question only raises (a rule or table that settles the answer; nothing logged).
_SETTLED_BY_STATEMENT = {"ml_needed", "data_logged"}
# A past state the same sentence says has changed: "used to … now", 「までは…だったけど…から」.
_SINCE_FIXED = re.compile(
    r"\bused to\b[^.]{0,80}\b(?:now|since|but|today)\b|\buntil (?:last year|\d{4})\b[^.]{0,80}"
    r"\b(?:since|now|but)\b|(?:まで(?:は)?|以前は|前は|昔は|かつては)[^。]{0,40}(?:だった|でした)"
    r"(?:けど|けれど|が|のですが)[^。]{0,40}(?:から|今は|現在は|いまは)")


# "We don't have data scientists": people, not data.
_DATA_PEOPLE = re.compile(
    r"\bdata[- ](?:scien\w+|engineer\w*|analysts?|team|people|folks|person)\b"
    r"|データ(?:サイエンティスト|エンジニア|分析(?:担当|者|チーム)|人材)", re.IGNORECASE)
_DATA_WORD = re.compile(r"\b(?:data|logs?|logged|records?|recorded|history|labels?)\b"
                        r"|データ|ログ|記録|履歴|ラベル", re.IGNORECASE)
# "For the new client starting in January there is no history": a cold start for one new
# entity, not a process that logs nothing.
_NEW_ENTITY = re.compile(
    r"\bnew (?:customer|client|shipper|store|site|branch|product|sku|line|plant|market|account"
    r"|style|collection|design|model|item)s?\b"
    r"|新規(?:荷主|顧客|取引先|店舗|出店|拠点|商品|製品|ライン|案件)|新(?:店舗|商品|製品|ライン|拠点|作|柄|デザイン)",
    re.IGNORECASE)
# The records are read in a system ("goes through the records on the tablet, then writes the
# handover by hand"): handwriting is the output, not the data.
_DIGITAL_RECORDS = re.compile(
    r"(?:記録|データ|ログ|履歴|カルテ)を(?:タブレット|システム|PC|パソコン|画面|アプリ|端末)(?:で|から|上で)"
    r"|\b(?:records?|logs?|entries|notes) (?:in|on|from) (?:the |our )?"
    r"(?:system|tablet|app|emr|ehr|database)\b",
    re.IGNORECASE)
# A photo of a handwritten board is an image: the image is the data.
_IMAGE = re.compile(r"(?:手書き|紙)[^。、]{0,8}(?:写真|画像)"
                    r"|(?:写真|画像)(?:は|の|も)?[^。、]{0,8}手書き|\b(?:photos?|images?|pictures?)"
                    r" of (?:\w+ ){0,2}(?:handwrit\w*|paper|whiteboards?|blackboards?)\b",
                    re.IGNORECASE)
# "The old-to-new mapping table" is a migration step, not the answer to the problem.
_MIGRATION = re.compile(r"新旧|旧[→\->から]{1,2}新|旧(?:コード|カテゴリ|分類)から"
                        r"|\bold[- ]to[- ]new\b"
                        r"|\blegacy (?:codes?|categories) (?:to|onto)\b", re.IGNORECASE)
# "This part doesn't need AI": one step of the plan, not the whole problem.
_ONE_PART = re.compile(r"^(?:[^。]{0,12}[:：、\s])?(?:ここ|そこ|この(?:部分|工程|項目|段階)"
                       r"|そこの部分)(?:は|だけ)"
                       r"|\b(?:this|that) (?:part|step|bit|piece)\b", re.IGNORECASE)
# How the outcome is defined or when it is known ("we'll use X as a proxy", "a lapse is final
# after the grace period, so we know within two months"): about labels, not a rule answer.
_LABEL_TALK = re.compile(r"\bproxy\b|\bwe(?:['’]ll)? know (?:within|by|after|in)\b"
                         r"|代理(?:指標|ラベル)"
                         r"|正解(?:ラベル)?(?:として|の定義)|(?:判明|確定)するまで", re.IGNORECASE)
# The writer's own uncertainty ("I honestly don't know which of these is realistic") is not a
# fact about the data or the decision.
_WRITER_UNSURE = re.compile(r"\bI (?:honestly |really |just |genuinely )?(?:don['’]t|do not) know"
                            r" (?:which|what|whether|if|how)\b", re.IGNORECASE)
# A learned service named as the tool ("Document Intelligence and an LLM pull the vendor, date,
# amount and tax rate"): the fields it reads are not a rule that answers the problem.
_LEARNED_TOOL = re.compile(
    r"(?<![A-Za-z])(?:LLMs?|GPT-?[\w.]*?|Document Intelligence|Textract|vision[- ]language"
    r"|AI-?OCR|generative AI)(?![A-Za-z])|生成AI|大規模言語モデル", re.IGNORECASE)
# 「いきなり全自動にはしない」, "we won't fully automate it": the plan keeps people in.
_NOT_FULLY_AUTOMATED = re.compile(
    r"全自動(?:に|で)?(?:は)?(?:しない|しません|しな(?:い|く)|せず)"
    r"|\b(?:not|won['’]t|will not|never) (?:go |be |start |run it )?fully automat\w*"
    r"|\bnot (?:going|planning) to (?:fully )?automate\b", re.IGNORECASE)
# A threshold on a model's score ("score < 50 is auto-rejected") is how a model is used, not
# a rule that answers the problem.
_MODEL_SCORE = re.compile(r"\bscores?\s*(?:[<>≥≤]|above|below|over|under|of at least)"
                          r"|スコア(?:が|は)?\s*\d+(?:\.\d+)?\s*(?:未満|以上|以下|超|を超え|を下回)"
                          r"|予測(?:値|確率)|\bprobabilit\w+\b"
                          r"|\bconfidence (?:above|below|over|under)\b",
                          re.IGNORECASE)
# Attributes a model is kept from seeing (a fairness measure), not inputs that are missing.
_PROTECTED = re.compile(r"\b(?:names?|photos?|date of birth|gender|age|race|ethnicity|nationality"
                        r"|religion|address)\b|性別|年齢|国籍|生年月日|顔写真|氏名", re.IGNORECASE)
# A person still makes the consequential call, or the tool does not decide it.
_HUMAN_DECIDES = re.compile(
    r"\bremains? an? (?:\w+ )?human decision\b|\bis not something the (?:draft|model|tool|agent|ai)"
    r" decides\b|\bstill (?:comes?|come) from\b|\b(?:a|the) human (?:still )?(?:makes|decides)\b"
    r"|最終(?:的な)?判断は(?:人|担当|医師|職員)|人が(?:最終)?判断(?:する|します)", re.IGNORECASE)
# One case is already expensive: 「1件でも回収になると」, "even a single one".
_ONE_IS_COSTLY = re.compile(r"(?:1|一|１)(?:件|回|度)でも|\beven (?:one|a single|once)\b",
                            re.IGNORECASE)
# "It wouldn't be fatal": a harm denied (the Japanese forms, 「致命的にはならない」, are read by the
# error_cost cues themselves).
_HARM_DENIED = re.compile(
    r"\b(?:not|isn['’]t|wouldn['’]t be|won['’]t be|never) (?:a |the end of the world|that )?"
    r"(?:fatal|catastrophic|a disaster|critical|dangerous)\b"
    r"|\bno (?:real )?harm (?:done|either way)?\b",
    re.IGNORECASE)


def _partial(hit: Hit, conf: float) -> Hit:
    """The same vote, as `partial`: a gap the text shows only in part."""
    return Hit(hit.criterion, "partial", conf, hit.clause, hit.source)


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
    falls_short = rule_fails(text)  # somewhere the text says a rule or formula fails
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
        if hit.status == "met" and QUESTION_END.search(hit.clause.sentence):
            continue  # "how do you know which inverter failed?" asks; it does not tell
        if hit.status == "unmet" and (
                (hit.criterion == "human_in_loop"
                 and (_SHADOW.search(sentence) or _NOT_FULLY_AUTOMATED.search(sentence)))
                or (hit.criterion == "data_rights"
                    and any(rx.search(sentence) for rx in _NO_PERSONAL))):
            continue  # a shadow run, "no personal data is used": neither is a gap
        if hit.status == "unmet" and _REQUEST.search(hit.clause.sentence):
            continue  # 「下書きだけでも出せません？」 is a request; its negation is politeness
        if hit.status == "unmet" and hit.criterion in (*_DATA_FACTS, "action") \
                and _WRITER_UNSURE.search(sentence):
            continue  # the writer is unsure which idea is realistic: no gap is stated
        if hit.status == "unmet" and _RETRACTED.search(sentence):
            continue  # 「前回『画像は保存していない』と答えましたが、訂正させてください」
        if hit.status == "unmet" and hit.criterion in _SETTLED_BY_STATEMENT \
                and QUESTION_END.search(hit.clause.text):
            continue  # 「前にAIなんて要らないって言ってませんでした?」 asks; it does not settle
        if hit.status == "unmet" and hit.criterion in _DATA_FACTS and _SINCE_FIXED.search(sentence):
            continue  # 「去年までは手書きだったけど、2021年からソフトに入れてる」: a past state
        if hit.criterion == "ml_needed" and hit.status == "unmet":
            if (rule_fails(hit.clause.sentence + " " + _next_sentence(text, hit.clause))
                    or about_rights(hit.clause.text)
                    or (_TERMS.search(hit.clause.text)
                        and about_rights(_before(text, hit.clause, RIGHTS_WINDOW)))):
                continue
            if falls_short and _TODAYS_RULE.search(hit.clause.sentence):
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
        if hit.criterion == "serving_data" and hit.status == "unmet" \
                and len(_PROTECTED.findall(sentence)) >= 2:
            continue  # "the model will not see name, photo or gender": kept out on purpose
        if hit.status == "unmet" and hit.criterion in _DATA_FACTS \
                and _DATA_PEOPLE.search(sentence) \
                and not _DATA_WORD.search(_DATA_PEOPLE.sub(" ", sentence)):
            continue  # "we don't have data scientists" is about people
        if hit.criterion == "data_logged" and hit.status == "unmet" \
                and _PAPER.search(hit.clause.text) \
                and (_DIGITAL_RECORDS.search(sentence) or _IMAGE.search(sentence)):
            continue  # records read on a tablet, a photo of a handwritten board: data exists
        if hit.criterion == "ml_needed" and hit.status == "unmet" \
                and (_MIGRATION.search(sentence) or _LABEL_TALK.search(sentence)
                     or _MODEL_SCORE.search(sentence)
                     or (_LEARNED_TOOL.search(sentence) and _READS_DOCUMENTS.search(sentence))):
            continue  # a migration table, the label's definition, a threshold on a model's
            # score, or a learned extractor reading fields: none is a rule that answers
        if hit.criterion == "error_cost" and hit.status == "unmet" \
                and (_HARM_DENIED.search(sentence) or _HUMAN_DECIDES.search(sentence)):
            continue  # "it wouldn't be fatal", "remains a human decision": no costly error
        if hit.status == "unmet" and hit.criterion in ("data_logged", "labels") \
                and _NEW_ENTITY.search(sentence):
            hit = _partial(hit, min(hit.conf, 0.5))
        if hit.criterion == "ml_needed" and hit.status == "unmet" and _ONE_PART.search(sentence):
            hit = _partial(hit, min(hit.conf, 0.5))
        if hit.status == "unmet" and hit.source == "rule" and hit.criterion in _DATA_FACTS \
                and _CONTRAST_AFTER.match(_after(hit.clause)):
            # "no outcome for those — but the audit sample gives one": only partly missing
            hit = _partial(hit, min(hit.conf, 0.5))
        if hit.criterion == "human_in_loop" and hit.status == "unmet" \
                and _TENTATIVE.search(hit.clause.sentence):
            hit = _partial(hit, min(hit.conf, 0.5))
        if hit.criterion == "outcome" and hit.status == "unmet" and (goal_stated or valued):
            # "an ML project" is only goal-less when no business effect is stated anywhere.
            continue
        if hit.criterion == "impact" and hit.status == "unmet" and (
                (hit.source == "scale" and valued) or _ONE_IS_COSTLY.search(sentence)):
            # a small count beside money at stake, or "a single recall costs tens of
            # millions": rare, not small
            hit = _partial(hit, 0.4)
        out.append(hit)
    return out
