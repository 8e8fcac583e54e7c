import { Column, Entity, PrimaryColumn } from 'typeorm';

export const ORG_KINDS = ['department', 'committee', 'general_branch', 'branch'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

@Entity('organizations')
export class Organization {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ type: 'varchar', length: 200 }) name: string;
  @Column({ type: 'varchar', length: 20 }) kind: OrgKind;
  @Column({ type: 'varchar', length: 36, nullable: true, name: 'parent_id' }) parentId: string | null;
  /** Materialized path `/<root id>/…/<own id>/`: a subtree is one prefix match. */
  @Column({ type: 'varchar', length: 400 }) path: string;
  @Column({ type: 'varchar', length: 32, name: 'created_at' }) createdAt: string;
}
