/**
 * Reading a protocol error code out of an HTTP API answer (the host's report downloads).
 */
import { ERROR_CODES, type ErrorCode } from '../../shared/protocol/errors.ts';

const CODES: readonly string[] = Object.values(ERROR_CODES);

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && CODES.includes(value);
}
