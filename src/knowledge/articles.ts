/**
 * Knowledge-base articles: Markdown files with a small YAML front matter, validated with zod. A broken
 * article is a start-up error that names the file, never a silently missing answer.
 *
 * ---
 * id: invite-teammates              # shared by the translations of one article
 * title: Invite teammates to your workspace
 * language: en                      # ISO 639-1; must match the folder when it sits in knowledge/<lang>/
 * tags: [invite, teammate, colleague]
 * not_for: [sso, all users]         # phrases that mean the article is the wrong answer
 * ---
 * 1. Open Settings > Team ...
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

export const frontMatterSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lower-kebab-case, e.g. reset-password'),
  title: z.string().trim().min(3).max(120),
  language: z.string().regex(/^[a-z]{2}$/, 'an ISO 639-1 code such as en or de'),
  tags: z.array(z.string().trim().min(1)).min(1, 'list the words a customer would use'),
  not_for: z.array(z.string().trim().min(1)).default([]),
});

export interface Article {
  id: string;
  title: string;
  language: string;
  tags: string[];
  /** Phrases that rule this article out (e.g. "sso" for a password reset). */
  notFor: string[];
  /** Markdown body: the steps sent to the customer. */
  body: string;
  /** Path relative to the knowledge folder, for messages and records. */
  file: string;
}

/** A broken article or folder; the message starts with the file. */
export class KnowledgeError extends Error {
  override name = 'KnowledgeError';
}

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/;

/** Parses one article's text; `file` is only used in error messages. */
export function parseArticle(text: string, file: string): Article {
  const match = FRONT_MATTER.exec(text.replace(/^\uFEFF/, ''));
  if (!match) throw new KnowledgeError(`${file}: starts without a front matter block (a line "---", YAML, a line "---")`);
  let raw: unknown;
  try {
    raw = parseYaml(match[1] as string);
  } catch (error) {
    throw new KnowledgeError(`${file}: front matter is not valid YAML (${(error as Error).message.split('\n')[0]})`);
  }
  const parsed = frontMatterSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new KnowledgeError(`${file}: front matter ${issue?.path.join('.') || ''}: ${issue?.message}`.replace(/  +/g, ' '));
  }
  const body = (match[2] as string).trim();
  if (body.length < 20) throw new KnowledgeError(`${file}: the article has no body (write the steps below the front matter)`);
  const folder = path.basename(path.dirname(file));
  if (/^[a-z]{2}$/.test(folder) && folder !== parsed.data.language) {
    throw new KnowledgeError(`${file}: language "${parsed.data.language}" does not match its folder "${folder}"`);
  }
  const { id, title, language, tags, not_for } = parsed.data;
  return { id, title, language, tags, notFor: not_for, body, file };
}

function markdownFiles(dir: string, base = dir): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) return markdownFiles(full, base);
      return name.endsWith('.md') && name.toLowerCase() !== 'readme.md' ? [path.relative(base, full)] : [];
    });
}

/** Reads every `*.md` under `dir` (README.md excepted); throws KnowledgeError naming the first bad file. */
export function readArticles(dir: string): Article[] {
  let files: string[];
  try {
    files = markdownFiles(dir);
  } catch (error) {
    throw new KnowledgeError(`cannot read the knowledge folder ${dir}: ${(error as Error).message}`);
  }
  const seen = new Map<string, string>();
  const articles = files.map((file) => {
    const article = parseArticle(readFileSync(path.join(dir, file), 'utf8'), file);
    const key = `${article.language}/${article.id}`;
    const other = seen.get(key);
    if (other) throw new KnowledgeError(`${file}: id "${article.id}" in ${article.language} is already used by ${other}`);
    seen.set(key, file);
    return article;
  });
  if (articles.length === 0) throw new KnowledgeError(`the knowledge folder ${dir} has no articles (*.md)`);
  return articles;
}
