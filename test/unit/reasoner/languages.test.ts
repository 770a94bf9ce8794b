/**
 * Languages in the offline reasoner: detection of short texts, and the German, Spanish, French and
 * Portuguese escalation cues seen through the whole heuristic assessment. Every ticket here is written
 * for this test. Each cue test also checks that the language's own pattern list catches the text, so
 * a test fails if that cue were removed, not merely if some English pattern stopped matching.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assessTicket } from '../../../connectors/llm/heuristic/assess.ts';
import { cleanForDetection, detectLanguage } from '../../../connectors/llm/heuristic/language.ts';
import { CUES_BY_LANGUAGE, FOREIGN_CUES, FOREIGN_SENTIMENT, type CueGroup } from '../../../connectors/llm/heuristic/lexicon-i18n.ts';
import { normalise } from '../../../connectors/llm/heuristic/lexicon.ts';

type Lang = keyof typeof CUES_BY_LANGUAGE;
const fixture = JSON.parse(readFileSync(new URL('../../../fixtures/reasoner/languages.json', import.meta.url), 'utf8')) as Record<string, string[] | string>;
const samples = Object.entries(fixture).filter((e): e is [string, string[]] => Array.isArray(e[1]));

/** True when one of `lang`'s own patterns of `group` matches the ticket text. */
const ownCue = (lang: Lang, group: CueGroup, text: string): boolean =>
  CUES_BY_LANGUAGE[lang][group].some((source) => new RegExp(source, 'i').test(normalise(text)));

const assess = (description: string, subject = '') => assessTicket({ subject, description, customerTier: 'paid' });

describe('language detection on short texts', () => {
  it('the fixture has 10+ texts of 3-15 words for each language it covers', () => {
    for (const code of ['de', 'es', 'fr', 'pt', 'en']) {
      const texts = fixture[code] as string[];
      expect(texts.length).toBeGreaterThanOrEqual(10);
      for (const t of texts) {
        const words = t.split(/\s+/).length;
        expect(words, t).toBeGreaterThanOrEqual(3);
        expect(words, t).toBeLessThanOrEqual(15);
      }
    }
  });

  it.each(samples)('reads every %s text of the fixture as that language', (code, texts) => {
    const wrong = texts.filter((t) => detectLanguage(t) !== code).map((t) => `${t} -> ${detectLanguage(t)}`);
    expect(wrong).toEqual([]);
  });

  it.each([
    ['en', '@AcmeAir my bag never arrived at #JFK, see https://t.co/xyz and email me at jo@example.com'],
    ['en', 'cant login to acct 88213 pls help'],
    ['en', 'LOL thanks'],
    ['en', 'Jürgen Müller from Düsseldorf needs the invoice'],
    ['de', 'Guten Tag, seit dem Update auf Version 4.2 stürzt die App beim Start ab.'],
    ['es', '¿Por qué me llegó el cargo 2 veces? @Soporte'],
    ['fr', 'Bonjour, ma commande #4471 n’est toujours pas arrivée'],
    ['pt', 'Boa tarde, o boleto 23793.38128 veio com valor errado'],
    ['it', 'Buongiorno, non riesco ad accedere al mio account da ieri.'],
    ['nl', 'Goedemorgen, ik kan sinds gisteren niet meer inloggen op mijn account.'],
  ])('%s: %s', (code, text) => {
    expect(detectLanguage(text)).toBe(code);
  });

  it('answers English when there is nothing to read', () => {
    expect(detectLanguage('')).toBe('en');
    expect(detectLanguage('12345 #42 @someone https://example.com/x')).toBe('en');
    expect(detectLanguage('👍👍')).toBe('en');
  });

  it('strips mentions, links, addresses, hashtag signs, numbers and code-like tokens', () => {
    expect(cleanForDetection('@united #fail see https://t.co/a or www.x.com, mail a.b@c.de, code `user_id`=42 in invoice.created v2'))
      .toBe('fail see or mail , code in');
  });

  it('never answers a rare language for a few words', () => {
    for (const t of ['ok thanks', 'hi there', 'no', 'ja bitte', 'si señor', 'oui merci', 'tak', 'sim']) {
      expect(['en', 'de', 'es', 'fr', 'pt', 'it', 'nl']).toContain(detectLanguage(t));
    }
  });
});

