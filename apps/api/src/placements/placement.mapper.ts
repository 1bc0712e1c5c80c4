import type { PlacementDto } from './dto/placement.dto';
import type { PlacementEntity } from './placement.entity';

/** Only these fields leave the API (never coordinates, the search vector or who created it). */
export function toPlacementDto(
  placement: PlacementEntity,
  providerName: string,
  distanceKm?: number,
): PlacementDto {
  const dto: PlacementDto = {
    id: placement.id,
    providerId: placement.providerId,
    providerName,
    title: placement.title,
    description: placement.description,
    professions: placement.professions,
    setting: placement.setting,
    serviceType: placement.serviceType,
    model: placement.model,
    region: placement.region,
    postcode: placement.postcode,
    startDate: placement.startDate,
    endDate: placement.endDate,
    hoursPerWeek: placement.hoursPerWeek,
    capacity: placement.capacity,
    remainingCapacity: placement.capacity - placement.approvedCount,
    minYearOfStudy: placement.minYearOfStudy,
    requirements: placement.requirements,
    applicationDeadline: placement.applicationDeadline,
    status: placement.status,
    cancellationReason: placement.cancellationReason,
    publishedAt: placement.publishedAt?.toISOString() ?? null,
    createdAt: placement.createdAt.toISOString(),
    updatedAt: placement.updatedAt.toISOString(),
  };
  if (distanceKm !== undefined) dto.distanceKm = Math.round(distanceKm * 10) / 10;
  return dto;
}
