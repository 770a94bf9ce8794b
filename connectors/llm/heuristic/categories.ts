/**
 * Category cues: weighted vocabularies, one per category, over normalised text.
 *
 * Weights say how strongly a cue points at a category: 3 = nearly decisive ("webhook", "invoice"),
 * 2 = typical, 1 = weak evidence shared with other categories ("api", "error"). The subject counts double
 * because customers put the topic there.
 */
import type { Classification } from '../schemas.ts';

type Category = Classification['category'];

interface Cue {
  pattern: RegExp;
  weight: number;
}

const cue = (source: string, weight: number): Cue => ({ pattern: new RegExp(source, 'i'), weight });

export const CATEGORY_CUES: Record<Category, Cue[]> = {
  account: [
    cue(String.raw`\bpasswords?\b|\bpassword reset\b`, 3),
    cue(String.raw`\b(log ?in|sign ?in|log into|sign into|logging in|signing in)\b`, 2),
    cue(String.raw`\blocked out\b|\baccount (is )?(locked|blocked|suspended|disabled)\b`, 3),
    cue(String.raw`\b(2fa|two[- ]factor|mfa|authenticator|verification code)\b`, 2),
    cue(String.raw`\b(username|user name|email address|profile|account settings)\b`, 2),
    cue(String.raw`\b(access|into) (my|our) account\b|\bmy account\b`, 1),
    cue(String.raw`\breset\b|\bunlock\b`, 1),
    cue(String.raw`\b(contrasena|cuenta|iniciar sesion|passwort|konto|anmelden|mot de passe|compte|connexion|senha|conta|entrar)\b`, 2),
  ],
  billing: [
    cue(String.raw`\b(billing|billed|invoices?|receipts?|refunds?|refunded)\b`, 3),
    cue(String.raw`\b(charged|charges?|overcharged|double charged|charged twice)\b`, 3),
    cue(String.raw`\b(payments?|paid|credit card|card on file|bank statement)\b`, 2),
    cue(String.raw`\b(subscription|plan|seats?|renewal|pricing|prices?|discounts?|quote)\b`, 1),
    cue(String.raw`\$\s?\d|\b\d+(\.\d\d)? ?(usd|eur|gbp|dollars|euros)\b`, 2),
    cue(String.raw`\b(factura|cobro|cobrado|reembolso|rechnung|abgebucht|abbuchung|geld zuruck|erstattung|facture|remboursement|preleve|paiement|fatura|cobranca|reembolso)\b`, 3),
  ],
  technical: [
    cue(String.raw`\b(outage|downtime|is down|went down|been down|not loading|crash(es|ed|ing)?|freez(e|es|ing)|timeouts?|timing out)\b`, 3),
    cue(String.raw`\b(slow\w*|latency|performance|lag\w*|gotten worse)\b`, 2),
    cue(String.raw`\b(error|errors|failure|failures|failing|broken|not working|doesn't work|stopped working)\b`, 1),
    cue(String.raw`\b(server|production|platform|system|service|dashboard|app)\b`, 1),
    cue(String.raw`\b(50[0234]|sla|uptime)\b`, 2),
    cue(String.raw`\b(caido|servicio|ausgefallen|plattform|stunden|panne|plateforme|fora do ar)\b`, 2),
  ],
  integration: [
    cue(String.raw`\b(webhooks?|connectors?|payloads?)\b`, 3),
    // "Integration" alone is how many customers say "our setup"; it points here only weakly.
    cue(String.raw`\b(integrations?|integrating|integrate)\b`, 2),
    cue(String.raw`\b(zapier|salesforce|hubspot|slack|shopify|stripe|zendesk|jira|make\.com|segment)\b`, 3),
    cue(String.raw`\b(sync|syncing|synchroni[sz]\w*|oauth|sdk|endpoints?|callbacks?|third[- ]party|plugin)\b`, 2),
    cue(String.raw`\b(api|rest|graphql|json|refresh_token|access token)\b`, 1),
  ],
  bug_report: [
    cue(String.raw`\b(bug|bugs|glitch|regression)\b`, 3),
    cue(String.raw`\bsteps to reproduce\b|\bexpected( behaviou?r| result)?:|\bactual( result)?:`, 3),
    cue(String.raw`\b(shows|displays|returns) (the )?wrong\b|\binstead\b`, 1),
    cue(String.raw`\berror \d{3}\b|\b(chrome|firefox|safari|edge) \d+\b`, 2),
    cue(String.raw`\b(crashed|crashes)\b`, 1),
  ],
  feature_request: [
    cue(String.raw`\bfeature request\b|\bsuggestion\b|\bwish ?list\b`, 3),
    cue(String.raw`\bwould (be|it be) (great|nice|helpful|awesome|useful)\b`, 3),
    cue(String.raw`\b(could|can) you (please )?add\b|\b(consider|considering) adding\b|\bplease add\b`, 3),
    cue(String.raw`\b(ability to|option to|would love|it'd be nice|support for)\b`, 2),
    cue(String.raw`\b(funcionalidad|funktion|fonctionnalite|funcionalidade)\b`, 1),
  ],
  // Incidents only: someone got in, data got out, money was taken. Questions about security practice
  // (encryption, compliance, "how do you protect data") are product or general questions.
  security: [
    cue(String.raw`\b(hack(ed|er|ing)|breach(ed)?(?! of (contract|the agreement|the contract|sla|terms))|compromised|data leak|leaked|phishing attack|malware|ransomware|account takeover)\b`, 4),
    cue(String.raw`(?<!\b(prevent\w*|protect\w*|avoid\w*|against|stop\w*|block\w*|safeguard\w*|secure|securing|detect\w*)\b[^.!?]{0,30})\b(unauthori[sz]ed (access|login|charge|transaction|use)|suspicious (login|activity|sign-?in|transaction)|fraud(ulent)?|wasn'?t me|was not me|didn'?t (place|make|authori[sz]e))\b`, 3),
    cue(String.raw`\b(vulnerabilit(y|ies)|xss|csrf|sql injection|exploit|responsible disclosure|proof of concept)\b`, 3),
    cue(String.raw`\b(personal|customer|patient|sensitive) data\b[^.!?]{0,40}\b(exposed|visible|public|leak\w*|stolen)`, 3),
    cue(String.raw`\b(hackeado|brecha de seguridad|gehackt|sicherheitslucke|pirate|piratage|faille de securite|invadida|vazamento)\b`, 3),
  ],
  product: [
    cue(String.raw`\bhow (do|can|should|would) (i|we)\b|\bwhat's the best way\b|\bis it possible to\b|\bbest practices?\b`, 2),
    cue(String.raw`\b(dashboard|reports?|export|share|sharing|workspace|project|template|onboarding|analytics|tool|tools|software|features?|functionality)\b`, 1),
    cue(String.raw`\b(settings|permissions|colleagues|team members|configure|configuration|set ?up|customi[sz]\w*|optimi[sz]\w*|guidance|documentation|tutorial|training|compatib\w*|upgrade|enhancements?|version)\b`, 1),
  ],
  general_inquiry: [
    cue(String.raw`\b(thank you|thanks|great (work|job|product)|amazing|fantastic|love)\b`, 1),
    cue(String.raw`\b(do you offer|nonprofit|partnership|wanted to know|general question|information (about|on|regarding)|details (about|on|regarding)|inquir\w*|enquir\w*)\b`, 2),
    cue(String.raw`\b(services (you|offered|available)|marketing|brand|strateg(y|ies)|consult\w*|sales|quote for|hr|human resources|employment|job|career|vacanc\w*)\b`, 1),
  ],
};

/** Scores every category; `evidence` keeps the matched words so the rationale can quote them. */
export function scoreCategories(subject: string, body: string): { scores: Record<Category, number>; evidence: Record<Category, string[]> } {
  const scores = {} as Record<Category, number>;
  const evidence = {} as Record<Category, string[]>;
  for (const [category, cues] of Object.entries(CATEGORY_CUES) as [Category, Cue[]][]) {
    let score = 0;
    const found: string[] = [];
    for (const { pattern, weight } of cues) {
      const inSubject = pattern.exec(subject);
      const inBody = pattern.exec(body);
      if (inSubject) score += weight * 2;
      if (inBody) score += weight;
      const hit = inSubject ?? inBody;
      if (hit && !found.includes(hit[0])) found.push(hit[0]);
    }
    scores[category] = score;
    evidence[category] = found;
  }
  return { scores, evidence };
}
