import { parsePostcode, type Postcode } from './postcode';
import type { LatLng } from './distance';

export interface Located extends LatLng {
  postcode: Postcode;
}

export type LocateResult =
  | { ok: true; location: Located }
  | { ok: false; reason: 'invalid_postcode' | 'unknown_postcode' };

/** Postcode districts and their centre points, read once from `outcode,latitude,longitude` CSV. */
export class OutcodeDirectory {
  private readonly points: ReadonlyMap<string, LatLng>;

  private constructor(points: Map<string, LatLng>) {
    this.points = points;
  }

  static fromCsv(csv: string): OutcodeDirectory {
    const points = new Map<string, LatLng>();
    const lines = csv.split(/\r?\n/);
    if (lines[0]?.trim() !== 'outcode,latitude,longitude') {
      throw new Error('Outcode data must start with the header "outcode,latitude,longitude"');
    }
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i].trim();
      if (line === '') continue;
      const [outcode, lat, lng] = line.split(',');
      const point = { lat: Number(lat), lng: Number(lng) };
      if (!outcode || !Number.isFinite(point.lat) || !Number.isFinite(point.lng)) {
        throw new Error(`Outcode data line ${i + 1} is not "outcode,latitude,longitude": ${line}`);
      }
      points.set(outcode, point);
    }
    return new OutcodeDirectory(points);
  }

  get size(): number {
    return this.points.size;
  }

  outcodes(): IterableIterator<string> {
    return this.points.keys();
  }

  /** Where a postcode is, to district precision. */
  locate(input: string): LocateResult {
    const postcode = parsePostcode(input);
    if (!postcode) return { ok: false, reason: 'invalid_postcode' };
    const point = this.points.get(postcode.outcode);
    if (!point) return { ok: false, reason: 'unknown_postcode' };
    return { ok: true, location: { ...point, postcode } };
  }
}
