// A typed client for the Preflight HTTP API on the platform's `fetch`: one method per route, each resolving to
// the decoded body with its status and headers, or the RFC 9457 problem the API answered with. It never throws
// for an HTTP error; it rejects only when the server cannot be reached.
import type { SimulateRequestInput, SimulateResponse } from "@preflight/simulator"
import type {
  CalibrationAccepted,
  CalibrationRequest,
  CalibrationStatus,
  CreativeEvaluation,
  FeedbackRecorded,
  FeedbackRequest,
  Health,
  ImportSummary,
  JobCounts,
  OutcomesRecorded,
  OutcomesRequest,
  Problem,
  ProgramList,
  ProgramPromoted,
  ProgramRolledBack,
  Readiness,
  SimulationAccepted,
  SimulationStatus,
  UpliftPrediction
} from "./contract.ts"

export type ApiResult<T> =
  | { readonly ok: true; readonly status: number; readonly data: T; readonly headers: Headers }
  | { readonly ok: false; readonly status: number; readonly problem: Problem; readonly headers: Headers }

export interface PreflightClientOptions {
  /** The API's origin, e.g. `http://127.0.0.1:3000`. */
  readonly baseUrl: string
  /** Sent as `x-api-key`; omit for `/health` and `/ready` only. */
  readonly apiKey?: string | undefined
  /** Another `fetch` (tests pass `app.request` through this). */
  readonly fetch?: ((input: Request) => Promise<Response>) | undefined
  /** Extra headers on every request. */
  readonly headers?: Readonly<Record<string, string>> | undefined
}

export interface WriteOptions {
  /** Makes a retry of this POST return the original response instead of doing the work twice. */
  readonly idempotencyKey?: string | undefined
}

export interface WaitOptions {
  /** Give up polling after this long (default 120 s; the last answer is returned). */
  readonly timeoutMs?: number
  readonly everyMs?: number
}

export interface SimulateCallOptions extends WriteOptions {
  /** Ask for `202 Accepted` and a job to poll, whatever the request's size. */
  readonly async?: boolean | undefined
}

export type HistoryTable = "segments" | "entities" | "interventions" | "exposures" | "outcomes"

/** A problem for a response that is not problem+json (a proxy's HTML error page, say). */
const problemFromText = (status: number, text: string): Problem => ({
  type: "about:blank",
  title: `HTTP ${status}`,
  status,
  ...(text === "" ? {} : { detail: text.slice(0, 500) })
})

