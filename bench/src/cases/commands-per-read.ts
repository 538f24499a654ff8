import type { BenchContext } from '../bench-context';
import { type CommandCounts, countCommands } from '../memcached-commands';

const SAMPLE = 100;

/**
 * What one read through the service costs memcached, from memcached's own counters (`stats`
 * cmd_get and cmd_set, summed over the servers): 100 sequential gets of people no one cached
 * (misses), then the same 100 again (hits). The lower bound is one get per hit and one get
 * plus one store per miss: the read, and the fill.
 */
export async function runCommandsPerReadCase(ctx: BenchContext): Promise<void> {
  const ids = ctx.env.people.slice(0, SAMPLE).map((p) => p.id);
  const stack = ctx.openService('commands');
  try {
    const readAll = async () => {
      for (const id of ids) await stack.service.get(id);
    };
    const statsBefore = stack.service.stats();
    const queriesBefore = ctx.db.queryCount;
    const misses = await countCommands(ctx.memjs, readAll);
    const statsMiddle = stack.service.stats();
    const queriesMiddle = ctx.db.queryCount;
    const hits = await countCommands(ctx.memjs, readAll);
    const statsAfter = stack.service.stats();
    const per = (n: number) => (n / SAMPLE).toFixed(2);
    const row = (counts: CommandCounts, queries: number, served: string) =>
      `cmd_get ${per(counts.gets)}, cmd_set ${per(counts.stores)}, deletes ${per(counts.deletes)}; DB queries ${per(queries)}; ${served}`;
    ctx.report.addFacts(
      'memcached commands per service read',
      `memcached's own counters (\`stats\` cmd_get, cmd_set, delete_hits + delete_misses) per read, over ${SAMPLE} sequential \`get\`s of uncached people, then of the same people again; DB queries from the DAO's counter, reads from the service's stats.`,
      [
        [
          `miss (${SAMPLE} uncached people)`,
          row(
            misses,
            queriesMiddle - queriesBefore,
            `service misses ${statsMiddle.misses - statsBefore.misses}, fills ${statsMiddle.fills - statsBefore.fills}`,
          ),
        ],
        [
          `hit (the same ${SAMPLE} again)`,
          row(
            hits,
            ctx.db.queryCount - queriesMiddle,
            `service hits ${statsAfter.hits - statsMiddle.hits}`,
          ),
        ],
      ],
    );
  } finally {
    await stack.close();
  }
}
