/**
 * Support-domain vocabularies for the heuristic reasoner.
 *
 * Every pattern runs on *normalised* text (lower case, diacritics stripped, curly quotes straightened; see
 * `normalise`), so vocabularies are written without accents and one pattern serves "caído" and "caido".
 * English is the richest; Spanish, German, French and Portuguese carry the common words for anger,
 * threats, outages and the main categories, because those are what decide an escalation.
 * Patterns are general phrasings of a support situation, never sentences from a particular ticket.
 */
import { CUES_BY_LANGUAGE, type CueGroup } from './lexicon-i18n.ts';

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
];

/** Demands for speed; they raise intensity but are not by themselves anger. */
export const IMMEDIACY: RegExp[] = [
  re(String.raw`\bimmediate(ly)?\b`),
  re(String.raw`\bright now\b|\bnow\s*!`),
  re(String.raw`\basap\b|\bas soon as possible\b`),
  re(String.raw`\burgent(ly)?\b|\b(fixed|resolved|solved|sorted) (by )?today\b`),
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
];

/** Who a customer may ask for when they want a person rather than the automation. */
const PERSON = String.raw`(human|humans|person|people|somebody|someone|some one|anybody|anyone|agent|operator|assistant|representative|rep|staff|employee|manager|supervisor|advisor|adviser|specialist)`;

export const HUMAN_REQUEST: RegExp[] = [
  // "speak with an operator", "help talking to somebody", "contact a real person": a way of reaching
  // someone, then (within three words) who.
  re(String.raw`\b(speak|speaking|talk|talking|chat|chatting|contact|contacting|call|calling|reach|reaching|connect|connecting|transfer|transferred|get in touch|get hold of|get through|put me through|put through|cat with)\b(?:\s+(?:to|with|wth|wit|w|2|me|a|an|the|your|some|one|of|real|actual|live|human|customer|service|support|damn|goddamn|bloody|fucking|freaking|effing))*\s+${PERSON}\b`),
  re(String.raw`\b(real|actual|live) (human|person|agent|operator|one)\b`),
  re(String.raw`\bhuman (agent|being|support|operator|assistance|help)\b`),
  re(String.raw`\b(not|no more|another|stop|enough of)( talking to)? (a |this |the |your )?(bot|robot|chatbot|machine|automated|canned|ai)\b`),
  re(String.raw`\bconnect me (with|to)\b|\btransfer me\b|\bput me through\b`),
  re(String.raw`\b(need|want|demand|request)s? (an? )?(immediate )?escalation\b`),
  re(String.raw`\bescalate (this|it|my|to)\b`),
  re(String.raw`\b(call me|phone call|call back|callback)\b`),
  // "need someone on this right now", "is there anyone I can talk to"
  re(String.raw`\b(need|want|get)s? (someone|somebody|a person|a human|an agent) (on|to (look|call|help|check|fix|handle|review))\b`),
  re(String.raw`\b(is there|are there) (anyone|anybody|someone|somebody|a (person|human|real person))\b`),
  re(String.raw`\b(want|need|like|wish|have|got) (to )?(\w+ ){0,2}(to )?(speak|talk|chat) (to|with)\b`),
];

/** Filing a formal complaint or a claim against the company: a customer who wants it on record. */
export const COMPLAINT: RegExp[] = [
  re(String.raw`\b(file|filing|filed|lodge|lodging|make|making|submit|submitting|raise|raising|register|registering|open|opening|put in|issue|write|writing|send|place|placing|start|report)\b(?:\s+\w+){0,3}?\s+(complaint|claim|reclamation|grievance)s?\b`),
  re(String.raw`\b(complaint|claim|reclamation|grievance)s? (against|about) (you|your|ur|the company|this company)\b`),
  re(String.raw`\b(formal|official|consumer|customer|written) (complaint|claim|reclamation|grievance)\b`),
  re(String.raw`\b(want|wish|would like|need|going|have|am going) to complain\b|\bcomplain(ing)? (about|to|regarding) (you|your|ur|this|the service)\b`),
  re(String.raw`\b(file|lodge|make|submit) (a )?complaint\b|^\W*complaint\b`),
];

