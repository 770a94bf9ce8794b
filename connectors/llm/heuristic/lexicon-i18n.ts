/**
 * Escalation cues in languages other than English (German, Spanish, French, Portuguese), as regular
 * expression sources over *normalised* text (lower case, no diacritics, straight apostrophes; see
 * `normalise` in `lexicon.ts`): "kündigen" is written `kundigen`, "não" `nao`, "réclamation" `reclamation`.
 * German "ß" survives normalisation, so German cues write `(ss|ß)`; umlauts typed as "ue"/"oe"/"ae" are
 * covered where customers commonly do so (`ku(e)?ndig`).
 *
 * Written per language (`CUES_BY_LANGUAGE`), then flattened into `FOREIGN_CUES`, which `lexicon.ts`
 * appends to the English patterns of the same group name, so a rule reads one list.
 *
 * Rules the patterns follow: general phrasings of a support situation, never sentences from a
 * particular ticket; word boundaries on both ends; the threat or the incident, not the polite request
 * next to it (German "bitte", a plain order cancellation like "cancelar mi pedido", a how-to question
 * about two-factor authentication, "rappelez-moi comment..." (remind me) are not cues).
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
  | 'revenue'
  /** Filing a formal complaint ("Beschwerde einreichen", "hoja de reclamaciones", "faire une réclamation"). */
  | 'complaint'
  /** Money taken wrongly: charged twice, chargeback, refund not received. No English list reads it yet. */
  | 'billingDispute';

type Cues = Record<CueGroup, string[]>;

