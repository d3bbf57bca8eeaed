// The OpenAPI document: valid OpenAPI 3.1 (checked by a validator of the official JSON schema), every route of
// the API in it with its security and problem responses, generated from the same zod schemas the routes use;
// and the /docs page that renders it.
import { Validator } from "@seriousme/openapi-schema-validator"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type Harness, makeHarness } from "./support/api-harness.ts"

let api: Harness
interface OpenApiDocument {
  openapi: string
  paths: Record<
    string,
    Record<string, { security?: unknown; responses: Record<string, unknown>; requestBody?: unknown }>
  >
  components: { securitySchemes: Record<string, unknown> }
}
let document: OpenApiDocument
beforeAll(async () => {
  api = await makeHarness()
  document = (await (await api.send("/openapi.json")).json()) as OpenApiDocument
})
afterAll(() => api.dispose())

const ROUTES: ReadonlyArray<readonly [string, string]> = [
  ["post", "/api/v1/simulate"],
  ["get", "/api/v1/simulations/{id}"],
  ["post", "/api/v1/evaluate-creative"],
  ["post", "/api/v1/predict-uplift"],
  ["post", "/api/v1/data/{table}"],
  ["post", "/api/v1/calibrations"],
  ["get", "/api/v1/calibrations/{id}"],
  ["get", "/api/v1/programs"],
  ["post", "/api/v1/programs/{program_id}/promote"],
  ["post", "/api/v1/programs/{program_id}/rollback"],
  ["post", "/api/v1/feedback"],
  ["post", "/api/v1/outcomes"],
  ["get", "/api/v1/jobs"],
  ["get", "/health"],
  ["get", "/ready"]
]

describe("/openapi.json", () => {
  it("validates as OpenAPI 3.1", async () => {
    const validator = new Validator()
    const result = await validator.validate({ ...document })
    expect(result.errors).toBeUndefined()
    expect(result.valid).toBe(true)
    expect(validator.version).toBe("3.1")
    expect(document.openapi).toBe("3.1.0")
  })

  it("lists every route, and nothing the app does not serve", () => {
    const listed = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method} ${path}`)
    )
    expect(listed.sort()).toEqual(ROUTES.map(([method, path]) => `${method} ${path}`).sort())
    const served = new Set(api.app.routes.map((route) => `${route.method.toLowerCase()} ${route.path}`))
    for (const [method, path] of ROUTES) expect(served.has(`${method} ${path.replace(/\{(\w+)\}/g, ":$1")}`)).toBe(true)
  })

  it("documents the key header on /api/v1 routes and problem+json answers", () => {
    expect(document.components.securitySchemes.apiKey).toMatchObject({
      type: "apiKey",
      in: "header",
      name: "x-api-key"
    })
    for (const [method, path] of ROUTES.filter(([, path]) => path.startsWith("/api/v1"))) {
      const operation = document.paths[path]?.[method]
      expect(operation?.security, `${method} ${path}`).toEqual([{ apiKey: [] }])
      expect(Object.keys(operation?.responses ?? {})).toEqual(expect.arrayContaining(["401", "403", "429"]))
      expect(JSON.stringify(operation?.responses["401"])).toContain("application/problem+json")
    }
  })

  it("describes the simulate body from the simulator's schema (required fields and defaults)", () => {
    const body = JSON.stringify(document.paths["/api/v1/simulate"]?.post?.requestBody)
    expect(body).toContain('"required":["channels","content_variants"]')
    expect(body).toContain('"num_personas":{"type":"integer","minimum":1,"maximum":100000,"default":100}')
  })
})

describe("/docs", () => {
  it("serves an HTML reference of /openapi.json with a CSP that allows only its script", async () => {
    const response = await api.send("/docs")
    expect(response.status).toBe(200)
    expect(response.headers.get("content-type")).toContain("text/html")
    expect(await response.text()).toContain('data-url="/openapi.json"')
    expect(response.headers.get("content-security-policy")).toContain("script-src https://cdn.jsdelivr.net")
  })
})
