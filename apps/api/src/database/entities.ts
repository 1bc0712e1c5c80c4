import { AuditEventEntity } from '../audit/audit-event.entity';
import { InvitationEntity } from '../auth/invitation.entity';
import { SessionEntity } from '../auth/session.entity';
import { OrganisationEntity } from '../organisations/organisation.entity';
import { PlacementEntity } from '../placements/placement.entity';
import { StudentProfileEntity } from '../users/student-profile.entity';
import { UserEntity } from '../users/user.entity';

export const ENTITIES = [
  OrganisationEntity,
  UserEntity,
  StudentProfileEntity,
  SessionEntity,
  InvitationEntity,
  AuditEventEntity,
  PlacementEntity,
];
