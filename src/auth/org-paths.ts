/**
 * Where an organization sits in the tree, as the auth guard needs it to scope a caller. The
 * platform only declares it; the organizations feature provides it (SPEC §3: the platform
 * imports no feature), wired by the composition root.
 */
export abstract class OrgPaths {
  abstract pathOf(orgId: string): Promise<string | undefined>;
}
