import { Module } from '@nestjs/common';
import { OrganizationsModule } from '../organizations';
import { AccountabilityController } from './accountability.controller';
import { AccountabilityService } from './accountability.service';
import { AccountabilityCatalog } from './catalog';

/** 责任追究 (SPEC §9). Other features import this module and call AccountabilityService.raise inside their transactions. */
@Module({
  imports: [OrganizationsModule],
  controllers: [AccountabilityController],
  providers: [AccountabilityService, AccountabilityCatalog],
  exports: [AccountabilityService, AccountabilityCatalog],
})
export class AccountabilityModule {}
