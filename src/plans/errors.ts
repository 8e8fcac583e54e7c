import { Conflict } from '../common/domain-error';

/** 409: one plan per department and year. */
export class PlanExists extends Conflict {
  constructor(year: number) {
    super('PLAN_EXISTS', `${year} 年度发展计划已存在`);
  }
}
