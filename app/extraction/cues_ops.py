"""Cues for the risk and operations sections."""

from __future__ import annotations

from app.extraction.cue_table import F, T

_PEOPLE_EN = (
    # An "LLM agent" / "AI agent" is software, not a person who reviews.
    r"(?:(?<!llm )(?<!ai )(?<!gpt )(?<!software )(?<!autonomous )agents?|staff|operators?|reviewers?|analysts?|humans?|people|clerks?|inspectors?|nurses?"
    r"|doctors?|clinicians?|lawyers?|editors?|planners?|buyers?|dispatchers?|managers?|experts?"
    r"|someone|a person|specialists?|team members?|underwriters?|recruiters?|triagers?|reps?)"
)

# fmt: off
OPS_CUES: dict[str, list[tuple]] = {
    "error_cost": [
        F("met", 0.55, r"(?:外れる|外れた場合|間違える|誤ると|誤った場合)[^。]{0,30}(?:\d[\d,]*\s?円|コスト|手間)"),
        F("met", 0.6, r"\b(?:if|when) (?:it['’]s|it is|the (?:\w+ )?is|we['’]re|we are|the model is|it gets it)"
          r" wrong\b[^.]{0,50}\b(?:just|only|simply|merely|at worst)\b"
          r"|\b(?:if|when) (?:the |a |our )?(?:model|score|forecast|prediction|system|tool|ranking|it)"
          r" (?:gets|is|goes|picks|ranks) (?:\w+ ){0,2}wrong\b[^.]{0,30}\b(?:the )?worst case\b"),
        F("met", 0.6, r"\b(?:a|an|each|one) (?:poor|bad|wrong|incorrect|mistaken|missed|false|unnecessary)"
          r" (?:\w+ ){0,2}(?:costs?|means|wastes?)\b|\b(?:miss|error|mistake)(?:es|s)? (?:is|are|would be"
          r"|gets?) (?:caught|corrected|fixed|spotted)\b|\bnothing more\b"),
        F("met", 0.6, r"(?:しまっても|ても)[^。]{0,25}(?:コスト|手間|だけ|程度|で済|ば済)|(?:誤った|間違った|誤り|外れた)[^。]{0,25}"
          r"(?:直接|そのまま)[^。]{0,15}ことは(?:ない|ありません)"),
        F("met", 0.65, r"\b(?:errors?|mistakes?|wrong (?:\w+ ){0,2})\b[^.]{0,40}\b(?:cheap|cheaply"
          r"|easy to (?:fix|undo|correct|reverse)|easily (?:fixed|undone|corrected|reversed)"
          r"|reversible|low[- ]cost|minor|harmless|not (?:a )?big deal|just (?:costs?|means|waits))\b"),
        F("met", 0.6, r"\b(?:a|each|one) (?:misrouted|wrong|bad|mis\w+|missed|false)\s+\w+\s+"
          r"(?:costs?|waits?|means|takes|adds)\b|\b(?:false (?:positives?|negatives?|alarms?))\b"
          r"[^.]{0,40}\b(?:cost|mean|means|take|are|is)\b"),
        F("met", 0.55, r"\b(?:we(?:['’]d| would) rather|tolerate|acceptable (?:error|miss|false)"
          r"|(?:can|could) (?:be )?(?:undo|undone|corrected|reversed|re-?assigned))\b"),
        # "one missed window cost us most of the crop", "there's no catching up afterwards": a
        # cost that is known but severe and cannot be recovered is not tolerable.
        F("unmet", 0.8, r"\bcosts? (?:us |them |the \w+ )?(?:most|all|half|the whole|the entire) of (?:the |our |a |their )?"
          r"\w+|\bno (?:catching up|recovering|way back)\b|\b(?:can(?:no|['’])t|cannot) (?:be )?(?:recover\w*"
          r"|caught up|made up)\b|\bnot curative\b"),
        F("partial", 0.5, r"\b(?:recalls?|lawsuits?|fines?|patient harm|safety|injur\w+|churn"
          r"|merchant complaints|customer complaints|reputation|penalt\w+|liabilit\w+)\b"),
        F("unmet", 0.75, r"\b(?:must|has to|needs? to|should) be (?:100\s?%|perfect|always right"
          r"|error[- ]free|flawless)|\bzero (?:errors|mistakes|tolerance)|\bno (?:room for )?"
          r"(?:errors?|mistakes?) (?:allowed|are allowed|tolerated|acceptable)|\bany (?:error|mistake"
          r"|miss) (?:is|would be) (?:unacceptable|catastrophic|fatal)|\bcatastrophic\b"),
        F("met", 0.6, r"(?:間違え(?:て|た)?も|誤っても|外れても)[^。]{0,20}(?:問題|影響|修正|やり直|大丈夫|困らない"
          r"|すぐ)|(?:やり直せる|修正できる|取り消せる|影響は(?:小さ|軽微|限定)|損失は(?:小さ|軽微|わずか)|許容でき"
          r"|許容範囲)"),
        F("partial", 0.5, r"(?:リコール|訴訟|罰金|事故|安全|健康被害|クレーム|信用|炎上|損害賠償|ペナルティ|誤発注"
          r"|命に関わ|人命|重篤|死亡)|\b(?:life-threatening|could die|death|fatal(?:ities)?)\b"),
        F("met", 0.8, r"致命的(?:じゃ|では|で)(?:ない|なく|ありません)|致命的な(?:こと|もの|問題)?(?:に|には|とは)ならな"
          r"|致命的な(?:こと|もの|問題)?(?:では|じゃ)(?:ない|なく|ありません)|致命的に(?:は|も)?(?:ならな|なりませ)"
          r"|大事(?:には|に)?至らな|(?:大した|たいした)(?:こと|損失|影響)(?:は)?(?:ない|ありません)"
          r"|(?:困る|痛い)(?:ほど|わけ)では(?:ない|ありません)"),
        F("unmet", 0.75, r"(?:許容(?:できる|する|範囲の)?|許せる)(?:誤り|ミス|見逃し|誤検知|エラー)?(?:率|件数|水準|範囲|レベル)?[^。]{0,8}"
          r"(?:決めて(?:い)?(?:ない|なく|ません)|決まって(?:い)?(?:ない|なく|ません)|未定|定めて(?:い)?(?:ない|ません)|わからない|分からない|検討して(?:い)?(?:ない|ません))"
          r"|\b(?:nobody|no one|we haven['’]t|we have not|we never|not yet)\b[^.]{0,20}\b(?:estimated|decided|defined"
          r"|agreed|quantified|worked out|set)\b[^.]{0,30}\b(?:error rate|acceptable|tolerable|miss rate"
          r"|could live with|can live with|how many (?:errors|mistakes|misses))"),
        F("met", 0.65, r"\b(?:no biggie|no big deal|not a big deal|low[- ]stakes|harmless|nothing serious)\b"
          r"|\b(?:a|each|one|every) (?:wasted|wrong|bad|false|missed|unnecessary|extra|mis-?\w+) (?:\w+ ){0,2}"
          r"(?:is|=|costs?|means|just)\b|\bwrong \w+ ?(?:=|means|just means)|\b(?:bounces?|sends?) it back\b"
          r"|\bif (?:it['’]s|they['’]re|we['’]re|the model is) wrong\b[^.]{0,30}\b(?:just|only|simply|harmless|fine)\b"),
        F("unmet", 0.75, r"(?:(?:精度|正解率|正答率|的中率|正確さ|正確性)[^。]{0,6}100\s?[%％]|100\s?[%％](?:の)?(?:精度|正確|正解|当た|的中|保証)|絶対に(?:間違え|ミス|外し)|ミスは許され|誤りは許され|一件でも|1件でも"
          r"|ゼロにしなければ|(?<!そこまで)致命的(?!(?:じゃ|では|で)(?:ない|なく|ありません)|な(?:こと|もの|問題)?(?:に|には|とは)ならな|な(?:こと|もの|問題)?(?:では|じゃ)(?:ない|なく|ありません)|に(?:は|も)?(?:ならな|なりませ))|完璧(?:で(?:ある|なければ|なくては)|さ?が(?:求め|必要)|を(?:求め|期待))|(?:ミス|誤り|間違い|エラー|見逃し|誤判定)[^。]{0,10}(?:許され|認められ)(?:ない|ません)|許容できない|(?:1|一)件の(?:ミス|誤り|間違い|見逃し)も)"),
        # An action that cannot be taken back: a wrong one is costly (unmet with nobody
        # reviewing it, by the inference in decide.py).
        F("partial", 0.65, r"\b(?:can(?:['’]|no)?t be (?:undone|reversed|recalled|taken back)|irreversib\w+"
          r"|no way to (?:undo|reverse|recover|get (?:it|them) back)|not reversible|non-?reversible)\b"
          r"|取り消し(?:が)?(?:でき|効か|きか)(?:ない|ません)|取り消し不可|元に戻せ(?:ない|ません)"
          r"|(?:捨て|返金し|送っ|実行し|出荷し)たら戻せ(?:ない|ません)"),
    ],
    "human_in_loop": [
        F("unmet", 0.75, r"\b(?:bans?|suspensions?|terminations?|refunds?|rejections?|denials?|penalt\w+"
          r"|deactivations?|downgrades?|cancellations?)\b[^.]{0,50}\b(?:applied|issued|executed|enforced"
          r"|sent|done) automatically\b"),
        F("unmet", 0.8, r"\bno (?:human|person|people|one|staff|operator|reviewer|agent)s? (?:is |are )?"
          r"(?:in the (?:middle|loop)|involved|in between|in the process)\b"
          r"|\bno manual (?:intervention|review|check|step|approval)s?(?: (?:is |are )?(?:required|needed))?\b"
          r"|\b(?:calls?|hits?|triggers?) (?:the )?(?:[\w/-]+ ){0,5}(?:endpoints?|apis?) itself\b"
          r"|人(?:の|が)(?:確認|判断|チェック|承認)(?:を)?(?:挟まず|通さず|待たず|入れず)"),
        F("unmet", 0.65, r"\b(?:goes|go|sent|published|posted|shown|released) (?:straight|directly) to (?:the )?"
          r"(?:customers?|regulators?|patients?|users?|public|applicants?|clients?)\b"),
        T(0.6, r"(?:員|者|士|師|長|スタッフ|担当|オペレーター)(?:が|の)[^。]{0,15}(?:確認|チェック|承認|修正|判断|直せ|選ん|選べ"
          r"|選び)|(?:修正|訂正|上書き)(?:内容|結果)?(?:は|も)?(?:ログ|記録)に", neg="unmet"),
        T(0.65, r"最終(?:的な|的に)?(?:判断|決定|確認|判定|承認|決裁)", neg="unmet"),
        F("unmet", 0.75, r"\b(?:no|without) (?:any )?(?:staff|human|people|person|manual|operator|agent)s?"
          r" (?:involvement|intervention|oversight|review|check\w*|approval|in the loop)\b"
          r"|\b(?:no one|nobody) (?:checks?|reviews?|looks at|approves?|signs? off on)\b(?! in\b)"
          r"|\bno (?:human|supervisor|manager|reviewer|staff|manual|person|approval)(?:['’]s)? (?:step|sign-?off"
          r"|gate|hand-?off|stage)\b|\b(?:without|skipping|bypassing|removing) (?:the |a |any )?(?:human|supervisor"
          r"|manual|staff|reviewer)(?:['’]s)? (?:step|review|check|approval|sign-?off)\b"),
        F("unmet", 0.75, r"(?:師|員|士|担当者?|スタッフ)を(?:通さず|通さない|介さず|介さない|経ず|経由せず)"),
        F("unmet", 0.75, r"(?:人|職員|担当者?|管理者|上長|スーパーバイザー|SV)(?:の|による)?(?:確認|チェック|承認|目視)(?:は|を)?"
          r"(?:挟まず|挟まない|通さず|通さない|経ず|経ない|なし|無し|しない|省略|不要|せず)"
          r"|(?:確認|チェック|承認)(?:工程|ステップ|プロセス)(?:は|を)?(?:なし|無し|設けない|設けず|省く|省略|想定していない)"
          r"|誰も(?:内容を)?(?:確認|チェック|見|目を通|レビュー)(?:し)?(?:ない|ません|せず|ていない)|(?:確認|チェック)(?:し)?ないまま"
          r"|\b(?:nobody|no one|never) (?:ever )?(?:sees?|reads?|looks? at|double-checks?|signs? off)\b"),
        T(0.65, r"(?:員|者|士|師|長|スタッフ|担当)(?:が|の)[^。]{0,15}(?:確認|チェック|承認|修正|判断)(?:して|した上で|を経て"
          r"|する|し、)|(?:確認|承認|チェック)してから|(?:直接|そのまま)[^。]{0,15}ことは(?:ない|ありません)"
          r"|\b(?:still|always) (?:make|makes|decide|decides|read|reads|review|reviews|approve|approves)\b",
          neg="unmet"),
        T(0.65, r"\b" + _PEOPLE_EN + r"\b[^.]{0,40}\b(?:review|reviews|reviewed|confirm|confirms"
          r"|approve|approves|check|checks|verify|verifies|sign off|signs off|override|overrides"
          r"|correct|corrects|accept|accepts|edit|edits|has the final|have the final|makes the final"
          r"|make the final|reads?)\b", neg="unmet"),
        T(0.65, r"\b(?:human[- ]in[- ]the[- ]loop|hitl|final (?:say|check|decision|review|approval)"
          r"|second (?:look|inspection|opinion)|manual review|review queue|human review"
          r"|suggestions?|suggested (?:\w+ )?(?:answers?|categor\w+|replies|labels?|codes?|routes?|teams?)"
          r"|top-?\d|as a draft|(?<!i['’]ll )(?<!we['’]ll )(?<!to )(?<!will )drafts?|decision support"
          r"|assist)\b"),
        F("unmet", 0.75, r"\b(?:fully automat\w*|full automation|without (?:any )?(?:human|manual"
          r"|anyone)|no (?:human|one) (?:in the loop|review|checks?|will check|looks?)"
          r"|replace (?:the |our |all )?" + _PEOPLE_EN + r"|automatically (?:send|publish|reject"
          r"|approve|post|charge|deny|fire|ban|generate and (?:mail|send|issue)|issue|decline|suspend"
          r"|terminate)\w*|(?:nurses?|doctors?|clinicians?|staff|reviewers?|underwriters?|recruiters?|caseworkers?"
          r"|auditors?|anyone|humans?) (?:would|will) (?:not|never) (?:even )?(?:see|review|check|look at)"
          r"|(?:all|done|runs?|handled) without (?:a |an |any )?(?:coordinator|human|person|reviewer|approval|operator"
          r"|dispatcher|planner|staff|agent)s?|(?:no|without a) way to undo|can(?:no|['’])t be undone|irreversibl\w*"
          r"|without (?:assignment|referral|routing|escalation) to (?:an? |the )?(?:auditor"
          r"|reviewer|underwriter|human|person|officer|clinician|caseworker|agent)s?"
          r"|no (?:person|human|one|auditor|reviewer) (?:has|had|will have) (?:ever )?(?:looked at|reviewed"
          r"|checked|seen)|auto-?(?:reject|publish|approve|deny)\w*"
          r"|lights[- ]out|unattended|skip(?:ping)? (?:the )?(?:\w+ )?(?:review|check|approval)"
          r"|no (?:\w+ )?(?:looking at|checking|reviewing) (?:them|it|the output))\b"),
        T(0.65, r"(?:担当者|人|人間|専門家|検査員|オペレーター|医師|看護師|弁護士|スタッフ|係|審査員|営業)[^。]{0,20}"
          r"(?:最終確認|確認する|確認して|確認し|チェック|承認|判断する|判断して|修正|上書き|レビュー)", neg="unmet"),
        T(0.6, r"(?:最終確認|最終判断|人が判断|人間が判断|目視で確認|ダブルチェック|二次検査|再検査|候補を(?:提示|表示|出)"
          r"|提案(?:する|して|を)|サジェスト|下書き|参考(?:に|として)|支援ツール|補助|アシスト)"),
        F("unmet", 0.75, r"(?:完全(?:に)?自動|全自動|全部自動|すべて自動|全て自動|人(?:手)?を介さず|人(?:手)?を介さない|人のチェックなし|確認なし"
          r"|無人化|確認を(?:省|なく|飛ば|スキップ|不要)|取り消せない|元に戻せない|(?:担当者|審査員|職員|調査員|調査官|人)(?:に|へ)(?:回さ|割り当て|振ら)ず|(?:確認|チェック|トリアージ|レビュー|検査|目視)(?:は|を)(?:省略|省い|なくし|廃止)"
          r"|(?:確認|チェック)(?:する)?(?:工程|手順|仕組み|体制|プロセス)(?:は|を|も)?(?:設けない|設けず|置かない|作らない)|(?:置き換え|置換)(?:たい|る)|自動で(?:送信|公開|却下|承認|発注|返信|回答|出す|送る))"),
        F("partial", 0.3, r"\bautomat(?:e|ed|ion)\b|自動化"),
        # A review in name only: hundreds of decisions an hour, select-all, OK-pressing,
        # a final judgement people are only "supposed" to make; and software acting alone.
        # ("rubber-stamping" itself is named as a risk far more often than as today's practice.)
        F("unmet", 0.75, r"\bselect[- ]all\b|\bbulk[- ](?:approv|confirm)\w*"
          r"|\b(?:confirm|approve|clear|process|review)\w* (?:about |roughly |around |~)?\d{3,}"
          r"(?:[–-]\d{3,})? (?:\w+ ){0,2}(?:an|per|each) hour\b|\b\d{3,}(?:[–-]\d{3,})? (?:files|cases"
          r"|flags|applications|claims|decisions|records) (?:an|per) hour\b"
          r"|model has already done the (?:analysis|work|checking)"
          r"|\bautonomously (?:\w+ ){0,3}(?:execut|send|post|pay|transfer|approv|clos|cancel|publish"
          r"|updat|writ|submit|delet|reject)\w*"
          r"|\bremov\w* (?:the )?(?:manager|human|supervisor|reviewer|staff)s?['’]? (?:discretion"
          r"|judge?ment|review|sign-?off)"
          r"|\bno (?:human|manual) (?:confirmation|approval|sign-?off)\b"
          r"|\bno (?:[a-z]+(?:er|or|ist|ian)|human|manual|approval|review)(?:['’]s)? (?:step|sign-?off"
          r"|gate|stage)\b"
          r"|\bno (?:adjuster|investigator|human|person|reviewer|underwriter|clerk|recruiter|caseworker)s?"
          r"(?: or (?:an? )?\w+)? (?:ever )?(?:touches|sees|reviews|checks|looks at|opens)\b"
          r"|\b(?:rejection |denial |decline )?(?:emails?|letters?|notices?) (?:goes out |go out |is sent"
          r" |are sent )?automatically\b"),
        F("unmet", 0.75, r"(?:員|者|師|士|担当)が(?:読む|見る|確認する|目を通す)ことは(?:ない|ありません)"
          r"|(?:承認|確認)(?:を|は)?(?:無くしたい|なくしたい|無くす|なくす|省きたい|やめたい)"
          r"|(?:合否|不合格|却下|否認|お祈り|不採用)[^。]{0,20}自動(?:で)?(?:送信|登録|通知)"),
        # 「不採用の方の書類を人が見ることはなくなります」, 「システムから自動で…お断りのメールを送信」
        F("unmet", 0.75, r"(?:人|誰か|担当者?|職員|店長|採用担当|審査担当)(?:が|の)?(?:目で)?(?:見る|確認する"
          r"|目を通す|チェックする|読む)こと(?:は|も)?(?:基本的に|一切|もう)?(?:なくな|ありません|ない|しない)"
          r"|(?:システム(?:から|が)|自動(?:的)?(?:で|に))[^。]{0,40}(?:不採用|不採択|不支給|不承認|お断り|ご縁がなかった|却下|否決"
          r"|不合格)[^。]{0,20}(?:送信|通知|送り|送る|メール)"),
        F("unmet", 0.75, r"(?:OK|承認|確定)(?:ボタン)?(?:を)?押してる?だけ|(?:1|一)時間(?:で|に)\d{3,}件"
          r"|一括(?:で)?(?:承認|確定|OK|処理して)|中身を(?:見ず|読まず|確認せず)"
          r"|(?:一応|建前上|形式上|名目上)[^。]{0,25}(?:最終判断|確認|承認)(?:を)?(?:して(?:い)?る)?ことになって"),
    ],
    "fairness": [
        T(0.65, r"\b(?:fairness|bias (?:audit|checks?|testing|review)|checked for bias|audited"
          r"|disparate impact|recourse|appeals?|right to contest|explain (?:the|each|why))\b"),
        F("unmet", 0.6, r"\b(?:past|historical|previous) (?:hiring|lending|promotion|admission"
          r"|sentencing|policing|approval) (?:decisions|outcomes|data)\b|\bauto-?reject\w*"
          r"\s+(?:cvs|resumes|applicants|candidates|applications|loans)\b"),
        F("unmet", 0.65, r"\b(?:no (?:recourse|appeal|way to contest|explanation)|can['’]t (?:appeal"
          r"|contest)|they(?:['’]d| would) object if they knew)\b"
          r"|\b(?:nobody|no one) has (?:ever )?(?:checked|looked at|tested|measured|compared)\b[^.]{0,40}"
          r"\b(?:by|across|per) (?:industry|area|region|zip|postcode|group|gender|age|race|ethnicity"
          r"|nationality|county)|\b(?:fall|falls|land|lands|weigh|weighs) disproportionately on\b"),
        # a recourse that exists but is slow or costly is only partly a recourse
        F("partial", 0.7, r"\bthe only (?:recourse|appeal|way to (?:contest|appeal|object))\b"
          r"|(?:不服申し立て|異議申し立て)(?:の方法)?は[^。]{0,20}(?:しかない|だけ|のみ)"),
        T(0.65, r"(?:公平性|バイアス(?:を|の)?(?:確認|検証|チェック|監査)|不服申し立て|異議申し立て|説明責任|理由を説明)"),
        # a protected attribute as an input needs a check (partial); untested by group is unmet
        F("partial", 0.6, r"\b(?:nationality|race|ethnicity|religion|gender|sex|age|disability|pregnancy"
          r"|parental leave|maternity leave)\b[^.]{0,40}\b(?:as an? (?:feature|input|variable|signal)|in the"
          r" (?:model|score)|is (?:a|an|one) (?:feature|input))\b"
          r"|(?:国籍|人種|性別|年齢|宗教|障害|妊娠|育休|育児休業|産休)[^。]{0,25}(?:を使|を用い|を入れ|が入っ|を特徴|を変数"
          r"|が特徴量|が変数|を説明変数)"),
        # No reasons given and no way to ask again: no recourse.
        F("unmet", 0.7, r"\bno reasons\b|\bwithout (?:giving |stating )?(?:any )?reasons\b"
          r"|(?:採点|判定|審査|選考|不合格|否認)?(?:理由|根拠)(?:は|を)(?:開示|説明|通知|伝え)(?:し)?(?:ない|せず|しません)"
          r"|(?:再(?:採点|審査|検討|選考)|不服|異議)[^。]{0,10}(?:受け付けない|受け付けません|受付不可)"
          r"|(?:理由|根拠)(?:は|を)(?:本人に(?:も)?|誰にも)?(?:言わ|教え)(?:ない|ず|ません)"
          r"|(?:異議|不服|反論)(?:を)?(?:言う|申し立てる|唱える)?(?:機会|手段|方法|窓口)(?:も|が|は)?(?:ない|なし|ありません)"
          r"|\b(?:the )?(?:decision|outcome|result) is final\b|\bauto-?repl\w* (?:that|with)\b[^.]{0,40}\bfinal\b"),
        # 「不採用理由はお伝えしない方針」, 「問い合わせ窓口も特に設けません」: no recourse.
        F("unmet", 0.7, r"(?:理由|根拠)(?:は|を)[^。]{0,15}お(?:伝え|知らせ)(?:し)?(?:ない|せず|しません)"
          r"|(?:問い合わせ|お問い合わせ|相談|異議|不服)(?:の|用の)?窓口(?:も|は)?(?:特に)?(?:設けない|設けません"
          r"|設けず|作らない|作りません|ない|なし|ありません)"
          r"|\b(?:we|they) (?:do not|don['’]t|won['’]t|will not) (?:tell|give|share with) (?:them|applicants"
          r"|candidates|customers|people|residents|patients) (?:the )?(?:reasons?|why)\b"
          r"|\bno (?:contact point|hotline|inbox|channel|window) for (?:appeals|complaints|questions)\b"),
        # Outcomes by group never looked at; a protected attribute left out "so it's fine".
        F("unmet", 0.75, r"\b(?:have|has) not been (?:broken down|checked|compared|analy[sz]ed|looked at)"
          r" by (?:county|age|gender|sex|race|ethnicity|zip|language|nationality|region|group)"
          r"|\b(?:doesn['’]t|does not|don['’]t|do not) (?:take|use|include) (?:age|gender|sex|race"
          r"|ethnicity|nationality)\b[^.]{0,30}\b(?:so|and) (?:we )?assum\w*"
          r"|(?:属性|性別|男女|年齢|大学|地域|国籍)[^。]{0,25}(?:差|偏り|通過率|否認率|合格率|承認率)"
          r"[^。]{0,25}(?:検証|確認|チェック|分析)(?:を|は)?(?:行って|して)?(?:い)?(?:ない|ません|ておらず)"),
        F("unmet", 0.7, r"\b(?:accuracy|performance|error rates?) (?:by|across|for) (?:age|gender|language"
          r"|race|ethnicity|nationality)[^.]{0,40}\b(?:not|never|untested|unknown|hasn['’]t)\b"
          r"|(?:年齢|性別|言語|国籍|地域|業種|属性)(?:別|ごと)の(?:精度|性能|誤り|検証|通知率|該当率|割合)[^。]{0,15}"
          r"(?:していない|未確認|未実施|分からない|わからない|不明|行っていない)"),
        F("unmet", 0.6, r"(?:過去の(?:採用|合否|審査|融資|昇進)(?:結果|判断|データ)|(?:書類選考|応募者|候補者)[^。]{0,20}"
          r"自動(?:で|的に)?(?:落と|不採用|却下|選別))"),
    ],
    "drift": [
        T(0.65, r"\b(?:monitor(?:ing|ed)?|retrain(?:ing|ed)?|re-train\w*|drift detection|alerts? on"
          r"|dashboards? (?:for|tracking) (?:model|accuracy|drift)|refresh(?:ed)? (?:the model )?"
          r"(?:weekly|monthly|daily|regularly))\b"),
        F("partial", 0.5, r"\b(?:patterns?|behaviou?r|trends?|tastes?|prices?|fraudsters?|spammers?"
          r"|attackers?|market|catalog(?:ue)?|products?|teams?)\b[^.]{0,30}\b(?:change|changes"
          r"|changing|shift|shifts|adapt|adapts|evolve|evolves|drift|rotate|turn over)\b"
          r"|\b(?:seasonal\w*|adversar\w*|feedback loop|concept drift|new products every)\b"),
        F("met", 0.5, r"\b(?:stable|hasn['’]t changed|doesn['’]t change|rarely change)\w*\b[^.]{0,30}"
          r"\b(?:for|since|over)\b"),
        F("unmet", 0.7, r"\b(?:no (?:one|body) (?:will )?monitor|no monitoring|not (?:be )?monitored"
          r"|train (?:it )?once and (?:forget|leave)|set (?:it )?and forget|never retrain)\b"),
        T(0.65, r"(?:監視|モニタリング|再学習|定期的に(?:更新|学習|見直)|ドリフト(?:を)?(?:検知|監視))"),
        F("partial", 0.5, r"(?:傾向|パターン|手口|相場|市場|嗜好|好み|需要|商品|組織)[^。]{0,15}(?:変わ|変化|変動"
          r"|入れ替わ|移り変わ)|季節(?:性|変動|ごと)|流行|不正者|攻撃者"),
        F("unmet", 0.7, r"(?:監視|モニタリング|再学習|メンテナンス)[^。]{0,10}(?:しない|予定(?:は)?ない|体制(?:は|が)?ない"
          r"|考えてい(?:ない|ません))|作って終わり|一度(?:作れば|作ったら)"),
    ],
    "feasibility": [
        T(0.6, r"\b(?:similar (?:systems?|products?|companies|models?|projects?)|well[- ]known"
          r" (?:problem|technique|task)|off[- ]the[- ]shelf|standard (?:problem|approach|task"
          r"|technique)|proven|competitors? (?:already )?(?:do|use|have)|precedent|common use case)\b"),
        F("partial", 0.45, r"\b(?:under|within|below|less than) \d+\s?(?:ms|milliseconds|seconds?)"
          r"|\blatency\b|\bon[- ](?:device|edge)\b|\bbatch (?:job|overnight|nightly|daily)\b"
          r"|\bovernight\b|\bnightly\b"),
        F("unmet", 0.65, r"\b(?:never been done|no one has (?:ever )?(?:done|solved)|research"
          r"[- ](?:level|problem|project)|unsolved|predict the (?:stock market|lottery|future exactly)"
          r"|cost per prediction (?:exceeds|is higher))\b"),
        T(0.6, r"(?:事例(?:が|は)?(?:ある|多い|豊富)|他社(?:でも|も)[^。]{0,10}(?:導入|成功|実績|事例)|一般的な|定番|実績のある|既製品|市販(?:の)?"
          r"(?:ツール|サービス|モデル)|先行事例)"),
        F("partial", 0.45, r"(?:\d+\s?(?:ミリ秒|ms|秒)以内|リアルタイム|レイテンシ|応答時間|夜間バッチ|日次バッチ|バッチ処理"
          r"|エッジ|端末上)"),
        F("unmet", 0.65, r"(?:前例(?:が|は)?(?:ない|無い)|誰もやったことがない|研究段階|研究レベル|未解決)"),
    ],
    "ownership": [
        F("unmet", 0.7, r"\b(?:nobody|no one)\b[^.]{0,30}\b(?:maintain|own|run|operate|support|monitor"
          r"|retrain|look after|update)\b"),
        T(0.65, r"\b(?:(?:our|the|my|a) (?:\w+ ){0,2}(?:team|squad|group|department|engineers?)"
          r" (?:will |would |can )?(?:own|owns|run|runs|maintain|maintains|operate|operates|support"
          r"|supports|be responsible)|end[- ]to[- ]end|on-?call|full[- ]cycle|we (?:will )?(?:own"
          r"|operate|maintain|run) it|responsible for (?:running|maintaining|operating|monitoring)"
          r"|dedicated (?:ml |data )?(?:engineer|team))\b"),
        F("unmet", 0.75, r"\b(?:hand (?:it )?(?:over|off)|throw it over|hand the model|nobody"
          r" (?:to|will|would|can) (?:maintain|own|run|operate|support|monitor)|no one (?:to|will"
          r"|would|can) (?:maintain|own|run|operate|support|monitor)|no (?:ml |data |engineering )?"
          r"(?:engineers?|owner|team) (?:to|for|in-house)|black[- ]box vendor|consultants? will"
          r" (?:build|deliver) (?:it )?and leave|one-off project|no (?:it|engineering) (?:staff"
          r"|support|capacity))\b"),
        T(0.65, r"(?:(?:チーム|部署|部門|私たち|我々|自分たち|情報システム部|情シス)(?:が|で)[^。]{0,15}(?:運用|保守|担当|責任"
          r"|面倒を見|メンテ)|運用(?:まで|も)[^。]{0,10}(?:担当|自分たち|責任)|専任(?:の)?(?:担当|エンジニア|チーム))"),
        F("unmet", 0.75, r"(?:(?:運用|保守|メンテナンス)(?:する|の)?(?:人|担当|体制|チーム|者)[^。]{0,6}(?:が|は)?(?:いない|ない"
          r"|無い|未定|決まって(?:い)?(?:ない|なく|ません))|丸投げ|作りっぱなし|(?:外注|ベンダー)[^。]{0,20}(?:任せ|作ってもら"
          r"|ブラックボックス)|エンジニア(?:が|は)(?:いない|不在|一人もいない))"),
    ],
    "mvp": [
        T(0.65, r"\b(?:pilot|shadow(?:[- ]mode)?|prototype|proof[- ]of[- ]concept|poc|mvp"
          r"|wizard[- ]of[- ]oz|start (?:small|with (?:one|a single|a small|a few))|one (?:store"
          r"|branch|site|line|team|region|plant|warehouse|country) first|in (?:a few|two|three|\d+)"
          r" weeks|trial run|small[- ]scale)\b"),
        F("unmet", 0.7, r"\b(?:big[- ]bang|all at once|company[- ]wide (?:launch|rollout|from day one)"
          r"|everything at once|from day one across|(?:12|18|24|twelve|eighteen)[- ]month (?:plan"
          r"|project|roadmap|build)|full replacement|replace (?:the )?whole (?:system|process))\b"),
        T(0.65, r"(?:パイロット|試験導入|試験運用|トライアル|PoC|ＰｏＣ|概念実証|シャドー|プロトタイプ|スモールスタート"
          r"|小さく(?:始め|試)|まず(?:は)?[^。]{0,15}(?:一部|1拠点|一拠点|1店舗|一店舗|1ライン|一つの)|数週間)"),
        F("unmet", 0.7, r"(?:全社一斉|一斉(?:に)?導入|一気に(?:全|導入|置き換え)|全店舗(?:で)?同時|\d+年(?:がかり|計画)"
          r"|一年がかり|大規模(?:な)?(?:システム)?刷新)"),
    ],
    "stakeholders": [
        T(0.6, r"\b(?:\w+ ){0,2}(?:team|users?|agents?|staff|experts?|clinicians?|doctors?"
          r"|managers?|sponsor|vp|director|cfo|ceo|coo|head of \w+|leadership|management|union"
          r"|inspectors?|buyers?|planners?)\s+(?:is|are|has|have)?\s*(?:on board|supportive"
          r"|involved|asked for|keen|eager|agreed|signed off|committed|behind it|backing)\b"
          r"|\b(?:requested by|sponsored by|our sponsor)\b"),
        F("unmet", 0.65, r"\b(?:(?:staff|users?|employees|the union|doctors|nurses|agents|sales"
          r" (?:team|reps)|inspectors|managers?|it|legal) (?:are |is )?(?:\w+ )?(?:resist\w*|against|skeptical"
          r"|opposed|oppose|don['’]t want|refuse|worried about being replaced)|haven['’]t"
          r" (?:asked|talked to|consulted|told)|not (?:been )?(?:consulted|involved|asked)"
          r"|expects? (?:a )?(?:guaranteed|100\s?%|silver bullet|magic)|guaranteed roi)\b"),
        T(0.6, r"(?:現場(?:も|が|の)?[^。]{0,20}(?:賛成|協力的|乗り気|要望|希望|前向き)|合意(?:済|して|が取れ)|(?:部長|役員|経営層"
          r"|責任者|社長)(?:が|も)[^。]{0,15}(?:承認|支持|賛成|推進|了承)|スポンサー|協力を得|巻き込)"),
        F("unmet", 0.65, r"(?:反対して|抵抗(?:が|感)|懐疑的|乗り気でない|相談してい(?:ない|ません)|話してい(?:ない|ません)|聞いてい(?:ない|ません)|知らせてい(?:ない|ません)"
          r"|保証(?:して|を求め)|必ず(?:成果|効果)|魔法のよう|確実に(?:儲|成果))"),
    ],
}
# fmt: on
