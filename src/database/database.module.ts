import { DynamicModule, Global, Module } from '@nestjs/common';
import type { DataSourceOptions } from 'typeorm';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { AppConfig } from '../config/config';
import { dataSourceOptions } from './data-source';
import { Reader } from './reader';
import { TransactionRunner } from './transaction';

@Global()
@Module({})
export class DatabaseModule {
  /** `entities` come from the composition root: the platform imports no feature (SPEC §3). */
  static forRoot(config: AppConfig, entities: DataSourceOptions['entities']): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRoot({
          ...dataSourceOptions(config.database, config.ledgerKey, entities),
          migrationsRun: true,
          migrationsTransactionMode: 'each',
        }),
      ],
      providers: [TransactionRunner, Reader],
      exports: [TransactionRunner, Reader],
    };
  }
}
