package io.postern.config;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Recovers the written order of a block's entries, which Typesafe's ConfigObject does not keep. */
final class ConfigOrder {

    private ConfigOrder() {
    }

    /** The entries by file and line of their values, then by name (for values on one line). */
    static List<Map.Entry<String, ConfigValue>> inFileOrder(ConfigObject object) {
        List<Map.Entry<String, ConfigValue>> entries = new ArrayList<>(object.entrySet());
        entries.sort(Comparator.comparing((Map.Entry<String, ConfigValue> e) -> fileOf(e.getValue()))
                .thenComparingInt(e -> e.getValue().origin().lineNumber())
                .thenComparing(Map.Entry::getKey));
        return entries;
    }

    private static String fileOf(ConfigValue v) {
        String file = Problems.fileOf(v.origin());
        return file == null ? "" : file;
    }
}