/** One ticket per cue and language; none uses an English cue word. */
const CASES: Record<Lang, {
  human: string; churn: string; legal: string; outage: string; hacked: string; angry: string; calm: string;
  complaint: string; repeat: string; dataLoss: string; billing: string;
}> = {
  de: {
    human: 'Ich möchte bitte mit einem echten Mitarbeiter sprechen, nicht mit einem Bot.',
    churn: 'Wenn sich das nicht ändert, werden wir den Vertrag kündigen und zu einem anderen Anbieter wechseln.',
    legal: 'Falls das Problem bis Freitag nicht gelöst ist, schalte ich meinen Anwalt ein und gehe vor Gericht.',
    outage: 'Seit heute Morgen ist die komplette Plattform nicht erreichbar, nichts geht mehr.',
    hacked: 'Mein Konto wurde gehackt, jemand hat mein Passwort geändert und Bestellungen aufgegeben.',
    angry: 'Das ist eine absolute Frechheit! Ihr seid völlig inkompetent, ich bin stinksauer!!',
    calm: 'Hallo, wie kann ich in den Einstellungen mein Passwort ändern? Vielen Dank.',
    complaint: 'Ich möchte hiermit offiziell Beschwerde einreichen.',
    repeat: 'Ich schreibe Ihnen jetzt zum dritten Mal und habe immer noch keine Antwort.',
    dataLoss: 'Nach dem Import sind alle unsere Kontakte verschwunden.',
    billing: 'Mir wurde der Monatsbeitrag doppelt abgebucht.',
  },
  es: {
    human: 'Por favor, quiero hablar con una persona real, no con un robot.',
    churn: 'Si esto sigue así vamos a cancelar nuestra suscripción y cambiarnos a otro proveedor.',
    legal: 'Si no lo solucionan hoy, mis abogados tomarán acciones legales.',
    outage: 'El sistema está caído desde esta mañana y no funciona nada.',
    hacked: 'Me hackearon la cuenta y hay compras no autorizadas con mi tarjeta.',
    angry: '¡Esto es inaceptable! Son unos incompetentes, estoy harto de este pésimo servicio!!',
    calm: 'Hola, ¿cómo puedo cambiar la contraseña de mi cuenta? Muchas gracias.',
    complaint: 'Quiero poner una reclamación formal por este trato.',
    repeat: 'Ya les he escrito tres veces y sigo esperando.',
    dataLoss: 'Perdimos todos los datos de clientes después de la actualización.',
    billing: 'Me cobraron dos veces la misma factura este mes.',
  },
  fr: {
    human: "Je voudrais parler à un vrai conseiller, pas à un robot.",
    churn: "Si rien ne change, nous allons résilier notre abonnement et passer chez un concurrent.",
    legal: "Sans réponse d'ici demain, mon avocat engagera une action en justice.",
    outage: "Le site est en panne depuis ce matin, plus rien ne fonctionne.",
    hacked: "Mon compte a été piraté et il y a des achats frauduleux sur ma carte.",
    angry: "C'est inadmissible ! Vous êtes des incompétents, j'en ai vraiment marre !!",
    calm: "Bonjour, comment puis-je modifier mon mot de passe dans les paramètres ? Merci beaucoup.",
    complaint: "Je souhaite déposer une réclamation officielle.",
    repeat: "C'est la troisième fois que je vous écris et toujours pas de réponse.",
    dataLoss: "Toutes nos données clients ont disparu après la mise à jour.",
    billing: "J'ai été prélevé deux fois pour la même commande.",
  },
  pt: {
    human: 'Quero falar com um atendente humano, não com um robô.',
    churn: 'Se continuar assim vamos cancelar a nossa assinatura e mudar para outra empresa.',
    legal: 'Se não resolverem até amanhã, vou acionar meu advogado e o Procon.',
    outage: 'O sistema caiu e está fora do ar desde cedo, nada funciona.',
    hacked: 'Minha conta foi hackeada e fizeram compras não autorizadas no meu cartão.',
    angry: 'Isso é um absurdo! Vocês são incompetentes, estou farto desse péssimo atendimento!!',
    calm: 'Olá, como faço para alterar a senha da minha conta nas configurações? Obrigado.',
    complaint: 'Quero registrar uma reclamação formal sobre o atendimento.',
    repeat: 'Já liguei três vezes e ainda estou esperando uma solução.',
    dataLoss: 'Perdemos todos os dados dos clientes depois da atualização.',
    billing: 'Fui cobrado duas vezes pela mesma fatura.',
  },
};

