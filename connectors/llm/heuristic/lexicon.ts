/**
 * Support-domain vocabularies for the heuristic reasoner.
 *
 * Every pattern runs on *normalised* text (lower case, diacritics stripped, curly quotes straightened; see
 * `normalise`), so vocabularies are written without accents and one pattern serves "caído" and "caido".
 * English is the richest; Spanish, German, French and Portuguese carry the common words for anger,
 * threats, outages and the main categories, because those are what decide an escalation.
 * Patterns are general phrasings of a support situation, never sentences from a particular ticket.
 */
import { FOREIGN_CUES, type CueGroup } from './lexicon-i18n.ts';

/** Lower-cases, strips diacritics and straightens quotes so one vocabulary covers many spellings. */
export function normalise(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[\u2018\u2019\u201B\u2032]/g, "'")
    .replace(/[\u201C\u201D\u201E]/g, '"')
    .toLowerCase();
}

const re = (source: string): RegExp => new RegExp(source, 'i');
const foreign = (group: CueGroup): RegExp[] => FOREIGN_CUES[group].map(re);

/** Strong anger or contempt: a single hit already reads as a frustrated customer. */
export const ANGER_STRONG: RegExp[] = [
  re(String.raw`\bunacceptable\b`),
  re(String.raw`\bunprofessional\b`),
  re(String.raw`\bridiculous\b`),
  re(String.raw`\bpathetic\b`),
  re(String.raw`\boutrageous\b`),
  re(String.raw`\bdisgrace(ful)?\b`),
  re(String.raw`\bfurious\b`),
  re(String.raw`\blivid\b`),
  re(String.raw`\b(garbage|rubbish|useless|joke|scam)\b`),
  re(String.raw`\bworst\b`),
  re(String.raw`\b(sick|tired) (and tired )?of\b`),
  re(String.raw`\bfed up\b`),
  re(String.raw`\b(beyond|extremely|incredibly|so|really|very) (frustrated|angry|annoyed|upset|disappointed)\b`),
  re(String.raw`\b(absolutely|completely|totally) (unacceptable|useless|ridiculous|unprofessional)\b`),
  re(String.raw`\bwhat a (joke|mess)\b`),
  re(String.raw`\bwaste of (my )?(time|money)\b`),
  re(String.raw`\b(wtf|damn|hell)\b`),
  ...foreign('angerStrong'),
];

/** Milder frustration: disappointment, things not moving, help not arriving. */
export const ANGER_MILD: RegExp[] = [
  re(String.raw`\b(frustrat(ed|ing)|annoy(ed|ing)|upset|disappoint(ed|ing)|angry|irritat(ed|ing))\b`),
  re(String.raw`\bnobody (seems|is able|can|has|cares|responds|answers)\b`),
  re(String.raw`\bno ?one (seems|is able|can|has|cares|responds|answers|got back)\b`),
  re(String.raw`\b(nothing|still nothing) (happens|happened|has (happened|changed)|works)\b`),
  re(String.raw`\bnever (answers?|responds?|replied|got back)\b`),
  re(String.raw`\b(wasted|lost) (an entire|a whole|my|our) (day|morning|week|time)\b`),
  re(String.raw`\bhonestly\b`),
  re(String.raw`\b(despite|after|even though|although) (i|we) (asked|requested|told|said|unsubscribed|explained|cancelled|canceled)\b`),
  re(String.raw`\bseriously\b`),
  ...foreign('angerMild'),
];

/** Demands for speed; they raise intensity but are not by themselves anger. */
export const IMMEDIACY: RegExp[] = [
  re(String.raw`\bimmediate(ly)?\b`),
  re(String.raw`\bright now\b|\bnow\s*!`),
  re(String.raw`\basap\b|\bas soon as possible\b`),
  re(String.raw`\burgent(ly)?\b|\b(fixed|resolved|solved|sorted) (by )?today\b`),
  ...foreign('immediacy'),
];

/** Words that turn a statement up to full volume ("completely down", "none of our staff"). */
export const INTENSIFIERS: RegExp[] = [
  re(String.raw`\b(completely|absolutely|totally|entirely|utterly|literally)\b`),
  re(String.raw`\b(every single|none of|not a single|nothing at all)\b`),
];

/** Conditions and deadlines attached to a demand: "...or else", "if this isn't fixed today". */
export const ULTIMATUM: RegExp[] = [
  re(String.raw`\b(unless|otherwise|or else|or (we|i)( will|'ll))\b`),
  re(String.raw`\bif (this|it|that|the \w+|my \w+|our \w+) (is|isn'?t|is not|are|aren'?t|are not|doesn'?t|does not|hasn'?t|has not|isnt)( not)?( \w+)? (resolved|fixed|erased|deleted|refunded|sorted|solved|restored|addressed|done|improves?)\b`),
  re(String.raw`\bwithin \d+ (hours|days|business days)\b`),
  ...foreign('ultimatum'),
];

