import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { idDigest, maskIdNumber } from './personal-data';

/**
 * The national ID number as it is kept (SPEC §13): a digest keyed by PERSONAL_DATA_KEY, which
 * finds duplicates, and the masked form, which is shown. The key stays in this service: it is
 * never written to the database, logged or returned.
 */
@Injectable()
export class PersonalData {
  private readonly key: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.key = config.personalDataKey;
  }

  /** Equal numbers (the trailing X in either case) give equal digests. */
  digest(idNumber: string): string {
    return idDigest(idNumber, this.key);
  }

  mask(idNumber: string): string {
    return maskIdNumber(idNumber);
  }
}
