/**
 * The policy's `knowledge_base` and `languages` sections, loaded once when the policy is compiled (so a
 * broken article or replies file stops start-up with its name, and no ticket waits for indexing).
 */
import path from 'node:path';
import { loadRepliesDir, type ReplyTemplates } from '../../connectors/llm/replies.ts';
import type { Policy } from '../policy/schema.ts';
import { KnowledgeBase } from './index.ts';

/** The reply templates of every configured language, with the policy's fallback. */
export interface ReplyCatalog {
  readonly fallback: string;
  readonly languages: string[];
  /** The language to write in for a ticket in `language`: itself when it has templates, else the fallback. */
  resolve(language: string | undefined): { language: string; templates: ReplyTemplates };
}

export interface LanguageSections {
  knowledge: { base: KnowledgeBase; minConfidence: number } | null;
  replies: ReplyCatalog | null;
  problems: { path: string[]; message: string }[];
}

/** Loads both sections; problems are returned (with the policy path to report them at), not thrown. */
export function compileLanguageSections(policy: Policy): LanguageSections {
  const problems: LanguageSections['problems'] = [];
  let knowledge: LanguageSections['knowledge'] = null;
  if (policy.knowledge_base) {
    try {
      knowledge = { base: KnowledgeBase.load(path.resolve(policy.knowledge_base.dir)), minConfidence: policy.knowledge_base.min_confidence };
    } catch (error) {
      problems.push({ path: ['knowledge_base', 'dir'], message: `knowledge base: ${(error as Error).message}` });
    }
  }
  let replies: ReplyCatalog | null = null;
  try {
    const byLanguage = loadRepliesDir(path.resolve(policy.languages.replies));
    const fallback = policy.languages.fallback;
    const fallbackTemplates = byLanguage.get(fallback);
    if (!fallbackTemplates) {
      problems.push({ path: ['languages', 'fallback'], message: `no ${fallback}.yaml in ${policy.languages.replies} (languages there: ${[...byLanguage.keys()].join(', ')})` });
    } else {
      replies = {
        fallback,
        languages: [...byLanguage.keys()],
        resolve(language) {
          const code = (language ?? '').toLowerCase().slice(0, 2);
          const templates = byLanguage.get(code);
          return templates ? { language: code, templates } : { language: fallback, templates: fallbackTemplates };
        },
      };
    }
  } catch (error) {
    problems.push({ path: ['languages', 'replies'], message: (error as Error).message });
  }
  return { knowledge, replies, problems };
}
