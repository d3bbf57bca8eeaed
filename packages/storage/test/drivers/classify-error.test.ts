import { describe, expect, it } from "vitest"
import { classifyDatabaseError } from "../../src/drivers/classify-error.ts"

const pgError = (code: string, extra: Record<string, string> = {}) =>
  Object.assign(new Error(`pg ${code}`), { code, ...extra })

describe("classifyDatabaseError", () => {
  it("maps SQLSTATE classes to typed, retry-aware errors", () => {
    const unique = classifyDatabaseError(
      pgError("23505", { constraint_name: "exposures_pkey", table_name: "exposures" }),
      "INSERT"
    )
    expect(unique._tag).toBe("ConstraintViolation")
    expect(unique).toMatchObject({ constraint: "exposures_pkey", table: "exposures", retryable: false })
    expect(classifyDatabaseError(pgError("40001"), "x")).toMatchObject({
      _tag: "SerializationFailure",
      retryable: true
    })
    expect(classifyDatabaseError(pgError("40P01"), "x")._tag).toBe("SerializationFailure")
    expect(classifyDatabaseError(pgError("57P01"), "x")).toMatchObject({
      _tag: "DatabaseConnectionError",
      retryable: true
    })
    expect(classifyDatabaseError(pgError("08006"), "x")._tag).toBe("DatabaseConnectionError")
    expect(classifyDatabaseError(pgError("ECONNREFUSED"), "x")._tag).toBe("DatabaseConnectionError")
    expect(classifyDatabaseError(pgError("CONNECTION_CLOSED"), "x")._tag).toBe("DatabaseConnectionError")
    const syntax = classifyDatabaseError(pgError("42601"), "SELEC 1")
    expect(syntax).toMatchObject({ _tag: "QueryError", code: "42601", query: "SELEC 1", retryable: false })
  })
})
