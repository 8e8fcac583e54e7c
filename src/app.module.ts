import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { AccountsModule, SignInService } from './accounts';
import { AuthGuard } from './auth/auth.guard';
import { OrgPaths } from './auth/org-paths';
import { Sessions } from './auth/sessions';
import { CandidatesModule } from './candidates';
import { DeadlinesModule } from './deadlines';
import { CoreModule } from './common/core.module';
import { ErrorFilter } from './common/error.filter';
import type { AppConfig } from './config/config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { ENTITIES } from './entities';
import { HealthModule } from './health';
import { RedisModule } from './database/redis.module';
import { OrganizationsModule, OrgPathCache } from './organizations';
import { AccountabilityModule } from './accountability';
import { ProbationModule } from './probation';
import { PublicityModule } from './publicity';
import { ComplaintsModule } from './complaints';
import { PublicModule } from './public';
import { PlansModule } from './plans';
import { VotingModule } from './voting';
import { JobsModule } from './jobs';
import { ReportsModule } from './reports';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot(config, ENTITIES),
        CoreModule,
        RedisModule,
        HealthModule,
        OrganizationsModule,
        AccountsModule,
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
        // The guard scopes callers through the organizations feature's path cache, and asks the
        // accounts feature whether a signed-in session still holds.
        { provide: OrgPaths, useClass: OrgPathCache },
        { provide: Sessions, useExisting: SignInService },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ErrorFilter },
      ],
    };
  }
}
