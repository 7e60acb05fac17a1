-- prd-service owns this schema; its tables arrive in later migrations.
COMMENT ON SCHEMA ${flyway:defaultSchema} IS 'prd-service: owned and migrated by prd-service only';
