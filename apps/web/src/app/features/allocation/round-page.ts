import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  computed,
  inject,
  input,
  resource,
  effect,
  signal,
  untracked,
} from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import {
  ALLOCATION_POLICIES,
  UNMATCHED_REASONS,
  type AllocationPolicy,
  type AllocationRound,
  type AllocationUnmatchedReason,
  type PolicyComparison,
} from '@ahp/contracts';
import { apiError } from '../../core/api-error';
import { AllocationClient } from '../../data-access/allocation-client';
import { LabelPipe, UkDatePipe } from '../../shared/label-pipe';
import { DoneNotice, RecordError } from '../../shared/notices';
import { ordinal } from '../../shared/rank-buttons';
import { StatusTag } from '../../shared/status-tag';
import { RankChart } from './rank-chart';

const PHASES = {
  queued: 'Waiting to start',
  loading: 'Reading students, placements and applications',
  matching: 'Matching',
  saving: 'Saving the proposed matches',
};
const STEPS = ['queued', 'loading', 'matching', 'saving'];

/**
 * One allocation round: run it (with progress), see the outcome at a glance, compare the two
 * policies, look up any student's result and why, and approve all or some proposals.
 */
@Component({
  selector: 'app-round-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    FormsModule,
    RouterLink,
    LabelPipe,
    UkDatePipe,
    DoneNotice,
    StatusTag,
    RankChart,
    RecordError,
  ],
  templateUrl: './round-page.html',
})
export class RoundPage {
  readonly id = input.required<string>();
  readonly done = input<string>();

  private readonly client = inject(AllocationClient);
  protected readonly policies = ALLOCATION_POLICIES;
  protected readonly reasons = UNMATCHED_REASONS;
  protected readonly ordinal = ordinal;
  protected readonly round = resource({
    params: () => ({ id: this.id() }),
    loader: ({ params }) => this.client.get(params.id),
  });
  protected readonly current = computed<AllocationRound | null>(() =>
    this.round.hasValue() ? this.round.value() : null,
  );
  protected readonly notice = signal<string | null>(null);
  protected readonly doneMessage = computed(
    () =>
      this.notice() ??
      (this.done() === 'created'
        ? 'The round has been created. Run it when applications are in.'
        : null),
  );
  protected readonly policy = signal<AllocationPolicy>('stable');
  protected readonly busy = signal(false);
  protected readonly actionError = signal<string | null>(null);
  protected readonly progress = computed(() => {
    const round = this.current();
    const phase = round?.phase ?? 'queued';
    return { text: PHASES[phase], step: STEPS.indexOf(phase) + 1, of: STEPS.length };
  });
  protected readonly unmatchedCounts = computed(() => {
    const counts = Object.fromEntries(UNMATCHED_REASONS.map((r) => [r.code, 0])) as Record<
      AllocationUnmatchedReason,
      number
    >;
    for (const u of this.current()?.unmatched ?? []) counts[u.reason] += 1;
    return counts;
  });
  protected readonly averageRank = computed(() => {
    const counts = this.current()?.rankCounts ?? [];
    const total = counts.reduce((a, b) => a + b, 0);
    return total ? (counts.reduce((sum, n, i) => sum + n * (i + 1), 0) / total).toFixed(2) : null;
  });

  // ---- looking a student up -----------------------------------------------------------------
  protected readonly lookFor = signal('');
  protected readonly proposals = computed(() => {
    const q = this.lookFor().trim().toLowerCase();
    const all = this.current()?.proposals ?? [];
    return q ? all.filter((p) => p.studentName.toLowerCase().includes(q)) : all;
  });
  protected readonly unmatched = computed(() => {
    const q = this.lookFor().trim().toLowerCase();
    const all = this.current()?.unmatched ?? [];
    return q ? all.filter((u) => u.studentName.toLowerCase().includes(q)) : all;
  });

  // ---- approving ----------------------------------------------------------------------------
  protected readonly selected = signal<ReadonlySet<string>>(new Set());
  protected readonly stillProposed = computed(() =>
    (this.current()?.proposals ?? []).filter((p) => p.status === 'proposed'),
  );
  protected readonly approval = signal<{
    approved: number;
    failed: { name: string; message: string }[];
  } | null>(null);

