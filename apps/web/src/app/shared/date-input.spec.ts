import { FormControl } from '@angular/forms';
import { INCOMPLETE_DATE, calendarDate, toIsoDate } from './date-input';

describe(toIsoDate.name, () => {
  it.each([
    ['1', '2', '2027', '2027-02-01'],
    ['01', '02', '2027', '2027-02-01'],
    ['29', '2', '2028', '2028-02-29'],
    ['', '', '', ''],
  ])('turns %s/%s/%s into %p', (day, month, year, expected) => {
    expect(toIsoDate(day, month, year)).toBe(expected);
  });

  it.each([
    ['30', '2', '2027'],
    ['1', '13', '2027'],
    ['1', '2', '27'],
    ['x', '2', '2027'],
    ['1', '', '2027'],
  ])('calls %s/%s/%s incomplete', (day, month, year) => {
    expect(toIsoDate(day, month, year)).toBe(INCOMPLETE_DATE);
  });
});

describe('calendarDate validator', () => {
  it('passes empty and real dates, and fails incomplete ones', () => {
    expect(calendarDate(new FormControl(''))).toBeNull();
    expect(calendarDate(new FormControl('2027-02-01'))).toBeNull();
    expect(calendarDate(new FormControl(INCOMPLETE_DATE))).toEqual({ date: true });
  });
});
