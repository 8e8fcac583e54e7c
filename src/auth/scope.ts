import type { Caller } from './roles';

/** A resource is in scope when its organization's path lies under the caller's. */
export function inScope(caller: Caller, orgPath: string): boolean {
  return orgPath.startsWith(caller.scopePath);
}
