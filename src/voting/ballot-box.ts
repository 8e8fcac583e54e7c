import { timingSafeEqual } from 'node:crypto';
import * as sodium from 'sodium-native';
import { fromBase32, groupsOfFour, normalizeCode, toBase32 } from './ballot-codes';

/**
 * The sealed ballot box (SPEC §7.3): while a session is open, each ballot's choices are
 * stored only as a libsodium sealed box (X25519 + XSalsa20-Poly1305, an ephemeral key per
 * ballot) to the session's public key. The private key is the tellers' key (监票人开箱密钥):
 * printed for them once, never stored. Every call here is synchronous, so it may run inside
 * a transaction (SPEC §3).
 */

const KEY_BYTES = sodium.crypto_box_SECRETKEYBYTES; // 32
/** 32 bytes in Crockford base32: 52 characters, printed as 13 groups of four. */
const TALLY_KEY_CHARS = Math.ceil((KEY_BYTES * 8) / 5);

export interface NewBox {
  /** Hex; kept on the session. */
  publicKey: string;
  /** The tellers' key, as printed: `XXXX-XXXX-…`. Returned once, never stored. */
  tallyKey: string;
}

export function newBallotBox(): NewBox {
  const pk = Buffer.alloc(sodium.crypto_box_PUBLICKEYBYTES);
  const sk = Buffer.alloc(KEY_BYTES);
  sodium.crypto_box_keypair(pk, sk);
  const tallyKey = groupsOfFour(toBase32(sk));
  sodium.sodium_memzero(sk);
  return { publicKey: pk.toString('hex'), tallyKey };
}

/** A ballot's choices sealed to the session's public key, as base64. */
export function seal(publicKeyHex: string, plaintext: string): string {
  const message = Buffer.from(plaintext, 'utf8');
  const box = Buffer.alloc(message.length + sodium.crypto_box_SEALBYTES);
  sodium.crypto_box_seal(box, message, Buffer.from(publicKeyHex, 'hex'));
  return box.toString('base64');
}

export interface Opener {
  /** The plaintext, or null when this box was not sealed to this key (or was altered). */
  open(sealed: string): string | null;
  /** Wipes the private key from memory. */
  dispose(): void;
}

/**
 * The tellers' key as typed back (case, dashes, spaces and O/I/L slips forgiven) → an opener
 * for the box with this public key; null when it is not that box's key, whatever is wrong with it.
 */
export function openerFor(tallyKey: string, publicKeyHex: string): Opener | null {
  const chars = normalizeCode(tallyKey);
  if (chars.length !== TALLY_KEY_CHARS) return null;
  const sk = fromBase32(chars, KEY_BYTES);
  if (!sk) return null;
  const pk = Buffer.alloc(sodium.crypto_box_PUBLICKEYBYTES);
  sodium.crypto_scalarmult_base(pk, sk);
  const expected = Buffer.from(publicKeyHex, 'hex');
  if (expected.length !== pk.length || !timingSafeEqual(pk, expected)) {
    sodium.sodium_memzero(sk);
    return null;
  }
  return {
    open(sealed) {
      const box = Buffer.from(sealed, 'base64');
      if (box.length < sodium.crypto_box_SEALBYTES) return null;
      const message = Buffer.alloc(box.length - sodium.crypto_box_SEALBYTES);
      return sodium.crypto_box_seal_open(message, box, pk, sk) ? message.toString('utf8') : null;
    },
    dispose: () => sodium.sodium_memzero(sk),
  };
}
