import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/**
 * Vote sessions (SPEC §7). The two secret tables — `ballots` and `ballot_codes` — are keyed
 * by random values; on SQLite they are created `WITHOUT ROWID`, so no hidden rowid keeps the
 * order in which codes were handed out or ballots were cast (SPEC §7.3).
 */
export class Voting1763769720000 implements MigrationInterface {
  name = 'Voting1763769720000';

  async up(q: QueryRunner): Promise<void> {
    const sqlite = q.connection.options.type !== 'postgres';

    await q.createTable(
      new Table({
        name: 'vote_sessions',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'level', type: 'varchar', length: '20' },
          { name: 'purpose', type: 'varchar', length: '12' },
          { name: 'org_id', type: 'varchar', length: '36' },
          { name: 'org_path', type: 'varchar', length: '400' },
          { name: 'plan_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'meeting_date', type: 'varchar', length: '10' },
          { name: 'mode', type: 'varchar', length: '12' },
          { name: 'status', type: 'varchar', length: '10' },
          { name: 'candidate_count', type: 'integer' },
          { name: 'expected', type: 'integer' },
          { name: 'body_size', type: 'integer', isNullable: true },
          { name: 'present', type: 'integer', isNullable: true },
          { name: 'papers_issued', type: 'integer' },
          { name: 'quorum_met', type: 'boolean', isNullable: true },
          { name: 'ledger_length', type: 'integer', isNullable: true },
          { name: 'ledger_head', type: 'varchar', length: '64', isNullable: true },
          { name: 'profile_stamp', type: 'varchar', length: '60' },
          { name: 'created_by', type: 'varchar', length: '100' },
          { name: 'created_at', type: 'varchar', length: '32' },
          { name: 'closed_by', type: 'varchar', length: '100', isNullable: true },
          { name: 'closed_at', type: 'varchar', length: '32', isNullable: true },
        ],
        foreignKeys: [{ columnNames: ['org_id'], referencedTableName: 'organizations', referencedColumnNames: ['id'] }],
      }),
    );
    await q.createIndex(
      'vote_sessions',
      new TableIndex({ name: 'ix_vote_sessions_org_path', columnNames: ['org_path', 'created_at'] }),
    );

