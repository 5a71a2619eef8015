/** Schema pieces the payload schemas share (not part of the protocol's exports). */
import { z } from 'zod';
import { LIMITS } from './constants.ts';

export const id = z.string().min(1).max(LIMITS.idLength);
export const difficulty = z.union([z.literal(1), z.literal(2), z.literal(3)]);
