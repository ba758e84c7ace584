/**
 * Every word the chat shows, in one table an integrator can override (`strings` at mount, a
 * built-in language by `lang` or the script tag's `data-lang`). Templates name their values in
 * braces ("{nick} joined"); counts take the locale's plural forms (Intl.PluralRules), so a
 * language with more forms than English gives each its own line.
 */

/** One text per plural category of the locale ("one", "few", "many"…); `other` is required. */
export type PluralForms = Readonly<Partial<Record<Intl.LDMLPluralRule, string>>> & { readonly other: string };

export interface UiStrings {
  /** BCP 47 tag for times, dates and plural rules ("en", "fr-CA"). */
  readonly locale: string;
  readonly title: string;
  readonly nickLabel: string;
  readonly joinButton: string;
  readonly leaveButton: string;
  readonly sendButton: string;
  readonly messageLabel: string;
  readonly messagePlaceholder: string;
  readonly logLabel: string;
  /** "Place: {place} · You: {nick}" as two parts. */
  readonly placeLabel: string;
  readonly youLabel: string;
  readonly typeNick: string;
  readonly connecting: string;
  readonly reconnecting: string;
  readonly connectionLost: string;
  readonly sending: string;
  /** The nick on a pending line before the visitor's own is known. */
  readonly pendingNick: string;
  readonly joined: string;
  readonly cameFrom: string;
  readonly wentTo: string;
  readonly left: string;
  readonly timedOut: string;
  readonly lost: PluralForms;
  readonly notSent: string;
  readonly notSentLine: string;
  readonly couldNotLeave: string;
  readonly charactersLeft: PluralForms;
  readonly charactersOver: PluralForms;
  readonly folks: PluralForms;
  readonly allFolks: PluralForms;
  readonly places: PluralForms;
  readonly placeCount: string;
  readonly nickInPlace: string;
  readonly wentToPlace: string;
  readonly youAreIn: string;
  readonly notHere: string;
  readonly isIn: string;
  readonly commands: string;
  /** -nick's answer, and the place's notice of someone's new nick. */
  readonly youAreNow: string;
  readonly nowKnownAs: string;
  /** -topic's answers, and the place's notice of a new topic. */
  readonly topicOf: string;
  readonly noTopic: string;
  readonly topicSet: string;
  readonly topicCleared: string;
  /** Someone went away or came back, and the marks next to an away nick. */
  readonly isAway: string;
  readonly isAwayWith: string;
  readonly isBack: string;
  readonly awayMark: string;
  readonly awayMarkWith: string;
  /** Who is typing, under the log. */
  readonly typingOne: string;
  readonly typingPrivately: string;
  readonly typingTwo: string;
  readonly typingMany: string;
  /** -away's and -back's answers. */
  readonly youAreAway: string;
  readonly youAreBack: string;
  /** -query's answer, -ignore's list. */
  readonly queryOpened: string;
  readonly ignoring: string;
  readonly ignoringNobody: string;
  /** A private line: who to whom, and the private list's heading. */
  readonly privateLine: string;
  readonly privateHeading: string;
  /** A line that names you, for screen readers. */
  readonly mentionsYou: string;
  readonly newMessages: PluralForms;
  readonly olderButton: string;
  readonly olderLoading: string;
  readonly olderFailed: string;
  readonly historyStart: string;
  readonly alertsOn: string;
  readonly alertsOff: string;
  readonly alertTitle: string;
  /** The UI's own sentence for a refusal, by its code; the server's sentence where none is given. */
  readonly errors: Readonly<Record<string, string>>;
}

