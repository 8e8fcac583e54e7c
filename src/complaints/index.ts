// The complaints feature as the others see it (SPEC §3, §6).
import { Complaint, ComplaintVerification } from './complaint.entity';
export { ComplaintsModule } from './complaints.module';
export { ComplaintsService } from './complaints.service';
export { PublicComplaintDto } from './dto';
export { COMPLAINT_CHANNELS } from './complaint.entity';

/** The tables this feature owns, for the composition root's data source. */
export const COMPLAINTS_ENTITIES = [Complaint, ComplaintVerification];
