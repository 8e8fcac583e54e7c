import { Injectable } from '@nestjs/common';
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';

/** The one source of "now"; tests set it. "Today" is a calendar date in the profile's zone. */
@Injectable()
export class Clock {
  private fixed?: Date;

  now(): Date {
    return this.fixed ? new Date(this.fixed) : new Date();
  }

  today(timeZone: string): string {
    return format(new TZDate(this.now().getTime(), timeZone), 'yyyy-MM-dd');
  }

  /** Tests only: freeze time at an instant (an ISO string) or release it. */
  set(instant?: string): void {
    this.fixed = instant ? new Date(instant) : undefined;
  }
}
