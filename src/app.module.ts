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
      ],
      providers: [
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ErrorFilter },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
      ],
    };
  }
}
