package io.jenkins.plugins.ecrpipeline.compose;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A parsed YAML node that remembers where it was written, so every compose error can name its line. */
sealed interface YamlValue {
    SourceLocation location();

    /** How YAML 1.1 typed a scalar; compose rejects some types (booleans) where it wants strings. */
    enum ScalarType { STRING, NUMBER, BOOLEAN, NULL }

    record Scalar(String text, ScalarType type, SourceLocation location) implements YamlValue {
        boolean isNull() {
            return type == ScalarType.NULL;
        }
    }

    record Mapping(Map<String, YamlValue> entries, SourceLocation location) implements YamlValue {
        public Mapping {
            entries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }
    }

    record Sequence(List<YamlValue> items, SourceLocation location) implements YamlValue {
        public Sequence {
            items = List.copyOf(items);
        }
    }

    /** Names the kind of value for error messages ("a list", "boolean 'yes'"). */
    default String describe() {
        if (this instanceof Scalar s) {
            return s.type() == ScalarType.NULL ? "an empty value" : s.type().name().toLowerCase() + " '" + s.text() + "'";
        }
        return this instanceof Mapping ? "a mapping" : "a list";
    }
}
