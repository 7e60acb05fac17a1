-- integration-service owns this schema; its tables arrive in later migrations.
COMMENT ON SCHEMA ${flyway:defaultSchema} IS 'integration-service: owned and migrated by integration-service only';
