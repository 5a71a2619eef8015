/**
 * The words generated nicknames are made of: a friendly adjective and an animal, in each
 * language a room speaks ("Brave Panda", 勇敢的熊猫). 72 × 72 = 5,184 names per language, more
 * than a full room (LIMITS.maxCapacity), so a number suffix is needed only past that. English
 * words have at most 7 letters, so a name and a suffix fit LIMITS.nicknameGraphemes.
 * The two languages' lists run in parallel (the same index means the same word) but are
 * drawn from separately: a Chinese name is not a translation of anyone's English one.
 */
import type { Lang } from '../engine/index.ts';

export interface NameWords {
  adjectives: readonly string[];
  animals: readonly string[];
  /** Adjective and animal as one name. */
  compose(adjective: string, animal: string): string;
  /** A name made unique by a number (only when every combination is taken). */
  numbered(name: string, n: number): string;
}

// Adjectives: kind or playful, never about looks or size in a way a teenager could be teased with.
const ADJECTIVES_EN = [
  'Brave', 'Clever', 'Calm', 'Cheery', 'Bold', 'Bright', 'Swift', 'Gentle', 'Happy', 'Jolly', 'Kind', 'Lucky',
  'Merry', 'Noble', 'Quick', 'Quiet', 'Witty', 'Wise', 'Eager', 'Sunny', 'Busy', 'Chill', 'Cosmic', 'Curious',
  'Daring', 'Dreamy', 'Fluffy', 'Fierce', 'Free', 'Funny', 'Golden', 'Grand', 'Hardy', 'Honest', 'Humble', 'Bouncy',
  'Keen', 'Lively', 'Loyal', 'Magic', 'Mighty', 'Modest', 'Nimble', 'Patient', 'Polite', 'Proud', 'Rapid', 'Royal',
  'Shiny', 'Silent', 'Sporty', 'Artsy', 'Smart', 'Smiling', 'Snowy', 'Speedy', 'Steady', 'Strong', 'Super', 'Sweet',
  'Tidy', 'Upbeat', 'Vivid', 'Warm', 'Wild', 'Zany', 'Agile', 'Cozy', 'Fresh', 'Epic', 'Cool', 'Jazzy',
] as const;
const ADJECTIVES_ZH = [
  '勇敢的', '机智的', '沉着的', '开心的', '大胆的', '聪明的', '敏捷的', '温柔的', '快乐的', '欢乐的', '善良的', '幸运的',
  '愉快的', '高贵的', '飞快的', '安静的', '风趣的', '睿智的', '热心的', '阳光的', '忙碌的', '淡定的', '星际的', '好奇的',
  '无畏的', '爱做梦的', '毛茸茸的', '威猛的', '自由的', '搞笑的', '金色的', '伟大的', '坚强的', '诚实的', '谦虚的', '爱蹦跳的',
  '敏锐的', '活泼的', '忠诚的', '神奇的', '强大的', '低调的', '灵巧的', '耐心的', '有礼貌的', '骄傲的', '迅速的', '皇家的',
  '闪亮的', '沉默的', '爱运动的', '文艺的', '精明的', '爱笑的', '雪白的', '神速的', '稳重的', '强壮的', '超级的', '甜甜的',
  '整洁的', '乐观的', '多彩的', '温暖的', '狂野的', '搞怪的', '灵活的', '惬意的', '清新的', '传奇的', '酷酷的', '潇洒的',
] as const;

const ANIMALS_EN = [
  'Panda', 'Fox', 'Tiger', 'Lion', 'Rabbit', 'Koala', 'Otter', 'Dolphin', 'Eagle', 'Owl', 'Penguin', 'Turtle',
  'Whale', 'Zebra', 'Giraffe', 'Monkey', 'Hamster', 'Deer', 'Wolf', 'Bear', 'Camel', 'Cat', 'Puppy', 'Duck',
  'Swan', 'Goose', 'Horse', 'Pony', 'Lamb', 'Goat', 'Yak', 'Heron', 'Koi', 'Stork', 'Frog', 'Gecko',
  'Crane', 'Parrot', 'Peacock', 'Pigeon', 'Robin', 'Magpie', 'Swallow', 'Falcon', 'Hawk', 'Shark', 'Octopus', 'Crab',
  'Seal', 'Walrus', 'Beaver', 'Lemur', 'Llama', 'Moose', 'Bison', 'Rhino', 'Hippo', 'Panther', 'Leopard', 'Cheetah',
  'Lynx', 'Raccoon', 'Sloth', 'Kiwi', 'Toucan', 'Ostrich', 'Bee', 'Ladybug', 'Lobster', 'Narwhal', 'Orca', 'Puffin',
] as const;
const ANIMALS_ZH = [
  '熊猫', '狐狸', '老虎', '狮子', '兔子', '考拉', '水獭', '海豚', '老鹰', '猫头鹰', '企鹅', '乌龟',
  '鲸鱼', '斑马', '长颈鹿', '猴子', '仓鼠', '小鹿', '狼', '棕熊', '骆驼', '小猫', '小狗', '鸭子',
  '天鹅', '大鹅', '骏马', '小马', '小羊', '山羊', '牦牛', '苍鹭', '锦鲤', '白鹳', '青蛙', '壁虎',
  '仙鹤', '鹦鹉', '孔雀', '鸽子', '知更鸟', '喜鹊', '燕子', '猎鹰', '雄鹰', '鲨鱼', '章鱼', '螃蟹',
  '海豹', '海象', '河狸', '狐猴', '羊驼', '驼鹿', '野牛', '犀牛', '河马', '黑豹', '花豹', '猎豹',
  '猞猁', '浣熊', '树懒', '几维鸟', '巨嘴鸟', '鸵鸟', '蜜蜂', '瓢虫', '龙虾', '独角鲸', '虎鲸', '海鹦',
] as const;

export const NAME_WORDS: Record<Lang, NameWords> = {
  en: {
    adjectives: ADJECTIVES_EN,
    animals: ANIMALS_EN,
    compose: (adjective, animal) => `${adjective} ${animal}`,
    numbered: (name, n) => `${name} ${n}`,
  },
  'zh-CN': {
    adjectives: ADJECTIVES_ZH,
    animals: ANIMALS_ZH,
    compose: (adjective, animal) => `${adjective}${animal}`,
    numbered: (name, n) => `${name}${n}`,
  },
};