    // The candidates of a session, in the order given; `ordinal` indexes a ballot's choices.
    await q.createTable(
      new Table({
        name: 'vote_candidates',
        columns: [
          { name: 'session_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'ordinal', type: 'integer', isPrimary: true },
          { name: 'candidate_id', type: 'varchar', length: '36' },
        ],
        foreignKeys: [
          { columnNames: ['session_id'], referencedTableName: 'vote_sessions', referencedColumnNames: ['id'] },
        ],
      }),
    );
    await q.createIndex(
      'vote_candidates',
      new TableIndex({
        name: 'ux_vote_candidates_candidate',
        columnNames: ['session_id', 'candidate_id'],
        isUnique: true,
      }),
    );
    await q.createIndex(
      'vote_candidates',
      new TableIndex({ name: 'ix_vote_candidates_candidate', columnNames: ['candidate_id'] }),
    );

    // Branch meeting: the excused (not counted in `expected`), those present, and the
    // written opinions of absent voting members (not secret, SPEC §7.1).
    await q.createTable(
      new Table({
        name: 'vote_excused',
        columns: [
          { name: 'session_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'member_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'reason', type: 'varchar', length: '30' },
        ],
        foreignKeys: [
          { columnNames: ['session_id'], referencedTableName: 'vote_sessions', referencedColumnNames: ['id'] },
          { columnNames: ['member_id'], referencedTableName: 'members', referencedColumnNames: ['id'] },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'vote_attendance',
        columns: [
          { name: 'session_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'member_id', type: 'varchar', length: '36', isPrimary: true },
        ],
        foreignKeys: [
          { columnNames: ['session_id'], referencedTableName: 'vote_sessions', referencedColumnNames: ['id'] },
          { columnNames: ['member_id'], referencedTableName: 'members', referencedColumnNames: ['id'] },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'vote_written_opinions',
        columns: [
          { name: 'session_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'member_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'choices', type: 'text' },
          { name: 'recorded_by', type: 'varchar', length: '100' },
          { name: 'recorded_at', type: 'varchar', length: '32' },
        ],
        foreignKeys: [
          { columnNames: ['session_id'], referencedTableName: 'vote_sessions', referencedColumnNames: ['id'] },
          { columnNames: ['member_id'], referencedTableName: 'members', referencedColumnNames: ['id'] },
        ],
      }),
    );

    // Paper ballots: the tellers' count per candidate.
    await q.createTable(
      new Table({
        name: 'vote_counts',
        columns: [
          { name: 'session_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'candidate_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'approve', type: 'integer' },
          { name: 'reject', type: 'integer' },
          { name: 'abstain', type: 'integer' },
          { name: 'invalid', type: 'integer' },
        ],
        foreignKeys: [
          { columnNames: ['session_id'], referencedTableName: 'vote_sessions', referencedColumnNames: ['id'] },
        ],
      }),
    );

    // Electronic: THAT a branch-meeting member received a paper — never which code.
    await q.createTable(
      new Table({
        name: 'vote_paper_recipients',
        columns: [
          { name: 'session_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'member_id', type: 'varchar', length: '36', isPrimary: true },
        ],
        foreignKeys: [
          { columnNames: ['session_id'], referencedTableName: 'vote_sessions', referencedColumnNames: ['id'] },
          { columnNames: ['member_id'], referencedTableName: 'members', referencedColumnNames: ['id'] },
        ],
      }),
    );

    // Participation: one row per code handed out (sha256 of the code only), consumed once.
    // The receipt sits here, with the code, never beside the choices.
    // Ballots: a random id, the session, and the choices — nothing about who, when or in what order.
    if (sqlite) {
      await q.query(`CREATE TABLE "ballot_codes" (
        "code_hash" varchar(64) PRIMARY KEY NOT NULL,
        "session_id" varchar(36) NOT NULL REFERENCES "vote_sessions" ("id"),
        "used" boolean NOT NULL DEFAULT (0),
        "receipt" varchar(32)
      ) WITHOUT ROWID`);
      await q.query(`CREATE TABLE "ballots" (
        "id" varchar(36) PRIMARY KEY NOT NULL,
        "session_id" varchar(36) NOT NULL REFERENCES "vote_sessions" ("id"),
        "choices" text NOT NULL
      ) WITHOUT ROWID`);
    } else {
      await q.createTable(
        new Table({
          name: 'ballot_codes',
          columns: [
            { name: 'code_hash', type: 'varchar', length: '64', isPrimary: true },
            { name: 'session_id', type: 'varchar', length: '36' },
            { name: 'used', type: 'boolean', default: false },
            { name: 'receipt', type: 'varchar', length: '32', isNullable: true },
          ],
          foreignKeys: [
            { columnNames: ['session_id'], referencedTableName: 'vote_sessions', referencedColumnNames: ['id'] },
          ],
        }),
      );
      await q.createTable(
        new Table({
          name: 'ballots',
          columns: [
            { name: 'id', type: 'varchar', length: '36', isPrimary: true },
            { name: 'session_id', type: 'varchar', length: '36' },
            { name: 'choices', type: 'text' },
          ],
          foreignKeys: [
            { columnNames: ['session_id'], referencedTableName: 'vote_sessions', referencedColumnNames: ['id'] },
          ],
        }),
      );
    }
    // session_id only: consuming a code (used, receipt) then leaves the index untouched.
    await q.createIndex(
      'ballot_codes',
      new TableIndex({ name: 'ix_ballot_codes_session', columnNames: ['session_id'] }),
    );
    await q.createIndex('ballots', new TableIndex({ name: 'ix_ballots_session', columnNames: ['session_id'] }));

    // The tally of each candidate, written once when the session closes.
    await q.createTable(
      new Table({
        name: 'vote_results',
        columns: [
          { name: 'session_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'ordinal', type: 'integer', isPrimary: true },
          { name: 'candidate_id', type: 'varchar', length: '36' },
          { name: 'approve', type: 'integer' },
          { name: 'reject', type: 'integer' },
          { name: 'abstain', type: 'integer' },
          { name: 'invalid', type: 'integer' },
          { name: 'written_approve', type: 'integer' },
          { name: 'written_reject', type: 'integer' },
          { name: 'written_abstain', type: 'integer' },
          { name: 'base', type: 'integer' },
          { name: 'required', type: 'integer' },
          { name: 'passed', type: 'boolean' },
          { name: 'reason', type: 'varchar', length: '30' },
          { name: 'applied', type: 'boolean' },
          { name: 'violations', type: 'text', isNullable: true },
        ],
        foreignKeys: [
          { columnNames: ['session_id'], referencedTableName: 'vote_sessions', referencedColumnNames: ['id'] },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'vote_results',
      'ballots',
      'ballot_codes',
      'vote_paper_recipients',
      'vote_counts',
      'vote_written_opinions',
      'vote_attendance',
      'vote_excused',
      'vote_candidates',
      'vote_sessions',
    ]) {
      await q.dropTable(table);
    }
  }
}
