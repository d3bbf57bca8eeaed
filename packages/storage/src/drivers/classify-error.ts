// Maps a driver failure to the storage layer's typed errors by SQLSTATE class (Postgres docs,
// Appendix A) and by the socket error codes Node and postgres.js use for lost connections.
import {
  ConstraintViolation,
  DatabaseConnectionError,
  type DatabaseError,
  QueryError,
  SerializationFailure
} from "../errors.ts"
import { driverErrorFields } from "./sql-connection.ts"

const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
  // admin_shutdown, crash_shutdown, cannot_connect_now: the server restarted under us.
  "57P01",
  "57P02",
  "57P03"
])

export const classifyDatabaseError = (cause: unknown, query: string): DatabaseError => {
  const fields = driverErrorFields(cause)
  const code = fields.code
  if (code !== undefined && (CONNECTION_CODES.has(code) || code.startsWith("08"))) {
    return new DatabaseConnectionError({ message: fields.message, code, cause })
  }
  if (code === undefined && /connect|socket|terminat/i.test(fields.message)) {
    return new DatabaseConnectionError({ message: fields.message, code, cause })
  }
  if (code?.startsWith("23")) {
    return new ConstraintViolation({
      message: fields.message,
      code,
      constraint: fields.constraint,
      table: fields.table,
      detail: fields.detail
    })
  }
  if (code === "40001" || code === "40P01") {
    return new SerializationFailure({ message: fields.message, code })
  }
  return new QueryError({
    message: fields.message,
    code,
    query: query.length > 500 ? `${query.slice(0, 500)}…` : query
  })
}
