import { Injectable } from '@nestjs/common';
import type { EventType } from '@admissions/rules';
import type { Role } from '../auth/roles';

/** A single-candidate command as batches and step corrections know it (SPEC §13). */
export interface CommandSpec {
  /** The body's DTO: a batch's `input` and a correction's amended input are checked against it. */
  dto: new () => object;
  roles: readonly Role[];
  /** May run for many candidates at once (§13: rows 1, 4, 7, 8, 10, 12, 13, 19–21). */
  batch: boolean;
}

/**
 * Each feature registers the commands it serves at start-up (candidates: the pipeline steps;
 * probation: approval talk, oath, visits…), so this feature never imports one above it.
 */
@Injectable()
export class CommandCatalog {
  private readonly specs = new Map<EventType, CommandSpec>();

  register(type: EventType, spec: CommandSpec): void {
    if (this.specs.has(type)) throw new Error(`command ${type} is registered twice`);
    this.specs.set(type, spec);
  }

  get(type: string): CommandSpec | undefined {
    return this.specs.get(type as EventType);
  }

  batchable(): EventType[] {
    return [...this.specs].filter(([, s]) => s.batch).map(([type]) => type);
  }
}
