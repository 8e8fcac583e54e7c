/**
 * Whether a signed-in session still holds (SPEC §14: logout, disabling, a change of role,
 * organization or password end it at once). The platform only declares it; the accounts
 * feature provides it, wired by the composition root. Tokens without a session version
 * (integrations, `npm run token`) are not asked about.
 */
export abstract class Sessions {
  abstract isCurrent(userId: string, version: number): Promise<boolean>;
}
