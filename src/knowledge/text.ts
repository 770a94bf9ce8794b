/**
 * How the knowledge base reads text: lowercase, accents folded (so "Rechnung" and "rechnung", "está" and
 * "esta" meet), split on anything that is not a letter or digit, and without the words that say nothing
 * about the topic. The same function reads articles and tickets, so both sides agree on every term.
 */

/**
 * Function words, words of time and support small talk in the five shipped languages. One merged list: a word that is
 * filler in one language ("de", "die", "as") is never the word that picks an article in another.
 */
const STOPWORDS = new Set(
  `a about after again all also am an and any are as at be been before being but by can cannot could did do does doing
  for from get got had has have having he her here hi hello hey him his how i if in into is it its just me my myself
  new no none not now of on once only or our ours out over own please same she should so some such than thank thanks
  that the their them then there these they this those to too under until up very was we were what when where which
  while who why will with would you your yours dear regards best kind assistance help question issue problem need want
  know let tell someone anyone something anything way able
  last next previous recent recently current currently ago today yesterday tomorrow day days week weeks month
  months year years time times morning evening night
  der die das ein eine einen einem einer eines und oder ich mich mir mein meine meinen meinem wir uns unser unsere
  sie ihr ihre ist sind war bin kann koennen konnen wie was wo wann warum nicht kein keine mit von zu zum zur fur im
  in an auf aus bei bitte danke hallo hilfe frage auch noch schon nur sehr habe haben hat wird werden es man
  el la los las un una unos unas y o de del al que en con por para como cual donde cuando mi mis su sus nuestro nuestra
  es son esta estan estoy ser hay puedo puede no si se me le lo hola gracias ayuda pregunta favor muy tengo tiene
  le les des du et ou en au aux avec pour par sur dans ce cet cette mon ma mes notre nos votre vos je tu il elle nous
  vous est sont suis pas ne comment quoi quand pourquoi bonjour merci aide question peux peut faire
  o os um uma uns umas e ou do da dos das no na nos nas em com por para como qual onde quando meu minha meus minhas
  nosso nossa seu sua e sao estou esta ola obrigado obrigada ajuda pergunta posso pode nao sim faco fazer`
    .split(/\s+/)
    .filter(Boolean),
);

/** Lowercase, accents removed, ß as ss. */
export function fold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase().replace(/ß/g, 'ss');
}

/** The folded words of `text`, in order, stopwords included (for phrase checks). */
export function words(text: string): string[] {
  return fold(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

/** A single term as the index stores it, or null for a word that carries no topic. */
export function contentTerm(word: string): string | null {
  const w = fold(word);
  if (w.length < 2 || /^\d+$/.test(w) || STOPWORDS.has(w)) return null;
  return w;
}

/** The distinct content terms of `text`, in order of first appearance. */
export function contentTerms(text: string): string[] {
  const seen = new Set<string>();
  for (const w of words(text)) {
    const term = contentTerm(w);
    if (term) seen.add(term);
  }
  return [...seen];
}

/** True when `phrase` occurs in `text` as whole words (both folded), e.g. "sso" in "the SSO change". */
export function containsPhrase(text: string, phrase: string): boolean {
  const hay = ` ${words(text).join(' ')} `;
  const needle = words(phrase).join(' ');
  return needle !== '' && hay.includes(` ${needle} `);
}
