/**
 * The PostgreSQL timeouts' defaults, in a module of their own so the configuration can name them
 * without loading the driver. README "Configuration" documents each with its variable.
 */
export const POSTGRES_DEFAULTS = {
  /** `BAOBAB_DB_CONNECT_TIMEOUT_MS`: a new connection, or a free one from the pool. */
  connectTimeoutMs: 3_000,
  /** `BAOBAB_DB_STATEMENT_TIMEOUT_MS`: the server's `statement_timeout`. */
  statementTimeoutMs: 10_000,
  /** `BAOBAB_DB_IDLE_TX_TIMEOUT_MS`: the server's `idle_in_transaction_session_timeout`. */
  idleInTransactionTimeoutMs: 10_000,
} as const;
