import { MatchingOutcome } from './deferred-acceptance';
import { eligibleEdges, Instance } from './instance';

export interface WelfareStats {
  /** Shortest-path computations (one per phase, the last finding no path). */
  phases: number;
  /** Augmenting paths applied. */
  augmentations: number;
  /** Nodes settled by the shortest-path searches, over all phases. */
  settled: number;
}

/**
 * Maximum matching of least total rank: a min-cost maximum flow on
 *
 *   source → student (capacity 1, cost 0) → placement (capacity 1, cost = rank) → sink
 *   (capacity = seats),
 *
 * solved by the primal-dual method. Node potentials π keep every residual arc's reduced cost
 * c(u,v) + π(u) − π(v) non-negative. Each phase
 *
 *  1. runs Dijkstra on reduced costs from every free student, stopping when the sink is settled.
 *     Reduced costs are small integers, so the priority queue is Dial's array of buckets;
 *  2. raises π by min(distance, sink distance), after which the arcs on shortest paths are
 *     exactly those of reduced cost 0 (the admissible graph);
 *  3. augments along as many admissible source–sink paths as a depth-first search with
 *     current-arc pointers finds (as in Dinic's or Hopcroft–Karp's phases).
 *
 * Augmenting only along shortest paths keeps the flow of least cost for its size at every step
 * (successive shortest paths), so the final maximum flow is a maximum matching whose rank sum is
 * least among maximum matchings. Every phase augments at least once, because the sink's
 * shortest-path tree is admissible; a search that misses some paths only costs another phase.
 *
 * Residual arcs are never stored: a student's are its unused preference edges; a placement's are
 * the reverse arcs to the students it holds (cost −rank) plus the arc to the sink while it has a
 * free seat. Holders live in per-placement slices of one Int32Array. An augmenting path
 * s₀ → p₀ → s₁ → p₁ … → p_k → sink moves s_{i+1} from p_i to p_{i+1}; s_i takes over the slot
 * s_{i+1} left, and s_k takes a new slot at p_k.
 */
