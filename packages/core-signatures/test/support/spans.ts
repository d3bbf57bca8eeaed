// Captures the spans an effect opens, with their attributes, through a Tracer that keeps every NativeSpan.
import { Effect, Tracer } from "effect"

/** A tracer that records its spans, and `provide` to run an effect under it. */
export const captureSpans = () => {
  const spans: Array<Tracer.NativeSpan> = []
  const tracer = Tracer.make({
    span(options) {
      const span = new Tracer.NativeSpan(options)
      spans.push(span)
      return span
    }
  })
  const provide = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    Effect.provideService(effect, Tracer.Tracer, tracer)
  const named = (name: string): ReadonlyArray<Tracer.NativeSpan> => spans.filter((span) => span.name === name)
  return { spans, provide, named }
}
