import { Injectable } from '@nestjs/common';
import type { Caller } from '../auth/roles';
import { RulesProfileService } from '../config/rules-profile.service';
import { DeadlinesService } from '../deadlines/deadlines.service';
import { TransactionRunner } from '../database/transaction';
import { AccountabilityService } from '../accountability/accountability.service';
import { Command, talkDue } from '../rules';
import { CandidatesService, Effect } from './candidates.service';
import {
  ActivistDto,
  AssessmentDto,
  DevelopmentObjectDto,
  MembersDto,
  OptionalReasonDto,
  PoliticalReviewDto,
  PreReviewDto,
  ReasonDto,
  TalkDto,
  TrainingDto,
} from './dto';
import { clearAdmissionRound } from './record';
import { CandidateDetail } from './views';

/** SPEC §5 rows 1–8, 10, 19–21: each command is its rules Command plus its effect. */
@Injectable()
export class PipelineService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly candidates: CandidatesService,
    private readonly deadlines: DeadlinesService,
    private readonly rules: RulesProfileService,
    private readonly accountability: AccountabilityService,
  ) {}

  private async run(caller: Caller, id: string, command: Command, input: object, effect: Effect): Promise<CandidateDetail> {
    await this.tx.run((em) => this.candidates.runCommand(em, caller, id, command, input, effect));
    return this.candidates.detail(caller, id);
  }

  talk(caller: Caller, id: string, dto: TalkDto) {
    return this.run(caller, id, { type: 'talk', date: dto.date, by: dto.by }, dto, async (c, r, em) => {
      r.talkDate = dto.date;
      await this.deadlines.resolve(em, c.id, 'talk');
      const due = talkDue(c.applicationDate, this.rules.profile);
      if (dto.date > due) {
        // 细则: talk within one month; a late talk is recorded but raises A01
        await this.accountability.raise(em, {
          situation: 'A01',
          orgId: c.orgId,
          candidateId: c.id,
          occurredOn: dto.date,
          facts: `${c.name}于 ${c.applicationDate} 递交入党申请，应于 ${due} 前谈话，实际谈话日期 ${dto.date}`,
          dedupeKey: `A01:${c.id}`,
        });
      }
    });
  }

  activist(caller: Caller, id: string, dto: ActivistDto) {
    return this.run(caller, id, { type: 'activist', ...dto }, dto, async (c, r, em) => {
      c.stage = 'activist';
      r.activistDate = dto.date;
      await this.candidates.scheduleAssessment(em, c, dto.date, dto.date);
    });
  }

  cultivators(caller: Caller, id: string, dto: MembersDto) {
    return this.assign(caller, id, 'cultivators', dto);
  }

  assessment(caller: Caller, id: string, dto: AssessmentDto) {
    return this.run(caller, id, { type: 'assessments', ...dto }, dto, async (c, r, em) => {
      r.assessments = [...(r.assessments ?? []), dto.date].sort();
      await this.deadlines.resolve(em, c.id, 'assessment');
      if (r.activistDate) await this.candidates.scheduleAssessment(em, c, r.activistDate, dto.date);
    });
  }

  developmentObject(caller: Caller, id: string, dto: DevelopmentObjectDto) {
    return this.run(caller, id, { type: 'development-object', ...dto }, dto, (c, r) => {
      c.stage = 'development_object';
      r.developmentObjectDate = dto.date;
    });
  }

  introducers(caller: Caller, id: string, dto: MembersDto) {
    return this.assign(caller, id, 'introducers', dto);
  }

  /** Cultivators and introducers: roster members of the candidate's branch, resolved before the gates. */
  private async assign(caller: Caller, id: string, type: 'cultivators' | 'introducers', dto: MembersDto) {
    await this.tx.run(async (em) => {
      const candidate = await this.candidates.requireInScope(em, caller, id, true);
      const command: Command = { type, members: await this.candidates.branchMembers(em, candidate, dto.memberIds) };
      await this.candidates.check(em, candidate, command);
      await this.candidates.apply(em, caller, candidate, command, dto, (_c, r) => {
        if (type === 'cultivators') r.cultivatorIds = dto.memberIds;
        else r.introducerIds = dto.memberIds;
      });
    });
    return this.candidates.detail(caller, id);
  }

  politicalReview(caller: Caller, id: string, dto: PoliticalReviewDto) {
    return this.run(caller, id, { type: 'political-review', ...dto }, dto, (_c, r) => {
      r.politicalReview = { date: dto.date, result: dto.result };
    });
  }

  training(caller: Caller, id: string, dto: TrainingDto) {
    return this.run(caller, id, { type: 'training', ...dto }, dto, (_c, r) => {
      r.trainings = [...(r.trainings ?? []), { ...dto }];
    });
  }

  preReview(caller: Caller, id: string, dto: PreReviewDto) {
    return this.run(caller, id, { type: 'pre-review', date: dto.date, result: dto.result }, dto, (c, r) => {
      r.preReview = { date: dto.date, result: dto.result };
      if (dto.result === 'failed') {
        // SPEC §5 row 10: a failed pre-review sends the candidate back to activist (assessments go on)
        c.stage = 'activist';
        clearAdmissionRound(r);
      }
    });
  }

  reject(caller: Caller, id: string, dto: ReasonDto) {
    return this.run(caller, id, { type: 'reject', date: dto.date, reason: dto.reason }, dto, (c, r) => {
      c.stage = 'rejected';
      r.closedOn = dto.date;
      r.closedReason = dto.reason;
    });
  }

  withdraw(caller: Caller, id: string, dto: OptionalReasonDto) {
    return this.run(caller, id, { type: 'withdraw', date: dto.date, reason: dto.reason }, dto, (c, r) => {
      c.stage = 'withdrawn';
      r.closedOn = dto.date;
      r.closedReason = dto.reason;
    });
  }

  defer(caller: Caller, id: string, dto: ReasonDto) {
    return this.run(caller, id, { type: 'defer', date: dto.date, reason: dto.reason }, dto, (c, r) => {
      c.deferred = true;
      r.deferredOn = dto.date;
    });
  }

  resume(caller: Caller, id: string, dto: ReasonDto) {
    return this.run(caller, id, { type: 'resume', date: dto.date, reason: dto.reason }, dto, (c, r) => {
      c.deferred = false;
      delete r.deferredOn;
    });
  }
}