export const ENGLISH: UiStrings = {
  locale: 'en',
  title: 'Chat',
  nickLabel: 'Your nick',
  joinButton: 'Join',
  leaveButton: 'Leave',
  sendButton: 'Send',
  messageLabel: 'Message',
  messagePlaceholder: 'Message, or -help for commands',
  logLabel: 'Messages',
  placeLabel: 'Place:',
  youLabel: 'You:',
  typeNick: 'Type a nick to join.',
  connecting: 'connecting…',
  reconnecting: 'reconnecting…',
  connectionLost: 'connection lost, reconnecting…',
  sending: '(sending…)',
  pendingNick: 'you',
  joined: '{nick} joined',
  cameFrom: '{nick} came from {place}',
  wentTo: '{nick} went to {place}',
  left: '{nick} left',
  timedOut: '{nick} left (timed out)',
  lost: { one: '{n} message could not be recovered', other: '{n} messages could not be recovered' },
  notSent: 'not sent: {reason}',
  notSentLine: 'not sent: “{text}” ({reason})',
  couldNotLeave: 'could not leave: {reason}',
  charactersLeft: { one: '{n} left', other: '{n} left' },
  charactersOver: { one: '{n} too many', other: '{n} too many' },
  folks: { one: '{n} person in {place}:', other: '{n} people in {place}:' },
  allFolks: { one: '{n} person here:', other: '{n} people here:' },
  places: { one: '{n} place:', other: '{n} places:' },
  placeCount: '{place} ({n})',
  nickInPlace: '{nick} in {place}',
  wentToPlace: 'you went to {place}',
  youAreIn: 'you are in {place}',
  notHere: '{nick} is not here',
  isIn: '{nick} is in {place}',
  commands: 'commands:',
  youAreNow: 'you are now known as {nick}',
  nowKnownAs: '{nick} is now known as {new}',
  topicOf: 'topic of {place}: {topic}',
  noTopic: '{place} has no topic',
  topicSet: '{nick} set the topic: {topic}',
  topicCleared: '{nick} cleared the topic',
  isAway: '{nick} is away',
  isAwayWith: '{nick} is away: {message}',
  isBack: '{nick} is back',
  awayMark: '{nick} (away)',
  awayMarkWith: '{nick} (away: {message})',
  typingOne: '{nick} is typing…',
  typingPrivately: '{nick} is typing to you…',
  typingTwo: '{nick} and {other} are typing…',
  typingMany: 'several people are typing…',
  youAreAway: 'you are away',
  youAreBack: 'you are back',
  queryOpened: 'private conversation with {nick}: type your line after “-msg {nick}”',
  ignoring: 'you ignore:',
  ignoringNobody: 'you ignore no one',
  privateLine: '{from} → {to} (private)',
  privateHeading: 'Private',
  mentionsYou: 'mentions you',
  newMessages: { one: '{n} new message', other: '{n} new messages' },
  olderButton: 'Show older messages',
  olderLoading: 'Loading older messages…',
  olderFailed: 'Older messages could not be loaded: {reason}',
  historyStart: 'This is the first message of {place}.',
  alertsOn: 'Alerts on',
  alertsOff: 'Alerts off',
  alertTitle: '{nick} in {place}',
  errors: {},
};

