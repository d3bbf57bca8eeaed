// Remembers which programs an optimizer produced (DSPy's `_compiled` flag): a compiled teacher keeps its demos,
// an uncompiled one first gets labeled demos.
import type { AnyModule } from "@preflight/core-signatures"

const compiled = new WeakSet<AnyModule>()

/** Marks `program` as produced by an optimizer and returns it. */
export const markCompiled = <M extends AnyModule>(program: M): M => {
  compiled.add(program)
  return program
}

/** Whether an optimizer produced `program`. */
export const isCompiled = (program: AnyModule): boolean => compiled.has(program)
