import { ConfigError, loadConfig } from './config/config';
import { createApp } from './app.factory';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  await app.listen(config.port, config.host);
}

bootstrap().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    console.error(`配置错误 ${err.message}`);
  } else {
    console.error(err);
  }
  process.exit(1);
});
