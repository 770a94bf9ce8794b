/** Renderers turn a `HandoffNotice` into channel messages; steps address them from the policy. */
export { handoffEmail, handoffSubject, type RenderedEmail } from './email.ts';
export { escapeHtml, escapeSlack } from './escape.ts';
export {
  CLAIM_ACTION_ID,
  HANDOFF_EVENT_TYPE,
  handoffSlackMessage,
  VIEW_CONTEXT_ACTION_ID,
  type RenderedChatMessage,
} from './slack.ts';
