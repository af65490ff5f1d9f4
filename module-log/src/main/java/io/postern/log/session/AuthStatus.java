package io.postern.log.session;

import io.postern.spi.AuthDecision;

/** The outcome of a session's last login attempt, as {@code $auth_status} prints it. */
public enum AuthStatus {
    /** No login attempt reached a decision. */
    NONE("none"),
    /** The AUTH phase accepted the login. */
    OK("ok"),
    /** The AUTH phase rejected the login. */
    FAILED("failed"),
    /** The AUTH phase could not decide (a backend down, a handler failing or timing out). */
    ERROR("error");

    private final String word;

    AuthStatus(String word) {
        this.word = word;
    }

    /** The lower-case word written to the access log. */
    public String word() {
        return word;
    }

    /** The status a decision leads to; {@code declined} never reaches listeners and counts as none. */
    public static AuthStatus of(AuthDecision decision) {
        if (decision instanceof AuthDecision.Accepted) {
            return OK;
        }
        if (decision instanceof AuthDecision.Rejected) {
            return FAILED;
        }
        if (decision instanceof AuthDecision.Failed) {
            return ERROR;
        }
        return NONE;
    }
}
