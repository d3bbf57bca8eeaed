// Request bodies for property-based fuzzing: junk (any JSON, non-JSON text), and near-valid documents whose
// fields are drawn from both valid and invalid values, so that generated requests reach every layer (the
// route validator, the use case, the database) and not only the first check.
import fc from "fast-check"

/** Text that often breaks parsers: empty, control characters, quotes, surrogates, huge numbers. */
const nastyString = fc.oneof(
  fc.string(),
  fc.constantFrom("", " ", "\u0000", "'; DROP TABLE simulations; --", "\ud800", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "1e309", "null", "{{name}}"),
  fc.string({ unit: "grapheme", maxLength: 300 })
)

const nastyNumber = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -1, 1, 2 ** 53, -(2 ** 53), 1e308, Number.MIN_VALUE)
)

/** Any JSON value, or text that is not JSON at all. */
export const junkBody = fc.oneof(
  fc.jsonValue().map((value) => JSON.stringify(value)),
  nastyString
)

/** Sometimes the valid value, sometimes anything else. */
const mostly = <T>(valid: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 4, arbitrary: valid }, { weight: 1, arbitrary: fc.jsonValue() })

export const simulateLikeBody = (known: {
  readonly segments: ReadonlyArray<string>
  readonly channels: ReadonlyArray<string>
}) =>
  fc.record(
    {
      simulation_type: mostly(fc.constant("intervention_test")),
      industry_context: mostly(fc.constantFrom("retail", "telecom", "finance", "healthcare", "realestate", "space")),
      intervention: mostly(
        fc.record(
          {
            type: mostly(fc.constantFrom("campaign", "sequence", "policy_change")),
            channels: mostly(
              fc.array(fc.oneof(fc.constantFrom(...known.channels, "holdout", "EMAIL"), nastyString), {
                minLength: 0,
                maxLength: 4
              })
            ),
            content_variants: mostly(
              fc.array(
                fc.record(
                  { id: mostly(fc.oneof(fc.constantFrom("a", "b", "c"), nastyString)), template: mostly(nastyString) },
                  { requiredKeys: [] }
                ),
                { maxLength: 4 }
              )
            ),
            timing: mostly(
              fc.record(
                {
                  schedule: mostly(fc.constantFrom("immediate", "scheduled", "triggered", "never")),
                  frequency_cap: mostly(nastyNumber),
                  send_at: mostly(
                    fc.oneof(
                      fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
                      nastyString
                    )
                  )
                },
                { requiredKeys: [] }
              )
            )
          },
          { requiredKeys: [] }
        )
      ),
      target_population: mostly(
        fc.record(
          {
            segments: mostly(fc.array(fc.oneof(fc.constantFrom(...known.segments), nastyString), { maxLength: 3 })),
            size: mostly(nastyNumber),
            filters: mostly(fc.record({ min_tenure_days: mostly(nastyNumber) }, { requiredKeys: [] }))
          },
          { requiredKeys: [] }
        )
      ),
      simulation_params: mostly(
        fc.record(
          {
            num_personas: mostly(fc.oneof(fc.integer({ min: 1, max: 40 }), nastyNumber)),
            monte_carlo_runs: mostly(fc.oneof(fc.integer({ min: 10, max: 30 }), nastyNumber)),
            seed: mostly(fc.oneof(fc.nat(), nastyNumber))
          },
          { requiredKeys: [] }
        )
      ),
      constraints: mostly(
        fc.record(
          { max_budget: mostly(nastyNumber), max_unsubscribe_rate: mostly(nastyNumber), min_roi: mostly(nastyNumber) },
          { requiredKeys: [] }
        )
      )
    },
    { requiredKeys: [] }
  )

export const feedbackBody = fc.record(
  {
    simulation_id: mostly(nastyString),
    rating: mostly(fc.oneof(fc.integer({ min: 1, max: 5 }), nastyNumber)),
    comment: mostly(nastyString),
    extra: fc.jsonValue()
  },
  { requiredKeys: [] }
)

