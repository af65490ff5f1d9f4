package io.postern.nginx;

import java.util.List;
import java.util.Objects;

/**
 * One directive of nginx's mail modules and what it becomes in Postern.
 *
 * @param name nginx's name
 * @param module the nginx module that declares it ({@code ngx_mail_core_module}, …)
 * @param status supported as is, converted to another form, or not supported
 * @param form how its arguments are written
 * @param serverOnly nginx allows it only in a {@code server} block
 * @param repeatable nginx allows it several times in one block (the values are collected)
 * @param postern the Postern directives it is written as (the first is the main one); empty when not supported
 * @param note for the migration page: what differs, or why it is not supported
 */
public record NginxDirective(String name, String module, Status status, ValueForm form, boolean serverOnly,
                             boolean repeatable, List<String> postern, String note) {

    /** What becomes of a directive. */
    public enum Status {
        /** The same name, the same meaning, nginx's value syntax. */
        SUPPORTED,
        /** The same meaning, written in another form (a named block, a list, a string). */
        CONVERTED,
        /** Dropped with a warning: Postern has nothing that does what it does. */
        UNSUPPORTED
    }

    public NginxDirective {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(form, "form");
        postern = List.copyOf(postern);
        Objects.requireNonNull(note, "note");
        if ((status == Status.UNSUPPORTED) != postern.isEmpty()) {
            throw new IllegalArgumentException(name + ": postern: " + postern + " (expected: empty exactly when unsupported)");
        }
    }
}
