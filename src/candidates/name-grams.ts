/**
 * A name's search keys: its distinct two-character fragments (bigrams), by code point, ASCII
 * letters folded to lower case; a one-character name is its own key. Chinese names are two to
 * four characters, so a name has one to three keys and every fragment a user types of two or
 * more characters starts with one of them. The migration's SQL (rebuildNameGrams) computes the
 * same keys: `lower()` folds ASCII only on SQLite, as `foldAscii` does.
 */
export function gramsOf(name: string): string[] {
  const chars = Array.from(foldAscii(name));
  if (chars.length === 1) return chars;
  const grams = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) grams.add(chars[i] + chars[i + 1]);
  return [...grams];
}

export const foldAscii = (s: string): string => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

/** Whether the fragment is exactly its key, so that the key's rows need no further check. */
export const isWholeGram = (fragment: string): boolean => Array.from(fragment).length === 2;
