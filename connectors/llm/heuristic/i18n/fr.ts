/** French cues and sentiment words, over normalised text (see `../lexicon-i18n.ts`). */
import type { Cues } from '../lexicon-i18n.ts';

export const cues: Cues = {
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

export const sentiment: Record<string, number> = {
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
};
