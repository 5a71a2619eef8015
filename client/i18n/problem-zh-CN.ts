import type { ProblemMessageKey } from './problem-en.ts';

/** 题目组件（题目、键盘、解答、评判）的简体中文文字，练习和游戏共用。 */
export const problemZhCN: Record<ProblemMessageKey, string> = {
  'keypad.label': '你的答案',
  'keypad.keys': '数字键盘',
  'keypad.minus': '负号',
  'keypad.point': '小数点',
  'keypad.exponent': '乘以 10 的幂',
  'keypad.backspace': '删除',
  'keypad.submit': '提交',
  'keypad.echo': '你输入的是 {value}',
  'keypad.echoEmpty': '请输入一个数，例如 −0.027 或 2.7×10^−2。',
  'keypad.echoInteger': '请输入一个整数，例如 5。',
  'keypad.echoInvalid': '这还不是一个有效的数。',

  'problem.given': '已知',
  'problem.steps': '步骤',
  'problem.setupMore': '显示完整题目',
  'problem.setupLess': '收起',
  'problem.step': '第 {n} 步',
  'problem.choices': '请选择一项',
  'problem.yourAnswer': '你的答案：{value}',
  'problem.sent': '已提交，揭晓时评分',

  'difficulty.1': '简单',
  'difficulty.2': '中等',
  'difficulty.3': '困难',

  'kind.forward': '前向传播',
  'kind.local-derivative': '局部导数',
  'kind.chain-gradient': '链式法则',
  'kind.update': '梯度下降更新',
  'kind.deep-chain': '多层网络',
  'kind.activations': '其他激活函数',
  'kind.cross-entropy': '交叉熵',
  'kind.vanishing': '梯度消失与梯度爆炸',
  'kind.direction': 'w 往哪个方向变？',
  'kind.chain-steps': '分步反向传播',
  'kind.multiple-choice': '选择题',

  'diagram.label': '网络示意图：输入 x、权重和偏置，然后是 z、y 和损失 L。',
  'diagram.target': '目标值',

  'graph.label': '计算图：每个值的前向结果写在方框上方，梯度 dL/d· 写在下方。',
  'graph.heading': '计算图',
  'graph.show': '显示计算图',
  'graph.legend.value': '方框上方：数值（前向传播，从左到右）',
  'graph.legend.gradient': '下方：梯度 dL/d·（反向传播，从右到左）',
  'graph.pending': '尚未传来',
  'graph.withStatus': '{text}（{status}）',
  'graph.status.correct': '正确',
  'graph.status.wrong': '错误',
  'graph.status.carried': '按收到的值算对了（错误来自上游）',

  'solution.heading': '详细解答',
  'solution.hint': '提示',

  'verdict.correct': '正确',
  'verdict.close': '接近了',
  'verdict.wrong': '不对',
  'verdict.invalid': '还不是有效答案',
};
