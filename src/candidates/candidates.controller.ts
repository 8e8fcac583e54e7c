import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentCaller } from '../auth/decorators';
import { ANY_ROLE, BRANCH_UP, Caller, COMMITTEE_UP } from '../auth/roles';
import { IdParam } from '../common/params';
import { CandidatesService } from './candidates.service';
import {
  ActivistDto,
  AssessmentDto,
  CreateCandidateDto,
  DevelopmentObjectDto,
  ListCandidatesQuery,
  MembersDto,
  OptionalReasonDto,
  PoliticalReviewDto,
  PreReviewDto,
  ReasonDto,
  TalkDto,
  TrainingDto,
} from './dto';
import { PipelineService } from './pipeline.service';
import { Idempotency } from '../common/idempotency.interceptor';

/** SPEC §5: the candidate and its pipeline commands (POST /api/candidates/:id/<command>). */
@ApiTags('candidates')
@ApiBearerAuth()
@Controller('candidates')
export class CandidatesController {
  constructor(
    private readonly candidates: CandidatesService,
    private readonly pipeline: PipelineService,
  ) {}

  @Post() @Allow(...BRANCH_UP) @Idempotency('create')
  create(@CurrentCaller() c: Caller, @Body() dto: CreateCandidateDto) {
    return this.candidates.create(c, dto);
  }

  @Get() @Allow(...ANY_ROLE)
  list(@CurrentCaller() c: Caller, @Query() query: ListCandidatesQuery) {
    return this.candidates.list(c, query);
  }

  @Get(':id') @Allow(...ANY_ROLE)
  detail(@CurrentCaller() c: Caller, @IdParam() id: string) {
    return this.candidates.detail(c, id);
  }

  @Post(':id/talk') @Allow(...BRANCH_UP)
  talk(@CurrentCaller() c: Caller, @IdParam() id: string, @Body() dto: TalkDto) {
    return this.pipeline.talk(c, id, dto);
  }

  @Post(':id/activist') @Allow(...BRANCH_UP)
  activist(@CurrentCaller() c: Caller, @IdParam() id: string, @Body() dto: ActivistDto) {
    return this.pipeline.activist(c, id, dto);
  }

  @Post(':id/cultivators') @Allow(...BRANCH_UP)
  cultivators(@CurrentCaller() c: Caller, @IdParam() id: string, @Body() dto: MembersDto) {
    return this.pipeline.cultivators(c, id, dto);
  }

  @Post(':id/assessments') @Allow(...BRANCH_UP)
  assessment(@CurrentCaller() c: Caller, @IdParam() id: string, @Body() dto: AssessmentDto) {
    return this.pipeline.assessment(c, id, dto);
  }

  @Post(':id/development-object') @Allow(...BRANCH_UP)
  developmentObject(@CurrentCaller() c: Caller, @IdParam() id: string, @Body() dto: DevelopmentObjectDto) {
    return this.pipeline.developmentObject(c, id, dto);
  }

  @Post(':id/introducers') @Allow(...BRANCH_UP)
  introducers(@CurrentCaller() c: Caller, @IdParam() id: string, @Body() dto: MembersDto) {
    return this.pipeline.introducers(c, id, dto);
  }

  @Post(':id/political-review') @Allow(...BRANCH_UP)
  politicalReview(@CurrentCaller() c: Caller, @IdParam() id: string, @Body() dto: PoliticalReviewDto) {
    return this.pipeline.politicalReview(c, id, dto);
  }

  @Post(':id/training') @Allow(...BRANCH_UP)
  training(@CurrentCaller() c: Caller, @IdParam() id: string, @Body() dto: TrainingDto) {
    return this.pipeline.training(c, id, dto);
  }

  @Post(':id/pre-review') @Allow(...COMMITTEE_UP)
  preReview(@CurrentCaller() c: Caller, @IdParam() id: string, @Body() dto: PreReviewDto) {
    return this.pipeline.preReview(c, id, dto);
  }

  @Post(':id/reject') @Allow(...BRANCH_UP)
  reject(@CurrentCaller() c: Caller, @IdParam() id: string, @Body() dto: ReasonDto) {
    return this.pipeline.reject(c, id, dto);
  }

  @Post(':id/withdraw') @Allow(...BRANCH_UP)
  withdraw(@CurrentCaller() c: Caller, @IdParam() id: string, @Body() dto: OptionalReasonDto) {
    return this.pipeline.withdraw(c, id, dto);
  }

  @Post(':id/defer') @Allow(...BRANCH_UP)
  defer(@CurrentCaller() c: Caller, @IdParam() id: string, @Body() dto: ReasonDto) {
    return this.pipeline.defer(c, id, dto);
  }

  @Post(':id/resume') @Allow(...BRANCH_UP)
  resume(@CurrentCaller() c: Caller, @IdParam() id: string, @Body() dto: ReasonDto) {
    return this.pipeline.resume(c, id, dto);
  }
}
