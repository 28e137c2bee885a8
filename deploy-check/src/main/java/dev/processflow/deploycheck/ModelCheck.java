package dev.processflow.deploycheck;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Each object must parse into a typed model, and every field of it must be one the model knows: fabric8 and Strimzi
 * models keep unknown fields aside instead of failing, so a misspelt field ({@code consumerGrop}) would otherwise
 * pass unnoticed and be ignored by the cluster.
 */
public final class ModelCheck {

    private ModelCheck() {
    }

    public static List<String> findings(Manifests manifests) {
        List<String> findings = new ArrayList<>();
        for (HasMetadata resource : manifests.all()) {
            String id = Names.id(resource);
            if (resource instanceof GenericKubernetesResource) {
                findings.add(id + ": no typed model for apiVersion " + resource.getApiVersion() + " (misspelt kind or apiVersion?)");
                continue;
            }
            unknownFields(resource, id, findings, Collections.newSetFromMap(new IdentityHashMap<>()));
        }
        return findings;
    }

    private static void unknownFields(Object value, String path, List<String> findings, Set<Object> seen) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean
                || value instanceof Enum<?> || value instanceof IntOrString || value instanceof Quantity
                || !seen.add(value)) {
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> unknownFields(v, path + "." + k, findings, seen));
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknownFields(item, path + "[" + i++ + "]", findings, seen);
            }
            return;
        }
        String pkg = value.getClass().getPackageName();
        if (!pkg.startsWith("io.fabric8.") && !pkg.startsWith("io.strimzi.")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object field;
            try {
                field = getter.invoke(value);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (field instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    findings.add(path + ": unknown field(s) " + extra.keySet());
                }
                continue;
            }
            String name = getter.getName().substring(3);
            unknownFields(field, path + "." + Character.toLowerCase(name.charAt(0)) + name.substring(1), findings, seen);
        }
    }
}
