package org.ketaminecds.core;

import java.util.List;

/**
 * What a knowledge package says about one rule, besides its logic.
 *
 * @param id      catalog id, e.g. {@code KET-CONTRA-001}
 * @param title   the catalog title
 * @param ruleSet the rule set it belongs to
 * @param sources the knowledge-base sources it cites
 */
public record RuleInfo(String id, String title, RuleSet ruleSet, List<String> sources) {
    public RuleInfo {
        sources = List.copyOf(sources);
    }
}
