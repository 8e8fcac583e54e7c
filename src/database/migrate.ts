import { loadConfig, ConfigError } from '../config/config';
import { createDataSource } from './data-source';

/** `npm run migrate`: applies pending migrations and exits. */
async function main(): Promise<void> {
  // Migrations need LEDGER_KEY only: the other secrets get placeholders unless the environment gives them.
  const config = loadConfig({
    JWT_SECRET: 'migration-only-not-used',
    PERSONAL_DATA_KEY: 'migration-only-not-used-personal-data-key',
    ...process.env,
  });
  const ds = createDataSource(config.database, config.ledgerKey);
  await ds.initialize();
  const applied = await ds.runMigrations({ transaction: 'each' });
  console.log(applied.length ? `已执行迁移: ${applied.map((m) => m.name).join(', ')}` : '数据库已是最新，无待执行迁移');
  await ds.destroy();
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? `配置错误 ${err.message}` : err);
  process.exit(1);
});
