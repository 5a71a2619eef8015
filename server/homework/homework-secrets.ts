/**
 * Homework's codes and secrets (node:crypto only). The server keeps hashes of tokens and resume
 * codes, never the codes themselves.
 *
 * A student's token is `<resume code>.<24 random bytes, base64url>`: a device that resumes with its
 * token can show the resume code again without the server keeping it.
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { ROOM_CODE_ALPHABET } from '../../shared/protocol/index.ts';

const ASSIGNMENT_CODE_LENGTH = 8;

function draw(length: number): string {
  let code = '';
  for (let i = 0; i < length; i++) code += ROOM_CODE_ALPHABET[randomInt(ROOM_CODE_ALPHABET.length)];
  return code;
}

export function newAssignmentCode(): string {
  return draw(ASSIGNMENT_CODE_LENGTH);
}

/** What a phone types: spaces, dashes and lower case are forgiven. */
export function normaliseCode(input: string): string {
  return input.replace(/[\s-]/g, '').toUpperCase();
}

/** 8 characters shown as `K7Q2-M9PD`. */
export function newResumeCode(): string {
  const code = draw(8);
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** The resume code as stored (hashed): upper case, without the dash. */
export function resumeKey(resumeCode: string): string {
  return normaliseCode(resumeCode);
}

export function newStudentToken(resumeCode: string): string {
  return `${resumeKey(resumeCode)}.${randomBytes(24).toString('base64url')}`;
}

/** The resume code a token carries, shown with its dash; null for a malformed token. */
export function resumeCodeOfToken(token: string): string | null {
  const match = /^([A-Z0-9]{8})\.[A-Za-z0-9_-]{32}$/.exec(token);
  return match ? `${match[1]!.slice(0, 4)}-${match[1]!.slice(4)}` : null;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function newStudentId(): string {
  return `s_${randomBytes(9).toString('base64url')}`;
}

export function newAssignmentSeed(): number {
  return randomBytes(4).readUInt32BE(0);
}
