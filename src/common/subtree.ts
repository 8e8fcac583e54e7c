/**
 * An organization's subtree as a byte-order range of materialized paths: a path starts with
 * `/a/b/` exactly when it lies in [`/a/b/`, `/a/b0`) — '0' follows '/' — as paths are ASCII
 * (PostgreSQL compares so under COLLATE "C", whatever the database's collation).
 */
export const subtreeRange = (prefix: string): { lo: string; hi: string } => ({
  lo: prefix,
  hi: `${prefix.slice(0, -1)}0`,
});