export function maximumWelfare(instance: Instance, stats?: WelfareStats): MatchingOutcome {
  const { studentCount: n, placementCount: m, seats } = instance;
  const { edgeStart, edgePlacement, edgeRank, edgeEntry } = eligibleEdges(instance);
  const sink = n + m;
  const nodes = n + m + 1;
  // Potentials. The sink's stays 0 (it is settled at its own distance every phase), and only
  // nodes that Dijkstra settles change, by distance − sink distance (a common shift of
  // min(distance, sink distance) that leaves reduced costs unchanged).
  const potential = new Float64Array(nodes);
  let sourcePotential = 0;

  const assignedEdge = new Int32Array(n).fill(-1);
  const slotStart = new Int32Array(m + 1);
  for (let p = 0; p < m; p++) slotStart[p + 1] = slotStart[p] + seats[p];
  const load = new Int32Array(m);
  const slotStudent = new Int32Array(slotStart[m]);
  const slotOf = new Int32Array(n);

  let free = new Int32Array(n);
  let freeCount = 0;
  for (let s = 0; s < n; s++) if (edgeStart[s + 1] > edgeStart[s]) free[freeCount++] = s;
  free = free.subarray(0, freeCount);

  const dist = new Float64Array(nodes).fill(Infinity);
  const settledIn = new Int32Array(nodes);
  const touched = new Int32Array(nodes);
  const settledList = new Int32Array(nodes);
  let heads = new Int32Array(64).fill(-1);
  // Each improvement inserts one entry (stale ones are skipped when popped); there are at most
  // as many improvements as arcs scanned, plus the free students.
  const poolSize = freeCount + edgeStart[n] + slotStart[m] + m + 1;
  const entryNode = new Int32Array(poolSize);
  const entryNext = new Int32Array(poolSize);

  const current = new Int32Array(n);
  const currentIn = new Int32Array(n);
  const slotCursor = new Int32Array(m);
  const slotCursorIn = new Int32Array(m);
  const deadStudent = new Int32Array(n);
  const deadPlacement = new Int32Array(m);
  const onPath = new Int32Array(n);
  const pathStudent = new Int32Array(n + 1);
  const pathEdge = new Int32Array(n + 1);

  let augmentations = 0;
  let settledTotal = 0;
  let phase = 0;

  /** Depth-first search for one admissible path from free student `root`; augments if found. */
  const augmentFrom = (root: number): boolean => {
    let depth = 0;
    pathStudent[0] = root;
    onPath[root] = phase;
    for (;;) {
      const s = pathStudent[depth];
      if (currentIn[s] !== phase) {
        currentIn[s] = phase;
        current[s] = edgeStart[s];
      }
      const end = edgeStart[s + 1];
      let child = -1;
      while (current[s] < end) {
        const e = current[s];
        const p = edgePlacement[e];
        const u = n + p;
        if (
          e === assignedEdge[s] ||
          deadPlacement[p] === phase ||
          edgeRank[e] + potential[s] !== potential[u]
        ) {
          current[s]++;
          continue;
        }
        if (load[p] < seats[p] && potential[u] === 0) {
          pathEdge[depth] = e;
          applyPath(depth);
          return true;
        }
        if (slotCursorIn[p] !== phase) {
          slotCursorIn[p] = phase;
          slotCursor[p] = 0;
        }
        const base = slotStart[p];
        while (slotCursor[p] < load[p]) {
          const t = slotStudent[base + slotCursor[p]];
          if (
            deadStudent[t] !== phase &&
            onPath[t] !== phase &&
            potential[u] - edgeRank[assignedEdge[t]] === potential[t]
          ) {
            child = t;
            break;
          }
          slotCursor[p]++;
        }
        if (child >= 0) {
          pathEdge[depth] = e;
          break;
        }
        deadPlacement[p] = phase;
        current[s]++;
      }
      if (child >= 0) {
        pathStudent[++depth] = child;
        onPath[child] = phase;
        continue;
      }
      // Dead end: s leads nowhere this phase. Back up and skip s at the parent's placement.
      deadStudent[s] = phase;
      onPath[s] = 0;
      if (depth === 0) return false;
      depth--;
      slotCursor[edgePlacement[pathEdge[depth]]]++;
    }
  };

  const applyPath = (depth: number) => {
    const last = edgePlacement[pathEdge[depth]];
    let slot = slotStart[last] + load[last]++;
    for (let i = depth; i >= 0; i--) {
      const s = pathStudent[i];
      const left = slotOf[s];
      slotStudent[slot] = s;
      slotOf[s] = slot;
      assignedEdge[s] = pathEdge[i];
      onPath[s] = 0;
      slot = left;
    }
    augmentations++;
  };

  for (;;) {
    phase++;
    // 1. Dijkstra with buckets from every free student.
    let touchedCount = 0;
    let settledCount = 0;
    let poolUsed = 0;
    let topBucket = -1;
    const insert = (v: number, d: number) => {
      if (d >= heads.length) {
        const grown = new Int32Array(Math.max(2 * heads.length, d + 1)).fill(-1);
        grown.set(heads);
        heads = grown;
      }
      entryNode[poolUsed] = v;
      entryNext[poolUsed] = heads[d];
      heads[d] = poolUsed++;
      if (d > topBucket) topBucket = d;
    };
    const relax = (v: number, d: number) => {
      if (d < dist[v] && d < dist[sink]) {
        if (dist[v] === Infinity) touched[touchedCount++] = v;
        dist[v] = d;
        insert(v, d);
      }
    };
    for (let i = 0; i < freeCount; i++) relax(free[i], sourcePotential - potential[free[i]]);
    let sinkDistance = Infinity;
    search: for (let b = 0; b <= topBucket; b++) {
      while (heads[b] !== -1) {
        const entry = heads[b];
        heads[b] = entryNext[entry];
        const v = entryNode[entry];
        if (settledIn[v] === phase || dist[v] !== b) continue;
        settledIn[v] = phase;
        settledList[settledCount++] = v;
        if (v === sink) {
          sinkDistance = b;
          break search;
        }
        if (v < n) {
          const assigned = assignedEdge[v];
          const from = b + potential[v];
          for (let e = edgeStart[v]; e < edgeStart[v + 1]; e++) {
            if (e !== assigned) {
              const u = n + edgePlacement[e];
              relax(u, from + edgeRank[e] - potential[u]);
            }
          }
        } else {
          const p = v - n;
          const from = b + potential[v];
          if (load[p] < seats[p]) relax(sink, from);
          for (let slot = slotStart[p]; slot < slotStart[p] + load[p]; slot++) {
            const t = slotStudent[slot];
            relax(t, from - edgeRank[assignedEdge[t]] - potential[t]);
          }
        }
      }
    }
    heads.fill(-1, 0, topBucket + 1);
    settledTotal += settledCount;
    if (sinkDistance !== Infinity) {
      // 2. Potentials.
      for (let i = 0; i < settledCount; i++) {
        const v = settledList[i];
        potential[v] += dist[v] - sinkDistance;
      }
      sourcePotential -= sinkDistance;
    }
    for (let i = 0; i < touchedCount; i++) dist[touched[i]] = Infinity;
    if (sinkDistance === Infinity) break;

    // 3. Augment along admissible paths from each free student whose source arc is admissible.
    const before = augmentations;
    for (let i = 0; i < freeCount; i++) {
      const root = free[i];
      if (potential[root] === sourcePotential && deadStudent[root] !== phase) augmentFrom(root);
    }
    // The shortest-path tree to the sink is admissible, so a phase without progress means the
    // potentials are wrong: fail loudly rather than loop.
    if (augmentations === before)
      throw new Error('maximumWelfare: a phase found no augmenting path');
    let kept = 0;
    for (let i = 0; i < freeCount; i++) if (assignedEdge[free[i]] < 0) free[kept++] = free[i];
    freeCount = kept;
  }

  if (stats) {
    stats.phases = phase;
    stats.augmentations = augmentations;
    stats.settled = settledTotal;
  }
  const assignedEntry = assignedEdge.map((e) => (e >= 0 ? edgeEntry[e] : -1));
  return { assignedEntry };
}
