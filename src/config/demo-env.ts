import { existsSync, readFileSync } from 'node:fs';

/** The demo keeps its generated secrets (JWT_SECRET, LEDGER_KEY, PERSONAL_DATA_KEY) in data/demo.env so later commands can use them. */
export const DEMO_ENV_FILE = 'data/demo.env';

export function loadDemoEnv(): Record<string, string> {
  if (!existsSync(DEMO_ENV_FILE)) return {};
  const env: Record<string, string> = {};
  for (const line of readFileSync(DEMO_ENV_FILE, 'utf8').split('\n')) {
    const m = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (m) env[m[1]] = m[2];
  }
  return env;
}
