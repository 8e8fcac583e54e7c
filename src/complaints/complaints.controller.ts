import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentCaller } from '../auth/decorators';
import { Caller, COMMITTEE_UP } from '../auth/roles';
import { IdParam } from '../common/params';
import { ComplaintsService } from './complaints.service';
import { ListComplaintsQuery, StaffComplaintDto, VerificationDto } from './dto';
import { Idempotency } from '../common/idempotency.interceptor';

/** SPEC §6: complaints, staff side. Contents are for committees and departments only (SPEC §12). */
@ApiTags('complaints')
@ApiBearerAuth()
@Controller('complaints')
export class ComplaintsController {
  constructor(private readonly complaints: ComplaintsService) {}

  @Post()
  @Allow(...COMMITTEE_UP)
  @Idempotency('create')
  create(@CurrentCaller() c: Caller, @Body() dto: StaffComplaintDto) {
    return this.complaints.fileStaff(c, dto);
  }

  @Get()
  @Allow(...COMMITTEE_UP)
  list(@CurrentCaller() c: Caller, @Query() query: ListComplaintsQuery) {
    return this.complaints.list(c, query);
  }

  @Get(':id')
  @Allow(...COMMITTEE_UP)
  get(@CurrentCaller() c: Caller, @IdParam() id: string) {
    return this.complaints.get(c, id);
  }

  @Post(':id/verification')
  @Allow(...COMMITTEE_UP)
  verify(@CurrentCaller() c: Caller, @IdParam() id: string, @Body() dto: VerificationDto) {
    return this.complaints.verify(c, id, dto);
  }
}
