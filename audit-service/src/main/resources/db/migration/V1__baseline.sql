-- audit-service owns this schema; its tables arrive in later migrations.
COMMENT ON SCHEMA ${flyway:defaultSchema} IS 'audit-service: owned and migrated by audit-service only';
