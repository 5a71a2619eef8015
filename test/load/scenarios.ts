/** The load benchmark's scenarios (`npm run bench:load -- --scenario <name>`). */

export interface FloodOptions {
  /** Bots that try to join in one burst, after the legitimate players are seated and a question is open. */
  bots: number;
  /** Room capacity (legitimate players included). */
  capacity: number;
  /** The host's `room:sync` interval during the burst. */
  syncIntervalMs: number;
}

export interface ClusterOptions {
  /** Game server processes, each a cluster node on one Redis started by the run; node A (the first) owns the rooms. */
  nodes: number;
}

/**
 * A school evening of homework (`--scenario homework`): one assignment, its students arriving over
 * a ramp and working through the items at their own pace, each on a socket of their own.
 */
export interface HomeworkOptions {
  /**
   * The evening's length: students arrive over its first 40 %, and each one's think times are set so
   * that the last to arrive finishes near the end (`--duration SEC`).
   */
  durationMs: number;
  /** Share of students who stop once midway and resume on a new connection (`--resume SHARE`)… */
  resumeShare: number;
  /** …and of those, the share who resume on "another device" with the resume code instead of the token. */
  resumeByCodeShare: number;
  /** Share of items a student gives up (`homework:skip`). */
  skipShare: number;
}

export interface Scenario {
  name: string;
  description: string;
  rooms: number;
  playersPerRoom: number;
  questions: number;
  answerWindowMs: number;
  /** Bot worker processes. */
  workers: number;
  /** Joins in flight at once, per worker. */
  joinConcurrency: number;
  /** Share of players who drop and come back with their token during each question. */
  rejoinShare: number;
  flood: FloodOptions | null;
  /**
   * Set: the game also runs as a cluster (`--target cluster`), and by default the run compares the
   * cluster, one embedded node (SQLite) and the bare baseline. The hosts connect to node A, the
   * players are spread evenly over the nodes.
   */
  cluster: ClusterOptions | null;
  /** Set: a homework evening instead of a live game; `playersPerRoom` is then the assignment's students. */
  homework: HomeworkOptions | null;
  /** A run of one target that takes longer than this fails. */
  deadlineMs: number;
}

const base = {
  questions: 3,
  answerWindowMs: 2000,
  workers: 2,
  joinConcurrency: 50,
  rejoinShare: 0.05,
  flood: null,
  cluster: null,
  homework: null,
} satisfies Partial<Scenario>;

export const SCENARIOS: Record<string, Scenario> = {
  smoke: {
    ...base,
    name: 'smoke',
    description: '1 room × 50 players, 2 questions (the CI harness check)',
    rooms: 1,
    playersPerRoom: 50,
    questions: 2,
    deadlineMs: 25_000,
  },
  '2k': {
    ...base,
    name: '2k',
    description: '1 room × 2,000 players, 3 questions',
    rooms: 1,
    playersPerRoom: 2000,
    deadlineMs: 180_000,
  },
  '5k': {
    ...base,
    name: '5k',
    description: '1 room × 5,000 players, 3 questions',
    rooms: 1,
    playersPerRoom: 5000,
    deadlineMs: 300_000,
  },
  '20k': {
    ...base,
    name: '20k',
    // One socket is one open file, and the hard limit of open files per process here is 20,000
    // (it cannot be raised inside this container): 195 rooms leave room for the hosts and Node itself.
    description: '195 rooms × 100 players (19,500), 2 questions, every room in lockstep',
    rooms: 195,
    playersPerRoom: 100,
    questions: 2,
    workers: 3,
    joinConcurrency: 100,
    deadlineMs: 600_000,
  },
  flood: {
    ...base,
    name: 'flood',
    description: '1 room: 50 players answer while 1,000 bots try to join in one burst (capacity 300)',
    rooms: 1,
    playersPerRoom: 50,
    questions: 1,
    answerWindowMs: 3000,
    rejoinShare: 0,
    flood: { bots: 1000, capacity: 300, syncIntervalMs: 50 },
    deadlineMs: 120_000,
  },
  'two-node': {
    ...base,
    name: 'two-node',
    description: '1 room × 1,000 players, 3 questions, on two cluster nodes (Redis) against one embedded node',
    rooms: 1,
    playersPerRoom: 1000,
    cluster: { nodes: 2 },
    deadlineMs: 180_000,
  },
  homework: {
    ...base,
    name: 'homework',
    description: 'homework: 2,000 students do one assignment over 3 minutes (arrive, start, answer, some resume, all finish)',
    rooms: 1,
    playersPerRoom: 2000,
    homework: { durationMs: 180_000, resumeShare: 0.15, resumeByCodeShare: 0.25, skipShare: 0.03 },
    // The evening itself, then the time the slowest students may overrun it on a busy machine, and the teacher's report.
    deadlineMs: 180_000 + 240_000,
  },
  'homework-smoke': {
    ...base,
    name: 'homework-smoke',
    description: 'homework: 40 students do one assignment over 15 s (the CI harness check)',
    rooms: 1,
    playersPerRoom: 40,
    homework: { durationMs: 15_000, resumeShare: 0.25, resumeByCodeShare: 0.4, skipShare: 0.05 },
    deadlineMs: 15_000 + 60_000,
  },
};
