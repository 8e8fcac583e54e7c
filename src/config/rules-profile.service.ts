import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { parseProfile, Profile, RulesError } from '@admissions/rules';
import { Clock } from '../common/clock';
import { APP_CONFIG } from './config.module';
import { AppConfig, ConfigError } from './config';

/** Loads config/rules/<RULES_PROFILE>.json once and answers "today" in its time zone. */
@Injectable()
export class RulesProfileService {
  readonly profile: Profile;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.profile = loadProfile(config);
  }

  get timeZone(): string {
    return this.profile.timeZone;
  }

  /** The profile id and version every recorded decision stores. */
  get stamp(): string {
    return `${this.profile.id}@${this.profile.version}`;
  }

  today(): string {
    return this.clock.today(this.profile.timeZone);
  }
}

export function loadProfile(config: AppConfig): Profile {
  const file = join(config.configDir, 'rules', `${config.rulesProfile}.json`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(`RULES_PROFILE: 无法读取规则配置 ${file}: ${(err as Error).message}`);
  }
  try {
    const profile = parseProfile(json);
    return config.timeZone ? { ...profile, timeZone: config.timeZone } : profile;
  } catch (err) {
    if (err instanceof RulesError)
      throw new ConfigError(
        `RULES_PROFILE: ${file} 不合规: ${(err as RulesError).details.join('；') || (err as RulesError).message}`,
      );
    throw err;
  }
}
