/**
 * Checks `{{path}}` templates: a placeholder that is unclosed or not a path is printed as written,
 * and one with a mistyped path is filled with nothing; either way the customer or the team reads a
 * broken sentence, so both are reported when the policy is checked.
 */
import { placeholders } from '../template.ts';
import { pathProblem } from './conditions.ts';
import type { CheckProblem } from './problem.ts';
import { resolveDataPath, type Schema } from './schema-walk.ts';

/**
 * Every problem in `template` (found at `at` in the policy). Paths are checked against `schema` when
 * one is given; without it only the syntax is checked.
 */
export function checkTemplate(template: string, at: (string | number)[], schema?: Schema): CheckProblem[] {
  const problems: CheckProblem[] = [];
  for (const placeholder of placeholders(template)) {
    const excerpt = placeholder.raw;
    if (placeholder.problem === 'unclosed') {
      problems.push({ path: at, excerpt, message: `unclosed "${excerpt.trim()}": it is printed as written`, hint: 'close it with "}}", as in {{sentimentAnalysis.specificIssue}}' });
      continue;
    }
    if (placeholder.problem === 'not_a_path' || placeholder.path === undefined) {
      problems.push({ path: at, excerpt, message: `"${excerpt}" is not a path: it is printed as written`, hint: 'put one dotted path of the task data between {{ and }}, as in {{support.customer.tier}}' });
      continue;
    }
    if (!schema) continue;
    const lookup = resolveDataPath(schema, placeholder.path);
    const problem = pathProblem(lookup, placeholder.path, schema, at);
    if (problem) problems.push({ ...problem, excerpt });
    else if (lookup.status === 'known' && lookup.throughArray) {
      // Templates read lists by position only (template.ts getPath); a name after a list finds nothing.
      problems.push({ path: at, excerpt, message: `"${placeholder.path}" reads a field inside a list, which a template fills with nothing`, hint: 'name one item by its position, as in {{list.0.field}}' });
    }
  }
  return problems;
}

/**
 * A text sent as written (no templates are filled in) that contains `{{`: the reader would see the
 * braces. A warning, since braces may be meant.
 */
export function checkPlainText(text: string, at: (string | number)[]): CheckProblem[] {
  const first = placeholders(text)[0];
  if (!first) return [];
  return [{ path: at, excerpt: first.raw, severity: 'warning', message: `"${first.raw.trim()}" is sent as written: this text is not a template`, hint: 'remove the braces, or move the text to a setting that fills in templates' }];
}
