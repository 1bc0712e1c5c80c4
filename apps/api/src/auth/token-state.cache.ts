import type { TokenState } from './sessions.service';

/** How long a person whose state is being changed here is read fresh, at most (a rolled-back change never notifies). */
const CHANGING_MS = 30_000;
/** People whose answers are kept, at most; the longest-kept person is forgotten first. */
const PEOPLE_KEPT = 50_000;

interface Entry {
  state: TokenState;
  until: number;
}

/**
 * The access guard's answers (is this person active, is this session live, which token version)
 * kept per person and session for a short while, so that a signed-in person's every request does
 * not read them again. Correct only because every change to them is announced: triggers NOTIFY
 * `token_state` with the person's id when a change commits (migration 1764547200000), and the
 * TokenStateListener passes that on here. While this process cannot be sure it hears those
 * announcements (no listener connection, or its heartbeat is late) nothing is kept or used.
 *
 * Three rules close the gaps around a change:
 * - an answer read before any change was heard is not kept (the generation moved on);
 * - a person whose state this process is changing (`changing`) is read fresh until the change's
 *   announcement arrives, so that this process never answers from before its own change;
 * - only answers that let a request through are kept: refusing is never cached.
 * Another process's change reaches this one when its announcement does (milliseconds).
 */
export class TokenStateCache {
  private readonly people = new Map<string, Map<string, Entry>>();
  private readonly changingUntil = new Map<string, number>();
  private generation = 0;
  private usableUntil = 0;
  hits = 0;
  misses = 0;

  constructor(
    /** The longest an answer is kept, in ms (0 keeps nothing). */
    readonly maxAgeMs: number,
    private readonly peopleKept = PEOPLE_KEPT,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether answers are kept and used now. */
  get usable(): boolean {
    return this.maxAgeMs > 0 && this.now() < this.usableUntil;
  }

  /** The listener proved it hears announcements; answers may be used until `until` (ms). */
  trustUntil(until: number): void {
    this.usableUntil = until;
  }

  /** The listener lost its connection (or its heartbeat): forget everything, keep nothing. */
  distrust(): void {
    this.usableUntil = 0;
    this.forgetEveryone();
  }

  lookup(userId: string, sessionId: string | null): TokenState | null {
    if (!this.usable) return null;
    const entry = this.people.get(userId)?.get(sessionId ?? '');
    if (!entry || this.now() >= entry.until) {
      this.misses++;
      return null;
    }
    this.hits++;
    return entry.state;
  }

  /** To be passed to `keep` with the answer read after it. */
  begin(): number {
    return this.generation;
  }

  /** Keeps an answer read since `begin()` returned `generation`, for at most `ttlMs`. */
  keep(
    userId: string,
    sessionId: string | null,
    state: TokenState,
    ttlMs: number,
    generation: number,
  ): void {
    if (!this.usable || generation !== this.generation) return;
    if (!state.active || !state.sessionLive) return;
    const changing = this.changingUntil.get(userId);
    if (changing !== undefined) {
      if (this.now() < changing) return;
      this.changingUntil.delete(userId);
    }
    let sessions = this.people.get(userId);
    if (!sessions) {
      if (this.people.size >= this.peopleKept) {
        const oldest = this.people.keys().next();
        if (!oldest.done) this.people.delete(oldest.value);
      }
      sessions = new Map();
      this.people.set(userId, sessions);
    }
    sessions.set(sessionId ?? '', {
      state,
      until: this.now() + Math.max(0, Math.min(ttlMs, this.maxAgeMs)),
    });
  }

  /**
   * This process is about to commit (or has just committed) a change to the person's state: read
   * them fresh until the change's announcement arrives.
   */
  changing(userId: string): void {
    this.generation++;
    this.people.delete(userId);
    this.changingUntil.set(userId, this.now() + CHANGING_MS);
  }

  /** A change to the person's state was announced (it has committed). */
  changed(userId: string): void {
    this.generation++;
    this.people.delete(userId);
    this.changingUntil.delete(userId);
  }

  forgetEveryone(): void {
    this.generation++;
    this.people.clear();
    this.changingUntil.clear();
  }

  /** How many people have answers kept (for tests and metrics). */
  get size(): number {
    return this.people.size;
  }
}
