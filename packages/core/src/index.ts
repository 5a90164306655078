export * from "./config/connection-types.ts";
export * from "./config/ssh-tunnel.ts";
export { POSTGRESQL_SSL_MODES } from "./config/postgresql.ts";
export { MYSQL_SSL_MODES } from "./config/mysql.ts";
export { VERTICA_TLS_MODES } from "./config/vertica.ts";
export { TRINO_HTTP_SCHEMES } from "./config/trino.ts";
export * from "./connection.ts";
export * from "./errors/app-error.ts";
export * from "./errors/error-codes.ts";
