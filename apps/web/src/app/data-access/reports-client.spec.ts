import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { ReportsClient, attachmentName } from './reports-client';

describe(ReportsClient.name, () => {
  let client: ReportsClient;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    client = TestBed.inject(ReportsClient);
    http = TestBed.inject(HttpTestingController);
  });
  afterEach(() => http.verify());

  it('asks for rows with the filters given, leaving out empty ones', async () => {
    const rows = client.rows('capacity', { groupBy: 'region', profession: 'dietetics', from: '' });
    const request = http.expectOne((r) => r.url === '/api/reports/capacity');
    expect(request.request.params.keys().sort()).toEqual(['groupBy', 'profession']);
    expect(request.request.params.get('groupBy')).toBe('region');
    request.flush({ rows: [{ key: 'london' }] });
    await expect(rows).resolves.toEqual([{ key: 'london' }]);
  });

  it('fetches the CSV with Accept: text/csv, named as the API names it', async () => {
    const file = client.csv('capacity-gap', { region: 'london' });
    const request = http.expectOne((r) => r.url === '/api/reports/capacity-gap');
    expect(request.request.headers.get('Accept')).toBe('text/csv');
    expect(request.request.responseType).toBe('blob');
    request.flush(new Blob(['profession,region\n']), {
      headers: { 'content-disposition': 'attachment; filename="capacity-gap-2027-03-01.csv"' },
    });
    const { blob, filename } = await file;
    expect(filename).toBe('capacity-gap-2027-03-01.csv');
    expect(blob.size).toBeGreaterThan(0);
  });
});

describe(attachmentName.name, () => {
  it('reads the file name, quoted or not, and gives null without one', () => {
    expect(attachmentName('attachment; filename="a.csv"')).toBe('a.csv');
    expect(attachmentName('attachment; filename=b.csv')).toBe('b.csv');
    expect(attachmentName('attachment')).toBeNull();
    expect(attachmentName(null)).toBeNull();
  });
});
