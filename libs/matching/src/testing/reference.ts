/**
 * A slow, obviously-correct model of the engine's rules, written straight from the contract with
 * plain objects and strings, for tests to check the fast engine against. It shares nothing with
 * the engine except the lottery draw (tested on its own in lottery.spec.ts).
 */
import { drawLottery } from '../lib/lottery';
import { AllocationInput, AllocationResult, PlacementInput, StudentInput } from '../lib/types';

/** Haversine great-circle distance in km (the engine compares chords instead). */
export function distanceKm(
  a: { lat: number; lng: number },
  b: { lat: number; lng: number },
): number {
  const rad = Math.PI / 180;
  const h =
    Math.sin(((b.lat - a.lat) * rad) / 2) ** 2 +
    Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(((b.lng - a.lng) * rad) / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(h)));
}

export function isEligible(student: StudentInput, placement: PlacementInput): boolean {
  if (placement.capacity <= 0) return false;
  if (!placement.professions.includes(student.profession)) return false;
  if (student.yearOfStudy < (placement.minYearOfStudy ?? 1)) return false;
  if (!(placement.requirements ?? []).every((code) => (student.compliance ?? []).includes(code)))
    return false;
  if (student.location && placement.location && student.maxTravelKm !== undefined) {
    if (distanceKm(student.location, placement.location) > student.maxTravelKm) return false;
  }
  // ISO dates compare as strings.
  return !(student.busy ?? []).some(
    (range) => range.startDate <= placement.endDate && placement.startDate <= range.endDate,
  );
}

/** The contract's rules over one input, by id. */
export class Reference {
  readonly students = new Map<string, StudentInput>();
  readonly placements = new Map<string, PlacementInput>();
  /** Each student's list as given. */
  readonly lists = new Map<string, string[]>();
  /** Each student's eligible placements, best first. */
  readonly eligible = new Map<string, string[]>();
  private readonly lottery = new Map<string, number>();
  private readonly rankings = new Map<string, string[]>();

  constructor(
    readonly input: AllocationInput,
    seed: string,
  ) {
    input.students.forEach((s) => this.students.set(s.id, s));
    input.placements.forEach((p) => this.placements.set(p.id, p));
    const position = drawLottery(
      seed,
      input.students.map((s) => s.id),
    ).position;
    input.students.forEach((s, i) => this.lottery.set(s.id, position[i]));
    for (const r of input.rankings ?? []) this.rankings.set(r.placementId, r.studentIds);
    for (const s of input.students) {
      const list = input.preferences.find((pref) => pref.studentId === s.id)?.placementIds ?? [];
      this.lists.set(s.id, list);
      this.eligible.set(
        s.id,
        list.filter((p) => isEligible(s, this.placements.get(p) as PlacementInput)),
      );
    }
  }

  /** 1-based position of `placementId` in the student's list; Infinity for unmatched. */
  rank(studentId: string, placementId: string | undefined): number {
    if (placementId === undefined) return Infinity;
    return (this.lists.get(studentId) as string[]).indexOf(placementId) + 1;
  }

  /** Whether placement `p` prefers student `a` to student `b`. */
  prefers(p: string, a: string, b: string): boolean {
    const pa = this.students.get(a)?.priority ?? 0;
    const pb = this.students.get(b)?.priority ?? 0;
    if (pa !== pb) return pa > pb;
    const ranking = this.rankings.get(p) ?? [];
    const ra = ranking.indexOf(a);
    const rb = ranking.indexOf(b);
    if (ra >= 0 && rb >= 0) return ra < rb;
    if (ra >= 0 || rb >= 0) return ra >= 0;
    return (this.lottery.get(a) as number) < (this.lottery.get(b) as number);
  }

