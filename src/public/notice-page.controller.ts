import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/decorators';
import { NotFound } from '../common/domain-error';
import { PublicityService } from '../publicity';
import { NOTICE_CSS, NOTICE_JS, renderNotFoundPage, renderNoticePage } from './notice-page';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** GET /notices/:id (outside /api): the notice as a Chinese web page with its complaint form (SPEC §6). */
@ApiExcludeController()
@Public()
@Controller('notices')
export class NoticePageController {
  constructor(private readonly publicity: PublicityService) {}

  /** The page's style and script, as files: the Content-Security-Policy allows no inline code. */
  @Get('notice.css')
  async css(@Res() reply: FastifyReply): Promise<void> {
    await reply.header('cache-control', 'public, max-age=3600').type('text/css; charset=utf-8').send(NOTICE_CSS);
  }

  @Get('notice.js')
  async js(@Res() reply: FastifyReply): Promise<void> {
    await reply.header('cache-control', 'public, max-age=3600').type('text/javascript; charset=utf-8').send(NOTICE_JS);
  }

  @Get(':id')
  async page(@Param('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    let html: string;
    try {
      if (!UUID.test(id)) throw new NotFound('NOT_FOUND', '公示不存在');
      html = renderNoticePage(await this.publicity.publicNotice(id));
    } catch (err) {
      if (!(err instanceof NotFound)) throw err;
      await reply.status(404).type('text/html; charset=utf-8').send(renderNotFoundPage());
      return;
    }
    await reply.status(200).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html);
  }
}