/**
 * Executives on either side taking part: the customer's own ("our CEO wants an update", "I'm the CTO")
 * or ours being brought in ("escalating to your VP"). A CEO in the news is neither.
 */
const EXEC = String.raw`(ceo|cto|cfo|coo|cio|ciso|vp|svp|evp|president|vice president|chief [a-z]+ officer|managing director|board( of directors)?|founder|co-?founder|head of [a-z]+|director|leadership|executives?|management team)`;
export const EXECUTIVE: RegExp[] = [
  re(String.raw`\b(our|my) ${EXEC}\b`),
  re(String.raw`\b(i am|i'm|im|as) (the |a |an |our )?(ceo|cto|cfo|coo|cio|ciso|vp|founder|co-?founder|owner|managing director|director|head of [a-z]+)\b`),
  re(String.raw`\b(contact\w*|escalat\w*|copy\w*|cc|cc'?ing|email\w*|writ\w*|call|letter|going|go|reach\w*|complain\w*|take this)\b[^.!?]{0,30}\b(your|the) ${EXEC}\b|\b(with|to) your ${EXEC}\b`),
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
];

export const CHURN: RegExp[] = [
  re(String.raw`\b(will|going to|gonna|considering|thinking (of|about)|plan(ning)? to|about to|ready to|i'll|we'll)\b[^.!?]{0,40}\b(cancel|cancelling|canceling|switch(ing)?|leav(e|ing) (you|your)|mov(e|ing) (to|our))\b`),
  re(String.raw`\b(switch(ing)?|mov(e|ing)) to (a |another |your )?(competitor|provider|vendor|alternative)\b`),
  re(String.raw`\b(consider\w*|thinking (of|about)|time (for (me|us) )?to|might|will|going to|ready to)\b[^.!?]{0,30}\bswitch\w* (airlines?|providers?|carriers?|banks?|companies|vendors?|services?|to (another|a different))\b`),
  re(String.raw`\b(will not|won't|not going to|do not intend to) renew\b`),
  re(String.raw`\btake (our|my) business elsewhere\b`),
  re(String.raw`\b(cancel|terminate) (our|my) (contract|account|subscription)\b(?=[^.?]*\b(unless|if not|otherwise)\b)`),
];

export const PUBLIC: RegExp[] = [
  re(String.raw`\b(negative|bad|terrible|honest|1-star|one-star|one star)( [a-z]+)? reviews?\b`),
  re(String.raw`\breview (on|at) [a-z0-9]+\b`),
  re(String.raw`\b(post|posting|write|writing|tweet|share|sharing|tell)\b[^.!?]{0,40}\b(twitter|x\.com|facebook|linkedin|reddit|social media|instagram|tiktok|trustpilot|g2|capterra|the press|everyone|the world)\b`),
  re(String.raw`\b(go(ing)? public|journalist|the press|news outlet|blog post about)\b`),
];

export const OUTAGE: RegExp[] = [
  re(String.raw`\b(outage|downtime|service disruption|unavailable|unreachable)\b`),
  re(String.raw`\b(is|are|was|were|been|went|goes|being) (completely |totally |still |entirely )?down\b`),
  re(String.raw`\bdown (for|since)\b`),
  re(String.raw`\b(not|isn't|hasn't been|won't|doesn't) (loading|responding|load|respond|come up)\b`),
  re(String.raw`\b(50[0234]|service unavailable|bad gateway|gateway timeout)\b`),
];

export const SECURITY: RegExp[] = [
  re(String.raw`\b(hack(ed|er|ing)?|breach(ed)?(?! of (contract|the agreement|the contract|sla|terms))|compromised|data leak|leaked|vulnerabilit(y|ies)|exploit|xss|sql injection|csrf|phishing|malware|ransomware)\b`),
  // "Unauthorised access" that happened, not the kind a question asks how to prevent.
  re(String.raw`(?<!\b(prevent\w*|protect\w*|avoid\w*|against|stop\w*|block\w*|safeguard\w*|secure|securing|detect\w*)\b[^.!?]{0,30})\b(unauthori[sz]ed (access|login|log-?in|sign-?in|charges?|transactions?|use|purchases?|payments?)|suspicious (login|activity|sign-?in|transactions?|charges?)|fraudulent (charges?|transactions?|activity|payments?))\b`),
  re(String.raw`\b(wasn't|was not|it wasn't) me\b|\bi didn't (place|make|authori[sz]e)\b`),
  re(String.raw`\b(account takeover|identity theft|stolen (account|credentials|card))\b`),
  re(String.raw`\b(personal|customer|private|sensitive) data\b[^.!?]{0,40}\b(exposed|visible|public|leak)`),
  re(String.raw`\bresponsible disclosure\b|\bproof of concept\b`),
];

