import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OrgPaths } from '../auth/org-paths';
import { Organization } from './organization.entity';

/** Organizations are never moved, so an id's path never changes and can be cached for good. */
@Injectable()
export class OrgPathCache extends OrgPaths {
  private readonly paths = new Map<string, string>();

  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async pathOf(orgId: string): Promise<string | undefined> {
    const cached = this.paths.get(orgId);
    if (cached) return cached;
    if (!/^[0-9a-f-]{36}$/i.test(orgId)) return undefined;
    const org = await this.dataSource
      .getRepository(Organization)
      .findOne({ where: { id: orgId }, select: { id: true, path: true } });
    if (org) this.paths.set(orgId, org.path);
    return org?.path;
  }
}
