/**
 * The version of a policy: a hash of what it says, not of how the file is written. Two files that
 * differ only in comments, key order or defaults spelled out have the same version.
 */
import { hashData } from '../engine/runner.ts';
import type { JsonObject } from '../engine/types.ts';
import type { Policy } from './schema.ts';

export function policyVersion(policy: Policy): string {
  // Folder settings are absolute paths after loading; only their last part says anything about the policy.
  const comparable = {
    ...policy,
    languages: { ...policy.languages, replies: lastPart(policy.languages.replies) },
    ...(policy.knowledge_base ? { knowledge_base: { ...policy.knowledge_base, dir: lastPart(policy.knowledge_base.dir) } } : {}),
  };
  return hashData(JSON.parse(JSON.stringify(comparable)) as JsonObject).slice(0, 12);
}

function lastPart(dir: string): string {
  return dir.replace(/[\\/]+$/, '').split(/[\\/]/).pop() ?? dir;
}
