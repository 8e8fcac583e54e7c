// The publicity feature as the others see it (SPEC §3, §6): notices, their text and the public views.
import { PublicityEntry, PublicityNotice } from './publicity-notice.entity';
export { PublicityModule } from './publicity.module';
export { PublicityService } from './publicity.service';
export { PublicNoticesQuery } from './dto';
export { zhDate } from './notice-text';
export type { NoticeView, PublicNoticeSummary, PublicNoticeView } from './views';

/** The tables this feature owns, for the composition root's data source. */
export const PUBLICITY_ENTITIES = [PublicityNotice, PublicityEntry];
