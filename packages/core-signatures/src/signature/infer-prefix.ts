// DSPy's `infer_prefix`: the human-readable label ("Question:") saved with each field in a program file
// (dspy/signatures/signature.py), kept so our saved programs read the same as DSPy's.

const isUpper = (word: string): boolean => /[A-Z]/.test(word) && word === word.toUpperCase()

const capitalize = (word: string): string =>
  word.length === 0 ? word : `${word.charAt(0).toUpperCase()}${word.slice(1).toLowerCase()}`

/** "camelCaseText" → "Camel Case Text", "snake_case" → "Snake Case", "HTMLParser" → "HTML Parser". */
export const inferPrefix = (name: string): string => {
  const s1 = name.replace(/(.)([A-Z][a-z]+)/g, "$1_$2")
  const intermediate = s1.replace(/([a-z0-9])([A-Z])/g, "$1_$2")
  const numbers = intermediate.replace(/([a-zA-Z])(\d)/g, "$1_$2").replace(/(\d)([a-zA-Z])/g, "$1_$2")
  return numbers
    .split("_")
    .map((word) => (isUpper(word) ? word : capitalize(word)))
    .join(" ")
}
