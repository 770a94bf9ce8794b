/** Portuguese cues and sentiment words, over normalised text (see `../lexicon-i18n.ts`). */
import type { Cues } from '../lexicon-i18n.ts';

export const cues: Cues = {
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

export const sentiment: Record<string, number> = {
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
};