/** Orders rather than requests: the customer has stopped asking politely. */
export const DEMAND: RegExp[] = [
  re(String.raw`\b(get|put) (your |some|an? |the )?\w+ on (this|it)\b`),
  re(String.raw`\b(fix|solve|resolve) (this|it) (now|immediately|today|asap)\b`),
  re(String.raw`\b(i|we) demand\b`),
  re(String.raw`\bneed (this|it) (fixed|resolved|solved|sorted) (now|immediately|today|asap)\b`),
];

export const LEGAL: RegExp[] = [
  re(String.raw`\blegal (action|steps|proceedings)\b`),
  re(String.raw`\b(my|our) (lawyers?|attorneys?|solicitors?)\b`),
  // A legal team asking for a DPA is routine; a legal team *reviewing this* is a threat.
  re(String.raw`\b(my|our) legal (team|department|counsel)( is| are| will| has| have)? (review\w*|look\w* into|be in touch|contact\w*|assess\w*|been (informed|notified|involved))`),
  re(String.raw`\b(involv|inform|escalat|forward|pass|hand|bring)\w* (this |it )?(on |over )?(to |with |in )?(my|our) legal\b`),
  re(String.raw`\b(lawyer|attorney|solicitor)s? (will|is|are)\b`),
  re(String.raw`\b(sue|suing|lawsuit|litigation|take you to court|small claims)\b`),
  re(String.raw`\bbreach of (contract|the agreement|sla)\b`),
  re(String.raw`\b(pursue|seek|claim) damages\b`),
  re(String.raw`\b(report|complain)(ing)? (you )?to (the )?(regulator|ombudsman|ftc|data protection authority|trading standards)\b`),
  ...foreign('legal'),
];

export const HUMAN_REQUEST: RegExp[] = [
  re(String.raw`\b(speak|talk|chat) (to|with) (a |an |your )?(real |actual |live )?(human|person|agent|representative|rep|manager|supervisor|someone)\b`),
  re(String.raw`\b(real|actual|live) (human|person|agent)\b`),
  re(String.raw`\bhuman (agent|being|support)\b`),
  re(String.raw`\b(not|no more|another) (a )?(bot|robot|automated|canned)\b`),
  re(String.raw`\bconnect me (with|to)\b`),
  re(String.raw`\b(need|want|demand|request)s? (an? )?(immediate )?escalation\b`),
  re(String.raw`\bescalate (this|it|my|to)\b`),
  re(String.raw`\b(call me|phone call|call back)\b`),
  ...foreign('human'),
];

export const EXECUTIVE: RegExp[] = [
  re(String.raw`\b(ceo|cto|cfo|coo|cio|ciso|vp|svp|evp)\b`),
  re(String.raw`\b(vice president|chief [a-z]+ officer|managing director|board of directors|founder)\b`),
  re(String.raw`\bhead of [a-z]+\b`),
  re(String.raw`\b(your|our|their) (leadership|executives?|management team)\b`),
  ...foreign('executive'),
];

/** Statements that the customer has already been here about this. */
export const REPEAT: RegExp[] = [
  re(String.raw`\b(second|third|fourth|fifth|2nd|3rd|4th|5th|\d+(st|nd|rd|th)) time\b`),
  // Counted contacts only: "crashed three times" is about the bug, "asked three times" is about us.
  re(String.raw`\b(contact\w*|written|wrote|emailed|called|asked|reported|told|messaged|raised|provided|explained|sent)\b[^.!?]{0,40}\b(two|three|four|five|several|multiple|many|\d+) times\b`),
  re(String.raw`\b(again|once more)\b`),
  re(String.raw`\bstill (not|no|nothing|waiting|haven't|hasn't|broken|being|have not|has not)\b`),
  re(String.raw`\bfollow(ing)?[- ]up\b`),
  re(String.raw`\balready (contacted|reported|asked|told|explained|sent|provided|written|called)\b`),
  re(String.raw`\b(my|our) (previous|last|earlier|original) (request|ticket|email|message|case)\b`),
  re(String.raw`\b(haven't|have not|never) heard back\b`),
  ...foreign('repeat'),
];

export const CHURN: RegExp[] = [
  re(String.raw`\b(will|going to|gonna|considering|thinking (of|about)|plan(ning)? to|about to|ready to|i'll|we'll)\b[^.!?]{0,40}\b(cancel|cancelling|canceling|switch(ing)?|leav(e|ing) (you|your)|mov(e|ing) (to|our))\b`),
  re(String.raw`\b(switch(ing)?|mov(e|ing)) to (a |another |your )?(competitor|provider|vendor|alternative)\b`),
  re(String.raw`\b(will not|won't|not going to|do not intend to) renew\b`),
  re(String.raw`\btake (our|my) business elsewhere\b`),
  re(String.raw`\b(cancel|terminate) (our|my) (contract|account|subscription)\b(?=[^.?]*\b(unless|if not|otherwise)\b)`),
  ...foreign('churn'),
];

