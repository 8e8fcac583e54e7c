import { Module } from '@nestjs/common';
import { ComplaintsModule } from '../complaints';
import { PublicityModule } from '../publicity';
import { NoticePageController } from './notice-page.controller';
import { PublicController } from './public.controller';

/** No-login side of publicity: JSON under /api/public and the notice pages under /notices. */
@Module({
  imports: [PublicityModule, ComplaintsModule],
  controllers: [PublicController, NoticePageController],
})
export class PublicModule {}