export const FRENCH: UiStrings = {
  locale: 'fr',
  title: 'Discussion',
  nickLabel: 'Votre pseudo',
  joinButton: 'Rejoindre',
  leaveButton: 'Quitter',
  sendButton: 'Envoyer',
  messageLabel: 'Message',
  messagePlaceholder: 'Message, ou -help pour les commandes',
  logLabel: 'Messages',
  placeLabel: 'Lieu :',
  youLabel: 'Vous :',
  typeNick: 'Choisissez un pseudo pour rejoindre.',
  connecting: 'connexion…',
  reconnecting: 'reconnexion…',
  connectionLost: 'connexion perdue, reconnexion…',
  sending: '(envoi…)',
  pendingNick: 'vous',
  joined: '{nick} est arrivé·e',
  cameFrom: '{nick} arrive de {place}',
  wentTo: '{nick} est parti·e vers {place}',
  left: '{nick} est parti·e',
  timedOut: '{nick} est parti·e (délai dépassé)',
  lost: { one: '{n} message n’a pas pu être récupéré', other: '{n} messages n’ont pas pu être récupérés' },
  notSent: 'non envoyé : {reason}',
  notSentLine: 'non envoyé : « {text} » ({reason})',
  couldNotLeave: 'impossible de quitter : {reason}',
  charactersLeft: { one: '{n} caractère restant', other: '{n} caractères restants' },
  charactersOver: { one: '{n} caractère de trop', other: '{n} caractères de trop' },
  folks: { one: '{n} personne dans {place} :', other: '{n} personnes dans {place} :' },
  allFolks: { one: '{n} personne ici :', other: '{n} personnes ici :' },
  places: { one: '{n} lieu :', other: '{n} lieux :' },
  placeCount: '{place} ({n})',
  nickInPlace: '{nick} dans {place}',
  wentToPlace: 'vous êtes allé·e dans {place}',
  youAreIn: 'vous êtes dans {place}',
  notHere: '{nick} n’est pas là',
  isIn: '{nick} est dans {place}',
  commands: 'commandes :',
  youAreNow: 'vous vous appelez maintenant {nick}',
  nowKnownAs: '{nick} s’appelle maintenant {new}',
  topicOf: 'sujet de {place} : {topic}',
  noTopic: '{place} n’a pas de sujet',
  topicSet: '{nick} a changé le sujet : {topic}',
  topicCleared: '{nick} a effacé le sujet',
  isAway: '{nick} est absent·e',
  isAwayWith: '{nick} est absent·e : {message}',
  isBack: '{nick} est de retour',
  awayMark: '{nick} (absent·e)',
  awayMarkWith: '{nick} (absent·e : {message})',
  typingOne: '{nick} écrit…',
  typingPrivately: '{nick} vous écrit…',
  typingTwo: '{nick} et {other} écrivent…',
  typingMany: 'plusieurs personnes écrivent…',
  youAreAway: 'vous êtes absent·e',
  youAreBack: 'vous êtes de retour',
  queryOpened: 'conversation privée avec {nick} : tapez votre ligne après « -msg {nick} »',
  ignoring: 'vous ignorez :',
  ignoringNobody: 'vous n’ignorez personne',
  privateLine: '{from} → {to} (privé)',
  privateHeading: 'Privé',
  mentionsYou: 'vous mentionne',
  newMessages: { one: '{n} nouveau message', other: '{n} nouveaux messages' },
  olderButton: 'Afficher les messages plus anciens',
  olderLoading: 'Chargement des messages plus anciens…',
  olderFailed: 'Impossible de charger les messages plus anciens : {reason}',
  historyStart: 'Voici le premier message de {place}.',
  alertsOn: 'Alertes activées',
  alertsOff: 'Alertes désactivées',
  alertTitle: '{nick} dans {place}',
  errors: {
    NICK_TAKEN: 'ce pseudo est déjà pris',
    INVALID_NICK: 'ce pseudo n’est pas valide',
    INVALID_PLACE: 'ce nom de lieu n’est pas valide',
    RATE_LIMITED: 'trop vite : réessayez dans un instant',
    TEXT_TOO_LONG: 'le message est trop long',
    UNKNOWN_COMMAND: 'commande inconnue ; tapez -help pour la liste',
    OFFLINE: 'la discussion se reconnecte ; réessayez dans un instant',
  },
};

/** The languages shipped, by primary subtag. */
export const LANGUAGES: Readonly<Record<string, UiStrings>> = { en: ENGLISH, fr: FRENCH };

/**
 * The table in force: the shipped language named by `lang` (or else by the page's own
 * `<html lang>`), English when none matches, with the integrator's `overrides` on top.
 */
export function resolveStrings(lang: string | undefined, overrides: Partial<UiStrings> = {}, pageLang = ''): UiStrings {
  const pick = (tag: string | undefined) => LANGUAGES[(tag ?? '').toLowerCase().split('-')[0] ?? ''];
  const base = pick(lang) ?? pick(pageLang) ?? ENGLISH;
  // A full tag ("fr-CA") keeps its region for dates while the words come from its language.
  const locale = lang !== undefined && pick(lang) ? lang : base.locale;
  return { ...base, locale, ...overrides, errors: { ...base.errors, ...overrides.errors } };
}

/** Fills a template's `{name}` slots; an unknown slot stays as written. */
export function fill(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (slot, name: string) => (name in values ? String(values[name]) : slot));
}

/** The plural form of `forms` for `n` in `locale`, filled with `n` and `values`. */
export function plural(
  strings: Pick<UiStrings, 'locale'>,
  forms: PluralForms,
  n: number,
  values: Readonly<Record<string, string>> = {},
): string {
  const category = new Intl.PluralRules(strings.locale).select(n);
  return fill(forms[category] ?? forms.other, { ...values, n: n.toLocaleString(strings.locale) });
}