export const outcomesBody = fc.record(
  {
    campaign_id: mostly(fc.oneof(fc.constantFrom("spring", "autumn"), nastyString)),
    sent_at: mostly(
      fc.oneof(
        fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
        nastyString
      )
    ),
    results: mostly(
      fc.array(
        fc.oneof(
          // An arm that is valid on its own, so that some generated reports are stored.
          fc.record({
            variant_id: fc.constantFrom("a", "b", "c"),
            channel: fc.constantFrom("email", "sms"),
            recipients: fc.integer({ min: 100, max: 1000 }),
            conversions: fc.integer({ min: 0, max: 100 })
          }),
          fc.record(
            {
              variant_id: mostly(fc.oneof(fc.constantFrom("a", "b"), nastyString)),
              channel: mostly(fc.oneof(fc.constantFrom("email", "sms"), nastyString)),
              recipients: mostly(fc.oneof(fc.integer({ min: 0, max: 1000 }), nastyNumber)),
              conversions: mostly(fc.oneof(fc.integer({ min: 0, max: 1000 }), nastyNumber)),
              unsubscribes: mostly(fc.oneof(fc.integer({ min: 0, max: 10 }), nastyNumber)),
              revenue: mostly(nastyNumber),
              cost: mostly(nastyNumber)
            },
            { requiredKeys: [] }
          )
        ),
        { maxLength: 3 }
      )
    )
  },
  { requiredKeys: ["campaign_id", "results"] }
)

const csvCell = fc.oneof(nastyString, fc.integer().map(String), fc.constantFrom("", '"', '""', ",", "\n", "vip", "-3"))

/** CSV text for the segments table: a header from real and made-up columns, rows of arbitrary cells. */
export const segmentsCsv = fc
  .tuple(
    fc.subarray(["segment_id", "size", "definition", "trait_priors", "historical_metrics", "colour"], { minLength: 1 }),
    fc.array(fc.array(csvCell, { minLength: 1, maxLength: 6 }), { maxLength: 5 })
  )
  .map(([header, rows]) => [header.join(","), ...rows.map((row) => row.join(","))].join("\n"))

/** JSON Lines text: objects with real and made-up keys, or junk lines. */
export const segmentsJsonLines = fc
  .array(
    fc.oneof(
      fc
        .record(
          { segment_id: mostly(nastyString), size: mostly(nastyNumber), definition: fc.jsonValue() },
          { requiredKeys: [] }
        )
        .map((row) => JSON.stringify(row)),
      nastyString
    ),
    { maxLength: 5 }
  )
  .map((lines) => lines.join("\n"))

/** A path segment, already percent-encoded (a lone surrogate cannot be encoded, so it is sent as raw escapes). */
export const pathSegment = fc.oneof(
  nastyString.filter((text) => text.length > 0 && !/\p{Cs}/u.test(text)).map(encodeURIComponent),
  fc.constantFrom("persona-response", "..", "%2F", "a%2Fb", "%20", "%ED%A0%80", "%", "%zz", "%00")
)

/** Requests that pass validation: known segments and channels, generated texts, seeds and sizes. */
export const validSimulateBody = (known: {
  readonly segments: ReadonlyArray<string>
  readonly channels: ReadonlyArray<string>
}) =>
  fc.record({
    intervention: fc.record({
      channels: fc.subarray([...known.channels], { minLength: 1 }),
      content_variants: fc.uniqueArray(
        fc.record({
          id: fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/),
          template: fc
            .string({ minLength: 1, maxLength: 400 })
            .filter((text) => text.trim() !== "" && !text.includes("\u0000"))
        }),
        { minLength: 1, maxLength: 3, selector: (variant) => variant.id }
      )
    }),
    target_population: fc.record({ segments: fc.subarray([...known.segments], { minLength: 1, maxLength: 3 }) }),
    simulation_params: fc.record({
      num_personas: fc.integer({ min: 1, max: 60 }),
      monte_carlo_runs: fc.integer({ min: 10, max: 50 }),
      seed: fc.nat()
    })
  })
