-- A Jira issue whose requirement a later PRD version no longer contains: sync_status 'removed' (its issue got the
-- label prd-removed and a comment naming the version; it counts in no done/total), last_version = that version. A
-- requirement that comes back in a later version is updated as before and becomes 'synced' again.
ALTER TABLE integration_mappings DROP CONSTRAINT integration_mappings_sync_status_check;
ALTER TABLE integration_mappings ADD CONSTRAINT integration_mappings_sync_status_check
    CHECK (sync_status IN ('pending', 'creating', 'synced', 'failed', 'removed'));
