/** The part of sodium-native (libsodium bindings) the sealed ballot box uses; the package ships no types. */
declare module 'sodium-native' {
  export const crypto_box_PUBLICKEYBYTES: number;
  export const crypto_box_SECRETKEYBYTES: number;
  export const crypto_box_SEALBYTES: number;
  export function crypto_box_keypair(pk: Buffer, sk: Buffer): void;
  export function crypto_box_seal(c: Buffer, m: Buffer, pk: Buffer): void;
  export function crypto_box_seal_open(m: Buffer, c: Buffer, pk: Buffer, sk: Buffer): boolean;
  export function crypto_scalarmult_base(q: Buffer, n: Buffer): void;
  export function sodium_memzero(buf: Buffer): void;
}
