import { Readable } from 'node:stream';
import { StreamableFile } from '@nestjs/common';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/**
 * An attachment with a Chinese name: `filename*` (RFC 6266/5987) for every current browser, and
 * an ASCII `filename` beside it for the rest.
 */
export function attachment(body: Buffer | Readable, filename: string, type: string): StreamableFile {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const disposition = `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
  return body instanceof Readable
    ? new StreamableFile(body, { type, disposition })
    : new StreamableFile(body, { type, disposition, length: body.length });
}
