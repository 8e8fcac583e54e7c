import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentCaller } from '../auth/decorators';
import { Caller, COMMITTEE_UP, DEPARTMENT_UP } from '../auth/roles';
import { IdParam } from '../common/params';
import { AccountabilityService } from './accountability.service';
import { CreateRecordDto, DecideDto, DismissDto, ListRecordsQuery } from './dto';
import { Idempotency } from '../common/idempotency.interceptor';
import { XlsxDownload } from '../office/http';

/** SPEC §9, §12: committees file, read, investigate and dismiss; departments decide and close. */
@ApiTags('accountability')
@ApiBearerAuth()
@Controller('accountability')
export class AccountabilityController {
  constructor(private readonly accountability: AccountabilityService) {}

  @Get('catalog')
  @Allow(...COMMITTEE_UP)
  catalog() {
    return this.accountability.getCatalog();
  }

  @Post('records')
  @Allow(...COMMITTEE_UP)
  @Idempotency('create')
  create(@CurrentCaller() caller: Caller, @Body() dto: CreateRecordDto) {
    return this.accountability.create(caller, dto);
  }

  @Get('records')
  @Allow(...COMMITTEE_UP)
  list(@CurrentCaller() caller: Caller, @Query() query: ListRecordsQuery) {
    return this.accountability.list(caller, query);
  }

  @Get('records/export.xlsx')
  @Allow(...COMMITTEE_UP)
  @XlsxDownload('责任追究记录（列表的筛选条件）')
  export(@CurrentCaller() caller: Caller, @Query() query: ListRecordsQuery) {
    return this.accountability.export(caller, query);
  }

  @Get('records/:id')
  @Allow(...COMMITTEE_UP)
  get(@CurrentCaller() caller: Caller, @IdParam() id: string) {
    return this.accountability.get(caller, id);
  }

  @Post('records/:id/investigate')
  @Allow(...COMMITTEE_UP)
  @HttpCode(200)
  investigate(@CurrentCaller() caller: Caller, @IdParam() id: string) {
    return this.accountability.investigate(caller, id);
  }

  @Post('records/:id/decide')
  @Allow(...DEPARTMENT_UP)
  @HttpCode(200)
  decide(@CurrentCaller() caller: Caller, @IdParam() id: string, @Body() dto: DecideDto) {
    return this.accountability.decide(caller, id, dto);
  }

  @Post('records/:id/close')
  @Allow(...DEPARTMENT_UP)
  @HttpCode(200)
  close(@CurrentCaller() caller: Caller, @IdParam() id: string) {
    return this.accountability.close(caller, id);
  }

  @Post('records/:id/dismiss')
  @Allow(...COMMITTEE_UP)
  @HttpCode(200)
  dismiss(@CurrentCaller() caller: Caller, @IdParam() id: string, @Body() dto: DismissDto) {
    return this.accountability.dismiss(caller, id, dto);
  }

  @Get('ledger/verify')
  @Allow(...COMMITTEE_UP)
  verify() {
    return this.accountability.verifyLedger();
  }
}
