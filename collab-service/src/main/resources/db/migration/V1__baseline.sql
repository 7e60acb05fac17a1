-- collab-service owns this schema; its tables arrive in later migrations.
COMMENT ON SCHEMA ${flyway:defaultSchema} IS 'collab-service: owned and migrated by collab-service only';
