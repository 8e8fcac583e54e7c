import { Body, Controller, Get, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentCaller } from '../auth/decorators';
import { ANY_ROLE, BRANCH_UP, Caller, COMMITTEE_UP } from '../auth/roles';
import { Idempotency } from '../common/idempotency.interceptor';
import { IdParam } from '../common/params';
import { CandidatesService } from './candidates.service';
import {
  ActivistDto,
  AssessmentDto,
  BatchDto,
  CorrectCandidateDto,
  CreateCandidateDto,
  DevelopmentObjectDto,
  ListCandidatesQuery,
  MembersDto,
  OptionalReasonDto,
  PoliticalReviewDto,
  PreReviewDto,
  ReasonDto,
  StepCorrectionDto,
  TalkDto,
  TrainingDto,
  TransferDto,
} from './dto';

/**
 * SPEC §5 and §13: the candidate, its pipeline commands (POST /api/candidates/:id/<command>),
 * corrections, transfers and batches. Each command is one line: its rules command and body.
 */
@ApiTags('candidates')
@ApiBearerAuth()
@Controller('candidates')
export class CandidatesController {
  constructor(private readonly candidates: CandidatesService) {}

  @Post()
  @Allow(...BRANCH_UP)
  @Idempotency('create')
  create(@CurrentCaller() c: Caller, @Body() dto: CreateCandidateDto) {
    return this.candidates.create(c, dto);
  }

  @Get()
  @Allow(...ANY_ROLE)
  list(@CurrentCaller() c: Caller, @Query() query: ListCandidatesQuery) {
    return this.candidates.list(c, query);
  }

  @Post('batch')
  @Allow(...BRANCH_UP)
  batch(@CurrentCaller() c: Caller, @Body() dto: BatchDto) {
    return this.candidates.batch(c, dto);
  }

  @Get(':id')
  @Allow(...ANY_ROLE)
  detail(@CurrentCaller() c: Caller, @IdParam() id: string) {
    return this.candidates.detail(c, id);
  }

  @Patch(':id')
  @Allow(...BRANCH_UP)
  correct(@CurrentCaller() c: Caller, @IdParam() id: string, @Body() dto: CorrectCandidateDto) {
    return this.candidates.correct(c, id, dto);
  }

  @Post(':id/events/:seq/corrections')
  @Allow(...BRANCH_UP)
  correctStep(
    @CurrentCaller() c: Caller,
    @IdParam() id: string,
    @Param('seq', ParseIntPipe) seq: number,
    @Body() dto: StepCorrectionDto,
  ) {
    return this.candidates.correctStep(c, id, seq, dto);
  }

  @Post(':id/transfer')
  @Allow(...COMMITTEE_UP)
  transfer(@CurrentCaller() c: Caller, @IdParam() id: string, @Body() dto: TransferDto) {
    return this.candidates.transfer(c, id, dto);
  }

  @Post(':id/talk')
  @Allow(...BRANCH_UP)
  talk(@CurrentCaller() c: Caller, @IdParam() id: string, @Body() dto: TalkDto) {
    return this.candidates.command(c, id, { type: 'talk', data: dto });
  }

  @Post(':id/activist')
  @Allow(...BRANCH_UP)
  activist(@CurrentCaller() c: Caller, @IdParam() id: string, @Body() dto: ActivistDto) {
    return this.candidates.command(c, id, { type: 'activist', data: dto });
  }

  @Post(':id/cultivators')
  @Allow(...BRANCH_UP)
  cultivators(@CurrentCaller() c: Caller, @IdParam() id: string, @Body() dto: MembersDto) {
    return this.candidates.command(c, id, { type: 'cultivators', data: dto });
  }

  @Post(':id/assessments')
  @Allow(...BRANCH_UP)
  assessment(@CurrentCaller() c: Caller, @IdParam() id: string, @Body() dto: AssessmentDto) {
    return this.candidates.command(c, id, { type: 'assessments', data: dto });
  }

  @Post(':id/development-object')
  @Allow(...BRANCH_UP)
  developmentObject(@CurrentCaller() c: Caller, @IdParam() id: string, @Body() dto: DevelopmentObjectDto) {
    return this.candidates.command(c, id, { type: 'development-object', data: dto });
  }

  @Post(':id/introducers')
  @Allow(...BRANCH_UP)
  introducers(@CurrentCaller() c: Caller, @IdParam() id: string, @Body() dto: MembersDto) {
    return this.candidates.command(c, id, { type: 'introducers', data: dto });
  }

  @Post(':id/political-review')
  @Allow(...BRANCH_UP)
  politicalReview(@CurrentCaller() c: Caller, @IdParam() id: string, @Body() dto: PoliticalReviewDto) {
    return this.candidates.command(c, id, { type: 'political-review', data: dto });
  }

  @Post(':id/training')
  @Allow(...BRANCH_UP)
  training(@CurrentCaller() c: Caller, @IdParam() id: string, @Body() dto: TrainingDto) {
    return this.candidates.command(c, id, { type: 'training', data: dto });
  }

  @Post(':id/pre-review')
  @Allow(...COMMITTEE_UP)
  preReview(@CurrentCaller() c: Caller, @IdParam() id: string, @Body() dto: PreReviewDto) {
    return this.candidates.command(c, id, { type: 'pre-review', data: dto });
  }

  @Post(':id/reject')
  @Allow(...BRANCH_UP)
  reject(@CurrentCaller() c: Caller, @IdParam() id: string, @Body() dto: ReasonDto) {
    return this.candidates.command(c, id, { type: 'reject', data: dto });
  }

  @Post(':id/withdraw')
  @Allow(...BRANCH_UP)
  withdraw(@CurrentCaller() c: Caller, @IdParam() id: string, @Body() dto: OptionalReasonDto) {
    return this.candidates.command(c, id, { type: 'withdraw', data: dto });
  }

  @Post(':id/defer')
  @Allow(...BRANCH_UP)
  defer(@CurrentCaller() c: Caller, @IdParam() id: string, @Body() dto: ReasonDto) {
    return this.candidates.command(c, id, { type: 'defer', data: dto });
  }

  @Post(':id/resume')
  @Allow(...BRANCH_UP)
  resume(@CurrentCaller() c: Caller, @IdParam() id: string, @Body() dto: ReasonDto) {
    return this.candidates.command(c, id, { type: 'resume', data: dto });
  }
}
