-- notification-service owns this schema; its tables arrive in later migrations.
COMMENT ON SCHEMA ${flyway:defaultSchema} IS 'notification-service: owned and migrated by notification-service only';
