/**
 * After a person resolves the ticket's human task: the policy's `on_human_complete` rules decide, in
 * order, what the automation does next. COMPLETE ends the task; HANDOFF runs a named step next;
 * CONTINUE hands the conversation back to the automation, which waits for the next message.
 */
import { defineStep } from '../src/engine/step.ts';
import type { JsonObject } from '../src/engine/types.ts';

export default defineStep({
  id: 'human_resolution',
  title: 'Human resolution: on_human_complete decides between COMPLETE, HANDOFF and CONTINUE',
  condition: { 'human.resolvedAt': { $exists: true }, 'human.outcome': null },
  writes: ['human'],
  async run(ctx): Promise<JsonObject> {
    const rules = ctx.policy.onHumanComplete;
    const index = rules.findIndex((rule) => rule.compiled.test(ctx.data));
    const rule = rules[index];
    const at = ctx.now().toISOString();
    if (!rule) {
      // No rule matched: the person answered but did not close the case; keep the automation listening.
      ctx.explain(`no on_human_complete rule matched (${rules.length} evaluated): continue`);
      return { human: { outcome: { action: 'continue', rule: null, decidedAt: at } } };
    }
    ctx.explain(`on_human_complete[${index}] matched ${rule.compiled.text}`);
    if (rule.then === 'complete') {
      ctx.complete();
      return { human: { outcome: { action: 'complete', rule: index, decidedAt: at } } };
    }
    if (rule.then === 'continue') return { human: { outcome: { action: 'continue', rule: index, decidedAt: at } } };
    ctx.handoff(rule.then.handoff);
    ctx.explain(`handing off to step ${rule.then.handoff}`);
    return { human: { outcome: { action: 'handoff', step: rule.then.handoff, rule: index, decidedAt: at } } };
  },
});
