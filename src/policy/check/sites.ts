/**
 * Where a policy holds conditions, templates and data paths. The one list of them: a new setting that
 * takes a condition or a template is added here and gets every check.
 */
type Path = (string | number)[];
type Loose = Record<string, unknown>;

export interface PolicySites {
  /** MongoDB-style conditions over `data`. */
  conditions: { path: Path; condition: unknown }[];
  /** Texts with `{{path}}` placeholders filled in from `data`. */
  templates: { path: Path; text: string }[];
  /** Single dotted paths of `data` whose values are shown (context for the human). */
  dataPaths: { path: Path; dataPath: string }[];
  /** Texts sent exactly as written. */
  plainTexts: { path: Path; text: string }[];
}

const asObject = (value: unknown): Loose | undefined => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Loose) : undefined);
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** The sites in a policy as written (read defensively: the file may not have passed validation). */
export function policySites(policy: unknown): PolicySites {
  const root = asObject(policy) ?? {};
  const sites: PolicySites = { conditions: [], templates: [], dataPaths: [], plainTexts: [] };
  const text = (list: { path: Path; text: string }[], value: unknown, path: Path) => {
    if (typeof value === 'string') list.push({ path, text: value });
  };
  const dataPath = (value: unknown, path: Path) => {
    if (typeof value === 'string') sites.dataPaths.push({ path, dataPath: value });
  };

  asArray(root.triggers).forEach((trigger, i) => {
    const t = asObject(trigger);
    if (t && 'when' in t) sites.conditions.push({ path: ['triggers', i, 'when'], condition: t.when });
    text(sites.templates, t?.reason, ['triggers', i, 'reason']);
  });
  asArray(root.on_human_complete).forEach((rule, i) => {
    const r = asObject(rule);
    if (r && 'if' in r) sites.conditions.push({ path: ['on_human_complete', i, 'if'], condition: r.if });
  });
  text(sites.templates, asObject(root.escalation)?.customer_message, ['escalation', 'customer_message']);
  const context = asObject(root.context_for_human);
  asArray(context?.fields).forEach((field, i) => dataPath(field, ['context_for_human', 'fields', i]));
  asArray(context?.summaries).forEach((summary, i) => {
    const s = asObject(summary);
    text(sites.templates, s?.template, ['context_for_human', 'summaries', i, 'template']);
    asArray(s?.include).forEach((field, j) => dataPath(field, ['context_for_human', 'summaries', i, 'include', j]));
  });
  text(sites.plainTexts, asObject(root.on_error)?.respond, ['on_error', 'respond']);
  return sites;
}
