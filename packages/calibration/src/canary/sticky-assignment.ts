// Sticky traffic assignment: a unit's bucket is MurmurHash3(experimentId ␀ unitId)/2³², so the same unit sees
// the same arm on every request, buckets are independent across experiments, and raising the candidate's
// share only moves units from active to candidate (never back).
import { murmurHash3 } from "@preflight/numeric"

/** The unit's position in [0, 1) for this experiment. */
export const assignmentBucket = (unitId: string, experimentId: string): number =>
  murmurHash3(`${experimentId}\u0000${unitId}`) / 4294967296

/** "candidate" when the unit's bucket falls below the candidate's traffic share, else "active". */
export const assignArm = (unitId: string, experimentId: string, candidateShare: number): "active" | "candidate" =>
  assignmentBucket(unitId, experimentId) < candidateShare ? "candidate" : "active"
