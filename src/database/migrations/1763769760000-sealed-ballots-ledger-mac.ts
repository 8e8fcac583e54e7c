import { MigrationInterface, QueryRunner } from 'typeorm';
import { ChainVerifier, entryMac } from '../../accountability/ledger';
import { LEDGER_TRIGGERS } from './1763769700000-accountability';

const NO_UPDATE = 'accountability_ledger_no_update';

/**
 * SPEC §7.3 and §9. `vote_sessions.seal_key`: the public key electronic ballots are sealed
 * to while the session is open (its private key, the tellers' key, is never stored).
 * `accountability_ledger.mac`: each entry authenticated under LEDGER_KEY. The entries already
 * there are authenticated here, once, as far as their chain verifies; an entry after a break
 * keeps no MAC, so `verify` goes on reporting it.
 */
export function sealedBallotsLedgerMac(ledgerKey: string) {
  return class SealedBallotsLedgerMac1763769760000 implements MigrationInterface {
    name = 'SealedBallotsLedgerMac1763769760000';

    async up(q: QueryRunner): Promise<void> {
      const pg = q.connection.options.type === 'postgres';
      await q.query('ALTER TABLE vote_sessions ADD COLUMN seal_key varchar(64) NULL');
      await q.query('ALTER TABLE accountability_ledger ADD COLUMN mac varchar(64) NULL');

      const rows = (await q.query(
        'SELECT seq, record_id, event, prev_hash, hash, content FROM accountability_ledger ORDER BY seq',
      )) as {
        seq: number;
        record_id: string;
        event: string;
        prev_hash: string;
        hash: string;
        content: string;
      }[];
      const chain = new ChainVerifier(null);
      const verified: { seq: number; hash: string }[] = [];
      for (const r of rows) {
        chain.push({
          seq: Number(r.seq),
          recordId: r.record_id,
          event: r.event,
          prevHash: r.prev_hash,
          hash: r.hash,
          mac: null,
          content: r.content,
        });
        if (chain.firstBroken !== undefined) break;
        verified.push({ seq: Number(r.seq), hash: r.hash });
      }
      if (verified.length === 0) return;
      // The ledger refuses UPDATE; this one authenticating pass is the exception, inside the migration's transaction.
      await q.query(
        pg ? `ALTER TABLE accountability_ledger DISABLE TRIGGER ${NO_UPDATE}` : `DROP TRIGGER ${NO_UPDATE}`,
      );
      for (const { seq, hash } of verified) {
        await q.query(`UPDATE accountability_ledger SET mac = ${pg ? '$1' : '?'} WHERE seq = ${pg ? '$2' : '?'}`, [
          entryMac(ledgerKey, hash),
          seq,
        ]);
      }
      await q.query(
        pg ? `ALTER TABLE accountability_ledger ENABLE TRIGGER ${NO_UPDATE}` : LEDGER_TRIGGERS.sqlite[NO_UPDATE],
      );
    }

    async down(q: QueryRunner): Promise<void> {
      await q.query('ALTER TABLE accountability_ledger DROP COLUMN mac');
      await q.query('ALTER TABLE vote_sessions DROP COLUMN seal_key');
    }
  };
}
