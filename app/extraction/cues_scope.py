"""Cues for scope: when a criterion applies at all, and facts that settle a criterion
whatever the learned layer reads (the safety rules of DESIGN.md / issue #9)."""

from __future__ import annotations

# fmt: off
_PEOPLE_EN = (
    r"(?:applicants?|candidates?|job seekers?|cvs?|r[eé]sum[eé]s?|employees?|staff members?|workers?"
    r"|borrowers?|tenants?|patients?|students?|pupils?|citizens?|residents?|claimants?"
    r"|recipients?|beneficiaries|households?|customers?|members?|users?|account holders?|people"
    r"|individuals?|persons?|drivers?|suppliers? of services)"
)
# A decision made or shaped about a person: hiring, credit, benefits, triage, promotion ...
# (the criterion applies; marketing reach alone is left to the statements).
APPLIES: dict[str, list[str]] = {
    "fairness": [
        r"\b(?:hiring|recruit\w*|shortlist\w*|screen(?:s|ed|ing)? (?:\w+ )?(?:applicants?|candidates?"
        r"|cvs?|r[eé]sum[eé]s?|applications?)|job (?:applicants?|offers?)|interview invitations?"
        r"|credit (?:limits?|lines?|scor\w*|decisions?|approvals?|applications?|risk|checks?)"
        r"|loans? (?:approvals?|applications?|decisions?|eligibility|officers?)|lending decisions?"
        r"|mortgage (?:approvals?|applications?)|creditworthiness"
        r"|welfare|social (?:assistance|security|benefits?)|(?:housing|unemployment|disability|child)"
        r" benefits?|benefits? (?:claims?|eligibility|payments?|suspension|applications?)"
        r"|triage\w*|(?:emergency|er|a&e) (?:patients?|department)|promot(?:e|ed|ion|ions)\b"
        r"|performance (?:reviews?|ratings?|evaluations?|appraisals?)|appraisals? of (?:staff|employees)"
        r"|attrition|flight risk|layoffs?|dismiss\w*|terminat\w+ (?:employees?|staff|contracts? of)"
        r"|admissions?|tenant screening|parole|bail|sentencing|insurance premiums? for"
        r"|eligib\w+ (?:for|of) (?:\w+ ){0,2}" + _PEOPLE_EN + r"|fraud (?:holds?|blocks?)"
        r"|(?:disconnect|cut off|cuts off|shut off|terminat)\w* (?:the |a |their |each |every )?"
        r"(?:customer['’]?s? |subscriber['’]?s? |user['’]?s? )?(?:lines?|accounts?|services?|subscriptions?"
        r"|subscribers?|customers?|users?)\b|disconnect\w* (?:it|them|the line|their lines?|lines)\b"
        r"|(?:den(?:y|ied|ial|ies)|declin\w+|reject\w*) (?:of )?(?:the |a |their |each |every )?(?:\w+ )?claims?\b"
        r"|(?:hold|block|freeze|suspend|close|ban|reject|deny|decline|approve|flag)\w* (?:the |a |their "
        r"|each |every )?(?:customer['’]?s? |user['’]?s? |member['’]?s? )?(?:transfers?|accounts?"
        r"|payments?|applications?|claims? of|benefits?|cards?)\b)",
        r"(?:\bauto-?(?:reject|decline|approve|deny|exclude)\w*|\b(?:reject|decline|approve|deny|exclude"
        r"|rank|score|prioriti[sz]e|select|flag)\w* (?:\w+ ){0,2}" + _PEOPLE_EN + r"\b)",
        r"(?:採用|選考|書類選考|応募者|候補者|面接|内定|与信|融資|貸付|ローン審査|審査(?:結果|基準|業務|の可否|担当)"
        r"|否決|カードローン|住宅ローン|申込(?:者)?(?:の)?(?:審査|承認)"
        r"|限度額|生活保護|(?:給付|手当)(?:の)?(?:支給|認定|審査|判定|停止|決定|可否)|支給(?:停止|決定|判断)|受給資格"
        r"|(?:保険金|給付金)(?:の)?(?:支払|不支払|査定)|支払(?:可否|査定)|不支払"
        r"|不正受給|トリアージ|救急(?:外来|患者|搬送)|重症度|昇進|昇格"
        r"|人事評価|人事考課|異動|配置転換|離職(?:予測|リスク)|退職(?:予測|リスク)|入学|合否|入居審査|保険料"
        r"|口座(?:凍結|停止)|送金(?:を)?(?:保留|止め|停止)|取引(?:を)?(?:保留|停止)|アカウント(?:停止|凍結)"
        r"|(?:社員|従業員|職員|患者|住民|市民|学生|生徒|顧客|会員|利用者|申請者|受給者)(?:を|の)[^。]{0,12}"
        r"(?:選別|除外|振り分け|優先順位|順位付け|スコア(?:リング)?|ランク付け|判定|審査|却下|不採用))",
    ],
    # Personal, licensed or confidential data: its use needs permission.
    "data_rights": [
        r"\b(?:personal (?:data|information|details)|pii|gdpr|hipaa|appi|consent|privacy"
        r"|(?:customer|patient|employee|staff|applicant|student|citizen|resident|member|user|client"
        r"|tenant|caller|subscriber|account)s?['’]? (?:data|records?|names?|details|profiles?|histor\w+"
        r"|information|emails?|addresses|phone|messages|transcripts?|notes?|location|purchases"
        r"|transactions|files|documents|chats?|calls?|complaints|feedback|ids?)"
        r"|medical records?|health (?:records?|data)|ehr|emr|clinical notes?|charts?|diagnos\w+"
        r"|cvs?|r[eé]sum[eé]s?|payroll|salar\w+|hr (?:data|records?|system)|names and addresses"
        r"|email addresses|phone numbers|location data|gps traces|call recordings?|transcripts?"
        r"|chat logs?|loyalty (?:card|ids?|data)|bank (?:transfers?|accounts?)|credit histor\w+"
        r"|licen[cs]ed|licen[cs]e terms|third[- ]party data|vendor data|purchased data|contract(?:ual)?"
        r" (?:terms|restrictions?|clauses?)|nda|confidential|proprietary|copyright\w*|scrap\w+"
        r"|(?:patients?|applicants?|employees?|students?|customers?|citizens?|residents?|subscribers?"
        r"|members?|users?|clients?|policy ?holders?|guests?|passengers?|callers?|shoppers?"
        r"|borrowers?|tenants?|donors?|learners?|candidates?)\b)",
        r"(?:個人情報|個人データ|氏名|住所|電話番号|メールアドレス|位置情報|顧客|患者|カルテ|診療|契約者|加入者"
        r"|利用者|ユーザー|来店客|乗客|受講者|受験者|申込者|入居者|組合員|被保険者|お客様"
        r"|電子カルテ|社員|従業員|職員(?:の)?(?:データ|情報)|応募者|履歴書|給与|人事(?:データ|情報)|通話(?:録音|記録|内容)"
        r"|問い合わせ(?:内容|履歴|メール)|購買履歴|会員|口座|取引履歴|住民|市民|学生|生徒|同意|プライバシー|契約書"
        r"|機密|秘密保持|ライセンス|第三者|著作権|購入した(?:データ|リスト)|外部(?:から購入|の)データ|要配慮)",
    ],
}

