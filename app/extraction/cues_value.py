"""Cues for the value section: outcome, impact, action, ml_needed, baseline, success_metric."""

from __future__ import annotations

from app.extraction.cue_table import F, T

_BIZ_EN = (
    r"(?:cost|costs|time|hours|minutes|days|rate|churn|conversion|retention|revenue|sales|errors?"
    r"|mistakes|waste|stock-?outs?|returns?|complaints|backlog|delays?|wait(?:ing)?|turnover"
    r"|response|handling|throughput|losses|fraud|defects?|scrap|spend|margin|workload|overtime)"
)
_BIZ_JA = (
    r"(?:コスト|費用|時間|工数|率|売上|ミス|誤り|在庫|廃棄|解約|離脱|待ち|問い合わせ|負担|残業|損失"
    r"|不良|欠品|作業|人件費|クレーム|滞留|リードタイム|件数|売り上げ|利益|成約|効率)"
)

# fmt: off
VALUE_CUES: dict[str, list[tuple]] = {
    "outcome": [
        F("unmet", 0.55, r"\b(?:an? )?(?:AI|ML|GenAI|generative AI) (?:strategy|project|initiative|roadmap"
          r"|transformation|use cases?)\b|\b(?:competitors?|rivals?|everyone|other companies)\b[^.]{0,30}"
          r"\b(?:announc\w+|launch\w*|doing|using|adopting) (?:\w+ )?(?:AI|ML|machine learning)\b"
          r"|\b(?:asked|told|wants?|instructed) (?:us|me) to (?:use|do|adopt|add|come up with|find)"
          r" (?:some |an? )?(?:AI|ML|machine learning|GenAI)"),
        F("unmet", 0.55, r"他社(?:も|でも)(?:やって|使って|導入して)|(?:うち|当社|弊社)も何か|何か(?:始め|やり|でき)"
          r"|(?:AI|生成AI|機械学習)(?:で|を使って)[^。]{0,12}(?:しろ|せよ|してくれ)|(?:AI|生成AI)(?:戦略|活用方針)"
          r"|(?:AI|生成AI|機械学習|DX)(?:の)?(?:活用|導入)(?:の)?(?:検討|推進)?(?:プロジェクト|PJ|ワーキング|タスクフォース|委員会)"
          r"|(?:期待効果|対象業務|目的)[^。]{0,20}(?:発足後|これから|後で|追って)[^。]{0,20}(?:定め|決め|検討)"),
        F("met", 0.6, r"\b(?:reduce|cut|increase|raise|improve|lower|shorten|decrease|boost|grow"
          r"|halve|double|speed up|minimi[sz]e|maximi[sz]e|avoid|prevent)\b[^.]{0,60}?" + _BIZ_EN),
        F("met", 0.6, _BIZ_EN + r"[^.]{0,40}?\b(?:by|to|from)\s+(?:~|about )?\d"),
        F("met", 0.55, r"\b(?:goal|aim|objective|target)\b[^.]{0,10}\b(?:is|:)\b[^.]{0,80}"
          + _BIZ_EN),
        F("met", 0.6, _BIZ_JA + r"[^。]{0,30}?(?:削減|短縮|向上|改善|減ら|増や|下げ|上げ|抑え|防|半減"
          r"|なくし|高め|減少|増加)"),
        F("met", 0.5, r"(?:削減|短縮|向上|減ら|増や|下げ|上げ|抑え)[^。]{0,15}" + _BIZ_JA),
        F("partial", 0.4, r"\b(?:more efficient|efficiency|streamline|optimi[sz]e|modernis|digital"
          r" transformation|save time|productivity)\b|効率化|業務改善|DX|省力化|自動化したい"),
        F("unmet", 0.45, r"\b(?:use|using|apply|adopt|leverage|do|try|introduce|implement)\s+"
          r"(?:some\s+|an?\s+)?(?:AI|ML|machine learning|deep learning|GenAI|generative AI|LLMs?"
          r"|ChatGPT)\b(?![^.]{0,60}\b(?:to|so that|in order to) [a-z]+)"),
        F("unmet", 0.55, r"\b(?:everyone|competitors?|our rivals?) (?:is|are) (?:using|doing)|"
          r"\b(?:buzz|trendy|hype|because it'?s (?:popular|the future))\b|\bsomething with AI\b"
          r"|AIで何か|何かAI|流行|とりあえずAI|AIを(?:使|活用|導入)(?:い|し)たい(?:です)?(?:。|$|が|けど)"),
        F("unmet", 0.5, r"^(?:AI|ML|機械学習|人工知能)\s*[?？]?$"),
        F("unmet", 0.45, r"\b(?:insights?|see what (?:comes out|we find|patterns))\b|何か(?:わか|分か)"
          r"|知見が(?:得|出)"),
    ],
    "impact": [
        # the loss today is negligible
        F("unmet", 0.65, r"(?:損|損失|ロス|無駄)(?:は|も)(?:ほとんど|ほぼ|あまり)(?:出て|発生して)?(?:い)?(?:ない|ません)"
          r"|\b(?:hardly any|almost no|negligible|next to no) (?:loss|losses|waste|cost)\b"
          r"|\b(?:the )?(?:loss|losses|waste|cost) (?:is|are) (?:negligible|tiny|minimal)\b"),
        F("met", 0.55, r"\b\d+(?:\.\d+)? (?:full[- ]time|FTEs?)\b|\b(?:ties up|keeps|occupies) (?:\d+|two|three"
          r"|four|five|six|ten|several|dozens of) (?:\w+ )?(?:people|staff|analysts|agents|employees|clerks)\b"),
        F("met", 0.6, r"\b(?:spends?|takes?|costs?|needs?) (?:about |roughly |around |~)?\d+(?:\.\d+)?\s?"
          r"(?:hours?|hrs?|days?|person-days?) (?:on|per|for|reading|reviewing) (?:each|every|one|a)\b"
          r"|(?:1件|一件)(?:あたり|につき|に)[^。]{0,8}\d+\s?(?:時間|日)"),
        F("met", 0.55, r"[$¥€£]\s?\d|\b\d[\d,.]*\s?(?:k|m|million|thousand|billion)?\s?(?:dollars"
          r"|usd|yen|euros?|jpy)\b|\d[\d,.]*\s?(?:万|億)?円"),
        F("met", 0.55, r"\b(?:\d+|two|three|four|five|six|ten|several) (?:full[- ]time |FTEs?"
          r"|people|staff|agents|analysts|inspectors|clerks|employees|planners|nurses)\b[^.]{0,60}"
          r"(?:spend|full[- ]time|all day|most of|hours|every day|work on)"),
        F("met", 0.5, r"\b(?:costs? us|we lose|losing|lost|expensive|major pain|top priority"
          r"|biggest (?:problem|cost|complaint)|bottleneck|critical for|millions of)\b"),
        F("met", 0.5, r"(?:人手不足|大きな負担|損失|機会損失|最優先|経営課題|数百万|数千万|億円|人が(?:毎日|丸一日)"
          r"|(?:\d|[二三四五六七八九十])(?:名|人)(?:で|が|の)[^。]{0,30}(?:毎日|時間|かかりきり|専任|対応))"),
        F("met", 0.5, r"\b(?:owned by|the owner is|sponsored by|(?:vp|head|director) of \w+ "
          r"(?:owns|wants|asked)|our (?:ceo|cfo|coo|cto) (?:owns|asked|wants))\b|オーナーは|責任者は"),
        F("unmet", 0.6, r"\b(?:nice to have|low priority|not a priority|not (?:really )?a (?:big )?"
          r"(?:problem|issue)|nobody (?:really )?(?:cares|complains)|no one owns|small problem"
          r"|hardly ever)\b|\b(?:only|just) a (?:few|handful of|couple of) (?:\w+ )?(?:requests|cases|orders"
          r"|tickets|emails|calls|customers|users|people|times|items|claims|per|a)\b"),
        F("unmet", 0.6, r"\b(?:has |have )?never (?:once )?(?:caused|been) (?:us )?(?:a |any )?(?:real )?(?:problems?|issues?"
          r"|trouble|incidents?)\b|問題になったこと(?:は|も)?(?:ない|ありません|一度もない)"),
        F("unmet", 0.6, r"優先度(?:は|が)?低|困って(?:は)?いない|あまり困|件数(?:は|が)?(?:少な(?!けれ|ければ|いなら)|わずか)"
          r"|ごくわずか|(?:月|年|週)(?:に|間)?数件|ほとんど(?:発生|起き)(?:し)?ない|誰も(?:困|気に)"),
    ],
    "action": [
        # A person acts on what the model gives them: 「見込みを見て支配人が決める」, "the SDRs would
        # get a ranked list each morning".
        F("met", 0.65, r"(?:それ|予測|見込み|スコア|リスト|結果)(?:を|に)(?:見て|もとに|基に|受けて|参考に|従って)[^。]{0,30}"
          r"(?:決める|決めます|判断する|判断します|決定する|手配する|調整する|連絡する|電話する|訪問する|面談する)"
          r"|\b(?:would|will|could) (?:get|receive|see) a (?:ranked |prioriti[sz]ed |daily |short)?(?:list|queue)\b"
          r"[^.]{0,40}\b(?:each|every) (?:morning|day|week|shift)\b"),
        # Nobody has decided what happens with the list, or who calls.
        F("unmet", 0.75, r"\b(?:haven['’]t|have not|hasn['’]t|has not|not yet) (?:\w+ )?(?:worked out|decided"
          r"|figured out|agreed|thought about|planned) (?:what|who|how) (?:we['’]d|we would|we will|to|would)"
          r" (?:do|act|use|call|contact|follow up)\b"
          r"|誰が[^。]{0,20}(?:連絡|対応|動く|フォロー|面談|電話|架電)[^。]{0,10}決まって(?:い)?(?:ない|ません|なく)"),
        # Even a right prediction could not change anything, or nobody has decided who acts.
        F("unmet", 0.75, r"(?:予測|スコア|結果|AI)(?:が|は)(?:当たっても|当たったとしても|出ても|出たとしても|分かっても)[^。]{0,40}"
          r"(?:変えられ|動かせ|変更でき|使え|使いよう)(?:ない|ません|ず)"
          r"|誰が(?:何を|どう|どの)[^。]{0,20}(?:決め|決ま|使う|動く|対応する)[^。]{0,20}(?:考えていない|決まっていない|決まってない|ません)"
          r"|\beven if (?:the |a )?(?:forecast|prediction|model|score|estimate)s? (?:is|are|were|was) (?:right|accurate"
          r"|perfect|correct)\b[^.]{0,60}\b(?:can['’]?t|cannot|couldn['’]t|wouldn['’]t|won['’]t|no way to)\b"),
        F("unmet", 0.65, r"(?:対応|連絡|フォロー|電話|訪問)[^。]{0,12}(?:余裕|人員|人手|体制|キャパ)(?:は|が|も)?(?:ない|無い"
          r"|ありません)|手一杯|\b(?:no|don['’]t have (?:the|any)|without the) (?:spare )?(?:capacity|bandwidth"
          r"|staff|people|time|budget) to (?:act|follow up|call|contact|handle|intervene|respond|visit)\b"),
        F("unmet", 0.65, r"\bsee what (?:the data|it|the model|the numbers|ml|ai) (?:tells|shows|says|finds"
          r"|comes up with)\b|\bexplore the data\b|\bjust (?:curious|exploring)\b"),
        F("met", 0.55, r"\b(?:would|will|could|should) (?:decide|determine|drive|set|choose|pick|select"
          r"|trigger) (?:which|who|whom|what|how many|when|the order|where)\b"),
        F("met", 0.55, r"\b(?:would|will|could|can|must) be (?:re-?ranked|ranked|routed|sent|flagged"
          r"|shown|held|blocked|approved|declined|prioriti[sz]ed|escalated|stepped up|reviewed|set"
          r"|chosen|decided|sorted|ordered"
          r"|assigned|dispatched|scheduled|adjusted|priced|called|contacted)\b|\b(?:stepped up|sent to"
          r" the (?:\w+ )?queue|re-?rank\w*|to approve or decline|approve or (?:decline|reject))\b"),
        F("met", 0.6, r"\b(?:score|ranking|forecast|prediction|model|list|estimate)s? (?:would |will |then )?"
          r"(?:decides?|determines?|sets?|drives?) (?:who|whom|which|what|how|when|where|the (?:order|number"
          r"|amount|quantity|price|route|schedule))\b"
          r"|(?:候補|フラグ|アラート|疑い|NG)(?:だけ|のみ)?(?:を|は)[^。]{0,15}(?:精査|確認|点検|対応|チェック)"),
        F("met", 0.5, r"候補(?:を|の)[^。]{0,12}(?:出|示)|(?:回す|回し|振り分ける|優先する|点検する|対応する)(?:形|予定|つもり)"),
        T(0.55, r"\b(?:route|re-?route|assign|block|hold|flag|prioriti[sz]e|rank|re-?order"
          r"|order|reorder|restock|escalate|call|contact|email|send|offer|show|display|recommend"
          r"|suggest|alert|notify|approve|reject|schedule|dispatch|allocate|triage|price|adjust"
          r"|step-up|auto-?(?:route|approve|reject|release|fill)|pre-?fill|surface)\b[^.]{0,80}"
          r"\b(?:each|every|the|to|for|with|before|when|if|whose|top|high-risk|likely)\b", neg="skip"),
        F("met", 0.5, r"\b(?:(?:agents?|staff|team|planners?|buyers?|nurses?|analysts?|reviewers?"
          r"|operators?|reps?|managers?|clinicians?) (?:would|will|can|could) (?:then )?\w+)"),
        T(0.5, r"(?:振り分け|割り当て|割り振|優先順位|優先度を付け|発注|補充|連絡|電話|フォロー|表示"
          r"|提示|通知|アラート|配信|送る|送付|推薦|おすすめ|レコメンド|差し戻|承認|却下|ブロック|保留"
          r"|止め|配車|配置|値付け|査定)", neg="skip"),
        F("met", 0.6, r"\b(?:so (?:that )?(?:the |our )?(?:\w+ ){0,2}(?:can|could|will|would) (?:\w+ )?(?:build|prioriti[sz]e"
          r"|focus|call|visit|inspect|review|contact|decide|plan|staff|order|schedule|target|route|pick|choose"
          r"|send|approve|fix|act|intervene|check))\b|\b(?:builds?|makes?|draws? up|prepares?|plans?|sets?)"
          r" (?:the |a |each |every |its |their )?(?:\w+ ){0,2}(?:call|visit|work|inspection|short|pick|review"
          r"|route|to-?do|priority|target|watch) ?lists?\b|\b(?:call|visit|inspection|review|priority) (?:list|queue)s?\b"
          r"|\bpre-?fills?\b|\b(?:approves?|signs? off|confirms?) (?:each|every|the) (?:\w+ ){0,3}(?:list|plan|limit"
          r"|order|route|schedule|tag|batch)\b|\bcalls? ~?\d[\d,]* (?:\w+ )?(?:customers|subscribers|patients|users"
          r"|members|accounts)"),
        F("met", 0.6, r"(?:提案して|提示して|通知して|知らせて|アラートを出して|リスト(?:を|に)(?:作|出|して)|順位を付けて|優先順位"
          r"|優先度順|並べ替え|振り分けて|割り当てて|回して)[^。]{0,40}(?:確認|修正|判断|決め|対応|面談|訪問|点検|電話|架電|連絡|つなげ"
          r"|する形|したい|します|予定)|(?:OK|承認)か修正|面談につなげ|(?:上から|順に|高い順に|順番に)並べ|(?:先|順番|対象|タイミング|時期|量)を決め"
          r"(?:る|た|て)|(?:巡回|点検|訪問|架電|検査)(?:先|順|ルート|計画)を(?:決め|組|作)"),
        F("unmet", 0.75, r"\b(?:nobody|no one|not|haven['’]t|hasn['’]t|don['’]t|yet to)\b[^.]{0,40}"
          r"\b(?:decided|figured out|thought about|know|planned|defined|agreed)\b[^.]{0,40}"
          r"\b(?:what|how|who|which)\b[^.]{0,40}\b(?:do|use|act|action|with (?:the|it|them)"
          r"|prediction|score|result|output|model)"),
        F("unmet", 0.7, r"\b(?:no (?:plan|intervention|action|process|playbook|budget) (?:for|yet|in place|to (?:act"
          r"|use|follow|contact|call|intervene|respond|do))|no one (?:would|will) act|just (?:for|in) a (?:report|dashboard)"
          r"|interesting to know|see what (?:it tells|insights|comes out|we learn))\b"),
        F("unmet", 0.75, r"(?:どう使うか|どう活用|何に使うか|活用方法|使い道|誰が[^。]{0,20}使う|施策|対応策"
          r"|アクション|打ち手|防止策|何をするか|どうするか|何をすれば|どう対応するか)[^。]{0,30}(?:決まって(?:い)?(?:ない|なく|ません)|決まっておらず|決めて(?:い)?(?:ない|なく|ません)|未定|ない|無い|考えてい(?:ない|ません)"
          r"|用意してい(?:ない|ません)|これから|検討中|わからない|分からない)"),
        F("unmet", 0.55, r"(?:レポート(?:に|で)(?:まとめ|出|報告)|眺め|とりあえず予測|何が(?:わかる|分かる)か)"
          r"|(?:レポート|報告書|資料|ダッシュボード)(?:に|へ)[^。]{0,25}(?:載せる|載せ|掲載)(?:こと|だけ|のみ)"),
        F("unmet", 0.65, r"\b(?:just|only|simply|mainly) (?:so|to|for)\b[^.]{0,40}\b(?:dashboard|report|slide|deck"
          r"|board pack)\b|\b(?:nobody|no one)(?:['’]s| has| is)? (?:been )?(?:asked|assigned|tasked|lined up)"
          r" to (?:act|follow up|call|contact|use|work)\b|\b(?:already|is|are) (?:at|over|beyond) (?:full )?capacity\b"),
    ],
    "ml_needed": [
        # Reading or writing free text (drafting replies, summarising, pulling fields out of
        # documents) is what language models are for; no rule does it.
        F("met", 0.55, r"\b(?:draft(?:s|ing|ed)?\*? (?:\w+ ){0,2}(?:replies|responses|answers|emails|letters)"
          r"|summar(?:y|ies|ise|ize|ising|izing) (?:of )?(?:\w+ ){0,3}(?:calls|notes|tickets|records"
          r"|documents|reports|conversations|interviews|minutes)|extract(?:s|ing|ion of)? (?:\w+ ){0,3}"
          r"(?:fields|data|values|items|terms|clauses|dates) from (?:\w+ ){0,2}(?:pdfs?|documents|invoices"
          r"|contracts|forms|letters|leases|scans|emails))\b"
          r"|(?:返信|回答|メール)(?:文)?の?(?:下書き|ドラフト|案)|(?:通話|議事|記録|問い合わせ|カルテ)[^。]{0,10}要約"
          r"|(?:PDF|書類|帳票|請求書|契約書|申込書|診断書)[^。]{0,15}(?:から|の)[^。]{0,15}(?:抽出|読み取)"),
        # a standard non-ML fix exists and is simply not used yet
        F("unmet", 0.7, r"\b(?:don['’]t|do not|doesn['’]t|does not|never) (?:\w+ ){0,2}(?:use|have|offer|turn on)"
          r" (?:a |an |any )?(?:\w+ )?(?:lookup|autocomplete|auto-complete|validation|validator|dropdown"
          r"|spell ?check|reminders?|check-?in)\b"),
        F("met", 0.5, r"\bone of (?:our |the )?(?:\d{2,}|dozens of|hundreds of|many) [\w-]+"),
        F("unmet", 0.7, r"(?:規約|規程|規定|規則|法律|法令|ルール|約款|料金表|単価表)[^。]{0,12}で(?:決ま|算出|計算さ|定ま)"
          r"|(?:毎回|常に|必ず)同じ(?:計算|結果|答え|金額)|\balways (?:gives |produces )?the same (?:answer|result"
          r"|calculation|amount)\b"),
        F("unmet", 0.7, r"\bexact(?:ly)? match\w*|\bmatch(?:es)? [^.]{0,30}\bexactly\b|\bthree-way match\b"
          r"|(?:リンク|ボタン|案内|説明|FAQ|画面|表示|手順|項目|フォーム)(?:を|も)?[^。]{0,10}(?:置け|追加すれ|変えれ|直せ"
          r"|更新すれ|改善すれ|わかりやすくすれ|分かりやすくすれ|見直せ)ば|(?<!導入)(?<!活用)(?<!利用)(?<!使用)(?<!AIに)(?:すれば|置けば|変えれば|直せば|見直せば)"
          r"[^。]{0,10}(?:減る|減り|解決|なくなる|十分|防げる)"),
        F("met", 0.55, r"\b(?:no one|nobody|can['’]t|cannot|impossible to|too many to) (?:\w+ )?(?:write|maintain"
          r"|list|enumerate|code) (?:the |enough |all the )?(?:rules|conditions|cases)\b"
          r"|\b(?:thousands|hundreds|millions) of (?:\w+ )?(?:product types|categories|classes|variants"
          r"|patterns|combinations|formats)\b"),
        F("unmet", 0.65, r"\b(?:defined|specified|set out|laid down|stated|written|fixed) in (?:our|the) (?:\w+ )?"
          r"(?:terms|policy|contract|rules|rulebook|regulations?|law|handbook|tariff|price list)\b"
          r"|\b(?:is|are) always (?:\d|the same)"),
        F("unmet", 0.75, r"(?:規約|規程|規定|規則|法律|法令|契約|ルール|就業規則|約款|料金表|社内規定)(?:で|により|によって|に)"
          r"(?:決ま|定め|規定|明記)"),
        F("unmet", 0.6, r"\b(?:better|clearer|simpler|improved|new|fixed|updated) (?:\w+ ){0,2}(?:search|form|page"
          r"|faq|ui|button|layout|wording|instructions?|template|process|checklist|reminders?|labels?"
          r"|signage|docs|help)\b[^.]{0,50}\b(?:would|could|might|will|should) (?:probably |likely "
          r"|already |easily )?(?:fix|solve|remove|cut|eliminate|prevent|handle|stop)\b"),
        F("unmet", 0.7, r"\b(?:answer|result|value|carrier|code|rate|price|category) is already (?:in|known"
          r"|stored|available|there|decided|fixed)|\b(?:chosen|determined|decided|set|calculated|computed"
          r"|assigned|derived) (?:by|from) (?:the |our |a )?(?:\w+ )?(?:system|table|rule|formula|law|lookup"
          r"|matrix|schedule|tariff)\b|\busing a (?:table|lookup|rule|formula|matrix)\b"
          r"|\bif (?:the )?(?:\w+ )?(?:is )?(?:under|over|below|above|less than|more than) [$¥€£]?\d"),
        F("unmet", 0.7, r"(?:以下|以上|未満|を超え(?:る|た))(?:なら|であれば|の場合は?)[^。]{0,10}(?:承認|却下|対象|OK|NG)"
          r"|(?:システム|マスタ|テーブル|表)(?:で|から|によって)(?:自動的に|自動で)?(?:決ま|計算され|算出され|割り当て)"
          r"|(?:答え|結果|値)(?:は|が)(?:すでに|既に)"),
        F("met", 0.6, r"\b(?:regex\w*|keyword search|string match\w*|templates?|filters?)\b[^.]{0,60}"
          r"\b(?:miss\w*|fail\w*|wrong|can['’]t cope)\b|\b(?:wording|phrasing|language|handwriting"
          r"|layouts?|formats?) (?:varies|vary|differs?|changes?)\b"),
        F("unmet", 0.8, r"\b(?:formula|deterministic|(?:fixed|defined|set|prescribed|determined)"
          r" by (?:law|regulation|statute|the government|policy|contract)|tax (?:rate|law|rule)s?"
          r"|lookup table|look-?up table|exact rules?|rule table|rate table)\b"),
        # A tool the organisation already has does the job once it is configured.
        F("unmet", 0.8, r"(?:標準機能|既存(?:の)?(?:機能|モジュール|システム)|導入済み?(?:の)?(?:システム|モジュール|スケジューラ)?)"
          r"[^。]{0,40}(?:で|により)?(?:対応可能|対応できる|自動(?:生成|作成)できる|実現できる|できます)"
          r"|標準機能(?:で|に)[^。]{0,40}(?:がある|があって|があります|が(?:付いて|ついて))"
          r"|(?:設定|登録)(?:して(?:い)?ない|されていない)だけ|(?:設定|登録)する?だけで"
          r"|(?:サービス|機能|システム|仕組み)で(?:解決|対応|特定)できます?|四則演算|足し算と掛け算"
          r"|\b(?:one of (?:\w+ |\d+ ){0,2}(?:fixed|standard|canned|templated?|predefined) (?:messages|replies"
          r"|answers|responses|templates)|macros? with placeholders|(?:just|simple) (?:arithmetic|addition))\b"
          r"|(?:登録|設定|整備|入力)(?:さえ)?すれば[^。]{0,50}(?:自動(?:生成|作成)?で?(?:できる|可能)|対応可能|標準機能)"
          r"|\b(?:already (?:has|have|includes?|ships? with|comes? with) (?:a |an |the )?(?:\w+ ){0,3}"
          r"(?:module|feature|function|optimi[sz]er|scheduler|engine) (?:that|which) (?:can|does|would)"
          r"|(?:standard|built-in|out-of-the-box) (?:feature|function|module)s? (?:can|could|would|does)"
          r" (?:do|handle|cover) (?:this|it|that)|once (?:the )?(?:\w+ ){0,3}(?:master data|parameters|rules"
          r"|constraints|settings) (?:are|is) (?:set up|configured|entered|loaded|filled in))\b"),
        F("unmet", 0.75, r"\b(?:(?:an? )?existing (?:api|service|system|database|table|report)"
          r"[^.]{0,40}(?:already|gives|returns|provides|answers|has)|already (?:answers|gives"
          r"|returns|provides|tells us))\b"),
        F("unmet", 0.75, r"\b(?:a (?:simple|single|fixed|basic) (?:rule|threshold|filter|check"
          r"|if[- ]statement|cut-?off)|one (?:rule|threshold)|if[- ]then rules? (?:would|could|will)"
          r"|could be (?:solved|fixed|handled) (?:by|with) (?:a )?(?:rule|process|ui|form|checklist)"
          r"|(?:rule|threshold|checklist) (?:would|could) (?:do|work|solve|suffice|cover))\b"),
        F("unmet", 0.7, r"\b(?:faq|form|ui|documentation|docs|page|manual|instructions?)\b[^.]{0,40}"
          r"\b(?:outdated|out of date|stale|confusing|unclear|hard to (?:find|use|understand)"
          r"|not (?:been )?updated|hasn['’]t been updated)\b"),
        F("unmet", 0.7, r"\b(?:auto-?release\w*|check[- ]in (?:reminders?|step|window|requirement"
          r"|deadline)|grace period)\b"
          r"|\b(?:an? |simple |automatic |automated )reminders? (?:\w+ )?(?:would|could|will|should|is all)\b"),
        F("unmet", 0.6, r"\b(?:suggested|proposed|recommended|could|would|should|can) (?:just|simply)"
          r" (?:\w+ing|add|send|release|use|change|fix|update|show|block|set|require|ask|put)\b"
          r"|\b(?:a|an) (?:simple|quick|cheap) (?:fix|change|process change|form change)\b"),
        F("unmet", 0.8, r"(?:計算式|数式|公式で|法律で|法令で|税率|規則で(?:決|定)|一意に(?:決|定)|決定的|一覧表(?!示)|対応表"
          r"|早見表|マスタ(?:を|で)?(?:引|参照|照合)|既存の(?:API|システム|帳票)[^。]{0,20}(?:出|分か|わか|返)"
          r"|単純な(?:ルール|条件|閾値|しきい値)|(?:閾値|しきい値)で(?:判定|決め|十分|足り|分け|判断|切れ|済)|ルールで(?:十分|対応でき|判定でき|決ま))"),
        F("unmet", 0.7, r"(?:FAQ|フォーム|マニュアル|手順書|画面|案内)[^。]{0,30}(?:更新されて(?:い)?(?:ない|ません)|古|わかりにく"
          r"|分かりにく|見づら|使いにく|不親切|探しにく)"),
        F("met", 0.6, r"\b(?:static (?:table|rule)s?|(?:the |a |our |single )(?:table|threshold|filter"
          r"|rule of thumb|formula|cut-?off)|keyword (?:filter|search|rules?))\b[^.]{0,80}\b(?:can['’]?t keep up"
          r"|misses|find(?:s)? nothing|false alarms|mis-?tagged|mis-?routed|only catches|too crude|wrong|dropped it"
          r"|doesn['’]t work|fails?)\b|\b(?:swing|vary|varies|depend|depends) (?:\w+ ){0,2}(?:with|on) (?:\w+[ ,]+){1,6}"
          r"(?:and|or) \w+"),
        F("met", 0.55, r"(?:それ|これ|今のやり方|今のルール|この方法)(?:だと|では)[^。]{0,30}(?:手遅れ|間に合わ|見逃|外れ|追いつか"
          r"|気づけ|拾えな)|\b(?:barely (?:moved|changed|helps?)|(?:it|that|this) (?:only )?catches (?:maybe |about |only )?"
          r"\d+\s?%)"),
        F("met", 0.55, r"(?:ルール|閾値|しきい値|基準|表|キーワード)[^。]{0,40}(?:手遅れ|追いつかない|外れ|空振り|見逃|誤検知"
          r"|うまくいかない|限界)|(?:曜日|天気|季節|天候|時間帯)[^。]{0,20}(?:によって|で)[^。]{0,10}(?:変わ|違|ばらつ|変動)"),
        F("met", 0.6, r"\b(?:rules?|heuristics?|keywords?)\b[^.]{0,60}\b(?:misroute|miss|fail|can['’]t"
          r" keep up|conflict|keep growing|unmaintainable|brittle|wrong|break|too many|are getting"
          r" out of hand)"),
        F("met", 0.55, r"\b(?:(?:hard|impossible|difficult|too complex) to (?:write|capture|encode"
          r"|define) (?:as |in |with )?(?:rules?|a formula)|gut feel|intuition|experienced (?:staff|people"
          r"|buyers|inspectors)|depends on (?:many|lots of|dozens of) (?:factors|signals|variables)"
          r"|free[- ]text|photos?|images?|personali[sz]\w*|recommendations?)\b"),
        F("met", 0.55, r"(?:ルール|条件分岐)[^。]{0,30}(?:限界|追いつかない|複雑|増え続け|メンテ|誤|外れ|漏れ)"
          r"|熟練|経験と勘|勘と経験|勘で|属人|画像|写真|自由記述|文章|パターン|個人ごと|一人ひとり|好み"),
        # A tool the team already has computes the exact answer (an API, a calculator, a
        # simulator, a solver), or the problem is an optimisation under stated constraints.
        F("unmet", 0.8, r"\b(?:returns?|gives?|computes?|calculates?|outputs?|works? out) (?:us )?(?:the )?exact"
          r"(?:ly)?\b|\bexact (?:tax|price|amount|cost|bill|answer|figure|value)s?\b[^.]{0,40}\b(?:from|per|by)\b"
          r"|\b(?:we )?(?:don['’]t|do not|wouldn['’]t) (?:even )?need (?:a |any |an )?(?:prediction|model|ml|ai|forecast)\b"
          r"|\b(?:linear|integer|mathematical) program(?:ming)?\b|\b(?:lp|milp|optimi[sz]ation) solver\b"
          r"|\bcheapest (?:mix|combination|blend|plan|option) that (?:meets|satisfies|fulfils|fulfills)\b"),
        F("unmet", 0.8, r"(?:API|シミュレーター|シミュレータ|計算ツール|計算機能|見積(?:もり)?ツール|ソルバー?)(?:が|は)(?:既に|すでに|もう)(?:あ|存在)"
          r"|正確に(?:計算|算出)(?:して|でき|され)|(?:予測|AI|機械学習|モデル)(?:とか|は|など|なんて)?(?:いらない|要らない|不要)"
          r"|条件を(?:全部|すべて|全て)?満たす(?:中で|範囲で|うちで)?(?:一番|最も)(?:安い|低い|高い|良い|少ない)"
          r"|線形計画|数理最適化|最適化ソルバ"),
        # The check already exists in the system and was switched off or never enabled; the
        # "AI" on offer is a lookup that learns nothing (blind r6, after scoring).
        F("unmet", 0.75, r"(?:機能|チェック)(?:が|は)[^。]{0,25}(?:既に|すでに)(?:可能|あ(?:る|り)|搭載|備わ)"
          r"|学習(?:によって|で|により)[^。]{0,15}(?:変わる|改善する|賢くなる)(?:仕組み|もの)では(?:ない|ありません)"
          r"|(?:設定|アラート)(?:の)?(?:見直し|変更|総点検|有効化|再表示)[^。]{0,20}(?:で|により)[^。]{0,20}(?:防げ|解消|解決|足り)"
          r"|\b(?:already|natively) (?:does|do|supports?|has|have|offers?) (?:\w+ ){0,3}(?:checks?|alerts?|validation)\b"
          r"[^.]{0,40}\b(?:switched|turned) off\b|\b(?:isn['’]t|is not|doesn['’]t) (?:actually |really )?(?:learn\w*|ml|ai)\b"
          r"[^.]{0,30}\b(?:lookup|rules?|database)\b"),
        # The thread concludes there is nothing to learn: the answer is already determined
        # (a field, a feed, a portal, a sort the system offers) and the work is integration.
        F("unmet", 0.8, r"\b(?:there['’]?s|there is|is) nothing (?:here )?to predict\b"
          r"|\bno (?:prediction|forecast|model|ml|ai) (?:is |was )?(?:needed|required)\b"
          r"|\bnot an? (?:ai|ml|machine[- ]learning|prediction|data[- ]science|model(?:ling)?)"
          r" (?:project|problem|job|task|thing|question)\b"
          r"|\b(?:an?|the) (?:integration|config(?:uration)?|data[- ]feed|feed|process|ui|wiring|plumbing)"
          r" (?:job|fix|problem|issue|bug|task)(?:,| and)? not an? (?:ai|ml|model|prediction)\b"
          r"|\bre-?scop\w* (?:this |it )?(?:to|as) (?:an? )?integration\b"
          r"|\b(?:just|simply) (?:need to |have to )?(?:wire|hook|plug|connect) (?:in |up )?(?:the |our |their )?"
          r"(?:\w+ ){0,2}(?:feed|api|lookup|service)\b"
          r"|\b(?:where clause|sql (?:query|filter)|simple query)\b[^.]{0,40}\b(?:gives?|returns?|lists?)"
          r" (?:you |us )?(?:the )?exact\b"
          r"|(?:予測|推定|AI|機械学習)(?:を|は)?(?:しなくても|使わなくても|しなくて)[^。]{0,60}(?:正確に|全部|すべて|確実に|わか|分か|出)"
          r"|AI(?:じゃ|では)な(?:く|い)て(?:も)?(?:いい|大丈夫|済む|良い)|AI(?:案件|プロジェクト)(?:じゃ|では)な(?:い|く)"
          r"|(?:ごとに|で)答えが(?:決まって|一つに決ま)|予測すると(?:逆に)?[^。]{0,10}(?:外れ|悪く)"
          r"|(?:連携|設定|改修|画面|システム)(?:の(?:問題|話|案件))(?:で|です|だ)"
          r"|(?:ソート|並べ替え|絞り込み|フィルタ)(?:機能)?(?:が|は|も)?(?:すでに|既に|もう)?(?:あります|ある(?:よ|ので|し|んです))"
          r"|AI(?:の)?(?:導入|開発|活用)?(?:ではなく|じゃなくて)[^。]{0,40}(?:切り替え|徹底|見直|設定|改善|統一|運用)"
          r"|AI(?:の)?(?:予算(?:取り)?|案件|導入)は(?:一旦|いったん|当面)?(?:なし|見送り|不要|中止)"
          r"|(?:機能|オプション)が(?:もともと|最初から|元々)(?:入って|付いて|ついて)"
          r"|照合すれば[^。]{0,20}(?:点数|結果|答え|判定)が(?:自動で|自動的に)?(?:出|わか|分か)"
          r"|\b(?:set|fixed|defined|prescribed) by the (?:state|regulator|ministry|federal government)\b"
          r"|\bpublished (?:income )?(?:threshold|table|rate|schedule|formula)\b"
          r"|\b(?:are|is) known \d+ (?:days|weeks|months) (?:before|in advance|ahead)\b"
          r"|\bthe (?:control|system|software|erp|plc|tool) can (?:already )?do (?:that|this|it)\b"
          r"|\bit['’]s (?:just )?a (?:parameter|setting|config(?:uration)? (?:change|flag))\b"
          r"|\bswitched on (?:at|in|for) (?:only )?\d+ of (?:the |our )?\d+\b"
          r"|(?:換算表|変換表|サイズ表|チャート)(?:どおり|通り)|1対1で?(?:決まって|対応して)"
          r"|(?:推定|予測)する余地は(?:ない|ありません|なさそう)|(?:表|マスタ)を引けば(?:いい|良い|済む|終わり)"),
        # Someone who looked says no model is needed; the system already computes the figure;
        # the fix is a link, a field lock or a setting (tuning set eval/tuning/safety_r6.yaml).
        F("unmet", 0.75, r"(?:AI|機械学習|モデル|予測)(?:を)?(?:作る|導入する|使う|開発する)?必要は(?:なさそう|ない|ありません)"
          r"|(?:運賃|金額|税額|料金|期日|日付|控除額)[^。]{0,30}自動で(?:計算|算出|控除)"
          r"|(?:リンク|ボタン)(?:の)?(?:表示)?(?:を)?(?:修正|復活|直)"
          r"|\bthe (?:date|answer|amount|value|price|due date|end date|figure)s? (?:is|are) already"
          r" (?:in|stored|recorded|calculated)\b"
          r"|\b(?:suggested |simple |the )?fix(?:es)?: (?:lock|add|restore|turn (?:it )?(?:back )?on|re-?enable"
          r"|require|set|rebuild|fix)\b"),
        # The answer is read off a table, card, schedule, formula or an existing list.
        F("unmet", 0.75, r"\b(?:comes?|taken|read|copied|looked up|pulled) (?:straight |directly |right )?(?:out )?"
          r"(?:from|off|of) (?:the |a |our |their )?(?:\w+ ){0,2}(?:rate card|price list|pricing table|tariff"
          r"|fee schedule|rate table|lookup|table|chart|matrix|schedule|rulebook|master data)\b"
          r"|\bthe (?:rate card|price list|tariff|fee schedule|table|formula|rulebook) (?:is|gives|sets|decides"
          r"|determines) the (?:price|answer|rate|fee|amount|result)\b"
          r"|\b(?:fully |entirely |completely )?(?:determined|set|fixed|defined|dictated|calculated|computed)"
          r" (?:by|from|in) (?:the |a |our )?(?:\w+ ){0,2}(?:rate card|price list|tariff|fee schedule|statute"
          r"|regulation|law|contract terms|rulebook|formula)\b"),
        F("unmet", 0.7, r"\b(?:rate card|price list|fee schedule|rate sheet|tariff sheet)\b[^.]{0,40}\b(?:plus|times"
          r"|x|multiplied|fixed|published|no negotiation)\b|\bno (?:other |further |real |extra )?(?:negotiation|discretion|judg(?:e)?ment)"
          r" (?:is )?(?:involved|needed|at all)?\b"),
        # The answer is fully written down: a policy/spec lists it, staff apply it verbatim.
        T(0.7, r"\b(?:policy|rulebook|terms|contract|spec(?:ification)?|handbook|regulation)s? (?:already )?"
          r"(?:says|states|spells out|lists|defines|specifies|sets out)\b|\bapply (?:exactly|strictly|only)"
          r" (?:those|these|the) (?:\w+ )?(?:conditions|rules|criteria|thresholds)\b|\b(?:depends|is based|relies)"
          r" (?:only|solely|purely|entirely) on\b|\blook(?:s|ed|ing)? (?:the |each |every )?(?:\w+ )?up in\b",
          pos="unmet", neg="skip"),
        T(0.75, r"(?:料金表|規程|規定|仕様書|仕様|マニュアル|規約|ルール|法令|早見表|一覧表(?!示))(?:が|は|で|に)"
          r"[^。]{0,15}(?:決まって|定まって|定められ|書いて(?:あ|い)|明記|記載され)|(?:判断に迷う|グレーな|例外的な)[^。]{0,15}"
          r"(?:ありません|ない|なし)|(?:設定値|規定値|基準値|規定範囲|規格)[^。]{0,12}(?:外れ|超え|下回|範囲外)(?!に(?:なる|なった|なり))",
          pos="unmet", neg="skip"),
        F("unmet", 0.75, r"\balready (?:have|has|keep|keeps|know|knows|hold|holds|store|stores|track|tracks|list"
          r"|lists)\b[^.]{0,60}\b(?:expir\w*|due|deadlines?|renewal|end|cut-?off) dates?\b"
          r"|\b(?:expiry|expiration|due|renewal) dates?\b[^.]{0,40}\b(?:already|known in advance|are known)\b"),
        F("unmet", 0.75, r"\b(?:fix(?:ing)?|repair(?:ing)?|correct(?:ing)?|chang(?:e|ing)|updat(?:e|ing)|rewrit(?:e|ing)"
          r"|redesign(?:ing)?)\s+(?:the |our |this |that )?(?:\w+ ){0,2}(?:validator|validation|form|field|bug"
          r"|checkout page|page|ui|layout|dropdown|button|link|wording|copy|template|faq|search box|flow)\b"
          r"[^.]{0,40}\b(?:is|would|will|takes?|should|could)\b"
          r"|\b(?:validator|validation|form|field|page|ui|dropdown|button) (?:\w+ ){0,2}(?:rejects|blocks|breaks"
          r"|refuses|errors? on|is broken|has a bug)\b|\ba (?:bug|typo|broken link) in (?:the |our )\w+"),
        F("unmet", 0.7, r"\b(?:flags?|marks?|selects?|catches?|reports?|filters?) (?:every|all|each|any) (?:\w+ ){0,3}"
          r"(?:over|above|under|below|exceeding|more than|less than|older than|larger than) [$¥€£]?\d"
          r"|\b(?:job|script|query|rule|report|filter|check|system|macro) (?:\w+ ){0,2}already (?:filters|flags"
          r"|catches|handles|does|checks|detects|finds|covers|lists|computes|calculates)\b"
          r"|\b(?:amount|value|total|balance|age|count|score) ?(?:>|<|>=|<=|≥|≤) ?[$¥€£]?\d"),
        F("unmet", 0.75, r"[×x*＊]\s?\d+(?:\.\d+)?\s?[%％]\s?[+＋]|\d\s?[%％]\s?[+＋]\s?\d"
          r"|\b(?:price|amount|fee|weight|rate|hours|salary|base) ?[×x*] ?(?:\d|the |a )"),
        F("unmet", 0.75, r"(?:料金表|単価表|価格表|運賃表|早見表|一覧表(?!示)|対応表|マスタ|規定|規程|規約|法令|法律|[^\s]{1,6}法"
          r"|ルール|計算式|式)(?:から|に当てはめ|を当てはめ|に沿って|どおりに|通りに|で)[^。]{0,20}"
          r"(?:計算でき|算出でき|求められ|出せ|出ます|出る|決ま|分かり|分かる|わかる|わかり|一意)"
          r"|(?:を|として)(?:そのまま)?(?:適用|当てはめ)(?:して|し、|しており|している)|値引き(?:は|も)?(?:一切)?(?:し|行)(?:て)?(?:い)?(?:ない|ません)"
          r"|(?:有効期限|期限|満了日|更新日)(?:は|が|も)?[^。]{0,20}(?:分かって|わかって|管理|一覧|登録|記録)されて"
          r"|(?:バグ|入力チェック|バリデーション|フォーム|画面|表示|文言)[^。]{0,20}(?:直せば|修正すれば|直すだけ|修正するだけ"
          r"|直れば|改修すれば)|(?:既存の|今の)(?:バッチ|仕組み|ルール|システム)[^。]{0,20}(?:で)?(?:十分|漏れなく|問題なく)"),
    ],
    "baseline": [
        F("met", 0.6, r"\b(?:misroute\w*|wrong|errors?|miss\w*|accuracy|leakage|hit rate|precision|recall"
          r"|off)\b[^.]{0,40}\b(?:a quarter|a third|half|two thirds|one in (?:\w+)|\d+ (?:in|out of) \d+)\b"
          r"|\b(?:audit\w*|measured|benchmark\w*|back-?test\w*)\b[^.]{0,60}\d+(?:\.\d+)?\s?%"
          r"|\bfrom (?:~|about )?\d+(?:\.\d+)?\s?% to\b"
          r"|\d+(?:\.\d+)?\s?%(?:から|を)[^。]{0,12}\d+(?:\.\d+)?\s?%(?:に|まで)"),
        F("unmet", 0.65, r"\b(?:nobody|no one|we don['’]t|we never|never) (?:\w+ ){0,2}(?:measures?|tracks?"
          r"|evaluates?|checks?|scores?) (?:how|whether|the|its|their|over|accuracy|error)"),
        F("met", 0.65, r"\b(?:currently|today|right now|at the moment|at present)\b[^.]{0,80}"
          r"\d+(?:\.\d+)?\s?(?:%|percent|hours?|minutes?|days?)"),
        F("met", 0.65, r"\b(?:misroute|mis-?classif\w*|wrong|error rate|accuracy|miss(?:es|ed)?"
          r"|hit rate|precision|recall|mape|off by|deviat\w*)\b[^.]{0,40}\d+(?:\.\d+)?\s?%"
          r"|\d+(?:\.\d+)?\s?%[^.]{0,30}\b(?:misroute|wrong|error|accuracy|miss|of (?:the )?"
          r"(?:tickets|orders|cases|items))"),
        F("partial", 0.5, r"\b(?:currently|today|right now|at the moment|at present|by hand|manually"
          r"|keyword rules|rule of thumb|heuristic|spreadsheet formula|last year['’]s|same month last"
          r" year|most read|most popular)\b"),
        F("met", 0.65, r"(?:現状|現在|今は|いまは)[^。]{0,60}\d+(?:\.\d+)?\s?(?:%|％|時間|分|日)"
          r"|(?:誤り|ずれ|誤差|精度|的中|見逃し)[^。]{0,20}\d+(?:\.\d+)?\s?(?:%|％)"),
        F("partial", 0.5, r"(?:現状|現在|今は|いまは|手作業|目視|経験で|相場表|前年同月|ルールで振り分|Excelで"
          r"|担当者が(?:判断|決め|判定)|人が(?:判断|判定|決め))"),
        F("unmet", 0.65, r"\b(?:never (?:been )?(?:measured|evaluated|tracked|scored|checked)|no"
          r" baseline|not (?:been )?measured|don['’]t (?:know|measure|track) how (?:well|accurate"
          r"|often)|nobody (?:does|did) (?:this|it) (?:today|now))\b"),
        F("unmet", 0.65, r"(?:測った(?:こと)?が?ない|計測してい(?:ない|ません)|測定してい(?:ない|ません)|評価してい(?:ない|ません)|検証してい(?:ない|ません)"
          r"|比べたことがない|精度は(?:わからない|分からない|不明)|今は誰も(?:やって|して)いない)"),
    ],
    "success_metric": [
        # A comparison planned against the current way or the other sites.
        F("met", 0.65, r"(?:前年同期|残りの?\d*(?:店舗|店|ホテル|拠点|現場|病棟|校)|他の(?:店舗|拠点|現場))[^。]{0,15}"
          r"(?:と)?(?:比べ|比較)"
          r"|\bsplit (?:the )?(?:\w+ ){0,3}50/50\b|\b50/50 (?:split|between)\b"
          r"|\bcompare (?:the )?(?:paid )?(?:conversion|churn|close|win|no-show|default) rates?\b"),
        T(0.6, r"(?:比べ|比較|測定|計測|検証)(?:する|し|して|します|したい|る)"),
        F("met", 0.6, r"\btest\w* (?:\w+ ){0,6}against (?:the )?(?:current|existing|old|today)"
          r"|\b(?:on|with|for) (?:half|a (?:random )?(?:half|sample|subset)|\d+ ?%) of (?:the )?(?:\w+ )?"
          r"(?:bookings|users|customers|stores|traffic|orders|sessions|visitors|branches|agents)\b"),
        F("met", 0.65, r"\bsuccess\s*(?:=|:|would mean|means)\s*\w|\b(?:we(?:['’]d| would| will| can)"
          r" (?:judge|measure|evaluate|assess|compare|track)|judged? (?:it )?(?:on|by))\b"
          r"|\b(?:test set|held-?out|hold-?out|back-?test\w*|split[- ]test\w*|randomly (?:assign|pick|split))\b"),
        F("unmet", 0.75, r"\b(?:can['’]t|cannot|could not|couldn['’]t|unable to|nobody can|no one can)"
          r" (?:say|define|tell|agree on|know) (?:what|whether|if) (?:success|it worked|it works|good)"
          r"|\bno way to (?:split[- ]test|a/?b[- ]test|test|compare|measure|attribute|link)"
          r"|\bknow it when (?:we|they|i) see it\b"),
        F("unmet", 0.75, r"(?:確かめる|確認する|検証する|測る|比べる|評価する)(?:方法|手段|すべ|仕組み)(?:は|が|も)?(?:ない"
          r"|無い|ありません)|(?:比較|対照)(?:の|する)?(?:群|グループ)[^。]{0,30}(?:認められない|作れない|できない|難しい)"),
        F("met", 0.6, r"(?:ランダムに|無作為に|対照群|比較群)|(?:比べ|比較し|測定し|計測し|検証し)(?:る|て|ます|たい)"),
        F("unmet", 0.8, r"\b(?:can['’]?t|cannot|unable to|no way to) (?:do (?:an? )?)?(?:a/?b|ab|split)[- ]?test\w*"
          r"|\bno (?:holdout|control group|control) (?:is |would be )?(?:possible|allowed)|\b(?:nobody|no one)"
          r" (?:has |have )?(?:agreed|defined|decided|settled) (?:on )?what (?:success|good|a win)"
          r"|\b(?:never|haven['’]t|don['’]t) (?:\w+ )?(?:compare[ds]?|measured?|tracked?) (?:whether|if) (?:it|they|that)"
          r" (?:worked|helped|works)"),
        F("unmet", 0.75, r"(?:どう測るか|測り方|効果(?:の)?(?:測定|検証)|比べ方)[^。]{0,20}(?:測って|して|決めて|考えて)(?:は|も)?(?:い)?"
          r"(?:ない|なく|ません)|比べられる[^。]{0,10}(?:ない|無い|取って(?:い)?ない)|判断のしようが(?:ない|無い)"
          r"|(?:対照|比較)(?:区|群|グループ|区画|店舗)[^。]{0,10}(?:取って|作って|用意して|設けて|作れ)(?:い)?(?:ない|ません)"
          r"|(?:効果|成功|成果)(?:の)?(?:定義|基準)[^。]{0,10}(?:合意でき|決まって|定まって)(?:い)?(?:ない|ません)"),
        F("met", 0.65, r"\b(?:a/?b[- ]?test\w*|ab test\w*|holdout|control group|randomi[sz]ed"
          r"|pilot|field trial|before[- ]and[- ]after|experiment(?:ation)? platform)\b"),
        F("met", 0.6, r"\b(?:success (?:is|means|would be|will be)|measure (?:success|it|this) by"
          r"|kpis? (?:is|are|will be)|we(?:['’]ll| will) (?:measure|track|compare))\b"),
        F("partial", 0.45, _BIZ_EN + r"[^.]{0,40}?\b(?:by|to|from|under|below)\s+(?:~|about )?\d"),
        T(0.45, r"\b(?:kpis?|metrics?|targets?|success criteria)\b", pos="partial", neg="unmet"),
        F("met", 0.65, r"(?:A/?Bテスト|ABテスト|効果検証|比較検証|パイロット|試験導入|実証実験|対照群|導入前後)"),
        F("partial", 0.45, r"(?:KPI|目標値|指標|\d+\s?(?:%|％|割)(?:の)?(?:削減|短縮|向上|改善|減|増))"),
        F("unmet", 0.7, r"\b(?:don['’]t|do not|doesn['’]t) (?:really )?have (?:a|any) (?:way|means|plan) to"
          r" (?:tell|measure|know|verify|check|compare)\b|\bno plan to (?:compare|measure|test|evaluate|check)\b"),
        F("unmet", 0.7, r"\b(?:no (?:way|means) to (?:measure|tell|know|verify)|can['’]t (?:measure"
          r"|tell|verify)|don['’]t know how (?:to|we would|we['’]d) (?:measure|judge|tell)|no"
          r" (?:kpi|metric|success criteria)|(?:success|kpi|metric)s? (?:is|are|has|have)"
          r" (?:not|n['’]t)) (?:been )?(?:defined|set|decided|agreed)\b"),
        F("unmet", 0.7, r"(?:効果|成果|成功)[^。]{0,20}(?:測れない|測る方法がない|測定できない|わからない|分からない"
          r"|決まって(?:い)?(?:ない|なく|ません)|定義されてい(?:ない|ません))|(?:KPI|評価指標|目標)[^。]{0,10}(?:ない|無い|未定|決まって"
          r"(?:い)?(?:ない|ません))"),
    ],
}
# fmt: on
