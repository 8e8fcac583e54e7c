import { Module } from '@nestjs/common';
import { OrganizationsController } from './organizations.controller';
import { OrganizationsService } from './organizations.service';
import { RosterService } from './roster.service';

@Module({
  controllers: [OrganizationsController],
  providers: [OrganizationsService, RosterService],
  exports: [OrganizationsService, RosterService],
})
export class OrganizationsModule {}
