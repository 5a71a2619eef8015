/**
 * A budget per turn of the event loop for the frames of saved events. One commit can settle the
 * writes of many rooms at once (a contest's rooms closing at one deadline): applied in the same
 * turn, their reveals would be one synchronous stretch of hundreds of milliseconds in which no
 * answer is read. Past the budget, a room's frames wait for a later turn, in the order they came
 * (each room's own frames stay in order: a room waits for its previous frames before the next).
 */

const BUDGET_MS = 10;

let turnStartedAt = -1;
const waiting: (() => void)[] = [];
let draining = false;

/** When the current turn began spending on frames (the first call in it). */
function turnStart(): number {
  if (turnStartedAt < 0) {
    turnStartedAt = performance.now();
    setImmediate(() => {
      turnStartedAt = -1;
    });
  }
  return turnStartedAt;
}

/**
 * Run `work` now if this turn has budget left and nothing is waiting; else later, in order. The
 * promise (null when run now) settles once it has run, rejected with what it threw: the rest still run.
 */
export function inTurnBudget(work: () => void): Promise<void> | null {
  if (waiting.length === 0 && performance.now() - turnStart() < BUDGET_MS) {
    work();
    return null;
  }
  return new Promise((resolve, reject) => {
    waiting.push(() => {
      try {
        work();
        resolve();
      } catch (error) {
        reject(error);
      }
    });
    if (!draining) {
      draining = true;
      setImmediate(drain);
    }
  });
}

function drain(): void {
  const start = performance.now();
  turnStartedAt = start;
  // At least one per turn, then as many as the budget allows.
  do waiting.shift()!();
  while (waiting.length > 0 && performance.now() - start < BUDGET_MS);
  if (waiting.length > 0) setImmediate(drain);
  else draining = false;
}
