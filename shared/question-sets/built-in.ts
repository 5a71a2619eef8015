/**
 * The sets that ship with the product, each in zh-CN and en (the same items, only the words
 * differ). Their ids are `builtin:<name>:<lang>`; a room plays one by its snapshot like any other.
 * The worked example and the qualitative questions follow the source text (the product's
 * 链式法则和反向传播 text), quoting it in the notes.
 */
import { LANGS, type Lang, type Network } from '../engine/index.ts';
import { type SetItemInput, type SetSnapshot, SetSnapshotSchema } from './schema.ts';

type Say = (en: string, zh: string) => string;

interface BuiltIn {
  name: string;
  title: [string, string];
  description: [string, string];
  items: (say: Say) => SetItemInput[];
}

const sigmoid = (w: number, b: number) => ({ w, b, activation: 'sigmoid' as const });
const tanh = (w: number, b: number) => ({ w, b, activation: 'tanh' as const });
const relu = (w: number, b: number) => ({ w, b, activation: 'relu' as const });

/** The source text's example: x = 0.5, w = 0.4, b = 0.1, η = 0.01, y_true = 0.8 (as SEED_NETWORK). */
const EXAMPLE: Network = { x: 0.5, layers: [sigmoid(0.4, 0.1)], loss: 'mse', target: 0.8, lr: 0.01 };

const WORKED_EXAMPLE: BuiltIn = {
  name: 'worked-example',
  title: ['The worked example, step by step', '实例计算，一步一步'],
  description: [
    "The source text's example (x = 0.5, w = 0.4, b = 0.1, η = 0.01, y_true = 0.8): the forward pass, the chain rule step by step to dL/dw, then the update of w and of b.",
    '原文的实例（x = 0.5，w = 0.4，b = 0.1，η = 0.01，y_true = 0.8）：先做前向传播，再用链式法则一步一步求出 dL/dw，最后更新 w 和 b。',
  ],
  items: (say) => [
    {
      type: 'numeric',
      network: EXAMPLE,
      asks: ['z1', 'y', 'L'],
      timeLimitSec: 120,
      note: say(
        'The source text: “compute $z = w \\cdot x + b = 0.4 \\cdot 0.5 + 0.1 = 0.3$; the prediction $y = \\sigma(z) = \\frac{1}{1 + e^{-0.3}} \\approx 0.574$; the error $L = \\frac{1}{2}(y - y_{true})^2 \\approx 0.025$.”',
        '原文：“计算 $z = w \\cdot x + b = 0.4 \\cdot 0.5 + 0.1 = 0.3$；计算预测值 $y = \\sigma(z) = \\frac{1}{1 + e^{-0.3}} \\approx 0.574$；计算误差 $L = \\frac{1}{2}(y - y_{true})^2 \\approx 0.025$。”',
      ),
    },
    {
      type: 'numeric',
      network: EXAMPLE,
      asks: ['dL/dy', 'da1/dz1', 'dz1/dw1', 'dL/dw1'],
      timeLimitSec: 180,
      note: say(
        'The source text: “$dL/dy = y - y_{true} = -0.226$, $dy/dz = y(1-y) \\approx 0.244$, $dz/dw = x = 0.5$; by the chain rule $\\frac{dL}{dw} = -0.226 \\cdot 0.244 \\cdot 0.5 \\approx -0.027$.”',
        '原文：“$dL/dy = y - y_{true} = -0.226$，$dy/dz = y(1-y) \\approx 0.244$，$dz/dw = x = 0.5$；根据链式法则，$\\frac{dL}{dw} = -0.226 \\cdot 0.244 \\cdot 0.5 \\approx -0.027$。”',
      ),
    },
    {
      type: 'numeric',
      network: EXAMPLE,
      asks: ["w1'"],
      note: say(
        'The source text: “update the weight $w = w - \\eta \\cdot \\frac{dL}{dw} = 0.4 - 0.01 \\cdot (-0.027) = 0.4 + 0.00027 \\approx 0.40027$.”',
        '原文：“更新权重 $w = w - \\eta \\cdot \\frac{dL}{dw} = 0.4 - 0.01 \\cdot (-0.027) = 0.4 + 0.00027 \\approx 0.40027$。”',
      ),
    },
    {
      type: 'numeric',
      network: EXAMPLE,
      asks: ["b1'"],
      note: say(
        'The source text updates only $w$; $b$ is updated the same way, with $\\frac{dz}{db} = 1$ in place of $\\frac{dz}{dw} = x$: $\\frac{dL}{db} = -0.226 \\cdot 0.244 \\approx -0.055$.',
        '原文只更新了 $w$；$b$ 的更新方法相同，只是用 $\\frac{dz}{db} = 1$ 代替 $\\frac{dz}{dw} = x$：$\\frac{dL}{db} = -0.226 \\cdot 0.244 \\approx -0.055$。',
      ),
    },
    {
      type: 'choice',
      question: say(
        'In the example the gradient $\\frac{dL}{dw} \\approx -0.027$ came out negative. What does that say?',
        '例题中算出的梯度 $\\frac{dL}{dw} \\approx -0.027$ 是负的。这说明了什么？',
      ),
      choices: [
        { text: say('The prediction is below the true value: $w$ should grow', '预测值低于真实值：应该增大 $w$'), correct: true },
        { text: say('The prediction is above the true value: $w$ should shrink', '预测值高于真实值：应该减小 $w$'), correct: false },
        { text: say('The learning rate $\\eta$ is too small', '学习率 $\\eta$ 太小了'), correct: false },
        { text: say('A negative gradient needs no update', '梯度为负时不需要更新'), correct: false },
      ],
      explanation: say(
        'The source text: “the gradient computed in step 4 is negative, which says the current prediction is below the true value, so the weight $w$ must grow to raise the prediction.”',
        '原文：“上面第 4 步，计算出的梯度为负，说明当前的预测值低于真实值，因此需要增加权重 $w$ 来提高预测值。”',
      ),
    },
  ],
};