# Said outright: the criterion does not apply ("no personal data is involved"). A clause
# like this does not make the criterion apply, whatever else it names.
NOT_APPLIES: dict[str, list[str]] = {
    "data_rights": [
        r"\b(?:no|nothing|without|not any|never|neither) (?:\w+ ){0,3}(?:personal|customer|patient"
        r"|sensitive|private|identifiable|people['’]?s?)\b|\bnothing personal\b|\banonymi[sz]ed\b"
        r"|\b(?:only )?aggregated? (?:data|counts|totals)\b",
        r"個人(?:情報|データ)(?:は|を|も)?[^。]{0,8}(?:含ま|使わ|扱わ|入ら|使いません|ありません|ない)"
        r"|個人を特定でき(?:ない|ません)|匿名(?:化|加工)|統計(?:データ|値)のみ",
    ],
    "fairness": [
        r"\b(?:not|never) (?:be )?used (?:to|for) (?:evaluate|evaluating|judge|judging|score|scoring"
        r"|rank|ranking|assess|assessing) (?:the )?(?:drivers?|staff|employees?|people|agents?"
        r"|workers?)\b|\bnothing about (?:people|individuals)\b|\bno decisions? about (?:people"
        r"|individuals|anyone)\b",
        r"(?:個人|社員|従業員|ドライバー|職員)(?:の)?(?:評価|査定)(?:に|には)(?:は)?使(?:わない|いません)",
    ],
}

