/**
 * The student's Socket.IO requests (`homework:*`), routed here by server/socket/event-handlers.ts once
 * the connection's budget and the payload's schema have passed. They need no seat. Guessing is slowed
 * per address as for room codes: unknown assignment codes and wrong resume codes count as misses
 * (AbuseLimits.joinMiss), and an address past the budget is blocked for a while. Starts are counted per
 * address too, so one script cannot fill an assignment with made-up students.
 */
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { z } from 'zod';
import { type Ack, CLIENT_EVENT_SCHEMAS, ERROR_CODES, type HomeworkEventName } from '../../shared/protocol/index.ts';
import type { AbuseLimits } from '../socket/abuse-limits.ts';
import type { HomeworkService } from './homework-service.ts';

type Payload<N extends HomeworkEventName> = z.output<(typeof CLIENT_EVENT_SCHEMAS)[N]>;

/** Refusals that say a code or a resume code was guessed wrong. */
const MISSES = new Set<string>([ERROR_CODES.ASSIGNMENT_NOT_FOUND, ERROR_CODES.UNKNOWN_RESUME_CODE]);

export function isHomeworkEvent(name: string): name is HomeworkEventName {
  return name.startsWith('homework:');
}

export class HomeworkRequests {
  private readonly starts: RateLimiterMemory;

  constructor(
    readonly service: HomeworkService,
    private readonly limits: AbuseLimits,
    /** `homework:start` per address per minute. */
    startsPerMinute: number,
  ) {
    this.starts = new RateLimiterMemory({ keyPrefix: 'hw-starts', points: startsPerMinute, duration: 60 });
  }

  async handle(address: string, name: HomeworkEventName, data: Payload<HomeworkEventName>): Promise<Ack<unknown>> {
    const blocked = await this.limits.joinBlocked(address);
    if (blocked) return { ok: false, error: blocked };
    if (name === 'homework:start') {
      try {
        await this.starts.consume(address);
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        return {
          ok: false,
          error: { code: ERROR_CODES.RATE_LIMITED, message: 'many students are starting from this network; try again in a moment', retryAfterMs: Math.max(1, Math.ceil(rejection.msBeforeNext)) },
        };
      }
    }
    const response = await answer(this.service, name, data);
    if (response.ok || !MISSES.has(response.error.code)) return response;
    const miss = await this.limits.joinMiss(address);
    // Within the budget the refusal is the request's own; past it, the block's.
    return miss.code === ERROR_CODES.TOO_MANY_ATTEMPTS ? { ok: false, error: miss } : response;
  }
}

function answer(service: HomeworkService, name: HomeworkEventName, data: Payload<HomeworkEventName>): Promise<Ack<unknown>> {
  switch (name) {
    case 'homework:open':
      return service.open(data as Payload<'homework:open'>);
    case 'homework:start':
      return service.start(data as Payload<'homework:start'>);
    case 'homework:resume':
      return service.resume(data as Payload<'homework:resume'>);
    case 'homework:item':
      return service.item(data as Payload<'homework:item'>);
    case 'homework:answer':
      return service.answer(data as Payload<'homework:answer'>);
    case 'homework:skip':
      return service.skip(data as Payload<'homework:skip'>);
    default: {
      const never: never = name;
      throw new Error(`unknown homework request ${String(never)}`);
    }
  }
}
