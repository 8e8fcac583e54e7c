import { Conflict } from '../common/domain-error';

/** 409: the record's status does not allow the action (or changed meanwhile). */
export class InvalidStatusTransition extends Conflict {
  constructor(statusZh: string, action: string) {
    super('INVALID_STATUS_TRANSITION', `该记录当前状态为“${statusZh}”，不能${action}`);
  }
}
