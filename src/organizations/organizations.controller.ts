import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentCaller } from '../auth/decorators';
import { ANY_ROLE, BRANCH_UP, Caller, DEPARTMENT_UP } from '../auth/roles';
import { PageQuery } from '../common/pagination';
import { IdParam } from '../common/params';
import { CreateMemberDto, CreateOrganizationDto, ListOrganizationsQuery, UpdateMemberDto } from './dto';
import { OrganizationsService } from './organizations.service';
import { Idempotency } from '../common/idempotency.interceptor';
import { ImportQuery, ImportUpload, UploadedFile, XlsxDownload } from '../office/http';

@ApiTags('organizations')
@ApiBearerAuth()
@Controller()
export class OrganizationsController {
  constructor(private readonly orgs: OrganizationsService) {}

  @Post('organizations')
  @Allow(...DEPARTMENT_UP)
  @Idempotency('create')
  create(@CurrentCaller() caller: Caller, @Body() dto: CreateOrganizationDto) {
    return this.orgs.create(caller, dto);
  }

  @Get('organizations')
  @Allow(...ANY_ROLE)
  list(@CurrentCaller() caller: Caller, @Query() query: ListOrganizationsQuery) {
    return this.orgs.list(caller, query);
  }

  @Get('organizations/:id')
  @Allow(...ANY_ROLE)
  get(@CurrentCaller() caller: Caller, @IdParam() id: string) {
    return this.orgs.get(caller, id);
  }

  @Post('organizations/:id/members')
  @Allow(...BRANCH_UP)
  @Idempotency('create')
  addMember(@CurrentCaller() caller: Caller, @IdParam() id: string, @Body() dto: CreateMemberDto) {
    return this.orgs.addMember(caller, id, dto);
  }

  @Post('organizations/:id/members/import')
  @Allow(...BRANCH_UP)
  @Idempotency('create')
  @ImportUpload()
  importMembers(
    @CurrentCaller() caller: Caller,
    @IdParam() id: string,
    @Query() query: ImportQuery,
    @UploadedFile() file: Buffer,
  ) {
    return this.orgs.importMembers(caller, id, file, query.dryRun === 'true');
  }

  @Get('templates/members.xlsx')
  @Allow(...ANY_ROLE)
  @XlsxDownload('党员名册导入模板')
  memberTemplate() {
    return this.orgs.memberTemplate();
  }

  @Get('organizations/:id/members')
  @Allow(...ANY_ROLE)
  listMembers(@CurrentCaller() caller: Caller, @IdParam() id: string, @Query() query: PageQuery) {
    return this.orgs.listMembers(caller, id, query);
  }

  @Patch('members/:id')
  @Allow(...BRANCH_UP)
  @HttpCode(200)
  updateMember(@CurrentCaller() caller: Caller, @IdParam() id: string, @Body() dto: UpdateMemberDto) {
    return this.orgs.updateMember(caller, id, dto);
  }
}
