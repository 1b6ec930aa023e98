package io.klarsyn.connectorconfig.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.ObjectClassDefinition;

import io.klarsyn.api.security.SecretStore;
import io.klarsyn.api.server.ConnectorConfigurations;
import io.klarsyn.api.server.ConnectorField;

/** One connector's per-job fields, from its metatype object class: their description, check and types. */
final class ConnectorFields {

    private final String connector;
    private final List<AttributeDefinition> attributes;
    private final Set<String> required;

    ConnectorFields(String connector, ObjectClassDefinition ocd) {
        this.connector = connector;
        this.attributes = List.of(ocd.getAttributeDefinitions(ObjectClassDefinition.ALL));
        AttributeDefinition[] req = ocd.getAttributeDefinitions(ObjectClassDefinition.REQUIRED);
        this.required = req == null ? Set.of() : Set.copyOf(Arrays.stream(req).map(AttributeDefinition::getID).toList());
    }

    List<ConnectorField> fields() {
        List<ConnectorField> out = new ArrayList<>();
        for (AttributeDefinition a : attributes) {
            String[] d = a.getDefaultValue();
            String def = d == null || d.length == 0 ? null : d[0];
            String[] options = a.getOptionValues();
            out.add(new ConnectorField(a.getID(), a.getName() == null ? a.getID() : a.getName(), a.getDescription(),
                    type(a.getType()), a.getType() == AttributeDefinition.PASSWORD, required.contains(a.getID()) && def == null,
                    def, options == null ? List.of() : List.of(options)));
        }
        return out;
    }

    /** {@link ConnectorConfigurations#prepare}: checked values, secrets sealed. */
    Map<String, String> prepare(Map<String, String> values, SecretStore secrets) {
        for (String key : values.keySet()) {
            if (attributes.stream().noneMatch(a -> a.getID().equals(key))) {
                throw new IllegalArgumentException(ConnectorConfigurations.FIELD + "." + key + ": connector '" + connector
                        + "' has no such field (fields: " + String.join(", ", attributes.stream().map(AttributeDefinition::getID).toList())
                        + ")");
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (ConnectorField f : fields()) {
            String v = values.get(f.id());
            v = v == null ? null : v.strip();
            if (v == null || v.isEmpty()) {
                if (f.required()) {
                    throw new IllegalArgumentException(ConnectorConfigurations.FIELD + "." + f.id() + ": required by connector '"
                            + connector + "' (" + f.name() + ")");
                }
                continue;
            }
            if (f.secret()) {
                out.put(f.id(), SecretStore.isSealed(v) ? v : secrets.seal(v));
                continue;
            }
            AttributeDefinition a = attribute(f.id());
            try {
                typed(a, v);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(ConnectorConfigurations.FIELD + "." + f.id() + ": '" + f.shown(v) + "' is not "
                        + article(f.type()), e);
            }
            String problem = a.validate(v);
            if (problem != null && !problem.isEmpty()) {
                throw new IllegalArgumentException(ConnectorConfigurations.FIELD + "." + f.id() + ": " + problem);
            }
            out.put(f.id(), v);
        }
        return out;
    }

    /**
     * @return the values as the server's log shows them, {@code id=value, ...}: each through
     *         {@link ConnectorField#shown}, a secret as {@code ••••••}, a URL's password as {@code ***}
     */
    String shown(Map<String, String> values) {
        List<ConnectorField> fields = fields();
        List<String> parts = new ArrayList<>();
        values.forEach((k, v) -> parts.add(k + "=" + fields.stream().filter(f -> f.id().equals(k)).findFirst()
                .map(f -> f.shown(v)).orElse(SecretStore.mask(v))));
        return String.join(", ", parts);
    }

    /** @return the value as Configuration Admin holds an attribute of its type */
    Object typed(String id, String value) {
        return typed(attribute(id), value);
    }

    boolean secret(String id) {
        return attribute(id).getType() == AttributeDefinition.PASSWORD;
    }

    private AttributeDefinition attribute(String id) {
        return attributes.stream().filter(a -> a.getID().equals(id)).findFirst().orElseThrow();
    }

    private static Object typed(AttributeDefinition a, String v) {
        return switch (a.getType()) {
            case AttributeDefinition.LONG -> Long.valueOf(v);
            case AttributeDefinition.INTEGER -> Integer.valueOf(v);
            case AttributeDefinition.SHORT -> Short.valueOf(v);
            case AttributeDefinition.BYTE -> Byte.valueOf(v);
            case AttributeDefinition.DOUBLE -> Double.valueOf(v);
            case AttributeDefinition.FLOAT -> Float.valueOf(v);
            case AttributeDefinition.BOOLEAN -> switch (v.toLowerCase(java.util.Locale.ROOT)) {
                case "true" -> Boolean.TRUE;
                case "false" -> Boolean.FALSE;
                default -> throw new IllegalArgumentException(v);
            };
            case AttributeDefinition.CHARACTER -> {
                if (v.length() != 1) {
                    throw new IllegalArgumentException(v);
                }
                yield v.charAt(0);
            }
            default -> v;
        };
    }

    private static String article(String type) {
        return switch (type) {
            case "integer", "long", "short", "byte" -> "a whole number";
            case "double", "float" -> "a number";
            case "boolean" -> "true or false";
            case "character" -> "one character";
            default -> "a " + type;
        };
    }

    static String type(int type) {
        return switch (type) {
            case AttributeDefinition.LONG -> "long";
            case AttributeDefinition.INTEGER -> "integer";
            case AttributeDefinition.SHORT -> "short";
            case AttributeDefinition.BYTE -> "byte";
            case AttributeDefinition.CHARACTER -> "character";
            case AttributeDefinition.DOUBLE -> "double";
            case AttributeDefinition.FLOAT -> "float";
            case AttributeDefinition.BOOLEAN -> "boolean";
            case AttributeDefinition.PASSWORD -> "password";
            default -> "string";
        };
    }
}
