/** Spanish cues and sentiment words, over normalised text (see `../lexicon-i18n.ts`). */
import type { Cues } from '../lexicon-i18n.ts';

export const cues: Cues = {
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

export const sentiment: Record<string, number> = {
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
};