const GERMAN: Cues = {
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

const SPANISH: Cues = {
  angerStrong: [
    String.raw`\b(inaceptable|inadmisible|indignante|vergonzoso|vergonzosa|una verguenza|que verguenza|lamentable|patetico|asqueroso|que asco)\b`,
    String.raw`\b(hart[oa]s?|indignad[oa]s?|furios[oa]s?|cabread[oa]s?|hasta las narices|hasta el gorro)\b`,
    String.raw`\b(pesim[oa]s?|estafa|estafadores|ladrones|timo|es un robo|incompetentes|inutiles|una burla|tomadura de pelo|tomando el pelo|cachondeo)\b`,
    String.raw`\b(el peor|la peor) (servicio|soporte|atencion|empresa|experiencia|compania)\b|\bperdida de (tiempo|dinero)\b|\bnunca mas\b`,
    String.raw`\b(mierda|joder|basura)\b`,
  ],
  angerMild: [
    String.raw`\b(decepcionad[oa]s?|decepcion|decepcionante|frustrad[oa]s?|frustrante|molest[oa]s?|enfadad[oa]s?|enojad[oa]s?|disgustad[oa]s?|insatisfech[oa]s?|descontent[oa]s?)\b`,
    String.raw`\bnadie (me |nos )?(responde|contesta|ayuda|soluciona|hace nada|llama)\b|\b(sin|ninguna) (respuesta|solucion)\b`,
    String.raw`\bno (me |nos )?(dan|han dado|dais) (ninguna )?(respuesta|solucion)\b|\b(sinceramente|la verdad es que)\b`,
  ],
  immediacy: [
    String.raw`\b(urgente|urgentemente|urgencia|inmediato|inmediatamente|de inmediato|cuanto antes|lo antes posible|lo mas pronto posible|ya mismo|ahora mismo|hoy mismo|sin demora)\b`,
  ],
  ultimatum: [
    String.raw`\b(si no|de lo contrario|o si no|en caso contrario|de no ser asi)\b`,
    String.raw`\b(antes de (manana|esta noche|el viernes|fin de semana)|en (las proximas |un plazo de )?\w+ (horas|dias))\b`,
  ],
  legal: [
    String.raw`\b(abogad[oa]s?|bufete|acciones? (legal|legales|judicial|judiciales)|via judicial|los tribunales|juzgado|denuncia(r|remos|re)?)\b`,
    String.raw`\b(demandar(los|les|la|e|emos)?|demandare(mos)?|(poner|presentar|interponer) una demanda|una demanda (judicial|contra))\b`,
    String.raw`\b((oficina|organismo|asociacion|autoridades?) de (defensa del |atencion al )?consum(o|idor|idores)|ocu|facua|aepd|proteccion de datos|defensor del (cliente|pueblo)|banco de espana|cnmv|danos y perjuicios)\b`,
  ],
  human: [
    String.raw`\b(hablar|comunicarme|contactar|charlar|conversar|ponerme en contacto|que me (atienda|pasen con))\b (con )?(una |un |el |la |algun |alguna )?(persona|humano|ser humano|alguien|agente|asesor(a)?|supervisor(a)?|responsable|encargad[oa]|operador(a)?|representante|gerente|ejecutiv[oa]|tecnico)\b`,
    String.raw`\b(persona|agente|operador|asesor) (real|de verdad|humano)\b|\b(atencion|asistencia|soporte|trato) (humana|humano|personal|personalizada)\b`,
    String.raw`\bno (con |quiero )?(un |una )?(bot|robot|maquina|contestador|chatbot|respuesta automatica)\b|\b(pasame|paseme|pasenme) (con|a)\b`,
    String.raw`\b(llamenme|llamame|me pueden llamar|me podeis llamar|que me llamen|que me llame|devolverme la llamada|devuelvan la llamada)\b`,
  ],
  executive: [
    String.raw`\b(director general|directora general|gerente general|consejero delegado|consejera delegada|junta directiva|direccion general|presidente de la empresa)\b`,
  ],
  repeat: [
    String.raw`\b(otra vez|de nuevo|nuevamente|una vez mas|por (segunda|tercera|cuarta|quinta|enesima) vez|(segunda|tercera|cuarta|quinta|enesima) vez)\b`,
    String.raw`\b(escrito|llamado|contactado|reportado|reclamado|preguntado|enviado|explicado|pedido|solicitado)\b[^.!?]{0,40}\b(dos|tres|cuatro|cinco|varias|muchas|\d+) veces\b`,
    String.raw`\bya (he|habia|les he|os he|lo he|se lo he|hemos) (escrito|llamado|contactado|reportado|informado|explicado|enviado|reclamado|avisado)\b`,
    String.raw`\b(sigo|seguimos) (esperando|sin)\b|\b(todavia|aun) (no|sin|nada|estoy esperando|espero)\b|\bmi (anterior|ultimo|ultima) (correo|mensaje|ticket|solicitud|reclamacion|consulta)\b`,
  ],
  churn: [
    String.raw`\b(voy a|vamos a|pienso|pensamos|estoy pensando en|estamos pensando en|considerando|a punto de|quiero|queremos|me vere obligado a)\b(?:(?!\bcomo\b)[^.!?]){0,30}\b(cancelar|rescindir|dar de baja|darme de baja|darnos de baja) (mi |la |nuestra |nuestro |el |mis )?(suscripcion|cuenta|contrato|servicio|plan|membresia|linea|licencias?)\b`,
    String.raw`\b(cancelare|cancelaremos|rescindire|rescindiremos|me dare de baja|nos daremos de baja|me doy de baja|nos damos de baja)\b`,
    String.raw`\b(irme|irnos|me voy|nos vamos|cambiar(me|nos)?|pasar(me|nos)?|mudar(me|nos)?)\b (a|con|de) (la competencia|otr[oa] (proveedor|compania|empresa|operador|servicio|banco|plataforma)|proveedor|compania|operador)\b`,
    String.raw`\bno (vamos a |voy a )?renovar(e|emos)?\b|\b(perder|perderan|perdereis|han perdido) (a )?un cliente\b`,
  ],
  publicComplaint: [
    String.raw`\b(publicar|contar|compartir|difundir|denunciar|escribir|subir|hablar)\b[^.!?]{0,40}\b(redes sociales|twitter|facebook|instagram|tiktok|trustpilot|google|reddit|youtube|la prensa|los medios)\b`,
    String.raw`\b(mala|pesima|negativa) (resena|opinion|valoracion|calificacion|critica)\b|\b(resena|opinion|valoracion) negativa\b|\bhacer(lo)? publico\b`,
  ],
  outage: [
    String.raw`\b(caido|caida|caidos|caidas|se cayo|se ha caido|fuera de servicio|fuera de linea|sin servicio|inaccesible|interrupcion del servicio|apagon)\b`,
    String.raw`\b(no funciona nada|nada funciona|ya no funciona nada|no carga|no cargan|no se puede acceder)\b`,
  ],
  security: [
    String.raw`\b(hackead[oa]s?|hackearon|hackeo|jaquead[oa]s?|piratead[oa]s?|me robaron (la|mi) cuenta)\b`,
    String.raw`(?<!\b(evitar|prevenir|impedir|proteger(nos|me)? (de|contra))\b[^.!?]{0,20})\b(acceso|accesos|compra|compras|cargo|cargos|transaccion|transacciones|pago|pagos|movimiento|movimientos|inicio de sesion)\b (no autorizad[oa]s?|fraudulent[oa]s?|sospechos[oa]s?|que no (hice|reconozco|realice))\b`,
    String.raw`\balguien (entro|accedio|ha entrado|ha accedido|se metio) (a|en) (mi|nuestra)\b|\balguien (uso|ha usado|compro|ha comprado|hizo)\b[^.!?]{0,20}\b(mi|mis|nuestra) (cuenta|tarjeta|datos)\b|\bsin (mi )?autorizacion\b`,
    String.raw`\b(robo de (identidad|cuenta|datos)|suplantacion de identidad|filtracion de datos|fuga de datos|brecha de (seguridad|datos)|vulnerabilidad|phishing|no fui yo|yo no (hice|realice|autorice) (esa|esta|esas|estas|ese|este|ningun|ninguna))\b`,
  ],
  dataLoss: [
    String.raw`\b(perdi|perdimos|hemos perdido|he perdido) (todos )?(los |mis |nuestros |todas las |mis )?(datos|archivos|registros|contactos|documentos|cambios|proyectos|fotos)\b`,
    String.raw`\b(datos|archivos|registros|contactos|documentos|proyectos)\b[^.!?]{0,20}\b(borrad[oa]s|perdid[oa]s|desaparecid[oa]s|eliminad[oa]s)\b|\b(perdida de (datos|informacion)|se borro todo|desaparecio todo)\b`,
  ],
  business: [
    String.raw`\b(nuestros|todos nuestros|todos los) (clientes|usuarios|empleados|trabajadores)\b|\btodo el (equipo|personal)\b|\btoda la (empresa|oficina|plantilla)\b`,
    String.raw`\b(miles|cientos) de (clientes|usuarios|personas)\b|\bno podemos (trabajar|operar|vender|facturar|atender)\b|\bparalizad[oa]s?\b`,
  ],
  revenue: [
    String.raw`\b(perdiendo|perdemos|perdiendo miles en) (ventas|dinero|clientes|pedidos)\b|\bcada (hora|minuto)\b|\bno podemos cobrar\b|\b(perdiendo|perdida de|perdemos) ingresos\b`,
  ],
  complaint: [
    String.raw`\b(poner|presentar|hacer|interponer|registrar|levantar|tramitar|abrir) (una )?(queja|reclamacion|reclamo)\b|\b(hoja|libro) de reclamaciones\b`,
    String.raw`\b(quiero|me quiero|voy a) quejar(me)?\b|\b(queja|reclamacion) formal\b`,
  ],
  billingDispute: [
    String.raw`\b(cobrad[oa]|cobraron|cobran|cargad[oa]|cargaron|descontad[oa]|debitad[oa])\b[^.!?]{0,20}\b(dos veces|doble|por duplicado|de mas)\b|\b(cobro|cargo) (doble|duplicado)\b|\bdoble (cobro|cargo)\b`,
    String.raw`\bcontracargo\b|\bno (me )?(han )?(devuelto|reembolsado) (el|mi|nada)\b|\b(sin|ningun) (reembolso|devolucion)\b`,
  ],
};

const FRENCH: Cues = {
  angerStrong: [
    String.raw`\b(inadmissible|inacceptable|scandaleux|scandaleuse|scandalise(e)?|honteux|honteuse|une honte|lamentable|deplorable|pitoyable|catastrophique)\b`,
    String.raw`\b(ras le bol|ras-le-bol|marre|j'en ai assez|furieux|furieuse|degoute(e)?|hors de moi)\b`,
    String.raw`\b(arnaque|arnaqueurs?|escroc(s)?|escroquerie|voleurs|incompetent(e|s|es)?|foutage de gueule|se moque(nt)? de (moi|nous)|vous vous moquez)\b`,
    String.raw`\b(c'est |vraiment |completement |totalement |service |support )nul(le|s|les)?\b|\bn'importe quoi\b|\bperte de temps\b`,
    String.raw`\ble pire (service|support|sav|experience|operateur)\b|\b(merde|putain)\b`,
  ],
  angerMild: [
    String.raw`\b(decu(e|s|es)?|deception|decevant(e)?|frustre(e|s)?|frustrant(e)?|agace(e)?|enerve(e)?|mecontent(e|s)?|insatisfait(e|s)?)\b`,
    String.raw`\bpersonne ne (repond|m'aide|nous aide|me repond|nous repond|rappelle|s'en occupe|me rappelle)\b|\baucune (reponse|nouvelle|solution)\b|\bsans (reponse|nouvelles|solution)\b`,
    String.raw`\b(franchement|serieusement)\b`,
  ],
  immediacy: [
    String.raw`\b(urgent(e)?|urgence|immediatement|tout de suite|au plus vite|des que possible|au plus tot|sans delai|aujourd'hui meme|dans l'immediat)\b`,
  ],
  ultimatum: [
    String.raw`\b(sinon|faute de quoi|a defaut|sans quoi)\b`,
    String.raw`\b(d'ici (demain|ce soir|lundi|vendredi|la fin)|sous \w+ (heures|jours)|dans les \w+ (heures|jours))\b`,
  ],
  legal: [
    String.raw`\b(avocat(e|s)?|poursuites( judiciaires)?|poursuivre en justice|action en justice|en justice|tribunal|proces|mise en demeure|dommages(-| et )interets)\b`,
    String.raw`\b(porter plainte|deposer plainte|plainte contre (vous|votre))\b`,
    String.raw`\b(ufc|que choisir|dgccrf|cnil|arcep|mediateur|association de (defense des )?consommateurs|60 millions de consommateurs|signal ?conso)\b`,
  ],
  human: [
    String.raw`\b(parler|discuter|echanger|etre mis(e)? en relation|mettre en relation|joindre|contacter)\b (a |avec )?(une |un |votre |le |la )?(vraie |vrai |veritable )?(personne|humain|quelqu'un|conseiller(e)?|responsable|agent|technicien(ne)?|superieur|operateur|operatrice|interlocuteur|manager|etre humain)\b`,
    String.raw`\b(une vraie personne|un vrai conseiller|un etre humain|un humain)\b`,
    String.raw`\bpas (a |avec )?(un|une) (robot|bot|machine|automate|chatbot|reponse automatique)\b|\bmarre (des|du) (robots?|bots?|reponses automatiques)\b`,
    String.raw`\b(appelez-moi|appelez moi|telephonez-moi|rappel telephonique|m'appeler|me telephoner|etre rappele(e)?|me rappeler (au|sur|des que|rapidement|svp|s'il vous plait))\b`,
  ],
  executive: [
    String.raw`\b(directeur general|directrice generale|pdg|president directeur|direction generale|votre direction|conseil d'administration)\b`,
  ],
  repeat: [
    String.raw`\b(encore une fois|a nouveau|de nouveau|pour la (deuxieme|troisieme|quatrieme|cinquieme|enieme|ixieme|n-ieme) fois|(deuxieme|troisieme|quatrieme|cinquieme|enieme) fois)\b`,
    String.raw`\b(ecrit|appele|contacte|signale|relance|envoye|explique|demande|reclame)\b[^.!?]{0,40}\b(deux|trois|quatre|cinq|plusieurs|\d+) fois\b`,
    String.raw`\bdeja (signale|ecrit|contacte|appele|explique|envoye|demande|reclame)\b|\bje vous (relance|ai deja)\b|\b(nouvelle|deuxieme|troisieme|ma) relance\b`,
    String.raw`\btoujours (pas|rien|aucune?|en attente|sans)\b|\b(mon|ma) (precedent(e)?|dernier|derniere) (message|mail|e-mail|email|ticket|demande|reclamation)\b`,
  ],
  churn: [
    String.raw`\b(je vais|nous allons|je compte|nous comptons|je pense|nous pensons|j'envisage|nous envisageons|je veux|nous voulons|je souhaite|nous souhaitons|pret(e|s)? a|sur le point de)\b(?:(?!\bcomment\b)[^.!?]){0,30}\b(resilier|me desabonner|nous desabonner|mettre fin (a|au))\b`,
    String.raw`\b(je resilie|nous resilions|je resilierai|nous resilierons|je me desabonne)\b`,
    String.raw`\b(changer (d'operateur|de fournisseur|de prestataire|de banque|de crm|d'outil|de solution)|aller (voir )?(chez|a) la concurrence|chez (un|votre) concurrent|passer chez (un autre|une autre|la concurrence|un concurrent))\b`,
    String.raw`\bne (le |la |pas le |pas la )?renouvel\w* pas\b|\bpas renouveler\b|\b(perdre|perdu|perdez) un client\b`,
  ],
  publicComplaint: [
    String.raw`\b(poster|publier|partager|raconter|denoncer|ecrire|parler)\b[^.!?]{0,40}\b(reseaux sociaux|twitter|facebook|instagram|linkedin|tiktok|trustpilot|google|youtube|la presse|les medias|un journaliste)\b`,
    String.raw`\b(mauvais|negatif|tres mauvais) (avis|commentaire|note)\b|\bavis negatif(s)?\b|\brendre (ca |cela |l'affaire )?public\b`,
  ],
  outage: [
    String.raw`\b(en panne|hors service|hors ligne|indisponible|inaccessible|interruption de service|coupure|panne (generale|totale|majeure))\b`,
    String.raw`\b((plus )?rien ne (marche|fonctionne)|ne (se )?charge (plus|pas))\b`,
    String.raw`\b(site|serveur|plateforme|service|application|appli|api|tout)\b[^.!?]{0,20}\b(est|sont) (completement |encore |de nouveau )?(down|plante|tombe|hs)\b`,
  ],
  security: [
    String.raw`\b(pirate(e|s)?|piratage|hacke(e)?|hacker|hackers)\b`,
    String.raw`(?<!\b(prevenir|eviter|empecher|proteger contre|contre)\b[^.!?]{0,20})\b(acces|connexion|connexions|achat|achats|paiement|paiements|prelevement|transaction|transactions|activite|commande)s? (non autorise(e|s|es)?|frauduleu(x|se|ses)|suspect(e|s|es)?)\b`,
    String.raw`\bquelqu'un (s'est connecte|a eu acces|a accede|a pris le controle)\b[^.!?]{0,15}\b(mon|notre|ma) (compte|espace|carte)\b|\bquelqu'un a utilise (ma|mon|notre|mes) (carte|compte|identifiants)\b|\bsans (mon )?autorisation\b`,
    String.raw`\b(usurpation d'identite|vol d'identite|fuite de donnees|faille de securite|violation de donnees|phishing|hameconnage|ce n'est pas moi|ce n'etait pas moi|je n'ai (jamais|pas) (commande|effectue|autorise))\b`,
  ],
  dataLoss: [
    String.raw`\b(donnees|fichiers|contacts|documents|projets|enregistrements|historique)\b[^.!?]{0,20}\b(perdu(e|s|es)?|efface(e|s|es)?|supprime(e|s|es)?|disparu(e|s|es)?)\b`,
    String.raw`\b(perte de donnees|tout a disparu|tout a ete (efface|supprime)|(j'ai|nous avons) perdu (toutes |tous )?(mes|nos))\b`,
  ],
  business: [
    String.raw`\b(nos|tous nos|tous les) (clients|utilisateurs|employes|salaries|collaborateurs|equipes)\b|\btoute (l'equipe|l'entreprise|la societe)\b`,
    String.raw`\b(des milliers|des centaines) de (clients|utilisateurs)\b|\b(nous ne pouvons|on ne peut) (plus|pas) (travailler|vendre|facturer)\b|\b(paralyse(e|s)?|a l'arret)\b`,
  ],
  revenue: [
    String.raw`\b(perte de chiffre d'affaires|chiffre d'affaires (perdu|en chute)|perte(s)? (de revenus|d'argent|de ventes)|(nous perdons|on perd) (de l'argent|des ventes|des clients|des commandes))\b|\bchaque (heure|minute)\b`,
  ],
  complaint: [
    String.raw`\b(deposer|faire|adresser|envoyer|formuler|ouvrir) (une )?(reclamation|plainte)\b|\breclamation (officielle|formelle|ecrite)\b`,
    String.raw`\b(me plaindre|nous plaindre|je me plains|service (des )?reclamations?)\b`,
  ],
  billingDispute: [
    String.raw`\b(debite|preleve|facture|paye|encaisse)(e|s|es)?\b[^.!?]{0,15}\b(deux fois|en double|a double|trop)\b|\bdouble (prelevement|debit|facturation|paiement)\b|\bprelevement en double\b`,
    String.raw`\b(retrofacturation|chargeback|opposition (bancaire|sur (ma|la) carte)|toujours pas (ete )?rembourse(e)?|jamais (ete )?rembourse(e)?|aucun remboursement)\b`,
  ],
};

const PORTUGUESE: Cues = {
  angerStrong: [
    String.raw`\b(inaceitavel|inadmissivel|absurdo|ridiculo|vergonha|vergonhoso|lamentavel|palhacada|descaso|desrespeito|falta de respeito)\b`,
    String.raw`\b(pessim[oa]s?|lixo|porcaria|golpistas|ladroes|enganacao|enrolacao|incompetentes|incompetencia|roubo)\b`,
    String.raw`\b(estou farto|to farto|de saco cheio|cansad[oa] de|indignad[oa]|revoltad[oa]|furios[oa]|puto da vida)\b`,
    String.raw`\b(o pior|a pior) (atendimento|servico|empresa|experiencia|suporte|operadora)\b|\bperda de tempo\b|\bnunca mais\b|\b(merda|droga)\b`,
  ],
  angerMild: [
    String.raw`\b(decepcionad[oa]s?|decepcao|decepcionante|frustrad[oa]s?|frustrante|chatead[oa]s?|irritad[oa]s?|insatisfeit[oa]s?|descontente)\b`,
    String.raw`\bninguem (me |nos )?(responde|ajuda|resolve|retorna|atende|liga)\b|\b(sem|nenhuma?) (resposta|retorno|solucao)\b|\bnada (foi )?resolvido\b`,
    String.raw`\b(sinceramente|serio mesmo)\b`,
  ],
  immediacy: [
    String.raw`\b(urgente|urgentemente|urgencia|imediatamente|imediato|o quanto antes|o mais rapido possivel|agora mesmo|hoje mesmo|com urgencia|sem demora|pra ontem|para ontem)\b`,
  ],
  ultimatum: [
    String.raw`\b(senao|se nao|caso contrario|do contrario)\b`,
    String.raw`\b(ate (amanha|hoje|sexta|o fim do dia)|em \w+ (horas|dias)( uteis)?)\b`,
  ],
  legal: [
    String.raw`\b(advogad[oa]s?|processar|processo judicial|processo contra|acao judicial|entrar na justica|na justica|juizado|tribunal|danos morais|indenizacao)\b`,
    String.raw`\b(procon|anatel|aneel|anac|banco central|consumidor\.gov|codigo de defesa do consumidor|defesa do consumidor|deco|cnpd|anpd)\b`,
  ],
  human: [
    String.raw`\b(falar|conversar|contato|contatar|ser atendid[oa])\b (com |por )?(uma |um |o |a |algum |alguma )?(pessoa|humano|ser humano|alguem|atendente|supervisor(a)?|gerente|responsavel|agente|operador(a)?|consultor(a)?|tecnico)\b`,
    String.raw`\b(atendente|atendimento|pessoa|suporte) (humano|de verdade|real)\b|\bpessoa de verdade\b`,
    String.raw`\bnao (quero )?(falar com )?(um |uma |o )?(robo|bot|maquina|chatbot|ura|resposta automatica)\b|\bchega de (robo|bot|maquina|resposta automatica)\b`,
    String.raw`\b(me liguem|me ligue|me liga|ligar para mim|me retornem|retorno por telefone|retornar a ligacao)\b`,
  ],
  executive: [
    String.raw`\b(diretor(a)? (geral|executivo|executiva|presidente)|presidente da empresa|diretoria|presidencia|conselho de administracao)\b`,
  ],
  repeat: [
    String.raw`\b(de novo|novamente|mais uma vez|outra vez|pela (segunda|terceira|quarta|quinta|enesima) vez|(segunda|terceira|quarta|quinta) vez)\b`,
    String.raw`\b(liguei|escrevi|entrei em contato|reclamei|pedi|enviei|expliquei|falei|solicitei)\b[^.!?]{0,40}\b(duas|tres|quatro|cinco|varias|muitas|\d+) vezes\b`,
    String.raw`\bja (liguei|escrevi|entrei em contato|reclamei|reportei|informei|expliquei|enviei|abri|fiz)\b|\b(segundo|terceiro|quarto|quinto) (protocolo|chamado|ticket|e-?mail)\b`,
    String.raw`\bainda (nao|sem|nada|estou esperando|aguardo)\b|\b(continuo|seguimos|sigo) (esperando|sem|aguardando)\b|\bate agora (nada|nao|sem)\b`,
  ],
  churn: [
    String.raw`\b(vou|vamos|quero|queremos|pretendo|pretendemos|estou pensando em|estamos pensando em|penso em|vou ter que|prestes a)\b(?:(?!\bcomo\b)[^.!?]){0,30}\b(cancelar|rescindir|encerrar) (a |minha |nossa |o |meu |nosso )?(assinatura|conta|contrato|plano|servico|linha)\b`,
    String.raw`\b(cancelarei|cancelaremos|vou cancelar tudo)\b|\b(trocar|mudar|migrar|ir) (de|para) (operadora|fornecedor|provedor|banco|a concorrencia|o concorrente|outra (empresa|operadora)|outro (fornecedor|provedor|banco))\b`,
    String.raw`\b(ir|mudar|migrar|trocar|passar) (para|pra) (a |o )?(concorrencia|concorrente)\b|\bnao (vou|vamos) renovar\b|\bnao renovarei\b|\b(perder|perderam|perdeu) (um|mais um) cliente\b`,
  ],
  publicComplaint: [
    String.raw`\b(reclame aqui|reclameaqui)\b`,
    String.raw`\b(postar|publicar|expor|compartilhar|contar|divulgar|denunciar|escrever)\b[^.!?]{0,40}\b(redes sociais|twitter|facebook|instagram|tiktok|linkedin|youtube|google|imprensa|midia|jornal)\b`,
    String.raw`\b(avaliacao|comentario|resenha) (negativ[oa]|pessim[oa])\b|\b(pessima|mal) avaliacao\b`,
  ],
  outage: [
    String.raw`\b(fora do ar|indisponivel|indisponiveis|inacessivel|instabilidade|queda (do|no|de) (sistema|servico|servidor|site))\b`,
    String.raw`\b(sistema|site|servidor|plataforma|servico|aplicativo|app|rede|internet|api)\b[^.!?]{0,20}\b(caiu|esta fora|ficou fora|parad[oa]|down)\b`,
    String.raw`\b(nada funciona|nao funciona nada|nao (carrega|abre) (nada|mais))\b`,
  ],
  security: [
    String.raw`\b(hackead[oa]s?|hackearam|invadid[oa]s?|invadiram|invasao|clonad[oa]s?|clonaram)\b`,
    String.raw`(?<!\b(evitar|prevenir|impedir|proteger contra|contra)\b[^.!?]{0,20})\b(acesso|acessos|compra|compras|cobranca|transacao|transacoes|pagamento|pagamentos|login|atividade|movimentacao|pix)\b (nao autorizad[oa]s?|fraudulent[oa]s?|suspeit[oa]s?|que nao (fiz|reconheco|realizei))\b`,
    String.raw`\balguem (entrou|acessou|invadiu|mexeu)\b[^.!?]{0,10}\b(minha|nossa) conta\b|\balguem (usou|comprou|fez compras)\b[^.!?]{0,20}\b(meu|minha|nosso|nossa) (cartao|conta|nome)\b|\bsem (minha )?autorizacao\b`,
    String.raw`\b(vazamento (de dados)?|vazaram|golpe|fraude|roubo de (conta|identidade|dados)|roubaram (minha|meus)|phishing|nao fui eu|eu nao (fiz|realizei|autorizei|reconheco) (essa|esta|essas|estas|esse|este|nenhum|nenhuma))\b`,
  ],
  dataLoss: [
    String.raw`\b(perda de dados|sumiu tudo|apagou tudo|tudo (foi )?apagado|(perdi|perdemos) (todos )?(os |meus |nossos )?(dados|arquivos|contatos|documentos|registros|projetos|fotos))\b`,
    String.raw`\b(dados|arquivos|contatos|registros|documentos|projetos)\b[^.!?]{0,20}\b(apagad|perdid|sumid|deletad|excluid)[oa]s\b|\b(dados|arquivos|contatos|registros|documentos) sumiram\b`,
  ],
  business: [
    String.raw`\b(nossos|todos os nossos|todos os) (clientes|usuarios|funcionarios|colaboradores)\b|\btoda a (equipe|empresa|loja)\b`,
    String.raw`\b(milhares|centenas) de (clientes|usuarios|pessoas)\b|\bnao (conseguimos|podemos) (trabalhar|vender|operar|faturar|atender)\b|\boperacao parada\b`,
  ],
  revenue: [
    String.raw`\b(perdendo|perdemos) (vendas|dinheiro|clientes|pedidos)\b|\ba cada (hora|minuto)\b|\bprejuizo\b|\bfaturamento (parado|perdido|zerado)\b`,
  ],
  complaint: [
    String.raw`\b(fazer|registrar|abrir|formalizar|apresentar) (uma )?(reclamacao|queixa)\b|\blivro de reclamacoes\b|\breclamacao formal\b`,
    String.raw`\b(quero|vou|preciso) reclamar\b`,
  ],
  billingDispute: [
    String.raw`\b(cobrad[oa]s?|cobraram|debitad[oa]s?|descontad[oa]s?)\b[^.!?]{0,15}\b(duas vezes|em dobro|duplicad[oa]|a mais)\b|\bcobranca (duplicada|em dobro|indevida)\b`,
    String.raw`\b(estorno|chargeback|contestacao|contestar a (compra|cobranca))\b|\bnao (recebi|fizeram|foi feito) (o )?(reembolso|estorno)\b|\bsem (reembolso|estorno)\b`,
  ],
};

/** Cue patterns per language, for rules or tests that need to know which language a cue came from. */
export const CUES_BY_LANGUAGE: Record<'de' | 'es' | 'fr' | 'pt', Cues> = { de: GERMAN, es: SPANISH, fr: FRENCH, pt: PORTUGUESE };

const GROUPS = Object.keys(GERMAN) as CueGroup[];

/** Every language's patterns of a group, one list per group. */
export const FOREIGN_CUES: Record<CueGroup, string[]> = Object.fromEntries(
  GROUPS.map((group) => [group, Object.values(CUES_BY_LANGUAGE).flatMap((cues) => cues[group])]),
) as Record<CueGroup, string[]>;

/**
 * Scored sentiment words per language (AFINN scale, -5..5), over normalised single words. Words that
 * say nothing about mood in a support message ("bitte", "por favor", "ayuda", "aide") are left out, as
 * "help" and "please" are neutral in English; negation is handled by the sentiment reader.
 */
export const FOREIGN_SENTIMENT: Record<string, Record<string, number>> = {
  de: {
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
  },
  es: {
    gracias: 2, agradezco: 2, agradecido: 2, agradecida: 2, excelente: 3, genial: 3, bueno: 1, buena: 1, bien: 1,
    perfecto: 3, estupendo: 3, fantastico: 4, maravilloso: 4, encantado: 3, encantada: 3, contento: 2, contenta: 2,
    satisfecho: 2, satisfecha: 2, rapido: 1, amable: 2, util: 2, resuelto: 2, solucionado: 2, felicidades: 3,
    recomiendo: 2,
    inaceptable: -4, inadmisible: -4, indignante: -4, indignado: -4, indignada: -4, vergonzoso: -4, verguenza: -3,
    harto: -3, harta: -3, pesimo: -4, pesima: -4, terrible: -3, horrible: -3, fatal: -3, malo: -2, mala: -2, mal: -2,
    peor: -3, lamentable: -3, decepcionado: -3, decepcionada: -3, decepcion: -3, frustrado: -3, frustrada: -3,
    frustrante: -3, molesto: -2, molesta: -2, enfadado: -3, enfadada: -3, enojado: -3, enojada: -3, cabreado: -4,
    cabreada: -4, furioso: -4, furiosa: -4, estafa: -4, estafadores: -4, ladrones: -4, fraude: -3,
    incompetentes: -4, incompetente: -4, inutil: -3, inutiles: -3, ridiculo: -3, basura: -3, mierda: -4, asco: -4,
    caido: -2, caida: -2, problema: -2, problemas: -2, error: -2, errores: -2, fallo: -2, falla: -2, roto: -2,
    perdido: -2, hackeado: -3, hackeada: -3, abogados: -2, abogado: -2, retraso: -2, retrasado: -2, esperando: -1,
    nadie: -1, urgente: -1, queja: -2, reclamacion: -2, desastre: -4, disgustado: -3, insatisfecho: -3,
    descontento: -3, burla: -3,
  },
  fr: {
    merci: 2, excellent: 3, super: 3, bien: 1, parfait: 3, genial: 3, formidable: 4, top: 2, satisfait: 2,
    satisfaite: 2, content: 2, contente: 2, ravi: 3, ravie: 3, rapide: 1, efficace: 2, aimable: 2, utile: 2,
    resolu: 2, bravo: 3, felicitations: 3, recommande: 2, impeccable: 3,
    inadmissible: -4, inacceptable: -4, scandaleux: -4, scandale: -4, honteux: -4, honte: -3, nul: -3, nulle: -3,
    terrible: -2, horrible: -3, lamentable: -3, deplorable: -3, pitoyable: -4, catastrophique: -4, catastrophe: -4,
    decu: -3, decue: -3, decevant: -3, deception: -3, frustre: -3, frustree: -3, frustrant: -3, agace: -2,
    enerve: -3, enervee: -3, furieux: -4, furieuse: -4, mecontent: -3, mecontente: -3, insatisfait: -3, marre: -3,
    arnaque: -4, escroquerie: -4, escrocs: -4, voleurs: -4, incompetent: -4, incompetents: -4, inutile: -2,
    ridicule: -3, merde: -4, panne: -2, bloque: -2, bloquee: -2, probleme: -2, problemes: -2, erreur: -2,
    erreurs: -2, bug: -2, plante: -2, perdu: -2, perdues: -2, pirate: -3, avocat: -2, resilier: -2, attente: -1,
    retard: -2, pire: -3, plainte: -2, reclamation: -2, mauvais: -2, mauvaise: -2, mal: -2, desastre: -4,
    degoute: -4,
  },
  pt: {
    obrigado: 2, obrigada: 2, valeu: 2, agradeco: 2, otimo: 3, otima: 3, excelente: 3, perfeito: 3, perfeita: 3,
    maravilhoso: 4, incrivel: 3, parabens: 3, bom: 2, satisfeito: 2, satisfeita: 2, contente: 2, feliz: 3,
    rapido: 1, eficiente: 2, gentil: 2, resolvido: 2, recomendo: 2, top: 2,
    inaceitavel: -4, inadmissivel: -4, absurdo: -3, ridiculo: -3, vergonha: -3, pessimo: -4, pessima: -4,
    terrivel: -3, horrivel: -3, lamentavel: -3, decepcionado: -3, decepcionada: -3, decepcao: -3, frustrado: -3,
    frustrada: -3, frustrante: -3, chateado: -2, chateada: -2, irritado: -3, irritada: -3, revoltado: -4,
    revoltada: -4, indignado: -4, indignada: -4, furioso: -4, furiosa: -4, insatisfeito: -3, insatisfeita: -3,
    descaso: -3, desrespeito: -4, palhacada: -4, incompetentes: -4, incompetencia: -4, lixo: -3, porcaria: -3,
    merda: -4, golpe: -4, fraude: -3, roubo: -4, ladroes: -4, problema: -2, problemas: -2, erro: -2, erros: -2,
    falha: -2, defeito: -2, quebrado: -2, hackeado: -3, hackeada: -3, invadida: -3, advogado: -2, atraso: -2,
    atrasado: -2, demora: -2, esperando: -1, ninguem: -1, urgente: -1, reclamacao: -2, mal: -2, mau: -2, ruim: -3,
    pior: -3, farto: -3, desastre: -4,
  },
};
