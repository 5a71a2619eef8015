/** Points as the server counts them (team scores have one decimal), grouped for the reader's locale. */
export function formatPoints(points: number, lang: string): string {
  return points.toLocaleString(lang, { maximumFractionDigits: 1 });
}
