/** The knowledge base: search and confidence, article validation at policy load, reply templates. */
import { mkdtemp, rm, writeFile, mkdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultReplies, formatWait, loadRepliesDir } from '../../../connectors/llm/replies.ts';
import { KnowledgeBase } from '../../../src/knowledge/index.ts';
import { loadPolicy } from '../../../src/policy/load.ts';

const kb = KnowledgeBase.load(path.resolve('knowledge'));
const MIN = 0.6; // triage.policy.yaml's knowledge_base.min_confidence

describe('knowledge base search', () => {
  it('finds the invite article for a teammate question with high confidence', () => {
    const m = kb.search('how do I add a new teammate?', 'en');
    expect(m?.article.id).toBe('invite-teammates');
    expect(m?.confidence).toBeGreaterThanOrEqual(MIN);
  });

  it('searches the customer language: a German invoice question finds the German article', () => {
    const m = kb.search('Wie kann ich meine Rechnung herunterladen?', 'de');
    expect(m?.article).toMatchObject({ id: 'download-invoices', language: 'de' });
    expect(m?.confidence).toBeGreaterThanOrEqual(MIN);
  });

  it('rules out the password reset for an organisation-wide SSO failure, and nothing else is confident', () => {
    const m = kb.search('none of our 40 users can log in after the SSO change', 'en');
    expect(m?.excluded).toContain('reset-password');
    expect(m?.article.id).not.toBe('reset-password');
    expect(m?.confidence ?? 0).toBeLessThan(MIN);
  });

  it('a question the articles do not cover scores low: its terms count against every article', () => {
    const m = kb.search('Can we serve the portal from our own custom domain with a wildcard certificate?', 'en');
    expect(m?.confidence ?? 0).toBeLessThan(MIN);
  });

  it('two articles explaining the ticket equally well halve the confidence', () => {
    const m = kb.search('download', 'en');
    expect(m?.runnerUp).not.toBeNull();
    expect(m!.confidence).toBeCloseTo(m!.coverage - m!.runnerUp!.coverage / 2, 2);
  });

  it('ships every article in en, de, es, fr and pt', () => {
    const ids = (lang: string) => kb.articles.filter((a) => a.language === lang).map((a) => a.id).sort();
    expect(ids('en').length).toBeGreaterThanOrEqual(11);
    for (const lang of ['de', 'es', 'fr', 'pt']) expect(ids(lang)).toEqual(ids('en'));
  });
});

describe('validation at policy load', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  async function policyWithKnowledge(articles: Record<string, string>): Promise<string> {
    dir = await mkdtemp(path.join(tmpdir(), 'triage-kb-'));
    for (const [file, text] of Object.entries(articles)) {
      await mkdir(path.dirname(path.join(dir, 'kb', file)), { recursive: true });
      await writeFile(path.join(dir, 'kb', file), text);
    }
    // `dir` is relative to the policy file.
    const policy = (await readFile('triage.policy.yaml', 'utf8')).replace(/^knowledge_base:$/m, 'knowledge_base:\n  dir: kb');
    await writeFile(path.join(dir, 'policy.yaml'), policy);
    return path.join(dir, 'policy.yaml');
  }

  it('a broken article fails the policy load with the file named', async () => {
    const file = await policyWithKnowledge({
      'en/good.md': '---\nid: good\ntitle: A good article\nlanguage: en\ntags: [good]\n---\n1. This article is perfectly fine.\n',
      'en/broken.md': '---\nid: Broken Article\ntitle: x\nlanguage: english\n---\nbody\n',
    });
    await expect(loadPolicy(file)).rejects.toThrow(/en\/broken\.md/);
    await expect(loadPolicy(file)).rejects.toThrow(/knowledge_base\.dir/);
  });

  it('an article whose language differs from its folder is refused', async () => {
    const file = await policyWithKnowledge({ 'de/x.md': '---\nid: x\ntitle: Some title\nlanguage: en\ntags: [a]\n---\n1. Steps that are long enough.\n' });
    await expect(loadPolicy(file)).rejects.toThrow(/de\/x\.md: language "en" does not match its folder "de"/);
  });

  it('the shipped policy loads its knowledge base relative to the policy file', async () => {
    const policy = await loadPolicy();
    expect(policy.knowledge?.base.languages()).toEqual(['de', 'en', 'es', 'fr', 'pt']);
    expect(policy.replies.resolve('it').language).toBe('en');
    expect(policy.replies.resolve('de').language).toBe('de');
  });
});

describe('reply templates', () => {
  it('renders waits in the language', () => {
    const replies = loadRepliesDir(path.resolve('replies'));
    expect(formatWait(240, replies.get('en')!)).toBe('within 4 hours');
    expect(formatWait(240, replies.get('de')!)).toBe('innerhalb von 4 Stunden');
    expect(formatWait(15, replies.get('es')!)).toBe('en un plazo de 15 minutos');
    expect(formatWait(1440, replies.get('fr')!)).toBe('sous un jour');
    expect(formatWait(2880, replies.get('pt')!)).toBe('em até 2 dias');
    expect(formatWait(0, defaultReplies())).toBe('right away');
  });

  it('refuses an unknown placeholder, naming the file and the key', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'triage-replies-'));
    try {
      const en = (await readFile('replies/en.yaml', 'utf8')).replace('{{team}}, who will reply', '{{tema}}, who will reply');
      await writeFile(path.join(dir, 'en.yaml'), en);
      expect(() => loadRepliesDir(dir)).toThrow(/en\.yaml: queued: unknown placeholder \{\{tema\}\}/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
