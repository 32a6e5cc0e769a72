"""Every UI string, in English and Japanese. `t(key, lang, **fmt)` looks one up."""

from __future__ import annotations

LANGS = {"en": "English", "ja": "日本語"}

STRINGS: dict[str, dict[str, str]] = {
    "app_title": {"en": "mlscope — is this a machine-learning problem?",
                  "ja": "mlscope — その課題は機械学習に向いている？"},
    "mode": {"en": "Mode", "ja": "モード"},
    "mode_offline_help": {"en": "Offline: answers come from the local knowledge cards; "
                                "no API key, no network.",
                          "ja": "オフライン：ローカルのナレッジカードから回答します。"
                                "APIキーもネットワークも不要です。"},
    "ui_language": {"en": "Language / 言語", "ja": "言語 / Language"},
    "page": {"en": "Page", "ja": "ページ"},
    "page_chat": {"en": "Chat", "ja": "チャット"},
    "page_assess": {"en": "Assess", "ja": "評価"},
    "page_proposal": {"en": "Proposal", "ja": "提案書"},
    "page_knowledge": {"en": "Knowledge", "ja": "ナレッジ"},
    "page_eval": {"en": "Eval", "ja": "評価スイート"},
    "conversations": {"en": "Conversations", "ja": "会話"},
    "new_conversation": {"en": "New conversation", "ja": "新しい会話"},
    "delete_conversation": {"en": "Delete this conversation", "ja": "この会話を削除"},
    "deleted": {"en": "Conversation deleted.", "ja": "会話を削除しました。"},
    "no_conversations": {"en": "No conversations yet.", "ja": "まだ会話はありません。"},
    "untitled": {"en": "(untitled)", "ja": "（無題）"},
    "not_found": {"en": "That conversation does not exist (it may have been deleted). "
                        "A new one starts when you send a message.",
                  "ja": "その会話は見つかりません（削除された可能性があります）。"
                        "メッセージを送ると新しい会話が始まります。"},
    # sign-in (only when an [auth] section is configured in .streamlit/secrets.toml)
    "sign_in_prompt": {"en": "Sign in to see your conversations.",
                       "ja": "サインインすると会話が表示されます。"},
    "sign_in": {"en": "Sign in", "ja": "サインイン"},
    "sign_out": {"en": "Sign out", "ja": "サインアウト"},
    "signed_in_as": {"en": "Signed in as {name}", "ja": "{name} でサインイン中"},
    "auth_unreachable": {
        "en": "Sign-in is configured, but the identity provider at {host} cannot be reached "
              "({reason}). Check server_metadata_url in {section} of .streamlit/secrets.toml "
              "and that the provider is up, then reload this page.",
        "ja": "サインインが設定されていますが、認証プロバイダ {host} に接続できません"
              "（{reason}）。.streamlit/secrets.toml の {section} にある server_metadata_url と"
              "プロバイダの稼働を確認し、ページを再読み込みしてください。"},
    "auth_missing": {
        "en": "Sign-in is configured, but {section} in .streamlit/secrets.toml lacks: {keys}.",
        "ja": "サインインが設定されていますが、.streamlit/secrets.toml の {section} に"
              "次の項目がありません：{keys}。"},
    "auth_no_authlib": {
        "en": "Sign-in is configured, but Authlib is not installed: pip install 'mlscope[auth]'.",
        "ja": "サインインが設定されていますが Authlib が入っていません："
              "pip install 'mlscope[auth]'"},
    "auth_no_subject": {
        "en": "The identity provider returned no user id (sub or email); sign-in cannot be used.",
        "ja": "認証プロバイダがユーザーID（sub または email）を返しませんでした。"},
    "unexpected": {"en": "Something went wrong on our side. Please try again; if it keeps "
                         "happening, run `mlscope doctor`.",
                   "ja": "内部でエラーが発生しました。もう一度お試しください。"
                         "繰り返す場合は `mlscope doctor` を実行してください。"},
    # chat
    "chat_intro": {"en": "Ask about scoping an ML project, or describe your business problem "
                         "(what decision, what data, who acts) to get an assessment.",
                   "ja": "MLプロジェクトの進め方について質問するか、業務課題（どんな判断か、"
                         "どんなデータがあるか、誰が動くか）を書くと評価します。"},
    "chat_placeholder": {"en": "Ask a question or describe your problem…",
                         "ja": "質問、または業務課題を入力…"},
    "sources": {"en": "Sources", "ja": "出典"},
    "grounding": {"en": "Grounding", "ja": "根拠"},
    "grounding_cards": {"en": "grounded in knowledge cards", "ja": "ナレッジカードに基づく"},
    "grounding_general": {"en": "general knowledge", "ja": "一般的な知識"},
    "grounding_none": {"en": "nothing relevant found", "ja": "関連する内容なし"},
    "regenerate": {"en": "Regenerate", "ja": "再生成"},
    "open_assess": {"en": "Open in Assess", "ja": "評価ページで開く"},
    "open_proposal": {"en": "Open in Proposal", "ja": "提案書ページで開く"},
    "thinking": {"en": "Thinking…", "ja": "考えています…"},
    # feedback
    "helpful": {"en": "Helpful", "ja": "役に立った"},
    "not_helpful": {"en": "Not helpful", "ja": "役に立たなかった"},
    "feedback_reason": {"en": "What was wrong?", "ja": "どこが問題でしたか？"},
    "reason_wrong_verdict": {"en": "wrong verdict", "ja": "判定が違う"},
    "reason_wrong_evidence": {"en": "wrong evidence", "ja": "根拠が違う"},
    "reason_missing_point": {"en": "missing point", "ja": "重要な点が抜けている"},
    "reason_other": {"en": "other", "ja": "その他"},
    "feedback_comment": {"en": "Comment (optional)", "ja": "コメント（任意）"},
    "send_feedback": {"en": "Send feedback", "ja": "フィードバックを送る"},
    "feedback_thanks": {"en": "Thanks — feedback saved.",
                        "ja": "ありがとうございます。フィードバックを保存しました。"},
    "feedback_given_up": {"en": "You marked this helpful.", "ja": "役に立ったと評価しました。"},
    "feedback_given_down": {"en": "You marked this not helpful.",
                            "ja": "役に立たなかったと評価しました。"},
    # assess
    "assess_intro": {"en": "Describe the business problem: the decision or task, who does it "
                           "today, what data is recorded, and what should change.",
                     "ja": "業務課題を書いてください：どんな判断や作業か、今は誰がどうしているか、"
                           "どんなデータが記録されているか、何を変えたいか。"},
    "problem": {"en": "Business problem", "ja": "業務課題"},
    "run_assess": {"en": "Assess", "ja": "評価する"},
    "verdict": {"en": "Verdict", "ja": "判定"},
    "readiness": {"en": "Readiness (weakest section)", "ja": "準備度（最も弱いセクション）"},
    "sections": {"en": "Section scores", "ja": "セクション別スコア"},
    "criteria": {"en": "Criteria", "ja": "評価項目"},
    "col_section": {"en": "section", "ja": "セクション"},
    "col_criterion": {"en": "criterion", "ja": "項目"},
    "col_status": {"en": "status", "ja": "状態"},
    "col_evidence": {"en": "evidence", "ja": "根拠"},
    "col_card": {"en": "card", "ja": "カード"},
    "next_steps": {"en": "Next steps", "ja": "次のステップ"},
    "interview": {"en": "Guided interview", "ja": "ガイド付きヒアリング"},
    "interview_help": {"en": "Answer what you can; the assessment is re-scored after each "
                             "answer.",
                       "ja": "わかる範囲で答えてください。答えるたびに再評価します。"},
    "interview_done": {"en": "No open questions left.", "ja": "未回答の質問はありません。"},
    "qr_met": {"en": "Yes", "ja": "はい"},
    "qr_partial": {"en": "Partly", "ja": "一部"},
    "qr_unmet": {"en": "No", "ja": "いいえ"},
    "qr_unknown": {"en": "Don't know", "ja": "わからない"},
    "free_answer": {"en": "Or answer in your own words", "ja": "または自由に回答"},
    "send_answer": {"en": "Send answer", "ja": "回答を送る"},
    "answers_given": {"en": "Your answers", "ja": "あなたの回答"},
    "reset_answers": {"en": "Clear answers", "ja": "回答をクリア"},
    "no_assessment": {"en": "No assessment yet: describe a problem here or in Chat.",
                      "ja": "まだ評価はありません。ここかチャットで課題を書いてください。"},
    # proposal
    "proposal_intro": {"en": "Draft a proposal from the current assessment, edit it, and "
                             "download it as Markdown.",
                       "ja": "現在の評価から提案書のドラフトを作り、編集して"
                             "Markdownでダウンロードできます。"},
    "generate_proposal": {"en": "Generate proposal", "ja": "提案書を作成"},
    "regenerate_proposal": {"en": "Regenerate from the assessment",
                            "ja": "評価から作り直す"},
    "edit_proposal": {"en": "Proposal (Markdown, editable)", "ja": "提案書（Markdown・編集可）"},
    "save_edits": {"en": "Save edits", "ja": "編集を保存"},
    "saved": {"en": "Saved.", "ja": "保存しました。"},
    "download": {"en": "Download Markdown", "ja": "Markdownをダウンロード"},
    "preview": {"en": "Preview", "ja": "プレビュー"},
    "need_assessment": {"en": "Assess a problem first (Assess page or Chat).",
                        "ja": "先に課題を評価してください（評価ページかチャット）。"},
    # knowledge
    "search_cards": {"en": "Search the knowledge (English or Japanese)",
                     "ja": "ナレッジを検索（日本語・英語）"},
    "results": {"en": "Results", "ja": "検索結果"},
    "no_results": {"en": "Nothing relevant found.", "ja": "関連する内容は見つかりませんでした。"},
    "browse": {"en": "Browse cards", "ja": "カード一覧"},
    "filter_tag": {"en": "Tag", "ja": "タグ"},
    "all_tags": {"en": "(all)", "ja": "（すべて）"},
    "card_lang": {"en": "Card language", "ja": "カードの言語"},
    "tags": {"en": "Tags", "ja": "タグ"},
    "card_sources": {"en": "Sources", "ja": "出典"},
    "your_docs": {"en": "Your documents", "ja": "あなたのドキュメント"},
    "upload_help": {"en": "Add .md or .txt files (UTF-8, up to 1 MB each). They go into a "
                          "separate collection that search and chat also use.",
                    "ja": ".md / .txt ファイル（UTF-8、1ファイル1MBまで）を追加できます。"
                          "別のコレクションに入り、検索とチャットでも使われます。"},
    "upload": {"en": "Upload documents", "ja": "ドキュメントをアップロード"},
    "add_docs": {"en": "Add to knowledge", "ja": "ナレッジに追加"},
    "added_doc": {"en": "Added {name} ({chunks} chunks).",
                  "ja": "{name} を追加しました（{chunks}チャンク）。"},
    "embedding": {"en": "Embedding {name}…", "ja": "{name} を埋め込み中…"},
    "remove": {"en": "Remove", "ja": "削除"},
    "removed_doc": {"en": "Removed {name}.", "ja": "{name} を削除しました。"},
    "no_docs": {"en": "No documents added yet.", "ja": "まだドキュメントはありません。"},
    "chunks": {"en": "chunks", "ja": "チャンク"},
    # eval
    "eval_intro": {"en": "Score mlscope on the bundled scenarios and questions (offline, "
                         "deterministic).",
                   "ja": "同梱のシナリオと質問でmlscopeを採点します（オフライン・決定的）。"},
    "run_eval": {"en": "Run the eval suite", "ja": "評価スイートを実行"},
    "evaluating": {"en": "Evaluating… {done}/{total}", "ja": "評価中… {done}/{total}"},
    "summary": {"en": "Summary", "ja": "サマリー"},
    "metric": {"en": "metric", "ja": "指標"},
    "value": {"en": "value", "ja": "値"},
    "confusion": {"en": "Confusion matrix (rows: expected, columns: predicted)",
                  "ja": "混同行列（行：期待値、列：予測）"},
    "failing": {"en": "Failing scenarios", "ja": "不合格のシナリオ"},
    "all_pass": {"en": "Every scenario passed.", "ja": "すべてのシナリオが合格しました。"},
    "verdict_accuracy": {"en": "Verdict accuracy", "ja": "判定の正解率"},
    "unmet_f1": {"en": "Unmet F1", "ja": "未達項目のF1"},
    "citation_validity": {"en": "Citation validity", "ja": "引用の正当性"},
    "hybrid_hit5": {"en": "Retrieval hit@5 (hybrid)", "ja": "検索 hit@5（ハイブリッド）"},
}


def t(key: str, lang: str, **fmt: object) -> str:
    """The UI string `key` in `lang` (English when a translation is missing)."""
    entry = STRINGS.get(key)
    if entry is None:
        return key
    text = entry.get(lang) or entry["en"]
    return text.format(**fmt) if fmt else text
