/**
 * The customer message: concrete self-service help for common how-to topics, or an acknowledgment that
 * names the team and the wait when a person takes over.
 *
 * The customer's text is never echoed back beyond a short quoted subject: it is untrusted and may
 * carry anything (insults, links, injected instructions).
 */
import type { CustomerResponse } from '../schemas.ts';
import type { RespondInput } from '../types.ts';
import { normalise } from './lexicon.ts';

interface Topic {
  id: string;
  match: RegExp;
  steps: string[];
  next: string[];
}

/** Known answers, most specific first; the first topic that matches the ticket wins. */
const TOPICS: Topic[] = [
  {
    id: 'two_factor', match: /\b(2fa|two[- ]factor|authenticator|verification code|mfa)\b/,
    steps: ['On the sign-in page choose "Use a recovery code" and enter one of the backup codes you saved when you set up two-factor authentication.',
      'If you no longer have the codes, reply to this message from the email address on the account and we will verify your identity and reset two-factor authentication for you.'],
    next: ['Sign in with a recovery code', 'Set up two-factor authentication again on the new device'],
  },
  {
    id: 'password_reset', match: /\b(password|passwort|contrasena|mot de passe|senha|locked out|log ?in|sign ?in|unlock)\b/,
    steps: ['Go to the sign-in page and click "Forgot password?".', 'Enter the email address you use for your account and submit.',
      'Open the reset email (check spam or promotions if it does not arrive within a few minutes) and follow the link; it is valid for a limited time.',
      'Choose a new password. If your account was locked after several attempts, the reset also unlocks it.'],
    next: ['Request a password reset link', 'Reply if the reset email does not arrive'],
  },
  {
    id: 'change_email', match: /\b(change|update) (my |the )?(email|e-mail|username)\b/,
    steps: ['Open Settings > Profile.', 'Enter the new address under "Email" and save.', 'Confirm the change from the verification link we send to the new address.'],
    next: ['Update the email in profile settings'],
  },
  {
    id: 'invoice', match: /\b(invoices?|receipts?|factura|rechnung|facture|fatura)\b/,
    steps: ['Open Settings > Billing > Invoices.', 'Every invoice can be downloaded as a PDF from there; select the month you need.',
      'If you need a company name, address or VAT number added, update it under Billing details and the invoice will be regenerated.'],
    next: ['Download the invoice from Billing > Invoices'],
  },
  {
    id: 'payment_method', match: /\b(credit card|card on file|payment method|update (my |the )?card|expired)\b/,
    steps: ['Open Settings > Billing > Payment method.', 'Click "Update card", enter the new card details and save.', 'Any failed payment is retried automatically with the new card.'],
    next: ['Update the payment method in billing settings'],
  },
  {
    id: 'refund', match: /\b(refunds?|charged|charge|cancel\w*|prorat\w*|reembolso|erstattung|remboursement)\b/,
    steps: ['Refunds for duplicate or unexpected charges go back to the original payment method, usually within 5-10 business days.',
      'You can see each charge under Settings > Billing > Invoices; tell us which ones look wrong and we will review them.',
      'Cancelling a plan stops the next renewal; how unused time is treated is shown on the cancellation screen before you confirm.'],
    next: ['Review charges under Billing > Invoices', 'Reply with the charges you want reviewed'],
  },
  {
    id: 'pricing', match: /\b(pricing|price|discounts?|nonprofit|quote|plans?)\b/,
    steps: ['Our current plans and prices are on the pricing page.', 'For discounts (nonprofit, education, volume) reply with a few details about your organisation and our team will follow up.'],
    next: ['Check the pricing page', 'Reply with your organisation details for a discount review'],
  },
  {
    id: 'sharing', match: /\b(share|sharing|invite|colleagues|team members|permissions)\b/,
    steps: ['Open the item you want to share and click "Share".', 'Invite colleagues by email; people without an account get an invitation to join.', 'Choose whether they can view or edit before sending.'],
    next: ['Share the item and invite colleagues'],
  },
  {
    id: 'outage', match: /\b(outage|down|not loading|unavailable|caido|ausgefallen|panne)\b/,
    steps: ['Please check our status page for any ongoing incident; it is updated as soon as we know more.', 'Clearing the browser cache or trying a private window rules out a local problem.'],
    next: ['Check the status page', 'Reply with a screenshot and the time it started if the problem continues'],
  },
];

