import { Injectable, StreamableFile } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { STAGE_ZH, type Stage } from '@admissions/rules';
import type { FunnelReport, Share, StructureReport } from '../candidates';
import { RulesProfileService } from '../config/rules-profile.service';
import { xlsxFile } from '../office/xlsx';
import { OrganizationsService } from '../organizations';

const FLOW_ZH: Record<string, string> = {
  applications: '递交入党申请',
  activists: '确定为入党积极分子',
  developmentObjects: '确定为发展对象',
  probationary: '接收为预备党员',
  fullMembers: '转为正式党员',
  rejected: '不予发展',
  withdrawn: '撤回申请',
  cancelled: '取消预备党员资格',
  transferred: '移交有关部门',
};

const STRUCTURE_ZH: [keyof Omit<StructureReport, 'orgId' | 'year' | 'total'>, string][] = [
  ['under35', '35 岁以下'],
  ['women', '女性'],
  ['minorities', '少数民族'],
  ['frontline', '一线'],
  ['highKnowledge', '高知识群体'],
];

type Line = [string, number, number | null];
const LINE_COLUMNS = (first: string, second: string, third: string | null) => [
  { header: first, width: 22, value: (r: Line) => r[0] },
  { header: second, type: 'number' as const, value: (r: Line) => r[1] },
  ...(third ? [{ header: third, type: 'percent' as const, value: (r: Line) => r[2] }] : []),
];

/** SPEC §15: the §11 reports as workbooks (`?format=xlsx`), the same figures as the JSON. */
@Injectable()
export class ReportSheets {
  constructor(
    private readonly dataSource: DataSource,
    private readonly orgs: OrganizationsService,
    private readonly rules: RulesProfileService,
  ) {}

  private async scopeName(orgId: string | null): Promise<string> {
    return orgId ? ((await this.orgs.byId(this.dataSource.manager, orgId))?.name ?? '') : '全部';
  }

  async funnel(report: FunnelReport): Promise<StreamableFile> {
    const name = await this.scopeName(report.orgId);
    const flow: Line[] = Object.entries(report.flow).map(([k, n]) => [FLOW_ZH[k] ?? k, n, null]);
    const current: Line[] = Object.entries(report.current).map(([k, n]) => [STAGE_ZH[k as Stage] ?? k, n, null]);
    return xlsxFile(
      `发展党员工作情况_${name}_${report.year}年.xlsx`,
      [
        { name: `${report.year}年办理情况`, columns: LINE_COLUMNS('环节', '人数', null), rows: flow },
        { name: '各阶段现有人数', columns: LINE_COLUMNS('阶段', '人数', null), rows: current },
      ],
      this.rules.profile.timeZone,
    );
  }

  async structure(report: StructureReport): Promise<StreamableFile> {
    const name = await this.scopeName(report.orgId);
    const rows: Line[] = [
      ['发展党员总数', report.total, null],
      ...STRUCTURE_ZH.map(([k, label]): Line => [label, (report[k] as Share).count, (report[k] as Share).share]),
    ];
    return xlsxFile(
      `发展党员结构_${name}_${report.year}年.xlsx`,
      [{ name: `${report.year}年发展党员结构`, columns: LINE_COLUMNS('项目', '人数', '占比'), rows }],
      this.rules.profile.timeZone,
    );
  }
}
