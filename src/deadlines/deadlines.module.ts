import { Module } from '@nestjs/common';
import { OrganizationsModule } from '../organizations';
import { DeadlineKinds } from './deadline-kinds';
import { DeadlinesService } from './deadlines.service';

@Module({
  imports: [OrganizationsModule],
  providers: [DeadlinesService, DeadlineKinds],
  exports: [DeadlinesService, DeadlineKinds],
})
export class DeadlinesModule {}
