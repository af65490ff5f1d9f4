package io.postern.relay;

/**
 * A command as each filter of a session's chain saw it (its input to {@code onCommand}), kept
 * with the command's place in the reply queue so that every filter's {@code onResponse} gets
 * the command it answers in its own view. When no filter replaced the command, all saw the
 * same one and nothing but it is kept.
 *
 * @param <C> the protocol's command type
 */
public final class SeenCommand<C> {

    private final C first;
    /** By filter index, from the first replacement on; {@code null} when no filter replaced it. */
    private final Object[] views;
    private final C sent;

    private SeenCommand(C first, Object[] views, C sent) {
        this.first = first;
        this.views = views;
        this.sent = sent;
    }

    /** A command every filter saw as it came (or that no filter saw: the chain is empty). */
    public static <C> SeenCommand<C> unchanged(C command) {
        return new SeenCommand<>(command, null, command);
    }

    /** Built by the chain while it runs: filter {@code i} saw {@code views[i]}. */
    static <C> SeenCommand<C> of(C first, Object[] views, C sent) {
        return views == null ? unchanged(first) : new SeenCommand<>(first, views, sent);
    }

    /** The command as filter {@code index} saw it. */
    @SuppressWarnings("unchecked")
    public C by(int index) {
        return views == null || views[index] == null ? first : (C) views[index];
    }

    /** The command as it went upstream (after the last replacement). */
    public C sent() {
        return sent;
    }

    /** The command as the client sent it. */
    public C original() {
        return first;
    }

    /** Never the command itself: its arguments may be private. */
    @Override
    public String toString() {
        return views == null ? "SeenCommand[unchanged]" : "SeenCommand[replaced]";
    }
}
