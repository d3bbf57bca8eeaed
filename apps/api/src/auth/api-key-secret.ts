// API key material: generating a key, hashing its secret with scrypt for storage, and verifying a presented
// secret against the stored hash in constant time. A key reads `pfk_<prefix>_<secret>`: the prefix is public
// (it finds the row, and it is what `preflight keys list` shows), the secret is 256 random bits.
import { randomBytes, scrypt, timingSafeEqual } from "node:crypto"

// scrypt cost: N = 2^14, r = 8, p = 1 is the OWASP password-storage minimum; a key's secret is 256 random bits,
// so the hash only has to make a stolen table useless, and verified keys are cached for a few seconds anyway.
const COST = { N: 16_384, r: 8, p: 1 } as const
const HASH_BYTES = 32
const KEY_PATTERN = /^pfk_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/

export interface GeneratedKey {
  /** The whole key, shown once to whoever created it. */
  readonly key: string
  readonly prefix: string
  readonly secret: string
}

const scryptAsync = (secret: string, salt: Buffer, cost: { N: number; r: number; p: number }) =>
  new Promise<Buffer>((resolve, reject) =>
    scrypt(secret, salt, HASH_BYTES, { ...cost, maxmem: 64 * 1024 * 1024 }, (error, derived) =>
      error === null ? resolve(derived) : reject(error)
    )
  )

const PREFIX_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"

/** A new random key. */
export const generateApiKey = (): GeneratedKey => {
  const prefix = Array.from(randomBytes(12), (byte) => PREFIX_ALPHABET[byte % PREFIX_ALPHABET.length]).join("")
  const secret = randomBytes(32).toString("base64url")
  return { key: `pfk_${prefix}_${secret}`, prefix, secret }
}

/** Splits a presented key into prefix and secret, or undefined when it is not shaped like a key. */
export const parseApiKey = (key: string): { readonly prefix: string; readonly secret: string } | undefined => {
  const match = KEY_PATTERN.exec(key)
  if (match === null || match[1] === undefined || match[2] === undefined) return undefined
  return { prefix: match[1], secret: match[2] }
}

/** `scrypt$N$r$p$salt$hash` for storage. */
export const hashSecret = async (secret: string): Promise<string> => {
  const salt = randomBytes(16)
  const derived = await scryptAsync(secret, salt, COST)
  return ["scrypt", COST.N, COST.r, COST.p, salt.toString("base64url"), derived.toString("base64url")].join("$")
}

/** Whether `secret` matches the stored hash; the comparison takes the same time wherever the bytes differ. */
export const verifySecret = async (secret: string, stored: string): Promise<boolean> => {
  const [scheme, n, r, p, salt, hash] = stored.split("$")
  if (scheme !== "scrypt" || salt === undefined || hash === undefined) return false
  const expected = Buffer.from(hash, "base64url")
  const derived = await scryptAsync(secret, Buffer.from(salt, "base64url"), {
    N: Number(n),
    r: Number(r),
    p: Number(p)
  })
  return derived.length === expected.length && timingSafeEqual(derived, expected)
}
