package io.jenkins.plugins.ecrpipeline.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The Jenkins plugin lets engine values cross the agent channel only when its ClassFilter lists them; a value that
 * gains a field of a new engine type fails every agent call at run time ("Rejected: ...") unless the list grows too.
 * This checks the list against the engine's classes, without a Jenkins, so the plugin's fast tests catch what otherwise
 * only the real-controller tests would.
 */
class AgentChannelClassFilterTest {
    // The plugin's own list, next to this test: the tests run in plugin/.
    private static final Path CLASS_FILTER = Path.of("src", "main", "resources", "META-INF", "hudson.remoting.ClassFilter");
    private static final String ENGINE = "io.jenkins.plugins.ecrpipeline.";

    @Test
    void everyEngineTypeReachableFromAListedValueIsListed() throws Exception {
        Set<String> listed = listed();
        Set<String> missing = new TreeSet<>();
        Deque<Class<?>> queue = new ArrayDeque<>();
        for (String name : listed) {
            queue.add(Class.forName(name));
        }
        Set<Class<?>> seen = new java.util.HashSet<>();
        while (!queue.isEmpty()) {
            Class<?> type = queue.poll();
            if (!seen.add(type)) {
                continue;
            }
            for (Class<?> c = type; c != null && c.getName().startsWith(ENGINE); c = c.getSuperclass()) {
                for (Field field : c.getDeclaredFields()) {
                    if (Modifier.isStatic(field.getModifiers()) || Modifier.isTransient(field.getModifiers())) {
                        continue;
                    }
                    for (Class<?> reached : engineTypes(field.getGenericType())) {
                        if (!reached.isInterface() && !Modifier.isAbstract(reached.getModifiers()) && !listed.contains(reached.getName())) {
                            missing.add(reached.getName() + " (a field of " + type.getName() + ")");
                        }
                        queue.add(reached);
                    }
                }
            }
        }
        assertEquals(Set.of(), missing, "add these to " + CLASS_FILTER + ", or they are rejected on the agent channel");
    }

    @Test
    void everyListedClassExistsAndIsSerializable() throws Exception {
        for (String name : listed()) {
            assertTrue(java.io.Serializable.class.isAssignableFrom(Class.forName(name)), name + " is listed but not Serializable");
        }
    }

    private static Set<String> listed() throws IOException {
        List<String> lines = Files.readAllLines(CLASS_FILTER);
        Set<String> names = new TreeSet<>();
        for (String line : lines) {
            String name = line.strip();
            if (!name.isEmpty() && !name.startsWith("#") && name.startsWith(ENGINE)) {
                names.add(name);
            }
        }
        return names;
    }

    /** The engine classes a field's type names, type arguments (List of X, Map of K to V) included. */
    private static Set<Class<?>> engineTypes(Type type) {
        Set<Class<?>> found = new java.util.HashSet<>();
        if (type instanceof Class<?> c) {
            Class<?> element = c.isArray() ? c.getComponentType() : c;
            if (element.getName().startsWith(ENGINE)) {
                found.add(element);
            }
        } else if (type instanceof ParameterizedType p) {
            found.addAll(engineTypes(p.getRawType()));
            for (Type argument : p.getActualTypeArguments()) {
                found.addAll(engineTypes(argument));
            }
        } else if (type instanceof GenericArrayType a) {
            found.addAll(engineTypes(a.getGenericComponentType()));
        }
        return found;
    }
}
