import { applyDecorators, createParamDecorator, ExecutionContext, HttpCode } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiProduces, ApiResponse } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import { IsOptional } from '../common/validators';
import { DOCX_TYPE, XLSX_TYPE } from './files';
import { ImportUnreadable, MAX_IMPORT_ROWS } from './import';

/** The multipart upload's limits (app.factory.ts registers @fastify/multipart with them). */
export const UPLOAD_LIMITS = { fileSize: 10 * 1024 * 1024, files: 1, fields: 5, parts: 6 };

/** `?dryRun=true`: check every row, write nothing (SPEC §15). */
export class ImportQuery {
  @IsOptional() @IsIn(['true', 'false']) dryRun?: 'true' | 'false';
}

/** The uploaded file's bytes (the multipart field `file`); 400 without one. */
export const UploadedFile = createParamDecorator((_data: unknown, ctx: ExecutionContext): Buffer => {
  const body = ctx.switchToHttp().getRequest<FastifyRequest>().body as Record<string, unknown> | undefined;
  const file = body && typeof body === 'object' ? body.file : undefined;
  if (!Buffer.isBuffer(file) || file.length === 0)
    throw new ImportUnreadable('FILE_REQUIRED', '请以 multipart/form-data 上传一个文件（字段名 file）');
  return file;
});

const ERROR_ROWS = {
  type: 'array',
  items: {
    type: 'object',
    required: ['row', 'column', 'code', 'message'],
    properties: {
      row: { type: 'integer', description: '表格行号（第 1 行为列名）' },
      column: { type: 'string', nullable: true, description: '列名' },
      code: { type: 'string' },
      message: { type: 'string' },
    },
  },
};

/** The OpenAPI description of an import route (SPEC §15). */
export const ImportUpload = () =>
  applyDecorators(
    HttpCode(201),
    ApiConsumes('multipart/form-data'),
    ApiBody({
      schema: {
        type: 'object',
        required: ['file'],
        properties: {
          file: {
            type: 'string',
            format: 'binary',
            description: `.xlsx 或 .csv（UTF-8 或 GB18030），至多 ${MAX_IMPORT_ROWS} 行`,
          },
        },
      },
    }),
    ApiResponse({
      status: 200,
      description: 'dryRun=true：逐行检查的结果，不写入任何数据',
      schema: {
        type: 'object',
        required: ['rows', 'valid', 'errors'],
        properties: { rows: { type: 'integer' }, valid: { type: 'integer' }, errors: ERROR_ROWS },
      },
    }),
    ApiResponse({
      status: 201,
      description: '全部导入',
      schema: {
        type: 'object',
        required: ['rows', 'imported'],
        properties: { rows: { type: 'integer' }, imported: { type: 'integer' } },
      },
    }),
    ApiResponse({ status: 422, description: 'IMPORT_REJECTED：有行未通过校验或关口，全部未导入；errors 逐行列出' }),
  );

const binary = (type: string, description: string) =>
  applyDecorators(
    ApiProduces(type),
    ApiOkResponse({ description, content: { [type]: { schema: { type: 'string', format: 'binary' } } } }),
  );

/** An .xlsx download. */
export const XlsxDownload = (description: string) => binary(XLSX_TYPE, description);

/** A .docx download. */
export const DocxDownload = (description: string) => binary(DOCX_TYPE, description);
