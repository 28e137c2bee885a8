-- One database per service, each owning its schema (Flyway migrates it at service start). PostgreSQL runs this once,
-- on the first start with an empty data directory; docker-compose.yml mounts this same file.
CREATE DATABASE orders;
CREATE DATABASE payments;
CREATE DATABASE inventory;
CREATE DATABASE notifications;
CREATE DATABASE images;
-- Keycloak's own store (deploy/keycloak); Keycloak creates its schema itself.
CREATE DATABASE keycloak;
