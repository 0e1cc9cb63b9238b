-- Per-hook failure policy, blocked users, and the execution log's record of a failure the flow went past.
-- Portable SQL: runs on H2 and PostgreSQL.

-- DENY: the hook's error stops the chain (and the flow, for a type that can block); CONTINUE: the flow goes on
-- with the data as it was before that hook. Types that cannot block continue by default.
ALTER TABLE hooks ADD COLUMN on_error VARCHAR(16) DEFAULT 'DENY' NOT NULL;
UPDATE hooks SET on_error = 'CONTINUE' WHERE type = 'post-register';

ALTER TABLE users ADD COLUMN blocked BOOLEAN DEFAULT FALSE NOT NULL;

-- TRUE when the hook failed and its onError policy let the flow go on.
ALTER TABLE executions ADD COLUMN continued BOOLEAN DEFAULT FALSE NOT NULL;
