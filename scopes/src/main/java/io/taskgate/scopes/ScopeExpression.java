package io.taskgate.scopes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A requirement on a scope set: a scope, {@code {"AllOf": [...]}} or {@code {"AnyOf": [...]}}.
 * An empty {@code AllOf} is always satisfied and an empty {@code AnyOf} never is.
 */
public sealed interface ScopeExpression {

    /** A single required scope, satisfied when any held scope matches it. */
    record Scope(String scope) implements ScopeExpression {
        public Scope {
            if (!Scopes.isValid(scope)) {
                throw new IllegalArgumentException("scope must be printable ASCII: " + describe(scope));
            }
        }

        @Override
        public boolean satisfiedBy(ScopeSet held) {
            return held.satisfies(scope);
        }
    }

    /** Satisfied when every part is. */
    record AllOf(List<ScopeExpression> parts) implements ScopeExpression {
        public AllOf {
            parts = List.copyOf(parts);
        }

        @Override
        public boolean satisfiedBy(ScopeSet held) {
            for (int i = 0, n = parts.size(); i < n; i++) {
                if (!parts.get(i).satisfiedBy(held)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Satisfied when at least one part is. */
    record AnyOf(List<ScopeExpression> parts) implements ScopeExpression {
        public AnyOf {
            parts = List.copyOf(parts);
        }

        @Override
        public boolean satisfiedBy(ScopeSet held) {
            for (int i = 0, n = parts.size(); i < n; i++) {
                if (parts.get(i).satisfiedBy(held)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The expression that requires every one of {@code scopes}. */
    static ScopeExpression allOf(String... scopes) {
        List<ScopeExpression> parts = new ArrayList<>(scopes.length);
        for (String s : scopes) {
            parts.add(new Scope(s));
        }
        return new AllOf(parts);
    }

    /** Parses an expression from its JSON text. */
    static ScopeExpression parse(String json) {
        return fromTree(Json.parse(json));
    }

    /**
     * Reads an expression from a parsed JSON tree: a {@link String}, or a {@link Map} with exactly
     * one key {@code AllOf} or {@code AnyOf} whose value is a {@link List}. Errors name the path.
     */
    static ScopeExpression fromTree(Object tree) {
        return fromTree(tree, "expression");
    }

    private static ScopeExpression fromTree(Object tree, String path) {
        if (tree instanceof String s) {
            if (!Scopes.isValid(s)) {
                throw new IllegalArgumentException(path + ": scope must be printable ASCII");
            }
            return new Scope(s);
        }
        if (tree instanceof Map<?, ?> map) {
            if (map.size() != 1) {
                throw new IllegalArgumentException(path + ": an object must have exactly one key, AllOf or AnyOf");
            }
            Map.Entry<?, ?> entry = map.entrySet().iterator().next();
            Object key = entry.getKey();
            if (!"AllOf".equals(key) && !"AnyOf".equals(key)) {
                throw new IllegalArgumentException(path + ": unknown key \"" + key + "\", expected AllOf or AnyOf");
            }
            if (!(entry.getValue() instanceof List<?> list)) {
                throw new IllegalArgumentException(path + "." + key + ": must be an array");
            }
            List<ScopeExpression> parts = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                parts.add(fromTree(list.get(i), path + "." + key + "[" + i + "]"));
            }
            return "AllOf".equals(key) ? new AllOf(parts) : new AnyOf(parts);
        }
        throw new IllegalArgumentException(path + ": must be a string or an object with AllOf or AnyOf");
    }

    /** True when {@code held} satisfies this expression. */
    boolean satisfiedBy(ScopeSet held);

    /**
     * What {@code held} still lacks: this expression with every satisfied part removed, or empty when
     * it is satisfied. A one-part {@code AllOf}/{@code AnyOf} collapses to that part; an {@code AnyOf}
     * stays whole, since any one of its parts would do.
     */
    default Optional<ScopeExpression> unsatisfied(ScopeSet held) {
        return switch (this) {
            case Scope s -> held.satisfies(s.scope()) ? Optional.empty() : Optional.of(s);
            case AllOf all -> {
                List<ScopeExpression> missing = new ArrayList<>();
                for (ScopeExpression part : all.parts()) {
                    part.unsatisfied(held).ifPresent(missing::add);
                }
                yield missing.isEmpty() ? Optional.empty()
                        : Optional.of(missing.size() == 1 ? missing.get(0) : new AllOf(missing));
            }
            case AnyOf any -> {
                List<ScopeExpression> missing = new ArrayList<>();
                for (ScopeExpression part : any.parts()) {
                    Optional<ScopeExpression> rest = part.unsatisfied(held);
                    if (rest.isEmpty()) {
                        yield Optional.empty();
                    }
                    missing.add(rest.get());
                }
                yield Optional.of(missing.size() == 1 ? missing.get(0) : new AnyOf(missing));
            }
        };
    }

    /** Every scope string named anywhere in the expression, in order of appearance. */
    default List<String> scopes() {
        List<String> out = new ArrayList<>();
        collect(this, out);
        return out;
    }

    private static void collect(ScopeExpression e, List<String> out) {
        switch (e) {
            case Scope s -> out.add(s.scope());
            case AllOf all -> all.parts().forEach(p -> collect(p, out));
            case AnyOf any -> any.parts().forEach(p -> collect(p, out));
        }
    }

    /** The expression as a JSON tree of String, Map and List, for JSON writers. */
    default Object toTree() {
        return switch (this) {
            case Scope s -> s.scope();
            case AllOf all -> Map.of("AllOf", all.parts().stream().map(ScopeExpression::toTree).toList());
            case AnyOf any -> Map.of("AnyOf", any.parts().stream().map(ScopeExpression::toTree).toList());
        };
    }

    /** The expression as compact JSON text. */
    default String toJson() {
        StringBuilder out = new StringBuilder();
        write(this, out);
        return out.toString();
    }

    private static void write(ScopeExpression e, StringBuilder out) {
        List<ScopeExpression> parts;
        switch (e) {
            case Scope s -> {
                Json.quote(s.scope(), out);
                return;
            }
            case AllOf all -> {
                out.append("{\"AllOf\":[");
                parts = all.parts();
            }
            case AnyOf any -> {
                out.append("{\"AnyOf\":[");
                parts = any.parts();
            }
        }
        for (int i = 0; i < parts.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            write(parts.get(i), out);
        }
        out.append("]}");
    }

    private static String describe(String scope) {
        return scope == null ? "null" : "a string of " + scope.length() + " characters";
    }
}
