-- How far each document's content has been published as PrdContentChanged (debounced, through the outbox). A document
-- whose log goes beyond this when it is loaded (e.g. after a crash inside the debounce window) is published again.
CREATE TABLE document_content_state (
    prd_id          UUID PRIMARY KEY,
    published_up_to BIGINT NOT NULL,
    published_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
