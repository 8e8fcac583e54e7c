import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/decorators';
import { IdParam } from '../common/params';
import { ComplaintsService } from '../complaints';
import { PublicComplaintDto } from '../complaints';
import { PublicNoticesQuery } from '../publicity';
import { PublicityService } from '../publicity';

/** SPEC §6: what the public reads and files during publicity, without login. */
@ApiTags('public')
@Public()
@Controller('public')
export class PublicController {
  constructor(
    private readonly publicity: PublicityService,
    private readonly complaints: ComplaintsService,
  ) {}

  @Get('notices')
  notices(@Query() query: PublicNoticesQuery) {
    return this.publicity.listActive(query);
  }

  @Get('notices/:id')
  notice(@IdParam() id: string) {
    return this.publicity.publicNotice(id);
  }

  @Post('complaints')
  file(@Body() dto: PublicComplaintDto) {
    return this.complaints.filePublic(dto);
  }

  @Get('complaints/:trackingCode')
  status(@Param('trackingCode') code: string) {
    return this.complaints.status(code);
  }
}