export const DATA_LOSS: RegExp[] = [
  re(String.raw`\b(work|data|files|records|changes|history|projects?|documents?|entries|content|photos)\b[^.!?]{0,30}\b(is|are|was|were|been|appears? to be|seems? to be|got) (lost|gone|deleted|wiped|erased)\b`),
  re(String.raw`\bdata loss\b|\blost (all )?(my|our) (work|data|files|records|changes|history)\b`),
  re(String.raw`\b(records|data|files|entries|contacts|orders) (have |has )?(disappeared|vanished|been deleted|gone missing|are gone|were wiped|got wiped)\b`),
  re(String.raw`\b(wiped|corrupted|deleted) (all |our |my )?(data|records|files|database)\b`),
];

export const BUSINESS_IMPACT: RegExp[] = [
  re(String.raw`\bproduction\b`),
  re(String.raw`\b(our|all (of )?our|entire|whole) (customers|users|clients|employees|staff|team|company|platform|business|operations)\b`),
  re(String.raw`\b(our|my) (integration|app|application|system|site|store|service|pipeline|checkout)\b[^.!?]{0,40}\b(is |are )?(breaking|broken|failing|down)\b`),
  re(String.raw`\b(can't|cannot|unable to|can not) (work|operate|serve|take orders|process (orders|payments))\b`),
  re(String.raw`\b(thousands|hundreds|millions) of (users|customers|people|requests)\b`),
  re(String.raw`\b(blocking|blocked|halted|at a standstill)\b`),
];

