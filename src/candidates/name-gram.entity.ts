import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The candidate name search's index (issue 13): one row per distinct two-character fragment of
 * a name (name-grams.ts), keyed so that a fragment's candidates come out of one index range
 * newest first — the list's own order — and a page is read without a scan. The branch's path
 * is kept beside the key (a transfer moves it). Kept by the
 * candidate's one writer (CandidateWriter.write), checked by its audit.
 */
@Entity('candidate_name_grams')
export class NameGram {
  @PrimaryColumn({ type: 'varchar', length: 8 }) gram: string;
  @PrimaryColumn({ type: 'varchar', length: 32, name: 'created_at' }) createdAt: string;
  @PrimaryColumn({ type: 'varchar', length: 36, name: 'candidate_id' }) candidateId: string;
  /** The candidate's branch path, beside the key: a search in a subtree is read from the index alone. */
  @Column({ type: 'varchar', length: 400, name: 'org_path' }) orgPath: string;
}