describe.each(Object.keys(CASES) as Lang[])('escalation cues in %s through the whole assessment', (lang) => {
  const c = CASES[lang];

  it('every test ticket is detected as its language', () => {
    for (const text of Object.values(c)) expect(detectLanguage(text), text).toBe(lang);
  });

  it('a request for a person gives human_requested', () => {
    expect(ownCue(lang, 'human', c.human)).toBe(true);
    expect(assess(c.human).classification.escalationSignals).toContain('human_requested');
  });

  it('a churn threat gives churn_threat', () => {
    expect(ownCue(lang, 'churn', c.churn)).toBe(true);
    expect(assess(c.churn).classification.escalationSignals).toContain('churn_threat');
  });

  it('a legal threat gives legal_threats', () => {
    expect(ownCue(lang, 'legal', c.legal)).toBe(true);
    expect(assess(c.legal).classification.escalationSignals).toContain('legal_threats');
  });

  it('an outage gives outage_related urgency', () => {
    expect(ownCue(lang, 'outage', c.outage)).toBe(true);
    expect(assess(c.outage).classification.urgencyIndicators).toContain('outage_related');
  });

  it('a hacked account gives security_related urgency', () => {
    expect(ownCue(lang, 'security', c.hacked)).toBe(true);
    expect(assess(c.hacked).classification.urgencyIndicators).toContain('security_related');
  });

  it('an angry message reads frustration >= 50', () => {
    expect(ownCue(lang, 'angerStrong', c.angry)).toBe(true);
    const a = assess(c.angry);
    expect(a.analysis.sentiment.frustrationLevel).toBeGreaterThanOrEqual(50);
    expect(a.classification.escalationSignals).toContain('frustrated_language');
  });

  it('a calm how-to question reads frustration < 30 and no escalation signal', () => {
    const a = assess(c.calm);
    expect(a.analysis.sentiment.frustrationLevel).toBeLessThan(30);
    expect(a.classification.escalationSignals).toEqual([]);
    expect(a.classification.urgencyIndicators).toEqual([]);
  });

  it('repeat contact, data loss, formal complaint and double charge are caught by this language\'s cues', () => {
    expect(ownCue(lang, 'repeat', c.repeat)).toBe(true);
    expect(assess(c.repeat).classification.escalationSignals).toContain('repeat_contact');
    expect(ownCue(lang, 'dataLoss', c.dataLoss)).toBe(true);
    expect(assess(c.dataLoss).classification.urgencyIndicators).toContain('data_loss');
    expect(ownCue(lang, 'complaint', c.complaint)).toBe(true);
    expect(ownCue(lang, 'billingDispute', c.billing)).toBe(true);
  });

  it('the angry message scores negative and the thanks positive in this language\'s word list', () => {
    const words = FOREIGN_SENTIMENT[lang] ?? {};
    const score = (text: string) => (normalise(text).match(/[\p{L}']+/gu) ?? []).reduce((s, w) => s + (words[w] ?? 0), 0);
    expect(score(c.angry)).toBeLessThan(-5);
    expect(score(c.calm)).toBeGreaterThan(0);
  });
});

describe('near misses: ordinary requests that are not cues', () => {
  const none = (text: string, group: CueGroup) => FOREIGN_CUES[group].filter((source) => new RegExp(source, 'i').test(normalise(text)));

  it.each([
    ['churn', 'Quiero cancelar mi pedido, me equivoqué de talla.'],
    ['churn', '¿Cómo puedo cancelar mi suscripción?'],
    ['churn', 'Wie kann ich meinen Vertrag kündigen?'],
    ['churn', 'Comment résilier mon abonnement ?'],
    ['churn', 'Como cancelar a minha assinatura?'],
    ['human', 'Ich habe einen Mitarbeiter zu unserem Konto hinzugefügt.'],
    ['human', 'Una persona de mi equipo no puede entrar.'],
    ['human', 'Pouvez-vous me rappeler comment exporter les factures ?'],
    ['security', 'Wie aktiviere ich die Zwei-Faktor-Authentifizierung?'],
    ['security', '¿Cómo activo la verificación en dos pasos?'],
    ['security', 'Kann mir jemand Zugriff auf das Konto geben?'],
    ['outage', 'Kann ich die App auch offline nutzen?'],
    ['revenue', 'Wo sehe ich meinen Umsatz im Dashboard?'],
    ['revenue', 'O setor de faturamento pediu a nota fiscal.'],
    ['repeat', "J'ai reçu une relance de paiement, est-ce normal ?"],
    ['angerStrong', 'Bitte helfen Sie mir, das Passwort zurückzusetzen.'],
    ['legal', 'Wir haben ein neues Gericht auf der Speisekarte und brauchen ein Foto-Upload.'],
    ['legal', 'La demanda de nuestros productos ha crecido mucho.'],
    ['complaint', 'Die Reklamation vom letzten Monat ist erledigt, danke.'],
    ['security', 'Welche Maßnahmen gibt es, um unbefugten Zugriff auf Kundendaten zu verhindern?'],
    ['security', '¿Qué hacen para evitar accesos no autorizados a mi cuenta?'],
    ['security', "Que faites-vous pour empêcher l'accès non autorisé aux données ?"],
    ['security', 'O que vocês fazem para evitar acessos não autorizados?'],
    ['dataLoss', 'Wie kann ich ein Backup machen, um Datenverlust zu vermeiden?'],
    ['dataLoss', 'Ich habe die Cache-Dateien gelöscht, der Fehler bleibt.'],
    ['outage', 'Wie richte ich Benachrichtigungen ein, um Störungen zu vermeiden?'],
  ] as const)('%s: "%s"', (group, text) => {
    expect(none(text, group)).toEqual([]);
  });
});
