// No-U-Turn Sampler (Hoffman & Gelman 2014) in the multinomial form Stan uses (Betancourt 2017): trees
// doubled in a random direction, uniform sampling within subtrees and biased progressive sampling across
// them, the generalised U-turn criterion on the summed momentum, divergence at an energy error > 1000.
// Warm-up adapts the step size by dual averaging (target acceptance 0.8) and a diagonal mass matrix
// over doubling windows (Stan's schedule: 15 % initial buffer, 10 % terminal buffer).
import type { SeededRandom } from "@preflight/numeric"

export type LogDensity = (u: Float64Array, gradient: Float64Array) => number

export interface NutsOptions {
  readonly warmup: number
  readonly draws: number
  /** The chain's own stream (a fork of the fit's generator). */
  readonly random: SeededRandom
  readonly maxTreeDepth?: number
  readonly targetAccept?: number
}

export interface NutsChain {
  /** Draws on the unconstrained scale, row-major: draw i is `samples[i·d … (i+1)·d)`. */
  readonly samples: Float64Array
  readonly dimension: number
  readonly divergences: number
  readonly stepSize: number
  readonly meanTreeDepth: number
  readonly meanAcceptance: number
  readonly inverseMass: Float64Array
  readonly gradientEvaluations: number
}

interface Point {
  readonly theta: Float64Array
  readonly p: Float64Array
  readonly grad: Float64Array
  readonly logp: number
}

interface Subtree {
  /** Last point built (the far edge); `pStart` is the momentum of the first point built. */
  readonly edge: Point
  readonly pStart: Float64Array
  readonly pSharpStart: Float64Array
  readonly pSharpEnd: Float64Array
  readonly rho: Float64Array
  readonly logSumWeight: number
  readonly sample: Point
  readonly valid: boolean
  readonly divergent: boolean
}

const logAddExp = (a: number, b: number): number => {
  if (a === Number.NEGATIVE_INFINITY) return b
  if (b === Number.NEGATIVE_INFINITY) return a
  const m = Math.max(a, b)
  return m + Math.log(Math.exp(a - m) + Math.exp(b - m))
}

const dot = (a: Float64Array, b: Float64Array): number => {
  let s = 0
  for (let i = 0; i < a.length; i++) s += (a[i] ?? 0) * (b[i] ?? 0)
  return s
}

const sum = (a: Float64Array, b: Float64Array): Float64Array => a.map((v, i) => v + (b[i] ?? 0))

/** Generalised no-U-turn criterion: both end velocities still point along the summed momentum ρ. */
const noUTurn = (pSharpMinus: Float64Array, pSharpPlus: Float64Array, rho: Float64Array): boolean =>
  dot(pSharpMinus, rho) > 0 && dot(pSharpPlus, rho) > 0

/**
 * One NUTS chain as a generator that yields after every iteration (warm-up and draws), so a caller can hand
 * the event loop back between iterations and be interrupted (`fitMmm` does); returns the chain at the end.
 */
