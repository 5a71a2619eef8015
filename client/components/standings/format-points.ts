/** Points as the server counts them (whole numbers, means included), grouped for the reader's locale. */
export function formatPoints(points: number, lang: string): string {
  return points.toLocaleString(lang, { maximumFractionDigits: 0 });
}
