import type { OrganisationEntity } from '../organisations/organisation.entity';
import type { StudentProfileEntity } from './student-profile.entity';
import type { UserEntity } from './user.entity';
import type { MeDto, StudentProfileDto, UserDto } from './dto/user.dto';

export function toStudentProfileDto(profile: StudentProfileEntity): StudentProfileDto {
  return {
    profession: profile.profession,
    yearOfStudy: profile.yearOfStudy,
    homePostcode: profile.homePostcode,
    maxTravelKm: profile.maxTravelKm,
    reasonableAdjustments: profile.reasonableAdjustments,
    compliance: profile.compliance,
    allocationPriority: profile.allocationPriority,
    priorPracticeHours: profile.priorPracticeHours,
  };
}

/** Only these fields ever leave the API; the password hash and sign-in times never do. */
export function toUserDto(user: UserEntity): UserDto {
  const dto: UserDto = {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    organisationId: user.organisationId,
    status: user.status,
    createdAt: user.createdAt.toISOString(),
  };
  if (user.studentProfile) dto.studentProfile = toStudentProfileDto(user.studentProfile);
  return dto;
}

export function toMeDto(user: UserEntity, organisation: OrganisationEntity | null): MeDto {
  return {
    ...toUserDto(user),
    organisation: organisation
      ? {
          id: organisation.id,
          name: organisation.name,
          type: organisation.type,
          region: organisation.region,
        }
      : null,
  };
}
