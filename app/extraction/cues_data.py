"""Cues for the data section: data_logged, labels, serving_data, data_rights."""

from __future__ import annotations

from app.extraction.cue_table import F, T

_DATA_NOUN_EN = (
    r"(?:data|logs?|records?|history|histories|database|transactions|tickets|orders|events"
    r"|sales|clicks|impressions|readings|sensor|images|photos|documents|emails|calls|claims"
    r"|invoices|bookings|applications|visits|cases|inspections|measurements|dataset)"
)
_DATA_NOUN_JA = r"(?:データ|ログ|記録|履歴|実績|画像|写真|DB|データベース|台帳)"
_SYSTEMS = (
    r"(?:database|db|data warehouse|dwh|bigquery|snowflake|redshift|crm|erp|zendesk|salesforce"
    r"|jira|servicenow|hubspot|postgres|mysql|s3|data lake|warehouse|event logs?|google analytics"
    r"|ga4|pos|emr|ehr|electronic (?:health|medical) records?)"
)

# fmt: off
DATA_CUES: dict[str, list[tuple]] = {
    "data_logged": [
        T(0.6, r"\d+\s?(?:年|か月|ヶ月|カ月)分"),
        T(0.6, r"\b(?:data|logs?|records?|history|dataset)\b", pos="skip"),
        F("unmet", 0.65, r"\b(?:from scratch|nothing to train on|no history to (?:learn|train) from)\b"
          r"|(?:これから|今後)(?:集め|収集|記録|蓄積|取り始め|取得)"),
        T(0.6, r"\b(?:go(?:es|ing)? back|dating back|dates back|since (?:19|20)\d\d|back to (?:19|20)\d\d)\b"),
        F("unmet", 0.6, r"(?:入力|記録|保存|蓄積|登録|管理)(?:され|し)て(?:い)?(?:ない|ません|おらず)|(?:メモ帳|手帳|ノート|個人の"
          r"(?:PC|パソコン|Excel))(?:に|で)?(?:しか|だけ)"),
        T(0.65, r"\b(?:tagged|labell?ed|annotated|categori[sz]ed|classified|coded|logged|recorded|tracked"
          r"|stored|collected|kept)\b[^.]{0,50}\b(?:for|over|since) (?:the (?:last|past) )?(?:\d+|two|three"
          r"|four|five|six|seven|eight|nine|ten|several|many)\+? (?:years?|months?|seasons?)\b"
          r"|\b(?:tagged|labell?ed|annotated|categori[sz]ed|classified) (?:every|each|all|all of)\b"),
        F("unmet", 0.7, r"\bonly (?:send|sends|keep|keeps|have|has|store|stores|record|records|get|gets)"
          r" (?:a |the )?(?:monthly|weekly|yearly|quarterly|daily)? ?(?:totals?|aggregates?|summar\w+"
          r"|counts?|sums?)\b"),
        T(0.7, r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|several|many)\+?"
          r"\s+(?:full\s+)?(?:years?|months?|seasons?|weeks?)(?:['’])?\s+(?:of|worth of)\b"),
        T(0.7, r"\b(?:\d[\d,.]*\s?(?:k|m|million|thousand)?)\s+(?:\w+\s+){0,2}(?:records|rows"
          r"|tickets|transactions|orders|cases|images|photos|documents|examples|claims|invoices"
          r"|calls|sessions|events|emails|inspections|contracts|appraisals|listings|loans)\b", neg="skip"),
        T(0.6, r"\b(?:we|they|the system|it|our app|every \w+) (?:log|logs|record|records|store|stores"
          r"|track|tracks|capture|captures|keep|keeps|save|saves)\b"),
        T(0.6, r"\b(?:logged|recorded|stored|tracked|captured|archived|kept)\b[^.]{0,40}\b(?:in|into"
          r"|to|since|for)\b"),
        T(0.55, r"\b(?:in|from|into) (?:our |the )?(?:\w+ )?" + _SYSTEMS + r"\b"),
        T(0.5, r"\b(?:we have|there is|there are|we['’]ve got)\b[^.]{0,30}" + _DATA_NOUN_EN),
        F("unmet", 0.8, r"\b(?:no|zero|little|hardly any|not (?:much|enough|any)) (?:historical |"
          r"usable |digital |relevant |past |labeled |labelled )?(?:data|logs?|records?|history"
          r"|dataset)\b|\bnothing (?:is )?(?:logged|recorded|stored|tracked|saved)"),
        F("unmet", 0.75, r"(?:\bnot|\bnever|n['’]t) (?:been )?(?:logged|recorded|stored|tracked|saved"
          r"|kept|collected|digiti[sz]ed|captured)\b|\b(?:don['’]t|do not|doesn['’]t|never)"
          r" (?:log|record|store|track|save|keep|collect|capture)\b"),
        F("unmet", 0.7, r"\b(?:on paper|paper (?:forms?|records?|logs?|notebooks?)|in (?:people['’]s"
          r"|their|our) heads|by word of mouth|whiteboard|only (?:the )?(?:totals?|counts?|aggregates?))\b"),
        F("partial", 0.5, r"\b(?:spreadsheets?|excel|pdfs?|scanned|email threads|monthly (?:totals"
          r"|aggregates|summar\w+|reports?)|inconsistent|scattered|siloed|changed (?:the )?format"
          r"|incomplete|patchy|partial(?:ly)?|some (?:of the )?data|a few hundred)\b"),
        T(0.7, r"\d+\s?(?:年|か月|ヶ月|カ月|ケ月|シーズン)(?:分|間)?(?:の|、)?[^。]{0,15}" + _DATA_NOUN_JA),
        T(0.7, r"(?:\d[\d,.]+\d\s?(?:万|千)?|\d\s?(?:万|千))\s?(?:件|枚|行|レコード)(?:分)?(?:の|が|ある|あり|蓄積"
          r"|たまって)", neg="skip"),
        T(0.65, r"(?:ログ|記録|履歴|データ|実績|画像|写真)[^。]{0,12}(?:残って|残し|取って|取得|蓄積|保存|たまって"
          r"|溜まって|ある|あります|揃って|記録して|管理して|保管)"),
        T(0.6, r"(?:記録(?:して|されて)|保存(?:して|されて)|蓄積(?:して|されて)|取っている|残している)"),
        T(0.6, r"(?:システム|DB|データベース|台帳|CRM|基幹|管理表)(?:に|へ)(?:は)?(?:全部|すべて|全て|全件)?(?:入って|入力され"
          r"|登録され|記録され|残って|蓄積)|(?:履歴|実績|ログ|データ)[^。]{0,20}(?:揃う|そろう|揃います|揃って)"),
        T(0.55, r"(?:データベース|DB|基幹システム|CRM|ERP|電子カルテ|POS|データ基盤|DWH|社内システム)"
          r"(?:に|で|から|へ)"),
        F("unmet", 0.8, r"(?:ログ|記録|履歴|データ|画像|写真)(?:[^。]{0,12}(?:(?:は|が|を|も)(?:ない|無い|なく|ありません"
          r"|残って(?:い)?(?:ない|ません)|取って(?:い)?(?:ない|ません)|保存して(?:い)?(?:ない|ません)|集めて(?:い)?(?:ない|ません)|記録して(?:い)?(?:ない|ません)"
          r"|蓄積されて(?:い)?(?:ない|ません)|存在しない))|(?:は|が|も)?(?:なし|無し))"),
        F("unmet", 0.7, r"(?:紙の|紙で|手書き|口頭(?!で(?:お伝え|伝え|説明|ご説明|相談|申し上げ|ご報告))|頭の中|記憶に頼|ホワイトボード|(?:件数|合計|総数)だけ|数だけ(?:を|が|しか)?(?:記録|集計|残|管理|数え))"),
        F("partial", 0.5, r"(?:Excel|エクセル|スプレッドシート|PDF|月次(?:の)?(?:集計|データ)|集計のみ|集計値|バラバラ"
          r"|散在|形式が(?:違|異な|変わ)|一部のみ|一部しか|欠損|不揃い)"),
    ],
    "labels": [
        # Each past case's final outcome is recorded: 「最終的にチェックイン／ノーショーのどれになったかが記録」,
        # "logged … and whether it converted to paid".
        F("met", 0.7, r"(?:最終的に|結果(?:的に)?)[^。]{0,40}(?:どれになったか|どうなったか|になったか)[^。]{0,10}(?:記録|残って)"
          r"|\b(?:logged|recorded|stored|tracked)\b[^.]{0,80}\bwhether (?:it|they|each \w+) (?:converted|churned"
          r"|defaulted|renewed|paid|was fraud|showed up|returned)\b"),
        # The record of which cases turned out positive is erased or never kept.
        F("unmet", 0.75, r"(?:誰が|どの[^。]{0,6}が)[^。]{0,15}(?:したか|だったか|なったか)[^。]{0,40}(?:消す|削除|残って(?:い)?(?:ない|ません)"
          r"|残らない|記録(?:して|されて)(?:い)?(?:ない|ません))"
          r"|\b(?:nobody|no one) links? (?:\w+ ){0,4}back\b"),
        # "I genuinely can't say which leads turned into sales": the outcome is not known.
        F("unmet", 0.7, r"\b(?:can['’]t|cannot|can not|couldn['’]t|no way to) (?:say|tell|know|see) which "
          r"(?:\w+ ){0,3}(?:turned into|became|converted|ended up as|ended in|resulted in|led to|bought)\b"
          r"|(?:どの|どれが)[^。]{0,15}(?:成約|購入|契約|受注|解約)(?:に)?(?:つながった|した|になった)か[^。]{0,10}"
          r"(?:分からない|わからない|不明|追えない|紐づかない|紐付かない)"),
        # The outcome that would be the label is not told apart in the records.
        F("unmet", 0.65, r"(?:不正|原因|理由|結果|正誤|良否)[^。]{0,40}(?:区別|判別|分類)(?:は|も)?(?:されて|して)(?:い)?(?:ない|ません|おらず)"
          r"|\b(?:doesn['’]t|does not|don['’]t|do not|never) (?:distinguish|separate|tell apart|record whether)\b"),
        # the people's own finished outputs are the reference answers a model is measured on
        T(0.6, r"\b(?:final|sent|actual|approved) (?:\w+ )?(?:replies|answers|responses|summaries"
          r"|codes|categories|abstracts)\b|(?:実際の|最終的な|送信済みの?)(?:返信|回答|要約|コード|分類)"),
        # The outcome itself is what is missing ("what we don't have is the answer").
        F("unmet", 0.75, r"\bwhat we (?:don['’]t|do not|still don['’]t) have is (?:the |an? )?(?:answer|outcome|result"
          r"|label|ground truth|truth)s?\b|\b(?:answers|outcomes|labels|results|ground truth) (?:is |are )?(?:what )?"
          r"(?:we['’]re|we are|is|are) (?:still )?missing\b|\b(?:closed|recorded|logged) with (?:only )?(?:one|a single"
          r"|the same) (?:status|code|value)\b"
          r"|(?:正解|結果|答え|アウトカム)(?:が|は)(?:どこにも)?(?:残って|記録されて|入って|分かって|わかって)(?:い)?(?:ない|ません)"),
        T(0.6, r"\bthe \w+ (?:the|an?|our|their) \w+ (?:chose|picked|selected|assigned|entered|set|gave)\b"
          r"|\b(?:corrections?|overrides?|edits?|decisions?) (?:\w+ ){0,5}(?:are|is|were|was|get|gets)"
          r" (?:also )?(?:logged|recorded|stored|kept|saved)\b"),
        T(0.6, r"\bmarked (?:as )?\w+(?:, \w+)* or \w+\b|\b(?:approved|rejected|accepted|declined|paid|fraud"
          r"|genuine|pass|fail) or (?:approved|rejected|accepted|declined|paid|fraud|genuine|pass|fail)\b"),
        T(0.55, r"(?:判定結果|判断結果|審査結果|調査結果|診断結果|検査結果|対応結果)"),
        T(0.6, r"\b(?:decisions?|corrections?|overrides?|outcomes?|results?|verdicts?|labels?|categories"
          r"|resolutions?) (?:\w+ ){0,3}(?:logged|recorded|stored|kept|tracked|saved)\b"),
        T(0.6, r"\b(?:gets?|given|assigned|has|have|receives?) an? (?:reason|category|defect|fault|disposition"
          r"|outcome|status|resolution|root[- ]cause) codes?\b|\b(?:gets?|given|assigned) an? (?:label|tag"
          r"|category|grade|score) (?:by|from)\b"),
        F("unmet", 0.7, r"(?:どの|どれが|誰が|何が)[^。]{0,25}(?:だった|した|された)か(?:は|が|も)?(?:分かって|わかって|把握して"
          r"|記録して|追えて|確認して)(?:い)?(?:ない|ません|おらず)"),
        F("unmet", 0.65, r"\b(?:find out|know|learn|see|tell)\b[^.]{0,40}\bafter (?:about |roughly |around |~)?"
          r"(?:\d+|one|two|three|four|five|several|a few|many) years?\b"),
        F("partial", 0.6, r"\b(?:find out|know|learn|see|tell)\b[^.]{0,40}\bafter (?:about |roughly |around |~)?"
          r"(?:\d+|one|two|three|four|five|six|several|a few|many) (?:weeks?|months?)\b"),
        T(0.6, r"(?:結果|判定|成否|可否|実績|正解|成約|失注)(?:が|も|は)?(?:入って|入力されて|登録されて)"),
        F("unmet", 0.7, r"(?:したか|かどうか|か否か)[^。]{0,12}(?:集計|記録|把握|管理|追跡)(?:し|され)?て(?:い)?(?:ない|ません"
          r"|おらず)|\b(?:don['’]t|do not|doesn['’]t|does not|never) (?:say|show|record|note|tell us)"
          r" (?:which|whether|what|why)\b"),
        T(0.6, r"\b(?:which|who|whether)\b[^.]{0,40}\b(?:accepted|declined|responded|purchased|opened|paid"
          r"|repaid|showed up|renewed|cancelled|canceled|complained|passed|failed|broke|clicked|bought)\b"),
        F("unmet", 0.7, r"(?:クリック|購入|成約|結果|反応|効果|正誤|成否|良否|合否|診断)[^。]{0,15}(?:記録|ログ|データ)(?:も|は|が)?"
          r"(?:ない|無い|ありません|残って(?:い)?(?:ない|ません)|取って(?:い)?(?:ない|ません))"),
        T(0.6, r"\b(?:records?|logs?|logged|tracks?|tracked|stores?|stored|marks?|marked|keeps?)\b"
          r"[^.]{0,30}\b(?:failures?|outcomes?|defects?|incidents?|faults?|decisions?|results?"
          r"|resolutions?|chargebacks?|cancellations?|verdicts?|diagnos[ie]s)\b"),
        T(0.6, r"(?:つけた|付けた|入力した|登録した|記録した|下した)[^。]{0,3}(?:診断|分類|判定|ラベル|カテゴリ|タグ|病名|評価"
          r"|結果|正解)|(?:判定|診断名|分類|評価|正解|良否)[^。]{0,25}(?:保存|記録|登録|入力|紐づ|紐付|付け|つけ)"),
        F("met", 0.5, r"(?:成約価格|実績値|販売実績|解約日|退会日|故障日|不良の種類|OK/NG)"),
        T(0.7, r"\b(?:labell?ed|tagged|annotated|categori[sz]ed|classified|marked (?:as|with)"
          r"|ground truth|gold (?:labels?|standard)|labels?)\b", unc="partial"),
        T(0.65, r"\b(?:with|including|and|plus) (?:the |its |their )?(?:final |actual |resolved )?"
          r"(?:outcome|result|resolution|decision|category|team|price|sale price|label|verdict"
          r"|diagnosis|disposition|answer)s?\b"),
        T(0.6, r"\b(?:outcome|result|resolution|decision|verdict|final (?:price|category|team))s?"
          r" (?:is|are|was|were|gets|get) (?:recorded|logged|stored|known|kept|tracked)\b"),
        T(0.6, r"\b(?:which|who|whether)\b[^.]{0,40}\b(?:resolved|approved|churned|defaulted|bought"
          r"|returned|clicked|converted|was fraud|were fraud|passed|failed)\b"),
        T(0.55, r"\b(?:chargebacks?|sale prices?|sold prices?|final prices?|confirmed (?:fraud"
          r"|cases)|returns?|cancellations?|churn(?:ed)?|readmissions?|defaults?)\b[^.]{0,40}"
          r"\b(?:recorded|logged|known|our ground truth|as labels?|tell us)\b"),
        F("partial", 0.6, r"\b(?:arrive|known|come in|available|learn (?:it|the outcome)|find out)\b"
          r"[^.]{0,20}\b(?:\d+|a few|several|many)(?:[–-]\d+)?\s+(?:days|weeks|months)\s+(?:later"
          r"|after)\b|\b(?:label|feedback|outcome) (?:delay|lag)\b|\bproxy\b|\bnoisy\b"
          r"|\b(?:experts?|reviewers?|inspectors?|doctors?) (?:often )?disagree\b"),
        F("unmet", 0.65, r"\b(?:arrive|known|come in|available|learn|find out|know)\b[^.]{0,40}"
          r"\b(?:\d+|one|two|three|a few|several)(?:[–-]\d+)?\s+years?\s+(?:later|after)\b"),
        F("partial", 0.5, r"\bonly (?:for|on) (?:the )?(?:cases|ones|loans|applicants|people"
          r"|customers|items) (?:we|that were|that we)\b|\bselective labels?\b"),
        T(0.65, r"\b(?:we know|we can see|tells us|shows) (?:exactly )?(?:who|which|whether|what)\b[^.]{0,30}"
          r"\b(?:churned|cancell?ed|left|defaulted|failed|broke|returned|converted|bought|leaked|was fraud|no-?show\w*)"
          r"|\bwith (?:the )?(?:final |actual |confirmed )?(?:\w+ ){0,2}(?:outcome|finding|result|diagnosis|resolution"
          r"|verdict|status)s? (?:per|for each|for every|of each|recorded)\b|\b(?:labell?ed|tagged|confirmed) (?:visits"
          r"|cases|examples|images|records|reviews|transactions)\b|\bwith the finding\b", neg="unmet"),
        T(0.65, r"(?:したか|かどうか|か否か)(?:も|は|が)?[^。]{0,6}(?:記録|登録|入力|保存)(?:され|し)て", neg="unmet"),
        T(0.65, r"(?:補修|修理|対応|処置|判定|検査|診断|退学|休学|解約|故障|発生)(?:調査)?(?:の)?(?:記録|結果|履歴|実績)[^。]{0,30}"
          r"(?:ひも付|紐付|紐づ|ひもづ|蓄積|保存|記録済|残って|入って|付けて)", neg="unmet"),
        F("unmet", 0.8, r"\b(?:no|without|lack of|missing|zero) (?:ground[- ]truth|labels?|labell?ed"
          r" (?:data|examples)|annotations?|outcomes?)\b|(?:\bnot|\bnever|n['’]t) (?:been )?(?:labell?ed"
          r"|tagged|annotated)\b|\b(?:outcome|result)s? (?:is|are) (?:not|never|n['’]t)"
          r" (?:recorded|tracked|logged|known)\b"),
        F("unmet", 0.7, r"\b(?:nobody|no one|we don['’]t|we never|never) (?:\w+ ){0,2}(?:records?"
          r"|tracks?|knows?|checks?|writes? down|notes?)\b[^.]{0,30}\b(?:outcome|result|whether"
          r"|which|what happened|correct|right answer)\b"),
        T(0.7, r"(?:ラベル|正解(?:データ|ラベル)?|教師データ|アノテーション|タグ付け|タグ)(?:付き|つき|が付|を付|が|は"
          r"|も|の|を)", unc="partial"),
        T(0.6, r"(?:判定結果|判断結果|対応結果|結果|成約価格|販売価格|最終(?:判断|判定|価格|カテゴリ)|担当チーム|解約"
          r"|再入院|不正(?:と判定|判定)|可否|合否)[^。]{0,12}(?:記録|残って|残し|保存|登録|わかる|分かる|付いて"
          r"|紐づ|紐付)"),
        F("partial", 0.6, r"(?:\d+|数)\s?(?:日|週間|か月|ヶ月|カ月)(?:後|経って|たって)[^。]{0,15}(?:わか|分か"
          r"|判明|確定)|判断が(?:ばらつ|分かれ)|人によって(?:判断|基準|判定)|基準が(?:曖昧|あいまい|バラバラ)"
          r"|代理指標|ノイズ"),
        F("unmet", 0.65, r"(?:\d+|数|一|二)\s?年(?:後|経って|たって)[^。]{0,15}(?:わか|分か|判明|確定)"),
        F("unmet", 0.8, r"(?:正解(?:データ|ラベル)?|ラベル|教師データ|アノテーション)[^。]{0,6}(?:は|が|も)?(?:ない"
          r"|無い|なく|ありません|付いてい(?:ない|ません)|付けてい(?:ない|ません)|存在しない|なし)"),
        F("unmet", 0.7, r"(?:結果|判定|良否|正誤|成否)[^。]{0,10}(?:記録してい(?:ない|ません)|残してい(?:ない|ません)|残ってい(?:ない|ません)"
          r"|わからない|分からない|追えない|追跡してい(?:ない|ません))|不良数だけ|件数だけ"),
        T(0.6, r"\b(?:logs?|logged|records?|recorded|tracks?|tracked|notes?|noted) (?:which|whether|who|what)\b"
          r"|\b(?:closes?|closed|marks?|marked|tags?|tagged|resolves?|resolved) (?:it|them|each|every \w+)"
          r" as (?:[\w-]+,? ){1,3}(?:or|and) [\w-]+"),
        T(0.55, r"(?:故障|修理|整備|不良|事故|クレーム)(?:の)?(?:記録|履歴|実績)"),
        # Indirect: the final/actual/confirmed value is kept, or the event date/flag is on file.
        T(0.6, r"\b(?:final|actual|confirmed|realised|realized|true) (?:[\w-]+ )?(?:payouts?|prices?|amounts?|outcomes?"
          r"|results?|sales?|demand|volumes?|quantit(?:y|ies)|categor(?:y|ies)|diagnos[ie]s|fraud cases?"
          r"|grades?|resolutions?)\b|\b(?:every|each|all) (?:the )?confirmed (?:\w+ )?(?:cases?|fraud|defects?"
          r"|outcomes?|incidents?)\b"),
        T(0.6, r"(?:最終的に|最終的な|実際の|実際に)[^。]{0,25}(?:残って|記録|DB|データベース|登録|保存|分か|わか|入って)"
          r"|(?:したか|かどうか|か否か)(?:は|も)[^。]{0,25}(?:確定|分か|わか|記録|残って|入って)"
          r"|(?:解約|退会|退塾|退職|離職|故障|返品|再入院|成約|退学|失注|延滞)(?:日|の有無|実績|フラグ)"),
    ],
    "serving_data": [
        F("unmet", 0.75, r"\b(?:wouldn['’]t|won['’]t|doesn['’]t|don['’]t|would not|will not|does not|do not)"
          r" (?:even )?have (?:the |those |these )?(?:inputs|features|signals|data)\b[^.]{0,40}"
          r"|\bthe model (?:wouldn['’]t|won['’]t|would not|will not) (?:have|see|know)\b"
          r"|(?:予測|判断|価格を決める)(?:する)?(?:時点|当日|タイミング)(?:で|には|では)[^。]{0,20}"
          r"(?:入力|データ|情報)(?:が|は)(?:ない|無い|揃わない|手に入らない|ありません)"),
        T(0.55, r"\bwhen (?:it|they|the \w+|an? \w+|each \w+) (?:arrives?|comes? in|is created|are created"
          r"|is submitted|is received|is filed|is placed|is opened|is booked|lands?)\b", unc="partial"),
        F("unmet", 0.75, r"\bonly (?:exists?|arrives?|comes? in|becomes? available|is available|lands?|shows? up"
          r"|is known|are known|gets? (?:entered|filled|recorded))\b[^.]{0,40}\b(?:after|later|once)\b"
          r"|\b(?:at|by) (?:checkout|booking|intake|admission|submission|order time|application time|the time)"
          r"(?: time)?,? (?:we |they |it )?only (?:know|have|see|get)\b|(?:後|あと)(?:に)?(?:ならないと|でないと|にしか)"),
        F("unmet", 0.7, r"\bonly (?:has|have|gets?|knows?|exists?|becomes? available)\b[^.]{0,40}\bafter\b"
          r"|\blong after (?:the )?(?:\w+ )?(?:quote|decision|order|booking|sale|application|prediction|purchase"
          r"|policy|admission|shipment)"),
        F("unmet", 0.65, r"\bonly (?:arrives?|comes? in|becomes? available|is available|lands?|shows? up)"
          r"\b[^.]{0,40}\bafter (?:we|the|it|they)\b"),
        T(0.6, r"時点(?:で|の|では|に)|(?:必要な|使う|使いたい)(?:情報|データ|項目)[^。]{0,15}(?:揃|そろ|手に入|取得でき|分か"
          r"|わか)|(?:前日|当日|事前)[^。]{0,20}(?:手に入|揃|そろ|分か|わか|確定)", unc="partial"),
        F("unmet", 0.65, r"\bonly (?:learn|know|get|see|receive|find out|have|capture|record)\b[^.]{0,40}"
          r"\bafter (?:the|it|they|we|its|their|each|every)\b"),
        F("unmet", 0.6, r"\bonly (?:send|sends|keep|keeps|have|has|store|stores|record|records|get|gets)"
          r" (?:a |the )?(?:monthly|weekly|yearly|quarterly) (?:totals?|aggregates?|summar\w+|counts?"
          r"|sums?|figures?)\b|(?:月次|週次|年次)(?:の)?(?:合計|集計|総数)(?:しか|だけ|のみ)"),
        T(0.6, r"\b(?:exist|exists|available|there|captured|known|in hand|at hand) (?:at|by|on|as soon as"
          r"|the moment|when|before)\b|\b(?:already (?:has|have|holds?|knows?))\b", unc="partial"),
        F("unmet", 0.7, r"\bat (?:\w+ ){0,2}(?:time|stage|point)\b[^.]{0,30}\bonly (?:have|has|know|see|get)\b"
          r"|\bonly (?:have|know|get) [^.]{0,40}\bat (?:\w+ ){0,2}(?:time|stage)\b"),
        T(0.6, r"(?:(?:受け取った|届いた|依頼の|発生した|申し込んだ|入力した)?時点で|手元に(?:ある|あり))", unc="partial"),
        F("unmet", 0.7, r"時点(?:で|では)[^。]{0,25}(?:しか|だけ(?!で))"),
        T(0.65, r"\b(?:available|known|present|captured|entered|filled in) (?:at|by|before|when"
          r"|during)\b[^.]{0,30}\b(?:prediction|decision|booking|order|checkout|submission"
          r"|intake|arrival|request|application|admission|discharge|time)\b", unc="partial"),
        T(0.6, r"\b(?:at|in) (?:the )?(?:moment|time|point) (?:of|when|we)\b"
          r"|\bwhen (?:the|a|an|each) (?:ticket|order|request|application|claim|call|customer"
          r"|patient|transaction|booking|email|part|image) (?:arrives|comes in|is created"
          r"|is submitted|is placed|is received|is made|is scanned|lands)\b"),
        T(0.5, r"\b(?:real[- ]time|live|streaming|same (?:fields|data|features|inputs))\b"),
        T(0.6, r"\bwhat we (?:have|know|hold|see) (?:by then|at that (?:point|time|stage)|then|at (?:the )?time)\b"
          r"|\bby then\b|(?:直後に|その場で|直後の)[^。]{0,20}(?:推論|予測|判定|スコア|推定)"
          r"|(?:前日|前週|前月)(?:分)?まで(?:の)?(?:データ|実績)?[^。]{0,10}(?:揃|そろ)", unc="partial"),
        F("unmet", 0.75, r"\b(?:only (?:known|available|recorded|entered|filled in|visible)"
          r" (?:after|later|at the end|once)|after the fact|too late|not available (?:at|when"
          r"|before)|can['’]t (?:be )?(?:link|join|match)\w*|(?:ids?|codes?|skus?) (?:are |get )?"
          r"(?:reassigned|re-?used|renumbered|change|don['’]t match))\b"),
        F("unmet", 0.6, r"\b(?:monthly|quarterly|yearly|annual) (?:data|totals|aggregates|figures"
          r"|summar\w+)\b[^.]{0,60}\b(?:daily|per (?:sku|store|item|day|customer)|each (?:day|sku"
          r"|store))\b|\bwrong (?:grain|granularity)\b"),
        T(0.6, r"(?:予測時点|判断時点|受付時|受付の時点|入力時点|申込時|申し込み時|登録時|到着時|注文時|来店時|入院時"
          r"|その時点で|リアルタイム(?:で|に))", unc="partial"),
        F("unmet", 0.75, r"(?:後(?:から|で|にならないと)しか|事後にしか|終わってから(?:しか|でないと)|紐付け"
          r"(?:られ|でき)(?:ない|ず)|紐づけ(?:られ|でき)(?:ない|ず)|突合(?:でき|され)ない|ID(?:が|は)[^。]{0,8}"
          r"(?:異な|違|変わ|バラバラ))"),
        F("unmet", 0.6, r"(?:月次|年次|四半期)[^。]{0,40}(?:のみ|しか|だけ)[^。]{0,40}(?:日次|日別|店舗別|SKU|個別)"
          r"|(?:日次|日別|店舗別|SKU別)[^。]{0,10}(?:データ)?(?:は|が)(?:ない|無い|ありません)"),
    ],
    "data_rights": [
        # Consent or approval the use needs and nobody has sought; a consent narrower than the use.
        F("unmet", 0.8, r"\b(?:needs?|requires?|would need|would require) (?:new |fresh |explicit |separate "
          r"|additional )?(?:consent|approval|ethics[- ]board|a dpia|legal review)\b[^.]{0,60}"
          r"\b(?:haven['’]t|have not|not yet|never|nobody has)\b"
          r"|\bconsent (?:form |forms |wording )?only covers\b"
          r"|同意(?:書)?(?:の範囲)?(?:は|が)[^。]{0,25}しか(?:取って|もらって|カバーして|含まれて|対象にして)(?:い)?(?:ない|ません)"
          r"|(?:再同意|同意の取り直し|倫理審査)[^。]{0,20}(?:必要|要る)[^。]{0,30}(?:まだ|未着手|していない|してない)"),
        # Secondary use allowed only with consent that few have given.
        F("unmet", 0.7, r"(?:同意|許諾)(?:済み|を得(?:てい|た))[^。]{0,12}(?:は|が)?[^。]{0,8}(?:\d+\s?[%％](?:弱|程度|未満)?|一部|わずか|ごく少数)"
          r"|\b(?:only|just) (?:about |around |~)?\d+\s?% (?:of (?:\w+ ){0,2})?(?:have |had )?(?:given |signed )?consent\w*"),
        F("partial", 0.6, r"(?:二次利用|目的外利用|モデル開発|分析)[^。]{0,40}(?:同意|許諾)(?:が|の)?(?:ある|得た)?(?:場合に限|に限る|が必要)"
          r"|\bsecondary use\b[^.]{0,60}\b(?:only with|requires?|subject to) (?:\w+ ){0,2}consent\b"),
        F("unmet", 0.75, r"(?:利用目的|同意|規約|契約|プライバシーポリシー)[^。]{0,30}(?:含まれて(?:い)?(?:ない|おらず|ません)"
          r"|範囲外)|(?:個人情報|顧客データ|顧客情報|データ)[^。]{0,30}(?:使えない|使えません|利用できない|利用できません"
          r"|使用できない|使用できません)|\bis(?:n['’]t| not) covered by (?:our|the) (?:privacy|consent|terms"
          r"|policy|notice|contract)"),
        F("unmet", 0.8, r"\b(?:allows?|allowed|permits?|permitted|covers?|covered|usable"
          r"|(?:may|can|could|be)(?: only)? be used)\b"
          r"[^.]{0,40}\bonly (?:for|to|in)\b|\b(?:consent|permission|opt-?in)\b[^.]{0,30}\b(?:which|that)"
          r" we (?:don['’]t|do not|never) have\b|\bwould need (?:fresh |new |explicit )?(?:customer )?consent\b"),
        T(0.65, r"\b(?:agreements?|contracts?|terms|polic(?:y|ies)|consent|notices?|dpa|law|legal basis"
          r"|licen[cs]e)\b[^.]{0,25}\b(?:allows?|allowed|permits?|permitted|covers?|covered|lets us)\b"
          r"|\b(?:allowed|permitted|covered|authori[sz]ed) (?:by|under) (?:our |the )?"),
        T(0.6, r"\b(?:legitimate interest|pseudonymous|machine data|data we own|are ours|our own data"
          r"|data is internal|internal (?:finance |operational )?data)\b"
          r"|\b(?:auditors?|legal|compliance|dpo|regulators?|privacy team) (?:are|is|were|was) (?:fine"
          r"|ok|okay|happy|comfortable|satisfied) with\b", neg="skip"),
        T(0.65, r"(?:規約|約款|契約|同意|ポリシー|法令)[^。]{0,20}(?:可能|認められ|許可|許され|範囲内)|個人情報(?:は|を)?(?:使わ"
          r"|使いません|扱わ|扱いません)|(?:利用|提供|使用)(?:の)?(?:制約|制限)(?:は|も)?(?:ない|ありません|なし)"),
        T(0.65, r"\b(?:consent(?:ed)?|opt(?:ed)?[- ]in|anonymi[sz]ed|pseudonymi[sz]ed"
          r"|de-?identified|aggregated and anonymous)\b"),
        F("met", 0.7, r"\b(?:legal|compliance|privacy (?:team|office|officer)|dpo|lawyers?)"
          r" (?:has |have )?(?:approved|cleared|signed off|reviewed and approved|is fine|are fine"
          r"|okayed|confirmed)\b|\b(?:no personal (?:data|information)|no pii|internal"
          r" (?:operational )?data only|machine data only|not personal data|no (?:customer|personal|user"
          r"|patient|individual|private) (?:data|information|details)|(?:all|only) machine (?:data"
          r"|telemetry)|(?:sensor|machine) (?:data|telemetry) only)\b"),
        F("unmet", 0.8, r"\b(?:legal|compliance|privacy|lawyers?|regulators?|gdpr|hipaa|the law"
          r"|our contract|terms)\b[^.]{0,40}\b(?:can['’]t|cannot|won['’]t|not allowed|not permitted"
          r"|prohibits?|forbids?|blocks?|doesn['’]t allow|does not allow|said no|says no)\b"),
        F("unmet", 0.75, r"\b(?:without|no|never (?:asked|got|obtained)|not (?:asked|obtained))"
          r" (?:their |customer |user |patient |explicit )?(?:consent|permission|opt-?in|legal basis)\b"
          r"|\bcollected for (?:a different|another|other) purposes?\b"),
        T(0.7, r"\b(?:legal|compliance|privacy (?:team|officer|office)|dpo|counsel|our lawyers?)\b[^.]{0,30}"
          r"\b(?:ok['’]?d|okayed|approved|cleared|signed off|confirmed|agreed|green-?lit|allows?|is fine)\b"
          r"|\b(?:in|under|covered by|within|per) (?:the |our )?(?:\w+ ){0,2}(?:privacy (?:notice|policy|statement)"
          r"|consent|terms of (?:service|use)|data processing agreement)\b|\bwith (?:their |customer |user |explicit )?"
          r"consent\b|\b(?:publicly available|public data|are public|is public|open data|our own (?:\w+ )?(?:data"
          r"|machine data|order data|sensor data|logs)|first-party data|no personal (?:data|information)"
          r"|anonymi[sz]ed|pseudonymi[sz]ed|not personal data)\b|\b(?:data )?(?:use|usage) is fine\b"
          r"|\bnot an issue\b", unc="partial"),
        F("partial", 0.4, r"\b(?:personal (?:data|information)|pii|health (?:data|records)|medical"
          r" records|patient data|customer data|biometric|credit (?:history|data)|salary"
          r"|children['’]s data|emr|ehr)\b"),
        F("partial", 0.45, r"\b(?:haven['’]t (?:asked|checked with|talked to) (?:legal|compliance"
          r"|privacy)|legal review (?:is )?pending|not (?:yet )?reviewed by legal)\b"),
        T(0.65, r"(?:同意(?:を)?(?:取得|得て|もらって|取って)|同意済|匿名化|仮名化|個人を特定できない)"),
        F("met", 0.7, r"(?:法務|コンプライアンス|個人情報保護(?:担当|委員会))[^。]{0,20}(?:確認済|承認|了承|OK|問題(?:ない"
          r"|なし)|許可)|個人情報(?:は|を)?(?:含まない|含みません|含んでいない)|個人データ(?:は|を)?(?:含まない|使わない)"),
        F("met", 0.7, r"(?:自社|社内|自分たち)(?:の|で集めた)?(?:POS|データ|機械|設備|センサー|システム)[^。]{0,20}(?:問題(?:は)?(?:ない|なし|ありません)"
          r"|使える|使って(?:よい|いい|OK))|権利(?:的な|上の|面の)?(?:問題|懸念)(?:は|も)?(?:ない|なし|ありません)|公開(?:されている)?データ"
          r"|利用目的(?:の範囲内|に含まれて(?:いる|います|おり))|(?:目的|範囲)(?:の)?(?:内|に収まる)"
          r"|(?:プライバシーポリシー|利用規約)(?:で|に)(?:同意|明記|記載)"),
        F("unmet", 0.8, r"(?:同意(?:を|は|も)?(?:取って(?:い)?(?:ない|ません)|得て(?:い)?(?:ない|ません)|もらって(?:い)?(?:ない|ません)|取得して(?:い)?(?:ない|ません)"
          r"|なし|無し|がない)|目的外|(?:法務|規約|法律|規制|契約)[^。]{0,25}(?:使えない|使用できない|利用できない|NG"
          r"|(?<!再委託)禁止|不可|ダメ|認められない))"),
        F("partial", 0.4, r"(?:個人情報|個人データ|カルテ|診療|医療データ|健康情報|顧客データ|顧客情報|信用情報|年収"
          r"|購買履歴|位置情報)"),
        F("partial", 0.45, r"(?:法務|プライバシー)[^。]{0,15}(?:まだ|未|これから|相談してい(?:ない|ません)|確認してい(?:ない|ません))"),
    ],
}
# fmt: on
