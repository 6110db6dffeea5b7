package io.taskgate.scopes;

/**
 * One rule inside a resolver: the compiled rule, the entries it depends on, and its precomputed
 * grants. The build that creates an entry fills it in; after that it never changes, so an update
 * shares every entry that the change does not reach with the resolver it came from.
 */
final class Entry {

    final Rule rule;
    /** The entries this rule's scopes reach, {@code <..>} taken as '*'. */
    Entry[] deps;
    /** What matching this rule grants before any parameter: the closure of its fixed scopes. */
    ScopeSet expansion;
    /** What an input ending in '*' that reaches this rule grants: parameters taken as '*'. */
    ScopeSet kleene;
    /** Set while the build's depth-first search has this entry on its stack. */
    boolean visiting;

    Entry(Rule rule) {
        this.rule = rule;
    }

    boolean done() {
        return kleene != null;
    }
}
