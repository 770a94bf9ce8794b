/** German cues and sentiment words, over normalised text (see `../lexicon-i18n.ts`). */
import type { Cues } from '../lexicon-i18n.ts';

export const cues: Cues = {
  angerStrong: [
    String.raw`\b(frechheit|unverschamt(heit)?|inakzeptabel|unakzeptabel|skandal(os)?|katastroph(e|al)|zumutung|unding)\b`,
    String.raw`\b(abzocke|abzocker|verarsche|verarschen|betrug|betruger(bande)?|saftladen|sauladen|schweinerei|sauerei)\b`,
    String.raw`\b(inkompetent|unfahig|unverantwortlich|lacherlich|miserabel|unterirdisch|das allerletzte|das letzte)\b`,
    String.raw`\b(stinksauer|stocksauer|wutend|emport|fassungslos|auf hundertachtzig)\b`,
    String.raw`\b(die (schnauze|nase) (gestrichen )?voll|es reicht( jetzt| mir)?|mir reicht'?s|reicht mir)\b`,
    String.raw`\b(mist|schei(ss|ß)e?|verdammt)\b`,
    String.raw`\b(schlechteste[nr]?|miesester?|mieseste[nr]?) (service|kundenservice|support|anbieter|firma|erfahrung|kundendienst)\b`,
    String.raw`\b(zeit|geld)verschwendung\b|\b(ein|der reinste) witz\b`,
  ],
  angerMild: [
    String.raw`\b(enttauscht|enttauschend|enttauschung|verargert|argerlich|genervt|nervig|frustriert|frustrierend|unzufrieden|sauer)\b`,
    String.raw`\b(niemand|keiner) (antwortet|hilft|meldet sich|reagiert|kummert sich|ruft (mich )?zuruck)\b`,
    String.raw`\bkeine (antwort|reaktion|ruckmeldung|hilfe|losung)\b`,
    String.raw`\b(es )?(passiert|tut sich) (einfach |gar |immer noch )?nichts\b`,
    String.raw`\b(ehrlich gesagt|langsam reicht|allmahlich reicht)\b`,
  ],
  immediacy: [
    String.raw`\b(sofort|umgehend|dringend|unverzuglich|schnellstmoglich|so schnell wie moglich|eilt|eilig|noch heute|heute noch)\b`,
  ],
  ultimatum: [
    String.raw`\b(sonst|andernfalls|ansonsten|widrigenfalls)\b`,
    String.raw`\b(falls|wenn) (das|dies|es|sie|der fehler|das problem)( \w+)? (nicht|bis)\b`,
    String.raw`\b(bis (spatestens|morgen|heute abend|ende der woche)|innerhalb (von )?\w+ (stunden|tagen|werktagen)|letzte frist)\b`,
  ],
  legal: [
    String.raw`\b((rechts)?anwalt|(rechts)?anwaltin|(rechts)?anwalte[n]?|anwaltskanzlei|anwaltlich\w*)\b`,
    String.raw`\b(rechtliche|juristische|gerichtliche) (schritte|konsequenzen|wege?)\b|\bden rechtsweg\b`,
    String.raw`\b(klage|klagen|verklagen|vor gericht|gerichtlich\w*|amtsgericht|landgericht|abmahnung|mahnverfahren)\b`,
    String.raw`\b(schadensersatz|schadenersatz|strafanzeige|anzeige (erstatten|gegen))\b`,
    String.raw`\b(verbraucherzentrale|verbraucherschutz\w*|bundesnetzagentur|bafin|schlichtungsstelle|datenschutzbehorde|datenschutzaufsicht|landesdatenschutz\w*|ombudsstelle)\b`,
  ],
  human: [
    // "mit einem echten Mitarbeiter sprechen", "mit jemandem reden": who, then (within a few words) the verb.
    String.raw`\bmit (einem |einer |ihrem |ihrer |dem |der |eurem |eurer )?(echten |richtigen |realen |lebenden |menschlichen |zustandigen |verantwortlichen |kompetenten )?(menschen|mensch|person|mitarbeiter(in)?|kundenberater(in)?|berater(in)?|ansprechpartner(in)?|vorgesetzten|supervisor|teamleiter(in)?|verantwortlichen|jemandem|agenten|techniker(in)?|sachbearbeiter(in)?)\b[^.!?]{0,30}\b(sprechen|reden|telefonieren|verbunden|verbinden|chatten)\b`,
    String.raw`\b(verbinden sie mich|verbindet mich|stellen sie mich (bitte )?durch|weiterleiten an (einen|ihren) (vorgesetzten|mitarbeiter))\b`,
    String.raw`\b(echte[nr]?|richtige[nr]?|reale[nr]?|lebende[nr]?) (mensch|menschen|person|mitarbeiter(in)?)\b|\bmenschliche[nr]? (hilfe|unterstutzung|ansprechpartner|kontakt)\b`,
    String.raw`\b(kein(e|en)?|nicht (mit )?(einem|dem|ihrem)) (bot|roboter|chatbot|sprachcomputer|automaten)\b|\bkeine (standardantwort|textbausteine|automatische(n)? antwort(en)?)\b`,
    String.raw`\b(rufen sie mich|ruft mich|ruf mich) (bitte |doch |umgehend |sofort )?(zuruck|an)\b|\b(ruckruf|telefonische[nr]? ruckmeldung)\b`,
    String.raw`\b(kann|konnte|soll|moge) (mich |uns )?(bitte )?(jemand|ein mitarbeiter|eine mitarbeiterin) [^.!?]{0,20}\b(anrufen|zuruckrufen|kontaktieren|melden)\b`,
  ],
  executive: [
    String.raw`\b(geschaftsfuhrer(in)?|geschaftsfuhrung|geschaftsleitung|unternehmensleitung|vorstand|vorstandsvorsitzende[nr]?|chefetage|aufsichtsrat)\b`,
  ],
  repeat: [
    String.raw`\b(schon wieder|erneut|zum (zweiten|dritten|vierten|funften|x-ten|wiederholten|n-ten|letzten) mal|mehrmals|mehrfach)\b`,
    String.raw`\b(geschrieben|angerufen|gemeldet|kontaktiert|nachgefragt|gefragt|erklart|geschickt|reklamiert|gebeten)\b[^.!?]{0,40}\b(zwei|drei|vier|funf|mehrere|\d+) ?mal\b`,
    String.raw`\b(bereits|schon) (mehrfach |mehrmals |oft |x-mal |zweimal |dreimal )?(gemeldet|geschrieben|mitgeteilt|angerufen|kontaktiert|reklamiert|erklart|nachgefragt)\b`,
    String.raw`\b(immer noch|noch immer|nach wie vor) (keine?n?|nicht|nichts|warte|ungelost|kaputt|down)\b`,
    String.raw`\b(meine|unsere) (letzte|vorherige|fruhere|erste) (anfrage|nachricht|e-mail|email|mail|meldung|beschwerde)\b|\b(warte|warten) (seit|nun schon|jetzt schon|immer noch)\b`,
  ],
  churn: [
    // Inverted order after a condition: "Wenn das nicht erstattet wird, kündige ich."
    String.raw`\b(dann |sonst |,\s*)(ku(e)?ndige ich|ku(e)?ndigen wir)\b`,
    String.raw`(?<!\b(kann|konnen|darf|durfen|muss|mussen|soll|sollen|wie) )\b(ich|wir) (ku(e)?ndige|ku(e)?ndigen) (hiermit|jetzt|sofort|zum|fristlos|unseren|meinen|den|das)\b|(?<!\b(kann|konnen|darf|durfen|muss|mussen|soll|sollen|wie) )\b(ich|wir) ku(e)?ndigen?\b[^.!?]{0,30}(vertrag|abo|abonnement|mitgliedschaft|konto|account)\b`,
    String.raw`\b(werde|werden|will|wollen|mochte|mochten|uberlege|uberlegen|denke|denken|gezwungen|kurz davor)\b(?:(?!\bwie\b)[^.!?]){0,50}\b(ku(e)?ndigen|den anbieter (zu )?wechseln|zu kundigen)\b`,
    String.raw`\b(anbieter|dienstleister|provider)\b[^.!?]{0,20}\bwechseln\b|\banbieterwechsel\b|\b(zur|zu der) konkurrenz\b|\bzu (einem )?(anderen|neuen) (anbieter|dienstleister)\b|\bzu (einem )?(wettbewerber|mitbewerber)\b`,
    String.raw`\b(vertrag|abo|abonnement|lizenz(en)?)\b[^.!?]{0,30}\bnicht (mehr )?verlangern\b|\bfristlose?n? ku(e)?ndigung\b|\bsonderku(e)?ndigung\w*\b`,
    String.raw`\beinen (treuen |langjahrigen )?kunden (verlieren|verloren)\b|\bihr (habt|werdet) (einen )?kunden verloren\b`,
  ],
  publicComplaint: [
    String.raw`\b(schlechte|negative|miese|vernichtende|ein-sterne?|1-sterne?) (bewertung|bewertungen|rezension|kritik)\b`,
    String.raw`\b(offentlich machen|offentlich berichten|an die (presse|offentlichkeit|medien)|die presse (informieren|einschalten))\b`,
    String.raw`\b(posten|teilen|schreiben|berichten|veroffentlichen|bewerten)\b[^.!?]{0,40}\b(twitter|facebook|instagram|linkedin|tiktok|trustpilot|youtube|reddit|google|sozialen (medien|netzwerken))\b`,
  ],
  outage: [
    String.raw`\b(ausgefallen|totalausfall|systemausfall|serverausfall|ausfall|storung|storungen)\b(?![^.!?]{0,30}\bzu (vermeiden|verhindern)\b)`,
    String.raw`\b(seite|website|webseite|plattform|server|dienst|system|app|portal|service|shop|api|alles)\b[^.!?]{0,25}\b(ist|sind|war|waren)\b[^.!?]{0,20}\b(down|offline|tot)\b|\bnicht (mehr )?erreichbar\b`,
    String.raw`\b(ist|sind|war|waren) (die |der |das |unsere |ihre |eure )?(seite|website|webseite|plattform|server|dienst|system|app|portal|shop|api)\b[^.!?]{0,20}\b(down|offline)\b`,
    String.raw`\b(nichts (geht|funktioniert) mehr|(geht|funktioniert) (gar|uberhaupt) nichts( mehr)?|(ladt|laden|startet) nicht( mehr)?)\b`,
  ],
  security: [
    String.raw`\b(gehackt|gehacked|hackerangriff|hacker)\b`,
    String.raw`(?<!\b(um|gegen|vor|zum schutz vor|verhindern|vermeiden)\b[^.!?]{0,30})\b(unbefugte[nr]?|unberechtigte[nr]?|unautorisierte[nr]?|verdachtige[nr]?|betrugerische[nr]?) (zugriff|zugang|zugriffe|anmeldung(en)?|login(s)?|abbuchung(en)?|nutzung|aktivitat(en)?|transaktion(en)?|zahlung(en)?|bestellung(en)?)\b(?![^.!?]{0,40}\bzu (vermeiden|verhindern)\b)`,
    String.raw`\b(jemand|fremde|dritte|unbekannte)\b (hat|haben|hatte|hatten)\b[^.!?]{0,30}\b(mein|meinem|meine|meiner|unser|unserem|unsere|unserer)\b[^.!?]{0,15}\b(konto|account|karte|kreditkarte|zugangsdaten|passwort|daten)\b`,
    String.raw`\b(datenleck|datenpanne|datenschutzverletzung|sicherheitslucke|sicherheitsvorfall|phishing|kontoubernahme|identitatsdiebstahl|kartenmissbrauch|missbrauch meine[rs]? (konto|karte|daten))\b`,
    String.raw`\b(gestohlen(e|es|en)?|geklaut(e|es|en)?) (konto|zugangsdaten|passwort|karte|kreditkarte|daten)\b|\b(das|es) war(en)? nicht ich\b|\bhabe ich (nie |nicht )(bestellt|veranlasst|autorisiert|getatigt)\b`,
  ],
  dataLoss: [
    String.raw`(?<!cache-?)\b(daten|dateien|kontakte|eintrage|projekte|dokumente|datensatze|einstellungen|verlauf)\b[^.!?]{0,30}\b(weg|verloren|verschwunden)\b`,
    String.raw`\b(sind|wurden|wurde|ist|waren)\b[^.!?]{0,30}(?<!cache-?)\b(daten|dateien|kontakte|eintrage|projekte|dokumente|datensatze)\b[^.!?]{0,20}\b(geloscht|uberschrieben)\b`,
    String.raw`\b(datenverlust|alles (ist )?weg|alles wurde geloscht)\b(?![^.!?]{0,30}\bzu (vermeiden|verhindern)\b)`,
  ],
  business: [
    String.raw`\b(unsere|alle unsere|alle) (kunden|nutzer|mitarbeiter(innen)?|benutzer|anwender|kollegen|filialen|standorte)\b`,
    String.raw`\b(das ganze|unser ganzes|das gesamte) (team|unternehmen|buro)\b|\b(die ganze|unsere ganze|die gesamte) (firma|abteilung|belegschaft)\b`,
    String.raw`\b(tausende|hunderte|tausenden|hunderten) (von )?(kunden|nutzern|benutzern|anfragen)\b`,
    String.raw`\b(konnen|kann) (nicht|gar nicht|nicht mehr) (arbeiten|verkaufen|produzieren)\b|\b(stillstand|steht still|stehen still)\b`,
  ],
  revenue: [
    String.raw`\bumsatz(einbu(ss|ß)en|verlust|verluste|ausfall|einbruch)\b|\bumsatz (verlieren|verloren|bricht ein|geht verloren)\b`,
    String.raw`\b(verlieren|verloren) (gerade |taglich |jeden tag |stundlich )?(geld|umsatz|kunden|auftrage|bestellungen|tausende)\b|\bkostet uns\b`,
    String.raw`\b(konnen|kann) keine (bestellungen|zahlungen|auftrage)\b|\bjede (stunde|minute)\b`,
  ],
  complaint: [
    String.raw`\b(beschwerde|beschwerden)\b|\b(mich|uns) (beschweren|beschwert)\b|\bbeschwere mich\b`,
    String.raw`\b(eine |meine |offizielle )?reklamation (einreichen|aufgeben|einleiten|einlegen)\b|\b(ich|wir) (mochte|mochten|will|wollen|muss|mussen) [^.!?]{0,30}\breklamieren\b`,
  ],
  billingDispute: [
    String.raw`\b(doppelt|zweimal|mehrfach|zweifach|dreimal) (abgebucht|belastet|berechnet|bezahlt|abgerechnet|eingezogen|kassiert)\b|\bdoppelte (abbuchung|belastung|zahlung|rechnung|abrechnung)\b`,
    String.raw`\b(ruckbuchung|chargeback|lastschrift (zuruckgeben|zuruckbuchen|widerrufen|zuruckgehen lassen))\b`,
    String.raw`\b(geld|betrag) (immer )?(noch )?nicht (zuruck|erstattet|gutgeschrieben)\b|\bkeine (erstattung|ruckerstattung|gutschrift)\b|\b(warte|warten) (noch |immer noch )?auf (meine |die |unsere )?(erstattung|ruckerstattung|gutschrift)\b`,
  ],
};

