package io.bedside.ui.findings;

import io.bedside.model.text.HostText;
import io.bedside.model.findings.Evidence;
import io.bedside.model.findings.Finding;
import io.bedside.model.findings.Subject;
import io.bedside.model.memory.MemoryFixPlans;
import io.bedside.model.findings.FixOffer;

import java.util.HashMap;
import java.util.Map;

/** Turns the model's findings into what the areas list. Pure: built off the FX thread. */
public final class FindingItems {
    /** The most raw lines one evidence block shows; the rest are counted. */
    public static final int EVIDENCE_LINES = 200;

    private FindingItems() {
    }

    public static FindingItem of(Finding f) {
        StringBuilder b = new StringBuilder();
        int total = 0;
        for (Evidence e : f.evidence()) {
            total += e.lines().size();
            if (!b.isEmpty()) {
                b.append('\n');
            }
            // shown in the window: captions and raw lines with control, bidi and invalid bytes as visible escapes
            b.append("# ").append(HostText.window(e.caption())).append("  [").append(HostText.window(e.source())).append("]\n");
            if (e.lines().isEmpty()) {
                b.append("  (no lines)\n");
            }
            int shown = Math.min(e.lines().size(), EVIDENCE_LINES);
            for (int i = 0; i < shown; i++) {
                b.append(HostText.preformatted(e.lines().get(i))).append('\n');
            }
            if (e.lines().size() > shown) {
                b.append("… ").append(e.lines().size() - shown).append(" more lines not shown here\n");
            }
        }
        return new FindingItem(f.id(), f.severity(), f.summary(), b.toString().stripTrailing(), total, FixOffer.ids(f.fixes()),
                fixParams(f), f.subjects());
    }

    /** What each fix's wizard starts with: the parameters the finding's rule offered it with. */
    static Map<String, Map<String, String>> fixParams(Finding f) {
        Map<String, Map<String, String>> out = new HashMap<>();
        for (FixOffer o : f.fixes()) {
            if (!o.params().isEmpty()) {
                out.putIfAbsent(o.fixId(), o.params());
            }
        }
        return out;
    }
}
