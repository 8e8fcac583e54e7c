import { Conflict } from '../common/domain-error';

/**
 * 409: the ID number already has an open file (SPEC §13). The holding organization is named only
 * to a caller who may see it.
 */
export class DuplicateApplicant extends Conflict {
  constructor(holder?: { candidateId: string; orgId: string; orgName: string }) {
    super(
      'DUPLICATE_APPLICANT',
      holder
        ? `该身份证号码已有一份正在办理的发展材料（${holder.orgName}）`
        : '该身份证号码已有一份正在办理的发展材料（在本组织管辖范围以外），请与上级组织部门核实',
      holder ? { holder } : {},
    );
  }
}
