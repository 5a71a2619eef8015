/**
 * English strings of the shell and the home page. `{name}` marks a parameter; zh-CN.ts must
 * define every key. Other pages' strings come in parts (problem-, practice-, game- and
 * host-*.ts), fetched with those pages in one language (see index.ts).
 */
export const en = {
  'app.name': 'Backprop Arena',
  'app.tagline': 'Learn the chain rule by playing it.',
  'app.skip': 'Skip to the content',
  'app.home': 'Home',
  'app.loading': 'Loading…',
  'app.loadFailed': 'This screen could not be loaded. Check the connection and try again.',
  'app.retry': 'Try again',
  'lang.label': 'Language',

  'notFound.title': 'Page not found',
  'notFound.body': 'There is nothing at this address.',
  'notFound.home': 'Back to the home page',

  'home.join.heading': 'Join a game',
  'home.join.code': 'Game code',
  'home.join.codeHint': 'The code shown on the projector.',
  'home.join.name': 'Nickname',
  'home.join.nameHint': 'Shown to the class on the leaderboard.',
  'home.join.nameCut': 'Cut to 20 characters: a nickname has at most 20.',
  'home.join.submit': 'Join',
  'home.join.codeMissing': 'Type the game code.',
  'home.join.codeInvalid': 'A game code is {n} letters and digits, like K7QX3M.',
  'home.join.nameMissing': 'Type a nickname.',
  'home.join.generatedName': 'This game gives you a name when you join.',
  'home.host.heading': 'Teaching a class?',
  'home.host.body': 'Host a live game on the projector. Students join from their phones.',
  'home.host.button': 'Host a game',
  'home.host.library': 'Question sets',
  'home.practice.heading': 'On your own?',
  'home.practice.body': 'Practise forward passes, gradients and updates at your own pace.',
  'home.practice.button': 'Practise alone',

  // Both languages of the default team names are needed at once to recognise one (team-names.ts).
  'team.default.1': 'Red',
  'team.default.2': 'Blue',
  'team.default.3': 'Green',
  'team.default.4': 'Orange',
  'team.default.5': 'Pink',
  'team.default.6': 'Sky',
  'team.default.7': 'Yellow',
  'team.default.8': 'Purple',
  'team.default.9': 'Brown',
  'team.default.10': 'Teal',
  'team.default.11': 'Grey',
  'team.default.12': 'Black',
} as const;

export type CoreMessageKey = keyof typeof en;
