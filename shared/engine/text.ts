/**
 * Problem texts are data: a template key plus parameters (numbers already formatted,
 * LaTeX already substituted). Clients render `$…$` segments with KaTeX; the engine
 * never produces HTML.
 */
export const LANGS = ['zh-CN', 'en'] as const;
export type Lang = (typeof LANGS)[number];

export interface Text {
  key: TextKey;
  params?: Record<string, string>;
}

type Templates = Record<string, Record<Lang, string>>;

const TEMPLATES = {
  /** A teacher's own text (a question, a choice, a note): shown as written, in every language; `$…$` is LaTeX. */
  'authored.text': { en: '{text}', 'zh-CN': '{text}' },
  'setup.network': {
    en: 'Forward pass: ${forward}$. Loss: ${loss}$. Given ${values}$.',
    'zh-CN': '前向传播：${forward}$。损失函数：${loss}$。已知 ${values}$。',
  },
  'prompt.compute': { en: 'Compute ${symbol}$.', 'zh-CN': '计算 ${symbol}$。' },
  'prompt.compute-given': {
    en: 'The forward pass gave ${given}$. Compute ${symbol}$.',
    'zh-CN': '前向传播已得到 ${given}$。计算 ${symbol}$。',
  },
  'prompt.update': {
    en: 'Take one gradient-descent step: compute the new ${symbol}$.',
    'zh-CN': '做一步梯度下降：计算更新后的 ${symbol}$。',
  },
  'prompt.direction': {
    en: 'After one gradient-descent step, should ${param}$ grow, shrink or stay the same?',
    'zh-CN': '做一步梯度下降后，${param}$ 应该增大、减小还是不变？',
  },
  'choice.increase': { en: 'It grows', 'zh-CN': '增大' },
  'choice.decrease': { en: 'It shrinks', 'zh-CN': '减小' },
  'choice.unchanged': { en: 'It stays the same', 'zh-CN': '不变' },
  'prompt.vanishing-max': {
    en: "A sigmoid's derivative is at most $\\sigma'(z) \\le 0.25$. What is the largest possible factor the gradient is multiplied by after passing back through {layers} sigmoid layers (weights equal to 1)?",
    'zh-CN': "sigmoid 的导数最大为 $\\sigma'(z) \\le 0.25$。梯度反向穿过 {layers} 个 sigmoid 层（权重都为 1）后，最多会被乘上多大的因子？",
  },
  'prompt.vanishing-layers': {
    en: "A sigmoid's derivative is at most $\\sigma'(z) \\le 0.25$ (weights equal to 1). After how many sigmoid layers does the largest possible gradient factor first fall below ${threshold}$?",
    'zh-CN': "sigmoid 的导数最大为 $\\sigma'(z) \\le 0.25$（权重都为 1）。经过多少个 sigmoid 层后，梯度的最大可能因子第一次小于 ${threshold}$？",
  },
  'prompt.exploding': {
    en: 'In a deep network each layer multiplies the gradient by $w \\cdot \\sigma\'(z) = {factor}$. By what factor is the gradient multiplied after {layers} layers?',
    'zh-CN': "在深层网络中，每一层把梯度乘以 $w \\cdot \\sigma'(z) = {factor}$。经过 {layers} 层后，梯度被乘上了多大的因子？",
  },
  'prompt.steps': {
    en: 'Backpropagate step by step, as in the worked example: each answer feeds the next.',
    'zh-CN': '按例题的步骤一步一步反向传播：每一步的结果用于下一步。',
  },
  'prompt.gradient-check': {
    en: 'Check the gradient numerically: nudge $w$ by $h$, compute the loss again, estimate $\\frac{dL}{dw}$ from the two losses, then compute it with the chain rule. The two should nearly agree.',
    'zh-CN': '用数值方法检验梯度：把 $w$ 加上 $h$，重新计算损失，用两个损失估计 $\\frac{dL}{dw}$，再用链式法则计算它。两者应该几乎相等。',
  },
  'prompt.branch-steps': {
    en: 'Backpropagate step by step through a network that branches: follow each path back to where they meet, then add their gradients.',
    'zh-CN': '在会分叉的网络中一步一步反向传播：沿每条路径往回算到汇合处，再把两条路径的梯度相加。',
  },
  'prompt.relay': {
    en: 'Backprop Relay: each link multiplies the gradient it receives by its local derivative and passes the result back.',
    'zh-CN': '反向传播接力：每一环把收到的上游梯度乘以本地导数，再把结果往回传。',
  },
  'why.dLdy.mse': {
    en: 'Because $L = \\frac{1}{2}(y - y_{\\text{true}})^2$, its derivative with respect to $y$ is $y - y_{\\text{true}}$.',
    'zh-CN': '因为 $L = \\frac{1}{2}(y - y_{\\text{true}})^2$，对 $y$ 求导得到 $y - y_{\\text{true}}$。',
  },
  'why.dLdy.bce': {
    en: 'Differentiate $-[y_{\\text{true}} \\ln y + (1 - y_{\\text{true}}) \\ln(1 - y)]$ with respect to $y$.',
    'zh-CN': '对 $-[y_{\\text{true}} \\ln y + (1 - y_{\\text{true}}) \\ln(1 - y)]$ 关于 $y$ 求导。',
  },
  'why.dLdz.bce': {
    en: "With a sigmoid output, $\\frac{dL}{dy} = \\frac{y - y_{\\text{true}}}{y(1 - y)}$ and $\\sigma' = y(1 - y)$ cancel: $\\frac{dL}{dz} = y - y_{\\text{true}}$.",
    'zh-CN': "sigmoid 输出配交叉熵时，$\\frac{dL}{dy} = \\frac{y - y_{\\text{true}}}{y(1 - y)}$ 与 $\\sigma' = y(1 - y)$ 相乘正好约掉：$\\frac{dL}{dz} = y - y_{\\text{true}}$。",
  },
  'why.sigmoid': {
    en: "Because $\\sigma'(z) = \\sigma(z)(1 - \\sigma(z))$, which is $y(1 - y)$.",
    'zh-CN': "因为 $\\sigma'(z) = \\sigma(z)(1 - \\sigma(z)) = y(1 - y)$。",
  },
  'why.tanh': { en: "Because $\\tanh'(z) = 1 - \\tanh^2(z)$.", 'zh-CN': "因为 $\\tanh'(z) = 1 - \\tanh^2(z)$。" },
  'why.relu': {
    en: 'ReLU passes the gradient through unchanged where $z > 0$ and blocks it where $z \\le 0$.',
    'zh-CN': 'ReLU 在 $z > 0$ 时让梯度原样通过，在 $z \\le 0$ 时把梯度截断为 0。',
  },
  'why.linear': { en: 'A linear activation has derivative 1.', 'zh-CN': '线性激活的导数为 1。' },
  'why.dzdw': {
    en: 'Because $z = w \\cdot x + b$, differentiating with respect to $w$ leaves the input $x$.',
    'zh-CN': '因为 $z = w \\cdot x + b$，对 $w$ 求导得到输入 $x$。',
  },
  'why.dzdb': {
    en: 'Because $z = w \\cdot x + b$, differentiating with respect to $b$ gives 1.',
    'zh-CN': '因为 $z = w \\cdot x + b$，对 $b$ 求导得到 1。',
  },
  'why.dzda': {
    en: 'The next layer computes $z = w \\cdot a + b$, so the gradient flowing back into $a$ is multiplied by that layer\'s $w$.',
    'zh-CN': '下一层计算 $z = w \\cdot a + b$，所以传回 $a$ 的梯度要乘以那一层的 $w$。',
  },
  'why.chain': {
    en: 'Chain rule: multiply the upstream gradient by the local derivative.',
    'zh-CN': '链式法则：上游梯度乘以本地导数。',
  },
  'why.update': {
    en: 'Gradient descent moves against the gradient: a negative gradient makes the parameter grow.',
    'zh-CN': '梯度下降沿梯度的反方向移动：梯度为负时参数增大。',
  },
  'why.vanishing-max': {
    en: 'Each layer contributes at most 0.25, and the chain rule multiplies the factors.',
    'zh-CN': '每一层最多贡献 0.25，链式法则把这些因子连乘。',
  },
  'why.vanishing-layers': {
    en: 'Find the smallest n with $0.25^n$ below the threshold.',
    'zh-CN': '找出使 $0.25^n$ 小于阈值的最小 n。',
  },
  'why.exploding': {
    en: 'Factors above 1 multiply into exponential growth: the gradient explodes.',
    'zh-CN': '大于 1 的因子连乘会指数增长：梯度爆炸。',
  },
  'why.direction': {
    en: 'The update is $w \\leftarrow w - \\eta \\cdot \\frac{dL}{dw}$: a negative gradient means the prediction is too low and the parameter grows.',
    'zh-CN': '更新规则是 $w \\leftarrow w - \\eta \\cdot \\frac{dL}{dw}$：梯度为负说明预测值偏低，参数应增大。',
  },
  'verdict.correct': { en: 'Correct.', 'zh-CN': '正确！' },
  'verdict.close': {
    en: 'Close: the sign and size are right, but ${given}$ is outside the accepted range ${lo}$ to ${hi}$. Keep 3 significant figures in the intermediate steps; the final answer may be rounded to 2.',
    'zh-CN': '接近了：符号和数量级都对，但 ${given}$ 不在可接受范围 ${lo}$ 到 ${hi}$ 之内。中间步骤请保留 3 位有效数字，最终答案可以取 2 位。',
  },
  'verdict.close-step': {
    en: 'Close: you moved the right way by about the right amount, but an update is graded on its step. Your step (old value − new value) is ${yours}$; the step $\\eta \\cdot \\frac{dL}{dw}$ is ${step} \\pm {tolerance}$, so the new value must lie from ${lo}$ to ${hi}$. Give the new value with enough decimals to show the step to 2 significant figures.',
    'zh-CN': '接近了：移动的方向和大小都差不多，但更新是按步长判分的。你的步长（原值 − 新值）是 ${yours}$；步长 $\\eta \\cdot \\frac{dL}{dw}$ 应为 ${step} \\pm {tolerance}$，所以新值应在 ${lo}$ 到 ${hi}$ 之间。新值要写出足够的小数位，让步长至少有 2 位有效数字。',
  },
  'verdict.wrong': { en: 'Not right: the answer is ${answer}$.', 'zh-CN': '不对：正确答案是 ${answer}$。' },
  'verdict.wrong-choice': { en: 'Not right.', 'zh-CN': '不对。' },
  'verdict.consistent': {
    en: 'Consistent with your earlier steps (error carried forward), but the correct value is ${answer}$.',
    'zh-CN': '与你前面步骤的结果一致（误差沿链传递），但正确值是 ${answer}$。',
  },
  'invalid.empty': { en: 'Type a number.', 'zh-CN': '请输入一个数。' },
  'invalid.number': {
    en: 'That is not a number. Type a decimal like -0.027, 2.7e-2 or 1/4.',
    'zh-CN': '这不是一个数。请输入小数，例如 -0.027、2.7e-2 或 1/4。',
  },
  'invalid.integer': { en: 'Type a whole number, like 5.', 'zh-CN': '请输入一个整数，例如 5。' },
  'invalid.choice': { en: 'Pick one of the choices.', 'zh-CN': '请从选项中选择一个。' },
  'invalid.step': { en: 'There is no such step in this problem.', 'zh-CN': '这道题没有这一步。' },
  'diagnosis.forgot-bias': {
    en: 'You left out the bias: $z = w \\cdot x + b$, not $w \\cdot x$.',
    'zh-CN': '你漏掉了偏置：$z = w \\cdot x + b$，而不是 $w \\cdot x$。',
  },
  'diagnosis.forgot-half': {
    en: 'You dropped the $\\frac{1}{2}$ in $L = \\frac{1}{2}(y - y_{\\text{true}})^2$.',
    'zh-CN': '你漏掉了 $L = \\frac{1}{2}(y - y_{\\text{true}})^2$ 里的 $\\frac{1}{2}$。',
  },
  'diagnosis.used-z-for-y': {
    en: 'You used $z$ where the prediction $y = \\sigma(z)$ belongs.',
    'zh-CN': '你在该用预测值 $y = \\sigma(z)$ 的地方用了 $z$。',
  },
  'diagnosis.sign-flipped': {
    en: 'Your sign is flipped: $\\frac{dL}{dy} = y - y_{\\text{true}}$, not $y_{\\text{true}} - y$.',
    'zh-CN': '符号反了：$\\frac{dL}{dy} = y - y_{\\text{true}}$，不是 $y_{\\text{true}} - y$。',
  },
  'diagnosis.forgot-sigma-prime': {
    // No layer indices: the same message serves one-, two- and three-layer networks.
    en: "You forgot the activation's derivative: going back through an activation, multiply by it (for a sigmoid, $\\sigma(z)(1 - \\sigma(z))$).",
    'zh-CN': '你漏乘了激活函数的导数：梯度反向经过激活函数时要乘以它（sigmoid 为 $\\sigma(z)(1 - \\sigma(z))$）。',
  },
  'diagnosis.used-y-not-y1my': {
    en: "You multiplied by $y = \\sigma(z)$ instead of $\\sigma'(z) = y(1 - y)$.",
    'zh-CN': "你乘的是 $y = \\sigma(z)$，应该乘 $\\sigma'(z) = y(1 - y)$。",
  },
  'diagnosis.activation-not-derivative': {
    en: "You used the activation's value instead of its derivative (for tanh, $1 - \\tanh^2 z$; for ReLU, 1 or 0).",
    'zh-CN': '你用了激活函数的值，而不是它的导数（tanh 的导数是 $1 - \\tanh^2 z$，ReLU 的导数是 1 或 0）。',
  },
  'diagnosis.forgot-x': {
    en: 'You forgot the input factor: $\\frac{dz}{dw} = x$, not 1.',
    'zh-CN': '你漏乘了输入：$\\frac{dz}{dw} = x$，不是 1。',
  },
  'diagnosis.gave-w-for-x': {
    en: 'You gave the weight $w$: $z = w \\cdot x + b$ differentiated with respect to $w$ leaves the input, $\\frac{dz}{dw} = x$.',
    'zh-CN': '你给的是权重 $w$：$z = w \\cdot x + b$ 对 $w$ 求导，留下的是输入，$\\frac{dz}{dw} = x$。',
  },
  'diagnosis.flipped-z-sign': {
    en: 'The sign of $z$ is flipped: recompute $z = w \\cdot x + b$ with the signs of $w$, $x$ and $b$ as given.',
    'zh-CN': '$z$ 的符号反了：按给定的 $w$、$x$、$b$ 的符号重新计算 $z = w \\cdot x + b$。',
  },
  'diagnosis.dropped-layer-weight': {
    en: "You dropped a layer's weight: going back through $z = w \\cdot a + b$ multiplies the gradient by $w$.",
    'zh-CN': '你漏掉了某一层的权重：反向穿过 $z = w \\cdot a + b$ 时梯度要乘以 $w$。',
  },
  'diagnosis.extra-sigma-prime': {
    en: "With cross-entropy and a sigmoid output, $\\frac{dL}{dz} = y - y_{\\text{true}}$: the $\\sigma'$ has already cancelled, do not multiply by $y(1 - y)$ again.",
    'zh-CN': "交叉熵配 sigmoid 输出时 $\\frac{dL}{dz} = y - y_{\\text{true}}$：$\\sigma'$ 已经约掉了，不要再乘 $y(1 - y)$。",
  },
  'diagnosis.mse-gradient-for-bce': {
    en: "You used the squared-error gradient $y - y_{\\text{true}}$; for cross-entropy $\\frac{dL}{dy} = -\\frac{y_{\\text{true}}}{y} + \\frac{1 - y_{\\text{true}}}{1 - y}$.",
    'zh-CN': '你用了均方误差的梯度 $y - y_{\\text{true}}$；交叉熵的 $\\frac{dL}{dy} = -\\frac{y_{\\text{true}}}{y} + \\frac{1 - y_{\\text{true}}}{1 - y}$。',
  },
  'diagnosis.added-step': {
    en: 'You added the step: gradient descent subtracts, $w - \\eta \\cdot \\frac{dL}{dw}$.',
    'zh-CN': '你把步长加上去了：梯度下降是减去，$w - \\eta \\cdot \\frac{dL}{dw}$。',
  },
  'diagnosis.forgot-lr': {
    en: 'You forgot the learning rate: the step is $\\eta \\cdot \\frac{dL}{dw}$, not $\\frac{dL}{dw}$.',
    'zh-CN': '你忘了学习率：步长是 $\\eta \\cdot \\frac{dL}{dw}$，不是 $\\frac{dL}{dw}$。',
  },
  'diagnosis.no-update': {
    en: 'You gave the old value: the parameter must move by $\\eta \\cdot \\frac{dL}{dw}$.',
    'zh-CN': '你给的是原来的值：参数要移动 $\\eta \\cdot \\frac{dL}{dw}$。',
  },
  'diagnosis.summed-not-averaged': {
    en: 'The loss is the mean over the points: average the points\' gradients instead of adding them.',
    'zh-CN': '损失是各个数据点的平均值：梯度要对各点取平均，而不是相加。',
  },
  'diagnosis.half-max-derivative': {
    en: "The sigmoid's derivative peaks at 0.25 (at $z = 0$: $0.5 \\cdot 0.5$), not 0.5.",
    'zh-CN': 'sigmoid 导数的最大值是 0.25（在 $z = 0$ 处：$0.5 \\cdot 0.5$），不是 0.5。',
  },
  'diagnosis.added-factors': {
    en: 'The chain rule multiplies the factors of the layers; you added them.',
    'zh-CN': '链式法则是把各层的因子相乘，你把它们加起来了。',
  },
  'diagnosis.off-by-one-layer': {
    en: 'Off by one layer: check the first n for which the factor is below the threshold.',
    'zh-CN': '差了一层：检查使因子低于阈值的第一个 n。',
  },
  'diagnosis.opposite-direction': {
    en: 'Opposite direction: the update subtracts $\\eta \\cdot \\frac{dL}{dw}$, so a negative gradient makes the parameter grow.',
    'zh-CN': '方向反了：更新是减去 $\\eta \\cdot \\frac{dL}{dw}$，所以梯度为负时参数增大。',
  },
  'diagnosis.rounded-early': {
    en: 'Close: you rounded too early. Keep three significant figures in every intermediate result until the end; only the final answer may be rounded to two.',
    'zh-CN': '接近了：你四舍五入得太早了。中间结果一律保留 3 位有效数字，算到最后；只有最终答案可以取 2 位。',
  },
  'diagnosis.decimal-point': {
    en: 'The digits are right but the decimal point is not: your answer is off by a power of ten. Check where the point goes in each step.',
    'zh-CN': '数字对了，小数点的位置不对：你的答案差了 10 的整数次幂。逐步检查小数点的位置。',
  },
  'diagnosis.swapped-inputs': {
    en: 'You paired the weight with the wrong input: $\\frac{dz}{dw_i}$ is the input $x_i$ that $w_i$ multiplies, not another one.',
    'zh-CN': '你把权重配错了输入：$\\frac{dz}{dw_i}$ 是 $w_i$ 所乘的那个输入 $x_i$，不是别的输入。',
  },
  'diagnosis.swapped-weights': {
    en: "You took the other neuron's weight: the gradient reaching a hidden neuron comes back through its own outgoing weight.",
    'zh-CN': '你用了另一个神经元的权重：传回隐藏神经元的梯度要乘以它自己那条输出边上的权重。',
  },
  'diagnosis.one-path-only': {
    en: 'You followed one path only: this value reaches the loss along two paths, and its gradient is the sum of both.',
    'zh-CN': '你只走了一条路径：这个值沿两条路径影响损失，它的梯度是两条路径之和。',
  },
  'diagnosis.multiplied-paths': {
    en: 'You multiplied the two paths: where paths meet, their gradients add up (multiply along a path, add across paths).',
    'zh-CN': '你把两条路径相乘了：路径汇合处梯度相加（沿一条路径相乘，不同路径之间相加）。',
  },
  'why.nudge': {
    en: 'The same forward pass with $w + h$ in place of $w$; everything else unchanged.',
    'zh-CN': '同样的前向传播，只是把 $w$ 换成 $w + h$，其余不变。',
  },
  'why.gradient-check': {
    en: 'The slope of $L$ between $w$ and $w + h$: for a small $h$ it is close to $\\frac{dL}{dw}$, which is how engineers check backpropagation code.',
    'zh-CN': '$L$ 在 $w$ 与 $w + h$ 之间的斜率：$h$ 很小时它接近 $\\frac{dL}{dw}$，工程师就是这样检验反向传播代码的。',
  },
  'why.paths': {
    en: 'This value reaches the loss along several paths: its gradient is the sum of what comes back along each.',
    'zh-CN': '这个值沿几条路径影响损失：它的梯度是每条路径传回的梯度之和。',
  },
  'why.skip': {
    en: 'A sum passes the gradient on unchanged: $y = a_2 + a_1$, so $\\frac{dy}{da_2} = \\frac{dy}{da_1} = 1$.',
    'zh-CN': '加法把梯度原样传下去：$y = a_2 + a_1$，所以 $\\frac{dy}{da_2} = \\frac{dy}{da_1} = 1$。',
  },
  'diagnosis.not-divided-by-h': {
    en: 'You forgot to divide by $h$: the change in the loss is not yet a slope.',
    'zh-CN': '你忘了除以 $h$：损失的变化量还不是斜率。',
  },
  'diagnosis.reversed-difference': {
    en: 'You subtracted the wrong way round: the estimate is $(L(w + h) - L(w)) / h$, the new loss minus the old.',
    'zh-CN': '你减反了：估计值是 $(L(w + h) - L(w)) / h$，新的损失减去原来的损失。',
  },
  'diagnosis.wrong-sign': {
    en: 'The size is right but the sign is wrong: check the sign of every factor and every difference.',
    'zh-CN': '大小对了，符号错了：检查每个因子和每个差的符号。',
  },
} satisfies Templates;

export type TextKey = keyof typeof TEMPLATES;

export function isTextKey(key: string): key is TextKey {
  return Object.hasOwn(TEMPLATES, key);
}

/** The text with its parameters substituted; `$…$` segments are LaTeX for the client to render. */
export function renderText(text: Text, lang: Lang): string {
  const template: string = TEMPLATES[text.key][lang];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => text.params?.[name] ?? whole);
}

export const TEXT_KEYS = Object.keys(TEMPLATES) as TextKey[];
