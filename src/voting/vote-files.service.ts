import { Injectable, StreamableFile } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Caller } from '../auth/roles';
import { RulesProfileService } from '../config/rules-profile.service';
import { Block, docxFile, zhDate } from '../office/docx';
import { xlsxFile } from '../office/xlsx';
import { OrganizationsService } from '../organizations';
import { VoteClose } from './close.service';
import { VoteSessions } from './sessions.service';
import { LEVEL_ZH, PURPOSE_ZH } from './voting-text';
import type { ResultLine, ResultView, SessionView } from './views';

const STATUS_ZH: Record<string, string> = { open: '进行中', closed: '已结束', void: '已作废' };
const MODE_ZH: Record<string, string> = { paper: '纸质选票', electronic: '电子无记名投票' };

/** SPEC §15: a vote's result as a workbook and its record (票决情况报告) as a document. */
@Injectable()
export class VoteFiles {
  constructor(
    private readonly dataSource: DataSource,
    private readonly rules: RulesProfileService,
    private readonly orgs: OrganizationsService,
    private readonly sessions: VoteSessions,
    private readonly closer: VoteClose,
  ) {}

  private async load(caller: Caller, id: string) {
    const session = await this.sessions.get(caller, id);
    const result = await this.closer.result(caller, id);
    const org = await this.orgs.byId(this.dataSource.manager, session.orgId);
    return { session, result, orgName: org?.name ?? '' };
  }

  async resultSheet(caller: Caller, id: string): Promise<StreamableFile> {
    const { session, result, orgName } = await this.load(caller, id);
    const title = `${LEVEL_ZH[session.level as keyof typeof LEVEL_ZH]}表决结果`;
    return xlsxFile(
      `${title}_${session.meetingDate}.xlsx`,
      [
        {
          name: '表决结果',
          rows: result.results,
          columns: [
            { header: '序号', type: 'number', value: (_r: ResultLine, n: number) => n },
            { header: '姓名', value: (r: ResultLine) => r.name },
            { header: '同意', type: 'number', value: (r: ResultLine) => r.approve },
            { header: '不同意', type: 'number', value: (r: ResultLine) => r.reject },
            { header: '弃权', type: 'number', value: (r: ResultLine) => r.abstain },
            { header: '无效', type: 'number', value: (r: ResultLine) => r.invalid },
            { header: '计票基数', type: 'number', value: (r: ResultLine) => r.base },
            { header: '通过所需同意票', type: 'number', width: 16, value: (r: ResultLine) => r.required },
            { header: '结果', value: (r: ResultLine) => (r.passed ? '通过' : '未通过') },
            { header: '说明', width: 40, value: (r: ResultLine) => r.reason },
          ],
        },
        {
          name: '会议情况',
          rows: facts(session, result, orgName),
          columns: [
            { header: '项目', width: 16, value: (r: [string, string | number]) => r[0] },
            { header: '内容', width: 70, value: (r: [string, string | number]) => r[1] },
          ],
        },
      ],
      this.rules.profile.timeZone,
    );
  }

  /** 票决情况报告: the meeting, per candidate the counts, the required number and the result, and the ledger head. */
  async record(caller: Caller, id: string): Promise<StreamableFile> {
    const { session, result, orgName } = await this.load(caller, id);
    const level = LEVEL_ZH[session.level as keyof typeof LEVEL_ZH];
    const passed = result.results.filter((r) => r.passed).length;
    const blocks: Block[] = [
      {
        text:
          `${zhDate(session.meetingDate)}，${orgName}召开${level}，就${PURPOSE_ZH[session.purpose]}事项进行表决。` +
          `应到 ${session.expected} 人，实到 ${session.present ?? '—'} 人，` +
          `${result.quorumMet === false ? '未达到规定人数，表决无效' : result.quorumMet ? '达到规定人数' : '表决尚未结束'}。` +
          `共 ${result.results.length} 名，通过 ${passed} 名，未通过 ${result.results.length - passed} 名。`,
      },
      { heading: '一、会议情况' },
      { fields: facts(session, result, orgName).map(([k, v]) => [k, v]) },
      { heading: '二、表决结果' },
      {
        head: ['序号', '姓名', '同意', '不同意', '弃权', '无效', '所需同意票', '结果'],
        widths: [8, 18, 10, 10, 10, 10, 16, 18],
        rows: result.results.map((r, i) => [
          i + 1,
          r.name,
          r.approve,
          r.reject,
          r.abstain,
          r.invalid,
          r.required,
          r.passed ? '通过' : '未通过',
        ]),
      },
      { heading: '三、记录核验' },
      {
        text: result.ledgerHead
          ? `表决结束时责任追究台账共 ${result.ledgerLength} 条，链首哈希为 ${result.ledgerHead}。任何对已记录事项的改动都会使链首变化，可据此核验本报告。`
          : '表决尚未结束，台账链首在结束表决时记录。',
      },
    ];
    return docxFile(`票决情况报告_${session.meetingDate}.docx`, {
      title: '票决情况报告',
      subtitle: `${level}（${PURPOSE_ZH[session.purpose]}）`,
      blocks,
      issuer: orgName,
      date: this.rules.today(),
    });
  }
}

/** The meeting's facts, as both files give them. */
function facts(s: SessionView, r: ResultView, orgName: string): [string, string | number][] {
  // Paper: the ballots counted in the room (a branch meeting's written opinions are not ballots).
  const first = r.results[0];
  const written = first?.written ? first.written.approve + first.written.reject + first.written.abstain : 0;
  const ballots =
    s.mode === 'electronic'
      ? s.ballotsCast
      : first
        ? first.approve + first.reject + first.abstain + first.invalid - written
        : 0;
  return [
    ['召开单位', orgName],
    ['会议', LEVEL_ZH[s.level as keyof typeof LEVEL_ZH]],
    ['事项', PURPOSE_ZH[s.purpose]],
    ['会议日期', zhDate(s.meetingDate)],
    ['表决方式', MODE_ZH[s.mode] ?? s.mode],
    ['状态', STATUS_ZH[s.status] ?? s.status],
    ['应到人数', s.expected],
    ['实到人数', s.present ?? '—'],
    ['票数', ballots],
    ['候选人数', r.results.length || s.candidateIds.length],
    // The whole hash is in the record's 记录核验 paragraph; the table shows its head.
    ['台账链首', r.ledgerHead ? `${r.ledgerHead.slice(0, 16)}…（共 ${r.ledgerLength} 条）` : '—'],
  ];
}
