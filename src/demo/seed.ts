import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { RulesProfileService } from '../config/rules-profile.service';
import { seedCandidates } from './candidates';
import type { Caller } from '../auth/roles';
// The demo is a composition root: it reads the organizations table to find what it seeded.
import { Organization } from '../organizations/organization.entity';
import { OrganizationsService } from '../organizations';

const ADMIN: Caller = { sub: 'demo-seed', name: '演示数据', role: 'admin', scopePath: '' };

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗';
const GIVEN = ['建国', '秀英', '志强', '丽华', '伟', '芳', '军', '敏', '静', '磊', '洋', '艳', '勇', '娟', '杰', '霞'];
const personName = (i: number) => `${SURNAMES[i % SURNAMES.length]}${GIVEN[(i * 7) % GIVEN.length]}`;

export interface DemoOrgs {
  department: Organization;
  committee: Organization;
  branch: Organization;
}

/** Loads the demo organization tree and rosters once; a second run finds them and adds nothing. */
export async function seedDemo(app: NestFastifyApplication, adminToken: string): Promise<DemoOrgs> {
  const ds = app.get(DataSource);
  const orgs = app.get(OrganizationsService);
  const find = (name: string) => ds.getRepository(Organization).findOneByOrFail({ name });
  if ((await ds.getRepository(Organization).count()) === 0) {
    const dept = await orgs.create(ADMIN, { name: '示范县委组织部', kind: 'department' });
    const jiguan = await orgs.create(ADMIN, { name: '县直机关工委', kind: 'committee', parentId: dept.id });
    const town = await orgs.create(ADMIN, { name: '城关镇党委', kind: 'committee', parentId: dept.id });
    const community = await orgs.create(ADMIN, { name: '城关社区党总支', kind: 'general_branch', parentId: town.id });
    const branches = [
      await orgs.create(ADMIN, { name: '县教育局机关党支部', kind: 'branch', parentId: jiguan.id }),
      await orgs.create(ADMIN, { name: '县卫健局机关党支部', kind: 'branch', parentId: jiguan.id }),
      await orgs.create(ADMIN, { name: '东街社区党支部', kind: 'branch', parentId: community.id }),
      await orgs.create(ADMIN, { name: '西街社区党支部', kind: 'branch', parentId: community.id }),
    ];
    let n = 0;
    for (const branch of branches) {
      for (let i = 0; i < 11; i++) {
        const year = 1985 + ((n * 3) % 35);
        await orgs.addMember(ADMIN, branch.id, { name: personName(n++), status: 'formal', joinedOn: `${year}-07-01` });
      }
      // 留党察看: a formal member without a vote
      await orgs.addMember(ADMIN, branch.id, {
        name: personName(n++),
        status: 'formal',
        votingRights: false,
        joinedOn: '2008-07-01',
      });
    }
    await seedCandidates(
      app,
      adminToken,
      { branchId: branches[0].id, committeeId: jiguan.id },
      app.get(RulesProfileService).today(),
    );
  }
  return {
    department: await find('示范县委组织部'),
    committee: await find('县直机关工委'),
    branch: await find('县教育局机关党支部'),
  };
}