export const sentiment: Record<string, number> = {
    danke: 2, dank: 2, dankbar: 2, super: 3, toll: 3, gut: 2, prima: 3, perfekt: 3, klasse: 3, spitze: 3, top: 2,
    hervorragend: 4, ausgezeichnet: 4, exzellent: 4, wunderbar: 4, 'großartig': 4, grossartig: 4, bestens: 3,
    zufrieden: 2, freundlich: 2, hilfreich: 2, geholfen: 2, gelost: 2, schnell: 1, begeistert: 3, empfehlen: 2,
    problemlos: 2, klappt: 1, lob: 2,
    frechheit: -4, unverschamt: -4, unverschamtheit: -4, inakzeptabel: -4, unakzeptabel: -4, katastrophe: -4,
    katastrophal: -4, skandal: -4, skandalos: -4, zumutung: -4, schrecklich: -3, furchtbar: -3, miserabel: -4,
    mies: -3, schlecht: -2, schlechter: -2, schlechteste: -4, schlechtesten: -4, enttauscht: -3, enttauschend: -3,
    enttauschung: -3, arger: -3, argerlich: -3, verargert: -3, genervt: -3, nervig: -2, wutend: -4, sauer: -3,
    stinksauer: -5, frustriert: -3, frustrierend: -3, unzufrieden: -3, abzocke: -4, betrug: -3, betrugerisch: -4,
    lacherlich: -3, peinlich: -2, inkompetent: -4, unfahig: -4, nutzlos: -3, unbrauchbar: -3, fehler: -2,
    fehlerhaft: -2, problem: -2, probleme: -2, kaputt: -2, defekt: -2, ausgefallen: -2, ausfall: -2, storung: -2,
    absturz: -2, abgesturzt: -2, verloren: -2, gehackt: -3, anwalt: -2, klage: -3, verzogerung: -2, verspatet: -2,
    verspatung: -2, wartezeit: -1, leider: -1, dringend: -1, niemand: -1, mist: -3, scheisse: -4, 'scheiße': -4,
    schade: -1, traurig: -2, ignoriert: -2, beschwerde: -2, reklamation: -2, unmoglich: -2,
};
