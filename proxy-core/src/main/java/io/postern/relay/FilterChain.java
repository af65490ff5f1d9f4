package io.postern.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.postern.module.Named;
import io.postern.spi.filter.CommandVerdict;
import io.postern.spi.filter.Direction;
import io.postern.spi.filter.PostLoginFilter;
import io.postern.spi.filter.ResponseVerdict;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * One session's filters, in phase order, and the rules of running them. Commands pass the
 * filters in phase order, responses in reverse (the filter nearest the server first), each
 * response with the command it answers as that filter saw it ({@link SeenCommand}). A
 * replacement is what the next filter sees; any other verdict but pass ends the chain for that
 * message. A filter's {@code Answer} passes back through the response path of the filters
 * before it. A filter that throws or returns {@code null} is logged and reported as a
 * {@link FilterFailure}, which ends the session (and only it). Used on the session's event loop
 * only.
 *
 * @param <C> the protocol's command type
 * @param <R> the protocol's response type
 */
public final class FilterChain<C, R> {

    /** Whether a filter class overrides {@code onStreamedData}, looked up once per class. */
    private static final ClassValue<Boolean> OBSERVES_STREAMS = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            try {
                return type.getMethod("onStreamedData", Direction.class, ByteBuffer.class).getDeclaringClass()
                        != PostLoginFilter.class;
            } catch (NoSuchMethodException e) {
                return true; // cannot happen: the interface declares it; show the data to be safe
            }
        }
    };

    private final List<Named<? extends PostLoginFilter<C, R>>> filters;
    /** The filters that look at streamed bytes: most do not, and then a chunk costs no view. */
    private final List<Named<? extends PostLoginFilter<C, R>>> streamObservers;
    private final FailureLog log;
    private final Function<C, String> commandName;
    private final Executor eventLoop;
    private boolean closed;

    /** Where a filter's failure is told: the session's log in production. */
    @FunctionalInterface
    public interface FailureLog {
        void error(String format, Object... args);
    }

    /**
     * @param filters in phase order; none for a session the core frames for its own rules
     *     (see {@link FilteredPostLogin}), whose chain passes everything
     * @param log the session's error log ({@code session.log()::error})
     * @param commandName names a command in a log line without its arguments, which may be
     *     private (the verb)
     */
    public FilterChain(List<Named<? extends PostLoginFilter<C, R>>> filters, FailureLog log,
                       Function<C, String> commandName) {
        this(filters, log, commandName, Runnable::run);
    }

    /**
     * @param eventLoop where the chain goes on once a filter's {@code later} verdict completes:
     *     the session's event loop
     */
    public FilterChain(List<Named<? extends PostLoginFilter<C, R>>> filters, FailureLog log,
                       Function<C, String> commandName, Executor eventLoop) {
        this.eventLoop = Objects.requireNonNull(eventLoop, "eventLoop");
        this.filters = List.copyOf(filters);
        this.streamObservers = this.filters.stream()
                .filter(f -> OBSERVES_STREAMS.get(f.handler().getClass())).toList();
        this.log = log;
        this.commandName = commandName;
    }

    /** Whether the chain has no filter (a session framed for the core's own rules). */
    public boolean isEmpty() {
        return filters.isEmpty();
    }

    /**
     * What the chain decided about a command.
     *
     * @param verdict {@code Pass} when every filter passed it, {@code Replace} with the last
     *     replacement when some replaced it and the rest passed, otherwise the first
     *     {@code Answer} (its responses as they came back through the filters before the one
     *     that answered) or {@code Close}; or {@code Later} when a filter's verdict is pending
     * @param seen the command as each filter saw it, to pair its responses with
     * @param later when the verdict is {@code Later}: the chain's decision once taken, completed
     *     on the session's event loop; {@code null} otherwise
     */
    public record Decision<C, R>(CommandVerdict<C, R> verdict, SeenCommand<C> seen,
                                 CompletionStage<Decision<C, R>> later) {

        Decision(CommandVerdict<C, R> verdict, SeenCommand<C> seen) {
            this(verdict, seen, null);
        }

        /** Whether a filter's verdict is still to come ({@link #later()}). */
        public boolean pending() {
            return later != null;
        }
    }

    /**
     * Runs the filters on a command, in phase order.
     *
     * @throws FilterFailure when a filter throws or returns {@code null}
     */
    public Decision<C, R> onCommand(C command) {
        return new CommandRun(command).from(0);
    }

    /**
     * Runs the filters on a response, in reverse phase order, each with the command it answers
     * as that filter saw it.
     *
     * @param command the command the response answers, {@code null} when none waits (an
     *     unsolicited response, the login's reply)
     * @return {@code Pass} when every filter passed it, {@code Replace} with the last
     *     replacement when some replaced it and the rest passed, otherwise the first
     *     {@code Drop} or {@code Close}; {@code Later} while a filter's verdict is pending, whose
     *     stage completes on the session's event loop with one of the others
     * @throws FilterFailure when a filter throws or returns {@code null}
     */
    public ResponseVerdict<R> onResponse(SeenCommand<C> command, R response) {
        return new ResponseRun(command, response).from(filters.size() - 1);
    }

    /** One command on its way through the filters, resumable after a {@code later} verdict. */
    private final class CommandRun {
        private final C original;
        private C current;
        private Object[] views;

        CommandRun(C command) {
            this.original = command;
            this.current = command;
        }

        Decision<C, R> from(int first) {
            for (int i = first; i < filters.size(); i++) {
                Named<? extends PostLoginFilter<C, R>> filter = filters.get(i);
                CommandVerdict<C, R> verdict;
                ClassLoader previous = filter.enter();
                try {
                    verdict = filter.handler().onCommand(current);
                } catch (RuntimeException | Error e) {
                    throw failed(filter, "command " + commandName.apply(current), e);
                } finally {
                    Named.leave(previous);
                }
                Decision<C, R> decided = take(i, verdict);
                if (decided != null) {
                    return decided;
                }
            }
            CommandVerdict<C, R> verdict = views == null ? CommandVerdict.pass() : CommandVerdict.replace(current);
            return new Decision<>(verdict, seen());
        }

        /** Filter {@code i}'s verdict: the chain's decision, or {@code null} to go on with the next filter. */
        private Decision<C, R> take(int i, CommandVerdict<C, R> verdict) {
            if (verdict == null) {
                throw failed(filters.get(i), "command " + commandName.apply(current),
                        new NullPointerException("null verdict"));
            }
            if (verdict instanceof CommandVerdict.Replace<C, R> replace) {
                current = replace.command();
                if (views == null) {
                    views = new Object[filters.size()];
                }
                fill(views, i + 1, current); // the filters after this one see the replacement
                return null;
            }
            if (verdict instanceof CommandVerdict.Pass) {
                return null;
            }
            if (verdict instanceof CommandVerdict.Later<C, R> later) {
                CompletionStage<Decision<C, R>> next = later.verdict().thenComposeAsync(v -> {
                    Decision<C, R> decided = take(i, requireVerdict(filters.get(i), v));
                    decided = decided != null ? decided : from(i + 1);
                    return decided.pending() ? decided.later() : CompletableFuture.completedFuture(decided);
                }, eventLoop);
                return new Decision<>(verdict, seen(), next);
            }
            if (verdict instanceof CommandVerdict.Answer<C, R> answer) {
                SeenCommand<C> seen = seen();
                CommandVerdict<C, R> back = backThrough(i, seen, answer);
                return back instanceof CommandVerdict.Later<C, R> later
                        ? new Decision<>(later, seen, later.verdict().thenApply(v -> new Decision<>(v, seen)))
                        : new Decision<>(back, seen);
            }
            return new Decision<>(verdict, seen());
        }

        private SeenCommand<C> seen() {
            return SeenCommand.of(original, views, current);
        }
    }

    /** One response on its way back through the filters, resumable after a {@code later} verdict. */
    private final class ResponseRun {
        private final SeenCommand<C> command;
        private R current;
        private boolean replaced;

        ResponseRun(SeenCommand<C> command, R response) {
            this.command = command;
            this.current = response;
        }

        ResponseVerdict<R> from(int first) {
            for (int i = first; i >= 0; i--) {
                Named<? extends PostLoginFilter<C, R>> filter = filters.get(i);
                ResponseVerdict<R> verdict;
                ClassLoader previous = filter.enter();
                try {
                    verdict = filter.handler().onResponse(command == null ? null : command.by(i), current);
                } catch (RuntimeException | Error e) {
                    throw failed(filter, "a response", e);
                } finally {
                    Named.leave(previous);
                }
                ResponseVerdict<R> decided = take(i, verdict);
                if (decided != null) {
                    return decided;
                }
            }
            return replaced ? ResponseVerdict.replace(current) : ResponseVerdict.pass();
        }

        private ResponseVerdict<R> take(int i, ResponseVerdict<R> verdict) {
            if (verdict == null) {
                throw failed(filters.get(i), "a response", new NullPointerException("null verdict"));
            }
            if (verdict instanceof ResponseVerdict.Replace<R> replace) {
                current = replace.response();
                replaced = true;
                return null;
            }
            if (verdict instanceof ResponseVerdict.Pass) {
                return null;
            }
            if (verdict instanceof ResponseVerdict.Later<R> later) {
                return ResponseVerdict.later(later.verdict().thenComposeAsync(v -> {
                    ResponseVerdict<R> decided = take(i, requireVerdict(filters.get(i), v));
                    decided = decided != null ? decided : from(i - 1);
                    return decided instanceof ResponseVerdict.Later<R> more ? more.verdict()
                            : CompletableFuture.completedFuture(decided);
                }, eventLoop));
            }
            return verdict;
        }
    }

    private <V> V requireVerdict(Named<?> filter, V verdict) {
        if (verdict == null) {
            throw failed(filter, "a later verdict", new NullPointerException("null verdict"));
        }
        return verdict;
    }

    /**
     * Filter {@code answering}'s answer as the filters before it let it through: each response
     * passes their response path; a dropped one is left out, a {@code Close} closes. A filter
     * before it that answers {@code later} makes the whole answer wait.
     */
    private CommandVerdict<C, R> backThrough(int answering, SeenCommand<C> seen, CommandVerdict.Answer<C, R> answer) {
        if (answering == 0) {
            return answer;
        }
        return backThrough(answering, seen, answer.responses(), 0, new ArrayList<>(answer.responses().size()));
    }

    private CommandVerdict<C, R> backThrough(int answering, SeenCommand<C> seen, List<R> responses, int next,
                                             List<R> kept) {
        for (int k = next; k < responses.size(); k++) {
            R response = responses.get(k);
            ResponseVerdict<R> verdict = new ResponseRun(seen, response).from(answering - 1);
            if (verdict instanceof ResponseVerdict.Later<R> later) {
                int resume = k;
                return CommandVerdict.later(later.verdict().thenComposeAsync(v -> {
                    keep(v, responses.get(resume), kept);
                    CommandVerdict<C, R> rest = v instanceof ResponseVerdict.Close<R> close
                            ? CommandVerdict.close(close.message())
                            : backThrough(answering, seen, responses, resume + 1, kept);
                    return rest instanceof CommandVerdict.Later<C, R> more ? more.verdict()
                            : CompletableFuture.completedFuture(rest);
                }, eventLoop));
            }
            if (verdict instanceof ResponseVerdict.Close<R> close) {
                return CommandVerdict.close(close.message());
            }
            keep(verdict, response, kept);
        }
        if (kept.isEmpty()) {
            log.error("post-login filters dropped every response of an answer to {}",
                    commandName.apply(seen.original()));
            throw new FilterFailure("every response of an answer was dropped");
        }
        return new CommandVerdict.Answer<>(kept);
    }

    private static <R> void keep(ResponseVerdict<R> verdict, R response, List<R> kept) {
        if (verdict instanceof ResponseVerdict.Replace<R> replace) {
            kept.add(replace.response());
        } else if (verdict instanceof ResponseVerdict.Pass) {
            kept.add(response);
        }
    }

    private static void fill(Object[] views, int from, Object command) {
        for (int i = from; i < views.length; i++) {
            views[i] = command;
        }
    }

    /**
     * Shows every filter a chunk of streamed bytes, read-only; the buffer's indexes are left as
     * they were.
     *
     * @throws FilterFailure when a filter throws
     */
    public void onStreamedData(Direction direction, ByteBuf chunk) {
        if (streamObservers.isEmpty() || !chunk.isReadable()) {
            return;
        }
        ByteBuffer view = chunk.nioBufferCount() == 1
                ? chunk.nioBuffer().asReadOnlyBuffer()
                : ByteBuffer.wrap(ByteBufUtil.getBytes(chunk)).asReadOnlyBuffer();
        for (Named<? extends PostLoginFilter<C, R>> filter : streamObservers) {
            ClassLoader previous = filter.enter();
            try {
                filter.handler().onStreamedData(direction, view.duplicate());
            } catch (RuntimeException | Error e) {
                throw failed(filter, "streamed data", e);
            } finally {
                Named.leave(previous);
            }
        }
    }

    /**
     * The largest literal to give filters whole: the largest any filter asks for, at most
     * {@code ceiling}, at least {@code floor}.
     */
    public int inlineLimit(int floor, int ceiling) {
        int limit = floor;
        for (Named<? extends PostLoginFilter<C, R>> filter : filters) {
            ClassLoader previous = filter.enter();
            try {
                limit = Math.max(limit, filter.handler().inlineLimit());
            } catch (RuntimeException e) {
                log.error("filter \"{}\" of module \"{}\" failed to give its inline limit: {}",
                        filter.name(), filter.module(), e.toString());
            } finally {
                Named.leave(previous);
            }
        }
        return Math.min(limit, ceiling);
    }

    /** The filters' names, in order, for a log line. */
    public String names() {
        return String.join(", ", filters.stream().map(Named::name).toList());
    }

    /** Tells every filter the session ended; safe to call more than once. */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Named<? extends PostLoginFilter<C, R>> filter : filters) {
            ClassLoader previous = filter.enter();
            try {
                filter.handler().onClose();
            } catch (RuntimeException e) {
                log.error("filter \"{}\" of module \"{}\" failed to close: {}", filter.name(), filter.module(),
                        e.toString());
            } finally {
                Named.leave(previous);
            }
        }
    }

    private FilterFailure failed(Named<?> filter, String what, Throwable e) {
        // The message names the verb only: arguments may hold what must not reach a log.
        log.error("filter \"{}\" of module \"{}\" failed on {}: {}", filter.name(), filter.module(), what,
                e.toString());
        return new FilterFailure("filter \"" + filter.name() + "\" failed on " + what);
    }
}