export const PUBLIC: RegExp[] = [
  re(String.raw`\b(negative|bad|terrible|honest|1-star|one-star|one star)( [a-z]+)? reviews?\b`),
  re(String.raw`\breview (on|at) [a-z0-9]+\b`),
  re(String.raw`\b(post|posting|write|writing|tweet|share|sharing|tell)\b[^.!?]{0,40}\b(twitter|x\.com|facebook|linkedin|reddit|social media|instagram|tiktok|trustpilot|g2|capterra|the press|everyone|the world)\b`),
  re(String.raw`\b(go(ing)? public|journalist|the press|news outlet|blog post about)\b`),
  ...foreign('publicComplaint'),
];

export const OUTAGE: RegExp[] = [
  re(String.raw`\b(outage|downtime|service disruption|unavailable|unreachable)\b`),
  re(String.raw`\b(is|are|was|were|been|went|goes|being) (completely |totally |still |entirely )?down\b`),
  re(String.raw`\bdown (for|since)\b`),
  re(String.raw`\b(not|isn't|hasn't been|won't|doesn't) (loading|responding|load|respond|come up)\b`),
  re(String.raw`\b(50[0234]|service unavailable|bad gateway|gateway timeout)\b`),
  ...foreign('outage'),
];

export const SECURITY: RegExp[] = [
  re(String.raw`\b(hack(ed|er|ing)?|breach(ed)?|compromised|data leak|leaked|vulnerabilit(y|ies)|exploit|xss|sql injection|csrf|phishing|malware|ransomware)\b`),
  re(String.raw`\b(unauthori[sz]ed|suspicious|fraudulent)\b`),
  re(String.raw`\b(wasn't|was not|it wasn't) me\b|\bi didn't (place|make|authori[sz]e)\b`),
  re(String.raw`\b(account takeover|identity theft|stolen (account|credentials|card))\b`),
  re(String.raw`\b(personal|customer|private|sensitive) data\b[^.!?]{0,40}\b(exposed|visible|public|leak)`),
  re(String.raw`\bresponsible disclosure\b|\bproof of concept\b`),
  ...foreign('security'),
];

export const DATA_LOSS: RegExp[] = [
  re(String.raw`\bdata loss\b|\blost (all )?(my|our) (work|data|files|records|changes|history)\b`),
  re(String.raw`\b(records|data|files|entries|contacts|orders) (have |has )?(disappeared|vanished|been deleted|gone missing|are gone|were wiped|got wiped)\b`),
  re(String.raw`\b(wiped|corrupted|deleted) (all |our |my )?(data|records|files|database)\b`),
  ...foreign('dataLoss'),
];

export const BUSINESS_IMPACT: RegExp[] = [
  re(String.raw`\bproduction\b`),
  re(String.raw`\b(our|all (of )?our|entire|whole) (customers|users|clients|employees|staff|team|company|platform|business|operations)\b`),
  re(String.raw`\b(our|my) (integration|app|application|system|site|store|service|pipeline|checkout)\b[^.!?]{0,40}\b(is |are )?(breaking|broken|failing|down)\b`),
  re(String.raw`\b(can't|cannot|unable to|can not) (work|operate|serve|take orders|process (orders|payments))\b`),
  re(String.raw`\b(thousands|hundreds|millions) of (users|customers|people|requests)\b`),
  re(String.raw`\b(blocking|blocked|halted|at a standstill)\b`),
  ...foreign('business'),
];

export const REVENUE: RegExp[] = [
  re(String.raw`\b(costing|losing|lose|lost) (us )?(money|revenue|sales|orders|business|thousands|millions|\$)`),
  re(String.raw`\brevenue\b`),
  re(String.raw`\b(per|every|each) (minute|hour)\b`),
  re(String.raw`\b(checkout|orders?)\b[^.!?]{0,30}\b(dead|down|failing|broken|cannot|can't)\b|\bcannot take orders\b`),
  ...foreign('revenue'),
];

/** Terms only someone comfortable with the technology uses unprompted. */
export const TECH_TERMS: RegExp[] = [
  /\bapi\b/i, /\bwebhooks?\b/i, /\bpayloads?\b/i, /\bendpoints?\b/i, /\bjson\b|\bxml\b/i, /\boauth\b|\bsso\b|\bsaml\b/i,
  /\bhttps?\b|\b[1-5]\d\d\b/i, /\blatency\b|\bp9\d\b/i, /\b(array|object|schema|field|string|integer|boolean|null)s?\b/i,
  /\bsdk\b|\bcli\b|\bcurl\b/i, /\bheaders?\b|\btokens?\b/i, /\btimestamps?\b|\biso ?8601\b|\bunix\b/i,
  /\b(traces?|logs?|stack ?trace|request ids?)\b/i, /\b(staging|production|sandbox) (environment|env)?\b/i,
  /\bnested\b|\bserializ|\bdeserializ/i, /\b(backend|frontend|node\.?js|python|java|golang|ruby|php)\b/i,
  /\b(intermittent(ly)?|race condition|idempoten|retries|retry|rate limit|throttl|clock skew)\b/i,
  /\b(documentation|openapi|swagger|spec)\b/i, /\b(dns|ssl|tls|cors|cdn|ip address)\b/i, /\b(query|database|sql|index)\b/i,
];