# When a criterion applies but the text says nothing more about it: a decision about people
# whose bias checks and recourse are not stated is not yet fair by default ("partial").
APPLIES_DEFAULT: dict[str, str] = {"fairness": "partial"}

# "A rule, formula, lookup or existing API already gives the answer": learned patterns are
# not needed, whatever else the text says (unless the same sentence says that rule fails).
SETTLES: dict[str, tuple[str, list[str]]] = {
    # Nobody reviews the decision: stated outright, it is not outvoted by a softer reading
    # (with a decision about people, the rubric then never says "ML fits").
    "human_in_loop": ("unmet", [
        r"\b(?:fully[- ]automat\w*|without (?:any )?(?:human|manual|staff|recruiter|nurse|analyst"
        r"|caseworker|underwriter|agent|anyone)(?:s)? (?:review|check\w*|involvement|oversight|approval"
        r"|looking)|with no (?:human|manual|analyst|recruiter|nurse|caseworker|staff) (?:review|check\w*"
        r"|in the loop|involvement|looking)|no (?:human|manual) (?:review|check|oversight|in the loop)"
        r"|auto-?(?:reject|decline|deny|approve|disconnect|suspend)\w*"
        r"|(?:reject|decline|deny|suspend|disconnect|cut|terminate)\w* (?:\w+ ){0,4}(?:automatically"
        r"|immediately and automatically)"
        r"|(?:closed|rejected|denied|declined|deleted|dismissed|resolved|removed|cancell?ed|approved)"
        r" (?:automatically|without (?:any )?(?:review|a check))|auto-?clos\w+"
        r"|no manual (?:sampling|spot[- ]checks?|checks?|review)(?: of)?)\b",
        r"(?:完全(?:に)?自動|全自動|人(?:手)?を介さ(?:ず|ない)|(?:担当者|人|職員|看護師|ケースワーカー|審査員|人事)"
        r"(?:の)?(?:確認|チェック|判断|レビュー)(?:は|を)?(?:挟まない|入れない|なし|なくす|省略|不要|省く)"
        r"|確認なしで|チェックなしで|自動(?:で|的に)(?:不合格|却下|停止|引き下げ|落と|除外|遮断|解約))",
    ]),
    "ml_needed": ("unmet", [
        # an existing system, API, table or report already gives the exact answer
        r"\b(?:existing|current|our|their|the carrier['’]?s?|a public|the government['’]?s?|an?|both \w+s?)"
        r" (?:\w+ ){0,2}(?:api|apis|service|endpoint|system|tool|calculator|engine|table|lookup|report|query)"
        r" (?:that |which )?(?:already |exactly |simply )?(?:gives|give|returns|return|computes|calculates"
        r"|provides|answers|determines|outputs|tells us) (?:us )?(?:the exact|an exact|exactly|the correct"
        r"|the right|the precise)\b",
        r"\b(?:is|are) (?:fully |exactly |entirely |completely |already )?(?:determined|fixed|set"
        r"|defined|computed|calculated|given) by (?:a |the |our |their )?(?:\w+ )?(?:formula|law|laws"
        r"|regulation|statute|tariff|rate ?card|rate table|lookup(?: table)?|rule table|fixed rules?"
        r"|published criteria|price list|state|government|regulator|ministry|authorities)\b"
        r"(?![^.]{0,40}\b(?:but|however|except)\b)",
        r"\b(?:deterministic (?:formula|rule|calculation|lookup|function)|a (?:simple )?(?:database |sql )?"
        r"(?:lookup|query|report) (?:would|will|can|could) (?:do|give|answer|solve|handle)"
        r"|(?:it['’]?s|it is|this is|that['’]?s) (?:literally |just |basically |simply |really )?(?:a |an )?"
        r"(?:table|lookup|query|formula|report|join|sql query|if-statement)\b(?! (?:of|with|that|which))"
        r"|(?:this|it) is a (?:report|query|lookup|rule), not a model"
        r"|(?:exactly|fully) (?:computable|determined)|already (?:a )?structured fields?)\b",
        r"\b(?:no (?:ai|ml|machine learning|model) (?:needed|required|necessary)|(?:doesn['’]t|does not"
        r"|don['’]t|do not|won['’]t) (?:really )?need (?:ai|ml|machine learning|a (?:ml |machine learning )?model)"
        r"(?: (?:for|here|at all|to do)\b|[.!]|$))",
        r"^(?:so )?[.…]*\s*no (?:ai|ml)\b[.!]?\s*(?:sorry)?[.!]?$",
        r"\b(?:api|apis|service|system|table|report|job|query|database|register|master data)"
        r" (?:that |which )?already (?:gives|returns|computes|calculates|provides|answers|determines"
        r"|tells us|knows) (?:us )?(?:the|each|every|whether|which|what|when)\b"
        r"|\b(?:is|are) simply (?:\w+ ){1,4}(?:times|multiplied by|plus|minus|divided by)\b"
        r"|\bthe (?:rate card|price list|tariff|formula|rule table) is the (?:price|answer|rate)\b",
        # software that already computes the answer "exactly"; a status that is already a field
        r"\b(?:software|system|engine|tool|api|service|module|calculator)\b[^.]{0,40}\b(?:computes?"
        r"|calculates?|returns?|derives?|works? out)\b[^.]{0,80}\bexactly\b"
        r"|\b(?:is|are) already (?:a |an )?(?:checkbox|check box|flag|field|column|status field)s?"
        r" (?:on|in)\b",
        # Japanese: a formula, table, rule or master data gives the answer
        r"(?:計算式|数式|[^\s、。]{0,6}表|規定|規程|規則|[^\s、。「」]{1,6}法|法令|条例|マスタ|テーブル)(?:で|から|によって|により)"
        r"(?:一意に|機械的に|自動的に|正確に|明確に)?(?:決ま|定め|算出|計算でき|求ま|出せ|導け)",
        r"一意に(?:決ま|定ま)|(?:表|料金表|ルール|規定)(?:が|は)[^。]{0,6}(?:きっちり|明確に|厳密に)(?:決ま|定め)"
        r"|(?:当てはめる|照合する|参照する|引く)だけ|(?:照合|突合|参照)で(?:可能|判定でき|分かる|わかる)",
        r"(?:マスタ|テーブル|表|台帳|一覧)(?:を)?(?:引け|参照すれ|見れ|照合すれ)ば[^。]{0,20}(?:分か|わか|決ま|出|済)",
        r"既存の(?:API|システム|サービス|機能|帳票)(?:で|が|から)[^。]{0,20}(?:正確|そのまま|一意)[^。]{0,10}(?:取得|計算|算出|返|出せ|分か)",
        r"(?:AI|機械学習|ML|モデル)(?:は|を使う必要は|の出番は)(?:不要|要らない|いらない|必要ない|ありません|ない)"
        r"|(?:モデル|AI)ではなく(?:レポート|集計|抽出|クエリ|ルール|検索)"
        r"|(?:SQL|クエリ|抽出条件|検索条件|条件抽出)(?:で|だけで)[^。]{0,15}(?:出せ|抽出でき|できる|済む|十分)",
        # a sort or filter the system already offers, a deterministic calculation, a screen fix
        r"(?:並べ|ソートす|並び替え|絞り込|フィルタ(?:ー)?(?:を)?かけ|抽出す)れば[^。]{0,10}(?:終わり|済む|済み|十分"
        r"|解決|分かる|わかる)|確定的に(?:計算|算出|決ま|決定)"
        r"|(?:明細|画面|表示)(?:画面)?を(?:作|追加す|改修す|直)れば[^。]{0,15}(?:解消|解決|済む|なくな)",
    ]),
}
# fmt: on
