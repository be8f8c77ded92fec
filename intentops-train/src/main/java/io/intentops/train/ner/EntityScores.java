package io.intentops.train.ner;

import io.intentops.inference.ner.internal.BioDecoder;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Interim conlleval scoring (entity P/R/F1 by exact span and type; token micro-F1 over non-O tags)
 * used for dev-set early stopping until eval's {@code NerMetrics} is merged. Package-private.
 */
record EntityScores(double precision, double recall, double f1, double tokenMicroF1) {

  static EntityScores of(List<String[]> gold, List<String[]> pred) {
    long tp = 0;
    long nGold = 0;
    long nPred = 0;
    long tokTp = 0;
    long tokGold = 0;
    long tokPred = 0;
    for (int s = 0; s < gold.size(); s++) {
      String[] g = gold.get(s);
      String[] p = pred.get(s);
      Set<BioDecoder.Span> gs = new HashSet<>(BioDecoder.spans(g));
      List<BioDecoder.Span> ps = BioDecoder.spans(p);
      nGold += gs.size();
      nPred += ps.size();
      for (BioDecoder.Span sp : ps) {
        if (gs.contains(sp)) {
          tp++;
        }
      }
      for (int i = 0; i < g.length; i++) {
        boolean gi = !g[i].equals("O");
        boolean pi = !p[i].equals("O");
        tokGold += gi ? 1 : 0;
        tokPred += pi ? 1 : 0;
        if (gi && pi && g[i].equals(p[i])) {
          tokTp++;
        }
      }
    }
    double pr = nPred == 0 ? 0 : (double) tp / nPred;
    double rc = nGold == 0 ? 0 : (double) tp / nGold;
    double f = pr + rc == 0 ? 0 : 2 * pr * rc / (pr + rc);
    double tp2 = tokPred == 0 ? 0 : (double) tokTp / tokPred;
    double tr2 = tokGold == 0 ? 0 : (double) tokTp / tokGold;
    double tf = tp2 + tr2 == 0 ? 0 : 2 * tp2 * tr2 / (tp2 + tr2);
    return new EntityScores(100 * pr, 100 * rc, 100 * f, 100 * tf);
  }
}
