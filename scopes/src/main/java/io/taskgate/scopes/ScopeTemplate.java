package io.taskgate.scopes;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scope expression with parameters, so that a route can declare what it needs as data:
 * {@code <param>} inside strings, {@code {"for": "x", "in": "list", "each": "prefix:<x>"}} spliced
 * into the enclosing array, and {@code {"if": "flag", "then": expr, "else": expr}}, which is dropped
 * when the flag is false and there is no {@code else}.
 */
public final class ScopeTemplate {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9_]*");
    private static final Pattern PARAM = Pattern.compile("<([a-zA-Z][a-zA-Z0-9_]*)>");

    /** The type a template gives each of its parameters. */
    public enum ParamType { STRING, BOOLEAN, LIST }

    private sealed interface Node {}

    /** Literal text at even indexes, parameter names at odd ones. */
    private record Text(List<String> parts) implements Node {}

    private record Group(boolean allOf, List<Node> parts) implements Node {}

    private record For(String var, String in, Text each) implements Node {}

    private record If(String flag, Node then, Node otherwise) implements Node {}

    private final Node root;
    private final Map<String, ParamType> params;

    private ScopeTemplate(Node root) {
        this.root = root;
        Map<String, ParamType> found = new HashMap<>();
        collectParams(root, found, Set.of());
        this.params = Map.copyOf(found);
    }

    /** Parses a template from JSON text. */
    public static ScopeTemplate parse(String json) {
        return fromTree(Json.parse(json));
    }

    /** Reads a template from a JSON tree of String, Map, List and Boolean. Errors name the path. */
    public static ScopeTemplate fromTree(Object tree) {
        return new ScopeTemplate(compileRoot(tree, "template"));
    }

    /** A template without parameters, for a fixed expression. */
    public static ScopeTemplate of(ScopeExpression expression) {
        return fromTree(expression.toTree());
    }

    /** The parameters this template reads, with their types. */
    public Map<String, ParamType> params() {
        return params;
    }

    private static Node compileRoot(Object tree, String path) {
        Node node = compile(tree, path);
        if (node instanceof For) {
            throw new IllegalArgumentException(path + ": a for-loop must sit inside AllOf or AnyOf");
        }
        return node;
    }

    private static Node compile(Object tree, String path) {
        if (tree instanceof String s) {
            return text(s, path);
        }
        if (!(tree instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(path + ": must be a string or an object");
        }
        Set<?> keys = map.keySet();
        if (keys.equals(Set.of("AllOf")) || keys.equals(Set.of("AnyOf"))) {
            String key = (String) keys.iterator().next();
            if (!(map.get(key) instanceof List<?> list)) {
                throw new IllegalArgumentException(path + "." + key + ": must be an array");
            }
            List<Node> parts = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                parts.add(compile(list.get(i), path + "." + key + "[" + i + "]"));
            }
            return new Group(key.equals("AllOf"), List.copyOf(parts));
        }
        if (keys.equals(Set.of("for", "in", "each"))) {
            String var = name(map.get("for"), path + ".for");
            String in = name(map.get("in"), path + ".in");
            if (!(map.get("each") instanceof String each)) {
                throw new IllegalArgumentException(path + ".each: must be a string");
            }
            return new For(var, in, text(each, path + ".each"));
        }
        if (keys.equals(Set.of("if", "then")) || keys.equals(Set.of("if", "then", "else"))) {
            String flag = name(map.get("if"), path + ".if");
            Node then = compileRoot(map.get("then"), path + ".then");
            Node otherwise = map.containsKey("else") ? compileRoot(map.get("else"), path + ".else") : null;
            return new If(flag, then, otherwise);
        }
        throw new IllegalArgumentException(path + ": keys must be AllOf, AnyOf, {for, in, each} or {if, then, else}; got " + keys);
    }

    private static String name(Object value, String path) {
        if (value instanceof String s && NAME.matcher(s).matches()) {
            return s;
        }
        throw new IllegalArgumentException(path + ": must be a parameter name matching [a-zA-Z][a-zA-Z0-9_]*");
    }

    private static Text text(String s, String path) {
        if (!Scopes.isValid(s)) {
            throw new IllegalArgumentException(path + ": scope must be printable ASCII");
        }
        List<String> parts = new ArrayList<>();
        Matcher m = PARAM.matcher(s);
        int last = 0;
        while (m.find()) {
            parts.add(s.substring(last, m.start()));
            parts.add(m.group(1));
            last = m.end();
        }
        parts.add(s.substring(last));
        return new Text(List.copyOf(parts));
    }

    private static void collectParams(Node node, Map<String, ParamType> out, Set<String> bound) {
        switch (node) {
            case Text t -> {
                for (int i = 1; i < t.parts().size(); i += 2) {
                    if (!bound.contains(t.parts().get(i))) {
                        declare(out, t.parts().get(i), ParamType.STRING);
                    }
                }
            }
            case Group g -> g.parts().forEach(p -> collectParams(p, out, bound));
            case For f -> {
                declare(out, f.in(), ParamType.LIST);
                collectParams(f.each(), out, union(bound, f.var()));
            }
            case If i -> {
                declare(out, i.flag(), ParamType.BOOLEAN);
                collectParams(i.then(), out, bound);
                if (i.otherwise() != null) {
                    collectParams(i.otherwise(), out, bound);
                }
            }
        }
    }

    private static Set<String> union(Set<String> set, String extra) {
        Set<String> copy = new java.util.HashSet<>(set);
        copy.add(extra);
        return copy;
    }

    private static void declare(Map<String, ParamType> out, String name, ParamType type) {
        ParamType before = out.putIfAbsent(name, type);
        if (before != null && before != type) {
            throw new IllegalArgumentException("template parameter '" + name + "' cannot be both " + before + " and " + type);
        }
    }

    /**
     * Renders the template with the given parameters: strings (or numbers) for {@code <param>},
     * collections of strings for {@code in}, booleans for {@code if}. A root dropped by a false
     * {@code if} renders as an empty {@code AllOf}, which is always satisfied.
     *
     * @throws IllegalArgumentException when a parameter is missing or of the wrong type
     */
    public ScopeExpression render(Map<String, ?> values) {
        List<ScopeExpression> out = new ArrayList<>(1);
        render(root, values, out);
        return out.isEmpty() ? new ScopeExpression.AllOf(List.of()) : out.get(0);
    }

    private static void render(Node node, Map<String, ?> values, List<ScopeExpression> out) {
        switch (node) {
            case Text t -> out.add(new ScopeExpression.Scope(fill(t, values)));
            case Group g -> {
                List<ScopeExpression> parts = new ArrayList<>(g.parts().size());
                for (Node p : g.parts()) {
                    render(p, values, parts);
                }
                out.add(g.allOf() ? new ScopeExpression.AllOf(parts) : new ScopeExpression.AnyOf(parts));
            }
            case For f -> {
                if (!(values.get(f.in()) instanceof Collection<?> items)) {
                    throw new IllegalArgumentException("template parameter '" + f.in() + "' must be a list of strings");
                }
                Map<String, Object> nested = new HashMap<>(values);
                for (Object item : items) {
                    if (!(item instanceof String)) {
                        throw new IllegalArgumentException("template parameter '" + f.in() + "' must be a list of strings");
                    }
                    nested.put(f.var(), item);
                    out.add(new ScopeExpression.Scope(fill(f.each(), nested)));
                }
            }
            case If i -> {
                if (!(values.get(i.flag()) instanceof Boolean flag)) {
                    throw new IllegalArgumentException("template parameter '" + i.flag() + "' must be a boolean");
                }
                if (flag) {
                    render(i.then(), values, out);
                } else if (i.otherwise() != null) {
                    render(i.otherwise(), values, out);
                }
            }
        }
    }

    private static String fill(Text t, Map<String, ?> values) {
        List<String> parts = t.parts();
        if (parts.size() == 1) {
            return parts.get(0);
        }
        StringBuilder sb = new StringBuilder(parts.get(0));
        for (int i = 1; i < parts.size(); i += 2) {
            Object v = values.get(parts.get(i));
            if (v instanceof String || v instanceof Number) {
                sb.append(v);
            } else {
                throw new IllegalArgumentException("template parameter '" + parts.get(i) + "' must be a string");
            }
            sb.append(parts.get(i + 1));
        }
        return sb.toString();
    }
}
