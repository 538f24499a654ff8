import { type Measurement, pairedRatio } from './harness';
import { markdownTable } from './markdown-table';

/** Where and how the run happened: the head of BENCHMARKS.md. */
export interface RunInfo {
  readonly command: string;
  readonly date: string;
  readonly scale: string;
  readonly machine: readonly (readonly [string, string])[];
  readonly versions: readonly (readonly [string, string])[];
}

interface ComparisonSection {
  readonly kind: 'comparison';
  readonly title: string;
  readonly note: string;
  /** Row groups (one per requests-in-flight level), each with the name of its baseline. */
  readonly groups: { readonly baseline: string; readonly rows: readonly Measurement[] }[];
}

interface FactSection {
  readonly kind: 'facts';
  readonly title: string;
  readonly note: string;
  readonly rows: readonly (readonly [string, string])[];
}

/** The results of a run, collected case by case and rendered as Markdown. */
export class BenchReport {
  private readonly sections: (ComparisonSection | FactSection)[] = [];
  private readonly ratioLines: [string, number][] = [];

  /** Adds rows measured together; each row's ratio is `pairedRatio` against the baseline. */
  addComparison(
    title: string,
    note: string,
    baseline: string,
    measurements: readonly Measurement[],
  ): void {
    if (!measurements.some((m) => m.name === baseline)) {
      throw new Error(`${title}: baseline "${baseline}" was not measured`);
    }
    const existing = this.sections.find(
      (s): s is ComparisonSection => s.kind === 'comparison' && s.title === title,
    );
    const group = { baseline, rows: measurements };
    if (existing) existing.groups.push(group);
    else this.sections.push({ kind: 'comparison', title, note, groups: [group] });
  }

  /** Adds a section of labelled values (counts, heap sizes). */
  addFacts(title: string, note: string, rows: readonly (readonly [string, string])[]): void {
    this.sections.push({ kind: 'facts', title, note, rows });
  }

  /** Adds a headline line `ratio <name>=<value>`. */
  addRatio(name: string, value: number): void {
    if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`bad ratio name "${name}"`);
    this.ratioLines.push([name, value]);
  }

  /** The `ratio <name>=<value>` lines, in the order they were added. */
  ratios(): string[] {
    return this.ratioLines.map(([name, value]) => `ratio ${name}=${formatRatio(value)}`);
  }

  /** The whole report; it ends with the ratio lines. */
  render(info: RunInfo): string {
    const out: string[] = ['# Benchmarks', ''];
    out.push(`Command: \`${info.command}\` (scale: ${info.scale})  `, `Date: ${info.date}`, '');
    out.push(...markdownTable(['machine', ''], ['left', 'left'], info.machine), '');
    out.push(...markdownTable(['package', 'version'], ['left', 'left'], info.versions), '');
    out.push(METHOD, '');
    for (const section of this.sections) {
      out.push(`## ${section.title}`, '', section.note, '');
      if (section.kind === 'facts') {
        out.push(...markdownTable(['', ''], ['left', 'left'], section.rows), '');
        continue;
      }
      const rows: string[][] = [];
      for (const group of section.groups) {
        const base = group.rows.find((m) => m.name === group.baseline) as Measurement;
        for (const m of group.rows) {
          const isBase = m === base;
          rows.push([
            m.name,
            String(m.inflight),
            fixed(m.opsPerSec, 0),
            fixed(m.p50Ms, 3),
            fixed(m.p99Ms, 3),
            fixed(m.cpuMicrosPerOp, 1),
            isBase ? '(baseline)' : base.name,
            isBase ? '1' : formatRatio(pairedRatio(m, base)),
            `${fixed(Math.min(...m.roundOpsPerSec), 0)}–${fixed(Math.max(...m.roundOpsPerSec), 0)}`,
          ]);
        }
      }
      out.push(...markdownTable(COLUMNS, ALIGNMENT, rows), '');
    }
    out.push('## Headline ratios', '', ...this.ratios(), '');
    return out.join('\n');
  }
}

const COLUMNS = [
  'case',
  'in flight',
  'ops/s',
  'p50 ms',
  'p99 ms',
  'CPU µs/op',
  'vs',
  'ratio',
  'round ops/s min–max',
];
const ALIGNMENT = [
  'left',
  'right',
  'right',
  'right',
  'right',
  'right',
  'left',
  'right',
  'left',
] as const;

const METHOD = [
  'Method: every comparison runs its contenders in the same process against the same servers,',
  'in rounds; in each round every contender runs once, back to back, in a balanced order that',
  'changes from round to round (each right before each other equally often), after an untimed',
  'warm-up round each and a young-generation GC before every round. "In flight" is the number',
  'of concurrent async loops, each awaiting its operation before starting the next. ops/s is the',
  "median of a contender's rounds; ratio is the median over the rounds of the contender's ops/s",
  "over the baseline's in the same round; p50/p99 are over every timed operation. CPU µs/op is",
  "this process's CPU time (user + system) per operation: the client-side cost, which other",
  'load on the machine disturbs much less than it disturbs ops/s.',
].join('\n');

/** A ratio or count with up to three decimals (`1`, `0.957`, `12.4`). */
export function formatRatio(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return String(Number(value.toFixed(3)));
}

function fixed(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '-';
}