const ONE_NEURON: BuiltIn = {
  name: 'one-neuron',
  title: ['One neuron', '一个神经元'],
  description: [
    'One neuron, z = w·x + b and y = σ(z): the forward pass, local derivatives, the chain rule and one gradient-descent step, generated problems between worked ones.',
    '一个神经元，z = w·x + b，y = σ(z)：前向传播、局部导数、链式法则和一步梯度下降，随机生成的题和编写好的题交替出现。',
  ],
  items: (say) => [
    { type: 'generated', kind: 'forward', difficulty: 1 },
    {
      type: 'numeric',
      network: { x: 0.8, layers: [sigmoid(0.5, -0.2)], loss: 'mse', target: 1, lr: 0.1 },
      asks: ['y'],
      note: say(
        '$z = 0.5 \\cdot 0.8 - 0.2 = 0.2$ and $\\sigma(0.2) \\approx 0.550$: a little above one half, because $z$ is a little above 0.',
        '$z = 0.5 \\cdot 0.8 - 0.2 = 0.2$，$\\sigma(0.2) \\approx 0.550$：$z$ 比 0 大一点，所以 $y$ 比二分之一大一点。',
      ),
    },
    { type: 'generated', kind: 'local-derivative', difficulty: 1 },
    {
      type: 'numeric',
      network: { x: -0.6, layers: [sigmoid(0.3, 0.4)], loss: 'mse', target: 0.2, lr: 0.1 },
      asks: ['dL/db1'],
      note: say(
        'Because $\\frac{dz}{db} = 1$, $\\frac{dL}{db} = \\frac{dL}{dy} \\cdot \\frac{dy}{dz}$: the same chain as for $w$, without the factor $x$.',
        '因为 $\\frac{dz}{db} = 1$，所以 $\\frac{dL}{db} = \\frac{dL}{dy} \\cdot \\frac{dy}{dz}$：和求 $w$ 的梯度是同一条链，只是少了因子 $x$。',
      ),
    },
    { type: 'generated', kind: 'chain-gradient', difficulty: 1 },
    {
      type: 'numeric',
      network: { x: 1.2, layers: [sigmoid(-0.5, 0.3)], loss: 'mse', target: 0.9, lr: 0.1 },
      asks: ["w1'"],
      note: say(
        'The prediction $y \\approx 0.426$ is below $y_{true} = 0.9$, so $\\frac{dL}{dw} < 0$ and $w$ grows: from $-0.5$ towards 0.',
        '预测值 $y \\approx 0.426$ 低于 $y_{true} = 0.9$，所以 $\\frac{dL}{dw} < 0$，$w$ 增大：从 $-0.5$ 向 0 靠近。',
      ),
    },
    { type: 'generated', kind: 'update', difficulty: 1 },
    {
      type: 'numeric',
      network: { x: 0.6, layers: [tanh(0.7, -0.1)], loss: 'mse', target: -0.5, lr: 0.1 },
      asks: ['dL/dw1'],
      note: say(
        'For tanh, $\\frac{dy}{dz} = 1 - y^2$ in place of the sigmoid’s $y(1 - y)$; the rest of the chain is the same.',
        '对 tanh 来说，$\\frac{dy}{dz} = 1 - y^2$，代替 sigmoid 的 $y(1 - y)$；链上其余的因子不变。',
      ),
    },
    { type: 'generated', kind: 'direction', difficulty: 1 },
    {
      type: 'numeric',
      network: { x: 0.5, layers: [sigmoid(0.4, 0.1)], loss: 'bce', target: 1, lr: 0.1 },
      asks: ['dL/dz1'],
      note: say(
        'With cross-entropy and a sigmoid output the $\\sigma\'$ cancels: $\\frac{dL}{dz} = y - y_{true} \\approx 0.574 - 1$.',
        '交叉熵配 sigmoid 输出时 $\\sigma\'$ 正好约掉：$\\frac{dL}{dz} = y - y_{true} \\approx 0.574 - 1$。',
      ),
    },
    { type: 'generated', kind: 'activations', difficulty: 1 },
  ],
};

