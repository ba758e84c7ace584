import type { ResumeCase } from './resume-cost.js';

export interface ResumeServerPlan {
  /** The server's --history. */
  readonly historyLimit: number;
  readonly cases: readonly ResumeCase[];
}

/**
 * The default --history (1,000) with 100 and 1,000 messages retained, and --history 10000 full:
 * the same k against different amounts of history shows whether cost follows k or the history.
 */
export function resumePlan(quick: boolean): { readonly servers: readonly ResumeServerPlan[]; readonly reps: number } {
  if (quick)
    return {
      servers: [
        {
          historyLimit: 1000,
          cases: [
            { retained: 100, k: 0 },
            { retained: 100, k: 10 },
          ],
        },
      ],
      reps: 1,
    };
  return {
    servers: [
      {
        historyLimit: 1000,
        cases: [
          { retained: 100, k: 0 },
          { retained: 100, k: 10 },
          { retained: 1000, k: 0 },
          { retained: 1000, k: 10 },
          { retained: 1000, k: 1000 },
        ],
      },
      {
        historyLimit: 10_000,
        cases: [
          { retained: 10_000, k: 0 },
          { retained: 10_000, k: 10 },
          { retained: 10_000, k: 1000 },
        ],
      },
    ],
    reps: 5,
  };
}
