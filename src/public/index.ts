// The public pages and endpoints (SPEC §6, §7.3): no login.
export { PublicModule } from './public.module';
