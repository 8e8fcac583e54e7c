import { ApiError, send } from '../api/client';

// Files the service sends and takes (SPEC §15): spreadsheets and documents to download, spreadsheets to import.

export type Query = Record<string, string | number | boolean | null | undefined>;

const withQuery = (path: string, query: Query = {}) => {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const search = params.toString();
  return search ? `${path}?${search}` : path;
};

/** `attachment; filename*=UTF-8''%E5%8F%91…` → 发…; the path's last segment when the service names none. */
function fileName(disposition: string | null, path: string): string {
  const encoded = disposition?.match(/filename\*=UTF-8''([^;]+)/i)?.[1];
  if (encoded) return decodeURIComponent(encoded.trim());
  const plain = disposition?.match(/filename="?([^";]+)"?/i)?.[1];
  return plain ?? path.split('/').pop()!;
}

/** Fetches a file with the session and saves it under the name the service gives it; an ApiError otherwise. */
export async function download(path: string, query?: Query): Promise<void> {
  const response = await send(withQuery(path, query));
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName(response.headers.get('Content-Disposition'), path);
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken the file once the click is handled; the next task may let it go.
  setTimeout(() => URL.revokeObjectURL(url));
}

/** Sends one file (the multipart field `file`) and returns the service's JSON answer; an ApiError otherwise. */
export async function upload<T>(path: string, file: File, query?: Query): Promise<T> {
  // The bytes are read first, so the request carries them as they are now (a File is read lazily).
  const body = new FormData();
  body.append('file', new Blob([await file.arrayBuffer()], { type: file.type }), file.name);
  const response = await send(withQuery(path, query), { method: 'POST', body });
  return (await response.json()) as T;
}

/** A row an import refused: its spreadsheet row (the header is row 1), its column's Chinese header, why. */
export interface ImportProblem {
  row: number;
  column: string | null;
  code: string;
  message: string;
}

/** The rows an import refused (its 400's or 422's `errors`: rows and columns where other answers name fields). */
export const importProblems = (err: ApiError): ImportProblem[] => err.errors as unknown as ImportProblem[];
