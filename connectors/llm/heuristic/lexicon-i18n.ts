/**
 * Escalation cues in languages other than English (German, Spanish, French, Portuguese), as regular
 * expression sources over *normalised* text (lower case, no diacritics; see `normalise` in `lexicon.ts`).
 * `lexicon.ts` appends each group to the English patterns of the same name, so a rule reads one list.
 */

/** The cue groups `lexicon.ts` reads; each name matches an exported pattern list there. */
export type CueGroup =
  | 'angerStrong'
  | 'angerMild'
  | 'immediacy'
  | 'ultimatum'
  | 'legal'
  | 'human'
  | 'executive'
  | 'repeat'
  | 'churn'
  | 'publicComplaint'
  | 'outage'
  | 'security'
  | 'dataLoss'
  | 'business'
  | 'revenue';

export const FOREIGN_CUES: Record<CueGroup, string[]> = {
  angerStrong: [
    String.raw`\b(inaceptable|indignante|vergonzoso|harto|harta|pesimo|una verguenza)\b`,
    String.raw`\b(frechheit|unverschamt|inakzeptabel|skandal|katastrophe|unmoglich|zumutung)\b`,
    String.raw`\b(inadmissible|inacceptable|scandaleux|honteux|lamentable|ras le bol|marre)\b`,
    String.raw`\b(inaceitavel|absurdo|ridiculo|vergonha|pessimo)\b`,
  ],
  angerMild: [
    String.raw`\bnadie (responde|contesta)\b|\bpersonne ne (repond|m'aide)\b|\bniemand (antwortet|hilft)\b|\bninguem (responde|ajuda)\b`,
  ],
  immediacy: [
    String.raw`\b(sofort|dringend|urgente|inmediato|de inmediato|immediatement|tout de suite|imediatamente)\b`,
  ],
  ultimatum: [
    String.raw`\b(sonst|andernfalls|sinon|si no|de lo contrario|senao|caso contrario)\b`,
  ],
  legal: [
    String.raw`\b(abogados?|demanda(remos|re)?|accion(es)? legal(es)?|denuncia)\b`,
    String.raw`\b(anwalt|anwaltin|rechtsanwalt|rechtliche schritte|klage|verklagen)\b`,
    String.raw`\b(avocats?|poursuites?|action en justice|plainte)\b`,
    String.raw`\b(advogados?|processo judicial|acao judicial|processar)\b`,
  ],
  human: [
    String.raw`\b(hablar con|quiero hablar) (una persona|un humano|alguien|un agente|un supervisor)\b`,
    String.raw`\b(mit einem|einen) (menschen|mitarbeiter|vorgesetzten)\b`,
    String.raw`\bparler a (une personne|un humain|quelqu'un|un conseiller|un responsable)\b|\bpas (a )?un robot\b`,
    String.raw`\bfalar com (uma pessoa|um humano|alguem|um atendente)\b`,
  ],
  executive: [
    String.raw`\b(director general|geschaftsfuhrer|vorstand|directeur general|diretor)\b`,
  ],
  repeat: [
    String.raw`\b(otra vez|de nuevo|tercera vez|segunda vez|varias veces)\b`,
    String.raw`\b(schon wieder|erneut|zum (zweiten|dritten) mal|mehrmals)\b`,
    String.raw`\b(encore une fois|a nouveau|plusieurs fois|troisieme fois|deuxieme fois)\b`,
    String.raw`\b(de novo|novamente|terceira vez|segunda vez|varias vezes)\b`,
  ],
  churn: [
    String.raw`\b(darme de baja|dar de baja|cancelar(e|emos)? (mi|la|nuestra) (suscripcion|cuenta)|cambiar(me|nos)? a otro)\b`,
    String.raw`\b(kundige|kundigen|kundigung|zu einem anderen anbieter)\b`,
    String.raw`\b(resilier|resilie|changer de fournisseur|aller a la concurrence)\b`,
    String.raw`\b(cancelar (minha|a) (assinatura|conta)|mudar para outro)\b`,
  ],
  publicComplaint: [
    String.raw`\b(redes sociales|resena negativa|bewertung|offentlich machen|avis negatif|reseaux sociaux|avaliacao negativa|redes sociais)\b`,
  ],
  outage: [
    String.raw`\b(caido|caida|fuera de servicio|no funciona nada|ausgefallen|ausfall|nicht erreichbar|en panne|hors service|indisponible|fora do ar|indisponivel)\b`,
  ],
  security: [
    String.raw`\b(hackeado|hackeada|brecha de seguridad|gehackt|sicherheitslucke|pirate|piratage|faille de securite|invadida|vazamento)\b`,
  ],
  dataLoss: [
    String.raw`\b(datos perdidos|perdimos (los|todos)|daten (sind )?verloren|donnees perdues|perdemos os dados)\b`,
  ],
  business: [
    String.raw`\b(nuestros clientes|unsere kunden|nos clients|nossos clientes)\b`,
  ],
  revenue: [
    String.raw`\b(perdiendo ventas|perdiendo dinero|umsatz|keine bestellungen|bestellungen aufgeben|chiffre d'affaires|perdemos vendas)\b`,
  ],
};

/** Scored sentiment words per language (AFINN scale, -5..5), over normalised text. */
export const FOREIGN_SENTIMENT: Record<string, Record<string, number>> = {
  es: {
    gracias: 2, ayuda: 1, ayudar: 1, excelente: 3, genial: 3, bueno: 2, perfecto: 3, por: 0, favor: 1,
    inaceptable: -4, indignante: -4, harto: -3, harta: -3, pesimo: -4, terrible: -3, horrible: -3, caido: -2,
    problema: -2, error: -2, perdiendo: -2, abogados: -2, nadie: -1, otra: -1, urgente: -1, mal: -2,
  },
  de: {
    danke: 2, bitte: 1, hilfe: 1, super: 3, toll: 3, gut: 2, perfekt: 3,
    frechheit: -4, unverschamt: -4, inakzeptabel: -4, katastrophe: -4, schrecklich: -3, ausgefallen: -2,
    fehler: -2, problem: -2, anwalt: -2, sofort: -1, dringend: -1, niemand: -1, schlecht: -2, arger: -3,
  },
  fr: {
    merci: 2, aide: 1, excellent: 3, super: 3, bien: 2, parfait: 3,
    inadmissible: -4, inacceptable: -4, scandaleux: -4, honteux: -4, nul: -3, terrible: -3, panne: -2,
    bloque: -2, probleme: -2, erreur: -2, avocat: -2, resilier: -2, marre: -3,
  },
  pt: {
    obrigado: 2, obrigada: 2, ajuda: 1, ajudar: 1, otimo: 3, excelente: 3, perfeito: 3,
    inaceitavel: -4, absurdo: -3, pessimo: -4, ridiculo: -3, terrivel: -3, problema: -2, erro: -2,
    advogado: -2, ninguem: -1, nao: -1, urgente: -1,
  },
};