export const REVENUE: RegExp[] = [
  re(String.raw`\b(costing|losing|lose|lost) (us )?(money|revenue|sales|orders|business|thousands|millions|\$)`),
  re(String.raw`\brevenue\b`),
  re(String.raw`\b(per|every|each) (minute|hour)\b`),
  re(String.raw`\b(checkout|orders?)\b[^.!?]{0,30}\b(dead|down|failing|broken|cannot|can't)\b|\bcannot take orders\b`),
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

const N = String.raw`(\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|twelve|several|many|multiple|few)`;
const SPAN = String.raw`(hours?|hrs?|minutes|mins|days|weeks|months)`;

/**
 * Service failures told as facts: waiting, no answer, a delay, something lost or not working. A customer
 * reporting one is unhappy even without an unhappy word ("been on hold 2 hours", "lost my bag").
 */
export const SERVICE_FAILURE: RegExp[] = [
  re(String.raw`\bon hold\b|\bhold times?\b|\bbeen waiting\b|\bstill waiting\b|\bkeep(s)? (me )?waiting\b`),
  re(String.raw`\b(for|after|over|about|almost|nearly) ${N} ${SPAN}\b|\b(for|in|over) the (last|past) (few |couple of )?(hour|hours|day|days|week|weeks)\b|\b${N} ${SPAN} (on hold|on the phone|in (the )?line|on the (tarmac|runway|plane)|waiting|wait|delay\w*|late|later|and (still|counting|no))\b`),
  re(String.raw`\?!|!\?|\bhelp( me)?( please| pls| plz)?!|\b(pls|plz|please) help\b[^?]*!|\b(srsly|seriously\?|really\?)|\b(rip ?off|hostage|double charg\w*|overcharg\w*|incompeten\w*)\b`),
  re(String.raw`\b(no|never|not)( one| any)? (answer\w*|response|respond\w*|reply|replied|replies|callback|call back|help|update|info\w*|communication)\b|\bno ?(one|body) (answer\w*|help\w*|respond\w*|cares|call\w*|got back|is (answering|helping))\b|\bnobody\b`),
  re(String.raw`\bhung up\b|\b(can'?t|cannot|couldn'?t|unable to) (get through|get a hold|get ahold|get hold|reach|get anyone|get an answer)\b|\b(haven'?t|have not|never|still haven'?t) (heard|received|gotten|got)\b`),
  re(String.raw`\b(cancell?ed|delayed|stuck|stranded|diverted|overbooked|oversold|bumped|late flight|flight (is |was )?late)\b`),
  re(String.raw`\b(lost|missing|damaged|broken|delayed|misplaced)( \w+){0,2} (bag|bags|luggage|baggage|suitcase|stroller|car ?seat|items?|package|order|parcel|delivery)\b|\b(bag|bags|luggage|baggage|order|package|parcel)( is| was| has| have)? (lost|missing|damaged|never (arrived|came|showed))\b`),
  re(String.raw`\bmissed (my |our |the )?(connect\w*|flight|appointment)\b`),
  re(String.raw`\bstill (not|no|nothing|waiting|haven'?t|hasn'?t|broken|down|stuck|on hold|charged|no word|no sign)\b`),
  re(String.raw`\b(can'?t|cannot|couldn'?t|unable to|won'?t let (me|us)|not able to) (check in|log ?in|sign ?in|book|change|get|find|access|use|print|load|connect|cancel|rebook|pay|see|download|make|add|select|board)\b`),
  re(String.raw`\b(won'?t|doesn'?t|didn'?t|isn'?t|aren'?t|not|stopped|keeps?) (work|working|print\w*|load\w*|open\w*|connect\w*|sync\w*|charg\w*|turn\w* on|start\w*|respond\w*|crash\w*|fail\w*|show\w* up|arriv\w*)\b`),
  re(String.raw`\b(rude|unhelpful|incompetent|worst|horrible|terrible|awful|poor|bad|lousy|atrocious|spotty|slow|appalling|dreadful|abysmal|disgraceful|shoddy|subpar|mediocre|pathetic) (customer service|service|staff|agents?|experience|attendants?|crew|employees?|support|flight)\b|\bcustomer (service|support|care) (is|was|has been) (terrible|awful|horrible|non-?existent|useless|a joke|the worst|bad|poor)\b`),
  re(String.raw`#(no\w+|never\w*|sad|fml|ugh|smh)\b|#\w*(fail|poor|worst|bad|wasted|sucks|unhappy|disappoint|frustrat|angry|delay|cancel|lost|stuck|stranded)\w*`),
  re(String.raw`\b(denied|refused|rejected|bait and switch|nickel and dim\w*|no (one|body) has|lack of (help|communication|service|response|info\w*)|canned (response|reply|answer)|copy and paste|not even (an? )?\w+|(wasted|lost) (an? |my |our )?(entire |whole )?(day|morning|night|afternoon|evening|week|hours?|time))\b|\b(was|were|got|am|are|being) forced\b`),
  re(String.raw`\b(why|how come)\b[^?]{0,60}\b(not|no|n'?t|never|still|always|so (long|hard|bad|slow)|such)\b|\bwhat happened (to|with)\b|\bwhat('?s| is) going on\b`),
  re(String.raw`\b(again|another)\b[^.!?]{0,20}\b(delay\w*|cancel\w*|late|broken|problem|issue|outage)\b`),
  re(String.raw`\b(site|website|web site|app|page|link|system|server|phone lines?|chat|portal|booking engine)s? (is |are |was |seems |seem |keeps |keep )?(still )?(down|broken|not working|unusable|crashing|crashed|glitch\w*|a mess)\b|\bnever (loads|loaded|arrives|arrived|came|comes|showed up|works|worked)\b|\b(404|500|bug|glitch)\b`),
  re(String.raw`\b(still|been|are|were|was|sat|sitting) (sitting |stuck |waiting )?(on|at|in) the (tarmac|runway|gate|plane|aircraft)\b|\btarmac\b|\b(haven'?t|have not|hasn'?t|has not|not|never) (moved|taken off|left|boarded|departed)\b|\blet (me|us) down\b|\b(given|give|gave) up\b|\blies\b|\blied\b`),
  re(String.raw`\b(getting|get|got|keep getting|receiv\w*) (an? |the |a lot of |lots of )?(errors?|error messages?)\b|\bless than helpful\b|\bno (human|one) (contact|help\w*|wants)\b|\bmiss(ing|ed)? (my|our|the) (connection|connecting flight|flight|meeting)\b|\bwast(ing|ed) (my |our )?time\b|\bworn out\b|\bdone (with|wasting)\b|\b(charged|billed)\b[^.!?]{0,25}\b(twice|double|two times)\b`),
  re(String.raw`\b(wait times?|phone queue|queue (is|was)|hard time|to no avail|no (solution|luck|resolution|assistance)|without (any )?(help|assistance|explanation|apology))\b`),
  re(String.raw`\b(doesn'?t|don'?t|won'?t|didn'?t|can'?t|couldn'?t|wouldn'?t|refuse[sd]? to|failed to|never) (even )?(rebook|refund|honou?r|recline|respond|reply|answer|call|help|show|arrive|accept|allow|let|receive|fix|care|apologi[sz]e|compensate|notify|tell|inform|explain|update|give|offer|provide|bother)\w*\b`),
  re(String.raw`\b(charged|billed) (me )?(twice|double|again|without)\b|\b(no|without|didn'?t get|never got|still no) (a |my )?(refund|compensation|voucher|credit)\b`),
];

/** Praise that means its opposite: "thanks for the six-hour wait", "#sarcasm", "love how...". */
export const SARCASM: RegExp[] = [
  re(String.raw`\bnot!|\.\.\. ?not\b|#sarcasm\b|\byay for\b|\byeah,? right\b|(?<!(thanks?|you|love|appreciate it) )\bso much for\b|\bjust (great|perfect|wonderful|brilliant)\b|\bthanks? (a lot |so much |again )?for nothing\b`),
  re(String.raw`\b(love|loving) (how|when|it when|that you|being)\b|\b(great|nice|good|fantastic|awesome) (job|work|way)\b[^.!?]{0,40}\b(not|no|never|hours?|again|lost|delay\w*|cancel\w*)\b`),
];

/** Questions about what might happen ("will my flight be delayed?") describe no failure yet. */
/** True when `sentence` (normalised) asks about something that may happen rather than reporting it. */
export function isHypothetical(sentence: string): boolean {
  // Addressing someone first ("@airline - is my flight cancelled?") does not change the question.
  return HYPOTHETICAL.test(sentence.replace(/^(\W*@\w+)+/, '').replace(/^[^\p{L}]+/u, '').trim());
}

const HYPOTHETICAL = /^(is|are|was|will|would|could|can|does|do|did|any|if|has|have|in case|should|what if|how (do|can|long|much))\b[^?]*\?$|\b(your|the) (policy|policies|procedure|rules?) (on|for|about|regarding|if|when)\b|\bwhat happens (if|when|to)\b|\bin case\b/;

/** Many people hit at once: the difference between one user's problem and an incident. */
export const WIDESPREAD: RegExp[] = [
  re(String.raw`\b(all|many|multiple|several|most|none of|hundreds of|thousands of|dozens of|\d{2,})( of)?( our| the| my)?( \d+| [\d,]+)? (users|customers|employees|staff|clients|accounts|devices|machines|computers|servers|locations|sites|offices|agents|members|people|colleagues)\b`),
  re(String.raw`\b(entire|whole) (team|company|organi[sz]ation|office|department|network|staff|workforce)\b|\b(company|organi[sz]ation|team|office)[- ]wide\b|\beveryone (in|at|on) (our|the|my)\b|\bnobody (in|at|on) (our|the|my) (team|company|office)\b`),
];

/** Something has stopped or broken, as opposed to a question about how something works. */
export const INCIDENT: RegExp[] = [
  re(String.raw`\b(crash(ed|es|ing)?|stopped (working|responding|syncing|loading)|not (working|responding|loading|syncing|updating)|fails|failing|failed|failures?|outages?|breach(ed)?|data loss|corrupt\w*|overload\w*|unresponsive|freez(e|es|ing)|froze|went down|is down|are down|(is|are|was|were|still|totally|completely) broken)\b`),
];

/** A card dispute or chargeback: money the bank may pull back, on a clock. */
export const PAYMENT_DISPUTE: RegExp[] = [
  re(String.raw`\b(charge ?backs?|dispute (the|this|these|a) (charge|payment|transaction)s?|disputed (the )?(charge|payment)|(call|contact|tell|ask) (my|our) (bank|card issuer|credit card company)|(reverse|reversing) the (charge|payment)|report (it|this) to (my|our) bank)\b`),
  re(String.raw`\b(ruckbuchung|lastschrift (zuruckgeben|widerrufen)|contracargo|retrofacturation|opposition (au|sur le) (paiement|prelevement)|estorno|contestacao)\b`),
];

/**
 * The way people write a complaint, word by word: denial ("won't", "never", "nothing"), asking why,
 * reporting what they were told, what should have happened, what they paid, how long it took. Each is
 * weak alone (plenty of questions say "not"), so `toneOf` weighs them lightly and caps the sum.
 */
export const COMPLAINT_MARKERS: [RegExp, number][] = [
  [re(String.raw`\b(not|don'?t|won'?t|doesn'?t|didn'?t|isn'?t|aren'?t|wasn'?t|haven'?t|hasn'?t|never|nothing|none|nope|without)\b`), 0.5],
  [re(String.raw`\bwhy\b|\bhow come\b`), 1],
  [re(String.raw`\b(supposed to|should(n'?t)? have|should be|expected to|promised)\b`), 1],
  [re(String.raw`\b(told|said|saying|says|apparently|claimed)\b`), 0.5],
  [re(String.raw`\b(tried|trying|attempted|again|still)\b`), 0.5],
  [re(String.raw`\b(paid|paying|money|charg\w+|fees?|cost me|refund)\b`), 0.5],
  [re(String.raw`\b(\d+|an?|one|two|three|four|five|six|several) ?(hours?|hrs?|mins?|minutes|days|weeks)\b`), 0.5],
  [re(String.raw`\b(fix|sort (this|it) out|resolve this|make (this|it) right)\b`), 0.5],
  // Blame addressed to the company: "you lost my bag", "your agents were rude".
  [re(String.raw`\b(you|u|ur|y'?all)( guys| people)? (lost|left|cancell?ed|broke|damaged|charged|ruined|forgot|didn'?t|don'?t|won'?t|can'?t|couldn'?t|never|keep|kept|refuse\w*|lied|failed|made (me|us)|put (me|us)|stranded|bumped|overbooked)\b|\byour (staff|agents?|crew|employees?|customer service|service|website|site|app|system|policy|policies|rules|company) (is|are|was|were|has|have|sucks?|needs?)\b`), 1],
];

/** Which group of `lexicon-i18n.ts` carries each list's words in German, Spanish, French and Portuguese. */
const GROUP_OF = new Map<RegExp[], CueGroup>([
  [ANGER_STRONG, 'angerStrong'],
  [ANGER_MILD, 'angerMild'],
  [IMMEDIACY, 'immediacy'],
  [ULTIMATUM, 'ultimatum'],
  [LEGAL, 'legal'],
  [HUMAN_REQUEST, 'human'],
  [COMPLAINT, 'complaint'],
  [EXECUTIVE, 'executive'],
  [REPEAT, 'repeat'],
  [CHURN, 'churn'],
  [PUBLIC, 'publicComplaint'],
  [OUTAGE, 'outage'],
  [SECURITY, 'security'],
  [DATA_LOSS, 'dataLoss'],
  [BUSINESS_IMPACT, 'business'],
  [REVENUE, 'revenue'],
  [SERVICE_FAILURE, 'billingDispute'],
  [WIDESPREAD, 'business'],
]);
const withLanguage = new Map<string, RegExp[]>();

/**
 * `list` (English) plus its words in `language`, compiled once per pair. Only the ticket's own language
 * is added: the other languages' patterns cannot match it and cost time on every ticket.
 */
export function inLanguage(list: RegExp[], language: string): RegExp[] {
  const group = GROUP_OF.get(list);
  const cues = group ? CUES_BY_LANGUAGE[language as keyof typeof CUES_BY_LANGUAGE]?.[group] : undefined;
  if (!group || !cues) return list;
  const key = `${group}:${language}`;
  let compiled = withLanguage.get(key);
  if (!compiled) {
    compiled = [...list, ...cues.map(re)];
    withLanguage.set(key, compiled);
  }
  return compiled;
}
