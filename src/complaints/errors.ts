import { Conflict } from '../common/domain-error';

/** 409: a complaint is verified once. */
export class ComplaintAlreadyVerified extends Conflict {
  constructor(verifiedOn: string | null) {
    super('COMPLAINT_ALREADY_VERIFIED', `该举报已于 ${verifiedOn} 核实办结`);
  }
}
