// The unit a canary assigns: the campaign a simulation is for. A request names it in `campaign_id`; otherwise
// it is the campaign's plan (its channels, variants and target segments), so re-running the same plan with
// another seed or size stays on the same arm.
import { createHash } from "node:crypto"
import { SimulateRequest } from "../contract/simulate-request.ts"

export const routingUnitOf = (input: unknown): string => {
  const parsed = SimulateRequest.safeParse(input)
  if (!parsed.success) return "invalid-request"
  const request = parsed.data
  if (request.campaign_id !== undefined) return `campaign:${request.campaign_id}`
  const plan = {
    channels: request.intervention.channels,
    variants: request.intervention.content_variants.map((variant) => [variant.id, variant.template]),
    segments: request.target_population.segments
  }
  return `plan:${createHash("sha256").update(JSON.stringify(plan)).digest("hex").slice(0, 16)}`
}
