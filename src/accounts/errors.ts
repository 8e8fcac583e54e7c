import { Conflict, RuleViolation, TooManyRequests, Unauthenticated } from '../common/domain-error';

/** 401, the same for an unknown username, a wrong password and a disabled account (SPEC §14). */
export class LoginFailed extends Unauthenticated {
  constructor() {
    super('LOGIN_FAILED', '用户名或密码错误');
  }
}

/** 429: five failures within 15 minutes, whether or not the username exists. */
export class LoginLocked extends TooManyRequests {
  constructor() {
    super('LOGIN_LOCKED', '登录失败次数过多，该用户名已锁定 15 分钟，请稍后再试');
  }
}

/** 409: usernames are unique, whatever their case. */
export class UsernameTaken extends Conflict {
  constructor(username: string) {
    super('USERNAME_TAKEN', `用户名 ${username} 已被使用`);
  }
}

/** 409: the service keeps at least one enabled administrator. */
export class LastAdmin extends Conflict {
  constructor() {
    super('LAST_ADMIN', '这是最后一个可用的系统管理员账号，不能停用或改为其他角色');
  }
}

/** 422: changing one's own password needs the current one. */
export class CurrentPasswordWrong extends RuleViolation {
  constructor() {
    super('CURRENT_PASSWORD_WRONG', '当前密码不正确');
  }
}
