import { Global, Module } from '@nestjs/common';
import { RulesProfileService } from '../config/rules-profile.service';
import { OrgPathCache } from '../organizations/org-path.cache';
import { Clock } from './clock';

/** Providers every feature needs: the clock, the rules profile, org paths for scoping. */
@Global()
@Module({
  providers: [Clock, RulesProfileService, OrgPathCache],
  exports: [Clock, RulesProfileService, OrgPathCache],
})
export class CoreModule {}
