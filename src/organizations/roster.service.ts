import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { Clock } from '../common/clock';
import { RuleViolation } from '../common/domain-error';
import { newId } from '../common/ids';
import { insertRows } from '../database/bulk';
import type { MemberFacts } from '@admissions/rules';
import { Member } from './member.entity';
import { Organization } from './organization.entity';

const CHUNK = 1000;

/** The branch roster as the pipeline sees and changes it: written here and nowhere else. */
@Injectable()
export class RosterService {
  constructor(private readonly clock: Clock) {}

  /** Roster facts of members by id, whatever their branch. */
  async facts(em: EntityManager, ids: readonly string[]): Promise<Map<string, MemberFacts>> {
    const out = new Map<string, MemberFacts>();
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += CHUNK) {
      for (const m of await em.find(Member, { where: { id: In(unique.slice(i, i + CHUNK)) } }))
        out.set(m.id, asFacts(m));
    }
    return out;
  }

  /** One member with their branch's path, or null. */
  async find(
    em: EntityManager,
    id: string,
  ): Promise<{ id: string; name: string; orgId: string; orgPath: string } | null> {
    const m = await em.findOne(Member, { where: { id } });
    const org = m ? await em.findOne(Organization, { select: { id: true, path: true }, where: { id: m.orgId } }) : null;
    return m && org ? { id: m.id, name: m.name, orgId: m.orgId, orgPath: org.path } : null;
  }

  /** Members of one branch by id, in the order given; 422 for ids not on its roster. */
  async ofBranch(
    em: EntityManager,
    orgId: string,
    ids: readonly string[],
  ): Promise<(MemberFacts & { name: string })[]> {
    if (ids.length === 0) return [];
    const rows = await em.find(Member, { where: { id: In([...ids]), orgId } });
    const missing = ids.filter((id) => !rows.some((m) => m.id === id));
    if (missing.length)
      throw new RuleViolation('MEMBER_NOT_IN_BRANCH', `以下人员不在本支部党员名册中: ${missing.join('、')}`);
    return ids.map((id) => {
      const m = rows.find((row) => row.id === id)!;
      return { ...asFacts(m), name: m.name };
    });
  }

  /** Members of a branch who may vote (formal, with voting rights). */
  async votersOf(em: EntityManager, orgId: string): Promise<Set<string>> {
    const rows = await em.find(Member, { select: { id: true, status: true, votingRights: true }, where: { orgId } });
    return new Set(rows.filter((m) => m.status === 'formal' && !!m.votingRights).map((m) => m.id));
  }

  /** Names of members by id, whatever their branch (a record names its cultivators and introducers). */
  async names(em: EntityManager, ids: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += CHUNK) {
      for (const m of await em.find(Member, {
        select: { id: true, name: true },
        where: { id: In(unique.slice(i, i + CHUNK)) },
      }))
        out.set(m.id, m.name);
    }
    return out;
  }

  /** Names of members of one branch by id (others are left out). */
  async namesIn(em: EntityManager, orgId: string, ids: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (let i = 0; i < ids.length; i += CHUNK) {
      for (const m of await em.find(Member, {
        select: { id: true, name: true },
        where: { id: In(ids.slice(i, i + CHUNK)), orgId },
      }))
        out.set(m.id, m.name);
    }
    return out;
  }

  /** 接收为预备党员: the admitted candidates join their branch's roster. */
  async admit(
    em: EntityManager,
    rows: readonly { candidateId: string; orgId: string; name: string; joinedOn: string }[],
  ): Promise<void> {
    const createdAt = this.clock.now().toISOString();
    await insertRows(
      em,
      Member,
      rows.map((r) => ({
        id: newId(),
        orgId: r.orgId,
        name: r.name,
        status: 'probationary' as const,
        votingRights: true,
        joinedOn: r.joinedOn,
        candidateId: r.candidateId,
        createdAt,
      })),
    );
  }

  /** 转为正式党员. */
  async convert(em: EntityManager, candidateIds: readonly string[]): Promise<void> {
    for (let i = 0; i < candidateIds.length; i += CHUNK)
      await em.update(Member, { candidateId: In(candidateIds.slice(i, i + CHUNK)) }, { status: 'formal' });
  }

  /** 取消预备党员资格: the probationary record leaves the roster. */
  async removeProbationary(em: EntityManager, candidateIds: readonly string[]): Promise<void> {
    for (let i = 0; i < candidateIds.length; i += CHUNK)
      await em.delete(Member, { candidateId: In(candidateIds.slice(i, i + CHUNK)), status: 'probationary' });
  }

  /** A transferred probationary member's roster record moves with them. */
  async move(em: EntityManager, candidateId: string, toOrgId: string): Promise<void> {
    await em.update(Member, { candidateId }, { orgId: toOrgId });
  }
}

const asFacts = (m: Member): MemberFacts => ({
  id: m.id,
  formal: m.status === 'formal',
  votingRights: !!m.votingRights,
});
