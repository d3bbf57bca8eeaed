// Version-4 UUIDs drawn from a seeded stream: deterministic, unique in practice, and valid for the
// storage import (which checks the UUID format).
import type { SeededRandom } from "@preflight/numeric"

const BYTE_HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, "0"))
const byteHex = (value: number, shift: number): string => BYTE_HEX[(value >>> shift) & 0xff] as string
const hex32 = (value: number): string => byteHex(value, 24) + byteHex(value, 16) + byteHex(value, 8) + byteHex(value, 0)
const hex16 = (value: number): string => byteHex(value, 8) + byteHex(value, 0)

/** The next UUID of `random`'s stream (122 random bits, version 4, RFC 4122 variant). */
export const uuidFrom = (random: SeededRandom): string => {
  const w1 = random.nextUint32()
  const w2 = random.nextUint32()
  const w3 = random.nextUint32()
  const w4 = random.nextUint32()
  const version = (w2 & 0x0fff) | 0x4000
  const variant = ((w3 >>> 16) & 0x3fff) | 0x8000
  return `${hex32(w1)}-${hex16(w2 >>> 16)}-${hex16(version)}-${hex16(variant)}-${hex16(w3)}${hex32(w4)}`
}
