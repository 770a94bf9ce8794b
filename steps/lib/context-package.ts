/**
 * The context package a human receives: the standard sections every handoff carries, plus the fields
 * and templated summaries the policy's `context_for_human` asks for.
 */
import type { CompiledPolicy } from '../../src/policy/compile.ts';
import { getPath, renderTemplate } from '../../src/policy/template.ts';
import type { JsonObject } from '../../src/engine/types.ts';
import { view } from './read.ts';

export function buildContextPackage(data: Readonly<JsonObject>, policy: CompiledPolicy): JsonObject {
  const d = view(data);
  const c = d.support.classification;
  const s = d.sentimentAnalysis;
  const fields: JsonObject = {};
  for (const path of policy.source.context_for_human.fields) fields[path] = getPath(data as JsonObject, path) ?? null;
  const summaries: JsonObject = {};
  for (const summary of policy.source.context_for_human.summaries) {
    const include: JsonObject = {};
    for (const path of summary.include) include[path] = getPath(data as JsonObject, path) ?? null;
    summaries[summary.name] = { text: renderTemplate(summary.template, data as JsonObject), include };
  }
  return {
    ticketSummary: {
      id: d.escalationAgent?.ticketId ?? d.support.ticket.id ?? null,
      subject: d.support.ticket.subject ?? null,
      category: c?.category ?? null,
      priority: c?.priority ?? null,
      complexity: c?.complexity ?? null,
      specificIssue: s?.specificIssue ?? null,
      entities: c?.entities ?? [],
    },
    customerProfile: {
      id: d.support.customer?.id ?? null,
      tier: d.support.customer?.tier ?? null,
      accountValue: d.support.customer?.accountValue ?? null,
      previousTickets: d.support.customer?.previousTickets ?? 0,
      escalationHistory: d.support.customer?.escalationHistory ?? [],
      supportHistory: d.support.customer?.supportHistory ?? [],
    },
    sentimentProfile: {
      frustrationLevel: s?.frustrationLevel ?? null,
      emotionalState: s?.overallSentiment ?? null,
      communicationStyle: s?.communicationPatterns?.recommendedStyle ?? null,
      repeatIssue: s?.repeatIssue ?? false,
    },
    technicalContext: {
      technicalKnowledge: s?.communicationPatterns?.technicalKnowledge ?? null,
      complexity: s?.complexityAssessment ?? null,
      requiredExpertise: d.handlingStrategy?.requiredExpertise ?? null,
      estimatedResolutionTime: d.handlingStrategy?.estimatedResolutionTime ?? null,
    },
    conversationHistory: (d.escalationAgent?.conversationHistory ?? []) as unknown as JsonObject[],
    fields,
    summaries,
  };
}
