import type { TopologyStatus } from '@cachetoggle/service';
import type { HostConfig } from './host-protocol';
import type { LoadLog } from './load-log';
import { ServiceHostProcess } from './service-host-process';
import type { LoadPlan, LoadResult } from './workload';

/** The config of the host in `slot`; `generation` counts the restarts of that slot. */
export type HostConfigFor = (slot: number, generation: number) => HostConfig;

/**
 * The service processes of one implementation, one per slot, all reporting to one log. A slot's
 * process can be crashed mid-load (`crashAndReplace`): its announced but unsettled writes are
 * logged as unknown, a fresh process takes the slot, and the slot's share of the round goes on
 * in it, under a new worker tag so that its write tokens stay unique.
 */
export class HostFleet {
  readonly #slots: ServiceHostProcess[] = [];
  readonly #generations: number[] = [];
  readonly #crashed = new Set<ServiceHostProcess>();
  readonly #replacing = new Map<number, Promise<void>>();
  readonly #unsettled = new Map<ServiceHostProcess, Set<string>>();
  readonly #opsDone = new Map<ServiceHostProcess, number>();
  #crashes = 0;

  private constructor(
    private readonly configFor: HostConfigFor,
    private readonly log: LoadLog,
  ) {}

  /** Starts `count` hosts, one after the other. */
  static async start(count: number, configFor: HostConfigFor, log: LoadLog): Promise<HostFleet> {
    const fleet = new HostFleet(configFor, log);
    try {
      for (let slot = 0; slot < count; slot++) await fleet.#startSlot(slot, 0);
    } catch (error) {
      fleet.kill();
      throw error;
    }
    return fleet;
  }

  /** How many slots (processes at any time). */
  get size(): number {
    return this.#slots.length;
  }

  /** Processes crashed so far. */
  get crashes(): number {
    return this.#crashes;
  }

  /** Runs one plan per slot at once; a slot whose process is crashed finishes in its successor. */
  async runRound(plans: readonly LoadPlan[]): Promise<LoadResult[]> {
    const perSlot = await Promise.all(plans.map((plan, slot) => this.#runSlot(slot, plan)));
    return perSlot.flat();
  }

  /** SIGKILLs the process of `slot` and starts another in its place. */
  crashAndReplace(slot: number): Promise<void> {
    const host = this.#slots[slot];
    if (!host) throw new RangeError(`no host in slot ${slot}`);
    const replaced = (async () => {
      this.#crashed.add(host);
      this.#crashes++;
      await host.crash();
      this.log.abandon(this.#unsettled.get(host) ?? []);
      const generation = (this.#generations[slot] ?? 0) + 1;
      await this.#startSlot(slot, generation);
    })();
    this.#replacing.set(slot, replaced);
    return replaced;
  }

  /** Calls `method` on every current host. */
  each<T>(method: string, ...args: unknown[]): Promise<T[]> {
    return Promise.all(this.#slots.map((host) => host.call<T>(method, ...args)));
  }

  /**
   * Resolves once every current host places keys by topology `generation` or a later one (they
   * poll the shared row); throws when one has not after `timeoutMs`.
   */
  async waitForGeneration(generation: number, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const statuses = await this.each<TopologyStatus | undefined>('topology');
      const behind = statuses.filter((s) => (s?.generation ?? 0) < generation).length;
      if (behind === 0) return;
      if (Date.now() > deadline) {
        throw new Error(
          `${behind} of ${statuses.length} hosts still behind topology generation ${generation} after ${timeoutMs} ms`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Closes every host; how many did not exit by themselves. */
  async close(): Promise<number> {
    const closed = await Promise.all(this.#slots.map((host) => host.close()));
    return closed.filter((c) => !c.exitedByItself).length;
  }

  /** Kills every host (cleanup after a failure). */
  kill(): void {
    for (const host of this.#slots) host.kill();
  }

  async #startSlot(slot: number, generation: number): Promise<void> {
    const host = await ServiceHostProcess.start(this.configFor(slot, generation));
    const unsettled = new Set<string>();
    this.#unsettled.set(host, unsettled);
    this.#opsDone.set(host, 0);
    host.onLog((entry) => {
      this.log.add(entry);
      if (entry.kind === 'write-started') {
        unsettled.add(entry.token);
        return;
      }
      this.#opsDone.set(host, (this.#opsDone.get(host) ?? 0) + 1);
      for (const write of entry.writes) unsettled.delete(write.token);
    });
    this.#slots[slot] = host;
    this.#generations[slot] = generation;
  }

  async #runSlot(slot: number, plan: LoadPlan): Promise<LoadResult[]> {
    let remaining = plan.ops;
    for (let attempt = 0; ; attempt++) {
      const host = this.#slots[slot];
      if (!host) throw new RangeError(`no host in slot ${slot}`);
      const before = this.#opsDone.get(host) ?? 0;
      const workerTag = attempt === 0 ? plan.workerTag : `${plan.workerTag}x${attempt}`;
      try {
        return [await host.call<LoadResult>('runLoad', { ...plan, ops: remaining, workerTag })];
      } catch (error) {
        if (!this.#crashed.has(host)) throw error;
        await this.#replacing.get(slot);
        remaining -= (this.#opsDone.get(host) ?? 0) - before;
        if (remaining <= 0) return [];
      }
    }
  }
}
