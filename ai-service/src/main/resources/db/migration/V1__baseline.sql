-- ai-service owns this schema; its tables arrive in later migrations.
COMMENT ON SCHEMA ${flyway:defaultSchema} IS 'ai-service: owned and migrated by ai-service only';
