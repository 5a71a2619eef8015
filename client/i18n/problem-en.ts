/** English strings of the problem components (problem, keypad, solution, verdict), shared by practice and the game; loaded with those pages. */
export const problemEn = {
  'keypad.label': 'Your answer',
  'keypad.keys': 'Number keys',
  'keypad.minus': 'Minus',
  'keypad.point': 'Decimal point',
  'keypad.exponent': 'Times ten to the power',
  'keypad.backspace': 'Delete',
  'keypad.submit': 'Check',
  'keypad.echo': 'You entered {value}',
  'keypad.echoEmpty': 'Type a number such as −0.027 or 2.7×10^−2.',
  'keypad.echoInteger': 'Type a whole number such as 5.',
  'keypad.echoInvalid': 'That is not a number yet.',

  'problem.given': 'Given',
  'problem.steps': 'Steps',
  'problem.setupMore': 'Show the whole problem',
  'problem.setupLess': 'Show less',
  'problem.step': 'Step {n}',
  'problem.choices': 'Choose one',
  'problem.yourAnswer': 'your answer: {value}',
  'problem.sent': 'sent, graded at the reveal',

  'difficulty.1': 'Easy',
  'difficulty.2': 'Medium',
  'difficulty.3': 'Hard',

  'kind.forward': 'Forward pass',
  'kind.local-derivative': 'Local derivatives',
  'kind.chain-gradient': 'Chain rule',
  'kind.update': 'Gradient-descent step',
  'kind.deep-chain': 'Deeper networks',
  'kind.activations': 'Other activations',
  'kind.cross-entropy': 'Cross-entropy',
  'kind.vanishing': 'Vanishing and exploding gradients',
  'kind.direction': 'Which way does w move?',
  'kind.chain-steps': 'Backprop step by step',
  'kind.multiple-choice': 'Multiple choice',

  'diagram.label': 'Diagram of the network: input x, weights and biases, then z, y and the loss L.',
  'diagram.target': 'target',

  'graph.label': 'Computation graph: each value of the forward pass above its box, its gradient dL/d· below.',
  'graph.heading': 'Computation graph',
  'graph.show': 'Show the computation graph',
  'graph.legend.value': 'Above each box: its value (forward pass, left to right)',
  'graph.legend.gradient': 'Below: its gradient dL/d· (backward pass, right to left)',
  'graph.pending': 'not sent yet',
  'graph.withStatus': '{text} ({status})',
  'graph.status.correct': 'Correct',
  'graph.status.wrong': 'Wrong',
  'graph.status.carried': 'Right for the value received (the error came from upstream)',

  'solution.heading': 'Worked solution',
  'solution.hint': 'Hint',

  'verdict.correct': 'Correct',
  'verdict.close': 'Close',
  'verdict.wrong': 'Not right',
  'verdict.invalid': 'Not an answer yet',
} as const;

export type ProblemMessageKey = keyof typeof problemEn;
