import { Global, Module } from '@nestjs/common';
import { RulesProfileService } from '../config/rules-profile.service';
import { Clock } from './clock';

/** Providers every feature needs: the clock and the rules profile. */
@Global()
@Module({
  providers: [Clock, RulesProfileService],
  exports: [Clock, RulesProfileService],
})
export class CoreModule {}
