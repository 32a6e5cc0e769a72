-- The schema mlscope 0.1 (commit 853cb1c) created with Base.metadata.create_all on postgresql,
-- before Alembic: generated from that commit's app/store.py. Used to test in-place upgrades.

CREATE TABLE conversations (
	id VARCHAR(32) NOT NULL,
	owner VARCHAR(64) NOT NULL,
	title VARCHAR(200) NOT NULL,
	created_at TIMESTAMP WITH TIME ZONE NOT NULL,
	updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
	PRIMARY KEY (id)
);
CREATE INDEX ix_conversations_owner ON conversations (owner);

CREATE TABLE assessments (
	id SERIAL NOT NULL,
	conversation_id VARCHAR(32) NOT NULL,
	problem TEXT NOT NULL,
	answers JSON NOT NULL,
	result JSON NOT NULL,
	created_at TIMESTAMP WITH TIME ZONE NOT NULL,
	PRIMARY KEY (id),
	FOREIGN KEY(conversation_id) REFERENCES conversations (id) ON DELETE CASCADE
);
CREATE INDEX ix_assessments_conversation_id ON assessments (conversation_id);

CREATE TABLE feedback (
	id SERIAL NOT NULL,
	conversation_id VARCHAR(32) NOT NULL,
	target VARCHAR(64) NOT NULL,
	kind VARCHAR(16) NOT NULL,
	rating INTEGER NOT NULL,
	reason VARCHAR(32),
	comment TEXT NOT NULL,
	question TEXT NOT NULL,
	answer TEXT NOT NULL,
	card_ids JSON NOT NULL,
	mode VARCHAR(80) NOT NULL,
	language VARCHAR(8) NOT NULL,
	verdict VARCHAR(16),
	created_at TIMESTAMP WITH TIME ZONE NOT NULL,
	PRIMARY KEY (id),
	FOREIGN KEY(conversation_id) REFERENCES conversations (id) ON DELETE CASCADE
);
CREATE INDEX ix_feedback_conversation_id ON feedback (conversation_id);

CREATE TABLE messages (
	id SERIAL NOT NULL,
	conversation_id VARCHAR(32) NOT NULL,
	role VARCHAR(16) NOT NULL,
	content TEXT NOT NULL,
	meta JSON NOT NULL,
	created_at TIMESTAMP WITH TIME ZONE NOT NULL,
	PRIMARY KEY (id),
	FOREIGN KEY(conversation_id) REFERENCES conversations (id) ON DELETE CASCADE
);
CREATE INDEX ix_messages_conversation_id ON messages (conversation_id);

CREATE TABLE proposals (
	id SERIAL NOT NULL,
	conversation_id VARCHAR(32) NOT NULL,
	markdown TEXT NOT NULL,
	meta JSON NOT NULL,
	created_at TIMESTAMP WITH TIME ZONE NOT NULL,
	PRIMARY KEY (id),
	FOREIGN KEY(conversation_id) REFERENCES conversations (id) ON DELETE CASCADE
);
CREATE INDEX ix_proposals_conversation_id ON proposals (conversation_id);