const DEEPER_CHAINS: BuiltIn = {
  name: 'deeper-chains',
  title: ['Deeper chains', '更深的链'],
  description: [
    "Two and three layers: going back, the gradient is multiplied by every layer's activation derivative and weight.",
    '两层和三层网络：反向传播时，梯度要乘上每一层激活函数的导数和每一层的权重。',
  ],
  items: (say) => [
    { type: 'generated', kind: 'deep-chain', difficulty: 1 },
    {
      type: 'numeric',
      network: { x: 0.5, layers: [sigmoid(0.4, 0.1), sigmoid(0.8, -0.3)], loss: 'mse', target: 0.8, lr: 0.1 },
      asks: ['dL/dy', 'da2/dz2', 'dL/dz2', 'dz2/da1', 'dL/da1'],
      timeLimitSec: 180,
      note: say(
        'Going back through layer 2: $\\frac{dz_2}{da_1} = w_2 = 0.8$, so $\\frac{dL}{da_1} = \\frac{dL}{dz_2} \\cdot w_2$.',
        '反向穿过第 2 层：$\\frac{dz_2}{da_1} = w_2 = 0.8$，所以 $\\frac{dL}{da_1} = \\frac{dL}{dz_2} \\cdot w_2$。',
      ),
    },
    { type: 'generated', kind: 'deep-chain', difficulty: 2 },
    {
      type: 'numeric',
      network: { x: 0.9, layers: [tanh(-0.6, 0.2), sigmoid(1.1, 0.3)], loss: 'mse', target: 0.2, lr: 0.1 },
      asks: ['dL/dw1'],
      note: say(
        "Five factors: $\\frac{dL}{dy} \\cdot \\sigma'(z_2) \\cdot w_2 \\cdot \\tanh'(z_1) \\cdot x$.",
        "五个因子相乘：$\\frac{dL}{dy} \\cdot \\sigma'(z_2) \\cdot w_2 \\cdot \\tanh'(z_1) \\cdot x$。",
      ),
    },
    { type: 'generated', kind: 'activations', difficulty: 3 },
    {
      type: 'numeric',
      network: { x: 0.7, layers: [relu(1.2, 0.1), sigmoid(-0.8, 0.5)], loss: 'mse', target: 0.9, lr: 0.1 },
      asks: ['dL/dw1', "w1'"],
      timeLimitSec: 120,
      note: say(
        'ReLU passes the gradient through unchanged where $z_1 > 0$: here $z_1 = 0.94$, so its factor is 1.',
        'ReLU 在 $z_1 > 0$ 时让梯度原样通过：这里 $z_1 = 0.94$，所以它的因子是 1。',
      ),
    },
    { type: 'generated', kind: 'deep-chain', difficulty: 3 },
    {
      type: 'numeric',
      network: { x: 0.5, layers: [sigmoid(0.9, 0.1), sigmoid(-1.2, 0.4), sigmoid(1.5, -0.2)], loss: 'mse', target: 0.9, lr: 0.5 },
      asks: ['dL/dw1'],
      variants: true,
      note: say(
        'Three sigmoid layers: each multiplies the gradient by at most 0.25, which is why $\\frac{dL}{dw_1}$ is so small.',
        '三个 sigmoid 层：每一层最多把梯度乘上 0.25，所以 $\\frac{dL}{dw_1}$ 这么小。',
      ),
    },
    { type: 'generated', kind: 'cross-entropy', difficulty: 3 },
    {
      type: 'numeric',
      network: { x: -0.8, layers: [tanh(0.6, 0.3), sigmoid(1.4, -0.2)], loss: 'bce', target: 0, lr: 0.1 },
      asks: ['dL/dz2', 'dL/dw1'],
      timeLimitSec: 120,
      note: say(
        "Cross-entropy with a sigmoid output: $\\frac{dL}{dz_2} = y - y_{true}$, then on through $w_2$, $\\tanh'(z_1)$ and $x$.",
        "交叉熵配 sigmoid 输出：$\\frac{dL}{dz_2} = y - y_{true}$，再依次乘上 $w_2$、$\\tanh'(z_1)$ 和 $x$。",
      ),
    },
  ],
};

