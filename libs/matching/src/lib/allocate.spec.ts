import { allocate, allocateWithStats } from './allocate';
import { findBlockingPairs } from './blocking-pairs';
import { AllocationInput, PlacementInput, StudentInput } from './types';

const student = (id: string, extra: Partial<StudentInput> = {}): StudentInput => ({
  id,
  profession: 'occupational_therapy',
  yearOfStudy: 2,
  ...extra,
});
const placement = (id: string, extra: Partial<PlacementInput> = {}): PlacementInput => ({
  id,
  professions: ['occupational_therapy'],
  capacity: 1,
  startDate: '2025-09-01',
  endDate: '2025-10-31',
  ...extra,
});
const prefs = (lists: Record<string, string[]>) =>
  Object.entries(lists).map(([studentId, placementIds]) => ({ studentId, placementIds }));
const assigned = (input: AllocationInput) =>
  Object.fromEntries(allocate(input).assignments.map((a) => [a.studentId, a.placementId]));
const reasons = (input: AllocationInput) =>
  Object.fromEntries(allocate(input).unmatched.map((u) => [u.studentId, u.reason]));

const manchester = { lat: 53.48, lng: -2.24 };
const leeds = { lat: 53.8, lng: -1.55 }; // about 58 km from Manchester

describe('allocate', () => {
  it('gives each student their first choice when nobody competes, with ranks from the list', () => {
    const result = allocate({
      students: [student('a'), student('b')],
      placements: [placement('p'), placement('q')],
      preferences: prefs({ a: ['p', 'q'], b: ['q'] }),
      seed: 'x',
    });
    expect(result).toEqual({
      policy: 'stable',
      seed: 'x',
      assignments: [
        { studentId: 'a', placementId: 'p', rank: 1 },
        { studentId: 'b', placementId: 'q', rank: 1 },
      ],
      unmatched: [],
    });
  });

  it('chooses a seed when none is given, and the same seed reproduces the result', () => {
    const input: AllocationInput = {
      students: ['a', 'b', 'c', 'd'].map((id) => student(id)),
      placements: [placement('p', { capacity: 2 })],
      preferences: prefs({ a: ['p'], b: ['p'], c: ['p'], d: ['p'] }),
    };
    const first = allocate(input);
    expect(first.seed).toMatch(/^[0-9a-f]{16}$/);
    expect(allocate({ ...input, seed: first.seed })).toEqual(first);
  });

  it('breaks ties by the lottery: same seed same winner, and different seeds spread the wins', () => {
    const input: AllocationInput = {
      students: ['a', 'b', 'c', 'd', 'e'].map((id) => student(id)),
      placements: [placement('p')],
      preferences: prefs({ a: ['p'], b: ['p'], c: ['p'], d: ['p'], e: ['p'] }),
    };
    const winner = (seed: string) => allocate({ ...input, seed }).assignments[0].studentId;
    expect(winner('round-1')).toBe(winner('round-1'));
    const winners = new Set(Array.from({ length: 60 }, (_, i) => winner(`seed-${i}`)));
    expect(winners.size).toBe(5);
  });

  it('uses one lottery number per student at every placement (single tie-breaking)', () => {
    // Two identical placements, three identical students who list them in opposite orders. With
    // one number per student the best-numbered student gets their first choice whatever it is.
    const input: AllocationInput = {
      students: [student('a'), student('b'), student('c')],
      placements: [placement('p'), placement('q')],
      preferences: prefs({ a: ['p', 'q'], b: ['q', 'p'], c: ['p', 'q'] }),
    };
    for (let i = 0; i < 30; i++) {
      const result = allocate({ ...input, seed: `s${i}` });
      // Whoever is left out lost to both winners at their own first choices: no blocking pair.
      expect(findBlockingPairs(input, result)).toEqual([]);
      expect(result.assignments).toHaveLength(2);
    }
  });

  it("keeps a student's lottery number when other students are added", () => {
    const base: AllocationInput = {
      students: [student('a'), student('b')],
      placements: [placement('p')],
      preferences: prefs({ a: ['p'], b: ['p'] }),
    };
    for (let i = 0; i < 20; i++) {
      const seed = `k${i}`;
      const before = assigned({ ...base, seed });
      // Extra students who apply elsewhere cannot change who wins p.
      const after = assigned({
        ...base,
        seed,
        students: [student('z1'), ...base.students, student('z2')],
        placements: [...base.placements, placement('q', { capacity: 2 })],
        preferences: [...base.preferences, ...prefs({ z1: ['q'], z2: ['q'] })],
      });
      expect(Object.keys(after).filter((s) => after[s] === 'p')).toEqual(Object.keys(before));
    }
  });

  it('puts higher priority first, before rankings and the lottery', () => {
    const input: AllocationInput = {
      students: [student('a'), student('b', { priority: 1 }), student('c')],
      placements: [placement('p')],
      preferences: prefs({ a: ['p'], b: ['p'], c: ['p'] }),
      rankings: [{ placementId: 'p', studentIds: ['a', 'c', 'b'] }],
    };
    for (const seed of ['1', '2', '3', '4'])
      expect(assigned({ ...input, seed })).toEqual({ b: 'p' });
  });

  it('follows a partial ranking: ranked students first in order, then the rest by lottery', () => {
    const input: AllocationInput = {
      students: ['a', 'b', 'c', 'd'].map((id) => student(id)),
      placements: [placement('p', { capacity: 2 })],
      preferences: prefs({ a: ['p'], b: ['p'], c: ['p'], d: ['p'] }),
      rankings: [{ placementId: 'p', studentIds: ['d'] }],
    };
    const seen = new Set<string>();
    for (let i = 0; i < 40; i++) {
      const got = assigned({ ...input, seed: `r${i}` });
      expect(got['d']).toBe('p');
      expect(Object.keys(got)).toHaveLength(2);
      Object.keys(got).forEach((s) => seen.add(s));
    }
    expect(seen).toEqual(new Set(['a', 'b', 'c', 'd']));
  });

  it('lets a ranked student displace an unranked one who proposed first', () => {
    const input: AllocationInput = {
      students: [student('a'), student('b')],
      placements: [placement('p'), placement('q')],
      preferences: prefs({ a: ['p', 'q'], b: ['p'] }),
      rankings: [{ placementId: 'p', studentIds: ['b'] }],
      seed: 'any',
    };
    expect(assigned(input)).toEqual({ a: 'q', b: 'p' });
  });

  it('finds the unique stable matching when every placement ranks all its applicants', () => {
    // Classic instance with several stable matchings for other tie-breaks: the rankings decide.
    const input: AllocationInput = {
      students: ['a', 'b', 'c'].map((id) => student(id)),
      placements: ['p', 'q', 'r'].map((id) => placement(id)),
      preferences: prefs({ a: ['p', 'q', 'r'], b: ['q', 'r', 'p'], c: ['r', 'p', 'q'] }),
      rankings: [
        { placementId: 'p', studentIds: ['b', 'c', 'a'] },
        { placementId: 'q', studentIds: ['c', 'a', 'b'] },
        { placementId: 'r', studentIds: ['a', 'b', 'c'] },
      ],
    };
    // Student-optimal: everyone gets their first choice; any seed gives the same.
    for (const seed of ['1', '2', '3'])
      expect(assigned({ ...input, seed })).toEqual({ a: 'p', b: 'q', c: 'r' });
    // With fully ranked, competitive preferences the matching is unique and seed-independent.
    const competitive: AllocationInput = {
      ...input,
      preferences: prefs({ a: ['p', 'q'], b: ['p', 'q'], c: ['p', 'q', 'r'] }),
      rankings: [
        { placementId: 'p', studentIds: ['c', 'b', 'a'] },
        { placementId: 'q', studentIds: ['b', 'a', 'c'] },
        { placementId: 'r', studentIds: ['c'] },
      ],
    };
    for (const seed of ['1', '2', '3'])
      expect(assigned({ ...competitive, seed })).toEqual({ c: 'p', b: 'q' });
    expect(reasons({ ...competitive, seed: '1' })).toEqual({ a: 'outranked' });
  });

  it('respects travel limits by great-circle distance', () => {
    const input = (maxTravelKm: number): AllocationInput => ({
      students: [student('a', { location: manchester, maxTravelKm })],
      placements: [placement('leeds', { location: leeds })],
      preferences: prefs({ a: ['leeds'] }),
      seed: 's',
    });
    expect(reasons(input(50))).toEqual({ a: 'no_eligible_preference' });
    expect(assigned(input(60))).toEqual({ a: 'leeds' });
    // No limit, or no location on either side: no distance test.
    expect(assigned({ ...input(1), students: [student('a', { location: manchester })] })).toEqual({
      a: 'leeds',
    });
    expect(assigned({ ...input(1), placements: [placement('leeds')] })).toEqual({ a: 'leeds' });
  });

  it('skips placements that clash with busy dates, inclusive at both ends', () => {
    const input = (startDate: string, endDate: string): AllocationInput => ({
      students: [student('a', { busy: [{ startDate, endDate }] })],
      placements: [placement('p', { startDate: '2025-09-01', endDate: '2025-10-31' })],
      preferences: prefs({ a: ['p'] }),
      seed: 's',
    });
    expect(reasons(input('2025-10-31', '2025-11-15'))).toEqual({ a: 'no_eligible_preference' });
    expect(reasons(input('2025-08-01', '2025-09-01'))).toEqual({ a: 'no_eligible_preference' });
    expect(assigned(input('2025-11-01', '2025-11-15'))).toEqual({ a: 'p' });
    expect(assigned(input('2025-08-01', '2025-08-31'))).toEqual({ a: 'p' });
  });

  it('requires every requirement in the compliance list', () => {
    const input = (compliance: string[]): AllocationInput => ({
      students: [student('a', { compliance })],
      placements: [placement('p', { requirements: ['enhanced_dbs', 'occupational_health'] })],
      preferences: prefs({ a: ['p'] }),
      seed: 's',
    });
    expect(reasons(input(['enhanced_dbs']))).toEqual({ a: 'no_eligible_preference' });
    expect(assigned(input(['occupational_health', 'enhanced_dbs', 'driving_licence']))).toEqual({
      a: 'p',
    });
  });

  it('checks profession, year of study (default minimum 1) and capacity 0', () => {
    const input: AllocationInput = {
      students: [
        student('physio', { profession: 'physiotherapy' }),
        student('first', { yearOfStudy: 1 }),
        student('third', { yearOfStudy: 3 }),
        student('any', { yearOfStudy: 1 }),
      ],
      placements: [
        placement('ot'),
        placement('senior', { minYearOfStudy: 3 }),
        placement('closed', { capacity: 0 }),
        placement('open', { capacity: 1 }),
      ],
      preferences: prefs({
        physio: ['ot'],
        first: ['senior', 'closed'],
        third: ['senior'],
        any: ['closed', 'open'],
      }),
      seed: 's',
    };
    const result = allocate(input);
    expect(result.assignments).toEqual([
      { studentId: 'third', placementId: 'senior', rank: 1 },
      { studentId: 'any', placementId: 'open', rank: 2 },
    ]);
    expect(result.unmatched).toEqual([
      { studentId: 'physio', reason: 'no_eligible_preference' },
      { studentId: 'first', reason: 'no_eligible_preference' },
    ]);
  });

  it('tests professions and requirements beyond the 32 that fit one mask word', () => {
    const codes = (prefix: string) => Array.from({ length: 40 }, (_, i) => `${prefix}${i}`);
    const input: AllocationInput = {
      students: [
        student('ok', { profession: 'prof35', compliance: ['req1', 'req39'] }),
        student('missing', { profession: 'prof35', compliance: ['req1', 'req38'] }),
        student('other', { profession: 'prof3', compliance: ['req1', 'req39'] }),
      ],
      placements: [
        // Interns the codes in order: prof0..prof39 and req0..req39 take codes 0..39.
        placement('all', { professions: codes('prof'), requirements: codes('req'), capacity: 0 }),
        placement('p', { professions: ['prof35'], requirements: ['req39', 'req1'], capacity: 3 }),
      ],
      preferences: prefs({ ok: ['p'], missing: ['p'], other: ['p'] }),
      seed: 'wide',
    };
    expect(assigned(input)).toEqual({ ok: 'p' });
    expect(reasons(input)).toEqual({
      missing: 'no_eligible_preference',
      other: 'no_eligible_preference',
    });
  });

  it('explains every unmatched student', () => {
    const input: AllocationInput = {
      students: [
        student('none'),
        student('empty'),
        student('ineligible', { yearOfStudy: 1 }),
        student('a'),
        student('b'),
      ],
      placements: [placement('p', { minYearOfStudy: 2 })],
      preferences: prefs({ empty: [], ineligible: ['p'], a: ['p'], b: ['p'] }),
      rankings: [{ placementId: 'p', studentIds: ['a'] }],
      seed: 's',
    };
    expect(reasons(input)).toEqual({
      none: 'no_preferences',
      empty: 'no_preferences',
      ineligible: 'no_eligible_preference',
      b: 'outranked',
    });
  });

  it('counts ranks over the whole list, ineligible entries included', () => {
    const input: AllocationInput = {
      students: [student('a')],
      placements: [placement('far', { capacity: 0 }), placement('p')],
      preferences: prefs({ a: ['far', 'p'] }),
      seed: 's',
    };
    expect(allocate(input).assignments).toEqual([{ studentId: 'a', placementId: 'p', rank: 2 }]);
    expect(allocate({ ...input, policy: 'welfare' }).assignments).toEqual([
      { studentId: 'a', placementId: 'p', rank: 2 },
    ]);
  });

  it('welfare matches more students than stable where stability costs a seat', () => {
    // b is ranked first at p; stable gives p to b and leaves a out. Welfare sends b to q.
    const input: AllocationInput = {
      students: [student('a'), student('b')],
      placements: [placement('p'), placement('q')],
      preferences: prefs({ a: ['p'], b: ['p', 'q'] }),
      rankings: [{ placementId: 'p', studentIds: ['b', 'a'] }],
      seed: 's',
    };
    expect(assigned(input)).toEqual({ b: 'p' });
    expect(assigned({ ...input, policy: 'welfare' })).toEqual({ a: 'p', b: 'q' });
    expect(findBlockingPairs(input, allocate({ ...input, policy: 'welfare' }))).toEqual([
      { studentId: 'b', placementId: 'p' },
    ]);
  });

  it('welfare prefers the smaller rank sum among maximum matchings', () => {
    const input: AllocationInput = {
      students: [student('a'), student('b')],
      placements: [placement('p'), placement('q')],
      preferences: prefs({ a: ['p', 'q'], b: ['p', 'q'] }),
      seed: 's',
      policy: 'welfare',
    };
    const result = allocate(input);
    expect(result.assignments.map((a) => a.rank).sort()).toEqual([1, 2]);
    expect(result.policy).toBe('welfare');
  });

  it('reports counts through allocateWithStats without changing the result', () => {
    const input: AllocationInput = {
      students: [student('a'), student('b')],
      placements: [placement('p')],
      preferences: prefs({ a: ['p'], b: ['p'] }),
      rankings: [{ placementId: 'p', studentIds: ['b', 'a'] }],
      seed: 's',
    };
    const { result, stats } = allocateWithStats(input);
    expect(result).toEqual(allocate(input));
    expect(stats.proposals).toBe(2);
    expect(stats.edges).toBe(2);
  });

  // Deferred acceptance never reaches the entries after a student's first choice here, so these
  // guard any shortcut that checks or tests entries only as the algorithm reaches them.
  it('rejects unknown and repeated placements after the entry a student is matched at', () => {
    const input = (list: string[]): AllocationInput => ({
      students: [student('a')],
      placements: [placement('p'), placement('q'), placement('r')],
      preferences: prefs({ a: list }),
      seed: 's',
    });
    expect(assigned(input(['p', 'q', 'r']))).toEqual({ a: 'p' });
    expect(() => allocate(input(['p', 'q', 'r', 'nowhere']))).toThrow(
      'lists unknown placement "nowhere"',
    );
    expect(() => allocate(input(['p', 'q', 'r', 'q']))).toThrow('lists placement "q" twice');
  });

  it('counts eligible entries after the matched one without letting them change the result', () => {
    const input: AllocationInput = {
      students: [student('a', { yearOfStudy: 1 }), student('b')],
      placements: [placement('p'), placement('senior', { minYearOfStudy: 2 }), placement('q')],
      preferences: prefs({ a: ['p', 'senior', 'q'], b: ['q', 'senior', 'p'] }),
      seed: 's',
    };
    const { result, stats } = allocateWithStats(input);
    expect(assigned(input)).toEqual({ a: 'p', b: 'q' });
    expect(result.unmatched).toEqual([]);
    expect(stats.proposals).toBe(2);
    expect(stats.edges).toBe(5);
  });

  it('takes any string as an id, including the names of Object.prototype members and numbers', () => {
    const placementIds = [
      '__proto__',
      'constructor',
      'toString',
      'hasOwnProperty',
      '123',
      '0',
      '-1',
    ];
    const input: AllocationInput = {
      students: placementIds.map((id) => student(id)),
      placements: placementIds.map((id) => placement(id)),
      // Each student wants the placement of the same id first, and lists come in reverse order.
      preferences: placementIds
        .map((id) => ({
          studentId: id,
          placementIds: [id, ...placementIds.filter((q) => q !== id)],
        }))
        .reverse(),
      rankings: [{ placementId: '__proto__', studentIds: ['constructor', '__proto__'] }],
      seed: 'ids',
    };
    expect(assigned(input)).toEqual(Object.fromEntries(placementIds.map((id) => [id, id])));
    expect(findBlockingPairs(input, allocate(input))).toEqual([]);
  });

  it('handles an empty round', () => {
    expect(allocate({ students: [], placements: [], preferences: [], seed: 's' })).toEqual({
      policy: 'stable',
      seed: 's',
      assignments: [],
      unmatched: [],
    });
    expect(
      allocate({ students: [], placements: [], preferences: [], seed: 's', policy: 'welfare' })
        .assignments,
    ).toEqual([]);
  });
});

