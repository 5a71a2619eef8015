/** Structured logs. Tokens, handshake auth and answers are redacted wherever they appear. */
import { type Logger, pino } from 'pino';

export const REDACTED_PATHS = [
  'token',
  'hostToken',
  'auth',
  'answer',
  '*.token',
  '*.hostToken',
  '*.auth',
  '*.answer',
  'req.headers.authorization',
  'req.headers.cookie',
];

export function createLogger(level: string = 'info'): Logger {
  return pino({ level, base: { service: 'backprop-arena' }, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } });
}
