// Version-4 UUIDs drawn from a seeded stream: deterministic, unique in practice, and valid for the
// storage import (which checks the UUID format).
import type { SeededRandom } from "@preflight/numeric"

const HEX = Array.from("0123456789abcdef", (digit) => digit.charCodeAt(0))
const DASH = "-".charCodeAt(0)
// The characters are built in one buffer and turned into a string at once: concatenating the parts made
// V8 keep each id as a tree of fragments, several hundred bytes apiece across half a million ids.
const characters = new Uint16Array(36)

const putHex = (value: number, at: number, digits: number): void => {
  for (let digit = 0; digit < digits; digit++) {
    characters[at + digit] = HEX[(value >>> (4 * (digits - 1 - digit))) & 0xf] as number
  }
}

/** The next UUID of `random`'s stream (122 random bits, version 4, RFC 4122 variant). */
export const uuidFrom = (random: SeededRandom): string => {
  const w1 = random.nextUint32()
  const w2 = random.nextUint32()
  const w3 = random.nextUint32()
  const w4 = random.nextUint32()
  putHex(w1, 0, 8)
  characters[8] = DASH
  putHex(w2 >>> 16, 9, 4)
  characters[13] = DASH
  putHex((w2 & 0x0fff) | 0x4000, 14, 4)
  characters[18] = DASH
  putHex(((w3 >>> 16) & 0x3fff) | 0x8000, 19, 4)
  characters[23] = DASH
  putHex(w3 & 0xffff, 24, 4)
  putHex(w4, 28, 8)
  return String.fromCharCode.apply(null, characters as unknown as Array<number>)
}
