/** Default team names and colours: a colour-blind-safe palette that reads on a projector. */
import type { Lang } from '../../shared/engine/index.ts';
import type { TeamInfo, TeamsConfig } from '../../shared/protocol/index.ts';

const DEFAULT_TEAMS: readonly { colour: string; name: Record<Lang, string> }[] = [
  { colour: '#D55E00', name: { 'zh-CN': '红队', en: 'Red' } },
  { colour: '#0072B2', name: { 'zh-CN': '蓝队', en: 'Blue' } },
  { colour: '#009E73', name: { 'zh-CN': '绿队', en: 'Green' } },
  { colour: '#E69F00', name: { 'zh-CN': '橙队', en: 'Orange' } },
  { colour: '#CC79A7', name: { 'zh-CN': '粉队', en: 'Pink' } },
  { colour: '#56B4E9', name: { 'zh-CN': '天蓝队', en: 'Sky' } },
  { colour: '#F0E442', name: { 'zh-CN': '黄队', en: 'Yellow' } },
  { colour: '#6A3D9A', name: { 'zh-CN': '紫队', en: 'Purple' } },
  { colour: '#8C564B', name: { 'zh-CN': '棕队', en: 'Brown' } },
  { colour: '#17BECF', name: { 'zh-CN': '青队', en: 'Teal' } },
  { colour: '#7F7F7F', name: { 'zh-CN': '灰队', en: 'Grey' } },
  { colour: '#222222', name: { 'zh-CN': '黑队', en: 'Black' } },
];

/** Team ids are t1, t2, … in the configured order (stable: per-team seeds derive from them). */
export function teamsFor(config: TeamsConfig | null, lang: Lang): TeamInfo[] {
  if (!config) return [];
  return Array.from({ length: config.count }, (_, i) => {
    const fallback = DEFAULT_TEAMS[i % DEFAULT_TEAMS.length]!;
    return {
      id: `t${i + 1}`,
      // A name left empty (e.g. by cleaning) gets the default.
      name: config.names?.[i] || fallback.name[lang],
      colour: config.colours?.[i] ?? fallback.colour,
    };
  });
}
