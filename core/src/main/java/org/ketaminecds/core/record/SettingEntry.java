package org.ketaminecds.core.record;

import java.util.List;

/**
 * An Organization or Location where care happens, with its types (e.g. {@code LOCAL#rems-setting-certified}).
 *
 * @param id    {@code Organization/<id>} or {@code Location/<id>}
 * @param types codings of {@code type}
 */
public record SettingEntry(String id, List<Coding> types) {
    public SettingEntry {
        types = List.copyOf(types);
    }
}
