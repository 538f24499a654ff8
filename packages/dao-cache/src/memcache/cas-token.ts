import type { CasToken } from '@cachetoggle/model';

const CAS_BITS = 64n;
const CAS_MASK = (1n << CAS_BITS) - 1n;

/**
 * The token handed to callers for memcached CAS `cas` read on connection `epoch`: the epoch in
 * the bits above memcached's 64-bit CAS, so a token says which connection it is good on (see
 * MetaConnection).
 */
export function casToken(epoch: number, cas: bigint): CasToken {
  return (BigInt(epoch) << CAS_BITS) | cas;
}

/** The connection epoch a token was read on (0 for a token this package did not make). */
export function tokenEpoch(token: CasToken): number {
  return Number(token >> CAS_BITS);
}

/** The memcached CAS inside a token. */
export function tokenCas(token: CasToken): bigint {
  return token & CAS_MASK;
}