export function* nutsIterations(
  logDensity: LogDensity,
  start: Float64Array,
  options: NutsOptions
): Generator<void, NutsChain> {
  const d = start.length
  const rng = options.random
  const maxDepth = options.maxTreeDepth ?? 10
  const delta = options.targetAccept ?? 0.8
  const invMass = new Float64Array(d).fill(1)
  let evaluations = 0

  const evaluate = (theta: Float64Array): Point => {
    const grad = new Float64Array(d)
    const logp = logDensity(theta, grad)
    evaluations++
    return { theta, p: new Float64Array(d), grad, logp: Number.isFinite(logp) ? logp : Number.NEGATIVE_INFINITY }
  }
  const kinetic = (p: Float64Array): number => {
    let k = 0
    for (let i = 0; i < d; i++) k += 0.5 * (p[i] ?? 0) * (p[i] ?? 0) * (invMass[i] ?? 1)
    return k
  }
  const sharp = (p: Float64Array): Float64Array => p.map((v, i) => v * (invMass[i] ?? 1))
  const leapfrog = (from: Point, epsilon: number): Point => {
    const p = new Float64Array(d)
    const theta = new Float64Array(d)
    for (let i = 0; i < d; i++) {
      p[i] = (from.p[i] ?? 0) + 0.5 * epsilon * (from.grad[i] ?? 0)
      theta[i] = (from.theta[i] ?? 0) + epsilon * (invMass[i] ?? 1) * (p[i] ?? 0)
    }
    const next = evaluate(theta)
    for (let i = 0; i < d; i++) p[i] = (p[i] ?? 0) + 0.5 * epsilon * (next.grad[i] ?? 0)
    return { theta, p, grad: next.grad, logp: next.logp }
  }

  let sumAccept = 0
  let leapfrogs = 0
  const build = (from: Point, direction: number, depth: number, epsilon: number, h0: number): Subtree => {
    if (depth === 0) {
      const point = leapfrog(from, direction * epsilon)
      const h = -point.logp + kinetic(point.p)
      const energyError = Number.isFinite(h) ? h - h0 : Number.POSITIVE_INFINITY
      const divergent = energyError > 1000
      sumAccept += energyError > 0 ? Math.exp(-energyError) : 1
      leapfrogs++
      const pSharp = sharp(point.p)
      return {
        edge: point,
        pStart: point.p,
        pSharpStart: pSharp,
        pSharpEnd: pSharp,
        rho: Float64Array.from(point.p),
        logSumWeight: divergent ? Number.NEGATIVE_INFINITY : -energyError,
        sample: point,
        valid: !divergent,
        divergent
      }
    }
    const first = build(from, direction, depth - 1, epsilon, h0)
    if (!first.valid) return first
    const second = build(first.edge, direction, depth - 1, epsilon, h0)
    if (!second.valid) return { ...second, valid: false }
    const logSumWeight = logAddExp(first.logSumWeight, second.logSumWeight)
    const sample = Math.log(rng.next()) < second.logSumWeight - logSumWeight ? second.sample : first.sample
    const rho = first.rho.map((v, i) => v + (second.rho[i] ?? 0))
    // The U-turn criterion over the merged subtree, plus Stan's two checks across the seam between its
    // halves (Betancourt's 2019 fix for trajectories that turn within one half's span).
    const valid =
      noUTurn(first.pSharpStart, second.pSharpEnd, rho) &&
      noUTurn(first.pSharpStart, second.pSharpStart, sum(first.rho, second.pStart)) &&
      noUTurn(first.pSharpEnd, second.pSharpEnd, sum(second.rho, first.edge.p))
    return {
      edge: second.edge,
      pStart: first.pStart,
      pSharpStart: first.pSharpStart,
      pSharpEnd: second.pSharpEnd,
      rho,
      logSumWeight,
      sample,
      valid,
      divergent: false
    }
  }

  const transition = (
    current: Point,
    epsilon: number
  ): { point: Point; accept: number; depth: number; divergent: boolean } => {
    const p0 = new Float64Array(d)
    for (let i = 0; i < d; i++) p0[i] = rng.normal() / Math.sqrt(invMass[i] ?? 1)
    const start: Point = { ...current, p: p0 }
    const h0 = -start.logp + kinetic(p0)
    let minus = start
    let plus = start
    let pSharpMinus = sharp(p0)
    let pSharpPlus = pSharpMinus
    let rho: Float64Array = Float64Array.from(p0)
    let logSumWeight = 0
    let sample = start
    let depth = 0
    let divergent = false
    sumAccept = 0
    leapfrogs = 0
    while (depth < maxDepth) {
      const direction = rng.next() < 0.5 ? -1 : 1
      const sub = build(direction === 1 ? plus : minus, direction, depth, epsilon, h0)
      // The seam checks need the old tree's edge on the side being extended, before it moves.
      const oldEdge = direction === 1 ? plus : minus
      const oldSharpEdge = direction === 1 ? pSharpPlus : pSharpMinus
      const oldRho = rho
      if (direction === 1) {
        plus = sub.edge
        pSharpPlus = sub.pSharpEnd
      } else {
        minus = sub.edge
        pSharpMinus = sub.pSharpEnd
      }
      if (sub.divergent) divergent = true
      depth++
      if (!sub.valid) break
      if (Math.log(rng.next()) < sub.logSumWeight - logSumWeight) sample = sub.sample
      logSumWeight = logAddExp(logSumWeight, sub.logSumWeight)
      rho = sum(oldRho, sub.rho)
      // Backward part (time order) and forward part: the old tree and the new subtree, by direction.
      const [rhoBack, rhoForward] = direction === 1 ? [oldRho, sub.rho] : [sub.rho, oldRho]
      const [pBackEnd, pSharpBackEnd] = direction === 1 ? [oldEdge.p, oldSharpEdge] : [sub.pStart, sub.pSharpStart]
      const [pForwardStart, pSharpForwardStart] =
        direction === 1 ? [sub.pStart, sub.pSharpStart] : [oldEdge.p, oldSharpEdge]
      const keepGoing =
        noUTurn(pSharpMinus, pSharpPlus, rho) &&
        noUTurn(pSharpMinus, pSharpForwardStart, sum(rhoBack, pForwardStart)) &&
        noUTurn(pSharpBackEnd, pSharpPlus, sum(rhoForward, pBackEnd))
      if (!keepGoing) break
    }
    return {
      point: { ...sample, p: new Float64Array(d) },
      accept: leapfrogs > 0 ? sumAccept / leapfrogs : 0,
      depth,
      divergent
    }
  }

  // Heuristic initial step size (Hoffman & Gelman Alg. 4): double or halve until the one-step acceptance crosses 1/2.
  const initialStepSize = (point: Point): number => {
    let epsilon = 0.1
    const p0 = new Float64Array(d)
    for (let i = 0; i < d; i++) p0[i] = rng.normal() / Math.sqrt(invMass[i] ?? 1)
    const startPoint: Point = { ...point, p: p0 }
    const h0 = -point.logp + kinetic(p0)
    const logAccept = (eps: number): number => {
      const next = leapfrog(startPoint, eps)
      const h = -next.logp + kinetic(next.p)
      return Number.isFinite(h) ? h0 - h : Number.NEGATIVE_INFINITY
    }
    const direction = logAccept(epsilon) > Math.log(0.5) ? 1 : -1
    for (let k = 0; k < 50; k++) {
      const la = logAccept(epsilon)
      if (direction === 1 ? !(la > Math.log(0.5)) : la > Math.log(0.5)) break
      epsilon = direction === 1 ? epsilon * 2 : epsilon / 2
    }
    return epsilon
  }

  let current = evaluate(Float64Array.from(start))
  let epsilon = initialStepSize(current)
  // Dual averaging state (Hoffman & Gelman §3.2).
  let mu = Math.log(10 * epsilon)
  let hBar = 0
  let logEpsilonBar = 0
  let adaptCount = 0
  const restartDualAveraging = () => {
    mu = Math.log(10 * epsilon)
    hBar = 0
    logEpsilonBar = 0
    adaptCount = 0
  }
  const warmup = options.warmup
  const initBuffer = Math.floor(0.15 * warmup)
  const termBuffer = Math.floor(0.1 * warmup)
  const windowEnds: Array<number> = []
  {
    let windowSize = Math.max(10, Math.floor((warmup - initBuffer - termBuffer) / 7))
    let end = initBuffer + windowSize
    while (end < warmup - termBuffer) {
      const nextSize = windowSize * 2
      if (end + nextSize > warmup - termBuffer) {
        windowEnds.push(warmup - termBuffer)
        break
      }
      windowEnds.push(end)
      windowSize = nextSize
      end += windowSize
    }
  }
  let windowSamples: Array<Float64Array> = []
  for (let iteration = 0; iteration < warmup; iteration++) {
    const step = transition(current, epsilon)
    current = step.point
    adaptCount++
    const eta = 1 / (adaptCount + 10)
    hBar = (1 - eta) * hBar + eta * (delta - step.accept)
    const logEpsilon = mu - (Math.sqrt(adaptCount) / 0.05) * hBar
    const weight = adaptCount ** -0.75
    logEpsilonBar = weight * logEpsilon + (1 - weight) * logEpsilonBar
    epsilon = Math.exp(logEpsilon)
    if (iteration >= initBuffer && iteration < warmup - termBuffer) {
      windowSamples.push(Float64Array.from(current.theta))
      if (windowEnds.includes(iteration + 1) && windowSamples.length > 2) {
        const count = windowSamples.length
        for (let i = 0; i < d; i++) {
          let mean = 0
          for (const s of windowSamples) mean += (s[i] ?? 0) / count
          let variance = 0
          for (const s of windowSamples) variance += ((s[i] ?? 0) - mean) ** 2 / (count - 1)
          // Stan's regularisation toward 1e-3.
          invMass[i] = (count / (count + 5)) * variance + 1e-3 * (5 / (count + 5))
        }
        windowSamples = []
        current = { ...current, p: new Float64Array(d) }
        epsilon = initialStepSize(current)
        restartDualAveraging()
      }
    }
    yield
  }
  if (warmup > 0) epsilon = Math.exp(logEpsilonBar)
  const samples = new Float64Array(options.draws * d)
  let divergences = 0
  let depthSum = 0
  let acceptSum = 0
  for (let draw = 0; draw < options.draws; draw++) {
    const step = transition(current, epsilon)
    current = step.point
    if (step.divergent) divergences++
    depthSum += step.depth
    acceptSum += step.accept
    samples.set(current.theta, draw * d)
    yield
  }
  return {
    samples,
    dimension: d,
    divergences,
    stepSize: epsilon,
    meanTreeDepth: depthSum / Math.max(1, options.draws),
    meanAcceptance: acceptSum / Math.max(1, options.draws),
    inverseMass: invMass,
    gradientEvaluations: evaluations
  }
}

/** Runs one NUTS chain to the end at once (tests; `fitMmm` steps `nutsIterations` to stay interruptible). */
export const runNuts = (logDensity: LogDensity, start: Float64Array, options: NutsOptions): NutsChain => {
  const iterations = nutsIterations(logDensity, start, options)
  for (;;) {
    const next = iterations.next()
    if (next.done === true) return next.value
  }
}