  /** Blocking pairs of a matching given as student → placement. */
  blockingPairs(matching: Map<string, string>): [string, string][] {
    const holders = new Map<string, string[]>();
    for (const [s, p] of matching) holders.set(p, [...(holders.get(p) ?? []), s]);
    const pairs: [string, string][] = [];
    for (const [s, eligible] of this.eligible) {
      const current = this.rank(s, matching.get(s));
      for (const p of eligible) {
        if (this.rank(s, p) >= current) break;
        const held = holders.get(p) ?? [];
        const capacity = (this.placements.get(p) as PlacementInput).capacity;
        if (held.length < capacity || held.some((t) => this.prefers(p, s, t))) pairs.push([s, p]);
      }
    }
    return pairs;
  }

  /** Every feasible matching (eligible pairs, capacities respected). Small inputs only. */
  allMatchings(): Map<string, string>[] {
    const ids = [...this.students.keys()];
    const load = new Map<string, number>();
    const all: Map<string, string>[] = [];
    const current = new Map<string, string>();
    const visit = (i: number) => {
      if (i === ids.length) {
        all.push(new Map(current));
        return;
      }
      visit(i + 1);
      for (const p of this.eligible.get(ids[i]) as string[]) {
        const used = load.get(p) ?? 0;
        if (used >= (this.placements.get(p) as PlacementInput).capacity) continue;
        load.set(p, used + 1);
        current.set(ids[i], p);
        visit(i + 1);
        current.delete(ids[i]);
        load.set(p, used);
      }
    };
    visit(0);
    return all;
  }
}

export function asMatching(result: AllocationResult): Map<string, string> {
  return new Map(result.assignments.map((a) => [a.studentId, a.placementId]));
}

/**
 * Least-rank maximum matching by textbook successive shortest paths: Bellman–Ford on an explicit
 * residual graph, one augmenting path at a time. Slow, but independent of the engine's
 * primal-dual phases; returns the optimum's size and rank sum.
 */
export function referenceWelfare(reference: Reference): { matched: number; rankSum: number } {
  const studentIds = [...reference.students.keys()];
  const placementIds = [...reference.placements.keys()];
  const source = 0;
  const sink = 1;
  const node = new Map<string, number>();
  studentIds.forEach((id, i) => node.set(`s:${id}`, 2 + i));
  placementIds.forEach((id, i) => node.set(`p:${id}`, 2 + studentIds.length + i));
  const arcs: { to: number; capacity: number; cost: number }[] = [];
  const out: number[][] = Array.from(
    { length: 2 + studentIds.length + placementIds.length },
    () => [],
  );
  const addArc = (from: number, to: number, capacity: number, cost: number) => {
    out[from].push(arcs.length);
    arcs.push({ to, capacity, cost });
    out[to].push(arcs.length);
    arcs.push({ to: from, capacity: 0, cost: -cost });
  };
  for (const s of studentIds) {
    addArc(source, node.get(`s:${s}`) as number, 1, 0);
    for (const p of reference.eligible.get(s) as string[]) {
      addArc(node.get(`s:${s}`) as number, node.get(`p:${p}`) as number, 1, reference.rank(s, p));
    }
  }
  for (const p of placementIds) {
    addArc(
      node.get(`p:${p}`) as number,
      sink,
      (reference.placements.get(p) as PlacementInput).capacity,
      0,
    );
  }
  let matched = 0;
  let rankSum = 0;
  for (;;) {
    const dist = out.map(() => Infinity);
    const via = out.map(() => -1);
    dist[source] = 0;
    for (let round = 0; round < out.length; round++) {
      let changed = false;
      out.forEach((arcIds, from) => {
        if (dist[from] === Infinity) return;
        for (const a of arcIds) {
          if (arcs[a].capacity > 0 && dist[from] + arcs[a].cost < dist[arcs[a].to]) {
            dist[arcs[a].to] = dist[from] + arcs[a].cost;
            via[arcs[a].to] = a;
            changed = true;
          }
        }
      });
      if (!changed) break;
    }
    if (dist[sink] === Infinity) return { matched, rankSum };
    for (let v = sink; v !== source; v = arcs[via[v] ^ 1].to) {
      arcs[via[v]].capacity--;
      arcs[via[v] ^ 1].capacity++;
    }
    matched++;
    rankSum += dist[sink];
  }
}
