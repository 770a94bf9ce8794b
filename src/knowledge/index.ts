/**
 * The knowledge base: articles indexed once with MiniSearch, searched per ticket in the reply language.
 *
 * Confidence (0..1) is defined so that a threshold means something a team can reason about:
 *
 *   coverage(A)  = weight of the ticket's content terms that article A contains
 *                  / weight of all the ticket's content terms
 *   confidence   = coverage(best) - coverage(runner-up) / 2
 *
 * A term found in an article's title or tags counts fully; found only in its body it counts half (a
 * cancellation article that mentions exporting data is not an export article). A term's weight is its rarity among the language's articles, ln(1 + N / df) (df = articles containing
 * it, at least 1), so "account", which many articles mention, counts little, and a term no article
 * knows ("sso", "webhook") counts fully against every article: the ticket talks about something the
 * knowledge base does not cover. Words of time ("last month", "yesterday") are not topic words at all. The runner-up term halves confidence when two articles explain the
 * ticket equally well. MiniSearch does the matching (prefix and typo-tolerant), so "invoices" finds
 * "invoice" and "teammate" finds "teammates"; its own score only breaks ties.
 */
import MiniSearch, { type SearchOptions } from 'minisearch';
import { readArticles, type Article } from './articles.ts';
import { containsPhrase, contentTerm, contentTerms } from './text.ts';

export { KnowledgeError, parseArticle, readArticles, type Article } from './articles.ts';

export interface KnowledgeMatch {
  article: Article;
  /** 0..1, see the module comment. */
  confidence: number;
  /** Share (by weight) of the ticket's content terms the article contains. */
  coverage: number;
  runnerUp: { id: string; coverage: number } | null;
  /** The ticket's content terms the article matched, and the ones it did not. */
  matched: string[];
  unmatched: string[];
  /** Articles ruled out by their `not_for` phrases. */
  excluded: string[];
}

interface Doc {
  key: string;
  language: string;
  title: string;
  tags: string;
  body: string;
}

interface TermHit {
  key: string;
  score: number;
  /** 1 when the term is in the title or tags, 0.5 when only in the body. */
  strength: number;
}

const TERM_CACHE_SIZE = 20_000;

/** Longest ticket text considered: a long thread's quoted history should not drown its question. */
const MAX_CHARS = 2_000;

const SEARCH: SearchOptions = {
  fields: ['title', 'tags', 'body'],
  boost: { title: 2, tags: 3 },
  prefix: (term: string) => term.length >= 4,
  fuzzy: (term: string) => (term.length >= 6 ? 0.2 : false),
  combineWith: 'OR',
};

export class KnowledgeBase {
  private readonly byKey = new Map<string, Article>();
  private readonly index: MiniSearch<Doc>;
  private readonly perLanguage = new Map<string, number>();
  private readonly termCache = new Map<string, TermHit[]>();

  constructor(readonly articles: readonly Article[], readonly dir: string) {
    this.index = new MiniSearch<Doc>({
      idField: 'key',
      fields: ['title', 'tags', 'body'],
      storeFields: ['language'],
      processTerm: (term) => contentTerm(term),
    });
    const docs = articles.map((a) => {
      const key = `${a.language}/${a.id}`;
      this.byKey.set(key, a);
      this.perLanguage.set(a.language, (this.perLanguage.get(a.language) ?? 0) + 1);
      return { key, language: a.language, title: a.title, tags: a.tags.join(' '), body: a.body };
    });
    this.index.addAll(docs);
  }

  /**
   * One term's hits among `language`'s articles. Cached: tickets share most of their words, and the
   * fuzzy and prefix lookups are what a search spends its time on. Bounded, so a stream of odd words
   * cannot grow it without end.
   */
  private searchTerm(term: string, language: string): TermHit[] {
    const key = `${language}\u0000${term}`;
    const cached = this.termCache.get(key);
    if (cached) return cached;
    const hits = this.index.search(term, { ...SEARCH, filter: (r) => r.language === language }).map((r) => ({
      key: String(r.id),
      score: r.score,
      strength: Object.values(r.match).flat().some((f) => f === 'title' || f === 'tags') ? 1 : 0.5,
    }));
    if (this.termCache.size >= TERM_CACHE_SIZE) this.termCache.clear();
    this.termCache.set(key, hits);
    return hits;
  }

  /** Reads, validates and indexes `dir`; throws KnowledgeError naming a broken file. */
  static load(dir: string): KnowledgeBase {
    return new KnowledgeBase(readArticles(dir), dir);
  }

  languages(): string[] {
    return [...this.perLanguage.keys()].sort();
  }

  has(language: string): boolean {
    return this.perLanguage.has(language);
  }

  /** The best article for `text` among those in `language`, or null when none shares a content term. */
  search(text: string, language: string): KnowledgeMatch | null {
    const query = text.slice(0, MAX_CHARS);
    const terms = contentTerms(query);
    const total = this.perLanguage.get(language) ?? 0;
    if (terms.length === 0 || total === 0) return null;
    const excluded = new Set(
      [...this.byKey.entries()].filter(([, a]) => a.language === language && a.notFor.some((p) => containsPhrase(query, p))).map(([key]) => key),
    );

    const matches = new Map<string, Map<string, number>>(); // term -> article key -> strength (1 or 0.5)
    const weight = new Map<string, number>();
    // MiniSearch's own score, summed over the terms (what an OR query of all of them scores): breaks ties.
    const tie = new Map<string, number>();
    for (const term of terms) {
      const found = new Map<string, number>();
      for (const hit of this.searchTerm(term, language)) {
        if (excluded.has(hit.key)) continue;
        found.set(hit.key, hit.strength);
        tie.set(hit.key, (tie.get(hit.key) ?? 0) + hit.score);
      }
      matches.set(term, found);
      weight.set(term, Math.log(1 + total / Math.max(found.size, 1)));
    }
    const sum = [...weight.values()].reduce((a, b) => a + b, 0);
    const ranked = [...tie.keys()]
      .map((key) => {
        const covered = terms.filter((t) => matches.get(t)?.has(key));
        const coverage = covered.reduce((a, t) => a + (weight.get(t) ?? 0) * (matches.get(t)?.get(key) ?? 0), 0) / sum;
        return { key, coverage, covered };
      })
      .sort((a, b) => b.coverage - a.coverage || (tie.get(b.key) ?? 0) - (tie.get(a.key) ?? 0));
    const best = ranked[0];
    if (!best || best.coverage === 0) return null;
    const second = ranked[1];
    const round = (n: number) => Math.round(n * 1000) / 1000;
    return {
      article: this.byKey.get(best.key) as Article,
      confidence: round(Math.max(0, best.coverage - (second?.coverage ?? 0) / 2)),
      coverage: round(best.coverage),
      runnerUp: second ? { id: (this.byKey.get(second.key) as Article).id, coverage: round(second.coverage) } : null,
      matched: best.covered,
      unmatched: terms.filter((t) => !best.covered.includes(t)),
      excluded: [...excluded].map((key) => (this.byKey.get(key) as Article).id),
    };
  }
}
