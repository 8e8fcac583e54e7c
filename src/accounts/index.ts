// Accounts (SPEC §14): users bound to a role and an organization, sign-in, and the sessions the auth guard checks.
import { AccountEvent, User } from './user.entity';
export { AccountsModule } from './accounts.module';
export { AccountsService } from './accounts.service';
export { ACCOUNT_EVENT_TYPES } from './user.entity';
export { SignInService } from './sign-in.service';

/** The tables this feature owns, for the composition root's data source. */
export const ACCOUNTS_ENTITIES = [User, AccountEvent];