export const createPreflightClient = (options: PreflightClientOptions) => {
  const base = options.baseUrl.replace(/\/+$/, "")
  const send = options.fetch ?? ((request: Request) => fetch(request))

  const call = async <T>(
    method: "GET" | "POST",
    path: string,
    init: { readonly body?: string; readonly contentType?: string; readonly idempotencyKey?: string | undefined } = {}
  ): Promise<ApiResult<T>> => {
    const headers = new Headers(options.headers)
    headers.set("accept", "application/json, application/problem+json")
    if (options.apiKey !== undefined) headers.set("x-api-key", options.apiKey)
    if (init.contentType !== undefined) headers.set("content-type", init.contentType)
    if (init.idempotencyKey !== undefined) headers.set("idempotency-key", init.idempotencyKey)
    const response = await send(
      new Request(`${base}${path}`, { method, headers, ...(init.body === undefined ? {} : { body: init.body }) })
    )
    const text = await response.text()
    let parsed: unknown
    try {
      parsed = text === "" ? undefined : JSON.parse(text)
    } catch {
      parsed = undefined
    }
    if (response.ok) return { ok: true, status: response.status, data: parsed as T, headers: response.headers }
    const problem =
      typeof parsed === "object" && parsed !== null && "status" in parsed
        ? (parsed as Problem)
        : problemFromText(response.status, text)
    return { ok: false, status: response.status, problem, headers: response.headers }
  }

  /** Polls a GET until the job it reads is completed or failed, or the wait times out. */
  const waitFor = async <T extends { readonly status: string }>(path: string, wait: WaitOptions) => {
    const deadline = Date.now() + (wait.timeoutMs ?? 120_000)
    for (;;) {
      const result = await call<T>("GET", path)
      if (!result.ok || result.data.status === "completed" || result.data.status === "failed") return result
      if (Date.now() > deadline) return result
      await new Promise((resolve) => setTimeout(resolve, wait.everyMs ?? 250))
    }
  }

  const postJson = <T>(path: string, body: unknown, write: WriteOptions = {}) =>
    call<T>("POST", path, {
      body: JSON.stringify(body),
      contentType: "application/json",
      idempotencyKey: write.idempotencyKey
    })

  return {
    /** `GET /health`: the process is up. */
    health: () => call<Health>("GET", "/health"),
    /** `GET /ready`: the database answers and its migrations are current (503 otherwise). */
    ready: () => call<Readiness>("GET", "/ready"),
    /**
     * `POST /api/v1/simulate`: the response itself (200), or a job to poll (202) when `async` is asked for or the
     * request is large.
     */
    simulate: (request: SimulateRequestInput, call?: SimulateCallOptions) =>
      postJson<SimulateResponse | SimulationAccepted>(
        `/api/v1/simulate${call?.async === true ? "?async=true" : ""}`,
        request,
        call
      ),
    /** `GET /api/v1/simulations/{id}`: a stored or queued simulation's state, and its response once completed. */
    getSimulation: (simulationId: string) =>
      call<SimulationStatus>("GET", `/api/v1/simulations/${encodeURIComponent(simulationId)}`),
    /** Polls a simulation until it is completed or failed (or `timeoutMs` passes). */
    waitForSimulation: (simulationId: string, wait: WaitOptions = {}) =>
      waitFor<SimulationStatus>(`/api/v1/simulations/${encodeURIComponent(simulationId)}`, wait),
    /** `POST /api/v1/evaluate-creative`: the persona panel's reactions to each variant, no KPIs. */
    evaluateCreative: (request: SimulateRequestInput) =>
      postJson<CreativeEvaluation>("/api/v1/evaluate-creative", request),
    /** `POST /api/v1/predict-uplift`: the causal models alone, per variant × channel and segment. */
    predictUplift: (request: SimulateRequestInput) => postJson<UpliftPrediction>("/api/v1/predict-uplift", request),
    /** `POST /api/v1/data/{table}`: imports CSV or JSON Lines text in one transaction (422 lists bad rows). */
    importData: (table: HistoryTable, body: string, format: "csv" | "jsonl", write: WriteOptions = {}) =>
      call<ImportSummary>("POST", `/api/v1/data/${table}`, {
        body,
        contentType: format === "csv" ? "text/csv" : "application/x-ndjson",
        idempotencyKey: write.idempotencyKey
      }),
    /**
     * `POST /api/v1/calibrations` (admin): fits the persona program to the history in the background; `202` with
     * the calibration to poll.
     */
    calibrate: (request: CalibrationRequest = {}, write: WriteOptions = {}) =>
      postJson<CalibrationAccepted>("/api/v1/calibrations", request, write),
    /** `GET /api/v1/calibrations/{id}`: its state, the report once completed, the problem once failed. */
    getCalibration: (calibrationId: string) =>
      call<CalibrationStatus>("GET", `/api/v1/calibrations/${encodeURIComponent(calibrationId)}`),
    /** Polls a calibration until it is completed or failed (or `timeoutMs` passes; default 120 s). */
    waitForCalibration: (calibrationId: string, wait: WaitOptions = {}) =>
      waitFor<CalibrationStatus>(`/api/v1/calibrations/${encodeURIComponent(calibrationId)}`, wait),
    /** `GET /api/v1/jobs` (admin): the background queues with their jobs counted by state. */
    jobCounts: () => call<JobCounts>("GET", "/api/v1/jobs"),
    /** `GET /api/v1/programs`: registered persona programs with their active and candidate versions. */
    listPrograms: () => call<ProgramList>("GET", "/api/v1/programs"),
    /** `POST /api/v1/programs/{id}/promote`: the candidate version becomes the active one. */
    promoteProgram: (programId: string, write: WriteOptions = {}) =>
      call<ProgramPromoted>("POST", `/api/v1/programs/${encodeURIComponent(programId)}/promote`, {
        idempotencyKey: write.idempotencyKey
      }),
    /** `POST /api/v1/programs/{id}/rollback`: the candidate (or else the active version) is rolled back. */
    rollbackProgram: (programId: string, write: WriteOptions = {}) =>
      call<ProgramRolledBack>("POST", `/api/v1/programs/${encodeURIComponent(programId)}/rollback`, {
        idempotencyKey: write.idempotencyKey
      }),
    /** `POST /api/v1/feedback`: a 1–5 rating of a simulation. */
    sendFeedback: (feedback: FeedbackRequest, write: WriteOptions = {}) =>
      postJson<FeedbackRecorded>("/api/v1/feedback", feedback, write),
    /** `POST /api/v1/outcomes`: a sent campaign's actual results per variant × channel. */
    sendOutcomes: (outcomes: OutcomesRequest, write: WriteOptions = {}) =>
      postJson<OutcomesRecorded>("/api/v1/outcomes", outcomes, write),
    /** Any route, for what the methods above do not cover. */
    request: call
  }
}

export type PreflightClient = ReturnType<typeof createPreflightClient>
