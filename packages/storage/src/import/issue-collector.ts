// Collects the problems found while reading an import file: all are counted, the first
// `MAX_REPORTED_ISSUES` are kept with their row, line, column and reason.
import type { RowIssue } from "../errors.ts"

export const MAX_REPORTED_ISSUES = 100

export class IssueCollector {
  readonly issues: Array<RowIssue> = []
  total = 0
  /** A problem with the file as a whole (syntax, unreadable); reading stops there. */
  fileProblem: string | undefined

  add(issue: RowIssue): void {
    this.total += 1
    if (this.issues.length < MAX_REPORTED_ISSUES) this.issues.push(issue)
  }

  get hasProblems(): boolean {
    return this.total > 0 || this.fileProblem !== undefined
  }
}