describe('findBlockingPairs', () => {
  const input: AllocationInput = {
    students: [student('a'), student('b'), student('c')],
    placements: [placement('p'), placement('q', { capacity: 2 })],
    preferences: prefs({ a: ['p', 'q'], b: ['p', 'q'], c: ['q'] }),
    rankings: [{ placementId: 'p', studentIds: ['a', 'b'] }],
    seed: 's',
  };

  it('finds a placement that prefers a student to its worst holder', () => {
    const result = {
      policy: 'stable' as const,
      seed: 's',
      assignments: [
        { studentId: 'a', placementId: 'q', rank: 2 },
        { studentId: 'b', placementId: 'p', rank: 1 },
        { studentId: 'c', placementId: 'q', rank: 1 },
      ],
      unmatched: [],
    };
    expect(findBlockingPairs(input, result)).toEqual([{ studentId: 'a', placementId: 'p' }]);
  });

  it('finds a free seat that an unmatched student wants', () => {
    const result = {
      policy: 'welfare' as const,
      seed: 's',
      assignments: [{ studentId: 'a', placementId: 'p', rank: 1 }],
      unmatched: [
        { studentId: 'b', reason: 'outranked' as const },
        { studentId: 'c', reason: 'outranked' as const },
      ],
    };
    expect(findBlockingPairs(input, result)).toEqual([
      { studentId: 'b', placementId: 'q' },
      { studentId: 'c', placementId: 'q' },
    ]);
  });

  it('finds none in the engine’s stable result', () => {
    expect(findBlockingPairs(input, allocate(input))).toEqual([]);
  });

  it('rejects a result naming unknown ids', () => {
    const result = allocate(input);
    expect(() =>
      findBlockingPairs(input, {
        ...result,
        assignments: [{ studentId: 'zz', placementId: 'p', rank: 1 }],
      }),
    ).toThrow(/zz/);
  });
});
