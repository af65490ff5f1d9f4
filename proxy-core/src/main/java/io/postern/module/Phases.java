package io.postern.module;

import io.postern.spi.Authenticator;
import io.postern.spi.SessionListener;
import io.postern.spi.UpstreamSelector;
import io.postern.spi.filter.FilterFactory;
import io.postern.spi.imap.ImapFilter;
import io.postern.spi.pop3.Pop3Filter;
import io.postern.spi.smtp.SmtpFilter;
import java.util.List;

/**
 * The handlers of each phase, in the order the phase asks them. Built once by
 * {@link PhasesBuilder} after every module was configured, and immutable from then on, so
 * the event loops read it without locking.
 *
 * @param authenticators the AUTH phase
 * @param upstreamSelectors the UPSTREAM phase
 * @param sessionListeners the LOG phase
 * @param imapFilters the POST-LOGIN phase of IMAP sessions
 * @param pop3Filters the POST-LOGIN phase of POP3 sessions
 * @param smtpFilters the POST-LOGIN phase of SMTP sessions
 */
public record Phases(List<Named<Authenticator>> authenticators,
                     List<Named<UpstreamSelector>> upstreamSelectors,
                     List<Named<SessionListener>> sessionListeners,
                     List<Named<FilterFactory<ImapFilter>>> imapFilters,
                     List<Named<FilterFactory<Pop3Filter>>> pop3Filters,
                     List<Named<FilterFactory<SmtpFilter>>> smtpFilters) {

    public Phases {
        authenticators = List.copyOf(authenticators);
        upstreamSelectors = List.copyOf(upstreamSelectors);
        sessionListeners = List.copyOf(sessionListeners);
        imapFilters = List.copyOf(imapFilters);
        pop3Filters = List.copyOf(pop3Filters);
        smtpFilters = List.copyOf(smtpFilters);
    }

    /** Phases without post-login filters. */
    public Phases(List<Named<Authenticator>> authenticators, List<Named<UpstreamSelector>> upstreamSelectors,
                  List<Named<SessionListener>> sessionListeners) {
        this(authenticators, upstreamSelectors, sessionListeners, List.of(), List.of(), List.of());
    }

    /** No handler in any phase: what a process without modules runs with. */
    public static Phases empty() {
        return new Phases(List.of(), List.of(), List.of());
    }

    /** The names of one module's handlers in the given phase, in phase order. */
    List<String> namesOf(String module, Phase phase) {
        List<? extends Named<?>> handlers = switch (phase) {
            case AUTH -> authenticators;
            case UPSTREAM -> upstreamSelectors;
            case LOG -> sessionListeners;
            case IMAP_FILTER -> imapFilters;
            case POP3_FILTER -> pop3Filters;
            case SMTP_FILTER -> smtpFilters;
        };
        return handlers.stream().filter(h -> h.module().equals(module)).map(Named::name).toList();
    }
}
