import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig, ConfigError } from '../config/config';

export interface Situation {
  code: string;
  title: string;
  detectable: boolean;
  category: string;
}

export interface CatalogCategory {
  code: string;
  title: string;
  situations: Omit<Situation, 'category'>[];
}

export interface Catalog {
  version: string;
  categories: CatalogCategory[];
}

/** The situations the service itself detects and raises (SPEC §9). */
export const SYSTEM_RAISED = ['A01', 'A04', 'A11', 'A12', 'B05'] as const;

/** config/accountability-catalog.json (三类情形23种情况), read and checked once at start-up. */
@Injectable()
export class AccountabilityCatalog {
  readonly catalog: Catalog;
  private readonly byCode = new Map<string, Situation>();

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.catalog = loadCatalog(join(config.configDir, 'accountability-catalog.json'));
    for (const category of this.catalog.categories) {
      for (const s of category.situations) this.byCode.set(s.code, { ...s, category: category.code });
    }
  }

  situation(code: string): Situation | undefined {
    return this.byCode.get(code);
  }

  get size(): number {
    return this.byCode.size;
  }
}

export function loadCatalog(file: string): Catalog {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(`责任追究目录: 无法读取 ${file}: ${(err as Error).message}`);
  }
  const problems: string[] = [];
  const isText = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
  const root = json as { version?: unknown; categories?: unknown };
  if (!root || typeof root !== 'object' || !Array.isArray(root.categories) || root.categories.length === 0) {
    throw new ConfigError(`责任追究目录: ${file} 须含非空的 categories 数组`);
  }
  const seen = new Set<string>();
  const categories: CatalogCategory[] = [];
  root.categories.forEach((c: { code?: unknown; title?: unknown; situations?: unknown }, i: number) => {
    if (!isText(c?.code) || !isText(c?.title) || !Array.isArray(c?.situations) || c.situations.length === 0) {
      problems.push(`categories[${i}] 须有 code、title 和非空的 situations`);
      return;
    }
    const situations: CatalogCategory['situations'] = [];
    c.situations.forEach((s: { code?: unknown; title?: unknown; detectable?: unknown }, j: number) => {
      const where = `categories[${i}].situations[${j}]`;
      if (!isText(s?.code) || !/^[A-Z][0-9]{2}$/.test(s.code)) problems.push(`${where}.code 须形如 A01`);
      else if (seen.has(s.code)) problems.push(`${where}.code ${s.code} 重复`);
      if (!isText(s?.title)) problems.push(`${where}.title 不能为空`);
      if (typeof s?.detectable !== 'boolean') problems.push(`${where}.detectable 须为布尔值`);
      if (isText(s?.code)) seen.add(s.code);
      situations.push({ code: String(s?.code), title: String(s?.title), detectable: s?.detectable === true });
    });
    categories.push({ code: c.code, title: c.title, situations });
  });
  for (const code of SYSTEM_RAISED) {
    const s = categories.flatMap((c) => c.situations).find((x) => x.code === code);
    if (!s || !s.detectable) problems.push(`${code} 须在目录中且 detectable 为 true（系统自动发现）`);
  }
  if (problems.length) throw new ConfigError(`责任追究目录: ${file} 不合规: ${problems.join('；')}`);
  return { version: isText(root.version) ? root.version : '1', categories };
}