  // ---- comparing ----------------------------------------------------------------------------
  protected readonly comparison = signal<PolicyComparison | null>(null);
  protected readonly comparisonRows = computed(() => {
    const c = this.comparison();
    if (!c) return [];
    const ranks = Math.max(c.stable.rankCounts.length, c.welfare.rankCounts.length);
    return [
      { label: 'Students matched', stable: c.stable.matched, welfare: c.welfare.matched },
      ...UNMATCHED_REASONS.map((r) => ({
        label: `Unmatched: ${r.label.toLowerCase()}`,
        stable: c.stable.unmatched[r.code],
        welfare: c.welfare.unmatched[r.code],
      })),
      {
        label: 'Average choice got',
        stable: c.stable.averageRank ?? '—',
        welfare: c.welfare.averageRank ?? '—',
      },
      { label: 'Blocking pairs', stable: c.stable.blockingPairs, welfare: c.welfare.blockingPairs },
      ...Array.from({ length: ranks }, (_, i) => ({
        label: `Got their ${ordinal(i + 1)} choice`,
        stable: c.stable.rankCounts[i] ?? 0,
        welfare: c.welfare.rankCounts[i] ?? 0,
      })),
    ];
  });

  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor() {
    inject(DestroyRef).onDestroy(() => this.stopWatching());
    // Opened while a run is under way (started here, elsewhere or by someone else): follow it.
    effect(() => {
      if (this.current()?.status === 'running' && !this.timer) untracked(() => this.watch());
    });
  }

  async run(): Promise<void> {
    await this.act(async () => {
      this.approval.set(null);
      this.comparison.set(null);
      this.round.set(await this.client.run(this.id(), this.policy()));
      this.watch();
    });
  }

  async compare(): Promise<void> {
    await this.act(async () => this.comparison.set(await this.client.compare(this.id())));
  }

  toggle(matchId: string, checked: boolean): void {
    const next = new Set(this.selected());
    if (checked) next.add(matchId);
    else next.delete(matchId);
    this.selected.set(next);
  }

  async approve(which: 'all' | 'selected'): Promise<void> {
    await this.act(async () => {
      const ids = which === 'selected' ? [...this.selected()] : undefined;
      const result = await this.client.approve(this.id(), ids);
      const names = new Map(
        (this.current()?.proposals ?? []).map((p) => [
          p.matchId,
          `${p.studentName}, ${p.placementTitle}`,
        ]),
      );
      this.approval.set({
        approved: result.approved,
        failed: result.failed.map((f) => ({
          name: names.get(f.matchId) ?? f.matchId,
          message: f.message,
        })),
      });
      this.selected.set(new Set());
      this.round.reload();
    });
  }

  /**
   * Follows a run (the job may be on another server): asks where it has got every half second
   * (the round itself lists every proposal of the last run, thousands of them, so it is read only
   * once the run is over), then shows the outcome.
   */
  private watch(): void {
    this.stopWatching();
    const tick = async () => {
      try {
        const progress = await this.client.progress(this.id());
        const shown = this.current();
        if (progress.status === 'running' && shown) {
          this.round.set({ ...shown, status: progress.status, phase: progress.phase });
          this.timer = setTimeout(tick, 500);
          return;
        }
        const round = await this.client.get(this.id());
        this.round.set(round);
        if (round.status === 'running') {
          this.timer = setTimeout(tick, 500);
          return;
        }
        this.timer = null;
        if (round.status === 'proposed') {
          this.notice.set(
            `The round has run: ${round.matched} of ${round.students} students matched. Check the proposals, then approve them.`,
          );
        }
      } catch (error) {
        this.actionError.set(apiError(error).message);
      }
    };
    this.timer = setTimeout(tick, 300);
  }

  private stopWatching(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async act(work: () => Promise<void>): Promise<void> {
    this.busy.set(true);
    this.actionError.set(null);
    try {
      await work();
    } catch (error) {
      this.actionError.set(apiError(error).message);
    } finally {
      this.busy.set(false);
    }
  }
}
