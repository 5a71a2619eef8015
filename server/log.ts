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

/**
 * Standard output, written off the event loop: a line is handed to a write in the thread pool at once,
 * and lines logged while one is being written go out together with the next (a synchronous write per
 * line — a system call each — cost more than the work it logs when thousands join at once). What is
 * buffered is written out when the process exits.
 */
function standardOutput(): DestinationStream {
  return pino.destination({ dest: 1, sync: false, minLength: 0 });
}

export function createLogger(level: string = 'info', destination?: DestinationStream): Logger {
  const options = { level, base: { service: 'backprop-arena' }, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } };
  return pino(options, destination ?? standardOutput());
}
