import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentCaller, Public } from '../auth/decorators';
import { Idempotency } from '../common/idempotency.interceptor';
import { BRANCH_UP, Caller } from '../auth/roles';
import { IdParam } from '../common/params';
import {
  AttendanceDto,
  BallotPaperQuery,
  BallotPapersDto,
  CastBallotDto,
  CloseVoteDto,
  CountsDto,
  CreateVoteDto,
  ListVotesQuery,
  MAX_CANDIDATES,
  VoidVoteDto,
  WrittenOpinionDto,
} from './dto';
import { Ballots } from './ballots.service';
import { VoteClose } from './close.service';
import { VoteSessions } from './sessions.service';
import { VoteFiles } from './vote-files.service';
import { CastBallotBody } from './validators';
import { DocxDownload, XlsxDownload } from '../office/http';

/**
 * SPEC §7. Every handler admits branch-and-up; the service narrows by level (committee
 * votes: committee and up; plan votes: department and up).
 */
@ApiTags('voting')
@ApiBearerAuth()
@Controller()
export class VotingController {
  constructor(
    private readonly sessions: VoteSessions,
    private readonly ballots: Ballots,
    private readonly closer: VoteClose,
    private readonly files: VoteFiles,
  ) {}

  @Post('votes')
  @Allow(...BRANCH_UP)
  @Idempotency('create')
  create(@CurrentCaller() c: Caller, @Body() dto: CreateVoteDto) {
    return this.sessions.create(c, dto);
  }

  @Get('votes')
  @Allow(...BRANCH_UP)
  list(@CurrentCaller() c: Caller, @Query() query: ListVotesQuery) {
    return this.sessions.list(c, query);
  }

  @Get('votes/:id')
  @Allow(...BRANCH_UP)
  get(@CurrentCaller() c: Caller, @IdParam() id: string) {
    return this.sessions.get(c, id);
  }

  @Post('votes/:id/attendance')
  @Allow(...BRANCH_UP)
  attendance(@CurrentCaller() c: Caller, @IdParam() id: string, @Body() dto: AttendanceDto) {
    return this.sessions.attendance(c, id, dto);
  }

  @Post('votes/:id/written-opinions')
  @Allow(...BRANCH_UP)
  writtenOpinion(@CurrentCaller() c: Caller, @IdParam() id: string, @Body() dto: WrittenOpinionDto) {
    return this.sessions.writtenOpinion(c, id, dto);
  }

  @Post('votes/:id/counts')
  @Allow(...BRANCH_UP)
  counts(@CurrentCaller() c: Caller, @IdParam() id: string, @Body() dto: CountsDto) {
    return this.sessions.counts(c, id, dto);
  }

  /** The first papers also bring the tellers' key, once: nothing of the answer is stored. */
  @Post('votes/:id/ballot-papers')
  @Allow(...BRANCH_UP)
  @Idempotency('refuse')
  ballotPapers(@CurrentCaller() c: Caller, @IdParam() id: string, @Body() dto: BallotPapersDto) {
    return this.ballots.ballotPapers(c, id, dto);
  }

  @Post('votes/:id/close')
  @Allow(...BRANCH_UP)
  close(@CurrentCaller() c: Caller, @IdParam() id: string, @Body() dto: CloseVoteDto) {
    return this.closer.close(c, id, dto);
  }

  @Post('votes/:id/void')
  @Allow(...BRANCH_UP)
  void(@CurrentCaller() c: Caller, @IdParam() id: string, @Body() dto: VoidVoteDto) {
    return this.sessions.void(c, id, dto);
  }

  @Get('votes/:id/result')
  @Allow(...BRANCH_UP)
  result(@CurrentCaller() c: Caller, @IdParam() id: string) {
    return this.closer.result(c, id);
  }

  @Get('votes/:id/result.xlsx')
  @Allow(...BRANCH_UP)
  @XlsxDownload('表决结果')
  resultSheet(@CurrentCaller() c: Caller, @IdParam() id: string) {
    return this.files.resultSheet(c, id);
  }

  @Get('votes/:id/record.docx')
  @Allow(...BRANCH_UP)
  @DocxDownload('票决情况报告')
  record(@CurrentCaller() c: Caller, @IdParam() id: string) {
    return this.files.record(c, id);
  }

  /** No login: what a paper is for, without using it (SPEC §7.3); the code never reaches a log. */
  @Get('ballots/paper')
  @Public()
  paper(@Query() query: BallotPaperQuery) {
    return this.sessions.paper(query.code);
  }

  /** No login: the one-time code is the credential (SPEC §7.3). Bodies are never logged; Idempotency-Key is ignored (a used code answers 409). */
  // The hot path of a vote: no rate limit (a meeting shares one address), and no Content-Security-Policy,
  // which a JSON answer does not need. The body is checked by
  // CastBallotBody (the same 400 as the validation pipe's for CastBallotDto, without class-transformer).
  // Served by ballotCastRoute (ballots.route.ts): Fastify calls the same check and service without
  // Nest's router; this handler declares the route, its config and its documentation.
  @Post('ballots')
  @Public()
  @RouteConfig({ rateLimit: false, helmet: { contentSecurityPolicy: false } })
  @ApiBody({ type: CastBallotDto })
  cast(@CastBallotBody(MAX_CANDIDATES) dto: CastBallotDto) {
    return this.ballots.cast(dto);
  }
}
