import { boundingBox, distanceKm } from './distance';

const manchester = { lat: 53.46, lng: -2.216 }; // M13
const westminster = { lat: 51.505, lng: -0.132 }; // SW1A
const leeds = { lat: 53.803, lng: -1.546 }; // LS2

describe('distanceKm', () => {
  it('is zero from a point to itself', () => {
    expect(distanceKm(leeds, leeds)).toBe(0);
  });

  it('matches known distances between city centres to within a kilometre', () => {
    // Manchester to London is about 262 km as the crow flies; Leeds to Manchester about 58 km.
    expect(distanceKm(manchester, westminster)).toBeCloseTo(262, -1);
    expect(Math.abs(distanceKm(leeds, manchester) - 57.8)).toBeLessThan(1);
  });

  it('is symmetric', () => {
    expect(distanceKm(manchester, leeds)).toBeCloseTo(distanceKm(leeds, manchester), 9);
  });

  it('handles antipodal points without NaN', () => {
    const d = distanceKm({ lat: 0, lng: 0 }, { lat: 0, lng: 180 });
    expect(d).toBeCloseTo(Math.PI * 6371.0088, 3);
  });
});

describe('boundingBox', () => {
  it('contains every point within the radius', () => {
    const box = boundingBox(leeds, 60);
    expect(manchester.lat).toBeGreaterThanOrEqual(box.minLat);
    expect(manchester.lat).toBeLessThanOrEqual(box.maxLat);
    expect(manchester.lng).toBeGreaterThanOrEqual(box.minLng);
    expect(manchester.lng).toBeLessThanOrEqual(box.maxLng);
  });

  it('excludes points well outside the radius', () => {
    const box = boundingBox(leeds, 60);
    const outside =
      westminster.lat < box.minLat ||
      westminster.lat > box.maxLat ||
      westminster.lng < box.minLng ||
      westminster.lng > box.maxLng;
    expect(outside).toBe(true);
  });

  it('is as tall as the radius in degrees of latitude', () => {
    const box = boundingBox({ lat: 52, lng: -1 }, 111.195);
    expect(box.maxLat - 52).toBeCloseTo(1, 2);
  });
});
