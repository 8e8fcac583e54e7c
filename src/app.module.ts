import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { AuthGuard } from './auth/auth.guard';
import { CandidatesModule } from './candidates/candidates.module';
import { DeadlinesModule } from './deadlines/deadlines.module';
import { CoreModule } from './common/core.module';
import { ErrorFilter } from './common/error.filter';
import { IdempotencyInterceptor } from './common/idempotency.interceptor';
import type { AppConfig } from './config/config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { RedisModule } from './jobs/redis.module';
import { OrganizationsModule } from './organizations/organizations.module';
import { AccountabilityModule } from './accountability/accountability.module';
import { ProbationModule } from './probation/probation.module';
import { PublicityModule } from './publicity/publicity.module';
import { ComplaintsModule } from './complaints/complaints.module';
import { PublicModule } from './public/public.module';
import { PlansModule } from './plans/plans.module';
import { VotingModule } from './voting/voting.module';
import { JobsModule } from './jobs/jobs.module';
import { ReportsModule } from './reports/reports.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot(config),
        CoreModule,
        RedisModule,
        HealthModule,
        OrganizationsModule,
        DeadlinesModule,
        CandidatesModule,
        AccountabilityModule,
        ProbationModule,
        PublicityModule,
        ComplaintsModule,
        PublicModule,
        PlansModule,
        VotingModule,
        JobsModule,
        ReportsModule,
      ],
      providers: [
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ErrorFilter },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
      ],
    };
  }
}