const VANISHING_EXPLODING: BuiltIn = {
  name: 'vanishing-exploding',
  title: ['Vanishing and exploding', '梯度消失与梯度爆炸'],
  description: [
    "Why a long chain of factors makes the gradient vanish or explode, why the gradient's sign tells w which way to move, and why the brain does not learn by backpropagation, following the source text.",
    '根据原文：为什么一长串因子相乘会让梯度消失或爆炸，为什么梯度的符号告诉我们 w 该往哪边走，以及为什么大脑不是靠反向传播学习的。',
  ],
  items: (say) => [
    { type: 'generated', kind: 'vanishing', difficulty: 1 },
    {
      type: 'choice',
      question: say(
        'A network has 100 layers, and going back each layer multiplies the gradient by about 1.2. What happens to the gradient by the time it reaches the first layer?',
        '一个网络有 100 层，反向传播时每一层都把梯度乘上大约 1.2。梯度传到第一层时会怎样？',
      ),
      choices: [
        { text: say('It explodes: $1.2^{100} \\approx 8 \\times 10^{7}$', '梯度爆炸：$1.2^{100} \\approx 8 \\times 10^{7}$'), correct: true },
        { text: say('It vanishes: it is almost 0', '梯度消失：几乎为 0'), correct: false },
        { text: say('It stays about 1.2', '保持在 1.2 左右'), correct: false },
        { text: say('It grows to $1.2 \\cdot 100 = 120$', '增大到 $1.2 \\cdot 100 = 120$'), correct: false },
      ],
      explanation: say(
        'The source text: “if the gradient of each layer is above 1, the cumulative effect of the chain rule makes the gradient grow exponentially after many layers, the weight updates become too large and the model becomes unstable.”',
        '原文：“如果每层的梯度值超过 1，那么链式法则的累积效应会使得多层连乘以后的梯度呈指数增长，导致权重更新过大，从而使模型不稳定。”',
      ),
    },
    { type: 'generated', kind: 'vanishing', difficulty: 2 },
    {
      type: 'choice',
      question: say('Why do gradients vanish especially with sigmoid activations?', '为什么使用 sigmoid 激活函数时梯度消失尤为明显？'),
      choices: [
        {
          text: say(
            "$\\sigma'(z) \\le 0.25$, and near 0 when $|z|$ is large: many such factors multiply to almost 0",
            "$\\sigma'(z) \\le 0.25$，而且 $|z|$ 较大时接近 0：许多这样的因子相乘，结果几乎为 0",
          ),
          correct: true,
        },
        { text: say("The sigmoid's derivative is always exactly 0.25", 'sigmoid 的导数总是正好等于 0.25'), correct: false },
        { text: say('The learning rate gets smaller from layer to layer', '学习率一层比一层小'), correct: false },
        { text: say('The chain rule adds the factors of the layers', '链式法则把各层的因子相加'), correct: false },
      ],
      explanation: say(
        'The source text: “this is especially visible with activation functions such as sigmoid, because their gradient is close to zero when the input is large or small.”',
        '原文：“这在使用 sigmoid 等激活函数时尤为明显，因为它们在输入较大或较小时梯度接近于零。”',
      ),
    },
    { type: 'generated', kind: 'vanishing', difficulty: 3 },
    {
      type: 'choice',
      question: say(
        'In the worked example $\\frac{dL}{dw} \\approx -0.027$. Why does the negative sign tell $w$ to grow?',
        '例题中 $\\frac{dL}{dw} \\approx -0.027$。为什么梯度为负就说明 $w$ 应该增大？',
      ),
      choices: [
        {
          text: say('The update is $w - \\eta \\cdot \\frac{dL}{dw}$: subtracting a negative number makes $w$ larger', '更新规则是 $w - \\eta \\cdot \\frac{dL}{dw}$：减去一个负数，$w$ 就变大'),
          correct: true,
        },
        {
          text: say('A negative gradient means the prediction is too low, and a larger $w$ raises it', '梯度为负说明预测值偏低，增大 $w$ 能提高预测值'),
          correct: true,
        },
        { text: say('A negative gradient means $w$ itself is negative', '梯度为负说明 $w$ 本身是负数'), correct: false },
        { text: say('Only the size of the gradient matters, not its sign', '只有梯度的大小有用，符号无关紧要'), correct: false },
      ],
      explanation: say(
        'The source text: “the gradient is negative, which says the current prediction is below the true value, so the weight $w$ must grow to raise the prediction.”',
        '原文：“计算出的梯度为负，说明当前的预测值低于真实值，因此需要增加权重 $w$ 来提高预测值。”',
      ),
    },
    { type: 'generated', kind: 'direction', difficulty: 2 },
    {
      type: 'choice',
      question: say(
        'Which of these does the source text give as reasons why the brain does not learn by backpropagation? (More than one is right.)',
        '原文给出了哪些理由，说明大脑不是靠反向传播学习的？（不止一个正确答案。）',
      ),
      choices: [
        {
          text: say('Synapses change by chemical processes (such as calcium concentration), not by exact derivatives', '突触的调整依赖化学过程（如钙离子浓度），而不是精确的导数计算'),
          correct: true,
        },
        { text: say('Backpropagation needs symmetric forward and backward connections', '反向传播要求前向和后向的连接是对称的'), correct: true },
        {
          text: say('The brain learns locally and asynchronously; backpropagation is global and synchronous', '大脑的学习是局部的、异步的，而反向传播是全局的、同步的'),
          correct: true,
        },
        { text: say('The brain has too few neurons for the chain rule', '大脑的神经元太少，用不了链式法则'), correct: false },
        { text: say("The brain's connections never change", '大脑的连接强度从不改变'), correct: false },
      ],
      explanation: say(
        'The source text: “the learning of the brain is local, asynchronous and based on biochemical signals, while backpropagation is global, synchronous and based on mathematical optimisation.”',
        '原文：“大脑的学习过程是局部的、异步的、基于生物化学信号的，而反向传播是全局的、同步的、基于数学优化的。”',
      ),
    },
    {
      type: 'choice',
      question: say('An error creeps in somewhere along the way. Which copes with it better?', '中途某个地方出了一点错误。谁更能容忍它？'),
      choices: [
        { text: say('The brain: it keeps learning despite noise and damage', '大脑：在噪声和损伤下仍能学习'), correct: true },
        { text: say('Backpropagation: the chain rule cancels errors out', '反向传播：链式法则会把错误抵消掉'), correct: false },
        { text: say('Both cope equally well', '两者一样'), correct: false },
      ],
      explanation: say(
        'The source text: “the chain reaction means that if a small error occurs along the way, the chain rule amplifies the whole error”, while “the brain can still learn under noise and damage.”',
        '原文：“链式反应的过程也注定了如果过程中出现了一点错误，那么链式法则的应用会把整个错误给放大化。”而“大脑在噪声、损伤下仍能进行学习”。',
      ),
    },
  ],
};

const SPECS: readonly BuiltIn[] = [WORKED_EXAMPLE, ONE_NEURON, DEEPER_CHAINS, VANISHING_EXPLODING];

function localized(spec: BuiltIn, lang: Lang): SetSnapshot {
  const say: Say = (en, zh) => (lang === 'en' ? en : zh);
  const [enTitle, zhTitle] = spec.title;
  const [enDescription, zhDescription] = spec.description;
  // Parsed, so the defaults (points ×1, no variants) are filled in exactly as for a teacher's set.
  return SetSnapshotSchema.parse({
    id: `builtin:${spec.name}:${lang}`,
    title: say(enTitle, zhTitle),
    lang,
    description: say(enDescription, zhDescription),
    items: spec.items(say),
  });
}

/** The sets that ship with the product: each of the four in zh-CN and en, ids `builtin:<name>:<lang>`. */
export const BUILT_IN_SETS: readonly SetSnapshot[] = Object.freeze(SPECS.flatMap((spec) => LANGS.map((lang) => localized(spec, lang))));

/** A built-in set by id, or null. */
export function builtInSet(id: string): SetSnapshot | null {
  return BUILT_IN_SETS.find((s) => s.id === id) ?? null;
}