function salutation(input: RespondInput): string {
  return input.analysis && input.analysis.sentiment.frustrationLevel >= 60
    ? 'I am sorry for the trouble this has caused you.'
    : 'Thank you for reaching out.';
}

/** A short, single-line quote of the subject, safe to show back to the customer. */
function quotedSubject(subject: string | undefined): string {
  const s = (subject ?? '').replace(/[\r\n\t]+/g, ' ').replace(/https?:\/\/\S+/g, '').replace(/["<>]/g, '').trim();
  return s ? `"${s.length > 80 ? `${s.slice(0, 77)}...` : s}"` : 'your request';
}

/** Writes the message to the customer. */
export function composeResponse(input: RespondInput): CustomerResponse {
  const { classification: c, analysis: a, ticket } = input;
  const frustration = a?.sentiment.frustrationLevel ?? 0;
  const empathetic = frustration >= 60;
  const tone: CustomerResponse['tone'] = empathetic ? 'empathetic' : a?.communication.recommendedStyle ?? 'professional';
  if (input.escalating) {
    const team = input.teamName ?? 'our support specialists';
    const wait = input.expectedWait ?? 'as soon as possible';
    const lines = [empathetic ? 'I am truly sorry for the frustration and disruption this has caused.' : 'Thank you for your message.'];
    if (a?.repeatIssue) lines.push('I understand you have had to contact us about this more than once, and that should not have happened.');
    lines.push(`I have passed ${quotedSubject(ticket.subject)} to ${team}, together with everything you have told us, so you will not need to repeat it.`);
    lines.push(`They will get back to you ${wait}.`);
    if (c.priority === 'critical') lines.push('It has been marked as critical and is being worked on now.');
    return {
      responseMessage: lines.join(' '),
      responseType: 'escalation_acknowledgment',
      tone: empathetic ? 'empathetic' : tone,
      nextActions: [`${team} reviews the ticket`, `Customer hears back ${wait}`],
      followUpRequired: true,
    };
  }
  if (c.issueType === 'compliment') {
    return { responseMessage: 'Thank you so much for the kind words! I will pass them on to the team. If there is ever anything else we can help with, just reply to this message.',
      responseType: 'acknowledgment', tone: 'professional', nextActions: ['Share the feedback with the team'], followUpRequired: false };
  }
  if (c.category === 'feature_request') {
    return { responseMessage: 'Thank you for the suggestion. I have logged it with our product team, who review requests like this when planning the roadmap. We will let you know if it is picked up.',
      responseType: 'acknowledgment', tone: 'professional', nextActions: ['Log the feature request for the product team'], followUpRequired: false };
  }
  const text = normalise(`${ticket.subject ?? ''} ${ticket.description}`);
  const topic = TOPICS.find((t) => t.match.test(text));
  if (topic) {
    const steps = topic.steps.map((s, i) => `${i + 1}. ${s}`).join('\n');
    return {
      responseMessage: `${salutation(input)} Here is how to sort out ${quotedSubject(ticket.subject)}:\n${steps}\nIf this does not solve it, just reply to this message and we will take it from there.`,
      responseType: 'solution_provision', tone, nextActions: topic.next, followUpRequired: false,
    };
  }
  return {
    responseMessage: `${salutation(input)} We have received ${quotedSubject(ticket.subject)}. To help us resolve it quickly, could you reply with the steps that lead to the problem, what you expected to happen, and any error message or screenshot? Our team will follow up with you.`,
    responseType: 'clarification_request', tone, nextActions: ['Customer provides steps, expected result and any error message'], followUpRequired: true,
  };
}
