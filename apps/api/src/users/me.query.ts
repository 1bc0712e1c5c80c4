import type { EntityManager } from 'typeorm';
import { OrganisationEntity } from '../organisations/organisation.entity';
import { UserEntity } from './user.entity';
import { toMeDto } from './user.mapper';
import type { MeDto } from './dto/user.dto';

/** The signed-in person as `GET /api/me` and sign-in responses describe them; null if they no longer exist. */
export async function loadMe(em: EntityManager, userId: string): Promise<MeDto | null> {
  const user = await em.findOne(UserEntity, {
    where: { id: userId },
    relations: { studentProfile: true },
  });
  if (!user) return null;
  const organisation = user.organisationId
    ? await em.findOneBy(OrganisationEntity, { id: user.organisationId })
    : null;
  return toMeDto(user, organisation);
}
