import type { AccountabilityRecord, Handling, RecordStatus } from './accountability-record.entity';
import type { Situation } from './catalog';
import type { LedgerEntry } from './ledger-entry.entity';

export const STATUS_ZH: Record<RecordStatus, string> = {
  filed: '已登记',
  investigating: '调查核实中',
  decided: '已作出处理决定',
  closed: '已结案',
  dismissed: '不予追究',
};

export const HANDLING_ZH: Record<Handling, string> = {
  criticism: '批评教育',
  self_examination: '责令书面检查',
  circulated_criticism: '通报批评',
  admonition_talk: '诫勉谈话',
  post_adjustment: '组织调整',
  transfer_to_discipline: '移送纪检监察机关',
};

export interface RecordView {
  id: string;
  number: number;
  situation: string;
  situationTitle: string;
  category: string;
  source: string;
  status: RecordStatus;
  statusTitle: string;
  subject: { orgId: string; memberId: string | null; name: string | null };
  candidateId: string | null;
  occurredOn: string;
  facts: string;
  decision: {
    handling: Handling;
    handlingTitle: string;
    authority: string;
    decidedOn: string;
    rulesVersion: string | null;
  } | null;
  dismissReason: string | null;
  rulesVersion: string;
  createdAt: string;
  updatedAt: string;
}

export interface HistoryItem {
  seq: number;
  event: string;
  from: RecordStatus | null;
  to: RecordStatus;
  at: string;
  actor: { name: string; role: string };
  rulesVersion: string;
  hash: string;
}

export const toRecordView = (r: AccountabilityRecord, situation: Situation | undefined): RecordView => ({
  id: r.id,
  number: r.filingSeq,
  situation: r.situation,
  situationTitle: situation?.title ?? r.situation,
  category: situation?.category ?? r.situation.slice(0, 1),
  source: r.source,
  status: r.status,
  statusTitle: STATUS_ZH[r.status],
  subject: { orgId: r.orgId, memberId: r.subjectMemberId, name: r.subjectName },
  candidateId: r.candidateId,
  occurredOn: r.occurredOn,
  facts: r.facts,
  decision:
    r.handling && r.authority && r.decidedOn
      ? {
          handling: r.handling,
          handlingTitle: HANDLING_ZH[r.handling],
          authority: r.authority,
          decidedOn: r.decidedOn,
          rulesVersion: r.decisionRulesVersion,
        }
      : null,
  dismissReason: r.dismissReason,
  rulesVersion: r.rulesVersion,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

export const toHistoryItem = (e: LedgerEntry): HistoryItem => {
  const c = JSON.parse(e.content) as {
    from: RecordStatus | null;
    to: RecordStatus;
    at: string;
    actor: { name: string; role: string };
    rulesVersion: string;
  };
  return {
    seq: e.seq,
    event: e.event,
    from: c.from,
    to: c.to,
    at: c.at,
    actor: { name: c.actor.name, role: c.actor.role },
    rulesVersion: c.rulesVersion,
    hash: e.hash,
  };
};
