/** Structured logs. Tokens, handshake auth and answers are redacted wherever they appear. */
import { type DestinationStream, type Logger, pino } from 'pino';

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

export function createLogger(level: string = 'info', destination?: DestinationStream): Logger {
  const options = { level, base: { service: 'backprop-arena' }, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } };
  return destination ? pino(options, destination) : pino(options);
}
