/**
 * The order in which `count` contenders run in round `round`: row `round` of a Williams
 * design, a Latin square whose rows, taken together, put every contender right before every
 * other one equally often (once per square when `count` is even; the square and its mirror,
 * twice as many rows, when it is odd). A fixed rotation instead always runs the same
 * contender right before a given one, so whatever that contender leaves behind (garbage,
 * cold caches, a busy server) lands on the same neighbour in every round.
 */
export function balancedOrder(count: number, round: number): number[] {
  if (!Number.isInteger(count) || count < 1) {
    throw new Error(`balancedOrder: count must be a positive integer, got ${count}`);
  }
  if (!Number.isInteger(round) || round < 0) {
    throw new Error(`balancedOrder: round must be a non-negative integer, got ${round}`);
  }
  const row = round % balancedOrderPeriod(count);
  const shift = row % count;
  // First row 0, 1, n-1, 2, n-2, …: consecutive differences take every value once.
  const order = Array.from({ length: count }, (_, j) => {
    const first = j === 0 ? 0 : j % 2 === 1 ? (j + 1) / 2 : count - j / 2;
    return (first + shift) % count;
  });
  return row < count ? order : order.reverse();
}

/** Rounds after which `balancedOrder` has put every ordered pair side by side equally often. */
export function balancedOrderPeriod(count: number): number {
  return count % 2 === 0 ? count : 2 * count;
}
