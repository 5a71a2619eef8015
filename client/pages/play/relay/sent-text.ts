/** Values as the phones show them (the projector does not need the keypad's echo). */
import type { RelayLinkView } from '../../../../shared/protocol/index.ts';
import { parseNumber } from '../../../../shared/engine/parse-answer.ts';
import { formatEcho } from '../../../components/keypad/edit-answer.ts';

/** What a holder typed, written back as the keypad echoed it (exactly what the next holder receives). */
export function sentText(link: RelayLinkView): string | null {
  return link.sent ? formatEcho(link.sent.answer, link.sent.value) : null;
}

/** A value being sent, written as the keypad echoes it (for "… will be sent when connected"). */
export function typedText(raw: string): string {
  const parsed = parseNumber(raw);
  return parsed.ok ? formatEcho(raw, parsed.value) : raw;
}
