import { Injectable } from '@nestjs/common';
import { ukOutcodes, type OutcodeDirectory } from '@ahp/geo';
import { DomainException } from '../common/errors/domain.exception';

export interface GeocodedPostcode {
  postcode: string;
  latitude: number;
  longitude: number;
}

@Injectable()
export class GeoService {
  private readonly directory: OutcodeDirectory = ukOutcodes();

  /** Normalises and locates a postcode, or says clearly (400) what is wrong with it. */
  geocode(postcode: string, field: string): GeocodedPostcode {
    const result = this.directory.locate(postcode);
    if (result.ok) {
      return {
        postcode: result.location.postcode.formatted,
        latitude: result.location.lat,
        longitude: result.location.lng,
      };
    }
    if (result.reason === 'unknown_postcode') {
      throw DomainException.invalidField(
        field,
        `${field} ${postcode.trim().toUpperCase()} is not a postcode district we know in Great Britain`,
        'unknown_postcode',
      );
    }
    throw DomainException.invalidField(
      field,
      `${field} must be a UK postcode such as LS2 9JT`,
      'invalid_postcode',
    );
  }

  /** Like geocode, for input that may be absent. */
  geocodeOptional(postcode: string | null | undefined, field: string): GeocodedPostcode | null {
    return postcode ? this.geocode(postcode, field) : null;
  }

  /** Returns the problem with a postcode without throwing, for per-row import errors. */
  problemWith(postcode: string, field: string): string | null {
    try {
      this.geocode(postcode, field);
      return null;
    } catch (error) {
      return error instanceof DomainException ? error.message : String(error);
    }
  }
}
