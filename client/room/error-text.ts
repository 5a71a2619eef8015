/** Every error a request can meet, in the reader's language (the server's English message is for logs). */
import type { MessageKey, MessageParams } from '../i18n/index.ts';
import type { ClientError, ClientErrorCode } from './room-connection.ts';

// Every code has its string: a new code in the protocol fails the type check until it is translated.
type MissingErrorText = Exclude<`error.${ClientErrorCode}`, MessageKey>;
const everyCodeTranslated: [MissingErrorText] extends [never] ? true : MissingErrorText = true;
void everyCodeTranslated;

export function errorText(t: (key: MessageKey, params?: MessageParams) => string, error: Pick<ClientError, 'code' | 'retryAfterMs'>): string {
  const seconds = Math.max(1, Math.ceil((error.retryAfterMs ?? 10_000) / 1000));
  return t(`error.${error.code}`, { seconds });
}
