package io.jenkins.plugins.ecrpipeline.compose;

import io.jenkins.plugins.ecrpipeline.RequestField;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/** Reads a YAML file into {@link YamlValue}s with line numbers, resolving anchors and merge keys ({@code <<}). */
final class YamlReader {
    private static final int MAX_ALIASES = 200;

    private YamlReader() {
    }

    static YamlValue read(Path file) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setAllowDuplicateKeys(false);
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            // The composer alone, as Yaml.compose runs it: a Yaml object would also set up the constructor, representer and
            // dumper it carries, which reading nodes never uses (some 10 ms at the start of every run).
            Node root = new Composer(new ParserImpl(new StreamReader(reader), options), new Resolver(), options).getSingleNode();
            if (root == null) {
                throw new ComposeException(SourceLocation.of(file, 1), "the file is empty; a compose file needs a 'services:' section");
            }
            return convert(file, root);
        } catch (NoSuchFileException e) {
            throw ComposeException.forField(RequestField.COMPOSE_FILE, "compose file not found: " + file
                    + ". Give the right compose file path (relative paths start at the workspace), or run from the directory that holds docker-compose.yml.");
        } catch (IOException e) {
            throw new ComposeException("cannot read compose file " + file + ": " + e.getMessage());
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : 1;
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
            String context = e.getContext() != null ? " (" + e.getContext() + ")" : "";
            throw new ComposeException(SourceLocation.of(file, line),
                    "YAML syntax error: " + problem + context + ". Check indentation and quoting on this line and the one above.");
        } catch (YAMLException e) {
            throw new ComposeException(SourceLocation.of(file, 1), "YAML error: " + e.getMessage());
        }
    }

    private static YamlValue convert(Path file, Node node) {
        SourceLocation where = SourceLocation.of(file, node.getStartMark().getLine() + 1);
        if (node instanceof ScalarNode scalar) {
            return new YamlValue.Scalar(scalar.getValue(), typeOf(scalar.getTag()), where);
        }
        if (node instanceof SequenceNode sequence) {
            List<YamlValue> items = new ArrayList<>();
            for (Node item : sequence.getValue()) {
                items.add(convert(file, item));
            }
            return new YamlValue.Sequence(items, where);
        }
        MappingNode mapping = (MappingNode) node;
        Map<String, YamlValue> explicit = new LinkedHashMap<>();
        Map<String, YamlValue> merged = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node key = tuple.getKeyNode();
            if (Tag.MERGE.equals(key.getTag())) {
                mergeInto(file, merged, tuple.getValueNode());
                continue;
            }
            if (!(key instanceof ScalarNode keyScalar)) {
                throw new ComposeException(SourceLocation.of(file, key.getStartMark().getLine() + 1),
                        "mapping keys must be plain names, not a list or mapping");
            }
            explicit.put(keyScalar.getValue(), convert(file, tuple.getValueNode()));
        }
        // Keys written in the mapping win over keys brought in with <<, as YAML's merge key specifies.
        merged.putAll(explicit);
        return new YamlValue.Mapping(merged, where);
    }

    private static void mergeInto(Path file, Map<String, YamlValue> merged, Node source) {
        List<Node> sources = source instanceof SequenceNode seq ? seq.getValue() : List.of(source);
        for (Node each : sources) {
            YamlValue value = convert(file, each);
            if (!(value instanceof YamlValue.Mapping m)) {
                throw new ComposeException(value.location(), "'<<' must merge a mapping (an anchor like *defaults), not " + value.describe());
            }
            // In a list of merged mappings the first one wins.
            m.entries().forEach(merged::putIfAbsent);
        }
    }

    private static YamlValue.ScalarType typeOf(Tag tag) {
        if (Tag.NULL.equals(tag)) {
            return YamlValue.ScalarType.NULL;
        }
        if (Tag.BOOL.equals(tag)) {
            return YamlValue.ScalarType.BOOLEAN;
        }
        if (Tag.INT.equals(tag) || Tag.FLOAT.equals(tag)) {
            return YamlValue.ScalarType.NUMBER;
        }
        return YamlValue.ScalarType.STRING;
    }
}
